//! OAuth 2.0 sign-in in the browser (MSC2964–2967, as MAS serves it): register Curator once per
//! issuer, send the admin to the authorization server with PKCE (WebCrypto), exchange the code
//! on return, refresh before expiry (once across tabs), revoke on log out.
//!
//! Storage: the registration (a public `client_id`, no secret) in localStorage per issuer; the
//! PKCE verifier and state in sessionStorage only until the callback; the refresh token next to
//! the session (sessionStorage, or localStorage with "Remember me").

use super::session::{Session, SessionCtx};
use super::storage::{self, Kind};
use crate::api::auth::{IsAdmin, WhoAmI};
use crate::api::sign_in_methods::oauth_requests::{self, OAuthRequest};
use crate::api::transport::send_to;
use crate::api::{decode, AccessToken, AdminClient, ApiError};
use crate::i18n::{t, tf, T};
use crate::model::login_flows::query_pairs;
use crate::model::oauth::{
    check_callback, device_id, pkce_challenge, pkce_verifier, refresh_at, registration_body,
    AuthMetadata, AuthorizeRequest, PendingAuth, TokenResponse,
};
use crate::model::HomeserverUrl;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

const PENDING: &str = "curator.oauth.pending";
const CLIENTS: &str = "curator.oauth.clients";
const GRANT: &str = "curator.oauth.grant";

/// What the "Continue with <issuer>" button hands to the (lazily loaded) start.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthStart {
    pub homeserver: HomeserverUrl,
    pub metadata: AuthMetadata,
    pub next: String,
    pub remember: bool,
}

/// A registration remembered for one issuer.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Registered {
    issuer: String,
    redirect_uri: String,
    client_id: String,
}

/// What refreshing and revoking the session's token needs, kept beside the session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    /// The access token this grant belongs to: a grant left from another session is ignored.
    access_token: String,
    token_endpoint: String,
    revocation_endpoint: Option<String>,
    client_id: String,
    refresh_token: Option<String>,
    refresh_at_ms: Option<i64>,
    remember: bool,
}

fn js_error(what: T) -> impl Fn(wasm_bindgen::JsValue) -> String {
    move |e| {
        let detail = e.as_string().unwrap_or_else(|| format!("{e:?}"));
        tf(what, &[("error", &detail)])
    }
}

fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    web_sys::window()
        .ok_or_else(|| t(T::StNoWindow))?
        .crypto()
        .map_err(js_error(T::StNoWebCrypto))?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(js_error(T::StNoRandomSource))?;
    Ok(bytes)
}

async fn sha256(text: &str) -> Result<[u8; 32], String> {
    let subtle = web_sys::window()
        .ok_or_else(|| t(T::StNoWindow))?
        .crypto()
        .map_err(js_error(T::StNoWebCrypto))?
        .subtle();
    let mut data = text.as_bytes().to_vec();
    let promise = subtle
        .digest_with_str_and_u8_array("SHA-256", data.as_mut_slice())
        .map_err(js_error(T::StDigestFailed))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(js_error(T::StDigestFailed))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    bytes.try_into().map_err(|_| t(T::StDigestWrongLength))
}

/// The PKCE pair for 32 random bytes: the verifier and its S256 challenge (through WebCrypto).
pub async fn pkce_pair(random: &[u8; 32]) -> Result<(String, String), String> {
    let verifier = pkce_verifier(random);
    let challenge = pkce_challenge(&sha256(&verifier).await?);
    Ok((verifier, challenge))
}

async fn post(request: &OAuthRequest) -> Result<serde_json::Value, ApiError> {
    let (status, body) = send_to(request).await?;
    decode(status, &body)
}

/// The client id for this issuer and redirect URI: remembered, or registered now.
async fn client_id(
    meta: &AuthMetadata,
    client_uri: &str,
    redirect_uri: &str,
) -> Result<String, String> {
    let mut known: Vec<Registered> = storage::get(Kind::Local, CLIENTS)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    if let Some(r) = known
        .iter()
        .find(|r| r.issuer == meta.issuer.as_str() && r.redirect_uri == redirect_uri)
    {
        return Ok(r.client_id.clone());
    }
    let answer = post(&oauth_requests::register(
        meta,
        &registration_body(client_uri, redirect_uri),
    ))
    .await
    .map_err(|e| tf(T::StRegistrationRefused, &[("error", &e.to_string())]))?;
    let id = answer
        .get("client_id")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| t(T::StNoClientId))?
        .to_owned();
    known.retain(|r| r.issuer != meta.issuer.as_str());
    known.push(Registered {
        issuer: meta.issuer.as_str().to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        client_id: id.clone(),
    });
    if let Ok(text) = serde_json::to_string(&known) {
        storage::set(Kind::Local, CLIENTS, &text);
    }
    Ok(id)
}

/// Registers if needed, keeps the PKCE verifier and state for this tab, and sends the browser
/// to the authorization server. Returns only on failure.
pub async fn start(s: OAuthStart) -> Result<(), String> {
    let here = |path| super::sso::app_url(path).ok_or_else(|| t(T::StNoPageAddress));
    let redirect_uri = here("/oauth/callback")?;
    let client_id = client_id(&s.metadata, &here("/")?, &redirect_uri).await?;
    let (verifier, challenge) = pkce_pair(&random::<32>()?).await?;
    let state = crate::model::oauth::base64url(&random::<16>()?);
    let device = device_id(&random::<10>()?);
    let url = s.metadata.authorize_url(&AuthorizeRequest {
        client_id: &client_id,
        redirect_uri: &redirect_uri,
        state: &state,
        code_challenge: &challenge,
        device_id: &device,
    });
    let pending = PendingAuth {
        homeserver: s.homeserver,
        metadata: s.metadata,
        client_id,
        redirect_uri,
        state,
        verifier,
        device_id: device,
        next: s.next,
        remember: s.remember,
    };
    let text = serde_json::to_string(&pending).map_err(|e| e.to_string())?;
    if !storage::set(Kind::Session, PENDING, &text) {
        return Err(t(T::StNoSessionStorage));
    }
    web_sys::window()
        .ok_or_else(|| t(T::StNoWindow))?
        .location()
        .assign(&url)
        .map_err(|_| t(T::StAuthPageRefused))
}

/// The callback: takes the answer out of the address bar, checks it against the sign-in this
/// tab started, exchanges the code, and checks the token like any other (whoami, admin).
/// Gives the new session, "Remember me" and where to go.
pub async fn finish() -> Result<(Session, bool, String), String> {
    let window = web_sys::window().ok_or_else(|| t(T::StNoWindow))?;
    let location = window.location();
    let mut params = query_pairs(&location.search().unwrap_or_default());
    params.extend(query_pairs(&location.hash().unwrap_or_default()));
    if let Ok(history) = window.history() {
        let path = location.pathname().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    let pending: Option<PendingAuth> =
        storage::get(Kind::Session, PENDING).and_then(|t| serde_json::from_str(&t).ok());
    storage::remove(Kind::Session, PENDING);
    let code = check_callback(&params, pending.as_ref()).map_err(|e| e.to_string())?;
    let Some(p) = pending else {
        return Err(t(T::StNoSignInStarted));
    };
    let tokens: TokenResponse = post(&oauth_requests::exchange_code(
        &p.metadata,
        &p.client_id,
        &code,
        &p.redirect_uri,
        &p.verifier,
    ))
    .await
    .and_then(|v| {
        serde_json::from_value(v).map_err(|e| ApiError::Decode {
            status: 200,
            detail: e.to_string(),
        })
    })
    .map_err(|e| tf(T::StNoTokenGiven, &[("error", &e.to_string())]))?;
    let grant = Grant {
        access_token: tokens.access_token.clone(),
        token_endpoint: p.metadata.token_endpoint.as_str().to_owned(),
        revocation_endpoint: p
            .metadata
            .revocation_endpoint
            .as_ref()
            .map(|u| u.as_str().to_owned()),
        client_id: p.client_id.clone(),
        refresh_token: tokens.refresh_token.clone(),
        refresh_at_ms: tokens.expires_in.map(|s| refresh_at(now_ms(), s)),
        remember: p.remember,
    };
    let token = AccessToken::new(&tokens.access_token)?;
    let client = AdminClient::new(p.homeserver.clone(), Some(token.clone()));
    let who = match client.call(&WhoAmI).await {
        Ok(who) => who,
        Err(e) => {
            return refused(
                &grant,
                tf(T::StNewTokenRefused, &[("error", &e.to_string())]),
            )
            .await
        }
    };
    let admin = tokens.grants_admin()
        && match client.call(&IsAdmin(&who.user_id)).await {
            Ok(a) => a.admin,
            Err(e) if e.status() == Some(403) => false,
            Err(e) => {
                return refused(&grant, super::login::admin_check_failed(&who.user_id, &e)).await
            }
        };
    if !admin {
        return refused(&grant, super::login::not_admin(&who.user_id)).await;
    }
    save_grant(&grant);
    let session = Session {
        homeserver: p.homeserver,
        user_id: who.user_id,
        access_token: token,
        device_id: who.device_id,
    };
    Ok((session, p.remember, p.next))
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn grant_kind(remember: bool) -> Kind {
    if remember {
        Kind::Local
    } else {
        Kind::Session
    }
}

fn save_grant(grant: &Grant) {
    storage::remove(Kind::Session, GRANT);
    storage::remove(Kind::Local, GRANT);
    if let Ok(text) = serde_json::to_string(grant) {
        storage::set(grant_kind(grant.remember), GRANT, &text);
    }
}

/// The grant of the current session, if it signed in through OAuth 2.0.
fn current_grant(session: &Session) -> Option<Grant> {
    [Kind::Session, Kind::Local]
        .into_iter()
        .filter_map(|k| storage::get(k, GRANT))
        .filter_map(|t| serde_json::from_str::<Grant>(&t).ok())
        .find(|g| g.access_token == session.access_token.expose())
}

/// Revokes what was just obtained and gives the reason it is not used.
async fn refused<T>(grant: &Grant, why: String) -> Result<T, String> {
    let _ = revoke(grant).await;
    Err(why)
}

async fn revoke(grant: &Grant) -> Result<(), ApiError> {
    let Some(endpoint) = &grant.revocation_endpoint else {
        return Err(ApiError::Refused(t(T::StNoRevocation)));
    };
    let mut result = post(&oauth_requests::revoke(
        endpoint,
        &grant.client_id,
        &grant.access_token,
        "access_token",
    ))
    .await
    .map(|_| ());
    if let Some(rt) = &grant.refresh_token {
        let r = post(&oauth_requests::revoke(
            endpoint,
            &grant.client_id,
            rt,
            "refresh_token",
        ))
        .await;
        result = result.and(r.map(|_| ()));
    }
    result
}

/// Log out of an OAuth 2.0 session: revokes its tokens. `None` when the session did not sign in
/// through OAuth 2.0 (then the homeserver's own logout applies).
pub async fn revoke_current(session: &SessionCtx) -> Option<Result<(), ApiError>> {
    let grant = current_grant(&session.get_untracked()?)?;
    let result = revoke(&grant).await;
    storage::remove(Kind::Session, GRANT);
    storage::remove(Kind::Local, GRANT);
    Some(result)
}

/// Whether this browser holds an OAuth 2.0 grant: only then is the code that refreshes and
/// revokes it loaded (see `crate::oauth_task`).
pub fn has_grant() -> bool {
    [Kind::Session, Kind::Local]
        .into_iter()
        .any(|k| storage::get(k, GRANT).is_some())
}

async fn sleep_ms(ms: i64) {
    let ms = i32::try_from(ms.clamp(0, 86_400_000)).unwrap_or(0);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Keeps an OAuth 2.0 session's token fresh: sleeps until a refresh is due, refreshes, and so on
/// while the session lasts. A failed refresh that may pass is tried again 30 seconds later.
pub async fn keep_fresh(session: SessionCtx) {
    loop {
        let Some(current) = session.get_untracked() else {
            // Signed out (or the token died): no refresh token stays behind.
            storage::remove(Kind::Session, GRANT);
            storage::remove(Kind::Local, GRANT);
            return;
        };
        let Some(at) = current_grant(&current).and_then(|g| g.refresh_at_ms) else {
            return;
        };
        sleep_ms(at - now_ms()).await;
        refresh_once(session).await;
        let unchanged = session
            .get_untracked()
            .is_some_and(|s| s.access_token == current.access_token);
        if unchanged {
            sleep_ms(30_000).await;
        }
    }
}

/// Refreshes under a Web Lock, so that one tab refreshes and the others take its result: refresh
/// tokens rotate, and a second use of the old one would end the session.
async fn refresh_once(session: SessionCtx) {
    let work = async move {
        refresh_if_due(session).await;
        Ok(wasm_bindgen::JsValue::UNDEFINED)
    };
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined());
    let Some(locks) = locks else {
        let _ = work.await;
        return;
    };
    let callback =
        wasm_bindgen::closure::Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| {
            wasm_bindgen_futures::future_to_promise(work)
        });
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(request) = request {
        if let Ok(promise) = request.call2(&locks, &"curator.oauth.refresh".into(), &callback) {
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            }
        }
    }
}

async fn refresh_if_due(session: SessionCtx) {
    let Some(current) = session.get_untracked() else {
        return;
    };
    // Another tab may have refreshed already: it stored the new session and grant.
    let stored = [Kind::Local, Kind::Session]
        .into_iter()
        .filter_map(|k| storage::get(k, "curator.session"))
        .filter_map(|t| serde_json::from_str::<Session>(&t).ok())
        .find(|s| s.user_id == current.user_id && s.access_token != current.access_token);
    if let Some(newer) = stored.filter(|s| current_grant(s).is_some()) {
        let remember = current_grant(&newer).is_some_and(|g| g.remember);
        session.start(newer, remember);
        return;
    }
    let Some(grant) = current_grant(&current) else {
        return;
    };
    if grant.refresh_at_ms.is_none_or(|at| at > now_ms()) {
        return;
    }
    let Some(rt) = grant.refresh_token.clone() else {
        return;
    };
    let answer = post(&oauth_requests::refresh(
        &grant.token_endpoint,
        &grant.client_id,
        &rt,
    ))
    .await
    .and_then(|v| {
        serde_json::from_value::<TokenResponse>(v).map_err(|e| ApiError::Decode {
            status: 200,
            detail: e.to_string(),
        })
    });
    match answer {
        Ok(tokens) => {
            let Ok(token) = AccessToken::new(&tokens.access_token) else {
                return;
            };
            let new_grant = Grant {
                access_token: tokens.access_token.clone(),
                refresh_token: tokens.refresh_token.or(grant.refresh_token.clone()),
                refresh_at_ms: tokens.expires_in.map(|s| refresh_at(now_ms(), s)),
                ..grant.clone()
            };
            save_grant(&new_grant);
            session.start(
                Session {
                    access_token: token,
                    ..current
                },
                grant.remember,
            );
        }
        Err(e) if e.status().is_some_and(|s| (400..500).contains(&s)) => {
            session.end(Some(tf(T::StNotRenewed, &[("error", &e.to_string())])));
        }
        Err(e) => web_sys::console::warn_1(
            &format!("Curator: token refresh failed, will retry on the next expiry: {e}").into(),
        ),
    }
}
