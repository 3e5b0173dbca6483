//! The "all media" actions of a user's and a room's media tab. Each dialog first says exactly
//! what it will touch (files, bytes, what is excluded and why, samples), then hands the work
//! to a job that reports every file.

use super::preview::Preview;
use crate::api::media::{GetMedia, ListRoomMedia, QuarantineRoomMedia, QuarantineUserMedia};
use crate::api::ApiError;
use crate::model::media::{dedupe_mxcs, MediaInfo, MediaRef};
use crate::model::units::{group_thousands, plural};
use crate::model::{ByteSize, RoomId, UserId};
use crate::state::action_log::ActionLog;
use crate::state::jobs::{user_pages_kind, JobKind, Jobs};
use crate::state::session::SessionCtx;
use crate::state::sweeps::all_user_media;
use crate::state::toasts::{Toasts, Tone};
use futures_util::stream::{self, StreamExt};
use leptos::prelude::*;

/// Up to six blurred previews of what a bulk action touches.
#[component]
pub(crate) fn Samples(samples: Vec<(MediaRef, MediaInfo)>) -> impl IntoView {
    view! {
        <div class="samples" aria-label="Samples">
            {samples.into_iter().map(|(media, info)| view! { <Preview media info=Some(info) /> }).collect_view()}
        </div>
    }
}

pub(crate) fn samples_of(server: &str, media: &[MediaInfo]) -> Vec<(MediaRef, MediaInfo)> {
    media
        .iter()
        .filter(|m| m.is_previewable_image())
        .filter_map(|m| Some((MediaRef::new(server, &m.media_id).ok()?, m.clone())))
        .take(6)
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Quarantine,
    Delete,
}

#[component]
pub fn UserBulkActions(user: UserId, #[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let log = ActionLog::expect();
    let jobs = Jobs::expect();
    let open = RwSignal::new(Open::None);
    let keep_protected = RwSignal::new(true);
    let user_s = StoredValue::new(user.clone());
    let preview = LocalResource::new(move || {
        let wanted = open.get() != Open::None;
        let user = user_s.get_value();
        async move {
            if !wanted {
                return None;
            }
            Some(all_user_media(session, &user).await)
        }
    });
    let server = user.server_name().to_string();
    let quarantine = move |_| {
        open.set(Open::None);
        let user = user_s.get_value();
        leptos::task::spawn_local(async move {
            let (tone, text) = match session.call(&QuarantineUserMedia(&user)).await {
                Ok(r) => (
                    Tone::Success,
                    format!(
                        "Synapse quarantined {} for {user}: this user's files that were not yet \
                         quarantined, plus byte-identical copies, other users' included.",
                        plural(r.num_quarantined as usize, "file")
                    ),
                ),
                Err(e) => (
                    Tone::Error,
                    format!("Quarantine all media of {user} failed: {e}"),
                ),
            };
            let ok = tone == Tone::Success;
            log.record(
                "Quarantine all media of a user",
                user.as_str(),
                ok,
                &text,
                None,
            );
            toasts.push(tone, text);
            on_changed.run(());
        });
    };
    let server_s = StoredValue::new(server.clone());
    let delete = move |files: Vec<MediaInfo>| {
        let user = user_s.get_value();
        let server = server_s.get_value();
        let keep = keep_protected.get_untracked();
        open.set(Open::None);
        let items: Vec<(String, String)> = files
            .iter()
            .map(|m| (format!("mxc://{server}/{}", m.media_id), m.display_name()))
            .collect();
        let any_protected = files.iter().any(|m| m.safe_from_quarantine);
        // With nothing protected, keeping protected files changes nothing: use Synapse's page
        // delete, which is one request per 250 files instead of two (CORS preflight + DELETE)
        // per file.
        if keep && any_protected {
            let skipped = files
                .iter()
                .enumerate()
                .filter(|(_, m)| m.safe_from_quarantine)
                .map(|(i, _)| (i, "protected: kept, as asked".to_owned()))
                .collect();
            jobs.start(
                format!("Delete all media of {user} (keeping protected files)"),
                JobKind::DeleteMedia.name().into(),
                items,
                skipped,
                Some(user),
            );
        } else {
            jobs.start(
                format!("Delete all media of {user}"),
                user_pages_kind(&user),
                items,
                Vec::new(),
                Some(user),
            );
        }
        on_changed.run(());
    };
    view! {
        <div class="bulk-actions">
            <button class="secondary" on:click=move |_| open.set(Open::Quarantine)>"Quarantine all media"</button>
            <button class="danger" on:click=move |_| open.set(Open::Delete)>"Delete all media"</button>
        </div>
        {move || (open.get() != Open::None).then(|| {
            let which = open.get();
            let user = user_s.get_value();
            let server = server_s.get_value();
            view! {
                <div class="overlay">
                    <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title">
                        <h2 id="bulk-title">{if which == Open::Quarantine { format!("Quarantine all media of {user}?") } else { format!("Delete all media of {user}?") }}</h2>
                        {move || match preview.get() {
                            None | Some(None) => view! { <p class="loading">"Counting this user's files…"</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <p class="error" role="alert">{format!("Could not list this user's files: {e}")}</p> }.into_any(),
                            Some(Some(Ok(files))) => {
                                let total = files.len();
                                let bytes = ByteSize(files.iter().filter_map(|m| m.media_length).map(|b| b.0).sum());
                                let protected = files.iter().filter(|m| m.safe_from_quarantine).count();
                                let quarantined = files.iter().filter(|m| m.quarantined_by.is_some()).count();
                                let samples = samples_of(&server, &files);
                                if which == Open::Quarantine {
                                    let todo = total - quarantined;
                                    view! {
                                        <p>{format!("{} uploaded by {user} ({}). {} already quarantined; {} protected and will be skipped.", plural(total, "local file"), bytes.human(), group_thousands(quarantined as u64), group_thousands(protected as u64))}</p>
                                        <p>"This covers the user's local media only. Synapse also quarantines every byte-identical copy on this server (same SHA-256), other users' included. There is no bulk undo: files are released one by one."</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                            <button class="danger" on:click=quarantine>{format!("Quarantine {}", plural(todo, "file"))}</button>
                                        </div>
                                    }.into_any()
                                } else {
                                    let files_s = StoredValue::new(files.clone());
                                    let count = move || if keep_protected.get() { total - protected } else { total };
                                    let bytes_now = move || {
                                        let keep = keep_protected.get();
                                        ByteSize(files_s.with_value(|f| f.iter().filter(|m| !(keep && m.safe_from_quarantine)).filter_map(|m| m.media_length).map(|b| b.0).sum()))
                                    };
                                    let who = user.to_string();
                                    view! {
                                        <p>{move || format!("Deletes {} ({}) uploaded by {who}, with their thumbnails. This cannot be undone.", plural(count(), "file"), bytes_now().human())}</p>
                                        <p>{format!("Of {} in all, {} protected and {} quarantined.", plural(total, "file"), group_thousands(protected as u64), group_thousands(quarantined as u64))}</p>
                                        <label class="inline">
                                            <input type="checkbox" bind:checked=keep_protected />
                                            {format!("Keep protected files ({protected})")}
                                        </label>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                            <button class="danger" disabled=move || count() == 0 on:click=move |_| delete(files_s.get_value())>
                                                {move || format!("Delete {}", plural(count(), "file"))}
                                            </button>
                                        </div>
                                    }.into_any()
                                }
                            }
                        }}
                    </div>
                </div>
            }
        })}
    }
}

/// Looks up the local files of a room (sizes, types) for the preview, 8 at a time.
pub(crate) async fn room_preview(
    session: SessionCtx,
    room: &RoomId,
) -> Result<(Vec<(MediaRef, Option<MediaInfo>)>, Vec<MediaRef>), ApiError> {
    let lists = session.call(&ListRoomMedia(room)).await?;
    let local = dedupe_mxcs(lists.local.iter().map(String::as_str));
    let remote = dedupe_mxcs(lists.remote.iter().map(String::as_str));
    let infos: Vec<(MediaRef, Option<MediaInfo>)> = stream::iter(local)
        .map(|m| async move {
            let info = session.call(&GetMedia(&m)).await.ok().map(|r| r.media_info);
            (m, info)
        })
        .buffered(8)
        .collect()
        .await;
    Ok((infos, remote))
}

#[component]
pub fn RoomBulkActions(
    room: RoomId,
    encrypted: bool,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let log = ActionLog::expect();
    let jobs = Jobs::expect();
    let open = RwSignal::new(Open::None);
    let room_s = StoredValue::new(room);
    let preview = LocalResource::new(move || {
        let wanted = open.get() != Open::None;
        let room = room_s.get_value();
        async move {
            if !wanted {
                return None;
            }
            Some(room_preview(session, &room).await)
        }
    });
    let quarantine = move |_| {
        open.set(Open::None);
        let room = room_s.get_value();
        leptos::task::spawn_local(async move {
            let (tone, text) = match session.call(&QuarantineRoomMedia(&room)).await {
                Ok(r) => (
                    Tone::Success,
                    format!(
                        "Synapse reports {} quarantined. Its count includes files that were already \
                         quarantined and byte-identical copies elsewhere on this server.",
                        plural(r.num_quarantined as usize, "file")
                    ),
                ),
                Err(e) => (Tone::Error, format!("Quarantine all media of the room failed: {e}")),
            };
            let ok = tone == Tone::Success;
            log.record(
                "Quarantine all media of a room",
                room.as_str(),
                ok,
                &text,
                None,
            );
            toasts.push(tone, text);
            on_changed.run(());
        });
    };
    let delete = move |local: Vec<(MediaRef, Option<MediaInfo>)>, remote: Vec<MediaRef>| {
        open.set(Open::None);
        let room = room_s.get_value();
        let mut items: Vec<(String, String)> = local
            .iter()
            .map(|(m, info)| {
                (
                    m.mxc(),
                    info.as_ref()
                        .map(MediaInfo::display_name)
                        .unwrap_or_else(|| m.mxc()),
                )
            })
            .collect();
        let first_remote = items.len();
        items.extend(remote.iter().map(|m| (m.mxc(), m.mxc())));
        let skipped = remote
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    first_remote + i,
                    format!(
                        "remote (from {}): Synapse only deletes local media",
                        m.server
                    ),
                )
            })
            .collect();
        jobs.start(
            format!("Delete all media of room {room}"),
            JobKind::DeleteMedia.name().into(),
            items,
            skipped,
            None,
        );
        on_changed.run(());
    };
    view! {
        <div class="bulk-actions">
            <button class="secondary" on:click=move |_| open.set(Open::Quarantine)>"Quarantine all media"</button>
            {(!encrypted).then(|| view! {
                <button class="danger" on:click=move |_| open.set(Open::Delete)>"Delete all media"</button>
            })}
        </div>
        {encrypted.then(|| view! {
            <p class="hint">"No “Delete all media” here: the server cannot see files sent in encrypted messages, so it cannot find them all."</p>
        })}
        {move || (open.get() != Open::None).then(|| {
            let which = open.get();
            view! {
                <div class="overlay">
                    <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title">
                        <h2 id="bulk-title">{if which == Open::Quarantine { "Quarantine all media of this room?" } else { "Delete all media of this room?" }}</h2>
                        {move || match preview.get() {
                            None | Some(None) => view! { <p class="loading">"Looking up the room's files…"</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <p class="error" role="alert">{format!("Could not list the room's files: {e}")}</p> }.into_any(),
                            Some(Some(Ok((local, remote)))) => {
                                let existing: Vec<&(MediaRef, Option<MediaInfo>)> = local.iter().filter(|(_, i)| i.is_some()).collect();
                                let bytes = ByteSize(existing.iter().filter_map(|(_, i)| i.as_ref().and_then(|i| i.media_length)).map(|b| b.0).sum());
                                let protected = existing.iter().filter(|(_, i)| i.as_ref().is_some_and(|i| i.safe_from_quarantine)).count();
                                let gone = local.len() - existing.len();
                                let samples: Vec<(MediaRef, MediaInfo)> = existing.iter().filter_map(|(m, i)| i.clone().filter(|i| i.is_previewable_image()).map(|i| (m.clone(), i))).take(6).collect();
                                let n = local.len();
                                if which == Open::Quarantine {
                                    view! {
                                        <p>{format!("{} and {} referenced in this room ({} local). {} protected and will be skipped.", plural(n, "local file"), plural(remote.len(), "remote file"), bytes.human(), group_thousands(protected as u64))}</p>
                                        <p>"Remote files are quarantined only where this server holds a copy. Synapse also quarantines byte-identical copies elsewhere on this server. There is no bulk undo."</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                            <button class="danger" on:click=quarantine>"Quarantine all media"</button>
                                        </div>
                                    }.into_any()
                                } else {
                                    let local_s = StoredValue::new(local.clone());
                                    let remote_s = StoredValue::new(remote.clone());
                                    view! {
                                        <p>{format!("Deletes {} ({}) referenced in this room, with their thumbnails, protected and quarantined ones included. This cannot be undone.", plural(n, "local file"), bytes.human())}</p>
                                        <p>{format!("Excluded: {} (Synapse only deletes local media; they are listed as skipped). {} already gone.", plural(remote.len(), "remote file"), group_thousands(gone as u64))}</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                            <button class="danger" disabled=n == 0 on:click=move |_| delete(local_s.get_value(), remote_s.get_value())>{format!("Delete {}", plural(n, "file"))}</button>
                                        </div>
                                    }.into_any()
                                }
                            }
                        }}
                    </div>
                </div>
            }
        })}
    }
}
