//! Signing in and out, against the real homeserver.

use crate::harness::*;

#[tokio::test]
async fn password_login_shows_the_shell_with_server_facts() {
    let b = Browser::start().await;
    b.login_admin().await;
    let version = synapse_version();
    b.wait_text(&format!("Synapse {version}")).await;
    b.wait_text(seed().server_name()).await;
    b.wait_text(&format!("@admin:{}", seed().server_name()))
        .await;
    assert_eq!(b.path().await, "/users");
    // Without "Remember me" the session lives in this tab only.
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_some());
    assert!(b.storage("localStorage", "curator.session").await.is_none());
    b.finish().await;
}

#[tokio::test]
async fn a_wrong_password_is_reported_as_such() {
    let b = Browser::start().await;
    b.goto("/login").await;
    b.sign_in_with_password("admin", "certainly-not-the-password")
        .await;
    b.wait_text("Wrong username or password.").await;
    assert_eq!(b.path().await, "/login");
    b.finish().await;
}

#[tokio::test]
async fn a_pasted_token_signs_in_and_remember_me_keeps_it() {
    let b = Browser::start().await;
    b.goto("/login").await;
    b.click_toggle("Access token").await;
    // As copied from a header, with blanks around it: trimmed, and `Bearer ` dropped. (A tab
    // would move the focus here; the unit tests cover it.)
    b.fill(
        "Access token",
        &format!("  Bearer {}  ", seed().admin_token()),
    )
    .await;
    b.click_toggle("Remember me").await;
    b.click_button("Sign in").await;
    b.find("//h1[normalize-space(.)='Users']").await;
    assert!(b.storage("localStorage", "curator.session").await.is_some());
    assert_eq!(b.stored_token().await, seed().admin_token());
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    b.finish().await;
}

#[tokio::test]
async fn an_unknown_token_is_refused() {
    let b = Browser::start().await;
    b.goto("/login").await;
    b.click_toggle("Access token").await;
    b.fill("Access token", "syt_not_a_real_token").await;
    b.click_button("Sign in").await;
    b.wait_text("This access token is not valid").await;
    b.finish().await;
}

#[tokio::test]
async fn a_non_admin_is_refused_and_their_new_token_is_logged_out() {
    let mallory = seed().user("mallory");
    let b = Browser::start().await;
    b.goto("/login").await;
    b.sign_in_with_password("mallory", mallory["password"].as_str().unwrap())
        .await;
    b.wait_text("This account is not a server admin").await;
    assert_eq!(b.path().await, "/login");
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    // The device the attempt created was logged out again: only the seed's device remains.
    let devices = admin_get(&format!(
        "/_synapse/admin/v2/users/{}/devices",
        encode(mallory["user_id"].as_str().unwrap())
    ));
    assert_eq!(devices["total"], 1, "{devices}");
    b.finish().await;
}

#[tokio::test]
async fn logout_kills_the_token_on_the_server() {
    let b = Browser::start().await;
    b.login_admin().await;
    let token = b.stored_token().await;
    assert_eq!(
        get_with_token("/_matrix/client/v3/account/whoami", &token).0,
        200
    );
    b.click_button("Log out").await;
    b.wait_text("You have logged out").await;
    assert_eq!(b.path().await, "/login");
    let (status, body) = get_with_token("/_matrix/client/v3/account/whoami", &token);
    assert_eq!(
        (status, body["errcode"].as_str()),
        (401, Some("M_UNKNOWN_TOKEN"))
    );
    assert!(b
        .storage("sessionStorage", "curator.session")
        .await
        .is_none());
    // The login page offers to clear what this browser keeps of the admin's work.
    let entry = r#"[{"t":1795996800000,"a":"Quarantine","x":"mxc://example.org/abc","k":true,"o":"Quarantined"}]"#;
    b.client
        .execute(
            "window.localStorage.setItem('curator.actions', arguments[0]);",
            vec![serde_json::json!(entry)],
        )
        .await
        .expect("script");
    b.click_button("Clear the action log and job reports").await;
    b.wait_text("Cleared from this browser: 1 logged action, 0 job reports.")
        .await;
    assert!(b.storage("localStorage", "curator.actions").await.is_none());
    b.finish().await;
}

#[tokio::test]
async fn a_dead_token_returns_to_login_and_back_to_the_same_page() {
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto("/rooms?q=Town").await;
    b.wait_text("Town Square").await;
    // The token dies elsewhere (another tab, another admin, an expiry).
    let token = b.stored_token().await;
    assert_eq!(
        post_with_token("/_matrix/client/v3/logout", &token, serde_json::json!({})),
        200
    );
    b.client.refresh().await.unwrap();
    b.wait_text("Your session has ended").await;
    assert_eq!(b.path().await, "/login?next=%2Frooms%3Fq%3DTown");
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    assert_eq!(b.path().await, "/rooms?q=Town");
    b.wait_text("Town Square").await;
    b.finish().await;
}

#[tokio::test]
async fn restrict_homeserver_refuses_any_other_server() {
    let b = Browser::start().await;
    b.goto_url(&format!("{}/login", restricted_app_url())).await;
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
    assert!(b.path().await.starts_with("/login"));
    // The allowed one still works.
    b.fill("Homeserver", seed().homeserver()).await;
    b.click_button("Sign in").await;
    b.find("//h1[normalize-space(.)='Users']").await;
    b.finish().await;
}
