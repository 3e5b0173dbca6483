//! `/users/:user_id`: one account, with the tabs later work fills.

use crate::api::users::{GetUser, UserDetails};
use crate::components::load::{LoadError, Loading};
use crate::components::tabs::TabLink;
use crate::i18n::{t, P, T};
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
            <crate::reports::views::open_count::OpenReports some=P::PgOpenReportsUser none=T::PgNoOpenReportsUser
                filter=crate::api::reports::ReportFilter { sender: Some(sender), ..Default::default() } />
        })}
        <Transition fallback=|| view! { <Loading what=t(T::PgTheUser) /> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(details) => profile(details).into_any(),
                    Err(message) => view! {
                        <LoadError error=crate::api::ApiError::Refused(message) what=t(T::PgThisUser) />
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
        <p class="crumbs"><A href=crate::href("/users")>{t(T::NavUsers)}</A> " / "</p>
        <h1 class="mono">{move || user_id.get().map(|id| id.to_string()).unwrap_or_else(|| t(T::UnknownUser))}</h1>
        <nav role="tablist" class="tabs" aria-label=t(T::User)>
            <TabLink base suffix="" label=t(T::Profile) selected=active == UserTab::Profile />
            <TabLink base suffix="/media" label=t(T::NavMedia) selected=active == UserTab::Media />
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
        .unwrap_or_else(|| t(T::Never));
    let threepids = if u.threepids.is_empty() {
        t(T::NoneValue)
    } else {
        u.threepids
            .iter()
            .map(|t| format!("{} ({})", t.address, t.medium))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <dl class="facts">
            <dt>{t(T::DisplayName)}</dt><dd>{u.displayname.unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::Avatar)}</dt><dd class="mono">{u.avatar_url.unwrap_or_else(|| t(T::NoneValue))}</dd>
            <dt>{t(T::ServerAdmin)}</dt><dd>{yes_no(u.admin)}</dd>
            <dt>{t(T::Deactivated)}</dt><dd>{yes_no(u.deactivated)}</dd>
            <dt>{t(T::Erased)}</dt><dd>{yes_no(u.erased)}</dd>
            <dt>{t(T::Locked)}</dt><dd>{yes_no(u.locked)}</dd>
            <dt>{t(T::ShadowBanned)}</dt><dd>{yes_no(u.shadow_banned)}</dd>
            <dt>{t(T::Guest)}</dt><dd>{yes_no(u.is_guest)}</dd>
            <dt>{t(T::UserType)}</dt><dd>{u.user_type.unwrap_or_else(|| t(T::Regular))}</dd>
            <dt>{t(T::ApplicationService)}</dt><dd>{u.appservice_id.unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::Created)}</dt><dd>{created}</dd>
            <dt>{t(T::LastSeen)}</dt><dd>{last_seen}</dd>
            <dt>{t(T::EmailAndPhone)}</dt><dd>{threepids}</dd>
        </dl>
    }
}
