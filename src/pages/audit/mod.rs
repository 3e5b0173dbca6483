//! `/audit`: Synapse's quarantine change feed (newest first) and Curator's own action log.

mod feed;
mod log;

use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <h1>"Audit"</h1>
        <section aria-labelledby="feed-title">
            <h2 id="feed-title">"Quarantine changes"</h2>
            <p class="hint">"Every quarantine and release Synapse recorded, by anyone and any tool, newest first. A quarantine also lists each byte-identical copy it reached."</p>
            <feed::QuarantineFeed />
        </section>
        <section aria-labelledby="log-title">
            <h2 id="log-title">"Action log"</h2>
            <p class="hint">"What was done from Curator in this browser, kept here (the newest 5,000 actions)."</p>
            <log::ActionLogView />
        </section>
    }
}
