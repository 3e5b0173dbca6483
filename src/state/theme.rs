//! The colour scheme: the system's (`prefers-color-scheme`) unless the admin chose light or dark
//! in the header; the choice is remembered in this browser. It is applied as `data-theme` on
//! the root element, which the style sheet reads.

use super::storage::{self, Kind};
use leptos::prelude::*;

const KEY: &str = "curator.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored value; anything else (nothing stored, an older or foreign value) is the
    /// system's scheme.
    pub fn parse(stored: Option<&str>) -> Theme {
        match stored {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> String {
        use crate::i18n::{t, T};
        t(match self {
            Theme::System => T::SchemeSystem,
            Theme::Light => T::SchemeLight,
            Theme::Dark => T::SchemeDark,
        })
    }
}

/// The stored choice, applied to the page; call once at start-up, before the first view.
pub fn restore() -> Theme {
    let theme = Theme::parse(storage::get(Kind::Local, KEY).as_deref());
    apply(theme);
    theme
}

fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.key()),
    };
}

/// The header's choice of colour scheme.
#[component]
pub fn ThemePicker() -> impl IntoView {
    let current = RwSignal::new(restore());
    view! {
        <select class="theme-picker" aria-label=crate::i18n::t(crate::i18n::T::ColourScheme)
            on:change=move |ev| {
                let theme = Theme::parse(Some(&event_target_value(&ev)));
                apply(theme);
                match theme {
                    Theme::System => storage::remove(Kind::Local, KEY),
                    other => {
                        storage::set(Kind::Local, KEY, other.key());
                    }
                }
                current.set(theme);
            }>
            {Theme::ALL.map(|t| view! {
                <option value=t.key() selected=move || current.get() == t>{t.label()}</option>
            })}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_choice_round_trips_and_anything_else_is_the_systems() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(Some(t.key())), t);
        }
        assert_eq!(Theme::parse(None), Theme::System);
        assert_eq!(Theme::parse(Some("DARK")), Theme::System);
        assert_eq!(Theme::parse(Some("<script>")), Theme::System);
    }
}
