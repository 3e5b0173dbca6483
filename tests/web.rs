//! Component tests in headless Chromium (wasm-bindgen-test): pieces rendered as a person sees them.
#![cfg(target_arch = "wasm32")]

use curator::api::ApiError;
use curator::components::load::LoadError;
use curator::components::pager::Pager;
use curator::components::sort::SortHeader;
use curator::model::{Page, SortDir};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn button(root: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlButtonElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlButtonElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text}"))
}

#[wasm_bindgen_test]
fn pager_shows_the_position_and_moves_by_one_page() {
    let root = container();
    let went = RwSignal::new(None::<Page>);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Pager page=Page { index: 1, size: 50 } shown=50 total=130 go=move |p| went.set(Some(p)) /> }
    });
    let text = root.text_content().unwrap();
    assert!(text.contains("51–100 of 130"), "{text}");
    assert!(text.contains("Page 2 of 3"), "{text}");
    button(&root, "Next").click();
    assert_eq!(went.get_untracked(), Some(Page { index: 2, size: 50 }));
    button(&root, "Previous").click();
    assert_eq!(went.get_untracked(), Some(Page { index: 0, size: 50 }));
}

#[wasm_bindgen_test]
fn pager_disables_what_cannot_move() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Pager page=Page { index: 0, size: 25 } shown=3 total=3 go=|_| {} /> }
    });
    assert!(button(&root, "Previous").disabled());
    assert!(button(&root, "Next").disabled());
    assert!(root.text_content().unwrap().contains("1–3 of 3"));
}

#[wasm_bindgen_test]
fn sort_header_says_its_direction_and_asks_for_the_other() {
    let root = container();
    let asked = RwSignal::new(None::<SortDir>);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <table><thead><tr>
            <SortHeader label="Created" active=Some(SortDir::Forward) on_sort=move |d| asked.set(Some(d)) />
        </tr></thead></table> }
    });
    let th = root.query_selector("th").unwrap().unwrap();
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));
    root.query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    assert_eq!(asked.get_untracked(), Some(SortDir::Backward));
}

#[wasm_bindgen_test]
fn load_errors_say_what_happened_and_what_to_do() {
    let root = container();
    let error = ApiError::from_response(
        403,
        r#"{"errcode":"M_FORBIDDEN","error":"You are not a server admin"}"#,
    );
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <LoadError error=error.clone() what="the users" /> }
    });
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    let text = alert.text_content().unwrap();
    assert!(text.contains("Could not load the users."), "{text}");
    assert!(text.contains("M_FORBIDDEN"), "{text}");
    assert!(text.contains("lost its admin rights"), "{text}");
}

/// A session stored for a server the configuration refuses (or while `config.json` cannot be
/// read) is dropped from storage before anything can send its token; an allowed one is kept.
#[wasm_bindgen_test]
fn a_stored_session_for_a_refused_server_is_dropped() {
    use curator::model::config::AppConfig;
    use curator::state::session::SessionCtx;
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let stored = |hs: &str| {
        format!(
            r#"{{"homeserver":"{hs}","user_id":"@admin:example.org","access_token":"syt_x","device_id":null}}"#
        )
    };
    let config =
        AppConfig::parse(r#"{"restrict_homeserver":"https://matrix.example.org"}"#).unwrap();

    storage
        .set_item("curator.session", &stored("https://evil.example"))
        .unwrap();
    assert!(SessionCtx::restore(&config).get_untracked().is_none());
    assert_eq!(storage.get_item("curator.session").unwrap(), None);

    storage
        .set_item("curator.session", &stored("https://matrix.example.org"))
        .unwrap();
    let kept = SessionCtx::restore(&config).get_untracked();
    assert_eq!(
        kept.map(|s| s.homeserver.to_string()),
        Some("https://matrix.example.org".to_owned())
    );
    assert!(storage.get_item("curator.session").unwrap().is_some());

    assert!(SessionCtx::restore(&AppConfig::blocked("HTTP 500"))
        .get_untracked()
        .is_none());
    assert_eq!(storage.get_item("curator.session").unwrap(), None);

    // A stored value that no longer parses (a URL the stricter parser refuses) goes too.
    storage
        .set_item("curator.session", &stored("https://a.org/$(id)"))
        .unwrap();
    assert!(SessionCtx::restore(&AppConfig::default())
        .get_untracked()
        .is_none());
    assert_eq!(storage.get_item("curator.session").unwrap(), None);
}

/// The PKCE pair as the OAuth 2.0 sign-in makes it, with the browser's WebCrypto computing the
/// S256 challenge: RFC 7636 appendix B's vector.
#[wasm_bindgen_test]
async fn pkce_through_webcrypto_matches_the_rfc_7636_vector() {
    let random: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    let (verifier, challenge) = curator::state::oauth::pkce_pair(&random).await.unwrap();
    assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}
