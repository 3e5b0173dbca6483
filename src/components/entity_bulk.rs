//! Bulk actions over selected users or rooms: one job whose items are the users or rooms, each
//! getting the "all media" action of its own page. Deleting requires typing the count.

use super::bulk::{room_preview, samples_of, Samples};
use crate::api::ApiError;
use crate::model::media::{MediaInfo, MediaRef};
use crate::model::units::group_thousands;
use crate::model::{ByteSize, RoomId, UserId};
use crate::state::jobs::{JobKind, Jobs};
use crate::state::session::SessionCtx;
use crate::state::sweeps::all_user_media;
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

/// What the selection holds: files, bytes, protected, remote, and up to six samples.
#[derive(Clone, Default)]
struct Scope {
    files: usize,
    bytes: u64,
    protected: usize,
    remote: usize,
    samples: Vec<(MediaRef, MediaInfo)>,
}

async fn scope_of(
    session: SessionCtx,
    entity: Entity,
    picked: Vec<Picked>,
) -> Result<Scope, ApiError> {
    let mut scope = Scope::default();
    for p in picked {
        let infos: Vec<(MediaRef, MediaInfo)> = match entity {
            Entity::Users => {
                let Ok(user) = UserId::try_from(p.id.as_str()) else {
                    continue;
                };
                let server = user.server_name().to_string();
                let media = all_user_media(session, &user).await?;
                if scope.samples.len() < 6 {
                    let room = 6 - scope.samples.len();
                    scope
                        .samples
                        .extend(samples_of(&server, &media).into_iter().take(room));
                }
                media
                    .into_iter()
                    .filter_map(|m| Some((MediaRef::new(&server, &m.media_id).ok()?, m)))
                    .collect()
            }
            Entity::Rooms => {
                if p.skip_delete.is_some() {
                    continue;
                }
                let Ok(room) = RoomId::try_from(p.id.as_str()) else {
                    continue;
                };
                let (local, remote) = room_preview(session, &room).await?;
                scope.remote += remote.len();
                let found: Vec<(MediaRef, MediaInfo)> = local
                    .into_iter()
                    .filter_map(|(m, i)| Some((m, i?)))
                    .collect();
                for (m, i) in found.iter().filter(|(_, i)| i.is_previewable_image()) {
                    if scope.samples.len() < 6 {
                        scope.samples.push((m.clone(), i.clone()));
                    }
                }
                found
            }
        };
        scope.files += infos.len();
        scope.bytes += infos
            .iter()
            .filter_map(|(_, i)| i.media_length)
            .map(|b| b.0)
            .sum::<u64>();
        scope.protected += infos.iter().filter(|(_, i)| i.safe_from_quarantine).count();
    }
    Ok(scope)
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
        let picked = picked.clone();
        async move { scope_of(session, entity, picked).await }
    });
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
        format!("Deletes every file of {}: {names}{more}, protected and quarantined ones included (for rooms: their local files).{skip_note} This cannot be undone.", noun(entity, n))
    };
    let count = n.to_string();
    view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="entity-bulk-title">
                <h2 id="entity-bulk-title">{if which == Ask::Quarantine { "Quarantine all media?" } else { "Delete all media?" }}</h2>
                <p>{body}</p>
                {move || match scope.get() {
                    None => view! { <p class="loading">"Counting their files…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{format!("Could not count their files: {e}")}</p> }.into_any(),
                    Some(Ok(sc)) => view! {
                        <p class="scope">{format!(
                            "In all: {} local file{} ({}), {} protected{}.",
                            group_thousands(sc.files as u64),
                            if sc.files == 1 { "" } else { "s" },
                            ByteSize(sc.bytes).human(),
                            group_thousands(sc.protected as u64),
                            if sc.remote > 0 { format!("; {} remote file{} excluded (Synapse only deletes local media)", sc.remote, if sc.remote == 1 { "" } else { "s" }) } else { String::new() }
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
                        disabled=move || which == Ask::Delete && typed.get().trim() != count
                        on:click=move |_| start(which)>
                        {if which == Ask::Quarantine { format!("Quarantine all media of {}", noun(entity, n)) } else { format!("Delete all media of {}", noun(entity, n)) }}
                    </button>
                </div>
            </div>
        </div>
    }
}
