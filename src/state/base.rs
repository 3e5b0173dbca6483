//! The path Curator is served under (`/` or a sub-path such as `/curator`), read once from
//! the `<base href>` Trunk writes, and links built on it.

/// The router's base path when Curator is served under a sub-path (`/curator/`): taken from the
/// `<base href>` Trunk writes for `--public-url`.
pub(crate) fn base_path() -> String {
    thread_local! {
        static BASE: String = read_base_path();
    }
    BASE.with(Clone::clone)
}

/// A link target for a path inside the app (`/users`), under the base it is served from.
/// (leptos_router's `<A>` takes absolute paths as they are.)
pub fn href(path: &str) -> String {
    format!("{}{}", base_path(), path)
}

fn read_base_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| {
            let after_scheme = uri.find("://")? + 3;
            let path_start = uri[after_scheme..].find('/')? + after_scheme;
            Some(uri[path_start..].trim_end_matches('/').to_owned())
        })
        .unwrap_or_default()
}
