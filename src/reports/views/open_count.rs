//! "3 open reports": on a user's and a room's page, how many open reports concern them, with
//! a link to the filtered list.

use crate::api::reports::{CountEventReports, ListEventReports, ReportFilter};
use crate::model::units::plural;
use crate::model::Page;
use crate::reports::query::href;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;

/// `about` finishes the sentence: "concern messages this user sent".
#[component]
pub fn OpenReports(filter: ReportFilter, about: &'static str) -> impl IntoView {
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
    move || {
        match count.get() {
        Some(Ok(c)) if c.total > 0 => Some(
            view! {
                <p class="open-reports notice">
                    <A href=crate::href(&link)>{format!("{} open", plural(c.total as usize, "report"))}</A>
                    {format!(" {about}.")}
                </p>
            }
            .into_any(),
        ),
        Some(Ok(_)) => Some(view! { <p class="open-reports hint">{format!("No open reports {about}.")}</p> }.into_any()),
        _ => None,
    }
    }
}
