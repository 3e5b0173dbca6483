//! Client-server calls for signing in and out, and the admin check.

use super::{AccessToken, ApiPath, ApiRequest, Empty, Endpoint};
use crate::model::UserId;
use serde::Deserialize;
use serde_json::json;

/// `GET /_matrix/client/versions`: proves that a URL is a Matrix homeserver.
pub struct Versions;

#[derive(Debug, Clone, Deserialize)]
pub struct VersionsResponse {
    pub versions: Vec<String>,
}

impl Endpoint for Versions {
    type Response = VersionsResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_matrix/client/versions")).anonymous()
    }
}

/// `GET https://<server name>/.well-known/matrix/client`: where a server name's client API lives.
pub struct WellKnown;

#[derive(Debug, Clone, Deserialize)]
pub struct WellKnownResponse {
    #[serde(rename = "m.homeserver")]
    pub homeserver: Option<WellKnownHomeserver>,
    /// Curator's settings pinned by the server's admins (read by `AppConfig::from_map`).
    #[serde(rename = "io.github.curator")]
    pub curator: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WellKnownHomeserver {
    pub base_url: String,
}

impl Endpoint for WellKnown {
    type Response = WellKnownResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/.well-known/matrix/client")).anonymous()
    }
}

/// `POST /_matrix/client/v3/login` with `m.login.password`.
pub struct PasswordLogin<'a> {
    /// A localpart (`admin`) or a full user id (`@admin:example.org`).
    pub user: &'a str,
    pub password: &'a str,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoginResponse {
    pub user_id: UserId,
    pub access_token: AccessToken,
    pub device_id: Option<String>,
}

impl Endpoint for PasswordLogin<'_> {
    type Response = LoginResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(ApiPath::new("/_matrix/client/v3/login"))
            .anonymous()
            .json(json!({
                "type": "m.login.password",
                "identifier": { "type": "m.id.user", "user": self.user.trim() },
                "password": self.password,
                "initial_device_display_name": "Curator",
            }))
    }
}

/// `GET /_matrix/client/v3/account/whoami`: whose token this is.
pub struct WhoAmI;

#[derive(Debug, Clone, Deserialize)]
pub struct WhoAmIResponse {
    pub user_id: UserId,
    pub device_id: Option<String>,
}

impl Endpoint for WhoAmI {
    type Response = WhoAmIResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_matrix/client/v3/account/whoami"))
    }
}

/// `POST /_matrix/client/v3/logout`: the token is dead on the server afterwards.
pub struct Logout;

impl Endpoint for Logout {
    type Response = Empty;
    fn request(&self) -> ApiRequest {
        ApiRequest::post(ApiPath::new("/_matrix/client/v3/logout")).json(json!({}))
    }
}

/// `GET /_synapse/admin/v1/users/<user_id>/admin`: answers 403 to anyone but a server admin.
pub struct IsAdmin<'a>(pub &'a UserId);

#[derive(Debug, Clone, Deserialize)]
pub struct IsAdminResponse {
    #[serde(deserialize_with = "super::quirks::bool_or_int")]
    pub admin: bool,
}

impl Endpoint for IsAdmin<'_> {
    type Response = IsAdminResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(
            ApiPath::new("/_synapse/admin/v1/users")
                .seg(self.0.as_str())
                .lit("/admin"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, Method};
    use crate::model::ids::parse_user_id;

    #[test]
    fn login_sends_the_password_flow_without_a_token() {
        let r = PasswordLogin {
            user: " admin ",
            password: "p w",
        }
        .request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Post, "/_matrix/client/v3/login")
        );
        assert!(!r.authenticated);
        let body = r.body.unwrap();
        assert_eq!(body["type"], "m.login.password");
        assert_eq!(body["identifier"]["user"], "admin");
        assert_eq!(body["password"], "p w");
        let ok: LoginResponse = decode(
            200,
            r#"{"user_id":"@admin:localhost","access_token":"syt_abc","home_server":"localhost","device_id":"DEV"}"#,
        )
        .unwrap();
        assert_eq!(ok.user_id.as_str(), "@admin:localhost");
        assert_eq!(ok.access_token.expose(), "syt_abc");
        assert_eq!(format!("{:?}", ok.access_token), "AccessToken(…)");
    }

    #[test]
    fn admin_check_encodes_the_user_id() {
        let uid = parse_user_id("@mallory:localhost").unwrap();
        let r = IsAdmin(&uid).request();
        assert_eq!(
            r.path.as_str(),
            "/_synapse/admin/v1/users/%40mallory%3Alocalhost/admin"
        );
        assert!(r.authenticated);
        let yes: IsAdminResponse = decode(200, r#"{"admin":true}"#).unwrap();
        assert!(yes.admin);
        let err = decode::<IsAdminResponse>(
            403,
            r#"{"errcode":"M_FORBIDDEN","error":"You are not a server admin"}"#,
        )
        .unwrap_err();
        assert_eq!(err.errcode(), Some("M_FORBIDDEN"));
    }

    #[test]
    fn well_known_and_versions_decode() {
        let wk: WellKnownResponse = decode(
            200,
            r#"{"m.homeserver":{"base_url":"https://matrix.example.org"}}"#,
        )
        .unwrap();
        assert_eq!(
            wk.homeserver.unwrap().base_url,
            "https://matrix.example.org"
        );
        assert!(wk.curator.is_none());
        let pinned: WellKnownResponse = decode(
            200,
            r#"{"m.homeserver":{"base_url":"https://m.org"},"io.github.curator":{"restrict_homeserver":"https://m.org"}}"#,
        )
        .unwrap();
        assert_eq!(
            pinned.curator.unwrap()["restrict_homeserver"],
            "https://m.org"
        );
        let v: VersionsResponse =
            decode(200, r#"{"versions":["v1.11"],"unstable_features":{}}"#).unwrap();
        assert_eq!(v.versions, vec!["v1.11"]);
        assert!(decode::<VersionsResponse>(200, r#"{"hello":1}"#).is_err());
        let w: WhoAmIResponse = decode(
            200,
            r#"{"user_id":"@a:b","device_id":"D","is_guest":false}"#,
        )
        .unwrap();
        assert_eq!(w.user_id.as_str(), "@a:b");
        assert_eq!(Logout.request().path.as_str(), "/_matrix/client/v3/logout");
    }
}
