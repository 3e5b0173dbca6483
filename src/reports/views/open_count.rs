//! "3 open reports": on a user's and a room's page, how many open reports concern them, with
//! a link to the filtered list.

use crate::api::reports::{CountEventReports, ListEventReports, ReportFilter};
use crate::i18n::{t, tn, P, T};
use crate::model::Page;
use crate::reports::query::href;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;

/// `some` says how many open reports concern the user or room ("3 open reports concern
/// messages this user sent."), linked to them; `none` that none does.
#[component]
pub fn OpenReports(filter: ReportFilter, some: P, none: T) -> impl IntoView {
    let session = SessionCtx::expect();
    let link = href(&ListEventReports {
        page: Page::default(),
        filter: filter.clone(),
    });
    let filter = StoredValue::new(filter);
    let count = LocalResource::new(move || {
        let f = filter.get_value();
        async move { session.call(&CountEventReports(f)).await }
    });
    move || match count.get() {
        Some(Ok(c)) if c.total > 0 => Some(
            view! {
                <p class="open-reports notice">
                    <A href=crate::href(&link)>{tn(some, c.total, &[])}</A>
                </p>
            }
            .into_any(),
        ),
        Some(Ok(_)) => Some(view! { <p class="open-reports hint">{t(none)}</p> }.into_any()),
        _ => None,
    }
}
