//! What the UI needs from the backend. The server implements it and hands it to Leptos as context, so pages
//! never touch SQL and the backend can be tested without a browser.

use crate::lang::Lang;
use crate::model::*;
use std::sync::Arc;

pub use crate::error::LibraryError;

pub type LibraryResult<T> = Result<T, LibraryError>;

/// List pages take a 1-based `page`; a page past the end of its list is `None`, like an unknown slug.
#[async_trait::async_trait]
pub trait Library: Send + Sync {
    async fn home(&self, lang: Lang) -> LibraryResult<HomeView>;
    async fn magazines(&self, lang: Lang, page: u32) -> LibraryResult<Option<MagazineList>>;
    async fn magazine(&self, lang: Lang, slug: &str) -> LibraryResult<Option<MagazineView>>;
    async fn case(&self, lang: Lang, slug: &str) -> LibraryResult<Option<CaseView>>;
    /// A case inside a magazine issue; `None` unless both are published and the issue lists the case.
    async fn issue_case(
        &self,
        lang: Lang,
        magazine: &str,
        case: &str,
    ) -> LibraryResult<Option<IssueCaseView>>;
    /// A magazine and all its published cases in full.
    async fn issue(&self, lang: Lang, magazine: &str) -> LibraryResult<Option<IssueView>>;
    async fn partners(&self, lang: Lang) -> LibraryResult<Vec<PartnerSummary>>;
    async fn partner(
        &self,
        lang: Lang,
        slug: &str,
        page: u32,
    ) -> LibraryResult<Option<PartnerView>>;
    async fn themes(&self, lang: Lang) -> LibraryResult<Vec<ThemeSummary>>;
    async fn theme(&self, lang: Lang, slug: &str, page: u32) -> LibraryResult<Option<ThemeView>>;
    /// A page of search results; a page past the end has no hits.
    async fn search(&self, lang: Lang, params: SearchParams) -> LibraryResult<SearchView>;
    /// The statistics page's figures for the cases `params` select.
    async fn stats(
        &self,
        lang: Lang,
        params: crate::stats::StatsParams,
    ) -> LibraryResult<crate::stats::StatsView>;
}

/// The library as Leptos context.
pub type SharedLibrary = Arc<dyn Library>;
