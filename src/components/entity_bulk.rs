//! Bulk actions over selected users or rooms: one job whose items are the users or rooms, each
//! getting the "all media" action of its own page. Deleting requires typing the count. The
//! scope comes from [`crate::bulk`]; the job runs on exactly what the dialog counted.

use super::bulk::Samples;
use crate::bulk::read::read_selection;
use crate::bulk::scope::{CountedBy, EntityScope, Target};
use crate::bulk::{BulkOp, RoomFiles};
use crate::i18n::{number, t, tf, tn, P, T};
use crate::state::jobs::Jobs;
use crate::state::session::SessionCtx;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Users,
    Rooms,
}

/// A selected user or room; `skip_delete` says why the delete will leave it alone (encrypted
/// rooms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub target: Target,
    pub label: String,
    pub skip_delete: Option<String>,
}

/// "Delete all media of 3 users" and the like: the confirm button, and in English the job's
/// title (stored so, and shown as stored).
fn all_of(entity: Entity, which: Ask) -> P {
    match (entity, which == Ask::Quarantine) {
        (Entity::Users, true) => P::DlgQuarantineAllOfUsers,
        (Entity::Users, false) => P::DlgDeleteAllOfUsers,
        (Entity::Rooms, true) => P::DlgQuarantineAllOfRooms,
        (Entity::Rooms, false) => P::DlgDeleteAllOfRooms,
    }
}

/// The job for the confirmed selection and what the dialog counted for it.
fn operation(entity: Entity, which: Ask, picked: &[Picked], scope: &EntityScope) -> BulkOp {
    let users = || {
        picked.iter().filter_map(|p| match &p.target {
            Target::User(u) => Some(u.clone()),
            Target::Room(_) => None,
        })
    };
    let rooms = || {
        picked.iter().filter_map(|p| match &p.target {
            Target::Room(r) => Some(r.clone()),
            Target::User(_) => None,
        })
    };
    match (entity, which) {
        (Entity::Rooms, Ask::Quarantine) => BulkOp::QuarantineRooms {
            rooms: rooms().collect(),
        },
        (Entity::Rooms, _) => BulkOp::DeleteRooms {
            rooms: rooms()
                .map(|room| {
                    let files = scope
                        .room_files
                        .iter()
                        .find(|f| f.room == room)
                        .map(|f| f.files.clone())
                        .unwrap_or_default();
                    RoomFiles { room, files }
                })
                .collect(),
        },
        (Entity::Users, Ask::Quarantine) => BulkOp::QuarantineUsers {
            users: users().collect(),
        },
        (Entity::Users, _) => BulkOp::DeleteUsers {
            users: users().collect(),
            keep_protected: false,
        },
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    None,
    Quarantine,
    Delete,
}

/// The checkbox of one row.
#[component]
pub fn PickBox(picked: Picked, selected: RwSignal<Vec<Picked>>) -> impl IntoView {
    let id = picked.target.clone();
    let label = tf(T::SelectName, &[("name", &picked.label)]);
    view! {
        <td>
            <input type="checkbox" aria-label=label
                prop:checked=move || selected.with(|s| s.iter().any(|p| p.target == id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let p = picked.clone();
                    selected.update(|s| {
                        s.retain(|x| x.target != p.target);
                        if on { s.push(p); }
                    });
                } />
        </td>
    }
}

#[component]
pub fn EntityBulkBar(
    entity: Entity,
    selected: RwSignal<Vec<Picked>>,
    page: Signal<Vec<Picked>>,
) -> impl IntoView {
    let ask = RwSignal::new(Ask::None);
    let dialog = move || {
        let which = ask.get();
        (which != Ask::None).then(|| {
            Suspend::new(async move {
                crate::split::or_failed(entity_bulk_dialog(entity, which, selected, ask).await)
            })
        })
    };
    view! {
        <div class="selection-bar" role="toolbar" aria-label=t(T::DlgSelection)>
            <label class="inline">
                <input type="checkbox" aria-label=t(T::SelectPage)
                    prop:checked=move || { let n = selected.with(Vec::len); n > 0 && n == page.with(Vec::len) }
                    on:change=move |ev| {
                        if event_target_checked(&ev) { selected.set(page.get()) } else { selected.set(Vec::new()) }
                    } />
                {t(T::SelectPage)}
            </label>
            <Show when=move || !selected.with(Vec::is_empty)>
                <span class="selection-count">{move || tf(T::SelectedCount, &[("count", &number(selected.with(Vec::len) as u64))])}</span>
                <button class="secondary small" on:click=move |_| ask.set(Ask::Quarantine)>{t(T::DlgQuarantineAllMedia)}</button>
                <button class="danger small" on:click=move |_| ask.set(Ask::Delete)>{t(T::DlgDeleteAllMedia)}</button>
            </Show>
        </div>
        <Suspense>{dialog}</Suspense>
    }
}

crate::split::split_fn! {
    /// The confirmation dialog: its code (counting the files, samples) loads on first use.
    fn entity_bulk_dialog(
        entity: Entity,
        which: Ask,
        selected: RwSignal<Vec<Picked>>,
        ask: RwSignal<Ask>,
    ) -> AnyView {
        view! { <EntityBulkDialog entity which selected ask /> }.into_any()
    }
}

/// Says what the action touches (names, file count, samples) and starts the job when confirmed.
#[component]
fn EntityBulkDialog(
    entity: Entity,
    which: Ask,
    selected: RwSignal<Vec<Picked>>,
    ask: RwSignal<Ask>,
) -> impl IntoView {
    let jobs = Jobs::expect();
    let session = SessionCtx::expect();
    let picked = selected.get_untracked();
    let scope = LocalResource::new(move || {
        let targets: Vec<(Target, bool)> = picked
            .iter()
            .map(|p| {
                (
                    p.target.clone(),
                    which == Ask::Delete && p.skip_delete.is_some(),
                )
            })
            .collect();
        async move { read_selection(&session, &targets).await }
    });
    let typed = RwSignal::new(String::new());
    let start = move |which: Ask, counted: EntityScope| {
        let picked = selected.get_untracked();
        let n = picked.len();
        let title = crate::jobs::record::JobTitle::counted(all_of(entity, which), n as u64, &[]);
        let skipped = if which == Ask::Delete {
            picked
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.skip_delete.clone().map(|r| (i, r)))
                .collect()
        } else {
            Vec::new()
        };
        let op = operation(entity, which, &picked, &counted);
        let labels = picked.into_iter().map(|p| p.label).collect();
        ask.set(Ask::None);
        typed.set(String::new());
        selected.set(Vec::new());
        jobs.start(title, op, labels, skipped);
    };
    let picked = selected.get_untracked();
    let n = picked.len();
    let skips = picked.iter().filter(|p| p.skip_delete.is_some()).count();
    let names = picked
        .iter()
        .take(12)
        .map(|p| p.label.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let names = if n > 12 {
        tf(
            T::DlgNamesAndMore,
            &[("names", &names), ("count", &number((n - 12) as u64))],
        )
    } else {
        names
    };
    let names = [("names", names.as_str())];
    let users = entity == Entity::Users;
    let body = if which == Ask::Quarantine {
        let key = if users {
            P::DlgQuarantineUsersBody
        } else {
            P::DlgQuarantineRoomsBody
        };
        tn(key, n as u64, &names)
    } else {
        let key = if users {
            P::DlgDeleteUsersBody
        } else {
            P::DlgDeleteRoomsBody
        };
        let mut body = tn(key, n as u64, &names);
        if skips > 0 {
            let key = if users {
                P::DlgUsersSkippedEncrypted
            } else {
                P::DlgRoomsSkippedEncrypted
            };
            body.push(' ');
            body.push_str(&tn(key, skips as u64, &[]));
        }
        body.push(' ');
        body.push_str(&t(T::CannotBeUndone));
        body
    };
    let count = n.to_string();
    let dialog = super::modal::modal(Callback::new(move |_| {
        ask.set(Ask::None);
        typed.set(String::new());
    }));
    view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="entity-bulk-title"
                node_ref=dialog tabindex="-1">
                <h2 id="entity-bulk-title">{t(if which == Ask::Quarantine { T::DlgQuarantineAllTitle } else { T::DlgDeleteAllTitle })}</h2>
                <p>{body}</p>
                {move || match scope.get() {
                    None => view! { <p class="loading">{t(T::DlgCountingTheirFiles)}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{tf(T::DlgCountTheirFilesError, &[("error", &e.to_string())])}</p> }.into_any(),
                    Some(Ok(sc)) => {
                        let files = sc.all.files as u64;
                        let size = sc.all.bytes.human();
                        let mut text = match sc.counted_by {
                            CountedBy::EveryFile => tn(P::DlgInAllCounted, files, &[("size", &size), ("protected", &number(sc.all.protected as u64))]),
                            CountedBy::Statistics => tn(P::DlgInAllFromStatistics, files, &[("size", &size)]),
                        };
                        if sc.remote > 0 {
                            text.push_str(&tn(P::DlgRemoteExcluded, sc.remote as u64, &[]));
                        }
                        if sc.left_out > 0 {
                            text.push_str(&tn(P::DlgRoomFilesLeftOut, sc.left_out as u64, &[]));
                        }
                        text.push('.');
                        view! {
                            <p class="scope">{text}</p>
                            <Samples samples=sc.samples.clone() />
                        }.into_any()
                    }
                }}
                {(which == Ask::Delete).then(|| view! {
                    <label>{tf(T::DlgTypeCountToConfirm, &[("count", &n.to_string())])}<input type="text" name="confirm-count" bind:value=typed /></label>
                })}
                <div class="dialog-buttons">
                    <button class="secondary" on:click=move |_| { ask.set(Ask::None); typed.set(String::new()); }>{t(T::Cancel)}</button>
                    <button class="danger"
                        disabled=move || !matches!(scope.get(), Some(Ok(_))) || (which == Ask::Delete && typed.get().trim() != count)
                        on:click=move |_| {
                            if let Some(Ok(counted)) = scope.get_untracked() {
                                start(which, counted);
                            }
                        }>
                        {tn(all_of(entity, which), n as u64, &[])}
                    </button>
                </div>
            </div>
        </div>
    }
}
