//! `/media` and `/media/:server_name/:media_id`: find one file from an mxc URI or the download
//! URL a report contains, and act on it.

use crate::components::load::{LoadError, Loading};
use crate::components::media_table::MediaTable;
use crate::i18n::{t, tf, T};
use crate::model::media::{MediaRef, MediaRow};
use crate::model::route::{decode, media_href, user_href};
use crate::state::media_actions::read_state;
use crate::state::session::SessionCtx;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn MediaLookupPage() -> impl IntoView {
    let session = SessionCtx::expect();
    let params = use_params_map();
    let navigate = use_navigate();
    let target = Memo::new(move |_| {
        params.with(|p| match (p.get("server_name"), p.get("media_id")) {
            (Some(server), Some(id)) => Some(MediaRef::new(&decode(&server), &decode(&id))),
            _ => None,
        })
    });
    let input = RwSignal::new(String::new());
    let input_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(m)) = target.get() {
            input.set(m.mxc());
        }
    });
    let reload = RwSignal::new(0u32);
    // Made once for the page, so notifications' Undo still reaches it after the table redraws.
    let on_changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    let found = LocalResource::new(move || {
        let t = target.get();
        reload.track();
        async move {
            let media = match t {
                None => return None,
                Some(Err(e)) => return Some(Err(crate::api::ApiError::Refused(e.to_string()))),
                Some(Ok(m)) => m,
            };
            let local = session
                .get_untracked()
                .is_some_and(|s| media.is_local_to(&s.server_name()));
            Some(
                read_state(session, &media, local)
                    .await
                    .map(|(state, info)| MediaRow { media, info, state }),
            )
        }
    });
    view! {
        <h1>{t(T::MediaLookup)}</h1>
        <form class="filters" on:submit=move |ev| {
            ev.prevent_default();
            match MediaRef::parse_input(&input.get_untracked()) {
                Ok(m) => {
                    input_error.set(None);
                    navigate(&media_href(&m), Default::default());
                }
                Err(e) => input_error.set(Some(e.to_string())),
            }
        }>
            <label class="grow">
                {t(T::MxcOrUrl)}
                <input type="text" name="media" bind:value=input
                    placeholder=t(T::MxcOrUrlHint) />
            </label>
            <button type="submit">{t(T::LookUp)}</button>
        </form>
        {move || input_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <Transition fallback=|| view! { <Loading what=t(T::TheFile) /> }>
            {move || Suspend::new(async move {
                match found.await {
                    None => view! { <p class="hint">{t(T::PasteHint)}</p> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error what=t(T::TheFile) /> }.into_any(),
                    Some(Ok(row)) => details(row, on_changed).into_any(),
                }
            })}
        </Transition>
    }
}

fn details(row: MediaRow, on_changed: Callback<()>) -> impl IntoView {
    let info = row.info.clone();
    let uploader = info.as_ref().and_then(|i| i.user_id.clone());
    let origin = info.as_ref().and_then(|i| i.media_origin.clone());
    let sha = info.as_ref().and_then(|i| i.sha256.clone());
    let summary = match (&info, row.state.locality) {
        (None, crate::model::media::Locality::Deleted) => Some(t(T::NoSuchFile)),
        (None, _) => Some(t(T::NoRemoteCopy)),
        _ => None,
    };
    view! {
        {summary.map(|s| view! { <p class="notice">{s}</p> })}
        <dl class="facts">
            <dt>{t(T::File)}</dt><dd class="mono">{row.media.mxc()}</dd>
            <dt>{t(T::Uploader)}</dt><dd>{match uploader {
                Some(u) => view! { <A href=crate::href(&user_href(&u))>{u.to_string()}</A> }.into_any(),
                None => view! { <span>{origin.clone().map(|o| tf(T::RemoteFromServer, &[("server", &o)])).unwrap_or_else(|| "—".into())}</span> }.into_any(),
            }}</dd>
            <dt>{t(T::State)}</dt><dd>{row.state.label()}</dd>
            <dt>"SHA-256"</dt><dd class="mono">{sha.unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <MediaTable rows=vec![row] on_changed />
    }
}
