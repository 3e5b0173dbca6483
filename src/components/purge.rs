//! "Purge remote media": drops this server's cached copies of remote files not read since a
//! cutoff. What it touches and what it does not is said before it runs; Synapse's count after.

use super::cutoff::{preset_cutoff, CutoffPicker};
use crate::i18n::{t, tf, tn, P, T};
use crate::model::cutoff::check_cutoff;
use crate::model::TimestampMs;
use crate::state::action_log::ActionLog;
use crate::state::session::SessionCtx;
use crate::state::sweeps::purge_remote_cache;
use crate::state::toasts::{Toasts, Tone};
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
enum Stage {
    Ready,
    Running,
    Done { before: TimestampMs, deleted: u64 },
    Failed(String),
}

/// `days`: the preset to open with (30, as cleanmedia does, unless the caller says).
#[component]
pub fn PurgeRemoteDialog(
    #[prop(optional)] days: Option<u32>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(optional, into)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let log = ActionLog::expect();
    let text = RwSignal::new(preset_cutoff(Some(days.unwrap_or(30))).to_input_value());
    let stage = RwSignal::new(Stage::Ready);
    let cutoff = move || check_cutoff(TimestampMs::from_input_value(&text.get()));
    let run = move |_| {
        let Ok(before) = cutoff() else { return };
        stage.set(Stage::Running);
        leptos::task::spawn_local(async move {
            let result = purge_remote_cache(session, before).await;
            let target = format!(
                "cached remote media last read before {}",
                before.display_utc()
            );
            // The action is stored in English, as a text of the catalog (read back through
            // `t_stored`); the outcome as it was, in English.
            let action = T::PurgeRemoteMedia.en();
            match &result {
                Ok(r) => log.record(
                    action,
                    &target,
                    true,
                    &format!("Synapse removed {} cached remote files", r.deleted),
                    None,
                ),
                Err(e) => log.record(action, &target, false, &e.to_string(), None),
            }
            match result {
                Ok(r) => {
                    toasts.push(
                        Tone::Success,
                        tn(
                            P::DlgPurgedToast,
                            r.deleted,
                            &[("date", &before.display_utc())],
                        ),
                    );
                    stage.set(Stage::Done {
                        before,
                        deleted: r.deleted,
                    });
                    if let Some(done) = on_done {
                        done.run(());
                    }
                }
                Err(e) => stage.set(Stage::Failed(tf(
                    if e.outcome_unknown() {
                        T::DlgPurgeOutcomeUnknown
                    } else {
                        T::DlgPurgeNotRun
                    },
                    &[("error", &e.to_string())],
                ))),
            }
        });
    };
    // Escape cancels, except while Synapse purges: then the dialog stays to say what it did.
    let dialog = super::modal::modal(Callback::new(move |_| {
        if !matches!(stage.get_untracked(), Stage::Running) {
            on_close.run(());
        }
    }));
    view! {
        <div class="overlay">
            <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="purge-title"
                node_ref=dialog tabindex="-1">
                <h2 id="purge-title">{t(T::PurgeRemoteMedia)}</h2>
                <p>{t(T::DlgPurgeIntro)}</p>
                <ul class="facts">
                    <li>{t(T::DlgPurgeOnlyCached)}</li>
                    <li>{t(T::DlgPurgeQuarantinedSkipped)}</li>
                    <li>{t(T::DlgPurgeOriginalsStay)}</li>
                </ul>
                <CutoffPicker text all_label=t(T::DlgAllCachedRemote) id="purge-cutoff" />
                {move || cutoff().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {move || match stage.get() {
                    Stage::Done { before, deleted } => view! {
                        <p class="result" role="status">{tn(P::DlgPurgeDone, deleted, &[("date", &before.display_utc())])}</p>
                    }.into_any(),
                    Stage::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                <div class="dialog-buttons">
                    <button class="secondary" on:click=move |_| on_close.run(())>
                        {move || t(if matches!(stage.get(), Stage::Done { .. }) { T::Close } else { T::Cancel })}
                    </button>
                    <button class="danger"
                        disabled=move || cutoff().is_err() || stage.get() == Stage::Running
                        on:click=run>
                        {move || t(if stage.get() == Stage::Running { T::DlgPurging } else { T::PurgeRemoteMedia })}
                    </button>
                </div>
            </div>
        </div>
    }
}
