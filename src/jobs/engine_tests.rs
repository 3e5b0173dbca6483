//! The engine, driven by tokio timers: bound, cancel, pause, retry and one result per item.

use super::*;
use crate::api::ApiError;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

type Log = Rc<RefCell<Vec<u64>>>;

/// Records every requested wait and sleeps a few real milliseconds instead.
fn recording_sleep(log: &Log) -> impl Fn(u64) -> tokio::time::Sleep {
    let log = log.clone();
    move |ms| {
        log.borrow_mut().push(ms);
        tokio::time::sleep(Duration::from_millis(ms.min(3)))
    }
}

fn quick_sleep(ms: u64) -> tokio::time::Sleep {
    tokio::time::sleep(Duration::from_millis(ms.min(3)))
}

fn ms(n: u64) -> tokio::time::Sleep {
    tokio::time::sleep(Duration::from_millis(n))
}

fn err(status: u16, body: &str) -> ApiError {
    ApiError::from_response(status, body)
}

fn done() -> ItemState {
    ItemState::Done { note: None }
}

/// Each item's `Finished` state; panics if one has none or two.
fn finals(events: &[Event], n: usize) -> Vec<ItemState> {
    let mut out = vec![None; n];
    for e in events {
        if let Event::Finished { index, state } = e {
            assert!(out[*index].is_none(), "item {index} finished twice");
            out[*index] = Some(state.clone());
        }
    }
    let out = out.into_iter().enumerate();
    out.map(|(i, s)| s.unwrap_or_else(|| panic!("item {i} never finished")))
        .collect()
}

fn started(events: &[Event], index: usize) -> usize {
    let is_start = |e: &&Event| matches!(e, Event::Started { index: i, .. } if *i == index);
    events.iter().filter(is_start).count()
}

/// Clears the first transient failure of every fifth item, so retry waits count too.
#[tokio::test]
async fn the_bound_is_never_exceeded() {
    for (asked, bound) in [(0, 1), (1, 1), (4, 4), (16, 16), (64, 16)] {
        let now = Rc::new(Cell::new(0usize));
        let most = Rc::new(Cell::new(0usize));
        let tries: Rc<Vec<Cell<u32>>> = Rc::new((0..50).map(|_| Cell::new(0)).collect());
        let op = |i: usize| {
            let (now, most, tries) = (now.clone(), most.clone(), tries.clone());
            async move {
                now.set(now.get() + 1);
                most.set(most.get().max(now.get()));
                ms(1 + i as u64 % 3).await;
                now.set(now.get() - 1);
                tries[i].set(tries[i].get() + 1);
                if i.is_multiple_of(5) && tries[i].get() == 1 {
                    return Err(err(503, "unavailable"));
                }
                Ok(ItemOk::Done(None))
            }
        };
        let options = RunOptions {
            base_backoff_ms: 2,
            ..RunOptions::with_concurrency(asked)
        };
        let (mut events, mut active, mut most_active) = (Vec::new(), 0usize, 0usize);
        let on_event = |e: Event| {
            match &e {
                Event::Started { attempt: 1, .. } => active += 1,
                Event::Finished { .. } => active -= 1,
                _ => {}
            }
            most_active = most_active.max(active);
            events.push(e);
        };
        let control = JobControl::default();
        run(
            (0..50).collect(),
            op,
            &options,
            &control,
            quick_sleep,
            on_event,
        )
        .await;
        assert_eq!(
            most.get(),
            bound,
            "operations in flight, concurrency {asked}"
        );
        assert_eq!(most_active, bound, "items in flight, concurrency {asked}");
        assert!(finals(&events, 50).iter().all(|s| *s == done()));
        assert_eq!(started(&events, 5), 2);
    }
}

#[tokio::test]
async fn cancel_lets_in_flight_items_finish_and_cancels_the_rest() {
    let control = JobControl::default();
    let completed = Rc::new(Cell::new(0usize));
    let op = |_| {
        let completed = completed.clone();
        async move {
            ms(5).await;
            completed.set(completed.get() + 1);
            Ok(ItemOk::Done(None))
        }
    };
    let (mut events, mut finished) = (Vec::new(), 0);
    let on_event = |e: Event| {
        if matches!(e, Event::Finished { .. }) {
            finished += 1;
            if finished == 6 {
                control.cancel();
            }
        }
        events.push(e);
    };
    let options = RunOptions::with_concurrency(4);
    run(
        (0..20).collect(),
        op,
        &options,
        &control,
        quick_sleep,
        on_event,
    )
    .await;
    let finals = finals(&events, 20);
    let n_done = finals.iter().filter(|s| **s == done()).count();
    assert!(
        (7..=9).contains(&n_done),
        "{n_done} done: the in-flight ones finish"
    );
    assert_eq!(n_done, completed.get());
    for (i, state) in finals.iter().enumerate() {
        let expected = if started(&events, i) == 1 {
            done()
        } else {
            ItemState::Cancelled
        };
        assert_eq!(*state, expected, "item {i}");
    }
}

#[tokio::test]
async fn cancel_during_a_retry_wait_cancels_the_item() {
    let control = JobControl::default();
    let op = |i| async move {
        if i == 0 {
            Err(err(
                429,
                r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":600000}"#,
            ))
        } else {
            Ok(ItemOk::Done(None))
        }
    };
    // Waits as long as asked (ten minutes for the rate limit), a millisecond for a poll.
    let sleep = |n: u64| ms(if n > 100 { n } else { 1 });
    let mut events = Vec::new();
    let canceller = async {
        ms(20).await;
        control.cancel();
    };
    let options = RunOptions::with_concurrency(2);
    let job = run(vec![0, 1], op, &options, &control, sleep, |e| {
        events.push(e)
    });
    let job = tokio::time::timeout(Duration::from_secs(5), job);
    let (finished, ()) = tokio::join!(job, canceller);
    assert!(finished.is_ok(), "the run waited out the retry");
    assert_eq!(finals(&events, 2), vec![ItemState::Cancelled, done()]);
    assert_eq!(started(&events, 0), 1);
}

#[tokio::test]
async fn pause_holds_dispatch_until_resumed() {
    let control = JobControl::default();
    let op = |_| async {
        ms(3).await;
        Ok(ItemOk::Done(None))
    };
    let events = RefCell::new(Vec::new());
    let on_event = |e: Event| {
        let mut events = events.borrow_mut();
        events.push(e);
        let finished = events
            .iter()
            .filter(|e| matches!(e, Event::Finished { .. }));
        if finished.count() == 3 {
            control.pause();
        }
    };
    let tally = || {
        let events = events.borrow();
        let starts = events.iter().filter(|e| matches!(e, Event::Started { .. }));
        let ends = events
            .iter()
            .filter(|e| matches!(e, Event::Finished { .. }));
        (starts.count(), ends.count())
    };
    let controller = async {
        while !control.is_paused() {
            ms(1).await;
        }
        ms(30).await;
        let held = tally();
        ms(50).await;
        assert_eq!(tally(), held, "nothing was dispatched while paused");
        assert_eq!(held.0, held.1, "the items in flight finished");
        assert!(held.0 < 12);
        control.resume();
    };
    let log = Log::default();
    let options = RunOptions::with_concurrency(2);
    let sleep = recording_sleep(&log);
    let job = run((0..12).collect(), op, &options, &control, sleep, on_event);
    tokio::join!(job, controller);
    assert!(finals(&events.borrow(), 12).iter().all(|s| *s == done()));
    assert!(log.borrow().contains(&100), "a paused run polls its flags");
}

#[tokio::test]
async fn cancel_while_paused_ends_the_run() {
    let control = JobControl::default();
    control.pause();
    let canceller = async {
        ms(20).await;
        control.cancel();
    };
    let op = |_| async { Ok(ItemOk::Done(None)) };
    let mut events = Vec::new();
    let options = RunOptions::default();
    let job = run((0..5).collect(), op, &options, &control, quick_sleep, |e| {
        events.push(e)
    });
    tokio::join!(job, canceller);
    assert!(finals(&events, 5)
        .iter()
        .all(|s| *s == ItemState::Cancelled));
    assert!(!events.iter().any(|e| matches!(e, Event::Started { .. })));
}

#[tokio::test]
async fn rate_limits_wait_as_long_as_the_server_says() {
    let calls = Cell::new(0);
    let op = |_| {
        calls.set(calls.get() + 1);
        let n = calls.get();
        async move {
            if n <= 2 {
                let body =
                    r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many","retry_after_ms":120}"#;
                Err(err(429, body))
            } else {
                Ok(ItemOk::Done(None))
            }
        }
    };
    let log = Log::default();
    let mut job = JobRecord::new("j", "t", 0, 1, vec![("a".into(), "A".into())]);
    let options = RunOptions::default();
    let control = JobControl::default();
    run(
        vec![0],
        op,
        &options,
        &control,
        recording_sleep(&log),
        |e| job.apply(&e, 1),
    )
    .await;
    assert_eq!(log.borrow().iter().filter(|&&n| n == 120).count(), 2);
    assert_eq!(job.items[0].state, done());
    assert_eq!(job.items[0].attempts, 3);
}

#[tokio::test]
async fn server_errors_back_off_then_fail() {
    let op = |_| async { Err(err(500, r#"{"errcode":"M_UNKNOWN","error":"Internal"}"#)) };
    let options = RunOptions {
        concurrency: 1,
        max_retries: 4,
        base_backoff_ms: 500,
        max_backoff_ms: 1200,
    };
    let mut events = Vec::new();
    let control = JobControl::default();
    run(vec![0], op, &options, &control, quick_sleep, |e| {
        events.push(e)
    })
    .await;
    let waits: Vec<u64> = events
        .iter()
        .filter_map(|e| match e {
            Event::Retrying { after_ms, .. } => Some(*after_ms),
            _ => None,
        })
        .collect();
    assert_eq!(waits, vec![500, 1000, 1200, 1200]);
    assert_eq!(started(&events, 0), 5);
    match &finals(&events, 1)[0] {
        ItemState::Failed {
            reason,
            status,
            errcode,
        } => {
            assert_eq!(*status, Some(500));
            assert_eq!(errcode.as_deref(), Some("M_UNKNOWN"));
            assert!(reason.contains("Internal"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn permanent_errors_are_not_retried() {
    let forbidden = || err(403, r#"{"errcode":"M_FORBIDDEN","error":"Not an admin"}"#);
    let op = |_| async { Err(forbidden()) };
    let (log, mut events) = (Log::default(), Vec::new());
    let options = RunOptions::default();
    let control = JobControl::default();
    run(
        vec![0],
        op,
        &options,
        &control,
        recording_sleep(&log),
        |e| events.push(e),
    )
    .await;
    assert_eq!(started(&events, 0), 1);
    assert!(log.borrow().is_empty());
    assert_eq!(finals(&events, 1), vec![ItemState::failed(&forbidden())]);
    assert_eq!(
        ItemState::failed(&forbidden()),
        ItemState::Failed {
            reason: "The server refused (HTTP 403, M_FORBIDDEN): Not an admin".into(),
            status: Some(403),
            errcode: Some("M_FORBIDDEN".into()),
        }
    );
}

#[tokio::test]
async fn not_found_counts_as_done_for_deletes() {
    let gone = || err(404, r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#);
    let op = |_| async { gone_is_done(Err(gone())) };
    let mut events = Vec::new();
    let options = RunOptions::default();
    let control = JobControl::default();
    run(vec![0], op, &options, &control, quick_sleep, |e| {
        events.push(e)
    })
    .await;
    let note = Some("already gone".to_owned());
    assert_eq!(finals(&events, 1), vec![ItemState::Done { note }]);
    let forbidden = err(403, "{}");
    assert_eq!(gone_is_done(Err(forbidden.clone())), Err(forbidden));
    let skipped = Ok(ItemOk::Skipped("x".into()));
    assert_eq!(gone_is_done(skipped.clone()), skipped);
}

/// Outcome by `i % 5`: done, skipped, forbidden, one bad gateway then done, already gone.
#[tokio::test]
async fn a_mixed_run_reports_every_item_once() {
    let tries: Vec<Cell<u32>> = (0..40).map(|_| Cell::new(0)).collect();
    let tries = &tries;
    let op = |i: usize| async move {
        tries[i].set(tries[i].get() + 1);
        ms(i as u64 % 4).await;
        match i % 5 {
            0 => Ok(ItemOk::Done(None)),
            1 => Ok(ItemOk::Skipped("already quarantined".into())),
            2 => Err(err(403, r#"{"errcode":"M_FORBIDDEN"}"#)),
            3 if tries[i].get() == 1 => Err(err(502, "<html>Bad Gateway</html>")),
            3 => Ok(ItemOk::Done(None)),
            _ => gone_is_done(Err(err(404, r#"{"errcode":"M_NOT_FOUND"}"#))),
        }
    };
    let items = (0..40)
        .map(|i| (format!("mxc://s/{i}"), format!("f{i}")))
        .collect();
    let mut job = JobRecord::new("j", "Delete", 0, 3, items);
    let mut events = Vec::new();
    let options = RunOptions {
        base_backoff_ms: 1,
        ..RunOptions::with_concurrency(3)
    };
    let on_event = |e: Event| {
        job.apply(&e, 7);
        events.push(e);
    };
    let control = JobControl::default();
    run(
        (0..40).collect(),
        op,
        &options,
        &control,
        quick_sleep,
        on_event,
    )
    .await;
    for (i, state) in finals(&events, 40).iter().enumerate() {
        assert_eq!(
            state.name(),
            ["done", "skipped", "failed", "done", "done"][i % 5]
        );
    }
    job.finish(9, false);
    assert!(job
        .items
        .iter()
        .all(|it| it.state.is_final() && it.finished_ms == Some(7)));
    let c = job.counts();
    assert_eq!((c.done, c.skipped, c.failed, c.cancelled), (24, 8, 8, 0));
    assert_eq!(c.done + c.skipped + c.failed + c.cancelled, c.total);
    assert_eq!(job.items[3].attempts, 2);
    assert_eq!(job.status, JobStatus::Finished);
}

/// A page reload drops the run future mid-way; the stored record resumes where it stopped.
#[tokio::test]
async fn an_interrupted_job_resumes_its_pending_items() {
    let items = (0..10)
        .map(|i| (format!("k{i}"), format!("l{i}")))
        .collect();
    let mut job = JobRecord::new("j", "t", 0, 2, items);
    let op = |i| async move {
        ms(if i < 4 { 1 } else { 60_000 }).await;
        Ok(ItemOk::Done(None))
    };
    let (options, control) = (RunOptions::with_concurrency(2), JobControl::default());
    let first = run(
        (0..10).collect(),
        op,
        &options,
        &control,
        quick_sleep,
        |e| job.apply(&e, 1),
    );
    assert!(tokio::time::timeout(Duration::from_millis(200), first)
        .await
        .is_err());
    assert_eq!(job.counts().running, 2);

    let stored = serde_json::to_string(&job).unwrap();
    let mut job: JobRecord = serde_json::from_str(&stored).unwrap();
    job.mark_interrupted();
    assert_eq!(job.status, JobStatus::Interrupted);
    assert_eq!(job.counts().running, 0);
    let pending = job.pending_indices();
    assert_eq!(pending, (4..10).collect::<Vec<_>>());

    job.status = JobStatus::Running;
    let calls = RefCell::new(Vec::new());
    let op = |i| {
        calls.borrow_mut().push(i);
        async { Ok(ItemOk::Done(None)) }
    };
    run(pending, op, &options, &control, quick_sleep, |e| {
        job.apply(&e, 2)
    })
    .await;
    job.finish(3, false);
    assert_eq!(calls.into_inner(), (4..10).collect::<Vec<_>>());
    assert_eq!(job.counts().done, 10);
    assert_eq!(job.items[4].attempts, 2, "the interrupted attempt counts");
}

#[tokio::test]
async fn retry_failed_reruns_only_the_failed_items() {
    let items = (0..6).map(|i| (format!("k{i}"), format!("l{i}"))).collect();
    let mut job = JobRecord::new("j", "t", 0, 2, items);
    let op = |i| async move {
        if i == 2 || i == 5 {
            Err(err(403, r#"{"errcode":"M_FORBIDDEN"}"#))
        } else {
            Ok(ItemOk::Done(None))
        }
    };
    let (options, control) = (RunOptions::with_concurrency(2), JobControl::default());
    run((0..6).collect(), op, &options, &control, quick_sleep, |e| {
        job.apply(&e, 1)
    })
    .await;
    job.finish(2, false);
    assert_eq!(job.counts().failed, 2);

    assert_eq!(job.retry_failed(), vec![2, 5]);
    assert_eq!(job.status, JobStatus::Running);
    assert_eq!(
        (job.items[2].state.clone(), job.items[2].attempts),
        (ItemState::Pending, 1)
    );
    let calls = RefCell::new(Vec::new());
    let op = |i| {
        calls.borrow_mut().push(i);
        async { Ok(ItemOk::Done(None)) }
    };
    let again = job.pending_indices();
    run(again, op, &options, &control, quick_sleep, |e| {
        job.apply(&e, 3)
    })
    .await;
    job.finish(4, false);
    assert_eq!(calls.into_inner(), vec![2, 5]);
    assert_eq!(job.counts().done, 6);
    assert_eq!(job.items[5].attempts, 2);
}

#[test]
fn backoff_doubles_up_to_the_cap() {
    let o = RunOptions::default();
    let waits: Vec<u64> = [1, 2, 3, 7, 60].map(|a| o.backoff_ms(a)).to_vec();
    assert_eq!(waits, vec![500, 1000, 2000, 30_000, 30_000]);
}

#[test]
fn progress_is_the_counts_the_newest_running_item_and_the_first_problems() {
    let items = (0..6).map(|i| (format!("k{i}"), format!("l{i}"))).collect();
    let mut job = JobRecord::new("j", "t", 0, 2, items);
    let states = [
        done(),
        ItemState::Running,
        ItemState::Failed {
            reason: "500".into(),
            status: Some(500),
            errcode: None,
        },
        ItemState::Running,
        ItemState::Skipped {
            reason: "protected".into(),
        },
        ItemState::Cancelled,
    ];
    for (item, state) in job.items.iter_mut().zip(states) {
        item.state = state;
    }
    let p = job.progress(50);
    assert_eq!(p.counts, job.counts());
    assert_eq!(p.current.as_deref(), Some("l3"));
    let labels: Vec<&str> = p.problems.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["l2", "l4"]);
    assert_eq!(p.problems[1].1.name(), "skipped");
    // At most as many problems as asked for; the counts still cover every item.
    let p = job.progress(1);
    assert_eq!(p.problems.len(), 1);
    assert_eq!((p.counts.failed, p.counts.skipped), (1, 1));
    job.items[1].state = done();
    job.items[3].state = done();
    assert_eq!(job.progress(50).current, None);
}
