//! Media files: how they are named (mxc URIs and the URLs moderators get in reports), what state
//! they are in, and the one rule that says which actions a file allows.

use super::{ByteSize, ServerName, TimestampMs, UserId};
use crate::i18n::{t, tf, T};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A file on some homeserver: `mxc://<server>/<media id>`. Stored as its mxc URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MediaRef {
    pub server: ServerName,
    pub media_id: String,
}

/// Why a media reference was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MediaRefError(pub String);

fn valid_media_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl MediaRef {
    pub fn new(server: &str, media_id: &str) -> Result<Self, MediaRefError> {
        let server = ServerName::try_from(server)
            .map_err(|_| MediaRefError(tf(T::MsgNotServerName, &[("server", server)])))?;
        if !valid_media_id(media_id) {
            return Err(MediaRefError(tf(T::MsgNotMediaId, &[("id", media_id)])));
        }
        Ok(MediaRef {
            server,
            media_id: media_id.to_owned(),
        })
    }

    /// Parses `mxc://server/id` exactly.
    pub fn from_mxc(uri: &str) -> Result<Self, MediaRefError> {
        let rest = uri
            .trim()
            .strip_prefix("mxc://")
            .ok_or_else(|| MediaRefError(tf(T::MsgNoMxcPrefix, &[("uri", uri)])))?;
        let (server, id) = rest
            .split_once('/')
            .ok_or_else(|| MediaRefError(tf(T::MsgNoMediaIdAfter, &[("uri", uri)])))?;
        Self::new(server, id)
    }

    /// Accepts what moderators paste: an mxc URI, or a download or thumbnail URL of the media
    /// API (`/_matrix/media/{v3,r0,v1}/…` or `/_matrix/client/v1/media/…`), with or without a
    /// file name, query or fragment.
    pub fn parse_input(input: &str) -> Result<Self, MediaRefError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(MediaRefError(t(T::MsgPasteMxc)));
        }
        if s.starts_with("mxc://") {
            return Self::from_mxc(s);
        }
        let Some(scheme_end) = s.find("://").filter(|_| s.starts_with("http")) else {
            return Err(MediaRefError(tf(T::MsgNotMxcNorUrl, &[("input", s)])));
        };
        let after_host = &s[scheme_end + 3..];
        let path = after_host.find('/').map(|i| &after_host[i..]).unwrap_or("");
        let path = path.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        // …/_matrix/media/<version>/<download|thumbnail>/<server>/<id>[/<name>]
        // …/_matrix/client/v1/media/<download|thumbnail>/<server>/<id>[/<name>]
        let tail = match segments.as_slice() {
            ["_matrix", "media", _version, kind, rest @ ..] if is_kind(kind) => rest,
            ["_matrix", "client", _version, "media", kind, rest @ ..] if is_kind(kind) => rest,
            _ => return Err(MediaRefError(tf(T::MsgNotMediaUrl, &[("input", s)]))),
        };
        match tail {
            [server, id, ..] => {
                let server = super::route::decode(server);
                let id = super::route::decode(id);
                Self::new(&server, &id)
            }
            _ => Err(MediaRefError(tf(T::MsgMissingServerOrId, &[("input", s)]))),
        }
    }

    pub fn mxc(&self) -> String {
        format!("mxc://{}/{}", self.server, self.media_id)
    }

    pub fn is_local_to(&self, server_name: &str) -> bool {
        self.server.as_str() == server_name
    }
}

impl TryFrom<String> for MediaRef {
    type Error = MediaRefError;
    fn try_from(uri: String) -> Result<Self, Self::Error> {
        Self::from_mxc(&uri)
    }
}

impl From<MediaRef> for String {
    fn from(media: MediaRef) -> String {
        media.mxc()
    }
}

fn is_kind(s: &str) -> bool {
    s == "download" || s == "thumbnail"
}

impl fmt::Display for MediaRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mxc://{}/{}", self.server, self.media_id)
    }
}

/// Deduplicates a list of mxc URIs (Synapse repeats them), keeping first-seen order and
/// leaving out what does not parse.
pub fn dedupe_mxcs<'a>(uris: impl IntoIterator<Item = &'a str>) -> Vec<MediaRef> {
    let mut seen = std::collections::HashSet::new();
    uris.into_iter()
        .filter_map(|u| MediaRef::from_mxc(u).ok())
        .filter(|r| seen.insert(r.clone()))
        .collect()
}

/// What the admin API knows of one file (`media_info`, and each row of a user's media list).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MediaInfo {
    pub media_id: String,
    /// The origin server for cached remote media; `None` for local media.
    #[serde(default)]
    pub media_origin: Option<String>,
    /// The uploader, for local media.
    #[serde(default)]
    pub user_id: Option<UserId>,
    pub media_type: Option<String>,
    pub media_length: Option<ByteSize>,
    pub upload_name: Option<String>,
    pub created_ts: Option<TimestampMs>,
    pub last_access_ts: Option<TimestampMs>,
    pub quarantined_by: Option<String>,
    /// `false`/`true`, `0`/`1` on SQLite, `null` for remote media.
    #[serde(default, deserialize_with = "super::quirks::bool_or_int")]
    pub safe_from_quarantine: bool,
    #[serde(default)]
    pub sha256: Option<String>,
}

impl MediaInfo {
    /// A pending upload (`/media/v1/create` without content yet): no type, size or hash.
    pub fn is_pending(&self) -> bool {
        self.media_type.is_none() && self.media_length.is_none() && self.sha256.is_none()
    }

    pub fn display_name(&self) -> String {
        match self.upload_name.as_deref() {
            Some(n) if !n.is_empty() => n.to_owned(),
            _ => t(T::NoName),
        }
    }

    /// Only these are previewed: never SVG, never anything a browser might run.
    pub fn is_previewable_image(&self) -> bool {
        matches!(
            self.media_type.as_deref(),
            Some("image/png" | "image/jpeg" | "image/gif" | "image/webp")
        )
    }

    pub fn state(&self, locality: Locality) -> MediaState {
        MediaState {
            locality,
            quarantined_by: self.quarantined_by.clone(),
            protected: self.safe_from_quarantine,
        }
    }
}

/// Where a file lives, as seen from this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locality {
    Local,
    /// Remote media with a copy in this server's cache.
    RemoteCached,
    /// Remote media this server has no copy of (media info answers 404).
    RemoteNotCached,
    /// Local media that no longer exists (media info answers 404).
    Deleted,
}

/// The state the rule decides from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaState {
    pub locality: Locality,
    pub quarantined_by: Option<String>,
    pub protected: bool,
}

impl MediaState {
    pub fn not_cached() -> Self {
        MediaState {
            locality: Locality::RemoteNotCached,
            quarantined_by: None,
            protected: false,
        }
    }

    pub fn deleted() -> Self {
        MediaState {
            locality: Locality::Deleted,
            quarantined_by: None,
            protected: false,
        }
    }

    pub fn is_quarantined(&self) -> bool {
        self.quarantined_by.is_some()
    }

    /// The state column: "Quarantined by @x", "Protected", both, or none.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        match self.locality {
            Locality::Deleted => return t(T::MsgDeleted),
            Locality::RemoteNotCached => parts.push(t(T::MsgNotCachedHere)),
            _ => {}
        }
        if let Some(by) = &self.quarantined_by {
            parts.push(tf(T::MsgQuarantinedBy, &[("user", by)]));
        }
        if self.protected {
            parts.push(t(T::MsgProtected));
        }
        if parts.is_empty() {
            "—".into()
        } else {
            parts.join(" · ")
        }
    }

    /// Which controls the file gets, in display order. Quarantine and protect exclude each
    /// other; Synapse only deletes local media; a remote file can only be quarantined when this
    /// server holds a copy of it.
    pub fn controls(&self) -> Vec<Control> {
        use MediaAction::*;
        let local = self.locality == Locality::Local;
        let mut out = Vec::with_capacity(3);
        match self.locality {
            Locality::Deleted => return out,
            Locality::RemoteNotCached => {
                out.push(Control::disabled(Quarantine, T::Quarantine, NOT_CACHED));
                out.push(Control::disabled(Delete, T::Delete, REMOTE_DELETE));
                return out;
            }
            Locality::Local | Locality::RemoteCached => {}
        }
        if self.is_quarantined() {
            out.push(Control::enabled(Unquarantine));
        } else if self.protected {
            out.push(Control::disabled(Quarantine, T::MsgProtected, PROTECTED));
        } else {
            out.push(Control::enabled(Quarantine));
        }
        if local {
            if self.protected {
                out.push(Control::enabled(Unprotect));
            } else if self.is_quarantined() {
                out.push(Control::disabled(
                    Protect,
                    T::MsgInQuarantine,
                    IN_QUARANTINE,
                ));
            } else {
                out.push(Control::enabled(Protect));
            }
            out.push(Control::enabled(Delete));
        } else {
            out.push(Control::disabled(Delete, T::Delete, REMOTE_DELETE));
        }
        out
    }
}

const PROTECTED: T = T::MsgWhyProtected;
const IN_QUARANTINE: T = T::MsgWhyInQuarantine;
const REMOTE_DELETE: T = T::MsgWhyRemoteDelete;
const NOT_CACHED: T = T::MsgWhyNotCached;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaAction {
    Quarantine,
    Unquarantine,
    Protect,
    Unprotect,
    Delete,
}

impl MediaAction {
    /// The action's name in English, as the action log stores it (a catalog text, so the log
    /// shows it with `t_stored`).
    pub fn label(self) -> &'static str {
        self.key().en()
    }

    /// The action's name in the catalog.
    pub fn key(self) -> T {
        match self {
            MediaAction::Quarantine => T::Quarantine,
            MediaAction::Unquarantine => T::Unquarantine,
            MediaAction::Protect => T::Protect,
            MediaAction::Unprotect => T::Unprotect,
            MediaAction::Delete => T::Delete,
        }
    }

    /// The action that takes this one back, for "Undo"; `None` for delete.
    pub fn undo(self) -> Option<MediaAction> {
        match self {
            MediaAction::Quarantine => Some(MediaAction::Unquarantine),
            MediaAction::Unquarantine => Some(MediaAction::Quarantine),
            MediaAction::Protect => Some(MediaAction::Unprotect),
            MediaAction::Unprotect => Some(MediaAction::Protect),
            MediaAction::Delete => None,
        }
    }
}

/// One control in a file's row: an action button, or a disabled indicator saying why not. Its
/// texts are catalog keys: the view shows them with `t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub action: MediaAction,
    pub label: T,
    pub enabled: bool,
    pub reason: Option<T>,
}

impl Control {
    fn enabled(action: MediaAction) -> Self {
        Control {
            action,
            label: action.key(),
            enabled: true,
            reason: None,
        }
    }

    fn disabled(action: MediaAction, label: T, reason: T) -> Self {
        Control {
            action,
            label,
            enabled: false,
            reason: Some(reason),
        }
    }
}

/// What the server's re-read says about an action that answered 200: Synapse often answers 200
/// when nothing happened, so the truth is in the file's state afterwards.
pub fn outcome(action: MediaAction, after: &MediaState) -> Outcome {
    use MediaAction::*;
    match action {
        Quarantine if after.is_quarantined() => Outcome::Done,
        Quarantine if after.locality == Locality::RemoteNotCached => {
            Outcome::NoEffect(T::MsgNoEffectNotCached)
        }
        Quarantine if after.protected => Outcome::NoEffect(T::MsgNoEffectProtected),
        Quarantine => Outcome::NoEffect(T::MsgNoEffectNotQuarantined),
        Unquarantine if !after.is_quarantined() => Outcome::Done,
        Unquarantine => Outcome::NoEffect(T::MsgNoEffectStillQuarantined),
        Protect if after.protected && !after.is_quarantined() => Outcome::Done,
        Protect if after.is_quarantined() => Outcome::NoEffect(T::MsgNoEffectStaysQuarantined),
        Protect => Outcome::NoEffect(T::MsgNoEffectNotProtected),
        Unprotect if !after.protected => Outcome::Done,
        Unprotect => Outcome::NoEffect(T::MsgNoEffectStillProtected),
        Delete if after.locality == Locality::Deleted => Outcome::Done,
        Delete => Outcome::NoEffect(T::MsgNoEffectStillExists),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Why nothing changed, a catalog key.
    NoEffect(T),
}

#[cfg(test)]
mod tests;

/// The sentence a notification says after an action, from what the server shows afterwards.
pub fn describe(
    action: MediaAction,
    name: &str,
    size: Option<ByteSize>,
    outcome: &Outcome,
) -> String {
    let key = match outcome {
        Outcome::NoEffect(why) => {
            return tf(T::MsgNoEffectOn, &[("name", name), ("why", &t(*why))]);
        }
        Outcome::Done => match action {
            MediaAction::Quarantine => T::MsgDoneQuarantine,
            MediaAction::Unquarantine => T::MsgDoneUnquarantine,
            MediaAction::Protect => T::MsgDoneProtect,
            MediaAction::Unprotect => T::MsgDoneUnprotect,
            MediaAction::Delete if size.is_some() => T::MsgDoneDeleteSize,
            MediaAction::Delete => T::MsgDoneDelete,
        },
    };
    let size = size.map(|s| s.human()).unwrap_or_default();
    tf(key, &[("name", name), ("size", &size)])
}

/// A file as a list shows it: its name, what the server said of it, and its state.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRow {
    pub media: MediaRef,
    pub info: Option<MediaInfo>,
    pub state: MediaState,
}

impl MediaRow {
    pub fn name(&self) -> String {
        self.info
            .as_ref()
            .map(MediaInfo::display_name)
            .unwrap_or_else(|| t(T::MsgUnknownName))
    }

    pub fn size(&self) -> Option<ByteSize> {
        self.info.as_ref().and_then(|i| i.media_length)
    }

    /// How many other rows of `rows` hold the same bytes (same SHA-256) as this one.
    pub fn identical_copies_in<'a>(&self, rows: impl IntoIterator<Item = &'a MediaRow>) -> usize {
        let Some(sha) = self.info.as_ref().and_then(|i| i.sha256.as_deref()) else {
            return 0;
        };
        rows.into_iter()
            .filter(|r| r.media != self.media)
            .filter(|r| r.info.as_ref().and_then(|i| i.sha256.as_deref()) == Some(sha))
            .count()
    }
}

/// A job's items as (key, label).
pub type JobItems = Vec<(String, String)>;
/// Items reported as skipped, by index, with the reason.
pub type Skips = Vec<(usize, String)>;

/// A multi-select action over `rows`: every row becomes an item of the job (key: mxc, label:
/// name), and the rows the rule does not allow the action for are skipped with its reason, so
/// the report names them and nothing is touched that the rule forbids.
pub fn plan_bulk(rows: &[MediaRow], action: MediaAction) -> (JobItems, Skips) {
    let items = rows.iter().map(|r| (r.media.mxc(), r.name())).collect();
    let skipped = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let control = r.state.controls().into_iter().find(|c| c.action == action);
            match control {
                Some(c) if c.enabled => None,
                Some(c) => Some((i, t(c.reason.unwrap_or(T::MsgNotAllowedInState)))),
                None => Some((
                    i,
                    tf(
                        T::MsgDoesNotApply,
                        &[("action", &t(action.key())), ("state", &r.state.label())],
                    ),
                )),
            }
        })
        .collect();
    (items, skipped)
}
