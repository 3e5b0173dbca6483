//! What an action on a report will touch, decided from the files' states before anything runs,
//! with the same rule every media list uses ([`MediaState::controls`]).

use crate::i18n::{t, t_stored, tf, tn, P, T};
use crate::model::media::{MediaAction, MediaRef, MediaRow, MediaState};
use serde::{Deserialize, Serialize};

/// The files one action on a report acts on, and those it leaves, each with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePlan {
    pub act: Vec<MediaRef>,
    /// Already in the state the action would bring (quarantined, deleted).
    pub already: Vec<MediaRef>,
    /// Each with the reason, in the admin's language.
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
                    c.reason.map_or_else(|| t(T::StNotAllowedInState), t),
                )),
                None => plan.skip.push((
                    row.media.clone(),
                    tf(
                        T::StDoesNotApply,
                        &[
                            ("action", &t_stored(action.label())),
                            ("state", &row.state.label()),
                        ],
                    ),
                )),
            }
        }
        plan
    }

    /// "Quarantines 2 files; 1 already quarantined; skips 1 (protected)": what the button
    /// promises before it is pressed.
    pub fn describe(&self, action: MediaAction) -> String {
        let n = |n: usize| n as u64;
        let acts = n(self.act.len());
        let mut parts = vec![match action {
            MediaAction::Quarantine => tn(P::StPlanQuarantines, acts, &[]),
            MediaAction::Delete => tn(P::StPlanDeletes, acts, &[]),
            other => tn(
                P::StPlanActsOn,
                acts,
                &[("action", &t_stored(other.label()))],
            ),
        }];
        if !self.already.is_empty() {
            let key = if action == MediaAction::Delete {
                P::StAlreadyDeletedN
            } else {
                P::StAlreadyQuarantinedN
            };
            parts.push(tn(key, n(self.already.len()), &[]));
        }
        if !self.skip.is_empty() {
            let reasons: Vec<&str> = self.skip.iter().map(|(_, r)| r.as_str()).collect();
            parts.push(tn(
                P::StPlanLeaves,
                n(self.skip.len()),
                &[("reasons", &reasons.join(" "))],
            ));
        }
        parts.join("; ")
    }
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
    /// The operation's name in English: the action log's action and the job's title are
    /// stored with it (show it with `t_stored`, or [`TriageOp::text`]).
    pub fn label(self) -> &'static str {
        self.key().en()
    }

    /// The operation's name in the admin's language.
    pub fn text(self) -> String {
        t(self.key())
    }

    pub fn key(self) -> T {
        match self {
            TriageOp::Quarantine => T::StQuarantineTheirMedia,
            TriageOp::Dismiss => T::Dismiss,
            TriageOp::QuarantineAndDismiss => T::StQuarantineAndDismiss,
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
                return Err(tf(
                    T::StNotQuarantinedStaysOpen,
                    &[("media", &media.mxc()), ("state", &state.label())],
                ))
            }
            Some(Err(e)) => {
                return Err(tf(
                    T::StErrorStaysOpen,
                    &[("media", &media.mxc()), ("error", e)],
                ))
            }
            None => return Err(tf(T::StNotReadBackStaysOpen, &[("media", &media.mxc())])),
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
