//! Media files: how they are named (mxc URIs and the URLs moderators get in reports), what state
//! they are in, and the one rule that says which actions a file allows.

use super::{ByteSize, ServerName, TimestampMs, UserId};
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
            .map_err(|_| MediaRefError(format!("“{server}” is not a valid server name")))?;
        if !valid_media_id(media_id) {
            return Err(MediaRefError(format!(
                "“{media_id}” is not a valid media id (letters, digits, - and _ only)"
            )));
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
            .ok_or_else(|| MediaRefError(format!("“{uri}” does not start with mxc://")))?;
        let (server, id) = rest.split_once('/').ok_or_else(|| {
            MediaRefError(format!("“{uri}” has no media id after the server name"))
        })?;
        Self::new(server, id)
    }

    /// Accepts what moderators paste: an mxc URI, or a download or thumbnail URL of the media
    /// API (`/_matrix/media/{v3,r0,v1}/…` or `/_matrix/client/v1/media/…`), with or without a
    /// file name, query or fragment.
    pub fn parse_input(input: &str) -> Result<Self, MediaRefError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(MediaRefError(
                "Paste an mxc:// URI or a media download URL".into(),
            ));
        }
        if s.starts_with("mxc://") {
            return Self::from_mxc(s);
        }
        let Some(scheme_end) = s.find("://").filter(|_| s.starts_with("http")) else {
            return Err(MediaRefError(format!(
                "“{s}” is neither an mxc:// URI nor an http(s) media URL"
            )));
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
            _ => {
                return Err(MediaRefError(format!(
                    "“{s}” is not a Matrix media download or thumbnail URL \
                     (expected …/_matrix/media/v3/download/<server>/<id> or \
                     …/_matrix/client/v1/media/download/<server>/<id>)"
                )))
            }
        };
        match tail {
            [server, id, ..] => {
                let server = super::route::decode(server);
                let id = super::route::decode(id);
                Self::new(&server, &id)
            }
            _ => Err(MediaRefError(format!(
                "“{s}” is missing the server name or the media id"
            ))),
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
            _ => "(no name)".to_owned(),
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
            Locality::Deleted => return "Deleted".into(),
            Locality::RemoteNotCached => parts.push("Not cached here".to_owned()),
            _ => {}
        }
        if let Some(by) = &self.quarantined_by {
            parts.push(format!("Quarantined by {by}"));
        }
        if self.protected {
            parts.push("Protected".to_owned());
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
                out.push(Control::disabled(Quarantine, "Quarantine", NOT_CACHED));
                out.push(Control::disabled(Delete, "Delete", REMOTE_DELETE));
                return out;
            }
            Locality::Local | Locality::RemoteCached => {}
        }
        if self.is_quarantined() {
            out.push(Control::enabled(Unquarantine));
        } else if self.protected {
            out.push(Control::disabled(Quarantine, "Protected", PROTECTED));
        } else {
            out.push(Control::enabled(Quarantine));
        }
        if local {
            if self.protected {
                out.push(Control::enabled(Unprotect));
            } else if self.is_quarantined() {
                out.push(Control::disabled(Protect, "In quarantine", IN_QUARANTINE));
            } else {
                out.push(Control::enabled(Protect));
            }
            out.push(Control::enabled(Delete));
        } else {
            out.push(Control::disabled(Delete, "Delete", REMOTE_DELETE));
        }
        out
    }
}

const PROTECTED: &str = "This file is protected from quarantine. Unprotect it first.";
const IN_QUARANTINE: &str = "A quarantined file cannot be protected. Unquarantine it first.";
const REMOTE_DELETE: &str = "Synapse only deletes local media. A cached remote copy can be \
    quarantined here, or removed with Purge remote media.";
const NOT_CACHED: &str = "This server holds no copy of this remote file, so there is nothing to \
    quarantine here (Synapse would answer OK and do nothing).";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaAction {
    Quarantine,
    Unquarantine,
    Protect,
    Unprotect,
    Delete,
}

impl MediaAction {
    pub fn label(self) -> &'static str {
        match self {
            MediaAction::Quarantine => "Quarantine",
            MediaAction::Unquarantine => "Unquarantine",
            MediaAction::Protect => "Protect",
            MediaAction::Unprotect => "Unprotect",
            MediaAction::Delete => "Delete",
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

/// One control in a file's row: an action button, or a disabled indicator saying why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub action: MediaAction,
    pub label: &'static str,
    pub enabled: bool,
    pub reason: Option<&'static str>,
}

impl Control {
    fn enabled(action: MediaAction) -> Self {
        Control {
            action,
            label: action.label(),
            enabled: true,
            reason: None,
        }
    }

    fn disabled(action: MediaAction, label: &'static str, reason: &'static str) -> Self {
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
        Quarantine if after.locality == Locality::RemoteNotCached => Outcome::NoEffect(
            "Synapse answered OK but did nothing: this server holds no copy of the remote file.",
        ),
        Quarantine if after.protected => Outcome::NoEffect(
            "Synapse answered OK but did not quarantine it: the file is protected.",
        ),
        Quarantine => Outcome::NoEffect("Synapse answered OK but the file is not quarantined."),
        Unquarantine if !after.is_quarantined() => Outcome::Done,
        Unquarantine => Outcome::NoEffect("Synapse answered OK but the file is still quarantined."),
        Protect if after.protected && !after.is_quarantined() => Outcome::Done,
        Protect if after.is_quarantined() => Outcome::NoEffect(
            "The file is marked protected but stays quarantined: unquarantine it to release it.",
        ),
        Protect => Outcome::NoEffect("Synapse answered OK but the file is not protected."),
        Unprotect if !after.protected => Outcome::Done,
        Unprotect => Outcome::NoEffect("Synapse answered OK but the file is still protected."),
        Delete if after.locality == Locality::Deleted => Outcome::Done,
        Delete => Outcome::NoEffect("Synapse answered OK but the file still exists."),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    NoEffect(&'static str),
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
    match outcome {
        Outcome::NoEffect(why) => format!("“{name}”: {why}"),
        Outcome::Done => match action {
            MediaAction::Quarantine => format!(
                "Quarantined “{name}”. Synapse also quarantines every byte-identical copy on this \
                 server (same SHA-256), other users' included."
            ),
            MediaAction::Unquarantine => format!(
                "Released “{name}” from quarantine, together with every byte-identical copy \
                 (same SHA-256)."
            ),
            MediaAction::Protect => format!("Protected “{name}”: quarantines will skip it."),
            MediaAction::Unprotect => format!("“{name}” is no longer protected from quarantine."),
            MediaAction::Delete => match size {
                Some(s) => format!("Deleted “{name}” ({s}) and its thumbnails."),
                None => format!("Deleted “{name}” and its thumbnails."),
            },
        },
    }
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
            .unwrap_or_else(|| "(unknown)".into())
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
                Some(c) => Some((i, c.reason.unwrap_or("not allowed in its state").to_owned())),
                None => Some((
                    i,
                    format!(
                        "{} does not apply: the file is {}",
                        action.label(),
                        r.state.label()
                    ),
                )),
            }
        })
        .collect();
    (items, skipped)
}
