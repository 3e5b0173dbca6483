//! Preview settings and the limit on thumbnail requests in flight.
//!
//! The limiter is plain `std` (a counter, a queue and wakers), so its rules are tested natively;
//! wasm is single-threaded, hence `Rc`/`RefCell`.

use super::storage::{self, Kind};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// How many thumbnails load at once across the whole app, so a long media list neither floods
/// the homeserver nor starves the page's own requests.
pub const MAX_THUMBNAILS_IN_FLIGHT: usize = 6;

/// Hands out at most `max` [`Permit`]s at once; the rest wait in line, first come first served.
#[derive(Clone)]
pub struct Limiter(Rc<RefCell<Line>>);

struct Line {
    max: usize,
    held: usize,
    waiting: VecDeque<Rc<Waiter>>,
}

#[derive(Default)]
struct Waiter {
    granted: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

impl Limiter {
    pub fn new(max: usize) -> Self {
        Limiter(Rc::new(RefCell::new(Line {
            max: max.max(1),
            held: 0,
            waiting: VecDeque::new(),
        })))
    }

    /// Waits for a permit; dropping the future before it is ready gives up its place in line.
    pub fn acquire(&self) -> Acquire {
        Acquire {
            limiter: self.clone(),
            waiter: None,
        }
    }

    /// Permits handed out and not yet dropped.
    pub fn held(&self) -> usize {
        self.0.borrow().held
    }

    /// Callers waiting in line.
    pub fn waiting(&self) -> usize {
        self.0.borrow().waiting.len()
    }

    /// A permit comes back: it passes to the first in line, or the count goes down.
    fn release(&self) {
        let next = {
            let mut line = self.0.borrow_mut();
            let next = line.waiting.pop_front();
            if next.is_none() {
                line.held -= 1;
            }
            next
        };
        if let Some(waiter) = next {
            waiter.granted.set(true);
            if let Some(waker) = waiter.waker.take() {
                waker.wake();
            }
        }
    }
}

/// The app-wide thumbnail limiter.
pub fn thumbnails() -> Limiter {
    thread_local! {
        static THUMBNAILS: Limiter = Limiter::new(MAX_THUMBNAILS_IN_FLIGHT);
    }
    THUMBNAILS.with(Limiter::clone)
}

/// The future [`Limiter::acquire`] returns.
#[must_use = "a permit is only taken when awaited"]
pub struct Acquire {
    limiter: Limiter,
    waiter: Option<Rc<Waiter>>,
}

impl Future for Acquire {
    type Output = Permit;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
        let limiter = self.limiter.clone();
        match self.waiter.clone() {
            Some(w) if w.granted.get() => {
                self.waiter = None;
                Poll::Ready(Permit(limiter))
            }
            Some(w) => {
                w.waker.set(Some(cx.waker().clone()));
                Poll::Pending
            }
            None => {
                let mut line = limiter.0.borrow_mut();
                if line.held < line.max && line.waiting.is_empty() {
                    line.held += 1;
                    drop(line);
                    return Poll::Ready(Permit(limiter));
                }
                let waiter = Rc::new(Waiter::default());
                waiter.waker.set(Some(cx.waker().clone()));
                line.waiting.push_back(waiter.clone());
                drop(line);
                self.waiter = Some(waiter);
                Poll::Pending
            }
        }
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter.take() {
            if waiter.granted.get() {
                // Granted but never collected: pass the permit on.
                self.limiter.release();
            } else {
                self.limiter
                    .0
                    .borrow_mut()
                    .waiting
                    .retain(|w| !Rc::ptr_eq(w, &waiter));
            }
        }
    }
}

/// One slot of a [`Limiter`], given back when dropped.
#[must_use = "the slot is given back as soon as the permit is dropped"]
pub struct Permit(Limiter);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.release();
    }
}

const UNBLURRED_KEY: &str = "curator.previews.unblurred";

/// Whether previews show unblurred everywhere, remembered in localStorage. Off by default: a
/// moderator opens a list of reported files without being shown them.
#[derive(Clone, Copy)]
pub struct PreviewSettings {
    unblurred: RwSignal<bool>,
}

impl PreviewSettings {
    /// Reads the stored setting and provides it as context.
    pub fn provide() -> Self {
        let settings = PreviewSettings {
            unblurred: RwSignal::new(
                storage::get(Kind::Local, UNBLURRED_KEY).as_deref() == Some("true"),
            ),
        };
        provide_context(settings);
        settings
    }

    pub fn expect() -> Self {
        expect_context::<PreviewSettings>()
    }

    /// Tracked: views that read it follow changes.
    pub fn unblurred(&self) -> bool {
        self.unblurred.get()
    }

    pub fn set_unblurred(&self, on: bool) {
        storage::set(
            Kind::Local,
            UNBLURRED_KEY,
            if on { "true" } else { "false" },
        );
        self.unblurred.set(on);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::Wake;

    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn poll(fut: &mut Acquire, wakes: &Arc<Count>) -> Option<Permit> {
        let waker = Waker::from(wakes.clone());
        match Pin::new(fut).poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(p) => Some(p),
            Poll::Pending => None,
        }
    }

    #[test]
    fn never_more_than_max_and_first_in_line_goes_first() {
        let limiter = Limiter::new(2);
        let wakes = Arc::new(Count::default());
        let mut futs: Vec<Acquire> = (0..4).map(|_| limiter.acquire()).collect();
        let mut permits: Vec<Option<Permit>> = futs.iter_mut().map(|f| poll(f, &wakes)).collect();
        assert_eq!(
            permits.iter().map(Option::is_some).collect::<Vec<_>>(),
            [true, true, false, false]
        );
        assert_eq!((limiter.held(), limiter.waiting()), (2, 2));

        // A newcomer does not jump the line, even after a slot frees up.
        permits[0] = None;
        assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
        assert_eq!((limiter.held(), limiter.waiting()), (2, 1));
        let mut late = limiter.acquire();
        assert!(poll(&mut late, &wakes).is_none());
        assert!(poll(&mut futs[3], &wakes).is_none());
        permits[2] = poll(&mut futs[2], &wakes);
        assert!(permits[2].is_some());
        assert_eq!((limiter.held(), limiter.waiting()), (2, 2));

        drop(permits);
        assert!(poll(&mut futs[3], &wakes).is_some());
        assert!(poll(&mut late, &wakes).is_some());
        assert_eq!((limiter.held(), limiter.waiting()), (0, 0));
    }

    #[test]
    fn giving_up_a_place_in_line_leaks_nothing() {
        let limiter = Limiter::new(1);
        let wakes = Arc::new(Count::default());
        let mut first = limiter.acquire();
        let held = poll(&mut first, &wakes).unwrap();
        let mut gone = limiter.acquire();
        let mut granted_then_gone = limiter.acquire();
        let mut last = limiter.acquire();
        assert!(poll(&mut gone, &wakes).is_none());
        assert!(poll(&mut granted_then_gone, &wakes).is_none());
        assert!(poll(&mut last, &wakes).is_none());

        // Waiting and dropped: leaves the line.
        drop(gone);
        assert_eq!(limiter.waiting(), 2);
        // Granted, then dropped before it was collected: the slot passes on.
        drop(held);
        drop(granted_then_gone);
        let p = poll(&mut last, &wakes).expect("the slot reached the last in line");
        assert_eq!((limiter.held(), limiter.waiting()), (1, 0));
        drop(p);
        assert_eq!(limiter.held(), 0);
    }

    #[test]
    fn the_app_wide_limit_is_six() {
        let limiter = thumbnails();
        let wakes = Arc::new(Count::default());
        let mut futs: Vec<Acquire> = (0..7).map(|_| thumbnails().acquire()).collect();
        let permits: Vec<_> = futs.iter_mut().filter_map(|f| poll(f, &wakes)).collect();
        assert_eq!(permits.len(), MAX_THUMBNAILS_IN_FLIGHT);
        assert_eq!(limiter.waiting(), 1);
    }
}
