use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="narrow">
            <h1>"Page not found"</h1>
            <p>"Curator has no page at this address. " <A href=crate::href("/users")>"Go to the users list"</A> "."</p>
        </main>
    }
}
