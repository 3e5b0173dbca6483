//! The admin's language: English (built in), German, French and Persian (right to left),
//! fetched from `i18n/<tag>.json` next to `index.html` when chosen. The choice follows the
//! browser's languages until the admin picks one in the header or on the login page; it is
//! remembered in this browser. Texts come from the typed catalog ([`T`], [`P`]); numbers and
//! plural rules from the browser's `Intl` ([`fmt`]).

mod catalog;
pub mod fmt;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use catalog::{P, T};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    De,
    Fr,
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Fr, Lang::Fa];

    /// The BCP 47 tag, also the name of the translation file.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Fa => "fa",
        }
    }

    /// The language's name in itself, as the picker shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Fa => "فارسی",
        }
    }

    pub fn right_to_left(self) -> bool {
        self == Lang::Fa
    }

    /// The language of a tag ("de", "de-AT", "FR-ca"); `None` for one Curator does not speak.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The stored choice if it is one, else the first of the browser's languages Curator
    /// speaks, else English.
    pub fn pick(stored: Option<&str>, preferred: &[String]) -> Lang {
        stored
            .and_then(Lang::parse)
            .or_else(|| preferred.iter().find_map(|t| Lang::parse(t)))
            .unwrap_or(Lang::En)
    }
}

/// One translated text: plain, or one form per plural category.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// A translation file: English text → its translation. Anything that is not a string or an
/// object of strings is refused, with where.
pub fn parse_translations(json: &str) -> Result<HashMap<String, Entry>, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let mut out = HashMap::with_capacity(object.len());
    for (key, v) in object {
        let entry = match v {
            serde_json::Value::String(s) => Entry::Text(s.clone()),
            serde_json::Value::Object(forms) => Entry::Plural(
                forms
                    .iter()
                    .map(|(c, f)| {
                        f.as_str()
                            .map(|f| (c.clone(), f.to_owned()))
                            .ok_or_else(|| format!("{key:?}: the form {c:?} is not a string"))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => {
                return Err(format!(
                    "{key:?}: not a string or an object of plural forms"
                ))
            }
        };
        out.insert(key.clone(), entry);
    }
    Ok(out)
}

/// The `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.insert(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// Puts `args` into the placeholders of `text`, in one pass: a value that holds braces (a
/// name, a server's message) is never read as a placeholder.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

struct Table {
    lang: Lang,
    texts: HashMap<String, Entry>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table { lang: Lang::En, texts: HashMap::new() });
}

/// The language the texts are in now.
pub fn lang() -> Lang {
    TABLE.with(|t| t.borrow().lang)
}

/// Makes `texts` (of `lang`) the ones [`t`] and [`tn`] read.
pub fn set_table(lang: Lang, texts: HashMap<String, Entry>) {
    TABLE.with(|t| *t.borrow_mut() = Table { lang, texts });
}

/// A text in the current language (English where the translation lacks it).
pub fn t(key: T) -> String {
    TABLE.with(|t| match t.borrow().texts.get(key.en()) {
        Some(Entry::Text(s)) => s.clone(),
        _ => key.en().to_owned(),
    })
}

/// A text stored in English (an action log's entry, a stored job's label) in the current
/// language when it is a text of the catalog; anything else as it was stored.
pub fn t_stored(en: &str) -> String {
    TABLE.with(|t| match t.borrow().texts.get(en) {
        Some(Entry::Text(s)) => s.clone(),
        _ => en.to_owned(),
    })
}

/// A stored catalog text (`en`, a counted text's English plural) with its values, in the
/// current language; `None` when the language has no such text (the caller shows what it
/// stored in English).
pub fn t_stored_with(en: &str, n: Option<u64>, args: &[(String, String)]) -> Option<String> {
    let lang = lang();
    let form = TABLE.with(|t| match (t.borrow().texts.get(en), n) {
        (Some(Entry::Text(s)), None) => Some(s.clone()),
        (Some(Entry::Plural(forms)), Some(n)) => forms
            .get(&fmt::plural_category(lang, n))
            .or_else(|| forms.get("other"))
            .cloned(),
        _ => None,
    })?;
    let written = n.map(|n| fmt::number(lang, n));
    let mut all: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if let Some(w) = &written {
        all.push(("n", w));
    }
    Some(fill_shown(lang, &form, &all))
}

/// A text with its placeholders filled.
pub fn tf(key: T, args: &[(&str, &str)]) -> String {
    fill_shown(lang(), &t(key), args)
}

/// A counted text in English with plain grouped digits ("1,234 files"), whatever the language:
/// what the action log and stored job records keep.
pub fn english_n(key: P, n: u64, args: &[(&str, &str)]) -> String {
    let count = crate::model::units::group_thousands(n);
    let mut all = vec![("n", count.as_str())];
    all.extend_from_slice(args);
    fill(if n == 1 { key.en_one() } else { key.en() }, &all)
}

/// A counted text: the form of `n`'s plural category, `{n}` written the language's way.
pub fn tn(key: P, n: u64, args: &[(&str, &str)]) -> String {
    let lang = lang();
    let written = fmt::number(lang, n);
    let form = TABLE.with(|t| match t.borrow().texts.get(key.en()) {
        Some(Entry::Plural(forms)) => {
            let category = fmt::plural_category(lang, n);
            forms.get(&category).or_else(|| forms.get("other")).cloned()
        }
        _ => None,
    });
    let form = form.unwrap_or_else(|| if n == 1 { key.en_one() } else { key.en() }.to_owned());
    let mut all: Vec<(&str, &str)> = vec![("n", &written)];
    all.extend_from_slice(args);
    fill_shown(lang, &form, &all)
}

/// [`fill`] for the screen: in a right-to-left language each value is isolated (U+2068 …
/// U+2069), so a Matrix id or a file name keeps its own direction inside the sentence
/// ("@bob:example.org", not "bob:example.org@").
fn fill_shown(lang: Lang, text: &str, args: &[(&str, &str)]) -> String {
    if !lang.right_to_left() {
        return fill(text, args);
    }
    let isolated: Vec<(&str, String)> = args
        .iter()
        .map(|(k, v)| (*k, format!("\u{2068}{v}\u{2069}")))
        .collect();
    let refs: Vec<(&str, &str)> = isolated.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(text, &refs)
}

/// `n` written the current language's way.
pub fn number(n: u64) -> String {
    fmt::number(lang(), n)
}

pub mod browser;
