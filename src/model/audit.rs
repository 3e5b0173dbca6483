//! Curator's own action log: what the admin did from this browser, when, to what, and how it
//! ended; filtered for the audit page and exported as CSV or JSON.

use super::ids::{parse_room_id, parse_user_id};
use super::media::MediaRef;
use super::{csv, route, TimestampMs, UserId};
use serde::{Deserialize, Serialize};

/// Entries kept in the browser; the oldest are dropped first.
pub const KEEP: usize = 5_000;

/// One action taken from this browser. Stored compactly (short keys, no job id when none);
/// the exports spell every field out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionEntry {
    #[serde(rename = "t")]
    pub at: TimestampMs,
    /// The signed-in admin; `None` if the action ran without a session (it cannot, today).
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub who: Option<UserId>,
    #[serde(rename = "a")]
    pub action: String,
    /// What was acted on: an mxc URI, a user or room id, or a job's title.
    #[serde(rename = "x")]
    pub target: String,
    /// Whether the action did what was asked (a write Synapse answered OK but that changed
    /// nothing is not `ok`).
    #[serde(rename = "k")]
    pub ok: bool,
    /// What happened, in the words the admin was told.
    #[serde(rename = "o")]
    pub outcome: String,
    #[serde(rename = "j", default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
}

impl ActionEntry {
    /// Curator's page of the target, when it is a file, a user or a room.
    pub fn target_href(&self) -> Option<String> {
        let t = self.target.as_str();
        if let Ok(media) = MediaRef::from_mxc(t) {
            Some(route::media_href(&media))
        } else if t.starts_with('@') {
            parse_user_id(t).ok().map(|u| route::user_href(&u))
        } else if t.starts_with('!') {
            parse_room_id(t).ok().map(|r| route::room_href(&r))
        } else {
            None
        }
    }

    /// "Done" or "Not done" in English, as the CSV export writes it (catalog texts, so a view
    /// can show it with `t_stored`; see [`Self::result_text`]).
    pub fn result_label(&self) -> &'static str {
        self.result_key().en()
    }

    /// The result in the admin's language.
    pub fn result_text(&self) -> String {
        crate::i18n::t(self.result_key())
    }

    fn result_key(&self) -> crate::i18n::T {
        if self.ok {
            crate::i18n::T::Done
        } else {
            crate::i18n::T::MsgNotDone
        }
    }
}

/// Appends `entry`, dropping the oldest beyond [`KEEP`]; returns what it dropped.
pub fn push_capped(log: &mut Vec<ActionEntry>, entry: ActionEntry) -> Vec<ActionEntry> {
    log.push(entry);
    let excess = log.len().saturating_sub(KEEP);
    log.drain(..excess).collect()
}

/// What the log lost to make room, remembered so the page can say so: the log is never
/// shortened silently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    pub count: u64,
    /// When the newest dropped entry was logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<TimestampMs>,
}

impl Dropped {
    /// Notes entries that were dropped.
    pub fn add(&mut self, gone: &[ActionEntry]) {
        self.count += gone.len() as u64;
        self.newest = gone.iter().map(|e| e.at).chain(self.newest).max();
    }

    /// What the page says, once anything was dropped.
    pub fn message(&self) -> Option<String> {
        use crate::i18n::{number, tn, P};
        (self.count > 0).then(|| {
            let keep = number(KEEP as u64);
            match self.newest {
                Some(t) => tn(
                    P::MsgEntriesDroppedSince,
                    self.count,
                    &[("keep", &keep), ("time", &t.display_utc())],
                ),
                None => tn(P::MsgEntriesDropped, self.count, &[("keep", &keep)]),
            }
        })
    }
}

/// A stored log read back: the entries that parse, and what does not (a damaged entry, or
/// one a newer Curator wrote), to be kept aside rather than lost with the next write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredLog {
    pub entries: Vec<ActionEntry>,
    /// Values that are not entries; the whole text (as a string) when it is no JSON list.
    pub unreadable: Vec<serde_json::Value>,
}

/// Reads a stored log, keeping every entry that still parses (one damaged entry must not cost
/// the rest) and setting aside what does not.
pub fn parse_stored(text: &str) -> StoredLog {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return StoredLog {
            entries: Vec::new(),
            unreadable: vec![serde_json::Value::String(text.to_owned())],
        };
    };
    let mut log = StoredLog::default();
    for v in values {
        match ActionEntry::deserialize(&v) {
            Ok(e) => log.entries.push(e),
            Err(_) => log.unreadable.push(v),
        }
    }
    log
}

/// `kept` (what was set aside before, if anything) with `more` added: a JSON list. What was
/// kept before and is not a list is itself kept, as a string.
pub fn set_aside(kept: Option<&str>, more: Vec<serde_json::Value>) -> String {
    let mut all = match kept {
        None => Vec::new(),
        Some(text) => serde_json::from_str::<Vec<serde_json::Value>>(text)
            .unwrap_or_else(|_| vec![serde_json::Value::String(text.to_owned())]),
    };
    all.extend(more);
    serde_json::Value::Array(all).to_string()
}

/// Which outcomes the log shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutcomeFilter {
    #[default]
    All,
    Done,
    NotDone,
}

impl OutcomeFilter {
    pub fn as_param(self) -> &'static str {
        match self {
            OutcomeFilter::All => "",
            OutcomeFilter::Done => "done",
            OutcomeFilter::NotDone => "not-done",
        }
    }

    pub fn from_param(s: &str) -> Self {
        match s {
            "done" => OutcomeFilter::Done,
            "not-done" => OutcomeFilter::NotDone,
            _ => OutcomeFilter::All,
        }
    }
}

/// The log's filter: words anywhere in an entry, one action kind, one outcome.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogFilter {
    /// Every word must appear (case-insensitively) in who, action, target, outcome or job id.
    pub text: String,
    /// An action name exactly, or empty for all.
    pub action: String,
    pub outcome: OutcomeFilter,
}

impl LogFilter {
    pub fn matches(&self, e: &ActionEntry) -> bool {
        let outcome_ok = match self.outcome {
            OutcomeFilter::All => true,
            OutcomeFilter::Done => e.ok,
            OutcomeFilter::NotDone => !e.ok,
        };
        if !outcome_ok || (!self.action.is_empty() && e.action != self.action) {
            return false;
        }
        let haystack = format!(
            "{} {} {} {} {}",
            e.who.as_ref().map(|u| u.as_str()).unwrap_or_default(),
            e.action,
            e.target,
            e.outcome,
            e.job_id.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        self.text
            .to_lowercase()
            .split_whitespace()
            .all(|w| haystack.contains(w))
    }

    /// The matching entries, newest first.
    pub fn apply<'a>(&self, log: &'a [ActionEntry]) -> Vec<&'a ActionEntry> {
        log.iter().rev().filter(|e| self.matches(e)).collect()
    }
}

/// The action names in the log, sorted, each once (for the action filter's choices).
pub fn action_kinds(log: &[ActionEntry]) -> Vec<String> {
    let mut kinds: Vec<String> = log.iter().map(|e| e.action.clone()).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// `time,who,action,target,result,outcome,job`: one line per entry, in the order given.
pub fn to_csv(entries: &[&ActionEntry]) -> String {
    let mut out = String::from("time,who,action,target,result,outcome,job\r\n");
    for e in entries {
        let who = e.who.as_ref().map(|u| u.as_str()).unwrap_or_default();
        csv::push_row(
            &mut out,
            &[
                &csv::time(e.at.0),
                who,
                &e.action,
                &e.target,
                e.result_label(),
                &e.outcome,
                e.job_id.as_deref().unwrap_or_default(),
            ],
        );
    }
    out
}

/// A JSON array with every field spelled out, pretty-printed.
pub fn to_json(entries: &[&ActionEntry]) -> String {
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "time": csv::time(e.at.0),
                "time_ms": e.at.0,
                "who": e.who,
                "action": e.action,
                "target": e.target,
                "ok": e.ok,
                "outcome": e.outcome,
                "job_id": e.job_id,
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

#[cfg(test)]
mod tests;
