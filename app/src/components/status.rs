//! Pages for what went wrong: not found (a real 404) and a backend that cannot be reached (503).

use crate::lang::Lang;
use crate::tr;
use leptos::prelude::*;

use super::chrome::PageMeta;

fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response
            .set_status(http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::NOT_FOUND));
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFound(lang: Lang) -> impl IntoView {
    set_status(404);
    view! {
        <PageMeta lang title=tr!(lang, not_found_title).to_string() description=tr!(lang, not_found_text).to_string()/>
        <section class="status" data-test="not-found">
            <h1>{tr!(lang, not_found_title)}</h1>
            <p>{tr!(lang, not_found_text)}</p>
            <p><a href=format!("/{lang}/")>{tr!(lang, back_home)}</a></p>
        </section>
    }
}

#[component]
pub fn Unavailable(lang: Lang) -> impl IntoView {
    set_status(503);
    view! {
        <PageMeta lang title=tr!(lang, error_title).to_string() description=tr!(lang, error_text).to_string()/>
        <section class="status" role="alert">
            <h1>{tr!(lang, error_title)}</h1>
            <p>{tr!(lang, error_text)}</p>
        </section>
    }
}
