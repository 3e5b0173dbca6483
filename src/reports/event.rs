//! A reported event, read once: its kind, every media reference in it, and what could not be
//! read. The event is untrusted JSON (any user can send any content), so nothing here assumes a
//! field has the type the spec gives it.

use crate::i18n::{t, tf, T};
use crate::model::media::MediaRef;
use serde_json::Value;

/// What kind of event was reported, as far as media goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// `m.room.message` with its `msgtype` (`m.image`, `m.video`, `m.file`, `m.text`…).
    Message { msgtype: Option<String> },
    /// `m.sticker`.
    Sticker,
    /// `m.room.encrypted`: the server cannot see what it carries.
    Encrypted,
    /// Any other event type.
    Other(String),
}

impl EventKind {
    /// In the admin's language; an event type Curator does not know as it is.
    pub fn label(&self) -> String {
        t(match self {
            EventKind::Message { msgtype: Some(m) } => match m.as_str() {
                "m.image" => T::StImage,
                "m.video" => T::StVideo,
                "m.audio" => T::StAudio,
                "m.file" => T::File,
                "m.text" => T::StTextMessage,
                other => return tf(T::StMessageOfType, &[("msgtype", other)]),
            },
            EventKind::Message { msgtype: None } => T::StMessage,
            EventKind::Sticker => T::StSticker,
            EventKind::Encrypted => T::StEncryptedMessage,
            EventKind::Other(t) => return t.clone(),
        })
    }
}

/// Where in the event a reference was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaRole {
    /// `content.url`: the file itself.
    File,
    /// `content.info.thumbnail_url`.
    Thumbnail,
    /// `content.file.url`: an encrypted attachment (the bytes on the server are ciphertext).
    EncryptedFile,
    /// `content.info.thumbnail_file.url`: an encrypted attachment's thumbnail.
    EncryptedThumbnail,
}

impl MediaRole {
    /// The field path, as the admin would find it in the raw event.
    pub fn field(self) -> &'static str {
        match self {
            MediaRole::File => "content.url",
            MediaRole::Thumbnail => "content.info.thumbnail_url",
            MediaRole::EncryptedFile => "content.file.url",
            MediaRole::EncryptedThumbnail => "content.info.thumbnail_file.url",
        }
    }

    /// In the admin's language.
    pub fn label(self) -> String {
        t(match self {
            MediaRole::File => T::File,
            MediaRole::Thumbnail => T::StThumbnail,
            MediaRole::EncryptedFile => T::StEncryptedFile,
            MediaRole::EncryptedThumbnail => T::StEncryptedThumbnail,
        })
    }
}

/// One media reference found in the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMedia {
    pub media: MediaRef,
    pub role: MediaRole,
}

/// A field that should hold an mxc URI but does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedMedia {
    pub field: &'static str,
    /// What the field held, shortened for display (untrusted).
    pub value: String,
    pub reason: String,
}

/// Everything Curator reads out of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMedia {
    pub kind: EventKind,
    /// The event was redacted (its media may still be on the server: a redaction removes the
    /// message, not the file).
    pub redacted: bool,
    /// The content Curator read is gone (redacted and pruned), so its media is unknown.
    pub content_gone: bool,
    /// Each file once, the file before its thumbnail.
    pub media: Vec<FoundMedia>,
    pub refused: Vec<RefusedMedia>,
}

impl EventMedia {
    /// Reads a reported event from every copy Curator has: the report's own (`reported`), and
    /// `others` such as `fetch_event`'s (the original content, kept for admins after a
    /// redaction) and the room's view (pruned, and marked, once redacted). The media of all
    /// copies are joined; a copy that lost its content beside one that has it means the event
    /// was redacted.
    pub fn read(reported: &Value, others: &[&Value]) -> Self {
        let mut out = Self::of(reported);
        let mut any_content = has_content(reported);
        for copy in others {
            let other = Self::of(copy);
            out.redacted |= other.redacted || has_content(copy) != has_content(reported);
            if !any_content && has_content(copy) {
                out.kind = other.kind;
            }
            any_content |= has_content(copy);
            for m in other.media {
                if !out.media.iter().any(|o| o.media == m.media) {
                    out.media.push(m);
                }
            }
            for r in other.refused {
                if !out.refused.contains(&r) {
                    out.refused.push(r);
                }
            }
        }
        out.content_gone = out.redacted && !any_content;
        out
    }

    /// Reads one copy of an event (the raw event JSON: `type`, `content`, `unsigned`…).
    pub fn of(event: &Value) -> Self {
        let event_type = event.get("type").and_then(Value::as_str).unwrap_or("");
        let content = event.get("content").filter(|c| c.is_object());
        let redacted = is_redacted(event);
        let mut out = EventMedia {
            kind: EventKind::Other(event_type.to_owned()),
            redacted,
            content_gone: redacted && !has_content(event),
            media: Vec::new(),
            refused: Vec::new(),
        };
        out.kind = match event_type {
            "m.room.message" => EventKind::Message {
                msgtype: content
                    .and_then(|c| c.get("msgtype"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            },
            "m.sticker" => EventKind::Sticker,
            "m.room.encrypted" => EventKind::Encrypted,
            other => EventKind::Other(other.to_owned()),
        };
        if out.kind == EventKind::Encrypted {
            // Ciphertext only: whatever it carries, the server cannot see it.
            return out;
        }
        let Some(content) = content else {
            return out;
        };
        let info = content.get("info");
        let fields = [
            (content.get("url"), MediaRole::File),
            (
                content.get("file").and_then(|f| f.get("url")),
                MediaRole::EncryptedFile,
            ),
            (
                info.and_then(|i| i.get("thumbnail_url")),
                MediaRole::Thumbnail,
            ),
            (
                info.and_then(|i| i.get("thumbnail_file"))
                    .and_then(|f| f.get("url")),
                MediaRole::EncryptedThumbnail,
            ),
        ];
        for (value, role) in fields {
            let Some(value) = value else { continue };
            match value.as_str().map(MediaRef::from_mxc) {
                Some(Ok(media)) => {
                    if !out.media.iter().any(|m| m.media == media) {
                        out.media.push(FoundMedia { media, role });
                    }
                }
                Some(Err(e)) => out.refused.push(RefusedMedia {
                    field: role.field(),
                    value: shorten(value.as_str().unwrap_or_default()),
                    reason: e.to_string(),
                }),
                None => out.refused.push(RefusedMedia {
                    field: role.field(),
                    value: shorten(&value.to_string()),
                    reason: t(T::StNotAString),
                }),
            }
        }
        out
    }

    /// The files only (what a quarantine or delete acts on), in order.
    pub fn refs(&self) -> Vec<MediaRef> {
        self.media.iter().map(|m| m.media.clone()).collect()
    }

    /// Why there is no media to act on, in the admin's words (their language); `None` when
    /// there is some.
    pub fn why_none(&self) -> Option<String> {
        self.why_none_key().map(t)
    }

    /// [`EventMedia::why_none`] as a catalog text (its English is what a job stores).
    pub fn why_none_key(&self) -> Option<T> {
        if !self.media.is_empty() {
            return None;
        }
        Some(match self.kind {
            _ if self.content_gone => T::StRedactedContentGone,
            EventKind::Encrypted => T::StEncryptedNoMedia,
            _ if !self.refused.is_empty() => T::StNoValidMxc,
            _ => T::StNoMedia,
        })
    }
}

/// Whether this copy of the event has been redacted: Synapse marks it in `unsigned`
/// (`redacted_because`), older formats at the top level.
pub fn is_redacted(event: &Value) -> bool {
    event
        .get("unsigned")
        .and_then(|u| u.get("redacted_because"))
        .is_some_and(|r| !r.is_null())
        || event.get("redacted_because").is_some_and(|r| !r.is_null())
}

/// Whether the event still has content (a redaction prunes it to `{}`).
fn has_content(event: &Value) -> bool {
    event
        .get("content")
        .and_then(Value::as_object)
        .is_some_and(|c| !c.is_empty())
}

fn shorten(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
#[path = "event_tests.rs"]
mod tests;
