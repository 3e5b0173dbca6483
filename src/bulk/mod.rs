//! Bulk work: the typed operations a job stores ([`op`]), what a bulk action would touch,
//! computed once ([`scope`]), the reads behind a preview ([`read`]), and the one runner that
//! does the work on the job engine ([`run`], [`user_all`]). Everything here talks to Synapse
//! through [`crate::api::AdminApi`], so it runs natively in `cargo test` against recorded
//! answers; the views in `components/` only render scopes and start operations.

pub mod guard;
pub mod op;
pub mod read;
pub mod run;
pub mod scope;
pub mod user_all;

pub use op::{BulkOp, FileAction, JobOwner, RoomFiles};
pub use run::{run_job, Env, JobSink};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
