//! How the app looks to the admin: the colour scheme they chose, remembered.

use crate::harness::*;

async fn js(b: &Browser, script: &str) -> serde_json::Value {
    b.client.execute(script, vec![]).await.expect("script")
}

#[tokio::test]
async fn the_chosen_colour_scheme_applies_at_once_and_survives_a_reload() {
    let b = Browser::start().await;
    b.login_admin().await;
    let root_bg =
        "return getComputedStyle(document.documentElement).getPropertyValue('--bg').trim();";
    // Headless Chromium reports a light system scheme: nothing chosen is light.
    assert_eq!(js(&b, root_bg).await, "#f7f7f9");
    let picker = b.find("//select[@aria-label='Colour scheme']").await;
    picker
        .find(fantoccini::Locator::XPath("./option[@value='dark']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(js(&b, root_bg).await, "#15171b");
    assert_eq!(
        js(&b, "return document.documentElement.dataset.theme;").await,
        "dark"
    );
    b.client.refresh().await.unwrap();
    b.find("//select[@aria-label='Colour scheme']").await;
    assert_eq!(js(&b, root_bg).await, "#15171b", "remembered");
    // A danger button keeps its contrast in the dark scheme: dark text on the light red.
    let danger = js(
        &b,
        "const b = document.createElement('button'); b.className = 'danger'; document.body.append(b); \
         const c = getComputedStyle(b).color; b.remove(); return c;",
    )
    .await;
    assert_eq!(danger, "rgb(29, 5, 3)");
    // Back to the system's scheme: the choice is forgotten.
    b.find("//select[@aria-label='Colour scheme']/option[@value='system']")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(js(&b, root_bg).await, "#f7f7f9");
    b.client.refresh().await.unwrap();
    b.find("//select[@aria-label='Colour scheme']").await;
    assert_eq!(
        js(&b, "return localStorage.getItem('curator.theme');").await,
        serde_json::Value::Null
    );
    b.finish().await;
}
