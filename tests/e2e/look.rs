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

/// The figures the overview should show, read from the admin API: files, uploaders, open
/// reports, the biggest uploader.
fn server_figures() -> (u64, u64, u64, String) {
    let (mut files, mut from) = (0u64, 0u64);
    let mut biggest = String::new();
    let uploaders = loop {
        let page = admin_get(&format!(
            "/_synapse/admin/v1/statistics/users/media?from={from}&limit=1000&order_by=media_length&dir=b"
        ));
        let users = page["users"].as_array().unwrap();
        if from == 0 {
            biggest = users[0]["user_id"].as_str().unwrap().to_owned();
        }
        files += users
            .iter()
            .map(|u| u["media_count"].as_u64().unwrap())
            .sum::<u64>();
        from += users.len() as u64;
        if users.is_empty() || from >= page["total"].as_u64().unwrap() {
            break page["total"].as_u64().unwrap();
        }
    };
    let reports = admin_get("/_synapse/admin/v1/event_reports?limit=1")["total"]
        .as_u64()
        .unwrap();
    (files, uploaders, reports, biggest)
}

async fn figure(b: &Browser, term: &str) -> String {
    b.find(&format!(
        "//dl[@class='figures']/dt[normalize-space(.)='{term}']/following-sibling::dd[1]"
    ))
    .await
    .text()
    .await
    .unwrap()
    .trim()
    .to_owned()
}

#[tokio::test]
async fn the_overview_shows_the_servers_figures_as_the_admin_api_tells_them() {
    let b = Browser::start().await;
    b.login_admin().await;
    let version = synapse_version();
    // Other tests upload and delete meanwhile: compare when the server held still around the
    // page's reading.
    let mut tries = 0;
    loop {
        tries += 1;
        let before = server_figures();
        b.goto("/").await;
        b.find("//h1[normalize-space(.)='Overview']").await;
        let shown = (
            figure(&b, "Files").await,
            figure(&b, "Uploaders").await,
            figure(&b, "Open reports").await,
        );
        b.find(&format!(
            "//section[@aria-labelledby='overview-media']//ol/li[1]/a[normalize-space(.)='{}']",
            before.3
        ))
        .await;
        let after = server_figures();
        let expected = (
            curator::model::units::group_thousands(before.0),
            curator::model::units::group_thousands(before.1),
            curator::model::units::group_thousands(before.2),
        );
        if before == after {
            assert_eq!(shown, expected);
            break;
        }
        assert!(tries < 10, "the server never held still");
    }
    assert_eq!(figure(&b, "Synapse").await, version);
    // Each figure leads to its page.
    b.click(
        "//dl[@class='figures']/dt[normalize-space(.)='Open reports']/following-sibling::dd[1]/a",
    )
    .await;
    b.find("//h1[starts-with(normalize-space(.), 'Reports')]")
        .await;
    b.finish().await;
}

#[tokio::test]
async fn on_a_phone_the_media_tab_is_a_list_of_cards_and_the_header_a_menu() {
    let b = Browser::start().await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.login_admin().await;
    let biggest =
        admin_get("/_synapse/admin/v1/statistics/users/media?limit=1&order_by=media_count&dir=b")
            ["users"][0]["user_id"]
            .as_str()
            .unwrap()
            .to_owned();
    b.goto(&format!("/users/{}/media", encode(&biggest))).await;
    b.find("//table[contains(@class, 'media')]//tr[@data-mxc]")
        .await;
    let fits = js(
        &b,
        "return [document.documentElement.scrollWidth, window.innerWidth, \
         Math.max(...[...document.querySelectorAll('tr[data-mxc] td.actions button')] \
             .map(e => e.getBoundingClientRect().right)), \
         getComputedStyle(document.querySelector('table.media thead')).display];",
    )
    .await;
    let (scroll, width) = (fits[0].as_f64().unwrap(), fits[1].as_f64().unwrap());
    assert!(width <= 400.0, "the window is phone-sized: {fits}");
    assert!(scroll <= width, "no horizontal scrolling: {fits}");
    assert!(
        fits[2].as_f64().unwrap() <= width,
        "every action button is on screen: {fits}"
    );
    assert_eq!(fits[3], "none", "cards, not a table header: {fits}");
    // The navigation sits behind "Menu", which a page change closes again.
    let nav = "return getComputedStyle(document.getElementById('main-nav')).display;";
    assert_eq!(js(&b, nav).await, "none");
    b.click_button("Menu").await;
    assert_eq!(js(&b, nav).await, "flex");
    b.click_link("Rooms").await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    assert_eq!(js(&b, nav).await, "none");
    b.finish().await;
}

async fn choose(b: &Browser, picker: &str, value: &str) {
    b.find(&format!(
        "//select[@aria-label={}]/option[@value='{value}']",
        xpath_str(picker)
    ))
    .await
    .click()
    .await
    .unwrap();
}

#[tokio::test]
async fn the_language_follows_the_browser_can_be_chosen_and_is_remembered() {
    // A browser that prefers German gets German, from the login page on.
    let b = Browser::start_with(&["--lang=de-DE"]).await;
    b.goto("/login").await;
    b.find("//label[starts-with(normalize-space(.), 'Benutzername')]")
        .await;
    assert_eq!(js(&b, "return document.documentElement.lang;").await, "de");
    choose(&b, "Sprache", "en").await;
    b.find("//label[starts-with(normalize-space(.), 'Username')]")
        .await;
    b.login_admin().await;
    // French from the header: the navigation and the overview's figures follow.
    choose(&b, "Language", "fr").await;
    b.find("//nav//a[normalize-space(.)='Utilisateurs']").await;
    b.goto("/").await;
    b.find("//h1[normalize-space(.)='Vue d’ensemble']").await;
    b.find("//dt[normalize-space(.)='Fichiers']").await;
    b.client.refresh().await.unwrap();
    b.find("//nav//a[normalize-space(.)='Utilisateurs']").await;
    // Persian turns the page right to left.
    choose(&b, "Langue", "fa").await;
    b.find("//nav//a[normalize-space(.)='کاربران']").await;
    assert_eq!(js(&b, "return document.documentElement.dir;").await, "rtl");
    assert_eq!(
        js(
            &b,
            "return getComputedStyle(document.querySelector('.topbar')).direction;"
        )
        .await,
        "rtl"
    );
    // A Matrix id inside a Persian sentence keeps its own direction (isolated), so it reads
    // "@bob:…", not "bob:…@".
    b.goto(&format!("/users/{}/media", encode(&user_id("bob"))))
        .await;
    let isolated = format!("\u{2068}{}\u{2069}", user_id("bob"));
    let mut text = String::new();
    for _ in 0..100 {
        text = js(
            &b,
            "return (document.querySelector('main') || document.body).textContent;",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned();
        if text.contains(&isolated) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(text.contains(&isolated), "{text}");
    b.finish().await;
}
