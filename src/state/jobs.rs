//! The jobs of this browser: bulk work started from any page, run by [`crate::bulk`] on the
//! engine in `jobs/`, shown live, and kept in IndexedDB as it runs (one value per job, see
//! [`crate::jobs::persist`]), so a reload shows what happened and can resume what it
//! interrupted. A job belongs to the homeserver and admin that started it: it sends nothing
//! under another session, and logging out pauses it. A tab runs a job only while it holds the
//! job's Web Lock: another tab shows it as running elsewhere and never runs it too.

use super::action_log::{say, ActionLog};
use super::idb::{self, Store};
use super::locks::{self, Held, LockError};
use super::session::{Session, SessionCtx};
use super::storage::{self, Kind};
use super::toasts::{ToastAction, Toasts, Tone};
use crate::bulk::guard::Guarded;
use crate::bulk::{run_job, BulkOp, Env, JobOwner, JobSink};
use crate::i18n::{t, t_stored, tf, T};
use crate::jobs::engine::{JobControl, SIGNED_OUT};
use crate::jobs::persist::{self, Found, SaveClock};
use crate::jobs::record::{ItemState, JobRecord, JobStatus, JobTitle};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Where versions before IndexedDB kept every job in one value; moved on first load.
const LEGACY_KEY: &str = "curator.jobs";
/// The IndexedDB store of jobs: one value (the record's JSON) under each job's id.
const STORE: &str = "jobs";
const CONCURRENCY_KEY: &str = "curator.jobs.concurrency";
/// Jobs kept in the browser; older finished ones are dropped first.
const KEEP: usize = 30;

thread_local! {
    /// The control of each job that has a run going in this tab.
    static CONTROLS: RefCell<HashMap<String, JobControl>> = RefCell::new(HashMap::new());
    /// The jobs' store, once open; `None` where the browser offers none (nothing is kept).
    static STORED: RefCell<Option<Store>> = const { RefCell::new(None) };
}

fn store() -> Option<Store> {
    STORED.with(|s| s.borrow().clone())
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
    /// Set when stored jobs could not be read (left untouched, never overwritten).
    pub unreadable: RwSignal<Option<String>>,
    /// Set when this browser has no Web Locks (two tabs could run the same job).
    pub no_locks: RwSignal<Option<String>>,
    /// The jobs another tab of this browser runs now: shown, never run or written here.
    elsewhere: RwSignal<Vec<String>>,
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
            no_locks: RwSignal::new(None),
            elsewhere: RwSignal::new(Vec::new()),
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
                ev.set_return_value(&t(T::StJobStillRunning));
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

    /// Forgets every job that is not running (in this tab or another), with its report (user
    /// ids, file names), in this browser; returns how many were forgotten.
    pub async fn forget_finished(self) -> usize {
        self.ensure_loaded().await;
        let mut gone = Vec::new();
        self.list.update(|l| {
            l.retain(|r| {
                let (id, active) = r.with_untracked(|r| (r.id.clone(), r.is_active()));
                let keep = active || self.is_elsewhere(&id);
                if !keep {
                    gone.push(id);
                }
                keep
            })
        });
        self.forget(&gone);
        gone.len()
    }

    pub fn all(&self) -> Vec<RwSignal<JobRecord>> {
        self.list.get()
    }

    pub fn find(&self, id: &str) -> Option<RwSignal<JobRecord>> {
        self.list
            .with(|l| l.iter().copied().find(|r| r.with_untracked(|r| r.id == id)))
    }

    /// Whether another tab of this browser runs job `id` now.
    pub fn is_elsewhere(&self, id: &str) -> bool {
        self.elsewhere.with(|e| e.iter().any(|x| x == id))
    }

    /// The jobs this tab runs (or has paused).
    pub fn running(&self) -> Vec<RwSignal<JobRecord>> {
        let elsewhere = self.elsewhere.get();
        self.list.with(|l| {
            l.iter()
                .copied()
                .filter(|r| r.with(|r| r.is_active() && !elsewhere.contains(&r.id)))
                .collect()
        })
    }

    /// Reads the stored jobs once; any that were running when their tab went away are
    /// interrupted. Jobs started meanwhile stay first.
    pub async fn ensure_loaded(&self) {
        if self.loaded.get_untracked() {
            return;
        }
        match load_stored(*self).await {
            Ok(load) => load.await,
            Err(e) => self.unreadable.set(Some(e.to_string())),
        }
    }

    async fn merge_stored(self) {
        if self.loaded.get_untracked() {
            return;
        }
        let mut records = Vec::new();
        let mut unreadable = Vec::new();
        let opened = match store() {
            Some(s) => Ok(s),
            None => idb::open(STORE).await,
        };
        match &opened {
            Ok(s) => {
                STORED.with(|slot| *slot.borrow_mut() = Some(s.clone()));
                match s.all().await {
                    Ok(values) => {
                        for (key, value) in values {
                            match persist::decode(&key, value.as_deref()) {
                                Ok(r) => records.push(r),
                                Err(why) => unreadable.push((key, why)),
                            }
                        }
                    }
                    Err(e) => self
                        .storage_error
                        .set(Some(tf(T::StStoredJobsNotRead, &[("error", &e)]))),
                }
            }
            Err(e) => self
                .storage_error
                .set(Some(tf(T::StJobsNotStorable, &[("error", e)]))),
        }
        // Jobs an older Curator kept in localStorage move here (the old value goes once they
        // are stored; one that cannot be read is kept aside, never overwritten).
        let legacy = storage::get(Kind::Local, LEGACY_KEY);
        let mut migrated = Vec::new();
        if let Some(text) = &legacy {
            match serde_json::from_str::<Vec<JobRecord>>(text) {
                Ok(old) => {
                    for r in old {
                        if !records.iter().any(|x| x.id == r.id) {
                            migrated.push(r.id.clone());
                            records.push(r);
                        }
                    }
                }
                Err(e) => {
                    storage::set(Kind::Local, &format!("{LEGACY_KEY}.unreadable"), text);
                    storage::remove(Kind::Local, LEGACY_KEY);
                    unreadable.push((
                        format!("localStorage {LEGACY_KEY}"),
                        tf(
                            T::StKeptAsideUnder,
                            &[
                                ("error", &e.to_string()),
                                ("key", &format!("{LEGACY_KEY}.unreadable")),
                            ],
                        ),
                    ));
                }
            }
        }
        self.unreadable.set(persist::unreadable_note(&unreadable));
        let held = match locks::held().await {
            Ok(held) => held,
            Err(e) => {
                self.no_locks.set(Some(e.to_string()));
                Default::default()
            }
        };
        if self.loaded.get_untracked() {
            return; // Another call finished loading while this one waited.
        }
        let owner = self.owner.get_value();
        let new = |r: JobRecord| match &owner {
            Some(o) => o.with(|| RwSignal::new(r)),
            None => RwSignal::new(r),
        };
        records.sort_by_key(|r| std::cmp::Reverse(r.created_ms));
        let mut changed = Vec::new();
        let mut elsewhere = Vec::new();
        self.list.update(|l| {
            for mut r in records {
                if l.iter().any(|x| x.with_untracked(|x| x.id == r.id)) {
                    continue;
                }
                match persist::place(&r, &held) {
                    Found::Elsewhere => elsewhere.push(r.id.clone()),
                    Found::Interrupted => {
                        r.mark_interrupted();
                        changed.push(r.id.clone());
                    }
                    Found::AsStored if migrated.contains(&r.id) => changed.push(r.id.clone()),
                    Found::AsStored => {}
                }
                l.push(new(r));
            }
        });
        self.elsewhere.set(elsewhere);
        self.loaded.set(true);
        let mut writes = Vec::new();
        for id in &changed {
            if let Some(r) = self.find_untracked(id) {
                writes.push(self.save(r));
            }
        }
        let mut all_stored = true;
        for write in writes {
            all_stored &= write.await;
        }
        if legacy.is_some() && all_stored && opened.is_ok() {
            storage::remove(Kind::Local, LEGACY_KEY);
        }
        self.watch_elsewhere();
    }

    fn find_untracked(&self, id: &str) -> Option<RwSignal<JobRecord>> {
        self.list
            .with_untracked(|l| l.iter().copied().find(|r| r.with_untracked(|r| r.id == id)))
    }

    /// Follows the jobs another tab runs: their progress as stored, and once that tab lets go
    /// (it finished, or closed mid-run), their final state here.
    fn watch_elsewhere(&self) {
        if self.elsewhere.with_untracked(Vec::is_empty) {
            return;
        }
        let jobs = *self;
        leptos::task::spawn_local(async move {
            // Reading a big job back costs this tab time too: read it less often.
            let mut clock = SaveClock::default();
            while !jobs.elsewhere.with_untracked(Vec::is_empty) {
                sleep_ms(1_000).await;
                let now = now_ms();
                if !clock.due(now) {
                    continue;
                }
                let held = locks::held().await.unwrap_or_default();
                let Some(store) = store() else { return };
                for id in jobs.elsewhere.get_untracked() {
                    let Some(record) = jobs.find_untracked(&id) else {
                        continue;
                    };
                    let stored = store.get(&id).await.ok().flatten();
                    let fresh = persist::decode(&id, stored.as_deref()).ok();
                    let still = held.contains(&persist::lock_name(&id));
                    if let Some(fresh) = fresh {
                        let _ = record.try_set(fresh);
                    }
                    clock.wrote(now, now_ms() - now);
                    if !still {
                        jobs.elsewhere.update(|e| e.retain(|x| x != &id));
                        if record.with_untracked(JobRecord::is_active) {
                            record.update(JobRecord::mark_interrupted);
                            jobs.save(record).await;
                        }
                    }
                }
            }
        });
    }

    /// Writes `record` (queued now, in order); the future says whether it was stored. A job
    /// another tab runs is never written here.
    fn save(&self, record: RwSignal<JobRecord>) -> impl std::future::Future<Output = bool> {
        let jobs = *self;
        let id = record.with_untracked(|r| r.id.clone());
        let write = (self.loaded.get_untracked() && !self.is_elsewhere(&id))
            .then(store)
            .flatten()
            .map(|s| {
                let text = record.with_untracked(serde_json::to_string);
                let put = text.map(|t| s.put(&id, &t)).map_err(|e| e.to_string());
                async move {
                    match put {
                        Ok(put) => put.await,
                        Err(e) => Err(e),
                    }
                }
            });
        async move {
            let Some(write) = write else { return false };
            let result = write.await;
            let error = result
                .as_ref()
                .err()
                .map(|e| tf(T::StJobNotSaved, &[("error", e)]));
            if jobs.storage_error.get_untracked() != error && (error.is_some() || store().is_some())
            {
                jobs.storage_error.set(error);
            }
            result.is_ok()
        }
    }

    /// Stores `record` in the background.
    fn save_soon(&self, record: RwSignal<JobRecord>) {
        let write = self.save(record);
        leptos::task::spawn_local(async move {
            write.await;
        });
    }

    /// Removes the jobs `ids` from storage in the background.
    fn forget(&self, ids: &[String]) {
        if ids.is_empty() || !self.loaded.get_untracked() {
            return;
        }
        if let Some(s) = store() {
            let delete = s.delete(ids);
            let jobs = *self;
            leptos::task::spawn_local(async move {
                if let Err(e) = delete.await {
                    jobs.storage_error
                        .set(Some(tf(T::StJobsNotRemoved, &[("error", &e)])));
                }
            });
        }
    }

    /// Starts a job doing `op`, owned by who is signed in; item `i` is shown as `labels[i]`;
    /// `skipped` items are reported as skipped with their reason and never touched. Opens its
    /// progress dialog and returns its id.
    pub fn start(
        &self,
        title: JobTitle,
        op: BulkOp,
        labels: Vec<String>,
        skipped: Vec<(usize, String)>,
    ) -> Option<String> {
        let Some(session) = self.session.get_untracked() else {
            self.toasts.push(Tone::Error, t(T::StSignInToStart));
            return None;
        };
        let created = now_ms();
        let id = format!("job-{created}-{}", self.list.with_untracked(Vec::len));
        let what = format!("{} items, {} skipped upfront", op.len(), skipped.len());
        self.log.record(
            T::StJobStarted.en(),
            &title.en,
            true,
            &what,
            Some(id.clone()),
        );
        let concurrency = self.concurrency.get_untracked();
        let owner = owner_of(&session);
        let mut record = JobRecord::for_op(
            id.clone(),
            title.en,
            op,
            owner,
            created,
            concurrency,
            labels,
        );
        record.title_text = Some(title.text);
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
        let mut evicted = Vec::new();
        self.list.update(|l| {
            l.insert(0, record);
            let listed: Vec<(String, bool)> = l
                .iter()
                .map(|r| {
                    r.with_untracked(|r| (r.id.clone(), r.is_active() || self.is_elsewhere(&r.id)))
                })
                .collect();
            for i in persist::evict(&listed, KEEP) {
                evicted.push(listed[i].0.clone());
                l.remove(i);
            }
        });
        self.forget(&evicted);
        self.open.set(Some(id.clone()));
        self.drive(record, None, || {});
        Some(id)
    }

    /// Why `record` may not run now under this session, if it may not.
    fn refusal(&self, record: RwSignal<JobRecord>) -> Option<String> {
        record.with_untracked(|r| {
            if self.is_elsewhere(&r.id) {
                return Some(t(T::StRunsElsewhere));
            }
            if r.is_from_older_version() {
                return Some(t(T::StOlderVersion));
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
        let jobs = *self;
        let id = id.to_owned();
        self.drive(record, None, move || {
            let title = record.with_untracked(|r| r.title.clone());
            jobs.log
                .record(T::StJobResumed.en(), &title, true, "", Some(id));
            record.update(|r| {
                r.status = JobStatus::Running;
                r.note = None;
            });
        });
    }

    /// Runs the failed items of a finished job again.
    pub fn retry_failed(&self, id: &str) {
        let Some(record) = self.find(id) else { return };
        if let Some(why) = self.refusal(record) {
            self.toasts.push(Tone::Error, why);
            return;
        }
        let failed = record.with_untracked(|r| r.counts().failed);
        if failed == 0 || live_control(id).is_some() {
            return;
        }
        let jobs = *self;
        let id = id.to_owned();
        // The items `retry_failed` will set pending again once the lock is held.
        let indices = record.with_untracked(|r| {
            r.items
                .iter()
                .enumerate()
                .filter(|(_, item)| matches!(item.state, ItemState::Failed { .. }))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        });
        self.drive(record, Some(indices), move || {
            let mut indices = Vec::new();
            record.update(|r| indices = r.retry_failed());
            let title = record.with_untracked(|r| r.title.clone());
            let what = format!("{} failed items run again", indices.len());
            jobs.log
                .record(T::StJobRetryFailed.en(), &title, true, &what, Some(id));
        });
    }

    pub fn pause(&self, id: &str) {
        if self.is_elsewhere(id) {
            return;
        }
        if let Some(control) = live_control(id) {
            control.pause();
        }
        if let Some(r) = self.find(id) {
            r.update(|r| r.status = JobStatus::Paused);
            self.save_soon(r);
        }
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
        if self.is_elsewhere(id) {
            self.toasts.push(Tone::Error, t(T::StRunsElsewhere));
            return;
        }
        match live_control(id) {
            Some(control) => control.cancel(),
            // A paused job with no run going (signed out, reloaded): close it here, once this
            // tab holds its lock (no other tab may be running it).
            None => {
                let Some(r) = self.find(id) else { return };
                let jobs = *self;
                let name = persist::lock_name(id);
                leptos::task::spawn_local(async move {
                    match locks::try_hold(&name).await {
                        Ok(None) => jobs.toasts.push(Tone::Error, t(T::StRunsElsewhere)),
                        Ok(Some(_held)) => {
                            r.update(|r| r.finish(now_ms(), true));
                            jobs.save(r).await;
                        }
                        Err(_) => {
                            r.update(|r| r.finish(now_ms(), true));
                            jobs.save(r).await;
                        }
                    }
                });
            }
        }
    }

    /// Runs `record` (its `only` items, else every unfinished one) in this tab, once this tab
    /// holds the job's Web Lock; `granted` runs first. Refused when another tab runs it.
    fn drive(
        &self,
        record: RwSignal<JobRecord>,
        only: Option<Vec<usize>>,
        granted: impl FnOnce() + 'static,
    ) {
        let id = record.with_untracked(|r| r.id.clone());
        let control = JobControl::default();
        CONTROLS.with(|c| c.borrow_mut().insert(id.clone(), control.clone()));
        let jobs = *self;
        leptos::task::spawn_local(async move {
            // A lock this tab just let go of (a run that ended a moment ago) is released
            // asynchronously: ask a few times before taking it for another tab's.
            let name = persist::lock_name(&id);
            let mut asked = locks::try_hold(&name).await;
            for _ in 0..5 {
                if !matches!(asked, Ok(None)) {
                    break;
                }
                sleep_ms(100).await;
                asked = locks::try_hold(&name).await;
            }
            let _held: Option<Held> = match asked {
                Ok(Some(held)) => Some(held),
                Ok(None) => {
                    CONTROLS.with(|c| c.borrow_mut().remove(&id));
                    jobs.elsewhere.update(|e| e.push(id.clone()));
                    jobs.toasts.push(Tone::Error, t(T::StRunsElsewhere));
                    jobs.watch_elsewhere();
                    return;
                }
                Err(e) => {
                    if e == LockError::Unavailable {
                        jobs.no_locks.set(Some(e.to_string()));
                    }
                    None
                }
            };
            jobs.ensure_loaded().await;
            granted();
            let indices = only.unwrap_or_else(|| record.with_untracked(|r| r.pending_indices()));
            jobs.save(record).await;
            match job_runner(jobs, record, indices, control).await {
                Ok(run) => run.await,
                Err(e) => {
                    record.update(|r| r.mark_interrupted());
                    jobs.save(record).await;
                    jobs.toasts.push(
                        Tone::Error,
                        tf(T::StJobDidNotStart, &[("error", &e.to_string())]),
                    );
                }
            }
            CONTROLS.with(|c| c.borrow_mut().remove(&id));
        });
    }
}

/// The job record in its signal: views are told at most every 100 ms, and the record is
/// stored as often as [`SaveClock`] allows, so a 100,000-file job does not redraw and
/// serialise every file each time one finishes.
struct SignalSink {
    record: RwSignal<JobRecord>,
    jobs: Jobs,
    last_notify: Cell<i64>,
    clock: Cell<SaveClock>,
    /// The run tells when a long request is in flight: writes and redraws wait for those
    /// moments.
    in_flight_offered: Cell<bool>,
}

impl SignalSink {
    fn save_now(&self, now: i64) {
        let mut clock = self.clock.get();
        // The write is queued now; serialising is the part that costs this tab's time.
        let write = self.jobs.save(self.record);
        clock.wrote(now, now_ms() - now);
        self.clock.set(clock);
        leptos::task::spawn_local(async move {
            write.await;
        });
    }
}

impl JobSink for SignalSink {
    fn update(&self, change: &mut dyn FnMut(&mut JobRecord)) {
        self.record.update_untracked(|r| change(r));
        let now = now_ms();
        // A run that offers in-flight moments is redrawn then (see `in_flight`); here only if
        // those stop coming.
        let every = if self.in_flight_offered.get() {
            1_000
        } else {
            100
        };
        if now - self.last_notify.get() >= every {
            self.last_notify.set(now);
            self.record.notify();
        }
        let clock = self.clock.get();
        let due = if self.in_flight_offered.get() {
            clock.overdue(now)
        } else {
            clock.due(now)
        };
        if due {
            self.save_now(now);
        }
    }

    fn in_flight(&self) {
        self.in_flight_offered.set(true);
        let now = now_ms();
        // The views redraw when this task next waits, that is while the request is in flight.
        if now - self.last_notify.get() >= 100 {
            self.last_notify.set(now);
            self.record.notify();
        }
        if self.clock.get().due(now) {
            self.save_now(now);
        }
    }
}

crate::split::split_fn! {
    /// Reads the stored jobs: their code (every operation's stored form) loads on first use.
    fn load_stored(jobs: Jobs) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(jobs.merge_stored())
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
        clock: Cell::new(SaveClock::default()),
        in_flight_offered: Cell::new(false),
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
    jobs.save(record).await;
    let (id, title, title_shown, counts, status, note) = record.with_untracked(|r| {
        (
            r.id.clone(),
            r.title.clone(),
            r.shown_title(),
            r.counts(),
            r.status,
            r.note.clone(),
        )
    });
    // The log keeps English (stored, exported); the admin is told in their language.
    let shown = |en: bool, s: &str| if en { s.to_owned() } else { t_stored(s) };
    let title_in = |en: bool| {
        if en {
            title.clone()
        } else {
            title_shown.clone()
        }
    };
    if status == JobStatus::Paused {
        let note = note.unwrap_or_default();
        let text = |en: bool| {
            say(
                en,
                T::StJobPausedWhy,
                &[("title", &title_in(en)), ("reason", &shown(en, &note))],
            )
        };
        jobs.log.record(
            T::StJobPaused.en(),
            &title,
            false,
            &text(true),
            Some(id.clone()),
        );
        jobs.toasts.push(Tone::Error, text(false));
        return;
    }
    jobs.finished.update(|n| *n += 1);
    let text = |en: bool| {
        let n = |n: usize| {
            if en {
                n.to_string()
            } else {
                crate::i18n::number(n as u64)
            }
        };
        let mut text = say(
            en,
            if counts.cancelled > 0 {
                T::StJobEndedCancelled
            } else {
                T::StJobEnded
            },
            &[
                ("title", &title_in(en)),
                ("done", &n(counts.done)),
                ("failed", &n(counts.failed)),
                ("skipped", &n(counts.skipped)),
                ("cancelled", &n(counts.cancelled)),
            ],
        );
        if let Some(note) = &note {
            text.push(' ');
            text.push_str(&shown(en, note));
        }
        text
    };
    let ok = counts.failed == 0 && counts.cancelled == 0;
    jobs.log.record(
        T::StJobFinished.en(),
        &title,
        ok,
        &text(true),
        Some(id.clone()),
    );
    let tone = if counts.failed > 0 {
        Tone::Error
    } else {
        Tone::Success
    };
    let open = ToastAction {
        label: t(T::Report),
        run: Callback::new(move |_| jobs.open.set(Some(id.clone()))),
    };
    jobs.toasts.push_with(tone, text(false), Some(open));
}
