//! Asks a homeserver how it lets admins sign in: its login flows, and whether it delegates
//! sign-in to an OAuth 2.0 authorization server (MAS).

use super::login::resolve_homeserver;
use crate::api::sign_in_methods::{GetAuthMetadata, GetLoginFlows};
use crate::api::AdminClient;
use crate::model::config::AppConfig;
use crate::model::login_flows::LoginFlows;
use crate::model::oauth::AuthMetadata;
use crate::model::HomeserverUrl;

/// What one homeserver offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    pub homeserver: HomeserverUrl,
    /// `None` when the server did not answer with flows (the login form then offers everything).
    pub flows: Option<LoginFlows>,
    /// The authorization server it delegates to: `None` when it does not; an error when its
    /// metadata cannot be used (or `config.json` does not allow it).
    pub oauth: Option<Result<AuthMetadata, String>>,
}

/// Asks `input`'s homeserver; `None` when it cannot be resolved or is not allowed here, because
/// then the sign-in itself says why.
pub async fn discover(config: &AppConfig, input: &str) -> Option<Offered> {
    let (homeserver, server_settings) = resolve_homeserver(input).await.ok()?;
    let config = &config.with_server_settings(&server_settings);
    if !config.allows(&homeserver) {
        return None;
    }
    let client = AdminClient::new(homeserver.clone(), None);
    let flows = client
        .call(&GetLoginFlows)
        .await
        .ok()
        .and_then(|body| GetLoginFlows::decode(body).ok());
    let mut answer = client.call(&GetAuthMetadata::Stable).await;
    if matches!(&answer, Err(e) if e.is_not_found() || e.status() == Some(405)) {
        answer = client.call(&GetAuthMetadata::Unstable).await;
    }
    let oauth = answer.ok().map(|body| {
        GetAuthMetadata::decode(body).and_then(|meta| {
            meta.check_allowed(config)?;
            Ok(meta)
        })
    });
    Some(Offered {
        homeserver,
        flows,
        oauth,
    })
}
