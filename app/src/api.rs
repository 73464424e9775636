//! Server functions: the thin bridge from pages to the `Library` in context. Errors keep their type
//! ([`LibraryError`]) all the way to the page.

use crate::error::LibraryError;
use crate::lang::Lang;
use crate::model::*;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
fn library() -> Result<crate::library::SharedLibrary, LibraryError> {
    use_context::<crate::library::SharedLibrary>().ok_or(LibraryError::Unavailable)
}

#[server(input = GetUrl)]
pub async fn get_home(lang: Lang) -> Result<HomeView, LibraryError> {
    library()?.home(lang).await
}

#[server(input = GetUrl)]
pub async fn get_magazines(lang: Lang, page: u32) -> Result<Option<MagazineList>, LibraryError> {
    library()?.magazines(lang, page).await
}

#[server(input = GetUrl)]
pub async fn get_magazine(lang: Lang, slug: String) -> Result<Option<MagazineView>, LibraryError> {
    library()?.magazine(lang, &slug).await
}

#[server(input = GetUrl)]
pub async fn get_case(lang: Lang, slug: String) -> Result<Option<CaseView>, LibraryError> {
    library()?.case(lang, &slug).await
}

#[server(input = GetUrl)]
pub async fn get_issue_case(
    lang: Lang,
    magazine: String,
    case: String,
) -> Result<Option<IssueCaseView>, LibraryError> {
    library()?.issue_case(lang, &magazine, &case).await
}

#[server(input = GetUrl)]
pub async fn get_issue(lang: Lang, magazine: String) -> Result<Option<IssueView>, LibraryError> {
    library()?.issue(lang, &magazine).await
}

#[server(input = GetUrl)]
pub async fn get_partners(lang: Lang) -> Result<Vec<PartnerSummary>, LibraryError> {
    library()?.partners(lang).await
}

#[server(input = GetUrl)]
pub async fn get_partner(
    lang: Lang,
    slug: String,
    page: u32,
) -> Result<Option<PartnerView>, LibraryError> {
    library()?.partner(lang, &slug, page).await
}

#[server(input = GetUrl)]
pub async fn get_themes(lang: Lang) -> Result<Vec<ThemeSummary>, LibraryError> {
    library()?.themes(lang).await
}

#[server(input = GetUrl)]
pub async fn get_theme(
    lang: Lang,
    slug: String,
    page: u32,
) -> Result<Option<ThemeView>, LibraryError> {
    library()?.theme(lang, &slug, page).await
}

/// The statistics page, asked with the query string of its address (`theme=…&country=…&from=…`).
#[server(input = GetUrl)]
pub async fn get_stats(lang: Lang, query: String) -> Result<crate::stats::StatsView, LibraryError> {
    library()?
        .stats(lang, crate::stats::StatsParams::from_query(&query))
        .await
}

/// A search, asked with the query string of the search page's address (`q=…&theme=…&page=…`).
#[server(input = GetUrl)]
pub async fn search_cases(lang: Lang, query: String) -> Result<SearchView, LibraryError> {
    library()?
        .search(lang, SearchParams::from_query(&query))
        .await
}
