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

#[wasm_bindgen_test]
async fn a_hundred_thousand_item_job_survives_in_indexeddb_and_garbage_is_left_alone() {
    use curator::jobs::persist::decode;
    use curator::jobs::record::{ItemState, JobRecord};
    use curator::state::idb;
    let store = idb::open("jobs").await.expect("IndexedDB opens");
    let mut record = JobRecord::new(
        "job-1-0",
        "Delete all media of @spam:example.org",
        1_700_000_000_000,
        4,
        (0..100_000)
            .map(|i| {
                (
                    format!("mxc://example.org/f{i:07}"),
                    format!("file {i}.png"),
                )
            })
            .collect(),
    );
    for item in record.items.iter_mut().take(70_000) {
        item.state = ItemState::Done { note: None };
    }
    let text = serde_json::to_string(&record).unwrap();
    assert!(
        text.len() > 5_000_000,
        "bigger than localStorage holds: {}",
        text.len()
    );
    store.put("job-1-0", &text).await.expect("stored");
    store
        .put("job-2-0", "{ from a newer Curator")
        .await
        .expect("stored");
    let all = store.all().await.expect("read back");
    let (_, value) = all
        .iter()
        .find(|(k, _)| k == "job-1-0")
        .expect("job stored");
    assert_eq!(decode("job-1-0", value.as_deref()).unwrap(), record);
    let (_, garbage) = all.iter().find(|(k, _)| k == "job-2-0").expect("kept");
    assert!(decode("job-2-0", garbage.as_deref()).is_err());
    store
        .delete(&["job-1-0".into(), "job-2-0".into()])
        .await
        .expect("deleted");
    assert_eq!(store.get("job-1-0").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_job_lock_has_one_holder_at_a_time() {
    use curator::state::locks::{held, try_hold};
    let first = try_hold("curator.job.test").await.expect("Web Locks");
    assert!(first.is_some(), "the first asker gets the lock");
    assert!(
        try_hold("curator.job.test").await.unwrap().is_none(),
        "a second asker does not"
    );
    assert!(held().await.unwrap().contains("curator.job.test"));
    drop(first);
    // The browser lets go of a released lock asynchronously: ask until it is free.
    let mut again = None;
    for _ in 0..50 {
        again = try_hold("curator.job.test").await.unwrap();
        if again.is_some() {
            break;
        }
        curator::state::jobs::sleep_ms(20).await;
    }
    assert!(again.is_some(), "released on drop");
}

/// Numbers, byte sizes, dates and relative times come from the browser's `Intl`, in the
/// language the texts are in: no locale data in the wasm.
#[wasm_bindgen_test]
fn sizes_dates_and_relative_times_follow_the_language() {
    use curator::i18n::fmt::{date_time_utc, from_now, one_decimal, TimeUnit};
    use curator::i18n::{set_table, Lang};
    use curator::model::{ByteSize, TimestampMs};
    let at = 1_795_371_510_000; // 2026-11-22 18:18:30 UTC
    let de = date_time_utc(Lang::De, at).unwrap();
    assert!(
        de.contains("22.") && de.contains("2026") && de.contains("18:18") && de.contains("UTC"),
        "{de}"
    );
    let en = date_time_utc(Lang::En, at).unwrap();
    assert!(
        en.contains("Nov") && en.contains("18:18") && en.contains("UTC"),
        "{en}"
    );
    assert_eq!(one_decimal(Lang::De, 1.5), "1,5");
    assert_eq!(one_decimal(Lang::Fa, 1.5), "۱٫۵");
    assert_eq!(from_now(Lang::De, -3, TimeUnit::Day), "vor 3 Tagen");
    assert_eq!(from_now(Lang::Fr, -1, TimeUnit::Day), "hier");
    assert_eq!(from_now(Lang::En, -2, TimeUnit::Hour), "2 hours ago");

    set_table(Lang::De, std::collections::HashMap::new());
    assert_eq!(ByteSize(1536).human(), "1,5 KiB");
    assert_eq!(ByteSize(1_234_567).exact(), "1.234.567 bytes");
    let now = TimestampMs(at);
    assert_eq!(TimestampMs(at - 5 * 86_400_000).from(now), "vor 5 Tagen");
    set_table(Lang::En, std::collections::HashMap::new());
    assert_eq!(ByteSize(1536).human(), "1.5 KiB");
}
