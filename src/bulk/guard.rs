//! Sends a job's requests only while its owner is signed in: after a logout, or under another
//! admin or homeserver, nothing is sent and the job halts as signed out.

use super::op::JobOwner;
use crate::api::exchange::{AdminApi, Exchanged};
use crate::api::{ApiError, ApiRequest};

pub struct Guarded<'a> {
    pub api: &'a dyn AdminApi,
    pub owner: JobOwner,
    /// Who is signed in at the moment of each request.
    pub current: &'a dyn Fn() -> Option<JobOwner>,
}

impl AdminApi for Guarded<'_> {
    fn exchange(&self, request: ApiRequest) -> Exchanged<'_> {
        match self.owner.check((self.current)().as_ref()) {
            Ok(()) => self.api.exchange(request),
            Err(why) => Box::pin(async move { Err(ApiError::SignedOut(why)) }),
        }
    }
}
