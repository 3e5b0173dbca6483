//! `/retention`: cleanmedia's policy on Synapse. Cached remote media kept for N days; local
//! media not read for N days (larger than X, profile images kept) deleted. Each policy can be
//! previewed and run now through the same dialogs as the statistics toolbar, and run every day
//! with the exact commands shown here.

use crate::components::confirm::copy_to_clipboard;
use crate::components::cutoff::preset_cutoff;
use crate::components::local_sweep::LocalSweepDialog;
use crate::components::purge::PurgeRemoteDialog;
use crate::i18n::{t, tn, P, T};
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
            toasts.push(Tone::Success, t(T::PgCopiedCommands));
        } else {
            toasts.push(Tone::Error, t(T::PgCopyRefused));
        }
    };

    view! {
        <h1>{t(T::PgRetentionPlanner)}</h1>
        <p class="hint">{t(T::PgRetentionHint)}</p>
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
            <h2 id="remote-policy">{t(T::PgCachedRemoteMedia)}</h2>
            <label class="inline">
                <input type="checkbox" bind:checked=remote_on />
                {t(T::PgApplyPolicy)}
            </label>
            <div class="row">
                <label>
                    {t(T::PgKeepRemoteDays)}
                    <input type="number" min=DAYS.min max=DAYS.max step="1" bind:value=remote_days />
                </label>
            </div>
            {move || match remote.get() {
                Ok(p) => view! {
                    <p>{tn(P::PgRemotePreview, u64::from(p.days), &[("date", &preset_cutoff(Some(p.days)).display_utc())])}</p>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            }}
            <div class="toolbar">
                <button class="secondary" disabled=move || remote.get().is_err() on:click=move |_| dialog.set(Dialog::Purge)>{t(T::PgRunNow)}</button>
            </div>
        </section>
        <section class="policy" aria-labelledby="local-policy">
            <h2 id="local-policy">{t(T::PgLocalMedia)}</h2>
            <label class="inline">
                <input type="checkbox" bind:checked=local_on />
                {t(T::PgApplyPolicy)}
            </label>
            <div class="row">
                <label>
                    {t(T::PgDeleteLocalDays)}
                    <input type="number" min=DAYS.min max=DAYS.max step="1" bind:value=local_days />
                </label>
                <label>
                    {t(T::PgLargerThanBytes)}
                    <input type="number" min=SIZE_BYTES.min max=SIZE_BYTES.max step="1024" bind:value=local_size />
                </label>
                <span class="hint">{move || local.get().map(|p| format!("= {}", p.size_gt.human())).unwrap_or_default()}</span>
                <label class="inline">
                    <input type="checkbox" bind:checked=keep_profiles />
                    {t(T::PgKeepProfileImages)}
                </label>
            </div>
            {move || local.get().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p class="hint">{t(T::PgPolicyNeverDeletes)}</p>
            <div class="toolbar">
                <button class="secondary" disabled=move || local.get().is_err() on:click=move |_| dialog.set(Dialog::Sweep { preview: true })>{t(T::Preview)}</button>
                <button class="secondary" disabled=move || local.get().is_err() on:click=move |_| dialog.set(Dialog::Sweep { preview: false })>{t(T::PgRunNow)}</button>
            </div>
        </section>
        <section class="policy" aria-labelledby="daily">
            <h2 id="daily">{t(T::PgRunEveryDay)}</h2>
            {move || {
                let Some(base) = base() else { return ().into_any() };
                let (r, l) = chosen();
                if r.is_none() && l.is_none() {
                    return view! { <p class="hint">{t(T::PgTurnOnPolicy)}</p> }.into_any();
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
                    <p>{with_code(&t(T::PgCommandsIntro), &[("variable", "ADMIN_TOKEN")])}</p>
                    <pre class="command" tabindex="0" aria-label=t(T::PgCurlCommands)>{commands}</pre>
                    <button class="secondary" on:click=move |_| copy(c1.clone())>{t(T::PgCopyCommands)}</button>
                    <p>{with_code(&t(T::PgCrontabIntro), &[("file", "~/.synapse-admin-token"), ("mode", "chmod 600"), ("percent", "%"), ("escaped", "\\%")])}</p>
                    <pre class="command" tabindex="0" aria-label=t(T::PgCrontabLine)>{cron}</pre>
                    <button class="secondary" on:click=move |_| copy(c2.clone())>{t(T::PgCopyCrontabLine)}</button>
                    <p>{with_code(&t(T::PgSynapseSetting), &[("file", "homeserver.yaml")])}</p>
                    <pre class="command" tabindex="0" aria-label=t(T::PgRetentionConfiguration)>{yaml}</pre>
                    <button class="secondary" on:click=move |_| copy(c3.clone())>{t(T::PgCopyConfiguration)}</button>
                    <p>{t(T::PgHowTheyDiffer)}</p>
                    <ul class="facts">{notes}</ul>
                }.into_any()
            }}
        </section>
    }
}

/// A translated sentence whose `{name}` placeholders are code: each becomes `<code>value</code>`.
fn with_code(text: &str, codes: &[(&str, &'static str)]) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        out.push(rest[..start].to_owned().into_any());
        out.push(match codes.iter().find(|(k, _)| *k == name) {
            Some((_, code)) => view! { <code>{*code}</code> }.into_any(),
            None => rest[start..=start + len].to_owned().into_any(),
        });
        rest = &rest[start + len + 1..];
    }
    out.push(rest.to_owned().into_any());
    out
}
