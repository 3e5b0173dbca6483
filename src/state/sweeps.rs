//! Reading what a local sweep would delete, since Synapse has no dry run: every user with
//! uploads (from the statistics), each user's media list, Synapse's selection applied to it.
//! The users are walked through the job engine, so transient errors are retried, the walk can
//! be cancelled, and a user that could not be read is reported instead of silently missing.

use super::jobs::sleep_ms;
use super::session::SessionCtx;
use crate::api::statistics::{StatsOrder, UserMediaStats};
use crate::api::users::GetUser;
use crate::api::ApiError;
use crate::jobs::engine::{self, Event, ItemOk, JobControl, RunOptions};
use crate::jobs::record::ItemState;
use crate::model::media::MediaInfo;
use crate::model::sweep::{LocalSweep, SweepPreview, Verdict};
use crate::model::{Page, SortDir, UserId};
use std::cell::RefCell;
use std::collections::HashSet;

/// Everything a user has uploaded, read in pages of 1000 (for a bulk preview, not a list).
pub async fn all_user_media(
    session: SessionCtx,
    user: &UserId,
) -> Result<Vec<MediaInfo>, ApiError> {
    crate::bulk::read::all_user_media(&session, user).await
}

/// Every local user with at least one upload, read in pages of 1000.
pub async fn users_with_media(session: SessionCtx) -> Result<Vec<UserId>, ApiError> {
    let mut out = Vec::new();
    let mut query = UserMediaStats {
        page: Page {
            index: 0,
            size: 1000,
        },
        order: StatsOrder::UserId,
        dir: SortDir::Forward,
        ..UserMediaStats::default()
    };
    loop {
        let got = session.call(&query).await?;
        let n = got.users.len();
        out.extend(got.users.into_iter().map(|u| u.user_id));
        if n == 0 || out.len() as u64 >= got.total {
            return Ok(out);
        }
        query.page.index += 1;
    }
}

/// How far the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WalkProgress {
    pub users_read: usize,
    pub users: usize,
}

/// The preview, and the users whose media could not be read (with why).
pub struct Walked {
    pub preview: SweepPreview,
    pub failed: Vec<(UserId, String)>,
    pub cancelled: bool,
}

pub async fn preview_local_sweep(
    session: SessionCtx,
    sweep: LocalSweep,
    control: &JobControl,
    on_progress: impl Fn(WalkProgress),
) -> Result<Walked, ApiError> {
    let server = session
        .get()
        .map(|s| s.server_name())
        .ok_or_else(|| ApiError::Refused(crate::i18n::t(crate::i18n::T::StNotSignedIn)))?;
    let users = users_with_media(session).await?;
    let preview = RefCell::new(SweepPreview::default());
    let mut progress = WalkProgress {
        users_read: 0,
        users: users.len(),
    };
    on_progress(progress);
    let failed = RefCell::new(Vec::new());
    let op = |i: usize| {
        let user = users[i].clone();
        let server = server.clone();
        let preview = &preview;
        async move {
            let media = all_user_media(session, &user).await?;
            let mut avatars = HashSet::new();
            let judge = |avatars: &HashSet<String>| -> Vec<Verdict> {
                media
                    .iter()
                    .map(|m| sweep.verdict(&server, m, avatars))
                    .collect()
            };
            let mut verdicts = judge(&avatars);
            // Only a file that would otherwise go needs the owner's profile image checked.
            if sweep.keep_profiles && verdicts.contains(&Verdict::Deleted) {
                if let Some(avatar) = session.call(&GetUser(&user)).await?.avatar_url {
                    avatars.insert(avatar);
                    verdicts = judge(&avatars);
                }
            }
            preview.borrow_mut().add(
                &user,
                verdicts.into_iter().zip(media.iter().cloned()).collect(),
            );
            Ok(ItemOk::Done(None))
        }
    };
    let on_event = |event: Event| {
        if let Event::Finished { index, state } = event {
            progress.users_read += 1;
            on_progress(progress);
            match state {
                ItemState::Failed { reason, .. } => {
                    failed.borrow_mut().push((users[index].clone(), reason))
                }
                ItemState::Cancelled => {}
                _ => {}
            }
        }
    };
    engine::run(
        (0..users.len()).collect(),
        op,
        &RunOptions::default(),
        control,
        sleep_ms,
        on_event,
    )
    .await;
    Ok(Walked {
        preview: preview.into_inner(),
        failed: failed.into_inner(),
        cancelled: control.is_cancelled(),
    })
}

/// Runs Synapse's server-wide delete of local media for `sweep`: what it deleted.
pub async fn run_local_sweep(
    session: SessionCtx,
    sweep: LocalSweep,
) -> Result<crate::api::media::DeletedMedia, ApiError> {
    session
        .call(&crate::api::sweeps::DeleteLocalMedia(sweep))
        .await
}

/// Purges the cached remote media last read before `before`: Synapse's count.
pub async fn purge_remote_cache(
    session: SessionCtx,
    before: crate::model::TimestampMs,
) -> Result<crate::api::sweeps::Purged, ApiError> {
    session
        .call(&crate::api::sweeps::PurgeMediaCache { before })
        .await
}
