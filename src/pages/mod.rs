//! One module per route. Pages read with resources and write with actions; the rules they show
//! live in `model`, the calls in `api`.

pub mod audit;
pub mod jobs;
pub mod login;
pub mod login_methods;
pub mod media_lookup;
pub mod not_found;
pub mod oauth_callback;
pub mod overview;
pub mod retention;
pub mod room;
pub mod room_media;
pub mod rooms;
pub mod statistics;
pub mod user;
pub mod user_media;
pub mod users;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A query value of the current URL, decoded.
pub(crate) fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)))
}

/// A yes/no cell: a word, so it reads in any theme and to a screen reader.
pub(crate) fn yes_no(value: bool) -> String {
    crate::i18n::t(if value {
        crate::i18n::T::Yes
    } else {
        crate::i18n::T::No
    })
}
