//! `/login`: homeserver, then a password or a pasted access token.

use crate::i18n::{t, tf, T};
use crate::model::config::AppConfig;
use crate::pages::login_methods::{lazy_sign_in_methods, SignInContext};
use crate::state::login::{next_target, Credentials};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Password,
    Token,
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let config = expect_context::<StoredValue<AppConfig>>();
    let next = super::query_value("next");
    let navigate = use_navigate();

    let homeserver = RwSignal::new(
        config
            .with_value(|c| c.homeserver.clone())
            .unwrap_or_default(),
    );
    // A single sign-on's login token leaves the address bar before anything else happens.
    let returned = crate::state::sso::take_returned_token();
    let probe = RwSignal::new(homeserver.get_untracked());
    let password_offered = RwSignal::new(true);
    let method = RwSignal::new(Method::Password);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let restricted = config.with_value(AppConfig::restriction_text);
    let blocked = config.with_value(|c| c.blocked.clone());
    let is_blocked = blocked.is_some();
    let ignored = config.with_value(|c| c.ignored_keys.clone());

    let submit = Action::new_local(move |_: &()| {
        let config = config.get_value();
        let hs = homeserver.get_untracked();
        let creds = match method.get_untracked() {
            Method::Password => Credentials::Password {
                user: username.get_untracked(),
                password: password.get_untracked(),
            },
            Method::Token => Credentials::Token(token.get_untracked()),
        };
        async move { crate::sign_in(config, hs, creds).await }
    });

    // Signed in already (or just now): go on to where the admin was headed.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(new_session)) = submit.value().get() {
            session.start(new_session, remember.get_untracked());
        }
        if session.is_signed_in() {
            nav(&next_target(next.get().as_deref()), Default::default());
        }
    });

    // A server without password sign-in (single sign-on, MAS) gets the token field instead.
    Effect::new(move |_| {
        if !password_offered.get() && method.get_untracked() == Method::Password {
            method.set(Method::Token);
        }
    });

    let error = move || submit.value().get().and_then(Result::err);
    let pending = submit.pending();

    view! {
        <main class="login">
            <h1>"Curator"</h1>
            <p class="tagline">{t(T::Tagline)}</p>
            <div class="login-settings"><crate::i18n::browser::LanguagePicker /></div>
            {move || session.notice().map(|n| view! {
                <p class="notice" role="status">{n}</p>
                <crate::components::forget::ForgetRecordsOffer />
            })}
            {blocked.map(|reason| view! {
                <p class="error" role="alert">{tf(T::SignInBlocked, &[("reason", &reason)])}</p>
            })}
            {(!ignored.is_empty()).then(|| view! {
                <p class="notice" role="status">{tf(T::UnknownSettings, &[("list", &ignored.join(", "))])}</p>
            })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                submit.dispatch(());
            }>
                <label>
                    {t(T::Homeserver)}
                    <input type="text" name="homeserver" autocomplete="url" required
                        placeholder=t(T::HomeserverPlaceholder)
                        bind:value=homeserver
                        on:change=move |_| probe.set(homeserver.get_untracked()) />
                </label>
                {restricted.map(|list| view! {
                    <p class="hint">{tf(T::OnlyManages, &[("list", &list)])}</p>
                })}
                <fieldset class="method">
                    <legend>{t(T::SignInWith)}</legend>
                    <Show when=move || password_offered.get()>
                        <label class="inline">
                            <input type="radio" name="method" checked=move || method.get() == Method::Password
                                on:change=move |_| method.set(Method::Password) />
                            {t(T::Password)}
                        </label>
                    </Show>
                    <label class="inline">
                        <input type="radio" name="method" checked=move || method.get() == Method::Token
                            on:change=move |_| method.set(Method::Token) />
                        {t(T::AccessToken)}
                    </label>
                </fieldset>
                <Show when=move || method.get() == Method::Password fallback=move || view! {
                    <label>
                        {t(T::AccessToken)}
                        <input type="password" name="access_token" autocomplete="off" bind:value=token />
                    </label>
                }>
                    <label>
                        {t(T::Username)}
                        <input type="text" name="username" autocomplete="username" bind:value=username />
                    </label>
                    <label>
                        {t(T::Password)}
                        <input type="password" name="password" autocomplete="current-password" bind:value=password />
                    </label>
                </Show>
                <label class="inline">
                    <input type="checkbox" name="remember" bind:checked=remember />
                    {t(T::RememberMe)}
                </label>
                {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button type="submit" disabled=move || is_blocked || pending.get()>
                    {move || if pending.get() { t(T::SigningIn) } else { t(T::SignIn) }}
                </button>
            </form>
            {lazy_sign_in_methods(SignInContext { probe, password_offered, remember, next, returned })}
        </main>
    }
}
