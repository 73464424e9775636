//! Storage: one trait, two real implementations chosen by the database URL's scheme — SQLite (the embedded
//! default) and PostgreSQL (scale-out). Every stored change writes a revision, so history exists from day one.

mod postgres;
mod sql;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use crate::content::model::*;
use app::lang::Lang;
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt at {at}: {message}")]
    Corrupt { at: String, message: String },
    #[error("{0}")]
    Conflict(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// One stored language of a case or magazine, with the file text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredText {
    pub text: Text,
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub slug: String,
    pub source_lang: Lang,
    pub meta: CaseMeta,
    /// Source first, then translations in language order.
    pub texts: Vec<StoredText>,
}

impl CaseRecord {
    pub fn text(&self, lang: Lang) -> Option<&StoredText> {
        self.texts.iter().find(|t| t.text.lang == lang)
    }
    /// The text in `lang`, or the source text when there is no translation.
    pub fn text_or_source(&self, lang: Lang) -> &StoredText {
        self.text(lang)
            .or_else(|| self.text(self.source_lang))
            .unwrap_or(&self.texts[0])
    }
    pub fn languages(&self) -> Vec<Lang> {
        let mut l: Vec<Lang> = self.texts.iter().map(|t| t.text.lang).collect();
        l.sort();
        l
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MagazineRecord {
    pub slug: String,
    pub source_lang: Lang,
    pub meta: MagazineMeta,
    pub texts: Vec<StoredText>,
}

impl MagazineRecord {
    pub fn text_or_source(&self, lang: Lang) -> &StoredText {
        self.texts
            .iter()
            .find(|t| t.text.lang == lang)
            .or_else(|| self.texts.iter().find(|t| t.text.lang == self.source_lang))
            .unwrap_or(&self.texts[0])
    }
    pub fn languages(&self) -> Vec<Lang> {
        let mut l: Vec<Lang> = self.texts.iter().map(|t| t.text.lang).collect();
        l.sort();
        l
    }
}

/// A file stored beside a case or magazine (an illustration, a cover).
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// `cases/<slug>/<name>` or `magazines/<slug>/<name>`.
    pub path: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One past or present state of a stored item.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub path: String,
    pub revision: i64,
    pub hash: String,
    pub created_at: String,
}

/// Which cases to list: newest first.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub partner: Option<String>,
    pub theme: Option<String>,
    pub limit: Option<i64>,
}

#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`, for health reports.
    fn backend(&self) -> &'static str;
    async fn health(&self) -> StoreResult<()>;

    async fn put_partner(&self, partner: &Partner) -> StoreResult<Outcome>;
    async fn put_theme(&self, theme: &Theme) -> StoreResult<Outcome>;
    /// Writes a case's source file: its metadata and its source-language text.
    async fn put_case_source(
        &self,
        slug: &str,
        meta: &CaseMeta,
        text: &StoredText,
    ) -> StoreResult<Outcome>;
    /// Writes a translation of a case that already exists.
    async fn put_case_translation(&self, slug: &str, text: &StoredText) -> StoreResult<Outcome>;
    async fn put_magazine_source(
        &self,
        slug: &str,
        meta: &MagazineMeta,
        text: &StoredText,
    ) -> StoreResult<Outcome>;
    async fn put_magazine_translation(&self, slug: &str, text: &StoredText)
    -> StoreResult<Outcome>;
    async fn put_asset(&self, asset: &Asset) -> StoreResult<Outcome>;

    async fn partners(&self) -> StoreResult<Vec<Partner>>;
    async fn themes(&self) -> StoreResult<Vec<Theme>>;
    async fn cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseRecord>>;
    async fn case(&self, slug: &str) -> StoreResult<Option<CaseRecord>>;
    /// The stored cases among `slugs`, in the order given; slugs of no stored case are left out.
    async fn cases_by_slugs(&self, slugs: &[String]) -> StoreResult<Vec<CaseRecord>>;
    /// Case counts per partner and per theme.
    async fn case_counts(&self) -> StoreResult<(Vec<(String, i64)>, Vec<(String, i64)>)>;
    async fn magazines(&self) -> StoreResult<Vec<MagazineRecord>>;
    async fn magazine(&self, slug: &str) -> StoreResult<Option<MagazineRecord>>;
    async fn asset(&self, path: &str) -> StoreResult<Option<Asset>>;
    async fn asset_paths(&self) -> StoreResult<Vec<String>>;
    /// The history of one stored item, oldest first. Paths are content paths such as
    /// `cases/<slug>/<lang>.md` or `partners/<slug>`.
    async fn revisions(&self, path: &str) -> StoreResult<Vec<Revision>>;
}

pub type SharedStore = Arc<dyn Store>;

/// Opens the store a database URL names, and brings its schema up to date.
pub async fn open(url: &str) -> StoreResult<SharedStore> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    }
}

pub(crate) fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
