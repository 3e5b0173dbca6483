//! What makes a dialog modal for the keyboard: the focus moves into it when it opens, Tab and
//! Shift+Tab stay inside it, Escape closes it, and the focus goes back to where it was.

use leptos::ev::KeyboardEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

fn focusables(dialog: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Focuses `el` on the first animation frame it is in the document, for at most `frames`.
fn focus_when_shown(el: web_sys::HtmlElement, frames: u32) {
    request_animation_frame(move || {
        if el.is_connected() {
            let _ = el.focus();
        } else if frames > 0 {
            focus_when_shown(el, frames - 1);
        }
    });
}

/// The dialog element's reference: put `node_ref=` on the element with `role="dialog"` and
/// `tabindex="-1"`. The dialog itself takes the focus when shown (its content may be drawn
/// again as it loads, which would drop a focused button); the keys are heard on the window
/// while it is open, so Escape and Tab work even if the focus was lost.
pub fn modal(on_escape: Callback<()>) -> NodeRef<Div> {
    let node = NodeRef::<Div>::new();
    let before = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let before = StoredValue::new_local(before);
    node.on_load(move |el| {
        // The element is built before it is in the document, where focus() does nothing:
        // move the focus once it is on screen (a Suspense may hold it back while it reads).
        focus_when_shown(el.unchecked_into(), 600);
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        let Some(dialog) = node.try_get_untracked().flatten() else {
            return;
        };
        let dialog: web_sys::HtmlElement = dialog.unchecked_into();
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                on_escape.run(());
            }
            "Tab" => {
                let all = focusables(&dialog);
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element());
                let inside = active
                    .as_ref()
                    .is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
                let (Some(first), Some(last)) = (all.first(), all.last()) else {
                    ev.prevent_default();
                    let _ = dialog.focus();
                    return;
                };
                let at = |e: &web_sys::HtmlElement| {
                    active
                        .as_ref()
                        .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
                };
                let on_dialog = active
                    .as_ref()
                    .is_some_and(|a| a == dialog.unchecked_ref::<web_sys::Element>());
                if !inside {
                    ev.prevent_default();
                    let _ = if ev.shift_key() {
                        last.focus()
                    } else {
                        first.focus()
                    };
                } else if ev.shift_key() && (at(first) || on_dialog) {
                    ev.prevent_default();
                    let _ = last.focus();
                } else if !ev.shift_key() && at(last) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || {
        keys.remove();
        if let Some(Some(el)) = before.try_get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    node
}
