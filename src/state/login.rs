//! The sign-in flow: find the homeserver, prove it is one, authenticate, check admin rights.
//! Every failure comes back as a sentence that says what happened and what to do.

use super::session::Session;
use crate::api::auth::{IsAdmin, Logout, PasswordLogin, Versions, WellKnown, WhoAmI};
use crate::api::{AccessToken, AdminClient, ApiError};
use crate::i18n::{t, tf, T};
use crate::model::config::AppConfig;
use crate::model::ids::HomeserverInput;
use crate::model::route::safe_next;
use crate::model::HomeserverUrl;

/// How the admin proves who they are.
pub enum Credentials {
    Password {
        user: String,
        password: String,
    },
    Token(String),
    /// The `loginToken` a single sign-on sent back (see `state::sso`).
    LoginToken(String),
}

/// Resolves what was typed in the homeserver field to a client API base URL: a URL as it is, a
/// server name through `/.well-known/matrix/client` (which may only point at `https://`, or
/// `http://` on loopback), falling back to `https://<name>`. Also returns the Curator settings
/// the server's `.well-known` pins, if any.
pub async fn resolve_homeserver(input: &str) -> Result<(HomeserverUrl, AppConfig), String> {
    match HomeserverInput::parse(input)? {
        HomeserverInput::Url(url) => Ok((url, AppConfig::default())),
        HomeserverInput::ServerName(name) => {
            let fallback = HomeserverUrl::from_server_name(&name)?;
            let Ok(well_known) = AdminClient::new(fallback.clone(), None)
                .call(&WellKnown)
                .await
            else {
                return Ok((fallback, AppConfig::default()));
            };
            let settings = AppConfig::from_well_known(well_known.curator.as_ref());
            let base = match well_known.homeserver {
                Some(hs) => HomeserverUrl::from_well_known(&hs.base_url)?,
                None => fallback,
            };
            Ok((base, settings))
        }
    }
}

/// Where to go after signing in: [`safe_next`]'s path, if the browser's own URL parser also
/// resolves it to this page's origin; otherwise the users list.
pub fn next_target(next: Option<&str>) -> String {
    let path = safe_next(next);
    let same_origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .and_then(|origin| {
            web_sys::Url::new_with_base(&path, &origin)
                .ok()
                .map(|url| url.origin() == origin)
        })
        .unwrap_or(false);
    if same_origin {
        path
    } else {
        safe_next(None)
    }
}

/// Signs in. The deployment's restriction (with the server's own settings) is checked before
/// any request carries a password or a token.
pub async fn sign_in(
    config: &AppConfig,
    homeserver: &str,
    credentials: Credentials,
) -> Result<Session, String> {
    if let Some(reason) = &config.blocked {
        return Err(tf(T::SignInBlocked, &[("reason", reason)]));
    }
    let (base, server_settings) = resolve_homeserver(homeserver).await?;
    let config = config.with_server_settings(&server_settings);
    if !config.allows(&base) {
        return Err(config.refusal(&base));
    }
    let anonymous = AdminClient::new(base.clone(), None);
    match anonymous.call(&Versions).await {
        Ok(_) => {}
        Err(ApiError::Network { .. }) => {
            return Err(tf(T::StCannotReach, &[("url", base.as_str())]))
        }
        Err(_) => return Err(tf(T::StNotAHomeserver, &[("url", base.as_str())])),
    }

    let (user_id, token, device_id, created_here) = match credentials {
        Credentials::Password { user, password } => {
            if user.trim().is_empty() || password.is_empty() {
                return Err(t(T::StEnterUserAndPassword));
            }
            let login = anonymous
                .call(&PasswordLogin {
                    user: &user,
                    password: &password,
                })
                .await
                .map_err(|e| login_error(&e))?;
            (login.user_id, login.access_token, login.device_id, true)
        }
        Credentials::LoginToken(token) => {
            let login = anonymous
                .call(&crate::api::sign_in_methods::TokenLogin { token: &token })
                .await
                .map_err(|e| crate::state::sso::login_token_error(&e))?;
            (login.user_id, login.access_token, login.device_id, true)
        }
        Credentials::Token(text) => {
            let token = AccessToken::new(&text)?;
            let client = AdminClient::new(base.clone(), Some(token.clone()));
            let who = client.call(&WhoAmI).await.map_err(|e| token_error(&e))?;
            (who.user_id, token, who.device_id, false)
        }
    };

    let client = AdminClient::new(base.clone(), Some(token.clone()));
    let refusal = match client.call(&IsAdmin(&user_id)).await {
        Ok(answer) if answer.admin => None,
        Ok(_) => Some(not_admin(&user_id)),
        Err(e) if e.status() == Some(403) => Some(not_admin(&user_id)),
        Err(e) => Some(admin_check_failed(&user_id, &e)),
    };
    if let Some(mut message) = refusal {
        if created_here {
            // The sign-in made a new device: log it out again rather than leave it behind.
            if let Err(e) = client.call(&Logout).await {
                message.push(' ');
                message.push_str(&tf(T::StDeviceLeftBehind, &[("error", &e.to_string())]));
            }
        }
        return Err(message);
    }
    Ok(Session {
        homeserver: base,
        user_id,
        access_token: token,
        device_id,
    })
}

/// The refusal of an account that is not a server admin (also the OAuth 2.0 sign-in's).
pub(crate) fn not_admin(user_id: &crate::model::UserId) -> String {
    tf(T::StNotAdmin, &[("user", user_id.as_str())])
}

/// Why the admin check could not be made (also the OAuth 2.0 sign-in's).
pub(crate) fn admin_check_failed(user_id: &crate::model::UserId, e: &ApiError) -> String {
    tf(
        T::StAdminCheckFailed,
        &[("user", user_id.as_str()), ("error", &e.to_string())],
    )
}

fn login_error(e: &ApiError) -> String {
    match (e.status(), e.errcode()) {
        (Some(403), Some("M_FORBIDDEN")) => t(T::StWrongPassword),
        (Some(403), Some("M_USER_DEACTIVATED")) => t(T::StAccountDeactivated),
        (Some(429), _) => tf(T::StTooManyAttempts, &[("error", &e.to_string())]),
        (Some(400), Some("M_UNKNOWN")) | (Some(400), Some("M_UNRECOGNIZED")) => {
            tf(T::StNoPasswordSignIn, &[("error", &e.to_string())])
        }
        _ => tf(T::StSignInFailed, &[("error", &e.to_string())]),
    }
}

fn token_error(e: &ApiError) -> String {
    match e.errcode() {
        Some("M_UNKNOWN_TOKEN") => t(T::StTokenUnknown),
        Some("M_MISSING_TOKEN") => t(T::StPasteToken),
        _ => tf(T::StTokenCheckFailed, &[("error", &e.to_string())]),
    }
}
