//! Small typed handles shared through Leptos context: the session, the deployment's config and
//! the notifications.

pub mod action_log;
pub mod base;
pub mod config;
pub mod idb;
pub mod jobs;
pub mod locks;
pub mod login;
pub mod media_actions;
pub mod oauth;
pub mod previews;
pub mod server_methods;
pub mod session;
pub mod sso;
pub mod storage;
pub mod sweeps;
pub mod theme;
pub mod toasts;
