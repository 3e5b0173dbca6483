//! How a read in progress or failed looks, the same on every page.

use crate::api::ApiError;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="loading" aria-busy="true">{format!("Loading {what}…")}</p> }
}

/// A failed read: what happened, and what the admin can do about it.
#[component]
pub fn LoadError(error: ApiError, #[prop(into)] what: String) -> impl IntoView {
    let hint = match error.status() {
        Some(403) => " Your account may have lost its admin rights.",
        Some(404) => " It may have been deleted, or the link is wrong.",
        Some(s) if s >= 500 => " The homeserver had a problem; try again in a moment.",
        _ => "",
    };
    view! {
        <div class="error" role="alert">
            <strong>{format!("Could not load {what}.")}</strong>
            " "
            {error.to_string()}
            {hint}
        </div>
    }
}
