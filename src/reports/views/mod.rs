//! The reports pages. They call the operations in [`super::run`] and render what the rules in
//! [`super::event`] and [`super::plan`] decide.

pub mod cell;
pub mod detail;
pub mod list;
pub mod open_count;
pub mod triage;
pub mod user_reports;
