//! Server functions: the thin bridge from pages to the `Library` in context.

use crate::lang::Lang;
use crate::model::*;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
mod backend {
    use crate::library::{LibraryError, SharedLibrary};
    use leptos::prelude::*;

    pub fn library() -> Result<SharedLibrary, ServerFnError> {
        use_context::<SharedLibrary>()
            .ok_or_else(|| ServerFnError::new("the library is missing from the server context"))
    }

    /// Logs the cause and gives the reader a stable code the UI translates.
    pub fn unavailable(e: LibraryError) -> ServerFnError {
        leptos::logging::error!("{e}");
        ServerFnError::new("unavailable")
    }
}

#[server(input = GetUrl)]
pub async fn get_home(lang: Lang) -> Result<HomeView, ServerFnError> {
    let lib = backend::library()?;
    lib.home(lang).await.map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_magazines(lang: Lang) -> Result<Vec<MagazineCard>, ServerFnError> {
    let lib = backend::library()?;
    lib.magazines(lang).await.map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_magazine(lang: Lang, slug: String) -> Result<Option<MagazineView>, ServerFnError> {
    let lib = backend::library()?;
    lib.magazine(lang, &slug)
        .await
        .map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_case(lang: Lang, slug: String) -> Result<Option<CaseView>, ServerFnError> {
    let lib = backend::library()?;
    lib.case(lang, &slug).await.map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_partners(lang: Lang) -> Result<Vec<PartnerSummary>, ServerFnError> {
    let lib = backend::library()?;
    lib.partners(lang).await.map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_partner(lang: Lang, slug: String) -> Result<Option<PartnerView>, ServerFnError> {
    let lib = backend::library()?;
    lib.partner(lang, &slug).await.map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_themes(lang: Lang) -> Result<Vec<ThemeSummary>, ServerFnError> {
    let lib = backend::library()?;
    lib.themes(lang).await.map_err(backend::unavailable)
}

#[server(input = GetUrl)]
pub async fn get_theme(lang: Lang, slug: String) -> Result<Option<ThemeView>, ServerFnError> {
    let lib = backend::library()?;
    lib.theme(lang, &slug).await.map_err(backend::unavailable)
}
