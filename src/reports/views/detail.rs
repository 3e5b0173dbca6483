//! `/reports/:id`: one report, the event's every file shown like a row of the media tab, and
//! the actions on it, each one step; the raw event is one click away.

use crate::api::reports::ReportId;
use crate::components::bulk::{RoomBulkActions, UserBulkActions};
use crate::components::confirm::ConfirmDialog;
use crate::components::load::{LoadError, Loading};
use crate::components::media_table::MediaTable;
use crate::components::preview::PreviewToggle;
use crate::i18n::{t, tf, T};
use crate::model::media::MediaAction;
use crate::model::route::{decode, room_href, user_href};
use crate::reports::event::EventKind;
use crate::reports::plan::FilePlan;
use crate::reports::run::{self, LoadedReport, ReportOutcome};
use crate::state::action_log::ActionLog;
use crate::state::session::SessionCtx;
use crate::state::toasts::{Toasts, Tone};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    QuarantineAndDismiss,
    Quarantine,
    Delete,
    Dismiss,
}

#[component]
pub fn ReportDetailPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| ReportId::parse(&decode(&p.get("id").unwrap_or_default())))
    });
    let reload = RwSignal::new(0u32);
    let on_changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    let report = LocalResource::new(move || {
        let id = id.get();
        reload.track();
        async move {
            match id {
                Ok(id) => run::load(session, id, true).await,
                Err(e) => Err(crate::api::ApiError::Refused(e)),
            }
        }
    });
    view! {
        <p class="crumbs"><A href=crate::href("/reports")>{t(T::NavReports)}</A> " / "</p>
        <h1>{move || id.get().map(|i| tf(T::PgReportN, &[("id", &i.to_string())])).unwrap_or_else(|_| t(T::PgUnknownReport))}</h1>
        <Transition fallback=|| view! { <Loading what=t(T::PgTheReport) /> }>
            {move || Suspend::new(async move {
                match report.await {
                    Err(e) if e.is_not_found() => view! {
                        <p class="notice">{t(T::PgNoSuchReport)}</p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error what=t(T::PgTheReport) /> }.into_any(),
                    Ok(r) => details(r, on_changed).into_any(),
                }
            })}
        </Transition>
    }
}

fn details(r: LoadedReport, on_changed: Callback<()>) -> impl IntoView {
    let session = SessionCtx::expect();
    let toasts = Toasts::expect();
    let log = ActionLog::expect();
    let navigate = use_navigate();
    let rep = r.detail.report.clone();
    let rows = r.media_rows();
    let quarantine = FilePlan::new(&rows, MediaAction::Quarantine);
    let delete = FilePlan::new(&rows, MediaAction::Delete);
    let q_text = quarantine.describe(MediaAction::Quarantine);
    let d_text = delete.describe(MediaAction::Delete);
    let can_q = !quarantine.act.is_empty();
    let can_d = !delete.act.is_empty();
    let notices = notices(&r);
    let raw = serde_json::to_string_pretty(
        r.fetched
            .as_ref()
            .ok()
            .and_then(Option::as_ref)
            .unwrap_or(&r.detail.event_json),
    )
    .unwrap_or_default();
    let sender_local = session
        .get_untracked()
        .is_some_and(|s| rep.sender.server_name().as_str() == s.server_name());
    let encrypted = r.media.kind == EventKind::Encrypted;
    let busy = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let stored = StoredValue::new(r);
    let run_act = move |act: Act| {
        busy.set(true);
        let report = stored.get_value();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let ReportOutcome { ok, text } = match act {
                Act::QuarantineAndDismiss => {
                    run::quarantine_and_dismiss(session, log, &report).await
                }
                Act::Quarantine => run::files(session, log, &report, MediaAction::Quarantine).await,
                Act::Delete => run::files(session, log, &report, MediaAction::Delete).await,
                Act::Dismiss => run::dismiss(session, log, &report).await,
            };
            toasts.push(if ok { Tone::Success } else { Tone::Error }, text);
            busy.try_set(false);
            let gone = ok && matches!(act, Act::QuarantineAndDismiss | Act::Dismiss);
            if gone {
                navigate("/reports", Default::default());
            } else {
                on_changed.run(());
            }
        });
    };
    let run_act = StoredValue::new(run_act);
    let room_link = crate::href(&room_href(&rep.room_id));
    let sender_link = crate::href(&user_href(&rep.sender));
    let reporter_link = crate::href(&user_href(&rep.user_id));
    let sender = rep.sender.clone();
    let room = rep.room_id.clone();
    let room_label = rep.room_label();
    let sender_text = rep.sender.to_string();
    let reporter_text = rep.user_id.to_string();
    let delete_body = tf(T::PgDeleteReportedBody, &[("plan", &d_text)]);
    view! {
        <dl class="facts">
            <dt>{t(T::PgReceived)}</dt><dd>{rep.received_ts.display_utc()}</dd>
            <dt>{t(T::Room)}</dt><dd><A href=room_link>{room_label}</A></dd>
            <dt>{t(T::PgSender)}</dt><dd><A href=sender_link>{sender_text}</A></dd>
            <dt>{t(T::PgReporter)}</dt><dd><A href=reporter_link>{reporter_text}</A></dd>
            <dt>{t(T::PgReason)}</dt><dd class="reason">{rep.reason.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::PgScore)}</dt><dd>{rep.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(T::PgEvent)}</dt><dd class="mono">{rep.event_id.clone()}</dd>
            <dt>{t(T::PgKind)}</dt><dd>{stored.with_value(|r| r.media.kind.label())}</dd>
        </dl>
        {notices.into_iter().map(|n| view! { <p class="notice">{n}</p> }).collect_view()}
        <div class="report-actions" role="toolbar" aria-label=t(T::PgReportActions)>
            {can_q.then(|| view! {
                <button class="danger" disabled=move || busy.get() on:click=move |_| run_act.with_value(|f| f(Act::QuarantineAndDismiss))>{t(T::PgQuarantineAndDismiss)}</button>
                <button class="secondary" disabled=move || busy.get() on:click=move |_| run_act.with_value(|f| f(Act::Quarantine))>{t(T::PgQuarantineFiles)}</button>
            })}
            {can_d.then(|| view! {
                <button class="danger" disabled=move || busy.get() on:click=move |_| confirm_delete.set(true)>{t(T::PgDeleteFiles)}</button>
            })}
            <button class="secondary" disabled=move || busy.get() on:click=move |_| run_act.with_value(|f| f(Act::Dismiss))>{t(T::StDismissReport)}</button>
        </div>
        <p class="hint">{tf(T::PgQuarantineDeletePlans, &[("quarantine", &q_text), ("delete", &d_text)])}</p>
        {move || confirm_delete.get().then(|| view! {
            <ConfirmDialog title=t(T::PgDeleteReportedTitle) body=delete_body.clone() confirm_label=t(T::PgDeleteFiles)
                on_cancel=move |_| confirm_delete.set(false)
                on_confirm=move |_| { confirm_delete.set(false); run_act.with_value(|f| f(Act::Delete)); } />
        })}
        {(!rows.is_empty()).then(|| view! {
            <h2>{t(T::PgFilesInReportedEvent)}</h2>
            <div class="table-tools"><PreviewToggle /></div>
            <MediaTable rows show_uploader=true on_changed />
        })}
        <details class="raw-event">
            <summary>{t(T::PgRawEvent)}</summary>
            <pre class="mono">{raw}</pre>
        </details>
        <h2>{t(T::PgAllMediaOfSender)}</h2>
        {if sender_local {
            view! { <UserBulkActions user=sender on_changed /> }.into_any()
        } else {
            view! { <p class="hint">{t(T::PgSenderRemote)}</p> }.into_any()
        }}
        <h2>{t(T::PgAllMediaOfRoom)}</h2>
        <RoomBulkActions room encrypted on_changed />
    }
}

/// What the admin must know before acting: redaction, encryption, unreadable references.
fn notices(r: &LoadedReport) -> Vec<String> {
    let m = &r.media;
    let mut out = Vec::new();
    if m.redacted && !m.content_gone {
        out.push(t(T::PgEventRedacted));
    }
    if let Ok(None) = r.fetched {
        out.push(t(T::PgEventGone));
    }
    if let Some(why) = m.why_none() {
        out.push(why.to_owned());
    }
    for refused in &m.refused {
        out.push(tf(
            T::PgNotUsableMxc,
            &[
                ("field", refused.field),
                ("value", &refused.value),
                ("reason", &refused.reason),
            ],
        ));
    }
    out
}
