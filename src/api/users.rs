//! Local users: the paged list and one user's account.

use super::quirks::{bool_or_int, next_token, secs_as_ms};
use super::{ApiPath, ApiRequest, Endpoint};
use crate::model::{Page, SortDir, TimestampMs, UserId};
use serde::Deserialize;

/// Columns the users list can be sorted by (Synapse's `order_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserOrder {
    #[default]
    Name,
    DisplayName,
    CreationTime,
}

impl UserOrder {
    pub fn as_param(self) -> &'static str {
        match self {
            UserOrder::Name => "name",
            UserOrder::DisplayName => "displayname",
            UserOrder::CreationTime => "creation_ts",
        }
    }

    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("displayname") => UserOrder::DisplayName,
            Some("creation_ts") => UserOrder::CreationTime,
            _ => UserOrder::Name,
        }
    }
}

/// `GET /_synapse/admin/v2/users`: one page of local accounts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListUsers {
    pub page: Page,
    /// Matches the user id's localpart or the display name; blank means no filter.
    pub search: Option<String>,
    /// Include guest accounts (Synapse's default).
    pub guests: bool,
    /// Include deactivated accounts (left out by Synapse's default).
    pub deactivated: bool,
    pub order: UserOrder,
    pub dir: SortDir,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UsersPage {
    pub users: Vec<UserSummary>,
    pub total: u64,
    #[serde(default, deserialize_with = "next_token")]
    pub next_token: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserSummary {
    pub name: UserId,
    pub displayname: Option<String>,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub admin: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub deactivated: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub is_guest: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub locked: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub shadow_banned: bool,
    /// Milliseconds in this endpoint.
    pub creation_ts: Option<TimestampMs>,
    pub last_seen_ts: Option<TimestampMs>,
    pub user_type: Option<String>,
}

impl Endpoint for ListUsers {
    type Response = UsersPage;
    fn request(&self) -> ApiRequest {
        let search = self
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        ApiRequest::get(ApiPath::new("/_synapse/admin/v2/users"))
            .query("from", self.page.offset())
            .query("limit", self.page.size)
            .query_opt("name", search)
            .query("guests", self.guests)
            .query("deactivated", self.deactivated)
            .query("order_by", self.order.as_param())
            .query("dir", self.dir.as_param())
    }
}

/// `GET /_synapse/admin/v2/users/<user_id>`: one account in full.
pub struct GetUser<'a>(pub &'a UserId);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserDetails {
    pub name: UserId,
    pub displayname: Option<String>,
    pub avatar_url: Option<String>,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub admin: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub deactivated: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub is_guest: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub locked: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub shadow_banned: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub erased: bool,
    /// Seconds in this endpoint, unlike the list: converted here.
    #[serde(default, deserialize_with = "secs_as_ms")]
    pub creation_ts: Option<TimestampMs>,
    pub last_seen_ts: Option<TimestampMs>,
    pub user_type: Option<String>,
    pub appservice_id: Option<String>,
    #[serde(default)]
    pub threepids: Vec<ThreePid>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ThreePid {
    pub medium: String,
    pub address: String,
}

impl Endpoint for GetUser<'_> {
    type Response = UserDetails;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v2/users").seg(self.0.as_str()))
    }
}

impl crate::model::paging::Sorted for ListUsers {
    type Order = UserOrder;
    fn sort_fields(&mut self) -> (&mut UserOrder, &mut SortDir, &mut Page) {
        (&mut self.order, &mut self.dir, &mut self.page)
    }
    fn order_param(order: UserOrder) -> &'static str {
        order.as_param()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, Method};
    use crate::model::ids::parse_user_id;

    #[test]
    fn list_query_carries_paging_search_filters_and_sort() {
        let q = ListUsers {
            page: Page { index: 2, size: 25 },
            search: Some("  ali ".into()),
            guests: false,
            deactivated: true,
            order: UserOrder::CreationTime,
            dir: SortDir::Backward,
        };
        let r = q.request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Get, "/_synapse/admin/v2/users")
        );
        assert_eq!(r.query_value("from"), Some("50"));
        assert_eq!(r.query_value("limit"), Some("25"));
        assert_eq!(r.query_value("name"), Some("ali"));
        assert_eq!(r.query_value("guests"), Some("false"));
        assert_eq!(r.query_value("deactivated"), Some("true"));
        assert_eq!(r.query_value("order_by"), Some("creation_ts"));
        assert_eq!(r.query_value("dir"), Some("b"));
        let blank = ListUsers {
            search: Some("  ".into()),
            ..Default::default()
        }
        .request();
        assert_eq!(blank.query_value("name"), None);
    }

    #[test]
    fn list_decodes_a_recorded_page_with_string_token() {
        let body = r#"{"users":[{"name":"@admin:localhost","user_type":null,"is_guest":false,"admin":true,
          "deactivated":false,"shadow_banned":false,"displayname":"Admin","avatar_url":null,
          "creation_ts":1795371510000,"erased":false,"last_seen_ts":null,"locked":false},
          {"name":"@alice:localhost","user_type":null,"is_guest":0,"admin":0,"deactivated":0,
          "shadow_banned":0,"displayname":null,"avatar_url":null,"creation_ts":1795371511000,
          "erased":0,"last_seen_ts":null,"locked":0}],"total":4,"next_token":"2"}"#;
        let page: UsersPage = decode(200, body).unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.next_token, Some(2));
        assert!(page.users[0].admin);
        assert!(!page.users[1].admin);
        assert_eq!(
            page.users[1].creation_ts,
            Some(TimestampMs(1_795_371_511_000))
        );
        assert_eq!(page.users[0].displayname.as_deref(), Some("Admin"));
    }

    #[test]
    fn details_convert_seconds_and_encode_the_id() {
        let uid = parse_user_id("@we/ird?#:localhost").unwrap();
        assert_eq!(
            GetUser(&uid).request().path.as_str(),
            "/_synapse/admin/v2/users/%40we%2Fird%3F%23%3Alocalhost"
        );
        let body = r#"{"name":"@alice:localhost","displayname":"Alice","threepids":[],"avatar_url":"mxc://localhost/abc",
          "is_guest":0,"admin":0,"deactivated":0,"erased":false,"shadow_banned":0,"creation_ts":1795371512,
          "appservice_id":null,"consent_server_notice_sent":null,"consent_version":null,"consent_ts":null,
          "external_ids":[],"last_seen_ts":null,"locked":false,"suspended":false,"user_type":null}"#;
        let d: UserDetails = decode(200, body).unwrap();
        assert_eq!(d.creation_ts, Some(TimestampMs(1_795_371_512_000)));
        assert_eq!(d.avatar_url.as_deref(), Some("mxc://localhost/abc"));
    }
}
