//! Reusable view pieces. They render what the model decides and never decide it again.

pub mod bulk;
pub mod chart;
pub mod confirm;
pub mod cutoff;
pub mod entity_bulk;
pub mod forget;
pub mod job_dialog;
pub mod leaf;
pub mod load;
pub mod local_sweep;
pub mod media_table;
pub mod modal;
pub mod pager;
pub mod preview;
pub mod purge;
pub mod shell;
pub mod sort;
pub mod tabs;
