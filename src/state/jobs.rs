//! The jobs of this browser: bulk work started from any page, run by [`crate::bulk`] on the
//! engine in `jobs/`, shown live, and kept in localStorage as it runs, so a reload shows what
//! happened and can resume what it interrupted. A job belongs to the homeserver and admin that
//! started it: it sends nothing under another session, and logging out pauses it.

use super::action_log::ActionLog;
use super::session::{Session, SessionCtx};
use super::storage::{self, Kind};
use super::toasts::{ToastAction, Toasts, Tone};
use crate::bulk::guard::Guarded;
use crate::bulk::{run_job, BulkOp, Env, JobOwner, JobSink};
use crate::jobs::engine::{JobControl, SIGNED_OUT};
use crate::jobs::record::{ItemState, JobRecord, JobStatus};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

const KEY: &str = "curator.jobs";
const CONCURRENCY_KEY: &str = "curator.jobs.concurrency";
/// Jobs kept in the browser; older finished ones are dropped first.
const KEEP: usize = 30;

thread_local! {
    /// The control of each job that has a run going in this tab.
    static CONTROLS: RefCell<HashMap<String, JobControl>> = RefCell::new(HashMap::new());
}

fn live_control(id: &str) -> Option<JobControl> {
    CONTROLS.with(|c| c.borrow().get(id).cloned())
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The owner a new job gets: who is signed in now.
pub fn owner_of(session: &Session) -> JobOwner {
    JobOwner {
        homeserver: session.homeserver.clone(),
        admin: session.user_id.clone(),
    }
}

/// Sleeps in the browser (setTimeout); returns at once where there is no window.
pub async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().map(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            )
        });
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The registry every page and the header read.
#[derive(Clone, Copy)]
pub struct Jobs {
    list: RwSignal<Vec<RwSignal<JobRecord>>>,
    /// The job whose progress dialog is open.
    pub open: RwSignal<Option<String>>,
    /// Requests in flight per job (1–16), from the "Advanced" setting.
    pub concurrency: RwSignal<usize>,
    /// Counts finished jobs, so lists can read the server again when one ends.
    pub finished: RwSignal<u64>,
    /// Set when the jobs could not be stored in this browser.
    pub storage_error: RwSignal<Option<String>>,
    /// Set when the stored jobs could not be read (kept aside, not overwritten).
    pub unreadable: RwSignal<Option<String>>,
    /// Whether the stored jobs were read: they are read on first use (the Jobs page, a job's
    /// start), off the first page load, and nothing is stored before they are.
    loaded: RwSignal<bool>,
    session: SessionCtx,
    toasts: Toasts,
    log: ActionLog,
    /// The app's owner: a job's signals must outlive the dialog or page that started it.
    owner: StoredValue<Option<Owner>>,
}

impl Jobs {
    /// The registry, empty until the stored jobs are read ([`Jobs::ensure_loaded`]).
    pub fn provide() -> Self {
        let jobs = Jobs {
            list: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            concurrency: RwSignal::new(
                storage::get(Kind::Local, CONCURRENCY_KEY)
                    .and_then(|v| v.parse::<usize>().ok())
                    .map_or(4, |n| n.clamp(1, 16)),
            ),
            finished: RwSignal::new(0),
            storage_error: RwSignal::new(None),
            unreadable: RwSignal::new(None),
            loaded: RwSignal::new(false),
            session: SessionCtx::expect(),
            toasts: Toasts::expect(),
            log: ActionLog::expect(),
            owner: StoredValue::new(Owner::current()),
        };
        provide_context(jobs);
        // Leaving or reloading while a job runs asks first (the job would be interrupted).
        let listener = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if !jobs.running().is_empty() {
                ev.prevent_default();
                ev.set_return_value("A bulk job is still running.");
            }
        });
        on_cleanup(move || listener.remove());
        // Signing out, or in as someone else, pauses every job of the previous session.
        Effect::new(move |_| {
            let current = jobs.session.get().as_ref().map(owner_of);
            for record in jobs.list.get_untracked() {
                let (id, owner) = record.with_untracked(|r| (r.id.clone(), r.owner.clone()));
                if owner.is_some() && owner != current {
                    if let Some(control) = live_control(&id) {
                        control.halt(SIGNED_OUT);
                    }
                }
            }
        });
        jobs
    }

    pub fn expect() -> Self {
        expect_context::<Jobs>()
    }

    /// The "Advanced" setting, remembered in this browser.
    pub fn set_concurrency(&self, n: usize) {
        let n = n.clamp(1, 16);
        self.concurrency.set(n);
        storage::set(Kind::Local, CONCURRENCY_KEY, &n.to_string());
    }

    /// Forgets every job that is not running, with its report (user ids, file names), in this
    /// browser; returns how many were forgotten.
    pub fn forget_finished(&self) -> usize {
        let before = self.list.with_untracked(Vec::len);
        self.list
            .update(|l| l.retain(|r| r.with_untracked(JobRecord::is_active)));
        self.save();
        before - self.list.with_untracked(Vec::len)
    }

    pub fn all(&self) -> Vec<RwSignal<JobRecord>> {
        self.list.get()
    }

    pub fn find(&self, id: &str) -> Option<RwSignal<JobRecord>> {
        self.list
            .with(|l| l.iter().copied().find(|r| r.with_untracked(|r| r.id == id)))
    }

    pub fn running(&self) -> Vec<RwSignal<JobRecord>> {
        self.list.with(|l| {
            l.iter()
                .copied()
                .filter(|r| r.with(|r| r.is_active()))
                .collect()
        })
    }

    /// Reads the stored jobs once; any that were running when the page went away are
    /// interrupted. Jobs started meanwhile stay first.
    pub async fn ensure_loaded(&self) {
        if self.loaded.get_untracked() {
            return;
        }
        if let Err(e) = load_stored(*self).await {
            self.unreadable.set(Some(e.to_string()));
        }
    }

    fn merge_stored(&self) {
        if self.loaded.get_untracked() {
            return;
        }
        let stored = storage::get(Kind::Local, KEY);
        let parsed = stored
            .as_deref()
            .map(serde_json::from_str::<Vec<JobRecord>>);
        let records = match parsed {
            None => Vec::new(),
            Some(Ok(records)) => records,
            Some(Err(e)) => {
                // Kept aside, never overwritten: a newer Curator may have written it.
                if let Some(text) = &stored {
                    storage::set(Kind::Local, &format!("{KEY}.unreadable"), text);
                }
                self.unreadable.set(Some(format!(
                    "The jobs stored in this browser could not be read ({e}); they were kept \
                     aside under “{KEY}.unreadable”."
                )));
                Vec::new()
            }
        };
        let owner = self.owner.get_value();
        let new = |r: JobRecord| match &owner {
            Some(o) => o.with(|| RwSignal::new(r)),
            None => RwSignal::new(r),
        };
        self.list.update(|l| {
            for mut r in records {
                if l.iter().any(|x| x.with_untracked(|x| x.id == r.id)) {
                    continue;
                }
                if r.is_active() {
                    r.mark_interrupted();
                }
                l.push(new(r));
            }
        });
        self.loaded.set(true);
        self.save();
    }

    fn save(&self) {
        if !self.loaded.get_untracked() {
            return;
        }
        let records: Vec<JobRecord> = self
            .list
            .with_untracked(|l| l.iter().map(|r| r.get_untracked()).collect());
        let stored = serde_json::to_string(&records)
            .map(|text| storage::set(Kind::Local, KEY, &text))
            .unwrap_or(false);
        let error = (!stored).then(|| {
            "The jobs could not be saved in this browser (storage is full or disabled): a \
             reload will lose their progress and reports. Export the reports you need."
                .to_owned()
        });
        if self.storage_error.get_untracked() != error {
            self.storage_error.set(error);
        }
    }

    /// Starts a job doing `op`, owned by who is signed in; item `i` is shown as `labels[i]`;
    /// `skipped` items are reported as skipped with their reason and never touched. Opens its
    /// progress dialog and returns its id.
    pub fn start(
        &self,
        title: String,
        op: BulkOp,
        labels: Vec<String>,
        skipped: Vec<(usize, String)>,
    ) -> Option<String> {
        let Some(session) = self.session.get_untracked() else {
            self.toasts.push(
                Tone::Error,
                "Signed out: sign in to start this job.".to_owned(),
            );
            return None;
        };
        let created = now_ms();
        let id = format!("job-{created}-{}", self.list.with_untracked(Vec::len));
        let what = format!("{} items, {} skipped upfront", op.len(), skipped.len());
        self.log
            .record("Job started", &title, true, &what, Some(id.clone()));
        let concurrency = self.concurrency.get_untracked();
        let owner = owner_of(&session);
        let mut record =
            JobRecord::for_op(id.clone(), title, op, owner, created, concurrency, labels);
        for (index, reason) in &skipped {
            if let Some(item) = record.items.get_mut(*index) {
                item.state = ItemState::Skipped {
                    reason: reason.clone(),
                };
                item.finished_ms = Some(created);
            }
        }
        let record = match self.owner.get_value() {
            Some(owner) => owner.with(|| RwSignal::new(record)),
            None => RwSignal::new(record),
        };
        self.list.update(|l| {
            l.insert(0, record);
            while l.len() > KEEP {
                match l.iter().rposition(|r| !r.with_untracked(|r| r.is_active())) {
                    Some(i) => {
                        l.remove(i);
                    }
                    None => break,
                }
            }
        });
        self.save();
        self.open.set(Some(id.clone()));
        self.drive(record, None);
        Some(id)
    }

    /// Why `record` may not run now under this session, if it may not.
    fn refusal(&self, record: RwSignal<JobRecord>) -> Option<String> {
        record.with_untracked(|r| {
            if r.is_from_older_version() {
                return Some(
                    "This job was stored by an older version of Curator: its report can be read \
                     and exported, but it cannot be resumed or retried."
                        .to_owned(),
                );
            }
            let current = self.session.get_untracked().as_ref().map(owner_of);
            r.owner.as_ref()?.check(current.as_ref()).err()
        })
    }

    /// Resumes an interrupted or signed-out job: only its unfinished items run.
    pub fn resume(&self, id: &str) {
        let Some(record) = self.find(id) else { return };
        if let Some(why) = self.refusal(record) {
            self.toasts.push(Tone::Error, why);
            return;
        }
        if live_control(id).is_some() {
            return;
        }
        let title = record.with_untracked(|r| r.title.clone());
        self.log
            .record("Job resumed", &title, true, "", Some(id.to_owned()));
        record.update(|r| {
            r.status = JobStatus::Running;
            r.note = None;
        });
        self.drive(record, None);
    }

    /// Runs the failed items of a finished job again.
    pub fn retry_failed(&self, id: &str) {
        let Some(record) = self.find(id) else { return };
        if let Some(why) = self.refusal(record) {
            self.toasts.push(Tone::Error, why);
            return;
        }
        let mut indices = Vec::new();
        record.update(|r| indices = r.retry_failed());
        if !indices.is_empty() {
            let title = record.with_untracked(|r| r.title.clone());
            let what = format!("{} failed items run again", indices.len());
            self.log
                .record("Job retry failed", &title, true, &what, Some(id.to_owned()));
            self.drive(record, Some(indices));
        }
    }

    pub fn pause(&self, id: &str) {
        if let Some(control) = live_control(id) {
            control.pause();
        }
        if let Some(r) = self.find(id) {
            r.update(|r| r.status = JobStatus::Paused);
        }
        self.save();
    }

    /// Resumes a paused job: the same run if it is still going, else a new one.
    pub fn unpause(&self, id: &str) {
        let Some(record) = self.find(id) else { return };
        match live_control(id) {
            Some(control) if control.halted().is_none() => {
                if let Some(why) = self.refusal(record) {
                    self.toasts.push(Tone::Error, why);
                    return;
                }
                control.resume();
                record.update(|r| r.status = JobStatus::Running);
            }
            _ => self.resume(id),
        }
    }

    pub fn cancel(&self, id: &str) {
        match live_control(id) {
            Some(control) => control.cancel(),
            // A paused job with no run going (signed out, reloaded): close it here.
            None => {
                if let Some(r) = self.find(id) {
                    r.update(|r| r.finish(now_ms(), true));
                    self.save();
                }
            }
        }
    }

    fn drive(&self, record: RwSignal<JobRecord>, only: Option<Vec<usize>>) {
        let id = record.with_untracked(|r| r.id.clone());
        let control = JobControl::default();
        CONTROLS.with(|c| c.borrow_mut().insert(id.clone(), control.clone()));
        let indices = only.unwrap_or_else(|| record.with_untracked(|r| r.pending_indices()));
        let jobs = *self;
        leptos::task::spawn_local(async move {
            jobs.ensure_loaded().await;
            match job_runner(jobs, record, indices, control).await {
                Ok(run) => run.await,
                Err(e) => {
                    record.update(|r| r.mark_interrupted());
                    jobs.save();
                    jobs.toasts
                        .push(Tone::Error, format!("The job did not start. {e}"));
                }
            }
            CONTROLS.with(|c| c.borrow_mut().remove(&id));
        });
    }
}

/// The job record in its signal: views are told at most every 100 ms and the record is stored
/// at most every second, so a 10,000-file job does not redraw and serialise every file.
struct SignalSink {
    record: RwSignal<JobRecord>,
    jobs: Jobs,
    last_notify: Cell<i64>,
    last_save: Cell<i64>,
}

impl JobSink for SignalSink {
    fn update(&self, change: &mut dyn FnMut(&mut JobRecord)) {
        self.record.update_untracked(|r| change(r));
        let now = now_ms();
        if now - self.last_notify.get() >= 100 {
            self.last_notify.set(now);
            self.record.notify();
        }
        if now - self.last_save.get() >= 1000 {
            self.last_save.set(now);
            self.jobs.save();
        }
    }
}

crate::split::split_fn! {
    /// Reads the stored jobs: their code (every operation's stored form) loads on first use.
    fn load_stored(jobs: Jobs) -> () {
        jobs.merge_stored()
    }
}

crate::split::split_fn! {
    /// The job runner, with every bulk call: its code is loaded when the first job starts.
    fn job_runner(
        jobs: Jobs,
        record: RwSignal<JobRecord>,
        indices: Vec<usize>,
        control: JobControl,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(run(jobs, record, indices, control))
    }
}

/// Runs a job's `indices` to the end, then reports.
async fn run(jobs: Jobs, record: RwSignal<JobRecord>, indices: Vec<usize>, control: JobControl) {
    let session = jobs.session;
    let Some(owner) = record.with_untracked(|r| r.owner.clone()) else {
        return;
    };
    let current = move || session.get_untracked().as_ref().map(owner_of);
    let api = Guarded {
        api: &session,
        owner,
        current: &current,
    };
    let sink = SignalSink {
        record,
        jobs,
        last_notify: Cell::new(0),
        last_save: Cell::new(0),
    };
    let env = Env {
        api: &api,
        sink: &sink,
        control: &control,
        sleep: sleep_ms,
        now: now_ms,
    };
    run_job(&env, indices).await;
    record.notify();
    jobs.save();
    let (id, title, counts, status, note) = record.with_untracked(|r| {
        (
            r.id.clone(),
            r.title.clone(),
            r.counts(),
            r.status,
            r.note.clone(),
        )
    });
    if status == JobStatus::Paused {
        let text = format!("{title}: paused, {}", note.unwrap_or_default());
        jobs.log
            .record("Job paused", &title, false, &text, Some(id.clone()));
        jobs.toasts.push(Tone::Error, text);
        return;
    }
    jobs.finished.update(|n| *n += 1);
    let verified = note.map(|n| format!(" {n}")).unwrap_or_default();
    let text = format!(
        "{title}: {} succeeded, {} failed, {} skipped{}.{verified}",
        counts.done,
        counts.failed,
        counts.skipped,
        if counts.cancelled > 0 {
            format!(", {} cancelled", counts.cancelled)
        } else {
            String::new()
        }
    );
    let ok = counts.failed == 0 && counts.cancelled == 0;
    jobs.log
        .record("Job finished", &title, ok, &text, Some(id.clone()));
    let tone = if counts.failed > 0 {
        Tone::Error
    } else {
        Tone::Success
    };
    let open = ToastAction {
        label: "Report".into(),
        run: Callback::new(move |_| jobs.open.set(Some(id.clone()))),
    };
    jobs.toasts.push_with(tone, text, Some(open));
}
