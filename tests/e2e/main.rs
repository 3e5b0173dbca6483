//! End-to-end tests: the built app in headless Chromium (through chromedriver) against a real
//! Synapse seeded by `scripts/synapse.py`. `scripts/e2e` starts all of it and sets:
//! - `CURATOR_E2E_DIR`: the Synapse directory holding `seed.json`;
//! - `CURATOR_APP_URL`: the app from the release tarball, served by nginx with `deploy/nginx.conf`;
//! - `CURATOR_WEB_SERVERS`: `server root-url sub-path-url` for nginx and (if installed) Caddy;
//! - `CURATOR_SUBPATH_APP_URL`: the `-subpath` tarball under `/curator/` (Caddy, else nginx);
//! - `CURATOR_RESTRICTED_APP_URL`: the same app with `restrict_homeserver` in its config;
//! - `WEBDRIVER_URL`: chromedriver;
//! - `CURATOR_CONFIG_*_URL`, `CURATOR_FRAMER_URL`, `CURATOR_WK_*`: the deployments gone wrong
//!   and the hostile pages of the security tests (see `security.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod a11y;
mod audit;
mod bulk;
mod deploy;
mod harness;
mod lists;
mod login;
mod look;
mod media;
mod reports;
mod security;
mod sso;
mod sweeps;
