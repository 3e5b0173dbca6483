//! Matrix identifiers, parsed once at the edge (form inputs, URLs, API responses).
//!
//! The validated types come from `ruma-common`; this module re-exports them under the names the
//! rest of Curator uses and adds the homeserver URL, which Matrix leaves to each client.

use crate::i18n::{t, tf, T};
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self.kind {
            "room id" => T::MsgBadRoomId,
            _ => T::MsgBadUserId,
        };
        f.write_str(&tf(
            key,
            &[("input", &self.input), ("reason", &self.reason)],
        ))
    }
}

impl std::error::Error for IdError {}

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
            .ok_or_else(|| tf(T::MsgNotHttpUrl, &[("input", s)]))?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if rest.contains(['?', '#']) {
            return Err(tf(T::MsgUrlQuery, &[("input", s)]));
        }
        // Only what a host name, an IP address and a port are made of: this URL ends up in
        // shell commands and a Content-Security-Policy, so nothing else may pass.
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        {
            return Err(tf(T::MsgUrlHost, &[("input", s)]));
        }
        if !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c))
        {
            return Err(tf(T::MsgUrlPath, &[("input", s)]));
        }
        Ok(HomeserverUrl(s.trim_end_matches('/').to_owned()))
    }

    /// The `base_url` a `/.well-known/matrix/client` points at: `https://` only, or `http://`
    /// on this machine (loopback), so a server name can never send the token over plain HTTP.
    pub fn from_well_known(base_url: &str) -> Result<Self, String> {
        let url = Self::parse(base_url).map_err(|e| tf(T::MsgWellKnownBadUrl, &[("error", &e)]))?;
        if url.0.starts_with("https://") || url.is_loopback() {
            Ok(url)
        } else {
            Err(tf(T::MsgWellKnownNotHttps, &[("url", url.as_str())]))
        }
    }

    /// Whether the host is this machine (`localhost`, `127.0.0.0/8`, `[::1]`).
    pub fn is_loopback(&self) -> bool {
        let after_scheme = self.0.find("://").map(|i| i + 3).unwrap_or(0);
        let host_port = self.origin()[after_scheme..].to_ascii_lowercase();
        let host = match host_port.split_once(']') {
            // `[v6]` or `[v6]:port`, and nothing else after the bracket.
            Some((v6, rest)) if rest.is_empty() || rest.starts_with(':') => {
                &host_port[..v6.len() + 1]
            }
            Some(_) => return false,
            None => host_port.split(':').next().unwrap_or_default(),
        };
        host == "localhost"
            || host == "[::1]"
            || host.strip_prefix("127.").is_some_and(|rest| {
                let parts: Vec<&str> = rest.split('.').collect();
                parts.len() == 3 && parts.iter().all(|p| p.parse::<u8>().is_ok())
            })
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
            return Err(t(T::MsgEnterHomeserver));
        }
        if s.contains("://") {
            return HomeserverUrl::parse(s).map(HomeserverInput::Url);
        }
        let name = s.trim_end_matches('/');
        ServerName::try_from(name)
            .map(|_| HomeserverInput::ServerName(name.to_owned()))
            .map_err(|_| tf(T::MsgNotUrlNorServer, &[("input", s)]))
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
    fn homeserver_urls_refuse_what_a_shell_or_a_policy_would_read() {
        for hostile in [
            "https://a.org\"; rm -rf ~; \"",
            "https://a.org/$(id)",
            "https://a.org/`id`",
            "https://a$HOME.org",
            "https://a.org/%s",
            "https://a.org/x'y",
            "https://a.org;b.org",
            "https://a.org b.org",
            "https://user@a.org",
            "https://a.org/x\ny",
            "https://a.org\\b",
            "https://ex\u{e4}mple.org",
            "https://a.org/x*y",
            "https://a.org 'unsafe-inline'",
        ] {
            assert!(HomeserverUrl::parse(hostile).is_err(), "{hostile:?}");
        }
        assert!(
            HomeserverUrl::parse("https://xn--exmple-cua.org:8448/_matrix-proxy/x.y~z").is_ok()
        );
        assert!(HomeserverUrl::parse("http://[::1]:8008").is_ok());
    }

    #[test]
    fn well_known_may_only_point_at_https_or_loopback() {
        assert!(HomeserverUrl::from_well_known("https://matrix.example.org").is_ok());
        for ok in [
            "http://127.0.0.1:8008",
            "http://localhost:8008",
            "http://[::1]:8008/",
            "http://127.5.6.7",
        ] {
            assert!(HomeserverUrl::from_well_known(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://matrix.example.org",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:8008",
            "http://127.0.0.1x",
            "http://[::1].evil",
            "http://10.0.0.1",
            "ftp://matrix.example.org",
            "javascript:alert(1)",
            "",
        ] {
            let err = HomeserverUrl::from_well_known(bad).unwrap_err();
            assert!(err.contains(".well-known"), "{bad}: {err}");
        }
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
