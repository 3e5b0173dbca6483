//! `/reports`: the open event reports, newest first, paged and filtered by the server, each
//! row with its media and "Quarantine and dismiss"; a second tab lists the user reports.

use super::cell::ReportMediaCell;
use super::triage::TriageBar;
use super::user_reports::UserReports;
use crate::api::reports::{EventReport, ListEventReports, ReportFilter, ReportId};
use crate::components::load::{LoadError, Loading};
use crate::components::pager::Pager;
use crate::components::preview::PreviewToggle;
use crate::i18n::{t, tf, tn, P, T};
use crate::model::route::{room_href, user_href};
use crate::model::Page;
use crate::reports::query::{self, ReportTab};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let q = use_query_map();
    let tab = Memo::new(move |_| {
        if q.with(|q| q.get("tab")).as_deref() == Some("users") {
            ReportTab::Users
        } else {
            ReportTab::Events
        }
    });
    let tab_link = move |which: ReportTab, label: String, href: String| {
        view! {
            <A href=crate::href(&href) attr:role="tab"
                attr:aria-selected=move || (tab.get() == which).to_string()
                attr:class=move || if tab.get() == which { "tab active" } else { "tab" }>{label}</A>
        }
    };
    view! {
        <h1>{t(T::NavReports)}</h1>
        <nav role="tablist" class="tabs" aria-label=t(T::NavReports)>
            {tab_link(ReportTab::Events, t(T::PgReportedMessages), "/reports".into())}
            {tab_link(ReportTab::Users, t(T::PgReportedUsers), query::user_reports_href())}
        </nav>
        {move || match tab.get() {
            ReportTab::Events => view! { <EventReports /> }.into_any(),
            ReportTab::Users => view! { <UserReports /> }.into_any(),
        }}
    }
}

#[component]
fn EventReports() -> impl IntoView {
    let session = SessionCtx::expect();
    let q = use_query_map();
    let navigate = use_navigate();
    let list = Memo::new(move |_| {
        q.with(|q| {
            query::from_query(
                q.get("page").as_deref(),
                q.get("size").as_deref(),
                q.get("room").as_deref(),
                q.get("reporter").as_deref(),
                q.get("sender").as_deref(),
            )
        })
    });
    let go =
        Callback::new(move |l: ListEventReports| navigate(&query::href(&l), Default::default()));
    let reload = RwSignal::new(0u32);
    let on_changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    let reports = LocalResource::new(move || {
        let l = list.get();
        reload.track();
        async move {
            match l {
                Ok(l) => session.call(&l).await.map(|page| (l, page)),
                Err(e) => Err(crate::api::ApiError::Refused(e)),
            }
        }
    });
    let current = move || list.get().ok().map(|l| l.filter).unwrap_or_default();
    let room = RwSignal::new(String::new());
    let reporter = RwSignal::new(String::new());
    let sender = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = q.with(|q| (q.get("room"), q.get("reporter"), q.get("sender")));
        room.set(f.0.unwrap_or_default());
        reporter.set(f.1.unwrap_or_default());
        sender.set(f.2.unwrap_or_default());
    });
    let filter_error = RwSignal::new(None::<String>);
    let selected = RwSignal::new(Vec::<ReportId>::new());
    view! {
        <form class="filters" role="search" on:submit=move |ev| {
            ev.prevent_default();
            match query::from_query(None, None, Some(&room.get_untracked()), Some(&reporter.get_untracked()), Some(&sender.get_untracked())) {
                Ok(mut l) => {
                    filter_error.set(None);
                    l.page = Page { index: 0, ..list.get_untracked().map(|l| l.page).unwrap_or_default() };
                    go.run(l);
                }
                Err(e) => filter_error.set(Some(e)),
            }
        }>
            <label>{t(T::Room)}<input type="text" name="room" placeholder="!room:server" bind:value=room /></label>
            <label>{t(T::PgSender)}<input type="text" name="sender" placeholder="@user:server" bind:value=sender /></label>
            <label>{t(T::PgReporter)}<input type="text" name="reporter" placeholder="@user:server" bind:value=reporter /></label>
            <button type="submit">{t(T::PgFilter)}</button>
            {move || (current() != ReportFilter::default()).then(|| view! {
                <A href=crate::href("/reports")>{t(T::PgClearFilters)}</A>
            })}
        </form>
        {move || filter_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <TriageBar selected on_changed />
        <Transition fallback=|| view! { <Loading what=t(T::PgReportsLower) /> }>
            {move || Suspend::new(async move {
                match reports.await {
                    Err(error) => view! { <LoadError error what=t(T::TheReports) /> }.into_any(),
                    Ok((l, page)) => {
                        let shown = page.event_reports.len();
                        let total = page.total;
                        let ids: Vec<ReportId> = page.event_reports.iter().map(|r| r.id).collect();
                        let l2 = l.clone();
                        view! {
                            <div class="table-tools"><PreviewToggle /></div>
                            <p class="summary">{tn(P::PgOpenReportsN, total, &[])}</p>
                            <div class="table-scroll">
                            <table class="list reports">
                                <thead><tr>
                                    <th><input type="checkbox" aria-label=t(T::SelectPage)
                                        prop:checked={let ids = ids.clone(); move || !ids.is_empty() && selected.with(|s| ids.iter().all(|i| s.contains(i)))}
                                        on:change=move |ev| selected.set(if event_target_checked(&ev) { ids.clone() } else { Vec::new() }) /></th>
                                    <th>{t(T::NavMedia)}</th><th>{t(T::Report)}</th><th>{t(T::PgReceived)}</th><th>{t(T::Room)}</th>
                                    <th>{t(T::PgSender)}</th><th>{t(T::PgReporter)}</th><th>{t(T::PgReason)}</th><th>{t(T::PgScore)}</th>
                                </tr></thead>
                                <tbody>
                                    {page.event_reports.into_iter().map(|r| view! { <ReportRow report=r selected on_changed /> }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::PgNoOpenReports)}</p> })}
                            <Pager page=l.page shown total go=Callback::new(move |p: Page| go.run(ListEventReports { page: p, ..l2.clone() })) />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn ReportRow(
    report: EventReport,
    selected: RwSignal<Vec<ReportId>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let id = report.id;
    let room = report.room_label();
    view! {
        <tr data-report=id.to_string()>
            <td><input type="checkbox" aria-label=tf(T::PgSelectReport, &[("id", &id.to_string())])
                prop:checked=move || selected.with(|s| s.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|x| *x != id);
                        if on { s.push(id); }
                    });
                } /></td>
            <td class="report-media"><ReportMediaCell id on_changed /></td>
            <td><A href=crate::href(&query::report_href(id))>{tf(T::PgReportN, &[("id", &id.to_string())])}</A></td>
            <td>{report.received_ts.display_utc()}</td>
            <td><A href=crate::href(&room_href(&report.room_id))>{room}</A></td>
            <td><A href=crate::href(&user_href(&report.sender))>{report.sender.to_string()}</A></td>
            <td>{report.user_id.to_string()}</td>
            <td class="reason">{report.reason.unwrap_or_else(|| "—".into())}</td>
            <td class="num">{report.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
