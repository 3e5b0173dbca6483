//! Loads `config.json` next to `index.html`. A missing file (404, or the single-page-app
//! fallback answering with Curator's own page) means no settings; any other failure blocks
//! sign-in with the reason (see [`AppConfig::from_response`]).

use crate::i18n::{tf, T};
use crate::model::config::AppConfig;

/// What fetching `config.json` gave: the answer's status and text, or why there is none.
pub enum Fetched {
    Answer(u16, Result<String, String>),
    Unreachable(String),
}

/// Fetches `config.json` (side by side with the language, before either is read).
pub async fn fetch() -> Fetched {
    match gloo_net::http::Request::get("config.json").send().await {
        Ok(r) => {
            let status = r.status();
            Fetched::Answer(status, r.text().await.map_err(|e| e.to_string()))
        }
        Err(e) => Fetched::Unreachable(e.to_string()),
    }
}

/// Reads what [`fetch`] gave, once the admin's language is set: a refusal is said in it.
pub fn read(fetched: Fetched) -> AppConfig {
    match fetched {
        Fetched::Unreachable(e) => AppConfig::blocked(tf(T::StConfigNotLoaded, &[("error", &e)])),
        Fetched::Answer(status, Ok(text)) => AppConfig::from_response(status, &text),
        Fetched::Answer(404, Err(_)) => AppConfig::default(),
        Fetched::Answer(_, Err(e)) => AppConfig::blocked(tf(T::StConfigNotRead, &[("error", &e)])),
    }
}
