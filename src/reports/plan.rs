//! What an action on a report will touch, decided from the files' states before anything runs,
//! with the same rule every media list uses ([`MediaState::controls`]).

use crate::model::media::{MediaAction, MediaRef, MediaRow, MediaState};
use serde::{Deserialize, Serialize};

/// The files one action on a report acts on, and those it leaves, each with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePlan {
    pub act: Vec<MediaRef>,
    /// Already in the state the action would bring (quarantined, deleted).
    pub already: Vec<MediaRef>,
    pub skip: Vec<(MediaRef, String)>,
}

impl FilePlan {
    /// `action` over the report's files, as the per-file rule allows it.
    pub fn new(rows: &[MediaRow], action: MediaAction) -> Self {
        let mut plan = FilePlan::default();
        for row in rows {
            if already_done(&row.state, action) {
                plan.already.push(row.media.clone());
                continue;
            }
            let control = row
                .state
                .controls()
                .into_iter()
                .find(|c| c.action == action);
            match control {
                Some(c) if c.enabled => plan.act.push(row.media.clone()),
                Some(c) => plan.skip.push((
                    row.media.clone(),
                    c.reason
                        .map(crate::i18n::t)
                        .unwrap_or_else(|| "not allowed in its state".into()),
                )),
                None => plan.skip.push((
                    row.media.clone(),
                    format!(
                        "{} does not apply: the file is {}",
                        action.label(),
                        row.state.label()
                    ),
                )),
            }
        }
        plan
    }

    /// "Quarantines 2 files; 1 already quarantined; skips 1 (protected)": what the button
    /// promises before it is pressed.
    pub fn describe(&self, action: MediaAction) -> String {
        let verb = match action {
            MediaAction::Quarantine => "Quarantines",
            MediaAction::Delete => "Deletes",
            other => other.label(),
        };
        let mut parts = vec![format!("{verb} {}", files(self.act.len()))];
        if !self.already.is_empty() {
            let state = if action == MediaAction::Delete {
                "already deleted"
            } else {
                "already quarantined"
            };
            parts.push(format!("{} {state}", self.already.len()));
        }
        if !self.skip.is_empty() {
            let reasons: Vec<&str> = self.skip.iter().map(|(_, r)| r.as_str()).collect();
            parts.push(format!(
                "leaves {}: {}",
                files(self.skip.len()),
                reasons.join(" ")
            ));
        }
        parts.join("; ")
    }
}

fn files(n: usize) -> String {
    crate::model::units::plural(n, "file")
}

fn already_done(state: &MediaState, action: MediaAction) -> bool {
    match action {
        MediaAction::Quarantine => state.is_quarantined(),
        MediaAction::Delete => state.locality == crate::model::media::Locality::Deleted,
        _ => false,
    }
}

/// What a bulk triage does to each selected report: a typed operation, kept with its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageOp {
    /// Quarantine the media of each report; the reports stay open.
    Quarantine,
    /// Dismiss each report.
    Dismiss,
    /// Quarantine the media of each report, then dismiss it, but only once every file it
    /// names is confirmed quarantined.
    QuarantineAndDismiss,
}

impl TriageOp {
    pub fn label(self) -> &'static str {
        match self {
            TriageOp::Quarantine => "Quarantine their media",
            TriageOp::Dismiss => "Dismiss",
            TriageOp::QuarantineAndDismiss => "Quarantine their media and dismiss",
        }
    }

    pub fn quarantines(self) -> bool {
        matches!(self, TriageOp::Quarantine | TriageOp::QuarantineAndDismiss)
    }

    pub fn dismisses(self) -> bool {
        matches!(self, TriageOp::Dismiss | TriageOp::QuarantineAndDismiss)
    }
}

/// After the quarantines of a report ran: may the report be dismissed? Only when every file
/// the plan meant to quarantine is now confirmed quarantined (read back); otherwise the report
/// stays open, and the reason says which file and why.
pub fn may_dismiss(
    plan: &FilePlan,
    after: &[(MediaRef, Result<MediaState, String>)],
) -> Result<(), String> {
    for media in &plan.act {
        match after.iter().find(|(m, _)| m == media).map(|(_, s)| s) {
            Some(Ok(state)) if state.is_quarantined() => {}
            Some(Ok(state)) => {
                return Err(format!(
                    "{media} is not quarantined ({}): the report stays open",
                    state.label()
                ))
            }
            Some(Err(e)) => return Err(format!("{media}: {e}; the report stays open")),
            None => return Err(format!("{media} was not read back: the report stays open")),
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
