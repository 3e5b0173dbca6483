//! A user's "Delete all media": every file, also those uploaded after the preview, on the job
//! engine (each request retried, paused, cancelled, halted on sign-out), ending on a read of
//! what is left. `total` in Synapse's answer to a page delete is what that call deleted, not
//! what is left, so the loop never trusts it to stop.
//!
//! Without "Keep protected files" it deletes pages of 250 (`DELETE users/<id>/media?from=0`).
//! With it, so that a file protected since the preview is kept, it deletes pages each checked
//! by reading the same page first; at the first page holding a protected file it reads every
//! file, deletes the unprotected ones one by one, then reads again.

use super::read::{all_user_media, user_media_count};
use super::run::Env;
use super::BulkOp;
use crate::api::media::{DeleteMedia, DeleteUserMediaPage, ListUserMedia};
use crate::api::{call, ApiError};
use crate::i18n::T;
use crate::jobs::engine::{self, gone_is_done, Event, ItemOk};
use crate::jobs::record::{ItemRecord, ItemState};
use crate::model::media::{MediaInfo, MediaRef};
use crate::model::units::plural;
use crate::model::{Page, UserId};
use futures_util::future::join;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;

/// Files per page delete.
pub const DELETE_PAGE: u32 = 250;
/// Reads of everything (keep mode) before giving up on files that keep appearing.
const MAX_ROUNDS: usize = 20;

/// How a user's delete ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// Verified: the user has `kept` files left, all protected and kept as asked.
    Done {
        deleted: usize,
        kept: usize,
    },
    Failed(ApiError),
    /// Cancelled or halted; the control says which.
    Stopped,
}

/// "12 files deleted; 3 protected kept".
pub fn summary(deleted: usize, kept: usize) -> String {
    let mut s = format!("{} deleted", plural(deleted, "file"));
    if kept > 0 {
        s.push_str(&format!("; {} kept", plural(kept, "protected file")));
    }
    s
}

/// What the loop tells about single files as it goes.
pub trait Report {
    fn started(&self, _media_id: &str) {}
    fn finished(&self, _media_id: &str, _state: ItemState) {}
    fn kept(&self, _files: &[MediaInfo]) {}
}

/// For a user that is one item of a bigger job: only its summary counts.
pub struct Silent;
impl Report for Silent {}

/// One request (or read) on the engine: retried, paused, cancelled, halted like any item.
async fn step<T, Op, Fut, S, F>(env: &Env<'_, S>, f: Op) -> Result<T, Ended>
where
    Op: Fn() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let value = RefCell::new(None);
    let error = RefCell::new(None);
    let end = RefCell::new(None);
    let (f, value_at, error_at) = (&f, &value, &error);
    let op = move |_| async move {
        match f().await {
            Ok(v) => {
                *value_at.borrow_mut() = Some(v);
                Ok(ItemOk::Done(None))
            }
            Err(e) => {
                *error_at.borrow_mut() = Some(e.clone());
                Err(e)
            }
        }
    };
    let on_event = |e: Event| match e {
        Event::Retrying {
            after_ms, reason, ..
        } => env.note(Some(super::run::waiting(after_ms, &reason))),
        Event::Finished { state, .. } => *end.borrow_mut() = Some(state),
        Event::Started { .. } => {}
    };
    let options = engine::RunOptions::with_concurrency(1);
    engine::run(vec![0], op, &options, env.control, &env.sleep, on_event).await;
    match end.into_inner() {
        Some(ItemState::Done { .. }) => value.into_inner().ok_or(Ended::Stopped),
        Some(ItemState::Failed { .. }) => {
            Err(error.into_inner().map_or(Ended::Stopped, Ended::Failed))
        }
        _ => Err(Ended::Stopped),
    }
}

/// Deletes every file of `user`; see the module.
pub async fn delete_all<S, F>(
    env: &Env<'_, S>,
    user: &UserId,
    keep_protected: bool,
    report: &dyn Report,
) -> Ended
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let mut deleted = 0;
    // Keep mode starts with checked pages: each page is read before it is deleted, so nothing
    // needs reading first (at 100,000 files that read is 100 pages of Synapse's offset paging).
    // The first page holding a protected file turns it to reading everything, file by file.
    let mut by_pages = true;
    for _ in 0..MAX_ROUNDS {
        if !keep_protected {
            return match delete_pages(env, user, false, report).await {
                Pages::AllGone(n) => Ended::Done {
                    deleted: deleted + n,
                    kept: 0,
                },
                Pages::Protected(_) => Ended::Stopped,
                Pages::End(end) => end,
            };
        }
        if by_pages {
            match delete_pages(env, user, true, report).await {
                Pages::AllGone(n) => {
                    return Ended::Done {
                        deleted: deleted + n,
                        kept: 0,
                    }
                }
                // A protected file: read everything, and go file by file.
                Pages::Protected(n) => {
                    deleted += n;
                    by_pages = false;
                }
                Pages::End(end) => return end,
            }
        }
        let files = match step(env, || all_user_media(env.api, user)).await {
            Ok(files) => files,
            Err(end) => return end,
        };
        let (kept, targets): (Vec<MediaInfo>, Vec<MediaInfo>) =
            files.into_iter().partition(|m| m.safe_from_quarantine);
        report.kept(&kept);
        if targets.is_empty() {
            return Ended::Done {
                deleted,
                kept: kept.len(),
            };
        }
        if kept.is_empty() {
            // Unprotected meanwhile: back to checked pages.
            by_pages = true;
            continue;
        }
        let server = user.server_name().to_string();
        let refs: Vec<MediaRef> = targets
            .iter()
            .filter_map(|m| MediaRef::new(&server, &m.media_id).ok())
            .collect();
        match delete_each(env, &refs, report).await {
            Ok(n) => deleted += n,
            Err(end) => return end,
        }
    }
    Ended::Failed(ApiError::Refused(format!(
        "New files kept appearing: stopped after {} rounds; some may remain",
        MAX_ROUNDS
    )))
}

enum Pages {
    /// Verified: nothing left; this many deleted.
    AllGone(usize),
    /// Keep mode found a protected file on the page about to be deleted; this many deleted.
    Protected(usize),
    End(Ended),
}

/// `DELETE …?from=0&limit=250` until a read says nothing is left. In keep mode each page is
/// read first and not deleted if it holds a protected file.
async fn delete_pages<S, F>(
    env: &Env<'_, S>,
    user: &UserId,
    check: bool,
    report: &dyn Report,
) -> Pages
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let mut deleted = 0;
    loop {
        if check {
            let page = Page {
                index: 0,
                size: DELETE_PAGE,
            };
            let read = || async move {
                call(env.api, &ListUserMedia::newest_first(user.clone(), page)).await
            };
            match step(env, read).await {
                Ok(p) if p.media.iter().any(|m| m.safe_from_quarantine) => {
                    return Pages::Protected(deleted)
                }
                Ok(_) => {}
                Err(end) => return Pages::End(end),
            }
        }
        let delete = || async move {
            let page = DeleteUserMediaPage {
                user_id: user,
                limit: DELETE_PAGE,
            };
            call(env.api, &page).await
        };
        // While Synapse deletes the page (a few hundred ms), the record may be stored: its
        // writing then overlaps the server's work instead of adding to the job's time. `join`
        // polls the delete first, so its request is sent before.
        let (page, ()) = join(step(env, delete), async { env.sink.in_flight() }).await;
        let page = match page {
            Ok(page) => page,
            Err(end) => return Pages::End(end),
        };
        for id in &page.deleted_media {
            report.finished(id, ItemState::Done { note: None });
        }
        deleted += page.deleted_media.len();
        if page.deleted_media.len() < DELETE_PAGE as usize {
            let left = match step(env, || user_media_count(env.api, user)).await {
                Ok(left) => left,
                Err(end) => return Pages::End(end),
            };
            if left == 0 {
                return Pages::AllGone(deleted);
            }
            if page.deleted_media.is_empty() {
                return Pages::End(Ended::Failed(ApiError::Refused(format!(
                    "Synapse deleted nothing from a page of this user's files; {} remain",
                    plural(left as usize, "file")
                ))));
            }
        }
    }
}

/// Deletes `files` one by one on the engine; `Ok(deleted)` when every one went.
async fn delete_each<S, F>(
    env: &Env<'_, S>,
    files: &[MediaRef],
    report: &dyn Report,
) -> Result<usize, Ended>
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let failed = RefCell::new(None::<String>);
    let done = RefCell::new(0usize);
    let op = |i: usize| async move {
        let media = files
            .get(i)
            .ok_or_else(|| ApiError::Refused("no such file".into()))?;
        gone_is_done(
            call(env.api, &DeleteMedia(media))
                .await
                .map(|_| ItemOk::Done(None)),
        )
    };
    let on_event = |e: Event| match e {
        Event::Started { index, .. } => {
            if let Some(m) = files.get(index) {
                report.started(&m.media_id);
            }
        }
        Event::Retrying {
            after_ms, reason, ..
        } => env.note(Some(super::run::waiting(after_ms, &reason))),
        Event::Finished { index, state } => {
            match &state {
                ItemState::Done { .. } => *done.borrow_mut() += 1,
                ItemState::Failed { reason, .. } => {
                    failed.borrow_mut().get_or_insert_with(|| reason.clone());
                }
                _ => {}
            }
            if let Some(m) = files.get(index) {
                report.finished(&m.media_id, state);
            }
        }
    };
    let options = env.options();
    let all = (0..files.len()).collect();
    engine::run(all, op, &options, env.control, &env.sleep, on_event).await;
    if env.control.is_stopping() {
        return Err(Ended::Stopped);
    }
    match failed.into_inner() {
        None => Ok(done.into_inner()),
        Some(reason) => Err(Ended::Failed(ApiError::Refused(format!(
            "Some files could not be deleted; first error: {reason}"
        )))),
    }
}

/// The record of a user's "Delete all media" job: item per file, by media id; files the
/// preview did not list are added as the job finds them.
struct RecordReport<'a, 'b, S> {
    env: &'a Env<'b, S>,
    server: String,
    index: RefCell<HashMap<String, usize>>,
}

impl<S, F> RecordReport<'_, '_, S>
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    fn set(&self, media_id: &str, label: Option<&str>, state: ItemState, attempt: bool) {
        let now = (self.env.now)();
        let known = self.index.borrow().get(media_id).copied();
        let index = match known {
            Some(i) => i,
            None => {
                let Ok(media) = MediaRef::new(&self.server, media_id) else {
                    return;
                };
                let mut at = 0;
                self.env.sink.update(&mut |r| {
                    if let Some(BulkOp::DeleteAllOfUser { files, .. }) = &mut r.op {
                        files.push(media.clone());
                    }
                    at = r.items.len();
                    r.items.push(ItemRecord {
                        key: media.mxc(),
                        label: format!("{} (not in the preview)", label.unwrap_or(&media.media_id)),
                        state: ItemState::Pending,
                        attempts: 0,
                        finished_ms: None,
                    });
                });
                self.index.borrow_mut().insert(media_id.to_owned(), at);
                at
            }
        };
        self.env.sink.update(&mut |r| {
            if let Some(item) = r.items.get_mut(index) {
                // A file a page delete named was attempted without being started.
                if attempt && (item.state != ItemState::Running || state == ItemState::Running) {
                    item.attempts += 1;
                }
                item.finished_ms = state.is_final().then_some(now);
                item.state = state.clone();
            }
        });
    }
}

impl<S, F> Report for RecordReport<'_, '_, S>
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    fn started(&self, media_id: &str) {
        self.set(media_id, None, ItemState::Running, true);
    }
    fn finished(&self, media_id: &str, state: ItemState) {
        self.set(media_id, None, state, true);
    }
    fn kept(&self, files: &[MediaInfo]) {
        for m in files {
            let reason = T::StProtectedKept.en().to_owned();
            self.set(
                &m.media_id,
                Some(&m.display_name()),
                ItemState::Skipped { reason },
                false,
            );
        }
    }
}

/// Runs a user's "Delete all media" job and closes its items: previewed files no page named
/// and that are not on the server any more were deleted by someone else; a failure fails
/// every file still pending, with its reason.
pub async fn run_for_record<S, F>(env: &Env<'_, S>, user: &UserId, keep_protected: bool)
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let mut index = HashMap::new();
    env.sink.update(&mut |r| {
        if let Some(BulkOp::DeleteAllOfUser { files, .. }) = &r.op {
            index = files
                .iter()
                .enumerate()
                .map(|(i, m)| (m.media_id.clone(), i))
                .collect();
        }
    });
    let report = RecordReport {
        env,
        server: user.server_name().to_string(),
        index: RefCell::new(index),
    };
    let end = delete_all(env, user, keep_protected, &report).await;
    let now = (env.now)();
    env.sink.update(&mut |r| {
        let pending = r.items.iter_mut().filter(|i| !i.state.is_final());
        match &end {
            Ended::Done { kept, .. } => {
                for item in pending {
                    item.state = ItemState::Skipped {
                        reason: T::StDeletedElsewhere.en().into(),
                    };
                    item.finished_ms = Some(now);
                }
                let more = r.items.len().saturating_sub(previewed(r));
                r.note = Some(verified(*kept, more));
            }
            Ended::Failed(e) => {
                for item in pending {
                    item.state = ItemState::failed(e);
                    item.finished_ms = Some(now);
                }
            }
            Ended::Stopped => {}
        }
    });
}

fn previewed(r: &crate::jobs::record::JobRecord) -> usize {
    match &r.op {
        Some(BulkOp::DeleteAllOfUser { previewed, .. }) => *previewed,
        _ => r.items.len(),
    }
}

/// What the closing read found, and how many files the job found beyond the preview.
fn verified(kept: usize, more: usize) -> String {
    let mut s = if kept == 0 {
        "Verified: 0 files remain.".to_owned()
    } else {
        format!(
            "Verified: {} remain ({kept} protected, kept as asked).",
            plural(kept, "file")
        )
    };
    if more > 0 {
        s.push_str(&format!(
            " {} more than previewed (uploaded after the preview).",
            plural(more, "file")
        ));
    }
    s
}
