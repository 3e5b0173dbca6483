//! What a job did, item by item: the value pages show and persist (keep field names stable).

use super::engine::Event;
use crate::api::ApiError;
use crate::bulk::{BulkOp, JobOwner};
use serde::{Deserialize, Serialize};

/// Where one item stands. `Done`, `Skipped`, `Failed` and `Cancelled` are final.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Pending,
    Running,
    Done {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Skipped {
        reason: String,
    },
    Failed {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        errcode: Option<String>,
    },
    Cancelled,
}

impl ItemState {
    /// The final state for an error: its message, HTTP status and Matrix errcode.
    pub fn failed(e: &ApiError) -> Self {
        ItemState::Failed {
            reason: e.to_string(),
            status: e.status(),
            errcode: e.errcode().map(str::to_owned),
        }
    }

    pub fn is_final(&self) -> bool {
        !matches!(self, ItemState::Pending | ItemState::Running)
    }

    /// A short lowercase name (`done`, `failed`…), as in the CSV export.
    pub fn name(&self) -> &'static str {
        match self {
            ItemState::Pending => "pending",
            ItemState::Running => "running",
            ItemState::Done { .. } => "done",
            ItemState::Skipped { .. } => "skipped",
            ItemState::Failed { .. } => "failed",
            ItemState::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// What the operation acts on (an mxc URI, a user id…).
    pub key: String,
    /// What the admin reads (a file name, a display name); untrusted text.
    pub label: String,
    pub state: ItemState,
    /// Attempts made over all runs of the job.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<i64>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Running,
    Paused,
    Finished,
    Cancelled,
    /// The page was closed or reloaded while the job ran; its pending items can be resumed.
    Interrupted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    /// The title in English, as the action log and older versions read it.
    pub title: String,
    /// The title as a catalog text and its values, so it shows in the admin's language (a job
    /// stored before it existed shows `title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_text: Option<TitleText>,
    /// What the job does, item by item: what it resumes from. `None` for a job stored by an
    /// older version of Curator (its report can be read, not resumed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<BulkOp>,
    /// The homeserver and admin it belongs to; `None` for a job from an older version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<JobOwner>,
    /// What the job waits for now, or why it stopped by itself ("signed out: …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub created_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<i64>,
    pub status: JobStatus,
    pub concurrency: usize,
    pub items: Vec<ItemRecord>,
}

/// A stored title: the English of a catalog text (a counted text's plural, its key) and the
/// values of its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleText {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

/// A job's title: its English and its catalog text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobTitle {
    pub en: String,
    pub text: TitleText,
}

impl JobTitle {
    fn owned(args: &[(&str, &str)]) -> Vec<(String, String)> {
        args.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    pub fn text(key: crate::i18n::T, args: &[(&str, &str)]) -> Self {
        JobTitle {
            en: crate::i18n::fill(key.en(), args),
            text: TitleText {
                key: key.en().to_owned(),
                n: None,
                args: Self::owned(args),
            },
        }
    }

    pub fn counted(key: crate::i18n::P, n: u64, args: &[(&str, &str)]) -> Self {
        JobTitle {
            en: crate::i18n::english_n(key, n, args),
            text: TitleText {
                key: key.en().to_owned(),
                n: Some(n),
                args: Self::owned(args),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub pending: usize,
    pub running: usize,
    pub done: usize,
    pub skipped: usize,
    pub failed: usize,
    pub cancelled: usize,
}

/// See [`JobRecord::progress`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub counts: Counts,
    /// The label of the newest item running.
    pub current: Option<String>,
    /// Failed and skipped items, in order, as many as asked for.
    pub problems: Vec<(String, ItemState)>,
}

impl JobRecord {
    /// A running job whose items, given as `(key, label)`, are all pending.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        created_ms: i64,
        concurrency: usize,
        items: Vec<(String, String)>,
    ) -> Self {
        let items = items
            .into_iter()
            .map(|(key, label)| ItemRecord {
                key,
                label,
                state: ItemState::Pending,
                attempts: 0,
                finished_ms: None,
            })
            .collect();
        JobRecord {
            id: id.into(),
            title: title.into(),
            title_text: None,
            op: None,
            owner: None,
            note: None,
            created_ms,
            finished_ms: None,
            status: JobStatus::Running,
            concurrency,
            items,
        }
    }

    /// The job for `op`, owned by `owner`: item `i` is the operation's target `i`, shown with
    /// `labels[i]` (or its key).
    pub fn for_op(
        id: impl Into<String>,
        title: impl Into<String>,
        op: BulkOp,
        owner: JobOwner,
        created_ms: i64,
        concurrency: usize,
        labels: Vec<String>,
    ) -> Self {
        let items = (0..op.len())
            .map(|i| {
                let key = op.key(i).unwrap_or_default();
                let label = labels.get(i).cloned().unwrap_or_else(|| key.clone());
                (key, label)
            })
            .collect();
        let mut job = Self::new(id, title, created_ms, concurrency, items);
        job.op = Some(op);
        job.owner = Some(owner);
        job
    }

    /// The title in the admin's language where it has a catalog text, else as stored.
    pub fn shown_title(&self) -> String {
        self.title_text
            .as_ref()
            .and_then(|x| crate::i18n::t_stored_with(&x.key, x.n, &x.args))
            .unwrap_or_else(|| crate::i18n::t_stored(&self.title))
    }

    /// Stored by an older version of Curator: it has no operation to resume from.
    pub fn is_from_older_version(&self) -> bool {
        self.op.is_none() || self.owner.is_none()
    }

    pub fn counts(&self) -> Counts {
        self.progress(0).counts
    }

    /// What a progress view shows, in one pass over the items (a 100,000-item job is redrawn
    /// while it runs): the counts, the newest running item's label, and the first `problems`
    /// failed or skipped items with their state.
    pub fn progress(&self, problems: usize) -> Progress {
        let mut p = Progress {
            counts: Counts {
                total: self.items.len(),
                ..Counts::default()
            },
            current: None,
            problems: Vec::new(),
        };
        let c = &mut p.counts;
        let mut running = None;
        for item in &self.items {
            match &item.state {
                ItemState::Pending => c.pending += 1,
                ItemState::Running => {
                    c.running += 1;
                    running = Some(&item.label);
                }
                ItemState::Done { .. } => c.done += 1,
                ItemState::Skipped { .. } => c.skipped += 1,
                ItemState::Failed { .. } => c.failed += 1,
                ItemState::Cancelled => c.cancelled += 1,
            }
            if p.problems.len() < problems
                && matches!(
                    item.state,
                    ItemState::Failed { .. } | ItemState::Skipped { .. }
                )
            {
                p.problems.push((item.label.clone(), item.state.clone()));
            }
        }
        p.current = running.cloned();
        p
    }

    /// Records what the engine reported; events for unknown indices are ignored.
    pub fn apply(&mut self, event: &Event, now_ms: i64) {
        match event {
            Event::Started { index, .. } => {
                if let Some(item) = self.items.get_mut(*index) {
                    item.state = ItemState::Running;
                    item.attempts += 1;
                }
            }
            Event::Retrying {
                index,
                after_ms,
                reason,
                ..
            } => {
                let label = self
                    .items
                    .get(*index)
                    .map(|i| i.label.as_str())
                    .unwrap_or("");
                // What the job waits for now: told in the admin's language.
                self.note = Some(crate::i18n::tf(
                    crate::i18n::T::StWaitingToRetry,
                    &[
                        ("s", &crate::i18n::number(after_ms.div_ceil(1000))),
                        ("item", label),
                        ("reason", reason),
                    ],
                ));
            }
            Event::Finished { index, state } => {
                self.note = None;
                if let Some(item) = self.items.get_mut(*index) {
                    item.state = state.clone();
                    item.finished_ms = state.is_final().then_some(now_ms);
                }
            }
        }
    }

    /// Closes the job after a run: any item not in a final state is cancelled.
    pub fn finish(&mut self, now_ms: i64, cancelled: bool) {
        for item in &mut self.items {
            if !item.state.is_final() {
                item.state = ItemState::Cancelled;
                item.finished_ms.get_or_insert(now_ms);
            }
        }
        self.status = if cancelled {
            JobStatus::Cancelled
        } else {
            JobStatus::Finished
        };
        self.finished_ms = Some(now_ms);
    }

    /// What a page load does with a stored job: one that was running is interrupted, and items
    /// that were in flight go back to pending (whether the server acted on them is unknown; the
    /// operations are expected to be idempotent).
    pub fn mark_interrupted(&mut self) {
        if self.is_active() {
            self.status = JobStatus::Interrupted;
        }
        for item in &mut self.items {
            if item.state == ItemState::Running {
                item.state = ItemState::Pending;
            }
        }
    }

    /// Puts the failed items back to pending (attempts kept) and the job back to running;
    /// returns their indices, to run again.
    pub fn retry_failed(&mut self) -> Vec<usize> {
        let mut again = Vec::new();
        for (i, item) in self.items.iter_mut().enumerate() {
            if matches!(item.state, ItemState::Failed { .. }) {
                item.state = ItemState::Pending;
                item.finished_ms = None;
                again.push(i);
            }
        }
        if !again.is_empty() {
            self.status = JobStatus::Running;
            self.finished_ms = None;
        }
        again
    }

    pub fn pending_indices(&self) -> Vec<usize> {
        let pending = self.items.iter().enumerate();
        pending
            .filter(|(_, item)| item.state == ItemState::Pending)
            .map(|(i, _)| i)
            .collect()
    }

    /// Running or paused: the page still has work to do for it.
    pub fn is_active(&self) -> bool {
        matches!(self.status, JobStatus::Running | JobStatus::Paused)
    }
}
