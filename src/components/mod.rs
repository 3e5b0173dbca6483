//! Reusable view pieces. They render what the model decides and never decide it again.

pub mod load;
pub mod pager;
pub mod preview;
pub mod shell;
pub mod sort;
