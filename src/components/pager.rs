//! Previous/next paging with the page size choice and the "51–100 of 130" position.

use crate::i18n::{number, t, tf, T};
use crate::model::paging::{Page, PAGE_SIZES};
use leptos::prelude::*;

/// `go(page)` is called with the new page; the pager itself keeps no state.
#[component]
pub fn Pager(
    page: Page,
    shown: usize,
    total: u64,
    #[prop(into)] go: Callback<Page>,
) -> impl IntoView {
    let pages = page.count(total);
    let is_first = page.index == 0;
    let is_last = page.index + 1 >= pages;
    view! {
        <nav class="pager" aria-label=t(T::Pages)>
            <span class="position">{page.describe(shown, total)}</span>
            <button class="secondary" disabled=is_first
                on:click=move |_| go.run(Page { index: page.index.saturating_sub(1), ..page })>
                {t(T::Previous)}
            </button>
            <span class="page-of">{tf(T::PageOf, &[("page", &number(u64::from(page.index) + 1)), ("pages", &number(u64::from(pages)))])}</span>
            <button class="secondary" disabled=is_last
                on:click=move |_| go.run(Page { index: page.index + 1, ..page })>
                {t(T::Next)}
            </button>
            <label class="page-size">
                {t(T::PerPage)}" "
                <select on:change=move |ev| {
                    let size = event_target_value(&ev).parse().unwrap_or(page.size);
                    go.run(Page { index: 0, size });
                }>
                    {PAGE_SIZES
                        .iter()
                        .map(|s| view! { <option value=s.to_string() selected=*s == page.size>{s.to_string()}</option> })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}
