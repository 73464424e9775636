#![recursion_limit = "256"]
//! Likewise's user interface: pages, components, view models and interface text. Compiled twice: with
//! `ssr` into the server, and with `hydrate` into the WebAssembly that makes pages interactive.

pub mod account;
pub mod api;
pub mod components;
pub mod desk;
pub mod desk_api;
pub mod discussion;
pub mod discussion_api;
pub mod error;
pub mod lang;
#[cfg(feature = "ssr")]
pub mod library;
pub mod model;
pub mod pages;
pub mod stats;
pub mod text;

/// The interface text, generated from `locales/*.json` at compile time.
mod locales {
    #![allow(deprecated)]
    leptos_i18n::load_locales!();
}
pub use locales::i18n;

use components::chrome::Chrome;
use components::status::NotFound;
use lang::Lang;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

/// The language named by the first segment of a path, if it is one of ours.
pub fn lang_of_path(path: &str) -> Option<Lang> {
    path.trim_start_matches('/').split('/').next()?.parse().ok()
}

/// Whether the page at `path` has an island (an interactive part in WebAssembly): the search page alone.
pub fn has_islands(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    matches!(
        (
            segments.next().and_then(|l| l.parse::<Lang>().ok()),
            segments.next(),
            segments.next()
        ),
        (Some(_), Some("search"), None)
    )
}

/// What the server tells every page about the site it is part of.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiteInfo {
    /// The public address, without a trailing slash (`LIKEWISE_PUBLIC_URL`): canonical and alternate links
    /// are absolute, as search engines want them.
    pub public_url: String,
    /// The stylesheet's address, with a content hash in its name so browsers may keep it forever.
    pub stylesheet: String,
}

/// The site information in context (empty where none was provided).
pub fn use_site() -> SiteInfo {
    use_context::<SiteInfo>().unwrap_or_default()
}

/// The HTML document around the app; rendered on the server only. Pages are server-rendered HTML; only
/// islands (interactive parts) load WebAssembly, so a reading page costs a phone almost nothing.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let path = use_context::<http::request::Parts>()
        .map(|parts| parts.uri.path().to_string())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let path = String::new();
    let lang = lang_of_path(&path).unwrap_or(Lang::En);
    // Only pages with an island load the WebAssembly: a reading page is HTML and CSS alone.
    let scripts = has_islands(&path).then(|| view! { <HydrationScripts options islands=true/> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href=format!("/{}/manifest.webmanifest", lang.code())/>
                <meta name="theme-color" content="#0b5394"/>
                {scripts}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site = use_site();
    let stylesheet = if site.stylesheet.is_empty() {
        "/pkg/likewise.css".to_string()
    } else {
        site.stylesheet
    };
    view! {
        <Stylesheet id="leptos" href=stylesheet/>
        <Router>
            <Routes fallback=FallbackPage>
                <ParentRoute path=ParamSegment("lang") view=LangLayout ssr=SsrMode::Async>
                    <Route path=StaticSegment("") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("magazines") view=pages::magazines::MagazinesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("magazines"), ParamSegment("slug")) view=pages::magazines::MagazinePage ssr=SsrMode::Async/>
                    // Before the reading view: `print` and `card` are no case's slug (the import refuses them).
                    <Route path=(StaticSegment("magazines"), ParamSegment("slug"), StaticSegment("print")) view=pages::issue::IssuePrintPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("magazines"), ParamSegment("slug"), StaticSegment("card")) view=pages::issue::StandCardPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("magazines"), ParamSegment("slug"), ParamSegment("case")) view=pages::issue::IssueCasePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cases"), ParamSegment("slug")) view=pages::case::CasePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("partners") view=pages::partners::PartnersPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("partners"), ParamSegment("slug")) view=pages::partners::PartnerPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("search") view=pages::search::SearchPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("accessibility") view=pages::accessibility::AccessibilityPage/>
                    <Route path=StaticSegment("stats") view=pages::stats::StatsPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("themes") view=pages::themes::ThemesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("themes"), ParamSegment("slug")) view=pages::themes::ThemePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("sign-in") view=pages::account::SignInPage/>
                    <Route path=StaticSegment("account") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("reset"), ParamSegment("token")) view=pages::account::ResetPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("admin") view=pages::admin::AdminPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("desk") view=pages::desk::DeskPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("translate") view=pages::translate::TranslateDeskPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("moderation") view=pages::moderation::ModerationPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("notifications") view=pages::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("desk"), StaticSegment("new"), ParamSegment("kind")) view=pages::desk::EditorPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("desk"), ParamSegment("kind"), ParamSegment("slug")) view=pages::desk::EditorPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("desk"), ParamSegment("kind"), ParamSegment("slug"), StaticSegment("history")) view=pages::history::HistoryPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Frames every page of a supported language; any other first segment is a 404.
#[component]
fn LangLayout() -> impl IntoView {
    let location = use_location();
    match lang_of_path(&location.pathname.get_untracked()) {
        Some(lang) => view! { <Chrome lang><Outlet/></Chrome> }.into_any(),
        None => view! { <FallbackPage/> }.into_any(),
    }
}

/// A path no route knows: the 404 page, in the path's language when it names one.
#[component]
fn FallbackPage() -> impl IntoView {
    let location = use_location();
    let lang = lang_of_path(&location.pathname.get_untracked()).unwrap_or(Lang::En);
    view! { <Chrome lang><NotFound lang/></Chrome> }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Islands mode: the page is server-rendered HTML; the island script that called this hydrates each
    // `#[island]` on the page by itself afterwards.
    console_error_panic_hook::set_once();
    // The async executor and the root owner islands run under (search as you type spawns tasks).
    leptos::mount::hydrate_islands();
    // Tells end-to-end tests (and curious readers of the DOM) that the page is now interactive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
