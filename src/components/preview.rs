//! Safe image previews for moderators.
//!
//! Only PNG, JPEG, GIF and WebP files are ever fetched, as the homeserver's 96 px thumbnail with the
//! token in the `Authorization` header, once the row scrolls into view and at most six at a time
//! app-wide. Previews are blurred until the admin reveals one or turns blurring off; quarantined
//! files are fetched only when the admin asks. Anything else is a neutral type label. All text is
//! rendered as text: file names are untrusted.

use super::leaf::Leaf;
use crate::api::transport::revoke_blob_url;
use crate::api::ApiError;
use crate::i18n::{t, tf, T};
use crate::model::media::{MediaInfo, MediaRef};
use crate::state::previews::{thumbnails, PreviewSettings};
use crate::state::session::SessionCtx;
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::tachys::html::{attribute as a, class::class, event::on};
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// A short label for a file that is not previewed: "PDF", "TXT", "MP4", "BIN"; "—" when unknown.
pub fn type_label(info: Option<&MediaInfo>) -> String {
    let Some(mime) = info.and_then(|i| i.media_type.as_deref()) else {
        return "—".into();
    };
    let mime = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let (top, sub) = mime.split_once('/').unwrap_or((&mime, ""));
    let sub = sub.split('+').next().unwrap_or("");
    let sub = sub.strip_prefix("x-").unwrap_or(sub);
    match (top, sub) {
        (_, "octet-stream") => "BIN".into(),
        ("text", "plain") => "TXT".into(),
        (_, "jpeg") => "JPG".into(),
        (_, s) if (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            s.to_ascii_uppercase()
        }
        ("text", _) => "TXT".into(),
        ("image", _) => "IMG".into(),
        ("video", _) => "VID".into(),
        ("audio", _) => "AUD".into(),
        _ => "BIN".into(),
    }
}

#[derive(Clone, PartialEq)]
enum Thumb {
    Idle,
    Loading,
    Ready(String),
    Failed(String),
}

/// A file's preview cell. `info` is `None` when the server knows nothing of the file (unknown,
/// deleted, or remote and not cached here).
#[component]
pub fn Preview(media: MediaRef, info: Option<MediaInfo>) -> impl IntoView {
    let image = info
        .as_ref()
        .filter(|i| !i.is_pending() && i.is_previewable_image());
    let Some(image) = image else {
        let title = match &info {
            None => t(T::NoInformation),
            Some(i) if i.is_pending() => t(T::UploadNotFinished),
            Some(i) => i.media_type.clone().unwrap_or_default(),
        };
        return Leaf::new("div")
            .attr(class("preview-box preview-icon"))
            .attr(a::title(title))
            .text(type_label(info.as_ref()))
            .into_any();
    };

    let name = image.display_name();
    let quarantined = image.quarantined_by.is_some();
    let session = use_context::<SessionCtx>();
    // Without the context (a test, a page that forgot it) previews stay blurred.
    let settings = use_context::<PreviewSettings>();
    let thumb = RwSignal::new(Thumb::Idle);
    // This row's own choice, over the global setting once the admin clicks Reveal or Blur.
    let own = RwSignal::new(None::<bool>);
    let unblurred = move || {
        own.get()
            .unwrap_or_else(|| settings.is_some_and(|s| s.unblurred()))
    };
    let start = {
        let media = media.clone();
        move |bypass: bool| load(&media, bypass, session, thumb)
    };
    on_cleanup(move || {
        if let Some(Thumb::Ready(url)) = thumb.try_get_untracked() {
            revoke_blob_url(&url);
        }
    });
    let node = NodeRef::<Div>::new();
    if !quarantined {
        let start = start.clone();
        when_visible(node, Rc::new(move || start(false)));
    }

    // Leaves, not `view!` elements: this sits in every row of a media table (see `leaf`).
    let note = |class_name: &'static str| Leaf::new("span").attr(class(class_name));
    let shown = move || match thumb.get() {
        Thumb::Ready(url) => view! {
            <img class="preview" class:blurred=move || !unblurred() src=url
                alt=tf(T::PreviewOf, &[("name", &name)]) />
        }
        .into_any(),
        Thumb::Failed(why) => note("preview-note")
            .attr(a::title(why))
            .text(t(T::NoPreview))
            .into_any(),
        Thumb::Loading => note("preview-note")
            .attr(a::aria_busy("true"))
            .text("…")
            .into_any(),
        Thumb::Idle if quarantined => note("preview-note quarantined")
            .text(t(T::Quarantined))
            .into_any(),
        Thumb::Idle => note("preview-note").into_any(),
    };
    // One button at most: Reveal/Blur once the thumbnail is here, or the explicit fetch of a
    // quarantined file's.
    let button = move || {
        let ready = thumb.with(|t| matches!(t, Thumb::Ready(_)));
        let idle = thumb.with(|t| *t == Thumb::Idle);
        let button = || {
            Leaf::new("button")
                .attr(a::r#type("button"))
                .attr(class("secondary preview-button"))
        };
        if ready {
            Some(
                button()
                    .attr(on(ev::click, move |_| own.set(Some(!unblurred()))))
                    .child(move || {
                        if unblurred() {
                            t(T::Blur)
                        } else {
                            t(T::Reveal)
                        }
                    }),
            )
        } else if quarantined && idle {
            let start = start.clone();
            Some(
                button()
                    .attr(on(ev::click, move |_| start(true)))
                    .text(t(T::RevealQuarantined)),
            )
        } else {
            None
        }
    };
    Leaf::new("div")
        .attr(class("preview-frame"))
        .child(
            Leaf::new("div")
                .attr(class("preview-box"))
                .attr(leptos::tachys::html::node_ref::node_ref(node))
                .child(shown),
        )
        .child(button)
        .into_any()
}

/// The global "unblurred" switch, remembered in this browser.
#[component]
pub fn PreviewToggle() -> impl IntoView {
    let settings = PreviewSettings::expect();
    view! {
        <label class="inline preview-toggle">
            <input type="checkbox" prop:checked=move || settings.unblurred()
                on:change=move |ev| settings.set_unblurred(event_target_checked(&ev)) />
            {t(T::ShowUnblurred)}
        </label>
        <span class="hint preview-access">{t(T::PreviewsCountAsAccess)}</span>
    }
}

/// Fetches the thumbnail once, through the app-wide limiter, into `thumb`.
fn load(media: &MediaRef, bypass: bool, session: Option<SessionCtx>, thumb: RwSignal<Thumb>) {
    if thumb.with_untracked(|t| *t != Thumb::Idle) {
        return;
    }
    let Some(session) = session.filter(|s| s.get_untracked().is_some()) else {
        thumb.set(Thumb::Failed(t(T::PreviewsNeedSession)));
        return;
    };
    let media = media.clone();
    thumb.set(Thumb::Loading);
    spawn_local(async move {
        let permit = thumbnails().acquire().await;
        if thumb.is_disposed() {
            return; // The row is gone; the next in line gets the slot.
        }
        let result = session.thumbnail_url(&media, 96, bypass).await;
        drop(permit);
        let next = match result {
            Ok(url) => Thumb::Ready(url),
            Err(e) => Thumb::Failed(failure(&e)),
        };
        if let Some(Thumb::Ready(url)) = thumb.try_set(next) {
            revoke_blob_url(&url); // The row went away while the image loaded.
        }
    });
}

fn failure(e: &ApiError) -> String {
    if e.is_not_found() {
        t(T::NoThumbnail)
    } else {
        tf(T::NoPreviewBecause, &[("error", &e.to_string())])
    }
}

/// Calls `on_visible` once, when `node` first comes within 200 px of the viewport; stops watching
/// when the view is cleaned up. Without IntersectionObserver it calls it at once.
fn when_visible(node: NodeRef<Div>, on_visible: Rc<dyn Fn()>) {
    type Callback = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;
    let watching = StoredValue::new_local(None::<(IntersectionObserver, Callback)>);
    node.on_load(move |el| {
        let callback = {
            let on_visible = on_visible.clone();
            Callback::new(
                move |entries: js_sys::Array, observer: IntersectionObserver| {
                    let seen = entries.iter().any(|e| {
                        e.unchecked_into::<IntersectionObserverEntry>()
                            .is_intersecting()
                    });
                    if seen {
                        observer.disconnect();
                        on_visible();
                    }
                },
            )
        };
        let init = IntersectionObserverInit::new();
        init.set_root_margin("200px");
        match IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
            Ok(observer) => {
                observer.observe(&el);
                watching.set_value(Some((observer, callback)));
            }
            Err(_) => on_visible(),
        }
    });
    on_cleanup(move || {
        watching.try_with_value(|w| {
            if let Some((observer, _)) = w {
                observer.disconnect();
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(media_type: Option<&str>) -> MediaInfo {
        serde_json::from_value(serde_json::json!({
            "media_id": "x", "media_type": media_type, "media_length": 1,
            "upload_name": null, "created_ts": 1, "last_access_ts": null, "quarantined_by": null,
        }))
        .unwrap()
    }

    #[test]
    fn type_labels_are_short_and_neutral() {
        let label = |t: Option<&str>| type_label(Some(&info(t)));
        assert_eq!(type_label(None), "—");
        assert_eq!(label(None), "—");
        assert_eq!(label(Some("text/plain; charset=utf-8")), "TXT");
        assert_eq!(label(Some("application/pdf")), "PDF");
        assert_eq!(label(Some("application/octet-stream")), "BIN");
        assert_eq!(label(Some("image/svg+xml")), "SVG");
        assert_eq!(label(Some("video/mp4")), "MP4");
        assert_eq!(label(Some("video/quicktime")), "VID");
        assert_eq!(label(Some("application/x-tar")), "TAR");
        assert_eq!(label(Some("text/markdown")), "TXT");
        assert_eq!(
            label(Some(
                "application/vnd.openxmlformats-officedocument.wordprocessingml"
            )),
            "BIN"
        );
        assert_eq!(label(Some("<script>/x")), "X");
        assert_eq!(label(Some("nonsense")), "BIN");
    }
}
