use super::*;
use crate::model::ids::parse_user_id;

fn entry(at: i64, action: &str, target: &str, ok: bool, outcome: &str) -> ActionEntry {
    ActionEntry {
        at: TimestampMs(at),
        who: Some(parse_user_id("@admin:localhost").unwrap()),
        action: action.into(),
        target: target.into(),
        ok,
        outcome: outcome.into(),
        job_id: None,
    }
}

fn log() -> Vec<ActionEntry> {
    vec![
        entry(
            1_000,
            "Quarantine",
            "mxc://localhost/aaa",
            true,
            "Quarantined “cat.png”.",
        ),
        entry(
            2_000,
            "Protect",
            "mxc://localhost/bbb",
            false,
            "No effect: it is quarantined.",
        ),
        ActionEntry {
            job_id: Some("job-3000-0".into()),
            ..entry(3_000, "Job started", "Delete media", true, "12 items")
        },
        entry(
            4_000,
            "Quarantine",
            "mxc://remote.org/ccc",
            false,
            "Failed: HTTP 500",
        ),
    ]
}

#[test]
fn the_filter_matches_words_action_and_outcome_newest_first() {
    let log = log();
    let targets =
        |f: &LogFilter| -> Vec<String> { f.apply(&log).iter().map(|e| e.target.clone()).collect() };
    assert_eq!(
        targets(&LogFilter::default()),
        [
            "mxc://remote.org/ccc",
            "Delete media",
            "mxc://localhost/bbb",
            "mxc://localhost/aaa"
        ]
    );
    let quarantines = LogFilter {
        action: "Quarantine".into(),
        ..LogFilter::default()
    };
    assert_eq!(
        targets(&quarantines),
        ["mxc://remote.org/ccc", "mxc://localhost/aaa"]
    );
    let failed_quarantines = LogFilter {
        outcome: OutcomeFilter::NotDone,
        ..quarantines.clone()
    };
    assert_eq!(targets(&failed_quarantines), ["mxc://remote.org/ccc"]);
    // Every word, in any field, any case: the job id and the admin count too.
    let words = LogFilter {
        text: " CAT  localhost ".into(),
        ..LogFilter::default()
    };
    assert_eq!(targets(&words), ["mxc://localhost/aaa"]);
    let job = LogFilter {
        text: "job-3000".into(),
        outcome: OutcomeFilter::Done,
        ..LogFilter::default()
    };
    assert_eq!(targets(&job), ["Delete media"]);
    assert_eq!(
        targets(&LogFilter {
            text: "@admin:localhost nothing-like-this".into(),
            ..LogFilter::default()
        }),
        Vec::<String>::new()
    );
    assert_eq!(action_kinds(&log), ["Job started", "Protect", "Quarantine"]);
    assert_eq!(
        OutcomeFilter::from_param(OutcomeFilter::NotDone.as_param()),
        OutcomeFilter::NotDone
    );
}

#[test]
fn csv_spells_out_every_field_and_defuses_formulas() {
    let mut hostile = entry(0, "Quarantine", "=HYPERLINK(\"x\")", false, "Failed, twice");
    hostile.job_id = Some("job-1".into());
    let entries = [&hostile];
    assert_eq!(
        to_csv(&entries),
        "time,who,action,target,result,outcome,job\r\n\
         1970-01-01T00:00:00Z,@admin:localhost,Quarantine,\"'=HYPERLINK(\"\"x\"\")\",Not done,\"Failed, twice\",job-1\r\n"
    );
}

#[test]
fn json_export_is_readable_and_storage_is_compact() {
    let log = log();
    let all: Vec<&ActionEntry> = log.iter().collect();
    let json: serde_json::Value = serde_json::from_str(&to_json(&all[2..3])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "time": "1970-01-01T00:00:03Z", "time_ms": 3000, "who": "@admin:localhost",
            "action": "Job started", "target": "Delete media", "ok": true,
            "outcome": "12 items", "job_id": "job-3000-0"
        }])
    );
    let stored = serde_json::to_string(&log[..1]).unwrap();
    assert_eq!(
        stored,
        r#"[{"t":1000,"u":"@admin:localhost","a":"Quarantine","x":"mxc://localhost/aaa","k":true,"o":"Quarantined “cat.png”."}]"#
    );
    // A damaged entry is set aside, the others kept; garbage is set aside whole.
    let text = format!("[{{\"t\":\"bad\"}},{}]", &stored[1..stored.len() - 1]);
    let parsed = parse_stored(&text);
    assert_eq!(parsed.entries, log[..1].to_vec());
    assert_eq!(parsed.unreadable, vec![serde_json::json!({"t": "bad"})]);
    let garbage = parse_stored("not json");
    assert!(garbage.entries.is_empty());
    assert_eq!(garbage.unreadable, vec![serde_json::json!("not json")]);
}

#[test]
fn what_cannot_be_read_is_added_to_what_was_set_aside_before() {
    let first = set_aside(None, vec![serde_json::json!({"t": "bad"})]);
    assert_eq!(first, r#"[{"t":"bad"}]"#);
    let second = set_aside(Some(&first), vec![serde_json::json!("not json")]);
    assert_eq!(second, r#"[{"t":"bad"},"not json"]"#);
    // Something else under that key is kept too, as text.
    assert_eq!(set_aside(Some("{oops"), vec![]), r#"["{oops"]"#);
}

#[test]
fn the_log_keeps_the_newest_entries() {
    let mut log: Vec<ActionEntry> = (0..KEEP as i64)
        .map(|i| entry(i, "Protect", "x", true, ""))
        .collect();
    assert!(push_capped(&mut log, entry(-1, "Delete", "y", true, "")).len() == 1);
    assert_eq!(log.len(), KEEP);
    assert_eq!(log[0].at, TimestampMs(1));
    assert_eq!(log.last().unwrap().action, "Delete");
}

#[test]
fn dropping_entries_is_counted_and_said() {
    let mut dropped = Dropped::default();
    assert_eq!(dropped.message(), None);
    let mut log: Vec<ActionEntry> = (0..KEEP as i64)
        .map(|i| entry(i * 1000, "Protect", "x", true, ""))
        .collect();
    let gone = push_capped(&mut log, entry(KEEP as i64 * 1000, "Delete", "y", true, ""));
    dropped.add(&gone);
    let gone = push_capped(
        &mut log,
        entry(KEEP as i64 * 1000 + 1, "Delete", "z", true, ""),
    );
    dropped.add(&gone);
    assert_eq!(dropped.count, 2);
    assert_eq!(dropped.newest, Some(TimestampMs(1000)));
    let message = dropped.message().unwrap();
    assert!(
        message.starts_with("2 older entries were dropped"),
        "{message}"
    );
    assert!(message.contains("newest 5,000"), "{message}");
    assert!(message.contains("1970-01-01"), "{message}");
    // Stored and read back across reloads.
    let text = serde_json::to_string(&dropped).unwrap();
    assert_eq!(serde_json::from_str::<Dropped>(&text).unwrap(), dropped);
}

#[test]
fn targets_link_to_their_pages() {
    let href = |t: &str| entry(0, "x", t, true, "").target_href();
    assert_eq!(
        href("mxc://127.0.0.1:8448/abc").as_deref(),
        Some("/media/127.0.0.1%3A8448/abc")
    );
    assert_eq!(
        href("@spam:localhost").as_deref(),
        Some("/users/%40spam%3Alocalhost")
    );
    assert_eq!(
        href("!r:localhost").as_deref(),
        Some("/rooms/%21r%3Alocalhost")
    );
    assert_eq!(href("Delete all media of 3 users"), None);
}
