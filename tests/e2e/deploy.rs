//! The app as production serves it: the release tarballs unpacked and served by nginx and Caddy
//! with the repository's own `deploy/` files (scripts/e2e), in front of Synapse on PostgreSQL.
//! Every browser test already opens the app through nginx; these check what a browser is told.

use crate::harness::*;
use std::time::Duration;

/// Checks a Content-Security-Policy against the one production policy (deploy/nginx.conf,
/// deploy/Caddyfile): every directive as agreed, and this homeserver in `connect-src`.
fn assert_policy(policy: &str, at: &str) {
    let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
    let fixed = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "img-src 'self' blob: data:",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ];
    for directive in fixed {
        assert!(
            directives.contains(&directive),
            "{at}: no {directive:?} in {policy}"
        );
    }
    let connect = directives
        .iter()
        .find_map(|d| d.strip_prefix("connect-src "))
        .unwrap_or_else(|| panic!("{at}: no connect-src in {policy}"));
    let sources: Vec<&str> = connect.split_whitespace().collect();
    assert_eq!(sources.first(), Some(&"'self'"), "{at}: {policy}");
    assert!(sources.contains(&seed().homeserver()), "{at}: {policy}");
    assert_eq!(directives.len(), fixed.len() + 1, "{at}: {policy}");
}

/// `(server, site URL ending in /)` for every site scripts/e2e serves through a web server.
fn sites() -> Vec<(String, String)> {
    let list = std::env::var("CURATOR_WEB_SERVERS").unwrap_or_default();
    let words: Vec<&str> = list.split_whitespace().collect();
    assert!(
        !words.is_empty() && words.len().is_multiple_of(3),
        "CURATOR_WEB_SERVERS is {list:?}: run the end-to-end tests through scripts/e2e"
    );
    words
        .chunks(3)
        .flat_map(|c| {
            [
                (c[0].to_owned(), c[1].to_owned()),
                (c[0].to_owned(), c[2].to_owned()),
            ]
        })
        .collect()
}

struct Answer {
    status: u16,
    header: std::collections::HashMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn get(&self, name: &str) -> &str {
        self.header.get(name).map(String::as_str).unwrap_or("")
    }
}

fn fetch(url: &str, encodings: &str) -> Answer {
    let mut req = ureq::get(url).timeout(Duration::from_secs(30));
    if !encodings.is_empty() {
        req = req.set("Accept-Encoding", encodings);
    }
    let resp = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    };
    let status = resp.status();
    let header = resp
        .headers_names()
        .into_iter()
        .filter_map(|n| {
            resp.header(&n)
                .map(|v| (n.to_ascii_lowercase(), v.to_owned()))
        })
        .collect();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut resp.into_reader(), &mut body).expect("body");
    Answer {
        status,
        header,
        body,
    }
}

/// The main module's file name, as index.html preloads it.
fn main_wasm(index: &str) -> String {
    let end = index
        .find("_bg.wasm")
        .expect("index.html names the main module")
        + "_bg.wasm".len();
    let start = index[..end].rfind('/').expect("a path before the module") + 1;
    index[start..end].to_owned()
}

#[test]
fn every_web_server_sends_the_deploy_files_policy_caching_and_encodings() {
    for (server, site) in sites() {
        let at = format!("{server} at {site}");
        let index = fetch(&site, "");
        assert_eq!(index.status, 200, "{at}");
        assert!(index.get("content-type").starts_with("text/html"), "{at}");
        assert_policy(index.get("content-security-policy"), &at);
        assert_eq!(index.get("x-frame-options"), "DENY", "{at}");
        assert_eq!(index.get("x-content-type-options"), "nosniff", "{at}");
        assert_eq!(index.get("cache-control"), "no-cache", "{at}");
        let html = String::from_utf8(index.body.clone()).expect("index.html is UTF-8");

        // A deep link (user ids hold dots and colons) is the app's page: index.html again.
        let deep = fetch(&format!("{site}users/%40alice%3Aexample.org"), "");
        assert_eq!((deep.status, &deep.body), (200, &index.body), "{at}");
        assert_eq!(deep.get("cache-control"), "no-cache", "{at}");
        assert_policy(deep.get("content-security-policy"), &at);

        let config = fetch(&format!("{site}config.json"), "gzip, br");
        assert_eq!(config.status, 200, "{at}");
        assert_eq!(config.get("cache-control"), "no-cache", "{at}");
        let config: serde_json::Value = serde_json::from_slice(&config.body).expect("config.json");
        assert_eq!(config["homeserver"], seed().homeserver(), "{at}");

        // The hashed main module: application/wasm, cached for good, precompressed.
        let wasm_url = format!("{site}{}", main_wasm(&html));
        let plain = fetch(&wasm_url, "");
        assert_eq!(plain.status, 200, "{at}: {wasm_url}");
        assert_eq!(plain.get("content-type"), "application/wasm", "{at}");
        assert_eq!(plain.get("content-encoding"), "", "{at}");
        assert_eq!(
            plain.get("cache-control"),
            "public, max-age=31536000, immutable",
            "{at}"
        );
        assert_eq!(&plain.body[..4], b"\0asm", "{at}");
        for encoding in ["br", "gzip"] {
            let packed = fetch(&wasm_url, encoding);
            assert_eq!(packed.status, 200, "{at}");
            assert_eq!(packed.get("content-encoding"), encoding, "{at}");
            assert_eq!(packed.get("content-type"), "application/wasm", "{at}");
            assert!(packed.get("vary").contains("Accept-Encoding"), "{at}");
            assert!(packed.body.len() < plain.body.len() / 2, "{at}: {encoding}");
        }
        let packed_index = fetch(&site, "br");
        assert_eq!(packed_index.get("content-encoding"), "br", "{at}");
        assert_eq!(packed_index.get("cache-control"), "no-cache", "{at}");
    }
}

/// A sub-path site sends its bare path to the one with the slash, where the app's base is.
#[test]
fn a_sub_path_without_its_slash_is_redirected() {
    for (server, site) in sites()
        .into_iter()
        .filter(|(_, s)| s.ends_with("/curator/"))
    {
        let bare = site.trim_end_matches('/');
        let resp = match ureq::AgentBuilder::new()
            .redirects(0)
            .build()
            .get(bare)
            .call()
        {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{server}: GET {bare}: {e}"),
        };
        assert_eq!(resp.status(), 308, "{server}");
        let location = resp.header("location").unwrap_or_default();
        assert!(location.ends_with("/curator/"), "{server}: {location}");
    }
}

/// The server under test keeps its data in PostgreSQL, as production servers do.
#[test]
fn synapse_under_test_runs_on_postgresql() {
    let dir = std::env::var("CURATOR_E2E_DIR").expect("CURATOR_E2E_DIR");
    let config =
        std::fs::read_to_string(format!("{dir}/homeserver.yaml")).expect("homeserver.yaml");
    let database = config
        .split("\ndatabase:")
        .nth(1)
        .expect("a database section");
    assert!(
        database.trim_start().starts_with("name: psycopg2"),
        "{database}"
    );
}
