//! Reusable view pieces. They render what the model decides and never decide it again.

pub mod bulk;
pub mod confirm;
pub mod entity_bulk;
pub mod job_dialog;
pub mod load;
pub mod media_table;
pub mod pager;
pub mod preview;
pub mod shell;
pub mod sort;
pub mod tabs;
