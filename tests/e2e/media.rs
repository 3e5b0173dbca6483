//! The media tabs and the lookup, checked both on the page and on the server.

use crate::harness::*;
use serde_json::Value;

fn download_status(mxc: &str) -> u16 {
    get_with_token(
        &format!("/_matrix/client/v1/media/download/{}", media_path(mxc)),
        seed().admin_token(),
    )
    .0
}

fn row(mxc: &str) -> String {
    format!("//tr[@data-mxc={}]", xpath_str(mxc))
}

async fn open_user_media(b: &Browser, name: &str) {
    b.goto(&format!("/users/{}/media?size=250", encode(&user_id(name))))
        .await;
    b.wait_text("files uploaded by").await;
}

#[tokio::test]
async fn user_media_tab_lists_every_file_with_paging_and_hostile_names_as_text() {
    let alice = user_id("alice");
    let total = admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=1",
        encode(&alice)
    ))["total"]
        .as_u64()
        .unwrap();
    assert!(
        total > 60,
        "alice should have more than a page of files, has {total}"
    );
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/users/{}", encode(&alice))).await;
    b.click_tab("Media").await;
    b.wait_text(&format!("{total} files uploaded by {alice}"))
        .await;
    b.wait_text(&format!("1–50 of {total}")).await;
    // Newest first, like the admin API's default order.
    let newest = admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=50",
        encode(&alice)
    ));
    let first = newest["media"][0]["media_id"].as_str().unwrap();
    let first_row = b
        .find(&format!(
            "//tbody/tr[1][contains(@data-mxc, {})]",
            xpath_str(first)
        ))
        .await;
    assert!(first_row.text().await.unwrap().contains("Quarantine"));
    b.click_button("Next").await;
    b.wait_text(&format!("51–{total} of {total}")).await;

    // Sorting by size asks the server, largest first on the second click.
    b.click_button("Size").await;
    b.find("//th[@aria-sort='ascending']").await;
    b.click_button("Size ▲").await;
    b.find("//th[@aria-sort='descending']").await;
    let largest = admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=1&order_by=media_length&dir=b",
        encode(&alice)
    ));
    let id = largest["media"][0]["media_id"].as_str().unwrap();
    b.find(&format!(
        "//tbody/tr[1][contains(@data-mxc, {})]",
        xpath_str(id)
    ))
    .await;

    // Untrusted names are text: the markup shows literally and makes no element.
    open_user_media(&b, "alice").await;
    b.wait_text("<img src=x onerror=alert(1)>.png").await;
    assert!(b.find_all("//img[@src='x']").await.is_empty());
    let long = ("very-long-name-".repeat(20))[..296].to_owned() + ".png";
    b.wait_text(&long[..60]).await;
    let overflow = b
        .client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "the long name widens the page by {overflow}px"
    );
    b.finish().await;
}

#[tokio::test]
async fn quarantine_then_unquarantine_from_a_row() {
    let mxc = mxc_of("alice", "screenshot-03.png");
    assert_eq!(download_status(&mxc), 200);
    let b = Browser::start().await;
    b.login_admin().await;
    open_user_media(&b, "alice").await;
    b.click(&format!(
        "{}//button[normalize-space(.)='Quarantine']",
        row(&mxc)
    ))
    .await;
    b.find(&format!(
        "{}//button[normalize-space(.)='Unquarantine']",
        row(&mxc)
    ))
    .await;
    b.find(&format!(
        "{}//button[normalize-space(.)='In quarantine' and @disabled]",
        row(&mxc)
    ))
    .await;
    b.wait_text("Quarantined “screenshot-03.png”").await;
    let state = b
        .find(&format!("{}/td[@class='state']", row(&mxc)))
        .await
        .text()
        .await
        .unwrap();
    assert!(state.starts_with("Quarantined by @admin:"), "{state}");
    let (_, info) = media_info(&mxc);
    assert!(info["media_info"]["quarantined_by"].is_string(), "{info}");
    assert_eq!(download_status(&mxc), 404);

    // Undo from the notification releases it again.
    b.click_button("Undo").await;
    b.find(&format!(
        "{}//button[normalize-space(.)='Quarantine']",
        row(&mxc)
    ))
    .await;
    let (_, info) = media_info(&mxc);
    assert!(info["media_info"]["quarantined_by"].is_null(), "{info}");
    assert_eq!(download_status(&mxc), 200);
    b.finish().await;
}

#[tokio::test]
async fn a_protected_file_cannot_be_quarantined() {
    let mxc = mxc_of("alice", "screenshot-04.png");
    let b = Browser::start().await;
    b.login_admin().await;
    open_user_media(&b, "alice").await;
    b.click(&format!(
        "{}//button[normalize-space(.)='Protect']",
        row(&mxc)
    ))
    .await;
    b.find(&format!(
        "{}//button[normalize-space(.)='Unprotect']",
        row(&mxc)
    ))
    .await;
    let indicator = b
        .find(&format!(
            "{}//button[normalize-space(.)='Protected']",
            row(&mxc)
        ))
        .await;
    assert!(indicator.attr("disabled").await.unwrap().is_some());
    // A quarantine attempt (by any means) now leaves it alone.
    let (_, before) = media_info(&mxc);
    assert_eq!(
        before["media_info"]["safe_from_quarantine"]
            .as_i64()
            .or(before["media_info"]["safe_from_quarantine"]
                .as_bool()
                .map(i64::from)),
        Some(1)
    );
    let path = format!("/_synapse/admin/v1/media/quarantine/{}", media_path(&mxc));
    assert_eq!(
        post_with_token(&path, seed().admin_token(), serde_json::json!({})),
        200
    );
    let (_, after) = media_info(&mxc);
    assert!(after["media_info"]["quarantined_by"].is_null(), "{after}");
    assert_eq!(download_status(&mxc), 200);
    b.finish().await;
}

#[tokio::test]
async fn delete_asks_first_then_the_file_is_gone() {
    // Dave's file: the other tests count alice's, and run at the same time.
    let mxc = mxc_of("dave", "dance.gif");
    let b = Browser::start().await;
    b.login_admin().await;
    open_user_media(&b, "dave").await;
    b.click(&format!(
        "{}//button[normalize-space(.)='Delete']",
        row(&mxc)
    ))
    .await;
    let dialog = b.find("//div[@role='dialog']").await;
    let text = dialog.text().await.unwrap();
    assert!(
        text.contains("dance.gif") && text.contains("cannot be undone") && text.contains(&mxc),
        "{text}"
    );
    // Cancel touches nothing.
    b.click_button("Cancel").await;
    assert_eq!(media_info(&mxc).0, 200);
    b.click(&format!(
        "{}//button[normalize-space(.)='Delete']",
        row(&mxc)
    ))
    .await;
    b.click_button("Delete file").await;
    b.wait_text("Deleted “dance.gif”").await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while !b.find_all(&row(&mxc)).await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the deleted row is still listed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(media_info(&mxc).0, 404);
    b.finish().await;
}

#[tokio::test]
async fn quarantine_reaches_another_users_identical_copy() {
    let original = mxc_of("alice", "original.png");
    let copy = mxc_of("bob", "copy-of-original.png");
    let b = Browser::start().await;
    b.login_admin().await;
    open_user_media(&b, "alice").await;
    b.click(&format!(
        "{}//button[normalize-space(.)='Quarantine']",
        row(&original)
    ))
    .await;
    b.wait_text("every byte-identical copy").await;
    let (_, info) = media_info(&copy);
    assert!(
        info["media_info"]["quarantined_by"].is_string(),
        "bob's copy: {info}"
    );
    open_user_media(&b, "bob").await;
    let state = b
        .find(&format!("{}/td[@class='state']", row(&copy)))
        .await
        .text()
        .await
        .unwrap();
    assert!(state.starts_with("Quarantined by"), "{state}");
    b.find(&format!(
        "{}//button[normalize-space(.)='Unquarantine']",
        row(&copy)
    ))
    .await;
    b.finish().await;
}

#[tokio::test]
async fn room_tab_lists_local_files_with_metadata_and_notes_encryption() {
    let room = seed().room("media_dump");
    let refs = admin_get(&format!("/_synapse/admin/v1/room/{}/media", encode(room)));
    let mut local: Vec<&str> = refs["local"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    local.sort();
    local.dedup();
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/rooms/{}", encode(room))).await;
    b.click_tab("Media").await;
    b.wait_text(&format!("{} files referenced in this room", local.len()))
        .await;
    // One of alice's files (another test deletes one of dave's in this room meanwhile).
    let alice = user_id("alice");
    let alices = local
        .iter()
        .copied()
        .find(|m| media_info(m).1["media_info"]["user_id"].as_str() == Some(alice.as_str()))
        .expect("alice has files in Media Dump");
    let shown = b.find(&row(alices)).await.text().await.unwrap();
    assert!(shown.contains(&alice), "uploader shown: {shown}");
    b.find(&format!(
        "{}//a[normalize-space(.)={}]",
        row(alices),
        xpath_str(&alice)
    ))
    .await;
    assert!(
        b.find_all("//p[@role='note']").await.is_empty(),
        "no encryption note for a plain room"
    );

    b.goto(&format!(
        "/rooms/{}/media",
        encode(seed().room("encrypted"))
    ))
    .await;
    b.wait_text("This room is end-to-end encrypted").await;
    let ops = mxc_of("alice", "ops-diagram.png");
    b.find(&row(&ops)).await;
    b.finish().await;
}

/// Opening a room's media tab reads each thing it shows once: the room, its list, its
/// members and the uploaders' lists (or each file's record) are never fetched twice for one
/// page (they were: the rows were read again once the room's list arrived).
#[tokio::test]
async fn a_room_media_tab_reads_each_thing_once() {
    let room = seed().room("media_dump");
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/rooms/{}/media", encode(room))).await;
    b.find("//p[@class='summary']").await;
    // A second read would start once the first page is drawn: give it the time to show.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let urls = b
        .client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
                .filter(n => n.includes('/_synapse/admin/'));",
            vec![],
        )
        .await
        .unwrap();
    let urls: Vec<String> = urls
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_owned())
        .collect();
    assert!(
        urls.iter()
            .any(|u| u.contains("/media?") || u.contains("/_synapse/admin/v1/media/")),
        "the page read its files' records: {urls:?}"
    );
    let mut twice: Vec<&String> = urls
        .iter()
        .filter(|u| urls.iter().filter(|v| v == u).count() > 1)
        .collect();
    twice.dedup();
    assert!(twice.is_empty(), "read more than once: {twice:?}");
    b.finish().await;
}

#[tokio::test]
async fn remote_media_is_shown_as_remote_cached_after_a_download_and_quarantinable() {
    let _cache = REMOTE_CACHE.lock().await;
    let fed: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/federation.json",
            std::env::var("CURATOR_E2E_DIR").unwrap()
        ))
        .unwrap(),
    )
    .unwrap();
    let room = fed["room_id"].as_str().unwrap();
    let remote = fed["remote_mxc"].as_str().unwrap();
    let peer = fed["peer_server_name"].as_str().unwrap();
    let b = Browser::start().await;
    b.login_admin().await;
    // Remote files come after the local ones; other tests post 120 local files into this room.
    b.goto(&format!("/rooms/{}/media?size=250", encode(room)))
        .await;
    let r = b.find(&row(remote)).await;
    let text = r.text().await.unwrap();
    if media_info(remote).0 == 404 {
        assert!(
            text.contains("Not cached here") && text.contains(&format!("remote, from {peer}")),
            "{text}"
        );
        let q = b
            .find(&format!(
                "{}//button[normalize-space(.)='Quarantine']",
                row(remote)
            ))
            .await;
        assert!(
            q.attr("disabled").await.unwrap().is_some(),
            "nothing to quarantine before it is cached"
        );
    }
    let delete = b
        .find(&format!(
            "{}//button[normalize-space(.)='Delete']",
            row(remote)
        ))
        .await;
    assert!(
        delete.attr("disabled").await.unwrap().is_some(),
        "remote media is never deleted here"
    );

    // Someone on this server views it: now it is cached here, with metadata.
    assert_eq!(download_status(remote), 200);
    b.client.refresh().await.unwrap();
    b.find(&format!(
        "{}//td[normalize-space(.)='image/png']",
        row(remote)
    ))
    .await;
    let text = b.find(&row(remote)).await.text().await.unwrap();
    assert!(
        !text.contains("Not cached here") && text.contains(&format!("remote, from {peer}")),
        "{text}"
    );
    b.click(&format!(
        "{}//button[normalize-space(.)='Quarantine']",
        row(remote)
    ))
    .await;
    b.find(&format!(
        "{}//button[normalize-space(.)='Unquarantine']",
        row(remote)
    ))
    .await;
    let (_, info) = media_info(remote);
    assert!(info["media_info"]["quarantined_by"].is_string(), "{info}");
    assert_eq!(download_status(remote), 404);
    b.finish().await;
}

#[tokio::test]
async fn lookup_finds_a_file_by_mxc_and_by_report_url() {
    let mxc = mxc_of("alice", "a_note.txt");
    let id = mxc.rsplit('/').next().unwrap().to_owned();
    let b = Browser::start().await;
    b.login_admin().await;
    b.click_link("Media").await;
    b.fill("mxc URI or media URL", "https://example.org/not/media")
        .await;
    b.click_button("Look up").await;
    b.wait_text("is not a Matrix media download or thumbnail URL")
        .await;

    b.fill("mxc URI or media URL", &mxc).await;
    b.click_button("Look up").await;
    b.find(&row(&mxc)).await;
    b.wait_text(&user_id("alice")).await;
    b.wait_text("a_note.txt").await;

    let url = format!(
        "{}/_matrix/client/v1/media/download/{}/{id}/a_note.txt?allow_redirect=true",
        seed().homeserver(),
        encode(seed().server_name())
    );
    b.goto("/media").await;
    b.fill("mxc URI or media URL", &url).await;
    b.click_button("Look up").await;
    b.find(&row(&mxc)).await;
    let path = b.path().await;
    assert!(path.ends_with(&format!("/{id}")), "{path}");
    // The uploader links to their page.
    b.click_link(&user_id("alice")).await;
    b.find(&format!(
        "//h1[normalize-space(.)={}]",
        xpath_str(&user_id("alice"))
    ))
    .await;
    b.finish().await;
}

#[tokio::test]
async fn previews_load_blurred_through_blob_urls_and_reveal_on_request() {
    let mxc = mxc_of("carol", "carol-holiday-1.png");
    let b = Browser::start().await;
    b.login_admin().await;
    open_user_media(&b, "carol").await;
    let img = b
        .find(&format!("{}//img[contains(@class, 'preview')]", row(&mxc)))
        .await;
    let src = img.attr("src").await.unwrap().unwrap_or_default();
    assert!(
        src.starts_with("blob:"),
        "previews are fetched with the token and shown from a blob: {src}"
    );
    assert!(img
        .attr("class")
        .await
        .unwrap()
        .unwrap()
        .contains("blurred"));
    assert!(
        b.find_all("//img[starts-with(@src, 'http')]")
            .await
            .is_empty(),
        "no image points at the homeserver"
    );
    b.click(&format!(
        "{}//button[normalize-space(.)='Reveal']",
        row(&mxc)
    ))
    .await;
    let img = b
        .find(&format!("{}//img[contains(@class, 'preview')]", row(&mxc)))
        .await;
    assert!(!img
        .attr("class")
        .await
        .unwrap()
        .unwrap()
        .contains("blurred"));
    // A screenshot for people reviewing a change (not asserted).
    if let Ok(png) = b.client.screenshot().await {
        let _ = std::fs::write("target/e2e-media.png", png);
    }
    b.finish().await;
}
