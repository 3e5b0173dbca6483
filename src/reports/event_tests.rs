//! Events as Synapse hands them to admins (shapes recorded from a Synapse 1.163 server and from
//! clients' messages), read for their media.

use super::*;
use serde_json::json;

fn mxcs(e: &EventMedia) -> Vec<(String, MediaRole)> {
    e.media.iter().map(|m| (m.media.mxc(), m.role)).collect()
}

fn message(content: Value) -> Value {
    json!({"type": "m.room.message", "sender": "@mallory:localhost", "room_id": "!r:localhost",
           "event_id": "$e", "origin_server_ts": 1795371510000_i64, "content": content,
           "unsigned": {"age_ts": 1795371510000_i64}})
}

#[test]
fn an_image_gives_its_file_then_its_thumbnail() {
    let e = EventMedia::of(&message(json!({
        "msgtype": "m.image", "body": "cat.png", "url": "mxc://localhost/ImAgE1",
        "info": {"mimetype": "image/png", "size": 1234, "w": 64, "h": 64,
                 "thumbnail_url": "mxc://localhost/ThUmB1",
                 "thumbnail_info": {"mimetype": "image/png", "w": 32, "h": 32}}})));
    assert_eq!(
        e.kind,
        EventKind::Message {
            msgtype: Some("m.image".into())
        }
    );
    assert_eq!(e.kind.label(), "Image");
    assert_eq!(
        mxcs(&e),
        [
            ("mxc://localhost/ImAgE1".into(), MediaRole::File),
            ("mxc://localhost/ThUmB1".into(), MediaRole::Thumbnail)
        ]
    );
    assert!(!e.redacted && e.refused.is_empty() && e.why_none().is_none());
}

#[test]
fn video_audio_and_files_give_their_url() {
    for (msgtype, label) in [
        ("m.video", "Video"),
        ("m.audio", "Audio"),
        ("m.file", "File"),
    ] {
        let e = EventMedia::of(&message(json!({
            "msgtype": msgtype, "body": "clip", "url": "mxc://localhost/Vid_1-x",
            "info": {"mimetype": "video/mp4", "size": 99}})));
        assert_eq!(e.kind.label(), label);
        assert_eq!(e.refs(), [MediaRef::new("localhost", "Vid_1-x").unwrap()]);
    }
}

#[test]
fn a_sticker_gives_its_url() {
    let e = EventMedia::of(&json!({"type": "m.sticker", "content": {
        "body": "wave", "url": "mxc://localhost/StIcKeR",
        "info": {"mimetype": "image/webp", "w": 64, "h": 64}}}));
    assert_eq!(e.kind, EventKind::Sticker);
    assert_eq!(
        mxcs(&e),
        [("mxc://localhost/StIcKeR".into(), MediaRole::File)]
    );
}

#[test]
fn encrypted_attachments_in_clear_content_are_found() {
    let e = EventMedia::of(&message(json!({
        "msgtype": "m.image", "body": "secret.png",
        "file": {"url": "mxc://localhost/EnCfile", "key": {"k": "x"}, "iv": "y", "hashes": {}, "v": "v2"},
        "info": {"mimetype": "image/png",
                 "thumbnail_file": {"url": "mxc://localhost/EnCthumb", "v": "v2"}}})));
    assert_eq!(
        mxcs(&e),
        [
            ("mxc://localhost/EnCfile".into(), MediaRole::EncryptedFile),
            (
                "mxc://localhost/EnCthumb".into(),
                MediaRole::EncryptedThumbnail
            )
        ]
    );
}

#[test]
fn an_encrypted_event_says_the_server_cannot_see_its_media() {
    let e = EventMedia::of(&json!({"type": "m.room.encrypted", "content": {
        "algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEp…", "sender_key": "k",
        "session_id": "s", "device_id": "D"}}));
    assert_eq!(e.kind, EventKind::Encrypted);
    assert!(e.media.is_empty());
    assert!(e.why_none().unwrap().contains("end-to-end encrypted"));
}

#[test]
fn a_redacted_event_without_content_says_its_media_is_unknown() {
    let pruned = json!({"type": "m.room.message", "content": {}, "event_id": "$e",
        "unsigned": {"redacted_by": "$r", "redacted_because": {"type": "m.room.redaction",
            "redacts": "$e", "content": {}, "sender": "@mallory:localhost"}}});
    let e = EventMedia::of(&pruned);
    assert!(e.redacted && e.content_gone);
    assert!(e.why_none().unwrap().contains("redacted"));
    // The server still held the original: its media is found, and the event is still redacted.
    let original =
        message(json!({"msgtype": "m.image", "body": "x.png", "url": "mxc://localhost/KePt"}));
    let joined = EventMedia::read(&pruned, &[&original]);
    assert!(joined.redacted && !joined.content_gone);
    assert_eq!(joined.kind.label(), "Image");
    assert_eq!(joined.refs(), [MediaRef::new("localhost", "KePt").unwrap()]);
    // The report's copy kept the content and the server's copy is pruned: still redacted.
    let other_way = EventMedia::read(
        &original,
        &[&json!({"type": "m.room.message", "content": {}})],
    );
    assert!(other_way.redacted && !other_way.content_gone);
    assert_eq!(other_way.refs().len(), 1);
    // The same content in every copy: not redacted.
    let same = EventMedia::read(&original, &[&original, &original]);
    assert!(!same.redacted && same.refs().len() == 1);
    // Both pruned: nothing is known.
    let gone = EventMedia::read(&pruned, &[&pruned]);
    assert!(gone.content_gone && gone.media.is_empty());
}

#[test]
fn malformed_urls_are_refused_with_a_reason_and_never_acted_on() {
    let e = EventMedia::of(&message(json!({
        "msgtype": "m.image", "body": "x", "url": "https://evil.example/x.png",
        "info": {"thumbnail_url": 42,
                 "thumbnail_file": {"url": "mxc://localhost/../../etc/passwd"}}})));
    assert!(e.media.is_empty());
    let fields: Vec<&str> = e.refused.iter().map(|r| r.field).collect();
    assert_eq!(
        fields,
        [
            "content.url",
            "content.info.thumbnail_url",
            "content.info.thumbnail_file.url"
        ]
    );
    assert!(e.refused[0].reason.contains("mxc://"));
    assert_eq!(e.refused[1].reason, "not a string");
    assert!(e.why_none().unwrap().contains("not as a valid mxc URI"));
    let long = "mxc://".to_owned() + &"a".repeat(500);
    let e = EventMedia::of(&message(json!({"msgtype": "m.file", "url": long})));
    assert!(e.refused[0].value.chars().count() <= 121);
}

#[test]
fn a_url_on_another_server_is_kept_with_its_server() {
    let e = EventMedia::of(&message(json!({
        "msgtype": "m.image", "url": "mxc://127.0.0.1:8448/ReMoTe"})));
    let [m] = &e.refs()[..] else {
        panic!("one file")
    };
    assert_eq!(m.server.as_str(), "127.0.0.1:8448");
    assert!(!m.is_local_to("localhost"));
}

#[test]
fn repeated_and_missing_fields_and_odd_shapes_are_handled() {
    let e = EventMedia::of(&message(json!({
        "msgtype": "m.image", "url": "mxc://localhost/Same",
        "info": {"thumbnail_url": "mxc://localhost/Same"}})));
    assert_eq!(e.media.len(), 1, "the same file is listed once");
    let text = EventMedia::of(&message(json!({"msgtype": "m.text", "body": "hello"})));
    assert_eq!(
        text.why_none().as_deref(),
        Some("This event carries no media.")
    );
    let odd = EventMedia::of(&json!({"type": 5, "content": "not an object"}));
    assert!(odd.media.is_empty() && odd.refused.is_empty());
    let null = EventMedia::of(&Value::Null);
    assert!(null.media.is_empty());
}

/// Recorded from Synapse 1.163.2 for a reported image its sender then redacted: the report's
/// copy and `fetch_event` keep the original content and say nothing of the redaction; the
/// room's context shows it pruned, with `redacted_because`.
#[test]
fn the_copies_synapse_gives_of_a_redacted_event_are_read_together() {
    let content = json!({"body": "reported-redacted.png", "info": {"h": 50, "mimetype": "image/png",
        "size": 2974, "w": 70}, "msgtype": "m.image", "url": "mxc://127.0.0.1:18732/EMXZcPqJljjeJvmYDCIKXLfh"});
    let report_copy = json!({"unsigned": {"age_ts": 1796037644389_i64}, "content": content,
        "origin_server_ts": 1796037644389_i64, "sender": "@mallory:127.0.0.1:18732",
        "type": "m.room.message", "depth": 12});
    let fetched = json!({"content": content, "event_id": "$EJFN", "type": "m.room.message",
        "sender": "@mallory:127.0.0.1:18732", "unsigned": {"age": 3506}});
    let redaction = json!({"content": {"reason": "covering tracks", "redacts": "$EJFN"},
        "event_id": "$6zLY", "sender": "@mallory:127.0.0.1:18732", "type": "m.room.redaction"});
    let in_room = json!({"age": 3522, "content": {}, "event_id": "$EJFN", "type": "m.room.message",
        "redacted_because": redaction, "sender": "@mallory:127.0.0.1:18732",
        "unsigned": {"age": 3522, "redacted_because": redaction, "redacted_by": "$6zLY"}});
    assert!(
        !EventMedia::of(&report_copy).redacted,
        "the report's copy does not say it"
    );
    let e = EventMedia::read(&report_copy, &[&fetched, &in_room]);
    assert!(e.redacted && !e.content_gone);
    assert_eq!(e.kind.label(), "Image");
    assert_eq!(
        e.refs(),
        [MediaRef::new("127.0.0.1:18732", "EMXZcPqJljjeJvmYDCIKXLfh").unwrap()]
    );
}
