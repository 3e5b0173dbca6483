//! Loads `config.json` next to `index.html`. A missing or malformed file is reported in the
//! console and ignored: Curator then works with no default and no restriction.

use crate::model::config::AppConfig;

pub async fn load() -> AppConfig {
    let response = match gloo_net::http::Request::get("config.json").send().await {
        Ok(r) => r,
        Err(e) => {
            web_sys::console::warn_1(&format!("Curator: could not load config.json: {e}").into());
            return AppConfig::default();
        }
    };
    if response.status() == 404 {
        return AppConfig::default();
    }
    let text = response.text().await.unwrap_or_default();
    if !response.ok() {
        web_sys::console::warn_1(
            &format!(
                "Curator: config.json answered HTTP {}; ignored",
                response.status()
            )
            .into(),
        );
        return AppConfig::default();
    }
    if text.trim_start().starts_with('<') {
        // A single-page-app fallback answered with index.html: there is no config.json.
        return AppConfig::default();
    }
    match AppConfig::parse(&text) {
        Ok(c) => c,
        Err(e) => {
            web_sys::console::error_1(&format!("Curator: {e}; ignored").into());
            AppConfig::default()
        }
    }
}
