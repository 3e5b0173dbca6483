//! `/audit`: Synapse's quarantine change feed (newest first) and Curator's own action log.

mod feed;
mod log;

use crate::i18n::{number, t, tf, T};
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <h1>{t(T::NavAudit)}</h1>
        <section aria-labelledby="feed-title">
            <h2 id="feed-title">{t(T::PgQuarantineChanges)}</h2>
            <p class="hint">{t(T::PgFeedHint)}</p>
            <feed::QuarantineFeed />
        </section>
        <section aria-labelledby="log-title">
            <h2 id="log-title">{t(T::PgActionLog)}</h2>
            <p class="hint">{tf(T::PgActionLogHint, &[("count", &number(crate::model::audit::KEEP as u64))])}</p>
            <log::ActionLogView />
        </section>
    }
}
