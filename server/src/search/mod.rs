//! Search (docs/design.md#search): one contract, two backends. The embedded index (tantivy, in
//! `$LIKEWISE_DATA/index`) is the default; a Meilisearch server takes over when `MEILISEARCH_URL` is set.
//! Both index one document per published case holding every translation, so a query in any language
//! finds the case, facets count cases (not translations), and a case is one hit.
//!
//! What both backends share lives here and in [`analysis`] and [`present`]: the document, the query with its
//! filters, the result, the typo and prefix rules, and how a hit is shown (which language, which snippet).
//! The [`indexer`] drains the store's change log into whichever backend is configured.

pub mod analysis;
mod automata;
mod compounds;
pub mod embedded;
pub mod indexer;
pub mod meili;
pub mod present;

pub use crate::domain::ItemKind;
use crate::domain::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A search document is a case (what search is about: hits, counts, facets) or a magazine (found by its
/// title, summary and editorial, shown beside the cases). Documents indexed before magazines were are
/// cases.
fn a_case() -> ItemKind {
    ItemKind::Case
}

/// One published case (or magazine) as the index holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    #[serde(default = "a_case")]
    pub kind: ItemKind,
    pub slug: String,
    pub partner: String,
    /// The partner's country (ISO 3166-1 alpha-2).
    pub country: String,
    pub themes: Vec<String>,
    /// Stage code (`idea`, `pilot`, `in-use`, `stopped`), if the case has one.
    pub stage: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    pub source_lang: Lang,
    /// Source first, then translations.
    pub texts: Vec<DocText>,
    /// How many organisations took the case up (`AdoptionStage::taken_up`).
    #[serde(default)]
    pub taken_up: i64,
}

/// One language of a case, as plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocText {
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    /// The body without Markdown.
    pub body: String,
}

impl SearchDoc {
    /// The document's key in the index: a case's slug, `magazine_<slug>` for a magazine (slugs have no `_`).
    pub fn id(&self) -> String {
        doc_id(self.kind, &self.slug)
    }
    pub fn languages(&self) -> Vec<Lang> {
        let mut l: Vec<Lang> = self.texts.iter().map(|t| t.lang).collect();
        l.sort();
        l
    }
    pub fn text(&self, lang: Lang) -> Option<&DocText> {
        self.texts.iter().find(|t| t.lang == lang)
    }
}

/// The key of a document in the index.
pub fn doc_id(kind: ItemKind, slug: &str) -> String {
    match kind {
        ItemKind::Case => slug.to_string(),
        ItemKind::Magazine => format!("magazine_{slug}"),
    }
}

/// The facets a search counts and filters on, in the order pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    Theme,
    Partner,
    Country,
    Language,
    Stage,
    /// `yes` for a case another organisation took up.
    TakenUp,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Theme,
        Facet::Partner,
        Facet::Country,
        Facet::Language,
        Facet::Stage,
        Facet::TakenUp,
    ];
    /// The query parameter and JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Theme => "theme",
            Facet::Partner => "partner",
            Facet::Country => "country",
            Facet::Language => "language",
            Facet::Stage => "stage",
            Facet::TakenUp => "taken_up",
        }
    }
    /// The values of this facet a document has.
    pub fn values(self, doc: &SearchDoc) -> Vec<String> {
        match self {
            Facet::Theme => doc.themes.clone(),
            Facet::Partner => Some(doc.partner.clone())
                .filter(|p| !p.is_empty())
                .into_iter()
                .collect(),
            Facet::Country => Some(doc.country.clone())
                .filter(|c| !c.is_empty())
                .into_iter()
                .collect(),
            Facet::Language => doc
                .languages()
                .iter()
                .map(|l| l.code().to_string())
                .collect(),
            Facet::Stage => doc.stage.iter().cloned().collect(),
            Facet::TakenUp => {
                if doc.taken_up > 0 && doc.kind == ItemKind::Case {
                    vec!["yes".to_string()]
                } else {
                    Vec::new()
                }
            }
        }
    }
}

/// Selected values per facet: a case passes a facet when it has any of its selected values (none selected:
/// every case passes), and passes the filters when it passes every facet.
pub type Filters = BTreeMap<Facet, Vec<String>>;

/// A search as the API and the search page ask it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// What the reader typed; empty lists every case (newest first).
    pub text: String,
    pub filters: Filters,
    /// The reader's language: a hit is shown in it where the case has it.
    pub lang: Option<Lang>,
    pub offset: usize,
    pub limit: usize,
    pub sort: Sort,
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// The best match first; newest first when there are no words.
    #[default]
    Relevance,
    /// The case most organisations took up first; among equals, as `Relevance`.
    TakenUp,
}

impl Sort {
    /// The `sort` parameter: absent, `relevance` or `taken_up`.
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "" | "relevance" => Some(Sort::Relevance),
            "taken_up" => Some(Sort::TakenUp),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::TakenUp => "taken_up",
        }
    }
}

/// Counts per facet value, over the cases that match the text and every *other* facet's filter: ticking a
/// value keeps the other values of the same facet countable (they widen the search, they do not narrow it).
pub type FacetCounts = BTreeMap<Facet, BTreeMap<String, u64>>;

/// A page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// How many cases match in all.
    pub total: u64,
    pub hits: Vec<Hit>,
    pub facets: FacetCounts,
    /// Magazines that match the words (at most [`MAGAZINES`]), for a search with words and no filters.
    pub magazines: Vec<Hit>,
}

/// How many magazines a search shows beside its cases.
pub const MAGAZINES: usize = 3;

impl Query {
    /// Whether magazines are looked for: they have words to match but none of the facets.
    pub fn wants_magazines(&self) -> bool {
        !self.text.trim().is_empty()
            && self.filters.values().all(|v| v.is_empty())
            && self.offset == 0
    }
}

/// One case found, shown in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: SearchDoc,
    /// The language the hit is shown in.
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    /// A short passage with the matched words in `<mark>`; everything else HTML-escaped.
    pub snippet: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The backend cannot be reached or refused the request; trying again later may work.
    #[error("search backend unavailable: {0}")]
    Unavailable(String),
    /// The index on disk cannot be used (another process holds it, or it is damaged).
    #[error("search index: {0}")]
    Index(String),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e.to_string())
    }
}

pub type SearchResult<T> = Result<T, SearchError>;

/// One change to the index.
#[derive(Debug, Clone)]
pub enum IndexOp {
    Upsert(Box<SearchDoc>),
    /// Removes the document with this key ([`doc_id`]).
    Delete(String),
}

/// A search backend. Writes come only from the indexer; `position` is the change-log id up to which every
/// change is in the index, kept by the backend beside its documents so the two cannot disagree after a crash.
#[async_trait::async_trait]
pub trait SearchIndex: Send + Sync {
    /// `embedded` or `meilisearch`.
    fn backend(&self) -> &'static str;
    /// Whether every instance uses this same index (one of them indexes), or each has its own.
    fn shared(&self) -> bool;
    /// Applies changes and records the new position, as one step where the backend allows. With no
    /// position (a rebuild in progress) the backend may hold the changes back until one is recorded.
    async fn apply(&self, ops: Vec<IndexOp>, position: Option<i64>) -> SearchResult<()>;
    /// Starts a rebuild: removes every document and forgets the position.
    async fn clear(&self) -> SearchResult<()>;
    /// The recorded position; `None` for an index never built.
    async fn position(&self) -> SearchResult<Option<i64>>;
    /// How many cases are indexed.
    async fn documents(&self) -> SearchResult<u64>;
    async fn search(&self, query: &Query) -> SearchResult<Found>;
    /// Gets ready to answer searches (a server's index settings in place); the server calls it before it
    /// accepts requests, so its first searches do not wait behind that.
    async fn prepare(&self) -> SearchResult<()> {
        Ok(())
    }
}

pub type SharedIndex = std::sync::Arc<dyn SearchIndex>;

/// Opens the backend the configuration names.
pub async fn open(config: &crate::config::Config) -> SearchResult<SharedIndex> {
    match &config.meilisearch_url {
        Some(url) => Ok(std::sync::Arc::new(meili::MeiliIndex::new(
            url,
            config.meilisearch_api_key.as_deref(),
            meili::INDEX,
        )?)),
        None => Ok(std::sync::Arc::new(embedded::EmbeddedIndex::open(
            &config.data_dir.join("index"),
        )?)),
    }
}
