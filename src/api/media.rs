//! Media: a user's uploads, a room's references, one file's info, and the per-file writes.

use super::quirks::next_token;
use super::{ApiPath, ApiRequest, Empty, Endpoint, Method};
use crate::model::media::{MediaInfo, MediaRef};
use crate::model::{Page, RoomId, SortDir, UserId};
use serde::Deserialize;

/// Columns a user's media list can be sorted by (Synapse's `order_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MediaOrder {
    #[default]
    Created,
    LastAccess,
    Size,
    Name,
    Type,
}

impl MediaOrder {
    pub fn as_param(self) -> &'static str {
        match self {
            MediaOrder::Created => "created_ts",
            MediaOrder::LastAccess => "last_access_ts",
            MediaOrder::Size => "media_length",
            MediaOrder::Name => "upload_name",
            MediaOrder::Type => "media_type",
        }
    }

    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("last_access_ts") => MediaOrder::LastAccess,
            Some("media_length") => MediaOrder::Size,
            Some("upload_name") => MediaOrder::Name,
            Some("media_type") => MediaOrder::Type,
            _ => MediaOrder::Created,
        }
    }
}

/// `GET /_synapse/admin/v1/users/<user_id>/media`: one page of a local user's uploads.
#[derive(Debug, Clone, PartialEq)]
pub struct ListUserMedia {
    pub user_id: UserId,
    pub page: Page,
    pub order: MediaOrder,
    pub dir: SortDir,
}

impl ListUserMedia {
    /// Newest first, as Synapse lists by default.
    pub fn newest_first(user_id: UserId, page: Page) -> Self {
        ListUserMedia {
            user_id,
            page,
            order: MediaOrder::Created,
            dir: SortDir::Backward,
        }
    }
}

impl crate::model::paging::Sorted for ListUserMedia {
    type Order = MediaOrder;
    fn sort_fields(&mut self) -> (&mut MediaOrder, &mut SortDir, &mut Page) {
        (&mut self.order, &mut self.dir, &mut self.page)
    }
    fn order_param(order: MediaOrder) -> &'static str {
        order.as_param()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserMediaPage {
    pub media: Vec<MediaInfo>,
    pub total: u64,
    #[serde(default, deserialize_with = "next_token")]
    pub next_token: Option<u64>,
}

impl Endpoint for ListUserMedia {
    type Response = UserMediaPage;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(
            ApiPath::new("/_synapse/admin/v1/users")
                .seg(self.user_id.as_str())
                .lit("/media"),
        )
        .query("from", self.page.offset())
        .query("limit", self.page.size)
        .query("order_by", self.order.as_param())
        .query("dir", self.dir.as_param())
    }
}

/// `GET /_synapse/admin/v1/room/<room_id>/media`: the mxc URIs events of a room reference.
/// Not paged; repeats URIs; lists deleted media too; cannot see inside encrypted events.
pub struct ListRoomMedia<'a>(pub &'a RoomId);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoomMedia {
    #[serde(default)]
    pub local: Vec<String>,
    #[serde(default)]
    pub remote: Vec<String>,
}

impl Endpoint for ListRoomMedia<'_> {
    type Response = RoomMedia;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(
            ApiPath::new("/_synapse/admin/v1/room")
                .seg(self.0.as_str())
                .lit("/media"),
        )
    }
}

/// `GET /_synapse/admin/v1/media/<server>/<media_id>`: 404 for unknown, deleted, or remote media
/// this server holds no copy of.
pub struct GetMedia<'a>(pub &'a MediaRef);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MediaInfoResponse {
    pub media_info: MediaInfo,
}

impl Endpoint for GetMedia<'_> {
    type Response = MediaInfoResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(
            ApiPath::new("/_synapse/admin/v1/media")
                .seg(self.0.server.as_str())
                .seg(&self.0.media_id),
        )
    }
}

/// The four reversible per-file writes. Each answers `{}`, even when it changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagChange {
    Quarantine,
    Unquarantine,
    Protect,
    Unprotect,
}

pub struct ChangeFlag<'a> {
    pub media: &'a MediaRef,
    pub change: FlagChange,
}

impl Endpoint for ChangeFlag<'_> {
    type Response = Empty;
    fn request(&self) -> ApiRequest {
        let m = self.media;
        let path = match self.change {
            // Quarantine works on local and cached remote media, so the server is in the path;
            // protection is local only and takes the media id alone.
            FlagChange::Quarantine => ApiPath::new("/_synapse/admin/v1/media/quarantine")
                .seg(m.server.as_str())
                .seg(&m.media_id),
            FlagChange::Unquarantine => ApiPath::new("/_synapse/admin/v1/media/unquarantine")
                .seg(m.server.as_str())
                .seg(&m.media_id),
            FlagChange::Protect => {
                ApiPath::new("/_synapse/admin/v1/media/protect").seg(&m.media_id)
            }
            FlagChange::Unprotect => {
                ApiPath::new("/_synapse/admin/v1/media/unprotect").seg(&m.media_id)
            }
        };
        ApiRequest::post(path).json(serde_json::json!({}))
    }
}

/// `DELETE /_synapse/admin/v1/media/<server>/<media_id>`: local media only; works on quarantined
/// and protected files too.
pub struct DeleteMedia<'a>(pub &'a MediaRef);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DeletedMedia {
    #[serde(default)]
    pub deleted_media: Vec<String>,
    pub total: u64,
}

impl Endpoint for DeleteMedia<'_> {
    type Response = DeletedMedia;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(
            Method::Delete,
            ApiPath::new("/_synapse/admin/v1/media")
                .seg(self.0.server.as_str())
                .seg(&self.0.media_id),
        )
    }
}

/// `GET /_matrix/client/v1/media/thumbnail/<server>/<id>`: a small preview, fetched with the
/// token in the header (never in an `<img src>`); `bypass_quarantine` is the admin-only reveal.
pub struct Thumbnail<'a> {
    pub media: &'a MediaRef,
    pub size: u32,
    pub bypass_quarantine: bool,
}

impl Thumbnail<'_> {
    pub fn request(&self) -> ApiRequest {
        let req = ApiRequest::get(
            ApiPath::new("/_matrix/client/v1/media/thumbnail")
                .seg(self.media.server.as_str())
                .seg(&self.media.media_id),
        )
        .query("width", self.size)
        .query("height", self.size)
        .query("method", "scale");
        if self.bypass_quarantine {
            req.query("admin_unsafely_bypass_quarantine", "true")
        } else {
            req
        }
    }
}

/// `POST /_synapse/admin/v1/user/<user_id>/media/quarantine`: the user's not yet quarantined
/// local files, and every byte-identical copy (other users' included); protected files skipped.
pub struct QuarantineUserMedia<'a>(pub &'a UserId);

/// `POST /_synapse/admin/v1/room/<room_id>/media/quarantine`: local and cached remote media the
/// room references; the count includes files already quarantined and identical copies.
pub struct QuarantineRoomMedia<'a>(pub &'a RoomId);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Quarantined {
    pub num_quarantined: u64,
}

impl Endpoint for QuarantineUserMedia<'_> {
    type Response = Quarantined;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(
            ApiPath::new("/_synapse/admin/v1/user")
                .seg(self.0.as_str())
                .lit("/media/quarantine"),
        )
        .json(serde_json::json!({}))
    }
}

impl Endpoint for QuarantineRoomMedia<'_> {
    type Response = Quarantined;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(
            ApiPath::new("/_synapse/admin/v1/room")
                .seg(self.0.as_str())
                .lit("/media/quarantine"),
        )
        .json(serde_json::json!({}))
    }
}

/// `DELETE /_synapse/admin/v1/users/<user_id>/media?from=0&limit=N`: deletes ONE page of the
/// user's files (newest first), protected and quarantined ones included. Deleting everything
/// means repeating it from 0 until nothing is left: a `next_token` would skip files, because
/// the list shrinks as it is deleted.
pub struct DeleteUserMediaPage<'a> {
    pub user_id: &'a UserId,
    pub limit: u32,
}

impl Endpoint for DeleteUserMediaPage<'_> {
    type Response = DeletedMedia;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(
            Method::Delete,
            ApiPath::new("/_synapse/admin/v1/users")
                .seg(self.user_id.as_str())
                .lit("/media"),
        )
        .query("from", 0)
        .query("limit", self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode;
    use crate::model::ids::{parse_room_id, parse_user_id};

    fn media() -> MediaRef {
        MediaRef::new("127.0.0.1:8448", "abc_DEF-1").unwrap()
    }

    #[test]
    fn user_media_query_and_decoding() {
        let q = ListUserMedia {
            user_id: parse_user_id("@alice:localhost").unwrap(),
            page: Page {
                index: 1,
                size: 100,
            },
            order: MediaOrder::Size,
            dir: SortDir::Backward,
        };
        let r = q.request();
        assert_eq!(
            r.path.as_str(),
            "/_synapse/admin/v1/users/%40alice%3Alocalhost/media"
        );
        assert_eq!(
            (
                r.query_value("from"),
                r.query_value("limit"),
                r.query_value("order_by"),
                r.query_value("dir")
            ),
            (Some("100"), Some("100"), Some("media_length"), Some("b"))
        );
        let page: UserMediaPage = decode(200, r#"{"media":[{"media_id":"OorJobSEHyeIwWiXZCSeMLPx","media_type":"application/octet-stream",
          "media_length":2048,"upload_name":null,"created_ts":1795371513823,"url_cache":null,"last_access_ts":null,
          "quarantined_by":null,"safe_from_quarantine":false,"user_id":"@alice:localhost","authenticated":1,
          "sha256":"fd68169176b67f0ef587803a207a0df9ed6fd52e51a7d8e05a94f8c2e9f7f7e9"}],"total":5,"next_token":2}"#).unwrap();
        assert_eq!(
            (page.total, page.next_token, page.media.len()),
            (5, Some(2), 1)
        );
        let last: UserMediaPage = decode(200, r#"{"media":[],"total":5}"#).unwrap();
        assert_eq!(last.next_token, None);
    }

    #[test]
    fn writes_use_the_right_paths() {
        let m = media();
        let path = |change| {
            ChangeFlag { media: &m, change }
                .request()
                .path
                .as_str()
                .to_owned()
        };
        assert_eq!(
            path(FlagChange::Quarantine),
            "/_synapse/admin/v1/media/quarantine/127.0.0.1%3A8448/abc_DEF-1"
        );
        assert_eq!(
            path(FlagChange::Unquarantine),
            "/_synapse/admin/v1/media/unquarantine/127.0.0.1%3A8448/abc_DEF-1"
        );
        assert_eq!(
            path(FlagChange::Protect),
            "/_synapse/admin/v1/media/protect/abc_DEF-1"
        );
        assert_eq!(
            path(FlagChange::Unprotect),
            "/_synapse/admin/v1/media/unprotect/abc_DEF-1"
        );
        assert_eq!(
            ChangeFlag {
                media: &m,
                change: FlagChange::Protect
            }
            .request()
            .method,
            Method::Post
        );
        let del = DeleteMedia(&m).request();
        assert_eq!(
            (del.method, del.path.as_str()),
            (
                Method::Delete,
                "/_synapse/admin/v1/media/127.0.0.1%3A8448/abc_DEF-1"
            )
        );
        let gone: DeletedMedia = decode(
            200,
            r#"{"deleted_media":["mROvDcCHKAOsbyMnSEMjKBOm"],"total":1}"#,
        )
        .unwrap();
        assert_eq!(gone.total, 1);
        assert_eq!(
            GetMedia(&m).request().path.as_str(),
            "/_synapse/admin/v1/media/127.0.0.1%3A8448/abc_DEF-1"
        );
    }

    #[test]
    fn bulk_calls() {
        let user = parse_user_id("@spam:localhost").unwrap();
        let q = QuarantineUserMedia(&user).request();
        assert_eq!(
            (q.method, q.path.as_str()),
            (
                Method::Post,
                "/_synapse/admin/v1/user/%40spam%3Alocalhost/media/quarantine"
            )
        );
        let room = parse_room_id("!r:localhost").unwrap();
        assert_eq!(
            QuarantineRoomMedia(&room).request().path.as_str(),
            "/_synapse/admin/v1/room/%21r%3Alocalhost/media/quarantine"
        );
        let n: Quarantined = decode(200, r#"{"num_quarantined":6}"#).unwrap();
        assert_eq!(n.num_quarantined, 6);
        let d = DeleteUserMediaPage {
            user_id: &user,
            limit: 250,
        }
        .request();
        assert_eq!(
            (d.method, d.path.as_str()),
            (
                Method::Delete,
                "/_synapse/admin/v1/users/%40spam%3Alocalhost/media"
            )
        );
        assert_eq!(
            (d.query_value("from"), d.query_value("limit")),
            (Some("0"), Some("250"))
        );
        let gone: DeletedMedia = decode(200, r#"{"deleted_media":["BoybgXcCsAwbQgkFiEbvivDa","XViRxGlwFcoiEHSadaoySwsi"],"total":2}"#).unwrap();
        assert_eq!(gone.deleted_media.len(), 2);
    }

    #[test]
    fn room_media_and_thumbnails() {
        let room = parse_room_id("!5mwSsX-K6eKqJwbVvHmqtrbglN0ZbC9stgviECayD9s").unwrap();
        assert_eq!(
            ListRoomMedia(&room).request().path.as_str(),
            "/_synapse/admin/v1/room/%215mwSsX-K6eKqJwbVvHmqtrbglN0ZbC9stgviECayD9s/media"
        );
        let lists: RoomMedia = decode(200, r#"{"local":["mxc://localhost/a","mxc://localhost/a"],"remote":["mxc://127.0.0.1:18448/PrnU"]}"#).unwrap();
        assert_eq!((lists.local.len(), lists.remote.len()), (2, 1));
        let m = media();
        let t = Thumbnail {
            media: &m,
            size: 96,
            bypass_quarantine: false,
        }
        .request();
        assert_eq!(
            t.path.as_str(),
            "/_matrix/client/v1/media/thumbnail/127.0.0.1%3A8448/abc_DEF-1"
        );
        assert_eq!(
            (t.query_value("width"), t.query_value("method")),
            (Some("96"), Some("scale"))
        );
        assert_eq!(t.query_value("admin_unsafely_bypass_quarantine"), None);
        let reveal = Thumbnail {
            media: &m,
            size: 96,
            bypass_quarantine: true,
        }
        .request();
        assert_eq!(
            reveal.query_value("admin_unsafely_bypass_quarantine"),
            Some("true")
        );
        assert!(reveal.authenticated);
    }
}
