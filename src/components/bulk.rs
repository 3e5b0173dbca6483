//! The "all media" actions of a user's and a room's media tab. Each dialog renders the scope
//! [`crate::bulk::scope`] computed (files, bytes, what is excluded and why, samples) and starts
//! the job on exactly what it showed. Both take the typed target, so any page can offer them.

use super::preview::Preview;
use crate::bulk::read::{all_user_media, read_room};
use crate::bulk::run::{quarantine_all_of_room, quarantine_all_of_user};
use crate::bulk::scope::{RoomScope, UserScope};
use crate::bulk::{BulkOp, FileAction};
use crate::model::media::{MediaInfo, MediaRef};
use crate::model::units::{group_thousands, plural};
use crate::model::{RoomId, UserId};
use crate::state::action_log::ActionLog;
use crate::state::jobs::Jobs;
use crate::state::session::SessionCtx;
use crate::state::toasts::{Toasts, Tone};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Up to six blurred previews of what a bulk action touches.
#[component]
pub(crate) fn Samples(samples: Vec<(MediaRef, MediaInfo)>) -> impl IntoView {
    view! {
        <div class="samples" aria-label="Samples">
            {samples.into_iter().map(|(media, info)| view! { <Preview media info=Some(info) /> }).collect_view()}
        </div>
    }
}

/// Up to six files a sweep would select, by name, type, size and last access: no thumbnail,
/// since fetching one counts as an access and would change what the sweep selects.
#[component]
pub(crate) fn MetadataSamples(files: Vec<MediaInfo>) -> impl IntoView {
    view! {
        <ul class="samples metadata" aria-label="Samples">
            {files.into_iter().map(|m| {
                let size = m.media_length.map(|b| b.human()).unwrap_or_else(|| "size unknown".into());
                let kind = m.media_type.clone().unwrap_or_else(|| "type unknown".into());
                let read = m.last_access_ts.map(|t| t.display_utc()).unwrap_or_else(|| "never".into());
                view! { <li>{format!("{} · {kind} · {size} · last read {read}", m.display_name())}</li> }
            }).collect_view()}
        </ul>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Quarantine,
    Delete,
}

/// Reports a "quarantine all media" call: Synapse's count, or why it failed.
fn report_quarantine(
    (log, toasts): (ActionLog, Toasts),
    what: &'static str,
    target: String,
    result: Result<String, crate::api::ApiError>,
) {
    let (tone, text) = match result {
        Ok(text) => (Tone::Success, text),
        Err(e) => (Tone::Error, format!("{what} failed: {e}")),
    };
    log.record(what, &target, tone == Tone::Success, &text, None);
    toasts.push(tone, text);
}

#[component]
pub fn UserBulkActions(user: UserId, #[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let session = SessionCtx::expect();
    let jobs = Jobs::expect();
    let handles = (ActionLog::expect(), Toasts::expect());
    let open = RwSignal::new(Open::None);
    let keep_protected = RwSignal::new(true);
    let user_s = StoredValue::new(user);
    let preview = LocalResource::new(move || {
        let wanted = open.get() != Open::None;
        let user = user_s.get_value();
        async move {
            if !wanted {
                return None;
            }
            let media = all_user_media(&session, &user).await;
            Some(media.map(|m| UserScope::new(user, m)))
        }
    });
    let quarantine = move |_| {
        open.set(Open::None);
        let user = user_s.get_value();
        leptos::task::spawn_local(async move {
            let result = quarantine_all_of_user(&session, &user).await;
            let result = result.map(|n| {
                format!(
                    "Synapse quarantined {} for {user}: this user's files that were not yet \
                     quarantined, plus byte-identical copies, other users' included.",
                    plural(n as usize, "file")
                )
            });
            report_quarantine(
                handles,
                "Quarantine all media of a user",
                user.to_string(),
                result,
            );
            on_changed.run(());
        });
    };
    let delete = move |scope: UserScope| {
        let keep = keep_protected.get_untracked();
        open.set(Open::None);
        let user = scope.user.clone();
        let labels = scope.files.iter().map(|(_, i)| i.display_name()).collect();
        let files: Vec<MediaRef> = scope.files.into_iter().map(|(m, _)| m).collect();
        let title = if keep {
            format!("Delete all media of {user} (keeping protected files)")
        } else {
            format!("Delete all media of {user}")
        };
        let previewed = files.len();
        let op = BulkOp::DeleteAllOfUser {
            user,
            keep_protected: keep,
            files,
            previewed,
        };
        jobs.start(title, op, labels, Vec::new());
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
            let dialog = super::modal::modal(Callback::new(move |_| open.set(Open::None)));
            view! {
                <div class="overlay">
                    <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title"
                        node_ref=dialog tabindex="-1">
                        <h2 id="bulk-title">{if which == Open::Quarantine { format!("Quarantine all media of {user}?") } else { format!("Delete all media of {user}?") }}</h2>
                        {move || match preview.get() {
                            None | Some(None) => view! { <p class="loading">"Counting this user's files…"</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <p class="error" role="alert">{format!("Could not list this user's files: {e}")}</p> }.into_any(),
                            Some(Some(Ok(scope))) => {
                                let all = scope.all;
                                let samples = scope.samples();
                                if which == Open::Quarantine {
                                    let todo = all.files - all.quarantined;
                                    view! {
                                        <p>{format!("{} uploaded by {user} ({}). {} already quarantined; {} protected and will be skipped.", plural(all.files, "local file"), all.bytes.human(), group_thousands(all.quarantined as u64), group_thousands(all.protected as u64))}</p>
                                        <p>"This covers the user's local media only. Synapse also quarantines every byte-identical copy on this server (same SHA-256), other users' included. There is no bulk undo: files are released one by one."</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                            <button class="danger" on:click=quarantine>{format!("Quarantine {}", plural(todo, "file"))}</button>
                                        </div>
                                    }.into_any()
                                } else {
                                    let scope_s = StoredValue::new(scope);
                                    let now = move || scope_s.with_value(|s| s.to_delete(keep_protected.get()));
                                    let who = user.to_string();
                                    view! {
                                        <p>{move || format!("Deletes {} ({}) uploaded by {who}, with their thumbnails, and any file the user uploads before the job ends. This cannot be undone.", plural(now().files, "file"), now().bytes.human())}</p>
                                        <p>{format!("Of {} in all, {} protected and {} quarantined.", plural(all.files, "file"), group_thousands(all.protected as u64), group_thousands(all.quarantined as u64))}</p>
                                        <label class="inline">
                                            <input type="checkbox" bind:checked=keep_protected />
                                            {format!("Keep protected files ({})", all.protected)}
                                        </label>
                                        <p class="hint">"Protection is read again when the job runs: a file protected after this preview is kept too."</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                            <button class="danger" disabled=move || now().files == 0 on:click=move |_| delete(scope_s.get_value())>
                                                {move || format!("Delete {}", plural(now().files, "file"))}
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

#[component]
pub fn RoomBulkActions(
    room: RoomId,
    encrypted: bool,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let session = SessionCtx::expect();
    let jobs = Jobs::expect();
    let handles = (ActionLog::expect(), Toasts::expect());
    let open = RwSignal::new(Open::None);
    let keep_protected = RwSignal::new(true);
    let included = RwSignal::new(BTreeSet::<usize>::new());
    let room_s = StoredValue::new(room);
    let preview = LocalResource::new(move || {
        let wanted = open.get() != Open::None;
        let room = room_s.get_value();
        async move {
            if !wanted {
                return None;
            }
            let scope = read_room(&session, &room).await.map(RoomScope::new);
            if let Ok(s) = &scope {
                included.set(s.default_uploaders());
            }
            Some(scope)
        }
    });
    let quarantine = move |_| {
        open.set(Open::None);
        let room = room_s.get_value();
        leptos::task::spawn_local(async move {
            let result = quarantine_all_of_room(&session, &room).await;
            let result = result.map(|n| {
                format!(
                    "Synapse reports {} quarantined. Its count includes files that were already \
                     quarantined and byte-identical copies elsewhere on this server.",
                    plural(n as usize, "file")
                )
            });
            report_quarantine(
                handles,
                "Quarantine all media of a room",
                room.to_string(),
                result,
            );
            on_changed.run(());
        });
    };
    let delete = move |scope: RoomScope| {
        open.set(Open::None);
        let room = room_s.get_value();
        let sel = scope.selection(&included.get_untracked(), keep_protected.get_untracked());
        let mut files = sel.files;
        let mut labels = sel.labels;
        let first_remote = files.len();
        let skipped = scope
            .remote
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
        files.extend(scope.remote.iter().cloned());
        labels.extend(scope.remote.iter().map(MediaRef::mxc));
        let op = BulkOp::Files {
            action: FileAction::Delete,
            files,
        };
        jobs.start(
            format!("Delete all media of room {room}"),
            op,
            labels,
            skipped,
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
            let dialog = super::modal::modal(Callback::new(move |_| open.set(Open::None)));
            view! {
                <div class="overlay">
                    <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title"
                        node_ref=dialog tabindex="-1">
                        <h2 id="bulk-title">{if which == Open::Quarantine { "Quarantine all media of this room?" } else { "Delete all media of this room?" }}</h2>
                        {move || match preview.get() {
                            None | Some(None) => view! { <p class="loading">"Looking up the room's files…"</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <p class="error" role="alert">{format!("Could not list the room's files: {e}")}</p> }.into_any(),
                            Some(Some(Ok(scope))) if which == Open::Quarantine => {
                                let all = scope.selection(&(0..scope.groups.len()).collect(), false);
                                view! {
                                    <p>{format!("{} and {} referenced in this room ({} local). {} protected and will be skipped.", plural(all.files.len(), "local file"), plural(scope.remote.len(), "remote file"), all.tally.bytes.human(), group_thousands(all.tally.protected as u64))}</p>
                                    <p>"Remote files are quarantined only where this server holds a copy. Synapse also quarantines byte-identical copies elsewhere on this server. There is no bulk undo."</p>
                                    <Samples samples=scope.samples() />
                                    <div class="dialog-buttons">
                                        <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
                                        <button class="danger" on:click=quarantine>"Quarantine all media"</button>
                                    </div>
                                }.into_any()
                            }
                            Some(Some(Ok(scope))) => view! { <RoomDeleteScope scope included keep_protected open delete /> }.into_any(),
                        }}
                    </div>
                </div>
            }
        })}
    }
}

/// The room delete's scope: files by uploader, each group chosen or left out, and the button
/// that deletes exactly the chosen files.
#[component]
fn RoomDeleteScope(
    scope: RoomScope,
    included: RwSignal<BTreeSet<usize>>,
    keep_protected: RwSignal<bool>,
    open: RwSignal<Open>,
    delete: impl Fn(RoomScope) + Copy + 'static,
) -> impl IntoView {
    let samples = scope.samples();
    let remote = scope.remote.len();
    let gone = scope.gone.len();
    let unreadable = scope.unreadable.clone();
    let protected: usize = scope.groups.iter().map(|g| g.tally.protected).sum();
    let groups = scope.groups.clone();
    let scope_s = StoredValue::new(scope);
    let sel = Memo::new(move |_| {
        scope_s.with_value(|s| s.selection(&included.get(), keep_protected.get()))
    });
    let n = move || sel.with(|s| s.files.len());
    view! {
        <p>{move || sel.with(|s| format!("Deletes {} ({}) referenced in this room, with their thumbnails. This cannot be undone.", plural(s.files.len(), "local file"), s.tally.bytes.human()))}</p>
        <fieldset class="uploaders">
            <legend>"Uploaders (a room lists every file its events point at, also other people's forwarded files)"</legend>
            {groups.into_iter().enumerate().map(|(i, g)| {
                let text = format!("{}: {} ({})", g.describe(), plural(g.tally.files, "file"), g.tally.bytes.human());
                view! {
                    <label class="inline">
                        <input type="checkbox"
                            prop:checked=move || included.with(|s| s.contains(&i))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                included.update(|s| { if on { s.insert(i); } else { s.remove(&i); } });
                            } />
                        {text}
                    </label>
                }
            }).collect_view()}
        </fieldset>
        <label class="inline">
            <input type="checkbox" bind:checked=keep_protected />
            {format!("Keep protected files ({protected})")}
        </label>
        <p>{move || sel.with(|s| format!(
            "Excluded: {} (Synapse only deletes local media; they are listed as skipped); {} of {} left out; {} kept. {} already gone.",
            plural(remote, "remote file"),
            plural(s.files_left_out, "file"),
            plural(s.uploaders_left_out, "uploader"),
            plural(s.protected_kept, "protected file"),
            group_thousands(gone as u64),
        ))}</p>
        {(!unreadable.is_empty()).then(|| view! {
            <p class="error">{format!("{} could not be read and {} left out: {}", plural(unreadable.len(), "file"), if unreadable.len() == 1 { "is" } else { "are" }, unreadable.first().map(|(m, why)| format!("{m}: {why}")).unwrap_or_default())}</p>
        })}
        <Samples samples />
        <div class="dialog-buttons">
            <button class="secondary" on:click=move |_| open.set(Open::None)>"Cancel"</button>
            <button class="danger" disabled=move || n() == 0 on:click=move |_| delete(scope_s.get_value())>{move || format!("Delete {}", plural(n(), "file"))}</button>
        </div>
    }
}
