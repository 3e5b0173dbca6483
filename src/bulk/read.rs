//! The reads behind a bulk preview: a user's every file, a room's files with who uploaded
//! them, and who is in the room.

use crate::api::media::{GetMedia, ListRoomMedia, ListUserMedia};
use crate::api::rooms::RoomMembers;
use crate::api::users::GetUser;
use crate::api::{call, AdminApi, ApiError};
use crate::model::media::{dedupe_mxcs, MediaInfo, MediaRef};
use crate::model::{Page, RoomId, UserId};
use futures_util::stream::{self, StreamExt};
use std::collections::{BTreeMap, BTreeSet};

/// Everything a user has uploaded, read in pages of 1000.
pub async fn all_user_media(api: &dyn AdminApi, user: &UserId) -> Result<Vec<MediaInfo>, ApiError> {
    let mut out = Vec::new();
    let mut page = Page {
        index: 0,
        size: 1000,
    };
    loop {
        let got = call(api, &ListUserMedia::newest_first(user.clone(), page)).await?;
        let n = got.media.len();
        out.extend(got.media);
        if n == 0 || out.len() as u64 >= got.total {
            return Ok(out);
        }
        page.index += 1;
    }
}

/// How many files a user has now (`GET users/<id>/media?limit=1` → `total`).
pub async fn user_media_count(api: &dyn AdminApi, user: &UserId) -> Result<u64, ApiError> {
    let one = Page { index: 0, size: 1 };
    Ok(call(api, &ListUserMedia::newest_first(user.clone(), one))
        .await?
        .total)
}

/// One local file of a room, as read for the preview.
#[derive(Debug, Clone, PartialEq)]
pub enum RoomFile {
    Found(MediaRef, MediaInfo),
    /// 404 "Unknown media": deleted already (Synapse keeps listing it).
    Gone(MediaRef),
    /// Could not be read (5xx, network…): left out, with why.
    Unreadable(MediaRef, String),
}

/// What a room's delete preview reads: its local files, its remote ones, its members, and
/// which uploaders are server admins.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoomRead {
    pub local: Vec<RoomFile>,
    pub remote: Vec<MediaRef>,
    pub members: BTreeSet<UserId>,
    /// Each uploader's admin flag; missing when it could not be read.
    pub admins: BTreeMap<UserId, bool>,
}

/// Reads a room for its preview: media list, each local file's info (8 at a time), members and
/// the uploaders' admin flags.
pub async fn read_room(api: &dyn AdminApi, room: &RoomId) -> Result<RoomRead, ApiError> {
    let lists = call(api, &ListRoomMedia(room)).await?;
    let local = dedupe_mxcs(lists.local.iter().map(String::as_str));
    let remote = dedupe_mxcs(lists.remote.iter().map(String::as_str));
    let local: Vec<RoomFile> = stream::iter(local)
        .map(|m| async move {
            match call(api, &GetMedia(&m)).await {
                Ok(r) => RoomFile::Found(m, r.media_info),
                Err(e) if e.is_unknown_media() => RoomFile::Gone(m),
                Err(e) => RoomFile::Unreadable(m, e.to_string()),
            }
        })
        .buffered(8)
        .collect()
        .await;
    let members = call(api, &RoomMembers(room))
        .await?
        .members
        .into_iter()
        .collect();
    let uploaders: BTreeSet<UserId> = local
        .iter()
        .filter_map(|f| match f {
            RoomFile::Found(_, i) => i.user_id.clone(),
            _ => None,
        })
        .collect();
    let mut admins = BTreeMap::new();
    for user in uploaders {
        if let Ok(u) = call(api, &GetUser(&user)).await {
            admins.insert(user, u.admin);
        }
    }
    Ok(RoomRead {
        local,
        remote,
        members,
        admins,
    })
}

/// Reads what a selection of users or rooms holds; rooms with `skip` set (encrypted) are not
/// read.
pub async fn read_selection(
    api: &dyn AdminApi,
    picked: &[(super::scope::Target, bool)],
) -> Result<super::scope::EntityScope, ApiError> {
    use super::scope::{EntityScope, RoomScope, Target, UserScope};
    let mut scope = EntityScope::default();
    for (target, skip) in picked {
        match target {
            Target::User(user) => {
                let media = all_user_media(api, user).await?;
                scope.add_user(&UserScope::new(user.clone(), media));
            }
            Target::Room(_) if *skip => {}
            Target::Room(room) => {
                let read = read_room(api, room).await?;
                scope.add_room(room.clone(), &RoomScope::new(read));
            }
        }
    }
    Ok(scope)
}
