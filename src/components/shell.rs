//! The frame around every signed-in page: navigation, server facts, the admin, Log out.

use crate::i18n::{t, tf, T};
use crate::model::route::login_href;
use crate::state::session::SessionCtx;
use crate::state::toasts::{Toasts, Tone};
use crate::{HeaderAsk, HeaderFact};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::{use_location, use_navigate};

/// Shows its children only with a session; otherwise sends the admin to the login page with a
/// way back to where they were.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = SessionCtx::expect();
    let location = use_location();
    move || {
        if session.is_signed_in() {
            children().into_any()
        } else {
            // Leptos gives the query without its `?`.
            // The path inside the app: without the base it is served under (`/curator`).
            let full = location.pathname.get_untracked();
            let base = crate::base_path();
            let path = match full.strip_prefix(base.as_str()) {
                Some(rest) if !base.is_empty() && rest.starts_with('/') => rest.to_owned(),
                _ => full,
            };
            let here = match location.search.get_untracked().trim_start_matches('?') {
                "" => path,
                query => format!("{path}?{query}"),
            };
            view! { <Redirect path=login_href(&here) /> }.into_any()
        }
    }
}

#[component]
pub fn Shell() -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let version = LocalResource::new(move || crate::header_fact(HeaderAsk::Version(session)));
    let server_name = move || session.get().map(|s| s.server_name()).unwrap_or_default();
    let user_id = move || {
        session
            .get()
            .map(|s| s.user_id.to_string())
            .unwrap_or_default()
    };
    let version_text = move || match version.get() {
        Some(Some(HeaderFact::Version(v))) => tf(T::SynapseVersion, &[("version", &v)]),
        Some(_) => t(T::SynapseVersionUnknown),
        None => String::new(),
    };
    let open_reports = open_reports_badge();
    // On a small screen the navigation is a menu, closed again by every page change.
    let menu = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu.set(false);
    });
    let logging_out = RwSignal::new(false);
    let navigate = use_navigate();
    let log_out = move |_| {
        logging_out.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // An OAuth 2.0 session is ended by revoking its tokens at the authorization server.
            let result = match crate::oauth_revoke(session).await {
                Some(revoked) => revoked,
                None => session.log_out_on_server().await,
            };
            navigate("/login", Default::default());
            match result {
                Ok(_) => session.end(Some(t(T::LoggedOut))),
                Err(e) if e.is_unknown_token() => {}
                Err(e) => {
                    toasts.push(
                        Tone::Error,
                        tf(T::LogoutUnconfirmed, &[("error", &e.to_string())]),
                    );
                    session.end(Some(t(T::LogoutUnconfirmedSession)));
                }
            }
        });
    };
    view! {
        <header class="topbar">
            <span class="brand">"Curator"</span>
            <button class="secondary menu-button" aria-controls="main-nav"
                aria-expanded=move || menu.get().to_string()
                on:click=move |_| menu.update(|m| *m = !*m)>{t(T::Menu)}</button>
            <nav id="main-nav" aria-label=t(T::MainNavigation) class:open=move || menu.get()>
                <A href=crate::href("/") exact=true>{t(T::NavOverview)}</A>
                <A href=crate::href("/users")>{t(T::NavUsers)}</A>
                <A href=crate::href("/rooms")>{t(T::NavRooms)}</A>
                <A href=crate::href("/media")>{t(T::NavMedia)}</A>
                <A href=crate::href("/statistics/media")>{t(T::NavStatistics)}</A>
                <A href=crate::href("/retention")>{t(T::NavRetention)}</A>
                <A href=crate::href("/jobs")>{t(T::NavJobs)}</A>
                <A href=crate::href("/audit")>{t(T::NavAudit)}</A>
                <A href=crate::href("/reports")>{t(T::NavReports)}{open_reports}</A>
            </nav>
            <span class="server" title=t(T::Homeserver)>
                <span class="server-name">{server_name}</span>
                " · "
                <span class="server-version">{version_text}</span>
            </span>
            <super::job_dialog::JobIndicator />
            <crate::i18n::browser::LanguagePicker />
            <crate::state::theme::ThemePicker />
            <span class="whoami">{user_id}</span>
            <button class="secondary" on:click=log_out disabled=move || logging_out.get()>{t(T::LogOut)}</button>
        </header>
        <main>
            <Outlet />
        </main>
        <ToastList />
        <super::job_dialog::JobDialogHost />
    }
}

/// The number of open event reports beside "Reports" in the navigation, read again on every
/// page change (a report dismissed elsewhere, a new one come in). Its code loads on use.
fn open_reports_badge() -> impl Fn() -> Option<AnyView> + Copy {
    let session = SessionCtx::expect();
    let location = use_location();
    let count = LocalResource::new(move || {
        location.pathname.track();
        crate::header_fact(HeaderAsk::OpenReports(session))
    });
    move || {
        match count.get() {
        Some(Some(HeaderFact::OpenReports(total))) => Some(
            view! { <span class="badge" aria-label=tf(T::OpenCount, &[("count", &crate::i18n::number(total))])>{total.to_string()}</span> }
                .into_any(),
        ),
        _ => None,
    }
    }
}

#[component]
fn ToastList() -> impl IntoView {
    let toasts = Toasts::expect();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.all() key=|t| t.id let:toast>
                <div class=match toast.tone {
                    Tone::Success => "toast success",
                    Tone::Error => "toast error",
                    Tone::Info => "toast info",
                }>
                    <span>{toast.text.clone()}</span>
                    {toast.action.clone().map(|a| {
                        let id = toast.id;
                        view! {
                            <button class="secondary" on:click=move |_| {
                                toasts.dismiss(id);
                                a.run.run(());
                            }>{a.label.clone()}</button>
                        }
                    })}
                    <button class="link" aria-label=t(T::Dismiss) on:click=move |_| toasts.dismiss(toast.id)>"×"</button>
                </div>
            </For>
        </div>
    }
}
