//! Every way a call can fail, with the retry class the job runner decides from.

use crate::i18n::{tf, T};
use serde::Deserialize;
use std::fmt;

/// Whether trying the same request again can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Rate limited, server error or network failure: retry, after `after_ms` when Synapse says.
    Transient { after_ms: Option<u64> },
    /// Anything else: the same request will fail the same way.
    Permanent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: the server is down, the URL is wrong, or the browser
    /// blocked the answer (CORS, Content-Security-Policy, mixed content).
    Network { detail: String },
    /// The server answered with an error status.
    Http {
        status: u16,
        errcode: Option<String>,
        error: Option<String>,
        retry_after_ms: Option<u64>,
    },
    /// A 2xx answer whose body is not what this endpoint returns.
    Decode { status: u16, detail: String },
    /// Curator refused to send the request.
    Refused(String),
    /// Not sent: the admin who owns this work is not signed in here (signed out, or another
    /// admin or homeserver is).
    SignedOut(String),
}

/// In the admin's language; what the server said (its errcode and message) as it said it.
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ApiError::Network { detail } => tf(T::MsgNetwork, &[("detail", detail)]),
            ApiError::Http {
                status,
                errcode,
                error,
                ..
            } => {
                let status = status.to_string();
                let (key, code, message) = match (errcode, error) {
                    (Some(c), Some(m)) => (T::MsgRefusedCodeMessage, c.as_str(), m.as_str()),
                    (Some(c), None) => (T::MsgRefusedCode, c.as_str(), ""),
                    (None, Some(m)) => (T::MsgAnsweredMessage, "", m.as_str()),
                    (None, None) => (T::MsgAnswered, "", ""),
                };
                tf(
                    key,
                    &[("status", &status), ("code", code), ("message", message)],
                )
            }
            ApiError::Decode { status, detail } => tf(
                T::MsgDecode,
                &[("status", &status.to_string()), ("detail", detail)],
            ),
            ApiError::Refused(why) | ApiError::SignedOut(why) => return f.write_str(why),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ApiError {}

#[derive(Deserialize)]
struct MatrixErrorBody {
    errcode: Option<String>,
    error: Option<String>,
    retry_after_ms: Option<u64>,
}

impl ApiError {
    /// Builds the error for a non-2xx answer; a body that is not a Matrix error keeps a short
    /// excerpt so the admin sees what answered (a proxy's HTML page, say).
    pub fn from_response(status: u16, body: &str) -> Self {
        match serde_json::from_str::<MatrixErrorBody>(body) {
            Ok(b) => ApiError::Http {
                status,
                errcode: b.errcode,
                error: b.error,
                retry_after_ms: b.retry_after_ms,
            },
            Err(_) => {
                let excerpt: String = body.trim().chars().take(120).collect();
                ApiError::Http {
                    status,
                    errcode: None,
                    error: (!excerpt.is_empty()).then_some(excerpt),
                    retry_after_ms: None,
                }
            }
        }
    }

    pub fn errcode(&self) -> Option<&str> {
        match self {
            ApiError::Http { errcode, .. } => errcode.as_deref(),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } | ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The token is dead (logged out, expired or never valid): the session is over.
    pub fn is_unknown_token(&self) -> bool {
        matches!(self, ApiError::Http { status: 401, .. })
            && self.errcode() == Some("M_UNKNOWN_TOKEN")
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Synapse's "Unknown media" (404 `M_NOT_FOUND`): the file is not there. A 404 without that
    /// errcode (a proxy, an unknown endpoint) says nothing about the file.
    pub fn is_unknown_media(&self) -> bool {
        self.status() == Some(404) && self.errcode() == Some("M_NOT_FOUND")
    }

    /// The session is over (any 401) or the request was not sent for want of one: work should
    /// pause until the admin signs in again, not fail.
    pub fn is_signed_out(&self) -> bool {
        matches!(self, ApiError::SignedOut(_)) || self.status() == Some(401)
    }

    /// A gateway error or no answer: the server may or may not have done it.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ApiError::Network { .. }) || matches!(self.status(), Some(502 | 504))
    }

    /// The server does not know this endpoint (`M_UNRECOGNIZED`): it is older than the feature.
    pub fn is_unrecognized(&self) -> bool {
        matches!(self.status(), Some(404 | 405)) && self.errcode() == Some("M_UNRECOGNIZED")
    }

    pub fn retry_class(&self) -> RetryClass {
        match self {
            ApiError::Network { .. } => RetryClass::Transient { after_ms: None },
            ApiError::Http {
                status,
                errcode,
                retry_after_ms,
                ..
            } => {
                if *status == 429 || errcode.as_deref() == Some("M_LIMIT_EXCEEDED") {
                    RetryClass::Transient {
                        after_ms: *retry_after_ms,
                    }
                } else if *status >= 500 {
                    RetryClass::Transient { after_ms: None }
                } else {
                    RetryClass::Permanent
                }
            }
            ApiError::Decode { .. } | ApiError::Refused(_) | ApiError::SignedOut(_) => {
                RetryClass::Permanent
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_errors_keep_status_code_and_message() {
        let e = ApiError::from_response(
            401,
            r#"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed.","soft_logout":false}"#,
        );
        assert!(e.is_unknown_token());
        assert_eq!(e.retry_class(), RetryClass::Permanent);
        assert_eq!(
            e.to_string(),
            "The server refused (HTTP 401, M_UNKNOWN_TOKEN): Invalid access token passed."
        );
        let missing = ApiError::from_response(401, r#"{"errcode":"M_MISSING_TOKEN","error":"x"}"#);
        assert!(!missing.is_unknown_token());
    }

    #[test]
    fn retry_classes() {
        let limited = ApiError::from_response(
            429,
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2000}"#,
        );
        assert_eq!(
            limited.retry_class(),
            RetryClass::Transient {
                after_ms: Some(2000)
            }
        );
        let five = ApiError::from_response(
            500,
            r#"{"errcode":"M_UNKNOWN","error":"Internal server error"}"#,
        );
        assert_eq!(five.retry_class(), RetryClass::Transient { after_ms: None });
        let gateway = ApiError::from_response(502, "<html>Bad Gateway</html>");
        assert_eq!(
            gateway.retry_class(),
            RetryClass::Transient { after_ms: None }
        );
        assert_eq!(
            gateway.to_string(),
            "The server answered HTTP 502: <html>Bad Gateway</html>"
        );
        let net = ApiError::Network {
            detail: "Failed to fetch".into(),
        };
        assert_eq!(net.retry_class(), RetryClass::Transient { after_ms: None });
        let forbidden = ApiError::from_response(
            403,
            r#"{"errcode":"M_FORBIDDEN","error":"You are not a server admin"}"#,
        );
        assert_eq!(forbidden.retry_class(), RetryClass::Permanent);
        assert!(ApiError::from_response(
            404,
            r#"{"errcode":"M_NOT_FOUND","error":"Unknown media"}"#
        )
        .is_not_found());
    }

    #[test]
    fn decode_maps_success_and_failure() {
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct V {
            server_version: String,
        }
        let ok: V = crate::api::decode(200, r#"{"server_version":"1.163.2"}"#).unwrap();
        assert_eq!(ok.server_version, "1.163.2");
        let bad = crate::api::decode::<V>(200, "<html>").unwrap_err();
        assert!(matches!(bad, ApiError::Decode { status: 200, .. }));
        let empty: crate::api::Empty = crate::api::decode(200, "").unwrap();
        assert_eq!(empty, crate::api::Empty {});
        let err = crate::api::decode::<V>(400, r#"{"errcode":"M_INVALID_PARAM","error":"bad"}"#)
            .unwrap_err();
        assert_eq!(err.errcode(), Some("M_INVALID_PARAM"));
    }
}
