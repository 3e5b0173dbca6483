//! `/`: the server at a glance, from what Curator reads anyway: the media stored and its
//! biggest uploaders (Synapse's media statistics), open reports, the latest quarantine changes,
//! this browser's jobs, and the Synapse version. Each figure links to its page.

use crate::components::load::LoadError;
use crate::jobs::record::JobStatus;
use crate::model::route::{media_href, user_href};
use crate::model::units::{group_thousands, plural};
use crate::overview::{latest_quarantine_changes, media_totals};
use crate::state::jobs::Jobs;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;

/// Uploaders and changes listed.
const SHOWN: usize = 5;

fn reading() -> AnyView {
    view! { <p class="loading" aria-busy="true">"Reading…"</p> }.into_any()
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
        <h1>"Overview"</h1>
        <div class="overview">
            <section class="panel" aria-labelledby="overview-media">
                <h2 id="overview-media">"Media stored"</h2>
                {move || match totals.get() {
                    None => reading(),
                    Some(Err(error)) => view! { <LoadError error what="the media statistics" /> }.into_any(),
                    Some(Ok(t)) => {
                        let at_least = if t.complete { "" } else { "at least " };
                        view! {
                            <dl class="figures">
                                <dt>"Files"</dt>
                                <dd><A href=crate::href("/statistics/media")>{format!("{at_least}{}", group_thousands(t.files))}</A></dd>
                                <dt>"Bytes"</dt>
                                <dd><A href=crate::href("/statistics/media")>{format!("{at_least}{}", t.bytes.human())}</A></dd>
                                <dt>"Uploaders"</dt>
                                <dd><A href=crate::href("/statistics/media")>{group_thousands(t.uploaders)}</A></dd>
                            </dl>
                            {(!t.complete).then(|| view! { <p class="hint">"Summed over the biggest uploaders only: the statistics list more than this page reads."</p> })}
                            <h3>"Biggest uploaders"</h3>
                            <ol class="top">
                                {t.top.into_iter().map(|u| {
                                    let href = crate::href(&format!("{}/media", user_href(&u.user_id)));
                                    view! {
                                        <li>
                                            <A href=href>{u.user_id.to_string()}</A>
                                            {format!(" · {} · {}", plural(u.media_count as usize, "file"), u.media_length.human())}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }}
            </section>
            <section class="panel" aria-labelledby="overview-reports">
                <h2 id="overview-reports">"Reports"</h2>
                {move || match reports.get() {
                    None => reading(),
                    Some(Err(error)) => view! { <LoadError error what="the reports" /> }.into_any(),
                    Some(Ok(count)) => view! {
                        <dl class="figures">
                            <dt>"Open reports"</dt>
                            <dd><A href=crate::href("/reports")>{group_thousands(count.total)}</A></dd>
                        </dl>
                    }.into_any(),
                }}
            </section>
            <section class="panel" aria-labelledby="overview-jobs">
                <h2 id="overview-jobs">"Jobs in this browser"</h2>
                <dl class="figures">
                    <dt>"Running"</dt>
                    <dd><A href=crate::href("/jobs")>{move || job_counts().0.to_string()}</A></dd>
                    <dt>"Paused or interrupted"</dt>
                    <dd><A href=crate::href("/jobs")>{move || job_counts().1.to_string()}</A></dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="overview-server">
                <h2 id="overview-server">"Server"</h2>
                <dl class="figures">
                    <dt>"Name"</dt>
                    <dd>{server}</dd>
                    <dt>"Synapse"</dt>
                    <dd>{move || match version.get() {
                        None => "…".to_owned(),
                        Some(Ok(v)) => v.server_version,
                        Some(Err(_)) => "unknown".to_owned(),
                    }}</dd>
                </dl>
            </section>
            <section class="panel wide" aria-labelledby="overview-changes">
                <h2 id="overview-changes">"Latest quarantine changes"</h2>
                {move || match changes.get() {
                    None => reading(),
                    Some(Err(error)) => view! { <LoadError error what="the quarantine change feed" /> }.into_any(),
                    Some(Ok(None)) => view! { <p class="notice">"This server has no quarantine change feed (Synapse 1.152 or newer has it)."</p> }.into_any(),
                    Some(Ok(Some(latest))) => view! {
                        <dl class="figures">
                            <dt>"Changes in all"</dt>
                            <dd><A href=crate::href("/audit")>{group_thousands(latest.total)}</A></dd>
                        </dl>
                        <ul class="changes">
                            {latest.newest.into_iter().map(|c| {
                                let what = if c.quarantined { "Quarantined" } else { "Released" };
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
