//! The bulk job runner: a list of items through one async operation, with bounded concurrency,
//! retry with backoff for transient errors, pause, cancel and a result per item.
//!
//! Plain Rust, no browser: [`engine::run`] drives everything from one future (no spawning, so
//! `!Send` futures are fine) and takes its sleep function from the caller (gloo timers in the
//! browser, tokio in tests). [`record::JobRecord`] is the serialisable state a page keeps and
//! persists; [`export`] turns it into a file the admin can keep.

pub mod engine;
pub mod export;
pub mod persist;
pub mod record;

pub use engine::{gone_is_done, run, Event, ItemOk, JobControl, RunOptions};
pub use record::{Counts, ItemRecord, ItemState, JobRecord, JobStatus};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod engine_tests;
#[cfg(test)]
mod record_tests;
