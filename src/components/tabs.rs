//! A tab of an entity's pages (Profile / Media, Details / Media): a link that says whether it is
//! the page on screen.

use leptos::prelude::*;
use leptos_router::components::A;

/// `base` is the entity's page (`/users/@a:b`), `None` while unknown; the tab adds `suffix`.
#[component]
pub fn TabLink(
    base: Signal<Option<String>>,
    suffix: &'static str,
    #[prop(into)] label: String,
    selected: bool,
) -> impl IntoView {
    let href = move || {
        base.get()
            .map(|b| crate::href(&format!("{b}{suffix}")))
            .unwrap_or_default()
    };
    view! {
        <A href=href attr:role="tab" attr:aria-selected=selected.to_string()
            attr:class=if selected { "tab active" } else { "tab" }>{label}</A>
    }
}
