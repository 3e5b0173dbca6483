//! What a bulk action would touch, computed once from what the preview read: the dialogs
//! render these values and start the job on exactly the selection they return.

use super::op::RoomFiles;
use super::read::{RoomFile, RoomRead};
use crate::i18n::{t, tf, T};
use crate::model::media::{MediaInfo, MediaRef};
use crate::model::{ByteSize, RoomId, UserId};
use std::collections::BTreeSet;

/// Files, bytes and the protected and quarantined among them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub bytes: ByteSize,
    pub protected: usize,
    pub quarantined: usize,
}

impl Tally {
    pub fn of<'a>(files: impl IntoIterator<Item = &'a MediaInfo>) -> Self {
        let mut t = Tally::default();
        for m in files {
            t.files += 1;
            t.bytes.0 += m.media_length.map_or(0, |b| b.0);
            t.protected += usize::from(m.safe_from_quarantine);
            t.quarantined += usize::from(m.quarantined_by.is_some());
        }
        t
    }
}

/// Up to six files that can be previewed.
pub fn samples<'a>(
    files: impl IntoIterator<Item = (&'a MediaRef, &'a MediaInfo)>,
) -> Vec<(MediaRef, MediaInfo)> {
    files
        .into_iter()
        .filter(|(_, i)| i.is_previewable_image())
        .take(6)
        .map(|(m, i)| (m.clone(), i.clone()))
        .collect()
}

/// A user's "all media": what the preview found.
#[derive(Debug, Clone, PartialEq)]
pub struct UserScope {
    pub user: UserId,
    pub files: Vec<(MediaRef, MediaInfo)>,
    pub all: Tally,
}

impl UserScope {
    pub fn new(user: UserId, media: Vec<MediaInfo>) -> Self {
        let server = user.server_name().to_string();
        let files: Vec<(MediaRef, MediaInfo)> = media
            .into_iter()
            .filter_map(|m| Some((MediaRef::new(&server, &m.media_id).ok()?, m)))
            .collect();
        let all = Tally::of(files.iter().map(|(_, i)| i));
        UserScope { user, files, all }
    }

    /// What "Delete all media" deletes as previewed (the job also deletes later uploads).
    pub fn to_delete(&self, keep_protected: bool) -> Tally {
        Tally::of(
            self.files
                .iter()
                .map(|(_, i)| i)
                .filter(|i| !(keep_protected && i.safe_from_quarantine)),
        )
    }

    pub fn samples(&self) -> Vec<(MediaRef, MediaInfo)> {
        samples(self.files.iter().map(|(m, i)| (m, i)))
    }
}

/// The local files of one uploader in a room.
#[derive(Debug, Clone, PartialEq)]
pub struct UploaderGroup {
    /// `None` when Synapse does not say who uploaded it.
    pub uploader: Option<UserId>,
    pub member: bool,
    /// `None` when the account could not be read.
    pub admin: Option<bool>,
    pub files: Vec<(MediaRef, MediaInfo)>,
    pub tally: Tally,
}

impl UploaderGroup {
    /// Whether the delete includes this uploader's files unless the admin says otherwise:
    /// files of current members who are not server admins. A forwarded file of someone who is
    /// not in the room, or an admin's own file, is left out until chosen.
    pub fn included_by_default(&self) -> bool {
        self.uploader.is_some() && self.member && self.admin == Some(false)
    }

    /// How the dialog names the group: "@a:x (member)", "@b:x (not in the room, server admin)".
    pub fn describe(&self) -> String {
        let who = self
            .uploader
            .as_ref()
            .map_or_else(|| t(T::StUnknownUploader), |u| u.to_string());
        let key = match (self.member, self.admin) {
            (true, Some(true)) => T::StMemberAdmin,
            (true, None) if self.uploader.is_some() => T::StMemberNotRead,
            (true, _) => T::StMember,
            (false, Some(true)) => T::StNotMemberAdmin,
            (false, None) if self.uploader.is_some() => T::StNotMemberNotRead,
            (false, _) => T::StNotMember,
        };
        tf(key, &[("who", &who)])
    }
}

/// A room's "Delete all media": its local files grouped by uploader, and what is left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoomScope {
    pub groups: Vec<UploaderGroup>,
    pub remote: Vec<MediaRef>,
    pub gone: Vec<MediaRef>,
    pub unreadable: Vec<(MediaRef, String)>,
}

/// What a room delete will touch for a given choice, and what it leaves out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoomSelection {
    pub files: Vec<MediaRef>,
    pub labels: Vec<String>,
    pub tally: Tally,
    pub protected_kept: usize,
    pub uploaders_left_out: usize,
    pub files_left_out: usize,
}

impl RoomScope {
    pub fn new(read: RoomRead) -> Self {
        let mut scope = RoomScope {
            remote: read.remote,
            ..RoomScope::default()
        };
        for file in read.local {
            match file {
                RoomFile::Gone(m) => scope.gone.push(m),
                RoomFile::Unreadable(m, why) => scope.unreadable.push((m, why)),
                RoomFile::Found(m, info) => {
                    let uploader = info.user_id.clone();
                    let at = scope.groups.iter().position(|g| g.uploader == uploader);
                    let group = match at {
                        Some(i) => &mut scope.groups[i],
                        None => {
                            let member =
                                uploader.as_ref().is_some_and(|u| read.members.contains(u));
                            let admin = uploader.as_ref().and_then(|u| read.admins.get(u).copied());
                            scope.groups.push(UploaderGroup {
                                uploader,
                                member,
                                admin,
                                files: Vec::new(),
                                tally: Tally::default(),
                            });
                            let last = scope.groups.len() - 1;
                            &mut scope.groups[last]
                        }
                    };
                    group.files.push((m, info));
                }
            }
        }
        for g in &mut scope.groups {
            g.tally = Tally::of(g.files.iter().map(|(_, i)| i));
        }
        // Biggest groups first: who the room's files mostly belong to.
        scope
            .groups
            .sort_by_key(|g| std::cmp::Reverse(g.tally.files));
        scope
    }

    /// The uploaders included by default (see [`UploaderGroup::included_by_default`]).
    pub fn default_uploaders(&self) -> BTreeSet<usize> {
        let groups = self.groups.iter().enumerate();
        groups
            .filter(|(_, g)| g.included_by_default())
            .map(|(i, _)| i)
            .collect()
    }

    /// The files of the `included` groups (by index), protected ones left out if asked.
    pub fn selection(&self, included: &BTreeSet<usize>, keep_protected: bool) -> RoomSelection {
        let mut sel = RoomSelection::default();
        let mut chosen = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            if !included.contains(&i) {
                sel.uploaders_left_out += 1;
                sel.files_left_out += g.files.len();
                continue;
            }
            for (m, info) in &g.files {
                if keep_protected && info.safe_from_quarantine {
                    sel.protected_kept += 1;
                } else {
                    sel.files.push(m.clone());
                    sel.labels.push(info.display_name());
                    chosen.push(info);
                }
            }
        }
        sel.tally = Tally::of(chosen);
        sel
    }

    pub fn samples(&self) -> Vec<(MediaRef, MediaInfo)> {
        samples(
            self.groups
                .iter()
                .flat_map(|g| g.files.iter().map(|(m, i)| (m, i))),
        )
    }
}

/// A user or a room picked in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    User(UserId),
    Room(RoomId),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::User(u) => u.fmt(f),
            Target::Room(r) => r.fmt(f),
        }
    }
}

/// What a selection of users or rooms holds, for its "all media" dialog. For rooms it also
/// holds each room's files a delete takes: the room's defaults (members who are not server
/// admins; protected files kept).
/// How a selection's files were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CountedBy {
    /// Every file was read: protected and quarantined ones are counted too.
    #[default]
    EveryFile,
    /// From Synapse's media statistics (files and bytes per user), because reading every
    /// file would take long: protected and quarantined files are not counted.
    Statistics,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntityScope {
    pub all: Tally,
    pub counted_by: CountedBy,
    pub remote: usize,
    /// Room files a delete leaves out by the room defaults (other uploaders, protected).
    pub left_out: usize,
    pub room_files: Vec<RoomFiles>,
    pub samples: Vec<(MediaRef, MediaInfo)>,
}

impl EntityScope {
    pub fn add_user(&mut self, scope: &UserScope) {
        self.all = self.all.plus(scope.all);
        self.add_samples(scope.samples());
    }

    pub fn add_room(&mut self, room: RoomId, scope: &RoomScope) {
        let sel = scope.selection(&scope.default_uploaders(), true);
        self.all = self.all.plus(sel.tally);
        self.remote += scope.remote.len();
        self.left_out += sel.files_left_out + sel.protected_kept;
        self.add_samples(scope.samples());
        self.room_files.push(RoomFiles {
            room,
            files: sel.files,
        });
    }

    /// Takes samples from what was read of a user, without counting it.
    pub fn add_samples_of(&mut self, scope: &UserScope) {
        self.add_samples(scope.samples());
    }

    fn add_samples(&mut self, more: Vec<(MediaRef, MediaInfo)>) {
        let room = 6usize.saturating_sub(self.samples.len());
        self.samples.extend(more.into_iter().take(room));
    }
}

impl Tally {
    pub fn plus(self, other: Tally) -> Tally {
        Tally {
            files: self.files + other.files,
            bytes: ByteSize(self.bytes.0 + other.bytes.0),
            protected: self.protected + other.protected,
            quarantined: self.quarantined + other.quarantined,
        }
    }
}
