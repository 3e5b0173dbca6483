//! `config.json`, the deployment's optional settings, read once at start-up.

use super::HomeserverUrl;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// The homeserver the login form offers first (a URL or a server name).
    #[serde(default)]
    pub homeserver: Option<String>,
    /// When set, Curator signs in to these homeservers only, and sends a token nowhere else.
    #[serde(default)]
    pub restrict_homeserver: Option<Vec<String>>,
}

impl AppConfig {
    /// Parses the file's text; the error says what is wrong so the console message helps.
    pub fn parse(text: &str) -> Result<Self, String> {
        let config: AppConfig =
            serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))?;
        if let Some(list) = &config.restrict_homeserver {
            for entry in list {
                HomeserverUrl::parse(entry).map_err(|e| {
                    format!("config.json: restrict_homeserver entry is not a homeserver URL: {e}")
                })?;
            }
        }
        Ok(config)
    }

    /// Whether signing in to `url`, or using a stored session for it, is allowed.
    pub fn allows(&self, url: &HomeserverUrl) -> bool {
        match &self.restrict_homeserver {
            None => true,
            Some(list) => list
                .iter()
                .filter_map(|entry| HomeserverUrl::parse(entry).ok())
                .any(|allowed| &allowed == url),
        }
    }

    /// The refusal a person sees when `allows` says no.
    pub fn refusal(&self, url: &HomeserverUrl) -> String {
        let list = self
            .restrict_homeserver
            .clone()
            .unwrap_or_default()
            .join(", ");
        format!("This Curator only manages {list}; it will not sign in to {url}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restriction_compares_normalised_urls() {
        let c = AppConfig::parse(
            r#"{"homeserver":"http://127.0.0.1:8008","restrict_homeserver":["http://127.0.0.1:8008/"]}"#,
        )
        .unwrap();
        assert!(c.allows(&HomeserverUrl::parse("http://127.0.0.1:8008").unwrap()));
        assert!(!c.allows(&HomeserverUrl::parse("http://127.0.0.1:9009").unwrap()));
        assert!(c
            .refusal(&HomeserverUrl::parse("http://evil.example").unwrap())
            .contains("evil.example"));
        assert!(AppConfig::default().allows(&HomeserverUrl::parse("https://any.org").unwrap()));
    }

    #[test]
    fn malformed_files_are_reported() {
        assert!(AppConfig::parse("{").is_err());
        assert!(AppConfig::parse(r#"{"restrict_homeserver":["not a url"]}"#).is_err());
        assert!(AppConfig::parse(r#"{"homesever":"typo"}"#)
            .unwrap_err()
            .contains("homesever"));
        assert_eq!(AppConfig::parse("{}").unwrap(), AppConfig::default());
    }
}
