//! The action log of this browser: every action taken from Curator, with who, what, on what,
//! when and how it ended, kept in localStorage (`curator.actions`, the newest 5,000). It is never
//! shortened silently: what was dropped to make room is counted (`curator.actions.dropped`) and
//! said, and stored entries that cannot be read are set aside (`curator.actions.unreadable`),
//! not lost with the next write.

use super::session::SessionCtx;
use super::storage::{self, Kind};
use crate::i18n::{fill, tf, tn, P, T};
use crate::model::audit::{parse_stored, push_capped, set_aside, ActionEntry, Dropped};
use crate::model::TimestampMs;
use leptos::prelude::*;

const KEY: &str = "curator.actions";
const DROPPED_KEY: &str = "curator.actions.dropped";
const ASIDE_KEY: &str = "curator.actions.unreadable";

#[derive(Clone, Copy)]
pub struct ActionLog {
    entries: RwSignal<Vec<ActionEntry>>,
    /// Set when the browser refused to store the log (storage full or disabled).
    pub store_failed: RwSignal<bool>,
    /// What was dropped to make room, over the log's life in this browser.
    pub dropped: RwSignal<Dropped>,
    /// Set when stored entries could not be read; says where they were set aside.
    pub set_aside: RwSignal<Option<String>>,
    session: SessionCtx,
}

fn load_dropped() -> Dropped {
    storage::get(Kind::Local, DROPPED_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Reads the stored log; entries that cannot be read move to [`ASIDE_KEY`] (the log without
/// them is written back only if they were stored there), and the count of them is returned.
fn load() -> (Vec<ActionEntry>, usize) {
    let Some(text) = storage::get(Kind::Local, KEY) else {
        return (Vec::new(), 0);
    };
    let parsed = parse_stored(&text);
    let unreadable = parsed.unreadable.len();
    if unreadable > 0 {
        let kept = storage::get(Kind::Local, ASIDE_KEY);
        let aside = set_aside(kept.as_deref(), parsed.unreadable);
        if storage::set(Kind::Local, ASIDE_KEY, &aside) {
            if let Ok(text) = serde_json::to_string(&parsed.entries) {
                storage::set(Kind::Local, KEY, &text);
            }
        }
    }
    (parsed.entries, unreadable)
}

fn aside_note(n: usize) -> String {
    tn(P::StLogEntriesAside, n as u64, &[("key", ASIDE_KEY)])
}

/// A text for the action log, in English (it is stored and exported, and shown later through
/// `t_stored`), or, with `en` false, for the admin in their language.
pub fn say(en: bool, key: T, args: &[(&str, &str)]) -> String {
    if en {
        fill(key.en(), args)
    } else {
        tf(key, args)
    }
}

/// A counted text, as [`say`]: English with plain digits for the log.
pub fn say_n(en: bool, key: P, n: u64, args: &[(&str, &str)]) -> String {
    if en {
        crate::i18n::english_n(key, n, args)
    } else {
        tn(key, n, args)
    }
}

impl ActionLog {
    /// Provides the log, empty: it is read from storage when shown ([`ActionLog::reload`]) or
    /// written ([`ActionLog::record`]), so that the first load carries no code to decode it.
    /// Needs the session in context.
    pub fn provide() -> Self {
        let log = ActionLog {
            entries: RwSignal::new(Vec::new()),
            store_failed: RwSignal::new(false),
            dropped: RwSignal::new(Dropped::default()),
            set_aside: RwSignal::new(None),
            session: SessionCtx::expect(),
        };
        provide_context(log);
        log
    }

    pub fn expect() -> Self {
        expect_context::<ActionLog>()
    }

    /// Notes an action the admin took: `ok` says whether it did what was asked, `outcome` what
    /// happened in the words the admin was told, `job_id` the job whose report has the details.
    /// Recorded in English, as stored and exported: `action` is a catalog text's English
    /// (`T::X.en()`), so the audit page shows it with `t_stored`.
    pub fn record(
        &self,
        action: &str,
        target: &str,
        ok: bool,
        outcome: &str,
        job_id: Option<String>,
    ) {
        let entry = ActionEntry {
            at: TimestampMs(js_sys::Date::now() as i64),
            who: self.session.get_untracked().map(|s| s.user_id),
            action: action.to_owned(),
            target: target.to_owned(),
            ok,
            outcome: outcome.to_owned(),
            job_id,
        };
        // Read again first: another tab of this browser may have written since.
        let (mut entries, unreadable) = load();
        if unreadable > 0 {
            self.set_aside.set(Some(aside_note(unreadable)));
        }
        let gone = push_capped(&mut entries, entry);
        self.note_dropped(&gone);
        self.save(&mut entries);
        self.entries.set(entries);
    }

    /// Counts `gone` as dropped, in this tab and in storage (other tabs' drops included).
    fn note_dropped(&self, gone: &[ActionEntry]) {
        if gone.is_empty() {
            return;
        }
        let mut dropped = load_dropped();
        dropped.add(gone);
        if let Ok(text) = serde_json::to_string(&dropped) {
            storage::set(Kind::Local, DROPPED_KEY, &text);
        }
        self.dropped.set(dropped);
    }

    /// The log, oldest first.
    pub fn entries(&self) -> RwSignal<Vec<ActionEntry>> {
        self.entries
    }

    /// Reads the stored log: what other tabs have written meanwhile too.
    pub fn reload(&self) {
        let (entries, unreadable) = load();
        if unreadable > 0 {
            self.set_aside.set(Some(aside_note(unreadable)));
        }
        self.entries.set(entries);
        self.dropped.set(load_dropped());
    }

    /// Clears the log, as stored now (other tabs included); returns how many entries went.
    pub fn clear_counted(&self) -> usize {
        let count = load().0.len();
        self.clear();
        count
    }

    /// Clears the log on the admin's word: nothing was dropped from what is left, so the count
    /// of dropped entries starts again.
    pub fn clear(&self) {
        storage::remove(Kind::Local, KEY);
        storage::remove(Kind::Local, DROPPED_KEY);
        self.store_failed.set(false);
        self.dropped.set(Dropped::default());
        self.entries.set(Vec::new());
    }

    /// Stores the log compactly; when the browser's storage is full, the older half goes
    /// (twice at most) rather than the new entry.
    fn save(&self, entries: &mut Vec<ActionEntry>) {
        let mut kept = entries.clone();
        for _ in 0..3 {
            if let Ok(text) = serde_json::to_string(&kept) {
                if storage::set(Kind::Local, KEY, &text) {
                    self.store_failed.set(false);
                    let gone = entries.len() - kept.len();
                    let dropped: Vec<ActionEntry> = entries.drain(..gone).collect();
                    self.note_dropped(&dropped);
                    return;
                }
            }
            let half = kept.len() / 2;
            kept.drain(..half);
        }
        self.store_failed.set(true);
    }
}
