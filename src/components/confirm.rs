//! A confirmation dialog for what cannot be undone: it names exactly what will be touched.

use crate::i18n::{t, T};
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] body: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog = super::modal::modal(on_cancel);
    view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title"
                node_ref=dialog tabindex="-1">
                <h2 id="dialog-title">{title}</h2>
                <p>{body}</p>
                <div class="dialog-buttons">
                    <button class="secondary" on:click=move |_| on_cancel.run(())>{t(T::Cancel)}</button>
                    <button class="danger" on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                </div>
            </div>
        </div>
    }
}

/// Copies `text` to the clipboard; false when the browser refuses (no secure context).
pub fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let write = js_sys::Reflect::get(&global, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()))
        .ok()
        .filter(|c| !c.is_undefined())
        .and_then(|clipboard| {
            let f = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
            let f: js_sys::Function = f.dyn_into().ok()?;
            f.call1(&clipboard, &text.into()).ok()
        });
    write.is_some()
}
