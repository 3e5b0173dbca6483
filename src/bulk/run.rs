//! The one runner of bulk jobs: reads the operation from the job record and does it on the
//! job engine (bounded concurrency, retries, pause, cancel, halt on sign-out), reporting every
//! step into the record.

use super::op::{BulkOp, FileAction};
use super::user_all::{self, Ended, Silent};
use crate::api::media::{
    ChangeFlag, DeleteMedia, FlagChange, QuarantineRoomMedia, QuarantineUserMedia,
};
use crate::api::{call, AdminApi, ApiError};
use crate::i18n::{number, tf, T};
use crate::jobs::engine::{self, gone_is_done, Event, ItemOk, JobControl, RunOptions};
use crate::jobs::record::{ItemState, JobRecord, JobStatus};
use crate::model::media::MediaRef;
use crate::model::units::plural;
use std::cell::RefCell;
use std::future::Future;

/// Where a run writes what happens: the page keeps the record in a signal (and decides when to
/// redraw and store it); tests keep it in a `RefCell`.
pub trait JobSink {
    fn update(&self, change: &mut dyn FnMut(&mut JobRecord));
    /// A request the server takes a while over (a page of deletes) has just been sent: a
    /// moment to store the record, whose writing costs this tab time that is then not added
    /// to the job's. A sink that stores nothing ignores it.
    fn in_flight(&self) {}
}

impl JobSink for RefCell<JobRecord> {
    fn update(&self, change: &mut dyn FnMut(&mut JobRecord)) {
        change(&mut self.borrow_mut())
    }
}

/// What a run needs from its surroundings.
pub struct Env<'a, S> {
    pub api: &'a dyn AdminApi,
    pub sink: &'a dyn JobSink,
    pub control: &'a JobControl,
    pub sleep: S,
    pub now: fn() -> i64,
}

impl<S, F> Env<'_, S>
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    pub(super) fn note(&self, note: Option<String>) {
        self.sink.update(&mut |r| r.note = note.clone());
    }

    pub(super) fn options(&self) -> RunOptions {
        let mut concurrency = 4;
        self.sink.update(&mut |r| concurrency = r.concurrency);
        RunOptions::with_concurrency(concurrency)
    }
}

/// Runs the job's `indices` (its pending items; ignored by a user's "Delete all media", which
/// works until the user has nothing left) and closes the job: finished, cancelled, or paused
/// when the session ended under it.
pub async fn run_job<S, F>(env: &Env<'_, S>, indices: Vec<usize>)
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let mut op = None;
    env.sink.update(&mut |r| op = r.op.clone());
    let Some(op) = op else {
        env.control.halt(T::StHaltOlderVersion.en());
        close(env);
        return;
    };
    let options = env.options();
    let on_event = |event: Event| {
        let now = (env.now)();
        env.sink.update(&mut |r| r.apply(&event, now));
    };
    let sleep = &env.sleep;
    match &op {
        BulkOp::Files { action, files } => {
            let op = |i: usize| file_op(env.api, *action, files.get(i));
            engine::run(indices, op, &options, env.control, sleep, on_event).await;
        }
        BulkOp::QuarantineUsers { users } => {
            let op = |i: usize| async move {
                let user = users.get(i).ok_or_else(no_target)?;
                let n = call(env.api, &QuarantineUserMedia(user))
                    .await?
                    .num_quarantined;
                Ok(ItemOk::Done(Some(format!(
                    "{n} quarantined (identical copies included)"
                ))))
            };
            engine::run(indices, op, &options, env.control, sleep, on_event).await;
        }
        BulkOp::DeleteUsers {
            users,
            keep_protected,
        } => {
            let op = |i: usize| async move {
                let user = users.get(i).ok_or_else(no_target)?;
                match user_all::delete_all(env, user, *keep_protected, &Silent).await {
                    Ended::Done { deleted, kept } => {
                        Ok(ItemOk::Done(Some(user_all::summary(deleted, kept))))
                    }
                    // Its steps were retried already: the user fails as it is.
                    Ended::Failed(e) => Err(ApiError::Refused(e.to_string())),
                    Ended::Stopped => Ok(ItemOk::Stopped),
                }
            };
            engine::run(indices, op, &options, env.control, sleep, on_event).await;
        }
        BulkOp::QuarantineRooms { rooms } => {
            let op = |i: usize| async move {
                let room = rooms.get(i).ok_or_else(no_target)?;
                let n = call(env.api, &QuarantineRoomMedia(room))
                    .await?
                    .num_quarantined;
                Ok(ItemOk::Done(Some(format!(
                    "{n} quarantined (Synapse's count)"
                ))))
            };
            engine::run(indices, op, &options, env.control, sleep, on_event).await;
        }
        BulkOp::DeleteRooms { rooms } => {
            let op = |i: usize| async move {
                let room = rooms.get(i).ok_or_else(no_target)?;
                delete_files(env, &room.files).await
            };
            // One room at a time: each deletes its files with the job's concurrency.
            let one = RunOptions::with_concurrency(1);
            engine::run(indices, op, &one, env.control, sleep, on_event).await;
        }
        BulkOp::DeleteAllOfUser {
            user,
            keep_protected,
            ..
        } => user_all::run_for_record(env, user, *keep_protected).await,
    }
    close(env);
}

/// Ends a run: paused with the reason if it halted, else finished or cancelled.
fn close<S, F>(env: &Env<'_, S>)
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let now = (env.now)();
    let halted = env.control.halted();
    let cancelled = env.control.is_cancelled();
    env.sink.update(&mut |r| match (&halted, cancelled) {
        (Some(reason), false) => {
            for item in &mut r.items {
                if item.state == ItemState::Running {
                    item.state = ItemState::Pending;
                }
            }
            r.status = JobStatus::Paused;
            r.note = Some(reason.clone());
        }
        _ => {
            let verified = r.note.take().filter(|n| n.starts_with("Verified"));
            r.finish(now, cancelled);
            r.note = verified;
        }
    });
}

/// What a step of an item waits for now, in the admin's language (the note is replaced as the
/// job goes on).
pub(super) fn waiting(after_ms: u64, reason: &str) -> String {
    tf(
        T::StWaitingBeforeRetry,
        &[("s", &number(after_ms.div_ceil(1000))), ("reason", reason)],
    )
}

fn no_target() -> ApiError {
    ApiError::Refused(T::StNoTarget.en().into())
}

/// One action on one file; a delete of a file Synapse does not know is "already gone".
async fn file_op(
    api: &dyn AdminApi,
    action: FileAction,
    media: Option<&MediaRef>,
) -> Result<ItemOk, ApiError> {
    let media = media.ok_or_else(no_target)?;
    let change = match action {
        FileAction::Delete => {
            let result = call(api, &DeleteMedia(media)).await;
            return gone_is_done(result.map(|_| ItemOk::Done(None)));
        }
        FileAction::Quarantine => FlagChange::Quarantine,
        FileAction::Unquarantine => FlagChange::Unquarantine,
        FileAction::Protect => FlagChange::Protect,
        FileAction::Unprotect => FlagChange::Unprotect,
    };
    call(api, &ChangeFlag { media, change }).await?;
    Ok(ItemOk::Done(None))
}

/// Deletes `files` on the engine (each retried on its own); the item fails with a count if any
/// could not be deleted.
async fn delete_files<S, F>(env: &Env<'_, S>, files: &[MediaRef]) -> Result<ItemOk, ApiError>
where
    S: Fn(u64) -> F,
    F: Future<Output = ()>,
{
    let states = RefCell::new(vec![ItemState::Pending; files.len()]);
    let op = |i: usize| file_op(env.api, FileAction::Delete, files.get(i));
    let on_event = |e: Event| match e {
        Event::Finished { index, state } => {
            if let Some(s) = states.borrow_mut().get_mut(index) {
                *s = state;
            }
        }
        Event::Retrying {
            after_ms, reason, ..
        } => env.note(Some(waiting(after_ms, &reason))),
        Event::Started { .. } => {}
    };
    let options = env.options();
    engine::run(
        (0..files.len()).collect(),
        op,
        &options,
        env.control,
        &env.sleep,
        on_event,
    )
    .await;
    if env.control.is_stopping() {
        return Ok(ItemOk::Stopped);
    }
    let states = states.into_inner();
    let failed: Vec<&ItemState> = states
        .iter()
        .filter(|s| matches!(s, ItemState::Failed { .. }))
        .collect();
    match failed.first() {
        None => Ok(ItemOk::Done(Some(format!(
            "{} deleted",
            plural(files.len(), "file")
        )))),
        Some(ItemState::Failed { reason, .. }) => Err(ApiError::Refused(format!(
            "{} of {} could not be deleted; first error: {reason}",
            failed.len(),
            plural(files.len(), "file")
        ))),
        Some(_) => Ok(ItemOk::Stopped),
    }
}

/// Synapse's "quarantine all media" of a user: its count, identical copies included.
pub async fn quarantine_all_of_user(
    api: &dyn AdminApi,
    user: &crate::model::UserId,
) -> Result<u64, ApiError> {
    Ok(call(api, &QuarantineUserMedia(user)).await?.num_quarantined)
}

/// Synapse's "quarantine all media" of a room: its count, already quarantined ones included.
pub async fn quarantine_all_of_room(
    api: &dyn AdminApi,
    room: &crate::model::RoomId,
) -> Result<u64, ApiError> {
    Ok(call(api, &QuarantineRoomMedia(room)).await?.num_quarantined)
}
