//! The server at a glance (`/`): what is stored and by whom, from Synapse's media statistics,
//! and the latest quarantine changes, from its change feed. Plain reads over [`AdminApi`].

use crate::api::quarantine_changes::{QuarantineChange, QuarantineChanges};
use crate::api::statistics::{StatsOrder, UserMediaStats, UserMediaUsage};
use crate::api::{call, AdminApi, ApiError};
use crate::model::{ByteSize, Page, SortDir};
use std::collections::VecDeque;

/// Pages of 1000 uploaders summed at most: beyond, the totals are "at least".
pub const TOTAL_PAGES_UP_TO: u32 = 20;

/// Local media stored, summed over the uploaders Synapse's statistics list.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaTotals {
    pub files: u64,
    pub bytes: ByteSize,
    /// Users with at least one local file.
    pub uploaders: u64,
    /// False when there were more uploaders than [`TOTAL_PAGES_UP_TO`] pages: the sums are
    /// of the biggest ones only.
    pub complete: bool,
    /// The biggest uploaders by bytes, biggest first.
    pub top: Vec<UserMediaUsage>,
}

/// Reads the statistics biggest first, 1000 uploaders a page.
pub async fn media_totals(api: &dyn AdminApi, top: usize) -> Result<MediaTotals, ApiError> {
    let mut totals = MediaTotals {
        files: 0,
        bytes: ByteSize(0),
        uploaders: 0,
        complete: false,
        top: Vec::new(),
    };
    let mut seen = 0u64;
    for index in 0..TOTAL_PAGES_UP_TO {
        let page = call(
            api,
            &UserMediaStats {
                page: Page { index, size: 1000 },
                order: StatsOrder::Bytes,
                dir: SortDir::Backward,
                ..UserMediaStats::default()
            },
        )
        .await?;
        totals.uploaders = page.total;
        let n = page.users.len() as u64;
        seen += n;
        for u in page.users {
            totals.files += u.media_count;
            totals.bytes = ByteSize(totals.bytes.0 + u.media_length.0);
            if totals.top.len() < top {
                totals.top.push(u);
            }
        }
        if n == 0 || seen >= page.total {
            totals.complete = true;
            break;
        }
    }
    Ok(totals)
}

/// The feed's newest changes.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestChanges {
    /// Changes in the feed in all.
    pub total: u64,
    /// Up to the asked number, newest first.
    pub newest: Vec<QuarantineChange>,
}

/// Walks the quarantine change feed to its end (pages of 100), keeping the last `n` changes.
/// `None` when the server has no feed (Synapse before 1.152).
pub async fn latest_quarantine_changes(
    api: &dyn AdminApi,
    n: usize,
) -> Result<Option<LatestChanges>, ApiError> {
    let mut last: VecDeque<QuarantineChange> = VecDeque::with_capacity(n + 100);
    let mut total = 0u64;
    let mut from = 0u64;
    loop {
        let page = match call(api, &QuarantineChanges { from }).await {
            Ok(page) => page,
            Err(e) if e.is_unrecognized() => return Ok(None),
            Err(e) => return Err(e),
        };
        if page.changes.is_empty() || page.next_batch <= from {
            break;
        }
        total += page.changes.len() as u64;
        last.extend(page.changes);
        while last.len() > n {
            last.pop_front();
        }
        from = page.next_batch;
    }
    Ok(Some(LatestChanges {
        total,
        newest: last.into_iter().rev().collect(),
    }))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::replay::Replay;

    fn stats(users: &[(&str, u64, u64)], total: u64) -> String {
        let users: Vec<String> = users
            .iter()
            .map(|(u, n, b)| {
                format!(
                    r#"{{"user_id":"{u}","displayname":null,"media_count":{n},"media_length":{b}}}"#
                )
            })
            .collect();
        format!(r#"{{"users":[{}],"total":{total}}}"#, users.join(","))
    }

    #[tokio::test]
    async fn totals_sum_every_uploader_and_keep_the_biggest() {
        let api = Replay::new();
        let first: Vec<(String, u64, u64)> = (0..1000)
            .map(|i| (format!("@u{i:04}:hs"), 2, 10_000 - i))
            .collect();
        let first: Vec<(&str, u64, u64)> =
            first.iter().map(|(u, n, b)| (u.as_str(), *n, *b)).collect();
        api.on(
            "GET /_synapse/admin/v1/statistics/users/media?from=0&limit=1000&order_by=media_length&dir=b",
            200,
            &stats(&first, 1001),
        );
        api.on(
            "GET /_synapse/admin/v1/statistics/users/media?from=1000&limit=1000&order_by=media_length&dir=b",
            200,
            &stats(&[("@last:hs", 1, 7)], 1001),
        );
        let t = media_totals(&api, 3).await.unwrap();
        assert_eq!(t.files, 2001);
        assert_eq!(t.bytes.0, (9_001..=10_000).sum::<u64>() + 7);
        assert_eq!(t.uploaders, 1001);
        assert!(t.complete);
        let top: Vec<&str> = t.top.iter().map(|u| u.user_id.as_str()).collect();
        assert_eq!(top, ["@u0000:hs", "@u0001:hs", "@u0002:hs"]);
    }

    #[tokio::test]
    async fn the_latest_changes_are_the_feeds_end_newest_first() {
        let api = Replay::new();
        let change =
            |i: u32, q: bool| format!(r#"{{"origin":"hs","media_id":"m{i}","quarantined":{q}}}"#);
        let page1: Vec<String> = (0..100).map(|i| change(i, true)).collect();
        api.on(
            "GET /_synapse/admin/v1/media/quarantine_changes?from=0",
            200,
            &format!(r#"{{"next_batch":100,"changes":[{}]}}"#, page1.join(",")),
        );
        api.on(
            "GET /_synapse/admin/v1/media/quarantine_changes?from=100",
            200,
            &format!(
                r#"{{"next_batch":102,"changes":[{},{}]}}"#,
                change(100, true),
                change(101, false)
            ),
        );
        api.on(
            "GET /_synapse/admin/v1/media/quarantine_changes?from=102",
            200,
            r#"{"next_batch":102,"changes":[]}"#,
        );
        let latest = latest_quarantine_changes(&api, 3).await.unwrap().unwrap();
        assert_eq!(latest.total, 102);
        let ids: Vec<(&str, bool)> = latest
            .newest
            .iter()
            .map(|c| (c.media_id.as_str(), c.quarantined))
            .collect();
        assert_eq!(ids, [("m101", false), ("m100", true), ("m99", true)]);
    }

    #[tokio::test]
    async fn a_server_without_the_feed_is_said_so() {
        let api = Replay::new();
        api.on(
            "GET /_synapse/admin/v1/media/quarantine_changes?from=0",
            404,
            r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
        );
        assert_eq!(latest_quarantine_changes(&api, 5).await.unwrap(), None);
    }
}
