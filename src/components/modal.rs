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

/// The dialog element's reference and its `keydown` handler: put `node_ref=` and
/// `on:keydown=` on the element with `role="dialog"` (and `tabindex="-1"`, so it can hold
/// the focus itself when nothing in it can).
pub fn modal(on_escape: Callback<()>) -> (NodeRef<Div>, impl Fn(KeyboardEvent) + Clone + 'static) {
    let node = NodeRef::<Div>::new();
    let before = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let before = StoredValue::new_local(before);
    node.on_load(move |el| {
        // The element is built before it is in the document, where focus() does nothing:
        // move the focus once it is on screen.
        let el: web_sys::HtmlElement = el.unchecked_into();
        request_animation_frame(move || match focusables(&el).into_iter().next() {
            Some(first) => {
                let _ = first.focus();
            }
            None => {
                let _ = el.focus();
            }
        });
    });
    on_cleanup(move || {
        if let Some(Some(el)) = before.try_get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    let keys = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            on_escape.run(());
        }
        "Tab" => {
            let Some(dialog) = node.get_untracked() else {
                return;
            };
            let dialog: web_sys::HtmlElement = dialog.unchecked_into();
            let all = focusables(&dialog);
            let (Some(first), Some(last)) = (all.first(), all.last()) else {
                ev.prevent_default();
                return;
            };
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            let at = |e: &web_sys::HtmlElement| {
                active
                    .as_ref()
                    .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
            };
            if ev.shift_key()
                && (at(first)
                    || active
                        .as_ref()
                        .is_some_and(|a| a == dialog.unchecked_ref::<web_sys::Element>()))
            {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && at(last) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    (node, keys)
}
