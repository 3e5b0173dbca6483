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
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static CACHE: std::cell::RefCell<std::collections::HashMap<(Lang, &'static str), wasm_bindgen::JsValue>> =
        Default::default();
}

#[cfg(target_arch = "wasm32")]
fn with_formatter(lang: Lang, kind: &'static str, arg: wasm_bindgen::JsValue) -> Option<String> {
    with_formatter_call(lang, kind, "format", &[arg])
}

#[cfg(target_arch = "wasm32")]
fn with_formatter_call(
    lang: Lang,
    kind: &'static str,
    method: &str,
    args: &[wasm_bindgen::JsValue],
) -> Option<String> {
    use wasm_bindgen::JsCast;
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let f = match cache.entry((lang, kind)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(match kind {
                "number" => intl::make("NumberFormat", lang.tag(), &[]),
                "plural" => intl::make("PluralRules", lang.tag(), &[]),
                "fraction1" => intl::make(
                    "NumberFormat",
                    lang.tag(),
                    &[
                        ("minimumFractionDigits", "1"),
                        ("maximumFractionDigits", "1"),
                    ],
                ),
                // Minutes in UTC, 24 hours: admins in different zones compare the same text.
                "date" => intl::make(
                    "DateTimeFormat",
                    lang.tag(),
                    &[
                        ("year", "numeric"),
                        ("month", "short"),
                        ("day", "numeric"),
                        ("hour", "2-digit"),
                        ("minute", "2-digit"),
                        ("hourCycle", "h23"),
                        ("timeZone", "UTC"),
                        ("timeZoneName", "short"),
                    ],
                ),
                "relative" => intl::make("RelativeTimeFormat", lang.tag(), &[("numeric", "auto")]),
                _ => None,
            }?),
        };
        let func: js_sys::Function = js_sys::Reflect::get(f, &method.into())
            .ok()?
            .dyn_into()
            .ok()?;
        let result = match args {
            [a] => func.call1(f, a),
            [a, b] => func.call2(f, a, b),
            _ => return None,
        };
        result.ok()?.as_string()
    })
}

/// `value` with one decimal, the language's way ("1.5", "1,5", "۱٫۵").
pub fn one_decimal(lang: Lang, value: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = with_formatter(lang, "fraction1", value.into()) {
        return s;
    }
    let _ = lang;
    format!("{value:.1}")
}

/// A moment as the language writes a date and a time, in UTC and 24 hours, with the zone
/// named ("22 Nov 2026, 20:13 UTC", "22.11.2026, 20:13 UTC"). `None` outside a browser, where
/// the caller writes it the ISO way.
pub fn date_time_utc(lang: Lang, ms: i64) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        with_formatter(lang, "date", (ms as f64).into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (lang, ms);
        None
    }
}

/// A unit of [`from_now`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Minute,
    Hour,
    Day,
}

impl TimeUnit {
    fn name(self) -> &'static str {
        match self {
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
        }
    }
}

/// "3 days ago", "yesterday", "in 2 hours": `value` units from now, the language's way
/// (`Intl.RelativeTimeFormat`; plain English outside a browser).
pub fn from_now(lang: Lang, value: i64, unit: TimeUnit) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = with_formatter_call(
        lang,
        "relative",
        "format",
        &[(value as f64).into(), unit.name().into()],
    ) {
        return s;
    }
    let _ = lang;
    match (value, unit) {
        (0, TimeUnit::Day) => "today".to_owned(),
        (-1, TimeUnit::Day) => "yesterday".to_owned(),
        (1, TimeUnit::Day) => "tomorrow".to_owned(),
        (0, u) => format!("this {}", u.name()),
        (v, u) if v < 0 => format!("{} {}{} ago", -v, u.name(), if v == -1 { "" } else { "s" }),
        (v, u) => format!("in {v} {}{}", u.name(), if v == 1 { "" } else { "s" }),
    }
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
    if let Some(s) = with_formatter_call(lang, "plural", "select", &[(n as f64).into()]) {
        return s;
    }
    let _ = lang;
    if n == 1 { "one" } else { "other" }.to_owned()
}
