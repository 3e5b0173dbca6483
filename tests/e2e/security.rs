//! Curator tried as an attacker would: hostile `next` values, framing, deployments whose
//! `config.json` cannot be read, and `.well-known` answers that point elsewhere.

use crate::harness::*;
use serde_json::json;
use std::time::Duration;

fn origin(url: &str) -> String {
    let after = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after..].find('/') {
        Some(i) => url[..after + i].to_owned(),
        None => url.to_owned(),
    }
}

async fn current_url(b: &Browser) -> String {
    b.client.current_url().await.expect("url").to_string()
}

#[tokio::test]
async fn hostile_next_values_never_leave_the_app() {
    // Each as it appears in the address bar: the known bypasses of a "starts with /" check.
    let hostile = [
        "/%5Cevil.example/x",
        "/%09/evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%255Cevil.example",
        "/%0A/evil.example",
        "%5C%5Cevil.example",
        "https://evil.example/",
        "//evil.example",
        "/%E3%80%80/evil.example",
    ];
    let b = Browser::start().await;
    // The first with a real sign-in, the others with the session that follows (the login page
    // sends a signed-in admin on to `next` at once).
    b.goto(&format!("/login?next={}", hostile[0])).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    for next in hostile {
        if next != hostile[0] {
            b.goto(&format!("/login?next={next}")).await;
        }
        b.find("//h1[normalize-space(.)='Users']").await;
        let url = current_url(&b).await;
        assert_eq!(origin(&url), app_url(), "next={next} led to {url}");
        assert_eq!(b.path().await, "/users", "next={next}");
    }
    // A path inside the app is still honoured.
    b.goto("/login?next=%2Frooms%3Fq%3DTown").await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    assert_eq!(b.path().await, "/rooms?q=Town");
    b.finish().await;
}

#[tokio::test]
async fn the_app_refuses_to_render_inside_a_frame() {
    let b = Browser::start().await;
    b.goto_url(&env("CURATOR_FRAMER_URL")).await;
    b.find("//h1[normalize-space(.)='Framer']").await;
    // Chromium reports the refusal of the app's `frame-ancestors 'none'`.
    let deadline = tokio::time::Instant::now() + WAIT;
    let refusal = loop {
        let console = b.console().await;
        if let Some(line) = console.into_iter().find(|l| l.contains("frame-ancestors")) {
            break line;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no frame-ancestors refusal in the console"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(refusal.contains("'none'"), "{refusal}");
    // Nothing of the app is inside the frame (Chromium shows its own error page there, which
    // WebDriver may not even enter).
    if b.client.enter_frame(0).await.is_ok() {
        let inside = b.body_text().await;
        assert!(
            !inside.contains("Sign in") && !inside.contains("Media administration"),
            "{inside}"
        );
        let _ = b.client.enter_parent_frame().await;
    }
    // The same URL opened directly works, and logs nothing wrong.
    let _ = b.console().await;
    b.goto("/login").await;
    b.button("Sign in").await;
    b.finish().await;
}

/// Opens `base/login` of a deployment whose config.json cannot be read, and checks that it
/// names the problem and offers no sign-in.
async fn assert_blocked(b: &Browser, base: &str, problem: &str) {
    b.goto_url(&format!("{}/login", base.trim_end_matches('/')))
        .await;
    b.wait_text(&format!("Sign-in is blocked: {problem}")).await;
    let button = b.button("Sign in").await;
    assert!(
        button.attr("disabled").await.unwrap().is_some(),
        "{base}: sign-in is offered"
    );
}

#[tokio::test]
async fn a_config_json_that_cannot_be_read_blocks_sign_in() {
    let b = Browser::start().await;
    assert_blocked(
        &b,
        &env("CURATOR_CONFIG_500_URL"),
        "config.json could not be loaded: the web server answered HTTP 500.",
    )
    .await;
    assert_blocked(
        &b,
        &env("CURATOR_CONFIG_HTML_URL"),
        "config.json is an HTML page, not Curator's settings.",
    )
    .await;
    assert_blocked(
        &b,
        &env("CURATOR_CONFIG_MALFORMED_URL"),
        "config.json is not valid: it is not JSON",
    )
    .await;
    // A session stored before the file broke is dropped before its token is used.
    let base = env("CURATOR_CONFIG_500_URL");
    b.goto_url(&format!("{}/login", base.trim_end_matches('/')))
        .await;
    b.wait_text("Sign-in is blocked").await;
    let session = json!({
        "homeserver": seed().homeserver(),
        "user_id": format!("@admin:{}", seed().server_name()),
        "access_token": seed().admin_token(),
        "device_id": null,
    });
    b.client
        .execute(
            "window.sessionStorage.setItem('curator.session', arguments[0]);",
            vec![json!(session.to_string())],
        )
        .await
        .expect("script");
    b.goto_url(&format!("{}/users", base.trim_end_matches('/')))
        .await;
    b.wait_text("Sign-in is blocked").await;
    assert!(b.path().await.starts_with("/login"));
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    b.finish().await;
}

#[tokio::test]
async fn unknown_keys_are_reported_and_the_known_restriction_applies() {
    let b = Browser::start().await;
    let base = env("CURATOR_CONFIG_UNKNOWN_URL");
    b.goto_url(&format!("{}/login", base.trim_end_matches('/')))
        .await;
    b.wait_text("config.json holds settings Curator does not know; they are ignored: theme")
        .await;
    // Ketesa's `restrictBaseUrl` is honoured.
    b.wait_text(&format!(
        "This Curator only manages: {}",
        seed().homeserver()
    ))
    .await;
    b.fill("Homeserver", "http://127.0.0.1:9").await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.wait_text("it will not sign in to http://127.0.0.1:9")
        .await;
    b.fill("Homeserver", seed().homeserver()).await;
    b.click_button("Sign in").await;
    b.find("//h1[normalize-space(.)='Users']").await;
    b.finish().await;
}

#[tokio::test]
async fn no_config_json_means_no_settings() {
    // dist/ has no config.json: the SPA fallback answers with the app's own page.
    let b = Browser::start().await;
    let base = env("CURATOR_CONFIG_NONE_URL");
    b.goto_url(&format!("{}/login", base.trim_end_matches('/')))
        .await;
    let field = b.field("Homeserver").await;
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some(""));
    b.fill("Homeserver", seed().homeserver()).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.find("//h1[normalize-space(.)='Users']").await;
    assert!(!b.body_text().await.contains("Sign-in is blocked"));
    b.finish().await;
}

/// A browser that accepts the loopback test certificate of the `.well-known` servers.
async fn tls_browser() -> Browser {
    Browser::start_with(&["--ignore-certificate-errors"]).await
}

#[tokio::test]
async fn a_well_known_pointing_at_a_refused_server_is_refused() {
    let b = tls_browser().await;
    b.goto_url(&format!("{}/login", restricted_app_url())).await;
    b.fill("Homeserver", &env("CURATOR_WK_PEER")).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.wait_text(&format!(
        "it will not sign in to {}",
        env("CURATOR_PEER_HS")
    ))
    .await;
    assert!(b.path().await.starts_with("/login"));
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    b.finish().await;
}

#[tokio::test]
async fn a_servers_own_well_known_settings_apply_and_config_json_wins() {
    let b = tls_browser().await;
    // No restriction in config.json: the server's pinned one refuses even itself.
    b.goto("/login").await;
    b.fill("Homeserver", &env("CURATOR_WK_PINNED")).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.wait_text(&format!(
        "This Curator only manages http://127.0.0.1:1; it will not sign in to {}",
        seed().homeserver()
    ))
    .await;
    // With a restriction in config.json, the file wins: the server name resolves and signs in.
    b.goto_url(&format!("{}/login", restricted_app_url())).await;
    b.fill("Homeserver", &env("CURATOR_WK_PINNED")).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.find("//h1[normalize-space(.)='Users']").await;
    b.finish().await;
}
