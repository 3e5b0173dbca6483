//! What a homeserver says it accepts for signing in (`GET /_matrix/client/v3/login`), reduced to
//! the ways Curator offers: a password, Synapse's single sign-on (one button per identity
//! provider), and always a pasted access token.

use serde::Deserialize;

/// The ways of signing in a homeserver offers, as Curator shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginFlows {
    /// `m.login.password` is listed.
    pub password: bool,
    /// `m.login.token` is listed: the step that finishes a single sign-on.
    pub token: bool,
    /// `m.login.sso` is listed; its identity providers (none listed: one button for the default).
    pub sso: Option<Vec<IdentityProvider>>,
}

/// One identity provider of `m.login.sso`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityProvider {
    pub id: IdpId,
    /// What the button says; the id when the server gave no usable name.
    pub name: String,
}

/// An identity provider's id as the spec allows it: 1–255 characters of `[A-Za-z0-9._~-]`, so it
/// is safe as a path segment. Anything else is left out rather than sent back to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpId(String);

impl IdpId {
    pub fn parse(s: &str) -> Option<Self> {
        let ok = (1..=255).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'));
        ok.then(|| IdpId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Deserialize)]
struct RawFlows {
    flows: Vec<RawFlow>,
}

#[derive(Deserialize)]
struct RawFlow {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    identity_providers: Vec<serde_json::Value>,
}

/// The longest button label shown; a longer name is cut.
const MAX_NAME: usize = 80;

impl LoginFlows {
    /// Parses the body of `GET /_matrix/client/v3/login`. Flows Curator does not know are ignored;
    /// an identity provider without a valid id is left out.
    pub fn parse(body: &str) -> Result<Self, String> {
        let raw: RawFlows = serde_json::from_str(body).map_err(|e| {
            crate::i18n::tf(
                crate::i18n::T::MsgBadLoginFlows,
                &[("error", &e.to_string())],
            )
        })?;
        let mut flows = LoginFlows::default();
        for flow in raw.flows {
            match flow.kind.as_str() {
                "m.login.password" => flows.password = true,
                "m.login.token" => flows.token = true,
                "m.login.sso" | "m.login.cas" => {
                    let idps = flows.sso.get_or_insert_with(Vec::new);
                    for idp in &flow.identity_providers {
                        if let Some(p) = IdentityProvider::from_json(idp) {
                            if !idps.iter().any(|known| known.id == p.id) {
                                idps.push(p);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(flows)
    }

    /// Whether single sign-on can finish here: Synapse sends the browser back with a login
    /// token, which needs `m.login.token`.
    pub fn offers_sso(&self) -> bool {
        self.sso.is_some() && self.token
    }
}

impl IdentityProvider {
    fn from_json(v: &serde_json::Value) -> Option<Self> {
        let id = IdpId::parse(v.get("id")?.as_str()?)?;
        let name: String = v
            .get("name")
            .and_then(|n| n.as_str())
            .map(|n| n.chars().filter(|c| !c.is_control()).collect::<String>())
            .map(|n| n.trim().chars().take(MAX_NAME).collect::<String>())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.as_str().to_owned());
        Some(IdentityProvider { id, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Synapse 1.163 with password login and one OIDC provider.
    const SYNAPSE: &str = r#"{"flows":[{"type":"m.login.password"},{"type":"m.login.sso","identity_providers":[{"id":"oidc-curator","name":"Curator Test IdP","icon":"mxc://localhost/abc"}]},{"type":"m.login.token"},{"type":"m.login.application_service"}]}"#;

    #[test]
    fn synapse_with_password_and_one_provider() {
        let f = LoginFlows::parse(SYNAPSE).unwrap();
        assert!(f.password && f.token && f.offers_sso());
        let idps = f.sso.unwrap();
        assert_eq!(idps.len(), 1);
        assert_eq!(idps[0].id.as_str(), "oidc-curator");
        assert_eq!(idps[0].name, "Curator Test IdP");
    }

    #[test]
    fn password_only_and_delegated_servers() {
        let f = LoginFlows::parse(r#"{"flows":[{"type":"m.login.password"}]}"#).unwrap();
        assert!(f.password && !f.offers_sso() && f.sso.is_none());
        // A server that delegates to MAS lists only the SSO redirect and token login (its
        // compatibility layer), without identity providers.
        let f = LoginFlows::parse(r#"{"flows":[{"type":"m.login.sso"},{"type":"m.login.token"}]}"#)
            .unwrap();
        assert!(!f.password && f.offers_sso());
        assert_eq!(f.sso, Some(vec![]));
        // SSO without m.login.token cannot finish.
        let f = LoginFlows::parse(r#"{"flows":[{"type":"m.login.sso"}]}"#).unwrap();
        assert!(!f.offers_sso());
    }

    #[test]
    fn hostile_providers_are_left_out_or_tamed() {
        let f = LoginFlows::parse(
            r#"{"flows":[{"type":"m.login.token"},{"type":"m.login.sso","identity_providers":[
                {"id":"../admin","name":"path"},{"id":"","name":"empty"},{"name":"no id"},
                {"id":"ok","name":"  Line\nbreak  "},{"id":"ok","name":"duplicate"},
                {"id":"bare"},{"id":"long","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]}]}"#,
        )
        .unwrap();
        let idps = f.sso.unwrap();
        let ids: Vec<_> = idps.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["ok", "bare", "long"]);
        assert_eq!(idps[0].name, "Linebreak");
        assert_eq!(idps[1].name, "bare");
        assert_eq!(idps[2].name.chars().count(), MAX_NAME);
    }

    #[test]
    fn a_body_without_flows_is_refused() {
        assert!(LoginFlows::parse(r#"{"hello":1}"#).is_err());
        assert!(LoginFlows::parse("<html>").is_err());
    }
}

/// The pairs of a URL query or fragment (`a=1&b=2`, with or without its `?`/`#`), decoded as a
/// form (`+` is a space).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .trim_start_matches(['?', '#'])
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Splits the `loginToken` a single sign-on sent back off a URL query: the token, and the query
/// to put back in the address bar without it (empty, or starting with `?`). The other
/// parameters are kept as they were.
pub fn take_login_token(search: &str) -> (Option<String>, String) {
    let mut token = None;
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let (k, _) = p.split_once('=').unwrap_or((p, ""));
            if k == "loginToken" {
                token = query_pairs(p)
                    .pop()
                    .map(|(_, v)| v)
                    .filter(|v| !v.is_empty());
                false
            } else {
                true
            }
        })
        .collect();
    let rest = if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    (token, rest)
}

#[cfg(test)]
mod url_tests {
    use super::*;

    #[test]
    fn the_login_token_is_taken_out_and_the_rest_kept() {
        assert_eq!(
            take_login_token("?next=%2Fusers%2F%2540a&loginToken=lt_x%2By"),
            (Some("lt_x+y".into()), "?next=%2Fusers%2F%2540a".into())
        );
        assert_eq!(
            take_login_token("?loginToken=abc"),
            (Some("abc".into()), String::new())
        );
        assert_eq!(take_login_token("?next=%2Fx"), (None, "?next=%2Fx".into()));
        assert_eq!(take_login_token(""), (None, String::new()));
        assert_eq!(take_login_token("?loginToken="), (None, String::new()));
    }

    #[test]
    fn query_pairs_decode_forms() {
        assert_eq!(
            query_pairs("#code=a%2Fb&state=x+y&flag"),
            vec![
                ("code".into(), "a/b".into()),
                ("state".into(), "x y".into()),
                ("flag".into(), String::new())
            ]
        );
    }
}
