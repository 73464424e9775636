//! Rendering a page of the app from a handler: the answer to a form post that needs correcting is the
//! same page, rendered with what was typed (`Prefilled`) and the errors, with the status that says why.

use super::AppState;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use leptos::prelude::*;

/// What every render of the app has in context: the read path, the desk, the site, the nonce.
pub fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let library = state.library.clone();
    let desk: app::desk::SharedDesk = state.desk.clone();
    let discussion: app::discussion::SharedDiscussion = state.discussion_views.clone();
    let site_info = app::SiteInfo {
        public_url: state.config.public_url.clone(),
        stylesheet: state.assets.stylesheet.clone(),
    };
    // Leptos stamps a fresh random nonce into every render. A cached page is one render served to many, so
    // the value is fixed per build of the front end instead, and the script policy names it.
    let nonce = leptos::nonce::Nonce::from_value(state.nonce.clone());
    move || {
        provide_context(library.clone());
        provide_context(desk.clone());
        provide_context(discussion.clone());
        provide_context(site_info.clone());
        provide_context(nonce.clone());
    }
}

async fn render(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let base = page_context(state);
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            base();
            extra();
        },
        move || app::shell(options.clone()),
    );
    parts.method = Method::GET;
    handler(Request::from_parts(parts, Body::empty())).await
}

/// The page at the request's path with `value` in context, answered with `status` (unless the page
/// chose a status of its own, such as a 403).
pub async fn render_page<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: axum::http::request::Parts,
    status: StatusCode,
    value: T,
) -> Response {
    let mut response = render(state, parts, move || provide_context(value.clone())).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// The page at the request's path as a GET would show it.
pub async fn render_get(
    state: &AppState,
    parts: axum::http::request::Parts,
    status: StatusCode,
) -> Response {
    let mut response = render(state, parts, || {}).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}
