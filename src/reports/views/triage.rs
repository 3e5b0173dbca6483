//! Bulk triage: the selected reports, one operation, run as one job on the job engine with a
//! per-report outcome shown here and written to the action log.

use crate::api::reports::ReportId;
use crate::components::confirm::ConfirmDialog;
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
            "Report triage started",
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
            <div class="selection-bar" role="toolbar" aria-label="Selected reports">
                <span class="selection-count">{move || format!("{} selected", selected.with(Vec::len))}</span>
                <button class="danger small" disabled=move || running.get().is_some()
                    on:click=move |_| asking.set(Some(TriageOp::QuarantineAndDismiss))>"Quarantine their media and dismiss"</button>
                <button class="secondary small" disabled=move || running.get().is_some()
                    on:click=move |_| asking.set(Some(TriageOp::Quarantine))>"Quarantine their media"</button>
                <button class="secondary small" disabled=move || running.get().is_some()
                    on:click=move |_| asking.set(Some(TriageOp::Dismiss))>"Dismiss"</button>
            </div>
        </Show>
        {move || asking.get().map(|op| {
            let ids = selected.get_untracked();
            let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            let what = match op {
                TriageOp::Quarantine => "quarantines every file their events name (the reports stay open)",
                TriageOp::Dismiss => "dismisses them (their events and files stay as they are)",
                TriageOp::QuarantineAndDismiss => "quarantines every file their events name, then dismisses each report whose files are all confirmed quarantined",
            };
            let body = format!("For {} ({list}), this {what}. Each report's outcome is shown here and kept in the action log.", plural(ids.len(), "report"));
            view! {
                <ConfirmDialog title=format!("{}?", op.label()) body confirm_label=op.label()
                    on_cancel=move |_| asking.set(None)
                    on_confirm=move |_| start.with_value(|f| f(op)) />
            }
        })}
        <Show when=move || !lines.with(Vec::is_empty)>
            <section class="triage-outcome" aria-label="Triage outcome">
                <h2>{move || match running.get() {
                    Some(op) => format!("{}: running…", op.label()),
                    None => "Triage outcome".to_owned(),
                }}</h2>
                <table class="list">
                    <thead><tr><th>"Report"</th><th>"Outcome"</th><th>"Details"</th></tr></thead>
                    <tbody>
                        <For each=move || lines.get() key=|l| (l.id, l.state.name()) let:line>
                            <tr data-report=line.id.to_string()>
                                <td><A href=crate::href(&report_href(line.id))>{format!("Report {}", line.id)}</A></td>
                                <td>{line.state.name()}</td>
                                <td>{describe(&line.state)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </section>
        </Show>
    }
}

fn describe(state: &ItemState) -> String {
    match state {
        ItemState::Done { note } => note.clone().unwrap_or_else(|| "done".into()),
        ItemState::Skipped { reason } => reason.clone(),
        ItemState::Failed { reason, .. } => reason.clone(),
        ItemState::Cancelled => "cancelled".into(),
        ItemState::Pending => "waiting".into(),
        ItemState::Running => "running".into(),
    }
}
