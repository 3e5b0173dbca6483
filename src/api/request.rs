//! Request values: what to send, independent of how it is sent.

use crate::model::HomeserverUrl;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Everything but RFC 3986's unreserved characters is escaped in a path segment, so `@`, `:`,
/// `!`, `/`, `?`, `#` and `%` in an identifier can never change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path under the homeserver, built from fixed parts and encoded segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiPath(String);

impl ApiPath {
    /// A fixed path such as `/_synapse/admin/v2/users`.
    pub fn new(fixed: &'static str) -> Self {
        ApiPath(fixed.to_owned())
    }

    /// Appends `/` and one percent-encoded segment (a user id, room id, media id, …).
    pub fn seg(mut self, value: &str) -> Self {
        self.0.push('/');
        self.0.extend(utf8_percent_encode(value, SEGMENT));
        self
    }

    /// Appends a fixed part such as `/media` or `/admin`.
    pub fn lit(mut self, fixed: &'static str) -> Self {
        self.0.push_str(fixed);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One request, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    pub path: ApiPath,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<serde_json::Value>,
    /// Whether the access token goes with it (in the `Authorization` header, never the URL).
    pub authenticated: bool,
}

impl ApiRequest {
    pub fn new(method: Method, path: ApiPath) -> Self {
        ApiRequest {
            method,
            path,
            query: Vec::new(),
            body: None,
            authenticated: true,
        }
    }

    pub fn get(path: ApiPath) -> Self {
        Self::new(Method::Get, path)
    }

    pub fn post(path: ApiPath) -> Self {
        Self::new(Method::Post, path)
    }

    pub fn anonymous(mut self) -> Self {
        self.authenticated = false;
        self
    }

    pub fn query(mut self, key: &'static str, value: impl ToString) -> Self {
        self.query.push((key, value.to_string()));
        self
    }

    /// Adds the parameter only when there is a value (Synapse refuses some empty values).
    pub fn query_opt(self, key: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The full URL on `base`, with the query encoded as `application/x-www-form-urlencoded`.
    pub fn url(&self, base: &HomeserverUrl) -> String {
        let mut url = format!("{}{}", base.as_str(), self.path.as_str());
        for (i, (key, value)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(key, SEGMENT));
            url.push('=');
            url.extend(utf8_percent_encode(value, SEGMENT));
        }
        url
    }

    /// The query value of `key`, for tests.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded_so_ids_cannot_change_the_path() {
        let path = ApiPath::new("/_synapse/admin/v2/users").seg("@a/b?c#d%e:ex.org");
        assert_eq!(
            path.as_str(),
            "/_synapse/admin/v2/users/%40a%2Fb%3Fc%23d%25e%3Aex.org"
        );
        let room = ApiPath::new("/_synapse/admin/v1/rooms")
            .seg("!abc-_.~:x")
            .lit("/media");
        assert_eq!(
            room.as_str(),
            "/_synapse/admin/v1/rooms/%21abc-_.~%3Ax/media"
        );
        let unicode = ApiPath::new("/x").seg("é");
        assert_eq!(unicode.as_str(), "/x/%C3%A9");
    }

    #[test]
    fn urls_join_base_path_and_encoded_query() {
        let base = HomeserverUrl::parse("http://127.0.0.1:8008/").unwrap();
        let req = ApiRequest::get(ApiPath::new("/_synapse/admin/v2/users"))
            .query("from", 50)
            .query("name", "a&b=c d")
            .query_opt("guests", None::<bool>);
        assert_eq!(
            req.url(&base),
            "http://127.0.0.1:8008/_synapse/admin/v2/users?from=50&name=a%26b%3Dc%20d"
        );
    }
}
