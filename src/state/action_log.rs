//! The action log of this browser: every action taken from Curator, with who, what, on what,
//! when and how it ended, kept in localStorage (`curator.actions`, the newest 5,000).

use super::session::SessionCtx;
use super::storage::{self, Kind};
use crate::model::audit::{parse_stored, push_capped, ActionEntry};
use crate::model::TimestampMs;
use leptos::prelude::*;

const KEY: &str = "curator.actions";

#[derive(Clone, Copy)]
pub struct ActionLog {
    entries: RwSignal<Vec<ActionEntry>>,
    /// Set when the browser refused to store the log (storage full or disabled).
    pub store_failed: RwSignal<bool>,
    session: SessionCtx,
}

fn load() -> Vec<ActionEntry> {
    storage::get(Kind::Local, KEY)
        .map(|t| parse_stored(&t))
        .unwrap_or_default()
}

impl ActionLog {
    /// Reads the stored log; needs the session in context.
    pub fn provide() -> Self {
        let log = ActionLog {
            entries: RwSignal::new(load()),
            store_failed: RwSignal::new(false),
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
        let mut entries = load();
        push_capped(&mut entries, entry);
        self.save(&mut entries);
        self.entries.set(entries);
    }

    /// The log, oldest first.
    pub fn entries(&self) -> RwSignal<Vec<ActionEntry>> {
        self.entries
    }

    /// Reads what other tabs have written meanwhile.
    pub fn reload(&self) {
        self.entries.set(load());
    }

    /// Clears the log, as stored now (other tabs included); returns how many entries went.
    pub fn clear_counted(&self) -> usize {
        let count = load().len();
        self.clear();
        count
    }

    pub fn clear(&self) {
        storage::remove(Kind::Local, KEY);
        self.store_failed.set(false);
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
                    *entries = kept;
                    return;
                }
            }
            let half = kept.len() / 2;
            kept.drain(..half);
        }
        self.store_failed.set(true);
    }
}
