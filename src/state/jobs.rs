//! The jobs of this browser: bulk work started from any page, run by the engine in `jobs/`,
//! shown live, and kept in localStorage as it runs, so a reload shows what happened and can
//! resume what it interrupted.

use super::action_log::ActionLog;
use super::session::SessionCtx;
use super::storage::{self, Kind};
use super::toasts::{ToastAction, Toasts, Tone};
use crate::api::media::{
    ChangeFlag, DeleteMedia, DeleteUserMediaPage, FlagChange, ListRoomMedia, ListUserMedia,
    QuarantineRoomMedia, QuarantineUserMedia,
};
use crate::api::ApiError;
use crate::jobs::engine::{self, gone_is_done, ItemOk, JobControl, RunOptions};
use crate::jobs::record::{ItemState, JobRecord, JobStatus};
use crate::model::media::MediaRef;
use crate::model::{Page, RoomId, UserId};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;

const KEY: &str = "curator.jobs";
const CONCURRENCY_KEY: &str = "curator.jobs.concurrency";
/// Jobs kept in the browser; older finished ones are dropped first.
const KEEP: usize = 30;

/// What a job does to each of its items. Its name is stored with the job, so an interrupted job
/// can be resumed after a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    DeleteMedia,
    QuarantineMedia,
    UnquarantineMedia,
    ProtectMedia,
    UnprotectMedia,
    /// Every file of one user, deleted a page at a time from the start of the list; the items
    /// are the files the preview found. Stored as `delete_user_media_pages:<user id>`.
    DeleteUserMediaPages,
    /// Items are users: each one's "Quarantine all media".
    QuarantineUsersMedia,
    /// Items are users: each one's every file, deleted page by page until none is left.
    DeleteUsersMedia,
    /// Items are rooms: each one's "Quarantine all media".
    QuarantineRoomsMedia,
    /// Items are rooms: each one's local files, deleted (encrypted rooms are skipped upfront).
    DeleteRoomsMedia,
}

/// The stored kind of a whole-user delete names the user.
pub fn user_pages_kind(user: &UserId) -> String {
    format!("{}:{user}", JobKind::DeleteUserMediaPages.name())
}

impl JobKind {
    pub fn name(self) -> &'static str {
        match self {
            JobKind::DeleteMedia => "delete_media",
            JobKind::QuarantineMedia => "quarantine_media",
            JobKind::UnquarantineMedia => "unquarantine_media",
            JobKind::ProtectMedia => "protect_media",
            JobKind::UnprotectMedia => "unprotect_media",
            JobKind::DeleteUserMediaPages => "delete_user_media_pages",
            JobKind::QuarantineUsersMedia => "quarantine_users_media",
            JobKind::DeleteUsersMedia => "delete_users_media",
            JobKind::QuarantineRoomsMedia => "quarantine_rooms_media",
            JobKind::DeleteRoomsMedia => "delete_rooms_media",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        if name.starts_with("delete_user_media_pages:") {
            return Some(JobKind::DeleteUserMediaPages);
        }
        [
            JobKind::DeleteMedia,
            JobKind::QuarantineMedia,
            JobKind::UnquarantineMedia,
            JobKind::ProtectMedia,
            JobKind::UnprotectMedia,
            JobKind::DeleteUserMediaPages,
            JobKind::QuarantineUsersMedia,
            JobKind::DeleteUsersMedia,
            JobKind::QuarantineRoomsMedia,
            JobKind::DeleteRoomsMedia,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

thread_local! {
    static CONTROLS: RefCell<HashMap<String, JobControl>> = RefCell::new(HashMap::new());
}

fn control(id: &str) -> JobControl {
    CONTROLS.with(|c| c.borrow_mut().entry(id.to_owned()).or_default().clone())
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
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
    session: SessionCtx,
    toasts: Toasts,
    log: ActionLog,
    /// The app's owner: a job's signals must outlive the dialog or page that started it.
    owner: StoredValue<Option<Owner>>,
}

impl Jobs {
    /// Loads the stored jobs; any that were running when the page went away are interrupted.
    pub fn provide() -> Self {
        let mut records: Vec<JobRecord> = storage::get(Kind::Local, KEY)
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        for r in &mut records {
            if r.is_active() {
                r.mark_interrupted();
            }
        }
        let jobs = Jobs {
            list: RwSignal::new(records.into_iter().map(RwSignal::new).collect()),
            open: RwSignal::new(None),
            concurrency: RwSignal::new(
                storage::get(Kind::Local, CONCURRENCY_KEY)
                    .and_then(|v| v.parse::<usize>().ok())
                    .map_or(4, |n| n.clamp(1, 16)),
            ),
            finished: RwSignal::new(0),
            session: SessionCtx::expect(),
            toasts: Toasts::expect(),
            log: ActionLog::expect(),
            owner: StoredValue::new(Owner::current()),
        };
        jobs.save();
        provide_context(jobs);
        // Leaving or reloading while a job runs asks first (the job would be interrupted).
        let listener = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if !jobs.running().is_empty() {
                ev.prevent_default();
                ev.set_return_value("A bulk job is still running.");
            }
        });
        on_cleanup(move || listener.remove());
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

    fn save(&self) {
        let records: Vec<JobRecord> = self
            .list
            .with_untracked(|l| l.iter().map(|r| r.get_untracked()).collect());
        if let Ok(text) = serde_json::to_string(&records) {
            storage::set(Kind::Local, KEY, &text);
        }
    }

    /// Starts a job over `items` (key, label); `skipped` items are reported as skipped with their
    /// reason and never touched. Opens its progress dialog and returns its id.
    pub fn start(
        &self,
        title: String,
        kind: String,
        items: Vec<(String, String)>,
        skipped: Vec<(usize, String)>,
        verify_user: Option<UserId>,
    ) -> String {
        let created = now_ms();
        let id = format!("job-{created}-{}", self.list.with_untracked(Vec::len));
        let what = format!("{} items, {} skipped upfront", items.len(), skipped.len());
        self.log
            .record("Job started", &title, true, &what, Some(id.clone()));
        let mut record = JobRecord::new(
            id.clone(),
            title,
            kind,
            created,
            self.concurrency.get_untracked(),
            items,
        );
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
        self.drive(record, None, verify_user);
        id
    }

    /// Resumes an interrupted job: only its unfinished items run.
    pub fn resume(&self, id: &str) {
        if let Some(record) = self.find(id) {
            let title = record.with_untracked(|r| r.title.clone());
            self.log
                .record("Job resumed", &title, true, "", Some(id.to_owned()));
            record.update(|r| r.status = JobStatus::Running);
            self.drive(record, None, None);
        }
    }

    /// Runs the failed items of a finished job again.
    pub fn retry_failed(&self, id: &str) {
        if let Some(record) = self.find(id) {
            let mut indices = Vec::new();
            record.update(|r| indices = r.retry_failed());
            if !indices.is_empty() {
                let title = record.with_untracked(|r| r.title.clone());
                let what = format!("{} failed items run again", indices.len());
                self.log
                    .record("Job retry failed", &title, true, &what, Some(id.to_owned()));
                self.drive(record, Some(indices), None);
            }
        }
    }

    pub fn pause(&self, id: &str) {
        control(id).pause();
        if let Some(r) = self.find(id) {
            r.update(|r| r.status = JobStatus::Paused);
        }
        self.save();
    }

    pub fn unpause(&self, id: &str) {
        control(id).resume();
        if let Some(r) = self.find(id) {
            r.update(|r| r.status = JobStatus::Running);
        }
    }

    pub fn cancel(&self, id: &str) {
        control(id).cancel();
    }

    fn drive(
        &self,
        record: RwSignal<JobRecord>,
        only: Option<Vec<usize>>,
        verify_user: Option<UserId>,
    ) {
        let id = record.with_untracked(|r| r.id.clone());
        CONTROLS.with(|c| c.borrow_mut().insert(id, JobControl::default()));
        let indices = only.unwrap_or_else(|| record.with_untracked(|r| r.pending_indices()));
        let jobs = *self;
        leptos::task::spawn_local(async move {
            match job_runner(jobs, record, indices, verify_user).await {
                Ok(run) => run.await,
                Err(e) => {
                    record.update(|r| r.mark_interrupted());
                    jobs.save();
                    jobs.toasts
                        .push(Tone::Error, format!("The job did not start. {e}"));
                }
            }
        });
    }
}

crate::split::split_fn! {
    /// The job runner, with every bulk call: its code is loaded when the first job starts.
    fn job_runner(
        jobs: Jobs,
        record: RwSignal<JobRecord>,
        indices: Vec<usize>,
        verify_user: Option<UserId>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(run_job(jobs, record, indices, verify_user))
    }
}

/// Runs a job's `indices` to the end, then reports.
async fn run_job(
    jobs: Jobs,
    record: RwSignal<JobRecord>,
    indices: Vec<usize>,
    verify_user: Option<UserId>,
) {
    let session = jobs.session;
    let toasts = jobs.toasts;
    let (id, kind, keys, concurrency) = record.with_untracked(|r| {
        (
            r.id.clone(),
            r.kind.clone(),
            r.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>(),
            r.concurrency,
        )
    });
    let control = control(&id);
    let (mut last_save, mut last_notify) = (0i64, 0i64);
    // Events change the record without notifying; views are told at most every 100 ms
    // and the record is stored at most every second, so a 10,000-file job does not
    // redraw and serialise 10,000 items per file.
    let on_event = |event: engine::Event| {
        let now = now_ms();
        record.update_untracked(|r| r.apply(&event, now));
        if now - last_notify >= 100 {
            last_notify = now;
            record.notify();
        }
        if now - last_save >= 1000 {
            last_save = now;
            jobs.save();
        }
    };
    match JobKind::from_name(&kind) {
        Some(JobKind::DeleteUserMediaPages) => {
            let user = kind
                .split_once(':')
                .and_then(|(_, u)| UserId::try_from(u).ok());
            if let Some(user) = user {
                delete_user_media_pages(session, record, &control, &user).await
            }
        }
        Some(kind) => {
            let op = |i: usize| {
                let key = keys[i].clone();
                async move { run_item(session, kind, &key).await }
            };
            let options = RunOptions {
                concurrency,
                ..RunOptions::default()
            };
            engine::run(indices, op, &options, &control, sleep_ms, on_event).await;
        }
        None => {}
    }
    record.update(|r| r.finish(now_ms(), control.is_cancelled()));
    jobs.save();
    jobs.finished.update(|n| *n += 1);
    let verified = match &verify_user {
        Some(user) => verify_remaining(session, user).await,
        None => String::new(),
    };
    let (title, counts) = record.with_untracked(|r| (r.title.clone(), r.counts()));
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
    toasts.push_with(tone, text, Some(open));
}

/// " Verified: 0 files remain." or what remains and why, read back from the server.
async fn verify_remaining(session: SessionCtx, user: &UserId) -> String {
    match session
        .call(&ListUserMedia::newest_first(
            user.clone(),
            Page {
                index: 0,
                size: 1000,
            },
        ))
        .await
    {
        Ok(left) if left.total == 0 => " Verified: 0 files remain.".into(),
        Ok(left) => {
            let protected = left.media.iter().filter(|m| m.safe_from_quarantine).count();
            format!(
                " Verified: {} file{} remain ({protected} protected{}).",
                left.total,
                if left.total == 1 { "" } else { "s" },
                if protected > 0 { ", kept as asked" } else { "" }
            )
        }
        Err(e) => format!(" Could not verify what remains: {e}"),
    }
}

async fn run_item(session: SessionCtx, kind: JobKind, key: &str) -> Result<ItemOk, ApiError> {
    match kind {
        JobKind::QuarantineUsersMedia | JobKind::DeleteUsersMedia => {
            let user = UserId::try_from(key).map_err(|e| ApiError::Refused(e.to_string()))?;
            return if kind == JobKind::QuarantineUsersMedia {
                let n = session
                    .call(&QuarantineUserMedia(&user))
                    .await?
                    .num_quarantined;
                Ok(ItemOk::Done(Some(format!(
                    "{n} quarantined (identical copies included)"
                ))))
            } else {
                delete_every_file_of(session, &user).await
            };
        }
        JobKind::QuarantineRoomsMedia | JobKind::DeleteRoomsMedia => {
            let room = RoomId::try_from(key).map_err(|e| ApiError::Refused(e.to_string()))?;
            return if kind == JobKind::QuarantineRoomsMedia {
                let n = session
                    .call(&QuarantineRoomMedia(&room))
                    .await?
                    .num_quarantined;
                Ok(ItemOk::Done(Some(format!(
                    "{n} quarantined (Synapse's count)"
                ))))
            } else {
                delete_local_files_of(session, &room).await
            };
        }
        _ => {}
    }
    let media = MediaRef::from_mxc(key).map_err(|e| ApiError::Refused(e.to_string()))?;
    let change = match kind {
        JobKind::DeleteMedia => {
            let result = session
                .call(&DeleteMedia(&media))
                .await
                .map(|_| ItemOk::Done(None));
            return gone_is_done(result);
        }
        JobKind::QuarantineMedia => FlagChange::Quarantine,
        JobKind::UnquarantineMedia => FlagChange::Unquarantine,
        JobKind::ProtectMedia => FlagChange::Protect,
        JobKind::UnprotectMedia => FlagChange::Unprotect,
        _ => return Err(ApiError::Refused("not a per-file job".into())),
    };
    session
        .call(&ChangeFlag {
            media: &media,
            change,
        })
        .await
        .map(|_| ItemOk::Done(None))
}

/// One user's every file: `DELETE …?from=0` until the list is empty; the item fails if a page
/// keeps failing, and reports how many were deleted.
async fn delete_every_file_of(session: SessionCtx, user: &UserId) -> Result<ItemOk, ApiError> {
    let mut deleted = 0u64;
    loop {
        let page = session
            .call(&DeleteUserMediaPage {
                user_id: user,
                limit: DELETE_PAGE,
            })
            .await?;
        deleted += page.deleted_media.len() as u64;
        if page.total == 0 {
            return Ok(ItemOk::Done(Some(format!("{deleted} files deleted"))));
        }
    }
}

/// One room's local files, deleted four at a time; fails with a count if any could not be.
async fn delete_local_files_of(session: SessionCtx, room: &RoomId) -> Result<ItemOk, ApiError> {
    use futures_util::stream::{self, StreamExt};
    let lists = session.call(&ListRoomMedia(room)).await?;
    let local = crate::model::media::dedupe_mxcs(lists.local.iter().map(String::as_str));
    let total = local.len();
    let results: Vec<Result<ItemOk, ApiError>> = stream::iter(local)
        .map(|m| async move {
            gone_is_done(
                session
                    .call(&DeleteMedia(&m))
                    .await
                    .map(|_| ItemOk::Done(None)),
            )
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let failed: Vec<&ApiError> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    match failed.first() {
        None => Ok(ItemOk::Done(Some(format!("{total} local files deleted")))),
        Some(e) => Err(ApiError::Refused(format!(
            "{} of {total} files could not be deleted; first error: {e}",
            failed.len()
        ))),
    }
}

/// Files per `DELETE users/<id>/media` page.
const DELETE_PAGE: u32 = 250;

/// Deletes every file of a user, protected and quarantined ones included: `DELETE …?from=0`
/// again and again until the list is empty (a `next_token` would skip files, as the list
/// shrinks). The items are the files the preview listed; each is marked done when a page
/// names it, and what is still there at the end is reported as failed.
async fn delete_user_media_pages(
    session: SessionCtx,
    record: RwSignal<JobRecord>,
    control: &JobControl,
    user_id: &UserId,
) {
    let mut failures = 0;
    loop {
        while control.is_paused() && !control.is_cancelled() {
            sleep_ms(100).await;
        }
        if control.is_cancelled() {
            break;
        }
        match session
            .call(&DeleteUserMediaPage {
                user_id,
                limit: DELETE_PAGE,
            })
            .await
        {
            Ok(page) => {
                failures = 0;
                let now = now_ms();
                record.update(|r| {
                    for id in &page.deleted_media {
                        if let Some(item) = r
                            .items
                            .iter_mut()
                            .find(|i| i.key.rsplit('/').next() == Some(id))
                        {
                            item.state = ItemState::Done { note: None };
                            item.attempts += 1;
                            item.finished_ms = Some(now);
                        }
                    }
                });
                if page.total == 0 {
                    break;
                }
            }
            Err(e) => {
                failures += 1;
                if failures > 4 || matches!(e.retry_class(), crate::api::RetryClass::Permanent) {
                    let reason = e.to_string();
                    record.update(|r| {
                        for item in r
                            .items
                            .iter_mut()
                            .filter(|i| matches!(i.state, ItemState::Pending | ItemState::Running))
                        {
                            item.state = ItemState::Failed {
                                reason: reason.clone(),
                                status: e.status(),
                                errcode: e.errcode().map(str::to_owned),
                            };
                        }
                    });
                    return;
                }
                let wait = match e.retry_class() {
                    crate::api::RetryClass::Transient { after_ms: Some(ms) } => ms,
                    _ => 500u64 << failures,
                };
                sleep_ms(wait).await;
            }
        }
    }
    // Verify: whatever the list still holds was not deleted.
    if let Ok(left) = session
        .call(&ListUserMedia::newest_first(
            user_id.clone(),
            Page {
                index: 0,
                size: 1000,
            },
        ))
        .await
    {
        let now = now_ms();
        record.update(|r| {
            for m in &left.media {
                if let Some(item) = r
                    .items
                    .iter_mut()
                    .find(|i| i.key.rsplit('/').next() == Some(m.media_id.as_str()))
                {
                    item.state = ItemState::Failed {
                        reason: "still on the server after the delete".into(),
                        status: None,
                        errcode: None,
                    };
                    item.finished_ms = Some(now);
                }
            }
            // Listed by the preview, not on the server now, and named by no page: someone else
            // deleted it meanwhile.
            if !control.is_cancelled() {
                for item in r
                    .items
                    .iter_mut()
                    .filter(|i| matches!(i.state, ItemState::Pending))
                {
                    item.state = ItemState::Done {
                        note: Some("already gone".into()),
                    };
                    item.finished_ms = Some(now);
                }
            }
        });
    }
}
