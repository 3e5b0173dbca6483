//! `/rooms/:room_id`: one room's facts, with the tabs later work fills.

use crate::api::rooms::{GetRoom, RoomDetails};
use crate::components::load::{LoadError, Loading};
use crate::components::tabs::TabLink;
use crate::i18n::{t, P, T};
use crate::model::ids::parse_room_id;
use crate::model::route::decode;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RoomPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let params = use_params_map();
    let room_id = Memo::new(move |_| {
        params.with(|p| parse_room_id(&decode(&p.get("room_id").unwrap_or_default())))
    });
    let room = LocalResource::new(move || {
        let id = room_id.get();
        async move {
            match id {
                Ok(id) => session.call(&GetRoom(&id)).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        }
    });
    view! {
        <RoomHeader room=Signal::derive(move || room.get().and_then(|r| r.ok())) room_id=Signal::derive(move || room_id.get().ok()) active=RoomTab::Details />
        {move || room_id.get().ok().map(|room| view! {
            <crate::reports::views::open_count::OpenReports some=P::PgOpenReportsRoom none=T::PgNoOpenReportsRoom
                filter=crate::api::reports::ReportFilter { room: Some(room), ..Default::default() } />
        })}
        <Transition fallback=|| view! { <Loading what=t(T::TheRoom) /> }>
            {move || Suspend::new(async move {
                match room.await {
                    Ok(details) => details_view(details).into_any(),
                    Err(message) => view! {
                        <LoadError error=crate::api::ApiError::Refused(message) what=t(T::ThisRoom) />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn details_view(d: RoomDetails) -> impl IntoView {
    let yes_no = super::yes_no;
    let s = &d.summary;
    let encryption = super::rooms::encryption_label(s);
    // The title and the tabs are the page's RoomHeader.
    view! {
        <dl class="facts">
            <dt>{t(T::RoomId)}</dt><dd class="mono">{s.room_id.to_string()}</dd>
            <dt>{t(T::Alias)}</dt><dd>{s.canonical_alias.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::Topic)}</dt><dd>{d.topic.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::Encryption)}</dt><dd>{encryption}</dd>
            <dt>{t(T::Members)}</dt><dd>{s.joined_members}</dd>
            <dt>{t(T::LocalMembers)}</dt><dd>{s.joined_local_members}</dd>
            <dt>{t(T::LocalDevices)}</dt><dd>{d.joined_local_devices}</dd>
            <dt>{t(T::Creator)}</dt><dd>{s.creator.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::RoomVersion)}</dt><dd>{s.version.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::JoinRule)}</dt><dd>{s.join_rules.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::InDirectory)}</dt><dd>{yes_no(s.public)}</dd>
            <dt>{t(T::Federated)}</dt><dd>{yes_no(s.federatable)}</dd>
            <dt>{t(T::HistoryVisibility)}</dt><dd>{d.history_visibility.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::StateEvents)}</dt><dd>{s.state_events}</dd>
            <dt>{t(T::Avatar)}</dt><dd class="mono">{d.avatar.clone().unwrap_or_else(|| t(T::NoneValue))}</dd>
        </dl>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RoomTab {
    Details,
    Media,
}

/// The room's name and the tabs of the room pages.
#[component]
pub fn RoomHeader(
    room: Signal<Option<RoomDetails>>,
    room_id: Signal<Option<crate::model::RoomId>>,
    active: RoomTab,
) -> impl IntoView {
    let title = move || {
        room.get()
            .map(|r| {
                r.summary
                    .name
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| t(T::NoName))
            })
            .unwrap_or_else(|| t(T::Room))
    };
    let base = Signal::derive(move || room_id.get().map(|r| crate::model::route::room_href(&r)));
    view! {
        <p class="crumbs"><A href=crate::href("/rooms")>{t(T::NavRooms)}</A> " / "</p>
        <h1>{title}</h1>
        <nav role="tablist" class="tabs" aria-label=t(T::Room)>
            <TabLink base suffix="" label=t(T::Details) selected=active == RoomTab::Details />
            <TabLink base suffix="/media" label=t(T::NavMedia) selected=active == RoomTab::Media />
        </nav>
    }
}
