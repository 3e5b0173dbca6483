use super::*;
use MediaAction::*;

fn state(locality: Locality, quarantined: bool, protected: bool) -> MediaState {
    MediaState {
        locality,
        quarantined_by: quarantined.then(|| "@admin:localhost".to_owned()),
        protected,
    }
}

fn shown(s: &MediaState) -> Vec<(MediaAction, &'static str, bool)> {
    s.controls()
        .into_iter()
        .map(|c| (c.action, c.label.en(), c.enabled))
        .collect()
}

#[test]
fn local_files_get_every_action_the_state_allows() {
    let normal = state(Locality::Local, false, false);
    assert_eq!(
        shown(&normal),
        vec![
            (Quarantine, "Quarantine", true),
            (Protect, "Protect", true),
            (Delete, "Delete", true)
        ]
    );
    let quarantined = state(Locality::Local, true, false);
    assert_eq!(
        shown(&quarantined),
        vec![
            (Unquarantine, "Unquarantine", true),
            (Protect, "In quarantine", false),
            (Delete, "Delete", true)
        ]
    );
    let protected = state(Locality::Local, false, true);
    assert_eq!(
        shown(&protected),
        vec![
            (Quarantine, "Protected", false),
            (Unprotect, "Unprotect", true),
            (Delete, "Delete", true)
        ]
    );
    // Synapse allows protecting a quarantined file; it stays quarantined. Both ways back are offered.
    let both = state(Locality::Local, true, true);
    assert_eq!(
        shown(&both),
        vec![
            (Unquarantine, "Unquarantine", true),
            (Unprotect, "Unprotect", true),
            (Delete, "Delete", true)
        ]
    );
}

#[test]
fn remote_files_are_never_deleted_or_protected() {
    let cached = state(Locality::RemoteCached, false, false);
    assert_eq!(
        shown(&cached),
        vec![(Quarantine, "Quarantine", true), (Delete, "Delete", false)]
    );
    let cached_q = state(Locality::RemoteCached, true, false);
    assert_eq!(
        shown(&cached_q),
        vec![
            (Unquarantine, "Unquarantine", true),
            (Delete, "Delete", false)
        ]
    );
    let not_cached = MediaState::not_cached();
    assert_eq!(
        shown(&not_cached),
        vec![(Quarantine, "Quarantine", false), (Delete, "Delete", false)]
    );
    for c in not_cached.controls() {
        assert!(c.reason.is_some(), "a disabled control says why");
    }
    assert!(MediaState::deleted().controls().is_empty());
}

#[test]
fn every_disabled_control_has_a_reason_and_enabled_ones_none() {
    for locality in [
        Locality::Local,
        Locality::RemoteCached,
        Locality::RemoteNotCached,
        Locality::Deleted,
    ] {
        for q in [false, true] {
            for p in [false, true] {
                let s = state(locality, q, p);
                for c in s.controls() {
                    assert_eq!(c.enabled, c.reason.is_none(), "{s:?} {c:?}");
                }
                let labels: Vec<_> = s.controls().iter().map(|c| c.label.en()).collect();
                assert!(!(labels.contains(&"Quarantine") && labels.contains(&"Unquarantine")));
                assert!(!(labels.contains(&"Protect") && labels.contains(&"Unprotect")));
            }
        }
    }
}

#[test]
fn state_labels() {
    assert_eq!(state(Locality::Local, false, false).label(), "—");
    assert_eq!(
        state(Locality::Local, true, false).label(),
        "Quarantined by @admin:localhost"
    );
    assert_eq!(state(Locality::Local, false, true).label(), "Protected");
    assert_eq!(MediaState::not_cached().label(), "Not cached here");
    assert_eq!(MediaState::deleted().label(), "Deleted");
}

#[test]
fn outcomes_come_from_the_state_after_the_call() {
    assert_eq!(
        outcome(Quarantine, &state(Locality::Local, true, false)),
        Outcome::Done
    );
    assert!(
        matches!(outcome(Quarantine, &state(Locality::Local, false, true)), Outcome::NoEffect(m) if m.en().contains("protected"))
    );
    assert!(
        matches!(outcome(Quarantine, &MediaState::not_cached()), Outcome::NoEffect(m) if m.en().contains("no copy"))
    );
    assert_eq!(outcome(Delete, &MediaState::deleted()), Outcome::Done);
    assert!(matches!(
        outcome(Protect, &state(Locality::Local, true, true)),
        Outcome::NoEffect(_)
    ));
    assert_eq!(
        outcome(Unprotect, &state(Locality::Local, false, false)),
        Outcome::Done
    );
    assert_eq!(Quarantine.undo(), Some(Unquarantine));
    assert_eq!(Delete.undo(), None);
}

#[test]
fn mxc_uris_parse_strictly() {
    let r = MediaRef::from_mxc("mxc://localhost/KMutJGGqfuZQAYqxBCKFjQqa").unwrap();
    assert_eq!(
        (r.server.as_str(), r.media_id.as_str()),
        ("localhost", "KMutJGGqfuZQAYqxBCKFjQqa")
    );
    assert_eq!(r.mxc(), "mxc://localhost/KMutJGGqfuZQAYqxBCKFjQqa");
    let port = MediaRef::from_mxc("mxc://127.0.0.1:18448/PrnUlRiputGYHwQXKcVeUzVc").unwrap();
    assert_eq!(port.server.as_str(), "127.0.0.1:18448");
    assert!(MediaRef::from_mxc("mxc://localhost/").is_err());
    assert!(MediaRef::from_mxc("mxc://localhost").is_err());
    assert!(MediaRef::from_mxc("mxc://bad host/abc").is_err());
    assert!(MediaRef::from_mxc("mxc://localhost/../../etc").is_err());
    assert!(MediaRef::from_mxc("http://localhost/abc").is_err());
}

#[test]
fn report_urls_name_the_same_file() {
    let want = MediaRef::new("example.org", "abcDEF123_-x").unwrap();
    for url in [
        "mxc://example.org/abcDEF123_-x",
        "  mxc://example.org/abcDEF123_-x ",
        "https://matrix.example.org/_matrix/media/v3/download/example.org/abcDEF123_-x",
        "https://matrix.example.org/_matrix/media/r0/download/example.org/abcDEF123_-x/cat%20pic.png",
        "https://matrix.example.org/_matrix/media/v3/thumbnail/example.org/abcDEF123_-x?width=96&height=96",
        "https://m.example.org/_matrix/client/v1/media/download/example.org/abcDEF123_-x/name.jpg?allow_redirect=true",
        "http://127.0.0.1:8008/_matrix/client/v1/media/thumbnail/example.org/abcDEF123_-x#frag",
    ] {
        assert_eq!(MediaRef::parse_input(url).unwrap(), want, "{url}");
    }
    let port =
        MediaRef::parse_input("https://h/_matrix/client/v1/media/download/127.0.0.1%3A18448/abc")
            .unwrap();
    assert_eq!(port.server.as_str(), "127.0.0.1:18448");
}

#[test]
fn bad_input_says_what_is_wrong() {
    let err = |s: &str| MediaRef::parse_input(s).unwrap_err().to_string();
    assert!(err("").contains("Paste"));
    assert!(err("hello").contains("neither an mxc"));
    assert!(err("https://example.org/some/page").contains("not a Matrix media"));
    assert!(err("https://h/_matrix/media/v3/download/example.org").contains("missing"));
    assert!(
        err("https://h/_matrix/media/v3/download/example.org/bad$id")
            .contains("not a valid media id")
    );
    assert!(err("mxc://example.org").contains("no media id"));
}

#[test]
fn room_lists_are_deduplicated_in_order() {
    let list = dedupe_mxcs([
        "mxc://a.org/one",
        "mxc://a.org/two",
        "mxc://a.org/one",
        "garbage",
        "mxc://b.org/one",
    ]);
    let ids: Vec<String> = list.iter().map(MediaRef::mxc).collect();
    assert_eq!(
        ids,
        vec!["mxc://a.org/one", "mxc://a.org/two", "mxc://b.org/one"]
    );
}

#[test]
fn media_info_decodes_local_remote_and_pending() {
    let local: MediaInfo = serde_json::from_str(
        r#"{"media_origin":null,"user_id":"@alice:localhost","media_id":"KMutJGGqfuZQAYqxBCKFjQqa","media_type":"image/png",
        "media_length":170,"upload_name":"a_red.png","created_ts":1795371513770,"filesystem_id":null,"url_cache":null,
        "last_access_ts":null,"quarantined_by":null,"authenticated":1,"safe_from_quarantine":0,
        "sha256":"fc903b93eb7d0a1a94b646ebbbb579b7bae4265e76a686dcce5bf0b0a0f38215"}"#,
    )
    .unwrap();
    assert_eq!(local.media_length, Some(ByteSize(170)));
    assert!(!local.safe_from_quarantine);
    assert!(local.is_previewable_image());
    assert_eq!(
        local.user_id.as_ref().map(|u| u.as_str()),
        Some("@alice:localhost")
    );
    assert_eq!(local.state(Locality::Local).label(), "—");

    let remote: MediaInfo = serde_json::from_str(
        r#"{"media_origin":"127.0.0.1:18448","user_id":null,"media_id":"PrnUlRiputGYHwQXKcVeUzVc","media_type":"image/png",
        "media_length":158,"upload_name":"remote_pic.png","created_ts":1795371701880,"filesystem_id":"jheMUQoKrycxaQPyZlaEJWaP",
        "url_cache":null,"last_access_ts":1795371701880,"quarantined_by":"@admin:localhost","authenticated":1,
        "safe_from_quarantine":null,"sha256":"df98f52c"}"#,
    )
    .unwrap();
    assert_eq!(remote.media_origin.as_deref(), Some("127.0.0.1:18448"));
    assert!(remote.user_id.is_none());
    assert!(remote.state(Locality::RemoteCached).is_quarantined());

    let pending: MediaInfo = serde_json::from_str(
        r#"{"media_id":"OorJobSEHyeIwWiXZCSeMLPx","media_type":null,"media_length":null,"upload_name":null,
        "created_ts":1795371513823,"url_cache":null,"last_access_ts":null,"quarantined_by":null,
        "safe_from_quarantine":false,"user_id":"@alice:localhost","authenticated":1,"sha256":null}"#,
    )
    .unwrap();
    assert!(pending.is_pending());
    assert_eq!(pending.display_name(), "(no name)");
    assert!(!pending.is_previewable_image());

    let svg = MediaInfo {
        media_type: Some("image/svg+xml".into()),
        ..pending
    };
    assert!(!svg.is_previewable_image());
}

#[test]
fn notifications_say_what_synapse_did_beyond_the_click() {
    let q = describe(Quarantine, "cat.png", None, &Outcome::Done);
    assert!(
        q.contains("byte-identical") && q.contains("other users"),
        "{q}"
    );
    let d = describe(Delete, "cat.png", Some(ByteSize(2048)), &Outcome::Done);
    assert_eq!(d, "Deleted “cat.png” (2.0 KiB) and its thumbnails.");
    let none = describe(
        Quarantine,
        "x",
        None,
        &Outcome::NoEffect(T::MsgNoEffectStillExists),
    );
    assert_eq!(none, "“x”: Synapse answered OK but the file still exists.");
}

#[test]
fn identical_copies_are_counted_by_hash() {
    let info = |id: &str, sha: Option<&str>| MediaInfo {
        media_id: id.into(),
        media_origin: None,
        user_id: None,
        media_type: Some("image/png".into()),
        media_length: Some(ByteSize(1)),
        upload_name: None,
        created_ts: None,
        last_access_ts: None,
        quarantined_by: None,
        safe_from_quarantine: false,
        sha256: sha.map(str::to_owned),
    };
    let row = |id: &str, sha: Option<&str>| MediaRow {
        media: MediaRef::new("localhost", id).unwrap(),
        info: Some(info(id, sha)),
        state: MediaState {
            locality: Locality::Local,
            quarantined_by: None,
            protected: false,
        },
    };
    let rows = vec![
        row("a", Some("h1")),
        row("b", Some("h1")),
        row("c", Some("h2")),
        row("d", None),
    ];
    assert_eq!(rows[0].identical_copies_in(&rows), 1);
    assert_eq!(rows[2].identical_copies_in(&rows), 0);
    assert_eq!(rows[3].identical_copies_in(&rows), 0);
}

#[test]
fn bulk_plans_skip_what_the_rule_forbids() {
    let row = |id: &str, s: MediaState| MediaRow {
        media: MediaRef::new("localhost", id).unwrap(),
        info: None,
        state: s,
    };
    let rows = vec![
        row("a", state(Locality::Local, false, false)),
        row("b", state(Locality::Local, false, true)),
        row("c", state(Locality::Local, true, false)),
        row("d", MediaState::not_cached()),
    ];
    let (items, skipped) = plan_bulk(&rows, Quarantine);
    assert_eq!(items.len(), 4);
    let skipped_at: Vec<usize> = skipped.iter().map(|(i, _)| *i).collect();
    assert_eq!(skipped_at, vec![1, 2, 3]);
    assert!(skipped[0].1.contains("protected"));
    assert!(skipped[1].1.contains("does not apply"));
    let (_, skipped) = plan_bulk(&rows, Delete);
    assert_eq!(skipped.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![3]);
    let (_, skipped) = plan_bulk(&rows, Unprotect);
    assert_eq!(
        skipped.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![0, 2, 3]
    );
}
