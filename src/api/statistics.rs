//! Who stores what: `GET /_synapse/admin/v1/statistics/users/media`.

use super::quirks::next_token;
use super::{ApiPath, ApiRequest, Endpoint};
use crate::model::csv::push_row;
use crate::model::cutoff::DayRange;
use crate::model::{ByteSize, Page, SortDir, UserId};
use serde::Deserialize;

/// Columns the statistics can be sorted by (Synapse's `order_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatsOrder {
    UserId,
    DisplayName,
    #[default]
    Bytes,
    Files,
}

impl StatsOrder {
    pub fn as_param(self) -> &'static str {
        match self {
            StatsOrder::UserId => "user_id",
            StatsOrder::DisplayName => "displayname",
            StatsOrder::Bytes => "media_length",
            StatsOrder::Files => "media_count",
        }
    }

    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("user_id") => StatsOrder::UserId,
            Some("displayname") => StatsOrder::DisplayName,
            Some("media_count") => StatsOrder::Files,
            _ => StatsOrder::Bytes,
        }
    }
}

/// One page of users with uploads, and how much they store; only local users with at least one
/// file are listed. The date range filters on upload time.
#[derive(Debug, Clone, PartialEq)]
pub struct UserMediaStats {
    pub page: Page,
    pub order: StatsOrder,
    pub dir: SortDir,
    /// Matches the user id's localpart or the display name; blank is no filter (Synapse
    /// refuses an empty `search_term`).
    pub search: Option<String>,
    pub range: DayRange,
}

impl Default for UserMediaStats {
    /// The biggest first, as an admin looking for space wants it.
    fn default() -> Self {
        UserMediaStats {
            page: Page::default(),
            order: StatsOrder::Bytes,
            dir: SortDir::Backward,
            search: None,
            range: DayRange::default(),
        }
    }
}

impl UserMediaStats {
    pub fn search_term(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The same filter, `n` biggest users by bytes (for the chart).
    pub fn top_by_bytes(&self, n: u32) -> Self {
        UserMediaStats {
            page: Page { index: 0, size: n },
            order: StatsOrder::Bytes,
            dir: SortDir::Backward,
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserMediaStatsPage {
    pub users: Vec<UserMediaUsage>,
    /// Users matching the filter, over all pages.
    pub total: u64,
    #[serde(default, deserialize_with = "next_token")]
    pub next_token: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserMediaUsage {
    pub user_id: UserId,
    pub displayname: Option<String>,
    pub media_count: u64,
    pub media_length: ByteSize,
}

impl Endpoint for UserMediaStats {
    type Response = UserMediaStatsPage;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/statistics/users/media"))
            .query("from", self.page.offset())
            .query("limit", self.page.size)
            .query("order_by", self.order.as_param())
            .query("dir", self.dir.as_param())
            .query_opt("search_term", self.search_term())
            .query_opt("from_ts", self.range.from_ts().map(|t| t.0))
            .query_opt("until_ts", self.range.until_ts().map(|t| t.0))
    }
}

/// The statistics as CSV: `user_id,displayname,media_count,media_length` (bytes, exact).
pub fn to_csv(rows: &[UserMediaUsage]) -> String {
    let mut out = String::from("user_id,displayname,media_count,media_length\r\n");
    for r in rows {
        let (count, bytes) = (r.media_count.to_string(), r.media_length.0.to_string());
        push_row(
            &mut out,
            &[
                r.user_id.as_str(),
                r.displayname.as_deref().unwrap_or(""),
                &count,
                &bytes,
            ],
        );
    }
    out
}

impl crate::model::paging::Sorted for UserMediaStats {
    type Order = StatsOrder;
    fn sort_fields(&mut self) -> (&mut StatsOrder, &mut SortDir, &mut Page) {
        (&mut self.order, &mut self.dir, &mut self.page)
    }
    fn order_param(order: StatsOrder) -> &'static str {
        order.as_param()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, Method};

    #[test]
    fn the_query_carries_paging_sort_search_and_whole_days() {
        let q = UserMediaStats {
            page: Page { index: 1, size: 25 },
            order: StatsOrder::Files,
            dir: SortDir::Forward,
            search: Some(" car ".into()),
            range: DayRange::parse(Some("2026-11-01"), Some("2026-11-02")),
        };
        let r = q.request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Get, "/_synapse/admin/v1/statistics/users/media")
        );
        assert_eq!(r.query_value("from"), Some("25"));
        assert_eq!(r.query_value("limit"), Some("25"));
        assert_eq!(r.query_value("order_by"), Some("media_count"));
        assert_eq!(r.query_value("dir"), Some("f"));
        assert_eq!(r.query_value("search_term"), Some("car"));
        assert_eq!(r.query_value("from_ts"), Some("1793491200000"));
        assert_eq!(r.query_value("until_ts"), Some("1793663999999"));
    }

    #[test]
    fn blank_search_and_open_range_are_not_sent() {
        let r = UserMediaStats {
            search: Some("   ".into()),
            ..Default::default()
        }
        .request();
        for key in ["search_term", "from_ts", "until_ts"] {
            assert_eq!(r.query_value(key), None, "{key}");
        }
        assert_eq!(r.query_value("order_by"), Some("media_length"));
        assert_eq!(r.query_value("dir"), Some("b"));
        let top = UserMediaStats::default().top_by_bytes(10).request();
        assert_eq!(top.query_value("limit"), Some("10"));
        assert_eq!(top.query_value("from"), Some("0"));
        for p in ["user_id", "displayname", "media_length", "media_count"] {
            assert_eq!(StatsOrder::from_param(Some(p)).as_param(), p);
        }
    }

    #[test]
    fn sorting_another_way_starts_from_the_first_page_and_keeps_the_filter() {
        use crate::model::paging::Sorted;
        let q = UserMediaStats {
            page: Page { index: 3, size: 25 },
            search: Some("car".into()),
            ..Default::default()
        };
        assert_eq!(q.sorting(), (StatsOrder::Bytes, SortDir::Backward));
        let s = q.sorted(StatsOrder::Files, SortDir::Forward);
        assert_eq!(s.sorting(), (StatsOrder::Files, SortDir::Forward));
        assert_eq!(s.page, Page { index: 0, size: 25 });
        assert_eq!(s.search.as_deref(), Some("car"));
    }

    #[test]
    fn a_recorded_page_decodes_with_its_integer_token_and_exports_as_csv() {
        let body = r#"{"users":[{"user_id":"@alice:localhost","displayname":"Alice","media_count":75,
          "media_length":2454123},{"user_id":"@dave:localhost","displayname":null,"media_count":2,
          "media_length":3000}],"total":3,"next_token":2}"#;
        let page: UserMediaStatsPage = decode(200, body).unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.next_token, Some(2));
        assert_eq!(page.users[0].media_length, ByteSize(2_454_123));
        assert_eq!(page.users[1].displayname, None);
        let last: UserMediaStatsPage = decode(200, r#"{"users":[],"total":0}"#).unwrap();
        assert_eq!(last.next_token, None);
        assert_eq!(
            to_csv(&page.users),
            "user_id,displayname,media_count,media_length\r\n\
             @alice:localhost,Alice,75,2454123\r\n@dave:localhost,,2,3000\r\n"
        );
    }
}
