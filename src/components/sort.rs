//! A sortable column header: a button that says which way it sorts.

use crate::model::paging::Sorted;
use crate::model::SortDir;
use leptos::prelude::*;

/// The sort state of a list page: the query in the URL, and how to go to another one.
pub struct Sorting<Q: Send + Sync + 'static> {
    params: Memo<Q>,
    go: Callback<Q>,
}

impl<Q: Send + Sync + 'static> Clone for Sorting<Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: Send + Sync + 'static> Copy for Sorting<Q> {}

impl<Q: Sorted + Clone + PartialEq + Send + Sync + 'static> Sorting<Q> {
    pub fn new(params: Memo<Q>, go: Callback<Q>) -> Self {
        Sorting { params, go }
    }

    /// `Some(dir)` when the list is sorted by `order`.
    pub fn active(&self, order: Q::Order) -> Option<SortDir> {
        let (now, dir) = self.params.with(Sorted::sorting);
        (now == order).then_some(dir)
    }

    /// Sorts by `order` in the direction the header asks for, from the first page.
    pub fn on_sort(&self, order: Q::Order) -> Callback<SortDir>
    where
        Q::Order: Send + Sync + 'static,
    {
        let this = *self;
        Callback::new(move |dir| {
            this.go
                .run(this.params.with_untracked(|q| q.sorted(order, dir)))
        })
    }
}

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
