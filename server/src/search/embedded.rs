//! The embedded backend: a tantivy index in the data folder, searched in-process. One document per case
//! holds every translation in per-language fields (`title_nl`, `text_nl`, …) analysed by that language's
//! analyser, so a query is looked up in each language's own way. The indexer's position is committed in
//! the same commit as the documents (tantivy's commit payload): after a crash both are of one moment.
//!
//! Ranking follows the order Meilisearch's rules give: more query words matched first, then fewer typos
//! (exact, prefix, compound part, one typo, two), then the title above the rest, then BM25 on the text, then
//! the newer case, then the slug — a stable order for paging.

use super::analysis::{self, Word};
use super::automata::{Automata, AutomatonQuery};
use super::present::{self, Needles};
use super::{
    Facet, FacetCounts, Found, IndexOp, Query, SearchDoc, SearchError, SearchIndex, SearchResult,
};
use crate::domain::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur,
    Query as TQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

/// Bumped when the schema or the analysis changes: an index of another version is rebuilt.
const SCHEMA_VERSION: u32 = 3;
/// The writer's memory budget: enough to build 10,000 cases in few segments.
const WRITER_BYTES: usize = 96 * 1024 * 1024;

// Score buckets (see the module comment): each a clear step above everything below it.
const WORD: Score = 100_000.0;
const EXACT: Score = 40_000.0;
const PREFIX: Score = 30_000.0;
const PART: Score = 20_000.0;
const ONE_TYPO: Score = 10_000.0;
const TWO_TYPOS: Score = 0.0;
const TITLE: Score = 5_000.0;

#[derive(Clone)]
struct Fields {
    slug: Field,
    titles: Vec<(Lang, Field)>,
    texts: Vec<(Lang, Field)>,
    facets: Vec<(Facet, Field)>,
    published: Field,
    /// How many organisations took the case up: the key of `Sort::TakenUp`.
    taken_up: Field,
    /// 1 for a magazine, 0 for a case.
    magazine: Field,
    doc: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let slug = b.add_text_field("slug", STRING | FAST);
    let text_options = |lang: Lang| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analysis::analyzer_name(lang))
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let titles = Lang::ALL
        .iter()
        .map(|l| {
            (
                *l,
                b.add_text_field(&format!("title_{}", l.code()), text_options(*l)),
            )
        })
        .collect();
    let texts = Lang::ALL
        .iter()
        .map(|l| {
            (
                *l,
                b.add_text_field(&format!("text_{}", l.code()), text_options(*l)),
            )
        })
        .collect();
    let facets = Facet::ALL
        .iter()
        .map(|f| (*f, b.add_text_field(f.key(), STRING | FAST)))
        .collect();
    let published = b.add_u64_field("published", FAST);
    let taken_up = b.add_u64_field("taken_up_count", FAST);
    let magazine = b.add_u64_field("magazine", FAST);
    let doc = b.add_text_field("doc", STORED);
    (
        b.build(),
        Fields {
            slug,
            titles,
            texts,
            facets,
            published,
            taken_up,
            magazine,
            doc,
        },
    )
}

/// `2024-03-01` as 20240301, for ordering.
fn date_number(date: &str) -> u64 {
    date.chars()
        .filter(char::is_ascii_digit)
        .take(8)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

pub struct EmbeddedIndex {
    inner: Arc<Inner>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    v: u32,
    position: i64,
}

impl EmbeddedIndex {
    /// Opens the index in `dir`, creating it (or starting afresh when it is of another version or damaged).
    pub fn open(dir: &Path) -> SearchResult<EmbeddedIndex> {
        std::fs::create_dir_all(dir)
            .map_err(|e| SearchError::Index(format!("cannot create {}: {e}", dir.display())))?;
        let (schema, fields) = schema();
        let index = match Self::open_existing(dir, &schema) {
            Some(index) => index,
            None => {
                Self::wipe(dir)?;
                let directory = MmapDirectory::open(dir)
                    .map_err(|e| SearchError::Index(format!("{}: {e}", dir.display())))?;
                Index::create(directory, schema, Default::default())?
            }
        };
        for lang in Lang::ALL {
            index
                .tokenizers()
                .register(&analysis::analyzer_name(lang), analysis::analyzer(lang));
        }
        let writer = index.writer_with_num_threads(1, WRITER_BYTES).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Index(format!(
                "the index in {} is open in another Likewise process (a running `likewise serve`?); \
                 stop it first",
                dir.display()
            )),
            other => other.into(),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(EmbeddedIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                writer: Mutex::new(writer),
                fields,
            }),
        })
    }

    /// The index in `dir` when it exists, has this schema and was written by this version.
    fn open_existing(dir: &Path, schema: &Schema) -> Option<Index> {
        let directory = MmapDirectory::open(dir).ok()?;
        if !Index::exists(&directory).ok()? {
            return None;
        }
        let index = Index::open(directory).ok()?;
        let payload: Option<Payload> = index
            .load_metas()
            .ok()?
            .payload
            .and_then(|p| serde_json::from_str(&p).ok());
        let current = payload.is_none_or(|p| p.v == SCHEMA_VERSION);
        (current && index.schema() == *schema).then_some(index)
    }

    fn wipe(dir: &Path) -> SearchResult<()> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| SearchError::Index(format!("{}: {e}", dir.display())))?;
        for entry in entries.flatten() {
            let path: PathBuf = entry.path();
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| SearchError::Index(format!("{}: {e}", path.display())))?;
        }
        Ok(())
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner) -> SearchResult<T> + Send + 'static,
    ) -> SearchResult<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&inner))
            .await
            .map_err(|e| SearchError::Index(format!("index task failed: {e}")))?
    }
}

impl Inner {
    fn document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.slug, d.id());
        for t in &d.texts {
            let german = t.lang == Lang::De;
            let title_field = f.titles.iter().find(|(l, _)| *l == t.lang).map(|x| x.1);
            let text_field = f.texts.iter().find(|(l, _)| *l == t.lang).map(|x| x.1);
            if let (Some(title_field), Some(text_field)) = (title_field, text_field) {
                let mut title = t.title.clone();
                let mut text = format!("{}\n{}\n{}", t.summary, t.tags.join(", "), t.body);
                if german {
                    title.push('\n');
                    title.push_str(&super::compounds::parts_of_text(&t.title));
                    text.push('\n');
                    text.push_str(&super::compounds::parts_of_text(&text.clone()));
                }
                doc.add_text(title_field, &title);
                doc.add_text(text_field, &text);
            }
        }
        for (facet, field) in &f.facets {
            for v in facet.values(d) {
                doc.add_text(*field, &v);
            }
        }
        doc.add_u64(f.published, date_number(&d.published));
        doc.add_u64(f.taken_up, d.taken_up.max(0) as u64);
        doc.add_u64(f.magazine, u64::from(d.kind == super::ItemKind::Magazine));
        doc.add_text(
            f.doc,
            serde_json::to_string(d).expect("search documents serialise"),
        );
        doc
    }

    fn commit(&self, writer: &mut IndexWriter, position: i64) -> SearchResult<()> {
        let payload = serde_json::to_string(&Payload {
            v: SCHEMA_VERSION,
            position,
        })
        .expect("payload serialises");
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn writer(&self) -> SearchResult<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .lock()
            .map_err(|_| SearchError::Index("the index writer failed earlier".into()))
    }

    /// The query for the words: each word is one clause whose score is its best match anywhere.
    fn text_query(&self, words: &[Word]) -> Box<dyn TQuery> {
        let f = &self.fields;
        let mut automata = Automata::default();
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for word in words {
            let mut alternatives: Vec<Box<dyn TQuery>> = Vec::new();
            let typos = word.typos();
            for lang in Lang::ALL {
                let needle = analysis::Needle::new(lang, word);
                let Some(stem) = needle.stemmed.as_deref() else {
                    continue;
                };
                let fields = [
                    (field_of(&f.titles, lang), TITLE),
                    (field_of(&f.texts, lang), 0.0),
                ];
                for (field, attr) in fields {
                    let exact = Term::from_field_text(field, stem);
                    alternatives.push(scored(
                        Box::new(TermQuery::new(exact.clone(), IndexRecordOption::Basic)),
                        WORD + EXACT + attr,
                    ));
                    let fuzzy = |automaton| -> Box<dyn TQuery> {
                        Box::new(AutomatonQuery { field, automaton })
                    };
                    if word.prefix {
                        alternatives.push(scored(
                            fuzzy(automata.get(&word.text, 0, true)),
                            WORD + PREFIX + attr,
                        ));
                    }
                    for (distance, bucket) in [(1u8, ONE_TYPO), (2, TWO_TYPOS)] {
                        if typos < distance {
                            break;
                        }
                        // The whole word with typos; while it is being typed, also any longer word.
                        alternatives.push(scored(
                            fuzzy(automata.get(stem, distance, false)),
                            WORD + bucket + attr,
                        ));
                        if word.prefix {
                            alternatives.push(scored(
                                fuzzy(automata.get(&word.text, distance, true)),
                                WORD + bucket + attr,
                            ));
                        }
                    }
                    for part in &needle.parts {
                        alternatives.push(scored(
                            Box::new(TermQuery::new(
                                Term::from_field_text(field, part),
                                IndexRecordOption::Basic,
                            )),
                            WORD + PART + attr,
                        ));
                    }
                }
                // Among cases that match a word equally well, the one whose text says it more.
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(field_of(&f.texts, lang), stem),
                            IndexRecordOption::WithFreqs,
                        )),
                        10.0,
                    )),
                ));
            }
            if !alternatives.is_empty() {
                clauses.push((
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::new(alternatives)),
                ));
            }
        }
        if clauses.is_empty() {
            // Only stop words: nothing can match.
            return Box::new(BooleanQuery::new(Vec::new()));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn search(&self, query: &Query) -> SearchResult<Found> {
        let words = analysis::words(&query.text);
        let tquery: Box<dyn TQuery> = if words.is_empty() {
            Box::new(AllQuery)
        } else {
            self.text_query(&words)
        };
        let collector = CaseCollector {
            filters: Facet::ALL
                .iter()
                .map(|f| {
                    let mut values = query.filters.get(f).cloned().unwrap_or_default();
                    values.sort();
                    values.dedup();
                    (*f, values)
                })
                .collect(),
            keep: query.offset + query.limit,
            magazines: query.wants_magazines(),
            by_taken_up: query.sort == super::Sort::TakenUp,
        };
        let searcher = self.reader.searcher();
        let fruit = searcher.search(&*tquery, &collector)?;
        let needles = Needles::new(&words);
        let load = |address: &DocAddress| -> SearchResult<SearchDoc> {
            let stored: TantivyDocument = searcher.doc(*address)?;
            let json = stored
                .get_first(self.fields.doc)
                .and_then(|v| v.as_str())
                .ok_or_else(|| SearchError::Index("a document has no stored case".into()))?;
            serde_json::from_str(json)
                .map_err(|e| SearchError::Index(format!("a stored case cannot be read: {e}")))
        };
        let mut hits = Vec::new();
        for (_, _, _, _, address) in fruit.top.iter().skip(query.offset).take(query.limit) {
            hits.push(present::hit(load(address)?, &needles, query.lang));
        }
        let mut magazines = Vec::new();
        for (_, _, _, _, address) in &fruit.magazines {
            magazines.push(present::hit(load(address)?, &needles, query.lang));
        }
        Ok(Found {
            total: fruit.total,
            hits,
            facets: fruit.facets,
            magazines,
        })
    }
}

fn field_of(fields: &[(Lang, Field)], lang: Lang) -> Field {
    fields
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, f)| *f)
        .expect("a field per language")
}

fn scored(q: Box<dyn TQuery>, score: Score) -> Box<dyn TQuery> {
    Box::new(ConstScoreQuery::new(q, score))
}

#[async_trait::async_trait]
impl SearchIndex for EmbeddedIndex {
    fn backend(&self) -> &'static str {
        "embedded"
    }

    fn shared(&self) -> bool {
        false
    }

    async fn apply(&self, ops: Vec<IndexOp>, position: Option<i64>) -> SearchResult<()> {
        self.blocking(move |inner| {
            let mut writer = inner.writer()?;
            for op in &ops {
                match op {
                    IndexOp::Upsert(doc) => {
                        writer.delete_term(Term::from_field_text(inner.fields.slug, &doc.id()));
                        writer.add_document(inner.document(doc))?;
                    }
                    IndexOp::Delete(slug) => {
                        writer.delete_term(Term::from_field_text(inner.fields.slug, slug));
                    }
                }
            }
            // Without a position the writer keeps the changes (spilling segments to disk as its budget
            // fills) and readers go on seeing the last commit: a rebuild becomes visible whole, at once.
            match position {
                Some(p) => inner.commit(&mut writer, p),
                None => Ok(()),
            }
        })
        .await
    }

    async fn clear(&self) -> SearchResult<()> {
        self.blocking(move |inner| {
            inner.writer()?.delete_all_documents()?;
            Ok(())
        })
        .await
    }

    async fn position(&self) -> SearchResult<Option<i64>> {
        let payload = self.inner.index.load_metas()?.payload;
        Ok(payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .map(|p| p.position))
    }

    async fn documents(&self) -> SearchResult<u64> {
        Ok(self.inner.reader.searcher().num_docs())
    }

    async fn search(&self, query: &Query) -> SearchResult<Found> {
        // A few milliseconds of CPU: run in place rather than pay for a thread hand-off, telling a
        // multi-threaded runtime to move its other tasks meanwhile.
        match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(tokio::runtime::RuntimeFlavor::MultiThread) => {
                tokio::task::block_in_place(|| self.inner.search(query))
            }
            _ => self.inner.search(query),
        }
    }
}

/// Collects, in one pass over the matching cases: how many pass the filters, the best `keep` of them, and
/// the facet counts (for each facet, over the cases that pass every other facet's filter).
struct CaseCollector {
    filters: Vec<(Facet, Vec<String>)>,
    keep: usize,
    /// Whether the best magazines are kept too (they never count in totals or facets).
    magazines: bool,
    /// Whether the case most organisations took up comes first (`Sort::TakenUp`).
    by_taken_up: bool,
}

/// A candidate: the key it is sorted by before its score (how many took it up, or 0), score, publication
/// date, slug, address.
type Candidate = (u64, Score, u64, String, DocAddress);
/// A candidate within a segment: its slug as the segment's term ordinal.
type SegmentCandidate = (u64, Score, u64, u64, DocId);

struct Fruit {
    total: u64,
    top: Vec<Candidate>,
    facets: FacetCounts,
    magazines: Vec<Candidate>,
}

struct FacetColumn {
    facet: Facet,
    column: Option<StrColumn>,
    /// Term ordinals of the selected values, sorted; `None` when the facet is not filtered.
    selected: Option<Vec<u64>>,
    counts: Vec<u64>,
    ords: Vec<u64>,
}

struct SegmentCases {
    segment: SegmentOrdinal,
    columns: Vec<FacetColumn>,
    published: Column<u64>,
    /// Read when the hits are sorted by it.
    taken_up: Option<Column<u64>>,
    slug: Option<StrColumn>,
    magazine: Column<u64>,
    keep: usize,
    total: u64,
    candidates: Vec<SegmentCandidate>,
    /// `None` when magazines are not wanted.
    magazines: Option<Vec<SegmentCandidate>>,
}

impl Collector for CaseCollector {
    type Fruit = Fruit;
    type Child = SegmentCases;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCases> {
        let fast = reader.fast_fields();
        let mut columns = Vec::new();
        for (facet, values) in &self.filters {
            let column = fast.str(facet.key())?;
            let selected = if values.is_empty() {
                None
            } else {
                let mut ords = Vec::new();
                if let Some(c) = &column {
                    for v in values {
                        if let Some(o) = c.dictionary().term_ord(v)? {
                            ords.push(o);
                        }
                    }
                }
                ords.sort_unstable();
                Some(ords)
            };
            let terms = column.as_ref().map(|c| c.num_terms()).unwrap_or(0);
            columns.push(FacetColumn {
                facet: *facet,
                column,
                selected,
                counts: vec![0; terms],
                ords: Vec::new(),
            });
        }
        Ok(SegmentCases {
            segment,
            columns,
            published: fast.u64("published")?,
            taken_up: if self.by_taken_up {
                Some(fast.u64("taken_up_count")?)
            } else {
                None
            },
            slug: fast.str("slug")?,
            magazine: fast.u64("magazine")?,
            keep: self.keep,
            total: 0,
            candidates: Vec::new(),
            magazines: self.magazines.then(Vec::new),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Fruit> {
        let mut total = 0;
        let mut top = Vec::new();
        let mut magazines = Vec::new();
        let mut facets: FacetCounts = Facet::ALL.iter().map(|f| (*f, BTreeMap::new())).collect();
        for f in fruits {
            total += f.total;
            top.extend(f.top);
            magazines.extend(f.magazines);
            for (facet, values) in f.counts {
                let counts = facets.entry(facet).or_default();
                for (v, n) in values {
                    *counts.entry(v).or_default() += n;
                }
            }
        }
        top.sort_by(order);
        top.truncate(self.keep);
        magazines.sort_by(order);
        magazines.truncate(super::MAGAZINES);
        Ok(Fruit {
            total,
            top,
            facets,
            magazines,
        })
    }
}

/// Best first: the sort key, score, then the newer case, then the slug.
fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.0.cmp(&a.0)
        .then(b.1.total_cmp(&a.1))
        .then(b.2.cmp(&a.2))
        .then_with(|| a.3.cmp(&b.3))
}

struct SegmentFruit {
    total: u64,
    top: Vec<Candidate>,
    counts: Vec<(Facet, Vec<(String, u64)>)>,
    magazines: Vec<Candidate>,
}

impl SegmentCollector for SegmentCases {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.magazine.first(doc) == Some(1) {
            if let Some(m) = &mut self.magazines {
                let published = self.published.first(doc).unwrap_or(0);
                let slug = self
                    .slug
                    .as_ref()
                    .and_then(|s| s.term_ords(doc).next())
                    .unwrap_or(0);
                m.push((0, score, published, slug, doc));
            }
            return;
        }
        let mut failing = None;
        let mut fails = 0;
        for (i, c) in self.columns.iter_mut().enumerate() {
            c.ords.clear();
            if let Some(column) = &c.column {
                c.ords.extend(column.term_ords(doc));
            }
            if let Some(selected) = &c.selected
                && !c.ords.iter().any(|o| selected.binary_search(o).is_ok())
            {
                fails += 1;
                failing = Some(i);
            }
        }
        match (fails, failing) {
            (0, _) => {
                self.total += 1;
                for c in &mut self.columns {
                    for o in &c.ords {
                        c.counts[*o as usize] += 1;
                    }
                }
                let published = self.published.first(doc).unwrap_or(0);
                let slug = self
                    .slug
                    .as_ref()
                    .and_then(|s| s.term_ords(doc).next())
                    .unwrap_or(0);
                let first = self
                    .taken_up
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .unwrap_or(0);
                self.candidates.push((first, score, published, slug, doc));
            }
            (1, Some(i)) => {
                let c = &mut self.columns[i];
                for o in &c.ords {
                    c.counts[*o as usize] += 1;
                }
            }
            _ => {}
        }
    }

    fn harvest(mut self) -> SegmentFruit {
        // Slug ordinals order slugs within a segment, so the best `keep` are found before any is read.
        let by = |a: &SegmentCandidate, b: &SegmentCandidate| {
            b.0.cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
        };
        let best = |list: &mut Vec<SegmentCandidate>, keep: usize| {
            if list.len() > keep && keep > 0 {
                list.select_nth_unstable_by(keep - 1, by);
                list.truncate(keep);
            } else if keep == 0 {
                list.clear();
            }
        };
        best(&mut self.candidates, self.keep);
        let mut magazines = self.magazines.take().unwrap_or_default();
        best(&mut magazines, super::MAGAZINES);
        let named = |list: &[SegmentCandidate]| -> Vec<Candidate> {
            let mut name = String::new();
            list.iter()
                .map(|(first, score, published, slug, doc)| {
                    name.clear();
                    if let Some(s) = &self.slug {
                        let _ = s.ord_to_str(*slug, &mut name);
                    }
                    (
                        *first,
                        *score,
                        *published,
                        name.clone(),
                        DocAddress::new(self.segment, *doc),
                    )
                })
                .collect()
        };
        let top = named(&self.candidates);
        let magazines = named(&magazines);
        let counts = self
            .columns
            .iter()
            .map(|c| {
                let mut values = Vec::new();
                if let Some(column) = &c.column {
                    for (ord, n) in c.counts.iter().enumerate() {
                        if *n > 0 {
                            let mut v = String::new();
                            if column.ord_to_str(ord as u64, &mut v).unwrap_or(false) {
                                values.push((v, *n));
                            }
                        }
                    }
                }
                (c.facet, values)
            })
            .collect();
        SegmentFruit {
            total: self.total,
            top,
            counts,
            magazines,
        }
    }
}
