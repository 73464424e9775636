//! Storage: one trait, two real implementations chosen by the database URL's scheme — SQLite (the embedded
//! default) and PostgreSQL (scale-out). It keeps the domain model and knows no file format: the texts it is
//! given arrive validated and rendered, and the file text beside them is kept as an opaque string for
//! history and export.
//!
//! Every write runs in one transaction that also writes a revision and, when something changed, a record in
//! the change log: page caches and the search index follow the log, so they catch up after any crash.
//! Every read of a page runs in one [`Snapshot`]: one consistent state, even while an import is writing.

pub mod accounts;
pub mod comments;
mod docs;
mod follow;
pub mod kept;
mod postgres;
mod sql;
mod sqlite;

pub use follow::{ChangeListener, Position};

/// The library writes this process committed through one store, raised after each commit that logged a
/// change. What is kept in memory under the change log (`kept::Kept`) is checked against it, so whoever made
/// a change reads it at once on this instance, without waiting for the change-log follower's next poll;
/// other instances follow within a poll.
#[derive(Clone, Default)]
pub struct WriteCount(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl WriteCount {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn raise(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}
pub use postgres::PgStore;
pub use sqlite::{BackupError, SqliteStore};

pub use crate::domain::ItemKind;
use crate::domain::*;
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
    #[error("the database schema is at migration {applied}; this binary needs {known}")]
    SchemaBehind { applied: i64, known: i64 },
}

pub type StoreResult<T> = Result<T, StoreError>;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// One language of a case or magazine as it is written: its words, the file text it came from, and its
/// body rendered to sanitised HTML by `renderer` (a version number of the Markdown pipeline).
#[derive(Debug, Clone, PartialEq)]
pub struct NewText {
    pub text: Text,
    pub raw: String,
    pub html: String,
    pub renderer: i32,
}

/// One stored language of a case or magazine as pages and the API read it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredText {
    pub text: Text,
    /// The body, rendered and sanitised when it was stored.
    pub html: String,
    /// The SHA-256 (hex) of the file text: a translation's `source_hash` is its first 12 digits.
    pub hash: String,
    /// When this language was last written (RFC 3339; empty for texts stored before it was recorded).
    pub written_at: String,
}

impl StoredText {
    /// The `source_hash` a translation made from this text now carries.
    pub fn short_hash(&self) -> &str {
        &self.hash[..self.hash.len().min(crate::domain::SOURCE_HASH_LEN)]
    }
}

pub use app::model::TranslationState;

impl<M> Item<M, StoredText> {
    /// The state of the translation into `lang` (a source is always current).
    pub fn translation_state(&self, lang: Lang) -> TranslationState {
        let source = self.source();
        match self.text(lang) {
            None => TranslationState::Missing,
            Some(t) if t.text.lang == source.text.lang => TranslationState::Current,
            Some(t) => match &t.text.source_hash {
                Some(h) if h != source.short_hash() => TranslationState::Outdated,
                _ => TranslationState::Current,
            },
        }
    }
}

/// What a list shows of one language of an item: no body.
#[derive(Debug, Clone, PartialEq)]
pub struct CardText {
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub image_alt: Option<String>,
    pub updated: Option<String>,
}

pub trait HasLang {
    fn lang(&self) -> Lang;
}

impl HasLang for StoredText {
    fn lang(&self) -> Lang {
        self.text.lang
    }
}

impl HasLang for CardText {
    fn lang(&self) -> Lang {
        self.lang
    }
}

/// A case or magazine with its metadata and the texts a reader needs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<M, T> {
    pub slug: String,
    pub source_lang: Lang,
    pub meta: M,
    /// Source first, then translations in language order; never empty.
    pub texts: Vec<T>,
}

impl<M, T: HasLang> Item<M, T> {
    pub fn text(&self, lang: Lang) -> Option<&T> {
        self.texts.iter().find(|t| t.lang() == lang)
    }
    pub fn source(&self) -> &T {
        self.text(self.source_lang).unwrap_or(&self.texts[0])
    }
    /// The text in `lang`, or the source text when there is no translation.
    pub fn text_or_source(&self, lang: Lang) -> &T {
        self.text(lang).unwrap_or_else(|| self.source())
    }
    pub fn languages(&self) -> Vec<Lang> {
        let mut l: Vec<Lang> = self.texts.iter().map(|t| t.lang()).collect();
        l.sort();
        l
    }
}

/// A whole case: every language with its rendered body.
pub type CaseRecord = Item<CaseMeta, StoredText>;
/// A case as lists show it.
pub type CaseListing = Item<CaseMeta, CardText>;
pub type MagazineRecord = Item<MagazineMeta, StoredText>;
pub type MagazineListing = Item<MagazineMeta, CardText>;

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
}

/// A stretch of a list: `limit` items after the first `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

impl Window {
    pub const ALL: Window = Window {
        offset: 0,
        limit: i64::MAX,
    };
    pub fn first(limit: i64) -> Window {
        Window { offset: 0, limit }
    }
}

/// What a change record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Case,
    Magazine,
    Partner,
    Theme,
    /// A stored file; its slug is the media path.
    Asset,
    /// What readers see of an item's comments changed; its slug is `cases/<slug>` or `magazines/<slug>`.
    /// Pages follow it; the search index has nothing to do for it.
    Discussion,
    /// Page views were counted: only the pages that show figures follow it. Stored as a `discussion`
    /// record with the slug [`VIEWS_SLUG`], which the release before reads as a harmless discussion change
    /// (a new kind would stop its change-log follower during a rolling upgrade or a rollback).
    Views,
}

/// The slug of a stored [`ChangeKind::Views`] record.
pub const VIEWS_SLUG: &str = "page-views";

impl ChangeKind {
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Case => "case",
            ChangeKind::Magazine => "magazine",
            ChangeKind::Partner => "partner",
            ChangeKind::Theme => "theme",
            ChangeKind::Asset => "asset",
            ChangeKind::Discussion => "discussion",
            ChangeKind::Views => "discussion",
        }
    }
    pub fn parse(code: &str) -> Option<ChangeKind> {
        [
            ChangeKind::Case,
            ChangeKind::Magazine,
            ChangeKind::Partner,
            ChangeKind::Theme,
            ChangeKind::Asset,
            ChangeKind::Discussion,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

impl ChangeKind {
    /// The kind of a stored record, from its kind and slug.
    pub fn of_record(code: &str, slug: &str) -> Option<ChangeKind> {
        match ChangeKind::parse(code)? {
            ChangeKind::Discussion if slug == VIEWS_SLUG => Some(ChangeKind::Views),
            kind => Some(kind),
        }
    }
}

impl From<ItemKind> for ChangeKind {
    fn from(k: ItemKind) -> Self {
        match k {
            ItemKind::Case => ChangeKind::Case,
            ItemKind::Magazine => ChangeKind::Magazine,
        }
    }
}

/// One record of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub kind: ChangeKind,
    pub slug: String,
}

/// A stored text whose HTML was made by an older renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleText {
    pub kind: ItemKind,
    pub slug: String,
    pub lang: Lang,
    pub body: String,
}

/// The file text a stored language came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub slug: String,
    pub lang: Lang,
    pub raw: String,
    /// For a translation: the `source_hash` it follows as stored (None for a source).
    pub follows: Option<String>,
    /// The SHA-256 (hex) of `raw`.
    pub hash: String,
}

/// `(owner slug, lang, raw, source_hash, hash)` as both databases return a stored file.
pub(crate) type FileRow = (String, String, String, Option<String>, String);

pub(crate) fn source_file_of(
    kind: ItemKind,
    (slug, lang, raw, follows, hash): FileRow,
) -> StoreResult<SourceFile> {
    let lang = lang
        .parse()
        .map_err(|e: app::lang::UnsupportedLang| StoreError::Corrupt {
            at: format!("{}/{slug}", kind.dir()),
            message: e.to_string(),
        })?;
    Ok(SourceFile {
        slug,
        lang,
        raw,
        follows,
        hash,
    })
}

#[async_trait::async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`, for health reports.
    fn backend(&self) -> &'static str;
    /// Accounts, sessions, tokens, and what the editorial desk reads.
    fn accounts(&self) -> &dyn accounts::Accounts;
    /// Comments, reports, moderation and notifications.
    fn comments(&self) -> &dyn comments::Comments;
    /// The store answers and its schema is current.
    async fn health(&self) -> StoreResult<()>;
    /// Connections of the pool in use, and open: for `/metrics`.
    fn pool_in_use(&self) -> (u32, u32);
    /// The count of library writes this process committed through this store.
    fn write_count(&self) -> WriteCount;

    async fn put_partner(&self, partner: &Partner) -> StoreResult<Outcome>;
    async fn put_theme(&self, theme: &Theme) -> StoreResult<Outcome>;
    /// Writes a case's source file: its metadata and its source-language text.
    async fn put_case_source(
        &self,
        slug: &str,
        meta: &CaseMeta,
        text: &NewText,
    ) -> StoreResult<Outcome>;
    async fn put_magazine_source(
        &self,
        slug: &str,
        meta: &MagazineMeta,
        text: &NewText,
    ) -> StoreResult<Outcome>;
    /// Writes a translation of a case or magazine whose source is stored.
    async fn put_translation(
        &self,
        kind: ItemKind,
        slug: &str,
        text: &NewText,
    ) -> StoreResult<Outcome>;
    async fn put_asset(&self, asset: &Asset) -> StoreResult<Outcome>;

    /// Up to `limit` texts rendered by a renderer older than `renderer`.
    async fn stale_texts(&self, renderer: i32, limit: i64) -> StoreResult<Vec<StaleText>>;
    /// Replaces the HTML of one text (and logs the change).
    async fn put_html(
        &self,
        kind: ItemKind,
        slug: &str,
        lang: Lang,
        html: &str,
        renderer: i32,
    ) -> StoreResult<()>;

    /// The publication status of a case or magazine, whether readers see it or not.
    async fn status(&self, kind: ItemKind, slug: &str) -> StoreResult<Option<Status>>;
    /// Moves a stored case or magazine to `status` (a `Conflict` when there is none).
    async fn set_status(&self, kind: ItemKind, slug: &str, status: Status) -> StoreResult<Outcome>;
    /// Removes a case or magazine and its texts (its history stays); false when there was none.
    async fn delete(&self, kind: ItemKind, slug: &str) -> StoreResult<bool>;
    /// How many change records there are after `after`: what a follower of the log still has to do.
    async fn changes_waiting(&self, after: i64) -> StoreResult<i64>;

    /// Takes or renews the lease `name` for `holder` until `ttl_ms` from now; true when `holder` has it.
    /// Another holder's lease is taken over only once it has expired.
    async fn take_lease(&self, name: &str, holder: &str, ttl_ms: i64) -> StoreResult<bool>;
    /// Gives the lease `name` up if `holder` has it, so another instance takes it at once (a clean stop).
    async fn release_lease(&self, name: &str, holder: &str) -> StoreResult<()>;

    /// Change records after `after`, oldest first.
    async fn changes_since(&self, after: i64, limit: i64) -> StoreResult<Vec<Change>>;
    /// The id of the newest change record (0 when there is none).
    async fn last_change(&self) -> StoreResult<i64>;

    /// The stored source language of a case or magazine and the file text of that language.
    async fn source_file(&self, kind: ItemKind, slug: &str) -> StoreResult<Option<SourceFile>>;
    /// Every stored file text of cases or magazines, by slug and language (export).
    async fn files(&self, kind: ItemKind) -> StoreResult<Vec<SourceFile>>;
    async fn asset(&self, path: &str) -> StoreResult<Option<Asset>>;
    async fn asset_paths(&self) -> StoreResult<Vec<String>>;
    /// The partner a file beside an item not created yet belongs to (its uploader's), if any.
    async fn asset_owner(&self, path: &str) -> StoreResult<Option<String>>;
    /// Replaces the adoptions of a stored case with `adoptions`, and its `adoptions.toml` with `raw`, as one
    /// revision of `cases/<slug>/adoptions.toml`. `expected`: the hash of the file the writer read (`None`:
    /// there was none), checked inside the write; a writer that read nothing to decide on passes `None` for
    /// the whole (imports). Logs a change of the case and of every case named as an adopter's, before or after.
    async fn put_adoptions(
        &self,
        case: &str,
        adoptions: &[Adoption],
        raw: &str,
        expected: Option<Option<String>>,
    ) -> StoreResult<Outcome>;
    /// Adds page views counted by this instance: `(kind, slug, day YYYY-MM-DD, views)`; logs one change.
    async fn add_page_views(&self, views: &[(ItemKind, String, String, i64)]) -> StoreResult<()>;
    /// A case's `adoptions.toml` as stored, and its hash.
    async fn adoption_file(&self, case: &str) -> StoreResult<Option<(String, String)>>;
    /// Every stored `adoptions.toml` by case slug (export).
    async fn adoption_files(&self) -> StoreResult<Vec<(String, String)>>;
    /// The history of one stored item, oldest first. Paths are content paths such as
    /// `cases/<slug>/<lang>.md` or `partners/<slug>`.
    async fn revisions(&self, path: &str) -> StoreResult<Vec<Revision>>;

    /// A consistent view for reading: everything read through it is one state of the library.
    async fn read(&self) -> StoreResult<Box<dyn Snapshot>>;
}

/// Reads that see one state of the library, whatever is written meanwhile.
#[async_trait::async_trait]
pub trait Snapshot: Send {
    async fn partners(&mut self) -> StoreResult<Vec<Partner>>;
    async fn themes(&mut self) -> StoreResult<Vec<Theme>>;
    async fn case(&mut self, slug: &str) -> StoreResult<Option<CaseRecord>>;
    /// A window of the cases `filter` selects, newest first, and how many it selects in all.
    async fn cases(
        &mut self,
        filter: &CaseFilter,
        window: Window,
    ) -> StoreResult<(Vec<CaseListing>, i64)>;
    /// The stored cases among `slugs`, in the order given; slugs of no stored case are left out.
    async fn cases_by_slugs(&mut self, slugs: &[String]) -> StoreResult<Vec<CaseListing>>;
    /// Case counts per partner and per theme, and of the whole library.
    async fn case_counts(&mut self) -> StoreResult<CaseCounts>;
    /// Case slugs in slug order with their last change date (the sitemap).
    async fn case_slugs(&mut self, window: Window) -> StoreResult<Vec<(String, String)>>;
    /// A window of the magazines, newest first, and how many there are.
    async fn magazines(&mut self, window: Window) -> StoreResult<(Vec<MagazineListing>, i64)>;
    async fn magazine(&mut self, slug: &str) -> StoreResult<Option<MagazineRecord>>;
    /// Approved, undeleted comments per item of `kind` among `slugs` (the counts on cards).
    async fn comment_counts(
        &mut self,
        kind: ItemKind,
        slugs: &[String],
    ) -> StoreResult<std::collections::HashMap<String, i64>>;
    /// The adoptions of a case, in the order of its file.
    async fn adoptions(&mut self, case: &str) -> StoreResult<Vec<Adoption>>;
    /// The cases whose adoptions name `case` as an adopter's own case (it was adapted from them), by slug.
    async fn adapted_from(&mut self, case: &str) -> StoreResult<Vec<String>>;
    /// How many organisations took up each case among `slugs` (`AdoptionStage::taken_up`); cases with
    /// none are left out.
    async fn taken_up_counts(
        &mut self,
        slugs: &[String],
    ) -> StoreResult<std::collections::HashMap<String, i64>>;
    /// Every adoption of a published case, by case slug, with the adopter's country (a partner's as the
    /// library knows it): what statistics count.
    async fn all_adoptions(&mut self) -> StoreResult<Vec<(String, Adoption, String)>>;
    /// Every language of every published case and whether it is current (a source always is; a
    /// translation when it follows its source's present state): `(case, lang, current)`.
    async fn text_states(&mut self) -> StoreResult<Vec<(String, Lang, bool)>>;
    /// Comments readers see, per item and month: `(kind, slug, YYYY-MM, count)`.
    async fn comment_months(&mut self) -> StoreResult<Vec<(String, String, String, i64)>>;
    /// Page views per item and month: `(kind, slug, YYYY-MM, views)`.
    async fn view_months(&mut self) -> StoreResult<Vec<(String, String, String, i64)>>;
    /// Up to `limit` whole published cases with slugs after `after`, in slug order (the search index is
    /// built from these).
    async fn case_records(&mut self, after: &str, limit: i64) -> StoreResult<Vec<CaseRecord>>;
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseCounts {
    pub partners: std::collections::HashMap<String, i64>,
    pub themes: std::collections::HashMap<String, i64>,
    pub all: i64,
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

/// Who makes the writes of a task and why: recorded with every revision and workflow event written while
/// it is in scope. A task-local rather than a parameter of every write, so import, seeding and the editor
/// share the same write methods and only the editor says who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub author: String,
    pub note: Option<String>,
    /// The status an item this task creates starts in (imports publish; the editor starts with a draft).
    pub new_status: Status,
    /// The partner a magazine this task creates belongs to; for an upload to an item not created yet,
    /// the uploader's partner, who alone may replace or read the file until the item exists.
    pub owner: Option<String>,
    /// The state of the item the writer decided on, checked again inside the write that applies it.
    pub expect: Expect,
}

impl Edit {
    /// Writes by `author` without a note; items they create start published (imports, admin screens).
    pub fn by(author: &str) -> Edit {
        Edit {
            author: author.to_string(),
            note: None,
            new_status: Status::Published,
            owner: None,
            expect: Expect::Anything,
        }
    }
}

/// What a writer saw when it decided it may write. The store checks it again inside the write transaction
/// that applies the write (writers take turns there), so a decision made on a state that changed meanwhile
/// is refused as a conflict, never applied: a second creator of one slug, a move from a status the item
/// has left, a save by the editor of a partner the item no longer belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Expect {
    /// No decision rests on the item's state (imports, seeding).
    #[default]
    Anything,
    /// The item does not exist yet: a create.
    Absent,
    /// The item exists and belongs to this partner (a magazine: this owner; none for the library's own).
    Owner(Option<String>),
    /// The item exists, belongs to this partner and is in this status: a workflow move.
    OwnerIn(Option<String>, Status),
}

tokio::task_local! {
    static EDIT: Edit;
}

/// Runs `f` with its writes attributed to `edit`.
pub async fn as_author<F: std::future::Future>(edit: Edit, f: F) -> F::Output {
    EDIT.scope(edit, f).await
}

pub(crate) fn new_item_status() -> Status {
    current_edit()
        .map(|e| e.new_status)
        .unwrap_or(Status::Published)
}

pub(crate) fn current_edit() -> Option<Edit> {
    EDIT.try_with(|e| e.clone()).ok()
}

pub(crate) fn hash(bytes: &[u8]) -> String {
    hash_hex(bytes)
}

/// The SHA-256 of `bytes` in hex.
pub fn hash_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Single reads, each in a snapshot of its own: for tools and tests that read one thing at a time.
impl dyn Store {
    pub async fn partners(&self) -> StoreResult<Vec<Partner>> {
        self.read().await?.partners().await
    }
    pub async fn themes(&self) -> StoreResult<Vec<Theme>> {
        self.read().await?.themes().await
    }
    pub async fn case(&self, slug: &str) -> StoreResult<Option<CaseRecord>> {
        self.read().await?.case(slug).await
    }
    /// Every case `filter` selects, newest first.
    pub async fn cases(&self, filter: &CaseFilter) -> StoreResult<Vec<CaseListing>> {
        Ok(self.read().await?.cases(filter, Window::ALL).await?.0)
    }
    pub async fn magazines(&self) -> StoreResult<Vec<MagazineListing>> {
        Ok(self.read().await?.magazines(Window::ALL).await?.0)
    }
    pub async fn magazine(&self, slug: &str) -> StoreResult<Option<MagazineRecord>> {
        self.read().await?.magazine(slug).await
    }
}
