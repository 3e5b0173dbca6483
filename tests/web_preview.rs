//! Preview component tests in headless Chromium: what is shown, what is fetched, and how.
//! The browser's `fetch` is stubbed here to give answers a healthy server never gives (a
//! script's content type, a 404 body); the real round trip with Synapse is covered end to
//! end in `tests/e2e/media.rs`.
#![cfg(target_arch = "wasm32")]

use curator::api::transport::{fetch_blob_url, revoke_blob_url};
use curator::api::{AccessToken, ApiError, ApiPath, ApiRequest};
use curator::components::preview::{Preview, PreviewToggle};
use curator::model::config::AppConfig;
use curator::model::ids::parse_user_id;
use curator::model::media::{MediaInfo, MediaRef};
use curator::model::HomeserverUrl;
use curator::state::previews::PreviewSettings;
use curator::state::session::{Session, SessionCtx};
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const STORED: &str = "curator.previews.unblurred";

/// A container at the top of the page, so it is in view.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    let body = document.body().unwrap();
    body.insert_before(&div, body.first_child().as_ref())
        .unwrap();
    div.unchecked_into()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn media() -> MediaRef {
    MediaRef::new("localhost", "abcDEF").unwrap()
}

fn info(media_type: &str, name: &str, quarantined_by: Option<&str>) -> MediaInfo {
    serde_json::from_value(serde_json::json!({
        "media_id": "abcDEF", "media_type": media_type, "media_length": 2048,
        "upload_name": name, "created_ts": 1, "last_access_ts": null,
        "quarantined_by": quarantined_by,
    }))
    .unwrap()
}

fn buttons(root: &web_sys::HtmlElement) -> Vec<String> {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

fn click(root: &web_sys::HtmlElement, text: &str) {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text}"))
        .click();
}

/// Lets timers, promises and effects run.
async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Replaces `fetch` with one that records each request in `globalThis.seen` and answers with
/// `status` and `type`. Returns the real `fetch`, to put back.
fn stub_fetch(status: u16, content_type: &str) -> JsValue {
    let global = js_sys::global();
    let real = Reflect::get(&global, &"fetch".into()).unwrap();
    let stub = Function::new_with_args(
        "req",
        &format!(
            "globalThis.seen = (globalThis.seen || []).concat([{{ url: req.url, \
             auth: req.headers.get('Authorization') }}]); \
             return Promise.resolve(new Response(new Uint8Array([1, 2, 3]), \
             {{ status: {status}, headers: {{ 'Content-Type': '{content_type}' }} }}));"
        ),
    );
    Reflect::set(&global, &"fetch".into(), &stub).unwrap();
    Reflect::set(&global, &"seen".into(), &js_sys::Array::new()).unwrap();
    real
}

fn restore_fetch(real: JsValue) {
    Reflect::set(&js_sys::global(), &"fetch".into(), &real).unwrap();
}

/// The (url, Authorization) of each request the stubbed `fetch` saw.
fn seen() -> Vec<(String, Option<String>)> {
    let list: js_sys::Array = Reflect::get(&js_sys::global(), &"seen".into())
        .unwrap()
        .unchecked_into();
    list.iter()
        .map(|r| {
            let url = Reflect::get(&r, &"url".into())
                .unwrap()
                .as_string()
                .unwrap();
            (url, Reflect::get(&r, &"auth".into()).unwrap().as_string())
        })
        .collect()
}

fn session() -> Session {
    Session {
        homeserver: HomeserverUrl::parse("http://hs.test").unwrap(),
        user_id: parse_user_id("@admin:hs.test").unwrap(),
        access_token: AccessToken::new("secret_token").unwrap(),
        device_id: None,
    }
}

#[wasm_bindgen_test]
async fn a_file_that_is_not_an_image_shows_its_type_and_is_never_fetched() {
    let root = container();
    let real = stub_fetch(200, "image/png");
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(SessionCtx::restore(&AppConfig::default()));
        PreviewSettings::provide();
        view! {
            <Preview media=media() info=Some(info("application/pdf", "report.pdf", None)) />
            <Preview media=media() info=Some(info("image/svg+xml", "logo.svg", None)) />
            <Preview media=media() info=None />
        }
    });
    let labels: Vec<String> = {
        let list = root.query_selector_all(".preview-icon").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(labels, ["PDF", "SVG", "—"]);
    tick(50).await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(buttons(&root).is_empty());
    restore_fetch(real);
    assert!(seen().is_empty(), "{:?}", seen());
}

#[wasm_bindgen_test]
async fn a_quarantined_image_is_only_fetched_when_asked_and_copes_without_a_session() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(SessionCtx::restore(&AppConfig::default()));
        PreviewSettings::provide();
        view! {
            <Preview media=media() info=Some(info("image/png", "cat.png", Some("@mod:hs.test"))) />
        }
    });
    tick(50).await;
    assert!(root.text_content().unwrap().contains("Quarantined"));
    assert_eq!(buttons(&root), ["Reveal quarantined file"]);
    assert!(root.query_selector("img").unwrap().is_none());

    click(&root, "Reveal quarantined file");
    tick(10).await;
    let placeholder = root.query_selector(".preview-note").unwrap().unwrap();
    assert_eq!(placeholder.text_content().unwrap(), "No preview");
    assert!(placeholder
        .get_attribute("title")
        .unwrap()
        .contains("Signed out"));
    assert!(root.query_selector("img").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_visible_image_loads_blurred_with_the_token_in_the_header_only() {
    let real = stub_fetch(200, "image/png");
    let root = container();
    let ctx = SessionCtx::restore(&AppConfig::default());
    ctx.start(session(), false);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ctx);
        PreviewSettings::provide().set_unblurred(false);
        view! {
            <Preview media=media() info=Some(info("image/webp", "<i>cat</i>.webp", None)) />
            <Preview media=media() info=Some(info("image/png", "dog.png", Some("@mod:hs.test"))) />
        }
    });
    let mut img = None;
    for _ in 0..100 {
        tick(10).await;
        img = root.query_selector("img.preview").unwrap();
        if img.is_some() {
            break;
        }
    }
    let img = img.expect("the preview loaded");
    let src = img.get_attribute("src").unwrap();
    assert!(src.starts_with("blob:"), "{src}");
    assert_eq!(
        img.get_attribute("alt").as_deref(),
        Some("Preview of <i>cat</i>.webp")
    );
    assert!(img.class_list().contains("blurred"));
    assert!(
        root.query_selector("i").unwrap().is_none(),
        "names are text"
    );
    let requests = seen();
    assert_eq!(
        requests.len(),
        1,
        "the quarantined one is not fetched: {requests:?}"
    );
    let (url, auth) = &requests[0];
    assert!(url.starts_with("http://hs.test/_matrix/client/v1/media/thumbnail/localhost/abcDEF?"));
    assert!(
        !url.contains("secret_token") && !url.contains("bypass"),
        "{url}"
    );
    assert_eq!(auth.as_deref(), Some("Bearer secret_token"));

    click(&root, "Reveal");
    tick(10).await;
    assert!(!img.class_list().contains("blurred"));
    click(&root, "Blur");
    tick(10).await;
    assert!(img.class_list().contains("blurred"));

    click(&root, "Reveal quarantined file");
    for _ in 0..100 {
        tick(10).await;
        if root.query_selector_all("img.preview").unwrap().length() == 2 {
            break;
        }
    }
    let requests = seen();
    assert_eq!(requests.len(), 2);
    assert!(requests[1]
        .0
        .contains("admin_unsafely_bypass_quarantine=true"));
    let revealed = root
        .query_selector_all("img.preview")
        .unwrap()
        .item(1)
        .unwrap();
    let revealed: web_sys::Element = revealed.unchecked_into();
    assert!(
        revealed.class_list().contains("blurred"),
        "still blurred until Reveal"
    );

    // Unmounting frees the blob URL: it no longer loads.
    drop(handle);
    restore_fetch(real);
    ctx.end(None);
    let gone =
        wasm_bindgen_futures::JsFuture::from(web_sys::window().unwrap().fetch_with_str(&src)).await;
    assert!(gone.is_err(), "the blob URL was revoked");
}

#[wasm_bindgen_test]
async fn only_png_jpeg_gif_and_webp_answers_become_blob_urls() {
    let base = HomeserverUrl::parse("http://hs.test").unwrap();
    let request = ApiRequest::get(ApiPath::new("/thumb"));
    let token = AccessToken::new("t").unwrap();
    for (status, content_type) in [(200, "image/svg+xml"), (200, "text/html")] {
        let real = stub_fetch(status, content_type);
        let result = fetch_blob_url(&base, Some(&token), &request).await;
        restore_fetch(real);
        assert!(
            matches!(result, Err(ApiError::Refused(_))),
            "{content_type}: {result:?}"
        );
    }
    let real = stub_fetch(404, "application/json");
    let result = fetch_blob_url(&base, Some(&token), &request).await;
    restore_fetch(real);
    assert!(result.unwrap_err().is_not_found());

    let real = stub_fetch(200, "image/JPEG; charset=binary");
    let url = fetch_blob_url(&base, Some(&token), &request).await;
    restore_fetch(real);
    let url = url.unwrap();
    assert!(url.starts_with("blob:"), "{url}");
    revoke_blob_url(&url);
}

#[wasm_bindgen_test]
async fn the_toggle_flips_the_stored_setting() {
    local_storage().remove_item(STORED).unwrap();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        PreviewSettings::provide();
        view! { <PreviewToggle /> }
    });
    let label = root.query_selector("label").unwrap().unwrap();
    assert!(label
        .text_content()
        .unwrap()
        .contains("Show previews unblurred"));
    let input: web_sys::HtmlInputElement = root
        .query_selector("input[type=checkbox]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    tick(10).await;
    assert!(!input.checked(), "blurred by default");
    input.click();
    assert_eq!(
        local_storage().get_item(STORED).unwrap().as_deref(),
        Some("true")
    );
    input.click();
    assert_eq!(
        local_storage().get_item(STORED).unwrap().as_deref(),
        Some("false")
    );

    // A new page load reads it back.
    input.click();
    let again = container();
    let _second = leptos::mount::mount_to(again.clone(), move || {
        PreviewSettings::provide();
        view! { <PreviewToggle /> }
    });
    tick(10).await;
    let input: web_sys::HtmlInputElement = again
        .query_selector("input[type=checkbox]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(input.checked());
    local_storage().remove_item(STORED).unwrap();
}

/// All nodes (elements, text, comments) under `el`.
fn nodes_under(el: &web_sys::Element) -> u32 {
    Function::new_with_args(
        "el",
        "const w = document.createTreeWalker(el, NodeFilter.SHOW_ALL); let n = 0; \
         while (w.nextNode()) n++; return n;",
    )
    .call1(&JsValue::NULL, el)
    .unwrap()
    .as_f64()
    .unwrap() as u32
}

fn row_of(i: usize) -> curator::model::media::MediaRow {
    use curator::model::media::{Locality, MediaRow};
    let media = MediaRef::new("localhost", &format!("file{i:03}")).unwrap();
    let mut info: MediaInfo = serde_json::from_value(serde_json::json!({
        "media_id": media.media_id, "user_id": "@up:hs.test",
        "media_type": if i.is_multiple_of(2) { "image/png" } else { "text/plain" },
        "media_length": 2048 + i, "upload_name": format!("name {i}.png"),
        "created_ts": 1_700_000_000_000_i64, "last_access_ts": 1_700_000_100_000_i64,
        "quarantined_by": if i.is_multiple_of(5) { Some("@admin:hs.test") } else { None },
        "safe_from_quarantine": i.is_multiple_of(7),
        "sha256": format!("{i:064x}"),
    }))
    .unwrap();
    info.media_origin = None;
    let state = info.state(Locality::Local);
    MediaRow {
        media,
        info: Some(info),
        state,
    }
}

#[wasm_bindgen_test]
async fn a_media_row_is_light_and_its_ids_are_one_click_away() {
    use curator::components::media_table::MediaTable;
    let root = container();
    let real = stub_fetch(404, "application/json");
    let rows: Vec<_> = (0..50).map(row_of).collect();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(SessionCtx::restore(&AppConfig::default()));
        provide_context(curator::state::toasts::Toasts::new());
        PreviewSettings::provide();
        curator::state::action_log::ActionLog::provide();
        curator::state::jobs::Jobs::provide();
        view! { <leptos_router::components::Router><MediaTable rows show_uploader=true selectable=true on_changed=|_| {} /></leptos_router::components::Router> }
    });
    tick(50).await;
    let tbody = root.query_selector("tbody").unwrap().unwrap();
    let per_row = nodes_under(&tbody) as f64 / 50.0;
    // 75 before the SHA-256 and mxc columns moved behind "Details", 52 before the cells became
    // leaves (with erased components every `view!` element carries a marker comment).
    assert!(
        per_row <= 40.0,
        "{per_row} nodes per row: {}",
        tbody.first_element_child().unwrap().outer_html()
    );
    let row = root
        .query_selector("tr[data-mxc='mxc://localhost/file003']")
        .unwrap()
        .unwrap();
    let text = row.text_content().unwrap_or_default();
    assert!(text.contains("name 3.png"), "{text}");
    assert!(
        !text.contains(&format!("{:064x}", 3)),
        "SHA-256 shown on demand: {text}"
    );
    let details = row
        .query_selector("button[aria-expanded]")
        .unwrap()
        .expect("a details button")
        .unchecked_into::<web_sys::HtmlElement>();
    assert_eq!(
        details.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    details.click();
    tick(10).await;
    assert_eq!(
        details.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let shown = root.text_content().unwrap_or_default();
    assert!(shown.contains("mxc://localhost/file003"), "{shown}");
    assert!(shown.contains(&format!("{:064x}", 3)), "{shown}");
    restore_fetch(real);
}

#[wasm_bindgen_test]
async fn a_dialog_takes_the_focus_and_escape_closes_it() {
    use curator::components::confirm::ConfirmDialog;
    let root = container();
    let open = RwSignal::new(true);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            {move || open.get().then(|| view! {
                <ConfirmDialog title="Sure?" body="Really." confirm_label="Yes"
                    on_cancel=move |_| open.set(false) on_confirm=|_| {} />
            })}
        }
    });
    tick(100).await;
    let document = web_sys::window().unwrap().document().unwrap();
    let active = document
        .active_element()
        .map(|a| a.outer_html())
        .unwrap_or_default();
    assert!(active.contains("role=\"dialog\""), "focus on {active}");
    Function::new_no_args(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    tick(10).await;
    assert!(!open.get_untracked(), "Escape closed it");
}
