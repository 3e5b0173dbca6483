//! How a read in progress or failed looks, the same on every page.

use crate::api::ApiError;
use crate::i18n::{t, tf, T};
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="loading" aria-busy="true">{tf(T::LoadingWhat, &[("what", &what)])}</p> }
}

/// A failed read: what happened, and what the admin can do about it.
#[component]
pub fn LoadError(error: ApiError, #[prop(into)] what: String) -> impl IntoView {
    let hint = match error.status() {
        Some(403) => format!(" {}", t(T::LostAdminRights)),
        Some(404) => format!(" {}", t(T::MaybeDeleted)),
        Some(s) if s >= 500 => format!(" {}", t(T::ServerProblem)),
        _ => String::new(),
    };
    view! {
        <div class="error" role="alert">
            <strong>{tf(T::CouldNotLoad, &[("what", &what)])}</strong>
            " "
            {error.to_string()}
            {hint}
        </div>
    }
}
