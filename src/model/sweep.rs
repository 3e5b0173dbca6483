//! The two server-wide sweeps Synapse offers, as rules Curator can preview: which local files
//! `POST /_synapse/admin/v1/media/delete` would delete, and how its result compares with the
//! preview. Synapse has no dry run, so the preview applies Synapse's own selection (read from
//! `get_local_media_ids` in its media repository store) to the users' media lists.

use super::media::MediaInfo;
use super::{ByteSize, TimestampMs, UserId};
use std::collections::HashSet;

/// What `media/delete` is asked to delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalSweep {
    /// Last access before this instant, or never accessed and created before it.
    pub before: TimestampMs,
    /// Strictly larger than this many bytes.
    pub size_gt: ByteSize,
    /// Keep files used as a user's or a room's avatar.
    pub keep_profiles: bool,
}

/// Why a file is or is not selected, in the order Synapse's query tests it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Deleted,
    RecentlyUsed,
    NotLarger,
    ProfileImage,
    Quarantined,
    Protected,
}

impl Verdict {
    pub fn describe(self) -> String {
        use crate::i18n::T;
        crate::i18n::t(match self {
            Verdict::Deleted => T::MsgVerdictDeleted,
            Verdict::RecentlyUsed => T::MsgVerdictRecentlyUsed,
            Verdict::NotLarger => T::MsgVerdictNotLarger,
            Verdict::ProfileImage => T::MsgVerdictProfileImage,
            Verdict::Quarantined => T::MsgVerdictQuarantined,
            Verdict::Protected => T::MsgVerdictProtected,
        })
    }
}

impl LocalSweep {
    /// Synapse's selection for one local file. `profile_images` holds the mxc URIs used as
    /// profile pictures that the caller knows of; room avatars and per-room member avatars are
    /// not visible through the admin API, so a preview can only estimate those.
    pub fn verdict(
        &self,
        server: &str,
        m: &MediaInfo,
        profile_images: &HashSet<String>,
    ) -> Verdict {
        let old = match m.last_access_ts {
            Some(last) => last < self.before,
            None => m.created_ts.is_some_and(|c| c < self.before),
        };
        if !old {
            return Verdict::RecentlyUsed;
        }
        // A pending upload has no length, and SQL's `NULL > n` is not true.
        if m.media_length.is_none_or(|len| len <= self.size_gt) {
            return Verdict::NotLarger;
        }
        if self.keep_profiles && profile_images.contains(&format!("mxc://{server}/{}", m.media_id))
        {
            return Verdict::ProfileImage;
        }
        if m.quarantined_by.is_some() {
            return Verdict::Quarantined;
        }
        if m.safe_from_quarantine {
            return Verdict::Protected;
        }
        Verdict::Deleted
    }
}

/// One file the preview expects the sweep to delete.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    pub user: UserId,
    pub info: MediaInfo,
}

/// What the preview found, over every user it read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepPreview {
    pub selected: Vec<Selected>,
    /// Files left alone that match the date and size, by reason (profile, quarantined,
    /// protected): the admin sees what the exclusions save.
    pub kept: Vec<(Verdict, usize, ByteSize)>,
    /// Files looked at in all.
    pub scanned: usize,
}

impl SweepPreview {
    pub fn add(&mut self, user: &UserId, verdicts: Vec<(Verdict, MediaInfo)>) {
        for (verdict, info) in verdicts {
            self.scanned += 1;
            let size = info.media_length.unwrap_or_default();
            match verdict {
                Verdict::Deleted => self.selected.push(Selected {
                    user: user.clone(),
                    info,
                }),
                Verdict::RecentlyUsed | Verdict::NotLarger => {}
                other => match self.kept.iter_mut().find(|(v, _, _)| *v == other) {
                    Some((_, n, bytes)) => {
                        *n += 1;
                        bytes.0 += size.0;
                    }
                    None => {
                        self.kept.push((other, 1, size));
                        self.kept.sort();
                    }
                },
            }
        }
    }

    pub fn bytes(&self) -> ByteSize {
        ByteSize(
            self.selected
                .iter()
                .filter_map(|s| s.info.media_length)
                .map(|b| b.0)
                .sum(),
        )
    }

    /// The users with the most bytes selected: (user, files, bytes), largest first.
    pub fn top_users(&self, n: usize) -> Vec<(UserId, usize, ByteSize)> {
        let mut by_user: Vec<(UserId, usize, ByteSize)> = Vec::new();
        for s in &self.selected {
            let len = s.info.media_length.unwrap_or_default();
            match by_user.iter_mut().find(|(u, _, _)| *u == s.user) {
                Some((_, files, bytes)) => {
                    *files += 1;
                    bytes.0 += len.0;
                }
                None => by_user.push((s.user.clone(), 1, len)),
            }
        }
        by_user.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        by_user.truncate(n);
        by_user
    }

    pub fn media_ids(&self) -> Vec<String> {
        self.selected
            .iter()
            .map(|s| s.info.media_id.clone())
            .collect()
    }
}

/// The sweep's answer set against the preview's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Comparison {
    /// Deleted, as the preview said.
    pub as_previewed: usize,
    /// Deleted although the preview did not list them.
    pub unexpected: Vec<String>,
    /// Listed by the preview but not deleted.
    pub not_deleted: Vec<String>,
}

impl Comparison {
    pub fn of(previewed: &[String], deleted: &[String]) -> Self {
        let previewed_set: HashSet<&str> = previewed.iter().map(String::as_str).collect();
        let deleted_set: HashSet<&str> = deleted.iter().map(String::as_str).collect();
        Comparison {
            as_previewed: deleted_set.intersection(&previewed_set).count(),
            unexpected: deleted
                .iter()
                .filter(|d| !previewed_set.contains(d.as_str()))
                .cloned()
                .collect(),
            not_deleted: previewed
                .iter()
                .filter(|p| !deleted_set.contains(p.as_str()))
                .cloned()
                .collect(),
        }
    }

    pub fn exact(&self) -> bool {
        self.unexpected.is_empty() && self.not_deleted.is_empty()
    }
}

#[cfg(test)]
mod tests;
