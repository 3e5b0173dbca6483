//! The two server-wide sweeps: the remote media cache by last access, and local media by last
//! access and size. Both take milliseconds; Synapse refuses seconds as "from the year 1970".

use super::media::DeletedMedia;
use super::{ApiPath, ApiRequest, Endpoint};
use crate::model::sweep::LocalSweep;
use crate::model::TimestampMs;
use serde::Deserialize;

/// `POST /_synapse/admin/v1/purge_media_cache?before_ts=`: drops this server's cached copies of
/// remote media last accessed before the cutoff. Local media is never touched; quarantined
/// copies are skipped.
pub struct PurgeMediaCache {
    pub before: TimestampMs,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Purged {
    /// Synapse's key is `deleted`, not `total`.
    pub deleted: u64,
}

impl Endpoint for PurgeMediaCache {
    type Response = Purged;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(ApiPath::new("/_synapse/admin/v1/purge_media_cache"))
            .query("before_ts", self.before.0)
    }
}

/// `POST /_synapse/admin/v1/media/delete?before_ts=&size_gt=&keep_profiles=`: deletes local
/// media by [`LocalSweep`]'s rule; quarantined and protected files are always kept.
pub struct DeleteLocalMedia(pub LocalSweep);

impl Endpoint for DeleteLocalMedia {
    type Response = DeletedMedia;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(ApiPath::new("/_synapse/admin/v1/media/delete"))
            .query("before_ts", self.0.before.0)
            .query("size_gt", self.0.size_gt.0)
            .query("keep_profiles", self.0.keep_profiles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, ApiError, Method};
    use crate::model::ByteSize;

    #[test]
    fn purge_sends_milliseconds_and_reads_deleted() {
        let r = PurgeMediaCache {
            before: TimestampMs(1_795_371_510_000),
        }
        .request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Post, "/_synapse/admin/v1/purge_media_cache")
        );
        assert_eq!(r.query_value("before_ts"), Some("1795371510000"));
        let got: Purged = decode(200, r#"{"deleted":1}"#).unwrap();
        assert_eq!(got.deleted, 1);
    }

    #[test]
    fn local_delete_sends_every_filter_and_reads_the_ids() {
        let r = DeleteLocalMedia(LocalSweep {
            before: TimestampMs(1_795_371_510_000),
            size_gt: ByteSize(2048),
            keep_profiles: false,
        })
        .request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Post, "/_synapse/admin/v1/media/delete")
        );
        assert_eq!(r.query_value("before_ts"), Some("1795371510000"));
        assert_eq!(r.query_value("size_gt"), Some("2048"));
        assert_eq!(r.query_value("keep_profiles"), Some("false"));
        let got: DeletedMedia = decode(
            200,
            r#"{"deleted_media":["OorJobAAA","OorJobBBB"],"total":2}"#,
        )
        .unwrap();
        assert_eq!(got.deleted_media, ["OorJobAAA", "OorJobBBB"]);
        assert_eq!(got.total, 2);
    }

    #[test]
    fn a_seconds_cutoff_is_a_clear_error() {
        let body = r#"{"errcode":"M_INVALID_PARAM","error":"Query parameter before_ts you provided is from the year 1970. Double check that you are providing a timestamp in milliseconds."}"#;
        let err = decode::<Purged>(400, body).unwrap_err();
        assert!(matches!(err, ApiError::Http { status: 400, .. }), "{err:?}");
        assert!(err.to_string().contains("milliseconds"), "{err}");
    }
}
