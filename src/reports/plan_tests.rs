use super::*;
use crate::model::media::{Locality, MediaState};

fn row(id: &str, state: MediaState) -> MediaRow {
    MediaRow {
        media: MediaRef::new("localhost", id).unwrap(),
        info: None,
        state,
    }
}

fn local() -> MediaState {
    MediaState {
        locality: Locality::Local,
        quarantined_by: None,
        protected: false,
    }
}

fn quarantined() -> MediaState {
    MediaState {
        quarantined_by: Some("@admin:localhost".into()),
        ..local()
    }
}

fn protected() -> MediaState {
    MediaState {
        protected: true,
        ..local()
    }
}

#[test]
fn quarantine_plans_follow_the_per_file_rule() {
    let rows = [
        row("a", local()),
        row("b", quarantined()),
        row("c", protected()),
        row("d", MediaState::not_cached()),
        row("e", MediaState::deleted()),
    ];
    let plan = FilePlan::new(&rows, MediaAction::Quarantine);
    assert_eq!(plan.act, [rows[0].media.clone()]);
    assert_eq!(plan.already, [rows[1].media.clone()]);
    let skipped: Vec<&str> = plan.skip.iter().map(|(m, _)| m.media_id.as_str()).collect();
    assert_eq!(skipped, ["c", "d", "e"]);
    assert!(plan.skip[0].1.contains("protected"));
    let text = plan.describe(MediaAction::Quarantine);
    assert!(
        text.starts_with("Quarantines 1 file; 1 already quarantined; leaves 3 files"),
        "{text}"
    );
}

#[test]
fn delete_plans_take_local_files_only() {
    let rows = [
        row("a", protected()),
        row("b", MediaState::not_cached()),
        row("c", MediaState::deleted()),
    ];
    let plan = FilePlan::new(&rows, MediaAction::Delete);
    assert_eq!(plan.act, [rows[0].media.clone()]);
    assert_eq!(plan.already, [rows[2].media.clone()]);
    assert!(plan.skip[0].1.contains("only deletes local media"));
}

#[test]
fn a_report_is_dismissed_only_when_every_file_is_confirmed_quarantined() {
    let rows = [row("a", local()), row("b", local())];
    let plan = FilePlan::new(&rows, MediaAction::Quarantine);
    let (a, b) = (rows[0].media.clone(), rows[1].media.clone());
    assert_eq!(
        may_dismiss(
            &plan,
            &[
                (a.clone(), Ok(quarantined())),
                (b.clone(), Ok(quarantined()))
            ]
        ),
        Ok(())
    );
    let still = may_dismiss(
        &plan,
        &[(a.clone(), Ok(quarantined())), (b.clone(), Ok(local()))],
    )
    .unwrap_err();
    assert!(
        still.contains("mxc://localhost/b is not quarantined"),
        "{still}"
    );
    let failed = may_dismiss(
        &plan,
        &[(a.clone(), Err("HTTP 500".into())), (b, Ok(quarantined()))],
    )
    .unwrap_err();
    assert!(failed.contains("HTTP 500"));
    assert!(
        may_dismiss(&plan, &[(a, Ok(quarantined()))]).is_err(),
        "a file not read back keeps it open"
    );
    assert_eq!(
        may_dismiss(&FilePlan::default(), &[]),
        Ok(()),
        "nothing to quarantine"
    );
}

#[test]
fn triage_operations_say_what_they_do() {
    assert!(
        TriageOp::QuarantineAndDismiss.quarantines() && TriageOp::QuarantineAndDismiss.dismisses()
    );
    assert!(!TriageOp::Dismiss.quarantines() && !TriageOp::Quarantine.dismisses());
    assert_eq!(
        serde_json::to_string(&TriageOp::QuarantineAndDismiss).unwrap(),
        "\"quarantine_and_dismiss\""
    );
}
