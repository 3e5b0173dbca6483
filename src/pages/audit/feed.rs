//! The quarantine change feed, newest first: the feed is walked once to its end (remembering
//! only where each page starts), then one screen of 100 changes is read and shown at a time.

use crate::api::quarantine_changes::{QuarantineChange, QuarantineChanges};
use crate::api::server::ServerVersion;
use crate::api::ApiError;
use crate::components::load::{LoadError, Loading};
use crate::i18n::{number, t, tf, tn, P, T};
use crate::model::quarantine_feed::FeedIndex;
use crate::model::route::media_href;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
enum Walk {
    Reading,
    Ready,
    /// The server predates the feed; holds its version as far as known.
    Unavailable(Option<String>),
    Failed(ApiError),
}

#[component]
pub fn QuarantineFeed() -> impl IntoView {
    let session = SessionCtx::expect();
    let index = RwSignal::new(FeedIndex::default());
    let walk = RwSignal::new(Walk::Reading);
    let screen = RwSignal::new(0u64);
    // Stops a walk still under way when the page is left.
    let alive = Arc::new(AtomicBool::new(true));
    let on_leave = alive.clone();
    on_cleanup(move || on_leave.store(false, Ordering::Relaxed));
    let start = move || {
        let alive = alive.clone();
        walk.set(Walk::Reading);
        leptos::task::spawn_local(async move {
            let outcome = walk_to_end(session, index, &alive).await;
            if alive.load(Ordering::Relaxed) {
                walk.try_set(outcome);
            }
        });
    };
    start();
    let start = StoredValue::new(start);
    let rows = LocalResource::new(move || {
        let ready = walk.get() == Walk::Ready;
        let plan = index.with(|i| i.screen(screen.get()));
        async move {
            let plan = plan.filter(|_| ready)?;
            let mut read = Vec::new();
            for from in &plan.reads {
                match session.call(&QuarantineChanges { from: *from }).await {
                    Ok(page) => read.extend(page.changes),
                    Err(e) => return Some(Err(e)),
                }
            }
            let shown: Vec<(u64, QuarantineChange)> = read
                .into_iter()
                .skip(plan.skip)
                .take(plan.take)
                .enumerate()
                .map(|(i, c)| (plan.first + i as u64 + 1, c))
                .rev()
                .collect();
            Some(Ok(shown))
        }
    });
    let refresh = move |_| {
        index.update(FeedIndex::reopen);
        screen.set(0);
        start.with_value(|s| s());
    };
    move || {
        match walk.get() {
        Walk::Reading => {
            let n = index.with(FeedIndex::total);
            view! { <p class="loading" aria-busy="true">{tn(P::PgReadingFeed, n, &[])}</p> }.into_any()
        }
        Walk::Unavailable(version) => view! {
            <p class="notice">{match version {
                Some(v) => tf(T::PgFeedNeedsNewer, &[("version", &v)]),
                None => t(T::PgFeedNeedsNewerUnknown),
            }}</p>
        }.into_any(),
        Walk::Failed(error) => view! {
            <LoadError error what=t(T::TheQuarantineFeed) />
            <button class="secondary" on:click=refresh>{t(T::PgTryAgain)}</button>
        }.into_any(),
        Walk::Ready => view! {
            <Transition fallback=|| view! { <Loading what=t(T::PgTheChanges) /> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        None => ().into_any(),
                        Some(Err(error)) => view! {
                            <LoadError error what=t(T::PgTheseChanges) />
                            <button class="secondary" on:click=refresh>{t(T::PgTryAgain)}</button>
                        }.into_any(),
                        Some(Ok(shown)) => changes_table(session, shown, index, screen, refresh).into_any(),
                    }
                })}
            </Transition>
        }.into_any(),
    }
    }
}

/// Follows `next_batch` from where the index stopped to the end of the feed.
async fn walk_to_end(session: SessionCtx, index: RwSignal<FeedIndex>, alive: &AtomicBool) -> Walk {
    let mut restarted = false;
    while let Some(from) = index.with_untracked(FeedIndex::next_from) {
        if !alive.load(Ordering::Relaxed) {
            return Walk::Reading;
        }
        match session.call(&QuarantineChanges { from }).await {
            Ok(page) => {
                index.try_update(|i| i.add_page(page.changes.len(), page.next_batch));
            }
            Err(e) if e.is_unrecognized() => {
                let version = session
                    .call(&ServerVersion)
                    .await
                    .ok()
                    .map(|v| v.server_version);
                return Walk::Unavailable(version);
            }
            // A position the server no longer knows (its database was reset): start over, once.
            Err(e) if e.errcode() == Some("M_INVALID_PARAM") && from > 0 && !restarted => {
                restarted = true;
                index.try_set(FeedIndex::default());
            }
            Err(e) => return Walk::Failed(e),
        }
    }
    Walk::Ready
}

fn changes_table(
    session: SessionCtx,
    shown: Vec<(u64, QuarantineChange)>,
    index: RwSignal<FeedIndex>,
    screen: RwSignal<u64>,
    refresh: impl Fn(leptos::ev::MouseEvent) + Copy + 'static,
) -> impl IntoView {
    let total = index.with_untracked(FeedIndex::total);
    let screens = index.with_untracked(FeedIndex::screens);
    let k = screen.get_untracked();
    let server = session
        .get_untracked()
        .map(|s| s.server_name())
        .unwrap_or_default();
    let position = match (shown.last(), shown.first()) {
        (Some((oldest, _)), Some((newest, _))) => tf(
            T::PgChangesOf,
            &[
                ("from", &number(*oldest)),
                ("to", &number(*newest)),
                ("total", &number(total)),
            ],
        ),
        _ => t(T::PgNoQuarantineChanges),
    };
    view! {
        <nav class="pager" aria-label=t(T::PgQuarantineChangePages)>
            <span class="position">{position}</span>
            <button class="secondary" disabled={k == 0} on:click=move |_| screen.set(k.saturating_sub(1))>{t(T::PgNewer)}</button>
            <button class="secondary" disabled={k + 1 >= screens} on:click=move |_| screen.set(k + 1)>{t(T::PgLoadOlder)}</button>
            <button class="secondary" on:click=refresh>{t(T::PgRefresh)}</button>
        </nav>
        {(!shown.is_empty()).then(|| view! {
            <div class="table-scroll">
                <table class="list" aria-label=t(T::PgQuarantineChanges)>
                    <thead><tr><th>"#"</th><th>{t(T::File)}</th><th>{t(T::PgChange)}</th><th>{t(T::PgWhere)}</th></tr></thead>
                    <tbody>
                        {shown.into_iter().map(|(n, c)| change_row(n, c, &server)).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

fn change_row(n: u64, c: QuarantineChange, server: &str) -> impl IntoView {
    let change = t(if c.quarantined {
        T::Quarantined
    } else {
        T::Released
    });
    let place = if c.origin == server {
        t(T::PgLocal)
    } else {
        tf(T::PgRemoteFrom, &[("server", &c.origin)])
    };
    let file = match c.media() {
        Some(m) => view! { <A href=crate::href(&media_href(&m)) attr:class="mono">{m.mxc()}</A> }
            .into_any(),
        None => {
            view! { <span class="mono">{format!("{}/{}", c.origin, c.media_id)}</span> }.into_any()
        }
    };
    view! {
        <tr>
            <td class="num">{number(n)}</td>
            <td>{file}</td>
            <td>{change}</td>
            <td>{place}</td>
        </tr>
    }
}
