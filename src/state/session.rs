//! The signed-in admin: homeserver, user id, token and device, kept in sessionStorage (or
//! localStorage with "Remember me"), and the one place that ends a session whose token died.

use super::storage::{self, Kind};
use crate::api::{AccessToken, AdminClient, ApiError, Endpoint};
use crate::i18n::{t, T};
use crate::model::config::AppConfig;
use crate::model::{HomeserverUrl, UserId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const KEY: &str = "curator.session";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub homeserver: HomeserverUrl,
    pub user_id: UserId,
    pub access_token: AccessToken,
    pub device_id: Option<String>,
}

impl Session {
    pub fn client(&self) -> AdminClient {
        AdminClient::new(self.homeserver.clone(), Some(self.access_token.clone()))
    }

    /// The server name, from the admin's user id.
    pub fn server_name(&self) -> String {
        self.user_id.server_name().to_string()
    }
}

/// The session handle every page reads through context.
#[derive(Clone, Copy)]
pub struct SessionCtx {
    current: RwSignal<Option<Session>>,
    /// Why the admin was sent back to the login page, shown there once.
    notice: RwSignal<Option<String>>,
}

impl SessionCtx {
    /// Restores a stored session, unless the deployment's config no longer allows its
    /// homeserver (or could not be read): then the stored session is dropped, before any
    /// request carries its token.
    pub fn restore(config: &AppConfig) -> Self {
        let texts: Vec<String> = [Kind::Session, Kind::Local]
            .into_iter()
            .filter_map(|kind| storage::get(kind, KEY))
            .collect();
        let stored = texts
            .iter()
            .find_map(|text| serde_json::from_str::<Session>(text).ok())
            .filter(|s| config.allows(&s.homeserver));
        if stored.is_none() && !texts.is_empty() {
            // Refused, or unreadable: nothing may use it later either.
            clear_storage();
        }
        SessionCtx {
            current: RwSignal::new(stored),
            notice: RwSignal::new(None),
        }
    }

    pub fn expect() -> Self {
        expect_context::<SessionCtx>()
    }

    pub fn get(&self) -> Option<Session> {
        self.current.get()
    }

    pub fn get_untracked(&self) -> Option<Session> {
        self.current.get_untracked()
    }

    pub fn is_signed_in(&self) -> bool {
        self.current.with(Option::is_some)
    }

    pub fn notice(&self) -> Option<String> {
        self.notice.get()
    }

    pub fn start(&self, session: Session, remember: bool) {
        clear_storage();
        if let Ok(text) = serde_json::to_string(&session) {
            storage::set(
                if remember { Kind::Local } else { Kind::Session },
                KEY,
                &text,
            );
        }
        self.notice.set(None);
        self.current.set(Some(session));
    }

    /// Forgets the session locally; `notice` tells the login page why.
    pub fn end(&self, notice: Option<String>) {
        clear_storage();
        self.notice.set(notice);
        self.current.set(None);
    }

    /// The homeserver's Synapse version, for the header.
    pub async fn server_version(
        &self,
    ) -> Result<crate::api::server::ServerVersionResponse, ApiError> {
        self.call(&crate::api::server::ServerVersion).await
    }

    /// Invalidates the access token on the homeserver (the password and token sign-ins' logout).
    pub async fn log_out_on_server(&self) -> Result<(), ApiError> {
        self.call(&crate::api::auth::Logout).await.map(|_| ())
    }

    /// How many event reports are open, for the navigation's badge.
    pub async fn open_report_count(&self) -> Result<crate::api::reports::ReportCount, ApiError> {
        self.call(&crate::api::reports::CountEventReports::default())
            .await
    }

    /// A file's thumbnail as a `blob:` URL (revoke it with
    /// [`crate::api::transport::revoke_blob_url`] when the image goes), fetched with the token in
    /// the `Authorization` header. `bypass_quarantine` asks for a quarantined file's thumbnail.
    pub async fn thumbnail_url(
        &self,
        media: &crate::model::media::MediaRef,
        size: u32,
        bypass_quarantine: bool,
    ) -> Result<String, ApiError> {
        let Some(session) = self.current.get_untracked() else {
            return Err(ApiError::SignedOut(t(T::PreviewsNeedSession)));
        };
        let request = crate::api::media::Thumbnail {
            media,
            size,
            bypass_quarantine,
        }
        .request();
        crate::api::transport::fetch_blob_url(
            &session.homeserver,
            Some(&session.access_token),
            &request,
        )
        .await
    }

    /// Calls an endpoint with the session's token. A dead token (401 `M_UNKNOWN_TOKEN`) ends the
    /// session, which sends the admin to the login page and back here after signing in again.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Response, ApiError> {
        // Only the decoding is generic: the exchange is one function for every endpoint, which
        // keeps the wasm small.
        let (status, body) = self.send(endpoint.request()).await?;
        crate::api::decode(status, &body)
    }

    async fn send(&self, request: crate::api::ApiRequest) -> Result<(u16, String), ApiError> {
        let Some(session) = self.current.get_untracked() else {
            return Err(ApiError::SignedOut(t(T::StSignedOutSignIn)));
        };
        let token = request.authenticated.then_some(&session.access_token);
        let (status, body) =
            crate::api::transport::send(&session.homeserver, token, &request).await?;
        if status == 401 && ApiError::from_response(status, &body).is_unknown_token() {
            self.end(Some(t(T::StSessionEnded)));
        }
        Ok((status, body))
    }
}

impl crate::api::AdminApi for SessionCtx {
    fn exchange(&self, request: crate::api::ApiRequest) -> crate::api::exchange::Exchanged<'_> {
        Box::pin(self.send(request))
    }
}

fn clear_storage() {
    storage::remove(Kind::Session, KEY);
    storage::remove(Kind::Local, KEY);
}
