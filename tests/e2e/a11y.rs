//! Accessibility: axe-core on every page and every dialog, in the light and the dark colour
//! scheme; serious and critical violations fail. Dialogs keep the focus, close on Escape and
//! give the focus back.

use crate::harness::*;

/// Every route, with data behind it.
fn routes() -> Vec<(String, String)> {
    let bob = encode(&user_id("bob"));
    let room = encode(seed().room("media_dump"));
    let report = admin_get("/_synapse/admin/v1/event_reports?limit=1")["event_reports"][0]["id"]
        .as_u64()
        .map(|id| format!("/reports/{id}"));
    let mut out = vec![
        ("/".to_owned(), "Overview".to_owned()),
        ("/users".into(), "Users".into()),
        (format!("/users/{bob}"), user_id("bob")),
        (format!("/users/{bob}/media"), user_id("bob")),
        ("/rooms".into(), "Rooms".into()),
        (format!("/rooms/{room}"), String::new()),
        (format!("/rooms/{room}/media"), String::new()),
        ("/media".into(), "Media".into()),
        ("/statistics/media".into(), "Users' media".into()),
        ("/retention".into(), "Retention".into()),
        ("/jobs".into(), "Jobs".into()),
        ("/audit".into(), "Audit".into()),
        ("/reports".into(), "Reports".into()),
    ];
    if let Some(r) = report {
        out.push((r, "Report".into()));
    }
    out
}

async fn set_scheme(b: &Browser, scheme: &str) {
    b.client
        .execute(
            "localStorage.setItem('curator.theme', arguments[0]); return true;",
            vec![serde_json::Value::String(scheme.to_owned())],
        )
        .await
        .unwrap();
}

/// Waits for the page's heading and for its "Reading…"/"Loading…" notes to go.
async fn settled(b: &Browser, heading: &str) {
    b.find(&format!(
        "//main//h1[contains(normalize-space(.), {})]",
        xpath_str(heading)
    ))
    .await;
    for _ in 0..100 {
        let busy = b
            .client
            .execute(
                "return document.querySelectorAll('[aria-busy=\"true\"]').length;",
                vec![],
            )
            .await
            .unwrap();
        if busy == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Runs axe on the open dialog once it has read what it shows, then closes it with `close`.
async fn check_dialog(
    b: &Browser,
    scheme: &str,
    name: &str,
    close: &str,
    failures: &mut Vec<String>,
) {
    b.find("//div[@role='dialog']").await;
    settled(b, "").await;
    for v in b.axe().await {
        failures.push(format!("[{scheme}] dialog {name}: {v}"));
    }
    b.click(&format!(
        "//div[@role='dialog']//button[normalize-space(.)={}]",
        xpath_str(close)
    ))
    .await;
}

#[tokio::test]
async fn every_page_and_dialog_passes_axe_in_both_colour_schemes() {
    let b = Browser::start().await;
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        b.goto("/login").await;
        set_scheme(&b, scheme).await;
        b.goto("/login").await;
        b.find("//h1").await;
        for v in b.axe().await {
            failures.push(format!("[{scheme}] /login: {v}"));
        }
        if scheme == "light" {
            b.login_admin().await;
        }
        for (path, heading) in routes() {
            b.goto(&path).await;
            settled(&b, &heading).await;
            for v in b.axe().await {
                failures.push(format!("[{scheme}] {path}: {v}"));
            }
        }
        // The dialogs: a user's bulk delete, one file's delete, the server-wide sweep, the
        // remote purge.
        let bob = encode(&user_id("bob"));
        b.goto(&format!("/users/{bob}/media")).await;
        settled(&b, &user_id("bob")).await;
        for (open, name) in [
            ("Delete all media", "bulk delete"),
            ("Delete", "file delete"),
        ] {
            b.click(&format!(
                "(//main//button[normalize-space(.)={}])[1]",
                xpath_str(open)
            ))
            .await;
            check_dialog(&b, scheme, name, "Cancel", &mut failures).await;
        }
        b.goto("/statistics/media").await;
        settled(&b, "Users' media").await;
        for open in ["Delete media", "Purge remote media"] {
            b.click_button(open).await;
            check_dialog(&b, scheme, open, "Cancel", &mut failures).await;
        }
        // The users list's selection dialog and a room's bulk delete.
        b.goto("/users").await;
        settled(&b, "Users").await;
        b.click_toggle("Select page").await;
        b.click("//*[@role='toolbar']//button[normalize-space(.)='Delete all media']")
            .await;
        check_dialog(&b, scheme, "selection delete", "Cancel", &mut failures).await;
        let room = encode(seed().room("media_dump"));
        b.goto(&format!("/rooms/{room}/media")).await;
        b.click_button("Delete all media").await;
        check_dialog(&b, scheme, "room delete", "Cancel", &mut failures).await;
        // A job's dialog: a job runs once, on a user of this test's own (`a11y`, 3 files),
        // and is opened again from the Jobs page in the dark scheme.
        if scheme == "light" {
            let user = encode(bulk("a11y")["user_id"].as_str().unwrap());
            b.goto(&format!("/users/{user}/media")).await;
            b.click_button("Delete all media").await;
            b.click_button("Delete 3 files").await;
            wait_finished(&b).await;
        } else {
            b.goto("/jobs").await;
            settled(&b, "Jobs").await;
            b.click_button("Open").await;
        }
        check_dialog(&b, scheme, "job", "Close", &mut failures).await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    b.finish().await;
}

async fn active_in_dialog(b: &Browser) -> bool {
    b.client
        .execute(
            "const d = document.querySelector(\"[role='dialog']\"); \
             return !!d && d.contains(document.activeElement);",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn a_dialog_keeps_the_focus_closes_on_escape_and_gives_the_focus_back() {
    const TAB: &str = "\u{E004}";
    const ESCAPE: &str = "\u{E00C}";
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/users/{}/media", encode(&user_id("bob"))))
        .await;
    // One file's delete confirmation.
    let opener = "(//main//td[@class='actions']/button[normalize-space(.)='Delete'])[1]";
    b.click(opener).await;
    b.find("//div[@role='dialog']").await;
    // The dialog takes the focus once it is on screen (the next animation frame).
    for _ in 0..20 {
        if active_in_dialog(&b).await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let focused = b
        .client
        .execute(
            "const a = document.activeElement; return a ? a.outerHTML.slice(0, 200) : 'none';",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        active_in_dialog(&b).await,
        "the focus moves into the dialog; it is on {focused}"
    );
    for _ in 0..12 {
        b.client
            .active_element()
            .await
            .unwrap()
            .send_keys(TAB)
            .await
            .unwrap();
        assert!(active_in_dialog(&b).await, "Tab stays in the dialog");
    }
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(ESCAPE)
        .await
        .unwrap();
    for _ in 0..50 {
        if b.find_all("//div[@role='dialog']").await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        b.find_all("//div[@role='dialog']").await.is_empty(),
        "Escape closed it"
    );
    let back = b
        .client
        .execute(
            "return document.activeElement && document.activeElement.textContent.trim();",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        back, "Delete",
        "the focus is back on the button that opened it"
    );
    // The bulk dialogs read their preview while open: the focus stays in them through it.
    b.click_button("Delete all media").await;
    b.find("//div[@role='dialog']").await;
    b.find("//div[@role='dialog']//button[starts-with(normalize-space(.), 'Delete ')]")
        .await;
    for _ in 0..20 {
        if active_in_dialog(&b).await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        active_in_dialog(&b).await,
        "the focus is in the bulk dialog once its preview is read"
    );
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(ESCAPE)
        .await
        .unwrap();
    b.finish().await;
}
