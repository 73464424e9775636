//! One module per page template. Every page reads the language from the URL and its data through a
//! server function, rendered on the server before the response is sent (so pages work without JavaScript).

pub mod accessibility;
pub mod account;
pub mod admin;
pub mod case;
pub mod desk;
pub mod history;
pub mod home;
pub mod issue;
pub mod magazines;
pub mod moderation;
pub mod notifications;
pub mod partners;
pub mod search;
pub mod themes;
pub mod translate;

use crate::lang::Lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The page's language. Language switches reload the page, so it is fixed for a page's lifetime.
pub fn use_lang() -> Lang {
    use_params_map()
        .read_untracked()
        .get("lang")
        .and_then(|l| l.parse().ok())
        .unwrap_or(Lang::En)
}

/// The `slug` path parameter, tracked so that in-app navigation between two items refetches.
pub fn use_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

/// The `page` query parameter of a list: 1 when absent, 0 (no such page) when it is not a number.
pub fn use_page() -> Memo<u32> {
    let query = use_query_map();
    Memo::new(move |_| match query.read().get("page") {
        None => 1,
        Some(p) => p.parse().unwrap_or(0),
    })
}
