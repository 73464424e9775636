//! The scale-out backend: a Meilisearch server, through `meilisearch-sdk`. The settings that make it keep
//! the contract (searchable attributes with titles first, typo sizes 5 and 9, filterable facets, ranking
//! with a stable tie-break) are applied at start-up and their task awaited; every task's failure is
//! reported. The indexer's position is kept in a small second index beside the cases. The key is never
//! logged.
//!
//! Facet counts are disjunctive, like the embedded backend's: each filtered facet is counted by one more
//! query (without its own filter) in the same multi-search request.

use super::analysis;
use super::present::{self, Needles};
use super::{
    DocText, Facet, FacetCounts, Found, IndexOp, MAGAZINES, Query, SearchDoc, SearchError,
    SearchIndex, SearchResult,
};
use crate::domain::Lang;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::search::{MatchingStrategies, SearchQuery, SearchResults, Selectors};
use meilisearch_sdk::settings::{
    FacetingSettings, LocalizedAttributes, MinWordSizeForTypos, PaginationSetting, Settings,
    TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::time::Duration;

/// The index of cases on a Meilisearch server shared by every instance.
pub const INDEX: &str = "likewise-cases";
/// The longest a search may take before it counts as the backend being down.
const SEARCH_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest an indexing task may take.
const TASK_TIMEOUT: Duration = Duration::from_secs(120);
/// Documents sent per request.
const CHUNK: usize = 1_000;

pub struct MeiliIndex {
    client: Client,
    uid: String,
    /// Set once the settings are applied: a server that is down at start-up is configured when it answers.
    configured: tokio::sync::OnceCell<()>,
}

fn down(e: impl std::fmt::Display) -> SearchError {
    SearchError::Unavailable(e.to_string())
}

/// The contract's settings (docs/design.md#search).
/// The shape of the documents this binary writes (2: `taken_up_count`). An index recorded with another is
/// rebuilt at start-up, as the embedded index is when its schema version changes.
const DOCUMENT_VERSION: i64 = 2;

fn settings() -> Settings {
    let mut searchable = Vec::new();
    for field in ["title", "summary", "tags", "body"] {
        for lang in Lang::ALL {
            searchable.push(format!("{field}_{}", lang.code()));
        }
    }
    searchable.push("parts_de".to_string());
    let locales: Vec<LocalizedAttributes> = Lang::ALL
        .iter()
        .map(|l| LocalizedAttributes {
            locales: vec![iso639_3(*l).to_string()],
            attribute_patterns: vec![format!("*_{}", l.code())],
        })
        .collect();
    Settings::new()
        .with_searchable_attributes(searchable)
        .with_filterable_attributes(Facet::ALL.iter().map(|f| f.key()).chain(["kind"]))
        .with_sortable_attributes(["published", "slug", "taken_up_count"])
        // `sort` first: a search sorted by how many took a case up (`Sort::TakenUp`) is sorted by that
        // before relevance, as the embedded index does; a search with words sends no sort otherwise.
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attribute",
            "exactness",
            "published:desc",
            "slug:asc",
        ])
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            ..Default::default()
        })
        .with_pagination(PaginationSetting {
            max_total_hits: 100_000,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: 1_000,
            sort_facet_values_by: None,
        })
        .with_localized_attributes(locales)
}

fn iso639_3(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "eng",
        Lang::Nl => "nld",
        Lang::De => "deu",
        Lang::Da => "dan",
        Lang::Fr => "fra",
    }
}

/// A case as a Meilisearch document: one attribute per field and language.
fn document(d: &SearchDoc) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(d.id()));
    m.insert("kind".into(), json!(d.kind));
    m.insert("slug".into(), json!(d.slug));
    m.insert("source_lang".into(), json!(d.source_lang.code()));
    m.insert("published".into(), json!(d.published));
    m.insert("taken_up_count".into(), json!(d.taken_up));
    for facet in Facet::ALL {
        let values = facet.values(d);
        m.insert(facet.key().into(), json!(values));
    }
    let mut parts = String::new();
    for t in &d.texts {
        let l = t.lang.code();
        m.insert(format!("title_{l}"), json!(t.title));
        m.insert(format!("summary_{l}"), json!(t.summary));
        m.insert(format!("tags_{l}"), json!(t.tags));
        m.insert(format!("body_{l}"), json!(t.body));
        if t.lang == Lang::De {
            for text in [&t.title, &t.summary, &t.body] {
                parts.push_str(&super::compounds::parts_of_text(text));
            }
        }
    }
    m.insert("parts_de".into(), json!(parts));
    Value::Object(m)
}

/// The case a Meilisearch document holds.
fn from_document(v: &Map<String, Value>) -> Option<SearchDoc> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let list = |k: &str| -> Vec<String> {
        v.get(k)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let source_lang: Lang = s("source_lang")?.parse().ok()?;
    let mut order = vec![source_lang];
    order.extend(Lang::ALL.iter().copied().filter(|l| *l != source_lang));
    let texts = order
        .into_iter()
        .filter_map(|l| {
            let c = l.code();
            Some(DocText {
                lang: l,
                title: s(&format!("title_{c}"))?,
                summary: s(&format!("summary_{c}")).unwrap_or_default(),
                tags: list(&format!("tags_{c}")),
                body: s(&format!("body_{c}")).unwrap_or_default(),
            })
        })
        .collect::<Vec<_>>();
    if texts.is_empty() {
        return None;
    }
    Some(SearchDoc {
        kind: v
            .get("kind")
            .and_then(|k| serde_json::from_value(k.clone()).ok())
            .unwrap_or(super::ItemKind::Case),
        slug: s("slug")?,
        partner: list("partner").into_iter().next().unwrap_or_default(),
        country: list("country").into_iter().next().unwrap_or_default(),
        themes: list("theme"),
        stage: list("stage").into_iter().next(),
        published: s("published").unwrap_or_default(),
        source_lang,
        texts,
        taken_up: v.get("taken_up_count").and_then(Value::as_i64).unwrap_or(0),
    })
}

/// `kind = case AND a IN ["x", "y"] AND b IN ["z"]` for the filters, leaving out `except`.
fn filter_expression(query: &Query, except: Option<Facet>) -> String {
    std::iter::once("kind = case".to_string())
        .chain(
            query
                .filters
                .iter()
                .filter(|(f, values)| Some(**f) != except && !values.is_empty())
                .map(|(f, values)| {
                    let quoted: Vec<String> = values
                        .iter()
                        .map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
                        .collect();
                    format!("{} IN [{}]", f.key(), quoted.join(", "))
                }),
        )
        .collect::<Vec<_>>()
        .join(" AND ")
}

impl MeiliIndex {
    /// A client of the server at `url` for the index `uid`; the settings are applied on first use.
    pub fn new(url: &str, key: Option<&str>, uid: &str) -> SearchResult<MeiliIndex> {
        let client = Client::new(url, key).map_err(down)?;
        Ok(MeiliIndex {
            client,
            uid: uid.to_string(),
            configured: tokio::sync::OnceCell::new(),
        })
    }

    /// Makes sure the index exists with the contract's settings; waits for that to be done.
    async fn configure(&self) -> SearchResult<()> {
        self.configured
            .get_or_try_init(|| self.apply_settings())
            .await
            .map(|_| ())
    }

    async fn apply_settings(&self) -> SearchResult<()> {
        let task = self
            .client
            .index(&self.uid)
            .set_settings(&settings())
            .await
            .map_err(down)?;
        self.wait(task, "applying the index settings").await?;
        Ok(())
    }

    fn state_uid(&self) -> String {
        format!("{}-state", self.uid)
    }

    /// Waits for a task and turns its failure into an error that says what was being done.
    async fn wait(&self, task: TaskInfo, doing: &str) -> SearchResult<()> {
        let done = task
            .wait_for_completion(
                &self.client,
                Some(Duration::from_millis(20)),
                Some(TASK_TIMEOUT),
            )
            .await
            .map_err(down)?;
        match done {
            Task::Succeeded { .. } => Ok(()),
            Task::Failed { content } => Err(SearchError::Unavailable(format!(
                "Meilisearch failed {doing}: {}",
                content.error
            ))),
            other => Err(SearchError::Unavailable(format!(
                "Meilisearch did not finish {doing}: {other:?}"
            ))),
        }
    }

    /// Removes this index and its position from the server (tests clean up with it).
    /// The index's name on the server; its state is kept in `{uid}-state`.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    pub async fn delete(&self) -> SearchResult<()> {
        for uid in [self.uid.clone(), self.state_uid()] {
            let task = self.client.index(&uid).delete().await.map_err(down)?;
            // An index never created has nothing to remove.
            let _ = self.wait(task, "removing an index").await;
        }
        Ok(())
    }

    async fn record(&self, position: i64) -> SearchResult<()> {
        let task = self
            .client
            .index(self.state_uid())
            .add_or_replace(
                &[json!({ "id": "indexer", "position": position, "v": DOCUMENT_VERSION })],
                Some("id"),
            )
            .await
            .map_err(down)?;
        self.wait(task, "recording the indexer position").await
    }

    async fn run_search(&self, query: &Query) -> SearchResult<Found> {
        self.configure().await?;
        let index = self.client.index(&self.uid);
        let words = analysis::words(&query.text);
        let facet_keys: Vec<&str> = Facet::ALL.iter().map(|f| f.key()).collect();
        let main_filter = filter_expression(query, None);
        let extra: Vec<(Facet, String)> = query
            .filters
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, _)| (*f, filter_expression(query, Some(*f))))
            .collect();
        let extra_keys: Vec<[&str; 1]> = extra.iter().map(|(f, _)| [f.key()]).collect();
        // One page from the first hit: the total is exact in page mode.
        let wanted = (query.offset + query.limit).max(1);
        let sort: &[&str] = match (query.sort, words.is_empty()) {
            (crate::search::Sort::Relevance, _) => &["published:desc", "slug:asc"],
            // Among cases taken up as often: by relevance where there are words, else newest first.
            (crate::search::Sort::TakenUp, false) => &["taken_up_count:desc"],
            (crate::search::Sort::TakenUp, true) => {
                &["taken_up_count:desc", "published:desc", "slug:asc"]
            }
        };
        // Meilisearch does not split German compounds: their parts join the query (the index holds the
        // parts of the texts' compounds in `parts_de`), as the embedded index looks them up.
        let parts: Vec<&str> = words
            .iter()
            .flat_map(|w| w.parts.iter().map(String::as_str))
            .collect();
        let text = if parts.is_empty() {
            query.text.clone()
        } else {
            format!("{} {}", query.text, parts.join(" "))
        };
        let mut main = SearchQuery::new(&index);
        main.with_query(&text)
            .with_page(1)
            .with_hits_per_page(wanted)
            .with_facets(Selectors::Some(&facet_keys))
            .with_matching_strategy(MatchingStrategies::FREQUENCY);
        if words.is_empty() || query.sort != crate::search::Sort::Relevance {
            main.with_sort(sort);
        }
        main.with_filter(&main_filter);
        let wants_magazines = query.wants_magazines();
        let mut results: Vec<SearchResults<Map<String, Value>>> =
            if extra.is_empty() && !wants_magazines {
                vec![main.execute().await.map_err(down)?]
            } else {
                let mut multi = self.client.multi_search();
                multi.with_search_query(main);
                if wants_magazines {
                    let mut q = SearchQuery::new(&index);
                    q.with_query(&text)
                        .with_limit(MAGAZINES)
                        .with_filter("kind = magazine")
                        .with_matching_strategy(MatchingStrategies::FREQUENCY);
                    multi.with_search_query(q);
                }
                for ((_, filter), keys) in extra.iter().zip(&extra_keys) {
                    let mut q = SearchQuery::new(&index);
                    q.with_query(&text)
                        .with_limit(0)
                        .with_facets(Selectors::Some(keys))
                        .with_matching_strategy(MatchingStrategies::FREQUENCY);
                    q.with_filter(filter);
                    multi.with_search_query(q);
                }
                multi.execute().await.map_err(down)?.results
            };
        let mut facets: FacetCounts = Facet::ALL.iter().map(|f| (*f, BTreeMap::new())).collect();
        let counts_of =
            |r: &SearchResults<Map<String, Value>>, f: Facet| -> BTreeMap<String, u64> {
                r.facet_distribution
                    .as_ref()
                    .and_then(|d| d.get(f.key()))
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), *v as u64)).collect())
                    .unwrap_or_default()
            };
        let first = results.remove(0);
        let magazine_hits = if wants_magazines {
            results.remove(0).hits
        } else {
            Vec::new()
        };
        for f in Facet::ALL {
            facets.insert(f, counts_of(&first, f));
        }
        for ((f, _), r) in extra.iter().zip(&results) {
            facets.insert(*f, counts_of(r, *f));
        }
        let needles = Needles::new(&words);
        let total = first
            .total_hits
            .or(first.estimated_total_hits)
            .unwrap_or(first.hits.len()) as u64;
        let hits = first
            .hits
            .iter()
            .skip(query.offset)
            .take(query.limit)
            .filter_map(|h| from_document(&h.result))
            .map(|doc| present::hit(doc, &needles, query.lang))
            .collect();
        let magazines = magazine_hits
            .iter()
            .filter_map(|h| from_document(&h.result))
            .map(|doc| present::hit(doc, &needles, query.lang))
            .collect();
        Ok(Found {
            total,
            hits,
            facets,
            magazines,
        })
    }
}

#[async_trait::async_trait]
impl SearchIndex for MeiliIndex {
    fn backend(&self) -> &'static str {
        "meilisearch"
    }

    async fn prepare(&self) -> SearchResult<()> {
        self.configure().await
    }

    fn shared(&self) -> bool {
        true
    }

    async fn apply(&self, ops: Vec<IndexOp>, position: Option<i64>) -> SearchResult<()> {
        self.configure().await?;
        let index = self.client.index(&self.uid);
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for op in ops {
            match op {
                IndexOp::Upsert(doc) => upserts.push(document(&doc)),
                IndexOp::Delete(slug) => deletes.push(slug),
            }
        }
        // Meilisearch runs an index's tasks in the order given: waiting for the last is waiting for all.
        let mut last = None;
        for chunk in upserts.chunks(CHUNK) {
            last = Some(
                index
                    .add_or_replace(chunk, Some("id"))
                    .await
                    .map_err(down)?,
            );
        }
        if !deletes.is_empty() {
            last = Some(index.delete_documents(&deletes).await.map_err(down)?);
        }
        if let Some(task) = last {
            self.wait(task, "indexing cases").await?;
        }
        if let Some(p) = position {
            self.record(p).await?;
        }
        Ok(())
    }

    async fn clear(&self) -> SearchResult<()> {
        self.configure().await?;
        if self.position().await?.is_some() {
            let task = self
                .client
                .index(self.state_uid())
                .delete_all_documents()
                .await
                .map_err(down)?;
            self.wait(task, "forgetting the indexer position").await?;
        }
        let task = self
            .client
            .index(&self.uid)
            .delete_all_documents()
            .await
            .map_err(down)?;
        self.wait(task, "removing every case").await
    }

    async fn position(&self) -> SearchResult<Option<i64>> {
        self.configure().await?;
        match self
            .client
            .index(self.state_uid())
            .get_document::<Value>("indexer")
            .await
        {
            // Documents of another shape are rebuilt: the indexer starts over when there is no position.
            Ok(v) => Ok(v
                .get("position")
                .and_then(Value::as_i64)
                .filter(|_| v.get("v").and_then(Value::as_i64) == Some(DOCUMENT_VERSION))),
            Err(meilisearch_sdk::errors::Error::Meilisearch(e))
                if matches!(
                    e.error_code,
                    meilisearch_sdk::errors::ErrorCode::DocumentNotFound
                        | meilisearch_sdk::errors::ErrorCode::IndexNotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(down(e)),
        }
    }

    async fn documents(&self) -> SearchResult<u64> {
        let stats = self
            .client
            .index(&self.uid)
            .get_stats()
            .await
            .map_err(down)?;
        Ok(stats.number_of_documents as u64)
    }

    async fn search(&self, query: &Query) -> SearchResult<Found> {
        tokio::time::timeout(SEARCH_TIMEOUT, self.run_search(query))
            .await
            .map_err(|_| SearchError::Unavailable("Meilisearch did not answer in time".into()))?
    }
}
