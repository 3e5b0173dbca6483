//! The browser's session and local storage, with failures turned into `None`/no-ops: storage can
//! be disabled or full, and that must never break the page.

use web_sys::Storage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Survives reloads of this tab only.
    Session,
    /// Survives closing the browser ("Remember me").
    Local,
}

fn storage(kind: Kind) -> Option<Storage> {
    let window = web_sys::window()?;
    match kind {
        Kind::Session => window.session_storage().ok().flatten(),
        Kind::Local => window.local_storage().ok().flatten(),
    }
}

pub fn get(kind: Kind, key: &str) -> Option<String> {
    storage(kind)?.get_item(key).ok().flatten()
}

pub fn set(kind: Kind, key: &str, value: &str) -> bool {
    storage(kind)
        .map(|s| s.set_item(key, value).is_ok())
        .unwrap_or(false)
}

pub fn remove(kind: Kind, key: &str) {
    if let Some(s) = storage(kind) {
        let _ = s.remove_item(key);
    }
}
