//! Bulk actions over selected users or rooms: one job whose items are the users or rooms, each
//! getting the "all media" action of its own page. Deleting requires typing the count.

use crate::model::units::group_thousands;
use crate::state::jobs::{JobKind, Jobs};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Users,
    Rooms,
}

/// A selected user or room; `skip` says why the delete will leave it alone (encrypted rooms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub id: String,
    pub label: String,
    pub skip_delete: Option<String>,
}

fn noun(entity: Entity, n: usize) -> String {
    let word = match entity {
        Entity::Users => "user",
        Entity::Rooms => "room",
    };
    format!(
        "{} {word}{}",
        group_thousands(n as u64),
        if n == 1 { "" } else { "s" }
    )
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
    let id = picked.id.clone();
    let label = format!("Select {}", picked.label);
    view! {
        <td>
            <input type="checkbox" aria-label=label
                prop:checked=move || selected.with(|s| s.iter().any(|p| p.id == id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let p = picked.clone();
                    selected.update(|s| {
                        s.retain(|x| x.id != p.id);
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
    let jobs = Jobs::expect();
    let ask = RwSignal::new(Ask::None);
    let typed = RwSignal::new(String::new());
    let start = move |which: Ask| {
        let picked = selected.get_untracked();
        let n = picked.len();
        let (kind, title) = match (entity, which) {
            (Entity::Users, Ask::Quarantine) => (
                JobKind::QuarantineUsersMedia,
                format!("Quarantine all media of {}", noun(entity, n)),
            ),
            (Entity::Users, _) => (
                JobKind::DeleteUsersMedia,
                format!("Delete all media of {}", noun(entity, n)),
            ),
            (Entity::Rooms, Ask::Quarantine) => (
                JobKind::QuarantineRoomsMedia,
                format!("Quarantine all media of {}", noun(entity, n)),
            ),
            (Entity::Rooms, _) => (
                JobKind::DeleteRoomsMedia,
                format!("Delete all media of {}", noun(entity, n)),
            ),
        };
        let skipped = if which == Ask::Delete {
            picked
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.skip_delete.clone().map(|r| (i, r)))
                .collect()
        } else {
            Vec::new()
        };
        let items = picked.into_iter().map(|p| (p.id, p.label)).collect();
        ask.set(Ask::None);
        typed.set(String::new());
        selected.set(Vec::new());
        jobs.start(title, kind.name().into(), items, skipped, None);
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
        {move || (ask.get() != Ask::None).then(|| {
            let which = ask.get();
            let picked = selected.get_untracked();
            let n = picked.len();
            let skips = picked.iter().filter(|p| p.skip_delete.is_some()).count();
            let names = picked.iter().take(12).map(|p| p.label.clone()).collect::<Vec<_>>().join(", ");
            let more = if n > 12 { format!(" and {} more", n - 12) } else { String::new() };
            let body = if which == Ask::Quarantine {
                format!("Quarantines the media of {}: {names}{more}. Synapse also quarantines every byte-identical copy on this server; protected files are skipped. There is no bulk undo.", noun(entity, n))
            } else {
                let skip_note = if skips > 0 { format!(" {} will be skipped (encrypted: the server cannot see their files).", noun(entity, skips)) } else { String::new() };
                format!("Deletes every file of {}: {names}{more}, protected and quarantined ones included (for rooms: their local files).{skip_note} This cannot be undone.", noun(entity, n))
            };
            let count = n.to_string();
            view! {
                <div class="overlay">
                    <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="entity-bulk-title">
                        <h2 id="entity-bulk-title">{if which == Ask::Quarantine { "Quarantine all media?" } else { "Delete all media?" }}</h2>
                        <p>{body}</p>
                        {(which == Ask::Delete).then(|| view! {
                            <label>{format!("Type {n} to confirm")}<input type="text" name="confirm-count" bind:value=typed /></label>
                        })}
                        <div class="dialog-buttons">
                            <button class="secondary" on:click=move |_| { ask.set(Ask::None); typed.set(String::new()); }>"Cancel"</button>
                            <button class="danger"
                                disabled=move || which == Ask::Delete && typed.get().trim() != count
                                on:click=move |_| start(which)>
                                {if which == Ask::Quarantine { format!("Quarantine all media of {}", noun(entity, n)) } else { format!("Delete all media of {}", noun(entity, n)) }}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })}
    }
}
