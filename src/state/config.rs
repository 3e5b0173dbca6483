//! Loads `config.json` next to `index.html`. A missing file (404, or the single-page-app
//! fallback answering with Curator's own page) means no settings; any other failure blocks
//! sign-in with the reason (see [`AppConfig::from_response`]).

use crate::i18n::{tf, T};
use crate::model::config::AppConfig;

pub async fn load() -> AppConfig {
    let response = match gloo_net::http::Request::get("config.json").send().await {
        Ok(r) => r,
        Err(e) => {
            return AppConfig::blocked(tf(T::StConfigNotLoaded, &[("error", &e.to_string())]));
        }
    };
    let status = response.status();
    match response.text().await {
        Ok(text) => AppConfig::from_response(status, &text),
        Err(_) if status == 404 => AppConfig::default(),
        Err(e) => AppConfig::blocked(tf(T::StConfigNotRead, &[("error", &e.to_string())])),
    }
}
