//! `/rooms/:room_id/media`: the files a room's events reference, local and remote. The list is
//! not paged by Synapse, so it is paged here; only the page on screen is read: from the local
//! members' media lists where they hold it, else looked up, at most 8 requests at a time.

use super::room::{RoomHeader, RoomTab};
use crate::api::media::ListRoomMedia;
use crate::api::rooms::{GetRoom, RoomMembers};
use crate::bulk::read::room_page;
use crate::components::bulk::RoomBulkActions;
use crate::components::load::{LoadError, Loading};
use crate::components::media_table::MediaTable;
use crate::components::pager::Pager;
use crate::components::preview::PreviewToggle;
use crate::i18n::{number, t, tn, P, T};
use crate::model::ids::parse_room_id;
use crate::model::media::dedupe_mxcs;
use crate::model::route::{decode, room_href, with_query};
use crate::model::Page;
use crate::model::UserId;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use std::collections::BTreeSet;

#[component]
pub fn RoomMediaPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let room_id = Memo::new(move |_| {
        params.with(|p| parse_room_id(&decode(&p.get("room_id").unwrap_or_default())))
    });
    let page = Memo::new(move |_| {
        query.with(|q| Page::from_query(q.get("page").as_deref(), q.get("size").as_deref()))
    });
    let room = LocalResource::new(move || {
        let id = room_id.get();
        async move {
            let id = id.map_err(|e| crate::api::ApiError::Refused(e.to_string()))?;
            session.call(&GetRoom(&id)).await
        }
    });
    let reload = RwSignal::new(0u32);
    let jobs = crate::state::jobs::Jobs::expect();
    // Made once for the page, so notifications' Undo still reaches it after the table redraws.
    let on_changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    // All of the room's references, deduplicated; local first, as Synapse classes them.
    let refs = LocalResource::new(move || {
        let id = room_id.get();
        reload.track();
        jobs.finished.track();
        async move {
            let id = id.map_err(|e| crate::api::ApiError::Refused(e.to_string()))?;
            // The members come along: their media lists answer for most of a page at once.
            let (lists, members) = futures_util::future::join(
                session.call(&ListRoomMedia(&id)),
                session.call(&RoomMembers(&id)),
            )
            .await;
            let lists = lists?;
            let members: BTreeSet<UserId> = members
                .map(|m| m.members.into_iter().collect())
                .unwrap_or_default();
            let local = dedupe_mxcs(lists.local.iter().map(String::as_str))
                .into_iter()
                .map(|m| (m, true));
            let remote = dedupe_mxcs(lists.remote.iter().map(String::as_str))
                .into_iter()
                .map(|m| (m, false));
            Ok::<_, crate::api::ApiError>((local.chain(remote).collect::<Vec<_>>(), members))
        }
    });
    // The page's rows, once the references are in: `None` until then. The references are read
    // as a value, not awaited: awaiting them here would read the page twice, once when they
    // arrive and once more because their arrival marks this read as stale.
    let rows = LocalResource::new(move || {
        let p = page.get();
        let loaded = refs.get();
        async move {
            let (all, members) = match loaded? {
                Ok(refs) => refs,
                Err(e) => return Some(Err(e)),
            };
            let total = all.len() as u64;
            let slice: Vec<_> = all
                .into_iter()
                .skip(p.offset() as usize)
                .take(p.size as usize)
                .collect();
            Some(Ok::<_, crate::api::ApiError>((
                p,
                total,
                room_page(&session, &members, slice).await,
            )))
        }
    });
    let go = Callback::new(move |p: Page| {
        if let Ok(id) = room_id.get_untracked() {
            let href = with_query(&format!("{}/media", room_href(&id)), &p.query_values());
            navigate(&href, Default::default());
        }
    });
    let encrypted = move || {
        room.get()
            .and_then(|r| r.ok())
            .is_some_and(|r| r.summary.is_encrypted())
    };
    view! {
        <RoomHeader room=Signal::derive(move || room.get().and_then(|r| r.ok())) room_id=Signal::derive(move || room_id.get().ok()) active=RoomTab::Media />
        {move || match (room_id.get(), room.get()) {
            (Ok(id), Some(Ok(details))) => Some(view! { <RoomBulkActions room=id encrypted=details.summary.is_encrypted() on_changed /> }),
            _ => None,
        }}
        <Show when=encrypted>
            <p class="notice" role="note">
                {t(T::RoomEncryptedNotice)}
            </p>
        </Show>
        <Transition fallback=|| view! { <Loading what=t(T::TheRoomsMedia) /> }>
            {move || Suspend::new(async move {
                match rows.await {
                    None => view! { <Loading what=t(T::TheRoomsMedia) /> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error what=t(T::ThisRoomsMedia) /> }.into_any(),
                    Some(Ok((p, total, rows))) => {
                        let shown = rows.len();
                        let local = rows.iter().filter(|r| r.state.locality != crate::model::media::Locality::RemoteCached && r.state.locality != crate::model::media::Locality::RemoteNotCached).count();
                        view! {
                            <div class="table-tools"><PreviewToggle /></div>
                            <p class="summary">{tn(P::FilesInRoom, total, &[("local", &number(local as u64)), ("remote", &number((shown - local) as u64))])}</p>
                            <MediaTable rows show_uploader=true selectable=true on_changed />
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::RoomHasNoMedia)}</p> })}
                            <Pager page=p shown total go />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
