//! The media table every media list uses (a user's uploads, a room's files, a lookup): one row a
//! file, with the controls the model's rule gives it. After an action the file is read back from
//! the server and the admin is told what Synapse really did.

use super::confirm::{copy_to_clipboard, ConfirmDialog};
use super::leaf::Leaf;
use super::preview::Preview;
use super::sort::SortHeader;
use crate::api::media::MediaOrder;
use crate::bulk::{BulkOp, FileAction};
use crate::i18n::{number, t, tf, tn, P, T};
use crate::model::media::{describe, plan_bulk, Locality, MediaAction, MediaRow, Outcome};
use crate::model::route::user_href;
use crate::model::SortDir;
use crate::state::action_log::ActionLog;
use crate::state::jobs::Jobs;
use crate::state::media_actions::perform;
use crate::state::session::SessionCtx;
use crate::state::toasts::{ToastAction, Toasts, Tone};
use leptos::ev;
use leptos::prelude::*;
use leptos::tachys::html::{attribute as a, class::class, event::on, property::prop};

/// Server-side sorting, for lists that have it.
#[derive(Clone, Copy)]
pub struct MediaSort {
    pub order: MediaOrder,
    pub dir: SortDir,
    pub on_sort: Callback<(MediaOrder, SortDir)>,
}

#[component]
pub fn MediaTable(
    rows: Vec<MediaRow>,
    #[prop(optional)] show_uploader: bool,
    #[prop(optional)] sort: Option<MediaSort>,
    /// Row checkboxes and the selection toolbar.
    #[prop(optional)]
    selectable: bool,
    /// Called after any action succeeded, to read the list again (an action can change other
    /// rows too: quarantine reaches every identical copy).
    #[prop(into)]
    on_changed: Callback<()>,
) -> impl IntoView {
    let confirm = RwSignal::new(None::<MediaRow>);
    let jobs = Jobs::expect();
    let ctx = ActionCtx {
        session: SessionCtx::expect(),
        toasts: Toasts::expect(),
        log: ActionLog::expect(),
        on_changed,
    };
    let all_rows = StoredValue::new(rows.clone());
    let header = move |label: String, order: MediaOrder| match sort {
        Some(s) => view! {
            <SortHeader label active=(s.order == order).then_some(s.dir)
                on_sort=Callback::new(move |dir| s.on_sort.run((order, dir))) />
        }
        .into_any(),
        None => view! { <th>{label}</th> }.into_any(),
    };
    let on_delete = Callback::new(move |row: MediaRow| confirm.set(Some(row)));
    let selected = RwSignal::new(Vec::<String>::new());
    let bulk_delete = RwSignal::new(false);
    let all_keys: Vec<String> = all_rows.with_value(|r| r.iter().map(|r| r.media.mxc()).collect());
    let page_keys = StoredValue::new(all_keys);
    let chosen = move || {
        let keys = selected.get();
        all_rows.with_value(|rows| {
            rows.iter()
                .filter(|r| keys.contains(&r.media.mxc()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let start_bulk = move |action: MediaAction| {
        let rows = chosen();
        let (items, skipped) = plan_bulk(&rows, action);
        let action = match action {
            MediaAction::Quarantine => FileAction::Quarantine,
            MediaAction::Unquarantine => FileAction::Unquarantine,
            MediaAction::Protect => FileAction::Protect,
            MediaAction::Unprotect => FileAction::Unprotect,
            MediaAction::Delete => FileAction::Delete,
        };
        let title = crate::jobs::record::JobTitle::counted(
            match action {
                FileAction::Quarantine => P::JobQuarantineSelected,
                FileAction::Unquarantine => P::JobUnquarantineSelected,
                FileAction::Protect => P::JobProtectSelected,
                FileAction::Unprotect => P::JobUnprotectSelected,
                FileAction::Delete => P::JobDeleteSelected,
            },
            rows.len() as u64,
            &[],
        );
        let files = rows.iter().map(|r| r.media.clone()).collect();
        let labels = items.into_iter().map(|(_, label)| label).collect();
        selected.set(Vec::new());
        jobs.start(title, BulkOp::Files { action, files }, labels, skipped);
    };
    view! {
        {selectable.then(|| view! {
            <div class="selection-bar" role="toolbar" aria-label=t(T::SelectedFiles)>
                <label class="inline">
                    <input type="checkbox" aria-label=t(T::SelectPage)
                        prop:checked=move || { let n = selected.with(Vec::len); n > 0 && n == page_keys.with_value(Vec::len) }
                        on:change=move |ev| {
                            if event_target_checked(&ev) { selected.set(page_keys.get_value()) } else { selected.set(Vec::new()) }
                        } />
                    {t(T::SelectPage)}
                </label>
                <Show when=move || !selected.with(Vec::is_empty)>
                    <span class="selection-count">{move || tf(T::SelectedCount, &[("count", &number(selected.with(Vec::len) as u64))])}</span>
                    <button class="secondary small" on:click=move |_| start_bulk(MediaAction::Quarantine)>{t(T::Quarantine)}</button>
                    <button class="secondary small" on:click=move |_| start_bulk(MediaAction::Unquarantine)>{t(T::Unquarantine)}</button>
                    <button class="secondary small" on:click=move |_| start_bulk(MediaAction::Protect)>{t(T::Protect)}</button>
                    <button class="secondary small" on:click=move |_| start_bulk(MediaAction::Unprotect)>{t(T::Unprotect)}</button>
                    <button class="danger small" on:click=move |_| bulk_delete.set(true)>{t(T::Delete)}</button>
                </Show>
            </div>
        })}
        {move || bulk_delete.get().then(|| {
            let rows = chosen();
            let (_, skipped) = plan_bulk(&rows, MediaAction::Delete);
            let n = rows.len() - skipped.len();
            let bytes: u64 = rows.iter().filter_map(|r| r.size()).map(|b| b.0).sum();
            let mut body = tf(T::DeleteSelectedBody, &[
                ("count", &number(n as u64)),
                ("selected", &number(rows.len() as u64)),
                ("size", &crate::model::ByteSize(bytes).human()),
            ]);
            if !skipped.is_empty() {
                body.push(' ');
                body.push_str(&tf(T::WillBeSkipped, &[("count", &number(skipped.len() as u64))]));
            }
            body.push(' ');
            body.push_str(&t(T::CannotBeUndone));
            view! {
                <ConfirmDialog title=t(T::DeleteSelectedTitle) body confirm_label=tn(P::DeleteNFiles, n as u64, &[])
                    on_cancel=move |_| bulk_delete.set(false)
                    on_confirm=move |_| { bulk_delete.set(false); start_bulk(MediaAction::Delete); } />
            }
        })}
        <div class="table-scroll">
        <table class="list media">
            <thead>
                <tr>
                    {selectable.then(|| view! { <th><span class="visually-hidden">{t(T::Select)}</span></th> })}
                    <th>{t(T::Preview)}</th>
                    {header(t(T::Name), MediaOrder::Name)}
                    {header(t(T::Type), MediaOrder::Type)}
                    {header(t(T::Size), MediaOrder::Size)}
                    {header(t(T::Created), MediaOrder::Created)}
                    {header(t(T::LastAccess), MediaOrder::LastAccess)}
                    <th>{t(T::State)}</th>
                    {show_uploader.then(|| view! { <th>{t(T::Uploader)}</th> })}
                    <th>{t(T::Actions)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| view! { <MediaRowView row show_uploader ctx on_delete all_rows selectable selected /> })
                    .collect_view()}
            </tbody>
        </table>
        </div>
        {move || confirm.get().map(|row| {
            let size = row.size().map(|s| format!(" ({}, {})", s.human(), s.exact())).unwrap_or_default();
            let body = tf(T::DeleteFileBody, &[("name", &row.name()), ("size", &size), ("mxc", &row.media.mxc())]);
            let target = row.clone();
            view! {
                <ConfirmDialog title=t(T::DeleteFileTitle) body confirm_label=t(T::DeleteFile)
                    on_cancel=move |_| confirm.set(None)
                    on_confirm=move |_| {
                        confirm.set(None);
                        run(ctx, target.clone(), MediaAction::Delete);
                    } />
            }
        })}
    }
}

/// What an action needs, taken from context once when the table is built: event handlers and
/// notification buttons run later, outside any component.
#[derive(Clone, Copy)]
struct ActionCtx {
    session: SessionCtx,
    toasts: Toasts,
    log: ActionLog,
    on_changed: Callback<()>,
}

/// Runs `action` on the row's file, reports the truth, offers Undo for reversible actions.
fn run(ctx: ActionCtx, row: MediaRow, action: MediaAction) {
    let ActionCtx {
        session,
        toasts,
        log,
        on_changed,
    } = ctx;
    let local = row.state.locality == Locality::Local;
    leptos::task::spawn_local(async move {
        match perform(session, &row.media, local, action).await {
            Ok(report) => {
                let text = describe(action, &row.name(), row.size(), &report.outcome);
                let done = report.outcome == Outcome::Done;
                log.record(action.label(), &row.media.mxc(), done, &text, None);
                let (tone, undo) = match report.outcome {
                    Outcome::Done => (Tone::Success, action.undo()),
                    Outcome::NoEffect(_) => (Tone::Info, None),
                };
                let undo = undo.map(|inverse| {
                    let row = row.clone();
                    ToastAction {
                        label: t(T::PgUndo),
                        run: Callback::new(move |_| run(ctx, row.clone(), inverse)),
                    }
                });
                toasts.push_with(tone, text, undo);
            }
            Err(e) => {
                let text = format!("{} “{}” failed: {e}", action.label(), row.name());
                log.record(action.label(), &row.media.mxc(), false, &text, None);
                let name = t(action.key());
                toasts.push(
                    Tone::Error,
                    tf(
                        T::PgActionFailed,
                        &[
                            ("action", &name),
                            ("name", &row.name()),
                            ("error", &e.to_string()),
                        ],
                    ),
                );
            }
        }
        on_changed.run(());
    });
}

#[component]
fn MediaRowView(
    row: MediaRow,
    show_uploader: bool,
    ctx: ActionCtx,
    on_delete: Callback<MediaRow>,
    all_rows: StoredValue<Vec<MediaRow>>,
    selectable: bool,
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let info = row.info.clone();
    let copies = all_rows.with_value(|rows| row.identical_copies_in(rows));
    let busy = RwSignal::new(false);
    let mxc = row.media.mxc();
    let sha = info.as_ref().and_then(|i| i.sha256.clone());
    let size = row.size();
    let never = || t(T::Never);
    // The date in the cell, how long ago in its tooltip ("3 days ago", the admin's language).
    let now = crate::model::cutoff::now();
    let created_ts = info.as_ref().and_then(|i| i.created_ts);
    let created = created_ts.map(|t| t.display_utc());
    let created_ago = created_ts.map(|t| t.from(now)).unwrap_or_default();
    let accessed_ts = info.as_ref().and_then(|i| i.last_access_ts);
    let accessed = accessed_ts.map(|t| t.display_utc());
    let accessed_ago = accessed_ts.map(|t| t.from(now)).unwrap_or_default();
    let media_type = info.as_ref().and_then(|i| i.media_type.clone());
    let origin = info
        .as_ref()
        .and_then(|i| i.media_origin.clone())
        .or_else(|| {
            (row.state.locality == Locality::RemoteNotCached).then(|| row.media.server.to_string())
        });
    let uploader = info.as_ref().and_then(|i| i.user_id.clone());
    let controls = row.state.controls();
    let mut state_label = row.state.label();
    if copies > 0 {
        state_label = tn(
            P::PgIdenticalCopies,
            copies as u64,
            &[("state", &state_label)],
        );
    }
    let details = RwSignal::new(false);
    let columns = (8 + usize::from(selectable) + usize::from(show_uploader)).to_string();
    let name = row.name();
    let name_line = match origin {
        Some(o) => tf(T::RemoteFrom, &[("name", &name), ("server", &o)]),
        None => name.clone(),
    };
    // The row's cells are leaves (see `leaf`): no marker comments, at most 40 nodes a row.
    let cell = |class_name: &'static str| Leaf::new("td").attr(class(class_name));
    let labelled = |class_name: &'static str, label: T| {
        cell(class_name).attr(a::custom::custom_attribute("data-label", t(label)))
    };
    let dash = || "—".to_owned();
    let select = selectable.then(|| {
        let key = mxc.clone();
        let key2 = mxc.clone();
        cell("select").child(
            Leaf::new("input")
                .attr(a::r#type("checkbox"))
                .attr(a::aria_label(tf(T::SelectName, &[("name", &name)])))
                .attr(prop("checked", move || selected.with(|s| s.contains(&key))))
                .attr(on(ev::change, move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|k| k != &key2);
                        if on {
                            s.push(key2.clone());
                        }
                    });
                })),
        )
    });
    let uploader = show_uploader.then(|| {
        let c = labelled("uploader", T::Uploader);
        match uploader {
            Some(u) => c.child(
                Leaf::new("a")
                    .attr(a::href(crate::href(&user_href(&u))))
                    .text(u.to_string()),
            ),
            None => c,
        }
    });
    let buttons = controls.into_iter().map(|c| {
        let row = row.clone();
        let class_name = if c.action == MediaAction::Delete {
            "danger small"
        } else {
            "secondary small"
        };
        Leaf::new("button")
            .attr(class(class_name))
            .attr(a::disabled(move || !c.enabled || busy.get()))
            .attr(a::title(c.reason.map(t)))
            .attr(on(ev::click, move |_| {
                if c.action == MediaAction::Delete {
                    on_delete.run(row.clone());
                } else {
                    busy.set(true);
                    run(ctx, row.clone(), c.action);
                }
            }))
            .text(t(c.label))
    });
    let actions = cell("actions").children(buttons).child(
        Leaf::new("button")
            .attr(class("link small"))
            .attr(a::aria_expanded(move || details.get().to_string()))
            .attr(a::aria_label(tf(T::DetailsOf, &[("name", &name)])))
            .attr(on(ev::click, move |_| details.update(|d| *d = !*d)))
            .text(t(T::Details)),
    );
    view! {
        <tr data-mxc=mxc.clone()>
            {select}
            {cell("preview-cell").child(view! { <Preview media=row.media.clone() info=row.info.clone() /> })}
            {cell("name").attr(a::title(mxc.clone())).text(name_line)}
            {labelled("type", T::Type).text(media_type.unwrap_or_else(dash))}
            {labelled("num size", T::Size).attr(a::title(size.map(|s| s.exact()))).text(size.map(|s| s.human()).unwrap_or_else(dash))}
            {labelled("created", T::Created).attr(a::title(created_ago)).text(created.unwrap_or_else(dash))}
            {labelled("accessed", T::LastAccess).attr(a::title(accessed_ago)).text(accessed.unwrap_or_else(never))}
            {cell("state").text(state_label)}
            {uploader}
            {actions}
        </tr>
        {move || details.get().then(|| {
            let mxc = mxc.clone();
            let sha = sha.clone();
            view! {
                <tr class="media-details">
                    <td colspan=columns.clone()>
                        <dl class="ids">
                            <dt>{t(T::MediaId)}</dt>
                            <dd class="mono">{mxc.clone()}" "
                                <button class="link copy" aria-label=t(T::CopyMxc)
                                    on:click=move |_| { copy_to_clipboard(&mxc); }>{t(T::Copy)}</button>
                            </dd>
                            <dt>"SHA-256"</dt>
                            <dd class="mono">{match sha {
                                Some(sha) => view! {
                                    {sha.clone()}" "
                                    <button class="link copy" aria-label=t(T::CopySha)
                                        on:click=move |_| { copy_to_clipboard(&sha); }>{t(T::Copy)}</button>
                                }.into_any(),
                                None => t(T::NotKnown).into_any(),
                            }}</dd>
                        </dl>
                    </td>
                </tr>
            }
        })}
    }
}
