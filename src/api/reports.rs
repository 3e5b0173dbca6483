//! Reports: `event_reports` (a message reported by a user), `user_reports` (a user reported by
//! another, Synapse 1.152+), and `fetch_event` (an event as the server holds it).

use super::quirks::next_token;
use super::{ApiPath, ApiRequest, Empty, Endpoint, Method};
use crate::model::{Page, RoomId, TimestampMs, UserId};
use serde::Deserialize;
use std::fmt;

/// A report's number, as Synapse gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(transparent)]
pub struct ReportId(pub u64);

impl ReportId {
    /// Parses a report number from a URL; refuses anything else.
    pub fn parse(s: &str) -> Result<Self, String> {
        s.trim()
            .parse()
            .map(ReportId)
            .map_err(|_| crate::i18n::tf(crate::i18n::T::MsgNotReportNumber, &[("input", s)]))
    }
}

impl fmt::Display for ReportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The filters of the event report list (all optional; Synapse matches them exactly).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    pub room: Option<RoomId>,
    pub reporter: Option<UserId>,
    pub sender: Option<UserId>,
}

/// `GET /_synapse/admin/v1/event_reports`: one page, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ListEventReports {
    pub page: Page,
    pub filter: ReportFilter,
}

/// One row of the event report list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventReport {
    pub id: ReportId,
    pub received_ts: TimestampMs,
    pub room_id: RoomId,
    /// The room's name, when it has one (untrusted text).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub canonical_alias: Option<String>,
    pub event_id: String,
    /// The user who reported.
    pub user_id: UserId,
    /// The sender of the reported event.
    pub sender: UserId,
    #[serde(default)]
    pub reason: Option<String>,
    /// -100 (most offensive) to 0; absent when the reporter gave none.
    #[serde(default)]
    pub score: Option<i64>,
}

impl EventReport {
    /// The room as the admin reads it: its name, else its alias, else its id.
    pub fn room_label(&self) -> String {
        match (self.name.as_deref(), self.canonical_alias.as_deref()) {
            (Some(n), _) if !n.is_empty() => n.to_owned(),
            (_, Some(a)) if !a.is_empty() => a.to_owned(),
            _ => self.room_id.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventReportPage {
    #[serde(default)]
    pub event_reports: Vec<EventReport>,
    pub total: u64,
    #[serde(default, deserialize_with = "next_token")]
    pub next_token: Option<u64>,
}

impl Endpoint for ListEventReports {
    type Response = EventReportPage;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/event_reports"))
            .query("from", self.page.offset())
            .query("limit", self.page.size)
            .query("dir", "b")
            .query_opt("room_id", self.filter.room.as_ref())
            .query_opt("user_id", self.filter.reporter.as_ref())
            .query_opt("event_sender_user_id", self.filter.sender.as_ref())
    }
}

/// `GET /_synapse/admin/v1/event_reports?limit=1`, for the count of open reports only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountEventReports(pub ReportFilter);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ReportCount {
    pub total: u64,
}

impl Endpoint for CountEventReports {
    type Response = ReportCount;
    fn request(&self) -> ApiRequest {
        ListEventReports {
            page: Page { index: 0, size: 1 },
            filter: self.0.clone(),
        }
        .request()
    }
}

/// `GET /_synapse/admin/v1/event_reports/<id>`: the report with the raw event.
pub struct GetEventReport(pub ReportId);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventReportDetail {
    #[serde(flatten)]
    pub report: EventReport,
    /// The reported event as the report holds it (untrusted JSON); `null` if the server lost it.
    #[serde(default)]
    pub event_json: serde_json::Value,
}

impl Endpoint for GetEventReport {
    type Response = EventReportDetail;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/event_reports").seg(&self.0.to_string()))
    }
}

/// `DELETE /_synapse/admin/v1/event_reports/<id>`: dismisses the report (the event stays).
pub struct DismissEventReport(pub ReportId);

impl Endpoint for DismissEventReport {
    type Response = Empty;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(
            Method::Delete,
            ApiPath::new("/_synapse/admin/v1/event_reports").seg(&self.0.to_string()),
        )
    }
}

/// `GET /_synapse/admin/v1/fetch_event/<event_id>`: the event as the server holds it; a
/// redacted event keeps its content for admins until the redaction retention period ends.
pub struct FetchEvent<'a>(pub &'a str);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FetchedEvent {
    pub event: serde_json::Value,
}

impl Endpoint for FetchEvent<'_> {
    type Response = FetchedEvent;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/fetch_event").seg(self.0))
    }
}

/// `GET /_synapse/admin/v1/rooms/<room_id>/context/<event_id>`: the event as the room shows
/// it now (pruned and marked once redacted), seen with admin rights.
pub struct EventContext<'a> {
    pub room: &'a RoomId,
    pub event_id: &'a str,
}

impl Endpoint for EventContext<'_> {
    type Response = FetchedEvent;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(
            ApiPath::new("/_synapse/admin/v1/rooms")
                .seg(self.room.as_str())
                .lit("/context")
                .seg(self.event_id),
        )
        .query("limit", 1)
    }
}

/// `GET /_synapse/admin/v1/user_reports` (Synapse 1.152+): one page, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ListUserReports {
    pub page: Page,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserReport {
    pub id: ReportId,
    pub received_ts: TimestampMs,
    /// The user who was reported.
    pub target_user_id: UserId,
    /// The user who reported.
    pub user_id: UserId,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserReportPage {
    #[serde(default)]
    pub user_reports: Vec<UserReport>,
    pub total: u64,
    #[serde(default, deserialize_with = "next_token")]
    pub next_token: Option<u64>,
}

impl Endpoint for ListUserReports {
    type Response = UserReportPage;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/user_reports"))
            .query("from", self.page.offset())
            .query("limit", self.page.size)
            .query("dir", "b")
    }
}

#[cfg(test)]
#[path = "reports_tests.rs"]
mod tests;
