use super::*;

/// What MAS serves (trimmed), with the stable scope names.
const MAS: &str = r#"{
  "issuer": "https://auth.example.org/",
  "authorization_endpoint": "https://auth.example.org/authorize",
  "token_endpoint": "https://auth.example.org/oauth2/token",
  "registration_endpoint": "https://auth.example.org/oauth2/registration",
  "revocation_endpoint": "https://auth.example.org/oauth2/revoke",
  "jwks_uri": "https://auth.example.org/oauth2/keys.json",
  "scopes_supported": ["openid", "email", "urn:matrix:client:api:*", "urn:matrix:org.matrix.msc2967.client:api:*"],
  "response_types_supported": ["code", "id_token", "code id_token"],
  "response_modes_supported": ["form_post", "query", "fragment"],
  "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:device_code"],
  "code_challenge_methods_supported": ["plain", "S256"],
  "prompt_values_supported": ["none", "login", "create"]
}"#;

fn mas() -> AuthMetadata {
    AuthMetadata::parse(MAS).unwrap()
}

#[test]
fn metadata_of_mas_parses_with_stable_scopes() {
    let m = mas();
    assert_eq!(m.issuer.as_str(), "https://auth.example.org/");
    assert_eq!(
        m.token_endpoint.as_str(),
        "https://auth.example.org/oauth2/token"
    );
    assert_eq!(
        m.revocation_endpoint.as_ref().map(OAuthUrl::as_str),
        Some("https://auth.example.org/oauth2/revoke")
    );
    assert_eq!(m.dialect, ScopeDialect::Stable);
    assert!(m.response_mode_query);
}

#[test]
fn unstable_scope_names_when_only_those_are_announced() {
    let old = MAS.replace(r#""urn:matrix:client:api:*", "#, "");
    let m = AuthMetadata::parse(&old).unwrap();
    assert_eq!(m.dialect, ScopeDialect::Unstable);
    assert_eq!(
        m.dialect.scopes("ABCDEFGHIJ"),
        "urn:matrix:org.matrix.msc2967.client:api:* \
         urn:matrix:org.matrix.msc2967.client:device:ABCDEFGHIJ urn:synapse:admin:*"
    );
    // No scopes listed at all: the stable names of the spec.
    let none = MAS.replace("\"scopes_supported\"", "\"x_scopes\"");
    let m = AuthMetadata::parse(&none).unwrap();
    assert_eq!(m.dialect, ScopeDialect::Stable);
    assert_eq!(
        m.dialect.scopes("DEV"),
        "urn:matrix:client:api:* urn:matrix:client:device:DEV urn:synapse:admin:*"
    );
}

#[test]
fn metadata_without_what_curator_needs_is_refused() {
    let no_s256 = MAS.replace(r#"["plain", "S256"]"#, r#"["plain"]"#);
    assert!(AuthMetadata::parse(&no_s256).unwrap_err().contains("S256"));
    let no_reg = MAS.replace("registration_endpoint", "x_registration");
    assert!(AuthMetadata::parse(&no_reg)
        .unwrap_err()
        .contains("registration"));
    let no_code = MAS.replace(
        r#"["code", "id_token", "code id_token"]"#,
        r#"["id_token"]"#,
    );
    assert!(AuthMetadata::parse(&no_code).is_err());
    let plain_http = MAS.replace(
        "https://auth.example.org/oauth2/token",
        "http://auth.example.org/t",
    );
    assert!(AuthMetadata::parse(&plain_http)
        .unwrap_err()
        .contains("token_endpoint"));
    let userinfo = MAS.replace("https://auth.example.org/authorize", "https://x@evil.org/a");
    assert!(AuthMetadata::parse(&userinfo).is_err());
    assert!(AuthMetadata::parse(r#"{"errcode":"M_UNRECOGNIZED"}"#).is_err());
    // Only fragment responses: Curator asks for them.
    let fragment = MAS.replace(r#"["form_post", "query", "fragment"]"#, r#"["fragment"]"#);
    assert!(!AuthMetadata::parse(&fragment).unwrap().response_mode_query);
}

#[test]
fn loopback_may_use_http() {
    assert!(OAuthUrl::parse("http://127.0.0.1:9000/auth").is_ok());
    assert!(OAuthUrl::parse("http://localhost:9000/").is_ok());
    assert!(OAuthUrl::parse("http://[::1]:9000/").is_ok());
    assert!(OAuthUrl::parse("http://127.0.0.1.evil.org/").is_err());
    assert!(OAuthUrl::parse("javascript:alert(1)").is_err());
    assert!(OAuthUrl::parse("https://a.org/x#frag").is_err());
    assert_eq!(
        OAuthUrl::parse("https://a.org:8443/x?y=1")
            .unwrap()
            .origin(),
        "https://a.org:8443"
    );
}

#[test]
fn authorize_url_carries_every_parameter_encoded() {
    let url = mas().authorize_url(&AuthorizeRequest {
        client_id: "01CLIENT",
        redirect_uri: "https://curator.example.org/sub/oauth/callback",
        state: "st&te",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        device_id: "ABCDEFGHIJ",
    });
    assert_eq!(
        url,
        "https://auth.example.org/authorize?response_type=code&client_id=01CLIENT\
         &redirect_uri=https%3A%2F%2Fcurator.example.org%2Fsub%2Foauth%2Fcallback\
         &scope=urn%3Amatrix%3Aclient%3Aapi%3A%2A%20urn%3Amatrix%3Aclient%3Adevice%3AABCDEFGHIJ%20urn%3Asynapse%3Aadmin%3A%2A\
         &state=st%26te&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
         &code_challenge_method=S256&response_mode=query"
    );
    // An endpoint with a query of its own keeps it.
    let u = OAuthUrl::parse("https://a.org/auth?tenant=x").unwrap();
    assert_eq!(
        u.with_query(&[("a", "b c")]),
        "https://a.org/auth?tenant=x&a=b%20c"
    );
}

/// RFC 7636 appendix B: the verifier for these 32 octets, and the challenge for its SHA-256.
#[test]
fn pkce_matches_the_rfc_7636_vector() {
    let random: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    assert_eq!(
        pkce_verifier(&random),
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    // SHA-256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), as the RFC lists it.
    let digest: [u8; 32] = [
        19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173,
        109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195,
    ];
    assert_eq!(
        pkce_challenge(&digest),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn base64url_pads_nothing() {
    assert_eq!(base64url(b""), "");
    assert_eq!(base64url(b"f"), "Zg");
    assert_eq!(base64url(b"fo"), "Zm8");
    assert_eq!(base64url(b"foo"), "Zm9v");
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    assert_eq!(device_id(&[0, 1, 25, 26, 255, 2, 3, 4, 5, 6]), "ABZAVCDEFG");
}

fn pending() -> PendingAuth {
    PendingAuth {
        homeserver: HomeserverUrl::parse("https://matrix.example.org").unwrap(),
        metadata: mas(),
        client_id: "01CLIENT".into(),
        redirect_uri: "https://curator.example.org/oauth/callback".into(),
        state: "abc123".into(),
        verifier: "v".into(),
        device_id: "ABCDEFGHIJ".into(),
        next: "/users".into(),
        remember: false,
    }
}

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_callback_needs_our_state() {
    let p = pending();
    let ok = params(&[("state", "abc123"), ("code", "the-code")]);
    assert_eq!(check_callback(&ok, Some(&p)), Ok("the-code".into()));
    assert_eq!(
        check_callback(&ok, None),
        Err(CallbackError::NothingPending)
    );
    for wrong in [
        params(&[("state", "abc124"), ("code", "c")]),
        params(&[("state", "abc12"), ("code", "c")]),
        params(&[("code", "c")]),
    ] {
        assert_eq!(
            check_callback(&wrong, Some(&p)),
            Err(CallbackError::StateMismatch)
        );
    }
    // RFC 9207: the issuer, when named, must be the one asked.
    let iss = params(&[
        ("state", "abc123"),
        ("code", "c"),
        ("iss", "https://auth.example.org"),
    ]);
    assert_eq!(check_callback(&iss, Some(&p)), Ok("c".into()));
    let other = params(&[
        ("state", "abc123"),
        ("code", "c"),
        ("iss", "https://evil.org/"),
    ]);
    assert_eq!(
        check_callback(&other, Some(&p)),
        Err(CallbackError::StateMismatch)
    );
    // An error only counts with the right state, and its text is tamed.
    let denied = params(&[
        ("state", "abc123"),
        ("error", "access_denied"),
        ("error_description", "no\nway"),
    ]);
    assert_eq!(
        check_callback(&denied, Some(&p)),
        Err(CallbackError::Denied("access_denied noway".into()))
    );
    assert_eq!(
        check_callback(&params(&[("state", "abc123")]), Some(&p)),
        Err(CallbackError::NoCode)
    );
}

#[test]
fn refresh_comes_before_expiry() {
    // Five minutes: refresh after four (a fifth left).
    assert_eq!(refresh_at(1_000, 300), 1_000 + 240_000);
    // An hour: a minute before the end.
    assert_eq!(refresh_at(0, 3600), 3_540_000);
    // Very short lives still refresh before they end.
    assert_eq!(refresh_at(0, 10), 8_000);
    assert_eq!(refresh_at(0, 0), 0);
    assert!(refresh_at(0, u64::MAX) > 0);
}

#[test]
fn granted_scope_says_whether_admin() {
    let t: TokenResponse = serde_json::from_str(
        r#"{"access_token":"a","token_type":"Bearer","expires_in":300,"refresh_token":"r","scope":"urn:matrix:client:api:* urn:synapse:admin:*"}"#,
    )
    .unwrap();
    assert!(t.grants_admin());
    assert_eq!(t.expires_in, Some(300));
    let t: TokenResponse =
        serde_json::from_str(r#"{"access_token":"a","scope":"urn:matrix:client:api:*"}"#).unwrap();
    assert!(!t.grants_admin());
    let t: TokenResponse = serde_json::from_str(r#"{"access_token":"a"}"#).unwrap();
    assert!(t.grants_admin());
}

#[test]
fn the_restriction_covers_the_issuer_too() {
    let m = mas();
    assert!(m.check_allowed(&AppConfig::default()).is_ok());
    let only_hs =
        AppConfig::parse(r#"{"restrict_homeserver":["https://matrix.example.org"]}"#).unwrap();
    let err = m.check_allowed(&only_hs).unwrap_err();
    assert!(err.contains("https://auth.example.org"), "{err}");
    let both = AppConfig::parse(
        r#"{"restrict_homeserver":["https://matrix.example.org","https://auth.example.org/"]}"#,
    )
    .unwrap();
    assert!(m.check_allowed(&both).is_ok());
    // One endpoint elsewhere is enough to refuse.
    let elsewhere = MAS.replace(
        "https://auth.example.org/oauth2/revoke",
        "https://evil.org/revoke",
    );
    let m = AuthMetadata::parse(&elsewhere).unwrap();
    assert!(m.check_allowed(&both).unwrap_err().contains("evil.org"));
}

#[test]
fn the_registration_is_a_public_web_client() {
    let body = registration_body("https://c.org/", "https://c.org/oauth/callback");
    assert_eq!(body["application_type"], "web");
    assert_eq!(body["token_endpoint_auth_method"], "none");
    assert_eq!(body["redirect_uris"][0], "https://c.org/oauth/callback");
    assert_eq!(
        form_body(&[("grant_type", "authorization_code"), ("code", "a b&c")]),
        "grant_type=authorization_code&code=a%20b%26c"
    );
}
