//! The action log: newest first, filtered, a page at a time, exportable and clearable.

use crate::components::confirm::ConfirmDialog;
use crate::components::job_dialog::download;
use crate::components::pager::Pager;
use crate::i18n::{number, t, t_stored, tf, tn, P, T};
use crate::model::audit::{action_kinds, to_csv, to_json, ActionEntry, LogFilter, OutcomeFilter};
use crate::model::Page;
use crate::state::action_log::ActionLog;
use crate::state::jobs::Jobs;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ActionLogView() -> impl IntoView {
    let log = ActionLog::expect();
    // Another tab may have acted since this one loaded.
    log.reload();
    let jobs = Jobs::expect();
    leptos::task::spawn_local(async move { jobs.ensure_loaded().await });
    let entries = log.entries();
    let text = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let outcome = RwSignal::new(OutcomeFilter::All);
    let page = RwSignal::new(Page::default());
    let confirm_clear = RwSignal::new(false);
    let filter = Memo::new(move |_| LogFilter {
        text: text.get(),
        action: action.get(),
        outcome: outcome.get(),
    });
    let matching = Memo::new(move |_| {
        let f = filter.get();
        entries.with(|l| {
            f.apply(l)
                .into_iter()
                .cloned()
                .collect::<Vec<ActionEntry>>()
        })
    });
    let export = move |csv: bool| {
        matching.with_untracked(|m| {
            let refs: Vec<&ActionEntry> = m.iter().collect();
            if csv {
                download("curator-actions.csv", "text/csv", &to_csv(&refs));
            } else {
                download("curator-actions.json", "application/json", &to_json(&refs));
            }
        })
    };
    let reset_page = move || page.update(|p| p.index = 0);
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <label class="grow">
                {t(T::PgFilter)}
                <input type="search" name="log-filter" placeholder=t(T::PgLogFilterHint)
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); reset_page(); } />
            </label>
            <label>
                {t(T::PgAction)}
                <select on:change=move |ev| { action.set(event_target_value(&ev)); reset_page(); }>
                    <option value="" selected=move || action.get().is_empty()>{t(T::PgAllActions)}</option>
                    {move || entries.with(|l| action_kinds(l)).into_iter().map(|k| {
                        let selected = k == action.get_untracked();
                        view! { <option value=k.clone() selected=selected>{t_stored(&k)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t(T::PgOutcome)}
                <select on:change=move |ev| {
                    outcome.set(OutcomeFilter::from_param(&event_target_value(&ev)));
                    reset_page();
                }>
                    <option value="">{t(T::PgAllOutcomes)}</option>
                    <option value=OutcomeFilter::Done.as_param()>{t(T::Done)}</option>
                    <option value=OutcomeFilter::NotDone.as_param()>{t(T::PgNotDoneFilter)}</option>
                </select>
            </label>
        </form>
        <div class="bulk-actions">
            <button class="secondary" disabled=move || matching.with(Vec::is_empty) on:click=move |_| export(true)>{t(T::ExportCsv)}</button>
            <button class="secondary" disabled=move || matching.with(Vec::is_empty) on:click=move |_| export(false)>{t(T::ExportJson)}</button>
            <button class="secondary" disabled=move || entries.with(Vec::is_empty) on:click=move |_| confirm_clear.set(true)>{t(T::PgClearLog)}</button>
            <span class="hint">{t(T::PgExportsHint)}</span>
        </div>
        {move || log.dropped.get().message().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {move || log.set_aside.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        {move || log.store_failed.get().then(|| view! {
            <p class="error" role="alert">{t(T::PgLogNotStored)}</p>
        })}
        {move || {
            let all = matching.get();
            if all.is_empty() {
                let none = t(if entries.with(Vec::is_empty) {
                    T::PgNoActionsYet
                } else {
                    T::PgNoEntryMatches
                });
                return view! { <p class="empty">{none}</p> }.into_any();
            }
            let p = page.get();
            let total = all.len() as u64;
            let rows: Vec<ActionEntry> = all.into_iter().skip(p.offset() as usize).take(p.size as usize).collect();
            let shown = rows.len();
            view! {
                <p class="summary">{tf(T::PgActionsMatch, &[("matching", &number(total)), ("total", &number(entries.with(Vec::len) as u64))])}</p>
                <div class="table-scroll">
                    <table class="list" aria-label=t(T::PgActionLog)>
                        <thead><tr><th>{t(T::PgWhen)}</th><th>{t(T::PgWho)}</th><th>{t(T::PgAction)}</th><th>{t(T::PgTarget)}</th><th>{t(T::PgResult)}</th><th>{t(T::PgOutcome)}</th><th>{t(T::Job)}</th></tr></thead>
                        <tbody>{rows.into_iter().map(entry_row).collect_view()}</tbody>
                    </table>
                </div>
                <Pager page=p shown total go=move |np| page.set(np) />
            }.into_any()
        }}
        {move || confirm_clear.get().then(|| {
            let n = entries.with(Vec::len) as u64;
            let body = tn(P::PgClearLogBody, n, &[]);
            view! {
                <ConfirmDialog title=t(T::PgClearLogTitle) body confirm_label=t(T::PgClearLog)
                    on_cancel=move |_| confirm_clear.set(false)
                    on_confirm=move |_| { confirm_clear.set(false); log.clear(); } />
            }
        })}
    }
}

fn entry_row(e: ActionEntry) -> impl IntoView {
    let jobs = Jobs::expect();
    let who = e
        .who
        .as_ref()
        .map(|u| u.to_string())
        .unwrap_or_else(|| "—".into());
    let text = e.target.clone();
    let target = match e.target_href() {
        Some(href) => view! { <A href=crate::href(&href) attr:class="mono">{text}</A> }.into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    };
    let job = e.job_id.clone().map(|id| {
        move || {
            let id = id.clone();
            if jobs.find(&id).is_some() {
                view! { <button class="secondary small" on:click=move |_| jobs.open.set(Some(id.clone()))>{t(T::Report)}</button> }.into_any()
            } else {
                view! { <span class="hint" title=id.clone()>{t(T::PgNoLongerKept)}</span> }.into_any()
            }
        }
    });
    view! {
        <tr>
            <td>{e.at.display_utc()}</td>
            <td class="mono">{who}</td>
            <td>{t_stored(&e.action)}</td>
            <td>{target}</td>
            <td>{e.result_label()}</td>
            <td>{t_stored(&e.outcome)}</td>
            <td>{job}</td>
        </tr>
    }
}
