//! What every end-to-end test needs: the seeded server's facts, an admin API client to check
//! what the server now holds, and a browser session with helpers that find things the way a
//! person reads the page (labels, button and link text).

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::sync::OnceLock;
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(30);

pub struct Seed(pub Value);

impl Seed {
    pub fn homeserver(&self) -> &str {
        self.0["homeserver"]
            .as_str()
            .expect("seed.json: homeserver")
    }
    pub fn server_name(&self) -> &str {
        self.0["server_name"]
            .as_str()
            .expect("seed.json: server_name")
    }
    pub fn admin_password(&self) -> &str {
        self.0["admin"]["password"]
            .as_str()
            .expect("seed.json: admin.password")
    }
    pub fn admin_token(&self) -> &str {
        self.0["admin"]["access_token"]
            .as_str()
            .expect("seed.json: admin.access_token")
    }
    pub fn user(&self, name: &str) -> &Value {
        &self.0["users"][name]
    }
    pub fn room(&self, key: &str) -> &str {
        self.0["rooms"][key].as_str().expect("seed.json: room")
    }
}

pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the end-to-end tests through scripts/e2e")
    })
}

pub fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let path = format!("{}/seed.json", env("CURATOR_E2E_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Seed(serde_json::from_str(&text).expect("seed.json is JSON"))
    })
}

pub fn app_url() -> String {
    env("CURATOR_APP_URL").trim_end_matches('/').to_owned()
}

pub fn restricted_app_url() -> String {
    env("CURATOR_RESTRICTED_APP_URL")
        .trim_end_matches('/')
        .to_owned()
}

/// The admin API, straight from the test, to check what the server holds.
pub fn admin_get(path: &str) -> Value {
    let url = format!("{}{}", seed().homeserver(), path);
    ureq::get(&url)
        .set("Authorization", &format!("Bearer {}", seed().admin_token()))
        .call()
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
        .into_json()
        .expect("JSON body")
}

/// Status and errcode of a GET with some token (for "is this token dead" checks).
pub fn get_with_token(path: &str, token: &str) -> (u16, Value) {
    let url = format!("{}{}", seed().homeserver(), path);
    match ureq::get(&url)
        .set("Authorization", &format!("Bearer {token}"))
        .call()
    {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("GET {path}: {e}"),
    }
}

pub fn post_with_token(path: &str, token: &str, body: Value) -> u16 {
    let url = format!("{}{}", seed().homeserver(), path);
    match ureq::post(&url)
        .set("Authorization", &format!("Bearer {token}"))
        .send_json(body)
    {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("POST {path}: {e}"),
    }
}

pub fn user_id(name: &str) -> String {
    seed().user(name)["user_id"].as_str().unwrap().to_owned()
}

/// The Synapse version, from the admin API.
pub fn synapse_version() -> String {
    admin_get("/_synapse/admin/v1/server_version")["server_version"]
        .as_str()
        .expect("server_version")
        .to_owned()
}

/// The mxc URI of `owner`'s upload called `upload_name`, from the admin API.
pub fn mxc_of(owner: &str, upload_name: &str) -> String {
    let list = admin_get(&format!(
        "/_synapse/admin/v1/users/{}/media?limit=1000",
        encode(&user_id(owner))
    ));
    let id = list["media"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["upload_name"].as_str() == Some(upload_name))
        .unwrap_or_else(|| panic!("{owner} has no upload named {upload_name}"))["media_id"]
        .as_str()
        .unwrap()
        .to_owned();
    format!("mxc://{}/{id}", seed().server_name())
}

/// `<server>/<media id>`, as the admin API and the lookup page take it.
pub fn media_path(mxc: &str) -> String {
    let rest = mxc.strip_prefix("mxc://").unwrap();
    let (server, id) = rest.split_once('/').unwrap();
    format!("{}/{}", encode(server), id)
}

/// The admin API's media info of `mxc`: status and body (404 once deleted or not cached).
pub fn media_info(mxc: &str) -> (u16, Value) {
    get_with_token(
        &format!("/_synapse/admin/v1/media/{}", media_path(mxc)),
        seed().admin_token(),
    )
}

/// The status of [`media_info`]: 200 while the server holds the file.
pub fn info_status(mxc: &str) -> u16 {
    media_info(mxc).0
}

/// What `scripts/synapse.py bulk` wrote for `user` (its `user_id`, `mxcs`, and `room_id`).
pub fn bulk(user: &str) -> Value {
    let path = format!("{}/bulk-{user}.json", env("CURATOR_E2E_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("bulk file is JSON")
}

/// The mxc URIs of a bulk upload, in upload order.
pub fn bulk_mxcs(data: &Value) -> Vec<String> {
    data["mxcs"]
        .as_array()
        .expect("bulk file: mxcs")
        .iter()
        .map(|m| m.as_str().expect("an mxc URI").to_owned())
        .collect()
}

/// A fresh browser profile; checks the console for CSP violations and errors when done.
pub struct Browser {
    pub client: Client,
    _profile: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    pub async fn start() -> Browser {
        Self::start_with(&[]).await
    }

    /// A browser with more command-line switches (e.g. to accept the loopback test certificate).
    pub async fn start_with(extra_args: &[&str]) -> Browser {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let profile = std::env::temp_dir().join(format!("curator-e2e-{}-{n}", std::process::id()));
        std::fs::create_dir_all(profile.join("downloads")).expect("profile dir");
        let binary = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,900",
        ]
        .iter()
        .chain(extra_args)
        .map(|a| a.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        // The suite reads the English texts: the browser speaks English unless a test asks
        // for another language (`--lang=de`), whatever the machine's locale.
        let lang = extra_args
            .iter()
            .find_map(|a| a.strip_prefix("--lang="))
            .unwrap_or("en-US")
            .to_owned();
        if !extra_args.iter().any(|a| a.starts_with("--lang=")) {
            args.push(format!("--lang={lang}"));
        }
        let caps = json!({
            "goog:chromeOptions": {
                "binary": binary,
                "args": args,
                "prefs": {
                    "intl": { "accept_languages": lang },
                    "download.default_directory": profile.join("downloads"),
                    "download.prompt_for_download": false
                }
            },
            "goog:loggingPrefs": { "browser": "ALL" }
        });
        let caps = caps
            .as_object()
            .expect("object")
            .clone()
            .into_iter()
            .collect();
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&env("WEBDRIVER_URL"))
            .await
            .expect("chromedriver session");
        Browser {
            client,
            _profile: TempDir(profile),
        }
    }

    /// Where the browser saves downloads (exports).
    pub fn downloads(&self) -> std::path::PathBuf {
        self._profile.0.join("downloads")
    }

    /// The text of the download called `name`, once the browser has written it.
    pub async fn downloaded(&self, name: &str) -> String {
        let path = self.downloads().join(name);
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if !text.is_empty() {
                    return text;
                }
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no download {name} within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{}", app_url(), path))
            .await
            .expect("goto");
    }

    pub async fn goto_url(&self, url: &str) {
        self.client.goto(url).await.expect("goto");
    }

    pub async fn find(&self, xpath: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                let body = self.body_text().await;
                let url = self
                    .client
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                let console = self.console().await.join("\n");
                panic!("not found within {WAIT:?}: {xpath} ({e})\nat {url}, console:\n{console}\npage text:\n{body}")
            }
        }
    }

    pub async fn find_all(&self, xpath: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::XPath(xpath))
            .await
            .expect("find_all")
    }

    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until the visible text of the page contains `text`.
    pub async fn wait_text(&self, text: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let body = self.body_text().await;
            if body.contains(text) {
                return;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("text not shown within {WAIT:?}: {text:?}\npage text:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text input of the form field whose label starts with `label`.
    pub async fn field(&self, label: &str) -> Element {
        self.find(&format!(
            "//label[starts-with(normalize-space(.), {})]//input[not(@type='radio' or @type='checkbox')]",
            xpath_str(label)
        ))
        .await
    }

    pub async fn fill(&self, label: &str, value: &str) {
        let input = self.field(label).await;
        input.clear().await.expect("clear");
        input.send_keys(value).await.expect("type");
    }

    pub async fn button(&self, text: &str) -> Element {
        self.find(&format!("//button[normalize-space(.)={}]", xpath_str(text)))
            .await
    }

    /// Clicks what `xpath` finds. The page is reactive: an element can be redrawn between
    /// finding and clicking it, so a stale reference is found again (a few times at most).
    pub async fn click(&self, xpath: &str) {
        for attempt in 1..=5 {
            match self.find(xpath).await.click().await {
                Ok(()) => return,
                // Stale: the row was drawn again. Intercepted: the layout moved under the
                // click (a preview image arrived and the rows above grew).
                Err(fantoccini::error::CmdError::Standard(e))
                    if (e.error == fantoccini::error::ErrorStatus::StaleElementReference
                        || e.error == fantoccini::error::ErrorStatus::ElementClickIntercepted)
                        && attempt < 5 =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {xpath}: {e}"),
            }
        }
    }

    /// Clicks the checkbox or radio button whose label starts with `label`.
    pub async fn click_toggle(&self, label: &str) {
        self.click(&format!(
            "//label[starts-with(normalize-space(.), {})]//input[@type='radio' or @type='checkbox']",
            xpath_str(label)
        ))
        .await;
    }

    pub async fn click_button(&self, text: &str) {
        self.click(&format!("//button[normalize-space(.)={}]", xpath_str(text)))
            .await;
    }

    pub async fn click_link(&self, text: &str) {
        self.click(&format!("//a[normalize-space(.)={}]", xpath_str(text)))
            .await;
    }

    /// Opens the tab called `text` of the current page (not the main navigation's link).
    pub async fn click_tab(&self, text: &str) {
        self.click(&format!(
            "//*[@role='tablist']//a[normalize-space(.)={}]",
            xpath_str(text)
        ))
        .await;
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{}", url.path(), q),
            None => url.path().to_owned(),
        }
    }

    pub async fn storage(&self, kind: &str, key: &str) -> Option<String> {
        let script = format!("return window.{kind}.getItem(arguments[0]);");
        self.client
            .execute(&script, vec![json!(key)])
            .await
            .expect("script")
            .as_str()
            .map(str::to_owned)
    }

    /// Signs in as the seeded admin with the password, waiting for the users list.
    pub async fn login_admin(&self) {
        self.goto("/login").await;
        self.sign_in_with_password("admin", seed().admin_password())
            .await;
        self.find("//h1[normalize-space(.)='Users']").await;
    }

    pub async fn sign_in_with_password(&self, user: &str, password: &str) {
        self.fill("Username", user).await;
        self.fill("Password", password).await;
        self.click_button("Sign in").await;
    }

    /// The session's access token as the app stored it.
    pub async fn stored_token(&self) -> String {
        let text = match self.storage("sessionStorage", "curator.session").await {
            Some(t) => t,
            None => self
                .storage("localStorage", "curator.session")
                .await
                .expect("a stored session"),
        };
        let v: Value = serde_json::from_str(&text).expect("session JSON");
        v["access_token"].as_str().expect("token").to_owned()
    }

    /// The browser console since the last call.
    pub async fn console(&self) -> Vec<String> {
        self.console_entries()
            .await
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "{} {}",
                    e["level"].as_str().unwrap_or(""),
                    e["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    async fn console_entries(&self) -> Value {
        let Some(session) = self.client.session_id().await.ok().flatten() else {
            return Value::Null;
        };
        let url = format!(
            "{}/session/{session}/se/log",
            env("WEBDRIVER_URL").trim_end_matches('/')
        );
        ureq::post(&url)
            .timeout(Duration::from_secs(10))
            .send_json(json!({"type": "browser"}))
            .map(|r| r.into_json().unwrap_or(Value::Null))
            .map(|v: Value| v["value"].clone())
            .unwrap_or(Value::Null)
    }

    /// Fails on any Content-Security-Policy violation or error the page logged, then closes.
    pub async fn finish(self) {
        let logs = json!({ "value": self.console_entries().await });
        let bad: Vec<String> = logs["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let message = entry["message"].as_str().unwrap_or_default();
                let level = entry["level"].as_str().unwrap_or_default();
                let csp = message.contains("Content Security Policy")
                    || message.contains("Content-Security-Policy");
                // Failed requests the tests provoke on purpose (401, 403, refused ports) are
                // logged by Chromium as network errors; anything else at SEVERE is a bug.
                let provoked =
                    message.contains("Failed to load resource") || message.contains("net::ERR_");
                (csp || (level == "SEVERE" && !provoked)).then(|| message.to_owned())
            })
            .collect();
        let _ = self.client.close().await;
        assert!(
            bad.is_empty(),
            "the page logged errors:\n{}",
            bad.join("\n")
        );
    }
}

/// An XPath string literal for any text (quotes included).
pub fn xpath_str(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

pub fn encode(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                vec![c.to_string()]
            } else {
                c.to_string().bytes().map(|b| format!("%{b:02X}")).collect()
            }
        })
        .collect()
}

/// Waits for the open job dialog to say Finished.
pub async fn wait_finished(b: &Browser) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let status = b
            .find("//div[@role='dialog']//p[@class='job-status']")
            .await
            .text()
            .await
            .unwrap_or_default();
        if status == "Finished" {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the job did not finish: {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Held by the tests that need this server's cache of remote media to stay as they left it
/// (a purge empties it for everyone).
pub static REMOTE_CACHE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Browser {
    /// Runs axe-core (`.tools/axe`, installed by scripts/setup) on the page as it is and returns
    /// its serious and critical violations, one line each: rule, help, and where.
    pub async fn axe(&self) -> Vec<String> {
        static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let source = AXE.get_or_init(|| {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/.tools/axe/node_modules/axe-core/axe.min.js"
            );
            std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("{path}: {e} (run scripts/setup)"))
        });
        self.client
            .execute(
                &format!("if (!window.axe) {{ {source} }} return true;"),
                vec![],
            )
            .await
            .expect("inject axe-core");
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.help}; at ${v.nodes.slice(0, 3)
                        .map(n => n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']' : ''))
                        .join(' | ')}`)), e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await
            .expect("axe.run");
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}
