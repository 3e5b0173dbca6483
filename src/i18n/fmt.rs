//! Numbers and plural categories in the admin's language, from the browser's own `Intl`
//! (no locale data in the wasm). Outside a browser (native tests) they fall back to English.

use super::Lang;

#[cfg(target_arch = "wasm32")]
mod intl {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    /// `new Intl.<ctor>(locale, options)`, cached per constructor and locale by the caller.
    pub fn make(ctor: &str, locale: &str, options: &[(&str, &str)]) -> Option<JsValue> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor: Function = Reflect::get(&intl, &ctor.into()).ok()?.dyn_into().ok()?;
        let opts = Object::new();
        for (k, v) in options {
            Reflect::set(&opts, &(*k).into(), &(*v).into()).ok()?;
        }
        Reflect::construct(&ctor, &Array::of2(&locale.into(), &opts)).ok()
    }

    /// `object.method(arg)` as a string.
    pub fn call(object: &JsValue, method: &str, arg: &JsValue) -> Option<String> {
        let f: Function = Reflect::get(object, &method.into()).ok()?.dyn_into().ok()?;
        f.call1(object, arg).ok()?.as_string()
    }
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static CACHE: std::cell::RefCell<std::collections::HashMap<(Lang, &'static str), wasm_bindgen::JsValue>> =
        Default::default();
}

#[cfg(target_arch = "wasm32")]
fn with_formatter(lang: Lang, kind: &'static str, arg: wasm_bindgen::JsValue) -> Option<String> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let f = match cache.entry((lang, kind)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(match kind {
                "number" => intl::make("NumberFormat", lang.tag(), &[]),
                "plural" => intl::make("PluralRules", lang.tag(), &[]),
                _ => None,
            }?),
        };
        let method = if kind == "plural" { "select" } else { "format" };
        intl::call(f, method, &arg)
    })
}

/// `n` with the language's digits and grouping ("12,345", "12.345", "12 345", "۱۲٬۳۴۵").
pub fn number(lang: Lang, n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = with_formatter(lang, "number", (n as f64).into()) {
        return s;
    }
    let _ = lang;
    crate::model::units::group_thousands(n)
}

/// The language's plural category of `n`: "zero", "one", "two", "few", "many" or "other".
pub fn plural_category(lang: Lang, n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = with_formatter(lang, "plural", (n as f64).into()) {
        return s;
    }
    let _ = lang;
    if n == 1 { "one" } else { "other" }.to_owned()
}
