//! The users and rooms lists agree with what the admin API says, page by page.

use crate::harness::*;

fn api_user_names(query: &str) -> (Vec<String>, u64) {
    let v = admin_get(&format!("/_synapse/admin/v2/users?{query}"));
    let names = v["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    (names, v["total"].as_u64().unwrap())
}

async fn shown_user_ids(b: &Browser) -> Vec<String> {
    let mut out = Vec::new();
    for cell in b.find_all("//table//tbody/tr/td[2]").await {
        out.push(cell.text().await.unwrap());
    }
    out
}

#[tokio::test]
async fn users_list_pages_through_every_seeded_user_in_server_order() {
    let (all, total) =
        api_user_names("from=0&limit=1000&order_by=name&dir=f&guests=true&deactivated=false");
    assert!(
        total >= 120,
        "the seed should have made at least 120 users, has {total}"
    );
    assert_eq!(all.len() as u64, total);

    let b = Browser::start().await;
    b.login_admin().await;
    b.wait_text(&format!("1–50 of {total}")).await;
    let pages = total.div_ceil(50);
    let mut seen = Vec::new();
    for page in 1..=pages {
        b.wait_text(&format!("Page {page} of {pages}")).await;
        let first = all[((page - 1) * 50) as usize].clone();
        b.find(&format!(
            "//table//td/a[normalize-space(.)={}]",
            xpath_str(&first)
        ))
        .await;
        seen.extend(shown_user_ids(&b).await);
        if page < pages {
            b.click_button("Next").await;
        }
    }
    assert_eq!(
        seen, all,
        "the pages show every user once, in the server's order"
    );
    assert!(b
        .button("Next")
        .await
        .attr("disabled")
        .await
        .unwrap()
        .is_some());
    // The page is in the URL, so a reload keeps it.
    assert_eq!(b.path().await, format!("/users?page={pages}"));
    b.finish().await;
}

#[tokio::test]
async fn users_search_sort_and_deactivated_filter_match_the_api() {
    let b = Browser::start().await;
    b.login_admin().await;
    b.fill("Search users", "user00").await;
    b.click_button("Search").await;
    let (expected, total) = api_user_names("from=0&limit=50&name=user00&order_by=name&dir=f");
    assert_eq!(total, 9);
    b.wait_text("1–9 of 9").await;
    assert_eq!(shown_user_ids(&b).await, expected);

    // Newest first by creation time: one click sorts ascending, the second descending.
    b.goto("/users").await;
    b.click_button("Created").await;
    b.wait_text("▲").await;
    b.click_button("Created ▲").await;
    b.find("//th[@aria-sort='descending']").await;
    let (newest, _) = api_user_names("from=0&limit=50&order_by=creation_ts&dir=b");
    b.find(&format!(
        "//tbody/tr[1]/td[2][normalize-space(.)={}]",
        xpath_str(&newest[0])
    ))
    .await;
    assert_eq!(shown_user_ids(&b).await, newest);
    assert_eq!(b.path().await, "/users?order=creation_ts&dir=b");

    // Deactivated accounts appear only when asked for.
    let zoe = seed().0["deactivated"].as_str().unwrap().to_owned();
    b.goto("/users?q=zoe").await;
    b.wait_text("0 of 0").await;
    b.click_toggle("Show deactivated").await;
    b.find(&format!("//td/a[normalize-space(.)={}]", xpath_str(&zoe)))
        .await;
    b.finish().await;
}

#[tokio::test]
async fn rooms_list_shows_encryption_and_opens_a_room() {
    let rooms = admin_get("/_synapse/admin/v1/rooms?limit=100");
    let total = rooms["total_rooms"].as_u64().unwrap();
    let b = Browser::start().await;
    b.login_admin().await;
    b.click_link("Rooms").await;
    b.wait_text(&format!("of {total}")).await;
    let encrypted = b
        .find("//tr[td/a[normalize-space(.)='Encrypted Ops']]")
        .await;
    assert!(encrypted
        .text()
        .await
        .unwrap()
        .contains("Encrypted (m.megolm.v1.aes-sha2)"));
    let plain = b.find("//tr[td/a[normalize-space(.)='Town Square']]").await;
    assert!(plain.text().await.unwrap().contains("Not encrypted"));
    // Room ids of version 12 have no server part, and are shown whole.
    let room_id = seed().room("town_square");
    assert!(plain.text().await.unwrap().contains(room_id));
    // The hostile room name is text, not markup.
    b.wait_text("<b>Hostile</b> <img src=x onerror=alert(1)>")
        .await;
    assert!(b.find_all("//img").await.is_empty());

    b.click_link("Town Square").await;
    b.find("//h1[normalize-space(.)='Town Square']").await;
    // The router may show the `!` of the id unencoded; both forms name the same room.
    let path = b.path().await;
    assert!(
        path == format!("/rooms/{room_id}") || path == format!("/rooms/{}", encode(room_id)),
        "{path}"
    );
    // One title and one row of tabs, once the details have loaded.
    b.find("//dt[normalize-space(.)='Room ID']").await;
    assert_eq!(b.find_all("//main//h1").await.len(), 1);
    assert_eq!(b.find_all("//main//*[@role='tablist']").await.len(), 1);
    b.finish().await;
}

#[tokio::test]
async fn deep_links_survive_a_reload() {
    let b = Browser::start().await;
    b.login_admin().await;
    let (all, total) = api_user_names("from=25&limit=25&order_by=name&dir=f");
    b.goto("/users?page=2&size=25").await;
    b.wait_text(&format!("26–50 of {total}")).await;
    b.client.refresh().await.unwrap();
    b.wait_text(&format!("26–50 of {total}")).await;
    assert_eq!(shown_user_ids(&b).await, all);

    let alice = seed().user("alice")["user_id"].as_str().unwrap().to_owned();
    b.goto(&format!("/users/{}", encode(&alice))).await;
    b.find(&format!("//h1[normalize-space(.)={}]", xpath_str(&alice)))
        .await;
    b.wait_text("Alice").await;
    b.client.refresh().await.unwrap();
    b.find(&format!("//h1[normalize-space(.)={}]", xpath_str(&alice)))
        .await;
    b.wait_text("Alice").await;

    let encrypted = seed().room("encrypted");
    b.goto(&format!("/rooms/{}", encode(encrypted))).await;
    b.find("//h1[normalize-space(.)='Encrypted Ops']").await;
    b.client.refresh().await.unwrap();
    b.find("//h1[normalize-space(.)='Encrypted Ops']").await;
    b.wait_text("Encrypted (m.megolm.v1.aes-sha2)").await;
    b.finish().await;
}

#[tokio::test]
async fn the_app_works_under_a_sub_path() {
    let base = std::env::var("CURATOR_SUBPATH_APP_URL").unwrap_or_default();
    assert!(
        !base.is_empty(),
        "scripts/test builds target/dist-subpath; run the e2e tests through it"
    );
    let base = base.trim_end_matches('/').to_owned();
    assert!(base.ends_with("/curator"), "{base}");
    let b = Browser::start().await;
    b.goto_url(&format!("{base}/users")).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.find("//h1[normalize-space(.)='Users']").await;
    assert_eq!(b.path().await, "/curator/users");
    b.click_link("Rooms").await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    assert_eq!(b.path().await, "/curator/rooms");
    b.goto_url(&format!("{base}/rooms?q=Town")).await;
    b.wait_text("Town Square").await;
    b.client.refresh().await.unwrap();
    b.wait_text("Town Square").await;
    // A page in a chunk of its own: the chunk is fetched from under the sub-path too.
    b.click_link("Statistics").await;
    b.find("//h1[normalize-space(.)=\"Users' media\"]").await;
    assert_eq!(b.path().await, "/curator/statistics/media");
    b.finish().await;
}

/// After a deploy replaced the files, an open tab's next chunk is gone: the page says what
/// happened and offers a reload, and the rest of the app goes on working.
#[tokio::test]
async fn a_page_whose_code_is_gone_says_so_and_the_rest_works() {
    let stale = std::env::var("CURATOR_STALE_APP_URL").unwrap_or_default();
    assert!(
        !stale.is_empty(),
        "scripts/e2e serves a copy of dist without the reports chunk"
    );
    let stale = stale.trim_end_matches('/').to_owned();
    let b = Browser::start().await;
    b.goto_url(&format!("{stale}/users")).await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.find("//h1[normalize-space(.)='Users']").await;
    b.click_link("Statistics").await;
    let alert = b
        .find("//*[@role='alert'][contains(., 'could not load the code')]")
        .await;
    let text = alert.text().await.unwrap();
    assert!(text.contains("reload the page"), "{text}");
    b.find("//*[@role='alert']//button[normalize-space(.)='Reload']")
        .await;
    // Nothing aborted: the shell still navigates and the lists still load.
    b.click_link("Rooms").await;
    b.find("//h1[normalize-space(.)='Rooms']").await;
    b.wait_text("Town Square").await;
    let console = b.console().await.join("\n");
    assert!(!console.contains("panicked"), "{console}");
    assert!(!console.contains("unreachable"), "{console}");
    let _ = b.client.close().await;
}
