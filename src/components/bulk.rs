//! The "all media" actions of a user's and a room's media tab. Each dialog renders the scope
//! [`crate::bulk::scope`] computed (files, bytes, what is excluded and why, samples) and starts
//! the job on exactly what it showed. Both take the typed target, so any page can offer them.

use super::preview::Preview;
use crate::bulk::read::{all_user_media, read_room};
use crate::bulk::run::{quarantine_all_of_room, quarantine_all_of_user};
use crate::bulk::scope::{RoomScope, UserScope};
use crate::bulk::{BulkOp, FileAction};
use crate::i18n::{english_n, fill, number, t, tf, tn, P, T};
use crate::jobs::record::JobTitle;
use crate::model::media::{MediaInfo, MediaRef};
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
        <div class="samples" aria-label=t(T::DlgSamples)>
            {samples.into_iter().map(|(media, info)| view! { <Preview media info=Some(info) /> }).collect_view()}
        </div>
    }
}

/// Up to six files a sweep would select, by name, type, size and last access: no thumbnail,
/// since fetching one counts as an access and would change what the sweep selects.
#[component]
pub(crate) fn MetadataSamples(files: Vec<MediaInfo>) -> impl IntoView {
    view! {
        <ul class="samples metadata" aria-label=t(T::DlgSamples)>
            {files.into_iter().map(|m| {
                let size = m.media_length.map(|b| b.human()).unwrap_or_else(|| t(T::DlgSizeUnknown));
                let kind = m.media_type.clone().unwrap_or_else(|| t(T::DlgTypeUnknown));
                let read = m.last_access_ts.map(|at| at.display_utc()).unwrap_or_else(|| t(T::Never));
                let line = tf(T::DlgSampleLine, &[("name", &m.display_name()), ("kind", &kind), ("size", &size), ("read", &read)]);
                view! { <li>{line}</li> }
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

/// Reports a "quarantine all media" call: Synapse's count, or why it failed. `result` holds
/// the outcome in English (for the log) and in the admin's language (for the toast); `what` is
/// stored in English, a text of the catalog.
fn report_quarantine(
    (log, toasts): (ActionLog, Toasts),
    what: T,
    target: String,
    result: Result<(String, String), crate::api::ApiError>,
) {
    let (tone, logged, shown) = match result {
        Ok((logged, shown)) => (Tone::Success, logged, shown),
        Err(e) => {
            let e = e.to_string();
            (
                Tone::Error,
                fill(
                    T::DlgActionFailed.en(),
                    &[("action", what.en()), ("error", &e)],
                ),
                tf(T::DlgActionFailed, &[("action", &t(what)), ("error", &e)]),
            )
        }
    };
    log.record(what.en(), &target, tone == Tone::Success, &logged, None);
    toasts.push(tone, shown);
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
                let who = [("user", user.as_str())];
                (
                    english_n(P::DlgQuarantinedOfUser, n, &who),
                    tn(P::DlgQuarantinedOfUser, n, &who),
                )
            });
            report_quarantine(
                handles,
                T::StLogQuarantineUserMedia,
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
        let title = JobTitle::text(
            if keep {
                T::JobDeleteAllOfUserKeeping
            } else {
                T::JobDeleteAllOfUser
            },
            &[("user", user.as_str())],
        );
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
            <button class="secondary" on:click=move |_| open.set(Open::Quarantine)>{t(T::DlgQuarantineAllMedia)}</button>
            <button class="danger" on:click=move |_| open.set(Open::Delete)>{t(T::DlgDeleteAllMedia)}</button>
        </div>
        {move || (open.get() != Open::None).then(|| {
            let which = open.get();
            let user = user_s.get_value();
            let dialog = super::modal::modal(Callback::new(move |_| open.set(Open::None)));
            view! {
                <div class="overlay">
                    <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title"
                        node_ref=dialog tabindex="-1">
                        <h2 id="bulk-title">{tf(if which == Open::Quarantine { T::DlgQuarantineUserTitle } else { T::DlgDeleteUserTitle }, &[("user", user.as_str())])}</h2>
                        // Its own Suspense: the page's would take the whole page, the dialog
                        // with it, away while the files are read (and the focus with them).
                        <Suspense fallback=|| view! { <p class="loading">{t(T::DlgCountingUserFiles)}</p> }>
                        {move || match preview.get() {
                            None | Some(None) => view! { <p class="loading">{t(T::DlgCountingUserFiles)}</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <p class="error" role="alert">{tf(T::DlgUserFilesError, &[("error", &e.to_string())])}</p> }.into_any(),
                            Some(Some(Ok(scope))) => {
                                let all = scope.all;
                                let samples = scope.samples();
                                if which == Open::Quarantine {
                                    let todo = all.files - all.quarantined;
                                    view! {
                                        <p>{tn(P::DlgUserQuarantineScope, all.files as u64, &[("user", user.as_str()), ("size", &all.bytes.human()), ("quarantined", &number(all.quarantined as u64)), ("protected", &number(all.protected as u64))])}</p>
                                        <p>{t(T::DlgUserQuarantineNote)}</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>{t(T::Cancel)}</button>
                                            <button class="danger" on:click=quarantine>{tn(P::DlgQuarantineNFiles, todo as u64, &[])}</button>
                                        </div>
                                    }.into_any()
                                } else {
                                    let scope_s = StoredValue::new(scope);
                                    let now = move || scope_s.with_value(|s| s.to_delete(keep_protected.get()));
                                    let who = user.to_string();
                                    view! {
                                        <p>{move || tn(P::DlgUserDeleteScope, now().files as u64, &[("size", &now().bytes.human()), ("user", &who)])}</p>
                                        <p>{tn(P::DlgOfFilesInAll, all.files as u64, &[("protected", &number(all.protected as u64)), ("quarantined", &number(all.quarantined as u64))])}</p>
                                        <label class="inline">
                                            <input type="checkbox" bind:checked=keep_protected />
                                            {tf(T::DlgKeepProtected, &[("count", &number(all.protected as u64))])}
                                        </label>
                                        <p class="hint">{t(T::DlgProtectionReadAgain)}</p>
                                        <Samples samples />
                                        <div class="dialog-buttons">
                                            <button class="secondary" on:click=move |_| open.set(Open::None)>{t(T::Cancel)}</button>
                                            <button class="danger" disabled=move || now().files == 0 on:click=move |_| delete(scope_s.get_value())>
                                                {move || tn(P::DeleteNFiles, now().files as u64, &[])}
                                            </button>
                                        </div>
                                    }.into_any()
                                }
                            }
                        }}
                        </Suspense>
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
                (
                    english_n(P::DlgQuarantinedOfRoom, n, &[]),
                    tn(P::DlgQuarantinedOfRoom, n, &[]),
                )
            });
            report_quarantine(
                handles,
                T::StLogQuarantineRoomMedia,
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
            JobTitle::text(T::JobDeleteAllOfRoom, &[("room", room.as_str())]),
            op,
            labels,
            skipped,
        );
        on_changed.run(());
    };
    view! {
        <div class="bulk-actions">
            <button class="secondary" on:click=move |_| open.set(Open::Quarantine)>{t(T::DlgQuarantineAllMedia)}</button>
            {(!encrypted).then(|| view! {
                <button class="danger" on:click=move |_| open.set(Open::Delete)>{t(T::DlgDeleteAllMedia)}</button>
            })}
        </div>
        {encrypted.then(|| view! {
            <p class="hint">{t(T::DlgNoDeleteEncrypted)}</p>
        })}
        {move || (open.get() != Open::None).then(|| {
            let which = open.get();
            let dialog = super::modal::modal(Callback::new(move |_| open.set(Open::None)));
            view! {
                <div class="overlay">
                    <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="bulk-title"
                        node_ref=dialog tabindex="-1">
                        <h2 id="bulk-title">{t(if which == Open::Quarantine { T::DlgQuarantineRoomTitle } else { T::DlgDeleteRoomTitle })}</h2>
                        // Its own Suspense: the page's would take the whole page, the dialog
                        // with it, away while the files are read (and the focus with them).
                        <Suspense fallback=|| view! { <p class="loading">{t(T::DlgLookingUpRoomFiles)}</p> }>
                        {move || match preview.get() {
                            None | Some(None) => view! { <p class="loading">{t(T::DlgLookingUpRoomFiles)}</p> }.into_any(),
                            Some(Some(Err(e))) => view! { <p class="error" role="alert">{tf(T::DlgRoomFilesError, &[("error", &e.to_string())])}</p> }.into_any(),
                            Some(Some(Ok(scope))) if which == Open::Quarantine => {
                                let all = scope.selection(&(0..scope.groups.len()).collect(), false);
                                view! {
                                    <p>{tf(T::DlgRoomQuarantineScope, &[
                                        ("local", &tn(P::DlgLocalFiles, all.files.len() as u64, &[])),
                                        ("remote", &tn(P::DlgRemoteFiles, scope.remote.len() as u64, &[])),
                                        ("size", &all.tally.bytes.human()),
                                        ("protected", &number(all.tally.protected as u64)),
                                    ])}</p>
                                    <p>{t(T::DlgRoomQuarantineNote)}</p>
                                    <Samples samples=scope.samples() />
                                    <div class="dialog-buttons">
                                        <button class="secondary" on:click=move |_| open.set(Open::None)>{t(T::Cancel)}</button>
                                        <button class="danger" on:click=quarantine>{t(T::DlgQuarantineAllMedia)}</button>
                                    </div>
                                }.into_any()
                            }
                            Some(Some(Ok(scope))) => view! { <RoomDeleteScope scope included keep_protected open delete /> }.into_any(),
                        }}
                        </Suspense>
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
        <p>{move || sel.with(|s| tn(P::DlgRoomDeleteScope, s.files.len() as u64, &[("size", &s.tally.bytes.human())]))}</p>
        <fieldset class="uploaders">
            <legend>{t(T::DlgUploadersLegend)}</legend>
            {groups.into_iter().enumerate().map(|(i, g)| {
                let text = tn(P::DlgUploaderGroup, g.tally.files as u64, &[("uploader", &g.describe()), ("size", &g.tally.bytes.human())]);
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
            {tf(T::DlgKeepProtected, &[("count", &number(protected as u64))])}
        </label>
        <p>{move || sel.with(|s| tf(T::DlgRoomExcluded, &[
            ("remote", &tn(P::DlgRemoteFiles, remote as u64, &[])),
            ("files", &tn(P::FilesN, s.files_left_out as u64, &[])),
            ("uploaders", &tn(P::DlgUploaders, s.uploaders_left_out as u64, &[])),
            ("protected", &tn(P::DlgProtectedFiles, s.protected_kept as u64, &[])),
            ("gone", &number(gone as u64)),
        ]))}</p>
        {(!unreadable.is_empty()).then(|| view! {
            <p class="error">{tn(P::DlgUnreadable, unreadable.len() as u64, &[("example", &unreadable.first().map(|(m, why)| format!("{m}: {why}")).unwrap_or_default())])}</p>
        })}
        <Samples samples />
        <div class="dialog-buttons">
            <button class="secondary" on:click=move |_| open.set(Open::None)>{t(T::Cancel)}</button>
            <button class="danger" disabled=move || n() == 0 on:click=move |_| delete(scope_s.get_value())>{move || tn(P::DeleteNFiles, n() as u64, &[])}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Job titles and the action log's outcomes are stored in English, in the form they had
    /// before the dialogs were translated.
    #[test]
    fn stored_texts_keep_their_english_form() {
        assert_eq!(
            english_n(P::DlgDeleteAllOfUsers, 3, &[]),
            "Delete all media of 3 users"
        );
        assert_eq!(
            english_n(P::DlgQuarantineAllOfRooms, 1, &[]),
            "Quarantine all media of 1 room"
        );
        assert_eq!(
            english_n(P::DlgQuarantinedOfUser, 1234, &[("user", "@u:hs")]),
            "Synapse quarantined 1,234 files for @u:hs: this user's files that were not yet \
             quarantined, plus byte-identical copies, other users' included."
        );
        assert_eq!(
            fill(
                T::DlgActionFailed.en(),
                &[
                    ("action", T::StLogQuarantineRoomMedia.en()),
                    ("error", "{n}")
                ]
            ),
            "Quarantine all media of a room failed: {n}"
        );
    }
}
