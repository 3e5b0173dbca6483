//! Curator: a web console for the media of a Matrix homeserver.
//!
//! Data flows one way: page ([`pages`]) → domain rule ([`model`]) → API client ([`api`]) →
//! Synapse; results come back as typed values.

pub mod api;
pub mod bulk;
pub mod components;
pub mod i18n;
pub mod jobs;
pub mod model;
pub mod overview;
pub mod pages;
pub mod reports;
pub mod split;
pub mod state;

use components::shell::{RequireSession, Shell};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};
use model::config::AppConfig;
use state::session::SessionCtx;
use state::toasts::Toasts;

pub(crate) use state::base::base_path;
pub use state::base::href;

/// Whether this page is shown inside a frame (or the browser will not say): Curator then does
/// not start, so that no page can put its buttons under an admin's clicks. The CSP's
/// `frame-ancestors 'none'` already stops that where the web server sends it.
fn is_framed() -> bool {
    let Some(window) = web_sys::window() else {
        return true;
    };
    match window.top() {
        Ok(Some(top)) => top != window,
        _ => true,
    }
}

/// Loads `config.json`, then mounts the app with its context handles.
#[component]
pub fn App() -> impl IntoView {
    if is_framed() {
        return view! {
            <p class="boot" role="alert">{i18n::t(i18n::T::MsgFramed)}</p>
        }
        .into_any();
    }
    state::theme::restore();
    // The settings and the admin's language are fetched side by side before anything shows;
    // the settings are read once the language is set, so a refusal is said in it.
    let config = LocalResource::new(|| async {
        let (fetched, lang) =
            futures_util::future::join(state::config::fetch(), i18n::browser::start()).await;
        (state::config::read(fetched), lang)
    });
    view! {
        <Suspense fallback=|| view! { <p class="boot">{i18n::t(i18n::T::MsgLoadingCurator)}</p> }>
            {move || Suspend::new(async move {
                let (config, lang) = config.await;
                provide_context(i18n::browser::Language(RwSignal::new(lang)));
                view! { <AppWithConfig config /> }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn AppWithConfig(config: AppConfig) -> impl IntoView {
    provide_context(SessionCtx::restore(&config));
    provide_context(Toasts::new());
    state::previews::PreviewSettings::provide();
    state::action_log::ActionLog::provide();
    state::jobs::Jobs::provide();
    provide_context(StoredValue::new(config));
    if state::oauth::has_grant() {
        let session = SessionCtx::expect();
        leptos::task::spawn_local(async move {
            if let Ok(refresher) = oauth_task(OAuthTask::KeepFresh(session)).await {
                refresher.await;
            }
        });
    }
    let base = base_path();
    let language = i18n::browser::Language::expect();
    // A new language draws the pages again (jobs, session and notifications live above).
    move || {
        language.0.track();
        let base = base.clone();
        view! {
        <Router base>
            <Routes fallback=|| view! { <pages::not_found::NotFound /> }>
                <Route path=path!("/login") view=pages::login::LoginPage />
                <Route path=path!("/oauth/callback") view={Lazy::<OAuthCallbackRoute>::new()} />
                <ParentRoute path=path!("") view=|| view! { <RequireSession><Shell /></RequireSession> }>
                    <Route path=path!("") view={Lazy::<OverviewRoute>::new()} />
                    <Route path=path!("users") view=pages::users::UsersPage />
                    <Route path=path!("users/:user_id") view={Lazy::<UserRoute>::new()} />
                    <Route path=path!("users/:user_id/media") view={Lazy::<UserMediaRoute>::new()} />
                    <Route path=path!("rooms") view={Lazy::<RoomsRoute>::new()} />
                    <Route path=path!("rooms/:room_id") view={Lazy::<RoomRoute>::new()} />
                    <Route path=path!("rooms/:room_id/media") view={Lazy::<RoomMediaRoute>::new()} />
                    <Route path=path!("jobs") view={Lazy::<JobsRoute>::new()} />
                    <Route path=path!("statistics/media") view={Lazy::<StatisticsRoute>::new()} />
                    <Route path=path!("retention") view={Lazy::<RetentionRoute>::new()} />
                    <Route path=path!("audit") view={Lazy::<AuditRoute>::new()} />
                    <Route path=path!("media") view={Lazy::<MediaLookupRoute>::new()} />
                    <Route path=path!("media/:server_name/:media_id") view={Lazy::<MediaLookupRoute>::new()} />
                    <Route path=path!("reports") view={Lazy::<ReportsRoute>::new()} />
                    <Route path=path!("reports/:id") view={Lazy::<ReportRoute>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
        }
    }
}

/// Pages whose code is loaded when the admin first opens one of them (see [`split`]): those that
/// are rarely the first one opened, so that the first load (the login and the daily lists)
/// stays within its budget. Each group of pages is one split point, because every split point
/// multiplies the chunks of the code that split points share.
#[derive(Clone, Copy)]
pub enum MediaPage {
    User,
    Room,
    UserMedia,
    RoomMedia,
    Lookup,
}

/// The reports group: see [`MediaPage`].
#[derive(Clone, Copy)]
pub enum ReportPage {
    Overview,
    Jobs,
    Statistics,
    Retention,
    Audit,
}

split::split_fn! {
    /// A user's and a room's pages (details and media, tabs of one another) and the lookup of one
    /// file, with their bulk actions.
    fn media_page(page: MediaPage) -> AnyView {
        match page {
            MediaPage::User => view! { <pages::user::UserPage /> }.into_any(),
            MediaPage::Room => view! { <pages::room::RoomPage /> }.into_any(),
            MediaPage::UserMedia => view! { <pages::user_media::UserMediaPage /> }.into_any(),
            MediaPage::RoomMedia => view! { <pages::room_media::RoomMediaPage /> }.into_any(),
            MediaPage::Lookup => view! { <pages::media_lookup::MediaLookupPage /> }.into_any(),
        }
    }
}

split::split_fn! {
    /// The reports: statistics, retention, audit, and the jobs page.
    fn report_page(page: ReportPage) -> AnyView {
        match page {
            ReportPage::Overview => view! { <pages::overview::OverviewPage /> }.into_any(),
            ReportPage::Jobs => view! { <pages::jobs::JobsPage /> }.into_any(),
            ReportPage::Statistics => view! { <pages::statistics::StatisticsPage /> }.into_any(),
            ReportPage::Retention => view! { <pages::retention::RetentionPage /> }.into_any(),
            ReportPage::Audit => view! { <pages::audit::AuditPage /> }.into_any(),
        }
    }
}

/// The moderation group (reported messages and users): see [`MediaPage`].
#[derive(Clone, Copy)]
pub enum ModerationPage {
    Reports,
    Report,
}

split::split_fn! {
    /// The reports list (messages and users) and one report's page, with bulk triage.
    fn moderation_page(page: ModerationPage) -> AnyView {
        match page {
            ModerationPage::Reports => view! { <reports::views::list::ReportsPage /> }.into_any(),
            ModerationPage::Report => view! { <reports::views::detail::ReportDetailPage /> }.into_any(),
        }
    }
}

split::split_fn! {
    /// The rooms list (see [`MediaPage`]): after sign-in the users list opens first, so the
    /// rooms list loads when the admin first opens it.
    fn rooms_page() -> AnyView {
        view! { <pages::rooms::RoomsPage /> }.into_any()
    }
}

/// The route of the rooms list.
pub struct RoomsRoute;

impl leptos_router::LazyRoute for RoomsRoute {
    fn data() -> Self {
        RoomsRoute
    }

    async fn view(_this: Self) -> AnyView {
        split::or_failed(rooms_page().await)
    }
}

/// OAuth 2.0 (see [`MediaPage`]): its start (registration, PKCE, the redirect) and its callback
/// page. The login page does not load it until the admin picks "Continue with" the
/// authorization server, or comes back from it.
pub enum OAuthPart {
    Start(Box<state::oauth::OAuthStart>),
    Callback,
}

split::split_fn! {
    /// The login page's part that asks the server how it signs in (single sign-on buttons,
    /// "Continue with" an authorization server) and finishes a returned single sign-on. It is
    /// a split point of its own, apart from [`oauth_part`], because every login page fetches it.
    fn sign_in_methods_part(context: pages::login_methods::SignInContext) -> AnyView {
        pages::login_methods::sign_in_methods(context)
    }
}

/// What an OAuth 2.0 session needs in the background, loaded only when it has a grant.
pub enum OAuthTask {
    KeepFresh(SessionCtx),
    Revoke(SessionCtx),
}

split::split_fn! {
    /// Refreshing and revoking an OAuth 2.0 session's token.
    fn oauth_task(task: OAuthTask) -> futures_util::future::LocalBoxFuture<'static, Option<Result<(), api::ApiError>>> {
        match task {
            OAuthTask::KeepFresh(session) => Box::pin(async move {
                state::oauth::keep_fresh(session).await;
                None
            }),
            OAuthTask::Revoke(session) => Box::pin(async move { state::oauth::revoke_current(&session).await }),
        }
    }
}

/// Log out of an OAuth 2.0 session: revokes its tokens at the authorization server. `None` when
/// the session did not sign in that way (then the homeserver's logout applies).
pub async fn oauth_revoke(session: SessionCtx) -> Option<Result<(), api::ApiError>> {
    if !state::oauth::has_grant() {
        return None;
    }
    match oauth_task(OAuthTask::Revoke(session)).await {
        Ok(revoke) => revoke.await,
        Err(e) => Some(Err(api::ApiError::Refused(e.to_string()))),
    }
}

split::split_fn! {
    /// The OAuth 2.0 sign-in: registration, PKCE, the redirect, and the callback page.
    fn oauth_part(part: OAuthPart) -> AnyView {
        match part {
            OAuthPart::Start(start) => {
                view! { <pages::oauth_callback::OAuthStartView start_with=*start /> }.into_any()
            }
            OAuthPart::Callback => view! { <pages::oauth_callback::OAuthCallbackPage /> }.into_any(),
        }
    }
}

/// What the header asks the homeserver once signed in (see [`header_fact`]).
#[derive(Clone, Copy)]
pub enum HeaderAsk {
    /// The Synapse version beside the server name.
    Version(SessionCtx),
    /// How many event reports are open, for the navigation's badge.
    OpenReports(SessionCtx),
}

/// What the homeserver answered to a [`HeaderAsk`].
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderFact {
    Version(String),
    OpenReports(u64),
}

split::split_fn! {
    /// After sign-in (see [`MediaPage`]): the header's facts from the homeserver.
    fn header_part(ask: HeaderAsk) -> futures_util::future::LocalBoxFuture<'static, Option<HeaderFact>> {
        Box::pin(async move {
            match ask {
                HeaderAsk::Version(session) => session
                    .server_version()
                    .await
                    .ok()
                    .map(|v| HeaderFact::Version(v.server_version)),
                HeaderAsk::OpenReports(session) => session
                    .open_report_count()
                    .await
                    .ok()
                    .map(|count| HeaderFact::OpenReports(count.total)),
            }
        })
    }
}

/// Asks what the header shows, loading its code first; `None` when it cannot be told.
pub async fn header_fact(ask: HeaderAsk) -> Option<HeaderFact> {
    header_part(ask).await.ok()?.await
}

/// What the sign-in needs (see [`sign_in`]).
pub struct SignInRequest {
    pub config: AppConfig,
    pub homeserver: String,
    pub credentials: state::login::Credentials,
}

split::split_fn! {
    /// The sign-in itself (see [`MediaPage`]): finding the homeserver, its `.well-known`
    /// settings, the password, token and login-token exchanges and the admin check. An admin
    /// whose session was stored never needs it, so it loads when the login form is sent.
    fn sign_in_part(request: SignInRequest) -> futures_util::future::LocalBoxFuture<'static, Result<state::session::Session, String>> {
        Box::pin(async move {
            state::login::sign_in(&request.config, &request.homeserver, request.credentials).await
        })
    }
}

/// Signs in (see [`state::login::sign_in`]), loading its code first. A configuration that
/// blocks sign-in refuses before anything is loaded or sent.
pub async fn sign_in(
    config: AppConfig,
    homeserver: String,
    credentials: state::login::Credentials,
) -> Result<state::session::Session, String> {
    if let Some(reason) = &config.blocked {
        return Err(i18n::tf(i18n::T::SignInBlocked, &[("reason", reason)]));
    }
    let request = SignInRequest {
        config,
        homeserver,
        credentials,
    };
    match sign_in_part(request).await {
        Ok(signing_in) => signing_in.await,
        Err(e) => Err(e.to_string()),
    }
}

macro_rules! lazy_route {
    ($($route:ident => $group:ident($page:expr);)*) => {$(
        #[doc = concat!("The route of `", stringify!($page), "`.")]
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                split::or_failed($group($page).await)
            }
        }
    )*};
}

lazy_route! {
    UserRoute => media_page(MediaPage::User);
    RoomRoute => media_page(MediaPage::Room);
    UserMediaRoute => media_page(MediaPage::UserMedia);
    RoomMediaRoute => media_page(MediaPage::RoomMedia);
    MediaLookupRoute => media_page(MediaPage::Lookup);
    OverviewRoute => report_page(ReportPage::Overview);
    JobsRoute => report_page(ReportPage::Jobs);
    StatisticsRoute => report_page(ReportPage::Statistics);
    RetentionRoute => report_page(ReportPage::Retention);
    AuditRoute => report_page(ReportPage::Audit);
    ReportsRoute => moderation_page(ModerationPage::Reports);
    ReportRoute => moderation_page(ModerationPage::Report);
    OAuthCallbackRoute => oauth_part(OAuthPart::Callback);
}
