//! Runs items through an async operation: at most `concurrency` at a time, transient errors
//! retried with backoff, pause and cancel between items, exactly one result per item.

use super::record::ItemState;
use crate::api::{ApiError, RetryClass};
use futures_util::future::{select, Either};
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;

/// How often a paused run looks at its flags, and a retry wait looks for a cancel.
const POLL_MS: u64 = 100;

/// The longest wait before a retry, whatever `retry_after_ms` the server asked for.
pub const MAX_RETRY_WAIT_MS: u64 = 60_000;

/// What a successful operation did to its item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOk {
    /// Done, with an optional note for the admin ("already gone").
    Done(Option<String>),
    /// Nothing to do, and why ("already quarantined").
    Skipped(String),
    /// The operation stopped part way because the job was cancelled or halted (an item that
    /// runs its own inner steps); the control says which.
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// Operations in flight at most (including ones waiting to retry); clamped to 1..=16.
    pub concurrency: usize,
    /// Retries of a transient error before the item fails.
    pub max_retries: u32,
    /// First backoff when the server gave no `retry_after_ms`; doubles on each retry.
    pub base_backoff_ms: u64,
    pub max_backoff_ms: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            max_retries: 4,
            base_backoff_ms: 500,
            max_backoff_ms: 30_000,
        }
    }
}

impl RunOptions {
    pub fn with_concurrency(concurrency: usize) -> Self {
        RunOptions {
            concurrency,
            ..Self::default()
        }
    }

    /// The wait before retry number `attempt` (1-based): `base * 2^(attempt-1)`, capped.
    pub fn backoff_ms(&self, attempt: u32) -> u64 {
        let factor = 1u64 << attempt.saturating_sub(1).min(32);
        self.base_backoff_ms
            .saturating_mul(factor)
            .min(self.max_backoff_ms)
    }
}

#[derive(Default)]
struct Flags {
    paused: Cell<bool>,
    cancelled: Cell<bool>,
    /// Why the run stopped by itself (signed out): the rest stays pending, to resume.
    halted: RefCell<Option<String>>,
}

/// Pause, resume and cancel a run from outside it (a button); clones share the flags.
#[derive(Clone, Default)]
pub struct JobControl(Rc<Flags>);

impl JobControl {
    pub fn pause(&self) {
        self.0.paused.set(true);
    }
    pub fn resume(&self) {
        self.0.paused.set(false);
    }
    pub fn cancel(&self) {
        self.0.cancelled.set(true);
    }
    pub fn is_paused(&self) -> bool {
        self.0.paused.get()
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }
    /// Stops dispatching and leaves what is left pending, with the reason (the first one wins).
    pub fn halt(&self, reason: &str) {
        let mut halted = self.0.halted.borrow_mut();
        if halted.is_none() {
            *halted = Some(reason.to_owned());
        }
    }
    pub fn halted(&self) -> Option<String> {
        self.0.halted.borrow().clone()
    }
    /// Cancelled or halted: nothing new is started.
    pub fn is_stopping(&self) -> bool {
        self.is_cancelled() || self.0.halted.borrow().is_some()
    }
    /// The state of an item the run did not finish: pending when halted (to resume), else
    /// cancelled.
    pub fn unfinished_state(&self) -> ItemState {
        if self.is_cancelled() {
            ItemState::Cancelled
        } else {
            ItemState::Pending
        }
    }
}

/// What a halt says when the admin's session ended under a job: stored in the job's record in
/// English, a catalog text (shown with `t_stored`).
pub const SIGNED_OUT: &str = crate::i18n::T::StHaltSignedOut.en();

/// What happened to an item; `index` is its position in the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Attempt number `attempt` (1-based, counted within this run) was sent.
    Started { index: usize, attempt: u32 },
    /// Attempt `attempt` failed with a transient error; the next one goes after `after_ms`.
    Retrying {
        index: usize,
        attempt: u32,
        after_ms: u64,
        reason: String,
    },
    /// The item's final state in this run; exactly one per index.
    Finished { index: usize, state: ItemState },
}

/// For deletes: a 404 means the thing is already gone, which is what was wanted.
pub fn gone_is_done(result: Result<ItemOk, ApiError>) -> Result<ItemOk, ApiError> {
    match result {
        Err(e) if e.is_unknown_media() => Ok(ItemOk::Done(Some(
            crate::i18n::T::StAlreadyGone.en().to_owned(),
        ))),
        other => other,
    }
}

/// Runs `op` on each of `indices` and reports every step to `on_event`; returns when every
/// index has had its `Finished` event. Cancel stops dispatching, lets operations in flight
/// finish (reporting their real outcome) and reports the rest as cancelled. Pause stops
/// dispatching until resumed. A halt (the session ended: any 401) stops like a cancel but
/// reports the rest as pending, so the job can be resumed.
pub async fn run<Op, OpFut, Sleep, SleepFut>(
    indices: Vec<usize>,
    op: Op,
    options: &RunOptions,
    control: &JobControl,
    sleep: Sleep,
    on_event: impl FnMut(Event),
) where
    Op: Fn(usize) -> OpFut,
    OpFut: Future<Output = Result<ItemOk, ApiError>>,
    Sleep: Fn(u64) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let limit = options.concurrency.clamp(1, 16);
    let emit = RefCell::new(on_event);
    let mut queue = indices.into_iter();
    let mut flight = FuturesUnordered::new();
    loop {
        let cancelled = control.is_stopping();
        let paused = control.is_paused();
        if !cancelled && !paused {
            while flight.len() < limit {
                let Some(index) = queue.next() else { break };
                flight.push(item(index, &op, options, control, &sleep, &emit));
            }
        }
        if flight.is_empty() {
            if cancelled || queue.as_slice().is_empty() {
                break;
            }
            sleep(POLL_MS).await;
            continue;
        }
        let finished = if paused && !cancelled {
            // Wake up now and then, to dispatch again as soon as the job is resumed.
            match select(flight.next(), pin!(sleep(POLL_MS))).await {
                Either::Left((finished, _)) => finished,
                Either::Right(_) => None,
            }
        } else {
            flight.next().await
        };
        if let Some((index, state)) = finished {
            (emit.borrow_mut())(Event::Finished { index, state });
        }
    }
    for index in queue {
        (emit.borrow_mut())(Event::Finished {
            index,
            state: control.unfinished_state(),
        });
    }
}

/// One item, through its retries, to its final state.
async fn item<Op, OpFut, Sleep, SleepFut, E>(
    index: usize,
    op: &Op,
    options: &RunOptions,
    control: &JobControl,
    sleep: &Sleep,
    emit: &RefCell<E>,
) -> (usize, ItemState)
where
    Op: Fn(usize) -> OpFut,
    OpFut: Future<Output = Result<ItemOk, ApiError>>,
    Sleep: Fn(u64) -> SleepFut,
    SleepFut: Future<Output = ()>,
    E: FnMut(Event),
{
    let mut attempt = 1;
    loop {
        (emit.borrow_mut())(Event::Started { index, attempt });
        let error = match op(index).await {
            Ok(ItemOk::Done(note)) => return (index, ItemState::Done { note }),
            Ok(ItemOk::Skipped(reason)) => return (index, ItemState::Skipped { reason }),
            Ok(ItemOk::Stopped) => return (index, control.unfinished_state()),
            Err(e) if e.is_signed_out() => {
                control.halt(SIGNED_OUT);
                return (index, ItemState::Pending);
            }
            Err(e) => e,
        };
        let after_ms = match error.retry_class() {
            RetryClass::Transient { after_ms } if attempt <= options.max_retries => after_ms
                .unwrap_or_else(|| options.backoff_ms(attempt))
                .min(MAX_RETRY_WAIT_MS),
            _ => return (index, ItemState::failed(&error)),
        };
        (emit.borrow_mut())(Event::Retrying {
            index,
            attempt,
            after_ms,
            reason: error.to_string(),
        });
        if after_ms > POLL_MS {
            // Wait, but give up at once on a cancel instead of holding the run up.
            let watch = pin!(async {
                while !control.is_stopping() {
                    sleep(POLL_MS).await;
                }
            });
            select(pin!(sleep(after_ms)), watch).await;
        } else {
            sleep(after_ms).await;
        }
        if control.is_stopping() {
            return (index, control.unfinished_state());
        }
        attempt += 1;
    }
}
