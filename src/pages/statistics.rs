//! `/statistics/media`: who stores what. Paged, sorted, searched and filtered by upload date by
//! the server; a chart of the ten biggest users for the same filter; the whole query as CSV;
//! and the two server-wide sweeps in the toolbar.

use crate::api::statistics::{to_csv, StatsOrder, UserMediaStats, UserMediaUsage};
use crate::api::ApiError;
use crate::components::chart::{Bar, BarChart};
use crate::components::job_dialog::download;
use crate::components::load::{LoadError, Loading};
use crate::components::local_sweep::LocalSweepDialog;
use crate::components::pager::Pager;
use crate::components::purge::PurgeRemoteDialog;
use crate::components::sort::{SortHeader, Sorting};
use crate::i18n::{number, t, tf, tn, P, T};
use crate::model::cutoff::{day_value, DayRange};
use crate::model::route::{list_href, user_href};
use crate::model::units::group_thousands;
use crate::model::{ByteSize, Page, SortDir};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The query as URL values, so back/forward and reload keep it.
fn href(q: &UserMediaStats) -> String {
    list_href(
        "/statistics/media",
        q,
        &UserMediaStats::default(),
        &[
            ("q", q.search.clone().unwrap_or_default()),
            ("from", q.range.from.map(day_value).unwrap_or_default()),
            ("until", q.range.until.map(day_value).unwrap_or_default()),
        ],
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Dialog {
    None,
    Purge,
    Delete,
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let query = use_query_map();
    let navigate = use_navigate();
    let params = Memo::new(move |_| {
        query.with(|q| UserMediaStats {
            page: Page::from_query(q.get("page").as_deref(), q.get("size").as_deref()),
            order: StatsOrder::from_param(q.get("order").as_deref()),
            dir: q
                .get("dir")
                .map(|d| SortDir::from_param(Some(&d)))
                .unwrap_or(SortDir::Backward),
            search: q.get("q"),
            range: DayRange::parse(q.get("from").as_deref(), q.get("until").as_deref()),
        })
    });
    let go = Callback::new(move |q: UserMediaStats| navigate(&href(&q), Default::default()));
    let reload = RwSignal::new(0u32);
    // An inverted range (typed into the URL) is refused here, never sent for Synapse's 400.
    let fetch = move |q: UserMediaStats| async move {
        q.range.check().map_err(ApiError::Refused)?;
        session.call(&q).await
    };
    let stats = LocalResource::new(move || {
        reload.track();
        fetch(params.get())
    });
    let top = LocalResource::new(move || {
        reload.track();
        fetch(params.get().top_by_bytes(10))
    });

    // The form: edited freely, checked before it is applied.
    let search = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    Effect::new(move |_| {
        let p = params.get();
        search.set(p.search.unwrap_or_default());
        from.set(p.range.from.map(day_value).unwrap_or_default());
        until.set(p.range.until.map(day_value).unwrap_or_default());
    });
    let range = move || DayRange::parse(Some(&from.get()), Some(&until.get()));
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let range = range();
        if range.check().is_err() {
            return;
        }
        go.run(UserMediaStats {
            search: Some(search.get_untracked()),
            range,
            page: Page {
                index: 0,
                ..params.get_untracked().page
            },
            ..params.get_untracked()
        });
    };
    let sort = Sorting::new(params, go);
    let dialog = RwSignal::new(Dialog::None);
    let close = Callback::new(move |_| dialog.set(Dialog::None));
    let changed = Callback::new(move |_| reload.update(|n| *n += 1));

    view! {
        <h1>{t(T::UsersMedia)}</h1>
        <div class="toolbar">
            <ExportCsv params />
            <button class="secondary" on:click=move |_| dialog.set(Dialog::Purge)>{t(T::PurgeRemoteMedia)}</button>
            <button class="danger" on:click=move |_| dialog.set(Dialog::Delete)>{t(T::DeleteMedia)}</button>
        </div>
        {move || match dialog.get() {
            Dialog::None => ().into_any(),
            Dialog::Purge => view! { <PurgeRemoteDialog on_close=close on_done=changed /> }.into_any(),
            Dialog::Delete => view! { <LocalSweepDialog on_close=close on_done=changed /> }.into_any(),
        }}
        <form class="filters" role="search" on:submit=apply>
            <label>
                {t(T::SearchUsers)}
                <input type="search" name="q" placeholder=t(T::UserSearchHint) bind:value=search />
            </label>
            <label>
                {t(T::UploadedFrom)}
                <input type="date" name="from" bind:value=from />
            </label>
            <label>
                {t(T::UploadedUntil)}
                <input type="date" name="until" bind:value=until />
            </label>
            <button type="submit" disabled=move || range().check().is_err()>{t(T::Apply)}</button>
        </form>
        {move || range().check().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match top.await {
                    Ok(page) if !page.users.is_empty() => {
                        let bars = page.users.iter().map(|u| Bar {
                            label: u.user_id.to_string(),
                            value: u.media_length.0,
                            shown: u.media_length.human(),
                        }).collect();
                        view! { <BarChart title=t(T::Top10) bars /> }.into_any()
                    }
                    _ => ().into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <Loading what=t(T::MediaStatisticsLower) /> }>
            {move || Suspend::new(async move {
                let q = params.get_untracked();
                match stats.await {
                    Err(error) => view! { <LoadError error what=t(T::TheMediaStatistics) /> }.into_any(),
                    Ok(page) => {
                        let shown = page.users.len();
                        let total = page.total;
                        let files: u64 = page.users.iter().map(|u| u.media_count).sum();
                        let bytes = ByteSize(page.users.iter().map(|u| u.media_length.0).sum());
                        view! {
                            <table class="list">
                                <thead>
                                    <tr>
                                        {move || view! { <SortHeader label=t(T::UserId) active=sort.active(StatsOrder::UserId) on_sort=sort.on_sort(StatsOrder::UserId) /> }}
                                        {move || view! { <SortHeader label=t(T::DisplayName) active=sort.active(StatsOrder::DisplayName) on_sort=sort.on_sort(StatsOrder::DisplayName) /> }}
                                        {move || view! { <SortHeader label=t(T::Files) active=sort.active(StatsOrder::Files) on_sort=sort.on_sort(StatsOrder::Files) /> }}
                                        {move || view! { <SortHeader label=t(T::Bytes) active=sort.active(StatsOrder::Bytes) on_sort=sort.on_sort(StatsOrder::Bytes) /> }}
                                    </tr>
                                </thead>
                                <tbody>{page.users.into_iter().map(row).collect_view()}</tbody>
                                <tfoot>
                                    <tr>
                                        <th scope="row" colspan="2">{tn(P::ListedHere, shown as u64, &[])}</th>
                                        <td class="num">{number(files)}</td>
                                        <td class="num" title=bytes.exact()>{bytes.human()}</td>
                                    </tr>
                                </tfoot>
                            </table>
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::NoUploaderMatches)}</p> })}
                            <Pager page=q.page shown total go=Callback::new(move |p: Page| go.run(UserMediaStats { page: p, ..params.get_untracked() })) />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn row(u: UserMediaUsage) -> impl IntoView {
    view! {
        <tr>
            <td><A href=crate::href(&format!("{}/media", user_href(&u.user_id)))>{u.user_id.to_string()}</A></td>
            <td>{u.displayname.unwrap_or_default()}</td>
            <td class="num">{group_thousands(u.media_count)}</td>
            <td class="num" title=u.media_length.exact()>{u.media_length.human()}</td>
        </tr>
    }
}

/// Every page of the current query, 500 users at a time, as one CSV file.
#[component]
fn ExportCsv(params: Memo<UserMediaStats>) -> impl IntoView {
    let session = SessionCtx::expect();
    let progress = RwSignal::new(None::<(usize, u64)>);
    let error = RwSignal::new(None::<String>);
    let export = move |_| {
        let mut q = params.get_untracked();
        q.page = Page {
            index: 0,
            size: 500,
        };
        error.set(None);
        progress.set(Some((0, 0)));
        leptos::task::spawn_local(async move {
            let result: Result<Vec<UserMediaUsage>, ApiError> = async {
                let mut rows = Vec::new();
                loop {
                    let got = session.call(&q).await?;
                    let n = got.users.len();
                    rows.extend(got.users);
                    progress.set(Some((rows.len(), got.total)));
                    if n == 0 || rows.len() as u64 >= got.total {
                        return Ok(rows);
                    }
                    q.page.index += 1;
                }
            }
            .await;
            progress.set(None);
            match result {
                Ok(rows) => download("curator-users-media.csv", "text/csv", &to_csv(&rows)),
                Err(e) => error.set(Some(tf(T::ExportStopped, &[("error", &e.to_string())]))),
            }
        });
    };
    view! {
        <button class="secondary" disabled=move || progress.get().is_some() on:click=export>
            {move || match progress.get() {
                Some((n, total)) => tf(T::Exporting, &[("done", &number(n as u64)), ("total", &number(total))]),
                None => t(T::ExportCsv),
            }}
        </button>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
