use super::*;
use crate::api::{decode, Method};

const LIST: &str = r##"{"event_reports":[
  {"event_id":"$7QnVr3jV0dLr1mXh2Xv4XxvB0oYw2C4xg3Vd4Q0j1rA","id":3,"reason":"spam, again",
   "score":-100,"received_ts":1795371510000,"canonical_alias":"#town-square:localhost",
   "room_id":"!UrBDxwQZqyLHbvTBZv:localhost","name":"Town Square",
   "sender":"@mallory:localhost","user_id":"@erin:localhost"},
  {"event_id":"$x","id":2,"reason":null,"score":null,"received_ts":1795371500000,
   "canonical_alias":null,"room_id":"!abc:localhost","name":null,
   "sender":"@alice:127.0.0.1:8448","user_id":"@frank:localhost"}],
  "next_token":2,"total":4}"##;

#[test]
fn the_list_is_asked_newest_first_with_its_filters_encoded() {
    let q = ListEventReports {
        page: Page { index: 2, size: 25 },
        filter: ReportFilter {
            room: Some(crate::model::ids::parse_room_id("!abc:localhost").unwrap()),
            reporter: None,
            sender: Some(crate::model::ids::parse_user_id("@mallory:localhost").unwrap()),
        },
    };
    let r = q.request();
    assert_eq!(r.method, Method::Get);
    assert_eq!(r.path.as_str(), "/_synapse/admin/v1/event_reports");
    assert_eq!(r.query_value("from"), Some("50"));
    assert_eq!(r.query_value("limit"), Some("25"));
    assert_eq!(r.query_value("dir"), Some("b"));
    assert_eq!(r.query_value("room_id"), Some("!abc:localhost"));
    assert_eq!(r.query_value("user_id"), None);
    assert_eq!(
        r.query_value("event_sender_user_id"),
        Some("@mallory:localhost")
    );
    let base = crate::model::HomeserverUrl::parse("http://h").unwrap();
    assert!(r.url(&base).contains("room_id=%21abc%3Alocalhost"));
    let count = CountEventReports::default().request();
    assert_eq!(count.query_value("limit"), Some("1"));
}

#[test]
fn list_rows_decode_with_nulls_and_remote_senders() {
    let page: EventReportPage = decode(200, LIST).unwrap();
    assert_eq!((page.total, page.next_token), (4, Some(2)));
    let [a, b] = &page.event_reports[..] else {
        panic!("two rows")
    };
    assert_eq!(a.id, ReportId(3));
    assert_eq!(a.score, Some(-100));
    assert_eq!(a.room_label(), "Town Square");
    assert_eq!(a.user_id.as_str(), "@erin:localhost");
    assert_eq!(a.sender.as_str(), "@mallory:localhost");
    assert_eq!((b.reason.as_deref(), b.score), (None, None));
    assert_eq!(b.room_label(), "!abc:localhost");
    assert_eq!(b.sender.server_name().as_str(), "127.0.0.1:8448");
    let count: ReportCount = decode(200, LIST).unwrap();
    assert_eq!(count.total, 4);
    let empty: EventReportPage = decode(200, r#"{"event_reports":[],"total":0}"#).unwrap();
    assert_eq!((empty.total, empty.next_token), (0, None));
}

#[test]
fn a_detail_keeps_the_raw_event() {
    let body = r#"{"event_id":"$e","id":7,"reason":"nsfw","score":-50,"received_ts":1,
      "room_id":"!r:localhost","name":"Lounge","canonical_alias":null,
      "sender":"@mallory:localhost","user_id":"@erin:localhost",
      "event_json":{"type":"m.room.message","room_id":"!r:localhost","sender":"@mallory:localhost",
        "content":{"msgtype":"m.image","body":"x.png","url":"mxc://localhost/AbC"},
        "origin_server_ts":1,"event_id":"$e"}}"#;
    let d: EventReportDetail = decode(200, body).unwrap();
    assert_eq!(d.report.id, ReportId(7));
    assert_eq!(
        d.event_json["content"]["url"].as_str(),
        Some("mxc://localhost/AbC")
    );
    let r = GetEventReport(ReportId(7)).request();
    assert_eq!(r.path.as_str(), "/_synapse/admin/v1/event_reports/7");
    let del = DismissEventReport(ReportId(7)).request();
    assert_eq!(
        (del.method, del.path.as_str()),
        (Method::Delete, "/_synapse/admin/v1/event_reports/7")
    );
}

#[test]
fn fetch_event_encodes_the_event_id() {
    let r = FetchEvent("$ab/c+d").request();
    assert_eq!(
        r.path.as_str(),
        "/_synapse/admin/v1/fetch_event/%24ab%2Fc%2Bd"
    );
    let room = crate::model::ids::parse_room_id("!r:localhost").unwrap();
    let c = EventContext {
        room: &room,
        event_id: "$e",
    }
    .request();
    assert_eq!(
        c.path.as_str(),
        "/_synapse/admin/v1/rooms/%21r%3Alocalhost/context/%24e"
    );
    let e: FetchedEvent =
        decode(200, r#"{"event":{"type":"m.room.message","content":{}}}"#).unwrap();
    assert_eq!(e.event["type"], "m.room.message");
}

#[test]
fn user_reports_decode_and_older_servers_are_recognised() {
    let page: UserReportPage = decode(
        200,
        r#"{"user_reports":[{"id":1,"received_ts":1795371510000,"target_user_id":"@mallory:localhost",
          "user_id":"@grace:localhost","reason":"impersonation"}],"total":1}"#,
    )
    .unwrap();
    assert_eq!(
        page.user_reports[0].target_user_id.as_str(),
        "@mallory:localhost"
    );
    assert_eq!(
        page.user_reports[0].reason.as_deref(),
        Some("impersonation")
    );
    let r = ListUserReports {
        page: Page::default(),
    }
    .request();
    assert_eq!(r.path.as_str(), "/_synapse/admin/v1/user_reports");
    assert_eq!(r.query_value("dir"), Some("b"));
    let old = decode::<UserReportPage>(
        404,
        r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
    )
    .unwrap_err();
    assert!(old.is_unrecognized());
}

#[test]
fn report_numbers_from_urls_are_checked() {
    assert_eq!(ReportId::parse("12"), Ok(ReportId(12)));
    assert!(ReportId::parse("12; drop").is_err());
    assert!(ReportId::parse("-1").is_err());
}
