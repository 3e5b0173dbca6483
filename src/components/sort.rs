//! A sortable column header: a button that says which way it sorts.

use crate::model::SortDir;
use leptos::prelude::*;

/// `active` is `Some(dir)` when the list is sorted by this column.
#[component]
pub fn SortHeader(
    #[prop(into)] label: String,
    active: Option<SortDir>,
    #[prop(into)] on_sort: Callback<SortDir>,
) -> impl IntoView {
    let next = active.map(SortDir::flip).unwrap_or_default();
    let aria = match active {
        Some(SortDir::Forward) => "ascending",
        Some(SortDir::Backward) => "descending",
        None => "none",
    };
    let arrow = active.map(SortDir::arrow).unwrap_or("");
    view! {
        <th aria-sort=aria>
            <button class="sort" on:click=move |_| on_sort.run(next)>
                {label} " " <span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
