//! Reports in the browser: reading a report with its files' states, and running the actions
//! on it, each file read back afterwards and every step written to the action log.

use super::event::{EventMedia, FoundMedia};
use super::plan::{may_dismiss, FilePlan, TriageOp};
use crate::api::reports::{
    DismissEventReport, EventContext, EventReportDetail, FetchEvent, GetEventReport, ReportId,
};
use crate::api::{ApiError, RetryClass};
use crate::i18n::{fill, P, T};
use crate::jobs::engine::ItemOk;
use crate::model::media::{describe, MediaAction, MediaRef, MediaRow, MediaState, Outcome};
use crate::state::action_log::{say, say_n, ActionLog};
use crate::state::media_actions::{perform, read_state};
use crate::state::session::SessionCtx;

/// A report with what Curator read of its event and the state of every file it names.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedReport {
    pub detail: EventReportDetail,
    /// The event as `fetch_event` returned it: `Ok(None)` when the server no longer has it,
    /// `Err` when it could not be asked (the report's own copy is used then).
    pub fetched: Result<Option<serde_json::Value>, String>,
    pub media: EventMedia,
    /// One row a file, in the order of `media.media`.
    pub rows: Vec<(FoundMedia, MediaRow)>,
}

impl LoadedReport {
    pub fn media_rows(&self) -> Vec<MediaRow> {
        self.rows.iter().map(|(_, r)| r.clone()).collect()
    }

    pub fn id(&self) -> ReportId {
        self.detail.report.id
    }

    /// "report 12 (@mallory:localhost in Town Square)": how the action log names it.
    pub fn target(&self) -> String {
        let r = &self.detail.report;
        format!("report {} ({} in {})", r.id, r.sender, r.room_label())
    }
}

/// Reads the report, the event as the server holds it and as the room shows it now
/// (`always_fetch`; otherwise only when the report's copy names no media or is redacted), and
/// each file's state.
pub async fn load(
    session: SessionCtx,
    id: ReportId,
    always_fetch: bool,
) -> Result<LoadedReport, ApiError> {
    let detail = session.call(&GetEventReport(id)).await?;
    let own = EventMedia::of(&detail.event_json);
    let needs_fetch = always_fetch || own.redacted || own.media.is_empty();
    let (fetched, in_room) = if needs_fetch {
        let event_id = detail.report.event_id.as_str();
        let fetched = match session.call(&FetchEvent(event_id)).await {
            Ok(f) => Ok(Some(f.event)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e.to_string()),
        };
        // Only to learn whether the event was redacted: the room's view prunes it.
        let context = EventContext {
            room: &detail.report.room_id,
            event_id,
        };
        let in_room = session.call(&context).await.ok().map(|c| c.event);
        (fetched, in_room)
    } else {
        (Err("not asked".into()), None)
    };
    let others: Vec<&serde_json::Value> = fetched
        .as_ref()
        .ok()
        .and_then(Option::as_ref)
        .into_iter()
        .chain(in_room.as_ref())
        .collect();
    let media = EventMedia::read(&detail.event_json, &others);
    let server = session
        .get_untracked()
        .map(|s| s.server_name())
        .unwrap_or_default();
    let mut rows = Vec::with_capacity(media.media.len());
    for found in &media.media {
        let local = found.media.is_local_to(&server);
        let (state, info) = read_state(session, &found.media, local).await?;
        rows.push((
            found.clone(),
            MediaRow {
                media: found.media.clone(),
                info,
                state,
            },
        ));
    }
    Ok(LoadedReport {
        detail,
        fetched,
        media,
        rows,
    })
}

/// Each acted-on file and its state read back afterwards (or why it could not be done).
type AfterState = (MediaRef, Result<MediaState, ApiError>);

/// How one action on one report ended, in the words the admin is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOutcome {
    pub ok: bool,
    pub text: String,
}

/// Runs `action` (quarantine or delete) on the report's files that the plan allows; returns
/// the plan and each acted-on file's state afterwards.
async fn act_on_files(
    session: SessionCtx,
    log: ActionLog,
    report: &LoadedReport,
    action: MediaAction,
) -> (FilePlan, Vec<AfterState>) {
    let rows = report.media_rows();
    let plan = FilePlan::new(&rows, action);
    let server = session
        .get_untracked()
        .map(|s| s.server_name())
        .unwrap_or_default();
    let mut after = Vec::new();
    for media in &plan.act {
        let row = rows.iter().find(|r| &r.media == media);
        let name = row.map(MediaRow::name).unwrap_or_else(|| media.mxc());
        let size = row.and_then(MediaRow::size);
        let result = perform(session, media, media.is_local_to(&server), action).await;
        match &result {
            Ok(report) => {
                let text = describe(action, &name, size, &report.outcome);
                log.record(
                    action.label(),
                    &media.mxc(),
                    report.outcome == Outcome::Done,
                    &text,
                    None,
                );
            }
            Err(e) => {
                let text = format!("{} “{name}” failed: {e}", action.label());
                log.record(action.label(), &media.mxc(), false, &text, None);
            }
        }
        after.push((media.clone(), result.map(|r| r.after)));
    }
    (plan, after)
}

/// What happened to the report's files: in English for the log and a job's record (`en`), or
/// in the admin's language. The files' reasons and states are given as the plan and the model
/// wrote them.
fn files_text(
    en: bool,
    plan: &FilePlan,
    after: &[AfterState],
    action: MediaAction,
) -> (bool, String) {
    let done = after
        .iter()
        .filter(|(_, s)| match s {
            Ok(s) if action == MediaAction::Quarantine => s.is_quarantined(),
            Ok(s) => s.locality == crate::model::media::Locality::Deleted,
            Err(_) => false,
        })
        .count();
    let failed: Vec<String> = after
        .iter()
        .filter_map(|(m, s)| match s {
            Err(e) => Some(format!("{m}: {e}")),
            Ok(s) if action == MediaAction::Quarantine && !s.is_quarantined() => {
                Some(format!("{m}: {}", s.label()))
            }
            _ => None,
        })
        .collect();
    let quarantine = action == MediaAction::Quarantine;
    let (past, already) = if quarantine {
        (P::StFilesQuarantined, P::StAlreadyQuarantinedN)
    } else {
        (P::StFilesDeleted, P::StAlreadyDeletedN)
    };
    let mut text = say_n(en, past, done as u64, &[]);
    if !plan.already.is_empty() {
        text.push_str(", ");
        text.push_str(&say_n(en, already, plan.already.len() as u64, &[]));
    }
    if !plan.skip.is_empty() {
        let reasons: Vec<String> = plan.skip.iter().map(|(m, r)| format!("{m}: {r}")).collect();
        text.push_str(", ");
        text.push_str(&say_n(
            en,
            P::StFilesLeft,
            plan.skip.len() as u64,
            &[("reasons", &reasons.join(" "))],
        ));
    }
    if !failed.is_empty() {
        text.push_str(". ");
        text.push_str(&say(en, T::StNotDone, &[("list", &failed.join("; "))]));
    }
    (failed.is_empty(), text)
}

/// Quarantines or deletes the report's files (the report stays open).
pub async fn files(
    session: SessionCtx,
    log: ActionLog,
    report: &LoadedReport,
    action: MediaAction,
) -> ReportOutcome {
    let (plan, after) = act_on_files(session, log, report, action).await;
    let id = report.id().to_string();
    let text = |en: bool| {
        let (ok, files) = files_text(en, &plan, &after, action);
        let text = say(en, T::StReportFiles, &[("id", &id), ("text", &files)]);
        (ok, text)
    };
    let (ok, text) = text(false);
    ReportOutcome { ok, text }
}

/// Dismisses the report; the event and its files stay as they are. Its outcome in English (for
/// the log) and in the admin's language.
async fn dismiss_said(session: SessionCtx, report: &LoadedReport) -> (bool, [String; 2]) {
    let id = report.id().to_string();
    let (ok, key, error) = match session.call(&DismissEventReport(report.id())).await {
        Ok(_) => (true, T::StReportDismissed, String::new()),
        Err(e) if e.is_not_found() => (true, T::StReportAlreadyDismissed, String::new()),
        Err(e) => (false, T::StDismissFailed, e.to_string()),
    };
    let args = [("id", id.as_str()), ("error", error.as_str())];
    (ok, [say(true, key, &args), say(false, key, &args)])
}

/// Dismisses the report; the event and its files stay as they are.
pub async fn dismiss(session: SessionCtx, log: ActionLog, report: &LoadedReport) -> ReportOutcome {
    let (ok, [en, text]) = dismiss_said(session, report).await;
    log.record(T::StDismissReport.en(), &report.target(), ok, &en, None);
    ReportOutcome { ok, text }
}

/// "Quarantine and dismiss": quarantines the files, reads them back, and dismisses the report
/// only when every one is confirmed quarantined.
pub async fn quarantine_and_dismiss(
    session: SessionCtx,
    log: ActionLog,
    report: &LoadedReport,
) -> ReportOutcome {
    let (plan, after) = act_on_files(session, log, report, MediaAction::Quarantine).await;
    let files = |en: bool| files_text(en, &plan, &after, MediaAction::Quarantine).1;
    let read: Vec<_> = after
        .iter()
        .map(|(m, s)| (m.clone(), s.clone().map_err(|e| e.to_string())))
        .collect();
    let id = report.id().to_string();
    let (ok, [en, text]) = match may_dismiss(&plan, &read) {
        Ok(()) => {
            let (ok, [d_en, d_text]) = dismiss_said(session, report).await;
            log.record(T::StDismissReport.en(), &report.target(), ok, &d_en, None);
            let text = |en: bool, d: &str| {
                say(
                    en,
                    T::StReportFilesDismissed,
                    &[("id", &id), ("files", &files(en)), ("dismissed", d)],
                )
            };
            (ok, [text(true, &d_en), text(false, &d_text)])
        }
        Err(why) => {
            let text = |en: bool| {
                say(
                    en,
                    T::StReportFilesNotDismissed,
                    &[("id", &id), ("files", &files(en)), ("why", &why)],
                )
            };
            (false, [text(true), text(false)])
        }
    };
    log.record(
        T::StQuarantineAndDismissReport.en(),
        &report.target(),
        ok,
        &en,
        None,
    );
    ReportOutcome { ok, text }
}

/// One report of a bulk triage, as the job engine runs it: a transient failure (rate limit,
/// server error) is returned as such, so the engine retries the whole report (quarantine and
/// dismiss are both safe to repeat).
pub async fn triage_one(
    session: SessionCtx,
    log: ActionLog,
    id: ReportId,
    op: TriageOp,
) -> Result<ItemOk, ApiError> {
    let report = match load(session, id, false).await {
        Ok(r) => r,
        Err(e) if e.is_not_found() && op == TriageOp::Dismiss => {
            return Ok(ItemOk::Skipped(T::StAlreadyDismissed.en().into()))
        }
        Err(e) => return Err(e),
    };
    let outcome = match op {
        TriageOp::Quarantine => {
            let (plan, after) = act_on_files(session, log, &report, MediaAction::Quarantine).await;
            transient(&after)?;
            let (ok, text) = files_text(true, &plan, &after, MediaAction::Quarantine);
            ReportOutcome { ok, text }
        }
        TriageOp::Dismiss => {
            let (ok, [text, _]) = dismiss_said(session, &report).await;
            log.record(T::StDismissReport.en(), &report.target(), ok, &text, None);
            ReportOutcome { ok, text }
        }
        TriageOp::QuarantineAndDismiss => {
            let (plan, after) = act_on_files(session, log, &report, MediaAction::Quarantine).await;
            transient(&after)?;
            let (_, files) = files_text(true, &plan, &after, MediaAction::Quarantine);
            let read: Vec<_> = after
                .iter()
                .map(|(m, s)| (m.clone(), s.clone().map_err(|e| e.to_string())))
                .collect();
            match may_dismiss(&plan, &read) {
                Ok(()) => {
                    let (ok, [d, _]) = dismiss_said(session, &report).await;
                    log.record(T::StDismissReport.en(), &report.target(), ok, &d, None);
                    ReportOutcome {
                        ok,
                        text: format!("{files}; {d}"),
                    }
                }
                Err(why) => ReportOutcome {
                    ok: false,
                    text: fill(
                        T::StFilesNotDismissed.en(),
                        &[("files", &files), ("why", &why)],
                    ),
                },
            }
        }
    };
    // Kept in the job's record: in English, as stored and exported.
    let note = match report.media.why_none_key() {
        Some(why) if op.quarantines() => format!("{} ({})", outcome.text, why.en()),
        _ => outcome.text,
    };
    if outcome.ok {
        Ok(ItemOk::Done(Some(note)))
    } else {
        Err(ApiError::Refused(note))
    }
}

fn transient(after: &[AfterState]) -> Result<(), ApiError> {
    match after.iter().find_map(|(_, s)| {
        s.as_ref()
            .err()
            .filter(|e| matches!(e.retry_class(), RetryClass::Transient { .. }))
    }) {
        Some(e) => Err(e.clone()),
        None => Ok(()),
    }
}
