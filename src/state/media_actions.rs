//! Running one action on one file, then reading the file back: Synapse answers 200 to writes
//! that did nothing, so what the admin is told comes from the state afterwards.

use super::session::SessionCtx;
use crate::api::media::{ChangeFlag, DeleteMedia, FlagChange, GetMedia};
use crate::api::ApiError;
use crate::model::media::{
    outcome, Locality, MediaAction, MediaInfo, MediaRef, MediaState, Outcome,
};

pub struct ActionReport {
    pub after: MediaState,
    pub info: Option<MediaInfo>,
    pub outcome: Outcome,
}

/// The file's state as the server holds it now; a 404 means deleted (local) or not cached
/// (remote).
pub async fn read_state(
    session: SessionCtx,
    media: &MediaRef,
    local: bool,
) -> Result<(MediaState, Option<MediaInfo>), ApiError> {
    match session.call(&GetMedia(media)).await {
        Ok(r) => {
            let locality = if local {
                Locality::Local
            } else {
                Locality::RemoteCached
            };
            Ok((r.media_info.state(locality), Some(r.media_info)))
        }
        Err(e) if e.is_not_found() => Ok((
            if local {
                MediaState::deleted()
            } else {
                MediaState::not_cached()
            },
            None,
        )),
        Err(e) => Err(e),
    }
}

pub async fn perform(
    session: SessionCtx,
    media: &MediaRef,
    local: bool,
    action: MediaAction,
) -> Result<ActionReport, ApiError> {
    let change = match action {
        MediaAction::Quarantine => Some(FlagChange::Quarantine),
        MediaAction::Unquarantine => Some(FlagChange::Unquarantine),
        MediaAction::Protect => Some(FlagChange::Protect),
        MediaAction::Unprotect => Some(FlagChange::Unprotect),
        MediaAction::Delete => None,
    };
    match change {
        Some(change) => {
            session.call(&ChangeFlag { media, change }).await?;
        }
        None => match session.call(&DeleteMedia(media)).await {
            Ok(_) => {}
            // Already gone is what was asked for.
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        },
    }
    let (after, info) = read_state(session, media, local).await?;
    let outcome = outcome(action, &after);
    Ok(ActionReport {
        after,
        info,
        outcome,
    })
}
