//! "Last access before": presets (N days ago, or now) and an exact UTC date and time.

use crate::i18n::{t, tf, T};
use crate::model::cutoff::now;
use crate::model::TimestampMs;
use leptos::prelude::*;

/// A preset; `None` is "now", i.e. everything eligible.
pub const PRESETS: [Option<u32>; 4] = [Some(7), Some(30), Some(90), None];

/// The instant a preset stands for; "now" is rounded up to the next minute, so that what was
/// read a moment ago is included too (Synapse accepts a cutoff in the future).
pub fn preset_cutoff(days: Option<u32>) -> TimestampMs {
    let now = now();
    match days {
        Some(d) => TimestampMs(now.0 - now.0 % 60_000).days_before(d),
        None => TimestampMs(now.0 - now.0 % 60_000 + 60_000),
    }
}

/// The picker. `text` holds the `datetime-local` value (UTC); the caller parses it with
/// [`TimestampMs::from_input_value`]. `all_label` names the "now" preset.
#[component]
pub fn CutoffPicker(
    text: RwSignal<String>,
    #[prop(into)] all_label: String,
    #[prop(into)] id: String,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<Option<u32>>);
    // Which preset the field shows, if any (editing the field makes it custom).
    Effect::new(move |_| {
        let t = text.get();
        if chosen
            .get_untracked()
            .is_some_and(|p| preset_cutoff(p).to_input_value() != t)
        {
            chosen.set(None);
        }
    });
    let radios = PRESETS
        .into_iter()
        .map(|preset| {
            let label = match preset {
                Some(d) => crate::i18n::fmt::from_now(
                    crate::i18n::lang(),
                    -i64::from(d),
                    crate::i18n::fmt::TimeUnit::Day,
                ),
                None => all_label.clone(),
            };
            view! {
                <label class="inline">
                    <input type="radio" name=format!("{id}-preset")
                        prop:checked=move || chosen.get() == Some(preset)
                        on:change=move |_| {
                            chosen.set(Some(preset));
                            text.set(preset_cutoff(preset).to_input_value());
                        } />
                    {label}
                </label>
            }
        })
        .collect_view();
    // A preset in the text on open marks its radio.
    let initial = text.get_untracked();
    if let Some(p) = PRESETS
        .into_iter()
        .find(|p| preset_cutoff(*p).to_input_value() == initial)
    {
        chosen.set(Some(p));
    }
    view! {
        <fieldset class="cutoff">
            <legend>{t(T::DlgLastAccessBefore)}</legend>
            <div class="presets">{radios}</div>
            <label>
                {t(T::DlgDateTimeUtc)}
                <input type="datetime-local" id=id.clone() bind:value=text />
            </label>
            <p class="hint">{move || match TimestampMs::from_input_value(&text.get()) {
                Some(at) => tf(T::DlgCutoffAt, &[("date", &at.display_utc())]),
                None => t(T::DlgPickDateTime),
            }}</p>
        </fieldset>
    }
}
