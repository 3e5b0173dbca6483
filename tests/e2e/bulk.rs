//! Bulk work that finishes: every file, with progress, and nothing outside the selection.

use crate::harness::*;
use serde_json::Value;

fn media_total(user_id: &str) -> u64 {
    admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=1",
        encode(user_id)
    ))["total"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn delete_all_media_of_a_user_really_deletes_all_1050() {
    let spammer = bulk("spammer")["user_id"].as_str().unwrap().to_owned();
    let bob = seed().user("bob")["user_id"].as_str().unwrap().to_owned();
    let bob_before = media_total(&bob);
    assert_eq!(media_total(&spammer), 1050);
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/users/{}/media", encode(&spammer))).await;
    b.wait_text("1,050 files uploaded by").await;
    b.click_button("Delete all media").await;
    b.wait_text("Deletes 1,050 files").await;
    // Nothing is protected, so both ways delete everything; this is the page-by-page one.
    b.click_toggle("Keep protected files").await;
    b.click_button("Delete 1,050 files").await;
    // Progress is visible while it runs.
    b.find("//div[@role='dialog']//progress").await;
    b.wait_text("of 1,050 processed").await;
    wait_finished(&b).await;
    b.wait_text("1,050 of 1,050 processed · 1,050 done · 0 failed · 0 skipped")
        .await;
    b.wait_text("Verified: 0 files remain.").await;
    assert_eq!(media_total(&spammer), 0, "every file is gone, not one page");
    assert_eq!(
        media_total(&bob),
        bob_before,
        "nobody else's media was touched"
    );
    // The job is listed with its report.
    b.click_button("Close").await;
    b.click_link("Jobs").await;
    b.find(&format!(
        "//tr[td[contains(., {})]][td='Finished']",
        xpath_str(&spammer)
    ))
    .await;
    b.finish().await;
}

#[tokio::test]
async fn keep_protected_files_keeps_exactly_the_protected_ones() {
    let data = bulk("protector");
    let user = data["user_id"].as_str().unwrap().to_owned();
    let mxcs = bulk_mxcs(&data);
    let protected: Vec<&String> = mxcs.iter().take(3).collect();
    for mxc in &protected {
        let id = mxc.rsplit('/').next().unwrap();
        assert_eq!(
            post_with_token(
                &format!("/_synapse/admin/v1/media/protect/{id}"),
                seed().admin_token(),
                serde_json::json!({})
            ),
            200
        );
    }
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/users/{}/media", encode(&user))).await;
    b.wait_text("30 files uploaded by").await;
    b.click_button("Delete all media").await;
    b.wait_text("Deletes 27 files").await;
    b.click_button("Delete 27 files").await;
    wait_finished(&b).await;
    b.wait_text("30 of 30 processed · 27 done · 0 failed · 3 skipped")
        .await;
    b.wait_text("Verified: 3 files remain (3 protected, kept as asked).")
        .await;
    let left = admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=100",
        encode(&user)
    ));
    let mut left_ids: Vec<String> = left["media"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["media_id"].as_str().unwrap().to_owned())
        .collect();
    let mut want: Vec<String> = protected
        .iter()
        .map(|m| m.rsplit('/').next().unwrap().to_owned())
        .collect();
    left_ids.sort();
    want.sort();
    assert_eq!(
        left_ids, want,
        "the protected files remain, and nothing else"
    );
    b.finish().await;
}

#[tokio::test]
async fn room_delete_all_removes_every_local_file_and_skips_remote_ones() {
    let data = bulk("roomspammer");
    let room = data["room_id"].as_str().unwrap().to_owned();
    let mxcs = bulk_mxcs(&data);
    assert_eq!(mxcs.len(), 120);
    let alice = seed().user("alice")["user_id"].as_str().unwrap().to_owned();
    let alice_before = media_total(&alice);
    let refs = admin_get(&format!("/_synapse/admin/v1/room/{}/media", encode(&room)));
    let remote: Vec<String> = refs["remote"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(!remote.is_empty(), "the federated room has remote media");
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/rooms/{}/media", encode(&room))).await;
    b.click_button("Delete all media").await;
    b.wait_text("Deletes 120 local files").await;
    b.wait_text("Excluded: 1 remote file").await;
    b.click_button("Delete 120 files").await;
    wait_finished(&b).await;
    b.wait_text("121 of 121 processed · 120 done · 0 failed · 1 skipped")
        .await;
    for mxc in &mxcs {
        assert_eq!(info_status(mxc), 404, "{mxc} should be deleted");
    }
    assert_eq!(
        media_total(&alice),
        alice_before,
        "files outside the room were not touched"
    );
    b.finish().await;
}

#[tokio::test]
async fn an_encrypted_room_has_no_delete_all() {
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!(
        "/rooms/{}/media",
        encode(seed().room("encrypted"))
    ))
    .await;
    b.button("Quarantine all media").await;
    b.wait_text("No “Delete all media” here").await;
    assert!(b
        .find_all("//button[normalize-space(.)='Delete all media']")
        .await
        .is_empty());
    b.finish().await;
}

fn quarantined(mxc: &str) -> bool {
    let rest = mxc.strip_prefix("mxc://").unwrap();
    let (server, id) = rest.split_once('/').unwrap();
    let (_, info) = get_with_token(
        &format!("/_synapse/admin/v1/media/{}/{id}", encode(server)),
        seed().admin_token(),
    );
    info["media_info"]["quarantined_by"].is_string()
}

#[tokio::test]
async fn multi_select_quarantines_exactly_the_selected_files() {
    let data = bulk("selector");
    let user = data["user_id"].as_str().unwrap().to_owned();
    let mxcs = bulk_mxcs(&data);
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/users/{}/media", encode(&user))).await;
    b.wait_text("8 files uploaded by").await;
    let chosen = &mxcs[..5];
    for mxc in chosen {
        b.click(&format!(
            "//tr[@data-mxc={}]//input[@type='checkbox']",
            xpath_str(mxc)
        ))
        .await;
    }
    b.wait_text("5 selected").await;
    b.click("//*[@role='toolbar']//button[normalize-space(.)='Quarantine']")
        .await;
    wait_finished(&b).await;
    b.wait_text("5 of 5 processed · 5 done · 0 failed · 0 skipped")
        .await;
    for mxc in chosen {
        assert!(quarantined(mxc), "{mxc} was selected");
    }
    for mxc in &mxcs[5..] {
        assert!(!quarantined(mxc), "{mxc} was not selected");
    }
    b.finish().await;
}

#[tokio::test]
async fn quarantine_all_media_of_a_user_reports_synapses_count() {
    let data = bulk("quarantiner");
    let user = data["user_id"].as_str().unwrap().to_owned();
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/users/{}/media", encode(&user))).await;
    b.wait_text("4 files uploaded by").await;
    b.click_button("Quarantine all media").await;
    b.wait_text("also quarantines every byte-identical copy")
        .await;
    b.click_button("Quarantine 4 files").await;
    b.wait_text("Synapse quarantined 4 files").await;
    for mxc in data["mxcs"].as_array().unwrap() {
        assert!(quarantined(mxc.as_str().unwrap()));
    }
    b.finish().await;
}

/// What the fault-injecting proxy did.
fn proxy_stats() -> Value {
    let url = format!(
        "{}/__proxy/stats",
        std::env::var("CURATOR_PROXY_URL").unwrap()
    );
    ureq::get(&url).call().unwrap().into_json().unwrap()
}

#[tokio::test]
async fn a_job_through_faults_reports_every_item_and_retry_failed_completes_it() {
    let data = bulk("faulty");
    let user = data["user_id"].as_str().unwrap().to_owned();
    let mxcs = bulk_mxcs(&data);
    assert_eq!(mxcs.len(), 500);
    // One protected file keeps "Keep protected files" meaningful, so the job deletes file by
    // file (the requests the proxy interferes with) instead of by pages.
    let kept = mxcs[0].rsplit('/').next().unwrap().to_owned();
    let protect = format!("/_synapse/admin/v1/media/protect/{kept}");
    assert_eq!(
        post_with_token(&protect, seed().admin_token(), serde_json::json!({})),
        200
    );
    let app = std::env::var("CURATOR_FAULTY_APP_URL").unwrap();
    let b = Browser::start().await;
    b.goto_url(&format!("{}users/{}/media", app, encode(&user)))
        .await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.wait_text("500 files uploaded by").await;
    b.click_button("Delete all media").await;
    b.click_button("Delete 499 files").await;
    wait_finished(&b).await;

    // Every item ended done or failed with its reason; the failed ones are exactly the files
    // the proxy kept failing, and they are still on the server.
    let stats = proxy_stats();
    let doomed: Vec<String> = stats["doomed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    assert!(!doomed.is_empty(), "{stats}");
    assert!(
        stats["injected_429"].as_u64().unwrap() > 0 && stats["dropped"] == 1,
        "{stats}"
    );
    let n = doomed.len();
    b.wait_text(&format!(
        "500 of 500 processed · {} done · {n} failed · 1 skipped",
        499 - n
    ))
    .await;
    b.wait_text("HTTP 500").await;
    let left = admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=1000",
        encode(&user)
    ));
    let mut left_ids: Vec<String> = left["media"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["media_id"].as_str().unwrap().to_owned())
        .collect();
    let mut want = doomed.clone();
    want.push(kept.clone());
    left_ids.sort();
    want.sort();
    assert_eq!(
        left_ids, want,
        "the server holds exactly what the report says failed or skipped"
    );

    b.click_button("Retry failed").await;
    b.wait_text("500 of 500 processed · 499 done · 0 failed · 1 skipped")
        .await;
    wait_finished(&b).await;
    assert_eq!(media_total(&user), 1, "only the protected file is left");
    b.finish().await;
}

#[tokio::test]
async fn delete_all_media_of_three_selected_users_touches_no_one_else() {
    let victims: Vec<String> = ["victim1", "victim2", "victim3"]
        .iter()
        .map(|v| bulk(v)["user_id"].as_str().unwrap().to_owned())
        .collect();
    for v in &victims {
        assert_eq!(media_total(v), 5);
    }
    let bob = seed().user("bob")["user_id"].as_str().unwrap().to_owned();
    let carol = seed().user("carol")["user_id"].as_str().unwrap().to_owned();
    let (bob_before, carol_before) = (media_total(&bob), media_total(&carol));
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto("/users?q=victim").await;
    b.wait_text("1–3 of 3").await;
    b.click_toggle("Select page").await;
    b.wait_text("3 selected").await;
    b.click("//*[@role='toolbar']//button[normalize-space(.)='Delete all media']")
        .await;
    // The dialog says what the selection holds before anything runs.
    b.wait_text("In all: 15 local files").await;
    let confirm = b.button("Delete all media of 3 users").await;
    assert!(
        confirm.attr("disabled").await.unwrap().is_some(),
        "typing the count comes first"
    );
    b.fill("Type 3 to confirm", "3").await;
    b.click_button("Delete all media of 3 users").await;
    wait_finished(&b).await;
    b.wait_text("3 of 3 processed · 3 done · 0 failed · 0 skipped")
        .await;
    b.wait_text("3 succeeded, 0 failed, 0 skipped").await;
    for v in &victims {
        assert_eq!(media_total(v), 0, "{v}");
    }
    assert_eq!(
        (media_total(&bob), media_total(&carol)),
        (bob_before, carol_before)
    );
    b.finish().await;
}

#[tokio::test]
async fn room_delete_all_keeps_another_users_file_and_a_protected_file_by_default() {
    let data = bulk("forwarder");
    let room = data["room_id"].as_str().unwrap().to_owned();
    let own = bulk_mxcs(&data);
    let forwarded = data["forwarded"].as_str().unwrap().to_owned();
    let outsider = data["forwarded_by"].as_str().unwrap().to_owned();
    let protected = own[0].clone();
    let id = protected.rsplit('/').next().unwrap();
    let protect = format!("/_synapse/admin/v1/media/protect/{id}");
    assert_eq!(
        post_with_token(&protect, seed().admin_token(), serde_json::json!({})),
        200
    );
    let refs = admin_get(&format!("/_synapse/admin/v1/room/{}/media", encode(&room)));
    assert!(
        refs["local"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == forwarded.as_str()),
        "the room's list holds the outsider's file: {refs}"
    );
    let b = Browser::start().await;
    b.login_admin().await;
    b.goto(&format!("/rooms/{}/media", encode(&room))).await;
    b.click_button("Delete all media").await;
    // The preview says whose files these are, and what the defaults leave out.
    b.wait_text(&format!("{outsider} (not in the room)")).await;
    b.wait_text("Deletes 3 local files").await;
    b.wait_text("1 file of 1 uploader left out; 1 protected file kept")
        .await;
    b.click_button("Delete 3 files").await;
    wait_finished(&b).await;
    b.wait_text("3 of 3 processed · 3 done · 0 failed · 0 skipped")
        .await;
    assert_eq!(info_status(&forwarded), 200, "another user's file survives");
    assert_eq!(info_status(&protected), 200, "the protected file survives");
    for mxc in &own[1..] {
        assert_eq!(info_status(mxc), 404, "{mxc} should be deleted");
    }
    b.finish().await;
}

/// The status line of the open job dialog.
async fn dialog_status(b: &Browser) -> String {
    b.find("//div[@role='dialog']//p[@class='job-status']")
        .await
        .text()
        .await
        .unwrap_or_default()
}

async fn wait_status(b: &Browser, want: &str) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let status = dialog_status(b).await;
        if status == want {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "job status {status:?}, waited for {want:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_job_runs_in_exactly_one_tab_and_passes_over_when_that_tab_lets_go() {
    let data = bulk("twotabs");
    let user = data["user_id"].as_str().unwrap().to_owned();
    let mxcs = bulk_mxcs(&data);
    assert_eq!(mxcs.len(), 300);
    // A protected file makes the job delete file by file, one request at a time: slow enough
    // to pause before it ends.
    let kept = mxcs[0].rsplit('/').next().unwrap().to_owned();
    assert_eq!(
        post_with_token(
            &format!("/_synapse/admin/v1/media/protect/{kept}"),
            seed().admin_token(),
            serde_json::json!({})
        ),
        200
    );
    let b = Browser::start().await;
    b.login_admin().await;
    b.client
        .execute(
            "localStorage.setItem('curator.jobs.concurrency', '1')",
            vec![],
        )
        .await
        .unwrap();
    b.goto(&format!("/users/{}/media", encode(&user))).await;
    b.wait_text("300 files uploaded by").await;
    b.click_button("Delete all media").await;
    b.click_button("Delete 299 files").await;
    b.click_button("Pause").await;
    wait_status(&b, "Paused").await;
    let tab_a = b.client.window().await.unwrap();

    // A second tab of the same browser: it shows the job as running there, with no Resume,
    // Pause or Cancel of its own.
    let tab_b = b.client.new_window(true).await.unwrap().handle;
    b.client.switch_to_window(tab_b.clone()).await.unwrap();
    b.goto("/jobs").await;
    b.sign_in_with_password("admin", seed().admin_password())
        .await;
    b.find("//h1[normalize-space(.)='Jobs']").await;
    b.wait_text("Running in another tab").await;
    b.click_button("Open").await;
    wait_status(&b, "Running in another tab").await;
    for button in ["Resume", "Pause", "Cancel", "Retry failed"] {
        let found = b
            .client
            .find_all(fantoccini::Locator::XPath(&format!(
                "//div[@role='dialog']//button[normalize-space(.)='{button}']"
            )))
            .await
            .unwrap();
        assert!(found.is_empty(), "the second tab offers {button}");
    }

    // The first tab signs out: its run stops (paused: signed out) and lets go of the job.
    b.client.switch_to_window(tab_a).await.unwrap();
    b.click_button("Close").await;
    b.click_button("Log out").await;
    b.find("//button[normalize-space(.)='Sign in']").await;

    // The second tab sees the job was left and may now resume it, under its own session.
    b.client.switch_to_window(tab_b).await.unwrap();
    wait_status(&b, "Interrupted: its tab closed, reloaded or signed out").await;
    b.click_button("Resume").await;
    wait_finished(&b).await;
    b.wait_text("300 of 300 processed · 299 done · 0 failed · 1 skipped")
        .await;
    assert_eq!(media_total(&user), 1, "only the protected file is left");
    b.finish().await;
}
