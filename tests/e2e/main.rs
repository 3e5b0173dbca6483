//! End-to-end tests: the built app in headless Chromium (through chromedriver) against a real
//! Synapse seeded by `scripts/synapse.py`. `scripts/e2e` starts all of it and sets:
//! - `CURATOR_E2E_DIR`: the Synapse directory holding `seed.json`;
//! - `CURATOR_APP_URL`: the app, served by `scripts/serve.py` with the strict CSP;
//! - `CURATOR_RESTRICTED_APP_URL`: the same app with `restrict_homeserver` in its config;
//! - `WEBDRIVER_URL`: chromedriver.
#![cfg(not(target_arch = "wasm32"))]

mod audit;
mod bulk;
mod harness;
mod lists;
mod login;
mod media;
mod sso;
mod sweeps;
