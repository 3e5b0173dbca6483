//! The parts of the login page that depend on what the homeserver offers: one button per single
//! sign-on identity provider, "Continue with <issuer>" for OAuth 2.0, and the return from a
//! single sign-on. They load once the login page renders (`crate::sign_in_methods_part`), so that
//! the first load stays small, and the OAuth 2.0 start only when it is picked
//! (`crate::oauth_part`); only taking the login token out of the address bar happens at once,
//! in the first load.

use crate::i18n::{t, tf, T};
use crate::model::config::AppConfig;
use crate::model::login_flows::IdpId;
use crate::model::route::safe_next;
use crate::state::login::Credentials;
use crate::state::server_methods::{discover, Offered};
use crate::state::session::SessionCtx;
use crate::state::sso::PendingSso;
use leptos::prelude::*;

/// What the login page hands to its lazily loaded part.
pub struct SignInContext {
    /// The homeserver to ask: the field's value when it last changed.
    pub probe: RwSignal<String>,
    /// Set to false when the server's flows leave the password out.
    pub password_offered: RwSignal<bool>,
    pub remember: RwSignal<bool>,
    pub next: Memo<Option<String>>,
    /// A single sign-on's return, already taken out of the address bar.
    pub returned: Option<Result<(PendingSso, String), String>>,
}

/// The lazily loaded part of the login page, in place.
pub fn lazy_sign_in_methods(context: SignInContext) -> impl IntoView {
    let context = StoredValue::new_local(Some(context));
    view! {
        <Suspense fallback=|| ()>
            {move || context.try_update_value(Option::take).flatten().map(|c| Suspend::new(async move {
                crate::split::or_failed(crate::sign_in_methods_part(c).await)
            }))}
        </Suspense>
    }
}

/// The part itself: asks the server, offers its ways, finishes a returned single sign-on.
pub fn sign_in_methods(c: SignInContext) -> AnyView {
    let methods = ServerMethods::new(c.probe);
    let password_offered = c.password_offered;
    Effect::new(move |_| password_offered.set(methods.password_offered()));
    view! {
        <SsoReturn returned=c.returned />
        <SignInButtons methods remember=c.remember next=c.next />
    }
    .into_any()
}

/// What the homeserver in the form offers, asked again when the field changes.
#[derive(Clone, Copy)]
pub struct ServerMethods {
    offered: LocalResource<Option<Offered>>,
}

impl ServerMethods {
    pub fn new(probe: RwSignal<String>) -> Self {
        let config = expect_context::<StoredValue<AppConfig>>();
        let offered = LocalResource::new(move || {
            let input = probe.get();
            async move {
                if input.trim().is_empty() {
                    return None;
                }
                discover(&config.get_value(), &input).await
            }
        });
        ServerMethods { offered }
    }

    fn current(&self) -> Option<Offered> {
        self.offered.get().flatten()
    }

    /// Whether to offer the password: unless the server's flows leave it out.
    pub fn password_offered(&self) -> bool {
        self.current()
            .and_then(|o| o.flows)
            .is_none_or(|f| f.password)
    }
}

/// The single sign-on and OAuth 2.0 buttons for the homeserver in the form.
#[component]
fn SignInButtons(
    methods: ServerMethods,
    remember: RwSignal<bool>,
    next: Memo<Option<String>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let oauth_start = RwSignal::new(None::<crate::state::oauth::OAuthStart>);
    let sso = move |offered: &Offered, idp: Option<IdpId>| {
        let hs = offered.homeserver.clone();
        move |_: leptos::ev::MouseEvent| {
            let target = safe_next(next.get_untracked().as_deref());
            if let Err(e) =
                crate::state::sso::start(&hs, idp.as_ref(), &target, remember.get_untracked())
            {
                error.set(Some(e));
            }
        }
    };
    let buttons = move || {
        let offered = methods.current()?;
        let mut views = Vec::new();
        if let Some(flows) = offered.flows.as_ref().filter(|f| f.offers_sso()) {
            let idps = flows.sso.clone().unwrap_or_default();
            if idps.is_empty() {
                views.push(
                    view! {
                        <button type="button" class="secondary sso" on:click=sso(&offered, None)>
                            {t(T::PgContinueWithSso)}
                        </button>
                    }
                    .into_any(),
                );
            }
            for idp in idps {
                let label = tf(T::PgContinueWith, &[("provider", &idp.name)]);
                views.push(view! {
                    <button type="button" class="secondary sso" on:click=sso(&offered, Some(idp.id.clone()))>
                        {label}
                    </button>
                }.into_any());
            }
        }
        match offered.oauth.clone() {
            Some(Ok(meta)) => {
                let label = tf(T::PgContinueWith, &[("provider", meta.issuer.origin())]);
                let hs = offered.homeserver.clone();
                views.push(
                    view! {
                        <button type="button" class="secondary oauth" on:click=move |_| {
                            oauth_start.set(Some(crate::state::oauth::OAuthStart {
                                homeserver: hs.clone(),
                                metadata: meta.clone(),
                                next: safe_next(next.get_untracked().as_deref()),
                                remember: remember.get_untracked(),
                            }));
                        }>{label}</button>
                    }
                    .into_any(),
                );
            }
            Some(Err(why)) => views.push(
                view! {
                    <p class="hint">{tf(T::PgOAuthUnusable, &[("reason", &why)])}</p>
                }
                .into_any(),
            ),
            None => {}
        }
        (!views.is_empty()).then(|| view! { <div class="sign-in-elsewhere">{views}</div> })
    };
    view! {
        <Transition fallback=|| ()>{buttons}</Transition>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || oauth_start.get().map(|start| view! {
            <Suspense fallback=|| view! { <p role="status">{t(T::PgLoading)}</p> }>
                {Suspend::new(async move { crate::split::or_failed(crate::oauth_part(crate::OAuthPart::Start(Box::new(start))).await) })}
            </Suspense>
        })}
    }
}

/// Finishes a single sign-on when the browser comes back with `loginToken`: the token leaves
/// the address bar before anything else happens, then it is exchanged and checked like a
/// password sign-in. The login page then goes on to `next`.
#[component]
fn SsoReturn(returned: Option<Result<(PendingSso, String), String>>) -> impl IntoView {
    let session = SessionCtx::expect();
    let config = expect_context::<StoredValue<AppConfig>>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    match returned {
        None => {}
        Some(Err(e)) => error.set(Some(e)),
        Some(Ok((pending, token))) => {
            busy.set(true);
            leptos::task::spawn_local(async move {
                // The sign-in's code loads now (`crate::sign_in`), as for the login form.
                match crate::sign_in(
                    config.get_value(),
                    pending.homeserver.as_str().to_owned(),
                    Credentials::LoginToken(token),
                )
                .await
                {
                    Ok(new_session) => session.start(new_session, pending.remember),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    }
    view! {
        {move || busy.get().then(|| view! { <p class="notice" role="status">{t(T::PgFinishingSso)}</p> })}
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
