//! The one function that talks to the browser's `fetch`.
//!
//! Only `Authorization` and `Content-Type` are ever set: Synapse's CORS preflight allows no other
//! header, and the token travels only in `Authorization`, only to the homeserver's base URL.

use super::{AccessToken, ApiError, ApiRequest, Method};
use crate::i18n::{t, tf, T};
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
                .map_err(|e| {
                    ApiError::Refused(tf(T::MsgCouldNotBuild, &[("error", &e.to_string())]))
                })?
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

/// The only types a preview may be: never SVG, never anything a browser might run.
const PREVIEW_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Fetches an image (a thumbnail) with the token in the `Authorization` header and returns a
/// `blob:` URL for an `<img src>`. Only PNG, JPEG, GIF and WebP answers are accepted. The caller
/// owns the URL and gives it back with [`revoke_blob_url`].
pub async fn fetch_blob_url(
    base: &HomeserverUrl,
    token: Option<&AccessToken>,
    request: &ApiRequest,
) -> Result<String, ApiError> {
    use wasm_bindgen::JsCast;
    if request.method != Method::Get || request.body.is_some() {
        return Err(ApiError::Refused(t(T::MsgImagesOnlyGet)));
    }
    let mut builder = RequestBuilder::new(&request.url(base)).method(gloo_net::http::Method::GET);
    if let Some(token) = token.filter(|_| request.authenticated) {
        builder = builder.header("Authorization", &format!("Bearer {}", token.expose()));
    }
    let network = |e: gloo_net::Error| ApiError::Network {
        detail: network_detail(&e),
    };
    let response = builder.send().await.map_err(network)?;
    let status = response.status();
    if !(200..300).contains(&status) {
        let body = response.text().await.unwrap_or_default();
        return Err(ApiError::from_response(status, &body));
    }
    let content_type = response.headers().get("content-type").unwrap_or_default();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !PREVIEW_TYPES.iter().any(|t| mime.eq_ignore_ascii_case(t)) {
        let shown: String = mime.chars().take(60).collect();
        return Err(ApiError::Refused(tf(
            T::MsgNotShownType,
            &[("type", &shown)],
        )));
    }
    let js_error = |e: wasm_bindgen::JsValue| ApiError::Network {
        detail: e.as_string().unwrap_or_else(|| t(T::MsgImageUnreadable)),
    };
    let raw = web_sys::Response::from(response);
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(raw.blob().map_err(js_error)?)
        .await
        .and_then(|b| b.dyn_into())
        .map_err(js_error)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)
}

/// Frees a URL made by [`fetch_blob_url`]; the image it showed can no longer be loaded from it.
pub fn revoke_blob_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Sends one request to the authorization server (an absolute URL it named in its metadata) and
/// returns the status and body text. No `Authorization` header: Curator is a public client.
pub async fn send_to(
    request: &super::sign_in_methods::oauth_requests::OAuthRequest,
) -> Result<(u16, String), ApiError> {
    let network = |e: gloo_net::Error| ApiError::Network {
        detail: network_detail(&e),
    };
    let response = RequestBuilder::new(&request.url)
        .method(gloo_net::http::Method::POST)
        .header("Content-Type", request.content_type)
        .header("Accept", "application/json")
        .body(request.body.clone())
        .map_err(|e| ApiError::Refused(tf(T::MsgCouldNotBuild, &[("error", &e.to_string())])))?
        .send()
        .await
        .map_err(network)?;
    let status = response.status();
    let body = response.text().await.map_err(network)?;
    Ok((status, body))
}
