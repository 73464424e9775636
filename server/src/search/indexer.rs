//! Keeps the search index true to the store by draining the change log (docs/design.md#shape): every
//! write to a case records a change in its own transaction; the indexer reads the records after its
//! position, indexes the cases they name as the store holds them now (published ones upserted, others
//! removed), and records the new position in the index with them. A crash anywhere replays from the last
//! recorded position; indexing a case twice gives the same document, so nothing is lost and nothing is
//! doubled. While the backend is down it retries with back-off, and `/healthz` shows how many changes wait.

use super::{DocText, IndexOp, ItemKind, SearchDoc, SearchError, SharedIndex, doc_id};
use crate::content::markdown::plain_text;
use crate::domain::Partner;
use crate::store::{
    CaseFilter, CaseRecord, ChangeKind, MagazineRecord, Position, SharedStore, StoreError,
    StoredText, Window,
};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often the log is read when idle: a change is searchable well within a second.
const POLL: Duration = Duration::from_millis(100);
/// The longest wait between attempts while the backend or the store is down.
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// Change records read per step.
const BATCH: i64 = 1_000;
/// Cases read and indexed per step of a rebuild.
const REBUILD_BATCH: i64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Search(#[from] SearchError),
}

/// What `/healthz` tells of search.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IndexerStatus {
    /// `starting`, `ok`, `rebuilding`, `standby` (another instance indexes the shared backend) or `down`.
    pub state: &'static str,
    /// Every change up to this change-log id is in the index.
    pub position: i64,
    /// The last failure while `down`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub type SharedStatus = Arc<Mutex<IndexerStatus>>;

pub fn new_status() -> SharedStatus {
    Arc::new(Mutex::new(IndexerStatus {
        state: "starting",
        ..Default::default()
    }))
}

fn set(status: &SharedStatus, state: &'static str, position: Option<i64>, error: Option<String>) {
    if let Ok(mut s) = status.lock() {
        s.state = state;
        if let Some(p) = position {
            s.position = p;
        }
        s.error = error;
    }
}

fn doc_text(t: &StoredText) -> DocText {
    DocText {
        lang: t.text.lang,
        title: t.text.title.clone(),
        summary: t.text.summary.clone(),
        tags: t.text.tags.clone(),
        body: plain_text(&t.text.body),
    }
}

/// A stored magazine as the index holds it: its words, none of the facets.
pub fn magazine_doc(m: &MagazineRecord) -> SearchDoc {
    SearchDoc {
        kind: ItemKind::Magazine,
        slug: m.slug.clone(),
        partner: String::new(),
        country: String::new(),
        themes: Vec::new(),
        stage: None,
        published: m.meta.published.clone(),
        source_lang: m.source_lang,
        texts: m.texts.iter().map(doc_text).collect(),
        taken_up: 0,
    }
}

/// A stored case as the index holds it.
pub fn search_doc(
    case: &CaseRecord,
    partners: &HashMap<String, Partner>,
    taken_up: &HashMap<String, i64>,
) -> SearchDoc {
    SearchDoc {
        kind: ItemKind::Case,
        slug: case.slug.clone(),
        partner: case.meta.partner.clone(),
        country: partners
            .get(&case.meta.partner)
            .map(|p| p.country.clone())
            .unwrap_or_default(),
        themes: case.meta.themes.clone(),
        stage: case.meta.stage.map(|s| s.code().to_string()),
        published: case.meta.published.clone(),
        source_lang: case.source_lang,
        texts: case.texts.iter().map(doc_text).collect(),
        taken_up: taken_up.get(&case.slug).copied().unwrap_or(0),
    }
}

/// Rebuilds the index from the store; returns how many cases it holds. Safe to run again at any time.
pub async fn rebuild(
    store: &SharedStore,
    index: &SharedIndex,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<usize, IndexerError> {
    // Read first: a change made while the cases are read is in the log after this and is applied again.
    let position = store.last_change().await?;
    index.clear().await?;
    let mut read = store.read().await?;
    let partners: HashMap<String, Partner> = read
        .partners()
        .await?
        .into_iter()
        .map(|p| (p.slug.clone(), p))
        .collect();
    let mut after = String::new();
    let mut count = 0;
    loop {
        let batch = read.case_records(&after, REBUILD_BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.slug.clone();
        count += batch.len();
        let slugs: Vec<String> = batch.iter().map(|c| c.slug.clone()).collect();
        let taken_up = read.taken_up_counts(&slugs).await?;
        let ops = batch
            .iter()
            .map(|c| IndexOp::Upsert(Box::new(search_doc(c, &partners, &taken_up))))
            .collect();
        index.apply(ops, None).await?;
        progress(count);
    }
    let (magazines, _) = read.magazines(Window::ALL).await?;
    let mut ops = Vec::new();
    for m in magazines {
        if let Some(record) = read.magazine(&m.slug).await? {
            ops.push(IndexOp::Upsert(Box::new(magazine_doc(&record))));
        }
    }
    index.apply(ops, None).await?;
    index.apply(Vec::new(), Some(position)).await?;
    Ok(count)
}

/// Where to start: the index's recorded position, or a rebuild when it has none or is ahead of the store
/// (a store replaced under it).
async fn start(
    store: &SharedStore,
    index: &SharedIndex,
    status: &SharedStatus,
) -> Result<i64, IndexerError> {
    let recorded = index.position().await?;
    let last = store.last_change().await?;
    match recorded {
        Some(p) if p <= last => Ok(p),
        _ => {
            set(status, "rebuilding", None, None);
            let started = Instant::now();
            let n = rebuild(store, index, &mut |_| {}).await?;
            tracing::info!(
                "search: built the {} index of {n} cases in {:.1} s",
                index.backend(),
                started.elapsed().as_secs_f64()
            );
            Ok(index.position().await?.unwrap_or(0))
        }
    }
}

/// Applies the changes after `position`; returns whether there were any.
async fn step(
    store: &SharedStore,
    index: &SharedIndex,
    position: &mut Position,
) -> Result<bool, IndexerError> {
    let batch = store.changes_since(position.low(), BATCH).await?;
    if batch.is_empty() {
        return Ok(false);
    }
    // Taken on a copy: a failure below leaves the position where it was, so the changes are read again.
    let mut next = position.clone();
    let fresh = next.take(batch, Instant::now());
    let mut cases = BTreeSet::new();
    let mut partners = BTreeSet::new();
    let mut magazines = BTreeSet::new();
    for change in &fresh {
        match change.kind {
            ChangeKind::Case => {
                cases.insert(change.slug.clone());
            }
            // A partner's country is a facet of its cases.
            ChangeKind::Partner => {
                partners.insert(change.slug.clone());
            }
            ChangeKind::Magazine => {
                magazines.insert(change.slug.clone());
            }
            ChangeKind::Theme | ChangeKind::Asset | ChangeKind::Discussion | ChangeKind::Views => {}
        }
    }
    let mut ops = Vec::new();
    if !cases.is_empty() || !partners.is_empty() || !magazines.is_empty() {
        let mut read = store.read().await?;
        let all_partners: HashMap<String, Partner> = read
            .partners()
            .await?
            .into_iter()
            .map(|p| (p.slug.clone(), p))
            .collect();
        for partner in &partners {
            let filter = CaseFilter {
                partner: Some(partner.clone()),
                theme: None,
            };
            let (listed, _) = read.cases(&filter, Window::ALL).await?;
            cases.extend(listed.into_iter().map(|c| c.slug));
        }
        let slugs: Vec<String> = cases.iter().cloned().collect();
        let taken_up = read.taken_up_counts(&slugs).await?;
        for slug in &cases {
            ops.push(match read.case(slug).await? {
                Some(case) => {
                    IndexOp::Upsert(Box::new(search_doc(&case, &all_partners, &taken_up)))
                }
                None => IndexOp::Delete(doc_id(ItemKind::Case, slug)),
            });
        }
        for slug in &magazines {
            ops.push(match read.magazine(slug).await? {
                Some(m) => IndexOp::Upsert(Box::new(magazine_doc(&m))),
                None => IndexOp::Delete(doc_id(ItemKind::Magazine, slug)),
            });
        }
    }
    if ops.is_empty() && next.low() == position.low() {
        *position = next;
        return Ok(!fresh.is_empty());
    }
    index.apply(ops, Some(next.low())).await?;
    *position = next;
    Ok(true)
}

/// Applies every change recorded so far, from the index's position (rebuilding an index never built):
/// for tools and tests that want the index current now rather than within the next poll.
pub async fn catch_up(store: &SharedStore, index: &SharedIndex) -> Result<(), IndexerError> {
    let low = start(store, index, &new_status()).await?;
    let mut position = Position::at(low);
    while step(store, index, &mut position).await? {}
    Ok(())
}

/// The lease of the instance that indexes a shared backend.
const LEASE: &str = "search-indexer";
/// How long a lease lasts without renewal: how long a crashed indexer holds up the others.
const LEASE_TTL: Duration = Duration::from_secs(10);
/// How often the holder renews its lease, and how often the others try to take it.
const LEASE_RENEW: Duration = Duration::from_secs(2);

/// This process's name as a lease holder.
static HOLDER: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{nanos:x}", std::process::id())
});

/// On a clean stop: gives the indexing lease up, so another instance indexes at once instead of after the
/// lease lapses.
pub async fn hand_over(store: &SharedStore) {
    if let Err(e) = store.release_lease(LEASE, &HOLDER).await {
        tracing::warn!("search: handing the indexing lease over: {e}");
    }
}

/// Runs until the process ends: start (or rebuild), then follow the log. With a shared backend only the
/// holder of the lease indexes; the others stand by and take over when it lapses.
pub async fn run(store: SharedStore, index: SharedIndex, status: SharedStatus) {
    let me = HOLDER.clone();
    let ttl = LEASE_TTL.as_millis() as i64;
    loop {
        if index.shared() {
            loop {
                match store.take_lease(LEASE, &me, ttl).await {
                    Ok(true) => break,
                    Ok(false) => set(&status, "standby", None, None),
                    Err(e) => set(&status, "down", None, Some(e.to_string())),
                }
                tokio::time::sleep(LEASE_RENEW).await;
            }
        }
        let mut backoff = POLL;
        let low = loop {
            match start(&store, &index, &status).await {
                Ok(p) => break p,
                Err(e) => {
                    tracing::warn!("search: {e}; trying again in {} ms", backoff.as_millis());
                    set(&status, "down", None, Some(e.to_string()));
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        };
        set(&status, "ok", Some(low), None);
        let mut position = Position::at(low);
        let mut renewed = Instant::now();
        backoff = POLL;
        loop {
            if index.shared() && renewed.elapsed() >= LEASE_RENEW {
                match store.take_lease(LEASE, &me, ttl).await {
                    Ok(true) => renewed = Instant::now(),
                    // Another instance took over (this one was held up for longer than the lease).
                    Ok(false) => break,
                    Err(e) => {
                        set(&status, "down", None, Some(e.to_string()));
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                        continue;
                    }
                }
            }
            match step(&store, &index, &mut position).await {
                Ok(busy) => {
                    set(&status, "ok", Some(position.low()), None);
                    backoff = POLL;
                    if !busy {
                        tokio::time::sleep(POLL).await;
                    }
                }
                Err(e) => {
                    tracing::warn!("search: {e}; trying again in {} ms", backoff.as_millis());
                    set(&status, "down", None, Some(e.to_string()));
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }
}
