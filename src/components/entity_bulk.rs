//! Bulk actions over selected users or rooms: one job whose items are the users or rooms, each
//! getting the "all media" action of its own page. Deleting requires typing the count. The
//! scope comes from [`crate::bulk`]; the job runs on exactly what the dialog counted.

use super::bulk::Samples;
use crate::bulk::read::read_selection;
use crate::bulk::scope::{CountedBy, EntityScope, Target};
use crate::bulk::{BulkOp, RoomFiles};
use crate::model::units::{group_thousands, plural};
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

fn noun(entity: Entity, n: usize) -> String {
    match entity {
        Entity::Users => plural(n, "user"),
        Entity::Rooms => plural(n, "room"),
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
    let label = format!("Select {}", picked.label);
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
        <div class="selection-bar" role="toolbar" aria-label="Selection">
            <label class="inline">
                <input type="checkbox" aria-label="Select page"
                    prop:checked=move || { let n = selected.with(Vec::len); n > 0 && n == page.with(Vec::len) }
                    on:change=move |ev| {
                        if event_target_checked(&ev) { selected.set(page.get()) } else { selected.set(Vec::new()) }
                    } />
                "Select page"
            </label>
            <Show when=move || !selected.with(Vec::is_empty)>
                <span class="selection-count">{move || format!("{} selected", selected.with(Vec::len))}</span>
                <button class="secondary small" on:click=move |_| ask.set(Ask::Quarantine)>"Quarantine all media"</button>
                <button class="danger small" on:click=move |_| ask.set(Ask::Delete)>"Delete all media"</button>
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
        let verb = if which == Ask::Quarantine {
            "Quarantine"
        } else {
            "Delete"
        };
        let title = format!("{verb} all media of {}", noun(entity, n));
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
    let more = if n > 12 {
        format!(" and {} more", n - 12)
    } else {
        String::new()
    };
    let body = if which == Ask::Quarantine {
        format!("Quarantines the media of {}: {names}{more}. Synapse also quarantines every byte-identical copy on this server; protected files are skipped. There is no bulk undo.", noun(entity, n))
    } else {
        let skip_note = if skips > 0 {
            format!(
                " {} will be skipped (encrypted: the server cannot see their files).",
                noun(entity, skips)
            )
        } else {
            String::new()
        };
        let what = match entity {
            Entity::Users => "every file of",
            Entity::Rooms => "the local files, except protected ones, that current members who are not server admins uploaded in",
        };
        let included = match entity {
            Entity::Users => {
                ", protected and quarantined ones included, and files uploaded before the job ends"
            }
            Entity::Rooms => "",
        };
        format!(
            "Deletes {what} {}: {names}{more}{included}.{skip_note} This cannot be undone.",
            noun(entity, n)
        )
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
                <h2 id="entity-bulk-title">{if which == Ask::Quarantine { "Quarantine all media?" } else { "Delete all media?" }}</h2>
                <p>{body}</p>
                {move || match scope.get() {
                    None => view! { <p class="loading">"Counting their files…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{format!("Could not count their files: {e}")}</p> }.into_any(),
                    Some(Ok(sc)) => view! {
                        <p class="scope">{format!(
                            "In all: {} ({}), {}{}{}.",
                            plural(sc.all.files, "local file"),
                            sc.all.bytes.human(),
                            match sc.counted_by {
                                CountedBy::EveryFile => format!("{} protected; counted file by file", group_thousands(sc.all.protected as u64)),
                                CountedBy::Statistics => "counted from the server's media statistics (too many files to read one by one: protected and quarantined files are not counted there)".to_owned(),
                            },
                            if sc.remote > 0 { format!("; {} excluded (Synapse only deletes local media)", plural(sc.remote, "remote file")) } else { String::new() },
                            if sc.left_out > 0 { format!("; {} left out (other uploaders, server admins, protected)", plural(sc.left_out, "room file")) } else { String::new() },
                        )}</p>
                        <Samples samples=sc.samples.clone() />
                    }.into_any(),
                }}
                {(which == Ask::Delete).then(|| view! {
                    <label>{format!("Type {n} to confirm")}<input type="text" name="confirm-count" bind:value=typed /></label>
                })}
                <div class="dialog-buttons">
                    <button class="secondary" on:click=move |_| { ask.set(Ask::None); typed.set(String::new()); }>"Cancel"</button>
                    <button class="danger"
                        disabled=move || !matches!(scope.get(), Some(Ok(_))) || (which == Ask::Delete && typed.get().trim() != count)
                        on:click=move |_| {
                            if let Some(Ok(counted)) = scope.get_untracked() {
                                start(which, counted);
                            }
                        }>
                        {if which == Ask::Quarantine { format!("Quarantine all media of {}", noun(entity, n)) } else { format!("Delete all media of {}", noun(entity, n)) }}
                    </button>
                </div>
            </div>
        </div>
    }
}
