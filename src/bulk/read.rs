//! The reads behind a bulk preview: a user's every file, a room's files with who uploaded
//! them, and who is in the room.

use crate::api::media::{GetMedia, ListRoomMedia, ListUserMedia};
use crate::api::rooms::RoomMembers;
use crate::api::users::GetUser;
use crate::api::{call, AdminApi, ApiError};
use crate::model::media::{dedupe_mxcs, Locality, MediaInfo, MediaRef, MediaRow, MediaState};
use crate::model::{Page, RoomId, UserId};
use futures_util::stream::{self, StreamExt};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// Local members whose files are read as lists rather than looked up one by one.
const MEMBER_LISTS_UP_TO: usize = 50;

/// The files of the room's local members, by media id: a member's list (pages of 1000) costs
/// one request where looking up each of their files costs one each (and a CORS preflight). A
/// member whose list is far longer than the room's files is read only to its first page; any
/// room file not found here is looked up on its own. Lists that cannot be read are skipped
/// (their files are looked up).
async fn members_files(
    api: &dyn AdminApi,
    server: &str,
    members: &BTreeSet<UserId>,
    files: usize,
) -> HashMap<String, MediaInfo> {
    let local: Vec<&UserId> = members
        .iter()
        .filter(|u| u.server_name().as_str() == server)
        .collect();
    if local.is_empty() || local.len() > MEMBER_LISTS_UP_TO.min(files / 2) {
        return HashMap::new();
    }
    let worth = (files as u64) * 4 + 1000;
    let lists: Vec<Vec<MediaInfo>> = stream::iter(local)
        .map(|user| async move {
            let mut out = Vec::new();
            let mut page = Page {
                index: 0,
                size: 1000,
            };
            loop {
                let Ok(got) = call(api, &ListUserMedia::newest_first(user.clone(), page)).await
                else {
                    return out;
                };
                let n = got.media.len();
                out.extend(got.media.into_iter().map(|mut m| {
                    m.user_id.get_or_insert_with(|| user.clone());
                    m
                }));
                if n == 0 || out.len() as u64 >= got.total || got.total > worth {
                    return out;
                }
                page.index += 1;
            }
        })
        .buffered(4)
        .collect()
        .await;
    lists
        .into_iter()
        .flatten()
        .map(|m| (m.media_id.clone(), m))
        .collect()
}

/// The rows of one page of a room's media tab (`refs`: each file and whether it is local). A
/// local file held by one of `members`' media lists (read as lists, as for the preview) is
/// shown from it; every other file is looked up, 8 at a time. A lookup that fails still shows
/// the file, with nothing claimed about it.
pub async fn room_page(
    api: &dyn AdminApi,
    members: &BTreeSet<UserId>,
    refs: Vec<(MediaRef, bool)>,
) -> Vec<MediaRow> {
    let local = refs.iter().filter(|(_, local)| *local).count();
    let known = match refs.iter().find(|(_, local)| *local) {
        Some((first, _)) => members_files(api, first.server.as_str(), members, local).await,
        None => HashMap::new(),
    };
    let known = &known;
    stream::iter(refs)
        .map(|(media, local)| async move {
            let locality = if local {
                Locality::Local
            } else {
                Locality::RemoteCached
            };
            if let Some(info) = known.get(&media.media_id).filter(|_| local) {
                let state = info.state(locality);
                return MediaRow {
                    media,
                    info: Some(info.clone()),
                    state,
                };
            }
            let (state, info) = match call(api, &GetMedia(&media)).await {
                Ok(r) => (r.media_info.state(locality), Some(r.media_info)),
                Err(e) if e.is_not_found() && local => (MediaState::deleted(), None),
                Err(e) if e.is_not_found() => (MediaState::not_cached(), None),
                Err(_) if local => (
                    MediaState {
                        locality: Locality::Local,
                        quarantined_by: None,
                        protected: false,
                    },
                    None,
                ),
                Err(_) => (MediaState::not_cached(), None),
            };
            MediaRow { media, info, state }
        })
        .buffered(8)
        .collect()
        .await
}

/// Reads a room for its preview: media list, members, the local members' files (as lists),
/// each other local file's info (8 at a time), and the uploaders' admin flags.
pub async fn read_room(api: &dyn AdminApi, room: &RoomId) -> Result<RoomRead, ApiError> {
    let lists = call(api, &ListRoomMedia(room)).await?;
    let local = dedupe_mxcs(lists.local.iter().map(String::as_str));
    let remote = dedupe_mxcs(lists.remote.iter().map(String::as_str));
    let members: BTreeSet<UserId> = call(api, &RoomMembers(room))
        .await?
        .members
        .into_iter()
        .collect();
    let known = match local.first() {
        Some(first) => members_files(api, first.server.as_str(), &members, local.len()).await,
        None => HashMap::new(),
    };
    let known = &known;
    let local: Vec<RoomFile> = stream::iter(local)
        .map(|m| async move {
            if let Some(info) = known.get(&m.media_id) {
                return RoomFile::Found(m, info.clone());
            }
            match call(api, &GetMedia(&m)).await {
                Ok(r) => RoomFile::Found(m, r.media_info),
                Err(e) if e.is_unknown_media() => RoomFile::Gone(m),
                Err(e) => RoomFile::Unreadable(m, e.to_string()),
            }
        })
        .buffered(8)
        .collect()
        .await;
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

/// Files the users' dialog reads one by one at most: beyond this, it counts from the server's
/// statistics and reads only enough for the samples.
pub const READ_EVERY_FILE_UP_TO: u64 = 5_000;

/// Each of `users`' local files and bytes from Synapse's media statistics (`None` where the user
/// has no file: the statistics list only users with uploads). Pages through them by user id,
/// 1000 at a time, until every user is found.
pub async fn user_counts(
    api: &dyn AdminApi,
    users: &[UserId],
) -> Result<BTreeMap<UserId, (u64, crate::model::ByteSize)>, ApiError> {
    use crate::api::statistics::{StatsOrder, UserMediaStats};
    let wanted: BTreeSet<&UserId> = users.iter().collect();
    let mut found = BTreeMap::new();
    let mut page = Page {
        index: 0,
        size: 1000,
    };
    loop {
        let got = call(
            api,
            &UserMediaStats {
                page,
                order: StatsOrder::UserId,
                dir: crate::model::SortDir::Forward,
                ..UserMediaStats::default()
            },
        )
        .await?;
        let n = got.users.len() as u64;
        for u in got.users {
            if wanted.contains(&u.user_id) {
                found.insert(u.user_id, (u.media_count, u.media_length));
            }
        }
        if n == 0 || found.len() == wanted.len() || page.offset() + n >= got.total {
            return Ok(found);
        }
        page.index += 1;
    }
}

/// Reads what a selection of users or rooms holds; rooms with `skip` set (encrypted) are not
/// read. Users are counted from the server's statistics first; when they hold at most
/// [`READ_EVERY_FILE_UP_TO`] files, every file is read (protected and quarantined counted too),
/// else the statistics' counts stand and only the first files are read, for the samples.
pub async fn read_selection(
    api: &dyn AdminApi,
    picked: &[(super::scope::Target, bool)],
) -> Result<super::scope::EntityScope, ApiError> {
    use super::scope::{CountedBy, EntityScope, RoomScope, Tally, Target, UserScope};
    let mut scope = EntityScope::default();
    let users: Vec<UserId> = picked
        .iter()
        .filter_map(|(t, _)| match t {
            Target::User(u) => Some(u.clone()),
            Target::Room(_) => None,
        })
        .collect();
    if !users.is_empty() {
        let counts = user_counts(api, &users).await?;
        let files: u64 = counts.values().map(|(n, _)| n).sum();
        if files <= READ_EVERY_FILE_UP_TO {
            for user in users.iter().filter(|u| counts.contains_key(*u)) {
                let media = all_user_media(api, user).await?;
                scope.add_user(&UserScope::new(user.clone(), media));
            }
        } else {
            scope.counted_by = CountedBy::Statistics;
            for (n, bytes) in counts.values() {
                scope.all = scope.all.plus(Tally {
                    files: *n as usize,
                    bytes: *bytes,
                    protected: 0,
                    quarantined: 0,
                });
            }
            for user in users.iter().filter(|u| counts.contains_key(*u)).take(6) {
                let first = Page { index: 0, size: 50 };
                let media = call(api, &ListUserMedia::newest_first(user.clone(), first))
                    .await?
                    .media;
                scope.add_samples_of(&UserScope::new(user.clone(), media));
            }
        }
    }
    for (target, skip) in picked {
        match target {
            Target::User(_) => {}
            Target::Room(_) if *skip => {}
            Target::Room(room) => {
                let read = read_room(api, room).await?;
                scope.add_room(room.clone(), &RoomScope::new(read));
            }
        }
    }
    Ok(scope)
}
