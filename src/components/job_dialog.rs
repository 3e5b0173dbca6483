//! A job's progress and report: bar, counts, rate, time left, current item; pause, cancel,
//! retry the failed, export. Closing it does not stop the job.

use crate::i18n::{number, t, t_stored, tf, tn, P, T};
use crate::jobs::export::{to_csv, to_json};
use crate::jobs::record::{ItemState, JobRecord, JobStatus};
use crate::state::jobs::Jobs;
use leptos::prelude::*;

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn status_label(r: &JobRecord) -> String {
    t(match r.status {
        JobStatus::Running => T::Running,
        JobStatus::Paused => T::Paused,
        JobStatus::Finished => T::Finished,
        JobStatus::Cancelled => T::Cancelled,
        JobStatus::Interrupted => T::InterruptedWhy,
    })
}

/// Items per second: while the job runs, only after half a second (before, the figure would
/// swing wildly); once it ended, over its whole time however short, so a job that took 0.3 s
/// does not say 0.0 items/s.
fn items_per_second(processed: usize, elapsed_ms: i64, ended: bool) -> f64 {
    let secs = elapsed_ms as f64 / 1000.0;
    if secs > 0.5 || (ended && secs > 0.0) {
        processed as f64 / secs
    } else {
        0.0
    }
}

/// "12 s", "3 min 20 s".
pub fn duration(ms: i64) -> String {
    let s = (ms.max(0) / 1000) as u64;
    if s < 60 {
        tf(T::Seconds, &[("s", &number(s))])
    } else if s < 3600 {
        tf(
            T::MinutesSeconds,
            &[("min", &number(s / 60)), ("s", &number(s % 60))],
        )
    } else {
        tf(
            T::HoursMinutes,
            &[("h", &number(s / 3600)), ("min", &number((s % 3600) / 60))],
        )
    }
}

#[component]
pub fn JobDialog(job: RwSignal<JobRecord>) -> impl IntoView {
    let jobs = Jobs::expect();
    let now = RwSignal::new(js_sys::Date::now() as i64);
    // Escape closes the dialog, as "Close" does: the job goes on.
    let dialog = super::modal::modal(Callback::new(move |_| jobs.open.set(None)));
    // Refresh the clock for rate and time left while the dialog is open.
    let tick = leptos::prelude::set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_millis(500),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let id = move || job.with(|r| r.id.clone());
    // One pass over the items per redraw (a 100,000-file job is redrawn as it runs).
    let progress = Memo::new(move |_| job.with(|r| r.progress(50)));
    let counts = move || progress.with(|p| p.counts);
    let finished = move || counts().done + counts().skipped + counts().failed + counts().cancelled;
    let percent = move || {
        let c = counts();
        if c.total == 0 {
            100.0
        } else {
            finished() as f64 * 100.0 / c.total as f64
        }
    };
    let elapsed = move || job.with(|r| r.finished_ms.unwrap_or_else(|| now.get()) - r.created_ms);
    let rate = move || {
        let c = counts();
        let ended = job.with(|r| r.finished_ms.is_some());
        items_per_second(c.done + c.failed + c.skipped, elapsed(), ended)
    };
    let left = move || {
        let c = counts();
        let r = rate();
        let remaining = c.pending + c.running;
        if r > 0.0 && remaining > 0 {
            Some(duration((remaining as f64 / r * 1000.0) as i64))
        } else {
            None
        }
    };
    let current = move || progress.with(|p| p.current.clone());
    let elsewhere = move || jobs.is_elsewhere(&id());
    let active = move || job.with(|r| r.is_active());
    let failed_items = move || {
        progress.with(|p| {
            p.problems
                .iter()
                .filter_map(|(label, state)| match state {
                    ItemState::Failed { reason, .. } => Some((label.clone(), t_stored(reason))),
                    ItemState::Skipped { reason } => Some((
                        label.clone(),
                        tf(T::PgSkippedBecause, &[("reason", &t_stored(reason))]),
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="overlay">
            <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="job-title"
                node_ref=dialog tabindex="-1">
                <h2 id="job-title">{move || job.with(|r| r.shown_title())}</h2>
                <p class="job-status">{move || if elsewhere() { t(T::RunningElsewhere) } else { job.with(status_label) }}</p>
                {move || jobs.storage_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <Show when=elsewhere>
                    <p class="hint">{t(T::AnotherTabRuns)}</p>
                </Show>
                {move || job.with(|r| r.note.clone()).map(|note| view! { <p class="job-note" role="status">{note}</p> })}
                {move || job.with(|r| r.is_from_older_version()).then(|| view! {
                    <p class="hint">{t(T::OlderVersionJob)}</p>
                })}
                <progress max="100" value=move || percent().to_string() aria-label=t(T::Progress)></progress>
                <p class="job-counts" aria-live="polite">
                    {move || {
                        let c = counts();
                        let mut text = tf(T::JobCounts, &[
                            ("processed", &number((c.done + c.failed + c.skipped + c.cancelled) as u64)),
                            ("total", &number(c.total as u64)),
                            ("done", &number(c.done as u64)),
                            ("failed", &number(c.failed as u64)),
                            ("skipped", &number(c.skipped as u64)),
                        ]);
                        if c.cancelled > 0 {
                            text.push_str(" · ");
                            text.push_str(&tf(T::CancelledCount, &[("count", &number(c.cancelled as u64))]));
                        }
                        text
                    }}
                </p>
                <p class="hint">
                    {move || tf(T::RateElapsed, &[("rate", &format!("{:.1}", rate())), ("elapsed", &duration(elapsed()))])}
                    {move || left().map(|l| format!(" · {}", tf(T::TimeLeft, &[("left", &l)])))}
                    {move || current().map(|c| format!(" · {}", tf(T::NowOn, &[("item", &c)])))}
                </p>
                <Show when=move || !failed_items().is_empty()>
                    <details open>
                        <summary>{t(T::FailedAndSkipped)}</summary>
                        <ul class="job-failures">
                            {move || failed_items().into_iter().map(|(label, reason)| view! { <li><span class="mono">{label}</span>": "{reason}</li> }).collect_view()}
                        </ul>
                    </details>
                </Show>
                <div class="dialog-buttons">
                    <Show when=move || !elsewhere()>
                    <Show when=move || job.with(|r| r.status == JobStatus::Running)>
                        <button class="secondary" on:click=move |_| jobs.pause(&id())>{t(T::Pause)}</button>
                    </Show>
                    <Show when=move || job.with(|r| r.status == JobStatus::Paused)>
                        <button class="secondary" on:click=move |_| jobs.unpause(&id())>{t(T::Resume)}</button>
                    </Show>
                    <Show when=move || job.with(|r| r.status == JobStatus::Interrupted && !r.is_from_older_version())>
                        <button on:click=move |_| jobs.resume(&id())>{t(T::Resume)}</button>
                    </Show>
                    <Show when=active>
                        <button class="danger" on:click=move |_| jobs.cancel(&id())>{t(T::Cancel)}</button>
                    </Show>
                    <Show when=move || { !active() && counts().failed != 0 }>
                        <button on:click=move |_| jobs.retry_failed(&id())>{t(T::RetryFailed)}</button>
                    </Show>
                    <Show when=move || !active()>
                        <button class="secondary" on:click=move |_| job.with_untracked(|r| download(&format!("{}.json", r.id), "application/json", &to_json(r)))>{t(T::ExportJson)}</button>
                        <button class="secondary" on:click=move |_| job.with_untracked(|r| download(&format!("{}.csv", r.id), "text/csv", &to_csv(r)))>{t(T::ExportCsv)}</button>
                    </Show>
                    </Show>
                    <button class="secondary" on:click=move |_| jobs.open.set(None)>{t(T::Close)}</button>
                </div>
            </div>
        </div>
    }
}

/// The open job's dialog, wherever the admin is.
#[component]
pub fn JobDialogHost() -> impl IntoView {
    let jobs = Jobs::expect();
    let dialog = move || {
        jobs.open
            .get()
            .and_then(|id| jobs.find(&id))
            .map(|job| Suspend::new(async move { crate::split::or_failed(job_dialog(job).await) }))
    };
    view! { <Suspense>{dialog}</Suspense> }
}

crate::split::split_fn! {
    /// The dialog's code is loaded when a job first opens it.
    fn job_dialog(job: RwSignal<JobRecord>) -> AnyView {
        view! { <JobDialog job /> }.into_any()
    }
}

/// The header's indicator of running jobs; opens the newest.
#[component]
pub fn JobIndicator() -> impl IntoView {
    let jobs = Jobs::expect();
    move || {
        let running = jobs.running();
        (!running.is_empty()).then(|| {
            let newest = running[0].with(|r| r.id.clone());
            let n = running.len();
            view! {
                <button class="secondary job-indicator" on:click=move |_| jobs.open.set(Some(newest.clone()))>
                    {tn(P::JobsRunning, n as u64, &[])}
                </button>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::items_per_second;

    #[test]
    fn a_short_job_that_ended_has_its_real_rate() {
        assert_eq!(items_per_second(10, 250, true), 40.0);
        // While running, not before half a second.
        assert_eq!(items_per_second(10, 250, false), 0.0);
        assert_eq!(items_per_second(10, 2_000, false), 5.0);
        // Nothing to divide by.
        assert_eq!(items_per_second(10, 0, true), 0.0);
    }
}
