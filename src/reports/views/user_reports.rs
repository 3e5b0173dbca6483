//! The "Reported users" tab: user reports (Synapse 1.152+), each linking to the reported
//! user's media tab. Older servers do not know the endpoint: the tab says so.

use crate::api::reports::ListUserReports;
use crate::components::load::{LoadError, Loading};
use crate::components::pager::Pager;
use crate::i18n::{t, tn, P, T};
use crate::model::route::{user_href, with_query};
use crate::model::Page;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn UserReports() -> impl IntoView {
    let session = SessionCtx::expect();
    let q = use_query_map();
    let navigate = use_navigate();
    let page = Memo::new(move |_| {
        q.with(|q| Page::from_query(q.get("page").as_deref(), q.get("size").as_deref()))
    });
    let reports = LocalResource::new(move || {
        let page = page.get();
        async move { session.call(&ListUserReports { page }).await }
    });
    let go = Callback::new(move |p: Page| {
        let mut params = vec![("tab", "users".to_owned())];
        params.extend(p.query_values());
        navigate(&with_query("/reports", &params), Default::default());
    });
    view! {
        <Transition fallback=|| view! { <Loading what=t(T::PgUserReportsLower) /> }>
            {move || Suspend::new(async move {
                match reports.await {
                    Err(e) if e.is_unrecognized() || e.is_not_found() => view! {
                        <p class="notice">{t(T::PgNoUserReportsSupport)}</p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error what=t(T::PgTheUserReports) /> }.into_any(),
                    Ok(list) => {
                        let shown = list.user_reports.len();
                        view! {
                            <p class="summary">{tn(P::PgUserReportsN, list.total, &[])}</p>
                            <div class="table-scroll">
                            <table class="list user-reports">
                                <thead><tr><th>{t(T::PgReceived)}</th><th>{t(T::PgReportedUser)}</th><th>{t(T::PgReporter)}</th><th>{t(T::PgReason)}</th></tr></thead>
                                <tbody>
                                    {list.user_reports.into_iter().map(|r| {
                                        let media = format!("{}/media", user_href(&r.target_user_id));
                                        view! {
                                            <tr>
                                                <td>{r.received_ts.display_utc()}</td>
                                                <td><A href=crate::href(&media)>{r.target_user_id.to_string()}</A></td>
                                                <td>{r.user_id.to_string()}</td>
                                                <td class="reason">{r.reason.unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            {(shown == 0).then(|| view! { <p class="empty">{t(T::PgNoUserReports)}</p> })}
                            <Pager page=page.get_untracked() shown total=list.total go />
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
