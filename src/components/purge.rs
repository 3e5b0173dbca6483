//! "Purge remote media": drops this server's cached copies of remote files not read since a
//! cutoff. What it touches and what it does not is said before it runs; Synapse's count after.

use super::cutoff::{preset_cutoff, CutoffPicker};
use crate::model::cutoff::check_cutoff;
use crate::model::units::plural;
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
            match &result {
                Ok(r) => log.record(
                    "Purge remote media",
                    &target,
                    true,
                    &format!("Synapse removed {} cached remote files", r.deleted),
                    None,
                ),
                Err(e) => log.record("Purge remote media", &target, false, &e.to_string(), None),
            }
            match result {
                Ok(r) => {
                    toasts.push(
                        Tone::Success,
                        format!(
                            "Purged {} last read before {}.",
                            plural(r.deleted as usize, "cached remote file"),
                            before.display_utc()
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
                Err(e) if e.outcome_unknown() => stage.set(Stage::Failed(format!(
                    "Outcome unknown: no answer came back from Synapse ({e}). It may have purged files, or not. Preview again before running it again."
                ))),
                Err(e) => stage.set(Stage::Failed(format!(
                    "Synapse did not purge the cache: {e}. Nothing was removed; check the cutoff and try again."
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
                <h2 id="purge-title">"Purge remote media"</h2>
                <p>"Removes this server's cached copies of media from other servers (files, thumbnails and their records) that nobody here has read since the cutoff."</p>
                <ul class="facts">
                    <li>"Only cached copies of remote media: files uploaded to this server are never touched."</li>
                    <li>"Quarantined copies are skipped and stay blocked."</li>
                    <li>"The originals stay on their servers: the next time someone here opens one, it is fetched again."</li>
                </ul>
                <CutoffPicker text all_label="All cached remote media (now)" id="purge-cutoff" />
                {move || cutoff().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {move || match stage.get() {
                    Stage::Done { before, deleted } => view! {
                        <p class="result" role="status">{format!(
                            "Done: Synapse removed {} last read before {}.",
                            plural(deleted as usize, "cached remote file"), before.display_utc()
                        )}</p>
                    }.into_any(),
                    Stage::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                <div class="dialog-buttons">
                    <button class="secondary" on:click=move |_| on_close.run(())>
                        {move || if matches!(stage.get(), Stage::Done { .. }) { "Close" } else { "Cancel" }}
                    </button>
                    <button class="danger"
                        disabled=move || cutoff().is_err() || stage.get() == Stage::Running
                        on:click=run>
                        {move || if stage.get() == Stage::Running { "Purging…" } else { "Purge remote media" }}
                    </button>
                </div>
            </div>
        </div>
    }
}
