//! Split points: parts of the app whose code is fetched when first used, so the first page load
//! carries only the shell and the daily lists.
//!
//! With the `split` feature (the Trunk build turns it on), a function declared with
//! [`split_fn!`] is a wasm split point: `scripts/split-wasm.py` moves the code only it reaches
//! into a chunk of its own, and calling it first fetches that chunk. Without the feature (native
//! and browser tests), it is a plain `async fn`. Either way it returns `Result<_, ChunkError>`,
//! because a fetch can fail: most often the app was updated on the server while this tab was
//! open, and the old chunk is gone.

use leptos::prelude::*;

/// A chunk of the app's code could not be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::t(crate::i18n::T::MsgChunkFailed))
    }
}

impl std::error::Error for ChunkError {}

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Declares a split point: `fn name(args) -> T { body }` becomes
/// `async fn name(args) -> Result<T, ChunkError>`.
macro_rules! split_fn {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::split::ChunkError> {
            Ok($body)
        }

        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::split::ChunkError> {
            Ok($body)
        }
    };
}
pub(crate) use split_fn;

/// What shows where a split part could not be loaded: what happened, and a way out.
pub fn chunk_failed(error: ChunkError) -> AnyView {
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <div class="error" role="alert">
            <p>{error.to_string()}</p>
            <button on:click=reload>{crate::i18n::t(crate::i18n::T::MsgReload)}</button>
        </div>
    }
    .into_any()
}

/// The view a split point returns, or the failure in its place.
pub fn or_failed(result: Result<AnyView, ChunkError>) -> AnyView {
    result.unwrap_or_else(chunk_failed)
}
