//! Bulk triage: the selected reports, one operation, run as one job on the job engine with a
//! per-report outcome shown here and written to the action log.

use crate::api::reports::ReportId;
use crate::components::confirm::ConfirmDialog;
use crate::i18n::{number, t, t_stored, tf, tn, P, T};
use crate::jobs::engine::{self, Event, JobControl, RunOptions};
use crate::jobs::record::ItemState;
use crate::model::units::plural;
use crate::reports::plan::TriageOp;
use crate::reports::query::report_href;
use crate::reports::run::triage_one;
use crate::state::action_log::ActionLog;
use crate::state::jobs::{sleep_ms, Jobs};
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;

/// One report of a triage and where it stands.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    id: ReportId,
    state: ItemState,
}

#[component]
pub fn TriageBar(selected: RwSignal<Vec<ReportId>>, on_changed: Callback<()>) -> impl IntoView {
    let session = SessionCtx::expect();
    let log = ActionLog::expect();
    let jobs = Jobs::expect();
    let asking = RwSignal::new(None::<TriageOp>);
    let lines = RwSignal::new(Vec::<Line>::new());
    let running = RwSignal::new(None::<TriageOp>);
    let start = move |op: TriageOp| {
        asking.set(None);
        let ids = selected.get_untracked();
        selected.set(Vec::new());
        lines.set(
            ids.iter()
                .map(|&id| Line {
                    id,
                    state: ItemState::Pending,
                })
                .collect(),
        );
        running.set(Some(op));
        let title = format!("{} ({})", op.label(), plural(ids.len(), "report"));
        let target = ids
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        log.record(
            T::StLogReportTriage.en(),
            &format!("reports {target}"),
            true,
            &title,
            None,
        );
        let options = RunOptions::with_concurrency(jobs.concurrency.get_untracked());
        leptos::task::spawn_local(async move {
            let ids_for_op = ids.clone();
            let op_fn = move |i: usize| {
                let id = ids_for_op[i];
                async move { triage_one(session, log, id, op).await }
            };
            let on_event = move |e: Event| {
                let (index, state) = match e {
                    Event::Started { index, .. } => (index, ItemState::Running),
                    Event::Retrying { index, .. } => (index, ItemState::Running),
                    Event::Finished { index, state } => (index, state),
                };
                lines.try_update(|l| {
                    if let Some(line) = l.get_mut(index) {
                        line.state = state;
                    }
                });
            };
            engine::run(
                (0..ids.len()).collect(),
                op_fn,
                &options,
                &JobControl::default(),
                sleep_ms,
                on_event,
            )
            .await;
            let done = lines.try_with_untracked(|l| l.clone()).unwrap_or_default();
            for line in &done {
                let ok = matches!(
                    line.state,
                    ItemState::Done { .. } | ItemState::Skipped { .. }
                );
                log.record(
                    op.label(),
                    &format!("report {}", line.id),
                    ok,
                    &describe(&line.state),
                    None,
                );
            }
            running.try_set(None);
            on_changed.run(());
        });
    };
    let start = StoredValue::new(start);
    view! {
        <Show when=move || !selected.with(Vec::is_empty)>
            <div class="selection-bar" role="toolbar" aria-label=t(T::PgSelectedReports)>
                <span class="selection-count">{move || tf(T::SelectedCount, &[("count", &number(selected.with(Vec::len) as u64))])}</span>
                <button class="danger small" disabled=move || running.get().is_some()
                    on:click=move |_| asking.set(Some(TriageOp::QuarantineAndDismiss))>{TriageOp::QuarantineAndDismiss.text()}</button>
                <button class="secondary small" disabled=move || running.get().is_some()
                    on:click=move |_| asking.set(Some(TriageOp::Quarantine))>{TriageOp::Quarantine.text()}</button>
                <button class="secondary small" disabled=move || running.get().is_some()
                    on:click=move |_| asking.set(Some(TriageOp::Dismiss))>{TriageOp::Dismiss.text()}</button>
            </div>
        </Show>
        {move || asking.get().map(|op| {
            let ids = selected.get_untracked();
            let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            let (body, title) = match op {
                TriageOp::Quarantine => (P::PgTriageQuarantineBody, T::PgTriageQuarantineTitle),
                TriageOp::Dismiss => (P::PgTriageDismissBody, T::PgTriageDismissTitle),
                TriageOp::QuarantineAndDismiss => (P::PgTriageBothBody, T::PgTriageBothTitle),
            };
            let body = tn(body, ids.len() as u64, &[("list", &list)]);
            view! {
                <ConfirmDialog title=t(title) body confirm_label=op.text()
                    on_cancel=move |_| asking.set(None)
                    on_confirm=move |_| start.with_value(|f| f(op)) />
            }
        })}
        <Show when=move || !lines.with(Vec::is_empty)>
            <section class="triage-outcome" aria-label=t(T::PgTriageOutcome)>
                <h2>{move || match running.get() {
                    Some(op) => tf(T::PgTriageRunning, &[("action", &op.text())]),
                    None => t(T::PgTriageOutcome),
                }}</h2>
                <table class="list">
                    <thead><tr><th>{t(T::Report)}</th><th>{t(T::PgOutcome)}</th><th>{t(T::Details)}</th></tr></thead>
                    <tbody>
                        <For each=move || lines.get() key=|l| (l.id, l.state.name()) let:line>
                            <tr data-report=line.id.to_string()>
                                <td><A href=crate::href(&report_href(line.id))>{tf(T::PgReportN, &[("id", &line.id.to_string())])}</A></td>
                                <td>{t_stored(line.state.name())}</td>
                                <td>{t_stored(&describe(&line.state))}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </section>
        </Show>
    }
}

/// A report's outcome in English, as the action log keeps it; shown through `t_stored`.
fn describe(state: &ItemState) -> String {
    match state {
        ItemState::Done { note } => note.clone().unwrap_or_else(|| T::PgStateDone.en().into()),
        ItemState::Skipped { reason } => reason.clone(),
        ItemState::Failed { reason, .. } => reason.clone(),
        ItemState::Cancelled => T::PgStateCancelled.en().into(),
        ItemState::Pending => T::PgStateWaiting.en().into(),
        ItemState::Running => T::PgStateRunning.en().into(),
    }
}
