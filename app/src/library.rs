//! What the UI needs from the backend. The server implements it and hands it to Leptos as context, so pages
//! never touch SQL and the backend can be tested without a browser.

use crate::lang::Lang;
use crate::model::*;
use std::sync::Arc;

/// The backend failed; the message is for the log, never for the reader.
#[derive(Debug, thiserror::Error)]
#[error("library unavailable: {0}")]
pub struct LibraryError(pub String);

pub type LibraryResult<T> = Result<T, LibraryError>;

#[async_trait::async_trait]
pub trait Library: Send + Sync {
    async fn home(&self, lang: Lang) -> LibraryResult<HomeView>;
    async fn magazines(&self, lang: Lang) -> LibraryResult<Vec<MagazineCard>>;
    async fn magazine(&self, lang: Lang, slug: &str) -> LibraryResult<Option<MagazineView>>;
    async fn case(&self, lang: Lang, slug: &str) -> LibraryResult<Option<CaseView>>;
    async fn partners(&self, lang: Lang) -> LibraryResult<Vec<PartnerSummary>>;
    async fn partner(&self, lang: Lang, slug: &str) -> LibraryResult<Option<PartnerView>>;
    async fn themes(&self, lang: Lang) -> LibraryResult<Vec<ThemeSummary>>;
    async fn theme(&self, lang: Lang, slug: &str) -> LibraryResult<Option<ThemeView>>;
}

/// The library as Leptos context.
pub type SharedLibrary = Arc<dyn Library>;
