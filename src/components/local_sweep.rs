//! "Delete media": Synapse's server-wide delete of local media by last access and size. Synapse
//! has no dry run, so the dialog previews first (every user's media, Synapse's own selection),
//! asks for the server name, runs, and then compares what Synapse deleted with the preview.

use super::bulk::MetadataSamples;
use super::cutoff::{preset_cutoff, CutoffPicker};
use super::job_dialog::download;
use crate::i18n::{number, t, tf, tn, P, T};
use crate::jobs::engine::JobControl;
use crate::model::cutoff::{check_cutoff, now};
use crate::model::limits::SIZE_BYTES;
use crate::model::media::MediaInfo;
use crate::model::route::user_href;
use crate::model::sweep::{Comparison, LocalSweep, SweepPreview};
use crate::model::units::plural;
use crate::model::{ByteSize, TimestampMs};
use crate::state::action_log::ActionLog;
use crate::state::session::SessionCtx;
use crate::state::sweeps::{preview_local_sweep, run_local_sweep, WalkProgress, Walked};
use crate::state::toasts::{Toasts, Tone};
use leptos::prelude::*;
use leptos_router::components::A;

/// Where the dialog is.
#[derive(Clone)]
enum Stage {
    Setup,
    Previewing(WalkProgress),
    Previewed(LocalSweep, std::sync::Arc<Walked>),
    Deleting,
    Done(std::sync::Arc<SweepResult>),
    Failed(String),
}

/// What Synapse deleted, with the preview it is compared to.
pub struct SweepResult {
    pub sweep: LocalSweep,
    pub deleted: Vec<String>,
    pub preview: SweepPreview,
    pub comparison: Comparison,
    pub at: TimestampMs,
}

/// The sweep's filter in words, for the action log.
fn describe(s: &LocalSweep) -> String {
    format!(
        "local media last read before {}, larger than {}, {}",
        s.before.display_utc(),
        s.size_gt.exact(),
        if s.keep_profiles {
            "profile images kept"
        } else {
            "profile images included"
        }
    )
}

/// The initial filter: `days` ago (30 unless said), larger than `size_gt`, keeping profile
/// images unless `delete_profiles`; `auto_preview` starts the preview on open.
#[component]
pub fn LocalSweepDialog(
    #[prop(optional)] days: Option<u32>,
    #[prop(optional)] size_gt: u64,
    #[prop(optional)] delete_profiles: bool,
    #[prop(optional)] auto_preview: bool,
    #[prop(into)] on_close: Callback<()>,
    #[prop(optional, into)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let log = ActionLog::expect();
    let server = session.get().map(|s| s.server_name()).unwrap_or_default();
    let text = RwSignal::new(preset_cutoff(Some(days.unwrap_or(30))).to_input_value());
    let size = RwSignal::new(size_gt.to_string());
    let keep_profiles = RwSignal::new(!delete_profiles);
    let stage = RwSignal::new(Stage::Setup);
    let typed = RwSignal::new(String::new());
    let control = StoredValue::new_local(JobControl::default());
    let sweep = Memo::new(move |_| -> Result<LocalSweep, String> {
        let before = check_cutoff(TimestampMs::from_input_value(&text.get()))?;
        let size_gt = SIZE_BYTES.parse(&size.get())?;
        Ok(LocalSweep {
            before,
            size_gt: ByteSize(size_gt),
            keep_profiles: keep_profiles.get(),
        })
    });
    // Any change to the filter makes an earlier preview stale.
    Effect::new(move |_| {
        let _ = sweep.get();
        if matches!(
            stage.get_untracked(),
            Stage::Previewed(..) | Stage::Failed(_)
        ) {
            stage.set(Stage::Setup);
        }
    });
    let start_preview = move || {
        let Ok(s) = sweep.get_untracked() else { return };
        let c = JobControl::default();
        control.set_value(c.clone());
        stage.set(Stage::Previewing(WalkProgress::default()));
        leptos::task::spawn_local(async move {
            let walked =
                preview_local_sweep(session, s, &c, |p| stage.set(Stage::Previewing(p))).await;
            stage.set(match walked {
                Ok(w) if w.cancelled => Stage::Setup,
                Ok(w) => Stage::Previewed(s, std::sync::Arc::new(w)),
                Err(e) => {
                    Stage::Failed(tf(T::DlgUsersWithMediaError, &[("error", &e.to_string())]))
                }
            });
        });
    };
    let run = move |s: LocalSweep, walked: std::sync::Arc<Walked>| {
        stage.set(Stage::Deleting);
        leptos::task::spawn_local(async move {
            let result = run_local_sweep(session, s).await;
            let target = describe(&s);
            // Logged in English: the action as a text of the catalog (read back through
            // `t_stored`), the target and the outcome as they were.
            let action = T::StLogDeleteServerWide.en();
            match result {
                Ok(r) => {
                    let comparison = Comparison::of(&walked.preview.media_ids(), &r.deleted_media);
                    log.record(
                        action,
                        &target,
                        true,
                        &format!(
                            "Synapse deleted {} ({} as previewed, {} not previewed, {} previewed but kept)",
                            plural(r.deleted_media.len(), "file"),
                            comparison.as_previewed,
                            comparison.unexpected.len(),
                            comparison.not_deleted.len()
                        ),
                        None,
                    );
                    toasts.push(
                        if comparison.exact() {
                            Tone::Success
                        } else {
                            Tone::Error
                        },
                        tn(
                            if comparison.exact() {
                                P::DlgSweepToastExact
                            } else {
                                P::DlgSweepToastDiffers
                            },
                            r.deleted_media.len() as u64,
                            &[],
                        ),
                    );
                    stage.set(Stage::Done(std::sync::Arc::new(SweepResult {
                        sweep: s,
                        deleted: r.deleted_media,
                        preview: walked.preview.clone(),
                        comparison,
                        at: now(),
                    })));
                    if let Some(done) = on_done {
                        done.run(());
                    }
                }
                Err(e) => {
                    log.record(action, &target, false, &e.to_string(), None);
                    stage.set(Stage::Failed(tf(
                        if e.outcome_unknown() {
                            T::DlgSweepOutcomeUnknown
                        } else {
                            T::DlgSweepNotRun
                        },
                        &[("error", &e.to_string())],
                    )))
                }
            }
        });
    };
    if auto_preview {
        start_preview();
    }
    let server_s = StoredValue::new(server.clone());
    // Escape cancels, except while Synapse is asked: then the dialog stays to say what it did.
    let dialog = super::modal::modal(Callback::new(move |_| {
        if !matches!(
            stage.get_untracked(),
            Stage::Previewing(_) | Stage::Deleting
        ) {
            on_close.run(());
        }
    }));
    let busy = move || matches!(stage.get(), Stage::Previewing(_) | Stage::Deleting);
    view! {
        <div class="overlay">
            <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="sweep-title"
                node_ref=dialog tabindex="-1">
                <h2 id="sweep-title">{t(T::DeleteMedia)}</h2>
                <p>{t(T::DlgSweepIntro)}</p>
                <ul class="facts">
                    <li>{move || match sweep.get() {
                        Ok(s) => tf(T::DlgSweepReadBefore, &[("date", &s.before.display_utc())]),
                        Err(_) => t(T::DlgSweepReadBeforeCutoff),
                    }}</li>
                    <li>{move || match sweep.get() {
                        Ok(s) if s.size_gt.0 == 0 => t(T::DlgSweepAnySize),
                        Ok(s) => tf(T::DlgSweepLargerThan, &[("size", &s.size_gt.human()), ("exact", &s.size_gt.exact())]),
                        Err(_) => t(T::DlgSweepLargerThanGiven),
                    }}</li>
                    <li>{t(T::DlgSweepNeverProtected)}</li>
                    <li>{move || t(if keep_profiles.get() {
                        T::DlgSweepKeepingProfiles
                    } else {
                        T::DlgSweepProfilesIncluded
                    })}</li>
                </ul>
                <fieldset disabled=busy>
                    <CutoffPicker text all_label=t(T::DlgAnyAgeNow) id="sweep-cutoff" />
                    <label>
                        {t(T::PgLargerThanBytes)}
                        <input type="number" min=SIZE_BYTES.min max=SIZE_BYTES.max step="1024" bind:value=size />
                        <span class="hint">{move || SIZE_BYTES.parse(&size.get()).map(|n| format!("= {}", ByteSize(n).human())).unwrap_or_default()}</span>
                    </label>
                    <label class="inline">
                        <input type="checkbox" bind:checked=keep_profiles />
                        {t(T::PgKeepProfileImages)}
                    </label>
                </fieldset>
                {move || sweep.get().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {move || match stage.get() {
                    Stage::Setup => view! {
                        <div class="dialog-buttons">
                            <button class="secondary" on:click=move |_| on_close.run(())>{t(T::Cancel)}</button>
                            <button disabled=move || sweep.get().is_err() on:click=move |_| start_preview()>{t(T::Preview)}</button>
                        </div>
                    }.into_any(),
                    Stage::Previewing(p) => view! {
                        <p class="loading" role="status">{tn(P::DlgPreviewingUsers, p.users as u64, &[("done", &number(p.users_read as u64))])}</p>
                        <progress max=p.users.max(1).to_string() value=p.users_read.to_string()></progress>
                        <div class="dialog-buttons">
                            <button class="secondary" on:click=move |_| control.with_value(|c| c.cancel())>{t(T::DlgStopPreview)}</button>
                        </div>
                    }.into_any(),
                    Stage::Previewed(s, walked) => {
                        let server = server_s.get_value();
                        let n = walked.preview.selected.len();
                        let complete = walked.failed.is_empty();
                        let w = walked.clone();
                        view! {
                            <PreviewSummary walked=walked.clone() server=server.clone() />
                            <label>
                                {tf(T::DlgTypeServerName, &[("server", &server)])}
                                <input type="text" autocomplete="off" bind:value=typed />
                            </label>
                            <div class="dialog-buttons">
                                <button class="secondary" on:click=move |_| on_close.run(())>{t(T::Cancel)}</button>
                                <button class="danger"
                                    disabled=move || !complete || n == 0 || typed.get().trim() != server_s.get_value()
                                    on:click=move |_| run(s, w.clone())>
                                    {tn(P::DeleteNFiles, n as u64, &[])}
                                </button>
                            </div>
                        }.into_any()
                    }
                    Stage::Deleting => view! { <p class="loading" role="status">{t(T::DlgSynapseDeleting)}</p> }.into_any(),
                    Stage::Done(result) => view! {
                        <SweepReport result />
                        <div class="dialog-buttons">
                            <button on:click=move |_| on_close.run(())>{t(T::Close)}</button>
                        </div>
                    }.into_any(),
                    Stage::Failed(e) => view! {
                        <p class="error" role="alert">{e}</p>
                        <div class="dialog-buttons">
                            <button class="secondary" on:click=move |_| on_close.run(())>{t(T::Close)}</button>
                            <button on:click=move |_| start_preview()>{t(T::DlgPreviewAgain)}</button>
                        </div>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

#[component]
fn PreviewSummary(walked: std::sync::Arc<Walked>, server: String) -> impl IntoView {
    let p = &walked.preview;
    // Metadata only: fetching a thumbnail would mark the file as read, and save it from the
    // very sweep previewed here.
    let files: Vec<MediaInfo> = p.selected.iter().take(6).map(|s| s.info.clone()).collect();
    let _ = server;
    let kept = p
        .kept
        .iter()
        .map(|(v, n, b)| view! { <li>{tn(P::DlgKeptFiles, *n as u64, &[("size", &b.human()), ("reason", &v.describe())])}</li> })
        .collect_view();
    let top = p
        .top_users(10)
        .into_iter()
        .map(|(user, n, bytes)| view! {
            <tr>
                <td><A href=crate::href(&format!("{}/media", user_href(&user)))>{user.to_string()}</A></td>
                <td class="num">{number(n as u64)}</td>
                <td class="num" title=bytes.exact()>{bytes.human()}</td>
            </tr>
        })
        .collect_view();
    let failed = walked
        .failed
        .iter()
        .map(|(u, why)| view! { <li>{format!("{u}: {why}")}</li> })
        .collect_view();
    view! {
        <div class="preview-result" role="status">
            <p class="big">{tn(P::DlgWouldDelete, p.selected.len() as u64, &[("size", &p.bytes().human()), ("scanned", &tn(P::DlgLocalFiles, p.scanned as u64, &[]))])}</p>
            <ul class="facts">{kept}</ul>
            <p class="hint">{t(T::DlgEstimateHint)}</p>
            {(!walked.failed.is_empty()).then(|| view! {
                <div class="error" role="alert">
                    <p>{tn(P::DlgPreviewIncomplete, walked.failed.len() as u64, &[])}</p>
                    <ul>{failed}</ul>
                </div>
            })}
            {(!p.selected.is_empty()).then(|| view! {
                <table class="list compact">
                    <caption>{t(T::DlgMostBytesCaption)}</caption>
                    <thead><tr><th>{t(T::User)}</th><th>{t(T::Files)}</th><th>{t(T::Bytes)}</th></tr></thead>
                    <tbody>{top}</tbody>
                </table>
            })}
            <MetadataSamples files />
        </div>
    }
}

/// The result: what Synapse deleted, how it compares with the preview, and the list to keep.
#[component]
pub fn SweepReport(result: std::sync::Arc<SweepResult>) -> impl IntoView {
    let c = &result.comparison;
    let deleted = result.deleted.len();
    let summary = if c.exact() {
        tn(P::DlgSweepExact, deleted as u64, &[])
    } else {
        tn(
            P::DlgSweepDiffers,
            deleted as u64,
            &[
                ("as_previewed", &number(c.as_previewed as u64)),
                ("unexpected", &number(c.unexpected.len() as u64)),
                ("not_deleted", &number(c.not_deleted.len() as u64)),
            ],
        )
    };
    let explain = (!c.exact()).then(|| {
        view! {
            <p class="hint">{t(T::DlgListedButKeptHint)}</p>
        }
    });
    let r = result.clone();
    let csv = move |_| download("curator-deleted-media.csv", "text/csv", &report_csv(&r));
    let r = result.clone();
    let json = move |_| {
        download(
            "curator-deleted-media.json",
            "application/json",
            &report_json(&r),
        )
    };
    let ids = result
        .deleted
        .iter()
        .take(200)
        .map(|id| view! { <li><code>{id.clone()}</code></li> })
        .collect_view();
    view! {
        <p class="result" role="status">{summary}</p>
        {explain}
        <details>
            <summary>{tf(T::DlgDeletedIds, &[("count", &number(deleted as u64))])}</summary>
            <ul class="ids">{ids}</ul>
            {(deleted > 200).then(|| view! { <p class="hint">{t(T::DlgFirst200)}</p> })}
        </details>
        <div class="dialog-buttons">
            <button class="secondary" on:click=csv>{t(T::DlgDownloadCsv)}</button>
            <button class="secondary" on:click=json>{t(T::DlgDownloadJson)}</button>
        </div>
    }
}

fn report_csv(r: &SweepResult) -> String {
    use crate::model::csv::push_row;
    let mut out = String::from("media_id,user_id,upload_name,media_length,in_preview,deleted\r\n");
    let deleted: std::collections::HashSet<&str> = r.deleted.iter().map(String::as_str).collect();
    for s in &r.preview.selected {
        let len = s
            .info
            .media_length
            .map(|b| b.0.to_string())
            .unwrap_or_default();
        let gone = if deleted.contains(s.info.media_id.as_str()) {
            "yes"
        } else {
            "no"
        };
        push_row(
            &mut out,
            &[
                s.info.media_id.as_str(),
                s.user.as_str(),
                s.info.upload_name.as_deref().unwrap_or(""),
                &len,
                "yes",
                gone,
            ],
        );
    }
    for id in &r.comparison.unexpected {
        push_row(&mut out, &[id.as_str(), "", "", "", "no", "yes"]);
    }
    out
}

fn report_json(r: &SweepResult) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "at": crate::model::csv::time(r.at.0),
        "before_ts": r.sweep.before.0,
        "size_gt": r.sweep.size_gt.0,
        "keep_profiles": r.sweep.keep_profiles,
        "deleted_media": r.deleted,
        "previewed": r.preview.media_ids(),
        "deleted_not_previewed": r.comparison.unexpected,
        "previewed_not_deleted": r.comparison.not_deleted,
    }))
    .unwrap_or_default()
}
