use crate::i18n::{t, T};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="narrow">
            <h1>{t(T::PageNotFound)}</h1>
            <p>{t(T::NoPageHere)}" " <A href=crate::href("/users")>{t(T::GoToUsers)}</A></p>
        </main>
    }
}
