//! A job's results as a file the admin can keep: JSON (the record itself) or CSV.

use super::record::{ItemState, JobRecord};
use crate::model::csv;

/// The record, pretty-printed.
pub fn to_json(job: &JobRecord) -> String {
    serde_json::to_string_pretty(job).unwrap_or_default()
}

/// One line per item: `item,label,state,reason,time`, written by [`csv::push_row`] (labels are
/// untrusted: formulas are defused).
pub fn to_csv(job: &JobRecord) -> String {
    let mut out = String::from("item,label,state,reason,time\r\n");
    for item in &job.items {
        let reason = match &item.state {
            ItemState::Done { note } => note.clone().unwrap_or_default(),
            ItemState::Skipped { reason } => reason.clone(),
            ItemState::Failed {
                reason,
                status,
                errcode,
            } => {
                let code: Vec<String> = status
                    .map(|s| format!("HTTP {s}"))
                    .into_iter()
                    .chain(errcode.clone())
                    .collect();
                if code.is_empty() {
                    reason.clone()
                } else {
                    format!("{reason} ({})", code.join(" "))
                }
            }
            ItemState::Pending | ItemState::Running | ItemState::Cancelled => String::new(),
        };
        let time = item.finished_ms.map(csv::time).unwrap_or_default();
        csv::push_row(
            &mut out,
            &[&item.key, &item.label, item.state.name(), &reason, &time],
        );
    }
    out
}
