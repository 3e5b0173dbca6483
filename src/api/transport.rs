//! The one function that talks to the browser's `fetch`.
//!
//! Only `Authorization` and `Content-Type` are ever set: Synapse's CORS preflight allows no other
//! header, and the token travels only in `Authorization`, only to the homeserver's base URL.

use super::{AccessToken, ApiError, ApiRequest, Method};
use crate::model::HomeserverUrl;
use gloo_net::http::RequestBuilder;

/// Sends `request` to `base` and returns the status and body text of whatever answered.
pub async fn send(
    base: &HomeserverUrl,
    token: Option<&AccessToken>,
    request: &ApiRequest,
) -> Result<(u16, String), ApiError> {
    let url = request.url(base);
    let mut builder = match request.method {
        Method::Get => RequestBuilder::new(&url).method(gloo_net::http::Method::GET),
        Method::Post => RequestBuilder::new(&url).method(gloo_net::http::Method::POST),
        Method::Put => RequestBuilder::new(&url).method(gloo_net::http::Method::PUT),
        Method::Delete => RequestBuilder::new(&url).method(gloo_net::http::Method::DELETE),
    };
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {}", token.expose()));
    }
    let sent = match &request.body {
        Some(body) => {
            builder
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .map_err(|e| ApiError::Refused(format!("Could not build the request: {e}")))?
                .send()
                .await
        }
        None => builder.send().await,
    };
    let response = sent.map_err(|e| ApiError::Network {
        detail: network_detail(&e),
    })?;
    let status = response.status();
    let body = response.text().await.map_err(|e| ApiError::Network {
        detail: network_detail(&e),
    })?;
    Ok((status, body))
}

fn network_detail(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}
