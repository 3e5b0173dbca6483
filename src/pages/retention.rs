//! `/retention`: cleanmedia's policy on Synapse. Cached remote media kept for N days; local
//! media not read for N days (larger than X, profile images kept) deleted. Each policy can be
//! previewed and run now through the same dialogs as the statistics toolbar, and run every day
//! with the exact commands shown here.

use crate::components::confirm::copy_to_clipboard;
use crate::components::cutoff::preset_cutoff;
use crate::components::local_sweep::LocalSweepDialog;
use crate::components::purge::PurgeRemoteDialog;
use crate::model::limits::{DAYS, SIZE_BYTES};
use crate::model::retention::{
    crontab, differences, media_retention_yaml, LocalPolicy, RemotePolicy, DEFAULT_DAYS,
};
use crate::model::ByteSize;
use crate::state::session::SessionCtx;
use crate::state::toasts::{Toasts, Tone};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Dialog {
    None,
    Purge,
    Sweep { preview: bool },
}

#[component]
pub fn RetentionPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let remote_on = RwSignal::new(true);
    let remote_days = RwSignal::new(DEFAULT_DAYS.to_string());
    let local_on = RwSignal::new(false);
    let local_days = RwSignal::new("90".to_owned());
    let local_size = RwSignal::new("0".to_owned());
    let keep_profiles = RwSignal::new(true);
    let dialog = RwSignal::new(Dialog::None);
    let close = Callback::new(move |_| dialog.set(Dialog::None));

    let remote = Memo::new(move |_| RemotePolicy::parse(&remote_days.get()));
    let local = Memo::new(move |_| {
        LocalPolicy::parse(&local_days.get(), &local_size.get(), keep_profiles.get())
    });
    let chosen = move || {
        (
            remote_on.get().then(|| remote.get().ok()).flatten(),
            local_on.get().then(|| local.get().ok()).flatten(),
        )
    };
    let base = move || session.get().map(|s| s.homeserver);
    let copy = move |text: String| {
        if copy_to_clipboard(&text) {
            toasts.push(
                Tone::Success,
                "Copied. It holds $ADMIN_TOKEN, never your token.",
            );
        } else {
            toasts.push(
                Tone::Error,
                "The browser did not allow copying; select the text and copy it by hand.",
            );
        }
    };

    view! {
        <h1>"Retention planner"</h1>
        <p class="hint">"A “poor man's data retention policy”: drop cached remote media nobody has read for a while and, if you want, old local media too. Synapse's admin API does the deleting; preview here, run now, or run it every day."</p>
        {move || match dialog.get() {
            Dialog::None => ().into_any(),
            Dialog::Purge => view! {
                <PurgeRemoteDialog days=remote.get_untracked().map(|p| p.days).unwrap_or(DEFAULT_DAYS) on_close=close />
            }.into_any(),
            Dialog::Sweep { preview } => {
                let p = local.get_untracked().unwrap_or(LocalPolicy { days: 90, size_gt: ByteSize(0), keep_profiles: true });
                view! {
                    <LocalSweepDialog days=p.days size_gt=p.size_gt.0 delete_profiles=!p.keep_profiles auto_preview=preview on_close=close />
                }.into_any()
            }
        }}
        <section class="policy" aria-labelledby="remote-policy">
            <h2 id="remote-policy">"Cached remote media"</h2>
            <label class="inline">
                <input type="checkbox" bind:checked=remote_on />
                "Apply this policy"
            </label>
            <div class="row">
                <label>
                    "Keep cached remote media for (days)"
                    <input type="number" min=DAYS.min max=DAYS.max step="1" bind:value=remote_days />
                </label>
            </div>
            {move || match remote.get() {
                Ok(p) => view! {
                    <p>{format!("Preview: removes this server's copies of remote files not read since {} ({} days ago). Local media is never touched; quarantined copies are kept; the originals stay on their servers and are fetched again when someone opens them. Synapse cannot list cached remote media in advance, so the count comes after the run.", preset_cutoff(Some(p.days)).display_utc(), p.days)}</p>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            }}
            <div class="toolbar">
                <button class="secondary" disabled=move || remote.get().is_err() on:click=move |_| dialog.set(Dialog::Purge)>"Run now…"</button>
            </div>
        </section>
        <section class="policy" aria-labelledby="local-policy">
            <h2 id="local-policy">"Local media"</h2>
            <label class="inline">
                <input type="checkbox" bind:checked=local_on />
                "Apply this policy"
            </label>
            <div class="row">
                <label>
                    "Delete local media not accessed for (days)"
                    <input type="number" min=DAYS.min max=DAYS.max step="1" bind:value=local_days />
                </label>
                <label>
                    "Larger than (in bytes)"
                    <input type="number" min=SIZE_BYTES.min max=SIZE_BYTES.max step="1024" bind:value=local_size />
                </label>
                <span class="hint">{move || local.get().map(|p| format!("= {}", p.size_gt.human())).unwrap_or_default()}</span>
                <label class="inline">
                    <input type="checkbox" bind:checked=keep_profiles />
                    "Keep profile images"
                </label>
            </div>
            {move || local.get().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p class="hint">"Quarantined and protected files are never deleted by this policy."</p>
            <div class="toolbar">
                <button class="secondary" disabled=move || local.get().is_err() on:click=move |_| dialog.set(Dialog::Sweep { preview: true })>"Preview"</button>
                <button class="secondary" disabled=move || local.get().is_err() on:click=move |_| dialog.set(Dialog::Sweep { preview: false })>"Run now…"</button>
            </div>
        </section>
        <section class="policy" aria-labelledby="daily">
            <h2 id="daily">"Run it every day"</h2>
            {move || {
                let Some(base) = base() else { return ().into_any() };
                let (r, l) = chosen();
                if r.is_none() && l.is_none() {
                    return view! { <p class="hint">"Turn on a policy above to get its commands."</p> }.into_any();
                }
                let commands: Vec<String> = r.iter().map(|p| format!("# Keep cached remote media for {} days\n{}", p.days, p.command(&base)))
                    .chain(l.iter().map(|p| format!(
                        "# Delete local media not accessed for {} days, larger than {}, {}\n{}",
                        p.days, p.size_gt.human(), if p.keep_profiles { "keeping profile images" } else { "profile images included" }, p.command(&base))))
                    .collect();
                let commands = commands.join("\n\n");
                let cron = crontab(&base, r, l);
                let yaml = media_retention_yaml(r, l);
                let (c1, c2, c3) = (commands.clone(), cron.clone(), yaml.clone());
                let notes = differences(l).into_iter().map(|d| view! { <li>{d}</li> }).collect_view();
                view! {
                    <p>"With an admin's access token in the environment variable " <code>"ADMIN_TOKEN"</code> " (this page never shows or copies yours), these commands apply the policies now; each prints Synapse's answer. The shell hands the token to curl on its standard input, so it never appears in the process list."</p>
                    <pre class="command" tabindex="0" aria-label="curl commands">{commands}</pre>
                    <button class="secondary" on:click=move |_| copy(c1.clone())>"Copy commands"</button>
                    <p>"Every day at 04:15, from the crontab of a user whose " <code>"~/.synapse-admin-token"</code> " holds the token (" <code>"chmod 600"</code> ", readable by that user only). In a crontab every " <code>"%"</code> " must be written " <code>"\\%"</code> ", as here:"</p>
                    <pre class="command" tabindex="0" aria-label="crontab line">{cron}</pre>
                    <button class="secondary" on:click=move |_| copy(c2.clone())>"Copy crontab line"</button>
                    <p>"Or let Synapse do it: the closest " <code>"homeserver.yaml"</code> " setting (restart Synapse after changing it):"</p>
                    <pre class="command" tabindex="0" aria-label="media_retention configuration">{yaml}</pre>
                    <button class="secondary" on:click=move |_| copy(c3.clone())>"Copy configuration"</button>
                    <p>"How the two differ:"</p>
                    <ul class="facts">{notes}</ul>
                }.into_any()
            }}
        </section>
    }
}
