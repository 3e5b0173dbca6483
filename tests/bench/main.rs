//! The benchmark (not part of the test command): `scripts/bench` starts and seeds a Synapse,
//! then this drives the built app in Chromium and a bare client side by side and prints a table.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::*;
use serde_json::Value;

async fn js_heap_mb(b: &Browser) -> f64 {
    let v = b
        .client
        .execute(
            "return (performance.memory && performance.memory.usedJSHeapSize) || 0;",
            vec![],
        )
        .await
        .unwrap();
    v.as_f64().unwrap_or(0.0) / 1_048_576.0
}

/// Opens `path` as a new page load and returns the milliseconds from navigation to its heading,
/// and the wasm files and bytes (uncompressed) the page fetched. The browser cache is warm, so
/// this times fetching from the cache, compiling and instantiating the main module and the
/// chunks the page needs, and the first render, not the network.
async fn first_render(b: &Browser, path: &str) -> (f64, usize, f64) {
    b.goto(path).await;
    let v = b
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const check = () => {
                if (document.querySelector('main h1')) {
                    const wasm = performance.getEntriesByType('resource')
                        .filter(e => e.name.split('?')[0].endsWith('.wasm'));
                    done([performance.now(), wasm.length,
                          wasm.reduce((n, e) => n + e.decodedBodySize, 0)]);
                } else {
                    requestAnimationFrame(check);
                }
            };
            check();"#,
            vec![],
        )
        .await
        .unwrap();
    let n = |i: usize| v[i].as_f64().unwrap_or(0.0);
    (n(0), n(1) as usize, n(2))
}

async fn set_concurrency(b: &Browser, n: usize) {
    b.goto("/jobs").await;
    b.fill("Requests in flight per job", &n.to_string()).await;
    // The field saves on change.
    b.click_link("Jobs").await;
}

/// Deletes each of `mxcs` with `threads` threads, as fast as the server answers.
fn bare_delete(mxcs: &[String], threads: usize) -> f64 {
    let start = tokio::time::Instant::now();
    let chunks: Vec<Vec<String>> = mxcs
        .chunks(mxcs.len().div_ceil(threads))
        .map(|c| c.to_vec())
        .collect();
    let handles: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let base = seed().homeserver().to_owned();
            let token = seed().admin_token().to_owned();
            std::thread::spawn(move || {
                let agent = ureq::Agent::new();
                for mxc in chunk {
                    let rest = mxc.strip_prefix("mxc://").unwrap();
                    let (server, id) = rest.split_once('/').unwrap();
                    let url = format!("{base}/_synapse/admin/v1/media/{}/{id}", encode(server));
                    agent
                        .delete(&url)
                        .set("Authorization", &format!("Bearer {token}"))
                        .call()
                        .expect("delete");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    start.elapsed().as_secs_f64()
}

/// Waits (up to 10 minutes) for the preview's result and returns how many files it read.
async fn wait_preview(b: &Browser) -> usize {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(600);
    loop {
        let body = b.body_text().await;
        if let Some(rest) = body.split(" of the ").nth(1) {
            if let Some(n) = rest.split(" local files read").next() {
                if let Ok(n) = n.replace(',', "").parse() {
                    return n;
                }
            }
        }
        assert!(tokio::time::Instant::now() < deadline, "no preview: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Reads every user's media list (the statistics, then pages of 1000), `threads` users at a time.
fn bare_read_all(threads: usize) -> f64 {
    let start = tokio::time::Instant::now();
    let users: Vec<String> = admin_get("/_synapse/admin/v1/statistics/users/media?limit=1000")
        ["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["user_id"].as_str().unwrap().to_owned())
        .collect();
    let handles: Vec<_> = users
        .chunks(users.len().div_ceil(threads).max(1))
        .map(|chunk| {
            let chunk = chunk.to_vec();
            std::thread::spawn(move || {
                for user in chunk {
                    let mut from = 0;
                    loop {
                        let page = admin_get(&format!(
                            "/_synapse/admin/v1/users/{}/media?from={from}&limit=1000",
                            encode(&user)
                        ));
                        let n = page["media"].as_array().unwrap().len();
                        from += n;
                        if n == 0 || from as u64 >= page["total"].as_u64().unwrap() {
                            break;
                        }
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    start.elapsed().as_secs_f64()
}

/// Median, min and max of `v` (not empty).
fn spread(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// A room's "Delete all media" from the app at `base`: seconds from the click to the preview's
/// confirm button, and from the confirm to the job's end.
async fn room_delete(b: &Browser, base: &str, user: &str) -> (f64, f64) {
    let room = bulk(user);
    b.goto_url(&format!(
        "{base}rooms/{}/media",
        encode(room["room_id"].as_str().unwrap())
    ))
    .await;
    let open = b.button("Delete all media").await;
    let start = tokio::time::Instant::now();
    open.click().await.unwrap();
    let confirm = b.find("//div[@role='dialog']//button[starts-with(normalize-space(.), 'Delete ') and contains(., 'files')]").await;
    let preview = start.elapsed().as_secs_f64();
    let start = tokio::time::Instant::now();
    confirm.click().await.unwrap();
    wait_finished(b).await;
    let delete = start.elapsed().as_secs_f64();
    b.click_button("Close").await;
    (preview, delete)
}

/// The repeated room figures: the app on its own origin, next to Synapse on one origin, and a
/// bare client, each on a fresh room per run.
async fn repeated_rooms(b: &Browser) {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let same_url = std::env::var("BENCH_SAME_ORIGIN_URL").unwrap_or_default();
    let same = if same_url.is_empty() {
        None
    } else {
        let s = Browser::start().await;
        s.goto_url(&format!("{same_url}login")).await;
        s.sign_in_with_password("admin", seed().admin_password())
            .await;
        s.find("//h1[normalize-space(.)='Users']").await;
        Some(s)
    };
    set_concurrency(b, 4).await;
    let own = format!("{}/", app_url());
    let files = bulk_mxcs(&bulk("roomcross1")).len();
    let (mut preview, mut delete) = (Vec::new(), Vec::new());
    let (mut preview_same, mut delete_same, mut bare) = (Vec::new(), Vec::new(), Vec::new());
    for r in 1..=runs {
        let (p, d) = room_delete(b, &own, &format!("roomcross{r}")).await;
        preview.push(p);
        delete.push(d);
        if let Some(s) = &same {
            let (p, d) = room_delete(s, &same_url, &format!("roomsame{r}")).await;
            preview_same.push(p);
            delete_same.push(d);
        }
        let mxcs = bulk_mxcs(&bulk(&format!("roombare{r}")));
        bare.push(
            tokio::task::spawn_blocking(move || bare_delete(&mxcs, 4))
                .await
                .unwrap(),
        );
    }
    println!(
        "\n| a room of {files} files, {runs} runs, 4 in flight | median s | min s | max s |\n|---|---:|---:|---:|"
    );
    let row = |name: &str, v: &[f64]| {
        if !v.is_empty() {
            let (m, lo, hi) = spread(v.to_vec());
            println!("| {name} | {m:.2} | {lo:.2} | {hi:.2} |");
        }
    };
    row(
        "\"Delete all media\" → preview ready, app on its own origin",
        &preview,
    );
    row(
        "\"Delete all media\" → preview ready, app next to Synapse (one origin)",
        &preview_same,
    );
    row("confirm → all deleted, app on its own origin", &delete);
    row(
        "confirm → all deleted, app next to Synapse (one origin)",
        &delete_same,
    );
    row("bare client: DELETE media/<id>, 4 threads", &bare);
    if let Some(s) = same {
        s.finish().await;
    }
}

#[tokio::test]
async fn bench() {
    let mut rows: Vec<(String, usize, f64)> = Vec::new();
    let b = Browser::start().await;
    b.login_admin().await;
    let heap_before = js_heap_mb(&b).await;

    // Opening a page by its URL: the initial load (users list) and the two split groups.
    let someone = bulk("benchui")["user_id"].as_str().unwrap().to_owned();
    let mut loads = Vec::new();
    for (name, path) in [
        ("users list (initial load)", "/users".to_owned()),
        (
            "a user's page (media group)",
            format!("/users/{}", encode(&someone)),
        ),
        ("statistics (reports group)", "/statistics/media".to_owned()),
    ] {
        // The second load of each is the one timed: the first fills the cache.
        first_render(&b, &path).await;
        loads.push((name, first_render(&b, &path).await));
    }

    // The server-wide "Delete media" preview: every user's media list, read through the job
    // engine (4 users at a time), before anything below deletes them.
    b.goto("/statistics/media").await;
    b.click_button("Delete media").await;
    b.click_toggle("Any age (now)").await;
    let start = tokio::time::Instant::now();
    b.click_button("Preview").await;
    let read = wait_preview(&b).await;
    rows.push((
        "Curator: \"Delete media\" preview (every user's media list)".into(),
        read,
        start.elapsed().as_secs_f64(),
    ));
    b.click("//div[@role='dialog']//button[normalize-space(.)='Cancel']")
        .await;
    let secs = tokio::task::spawn_blocking(|| bare_read_all(4))
        .await
        .unwrap();
    rows.push((
        "bare client: the same lists, pages of 1000, 4 threads".into(),
        read,
        secs,
    ));

    // A user's "Delete all media" (default: keep protected files, one request a file).
    set_concurrency(&b, 4).await;
    let ui = bulk("benchui");
    let n = ui["mxcs"].as_array().unwrap().len();
    b.goto(&format!(
        "/users/{}/media",
        encode(ui["user_id"].as_str().unwrap())
    ))
    .await;
    b.click_button("Delete all media").await;
    b.wait_text(&format!(
        "Delete {} files",
        n.to_string()
            .chars()
            .rev()
            .collect::<Vec<_>>()
            .chunks(3)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(",")
            .chars()
            .rev()
            .collect::<String>()
    ))
    .await;
    let start = tokio::time::Instant::now();
    b.find("//div[@role='dialog']//button[starts-with(normalize-space(.), 'Delete ') and contains(., 'files')]").await.click().await.unwrap();
    wait_finished(&b).await;
    rows.push((
        "Curator: user \"Delete all media\" (nothing protected: page deletes)".into(),
        n,
        start.elapsed().as_secs_f64(),
    ));
    let heap_after = js_heap_mb(&b).await;
    b.click_button("Close").await;

    // The same calls from a bare client.
    let bare = bulk("benchbare");
    let mxcs = bulk_mxcs(&bare);
    let secs = tokio::task::spawn_blocking(move || bare_delete(&mxcs, 4))
        .await
        .unwrap();
    rows.push(("bare client: DELETE media/<id>, 4 threads".into(), n, secs));

    // The page delete from a bare client: DELETE users/<id>/media?from=0&limit=250 until empty.
    let paged = bulk("benchpage");
    let user = paged["user_id"].as_str().unwrap().to_owned();
    let secs = tokio::task::spawn_blocking(move || {
        let start = tokio::time::Instant::now();
        let url = format!(
            "{}/_synapse/admin/v1/users/{}/media?from=0&limit=250",
            seed().homeserver(),
            encode(&user)
        );
        loop {
            let r: Value = ureq::delete(&url)
                .set("Authorization", &format!("Bearer {}", seed().admin_token()))
                .call()
                .expect("page delete")
                .into_json()
                .unwrap();
            if r["total"] == 0 {
                break;
            }
        }
        start.elapsed().as_secs_f64()
    })
    .await
    .unwrap();
    rows.push((
        "bare client: DELETE users/<id>/media?limit=250 until empty".into(),
        n,
        secs,
    ));

    // A room's "Delete all media" at concurrency 1, 4 and 8 (one DELETE per file).
    for (c, user) in [(1, "benchroom1"), (4, "benchroom4"), (8, "benchroom8")] {
        set_concurrency(&b, c).await;
        let room = bulk(user);
        let files = room["mxcs"].as_array().unwrap().len();
        b.goto(&format!(
            "/rooms/{}/media",
            encode(room["room_id"].as_str().unwrap())
        ))
        .await;
        b.click_button("Delete all media").await;
        let button = b.find("//div[@role='dialog']//button[starts-with(normalize-space(.), 'Delete ') and contains(., 'files')]").await;
        let start = tokio::time::Instant::now();
        button.click().await.unwrap();
        wait_finished(&b).await;
        rows.push((
            format!("Curator: room \"Delete all media\", c={c}"),
            files,
            start.elapsed().as_secs_f64(),
        ));
        b.click_button("Close").await;
    }

    println!("\n| run | files | seconds | files/s |\n|---|---:|---:|---:|");
    for (name, files, secs) in &rows {
        println!(
            "| {name} | {files} | {secs:.1} | {:.0} |",
            *files as f64 / secs
        );
    }
    println!("\n| page opened by its URL | wasm files | wasm bytes | ms to its heading |\n|---|---:|---:|---:|");
    for (name, (ms, files, bytes)) in &loads {
        println!("| {name} | {files} | {bytes:.0} | {ms:.0} |");
    }
    println!("\nJS heap of the page: {heap_before:.1} MB after sign-in, {heap_after:.1} MB after the 10,000-file job.");
    repeated_rooms(&b).await;
    b.finish().await;
}
