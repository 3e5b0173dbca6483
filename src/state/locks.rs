//! The browser's Web Locks (`navigator.locks`), shared by every tab of this origin: a tab holds
//! a job's lock while it runs the job, so no other tab runs it at the same time. The lock goes
//! when the holder drops it, or when its tab closes or crashes.
//!
//! Bound by hand (web-sys marks the API unstable): `request(name, {ifAvailable: true}, cb)`
//! calls `cb` with the lock (or `null` when another tab holds it) and keeps the lock until the
//! promise `cb` returned settles; `query()` lists the locks held.

use crate::i18n::{t, tf, T};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::collections::HashSet;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why no lock could be asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockError {
    /// The browser has no Web Locks here (an old browser, or a page not served over HTTPS).
    Unavailable,
    Failed(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Unavailable => f.write_str(&t(T::StNoWebLocks)),
            LockError::Failed(e) => f.write_str(&tf(T::StLockRefused, &[("error", e)])),
        }
    }
}

/// A held lock; dropping it releases the lock.
pub struct Held {
    release: Function,
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

fn manager() -> Result<JsValue, LockError> {
    let navigator = web_sys::window().ok_or(LockError::Unavailable)?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).map_err(|_| LockError::Unavailable)?;
    if locks.is_undefined() || locks.is_null() {
        return Err(LockError::Unavailable);
    }
    Ok(locks)
}

fn method(locks: &JsValue, name: &str) -> Result<Function, LockError> {
    Reflect::get(locks, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(LockError::Unavailable)
}

fn failed(e: JsValue) -> LockError {
    LockError::Failed(
        Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "unknown error".to_owned()),
    )
}

/// Takes the lock `name` if no tab holds it: `Ok(None)` when one does.
pub async fn try_hold(name: &str) -> Result<Option<Held>, LockError> {
    let locks = manager()?;
    let request = method(&locks, "request")?;
    let options = Object::new();
    Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).map_err(failed)?;
    // `granted` settles with the function that releases the lock, or null.
    let mut tell = None;
    let granted = Promise::new(&mut |resolve, _| tell = Some(resolve));
    let tell = tell.ok_or_else(|| LockError::Failed("no promise".into()))?;
    let callback = wasm_bindgen::closure::Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() {
            let _ = tell.call1(&JsValue::NULL, &JsValue::NULL);
            return JsValue::UNDEFINED;
        }
        let mut release = JsValue::NULL;
        let hold = Promise::new(&mut |resolve, _| release = resolve.into());
        let _ = tell.call1(&JsValue::NULL, &release);
        hold.into()
    });
    let asked = request
        .call3(&locks, &name.into(), &options, &callback)
        .map_err(failed)?
        .dyn_into::<Promise>()
        .map_err(|_| LockError::Failed("no promise from locks.request".into()))?;
    // The request's own promise rejects if the browser refuses before calling back.
    let first = Promise::race(&Array::of2(&granted, &asked));
    let release = JsFuture::from(first).await.map_err(failed)?;
    Ok(release
        .dyn_into::<Function>()
        .ok()
        .map(|release| Held { release }))
}

/// The names of the locks some tab of this browser holds now.
pub async fn held() -> Result<HashSet<String>, LockError> {
    let locks = manager()?;
    let query = method(&locks, "query")?;
    let snapshot = query.call0(&locks).map_err(failed)?;
    let snapshot = JsFuture::from(Promise::resolve(&snapshot))
        .await
        .map_err(failed)?;
    let held = Reflect::get(&snapshot, &"held".into()).map_err(failed)?;
    Ok(Array::from(&held)
        .iter()
        .filter_map(|l| Reflect::get(&l, &"name".into()).ok()?.as_string())
        .collect())
}
