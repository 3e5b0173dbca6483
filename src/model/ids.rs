//! Matrix identifiers, parsed once at the edge (form inputs, URLs, API responses).
//!
//! The validated types come from `ruma-common`; this module re-exports them under the names the
//! rest of Curator uses and adds the homeserver URL, which Matrix leaves to each client.

use std::fmt;

pub use ruma_common::{
    OwnedRoomId as RoomId, OwnedServerName as ServerName, OwnedUserId as UserId,
};
use serde::{Deserialize, Serialize};

/// Parses a user id typed or pasted by a person: surrounding blanks are ignored.
pub fn parse_user_id(input: &str) -> Result<UserId, IdError> {
    let input = input.trim();
    UserId::try_from(input).map_err(|e| IdError::new("user id", input, e))
}

/// Parses a room id (`!opaque` for room version 12, `!opaque:server` before it).
pub fn parse_room_id(input: &str) -> Result<RoomId, IdError> {
    let input = input.trim();
    RoomId::try_from(input).map_err(|e| IdError::new("room id", input, e))
}

/// Why an identifier was refused, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{input}” is not a valid Matrix {kind}: {reason}")]
pub struct IdError {
    pub kind: &'static str,
    pub input: String,
    pub reason: String,
}

impl IdError {
    fn new(kind: &'static str, input: &str, err: impl fmt::Display) -> Self {
        IdError {
            kind,
            input: input.to_owned(),
            reason: err.to_string(),
        }
    }
}

/// The base URL of a homeserver's client API, e.g. `https://matrix.example.org` or
/// `http://127.0.0.1:8008/prefix`: an http(s) URL without query, fragment or trailing slash.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HomeserverUrl(String);

impl HomeserverUrl {
    /// Accepts `http://` and `https://` URLs only; normalises away a trailing `/`.
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("“{s}” is not an http:// or https:// URL"))?;
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
            return Err(format!("“{s}” has no valid host name"));
        }
        if rest.contains(['?', '#']) {
            return Err(format!("“{s}” must not contain a query or fragment"));
        }
        Ok(HomeserverUrl(s.trim_end_matches('/').to_owned()))
    }

    /// `https://<name>` for a bare server name such as `example.org` or `example.org:8448`.
    pub fn from_server_name(name: &str) -> Result<Self, String> {
        Self::parse(&format!("https://{}", name.trim()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The origin (scheme, host and port), as a Content-Security-Policy or CORS check sees it.
    pub fn origin(&self) -> &str {
        let after_scheme = self.0.find("://").map(|i| i + 3).unwrap_or(0);
        match self.0[after_scheme..].find('/') {
            Some(i) => &self.0[..after_scheme + i],
            None => &self.0,
        }
    }
}

impl TryFrom<String> for HomeserverUrl {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        HomeserverUrl::parse(&s)
    }
}

impl From<HomeserverUrl> for String {
    fn from(h: HomeserverUrl) -> String {
        h.0
    }
}

impl fmt::Display for HomeserverUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for HomeserverUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HomeserverUrl({})", self.0)
    }
}

/// What the login form's homeserver field holds: a URL to use as it is, or a bare server name
/// that is first resolved through `/.well-known/matrix/client`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeserverInput {
    Url(HomeserverUrl),
    ServerName(String),
}

impl HomeserverInput {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        if s.is_empty() {
            return Err("Enter the homeserver's URL or server name".into());
        }
        if s.contains("://") {
            return HomeserverUrl::parse(s).map(HomeserverInput::Url);
        }
        let name = s.trim_end_matches('/');
        ServerName::try_from(name)
            .map(|_| HomeserverInput::ServerName(name.to_owned()))
            .map_err(|_| format!("“{s}” is neither a URL nor a server name such as example.org"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_validated_and_trimmed() {
        assert_eq!(
            parse_user_id(" @alice:localhost ").unwrap().as_str(),
            "@alice:localhost"
        );
        assert_eq!(
            parse_user_id("@bob:127.0.0.1:8448").unwrap().server_name(),
            "127.0.0.1:8448"
        );
        assert!(parse_user_id("alice").is_err());
        assert!(parse_user_id("@alice").is_err());
        let err = parse_user_id("alice").unwrap_err();
        assert!(
            err.to_string().contains("not a valid Matrix user id"),
            "{err}"
        );
    }

    #[test]
    fn room_ids_of_version_12_have_no_server_part() {
        let id = parse_room_id("!5mwSsX-K6eKqJwbVvHmqtrbglN0ZbC9stgviECayD9s").unwrap();
        assert_eq!(id.as_str(), "!5mwSsX-K6eKqJwbVvHmqtrbglN0ZbC9stgviECayD9s");
        assert!(parse_room_id("!abc:example.org").is_ok());
        assert!(parse_room_id("#alias:example.org").is_err());
    }

    #[test]
    fn homeserver_urls_are_normalised() {
        let u = HomeserverUrl::parse("http://127.0.0.1:8008/").unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:8008");
        assert_eq!(u.origin(), "http://127.0.0.1:8008");
        let p = HomeserverUrl::parse("https://example.org/matrix/").unwrap();
        assert_eq!(p.as_str(), "https://example.org/matrix");
        assert_eq!(p.origin(), "https://example.org");
        assert!(HomeserverUrl::parse("ftp://example.org").is_err());
        assert!(HomeserverUrl::parse("https://").is_err());
        assert!(HomeserverUrl::parse("https://a.org/?x=1").is_err());
    }

    #[test]
    fn homeserver_input_tells_urls_from_server_names() {
        assert_eq!(
            HomeserverInput::parse("example.org").unwrap(),
            HomeserverInput::ServerName("example.org".into())
        );
        assert!(matches!(
            HomeserverInput::parse("http://localhost:8008").unwrap(),
            HomeserverInput::Url(_)
        ));
        assert!(HomeserverInput::parse("").is_err());
        assert!(HomeserverInput::parse("not a server").is_err());
    }
}
