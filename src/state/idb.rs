//! A small key-value store on the browser's IndexedDB: text values under text keys in one
//! object store. It holds what is too big for localStorage (a 100,000-file job's report). Every
//! failure comes back as an error to show, never a panic.

use crate::i18n::{t, tf, T};
use js_sys::Promise;
use std::future::Future;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

/// The database's schema version: a database a newer Curator upgraded is refused, not touched.
const VERSION: u32 = 1;

/// One object store of Curator's database.
#[derive(Clone)]
pub struct Store {
    db: IdbDatabase,
    name: &'static str,
}

fn describe(e: JsValue) -> String {
    let message = js_sys::Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string());
    match message {
        Some(m) if !m.is_empty() => m,
        _ => t(T::StStorageRefused),
    }
}

/// The outcome of `request`: its result, or its error. The handlers are set at once (before
/// the browser can answer), so the answer is never missed whenever the future is polled.
fn watch(request: &IdbRequest) -> impl Future<Output = Result<JsValue, String>> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let request = request.clone();
    async move {
        let outcome = JsFuture::from(promise).await;
        request.set_onsuccess(None);
        request.set_onerror(None);
        match outcome {
            Ok(_) => request.result().map_err(describe),
            Err(_) => Err(request
                .error()
                .ok()
                .flatten()
                .map(|e| e.message())
                .unwrap_or_else(|| t(T::StRequestRefused))),
        }
    }
}

/// Opens (creating on first use) the database `curator` and its store `name`.
pub async fn open(name: &'static str) -> Result<Store, String> {
    let factory = web_sys::window()
        .ok_or_else(|| t(T::StNoWindow))?
        .indexed_db()
        .map_err(describe)?
        .ok_or_else(|| t(T::StNoIndexedDb))?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32("curator", VERSION)
        .map_err(describe)?;
    let upgrade = wasm_bindgen::closure::Closure::once_into_js(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(name) {
                let _ = db.create_object_store(name);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = watch(&request).await;
    request.set_onupgradeneeded(None);
    let db: IdbDatabase = db?.dyn_into().map_err(|_| t(T::StNoDatabase))?;
    if !db.object_store_names().contains(name) {
        return Err(tf(T::StNoStore, &[("name", name)]));
    }
    Ok(Store { db, name })
}

impl Store {
    fn store(&self, mode: IdbTransactionMode) -> Result<IdbObjectStore, String> {
        self.db
            .transaction_with_str_and_mode(self.name, mode)
            .and_then(|t| t.object_store(self.name))
            .map_err(describe)
    }

    /// Every key with its value (`None` where the value is not text).
    pub async fn all(&self) -> Result<Vec<(String, Option<String>)>, String> {
        let store = self.store(IdbTransactionMode::Readonly)?;
        let keys = watch(&store.get_all_keys().map_err(describe)?);
        let values = watch(&store.get_all().map_err(describe)?);
        let keys: js_sys::Array = keys.await?.unchecked_into();
        let values: js_sys::Array = values.await?.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string())))
            .collect())
    }

    /// The value under `key`: `Ok(None)` when there is none (or it is not text).
    pub async fn get(&self, key: &str) -> Result<Option<String>, String> {
        let store = self.store(IdbTransactionMode::Readonly)?;
        let request = watch(&store.get(&key.into()).map_err(describe)?);
        Ok(request.await?.as_string())
    }

    /// Writes `value` under `key`. The write is queued when this is called (writes land in
    /// the order they were made); the future says how it ended.
    pub fn put(&self, key: &str, value: &str) -> impl Future<Output = Result<(), String>> {
        let request = self.store(IdbTransactionMode::Readwrite).and_then(|s| {
            s.put_with_key(&value.into(), &key.into())
                .map(|r| watch(&r))
                .map_err(describe)
        });
        async move { request?.await.map(|_| ()) }
    }

    /// Deletes the values under `keys`, queued like [`Store::put`].
    pub fn delete(&self, keys: &[String]) -> impl Future<Output = Result<(), String>> {
        let requests: Result<Vec<_>, String> =
            self.store(IdbTransactionMode::Readwrite).and_then(|s| {
                keys.iter()
                    .map(|k| s.delete(&k.into()).map(|r| watch(&r)).map_err(describe))
                    .collect()
            });
        async move {
            for request in requests? {
                request.await?;
            }
            Ok(())
        }
    }
}
