//! Single sign-on through Synapse's OIDC login, with a real OpenID provider on loopback
//! (`scripts/oidc-provider.mjs`, the npm package oidc-provider), and Curator's OAuth 2.0
//! client against the same provider acting as the authorization server.

use crate::harness::*;
use curator::api::sign_in_methods::oauth_requests::{self, OAuthRequest};
use curator::model::oauth::{
    check_callback, pkce_challenge, registration_body, AuthMetadata, AuthorizeRequest, PendingAuth,
    TokenResponse,
};
use curator::model::HomeserverUrl;
use serde_json::{json, Value};

fn idp_password(user: &str) -> String {
    let path = std::env::var("CURATOR_OIDC_ACCOUNTS").expect("CURATOR_OIDC_ACCOUNTS (scripts/e2e)");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).expect("accounts JSON");
    v[user].as_str().expect("an IdP account").to_owned()
}

fn issuer() -> String {
    std::env::var("CURATOR_OIDC_ISSUER").expect("CURATOR_OIDC_ISSUER (scripts/e2e)")
}

/// Signs in at the test IdP's own form (not Curator's).
async fn idp_sign_in(b: &Browser, user: &str) {
    b.find("//h1[normalize-space(.)='Test IdP sign-in']").await;
    b.fill("Username", user).await;
    b.fill("Password", &idp_password(user)).await;
    b.click_button("Sign in to the test IdP").await;
}

#[tokio::test]
async fn sso_admin_signs_in_and_lands_where_they_came_from_and_log_out_kills_the_token() {
    let b = Browser::start().await;
    b.goto("/rooms?q=Town").await;
    b.click_button("Continue with Curator Test IdP").await;
    idp_sign_in(&b, "admin").await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    b.wait_text("Town Square").await;
    // Back on the page the admin came from, with the login token gone from the address bar.
    assert_eq!(b.path().await, "/rooms?q=Town");
    let history: Value = b
        .client
        .execute("return window.location.href + ' ' + history.length", vec![])
        .await
        .expect("script");
    assert!(!history.to_string().contains("loginToken"), "{history}");
    let token = b.stored_token().await;
    let (status, who) = get_with_token("/_matrix/client/v3/account/whoami", &token);
    assert_eq!(
        (status, who["user_id"].as_str()),
        (200, Some(seed().0["admin"]["user_id"].as_str().unwrap()))
    );
    assert_ne!(token, seed().admin_token(), "a new device, not the seed's");

    b.click_button("Log out").await;
    b.wait_text("You have logged out").await;
    let (status, body) = get_with_token("/_matrix/client/v3/account/whoami", &token);
    assert_eq!(
        (status, body["errcode"].as_str()),
        (401, Some("M_UNKNOWN_TOKEN"))
    );
    b.finish().await;
}

#[tokio::test]
async fn sso_works_under_a_sub_path() {
    let base = std::env::var("CURATOR_SUBPATH_APP_URL").unwrap_or_default();
    assert!(
        !base.is_empty(),
        "scripts/test builds target/dist-subpath; run the e2e tests through it"
    );
    let base = base.trim_end_matches('/').to_owned();
    let b = Browser::start().await;
    b.goto_url(&format!("{base}/rooms")).await;
    b.click_button("Continue with Curator Test IdP").await;
    idp_sign_in(&b, "admin").await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    assert_eq!(b.path().await, "/curator/rooms");
    b.finish().await;
}

#[tokio::test]
async fn sso_refuses_a_non_admin_and_logs_out_their_new_device() {
    // "ssouser" exists only at the IdP: Synapse creates @ssouser (not an admin) on first sign-on.
    let b = Browser::start().await;
    b.goto("/login").await;
    b.click_button("Continue with Curator Test IdP").await;
    idp_sign_in(&b, "ssouser").await;
    b.wait_text("This account is not a server admin").await;
    assert!(b.path().await.starts_with("/login"));
    assert!(!b.path().await.contains("loginToken"));
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    let user = format!("@ssouser:{}", seed().server_name());
    let devices = admin_get(&format!(
        "/_synapse/admin/v2/users/{}/devices",
        encode(&user)
    ));
    assert_eq!(
        devices["total"], 0,
        "the device of the refused sign-in is gone: {devices}"
    );
    b.finish().await;
}

#[tokio::test]
async fn a_login_token_not_started_in_this_tab_is_not_used() {
    let b = Browser::start().await;
    b.goto("/login?loginToken=stolen-or-stale").await;
    b.wait_text("it was not started in this tab").await;
    assert_eq!(b.path().await, "/login");
    b.finish().await;
}

// ----------------------------------------------------------------------------- OAuth 2.0

fn oauth_post(r: &OAuthRequest) -> (u16, Value) {
    match ureq::post(&r.url)
        .set("Content-Type", r.content_type)
        .send_string(&r.body)
    {
        Ok(resp) => (resp.status(), resp.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, resp)) => (code, resp.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("POST {}: {e}", r.url),
    }
}

fn metadata() -> AuthMetadata {
    let url = format!("{}/.well-known/openid-configuration", issuer());
    let body = ureq::get(&url)
        .call()
        .expect("discovery")
        .into_string()
        .expect("text");
    AuthMetadata::parse(&body).expect("Curator accepts the provider's metadata")
}

/// Registers Curator as it registers itself, with `redirect_uri`.
fn register(meta: &AuthMetadata, redirect_uri: &str) -> String {
    let (status, body) = oauth_post(&oauth_requests::register(
        meta,
        &registration_body(&format!("{}/", app_url()), redirect_uri),
    ));
    assert_eq!(status, 201, "{body}");
    body["client_id"].as_str().expect("client_id").to_owned()
}

/// The PKCE pair, the challenge computed by the browser's WebCrypto as the app does.
async fn pkce(b: &Browser) -> (String, String) {
    let verifier = curator::model::oauth::pkce_verifier(&rand_bytes());
    let digest = b
        .client
        .execute_async(
            "const done = arguments[1];
             crypto.subtle.digest('SHA-256', new TextEncoder().encode(arguments[0]))
               .then(d => done(Array.from(new Uint8Array(d))));",
            vec![json!(verifier)],
        )
        .await
        .expect("digest");
    let bytes: Vec<u8> = serde_json::from_value(digest).expect("bytes");
    let digest: [u8; 32] = bytes.try_into().expect("32 bytes");
    (verifier, pkce_challenge(&digest))
}

fn rand_bytes() -> [u8; 32] {
    use std::io::Read;
    let mut out = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut out))
        .expect("/dev/urandom");
    out
}

/// Metadata, registration, PKCE, code exchange, refresh with rotation and revocation, with the
/// request builders the app uses, against the real provider. The browser does the provider's
/// login; the redirect goes to a closed port, so the code stays in the address bar.
#[tokio::test]
async fn oauth_client_against_a_real_authorization_server() {
    let meta = metadata();
    let redirect = "http://127.0.0.1:9/oauth/callback";
    let client_id = register(&meta, redirect);
    let b = Browser::start().await;
    b.goto("/login").await;
    let (verifier, challenge) = pkce(&b).await;
    let state = "state-for-this-test";
    let url = meta.authorize_url(&AuthorizeRequest {
        client_id: &client_id,
        redirect_uri: redirect,
        state,
        code_challenge: &challenge,
        device_id: "CURATORE2E",
    });
    b.goto_url(&url).await;
    idp_sign_in(&b, "admin").await;
    let deadline = tokio::time::Instant::now() + WAIT;
    let returned = loop {
        let u = b.client.current_url().await.expect("url");
        if u.as_str().starts_with(redirect) {
            break u;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no redirect back: {u}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let params: Vec<(String, String)> = returned
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let pending = PendingAuth {
        homeserver: HomeserverUrl::parse(seed().homeserver()).unwrap(),
        metadata: meta.clone(),
        client_id: client_id.clone(),
        redirect_uri: redirect.into(),
        state: state.into(),
        verifier: verifier.clone(),
        device_id: "CURATORE2E".into(),
        next: "/users".into(),
        remember: false,
    };
    let code = check_callback(&params, Some(&pending)).expect("state and issuer match");
    // PKCE is enforced: the wrong verifier gets nothing (and spends the code).
    let (status, body) = oauth_post(&oauth_requests::exchange_code(
        &meta,
        &client_id,
        &code,
        redirect,
        "x".repeat(43).as_str(),
    ));
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let _ = b.client.close().await;
    // A second round with the right verifier.
    let b = Browser::start().await;
    b.goto_url(&url).await;
    idp_sign_in(&b, "admin").await;
    let deadline = tokio::time::Instant::now() + WAIT;
    let returned = loop {
        let u = b.client.current_url().await.expect("url");
        if u.as_str().starts_with(redirect) {
            break u;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no redirect back: {u}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let _ = b.client.close().await;
    let params: Vec<(String, String)> = returned
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let code = check_callback(&params, Some(&pending)).expect("state matches");
    let (status, body) = oauth_post(&oauth_requests::exchange_code(
        &meta, &client_id, &code, redirect, &verifier,
    ));
    assert_eq!(status, 200, "{body}");
    let tokens: TokenResponse = serde_json::from_value(body).expect("a token response");
    assert!(tokens.grants_admin(), "{tokens:?}");
    let first_refresh = tokens.refresh_token.clone().expect("a refresh token");
    assert!(tokens.expires_in.is_some());

    // Refresh rotates: the new refresh token works, the old one no longer does.
    let token_endpoint = meta.token_endpoint.as_str();
    let (status, body) = oauth_post(&oauth_requests::refresh(
        token_endpoint,
        &client_id,
        &first_refresh,
    ));
    assert_eq!(status, 200, "{body}");
    let refreshed: TokenResponse = serde_json::from_value(body).unwrap();
    let second_refresh = refreshed
        .refresh_token
        .clone()
        .expect("a rotated refresh token");
    assert_ne!(second_refresh, first_refresh);
    assert_ne!(refreshed.access_token, tokens.access_token);
    let (status, body) = oauth_post(&oauth_requests::refresh(
        token_endpoint,
        &client_id,
        &first_refresh,
    ));
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );

    // Revocation, as Log out does it: afterwards the refresh token is refused.
    let revoke = meta
        .revocation_endpoint
        .as_ref()
        .expect("a revocation endpoint")
        .as_str();
    let (status, _) = oauth_post(&oauth_requests::revoke(
        revoke,
        &client_id,
        &refreshed.access_token,
        "access_token",
    ));
    assert_eq!(status, 200);
    let (status, _) = oauth_post(&oauth_requests::revoke(
        revoke,
        &client_id,
        &second_refresh,
        "refresh_token",
    ));
    assert_eq!(status, 200);
    let (status, body) = oauth_post(&oauth_requests::refresh(
        token_endpoint,
        &client_id,
        &second_refresh,
    ));
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
}

/// The app's own callback page, in the browser: it checks the state, exchanges the code at the
/// provider (a cross-origin request from the page), asks the homeserver about the token, and
/// since this Synapse does not delegate to that provider, refuses it (and revokes it). The
/// sign-in is started here by storing what the app's start stores, because this Synapse cannot
/// announce the provider (that needs MAS).
#[tokio::test]
async fn the_callback_page_exchanges_the_code_and_refuses_a_token_the_homeserver_does_not_know() {
    let meta = metadata();
    let redirect = format!("{}/oauth/callback", app_url());
    let client_id = register(&meta, &redirect);
    let b = Browser::start().await;
    b.goto("/login").await;
    let (verifier, challenge) = pkce(&b).await;
    let pending = PendingAuth {
        homeserver: HomeserverUrl::parse(seed().homeserver()).unwrap(),
        metadata: meta.clone(),
        client_id: client_id.clone(),
        redirect_uri: redirect.clone(),
        state: "callback-state".into(),
        verifier,
        device_id: "CURATORE2F".into(),
        next: "/rooms".into(),
        remember: false,
    };
    b.client
        .execute(
            "sessionStorage.setItem('curator.oauth.pending', arguments[0]);",
            vec![json!(serde_json::to_string(&pending).unwrap())],
        )
        .await
        .expect("script");
    let url = meta.authorize_url(&AuthorizeRequest {
        client_id: &client_id,
        redirect_uri: &redirect,
        state: "callback-state",
        code_challenge: &challenge,
        device_id: "CURATORE2F",
    });
    b.goto_url(&url).await;
    idp_sign_in(&b, "admin").await;
    b.wait_text("The homeserver does not accept the new token")
        .await;
    assert_eq!(
        b.path().await,
        "/oauth/callback",
        "the code left the address bar"
    );
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    assert!(b
        .storage("sessionStorage", "curator.oauth.pending")
        .await
        .is_none());
    b.finish().await;
}
