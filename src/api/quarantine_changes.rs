//! `GET /_synapse/admin/v1/media/quarantine_changes` (Synapse 1.152+): every quarantine and
//! release of a media row, oldest first, in pages of 100 after a stream position.

use super::quirks::bool_or_int;
use super::{ApiPath, ApiRequest, Endpoint};
use crate::model::media::MediaRef;
use serde::Deserialize;

/// One page of the feed after stream position `from` (0 = the beginning).
pub struct QuarantineChanges {
    pub from: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QuarantineChangesPage {
    /// Where the next page starts (the current position when `changes` is empty).
    pub next_batch: u64,
    #[serde(default)]
    pub changes: Vec<QuarantineChange>,
}

/// One row touched: byte-identical copies and repeated quarantines each get a change.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QuarantineChange {
    /// The server name for local media, the origin server for remote media.
    pub origin: String,
    pub media_id: String,
    /// `true` for a quarantine, `false` for a release (`1`/`0` on SQLite).
    #[serde(deserialize_with = "bool_or_int")]
    pub quarantined: bool,
}

impl QuarantineChange {
    /// The file, when Synapse's origin and id make a valid mxc URI.
    pub fn media(&self) -> Option<MediaRef> {
        MediaRef::new(&self.origin, &self.media_id).ok()
    }
}

impl Endpoint for QuarantineChanges {
    type Response = QuarantineChangesPage;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/media/quarantine_changes"))
            .query("from", self.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, ApiError, Method};

    #[test]
    fn request_starts_from_the_given_position() {
        let r = QuarantineChanges { from: 6 }.request();
        assert_eq!(
            (r.method, r.path.as_str(), r.query_value("from")),
            (
                Method::Get,
                "/_synapse/admin/v1/media/quarantine_changes",
                Some("6")
            )
        );
        assert!(r.authenticated);
    }

    #[test]
    fn decodes_integer_booleans_and_empty_pages() {
        let page: QuarantineChangesPage = decode(
            200,
            r#"{"next_batch":6,"changes":[
              {"origin":"localhost","media_id":"zkvwQdUoRBsHAtpKxqIlqTfe","quarantined":1},
              {"origin":"127.0.0.1:8448","media_id":"zkvwQdUoRBsHAtpKxqIlqTfe","quarantined":0},
              {"origin":"localhost","media_id":"abc","quarantined":true}]}"#,
        )
        .unwrap();
        assert_eq!(page.next_batch, 6);
        let flags: Vec<bool> = page.changes.iter().map(|c| c.quarantined).collect();
        assert_eq!(flags, [true, false, true]);
        assert_eq!(
            page.changes[1].media().unwrap().mxc(),
            "mxc://127.0.0.1:8448/zkvwQdUoRBsHAtpKxqIlqTfe"
        );
        let empty: QuarantineChangesPage = decode(200, r#"{"next_batch":1,"changes":[]}"#).unwrap();
        assert_eq!((empty.next_batch, empty.changes.len()), (1, 0));
    }

    #[test]
    fn older_servers_and_future_positions_are_told_apart() {
        let old = decode::<QuarantineChangesPage>(
            404,
            r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
        )
        .unwrap_err();
        assert!(old.is_unrecognized());
        let future: ApiError = decode::<QuarantineChangesPage>(
            400,
            r#"{"errcode":"M_INVALID_PARAM","error":"The `from` token is considered invalid"}"#,
        )
        .unwrap_err();
        assert!(!future.is_unrecognized());
        assert_eq!(future.errcode(), Some("M_INVALID_PARAM"));
        assert!(!ApiError::from_response(404, r#"{"errcode":"M_NOT_FOUND"}"#).is_unrecognized());
    }
}
