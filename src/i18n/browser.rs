//! The language in the page: chosen at start-up (stored choice, else the browser's), fetched,
//! applied to `<html lang dir>`, and changed from the picker.

use super::{parse_translations, set_table, t, tf, Lang, T};
use crate::state::storage::{self, Kind};
use leptos::prelude::*;

const KEY: &str = "curator.lang";

/// The language as a signal: the app's views are drawn again when it changes.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

impl Language {
    pub fn expect() -> Self {
        expect_context::<Language>()
    }
}

fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

fn apply_document(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
        let _ = root.set_attribute("dir", if lang.right_to_left() { "rtl" } else { "ltr" });
    }
}

crate::split::split_fn! {
    /// Fetching and reading another language's texts: its code loads only when one is chosen.
    fn fetch_part(lang: Lang) -> futures_util::future::LocalBoxFuture<'static, Result<std::collections::HashMap<String, super::Entry>, String>> {
        Box::pin(async move {
            let url = format!("i18n/{}.json", lang.tag());
            let response = gloo_net::http::Request::get(&url)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !response.ok() {
                return Err(format!("HTTP {}", response.status()));
            }
            let text = response.text().await.map_err(|e| e.to_string())?;
            parse_translations(&text)
        })
    }
}

/// Fetches and installs `lang`'s texts (English needs nothing).
async fn load(lang: Lang) -> Result<(), String> {
    if lang == Lang::En {
        set_table(Lang::En, Default::default());
    } else {
        let texts = fetch_part(lang).await.map_err(|e| e.to_string())?.await?;
        set_table(lang, texts);
    }
    apply_document(lang);
    Ok(())
}

/// At start-up: the language to use, its texts loaded (English if they cannot be).
pub async fn start() -> Lang {
    let lang = Lang::pick(
        storage::get(Kind::Local, KEY).as_deref(),
        &browser_languages(),
    );
    match load(lang).await {
        Ok(()) => lang,
        Err(_) => {
            let _ = load(Lang::En).await;
            Lang::En
        }
    }
}

/// The header's and the login page's choice of language.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let language = Language::expect();
    let failed = RwSignal::new(None::<String>);
    let choose = move |lang: Lang| {
        leptos::task::spawn_local(async move {
            match load(lang).await {
                Ok(()) => {
                    storage::set(Kind::Local, KEY, lang.tag());
                    language.0.set(lang);
                }
                Err(error) => failed.set(Some(tf(
                    T::LanguageNotLoaded,
                    &[("language", lang.own_name()), ("error", &error)],
                ))),
            }
        });
    };
    view! {
        <select class="language-picker" aria-label=t(T::Language)
            on:change=move |ev| {
                if let Some(lang) = Lang::parse(&event_target_value(&ev)) {
                    choose(lang);
                }
            }>
            {Lang::ALL.map(|l| view! {
                <option value=l.tag() lang=l.tag() selected=move || language.0.get() == l>{l.own_name()}</option>
            })}
        </select>
        {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
