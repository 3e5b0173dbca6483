//! How jobs are kept in the browser, as plain rules: one stored value per job (so a
//! 100,000-file job is one write of its own, not a rewrite of every job), what a stored value
//! that cannot be read becomes (kept aside, never overwritten), which job a tab may run (the one
//! whose Web Lock it holds), and how often a running job is written (less often the bigger it is).
//!
//! The browser side (IndexedDB, Web Locks) is in `state::jobs`; everything here runs natively.

use super::record::JobRecord;
use crate::i18n::{t, tf, tn, P, T};
use std::collections::HashSet;

/// The Web Lock a tab holds while it runs job `id`: another tab never runs it meanwhile.
pub fn lock_name(id: &str) -> String {
    format!("curator.job.{id}")
}

/// A stored value read back: the job, or why it could not be read.
pub fn decode(key: &str, value: Option<&str>) -> Result<JobRecord, String> {
    let text = value.ok_or_else(|| t(T::StNotTextValue))?;
    let record: JobRecord = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if record.id != key {
        return Err(tf(T::StNamesItself, &[("key", key), ("id", &record.id)]));
    }
    Ok(record)
}

/// What the page says about stored jobs that could not be read, if any. They stay where they
/// are: Curator never writes or deletes a key it could not read (a newer version may own it).
pub fn unreadable_note(unreadable: &[(String, String)]) -> Option<String> {
    let (key, reason) = unreadable.first()?;
    let args = [("key", key.as_str()), ("reason", reason.as_str())];
    Some(match unreadable.len() {
        1 => tf(T::StJobUnreadable, &args),
        n => {
            let more = crate::i18n::number(n as u64 - 1);
            let mut all = args.to_vec();
            all.push(("more", &more));
            tn(P::StJobsUnreadable, n as u64, &all)
        }
    })
}

/// Where a job read from storage stands in this tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Finished, cancelled, interrupted or paused by a sign-out: shown as stored.
    AsStored,
    /// Stored as running, but no tab holds its lock: the tab that ran it went away. It is
    /// marked interrupted (and stored so) and can be resumed.
    Interrupted,
    /// Another tab of this browser holds its lock and runs it: shown, never run or written here.
    Elsewhere,
}

/// Sorts a job read from storage, given the Web Locks held in this browser now.
pub fn place(record: &JobRecord, held: &HashSet<String>) -> Found {
    if held.contains(&lock_name(&record.id)) {
        Found::Elsewhere
    } else if record.is_active() {
        // Running or paused, but no tab runs it: the tab that did went away.
        Found::Interrupted
    } else {
        Found::AsStored
    }
}

/// When a running job is next written: at most once a second, and for a big job no more than
/// a twentieth of the time goes to writing it (a write that took 300 ms waits 6 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveClock {
    last_ms: i64,
    took_ms: i64,
}

impl SaveClock {
    pub const MIN_INTERVAL_MS: i64 = 1_000;
    pub const MAX_SHARE: i64 = 20;

    pub fn due(&self, now_ms: i64) -> bool {
        now_ms - self.last_ms >= (self.took_ms * Self::MAX_SHARE).max(Self::MIN_INTERVAL_MS)
    }

    /// Twice past due: when a run offers moments with a request in flight to write in, a
    /// write is left to those moments until this.
    pub fn overdue(&self, now_ms: i64) -> bool {
        now_ms - self.last_ms >= 2 * (self.took_ms * Self::MAX_SHARE).max(Self::MIN_INTERVAL_MS)
    }

    /// Notes a write that started at `started_ms` and took `took_ms`.
    pub fn wrote(&mut self, started_ms: i64, took_ms: i64) {
        self.last_ms = started_ms;
        self.took_ms = took_ms.max(0);
    }
}

/// The jobs to drop from storage when a new one is added: the oldest that are not running,
/// beyond `keep`. `list` is newest first; jobs running in another tab are never dropped.
pub fn evict(list: &[(String, bool)], keep: usize) -> Vec<usize> {
    let mut excess = list.len().saturating_sub(keep);
    let mut out = Vec::new();
    for (i, (_, active)) in list.iter().enumerate().rev() {
        if excess == 0 {
            break;
        }
        if !active {
            out.push(i);
            excess -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::record::{ItemState, JobStatus};

    fn job(id: &str, items: usize) -> JobRecord {
        JobRecord::new(
            id,
            "Delete all media of @spam:example.org",
            1_700_000_000_000,
            4,
            (0..items)
                .map(|i| {
                    (
                        format!("mxc://example.org/file{i:06}"),
                        format!("file {i}.png"),
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn a_hundred_thousand_item_job_round_trips_through_its_stored_form() {
        let mut record = job("job-1-0", 100_000);
        for (i, item) in record.items.iter_mut().enumerate().take(60_000) {
            item.state = if i % 1000 == 7 {
                ItemState::Failed {
                    reason: "HTTP 500".into(),
                    status: Some(500),
                    errcode: None,
                }
            } else {
                ItemState::Done { note: None }
            };
        }
        let text = serde_json::to_string(&record).unwrap();
        let back = decode("job-1-0", Some(&text)).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.counts().done, 59_940);
        assert_eq!(back.counts().failed, 60);
        assert_eq!(back.counts().pending, 40_000);
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_its_reason() {
        let text = serde_json::to_string(&job("job-2-0", 1)).unwrap();
        assert!(decode("job-2-0", None).unwrap_err().contains("not a text"));
        assert!(decode("job-2-0", Some("{\"id\": 3")).is_err());
        // A record from a newer Curator: an unknown status.
        let newer = text.replace("\"running\"", "\"suspended_by_policy\"");
        assert!(decode("job-2-0", Some(&newer)).is_err());
        // A value moved under another key is not taken for that key's job.
        assert!(decode("job-9-0", Some(&text))
            .unwrap_err()
            .contains("names itself"));
    }

    #[test]
    fn the_note_names_what_was_kept_aside() {
        assert_eq!(unreadable_note(&[]), None);
        let one = unreadable_note(&[("job-1".into(), "EOF".into())]).unwrap();
        assert!(one.starts_with("One job stored"), "{one}");
        assert!(
            one.contains("“job-1” (EOF)") && one.contains("untouched"),
            "{one}"
        );
        let three = unreadable_note(&[
            ("job-1".into(), "EOF".into()),
            ("job-2".into(), "x".into()),
            ("job-3".into(), "y".into()),
        ])
        .unwrap();
        assert!(
            three.starts_with("3 jobs") && three.contains("and 2 more"),
            "{three}"
        );
    }

    #[test]
    fn a_job_another_tab_holds_is_elsewhere_and_one_nobody_holds_was_interrupted() {
        let running = job("job-3-0", 3);
        let held: HashSet<String> = [lock_name("job-3-0")].into();
        assert_eq!(place(&running, &held), Found::Elsewhere);
        assert_eq!(place(&running, &HashSet::new()), Found::Interrupted);
        let mut paused = job("job-3-0", 3);
        paused.status = JobStatus::Paused;
        paused.note = Some("signed out: sign in and resume".into());
        assert_eq!(place(&paused, &HashSet::new()), Found::Interrupted);
        assert_eq!(place(&paused, &held), Found::Elsewhere);
        let mut done = job("job-3-0", 3);
        done.status = JobStatus::Finished;
        assert_eq!(place(&done, &HashSet::new()), Found::AsStored);
        // Another job's lock says nothing about this one.
        let other: HashSet<String> = [lock_name("job-3-01")].into();
        assert_eq!(place(&running, &other), Found::Interrupted);
    }

    #[test]
    fn big_jobs_are_written_less_often() {
        let mut clock = SaveClock::default();
        assert!(clock.due(1_000));
        clock.wrote(1_000, 5);
        assert!(!clock.due(1_999));
        assert!(clock.due(2_000));
        // A 100,000-item job whose write took 300 ms: next after 6 s, not every second.
        clock.wrote(10_000, 300);
        assert!(!clock.due(15_999));
        assert!(clock.due(16_000));
        // Left to the moments a request is in flight, unless those stop coming.
        assert!(!clock.overdue(16_000));
        assert!(!clock.overdue(21_999));
        assert!(clock.overdue(22_000));
        clock.wrote(30_000, 5);
        assert!(!clock.overdue(31_999));
        assert!(clock.overdue(32_000));
    }

    #[test]
    fn eviction_drops_the_oldest_finished_jobs_only() {
        let list: Vec<(String, bool)> = vec![
            ("new".into(), true),
            ("b".into(), false),
            ("c".into(), true),
            ("d".into(), false),
            ("old".into(), false),
        ];
        assert_eq!(evict(&list, 5), Vec::<usize>::new());
        assert_eq!(evict(&list, 3), vec![4, 3]);
        assert_eq!(evict(&list, 1), vec![4, 3, 1]);
    }
}
