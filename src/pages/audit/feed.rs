//! The quarantine change feed, newest first: the feed is walked once to its end (remembering
//! only where each page starts), then one screen of 100 changes is read and shown at a time.

use crate::api::quarantine_changes::{QuarantineChange, QuarantineChanges};
use crate::api::server::ServerVersion;
use crate::api::ApiError;
use crate::components::load::{LoadError, Loading};
use crate::model::quarantine_feed::FeedIndex;
use crate::model::route::media_href;
use crate::model::units::group_thousands;
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
    Unavailable(String),
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
            view! { <p class="loading" aria-busy="true">{format!("Reading the quarantine change feed… {} changes so far", group_thousands(n))}</p> }.into_any()
        }
        Walk::Unavailable(version) => view! {
            <p class="notice">{format!("The quarantine change feed needs Synapse 1.152 or newer; this server is {version}. The action log below still lists what was done from this browser.")}</p>
        }.into_any(),
        Walk::Failed(error) => view! {
            <LoadError error what="the quarantine change feed" />
            <button class="secondary" on:click=refresh>"Try again"</button>
        }.into_any(),
        Walk::Ready => view! {
            <Transition fallback=|| view! { <Loading what="the changes" /> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        None => ().into_any(),
                        Some(Err(error)) => view! {
                            <LoadError error what="these changes" />
                            <button class="secondary" on:click=refresh>"Try again"</button>
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
                let version = match session.call(&ServerVersion).await {
                    Ok(v) => format!("Synapse {}", v.server_version),
                    Err(_) => "of an unknown version".to_owned(),
                };
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
        (Some((oldest, _)), Some((newest, _))) => format!(
            "Changes {}–{} of {}, newest first",
            group_thousands(*oldest),
            group_thousands(*newest),
            group_thousands(total)
        ),
        _ => "No quarantine changes recorded yet.".to_owned(),
    };
    view! {
        <nav class="pager" aria-label="Quarantine change pages">
            <span class="position">{position}</span>
            <button class="secondary" disabled={k == 0} on:click=move |_| screen.set(k.saturating_sub(1))>"Newer"</button>
            <button class="secondary" disabled={k + 1 >= screens} on:click=move |_| screen.set(k + 1)>"Load older"</button>
            <button class="secondary" on:click=refresh>"Refresh"</button>
        </nav>
        {(!shown.is_empty()).then(|| view! {
            <div class="table-scroll">
                <table class="list" aria-label="Quarantine changes">
                    <thead><tr><th>"#"</th><th>"File"</th><th>"Change"</th><th>"Where"</th></tr></thead>
                    <tbody>
                        {shown.into_iter().map(|(n, c)| change_row(n, c, &server)).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

fn change_row(n: u64, c: QuarantineChange, server: &str) -> impl IntoView {
    let change = if c.quarantined {
        "Quarantined"
    } else {
        "Released"
    };
    let place = if c.origin == server {
        "Local".to_owned()
    } else {
        format!("Remote, from {}", c.origin)
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
            <td class="num">{group_thousands(n)}</td>
            <td>{file}</td>
            <td>{change}</td>
            <td>{place}</td>
        </tr>
    }
}
