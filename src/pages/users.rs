//! `/users`: every local account, paged, searched and sorted by the server.

use crate::api::users::{ListUsers, UserOrder, UserSummary};
use crate::bulk::scope::Target;
use crate::components::entity_bulk::{Entity, EntityBulkBar, PickBox, Picked};
use crate::components::load::{LoadError, Loading};
use crate::components::pager::Pager;
use crate::components::sort::{SortHeader, Sorting};
use crate::i18n::{t, T};
use crate::model::route::{list_href, user_href};
use crate::model::{Page, SortDir};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The list's state as URL query values, so back/forward and reload keep it.
fn href(q: &ListUsers) -> String {
    let flag = |on: bool, v: &str| if on { v.to_owned() } else { String::new() };
    list_href(
        "/users",
        q,
        &ListUsers::default(),
        &[
            ("q", q.search.clone().unwrap_or_default()),
            ("guests", flag(!q.guests, "0")),
            ("deactivated", flag(q.deactivated, "1")),
        ],
    )
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let query = use_query_map();
    let navigate = use_navigate();
    let params = Memo::new(move |_| {
        query.with(|q| ListUsers {
            page: Page::from_query(q.get("page").as_deref(), q.get("size").as_deref()),
            search: q.get("q"),
            guests: q.get("guests").as_deref() != Some("0"),
            deactivated: q.get("deactivated").as_deref() == Some("1"),
            order: UserOrder::from_param(q.get("order").as_deref()),
            dir: SortDir::from_param(q.get("dir").as_deref()),
        })
    });
    let go = Callback::new(move |q: ListUsers| navigate(&href(&q), Default::default()));
    let users = LocalResource::new(move || {
        let q = params.get();
        async move { session.call(&q).await }
    });

    let search = RwSignal::new(params.get_untracked().search.unwrap_or_default());
    Effect::new(move |_| search.set(params.get().search.unwrap_or_default()));

    let sort = Sorting::new(params, go);

    let selected = RwSignal::new(Vec::<Picked>::new());
    let page_picks = Signal::derive(move || {
        users
            .get()
            .and_then(Result::ok)
            .map(|p| p.users.iter().map(pick).collect())
            .unwrap_or_default()
    });
    view! {
        <h1>{t(T::NavUsers)}</h1>
        <form class="filters" role="search" on:submit=move |ev| {
            ev.prevent_default();
            let text = search.get_untracked();
            go.run(ListUsers { search: Some(text), page: Page { index: 0, ..params.get_untracked().page }, ..params.get_untracked() });
        }>
            <label>
                {t(T::SearchUsers)}
                <input type="search" name="q" placeholder=t(T::UserSearchHint) bind:value=search />
            </label>
            <button type="submit">{t(T::Search)}</button>
            <label class="inline">
                <input type="checkbox" prop:checked=move || params.get().guests
                    on:change=move |ev| go.run(ListUsers { guests: event_target_checked(&ev), page: Page { index: 0, ..params.get_untracked().page }, ..params.get_untracked() }) />
                {t(T::ShowGuests)}
            </label>
            <label class="inline">
                <input type="checkbox" prop:checked=move || params.get().deactivated
                    on:change=move |ev| go.run(ListUsers { deactivated: event_target_checked(&ev), page: Page { index: 0, ..params.get_untracked().page }, ..params.get_untracked() }) />
                {t(T::ShowDeactivated)}
            </label>
        </form>
        <EntityBulkBar entity=Entity::Users selected page=page_picks />
        <Transition fallback=|| view! { <Loading what=t(T::UsersLower) /> }>
            {move || Suspend::new(async move {
                let q = params.get_untracked();
                match users.await {
                    Err(error) => view! { <LoadError error what=t(T::TheUsers) /> }.into_any(),
                    Ok(page) => {
                        let shown = page.users.len();
                        let total = page.total;
                        view! {
                            <table class="list">
                                <thead>
                                    <tr>
                                        <th><span class="visually-hidden">{t(T::Select)}</span></th>
                                        {move || view! { <SortHeader label=t(T::UserId) active=sort.active(UserOrder::Name) on_sort=sort.on_sort(UserOrder::Name) /> }}
                                        {move || view! { <SortHeader label=t(T::DisplayName) active=sort.active(UserOrder::DisplayName) on_sort=sort.on_sort(UserOrder::DisplayName) /> }}
                                        <th>{t(T::Admin)}</th>
                                        <th>{t(T::Deactivated)}</th>
                                        {move || view! { <SortHeader label=t(T::Created) active=sort.active(UserOrder::CreationTime) on_sort=sort.on_sort(UserOrder::CreationTime) /> }}
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.users.into_iter().map(|u| user_row(u, selected)).collect_view()}
                                </tbody>
                            </table>
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::NoUserMatches)}</p> })}
                            <Pager page=q.page shown total go=Callback::new(move |p: Page| go.run(ListUsers { page: p, ..params.get_untracked() })) />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn pick(u: &UserSummary) -> Picked {
    Picked {
        target: Target::User(u.name.clone()),
        label: u.name.to_string(),
        skip_delete: None,
    }
}

fn user_row(u: UserSummary, selected: RwSignal<Vec<Picked>>) -> impl IntoView {
    let picked = pick(&u);
    let created = u
        .creation_ts
        .map(|t| t.display_utc())
        .unwrap_or_else(|| "—".into());
    view! {
        <tr>
            <PickBox picked selected />
            <td><A href=crate::href(&user_href(&u.name))>{u.name.to_string()}</A></td>
            <td>{u.displayname.unwrap_or_default()}</td>
            <td>{super::yes_no(u.admin)}</td>
            <td>{super::yes_no(u.deactivated)}</td>
            <td>{created}</td>
        </tr>
    }
}
