//! Rooms: the paged list and one room's details.

use super::quirks::{bool_or_int, next_token};
use super::{ApiPath, ApiRequest, Endpoint};
use crate::model::{Page, RoomId, SortDir, UserId};
use serde::Deserialize;

/// Columns the rooms list can be sorted by (Synapse's `order_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoomOrder {
    #[default]
    Name,
    JoinedMembers,
    JoinedLocalMembers,
    Encryption,
    Creator,
}

impl RoomOrder {
    pub fn as_param(self) -> &'static str {
        match self {
            RoomOrder::Name => "name",
            RoomOrder::JoinedMembers => "joined_members",
            RoomOrder::JoinedLocalMembers => "joined_local_members",
            RoomOrder::Encryption => "encryption",
            RoomOrder::Creator => "creator",
        }
    }

    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("joined_members") => RoomOrder::JoinedMembers,
            Some("joined_local_members") => RoomOrder::JoinedLocalMembers,
            Some("encryption") => RoomOrder::Encryption,
            Some("creator") => RoomOrder::Creator,
            _ => RoomOrder::Name,
        }
    }
}

/// `GET /_synapse/admin/v1/rooms`: one page of the rooms this server knows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListRooms {
    pub page: Page,
    /// Matches room name, canonical alias or room id; blank means no filter.
    pub search: Option<String>,
    pub order: RoomOrder,
    pub dir: SortDir,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoomsPage {
    pub rooms: Vec<RoomSummary>,
    #[serde(default)]
    pub offset: u64,
    pub total_rooms: u64,
    #[serde(default, deserialize_with = "next_token")]
    pub next_batch: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoomSummary {
    pub room_id: RoomId,
    pub name: Option<String>,
    pub canonical_alias: Option<String>,
    #[serde(default)]
    pub joined_members: u64,
    #[serde(default)]
    pub joined_local_members: u64,
    pub version: Option<String>,
    pub creator: Option<String>,
    /// The encryption algorithm, or `None` for an unencrypted room.
    pub encryption: Option<String>,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub public: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub federatable: bool,
    pub join_rules: Option<String>,
    pub room_type: Option<String>,
    #[serde(default)]
    pub state_events: u64,
}

impl RoomSummary {
    pub fn is_encrypted(&self) -> bool {
        self.encryption.is_some()
    }
}

impl Endpoint for ListRooms {
    type Response = RoomsPage;
    fn request(&self) -> ApiRequest {
        let search = self
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/rooms"))
            .query("from", self.page.offset())
            .query("limit", self.page.size)
            .query("order_by", self.order.as_param())
            .query("dir", self.dir.as_param())
            .query_opt("search_term", search)
    }
}

/// `GET /_synapse/admin/v1/rooms/<room_id>`.
pub struct GetRoom<'a>(pub &'a RoomId);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoomDetails {
    #[serde(flatten)]
    pub summary: RoomSummary,
    pub topic: Option<String>,
    pub avatar: Option<String>,
    #[serde(default)]
    pub joined_local_devices: u64,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub forgotten: bool,
    #[serde(default, deserialize_with = "bool_or_int")]
    pub tombstoned: bool,
    pub history_visibility: Option<String>,
    pub guest_access: Option<String>,
}

impl Endpoint for GetRoom<'_> {
    type Response = RoomDetails;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/rooms").seg(self.0.as_str()))
    }
}

/// `GET /_synapse/admin/v1/rooms/<room_id>/members`: the users joined to the room now.
pub struct RoomMembers<'a>(pub &'a RoomId);

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Members {
    #[serde(default)]
    pub members: Vec<UserId>,
}

impl Endpoint for RoomMembers<'_> {
    type Response = Members;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(
            ApiPath::new("/_synapse/admin/v1/rooms")
                .seg(self.0.as_str())
                .lit("/members"),
        )
    }
}

impl crate::model::paging::Sorted for ListRooms {
    type Order = RoomOrder;
    fn sort_fields(&mut self) -> (&mut RoomOrder, &mut SortDir, &mut Page) {
        (&mut self.order, &mut self.dir, &mut self.page)
    }
    fn order_param(order: RoomOrder) -> &'static str {
        order.as_param()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode;
    use crate::model::ids::parse_room_id;

    const RECORDED: &str = r##"{"offset":0,"rooms":[{"room_id":"!5mwSsX-K6eKqJwbVvHmqtrbglN0ZbC9stgviECayD9s",
      "name":"Encrypted room","canonical_alias":null,"joined_members":2,"joined_local_members":2,"version":"12",
      "creator":"@alice:localhost","encryption":"m.megolm.v1.aes-sha2","federatable":true,"public":false,
      "join_rules":"invite","guest_access":"can_join","history_visibility":"shared","state_events":9,"room_type":null},
      {"room_id":"!pub:localhost","name":"Public unencrypted","canonical_alias":"#pub:localhost","joined_members":3,
      "joined_local_members":3,"version":"10","creator":"@alice:localhost","encryption":null,"federatable":1,
      "public":1,"join_rules":"public","guest_access":null,"history_visibility":"shared","state_events":7,
      "room_type":null}],"total_rooms":2}"##;

    #[test]
    fn list_decodes_encryption_and_v12_ids() {
        let page: RoomsPage = decode(200, RECORDED).unwrap();
        assert_eq!(page.total_rooms, 2);
        assert_eq!(page.next_batch, None);
        assert!(page.rooms[0].is_encrypted());
        assert!(!page.rooms[1].is_encrypted());
        assert!(page.rooms[1].public);
        assert_eq!(
            page.rooms[0].room_id.as_str(),
            "!5mwSsX-K6eKqJwbVvHmqtrbglN0ZbC9stgviECayD9s"
        );
    }

    #[test]
    fn list_query_and_details_path() {
        let r = ListRooms {
            page: Page {
                index: 1,
                size: 100,
            },
            search: Some("town".into()),
            order: RoomOrder::JoinedMembers,
            dir: SortDir::Backward,
        }
        .request();
        assert_eq!(r.url(&crate::model::HomeserverUrl::parse("http://h").unwrap()),
            "http://h/_synapse/admin/v1/rooms?from=100&limit=100&order_by=joined_members&dir=b&search_term=town");
        let id = parse_room_id("!a/b:ex.org").unwrap();
        assert_eq!(
            GetRoom(&id).request().path.as_str(),
            "/_synapse/admin/v1/rooms/%21a%2Fb%3Aex.org"
        );
        let details: RoomDetails = decode(200, r#"{"room_id":"!x","name":null,"canonical_alias":null,"joined_members":1,
          "joined_local_members":1,"version":"12","creator":"@a:b","encryption":null,"federatable":true,"public":false,
          "join_rules":"invite","guest_access":null,"history_visibility":"shared","state_events":5,"room_type":null,
          "avatar":"mxc://b/c","topic":"t","joined_local_devices":1,"forgotten":false,"tombstoned":0}"#).unwrap();
        assert_eq!(details.topic.as_deref(), Some("t"));
        assert_eq!(details.summary.room_id.as_str(), "!x");
    }
}
