//! Synapse answers differently on its two databases: on SQLite some booleans come back as
//! `0`/`1`, on PostgreSQL (every production server, and the end-to-end tests) as `true`/`false`.
//! These bodies were recorded from Synapse 1.163.2 on each database after the same seed and the
//! same actions (one upload quarantined, one protected), and must decode to the same values.

use super::decode;
use super::media::{MediaInfoResponse, UserMediaPage};
use super::quarantine_changes::QuarantineChangesPage;
use crate::model::media::{Locality, MediaInfo};

/// `(quarantined by, protected)` as decoded, in the body's order.
fn flags(media: &[MediaInfo]) -> Vec<(Option<String>, bool)> {
    media
        .iter()
        .map(|m| {
            let s = m.state(Locality::Local);
            (s.quarantined_by, s.protected)
        })
        .collect()
}

const USER_MEDIA_POSTGRES: &str = r#"{"media":[
 {"media_id":"LwxrFwzJIdkEaiFTOfyyPwNg","media_type":"image/png","media_length":1097,"upload_name":"bob-holiday-3.png","created_ts":1796037063140,"url_cache":null,"last_access_ts":null,"quarantined_by":"@admin:localhost","safe_from_quarantine":false,"user_id":"@bob:localhost","authenticated":true,"sha256":"62d0a3efbdcebdaba93774e8bea9e3f87416d0c181ac2bc4489f266937a9b96b"},
 {"media_id":"iUmjIzWWvTgeqyuLfbFiyURC","media_type":"image/png","media_length":1074,"upload_name":"bob-holiday-2.png","created_ts":1796037063129,"url_cache":null,"last_access_ts":null,"quarantined_by":null,"safe_from_quarantine":true,"user_id":"@bob:localhost","authenticated":true,"sha256":"b8a116b350929c40388c00971d4dd0fb80519ed7684545e1dee3e6c0f1ca9b52"}],
 "total":4,"next_token":2}"#;

const USER_MEDIA_SQLITE: &str = r#"{"media":[
 {"media_id":"lblcHIjFSthkmcovJZIawqnj","media_type":"image/png","media_length":1097,"upload_name":"bob-holiday-3.png","created_ts":1796037082034,"url_cache":null,"last_access_ts":null,"quarantined_by":"@admin:localhost","safe_from_quarantine":false,"user_id":"@bob:localhost","authenticated":1,"sha256":"62d0a3efbdcebdaba93774e8bea9e3f87416d0c181ac2bc4489f266937a9b96b"},
 {"media_id":"GRyIOohZJQnibmOwoxbQdPjP","media_type":"image/png","media_length":1074,"upload_name":"bob-holiday-2.png","created_ts":1796037082019,"url_cache":null,"last_access_ts":null,"quarantined_by":null,"safe_from_quarantine":true,"user_id":"@bob:localhost","authenticated":1,"sha256":"b8a116b350929c40388c00971d4dd0fb80519ed7684545e1dee3e6c0f1ca9b52"}],
 "total":4,"next_token":2}"#;

/// The media info of the protected upload: `safe_from_quarantine` is `true` on PostgreSQL and
/// `1` on SQLite (where the user's media list above says `true`).
const PROTECTED_INFO_POSTGRES: &str = r#"{"media_info":{"media_origin":null,"user_id":"@bob:localhost","media_id":"iUmjIzWWvTgeqyuLfbFiyURC","media_type":"image/png","media_length":1074,"upload_name":"bob-holiday-2.png","created_ts":1796037063129,"filesystem_id":null,"url_cache":null,"last_access_ts":null,"quarantined_by":null,"authenticated":true,"safe_from_quarantine":true,"sha256":"b8a116b350929c40388c00971d4dd0fb80519ed7684545e1dee3e6c0f1ca9b52"}}"#;
const PROTECTED_INFO_SQLITE: &str = r#"{"media_info":{"media_origin":null,"user_id":"@bob:localhost","media_id":"GRyIOohZJQnibmOwoxbQdPjP","media_type":"image/png","media_length":1074,"upload_name":"bob-holiday-2.png","created_ts":1796037082019,"filesystem_id":null,"url_cache":null,"last_access_ts":null,"quarantined_by":null,"authenticated":1,"safe_from_quarantine":1,"sha256":"b8a116b350929c40388c00971d4dd0fb80519ed7684545e1dee3e6c0f1ca9b52"}}"#;
const QUARANTINED_INFO_POSTGRES: &str = r#"{"media_info":{"media_origin":null,"user_id":"@bob:localhost","media_id":"LwxrFwzJIdkEaiFTOfyyPwNg","media_type":"image/png","media_length":1097,"upload_name":"bob-holiday-3.png","created_ts":1796037063140,"filesystem_id":null,"url_cache":null,"last_access_ts":null,"quarantined_by":"@admin:localhost","authenticated":true,"safe_from_quarantine":false,"sha256":"62d0a3efbdcebdaba93774e8bea9e3f87416d0c181ac2bc4489f266937a9b96b"}}"#;
const QUARANTINED_INFO_SQLITE: &str = r#"{"media_info":{"media_origin":null,"user_id":"@bob:localhost","media_id":"lblcHIjFSthkmcovJZIawqnj","media_type":"image/png","media_length":1097,"upload_name":"bob-holiday-3.png","created_ts":1796037082034,"filesystem_id":null,"url_cache":null,"last_access_ts":null,"quarantined_by":"@admin:localhost","authenticated":1,"safe_from_quarantine":0,"sha256":"62d0a3efbdcebdaba93774e8bea9e3f87416d0c181ac2bc4489f266937a9b96b"}}"#;

#[test]
fn a_users_media_list_reads_the_same_from_both_databases() {
    let pg: UserMediaPage = decode(200, USER_MEDIA_POSTGRES).unwrap();
    let lite: UserMediaPage = decode(200, USER_MEDIA_SQLITE).unwrap();
    let expected = vec![(Some("@admin:localhost".to_owned()), false), (None, true)];
    assert_eq!(flags(&pg.media), expected);
    assert_eq!(flags(&lite.media), expected);
    assert_eq!((pg.total, pg.next_token), (lite.total, lite.next_token));
}

#[test]
fn media_info_flags_read_the_same_from_both_databases() {
    for (pg, lite, expected) in [
        (PROTECTED_INFO_POSTGRES, PROTECTED_INFO_SQLITE, (None, true)),
        (
            QUARANTINED_INFO_POSTGRES,
            QUARANTINED_INFO_SQLITE,
            (Some("@admin:localhost".to_owned()), false),
        ),
    ] {
        let pg: MediaInfoResponse = decode(200, pg).unwrap();
        let lite: MediaInfoResponse = decode(200, lite).unwrap();
        assert_eq!(flags(&[pg.media_info]), vec![expected.clone()]);
        assert_eq!(flags(&[lite.media_info]), vec![expected]);
    }
}

#[test]
fn the_quarantine_feed_reads_the_same_from_both_databases() {
    let pg: QuarantineChangesPage = decode(
        200,
        r#"{"next_batch":2,"changes":[{"origin":"localhost","media_id":"LwxrFwzJIdkEaiFTOfyyPwNg","quarantined":true}]}"#,
    )
    .unwrap();
    let lite: QuarantineChangesPage = decode(
        200,
        r#"{"next_batch":2,"changes":[{"origin":"localhost","media_id":"lblcHIjFSthkmcovJZIawqnj","quarantined":1}]}"#,
    )
    .unwrap();
    for page in [pg, lite] {
        assert_eq!(page.next_batch, 2);
        assert_eq!(
            page.changes
                .iter()
                .map(|c| c.quarantined)
                .collect::<Vec<_>>(),
            [true]
        );
    }
}
