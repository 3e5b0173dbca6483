use super::*;

const FILES: [(Lang, &str); 3] = [
    (Lang::De, include_str!("../../public/i18n/de.json")),
    (Lang::Fr, include_str!("../../public/i18n/fr.json")),
    (Lang::Fa, include_str!("../../public/i18n/fa.json")),
];

/// The plural categories each language's rules (CLDR, as `Intl.PluralRules` applies them to
/// whole numbers) can give.
fn categories(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => &["one", "many", "other"],
        _ => &["one", "other"],
    }
}

#[test]
fn every_language_has_every_text_with_the_same_placeholders() {
    let mut problems = Vec::new();
    for (lang, json) in FILES {
        let texts = parse_translations(json).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        for key in catalog::ALL_TEXTS {
            match texts.get(key.en()) {
                Some(Entry::Text(s)) => {
                    if placeholders(s) != placeholders(key.en()) {
                        problems.push(format!("{lang:?} {key:?}: placeholders of {s:?}"));
                    }
                    if s.trim().is_empty() {
                        problems.push(format!("{lang:?} {key:?}: empty"));
                    }
                }
                Some(Entry::Plural(_)) => problems.push(format!("{lang:?} {key:?}: not a plural")),
                None => problems.push(format!("{lang:?} {key:?}: missing")),
            }
        }
        for key in catalog::ALL_PLURALS {
            match texts.get(key.en()) {
                Some(Entry::Plural(forms)) => {
                    for c in categories(lang) {
                        match forms.get(*c) {
                            Some(f) if placeholders(f) == placeholders(key.en()) => {}
                            Some(f) => problems
                                .push(format!("{lang:?} {key:?} {c}: placeholders of {f:?}")),
                            None => problems.push(format!("{lang:?} {key:?}: no {c:?} form")),
                        }
                    }
                }
                _ => problems.push(format!("{lang:?} {key:?}: missing, or not plural forms")),
            }
        }
        let known: BTreeSet<&str> = catalog::ALL_TEXTS
            .iter()
            .map(|k| k.en())
            .chain(catalog::ALL_PLURALS.iter().map(|k| k.en()))
            .collect();
        for key in texts.keys() {
            if !known.contains(key.as_str()) {
                problems.push(format!("{lang:?}: {key:?} is not in the catalog"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn english_placeholders_are_distinct_and_named() {
    for key in catalog::ALL_TEXTS {
        for p in placeholders(key.en()) {
            assert!(
                !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{key:?}: {p:?}"
            );
        }
    }
}

#[test]
fn the_language_follows_the_stored_choice_then_the_browser_then_english() {
    let browser = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(Lang::pick(Some("fr"), &browser(&["de-DE"])), Lang::Fr);
    assert_eq!(
        Lang::pick(None, &browser(&["nl-NL", "de-AT", "fr"])),
        Lang::De
    );
    assert_eq!(Lang::pick(Some("xx"), &browser(&["FA-ir"])), Lang::Fa);
    assert_eq!(Lang::pick(None, &browser(&["nl", "ja"])), Lang::En);
    assert_eq!(Lang::pick(Some("<script>"), &[]), Lang::En);
}

#[test]
fn placeholders_are_filled_once_and_values_are_never_read_as_placeholders() {
    assert_eq!(
        fill("{a} and {b}", &[("a", "{b}"), ("b", "x")]),
        "{b} and x"
    );
    assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
    assert_eq!(fill("open { brace", &[("brace", "no")]), "open { brace");
}

#[test]
fn counted_texts_pick_the_form_of_the_count() {
    set_table(Lang::En, HashMap::new());
    assert_eq!(tn(P::FilesN, 1, &[]), "1 file");
    assert_eq!(tn(P::FilesN, 12_345, &[]), "12,345 files");
    let de = parse_translations(FILES[0].1).unwrap();
    set_table(Lang::De, de);
    assert_eq!(tn(P::FilesN, 1, &[]), "1 Datei");
    assert_eq!(tn(P::FilesN, 3, &[]), "3 Dateien");
    assert_eq!(t(T::NavUsers), "Benutzer");
    set_table(Lang::En, HashMap::new());
}

#[test]
fn a_translation_file_that_is_not_texts_is_refused() {
    assert!(parse_translations("[]").is_err());
    assert!(parse_translations(r#"{"Users": 3}"#).is_err());
    assert!(parse_translations(r#"{"{n} files": {"one": 1}}"#).is_err());
    assert!(parse_translations("not json").is_err());
}

#[test]
fn a_job_title_is_stored_in_english_and_shown_in_the_admins_language() {
    use crate::jobs::record::{JobRecord, JobTitle};
    let title = JobTitle::counted(P::JobDeleteSelected, 3, &[]);
    assert_eq!(title.en, "Delete 3 selected files");
    assert_eq!(
        JobTitle::counted(P::JobDeleteSelected, 1, &[]).en,
        "Delete 1 selected file"
    );
    let user = JobTitle::text(T::JobDeleteAllOfUser, &[("user", "@a{n}:x")]);
    assert_eq!(user.en, "Delete all media of @a{n}:x");
    let mut record = JobRecord::new("job-1", title.en.clone(), 0, 4, Vec::new());
    record.title_text = Some(title.text);
    let stored = serde_json::to_string(&record).unwrap();
    let back: JobRecord = serde_json::from_str(&stored).unwrap();
    let mut by_user = back.clone();
    by_user.title_text = Some(user.text);

    set_table(Lang::De, parse_translations(FILES[0].1).unwrap());
    assert_eq!(back.shown_title(), "3 ausgewählte Dateien löschen");
    // A value that looks like a placeholder is not read as one.
    assert_eq!(by_user.shown_title(), "Alle Medien von @a{n}:x löschen");
    // A job stored before titles had their text shows its English.
    let mut old = back.clone();
    old.title_text = None;
    assert_eq!(old.shown_title(), "Delete 3 selected files");
    set_table(Lang::En, HashMap::new());
    assert_eq!(back.shown_title(), "Delete 3 selected files");
}

#[test]
fn values_keep_their_own_direction_in_a_right_to_left_sentence() {
    set_table(Lang::Fa, parse_translations(FILES[2].1).unwrap());
    let s = tf(T::JobDeleteAllOfUser, &[("user", "@bob:example.org")]);
    assert!(s.contains("\u{2068}@bob:example.org\u{2069}"), "{s}");
    set_table(Lang::De, parse_translations(FILES[0].1).unwrap());
    let s = tf(T::JobDeleteAllOfUser, &[("user", "@bob:example.org")]);
    assert_eq!(s, "Alle Medien von @bob:example.org löschen");
    set_table(Lang::En, HashMap::new());
}
