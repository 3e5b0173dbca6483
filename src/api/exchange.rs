//! The seam between the workflows and the network: "send this admin request, get the status
//! and body back". The browser session implements it with `fetch`; native tests implement it
//! with recorded Synapse answers ([`super::replay`]), so whole bulk workflows run in
//! `cargo test`.

use super::{decode, ApiError, ApiRequest, Endpoint};
use std::future::Future;
use std::pin::Pin;

/// The answer to one request: HTTP status and body text, or why there was none.
pub type Exchanged<'a> = Pin<Box<dyn Future<Output = Result<(u16, String), ApiError>> + 'a>>;

/// Sends one request to the admin API of one homeserver, as one admin.
pub trait AdminApi {
    fn exchange(&self, request: ApiRequest) -> Exchanged<'_>;
}

/// Sends the endpoint's request through `api` and decodes the answer.
pub async fn call<E: Endpoint>(api: &dyn AdminApi, endpoint: &E) -> Result<E::Response, ApiError> {
    let (status, body) = api.exchange(endpoint.request()).await?;
    decode(status, &body)
}
