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
pub mod stats;
pub mod themes;
pub mod translate;

use crate::lang::Lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The page's language. Language switches reload the page, so it is fixed for a page's lifetime.
/// A page's data: fetched on the server while the page renders, and not also written into the page. A
/// `Resource` serialises what it fetched for the browser to hydrate with; only the search page has an island
/// to hydrate, and it reads its markup, not data, so elsewhere that copy (a case's comments twice over, JSON
/// in a script) would only weigh on every page.
pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> AsyncDerived<T>
where
    S: 'static,
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    AsyncDerived::new(move || fetch(source()))
}

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
