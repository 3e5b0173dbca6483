//! Pure domain rules: identifiers, units and the values the pages show.
//! Nothing here touches the browser, so all of it is tested natively with `cargo test`.

pub mod audit;
pub mod config;
pub mod csv;
pub mod cutoff;
pub mod ids;
pub mod limits;
pub mod login_flows;
pub mod media;
pub mod oauth;
pub mod paging;
pub mod quarantine_feed;
pub mod quirks;
pub mod retention;
pub mod route;
pub mod sweep;
pub mod units;

pub use ids::{HomeserverUrl, RoomId, ServerName, UserId};
pub use paging::{Page, SortDir};
pub use units::{ByteSize, TimestampMs};
