//! Server-wide facts: the Synapse version.

use super::{ApiPath, ApiRequest, Endpoint};
use serde::Deserialize;

/// `GET /_synapse/admin/v1/server_version` (needs no token).
pub struct ServerVersion;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServerVersionResponse {
    pub server_version: String,
}

impl Endpoint for ServerVersion {
    type Response = ServerVersionResponse;
    fn request(&self) -> ApiRequest {
        ApiRequest::get(ApiPath::new("/_synapse/admin/v1/server_version")).anonymous()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode, Method};

    #[test]
    fn server_version() {
        let r = ServerVersion.request();
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::Get, "/_synapse/admin/v1/server_version")
        );
        assert!(!r.authenticated);
        let v: ServerVersionResponse = decode(200, r#"{"server_version":"1.163.2"}"#).unwrap();
        assert_eq!(v.server_version, "1.163.2");
    }
}
