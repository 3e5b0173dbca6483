//! Synapse's single sign-on in the browser: send the admin to the homeserver's SSO redirect,
//! and, when the browser comes back to the login page with `loginToken`, take the token out of
//! the address bar at once and finish the sign-in with it.

use super::storage::{self, Kind};
use crate::api::sign_in_methods::sso_redirect_url;
use crate::api::ApiError;
use crate::i18n::{t, tf, T};
use crate::model::login_flows::{take_login_token, IdpId};
use crate::model::route::encode;
use crate::model::HomeserverUrl;
use serde::{Deserialize, Serialize};

const PENDING: &str = "curator.sso.pending";

/// What this tab remembers while the admin is away at the identity provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingSso {
    pub homeserver: HomeserverUrl,
    pub remember: bool,
}

/// The absolute URL of this app's page at `path` (`/login`), under the base it is served from.
pub fn app_url(path: &str) -> Option<String> {
    let origin = web_sys::window()?.location().origin().ok()?;
    Some(format!("{origin}{}", crate::href(path)))
}

/// Sends the browser to the homeserver's single sign-on. It comes back to the login page with
/// `next` (already checked by `safe_next`) and a `loginToken`.
pub fn start(
    homeserver: &HomeserverUrl,
    idp: Option<&IdpId>,
    next: &str,
    remember: bool,
) -> Result<(), String> {
    let return_to =
        app_url(&format!("/login?next={}", encode(next))).ok_or_else(|| t(T::StNoPageAddress))?;
    let pending = PendingSso {
        homeserver: homeserver.clone(),
        remember,
    };
    let text = serde_json::to_string(&pending).map_err(|e| e.to_string())?;
    if !storage::set(Kind::Session, PENDING, &text) {
        return Err(t(T::StNoSessionStorageSso));
    }
    let url = sso_redirect_url(homeserver, idp, &return_to);
    web_sys::window()
        .ok_or_else(|| t(T::StNoWindow))?
        .location()
        .assign(&url)
        .map_err(|_| t(T::StSignOnPageRefused))
}

/// If the address bar holds a `loginToken`, removes it from the address bar and the history
/// entry right away, and returns it with the sign-in this tab started (an error when this tab
/// started none: the token is then not used).
pub fn take_returned_token() -> Option<Result<(PendingSso, String), String>> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().ok()?;
    let (token, rest) = take_login_token(&search);
    let token = token?;
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{rest}{hash}")),
        );
    }
    let pending = storage::get(Kind::Session, PENDING)
        .and_then(|text| serde_json::from_str::<PendingSso>(&text).ok());
    storage::remove(Kind::Session, PENDING);
    Some(
        pending
            .map(|p| (p, token))
            .ok_or_else(|| t(T::StSsoNotStartedHere)),
    )
}

/// The sentence for a refused login token.
pub fn login_token_error(e: &ApiError) -> String {
    match (e.status(), e.errcode()) {
        (Some(403), _) => t(T::StSsoTokenRefused),
        _ => tf(T::StSsoNotFinished, &[("error", &e.to_string())]),
    }
}
