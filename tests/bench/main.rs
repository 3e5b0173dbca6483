//! The benchmark (not part of the test command): `scripts/bench` starts and seeds a Synapse,
//! then this drives the built app in Chromium and a bare client side by side and prints a table.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::*;
use serde_json::Value;

/// The page's JS heap in MB after a full garbage collection: what it holds, not what it has not
/// yet collected (Chromium runs with `--expose-gc` and precise memory figures, see `bench`).
async fn js_heap_mb(b: &Browser) -> f64 {
    let v = b
        .client
        .execute(
            "if (window.gc) { window.gc(); } return (performance.memory && performance.memory.usedJSHeapSize) || 0;",
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

/// Runs `f` `BENCH_RUNS`-style: the number of runs from the environment variable `var`.
fn runs_from(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// What a room's media tab showed after a page load: ms from navigation to its rows, the DOM
/// nodes of the whole page (elements, text, comments), the rows, the nodes under the table's
/// body per row, and the requests to the homeserver (CORS preflights are not listed by the
/// browser: add one per new URL when the app is on another origin).
struct Draw {
    ms: f64,
    nodes: f64,
    rows: f64,
    per_row: f64,
    api: f64,
}

async fn open_media_tab(b: &Browser, url: &str) -> Draw {
    b.goto_url(url).await;
    let v = b
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const count = (el) => { const w = document.createTreeWalker(el, NodeFilter.SHOW_ALL);
                                    let n = 1; while (w.nextNode()) n++; return n; };
            const check = () => {
                const body = document.querySelector('table.media tbody');
                const rows = body ? body.querySelectorAll('tr[data-mxc]').length : 0;
                if (rows > 0 && document.querySelector('p.summary')) {
                    const api = performance.getEntriesByType('resource')
                        .filter(e => e.name.includes('/_synapse/') || e.name.includes('/_matrix/')).length;
                    done([performance.now(), count(document), rows, (count(body) - 1) / rows, api]);
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
    Draw {
        ms: n(0),
        nodes: n(1),
        rows: n(2),
        per_row: n(3),
        api: n(4),
    }
}

/// Clicks the element at `xpath` and returns the seconds until `until` (a JS expression) is
/// true, timed in the page (each animation frame), so the driver's polling adds nothing.
async fn timed_click(b: &Browser, xpath: &str, until: &str) -> f64 {
    b.find(xpath).await;
    b.client
        .execute(
            &format!(
                r#"const el = document.evaluate(arguments[0], document, null,
                       XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
                window.__benchDone = null;
                const t0 = performance.now();
                const check = () => {{
                    if ({until}) {{ window.__benchDone = performance.now() - t0; }}
                    else {{ requestAnimationFrame(check); }}
                }};
                el.click();
                check();"#
            ),
            vec![Value::String(xpath.to_owned())],
        )
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(3600);
    loop {
        let v = b
            .client
            .execute("return window.__benchDone;", vec![])
            .await
            .unwrap();
        if let Some(ms) = v.as_f64() {
            return ms / 1000.0;
        }
        assert!(tokio::time::Instant::now() < deadline, "{until} never held");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

const CONFIRM: &str = "//div[@role='dialog']//button[starts-with(normalize-space(.), 'Delete ') and contains(., 'files')]";
const FINISHED: &str = "(document.querySelector(\"div[role='dialog'] p.job-status\") || {}).textContent === 'Finished'";
const CONFIRM_SHOWN: &str = "[...document.querySelectorAll(\"div[role='dialog'] button\")].some(e => /^Delete [0-9,]+ files/.test(e.textContent.trim()))";

/// A room's "Delete all media" from the app at `base`: its media tab as drawn, the seconds from
/// the click to the preview's confirm button, and from the confirm to the job's end.
async fn room_delete(b: &Browser, base: &str, user: &str) -> (Draw, f64, f64) {
    let room = bulk(user);
    let draw = open_media_tab(
        b,
        &format!(
            "{base}rooms/{}/media",
            encode(room["room_id"].as_str().unwrap())
        ),
    )
    .await;
    let preview = timed_click(
        b,
        "//button[normalize-space(.)='Delete all media']",
        CONFIRM_SHOWN,
    )
    .await;
    let delete = timed_click(b, CONFIRM, FINISHED).await;
    b.click_button("Close").await;
    (draw, preview, delete)
}

/// Deletes `mxcs` from the page itself, `threads` requests in flight, as a bare browser client
/// would (fetch with the token in a header: a CORS preflight per URL when cross-origin).
async fn browser_delete(b: &Browser, mxcs: &[String], threads: usize) -> f64 {
    let urls: Vec<Value> = mxcs
        .iter()
        .map(|mxc| {
            let (server, id) = mxc.strip_prefix("mxc://").unwrap().split_once('/').unwrap();
            Value::String(format!(
                "{}/_synapse/admin/v1/media/{}/{id}",
                seed().homeserver(),
                encode(server)
            ))
        })
        .collect();
    let v = b
        .client
        .execute_async(
            r#"const [urls, token, threads, done] = arguments;
            const queue = urls.slice();
            const t0 = performance.now();
            const worker = async () => {
                for (let u = queue.shift(); u; u = queue.shift()) {
                    const r = await fetch(u, { method: 'DELETE', headers: { Authorization: 'Bearer ' + token } });
                    if (!r.ok) throw new Error(u + ': ' + r.status);
                    await r.text();
                }
            };
            Promise.all(Array.from({ length: threads }, worker))
                .then(() => done(performance.now() - t0), e => done('error: ' + e));"#,
            vec![
                Value::Array(urls),
                Value::String(seed().admin_token().to_owned()),
                Value::from(threads),
            ],
        )
        .await
        .unwrap();
    v.as_f64()
        .unwrap_or_else(|| panic!("bare browser client: {v}"))
        / 1000.0
}

fn print_spread(title: &str, rows: &[(String, Vec<f64>)], unit: &str, digits: usize) {
    println!("\n| {title} | median {unit} | min {unit} | max {unit} |\n|---|---:|---:|---:|");
    for (name, v) in rows {
        if !v.is_empty() {
            let (m, lo, hi) = spread(v.clone());
            println!("| {name} | {m:.digits$} | {lo:.digits$} | {hi:.digits$} |");
        }
    }
}

/// The repeated room figures: its media tab drawn, the preview and the delete from the app on
/// its own origin and next to Synapse on one origin, and the same deletes from a bare browser
/// client and a bare native client, each on a fresh room per run.
async fn repeated_rooms(b: &Browser) {
    let runs = runs_from("BENCH_RUNS", 5);
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
    let mut t: Vec<(String, Vec<f64>)> = [
        "media tab: page load → first page of rows drawn, app on its own origin",
        "media tab: the same, next to Synapse (one origin)",
        "\"Delete all media\" → preview ready, app on its own origin",
        "\"Delete all media\" → preview ready, next to Synapse (one origin)",
        "confirm → all deleted, app on its own origin",
        "confirm → all deleted, next to Synapse (one origin)",
        "bare browser client: fetch DELETE media/<id>, 4 in flight, cross-origin",
        "bare client: DELETE media/<id>, 4 threads",
    ]
    .into_iter()
    .map(|n| (n.to_owned(), Vec::new()))
    .collect();
    let (mut nodes, mut per_row, mut api, mut rows) = (Vec::new(), Vec::new(), Vec::new(), 0.0);
    for r in 1..=runs {
        let (draw, p, d) = room_delete(b, &own, &format!("roomcross{r}")).await;
        t[0].1.push(draw.ms / 1000.0);
        t[2].1.push(p);
        t[4].1.push(d);
        nodes.push(draw.nodes);
        per_row.push(draw.per_row);
        api.push(draw.api);
        rows = draw.rows;
        if let Some(s) = &same {
            let (draw, p, d) = room_delete(s, &same_url, &format!("roomsame{r}")).await;
            t[1].1.push(draw.ms / 1000.0);
            t[3].1.push(p);
            t[5].1.push(d);
        }
        t[6].1
            .push(browser_delete(b, &bulk_mxcs(&bulk(&format!("roombrowser{r}"))), 4).await);
        let mxcs = bulk_mxcs(&bulk(&format!("roombare{r}")));
        t[7].1.push(
            tokio::task::spawn_blocking(move || bare_delete(&mxcs, 4))
                .await
                .unwrap(),
        );
    }
    print_spread(
        &format!("a room of {files} files, {runs} runs, 4 in flight"),
        &t,
        "s",
        2,
    );
    print_spread(
        &format!("its media tab, first page ({rows} rows), {runs} runs"),
        &[
            ("DOM nodes of the page".to_owned(), nodes),
            ("nodes per row (under the table body)".to_owned(), per_row),
            (
                "requests to the homeserver (preflights not counted)".to_owned(),
                api,
            ),
        ],
        "",
        0,
    );
    if let Some(s) = same {
        s.finish().await;
    }
}

/// The large figures, `BENCH_BIG_RUNS` (1) times each: a user's "Delete all media" of each
/// size in `BENCH_USER_FILES` beside the bare page loop on a twin of the same size, and a room
/// of `BENCH_BIG_ROOM_FILES`: its media tab's first and last page, and its delete. The page's
/// JS heap is read before and after each job.
async fn large(b: &Browser) {
    let runs = runs_from("BENCH_BIG_RUNS", 1);
    let mut t: Vec<(String, Vec<f64>)> = Vec::new();
    let mut heap: Vec<String> = Vec::new();
    set_concurrency(b, 4).await;
    // "10000 100000x2": each size, BENCH_BIG_RUNS times unless it says its own number of runs.
    let sizes: Vec<(usize, usize)> = std::env::var("BENCH_USER_FILES")
        .unwrap_or_else(|_| "10000".into())
        .split_whitespace()
        .filter_map(|e| match e.split_once('x') {
            Some((n, k)) => Some((n.parse().ok()?, k.parse::<usize>().ok()?.max(1))),
            None => Some((e.parse().ok()?, runs)),
        })
        .collect();
    // BENCH_KEEP_PROTECTED: "on" (the default, as the dialog opens), "off" (pages deleted
    // unchecked, as the bare loop does), or "both" (a third twin per run, deleted with it off).
    let keep = std::env::var("BENCH_KEEP_PROTECTED").unwrap_or_else(|_| "on".into());
    let modes: Vec<bool> = match keep.as_str() {
        "off" => vec![false],
        "both" => vec![true, false],
        _ => vec![true],
    };
    for (n, user_runs) in sizes {
        let (mut app, mut app_off, mut bare) = (Vec::new(), Vec::new(), Vec::new());
        for r in 1..=user_runs {
            for &keep_on in &modes {
                let name = if keep_on && keep != "off" {
                    format!("bigui{n}x{r}")
                } else {
                    format!("biguioff{n}x{r}")
                };
                let ui = bulk(&name);
                b.goto(&format!(
                    "/users/{}/media",
                    encode(ui["user_id"].as_str().unwrap())
                ))
                .await;
                let before = js_heap_mb(b).await;
                b.click_button("Delete all media").await;
                b.find(CONFIRM).await;
                if !keep_on {
                    b.click_toggle("Keep protected files").await;
                }
                let secs = timed_click(b, CONFIRM, FINISHED).await;
                if keep_on {
                    app.push(secs)
                } else {
                    app_off.push(secs)
                }
                let after = js_heap_mb(b).await;
                let mode = if keep_on {
                    "keep protected on"
                } else {
                    "keep protected off"
                };
                heap.push(format!(
                    "{n}-file user ({mode}): {before:.1} MB before, {after:.1} MB after"
                ));
                b.click_button("Close").await;
            }
            let user = bulk(&format!("bigpage{n}x{r}"))["user_id"]
                .as_str()
                .unwrap()
                .to_owned();
            bare.push(
                tokio::task::spawn_blocking(move || {
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
                .unwrap(),
            );
            // Each run as it ends: a long benchmark stopped midway keeps what it measured.
            let z = bare[bare.len() - 1];
            for (mode, times) in [
                ("keep protected on", &app),
                ("keep protected off", &app_off),
            ] {
                if let Some(a) = times.last().filter(|_| times.len() == r) {
                    println!(
                        "| run {r} of {user_runs}: {n}-file user, {mode} | Curator {a:.2} s | bare loop {z:.2} s | {:.2}x |",
                        a / z
                    );
                }
            }
        }
        for (mode, times) in [("keep protected on", app), ("keep protected off", app_off)] {
            if !times.is_empty() {
                t.push((
                    format!("user \"Delete all media\", {n} files, {mode}, Curator ({user_runs} run(s))"),
                    times,
                ));
            }
        }
        t.push((
            "the same, bare client: DELETE users/<id>/media?limit=250 until empty".to_owned(),
            bare,
        ));
    }
    // BENCH_BIG_ROOM_FILES=0: no large room (the user figures alone).
    let big: usize = std::env::var("BENCH_BIG_ROOM_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let room_runs = if big == 0 { 0 } else { runs };
    let (mut first, mut last, mut del) = (Vec::new(), Vec::new(), Vec::new());
    for r in 1..=room_runs {
        let room = bulk(&format!("bigroom{r}"));
        let url = format!(
            "{}/rooms/{}/media",
            app_url(),
            encode(room["room_id"].as_str().unwrap())
        );
        first.push(open_media_tab(b, &url).await.ms / 1000.0);
        let pages = big.div_ceil(50);
        last.push(open_media_tab(b, &format!("{url}?page={pages}")).await.ms / 1000.0);
        b.goto_url(&url).await;
        let before = js_heap_mb(b).await;
        b.click_button("Delete all media").await;
        b.find(CONFIRM).await;
        del.push(timed_click(b, CONFIRM, FINISHED).await);
        let after = js_heap_mb(b).await;
        heap.push(format!(
            "{big}-file room: {before:.1} MB before, {after:.1} MB after"
        ));
        b.click_button("Close").await;
    }
    t.push((
        format!("room of {big} files: media tab, page 1 drawn"),
        first,
    ));
    t.push((
        format!("room of {big} files: media tab, last page drawn"),
        last,
    ));
    t.push((
        format!("room of {big} files: confirm → all deleted, 4 in flight"),
        del,
    ));
    print_spread(&format!("large, {runs} run(s)"), &t, "s", 2);
    for h in heap {
        println!("JS heap of the page, {h}.");
    }
}

#[tokio::test]
async fn bench() {
    // A heap figure is read after a full collection, exact rather than rounded.
    let b = Browser::start_with(&["--js-flags=--expose-gc", "--enable-precise-memory-info"]).await;
    b.login_admin().await;
    let heap = js_heap_mb(&b).await;
    println!("\nJS heap of the page after sign-in: {heap:.1} MB.");
    // BENCH_ONLY=large: only the large figures, e.g. five runs of the 100,000-file user.
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "large") {
        large(&b).await;
        b.finish().await;
        return;
    }

    // Opening a page by its URL: the initial load (users list) and the split groups, each
    // BENCH_RUNS times after a first load that fills the cache.
    let runs = runs_from("BENCH_RUNS", 5);
    let someone = bulk("roomcross1")["user_id"].as_str().unwrap().to_owned();
    let mut loads = Vec::new();
    let mut files = Vec::new();
    for (name, path) in [
        ("users list (initial load)", "/users".to_owned()),
        (
            "a user's page (media group)",
            format!("/users/{}", encode(&someone)),
        ),
        ("statistics (reports group)", "/statistics/media".to_owned()),
    ] {
        first_render(&b, &path).await;
        let mut ms = Vec::new();
        for _ in 0..runs {
            let (t, n, bytes) = first_render(&b, &path).await;
            ms.push(t);
            files.push((name, n, bytes));
        }
        loads.push((name.to_owned(), ms));
    }
    print_spread(
        &format!("page opened by its URL (warm cache), {runs} runs: ms to its heading"),
        &loads,
        "ms",
        0,
    );
    files.dedup_by(|a, b| a.0 == b.0);
    for (name, n, bytes) in files {
        println!("{name}: {n} wasm files, {bytes:.0} bytes uncompressed.");
    }

    // The server-wide "Delete media" preview: every user's media list, read through the job
    // engine (4 users at a time), before anything below deletes them.
    b.goto("/statistics/media").await;
    b.click_button("Delete media").await;
    b.click_toggle("Any age (now)").await;
    let start = tokio::time::Instant::now();
    b.click_button("Preview").await;
    let read = wait_preview(&b).await;
    let app = start.elapsed().as_secs_f64();
    b.click("//div[@role='dialog']//button[normalize-space(.)='Cancel']")
        .await;
    let secs = tokio::task::spawn_blocking(|| bare_read_all(4))
        .await
        .unwrap();
    println!("\n\"Delete media\" preview of {read} files (every user's media list): Curator {app:.1} s, bare client (pages of 1000, 4 threads) {secs:.1} s.");

    repeated_rooms(&b).await;
    large(&b).await;
    b.finish().await;
}
