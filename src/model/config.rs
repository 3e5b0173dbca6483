//! Curator's deployment settings: `config.json` next to `index.html`, and the optional
//! `io.github.curator` key of a homeserver's `/.well-known/matrix/client`.
//!
//! A safety setting that cannot be read must not be read as "no setting": every failure other
//! than "there is no file" blocks sign-in, with a message that names the problem. Unknown keys
//! are reported and ignored; the known ones still apply.

use super::HomeserverUrl;
use crate::i18n::{t, tf, T};
use serde_json::{Map, Value};

/// The settings, once read. `blocked` is set when `config.json` exists but could not be read:
/// then nothing is allowed, so no token goes anywhere.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppConfig {
    /// The homeserver the login form offers first (a URL or a server name).
    pub homeserver: Option<String>,
    /// When set, Curator signs in to these homeservers only, and sends a token nowhere else.
    pub restrict_homeserver: Option<Vec<HomeserverUrl>>,
    /// Keys the file holds that Curator does not know (reported on the login page).
    pub ignored_keys: Vec<String>,
    /// Why the configuration could not be read; sign-in is refused while this is set.
    pub blocked: Option<String>,
}

/// The key of Curator's settings in a homeserver's `/.well-known/matrix/client`.
pub const WELL_KNOWN_KEY: &str = "io.github.curator";

/// Larger than any sensible settings file; refused rather than parsed.
const MAX_LEN: usize = 64 * 1024;

impl AppConfig {
    /// A configuration that allows nothing, saying why.
    pub fn blocked(reason: impl Into<String>) -> Self {
        AppConfig {
            blocked: Some(reason.into()),
            ..AppConfig::default()
        }
    }

    /// Reads what the server answered for `config.json`: 404 and the single-page-app fallback
    /// (the app's own `index.html`) mean "no file"; any other answer must be a valid file.
    pub fn from_response(status: u16, body: &str) -> Self {
        match status {
            404 => AppConfig::default(),
            200..=299 if body.trim_start().starts_with('<') => {
                if is_curator_page(body) {
                    AppConfig::default()
                } else {
                    AppConfig::blocked(t(T::MsgConfigIsHtml))
                }
            }
            200..=299 => Self::parse(body)
                .unwrap_or_else(|e| AppConfig::blocked(tf(T::MsgConfigInvalid, &[("error", &e)]))),
            _ => AppConfig::blocked(tf(
                T::MsgConfigNotLoaded,
                &[("status", &status.to_string())],
            )),
        }
    }

    /// Parses the file's text. The error names what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() > MAX_LEN {
            return Err(tf(
                T::MsgConfigTooLarge,
                &[("size", &(MAX_LEN / 1024).to_string())],
            ));
        }
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Self::from_map(&map),
            Ok(_) => Err(tf(T::MsgConfigNotObject, &[("example", "{ … }")])),
            Err(e) => Err(tf(T::MsgConfigNotJson, &[("error", &e.to_string())])),
        }
    }

    /// The settings of one JSON object (the file, or the `.well-known` key).
    pub fn from_map(map: &Map<String, Value>) -> Result<Self, String> {
        let mut config = AppConfig::default();
        let mut restrict_from = None;
        for (key, value) in map {
            match key.as_str() {
                "homeserver" => match value {
                    Value::String(s) => config.homeserver = Some(s.trim().to_owned()),
                    Value::Null => {}
                    _ => return Err(t(T::MsgConfigHomeserverString)),
                },
                // Ketesa's (synapse-admin's) name for the same setting, so its file keeps working.
                "restrict_homeserver" | "restrictBaseUrl" => {
                    if let Some(other) = restrict_from.replace(key.as_str()) {
                        return Err(tf(
                            T::MsgConfigBothSet,
                            &[("first", other), ("second", key)],
                        ));
                    }
                    config.restrict_homeserver = Some(parse_url_list(key, value)?);
                }
                _ => config.ignored_keys.push(key.clone()),
            }
        }
        Ok(config)
    }

    /// The settings a homeserver's admins pinned under [`WELL_KNOWN_KEY`] in its
    /// `.well-known/matrix/client`: none when the key is absent; a key that cannot be read
    /// blocks, like a broken `config.json`.
    pub fn from_well_known(value: Option<&Value>) -> Self {
        match value {
            None | Some(Value::Null) => AppConfig::default(),
            Some(Value::Object(map)) => Self::from_map(map).unwrap_or_else(|e| {
                AppConfig::blocked(tf(
                    T::MsgWellKnownSettingsInvalid,
                    &[("key", WELL_KNOWN_KEY), ("error", &e)],
                ))
            }),
            Some(_) => AppConfig::blocked(tf(
                T::MsgWellKnownSettingsNotObject,
                &[("key", WELL_KNOWN_KEY)],
            )),
        }
    }

    /// Adds the homeserver's own settings (from `.well-known`): what this configuration sets
    /// wins, a setting only the server gives applies.
    pub fn with_server_settings(&self, server: &AppConfig) -> AppConfig {
        AppConfig {
            homeserver: self
                .homeserver
                .clone()
                .or_else(|| server.homeserver.clone()),
            restrict_homeserver: self
                .restrict_homeserver
                .clone()
                .or_else(|| server.restrict_homeserver.clone()),
            ignored_keys: self.ignored_keys.clone(),
            blocked: self.blocked.clone().or_else(|| server.blocked.clone()),
        }
    }

    /// Whether signing in to `url`, or using a stored session for it, is allowed.
    pub fn allows(&self, url: &HomeserverUrl) -> bool {
        if self.blocked.is_some() {
            return false;
        }
        match &self.restrict_homeserver {
            None => true,
            Some(list) => list.iter().any(|allowed| allowed == url),
        }
    }

    /// The restriction as the login page shows it.
    pub fn restriction_text(&self) -> Option<String> {
        self.restrict_homeserver.as_ref().map(|list| {
            list.iter()
                .map(HomeserverUrl::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
    }

    /// The refusal a person sees when `allows` says no.
    pub fn refusal(&self, url: &HomeserverUrl) -> String {
        if let Some(reason) = &self.blocked {
            return tf(T::SignInBlocked, &[("reason", reason)]);
        }
        let list = self.restriction_text().unwrap_or_default();
        tf(
            T::MsgOnlyManagesNotUrl,
            &[("list", &list), ("url", url.as_str())],
        )
    }
}

fn parse_url_list(key: &str, value: &Value) -> Result<Vec<HomeserverUrl>, String> {
    let entries: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    entries
        .into_iter()
        .map(|entry| match entry {
            Value::String(s) => HomeserverUrl::parse(s)
                .map_err(|e| tf(T::MsgConfigUrlEntry, &[("key", key), ("error", &e)])),
            _ => Err(tf(T::MsgConfigUrlList, &[("key", key)])),
        })
        .collect()
}

/// Curator's `index.html` names itself, so its own page served for a missing file (the SPA
/// fallback) is told apart from any other HTML answer.
pub fn is_curator_page(html: &str) -> bool {
    html.to_ascii_lowercase()
        .contains(r#"<meta name="application-name" content="curator""#)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> HomeserverUrl {
        HomeserverUrl::parse(s).unwrap()
    }

    #[test]
    fn restriction_compares_normalised_urls() {
        let c = AppConfig::parse(
            r#"{"homeserver":"http://127.0.0.1:8008","restrict_homeserver":["http://127.0.0.1:8008/"]}"#,
        )
        .unwrap();
        assert!(c.allows(&url("http://127.0.0.1:8008")));
        assert!(!c.allows(&url("http://127.0.0.1:9009")));
        assert!(!c.allows(&url("http://127.0.0.1:8008/other")));
        assert!(c
            .refusal(&url("http://evil.example"))
            .contains("evil.example"));
        assert!(AppConfig::default().allows(&url("https://any.org")));
    }

    #[test]
    fn only_a_missing_file_or_the_app_itself_means_no_config() {
        assert_eq!(
            AppConfig::from_response(404, "not found"),
            AppConfig::default()
        );
        let app =
            "<!DOCTYPE html><html><head><meta name=\"application-name\" content=\"Curator\" />";
        assert_eq!(AppConfig::from_response(200, app), AppConfig::default());
        for (status, body, says) in [
            (500, "oops", "HTTP 500"),
            (403, "", "HTTP 403"),
            (302, "", "HTTP 302"),
            (
                200,
                "<html><body>Welcome to nginx!</body></html>",
                "HTML page",
            ),
            (200, "{", "not JSON"),
            (200, "", "not JSON"),
            (200, "[]", "not a JSON object"),
            (200, "null", "not a JSON object"),
            (200, r#"{"restrict_homeserver": 5}"#, "strings"),
            (
                200,
                r#"{"restrict_homeserver": ["ftp://x"]}"#,
                "not a homeserver URL",
            ),
            (
                200,
                r#"{"restrict_homeserver": "https://a b"}"#,
                "not a homeserver URL",
            ),
            (200, r#"{"restrict_homeserver": [null]}"#, "strings"),
            (200, r#"{"homeserver": ["x"]}"#, "must be a string"),
        ] {
            let c = AppConfig::from_response(status, body);
            let reason = c.blocked.clone().unwrap_or_default();
            assert!(reason.contains(says), "{status} {body:?}: {reason:?}");
            assert!(!c.allows(&url("https://matrix.example.org")), "{body:?}");
            assert!(c
                .refusal(&url("https://matrix.example.org"))
                .starts_with("Sign-in is blocked"));
        }
        let huge = format!(r#"{{"homeserver":"{}"}}"#, "a".repeat(70_000));
        assert!(AppConfig::from_response(200, &huge).blocked.is_some());
    }

    #[test]
    fn unknown_keys_are_reported_and_known_ones_still_apply() {
        let c = AppConfig::parse(
            r#"{"homesever":"typo","restrict_homeserver":"https://a.org","menu":[]}"#,
        )
        .unwrap();
        assert_eq!(c.ignored_keys, vec!["homesever", "menu"]);
        assert!(c.allows(&url("https://a.org")));
        assert!(!c.allows(&url("https://b.org")));
        assert_eq!(c.blocked, None);
    }

    #[test]
    fn ketesa_files_keep_their_restriction() {
        let single = AppConfig::parse(r#"{"restrictBaseUrl":"https://a.org"}"#).unwrap();
        assert!(single.allows(&url("https://a.org")) && !single.allows(&url("https://b.org")));
        let list =
            AppConfig::parse(r#"{"restrictBaseUrl":["https://a.org","https://b.org/"]}"#).unwrap();
        assert!(list.allows(&url("https://b.org")) && !list.allows(&url("https://c.org")));
        assert!(AppConfig::parse(
            r#"{"restrictBaseUrl":"https://a.org","restrict_homeserver":"https://b.org"}"#
        )
        .unwrap_err()
        .contains("keep one"));
        // An empty list allows nothing: it never widens to "any server".
        let none = AppConfig::parse(r#"{"restrict_homeserver":[]}"#).unwrap();
        assert!(!none.allows(&url("https://a.org")));
    }

    #[test]
    fn the_deployment_file_wins_over_the_server_settings() {
        let file = AppConfig::parse(r#"{"restrict_homeserver":"https://a.org"}"#).unwrap();
        let server = AppConfig::parse(r#"{"restrict_homeserver":"https://b.org"}"#).unwrap();
        let merged = file.with_server_settings(&server);
        assert!(merged.allows(&url("https://a.org")) && !merged.allows(&url("https://b.org")));
        let merged = AppConfig::default().with_server_settings(&server);
        assert!(merged.allows(&url("https://b.org")) && !merged.allows(&url("https://a.org")));
        let blocked = AppConfig::blocked("x").with_server_settings(&AppConfig::default());
        assert!(!blocked.allows(&url("https://a.org")));
    }

    #[test]
    fn well_known_settings_are_read_or_block() {
        let pinned: Value = serde_json::json!({"restrict_homeserver": ["https://a.org"], "x": 1});
        let c = AppConfig::from_well_known(Some(&pinned));
        assert!(c.allows(&url("https://a.org")) && !c.allows(&url("https://b.org")));
        assert_eq!(AppConfig::from_well_known(None), AppConfig::default());
        for bad in [
            serde_json::json!("https://a.org"),
            serde_json::json!({"restrict_homeserver": 1}),
            serde_json::json!({"restrict_homeserver": ["javascript:x"]}),
        ] {
            let c = AppConfig::from_well_known(Some(&bad));
            assert!(c.blocked.unwrap().contains(WELL_KNOWN_KEY), "{bad}");
        }
    }
}
