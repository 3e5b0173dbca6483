//! Statistics and the server-wide sweeps, against the real server: what the page lists agrees
//! with the admin API, "Delete media" deletes exactly what its preview listed, and "Purge
//! remote media" removes the cached copy of a file from the federated peer.

use crate::harness::*;
use serde_json::{json, Value};

/// A fresh account of this run, made through the admin API.
struct Account {
    user_id: String,
    token: String,
}

fn admin_send(method: &str, path: &str, body: Value) -> Value {
    let url = format!("{}{}", seed().homeserver(), path);
    ureq::request(method, &url)
        .set("Authorization", &format!("Bearer {}", seed().admin_token()))
        .send_json(body)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
        .into_json()
        .expect("JSON body")
}

impl Account {
    fn create(localpart: &str, displayname: &str) -> Account {
        let user_id = format!("@{localpart}:{}", seed().server_name());
        admin_send(
            "PUT",
            &format!("/_synapse/admin/v2/users/{}", encode(&user_id)),
            json!({"password": "not-used-Aa1!", "displayname": displayname}),
        );
        let login = admin_send(
            "POST",
            &format!("/_synapse/admin/v1/users/{}/login", encode(&user_id)),
            json!({}),
        );
        Account {
            user_id,
            token: login["access_token"].as_str().unwrap().to_owned(),
        }
    }

    /// Uploads `len` bytes no other file has (so quarantine's same-hash spill-over stays out).
    fn upload(&self, name: &str, len: usize) -> String {
        upload_to(seed().homeserver(), &self.token, name, &unique_bytes(len))
    }
}

fn upload_to(homeserver: &str, token: &str, name: &str, bytes: &[u8]) -> String {
    let url = format!(
        "{homeserver}/_matrix/media/v3/upload?filename={}",
        encode(name)
    );
    let r: Value = ureq::post(&url)
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/octet-stream")
        .send_bytes(bytes)
        .unwrap_or_else(|e| panic!("upload {name}: {e}"))
        .into_json()
        .unwrap();
    r["content_uri"].as_str().unwrap().to_owned()
}

fn unique_bytes(len: usize) -> Vec<u8> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let mut x = (u64::from(std::process::id()) << 20) | (N.fetch_add(1, Ordering::SeqCst) + 1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// The user ids of the statistics table, in the order shown: read in one script, since the
/// table can be redrawn between reading one row and the next.
async fn listed(b: &Browser) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll('table.list > tbody > tr > td:first-child > a')).map(a => a.textContent);";
    let rows = b.client.execute(script, vec![]).await.expect("script");
    serde_json::from_value(rows).unwrap_or_default()
}

fn api_order(query: &str) -> Vec<String> {
    admin_get(&format!(
        "/_synapse/admin/v1/statistics/users/media?{query}"
    ))["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["user_id"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until the table shows `want` (the list redraws after each click).
async fn wait_listed(b: &Browser, want: &[String]) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let got = listed(b).await;
        if got == want {
            return;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("the table shows {got:?}, the admin API {want:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Sets a date input the way a date picker does: its value, then an input event.
async fn pick_date(b: &Browser, label: &str, day: &str) {
    let input = b.field(label).await;
    b.client
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&input).unwrap(), json!(day)],
        )
        .await
        .expect("set date");
}

#[tokio::test]
async fn statistics_sorting_search_and_date_range_agree_with_the_admin_api() {
    let tag = format!("st{}x", std::process::id());
    let (a, bb, c) = (
        Account::create(&format!("{tag}a"), "Zed"),
        Account::create(&format!("{tag}b"), "Mia"),
        Account::create(&format!("{tag}c"), "Abe"),
    );
    for i in 0..3 {
        a.upload(&format!("a{i}.bin"), 10_000);
    }
    bb.upload("b.bin", 50_000);
    for i in 0..5 {
        c.upload(&format!("c{i}.bin"), 1_000);
    }
    let ids = |v: [&Account; 3]| v.map(|x| x.user_id.clone()).to_vec();

    let b = Browser::start().await;
    b.login_admin().await;
    b.click_link("Statistics").await;
    b.wait_text("Top 10 users by bytes stored").await;
    b.fill("Search users", &tag).await;
    b.click_button("Apply").await;
    // Biggest first by default.
    let by_bytes = api_order(&format!("search_term={tag}&order_by=media_length&dir=b"));
    assert_eq!(by_bytes, ids([&bb, &a, &c]));
    wait_listed(&b, &by_bytes).await;
    b.wait_text("Listed here (3 users)").await;
    // 30,000 + 50,000 + 5,000 bytes.
    b.wait_text("83 KiB").await;
    // The chart is of the same filter: its bars are these three users, biggest first.
    let bars = "return Array.from(document.querySelectorAll('figure.chart [role=listitem]')).map(g => g.getAttribute('aria-label'));";
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let labels: Vec<String> =
            serde_json::from_value(b.client.execute(bars, vec![]).await.expect("script"))
                .unwrap_or_default();
        let users: Vec<String> = labels
            .iter()
            .map(|l| l.split(": ").next().unwrap_or("").to_owned())
            .collect();
        if users == by_bytes {
            assert!(labels[0].ends_with(": 49 KiB"), "{labels:?}");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "chart shows {labels:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    b.click_button("Files").await;
    let by_files = api_order(&format!("search_term={tag}&order_by=media_count&dir=f"));
    assert_eq!(by_files, ids([&bb, &a, &c]));
    wait_listed(&b, &by_files).await;
    b.click_button("Files ▲").await;
    let by_files_desc = api_order(&format!("search_term={tag}&order_by=media_count&dir=b"));
    assert_eq!(by_files_desc, ids([&c, &a, &bb]));
    wait_listed(&b, &by_files_desc).await;
    b.click_button("Display name").await;
    let by_name = api_order(&format!("search_term={tag}&order_by=displayname&dir=f"));
    assert_eq!(by_name, ids([&c, &bb, &a]));
    wait_listed(&b, &by_name).await;
    b.click_button("User ID").await;
    wait_listed(&b, &ids([&a, &bb, &c])).await;

    // Search narrows to one.
    b.fill("Search users", &format!("{tag}b")).await;
    b.click_button("Apply").await;
    wait_listed(&b, &ids([&bb, &bb, &bb])[..1]).await;

    // Upload dates: today has all three, tomorrow none, and an inverted range is refused by
    // the form before anything is sent.
    let today = chrono::Utc::now().date_naive();
    let tomorrow = today.succ_opt().unwrap();
    b.fill("Search users", &tag).await;
    pick_date(&b, "Uploaded from", &today.to_string()).await;
    pick_date(&b, "Uploaded until", &today.to_string()).await;
    b.click_button("Apply").await;
    assert!(b.path().await.contains(&format!("from={today}")));
    wait_listed(&b, &ids([&a, &bb, &c])).await;
    pick_date(&b, "Uploaded from", &tomorrow.to_string()).await;
    b.wait_text("before it starts").await;
    let apply = b.button("Apply").await;
    assert!(
        apply.attr("disabled").await.unwrap().is_some(),
        "an inverted range cannot be applied"
    );
    pick_date(&b, "Uploaded until", &tomorrow.to_string()).await;
    b.click_button("Apply").await;
    b.wait_text("No user with uploads matches.").await;
    let from_ms = tomorrow
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let api = admin_get(&format!(
        "/_synapse/admin/v1/statistics/users/media?search_term={tag}&from_ts={from_ms}"
    ));
    assert_eq!(api["total"], 0, "{api}");
    b.finish().await;
}

#[tokio::test]
async fn delete_media_deletes_exactly_the_previewed_files_and_keeps_avatars_protected_and_quarantined(
) {
    const MIB: usize = 1024 * 1024;
    let owner = Account::create(&format!("sweep{}", std::process::id()), "Sweeper");
    let big1 = owner.upload("big-1.bin", 2 * MIB + 10_000);
    let big2 = owner.upload("big-2.bin", 2 * MIB + 20_000);
    let protected = owner.upload("big-protected.bin", 2 * MIB + 30_000);
    let quarantined = owner.upload("big-quarantined.bin", 2 * MIB + 40_000);
    let avatar = owner.upload("big-avatar.bin", 2 * MIB + 50_000);
    let small = owner.upload("small.bin", MIB);
    let id = |mxc: &str| mxc.rsplit('/').next().unwrap().to_owned();
    admin_send(
        "POST",
        &format!("/_synapse/admin/v1/media/protect/{}", id(&protected)),
        json!({}),
    );
    admin_send(
        "POST",
        &format!(
            "/_synapse/admin/v1/media/quarantine/{}",
            media_path(&quarantined)
        ),
        json!({}),
    );
    let url = format!(
        "{}/_matrix/client/v3/profile/{}/avatar_url",
        seed().homeserver(),
        encode(&owner.user_id)
    );
    ureq::put(&url)
        .set("Authorization", &format!("Bearer {}", owner.token))
        .send_json(json!({"avatar_url": avatar}))
        .expect("set avatar");

    let b = Browser::start().await;
    b.login_admin().await;
    b.goto("/statistics/media").await;
    b.click_button("Delete media").await;
    b.wait_text("never quarantined or protected files").await;
    b.click_toggle("Any age (now)").await;
    b.fill("Larger than (in bytes)", &(2 * MIB).to_string())
        .await;
    b.wait_text("= 2.0 MiB").await;
    b.click_button("Preview").await;
    // Nothing else on the server is over 2 MiB: the preview is exactly the two plain big files.
    b.wait_text("Would delete 2 files (4.0 MiB)").await;
    b.wait_text("1 file kept (2.0 MiB): a user's profile image, kept as asked")
        .await;
    b.wait_text("1 file kept (2.0 MiB): quarantined").await;
    b.wait_text("1 file kept (2.0 MiB): protected").await;
    b.find(&format!(
        "//table//a[normalize-space(.)={}]",
        xpath_str(&owner.user_id)
    ))
    .await;
    let delete = b.button("Delete 2 files").await;
    assert!(
        delete.attr("disabled").await.unwrap().is_some(),
        "the server name is asked first"
    );
    b.fill("Type the server name", "wrong.example").await;
    assert!(delete.attr("disabled").await.unwrap().is_some());
    b.fill("Type the server name", seed().server_name()).await;
    b.click_button("Delete 2 files").await;
    b.wait_text("Synapse deleted 2 files: exactly the files the preview listed.")
        .await;
    b.click(&format!(
        "//summary[starts-with(normalize-space(.), {})]",
        xpath_str("Deleted media ids (2)")
    ))
    .await;
    b.wait_text(&id(&big1)).await;
    b.wait_text(&id(&big2)).await;

    assert_eq!(info_status(&big1), 404);
    assert_eq!(info_status(&big2), 404);
    for kept in [&protected, &quarantined, &avatar, &small] {
        assert_eq!(info_status(kept), 200, "{kept} must stay");
    }
    // The action log has it, with its filter and result.
    b.click("//div[@role='dialog']//button[normalize-space(.)='Close']")
        .await;
    b.click_link("Audit").await;
    b.wait_text("Delete media (server-wide)").await;
    b.wait_text("larger than 2,097,152 bytes, profile images kept")
        .await;
    b.wait_text("Synapse deleted 2 files (2 as previewed, 0 not previewed, 0 previewed but kept)")
        .await;
    b.finish().await;
}

#[tokio::test]
async fn purge_remote_media_removes_the_cached_copy_and_shows_synapses_count() {
    let _cache = REMOTE_CACHE.lock().await;
    let peer_dir = std::env::var("CURATOR_E2E_PEER_DIR").unwrap();
    let peer: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{peer_dir}/seed.json")).unwrap())
            .unwrap();
    let remote = upload_to(
        peer["homeserver"].as_str().unwrap(),
        peer["users"]["alice"]["access_token"].as_str().unwrap(),
        "cached-here.bin",
        &unique_bytes(20_000),
    );
    // Someone here opens it: this server fetches it over federation and keeps a copy.
    let (status, _) = get_with_token(
        &format!("/_matrix/client/v1/media/download/{}", media_path(&remote)),
        seed().admin_token(),
    );
    assert_eq!(status, 200);
    assert_eq!(info_status(&remote), 200, "cached here");

    let b = Browser::start().await;
    b.login_admin().await;
    b.goto("/statistics/media").await;
    b.click_button("Purge remote media").await;
    b.wait_text("files uploaded to this server are never touched")
        .await;
    b.wait_text("Quarantined copies are skipped").await;
    b.click_toggle("All cached remote media (now)").await;
    b.click("//div[@role='dialog']//button[normalize-space(.)='Purge remote media']")
        .await;
    b.wait_text("Done: Synapse removed").await;
    let text = b.find("//p[@role='status']").await.text().await.unwrap();
    let count: u64 = text
        .trim_start_matches("Done: Synapse removed ")
        .split(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("{text}"));
    assert!(count >= 1, "{text}");
    assert_eq!(info_status(&remote), 404, "the cached copy is gone");
    b.click("//div[@role='dialog']//button[normalize-space(.)='Close']")
        .await;
    b.click_link("Audit").await;
    b.wait_text(&format!("Synapse removed {count} cached remote files"))
        .await;
    b.finish().await;
}

#[tokio::test]
async fn the_retention_planner_gives_commands_without_the_token_and_previews_the_local_policy() {
    let b = Browser::start().await;
    b.login_admin().await;
    b.click_link("Retention").await;
    b.wait_text("Keep cached remote media for 30 days").await;
    b.click_toggle("Apply this policy").await; // the first is the remote one: now off
    b.wait_text("Turn on a policy above").await;
    b.click_toggle("Apply this policy").await;
    b.find("//section[@aria-labelledby='local-policy']//label[starts-with(normalize-space(.), 'Apply this policy')]//input")
        .await
        .click()
        .await
        .unwrap();
    // Out of range: a count reaching before 1971, and a size Synapse cannot store.
    b.fill("Delete local media not accessed for (days)", "36500")
        .await;
    b.wait_text("Days is a whole number from 1 to 20000.").await;
    b.fill("Delete local media not accessed for (days)", "400")
        .await;
    b.fill("Larger than (in bytes)", "9223372036854775808")
        .await;
    b.wait_text("“Larger than” is a whole number from 0 to 9223372036854775807.")
        .await;
    b.fill("Larger than (in bytes)", "1048576").await;
    b.wait_text("= 1.0 MiB").await;
    let commands = b
        .find("//pre[@aria-label='curl commands']")
        .await
        .text()
        .await
        .unwrap();
    let hs = seed().homeserver().trim_end_matches('/');
    assert!(
        commands.contains(&format!("'{hs}/_synapse/admin/v1/purge_media_cache?before_ts='\"$(( ($(date +%s) - 30 * 86400) * 1000 ))\"")),
        "{commands}"
    );
    assert!(
        commands.contains("/_synapse/admin/v1/media/delete?before_ts='\"$(( ($(date +%s) - 400 * 86400) * 1000 ))\"'&size_gt=1048576&keep_profiles=true'"),
        "{commands}"
    );
    // The token goes to curl on standard input, never on its command line.
    assert!(
        commands.contains(
            "printf 'Authorization: Bearer %s\\n' \"$ADMIN_TOKEN\" | curl -fsS -X POST -H @- "
        ),
        "{commands}"
    );
    let cron = b
        .find("//pre[@aria-label='crontab line']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        cron.contains("date +\\%s") && cron.starts_with("15 4 * * *"),
        "{cron}"
    );
    let yaml = b
        .find("//pre[@aria-label='media_retention configuration']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        yaml.contains("local_media_lifetime: 400d") && yaml.contains("remote_media_lifetime: 30d"),
        "{yaml}"
    );
    b.wait_text("media_retention has no size limit").await;
    assert!(
        !b.body_text().await.contains(seed().admin_token()),
        "the admin's token is never on the page"
    );
    // The preview of the local policy: nothing on this fresh server is 400 days old.
    b.click_button("Preview").await;
    b.wait_text("Would delete 0 files").await;
    let delete = b.button("Delete 0 files").await;
    assert!(delete.attr("disabled").await.unwrap().is_some());
    b.click("//div[@role='dialog']//button[normalize-space(.)='Cancel']")
        .await;
    b.finish().await;
}
