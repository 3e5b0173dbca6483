//! `/users/:user_id`: one account, with the tabs later work fills.

use crate::api::users::{GetUser, UserDetails};
use crate::components::load::{LoadError, Loading};
use crate::components::tabs::TabLink;
use crate::model::ids::parse_user_id;
use crate::model::route::{decode, user_href};
use crate::model::UserId;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UserPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let params = use_params_map();
    let user_id = Memo::new(move |_| {
        params.with(|p| parse_user_id(&decode(&p.get("user_id").unwrap_or_default())))
    });
    let user = LocalResource::new(move || {
        let id = user_id.get();
        async move {
            match id {
                Ok(id) => session.call(&GetUser(&id)).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        }
    });
    view! {
        <UserHeader user_id=Signal::derive(move || user_id.get().ok()) active=UserTab::Profile />
        {move || user_id.get().ok().map(|sender| view! {
            <crate::reports::views::open_count::OpenReports about="concern messages this user sent"
                filter=crate::api::reports::ReportFilter { sender: Some(sender), ..Default::default() } />
        })}
        <Transition fallback=|| view! { <Loading what="the user" /> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(details) => profile(details).into_any(),
                    Err(message) => view! {
                        <LoadError error=crate::api::ApiError::Refused(message) what="this user" />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UserTab {
    Profile,
    Media,
}

/// The user's id and the tabs of the user pages.
#[component]
pub fn UserHeader(user_id: Signal<Option<UserId>>, active: UserTab) -> impl IntoView {
    let base = Signal::derive(move || user_id.get().map(|u| user_href(&u)));
    view! {
        <p class="crumbs"><A href=crate::href("/users")>"Users"</A> " / "</p>
        <h1 class="mono">{move || user_id.get().map(|id| id.to_string()).unwrap_or_else(|| "Unknown user".into())}</h1>
        <nav role="tablist" class="tabs" aria-label="User">
            <TabLink base suffix="" label="Profile" selected=active == UserTab::Profile />
            <TabLink base suffix="/media" label="Media" selected=active == UserTab::Media />
        </nav>
    }
}

fn profile(u: UserDetails) -> impl IntoView {
    let yes_no = super::yes_no;
    let created = u
        .creation_ts
        .map(|t| t.display_utc())
        .unwrap_or_else(|| "—".into());
    let last_seen = u
        .last_seen_ts
        .map(|t| t.display_utc())
        .unwrap_or_else(|| "never".into());
    let threepids = if u.threepids.is_empty() {
        "none".to_owned()
    } else {
        u.threepids
            .iter()
            .map(|t| format!("{} ({})", t.address, t.medium))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <dl class="facts">
            <dt>"Display name"</dt><dd>{u.displayname.unwrap_or_else(|| "—".into())}</dd>
            <dt>"Avatar"</dt><dd class="mono">{u.avatar_url.unwrap_or_else(|| "none".into())}</dd>
            <dt>"Server admin"</dt><dd>{yes_no(u.admin)}</dd>
            <dt>"Deactivated"</dt><dd>{yes_no(u.deactivated)}</dd>
            <dt>"Erased"</dt><dd>{yes_no(u.erased)}</dd>
            <dt>"Locked"</dt><dd>{yes_no(u.locked)}</dd>
            <dt>"Shadow-banned"</dt><dd>{yes_no(u.shadow_banned)}</dd>
            <dt>"Guest"</dt><dd>{yes_no(u.is_guest)}</dd>
            <dt>"User type"</dt><dd>{u.user_type.unwrap_or_else(|| "regular".into())}</dd>
            <dt>"Application service"</dt><dd>{u.appservice_id.unwrap_or_else(|| "—".into())}</dd>
            <dt>"Created"</dt><dd>{created}</dd>
            <dt>"Last seen"</dt><dd>{last_seen}</dd>
            <dt>"Email and phone"</dt><dd>{threepids}</dd>
        </dl>
    }
}
