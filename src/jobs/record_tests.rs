//! The job record (events applied, finish, reload, retry) and its exports.

use super::export::{to_csv, to_json};
use super::*;
use crate::api::ApiError;

fn job(n: usize) -> JobRecord {
    let items = (0..n)
        .map(|i| (format!("mxc://s/{i}"), format!("file {i}")))
        .collect();
    JobRecord::new("job-1", "Delete media", 1_000, 4, items)
}

fn started(index: usize) -> Event {
    Event::Started { index, attempt: 1 }
}

fn finished(index: usize, state: ItemState) -> Event {
    Event::Finished { index, state }
}

fn failed_500() -> ItemState {
    ItemState::failed(&ApiError::from_response(
        500,
        r#"{"errcode":"M_UNKNOWN","error":"Internal error"}"#,
    ))
}

#[test]
fn events_move_items_and_finish_leaves_only_final_states() {
    let mut j = job(6);
    for i in 0..5 {
        j.apply(&started(i), 10);
    }
    j.apply(&finished(0, ItemState::Done { note: None }), 20);
    j.apply(
        &finished(
            1,
            ItemState::Skipped {
                reason: "already".into(),
            },
        ),
        21,
    );
    j.apply(&finished(2, failed_500()), 22);
    j.apply(&finished(3, ItemState::Cancelled), 23);
    j.apply(&finished(99, ItemState::Cancelled), 23);
    let c = j.counts();
    assert_eq!((c.total, c.pending, c.running, c.done), (6, 1, 1, 1));
    assert_eq!((c.skipped, c.failed, c.cancelled), (1, 1, 1));
    assert_eq!((j.items[2].attempts, j.items[2].finished_ms), (1, Some(22)));
    assert!(j.is_active());

    j.finish(30, true);
    assert_eq!((j.status, j.finished_ms), (JobStatus::Cancelled, Some(30)));
    assert!(!j.is_active());
    assert!(j.items.iter().all(|it| it.state.is_final()));
    assert_eq!(
        j.items[4].state,
        ItemState::Cancelled,
        "a running item does not remain"
    );
    assert_eq!(j.items[5].finished_ms, Some(30));
    let c = j.counts();
    assert_eq!(c.done + c.skipped + c.failed + c.cancelled, c.total);
    assert_eq!(c.cancelled, 3);
}

#[test]
fn a_reload_interrupts_running_jobs_and_requeues_their_items() {
    let mut j = job(3);
    j.apply(&started(0), 1);
    j.apply(&finished(0, ItemState::Done { note: None }), 2);
    j.apply(&started(1), 3);
    j.status = JobStatus::Paused;
    j.mark_interrupted();
    assert_eq!(j.status, JobStatus::Interrupted);
    assert_eq!(j.items[1].state, ItemState::Pending);
    assert_eq!(j.pending_indices(), vec![1, 2]);

    let mut done = job(1);
    done.finish(5, false);
    done.mark_interrupted();
    assert_eq!(
        done.status,
        JobStatus::Finished,
        "a finished job stays finished"
    );
}

#[test]
fn the_record_round_trips_through_json_compactly() {
    let mut j = job(4);
    j.apply(&started(0), 1);
    j.apply(
        &finished(
            0,
            ItemState::Done {
                note: Some("already gone".into()),
            },
        ),
        2,
    );
    j.apply(&finished(1, failed_500()), 3);
    j.apply(&started(2), 4);
    let text = serde_json::to_string(&j).unwrap();
    assert_eq!(serde_json::from_str::<JobRecord>(&text).unwrap(), j);
    assert!(text.contains(r#""state":"pending""#), "{text}");
    assert!(
        text.contains(r#""state":{"done":{"note":"already gone"}}"#),
        "{text}"
    );
    assert!(!text.contains("null"), "{text}");
    let pretty = to_json(&j);
    assert!(pretty.contains('\n'));
    assert_eq!(serde_json::from_str::<JobRecord>(&pretty).unwrap(), j);
}

#[test]
fn retry_failed_requeues_only_failed_items() {
    let mut j = job(3);
    j.apply(&started(1), 1);
    j.apply(&finished(1, failed_500()), 2);
    j.apply(&finished(2, ItemState::Done { note: None }), 2);
    j.finish(3, false);
    assert_eq!(j.retry_failed(), vec![1]);
    assert_eq!((j.status, j.finished_ms), (JobStatus::Running, None));
    assert_eq!(
        (&j.items[1].state, j.items[1].attempts),
        (&ItemState::Pending, 1)
    );
    assert_eq!(j.items[0].state, ItemState::Cancelled);
    assert_eq!(j.pending_indices(), vec![1]);
}

#[test]
fn csv_quotes_escapes_and_defuses_formulas() {
    let items = vec![
        ("mxc://s/a,b".into(), r#"He said "hi""#.into()),
        ("mxc://s/c".into(), "=HYPERLINK(\"http://x\")".into()),
        ("@alice:s".into(), "two\nlines".into()),
        ("mxc://s/d".into(), "-1+2".into()),
        ("mxc://s/e".into(), "+x".into()),
        ("mxc://s/f".into(), "plain".into()),
    ];
    let mut j = JobRecord::new("j", "t", 0, 1, items);
    j.apply(
        &finished(
            0,
            ItemState::Done {
                note: Some("already gone".into()),
            },
        ),
        0,
    );
    j.apply(&finished(1, failed_500()), 1_700_000_000_123);
    j.apply(
        &finished(
            2,
            ItemState::Skipped {
                reason: "@mention".into(),
            },
        ),
        0,
    );
    j.apply(&finished(3, ItemState::Cancelled), 0);
    let no_code = ItemState::Failed {
        reason: "Could not reach".into(),
        status: None,
        errcode: None,
    };
    j.apply(&finished(4, no_code), 0);
    let csv = to_csv(&j);
    let expected = [
        "item,label,state,reason,time",
        r#""mxc://s/a,b","He said ""hi""",done,already gone,1970-01-01T00:00:00Z"#,
        concat!(
            r#"mxc://s/c,"'=HYPERLINK(""http://x"")",failed,"#,
            r#""The server refused (HTTP 500, M_UNKNOWN): Internal error (HTTP 500 M_UNKNOWN)","#,
            "2023-11-14T22:13:20Z"
        ),
        "@alice:s,\"two\nlines\",skipped,@mention,1970-01-01T00:00:00Z",
        "mxc://s/d,'-1+2,cancelled,,1970-01-01T00:00:00Z",
        "mxc://s/e,'+x,failed,Could not reach,1970-01-01T00:00:00Z",
        "mxc://s/f,plain,pending,,",
        "",
    ];
    assert_eq!(csv, expected.join("\r\n"));
}
