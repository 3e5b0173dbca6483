//! `/rooms`: every room this server knows, paged, searched and sorted by the server.

use crate::api::rooms::{ListRooms, RoomOrder, RoomSummary};
use crate::bulk::scope::Target;
use crate::components::entity_bulk::{Entity, EntityBulkBar, PickBox, Picked};
use crate::components::load::{LoadError, Loading};
use crate::components::pager::Pager;
use crate::components::sort::{SortHeader, Sorting};
use crate::i18n::{t, T};
use crate::model::route::{list_href, room_href};
use crate::model::{Page, SortDir};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

fn href(q: &ListRooms) -> String {
    list_href(
        "/rooms",
        q,
        &ListRooms::default(),
        &[("q", q.search.clone().unwrap_or_default())],
    )
}

#[component]
pub fn RoomsPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let query = use_query_map();
    let navigate = use_navigate();
    let params = Memo::new(move |_| {
        query.with(|q| ListRooms {
            page: Page::from_query(q.get("page").as_deref(), q.get("size").as_deref()),
            search: q.get("q"),
            order: RoomOrder::from_param(q.get("order").as_deref()),
            dir: SortDir::from_param(q.get("dir").as_deref()),
        })
    });
    let go = Callback::new(move |q: ListRooms| navigate(&href(&q), Default::default()));
    let rooms = LocalResource::new(move || {
        let q = params.get();
        async move { session.call(&q).await }
    });
    let search = RwSignal::new(params.get_untracked().search.unwrap_or_default());
    Effect::new(move |_| search.set(params.get().search.unwrap_or_default()));
    let sort = Sorting::new(params, go);

    let selected = RwSignal::new(Vec::<Picked>::new());
    let page_picks = Signal::derive(move || {
        rooms
            .get()
            .and_then(Result::ok)
            .map(|p| p.rooms.iter().map(pick).collect())
            .unwrap_or_default()
    });
    view! {
        <h1>{t(T::NavRooms)}</h1>
        <form class="filters" role="search" on:submit=move |ev| {
            ev.prevent_default();
            go.run(ListRooms { search: Some(search.get_untracked()), page: Page { index: 0, ..params.get_untracked().page }, ..params.get_untracked() });
        }>
            <label>
                {t(T::SearchRooms)}
                <input type="search" name="q" placeholder=t(T::RoomSearchHint) bind:value=search />
            </label>
            <button type="submit">{t(T::Search)}</button>
        </form>
        <EntityBulkBar entity=Entity::Rooms selected page=page_picks />
        <Transition fallback=|| view! { <Loading what=t(T::RoomsLower) /> }>
            {move || Suspend::new(async move {
                let q = params.get_untracked();
                match rooms.await {
                    Err(error) => view! { <LoadError error what=t(T::TheRooms) /> }.into_any(),
                    Ok(page) => {
                        let shown = page.rooms.len();
                        let total = page.total_rooms;
                        view! {
                            <table class="list">
                                <thead>
                                    <tr>
                                        <th><span class="visually-hidden">{t(T::Select)}</span></th>
                                        {move || view! { <SortHeader label=t(T::Name) active=sort.active(RoomOrder::Name) on_sort=sort.on_sort(RoomOrder::Name) /> }}
                                        <th>{t(T::RoomId)}</th>
                                        {move || view! { <SortHeader label=t(T::Members) active=sort.active(RoomOrder::JoinedMembers) on_sort=sort.on_sort(RoomOrder::JoinedMembers) /> }}
                                        {move || view! { <SortHeader label=t(T::LocalMembers) active=sort.active(RoomOrder::JoinedLocalMembers) on_sort=sort.on_sort(RoomOrder::JoinedLocalMembers) /> }}
                                        {move || view! { <SortHeader label=t(T::Encryption) active=sort.active(RoomOrder::Encryption) on_sort=sort.on_sort(RoomOrder::Encryption) /> }}
                                        {move || view! { <SortHeader label=t(T::Creator) active=sort.active(RoomOrder::Creator) on_sort=sort.on_sort(RoomOrder::Creator) /> }}
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.rooms.into_iter().map(|r| room_row(r, selected)).collect_view()}
                                </tbody>
                            </table>
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::NoRoomMatches)}</p> })}
                            <Pager page=q.page shown total go=Callback::new(move |p: Page| go.run(ListRooms { page: p, ..params.get_untracked() })) />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// How a room's encryption reads in a table cell.
pub(crate) fn encryption_label(room: &RoomSummary) -> String {
    match &room.encryption {
        Some(algorithm) => crate::i18n::tf(T::EncryptedWith, &[("algorithm", algorithm)]),
        None => t(T::NotEncrypted),
    }
}

fn room_name(r: &RoomSummary) -> String {
    r.name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| r.canonical_alias.clone())
        .unwrap_or_else(|| t(T::NoName))
}

fn pick(r: &RoomSummary) -> Picked {
    Picked {
        target: Target::Room(r.room_id.clone()),
        label: room_name(r),
        skip_delete: r.is_encrypted().then(|| t(T::EncryptedCannotSee)),
    }
}

fn room_row(r: RoomSummary, selected: RwSignal<Vec<Picked>>) -> impl IntoView {
    let picked = pick(&r);
    let name = r
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| r.canonical_alias.clone());
    let encryption = encryption_label(&r);
    view! {
        <tr>
            <PickBox picked selected />
            <td>
                <A href=crate::href(&room_href(&r.room_id))>{name.unwrap_or_else(|| t(T::NoName))}</A>
            </td>
            <td class="mono">{r.room_id.to_string()}</td>
            <td class="num">{r.joined_members}</td>
            <td class="num">{r.joined_local_members}</td>
            <td>{encryption}</td>
            <td>{r.creator.unwrap_or_default()}</td>
        </tr>
    }
}
