//! Reports: from a reported message to its media, and the right action in one step.
//!
//! - [`event`]: what a reported event carries (every mxc in it, or why none can be seen);
//! - [`plan`]: what an action on a report will touch, decided before it runs;
//! - [`run`]: the actions themselves, with their read-back (browser side);
//! - [`views`]: the reports page and a report's detail page.
//!
//! The calls are in [`crate::api::reports`].

pub mod event;
pub mod plan;
pub mod query;
pub mod run;
pub mod views;
