//! `/`: the server at a glance, from what Curator reads anyway: the media stored and its
//! biggest uploaders (Synapse's media statistics), open reports, the latest quarantine changes,
//! this browser's jobs, and the Synapse version. Each figure links to its page.

use crate::components::load::LoadError;
use crate::i18n::{number, t, tf, tn, P, T};
use crate::jobs::record::JobStatus;
use crate::model::route::{media_href, user_href};
use crate::overview::{latest_quarantine_changes, media_totals};
use crate::state::jobs::Jobs;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;

/// Uploaders and changes listed.
const SHOWN: usize = 5;

fn reading() -> AnyView {
    view! { <p class="loading" aria-busy="true">{t(T::Reading)}</p> }.into_any()
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let jobs = Jobs::expect();
    leptos::task::spawn_local(async move { jobs.ensure_loaded().await });
    let totals = LocalResource::new(move || async move { media_totals(&session, SHOWN).await });
    let reports = LocalResource::new(move || async move { session.open_report_count().await });
    let changes =
        LocalResource::new(move || async move { latest_quarantine_changes(&session, SHOWN).await });
    let version = LocalResource::new(move || async move { session.server_version().await });
    let server = move || session.get().map(|s| s.server_name()).unwrap_or_default();
    let job_counts = move || {
        let mut running = 0;
        let mut stopped = 0;
        for r in jobs.all() {
            match r.with(|r| r.status) {
                JobStatus::Running => running += 1,
                JobStatus::Paused | JobStatus::Interrupted => stopped += 1,
                _ => {}
            }
        }
        (running, stopped)
    };
    view! {
        <h1>{t(T::NavOverview)}</h1>
        <div class="overview">
            <section class="panel" aria-labelledby="overview-media">
                <h2 id="overview-media">{t(T::MediaStored)}</h2>
                {move || match totals.get() {
                    None => reading(),
                    Some(Err(error)) => view! { <LoadError error what=t(T::TheMediaStatistics) /> }.into_any(),
                    Some(Ok(totals)) => {
                        let complete = totals.complete;
                        let figure = move |f: String| if complete { f } else { tf(T::AtLeast, &[("figure", &f)]) };
                        view! {
                            <dl class="figures">
                                <dt>{t(T::Files)}</dt>
                                <dd><A href=crate::href("/statistics/media")>{figure(number(totals.files))}</A></dd>
                                <dt>{t(T::Bytes)}</dt>
                                <dd><A href=crate::href("/statistics/media")>{figure(totals.bytes.human())}</A></dd>
                                <dt>{t(T::Uploaders)}</dt>
                                <dd><A href=crate::href("/statistics/media")>{number(totals.uploaders)}</A></dd>
                            </dl>
                            {(!totals.complete).then(|| view! { <p class="hint">{t(T::SummedOverBiggest)}</p> })}
                            <h3>{t(T::BiggestUploaders)}</h3>
                            <ol class="top">
                                {totals.top.into_iter().map(|u| {
                                    let href = crate::href(&format!("{}/media", user_href(&u.user_id)));
                                    view! {
                                        <li>
                                            <A href=href>{u.user_id.to_string()}</A>
                                            {format!(" · {} · {}", tn(P::FilesN, u.media_count, &[]), u.media_length.human())}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }}
            </section>
            <section class="panel" aria-labelledby="overview-reports">
                <h2 id="overview-reports">{t(T::NavReports)}</h2>
                {move || match reports.get() {
                    None => reading(),
                    Some(Err(error)) => view! { <LoadError error what=t(T::TheReports) /> }.into_any(),
                    Some(Ok(count)) => view! {
                        <dl class="figures">
                            <dt>{t(T::OpenReports)}</dt>
                            <dd><A href=crate::href("/reports")>{number(count.total)}</A></dd>
                        </dl>
                    }.into_any(),
                }}
            </section>
            <section class="panel" aria-labelledby="overview-jobs">
                <h2 id="overview-jobs">{t(T::JobsInThisBrowser)}</h2>
                <dl class="figures">
                    <dt>{t(T::Running)}</dt>
                    <dd><A href=crate::href("/jobs")>{move || number(job_counts().0)}</A></dd>
                    <dt>{t(T::PausedOrInterrupted)}</dt>
                    <dd><A href=crate::href("/jobs")>{move || number(job_counts().1)}</A></dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="overview-server">
                <h2 id="overview-server">{t(T::Server)}</h2>
                <dl class="figures">
                    <dt>{t(T::Name)}</dt>
                    <dd>{server}</dd>
                    <dt>{t(T::Synapse)}</dt>
                    <dd>{move || match version.get() {
                        None => "…".to_owned(),
                        Some(Ok(v)) => v.server_version,
                        Some(Err(_)) => t(T::Unknown),
                    }}</dd>
                </dl>
            </section>
            <section class="panel wide" aria-labelledby="overview-changes">
                <h2 id="overview-changes">{t(T::LatestQuarantineChanges)}</h2>
                {move || match changes.get() {
                    None => reading(),
                    Some(Err(error)) => view! { <LoadError error what=t(T::TheQuarantineFeed) /> }.into_any(),
                    Some(Ok(None)) => view! { <p class="notice">{t(T::NoQuarantineFeed)}</p> }.into_any(),
                    Some(Ok(Some(latest))) => view! {
                        <dl class="figures">
                            <dt>{t(T::ChangesInAll)}</dt>
                            <dd><A href=crate::href("/audit")>{number(latest.total)}</A></dd>
                        </dl>
                        <ul class="changes">
                            {latest.newest.into_iter().map(|c| {
                                let what = if c.quarantined { t(T::Quarantined) } else { t(T::Released) };
                                let label = format!("mxc://{}/{}", c.origin, c.media_id);
                                match c.media() {
                                    Some(m) => view! { <li>{what}" "<A href=crate::href(&media_href(&m))>{label}</A></li> }.into_any(),
                                    None => view! { <li>{what}" "<span class="mono">{label}</span></li> }.into_any(),
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
        </div>
    }
}
