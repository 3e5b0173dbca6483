//! What the homeserver offers for signing in, and the calls of single sign-on and OAuth 2.0:
//! the login flows, the authorization server's metadata, the token login that finishes a
//! single sign-on, and the redirect that starts one. The OAuth requests to the authorization
//! server itself (registration, token, revocation) are in [`oauth_requests`].

use super::auth::LoginResponse;
use super::{ApiPath, ApiRequest, Endpoint};
use crate::model::login_flows::{IdpId, LoginFlows};
use crate::model::oauth::{form_encode, AuthMetadata};
use crate::model::HomeserverUrl;
use serde_json::json;

/// `GET /_matrix/client/v3/login`: the ways this server accepts a sign-in.
pub struct GetLoginFlows;

impl Endpoint for GetLoginFlows {
    type Response = serde_json::Value;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_matrix/client/v3/login")).anonymous()
    }
}

impl GetLoginFlows {
    pub fn decode(body: serde_json::Value) -> Result<LoginFlows, String> {
        LoginFlows::parse(&body.to_string())
    }
}

/// `GET /_matrix/client/v1/auth_metadata` (Matrix 1.15), or its unstable MSC2965 path that
/// servers from before it answer: the OAuth 2.0 authorization server this homeserver delegates
/// to. A server that does not delegate answers 404 `M_UNRECOGNIZED`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GetAuthMetadata {
    Stable,
    Unstable,
}

impl Endpoint for GetAuthMetadata {
    type Response = serde_json::Value;
    fn request(&self) -> ApiRequest {
        let path = match self {
            GetAuthMetadata::Stable => "/_matrix/client/v1/auth_metadata",
            GetAuthMetadata::Unstable => {
                "/_matrix/client/unstable/org.matrix.msc2965/auth_metadata"
            }
        };
        ApiRequest::get(ApiPath::new(path)).anonymous()
    }
}

impl GetAuthMetadata {
    pub fn decode(body: serde_json::Value) -> Result<AuthMetadata, String> {
        AuthMetadata::parse(&body.to_string())
    }
}

/// `POST /_matrix/client/v3/login` with `m.login.token`: the login token a single sign-on sent
/// back becomes an access token (and a new device).
pub struct TokenLogin<'a> {
    pub token: &'a str,
}

impl Endpoint for TokenLogin<'_> {
    type Response = LoginResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(ApiPath::new("/_matrix/client/v3/login"))
            .anonymous()
            .json(json!({
                "type": "m.login.token",
                "token": self.token,
                "initial_device_display_name": "Curator",
            }))
    }
}

/// Where the browser goes to start Synapse's single sign-on: with one identity provider, or the
/// server's default. Synapse sends it back to `return_to` with `loginToken` added.
pub fn sso_redirect_url(base: &HomeserverUrl, idp: Option<&IdpId>, return_to: &str) -> String {
    let path = match idp {
        Some(id) => ApiPath::new("/_matrix/client/v3/login/sso/redirect").seg(id.as_str()),
        None => ApiPath::new("/_matrix/client/v3/login/sso/redirect"),
    };
    format!(
        "{}{}?redirectUrl={}",
        base.as_str(),
        path.as_str(),
        form_encode(return_to)
    )
}

/// The requests to the authorization server: bodies and URLs, sent by `transport::send_to`.
pub mod oauth_requests {
    use crate::model::oauth::{form_body, AuthMetadata};

    /// One request to an absolute URL of the authorization server.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct OAuthRequest {
        pub url: String,
        pub content_type: &'static str,
        pub body: String,
    }

    const FORM: &str = "application/x-www-form-urlencoded";

    /// Dynamic client registration (RFC 7591).
    pub fn register(meta: &AuthMetadata, body: &serde_json::Value) -> OAuthRequest {
        OAuthRequest {
            url: meta.registration_endpoint.as_str().to_owned(),
            content_type: "application/json",
            body: body.to_string(),
        }
    }

    /// The authorization code, with the PKCE verifier, for tokens (RFC 6749 §4.1.3, RFC 7636).
    pub fn exchange_code(
        meta: &AuthMetadata,
        client_id: &str,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> OAuthRequest {
        OAuthRequest {
            url: meta.token_endpoint.as_str().to_owned(),
            content_type: FORM,
            body: form_body(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("client_id", client_id),
                ("code_verifier", verifier),
            ]),
        }
    }

    /// A refresh token for new tokens (RFC 6749 §6); the refresh token rotates.
    pub fn refresh(token_endpoint: &str, client_id: &str, refresh_token: &str) -> OAuthRequest {
        OAuthRequest {
            url: token_endpoint.to_owned(),
            content_type: FORM,
            body: form_body(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", client_id),
            ]),
        }
    }

    /// Token revocation (RFC 7009): `hint` is `access_token` or `refresh_token`.
    pub fn revoke(
        revocation_endpoint: &str,
        client_id: &str,
        token: &str,
        hint: &str,
    ) -> OAuthRequest {
        OAuthRequest {
            url: revocation_endpoint.to_owned(),
            content_type: FORM,
            body: form_body(&[
                ("token", token),
                ("token_type_hint", hint),
                ("client_id", client_id),
            ]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, Method};

    #[test]
    fn flows_and_metadata_are_anonymous_gets() {
        let r = GetLoginFlows.request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Get, "/_matrix/client/v3/login")
        );
        assert!(!r.authenticated);
        assert_eq!(
            GetAuthMetadata::Stable.request().path.as_str(),
            "/_matrix/client/v1/auth_metadata"
        );
        assert_eq!(
            GetAuthMetadata::Unstable.request().path.as_str(),
            "/_matrix/client/unstable/org.matrix.msc2965/auth_metadata"
        );
        assert!(!GetAuthMetadata::Unstable.request().authenticated);
        // Synapse without delegation answers like this; the caller then offers no OAuth.
        let err = decode::<serde_json::Value>(
            404,
            r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
        )
        .unwrap_err();
        assert!(err.is_unrecognized());
    }

    #[test]
    fn token_login_body() {
        let r = TokenLogin { token: "lt_abc" }.request();
        assert!(!r.authenticated);
        let body = r.body.unwrap();
        assert_eq!(body["type"], "m.login.token");
        assert_eq!(body["token"], "lt_abc");
    }

    #[test]
    fn sso_redirect_encodes_provider_and_return_url() {
        let base = HomeserverUrl::parse("https://matrix.example.org").unwrap();
        let idp = IdpId::parse("oidc-test").unwrap();
        assert_eq!(
            sso_redirect_url(
                &base,
                Some(&idp),
                "https://c.org/curator/login?next=%2Fusers"
            ),
            "https://matrix.example.org/_matrix/client/v3/login/sso/redirect/oidc-test\
             ?redirectUrl=https%3A%2F%2Fc.org%2Fcurator%2Flogin%3Fnext%3D%252Fusers"
        );
        assert_eq!(
            sso_redirect_url(&base, None, "https://c.org/login"),
            "https://matrix.example.org/_matrix/client/v3/login/sso/redirect\
             ?redirectUrl=https%3A%2F%2Fc.org%2Flogin"
        );
    }

    #[test]
    fn oauth_requests_are_forms_with_the_public_client_id() {
        let meta = AuthMetadata::parse(
            r#"{"issuer":"https://a.org/","authorization_endpoint":"https://a.org/auth",
                "token_endpoint":"https://a.org/token","registration_endpoint":"https://a.org/reg",
                "response_types_supported":["code"],"code_challenge_methods_supported":["S256"]}"#,
        )
        .unwrap();
        let r = oauth_requests::exchange_code(&meta, "cid", "c/1", "https://c.org/cb", "ver");
        assert_eq!(r.url, "https://a.org/token");
        assert_eq!(r.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            r.body,
            "grant_type=authorization_code&code=c%2F1&redirect_uri=https%3A%2F%2Fc.org%2Fcb\
             &client_id=cid&code_verifier=ver"
        );
        let r = oauth_requests::refresh("https://a.org/token", "cid", "rt");
        assert_eq!(
            r.body,
            "grant_type=refresh_token&refresh_token=rt&client_id=cid"
        );
        let r = oauth_requests::revoke("https://a.org/revoke", "cid", "at", "access_token");
        assert_eq!(
            r.body,
            "token=at&token_type_hint=access_token&client_id=cid"
        );
        let r = oauth_requests::register(&meta, &serde_json::json!({"a":1}));
        assert_eq!(
            (r.url.as_str(), r.content_type),
            ("https://a.org/reg", "application/json")
        );
    }
}
