//! The reports page's state in its URL (`/reports?sender=…&page=2`), so back/forward, reload
//! and links from a user's or a room's page land on the same list.

use crate::api::reports::{ListEventReports, ReportFilter};
use crate::model::ids::{parse_room_id, parse_user_id};
use crate::model::route::with_query;
use crate::model::{Page, RoomId, UserId};

/// Which list the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportTab {
    #[default]
    Events,
    Users,
}

/// Reads the list from URL query values; a filter that is not a valid id is refused with the
/// reason (the list is not asked for then: an unfiltered list is not what the link meant).
pub fn from_query(
    page: Option<&str>,
    size: Option<&str>,
    room: Option<&str>,
    reporter: Option<&str>,
    sender: Option<&str>,
) -> Result<ListEventReports, String> {
    let present = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let filter = ReportFilter {
        room: present(room)
            .map(|r| parse_room_id(&r))
            .transpose()
            .map_err(|e| e.to_string())?,
        reporter: present(reporter)
            .map(|u| parse_user_id(&u))
            .transpose()
            .map_err(|e| e.to_string())?,
        sender: present(sender)
            .map(|u| parse_user_id(&u))
            .transpose()
            .map_err(|e| e.to_string())?,
    };
    Ok(ListEventReports {
        page: Page::from_query(page, size),
        filter,
    })
}

/// The URL of a list (defaults left out).
pub fn href(q: &ListEventReports) -> String {
    let s = |v: Option<String>| v.unwrap_or_default();
    let mut params = vec![
        ("room", s(q.filter.room.as_ref().map(ToString::to_string))),
        (
            "reporter",
            s(q.filter.reporter.as_ref().map(ToString::to_string)),
        ),
        (
            "sender",
            s(q.filter.sender.as_ref().map(ToString::to_string)),
        ),
    ];
    params.extend(q.page.query_values());
    with_query("/reports", &params)
}

/// The reports about messages a user sent.
pub fn sender_href(user: &UserId) -> String {
    with_query("/reports", &[("sender", user.to_string())])
}

/// The reports about messages in a room.
pub fn room_href(room: &RoomId) -> String {
    with_query("/reports", &[("room", room.to_string())])
}

/// One report's page.
pub fn report_href(id: crate::api::reports::ReportId) -> String {
    format!("/reports/{id}")
}

pub fn user_reports_href() -> String {
    with_query("/reports", &[("tab", "users".into())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_url_and_bad_ids_are_refused() {
        let q = from_query(
            Some("2"),
            None,
            Some("!r:localhost"),
            None,
            Some("@mallory:localhost"),
        )
        .unwrap();
        assert_eq!(q.page.index, 1);
        let url = href(&q);
        assert_eq!(
            url,
            "/reports?room=%21r%3Alocalhost&sender=%40mallory%3Alocalhost&page=2"
        );
        let none = from_query(None, None, Some(" "), Some(""), None).unwrap();
        assert_eq!(none.filter, ReportFilter::default());
        assert_eq!(href(&none), "/reports");
        let bad = from_query(None, None, None, Some("mallory"), None).unwrap_err();
        assert!(bad.contains("not a valid Matrix user id"), "{bad}");
        assert_eq!(
            sender_href(&parse_user_id("@a:b").unwrap()),
            "/reports?sender=%40a%3Ab"
        );
        assert_eq!(user_reports_href(), "/reports?tab=users");
    }
}
