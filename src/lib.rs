//! Curator: a web console for the media of a Matrix homeserver.
//!
//! Data flows one way: page ([`pages`]) → domain rule ([`model`]) → API client ([`api`]) →
//! Synapse; results come back as typed values.

pub mod api;
pub mod components;
pub mod jobs;
pub mod model;
pub mod pages;
pub mod state;

use components::shell::{RequireSession, Shell};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use model::config::AppConfig;
use state::session::SessionCtx;
use state::toasts::Toasts;

/// The router's base path when Curator is served under a sub-path (`/curator/`): taken from the
/// `<base href>` Trunk writes for `--public-url`.
pub(crate) fn base_path() -> String {
    thread_local! {
        static BASE: String = read_base_path();
    }
    BASE.with(Clone::clone)
}

/// A link target for a path inside the app (`/users`), under the base it is served from.
/// (leptos_router's `<A>` takes absolute paths as they are.)
pub fn href(path: &str) -> String {
    format!("{}{}", base_path(), path)
}

fn read_base_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| {
            let after_scheme = uri.find("://")? + 3;
            let path_start = uri[after_scheme..].find('/')? + after_scheme;
            Some(uri[path_start..].trim_end_matches('/').to_owned())
        })
        .unwrap_or_default()
}

/// Loads `config.json`, then mounts the app with its context handles.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(state::config::load);
    view! {
        <Suspense fallback=|| view! { <p class="boot">"Loading Curator…"</p> }>
            {move || Suspend::new(async move {
                let config = config.await;
                view! { <AppWithConfig config /> }
            })}
        </Suspense>
    }
}

#[component]
pub fn AppWithConfig(config: AppConfig) -> impl IntoView {
    provide_context(SessionCtx::restore(&config));
    provide_context(Toasts::new());
    state::previews::PreviewSettings::provide();
    state::action_log::ActionLog::provide();
    state::jobs::Jobs::provide();
    provide_context(StoredValue::new(config));
    let base = base_path();
    view! {
        <Router base>
            <Routes fallback=|| view! { <pages::not_found::NotFound /> }>
                <Route path=path!("/login") view=pages::login::LoginPage />
                <ParentRoute path=path!("") view=|| view! { <RequireSession><Shell /></RequireSession> }>
                    <Route path=path!("") view=|| view! { <Redirect path="/users" /> } />
                    <Route path=path!("users") view=pages::users::UsersPage />
                    <Route path=path!("users/:user_id") view=pages::user::UserPage />
                    <Route path=path!("users/:user_id/media") view=pages::user_media::UserMediaPage />
                    <Route path=path!("rooms") view=pages::rooms::RoomsPage />
                    <Route path=path!("rooms/:room_id") view=pages::room::RoomPage />
                    <Route path=path!("rooms/:room_id/media") view=pages::room_media::RoomMediaPage />
                    <Route path=path!("jobs") view=pages::jobs::JobsPage />
                    <Route path=path!("statistics/media") view=pages::statistics::StatisticsPage />
                    <Route path=path!("retention") view=pages::retention::RetentionPage />
                    <Route path=path!("audit") view=pages::audit::AuditPage />
                    <Route path=path!("media") view=pages::media_lookup::MediaLookupPage />
                    <Route path=path!("media/:server_name/:media_id") view=pages::media_lookup::MediaLookupPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
