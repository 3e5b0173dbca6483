//! The typed Synapse admin client.
//!
//! Every endpoint is a small struct implementing [`Endpoint`]: its typed parameters build an
//! [`ApiRequest`] (method, percent-encoded path, query, body) and name the response type. One
//! `send` in [`transport`] talks to the browser; one [`decode`] turns every answer into a typed
//! value or an [`ApiError`]. Pages never build URLs.

pub mod auth;
#[cfg(test)]
mod backends;
pub mod error;
pub mod exchange;
pub mod media;
pub mod quarantine_changes;
pub mod quirks;
#[cfg(test)]
pub mod replay;
pub mod reports;
pub mod request;
pub mod rooms;
pub mod server;
pub mod sign_in_methods;
pub mod statistics;
pub mod sweeps;
pub mod transport;
pub mod users;

pub use error::{ApiError, RetryClass};
pub use exchange::{call, AdminApi};
pub use request::{ApiPath, ApiRequest, Method};

use crate::i18n::T;
use crate::model::HomeserverUrl;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One call of the API: typed parameters in, a typed response out.
pub trait Endpoint {
    type Response: DeserializeOwned;
    fn request(&self) -> ApiRequest;
}

/// An access token. Its `Debug` never shows the secret, so it cannot leak into a log by accident.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccessToken(String);

impl AccessToken {
    /// Takes a token as an admin pastes it: blanks around it and a leading `Bearer ` (from a
    /// copied header) are dropped.
    pub fn new(token: &str) -> Result<Self, String> {
        let t = token.trim();
        let t = match t.get(..7) {
            Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => t[7..].trim(),
            _ => t,
        };
        if t.eq_ignore_ascii_case("bearer") {
            return Err(crate::i18n::t(T::MsgTokenOnlyBearer));
        }
        if t.is_empty() {
            return Err(crate::i18n::t(T::MsgTokenEmpty));
        }
        if !t.chars().all(|c| c.is_ascii_graphic()) {
            return Err(crate::i18n::t(T::MsgTokenBadCharacters));
        }
        Ok(AccessToken(t.to_owned()))
    }

    /// The secret itself; only the transport reads it, to fill the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

/// A JSON object whose content does not matter (Synapse answers `{}` to many writes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Empty {}

/// Talks to one homeserver, with or without an access token.
#[derive(Clone, Debug)]
pub struct AdminClient {
    base: HomeserverUrl,
    token: Option<AccessToken>,
}

impl AdminClient {
    pub fn new(base: HomeserverUrl, token: Option<AccessToken>) -> Self {
        AdminClient { base, token }
    }

    pub fn base(&self) -> &HomeserverUrl {
        &self.base
    }

    /// Sends the endpoint's request and decodes the answer.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Response, ApiError> {
        let request = endpoint.request();
        let token = if request.authenticated {
            self.token.as_ref()
        } else {
            None
        };
        let (status, body) = transport::send(&self.base, token, &request).await?;
        decode(status, &body)
    }
}

/// Decodes any answer: a 2xx body into `T`, anything else into the matching [`ApiError`].
pub fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        let text = if body.trim().is_empty() { "{}" } else { body };
        serde_json::from_str(text).map_err(|e| ApiError::Decode {
            status,
            detail: e.to_string(),
        })
    } else {
        Err(ApiError::from_response(status, body))
    }
}

#[cfg(test)]
mod tests {
    use super::AccessToken;

    #[test]
    fn a_pasted_token_is_trimmed_and_loses_its_bearer_prefix() {
        for pasted in [
            "syt_abc",
            "  syt_abc\n",
            "\tsyt_abc ",
            "Bearer syt_abc",
            "bearer   syt_abc",
            " BEARER syt_abc\r\n",
        ] {
            assert_eq!(
                AccessToken::new(pasted).unwrap().expose(),
                "syt_abc",
                "{pasted:?}"
            );
        }
        for bad in [
            "",
            "   ",
            "Bearer ",
            "syt abc",
            "syt_abc\u{200b}",
            "sy\nt",
            "Bearer",
        ] {
            assert!(AccessToken::new(bad).is_err(), "{bad:?}");
        }
    }
}
