//! What a bulk job does, as a value: stored in the job record, resumed from it, matched in one
//! place ([`super::run`]). Item `i` of a job is target `i` of its operation.

use crate::i18n::{tf, T};
use crate::model::media::MediaRef;
use crate::model::{HomeserverUrl, RoomId, UserId};
use serde::{Deserialize, Serialize};

/// One action on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileAction {
    Delete,
    Quarantine,
    Unquarantine,
    Protect,
    Unprotect,
}

/// A room and the files of it the admin confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomFiles {
    pub room: RoomId,
    pub files: Vec<MediaRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum BulkOp {
    /// `action` on each file; item `i` is `files[i]`.
    Files {
        action: FileAction,
        files: Vec<MediaRef>,
    },
    /// Every file of one user, also those uploaded after the preview. Item `i` is `files[i]`;
    /// the first `previewed` are what the dialog counted, the rest were found by the job.
    DeleteAllOfUser {
        user: UserId,
        keep_protected: bool,
        files: Vec<MediaRef>,
        previewed: usize,
    },
    /// Synapse's "quarantine all media" of each user; item `i` is `users[i]`.
    QuarantineUsers { users: Vec<UserId> },
    /// Every file of each user (a user's delete includes files uploaded after the preview).
    DeleteUsers {
        users: Vec<UserId>,
        keep_protected: bool,
    },
    /// Synapse's "quarantine all media" of each room; item `i` is `rooms[i]`.
    QuarantineRooms { rooms: Vec<RoomId> },
    /// The confirmed files of each room, deleted one by one; item `i` is `rooms[i]`.
    DeleteRooms { rooms: Vec<RoomFiles> },
}

impl BulkOp {
    /// How many items the operation has.
    pub fn len(&self) -> usize {
        match self {
            BulkOp::Files { files, .. } | BulkOp::DeleteAllOfUser { files, .. } => files.len(),
            BulkOp::QuarantineUsers { users } | BulkOp::DeleteUsers { users, .. } => users.len(),
            BulkOp::QuarantineRooms { rooms } => rooms.len(),
            BulkOp::DeleteRooms { rooms } => rooms.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The key shown and exported for item `i` (an mxc URI, a user or room id).
    pub fn key(&self, i: usize) -> Option<String> {
        match self {
            BulkOp::Files { files, .. } | BulkOp::DeleteAllOfUser { files, .. } => {
                files.get(i).map(MediaRef::mxc)
            }
            BulkOp::QuarantineUsers { users } | BulkOp::DeleteUsers { users, .. } => {
                users.get(i).map(|u| u.to_string())
            }
            BulkOp::QuarantineRooms { rooms } => rooms.get(i).map(|r| r.to_string()),
            BulkOp::DeleteRooms { rooms } => rooms.get(i).map(|r| r.room.to_string()),
        }
    }
}

/// Who a job belongs to: the homeserver and the admin that started it. Only the same admin on
/// the same homeserver may resume it, retry it, or have it send anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOwner {
    pub homeserver: HomeserverUrl,
    pub admin: UserId,
}

impl JobOwner {
    /// `Ok` if `current` (who is signed in now) owns the job; else what to tell the admin.
    pub fn check(&self, current: Option<&JobOwner>) -> Result<(), String> {
        match current {
            Some(c) if c == self => Ok(()),
            Some(c) => Err(tf(
                T::StJobOfAnother,
                &[
                    ("owner", self.admin.as_str()),
                    ("owner_server", self.homeserver.as_str()),
                    ("user", c.admin.as_str()),
                    ("server", c.homeserver.as_str()),
                ],
            )),
            None => Err(tf(
                T::StSignInAsOwner,
                &[
                    ("owner", self.admin.as_str()),
                    ("owner_server", self.homeserver.as_str()),
                ],
            )),
        }
    }
}
