//! A report row's media cell: the reported file's blurred preview, what the event is, and
//! "Quarantine and dismiss" saying which files it touches, so the admin acts from the list.

use crate::api::reports::ReportId;
use crate::components::preview::Preview;
use crate::i18n::{t, tf, T};
use crate::model::media::MediaAction;
use crate::reports::plan::FilePlan;
use crate::reports::run::{load, quarantine_and_dismiss, LoadedReport};
use crate::state::action_log::ActionLog;
use crate::state::session::SessionCtx;
use crate::state::toasts::{Toasts, Tone};
use leptos::prelude::*;

#[component]
pub fn ReportMediaCell(id: ReportId, on_changed: Callback<()>) -> impl IntoView {
    let session = SessionCtx::expect();
    let loaded = LocalResource::new(move || async move { load(session, id, false).await });
    view! {
        <Suspense fallback=|| view! { <span class="preview-note" aria-busy="true">"…"</span> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => view! { <span class="error" title=e.to_string()>{t(T::PgCouldNotReadReport)}</span> }.into_any(),
                    Ok(report) => media_cell(report, on_changed).into_any(),
                }
            })}
        </Suspense>
    }
}

fn media_cell(report: LoadedReport, on_changed: Callback<()>) -> impl IntoView {
    let toasts = Toasts::expect();
    let log = ActionLog::expect();
    let session = SessionCtx::expect();
    let kind = report.media.kind.label();
    let first = report
        .rows
        .iter()
        .find(|(_, r)| r.info.as_ref().is_some_and(|i| i.is_previewable_image()))
        .or_else(|| report.rows.first())
        .map(|(_, r)| r.clone());
    let plan = FilePlan::new(&report.media_rows(), MediaAction::Quarantine);
    let promise = plan.describe(MediaAction::Quarantine);
    let can_act = !plan.act.is_empty();
    let busy = RwSignal::new(false);
    let report = StoredValue::new(report);
    let note = report.with_value(|r| {
        let mut n = Vec::new();
        if r.media.redacted {
            n.push(t(T::PgRedacted));
        }
        if r.media.why_none().is_some() {
            n.push(t(
                if r.media.kind == crate::reports::event::EventKind::Encrypted {
                    T::PgServerCannotSeeMedia
                } else {
                    T::PgNoMedia
                },
            ));
        }
        n.join(", ")
    });
    let act = move |_| {
        busy.set(true);
        let report = report.get_value();
        leptos::task::spawn_local(async move {
            let outcome = quarantine_and_dismiss(session, log, &report).await;
            toasts.push(
                if outcome.ok {
                    Tone::Success
                } else {
                    Tone::Error
                },
                outcome.text,
            );
            busy.try_set(false);
            on_changed.run(());
        });
    };
    view! {
        <div class="report-media-cell">
            {first.map(|row| view! { <Preview media=row.media info=row.info /> })}
            <span class="kind">{if note.is_empty() { kind } else { tf(T::PgKindWithNote, &[("kind", &kind), ("note", &note)]) }}</span>
            {can_act.then(|| view! {
                <button class="danger small" title=promise.clone() disabled=move || busy.get() on:click=act>
                    {t(T::PgQuarantineAndDismiss)}
                </button>
                <span class="hint">{promise.clone()}</span>
            })}
        </div>
    }
}
