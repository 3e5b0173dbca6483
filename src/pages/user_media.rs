//! `/users/:user_id/media`: every file the user uploaded, paged and sorted by the server.

use super::user::{UserHeader, UserTab};
use crate::api::media::{ListUserMedia, MediaOrder};
use crate::components::bulk::UserBulkActions;
use crate::components::load::{LoadError, Loading};
use crate::components::media_table::{MediaSort, MediaTable};
use crate::components::pager::Pager;
use crate::components::preview::PreviewToggle;
use crate::i18n::{t, tn, P, T};
use crate::model::ids::parse_user_id;
use crate::model::media::{Locality, MediaRef, MediaRow};
use crate::model::route::{decode, list_href, user_href};
use crate::model::{Page, SortDir, UserId};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn href(q: &ListUserMedia) -> String {
    list_href(
        &format!("{}/media", user_href(&q.user_id)),
        q,
        &ListUserMedia::newest_first(q.user_id.clone(), Page::default()),
        &[],
    )
}

/// A user's uploads as table rows: all local to the user's server.
pub fn rows_of(user: &UserId, media: Vec<crate::model::media::MediaInfo>) -> Vec<MediaRow> {
    media
        .into_iter()
        .filter_map(|info| {
            let media = MediaRef::new(user.server_name().as_str(), &info.media_id).ok()?;
            let state = info.state(Locality::Local);
            Some(MediaRow {
                media,
                info: Some(info),
                state,
            })
        })
        .collect()
}

#[component]
pub fn UserMediaPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let user_id = Memo::new(move |_| {
        params.with(|p| parse_user_id(&decode(&p.get("user_id").unwrap_or_default())))
    });
    let list = Memo::new(move |_| {
        let user = user_id.get().ok()?;
        Some(query.with(|q| ListUserMedia {
            user_id: user,
            page: Page::from_query(q.get("page").as_deref(), q.get("size").as_deref()),
            order: MediaOrder::from_param(q.get("order").as_deref()),
            // Newest first unless asked otherwise, as Synapse lists by default.
            dir: if q.get("dir").as_deref() == Some("f") {
                SortDir::Forward
            } else {
                SortDir::Backward
            },
        }))
    });
    let reload = RwSignal::new(0u32);
    let jobs = crate::state::jobs::Jobs::expect();
    // Made once for the page, so notifications' Undo still reaches it after the table redraws.
    let on_changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    let media = LocalResource::new(move || {
        let q = list.get();
        reload.track();
        jobs.finished.track();
        async move {
            match q {
                Some(q) => session.call(&q).await.map(|page| (q, page)),
                None => Err(crate::api::ApiError::Refused(t(T::NotAUserId))),
            }
        }
    });
    let go = Callback::new(move |q: ListUserMedia| navigate(&href(&q), Default::default()));
    view! {
        <UserHeader user_id=Signal::derive(move || user_id.get().ok()) active=UserTab::Media />
        {move || user_id.get().ok().map(|user| view! { <UserBulkActions user on_changed /> })}
        <Transition fallback=|| view! { <Loading what=t(T::PgMediaLower) /> }>
            {move || Suspend::new(async move {
                match media.await {
                    Err(error) => view! { <LoadError error what=t(T::ThisUsersMedia) /> }.into_any(),
                    Ok((q, page)) => {
                        let total = page.total;
                        let rows = rows_of(&q.user_id, page.media);
                        let shown = rows.len();
                        let sort = MediaSort {
                            order: q.order,
                            dir: q.dir,
                            on_sort: Callback::new({
                                let q = q.clone();
                                move |(order, dir)| go.run(ListUserMedia { order, dir, page: Page { index: 0, ..q.page }, ..q.clone() })
                            }),
                        };
                        let q2 = q.clone();
                        view! {
                            <div class="table-tools"><PreviewToggle /></div>
                            <p class="summary">{tn(P::FilesUploadedBy, total, &[("user", q.user_id.as_str())])}</p>
                            <MediaTable rows sort selectable=true on_changed />
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::UserHasNoMedia)}</p> })}
                            <Pager page=q.page shown total go=Callback::new(move |p: Page| go.run(ListUserMedia { page: p, ..q2.clone() })) />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
