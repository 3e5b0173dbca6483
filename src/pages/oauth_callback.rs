//! `/oauth/callback`, where the authorization server sends the admin back, and the start of an
//! OAuth 2.0 sign-in. Both load on use (see `crate::oauth_part`).

use crate::i18n::{t, tf, T};
use crate::state::oauth::{finish, start, OAuthStart};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Registers Curator if needed and sends the browser to the authorization server; shows why not
/// when that fails.
#[component]
pub fn OAuthStartView(start_with: OAuthStart) -> impl IntoView {
    let issuer = start_with.metadata.issuer.origin().to_owned();
    let error = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        if let Err(e) = start(start_with).await {
            error.set(Some(e));
        }
    });
    move || {
        match error.get() {
        None => {
            view! { <p class="notice" role="status">{tf(T::PgOpeningIssuer, &[("issuer", &issuer)])}</p> }.into_any()
        }
        Some(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
    }
    }
}

/// Finishes the sign-in and goes on to the page the admin came from.
#[component]
pub fn OAuthCallbackPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match finish().await {
            Ok((new_session, remember, next)) => {
                session.start(new_session, remember);
                leptos::task::spawn_local(crate::state::oauth::keep_fresh(session));
                navigate(&next, Default::default());
            }
            Err(e) => error.set(Some(e)),
        }
    });
    view! {
        <main class="login">
            <h1>"Curator"</h1>
            {move || match error.get() {
                None => view! { <p class="notice" role="status">{t(T::PgFinishingSignIn)}</p> }.into_any(),
                Some(e) => view! {
                    <p class="error" role="alert">{e}</p>
                    <p><a href=crate::href("/login")>{t(T::PgBackToLogin)}</a></p>
                }.into_any(),
            }}
        </main>
    }
}
