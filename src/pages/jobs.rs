//! `/jobs`: every bulk job this browser ran, with its state, counts, duration and report.

use crate::components::job_dialog::duration;
use crate::i18n::{t, tf, T};
use crate::jobs::record::JobStatus;
use crate::model::limits::CONCURRENCY;
use crate::state::jobs::Jobs;
use leptos::prelude::*;

#[component]
pub fn JobsPage() -> impl IntoView {
    let jobs = Jobs::expect();
    leptos::task::spawn_local(async move { jobs.ensure_loaded().await });
    let concurrency_error = RwSignal::new(None::<String>);
    view! {
        <h1>{t(T::NavJobs)}</h1>
        <p class="hint">{t(T::PgJobsHint)}</p>
        <label class="inline advanced">
            {t(T::PgConcurrencyLabel)}
            <input type="number" min=CONCURRENCY.min max=CONCURRENCY.max prop:value=move || jobs.concurrency.get().to_string()
                on:change=move |ev| match CONCURRENCY.parse(&event_target_value(&ev)) {
                    Ok(n) => {
                        concurrency_error.set(None);
                        jobs.set_concurrency(n as usize);
                    }
                    Err(e) => concurrency_error.set(Some(e)),
                } />
        </label>
        {move || jobs.storage_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || jobs.unreadable.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || jobs.no_locks.get().map(|e| view! { <p class="error" role="alert">{tf(T::PgCareful, &[("problem", &e)])}</p> })}
        {move || concurrency_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || {
            let all = jobs.all();
            if all.is_empty() {
                return view! { <p class="empty">{t(T::NoJobsYet)}</p> }.into_any();
            }
            view! {
                <table class="list">
                    <thead><tr><th>{t(T::Job)}</th><th>{t(T::State)}</th><th>{t(T::Done)}</th><th>{t(T::Failed)}</th><th>{t(T::Skipped)}</th><th>{t(T::Total)}</th><th>{t(T::Duration)}</th><th>{t(T::Report)}</th></tr></thead>
                    <tbody>
                        {all.into_iter().map(|job| {
                            // Read in place: a 100,000-file job is not copied at each redraw.
                            let (c, id, title, state, took) = job.with(|r| {
                                let state = match r.status {
                                    _ if jobs.is_elsewhere(&r.id) => t(T::RunningElsewhere),
                                    JobStatus::Running => t(T::Running),
                                    JobStatus::Paused => t(T::Paused),
                                    JobStatus::Finished => t(T::Finished),
                                    JobStatus::Cancelled => t(T::Cancelled),
                                    JobStatus::Interrupted => t(T::Interrupted),
                                };
                                let took = r.finished_ms.map(|f| duration(f - r.created_ms)).unwrap_or_else(|| "—".into());
                                (r.counts(), r.id.clone(), r.shown_title(), state, took)
                            });
                            view! {
                                <tr>
                                    <td>{title}</td>
                                    <td>{state}</td>
                                    <td class="num">{c.done}</td>
                                    <td class="num">{c.failed}</td>
                                    <td class="num">{c.skipped}</td>
                                    <td class="num">{c.total}</td>
                                    <td>{took}</td>
                                    <td><button class="secondary small" on:click=move |_| jobs.open.set(Some(id.clone()))>{t(T::Open)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
