//! OAuth 2.0 sign-in as the Matrix spec has it since MSC2964/2965/2966/2967 (what MAS serves):
//! the server's metadata, the scopes, PKCE, the authorization URL, the check of what comes back,
//! and when to refresh. Pure rules; the requests are in `api::oauth`, the browser flow in
//! `state::oauth`.

use super::config::AppConfig;
use super::HomeserverUrl;
use crate::i18n::{t, tf, T};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

/// An absolute URL an authorization server named: `https://`, or `http://` on loopback only (a
/// test server), without a fragment. Tokens and codes are sent to these, so nothing else passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OAuthUrl(String);

impl OAuthUrl {
    pub fn parse(s: &str) -> Result<Self, String> {
        let (secure, rest) = match (s.strip_prefix("https://"), s.strip_prefix("http://")) {
            (Some(rest), _) => (true, rest),
            (_, Some(rest)) => (false, rest),
            _ => return Err(tf(T::MsgNotHttpsUrl, &[("input", s)])),
        };
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        if authority.is_empty()
            || authority.contains('@')
            || s.contains('#')
            || s.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(tf(T::MsgNotEndpointUrl, &[("input", s)]));
        }
        let host = host_of(authority);
        if !secure && !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
            return Err(tf(T::MsgHttpOnlyLoopback, &[("input", s)]));
        }
        Ok(OAuthUrl(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Scheme, host and port.
    pub fn origin(&self) -> &str {
        let start = self.0.find("://").map_or(0, |i| i + 3);
        match self.0[start..].find(['/', '?']) {
            Some(i) => &self.0[..start + i],
            None => &self.0,
        }
    }

    /// This URL with `params` appended to its query, each encoded.
    pub fn with_query(&self, params: &[(&str, &str)]) -> String {
        let mut url = self.0.clone();
        let mut sep = if url.contains('?') { '&' } else { '?' };
        for (k, v) in params {
            url.push(sep);
            url.push_str(&form_encode(k));
            url.push('=');
            url.push_str(&form_encode(v));
            sep = '&';
        }
        url
    }
}

fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority.split_inclusive(']').next().unwrap_or(authority);
    }
    authority.split(':').next().unwrap_or(authority)
}

impl TryFrom<String> for OAuthUrl {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<OAuthUrl> for String {
    fn from(u: OAuthUrl) -> String {
        u.0
    }
}

impl std::fmt::Display for OAuthUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One `application/x-www-form-urlencoded` value (spaces as `%20`, which every server reads).
pub fn form_encode(value: &str) -> String {
    utf8_percent_encode(value, FORM).to_string()
}

/// `k=v&k=v`, every part encoded: the body of a token, registration-free request.
pub fn form_body(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Which names the server uses for the Matrix scopes: the stable ones of MSC2967 (Matrix 1.15),
/// or the unstable `org.matrix.msc2967` ones that older MAS releases announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeDialect {
    Stable,
    Unstable,
}

/// The scope that lets a token call Synapse's admin API; the same in both dialects.
pub const ADMIN_SCOPE: &str = "urn:synapse:admin:*";

impl ScopeDialect {
    /// Unstable only when the metadata lists the unstable API scope and not the stable one.
    fn from_supported(scopes: Option<&[String]>) -> Self {
        let has = |s: &str| scopes.is_some_and(|list| list.iter().any(|x| x == s));
        if has("urn:matrix:org.matrix.msc2967.client:api:*") && !has("urn:matrix:client:api:*") {
            ScopeDialect::Unstable
        } else {
            ScopeDialect::Stable
        }
    }

    /// The scopes Curator asks for: the client API, its own device, and the admin API.
    pub fn scopes(self, device_id: &str) -> String {
        let prefix = match self {
            ScopeDialect::Stable => "urn:matrix:client",
            ScopeDialect::Unstable => "urn:matrix:org.matrix.msc2967.client",
        };
        format!("{prefix}:api:* {prefix}:device:{device_id} {ADMIN_SCOPE}")
    }
}

/// The parts of the authorization server's metadata (RFC 8414, served by the homeserver at
/// `/_matrix/client/v1/auth_metadata`) that Curator uses, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthMetadata {
    pub issuer: OAuthUrl,
    pub authorization_endpoint: OAuthUrl,
    pub token_endpoint: OAuthUrl,
    pub registration_endpoint: OAuthUrl,
    pub revocation_endpoint: Option<OAuthUrl>,
    pub dialect: ScopeDialect,
    /// Whether `response_mode=fragment` must be used (the server lists modes without `query`).
    pub response_mode_query: bool,
}

#[derive(Deserialize)]
struct RawMetadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    registration_endpoint: Option<String>,
    revocation_endpoint: Option<String>,
    #[serde(default)]
    response_types_supported: Vec<String>,
    grant_types_supported: Option<Vec<String>>,
    #[serde(default)]
    code_challenge_methods_supported: Vec<String>,
    response_modes_supported: Option<Vec<String>>,
    scopes_supported: Option<Vec<String>>,
}

impl AuthMetadata {
    /// Parses and checks the metadata: Curator needs the authorization code grant with PKCE
    /// (S256) and dynamic client registration; anything less is refused with the reason.
    pub fn parse(body: &str) -> Result<Self, String> {
        let raw: RawMetadata = serde_json::from_str(body)
            .map_err(|e| tf(T::MsgBadOAuthMetadata, &[("error", &e.to_string())]))?;
        let url = |name: &str, s: &str| {
            OAuthUrl::parse(s)
                .map_err(|e| tf(T::MsgOAuthMetadataField, &[("field", name), ("error", &e)]))
        };
        let has = |list: &[String], s: &str| list.iter().any(|x| x == s);
        if !has(&raw.response_types_supported, "code") {
            return Err(t(T::MsgNoCodeFlow));
        }
        if let Some(grants) = &raw.grant_types_supported {
            if !has(grants, "authorization_code") {
                return Err(t(T::MsgNoCodeGrant));
            }
        }
        if !has(&raw.code_challenge_methods_supported, "S256") {
            return Err(t(T::MsgNoPkce));
        }
        let registration = raw
            .registration_endpoint
            .as_deref()
            .ok_or_else(|| t(T::MsgNoRegistration))?;
        let response_mode_query = match &raw.response_modes_supported {
            None => true,
            Some(modes) if has(modes, "query") => true,
            Some(modes) if has(modes, "fragment") => false,
            Some(_) => return Err(t(T::MsgNoResponseMode)),
        };
        Ok(AuthMetadata {
            issuer: url("issuer", &raw.issuer)?,
            authorization_endpoint: url("authorization_endpoint", &raw.authorization_endpoint)?,
            token_endpoint: url("token_endpoint", &raw.token_endpoint)?,
            registration_endpoint: url("registration_endpoint", registration)?,
            revocation_endpoint: raw
                .revocation_endpoint
                .as_deref()
                .map(|s| url("revocation_endpoint", s))
                .transpose()?,
            dialect: ScopeDialect::from_supported(raw.scopes_supported.as_deref()),
            response_mode_query,
        })
    }

    /// Every URL a code or token would be sent to, with the issuer.
    fn urls(&self) -> impl Iterator<Item = &OAuthUrl> {
        [
            Some(&self.issuer),
            Some(&self.authorization_endpoint),
            Some(&self.token_endpoint),
            Some(&self.registration_endpoint),
            self.revocation_endpoint.as_ref(),
        ]
        .into_iter()
        .flatten()
    }

    /// `restrict_homeserver` covers the authorization server too: with a restriction, the issuer
    /// and every endpoint must be on an origin the list names, or no token goes there.
    pub fn check_allowed(&self, config: &AppConfig) -> Result<(), String> {
        let Some(list) = &config.restrict_homeserver else {
            return Ok(());
        };
        let origins = list;
        match self
            .urls()
            .find(|u| !origins.iter().any(|o| o.origin() == u.origin()))
        {
            None => Ok(()),
            Some(u) => Err(tf(
                T::MsgOAuthServerNotAllowed,
                &[
                    ("list", &config.restriction_text().unwrap_or_default()),
                    ("origin", u.origin()),
                ],
            )),
        }
    }

    /// The URL the browser is sent to, to sign in at the authorization server.
    pub fn authorize_url(&self, req: &AuthorizeRequest<'_>) -> String {
        let scope = self.dialect.scopes(req.device_id);
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", req.client_id),
            ("redirect_uri", req.redirect_uri),
            ("scope", scope.as_str()),
            ("state", req.state),
            ("code_challenge", req.code_challenge),
            ("code_challenge_method", "S256"),
        ];
        params.push((
            "response_mode",
            if self.response_mode_query {
                "query"
            } else {
                "fragment"
            },
        ));
        self.authorization_endpoint.with_query(&params)
    }
}

/// What goes into the authorization URL.
pub struct AuthorizeRequest<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub state: &'a str,
    pub code_challenge: &'a str,
    pub device_id: &'a str,
}

/// The body of the dynamic client registration (RFC 7591, MSC2966): a public web client whose
/// only redirect is Curator's own callback page.
pub fn registration_body(client_uri: &str, redirect_uri: &str) -> serde_json::Value {
    serde_json::json!({
        "client_name": "Curator",
        "client_uri": client_uri,
        "redirect_uris": [redirect_uri],
        "application_type": "web",
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
    })
}

/// RFC 4648 base64url without padding, as PKCE and `state` use it.
pub fn base64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// The PKCE verifier for 32 random bytes: 43 characters of base64url (RFC 7636 §4.1).
pub fn pkce_verifier(random: &[u8; 32]) -> String {
    base64url(random)
}

/// The S256 challenge, given the SHA-256 digest of the verifier (WebCrypto computes it).
pub fn pkce_challenge(verifier_sha256: &[u8; 32]) -> String {
    base64url(verifier_sha256)
}

/// A device id for the new session: 10 characters of `[A-Z]`, from random bytes.
pub fn device_id(random: &[u8; 10]) -> String {
    random.iter().map(|b| char::from(b'A' + b % 26)).collect()
}

/// What Curator keeps between sending the browser away and its return (in sessionStorage only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingAuth {
    pub homeserver: HomeserverUrl,
    pub metadata: AuthMetadata,
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub verifier: String,
    pub device_id: String,
    /// Where to go after signing in (already checked by `safe_next`), and "Remember me".
    pub next: String,
    pub remember: bool,
}

/// Why the callback cannot go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackError {
    /// No sign-in was started in this tab (or it finished already).
    NothingPending,
    /// `state` is missing or not the one sent: not our request, refused.
    StateMismatch,
    /// The authorization server said no (`error`, `error_description`).
    Denied(String),
    /// Neither a code nor an error came back.
    NoCode,
}

impl std::fmt::Display for CallbackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            CallbackError::NothingPending => t(T::MsgNothingPending),
            CallbackError::StateMismatch => t(T::MsgStateMismatch),
            CallbackError::Denied(why) => tf(T::MsgAuthServerRefused, &[("reason", why)]),
            CallbackError::NoCode => t(T::MsgNoAuthCode),
        })
    }
}

/// Checks the callback's parameters (query or fragment, already decoded) against the pending
/// sign-in and gives the code to exchange.
pub fn check_callback(
    params: &[(String, String)],
    pending: Option<&PendingAuth>,
) -> Result<String, CallbackError> {
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let pending = pending.ok_or(CallbackError::NothingPending)?;
    if !get("state").is_some_and(|s| constant_time_eq(s.as_bytes(), pending.state.as_bytes())) {
        return Err(CallbackError::StateMismatch);
    }
    // RFC 9207: a server that names itself must be the one this sign-in went to.
    if get("iss").is_some_and(|iss| {
        iss.trim_end_matches('/') != pending.metadata.issuer.as_str().trim_end_matches('/')
    }) {
        return Err(CallbackError::StateMismatch);
    }
    if let Some(error) = get("error") {
        let detail = get("error_description").unwrap_or("");
        let text: String = format!("{error} {detail}")
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect();
        return Err(CallbackError::Denied(text.trim().to_owned()));
    }
    get("code")
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .ok_or(CallbackError::NoCode)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A token response (RFC 6749 §5.1) as Curator keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub scope: Option<String>,
}

impl TokenResponse {
    /// Whether the granted scope includes the admin API. A server that does not echo the scope
    /// granted what was asked (RFC 6749 §5.1), and the admin check will tell.
    pub fn grants_admin(&self) -> bool {
        self.scope
            .as_deref()
            .is_none_or(|s| s.split(' ').any(|x| x == ADMIN_SCOPE))
    }
}

/// When to refresh an access token that lives `lifetime_s` seconds from `obtained_ms`: when a
/// fifth of its life is left, at most a minute before it ends.
pub fn refresh_at(obtained_ms: i64, lifetime_s: u64) -> i64 {
    let life_ms = i64::try_from(lifetime_s.saturating_mul(1000)).unwrap_or(i64::MAX / 2);
    obtained_ms.saturating_add(life_ms - (life_ms / 5).min(60_000))
}

#[cfg(test)]
#[path = "oauth_tests.rs"]
mod tests;
