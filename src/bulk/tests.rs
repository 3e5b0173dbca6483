//! Whole bulk jobs against recorded Synapse answers, through the test double.

use super::guard::Guarded;
use super::read::read_room;
use super::scope::RoomScope;
use super::*;
use crate::api::replay::Replay;
use crate::api::AdminApi;
use crate::jobs::engine::{JobControl, SIGNED_OUT};
use crate::jobs::record::{ItemState, JobRecord, JobStatus};
use crate::model::media::MediaRef;
use crate::model::{HomeserverUrl, RoomId, UserId};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

const USER_MEDIA: &str = "/_synapse/admin/v1/users/%40u%3Ahs/media";

fn user() -> UserId {
    UserId::try_from("@u:hs").unwrap()
}

fn owner() -> JobOwner {
    JobOwner {
        homeserver: HomeserverUrl::parse("https://hs.example").unwrap(),
        admin: UserId::try_from("@admin:hs").unwrap(),
    }
}

fn file(id: &str) -> MediaRef {
    MediaRef::new("hs", id).unwrap()
}

fn job(op: BulkOp) -> RefCell<JobRecord> {
    RefCell::new(JobRecord::for_op("j", "t", op, owner(), 0, 1, Vec::new()))
}

fn no_wait(_: u64) -> std::future::Ready<()> {
    std::future::ready(())
}

async fn run(api: &dyn AdminApi, record: &RefCell<JobRecord>, control: &JobControl) {
    let indices = record.borrow().pending_indices();
    let env = Env {
        api,
        sink: record,
        control,
        sleep: no_wait,
        now: || 1,
    };
    run_job(&env, indices).await;
}

fn states(record: &RefCell<JobRecord>) -> Vec<String> {
    let r = record.borrow();
    r.items.iter().map(|i| i.state.name().to_owned()).collect()
}

fn listing(ids: &[(&str, bool)], total: usize) -> String {
    let media: Vec<String> = ids
        .iter()
        .map(|(id, protected)| {
            format!(
                r#"{{"media_id":"{id}","media_type":"text/plain","media_length":10,"upload_name":"{id}.txt","created_ts":1,"last_access_ts":null,"quarantined_by":null,"safe_from_quarantine":{protected}}}"#
            )
        })
        .collect();
    format!(r#"{{"media":[{}],"total":{total}}}"#, media.join(","))
}

fn deleted(ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
    format!(
        r#"{{"deleted_media":[{}],"total":{}}}"#,
        quoted.join(","),
        ids.len()
    )
}

fn count_key() -> String {
    format!("GET {USER_MEDIA}?from=0&limit=1&order_by=created_ts&dir=b")
}

fn page_delete_key() -> String {
    format!("DELETE {USER_MEDIA}?from=0&limit=250")
}

fn all_of_user(previewed: &[&str], keep_protected: bool) -> BulkOp {
    BulkOp::DeleteAllOfUser {
        user: user(),
        keep_protected,
        files: previewed.iter().map(|id| file(id)).collect(),
        previewed: previewed.len(),
    }
}

#[tokio::test]
async fn user_delete_ends_on_a_verification_read_and_reports_every_deleted_id() {
    let api = Replay::new();
    let ids: Vec<String> = ["a", "b", "c", "late"].map(String::from).to_vec();
    api.on(&page_delete_key(), 200, &deleted(&ids));
    api.on(&count_key(), 200, &listing(&[], 0));
    let record = job(all_of_user(&["a", "b", "c"], false));
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["done", "done", "done", "done"]);
    let r = record.borrow();
    assert_eq!(
        r.items[3].key, "mxc://hs/late",
        "a file uploaded after the preview is reported"
    );
    assert_eq!(r.status, JobStatus::Finished);
    let note = r.note.clone().unwrap_or_default();
    assert!(note.contains("Verified: 0 files remain."), "{note}");
    assert!(note.contains("1 file more than previewed"), "{note}");
    assert_eq!(
        api.count(&count_key()),
        1,
        "the loop ends on a read of what is left"
    );
}

#[tokio::test]
async fn a_page_synapse_does_not_delete_is_a_failure_never_done_or_gone() {
    let api = Replay::new();
    api.on(&page_delete_key(), 200, &deleted(&[]));
    api.on(&count_key(), 200, &listing(&[("a", false)], 2));
    let record = job(all_of_user(&["a", "b"], false));
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["failed", "failed"]);
    let r = record.borrow();
    let ItemState::Failed { reason, .. } = &r.items[0].state else {
        unreachable!()
    };
    assert!(reason.contains("2 files remain"), "{reason}");
}

#[tokio::test]
async fn keep_protected_holds_for_a_file_protected_after_the_preview() {
    let api = Replay::new();
    let list_all = format!("GET {USER_MEDIA}?from=0&limit=1000&order_by=created_ts&dir=b");
    // At job time "a" is protected, though the preview saw it unprotected: the first checked
    // page shows it, and the job goes file by file.
    let first_page = format!("GET {USER_MEDIA}?from=0&limit=250&order_by=created_ts&dir=b");
    api.on(&first_page, 200, &listing(&[("a", true), ("b", false)], 2));
    api.on(&list_all, 200, &listing(&[("a", true), ("b", false)], 2));
    api.on(&list_all, 200, &listing(&[("a", true)], 1));
    api.on(
        "DELETE /_synapse/admin/v1/media/hs/b",
        200,
        &deleted(&["b".into()]),
    );
    let record = job(all_of_user(&["a", "b"], true));
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["skipped", "done"]);
    assert_eq!(api.count("DELETE /_synapse/admin/v1/media/hs/a"), 0);
    assert_eq!(
        api.count("DELETE /_synapse/admin/v1/users"),
        0,
        "no page delete"
    );
    let note = record.borrow().note.clone().unwrap_or_default();
    assert!(
        note.contains("1 file remain (1 protected, kept as asked)"),
        "{note}"
    );
}

#[tokio::test]
async fn keep_protected_with_nothing_protected_deletes_checked_pages_without_reading_everything() {
    let api = Replay::new();
    let first_page = format!("GET {USER_MEDIA}?from=0&limit=250&order_by=created_ts&dir=b");
    let ids: Vec<String> = ["a", "b"].map(String::from).to_vec();
    api.on(&first_page, 200, &listing(&[("a", false), ("b", false)], 2));
    api.on(&page_delete_key(), 200, &deleted(&ids));
    api.on(&count_key(), 200, &listing(&[], 0));
    let record = job(all_of_user(&["a", "b"], true));
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["done", "done"]);
    assert_eq!(
        api.count(&first_page),
        1,
        "the page is read before its delete"
    );
    assert_eq!(
        api.count(&format!(
            "GET {USER_MEDIA}?from=0&limit=1000&order_by=created_ts&dir=b"
        )),
        0,
        "no read of every file first"
    );
    let note = record.borrow().note.clone().unwrap_or_default();
    assert!(note.contains("Verified: 0 files remain."), "{note}");
}

/// Notes, each time the run says a request is in flight, how many page deletes were sent.
struct InFlightSpy<'a> {
    record: &'a RefCell<JobRecord>,
    api: &'a Replay,
    seen: RefCell<Vec<usize>>,
}

impl JobSink for InFlightSpy<'_> {
    fn update(&self, change: &mut dyn FnMut(&mut JobRecord)) {
        change(&mut self.record.borrow_mut())
    }
    fn in_flight(&self) {
        self.seen.borrow_mut().push(self.api.count("DELETE "));
    }
}

#[tokio::test]
async fn a_user_delete_offers_each_page_delete_in_flight_for_storing_the_record() {
    let api = Replay::new();
    let first: Vec<String> = (0..250).map(|i| format!("f{i}")).collect();
    let rest: Vec<String> = (250..300).map(|i| format!("f{i}")).collect();
    api.on(&page_delete_key(), 200, &deleted(&first));
    api.on(&page_delete_key(), 200, &deleted(&rest));
    api.on(&count_key(), 200, &listing(&[], 0));
    let ids: Vec<&str> = first.iter().chain(&rest).map(String::as_str).collect();
    let record = job(all_of_user(&ids, false));
    let spy = InFlightSpy {
        record: &record,
        api: &api,
        seen: RefCell::new(Vec::new()),
    };
    let control = JobControl::default();
    let env = Env {
        api: &api,
        sink: &spy,
        control: &control,
        sleep: no_wait,
        now: || 1,
    };
    run_job(&env, Vec::new()).await;
    assert_eq!(states(&record), vec!["done"; 300]);
    // Once per page, each time after that page's delete was sent.
    assert_eq!(*spy.seen.borrow(), [1, 2]);
}

fn files_job(ids: &[&str]) -> RefCell<JobRecord> {
    let files = ids.iter().map(|id| file(id)).collect();
    job(BulkOp::Files {
        action: FileAction::Delete,
        files,
    })
}

const GONE: &str = r#"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed."}"#;

#[tokio::test]
async fn a_401_pauses_the_job_and_a_resume_finishes_it() {
    let ids = ["f0", "f1", "f2", "f3", "f4"];
    let api = with_401_on_f2(&ids);
    let record = files_job(&ids);
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(
        states(&record),
        ["done", "done", "pending", "pending", "pending"]
    );
    {
        let r = record.borrow();
        assert_eq!(r.status, JobStatus::Paused);
        assert_eq!(r.note.as_deref(), Some(SIGNED_OUT));
    }
    assert_eq!(
        api.count("DELETE /_synapse/admin/v1/media/hs/f3"),
        0,
        "nothing after the 401"
    );
    // Signed in again: the resume runs only what is left, and finishes.
    record.borrow_mut().status = JobStatus::Running;
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["done"; 5]);
    assert_eq!(record.borrow().status, JobStatus::Finished);
    assert_eq!(
        api.count("DELETE /_synapse/admin/v1/media/hs/f0"),
        1,
        "done items not redone"
    );
}

fn with_401_on_f2(ids: &[&str]) -> Replay {
    let api = Replay::new();
    for id in ids {
        let key = format!("DELETE /_synapse/admin/v1/media/hs/{id}");
        if *id == "f2" {
            api.on(&key, 401, GONE);
        }
        api.on(&key, 200, &deleted(&[(*id).into()]));
    }
    api
}

#[tokio::test]
async fn a_cancel_inside_a_5000_file_user_stops_within_one_request() {
    let api = Replay::new();
    let ids: Vec<String> = (0..5000).map(|i| format!("m{i:04}")).collect();
    for page in ids.chunks(250) {
        api.on(&page_delete_key(), 200, &deleted(page));
    }
    let control = JobControl::default();
    let cancel = control.clone();
    // The admin presses Cancel while the third page is in flight.
    api.set_hook(move |key, _| {
        if key.starts_with("DELETE") && key.contains("limit=250") {
            thread_local!(static PAGES: RefCell<usize> = const { RefCell::new(0) });
            let n = PAGES.with(|p| {
                *p.borrow_mut() += 1;
                *p.borrow()
            });
            if n == 3 {
                cancel.cancel();
            }
        }
    });
    let previewed: Vec<&str> = ids.iter().map(String::as_str).collect();
    let record = job(all_of_user(&previewed, false));
    run(&api, &record, &control).await;
    assert_eq!(api.count("DELETE"), 3, "no request after the cancel");
    assert_eq!(api.calls.borrow().len(), 3);
    let r = record.borrow();
    let c = r.counts();
    assert_eq!((c.done, c.cancelled, c.total), (750, 4250, 5000));
    assert_eq!(r.status, JobStatus::Cancelled);
}

#[tokio::test]
async fn a_job_of_another_server_or_admin_is_refused_and_sends_nothing() {
    let api = Replay::new();
    let record = files_job(&["f0", "f1"]);
    let elsewhere = JobOwner {
        homeserver: HomeserverUrl::parse("https://other.example").unwrap(),
        admin: UserId::try_from("@admin:other").unwrap(),
    };
    let current = move || Some(elsewhere.clone());
    let guarded = Guarded {
        api: &api,
        owner: owner(),
        current: &current,
    };
    run(&guarded, &record, &JobControl::default()).await;
    assert!(api.calls.borrow().is_empty(), "{:?}", api.calls.borrow());
    assert_eq!(states(&record), ["pending", "pending"]);
    let r = record.borrow();
    assert_eq!(r.status, JobStatus::Paused);
    let why = owner().check(current().as_ref()).unwrap_err();
    assert!(
        why.contains("belongs to @admin:hs on https://hs.example"),
        "{why}"
    );
    assert!(owner().check(Some(&owner())).is_ok());
    assert!(owner().check(None).unwrap_err().starts_with("Signed out"));
}

#[tokio::test]
async fn errors_are_never_read_as_success() {
    let api = Replay::new();
    api.on(
        "DELETE /_synapse/admin/v1/media/hs/gone",
        404,
        r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#,
    );
    api.on(
        "DELETE /_synapse/admin/v1/media/hs/proxy",
        404,
        "<html>Not Found</html>",
    );
    api.on(
        "DELETE /_synapse/admin/v1/media/hs/broken",
        500,
        r#"{"errcode":"M_UNKNOWN","error":"Internal server error"}"#,
    );
    api.on_network_error("DELETE /_synapse/admin/v1/media/hs/net");
    let record = files_job(&["gone", "proxy", "broken", "net"]);
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["done", "failed", "failed", "failed"]);
    assert_eq!(
        api.count("DELETE /_synapse/admin/v1/media/hs/broken"),
        5,
        "retried first"
    );
}

#[tokio::test]
async fn retry_after_is_capped_at_a_minute_and_shown() {
    let api = Replay::new();
    let key = "DELETE /_synapse/admin/v1/media/hs/f";
    api.on(
        key,
        429,
        r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":600000}"#,
    );
    api.on(key, 200, &deleted(&["f".into()]));
    let record = files_job(&["f"]);
    let waits = Rc::new(RefCell::new(Vec::new()));
    let notes = Rc::new(RefCell::new(Vec::new()));
    let (w, n) = (waits.clone(), notes.clone());
    let sink = NoteSpy {
        record: &record,
        notes: n,
    };
    let control = JobControl::default();
    let env = Env {
        api: &api,
        sink: &sink,
        control: &control,
        sleep: move |ms| {
            w.borrow_mut().push(ms);
            std::future::ready(())
        },
        now: || 1,
    };
    run_job(&env, vec![0]).await;
    assert_eq!(states(&record), ["done"]);
    assert!(waits.borrow().contains(&60_000), "{:?}", waits.borrow());
    assert!(!waits.borrow().iter().any(|ms| *ms > 60_000));
    assert!(
        notes
            .borrow()
            .iter()
            .any(|n| n.starts_with("Waiting 60 s before retrying")),
        "{:?}",
        notes.borrow()
    );
}

struct NoteSpy<'a> {
    record: &'a RefCell<JobRecord>,
    notes: Rc<RefCell<Vec<String>>>,
}

impl JobSink for NoteSpy<'_> {
    fn update(&self, change: &mut dyn FnMut(&mut JobRecord)) {
        let mut r = self.record.borrow_mut();
        change(&mut r);
        if let Some(n) = &r.note {
            self.notes.borrow_mut().push(n.clone());
        }
    }
}

fn info(id: &str, uploader: &str, protected: bool) -> String {
    format!(
        r#"{{"media_info":{{"media_id":"{id}","user_id":"{uploader}","media_type":"image/png","media_length":100,"upload_name":"{id}.png","created_ts":1,"last_access_ts":null,"quarantined_by":null,"safe_from_quarantine":{protected}}}}}"#
    )
}

#[tokio::test]
async fn a_room_delete_by_default_leaves_out_other_uploaders_admins_and_protected_files() {
    let api = Replay::new();
    let room = RoomId::try_from("!r:hs").unwrap();
    api.on("GET /_synapse/admin/v1/room/%21r%3Ahs/media", 200, r#"{"local":["mxc://hs/own","mxc://hs/own","mxc://hs/kept","mxc://hs/fwd","mxc://hs/avatar","mxc://hs/old","mxc://hs/err"],"remote":["mxc://far/x"]}"#);
    api.on(
        "GET /_synapse/admin/v1/media/hs/own",
        200,
        &info("own", "@m:hs", false),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/kept",
        200,
        &info("kept", "@m:hs", true),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/fwd",
        200,
        &info("fwd", "@outsider:hs", false),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/avatar",
        200,
        &info("avatar", "@admin:hs", false),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/old",
        404,
        r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#,
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/err",
        500,
        r#"{"errcode":"M_UNKNOWN","error":"boom"}"#,
    );
    api.on(
        "GET /_synapse/admin/v1/rooms/%21r%3Ahs/members",
        200,
        r#"{"members":["@m:hs","@admin:hs"],"total":2}"#,
    );
    api.on(
        "GET /_synapse/admin/v2/users/%40m%3Ahs",
        200,
        r#"{"name":"@m:hs","admin":0}"#,
    );
    api.on(
        "GET /_synapse/admin/v2/users/%40outsider%3Ahs",
        200,
        r#"{"name":"@outsider:hs","admin":false}"#,
    );
    api.on(
        "GET /_synapse/admin/v2/users/%40admin%3Ahs",
        200,
        r#"{"name":"@admin:hs","admin":true}"#,
    );
    let scope = RoomScope::new(read_room(&api, &room).await.unwrap());
    assert_eq!(scope.groups.len(), 3);
    assert_eq!(scope.gone, [file("old")]);
    assert_eq!(scope.unreadable.len(), 1, "a 500 is not read as gone");
    let defaults = scope.default_uploaders();
    let sel = scope.selection(&defaults, true);
    assert_eq!(sel.files, [file("own")]);
    assert_eq!(
        (
            sel.protected_kept,
            sel.uploaders_left_out,
            sel.files_left_out
        ),
        (1, 2, 2)
    );
    let everyone: BTreeSet<usize> = (0..scope.groups.len()).collect();
    assert_eq!(scope.selection(&everyone, false).files.len(), 4);
    // The job deletes exactly the confirmed set, and reads nothing again.
    let api = Replay::new();
    api.on(
        "DELETE /_synapse/admin/v1/media/hs/own",
        200,
        &deleted(&["own".into()]),
    );
    let record = job(BulkOp::DeleteRooms {
        rooms: vec![RoomFiles {
            room,
            files: sel.files,
        }],
    });
    run(&api, &record, &JobControl::default()).await;
    assert_eq!(states(&record), ["done"]);
    assert_eq!(
        *api.calls.borrow(),
        ["DELETE /_synapse/admin/v1/media/hs/own"]
    );
}

#[tokio::test]
async fn a_record_of_an_older_version_loads_and_is_not_resumed() {
    let old = r#"{"id":"job-1","title":"Delete all media of @u:hs","kind":"delete_user_media_pages:@u:hs",
      "created_ms":1,"status":"interrupted","concurrency":4,
      "items":[{"key":"mxc://hs/a","label":"a","state":"pending"}]}"#;
    let record: JobRecord = serde_json::from_str(old).unwrap();
    assert!(record.is_from_older_version());
    let record = RefCell::new(record);
    let api = Replay::new();
    run(&api, &record, &JobControl::default()).await;
    assert!(api.calls.borrow().is_empty());
    assert!(record
        .borrow()
        .note
        .clone()
        .unwrap_or_default()
        .contains("older version"));
}

#[test]
fn a_stored_operation_reads_back_the_same() {
    let op = all_of_user(&["a", "b"], true);
    let text = serde_json::to_string(&JobRecord::for_op(
        "j",
        "t",
        op.clone(),
        owner(),
        0,
        4,
        vec![],
    ))
    .unwrap();
    assert!(text.contains(r#""op":"delete_all_of_user""#), "{text}");
    assert!(
        text.contains(r#""files":["mxc://hs/a","mxc://hs/b"]"#),
        "{text}"
    );
    let back: JobRecord = serde_json::from_str(&text).unwrap();
    assert_eq!(back.op, Some(op));
    assert_eq!(back.owner, Some(owner()));
    assert!(serde_json::from_str::<BulkOp>(
        r#"{"op":"files","action":"delete","files":["https://x"]}"#
    )
    .is_err());
}

const STATS: &str = "/_synapse/admin/v1/statistics/users/media";

fn stats_page(users: &[(String, u64)], total: usize) -> String {
    let rows: Vec<String> = users
        .iter()
        .map(|(u, n)| {
            format!(
                r#"{{"user_id":"{u}","displayname":null,"media_count":{n},"media_length":{}}}"#,
                n * 1000
            )
        })
        .collect();
    format!(r#"{{"users":[{}],"total":{total}}}"#, rows.join(","))
}

fn stats_key(from: usize) -> String {
    format!("GET {STATS}?from={from}&limit=1000&order_by=user_id&dir=f")
}

#[tokio::test]
async fn a_selection_of_250_users_is_counted_from_the_statistics_not_file_by_file() {
    use super::read::read_selection;
    use super::scope::{CountedBy, Target};
    let api = Replay::new();
    // 1,200 uploaders on the server, in two pages; every fourth of the first 1,000 is chosen.
    let all: Vec<(String, u64)> = (0..1200).map(|i| (format!("@u{i:04}:hs"), 100)).collect();
    api.on(&stats_key(0), 200, &stats_page(&all[..1000], 1200));
    api.on(&stats_key(1000), 200, &stats_page(&all[1000..], 1200));
    let chosen: Vec<(Target, bool)> = all
        .iter()
        .step_by(4)
        .take(250)
        .map(|(u, _)| (Target::User(UserId::try_from(u.as_str()).unwrap()), false))
        .collect();
    // The samples come from the first page of the first users.
    for (u, _) in all.iter().step_by(4).take(6) {
        let key = format!(
            "GET /_synapse/admin/v1/users/{}/media?from=0&limit=50&order_by=created_ts&dir=b",
            u.replace('@', "%40").replace(':', "%3A")
        );
        api.on(&key, 200, &listing(&[("a", false), ("b", true)], 100));
    }
    let scope = read_selection(&api, &chosen).await.unwrap();
    assert_eq!(scope.counted_by, CountedBy::Statistics);
    assert_eq!(scope.all.files, 25_000);
    assert_eq!(scope.all.bytes.0, 25_000_000);
    let calls = api.calls.borrow();
    // Every chosen user is on the first page: the second is never read, and no user's files
    // are read beyond the six sample pages.
    assert_eq!(
        calls.iter().filter(|c| c.contains(STATS)).count(),
        1,
        "{calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.contains("/media?")).count(),
        6 + 1
    );
    assert_eq!(calls.len(), 7, "{calls:?}");
}

#[tokio::test]
async fn a_few_users_are_read_file_by_file_with_their_protected_files_counted() {
    use super::read::read_selection;
    use super::scope::{CountedBy, Target};
    let api = Replay::new();
    // The chosen user is on the second page of the statistics; a user with no uploads is not
    // listed there and is not read at all.
    let mut first: Vec<(String, u64)> = (0..1000).map(|i| (format!("@a{i:04}:hs"), 1)).collect();
    first.sort();
    api.on(&stats_key(0), 200, &stats_page(&first, 1001));
    api.on(
        &stats_key(1000),
        200,
        &stats_page(&[("@u:hs".to_owned(), 3)], 1001),
    );
    api.on(
        &format!("GET {USER_MEDIA}?from=0&limit=1000&order_by=created_ts&dir=b"),
        200,
        &listing(&[("a", false), ("b", true), ("c", false)], 3),
    );
    let chosen = vec![
        (Target::User(user()), false),
        (Target::User(UserId::try_from("@nobody:hs").unwrap()), false),
    ];
    let scope = read_selection(&api, &chosen).await.unwrap();
    assert_eq!(scope.counted_by, CountedBy::EveryFile);
    assert_eq!(scope.all.files, 3);
    assert_eq!(scope.all.protected, 1);
    let calls = api.calls.borrow();
    assert!(!calls.iter().any(|c| c.contains("nobody")), "{calls:?}");
    assert_eq!(calls.len(), 3, "{calls:?}");
}

#[tokio::test]
async fn a_room_preview_reads_its_members_lists_instead_of_looking_up_each_of_their_files() {
    let api = Replay::new();
    let room = RoomId::try_from("!r:hs").unwrap();
    let ids: Vec<String> = (0..300).map(|i| format!("s{i:03}")).collect();
    let mut local: Vec<String> = ids.iter().map(|i| format!("\"mxc://hs/{i}\"")).collect();
    local.push("\"mxc://hs/fwd\"".into());
    local.push("\"mxc://hs/old\"".into());
    api.on(
        "GET /_synapse/admin/v1/room/%21r%3Ahs/media",
        200,
        &format!(r#"{{"local":[{}],"remote":[]}}"#, local.join(",")),
    );
    api.on(
        "GET /_synapse/admin/v1/rooms/%21r%3Ahs/members",
        200,
        r#"{"members":["@m:hs","@far:elsewhere"],"total":2}"#,
    );
    // The member's list: the room's 300 files, one of them protected, and 20 elsewhere.
    let mut theirs: Vec<(&str, bool)> = ids.iter().map(|i| (i.as_str(), i == "s007")).collect();
    let others: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
    theirs.extend(others.iter().map(|i| (i.as_str(), false)));
    api.on(
        "GET /_synapse/admin/v1/users/%40m%3Ahs/media?from=0&limit=1000&order_by=created_ts&dir=b",
        200,
        &listing(&theirs, 320),
    );
    // A forwarded file of someone not in the room, and one deleted already: looked up.
    api.on(
        "GET /_synapse/admin/v1/media/hs/fwd",
        200,
        &info("fwd", "@outsider:hs", false),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/old",
        404,
        r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#,
    );
    api.on(
        "GET /_synapse/admin/v2/users/%40m%3Ahs",
        200,
        r#"{"name":"@m:hs","admin":false}"#,
    );
    api.on(
        "GET /_synapse/admin/v2/users/%40outsider%3Ahs",
        200,
        r#"{"name":"@outsider:hs","admin":false}"#,
    );
    let scope = RoomScope::new(read_room(&api, &room).await.unwrap());
    let sel = scope.selection(&scope.default_uploaders(), true);
    assert_eq!(
        sel.files.len(),
        299,
        "the member's files but the protected one"
    );
    assert_eq!(sel.protected_kept, 1);
    assert_eq!(sel.files_left_out, 1, "the outsider's file");
    assert_eq!(scope.gone, [file("old")]);
    let calls = api.calls.borrow();
    let lookups = calls
        .iter()
        .filter(|c| c.starts_with("GET /_synapse/admin/v1/media/"))
        .count();
    assert_eq!(
        lookups, 2,
        "only the files no member's list holds: {calls:?}"
    );
    assert!(calls.len() <= 7, "{calls:?}");
}

#[tokio::test]
async fn a_room_media_page_is_read_from_its_members_lists_and_looks_up_only_the_rest() {
    use crate::bulk::read::room_page;
    use crate::model::media::Locality;
    let api = Replay::new();
    let ids: Vec<String> = (0..50).map(|i| format!("p{i:02}")).collect();
    let mut theirs: Vec<(&str, bool)> = ids.iter().map(|i| (i.as_str(), i == "p03")).collect();
    theirs.push(("elsewhere", false));
    api.on(
        "GET /_synapse/admin/v1/users/%40m%3Ahs/media?from=0&limit=1000&order_by=created_ts&dir=b",
        200,
        &listing(&theirs, 51),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/fwd",
        200,
        &info("fwd", "@outsider:hs", false),
    );
    api.on(
        "GET /_synapse/admin/v1/media/hs/old",
        404,
        r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#,
    );
    api.on(
        "GET /_synapse/admin/v1/media/far/cached",
        404,
        r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#,
    );
    let mut refs: Vec<(MediaRef, bool)> = ids.iter().map(|i| (file(i), true)).collect();
    refs.push((file("fwd"), true));
    refs.push((file("old"), true));
    refs.push((MediaRef::new("far", "cached").unwrap(), false));
    let members = ["@m:hs", "@far:elsewhere"]
        .into_iter()
        .map(|u| UserId::try_from(u).unwrap())
        .collect();
    let rows = room_page(&api, &members, refs).await;
    assert_eq!(rows.len(), 53, "every file of the page, in its order");
    assert_eq!(rows[0].media, file("p00"));
    assert!(rows[3].state.protected, "the member list's flags are used");
    assert_eq!(rows[3].name(), "p03.txt");
    assert_eq!(
        rows[50]
            .info
            .as_ref()
            .unwrap()
            .user_id
            .as_ref()
            .unwrap()
            .as_str(),
        "@outsider:hs"
    );
    assert_eq!(rows[51].state.locality, Locality::Deleted);
    assert_eq!(rows[52].state.locality, Locality::RemoteNotCached);
    let calls = api.calls.borrow();
    assert_eq!(calls.len(), 4, "one list and three lookups: {calls:?}");
}
