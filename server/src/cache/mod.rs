//! The page cache for readers: every full response a visitor can get (pages, feeds, sitemap, JSON reads,
//! media) kept in memory with its ETag and its body precompressed once with brotli and gzip, bounded in
//! bytes. A hit touches neither the database nor the renderer. The change log keeps it true: `watch` drops
//! what each change affects, on every instance, within a second of the change.

pub mod watch;

use crate::store::{Change, ChangeKind};
use bytes::Bytes;
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a cached response depends on, read from its address: a change to a case drops that case's pages and
/// files, every list and every magazine (they show its card); a change to a partner or theme drops everything but
/// media (their names are on every card); a stored file drops only itself; a change to what readers see of
/// an item's comments drops its pages and the lists (cards show comment counts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Case(String),
    Magazine(String),
    Media(String),
    /// Pages that show figures: the statistics page, its CSV files and partners' pages. They follow every
    /// change, and the counted page views too.
    Figures,
    Library,
}

impl Scope {
    pub fn of_path(path: &str) -> Scope {
        // As the handlers see it: `/en/cases/a%2Db` is the page of `a-b`.
        let path = percent_decode(path);
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            ["media", rest @ ..] => Scope::Media(rest.join("/")),
            [_, "stats"] | [_, "stats", _] | [_, "partners", _] => Scope::Figures,
            ["api", "v1", "cases", slug] | [_, "cases", slug] | [_, "cases", slug, _] => {
                Scope::Case(slug.to_string())
            }
            // A magazine's page, its PDF, print view and stand card, and its cases read inside it.
            ["api", "v1", "magazines", slug]
            | [_, "magazines", slug]
            | [_, "magazines", slug, _]
                if !slug.is_empty() =>
            {
                Scope::Magazine(slug.to_string())
            }
            _ => Scope::Library,
        }
    }

    fn affected_by(&self, change: &Change) -> bool {
        match (change.kind, self) {
            (ChangeKind::Views, scope) => *scope == Scope::Figures,
            (_, Scope::Library | Scope::Figures) => change.kind != ChangeKind::Asset,
            (ChangeKind::Case, Scope::Case(s)) => *s == change.slug,
            (ChangeKind::Case, Scope::Magazine(_)) => true,
            (ChangeKind::Magazine, Scope::Magazine(s)) => *s == change.slug,
            (ChangeKind::Partner | ChangeKind::Theme, Scope::Case(_) | Scope::Magazine(_)) => true,
            (ChangeKind::Asset, Scope::Media(p)) => *p == change.slug,
            // Unpublished, an item's files are no longer public.
            (ChangeKind::Case, Scope::Media(p)) => {
                p.starts_with(&format!("cases/{}/", change.slug))
            }
            (ChangeKind::Magazine, Scope::Media(p)) => {
                p.starts_with(&format!("magazines/{}/", change.slug))
            }
            // The item's pages show its comments; every card of a case shows its count.
            (ChangeKind::Discussion, Scope::Case(s)) => change.slug == format!("cases/{s}"),
            (ChangeKind::Discussion, Scope::Magazine(s)) => {
                change.slug.starts_with("cases/") || change.slug == format!("magazines/{s}")
            }
            _ => false,
        }
    }
}

/// `%XX` escapes decoded (invalid ones kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Formats whose bytes are compressed already: compressing them again costs time and saves nothing.
fn compressed_already(content_type: &str) -> bool {
    [
        "image/png",
        "image/jpeg",
        "image/webp",
        "image/gif",
        "font/woff2",
        "application/pdf",
    ]
    .iter()
    .any(|t| content_type.starts_with(t))
}

/// One cached response.
#[derive(Debug)]
pub struct Entry {
    pub status: u16,
    pub content_type: String,
    pub cache_control: Option<String>,
    /// A weak ETag: the same words, whatever the encoding.
    pub etag: String,
    /// Kept compressed only: browsers take brotli, older clients gzip, and the rare client that takes
    /// neither gets the gzip body unpacked (`identity`), so memory holds three to four times more pages.
    pub gzip: Bytes,
    pub brotli: Bytes,
    /// A body that is compressed already (PNG, JPEG, WebP): kept and sent as it is, to every client.
    pub as_is: Option<Bytes>,
    /// Other headers the response carried (a content security policy on media), sent with every answer.
    pub headers: Vec<(axum::http::HeaderName, axum::http::HeaderValue)>,
    /// The route pattern that made it, for `/metrics` when it is served again.
    pub route: Option<Arc<str>>,
    scope: Scope,
    effort: Effort,
}

/// The body gzipped and brotli-compressed at `effort`.
fn compress(body: &[u8], effort: Effort) -> (Bytes, Bytes) {
    (gzip(body, effort), brotli(body, effort))
}

/// Whether a response of this type is worth compressing (text of any kind; not pictures, fonts, PDFs).
pub fn compressible(content_type: &str) -> bool {
    !compressed_already(content_type)
        && (content_type.starts_with("text/")
            || content_type.starts_with("application/json")
            || content_type.starts_with("application/ld+json")
            || content_type.starts_with("application/xml")
            || content_type.starts_with("application/atom+xml")
            || content_type.starts_with("application/javascript")
            || content_type.starts_with("application/manifest+json")
            || content_type.starts_with("image/svg+xml"))
}

/// The body gzipped at `effort`.
pub fn gzip(body: &[u8], effort: Effort) -> Bytes {
    let level = match effort {
        Effort::Once | Effort::Quick => flate2::Compression::fast(),
        Effort::Best => flate2::Compression::best(),
    };
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), level);
    enc.write_all(body).expect("writing to memory");
    Bytes::from(enc.finish().expect("writing to memory"))
}

/// The body brotli-compressed at `effort`, with a window no larger than the body: the encoder's memory (and
/// the zeroing of it, which dominated a quick compression with the default 4 MB window) grows with it.
pub fn brotli(body: &[u8], effort: Effort) -> Bytes {
    let mut out = Vec::new();
    let lgwin = (usize::BITS - body.len().max(1024).leading_zeros()).clamp(10, 22) as i32;
    // The best quality costs about a millisecond per KB: right for pages, too slow for a large file (a
    // debug build's WebAssembly), which gets a middling level even at its best.
    let quality = match effort {
        Effort::Once => 2,
        Effort::Quick => 4,
        Effort::Best if body.len() <= 128 * 1024 => 11,
        Effort::Best => 5,
    };
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin,
        size_hint: body.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("writing to memory");
    Bytes::from(out)
}

/// How hard an entry's body is compressed: a miss is answered and stored with a quick level (a
/// millisecond), and the best level (ten to thirty times slower, 10–20 % smaller) replaces it in the
/// background, so no reader waits for the slow one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// For a response made for one reader and sent once (a signed-in person's page): a third of the quick
    /// level's time for a slightly larger body; the compression of a 130 KB page is what such a request
    /// costs most.
    Once,
    Quick,
    Best,
}

impl Entry {
    /// Compresses `body` both ways; run it off the async threads.
    pub fn new(
        path: &str,
        status: u16,
        content_type: String,
        cache_control: Option<String>,
        body: Bytes,
    ) -> Entry {
        Entry::with_effort(
            path,
            status,
            content_type,
            cache_control,
            body,
            Effort::Best,
        )
    }

    pub fn with_effort(
        path: &str,
        status: u16,
        content_type: String,
        cache_control: Option<String>,
        body: Bytes,
        effort: Effort,
    ) -> Entry {
        let etag = format!("W/\"{}\"", &crate::store::hash_hex(&body)[..20]);
        if compressed_already(&content_type) {
            return Entry {
                status,
                content_type,
                cache_control,
                etag,
                gzip: Bytes::new(),
                brotli: Bytes::new(),
                as_is: Some(body),
                headers: Vec::new(),
                route: None,
                scope: Scope::of_path(path),
                effort: Effort::Best,
            };
        }
        let (gzip, brotli) = compress(&body, effort);
        Entry {
            status,
            content_type,
            cache_control,
            etag,
            gzip,
            brotli,
            as_is: None,
            headers: Vec::new(),
            route: None,
            scope: Scope::of_path(path),
            effort,
        }
    }

    /// The same response compressed at the best level; `None` when it is already.
    pub fn best(&self) -> Option<Entry> {
        if self.effort == Effort::Best {
            return None;
        }
        let (gzip, brotli) = compress(&self.identity(), Effort::Best);
        Some(Entry {
            status: self.status,
            content_type: self.content_type.clone(),
            cache_control: self.cache_control.clone(),
            etag: self.etag.clone(),
            gzip,
            brotli,
            as_is: None,
            headers: self.headers.clone(),
            route: self.route.clone(),
            scope: self.scope.clone(),
            effort: Effort::Best,
        })
    }

    pub fn with_headers(
        mut self,
        headers: Vec<(axum::http::HeaderName, axum::http::HeaderValue)>,
    ) -> Entry {
        self.headers = headers;
        self
    }

    /// The uncompressed body.
    pub fn identity(&self) -> Bytes {
        use std::io::Read;
        if let Some(body) = &self.as_is {
            return body.clone();
        }
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&self.gzip[..])
            .read_to_end(&mut out)
            .expect("our own gzip body unpacks");
        Bytes::from(out)
    }

    fn size(&self, key: &str) -> usize {
        key.len()
            + self.gzip.len()
            + self.brotli.len()
            + self.as_is.as_ref().map_or(0, Bytes::len)
            + 256
    }
}

struct Inner {
    map: HashMap<String, Arc<Entry>>,
    /// Keys in the order they were stored: the oldest go first when the cache is full.
    order: VecDeque<String>,
    bytes: usize,
}

pub struct PageCache {
    budget: usize,
    inner: Mutex<Inner>,
    /// Raised by every invalidation. A response rendered while it changed may hold what the change replaced
    /// and is not stored.
    generation: AtomicU64,
    /// The misses being made now, by key: one render per page and state, whoever else asks meanwhile waits
    /// for it (after a start or a change, a crowd on one page would otherwise render it once each).
    flights: Mutex<HashMap<String, Flight>>,
    next_flight: AtomicU64,
    /// One best-level compression at a time, in the background: it must not take the cores readers need.
    polishing: Arc<tokio::sync::Semaphore>,
    /// The last change of the log this instance's cache has taken in, for `/metrics`.
    followed: std::sync::atomic::AtomicI64,
}

/// What a flight ends with: the stored entry, or `None` when the response was not one to keep (the
/// waiters then make their own).
pub type Landing = Option<Arc<Entry>>;

struct Flight {
    id: u64,
    generation: u64,
    landed: tokio::sync::watch::Receiver<Option<Landing>>,
}

/// Whose turn it is on a miss.
pub enum Turn {
    /// Make the response and `land` it.
    Lead(Leader),
    /// Another request is making it: wait for its landing.
    Wait(tokio::sync::watch::Receiver<Option<Landing>>),
    /// The cache is off or the key is new since a change: make it alone.
    Alone,
}

/// The request making a miss. Dropped without landing (its reader went away, it failed), it lands `None`.
pub struct Leader {
    cache: Arc<PageCache>,
    key: String,
    id: u64,
    landed: Option<tokio::sync::watch::Sender<Option<Landing>>>,
}

impl Leader {
    /// Stores `entry` (unless the library changed since the flight began) and hands it to the waiters.
    /// Its best compression follows in the background.
    pub fn land(mut self, entry: Option<Entry>, generation: u64) -> Option<Arc<Entry>> {
        let kept = entry.map(|e| self.cache.store(self.key.clone(), e, generation));
        let stored = kept.as_ref().and_then(|k| k.as_ref().ok().cloned());
        if let Some(tx) = self.landed.take() {
            let _ = tx.send(Some(stored.clone()));
        }
        if let Some(entry) = &stored {
            self.cache.polish(self.key.clone(), entry.clone());
        }
        kept.map(|k| k.unwrap_or_else(|e| e))
    }
}

impl Drop for Leader {
    fn drop(&mut self) {
        if let Some(tx) = self.landed.take() {
            let _ = tx.send(Some(None));
        }
        let mut flights = self.cache.flights.lock().expect("flight lock");
        if flights.get(&self.key).is_some_and(|f| f.id == self.id) {
            flights.remove(&self.key);
        }
    }
}

impl PageCache {
    /// A cache of at most `budget` bytes; 0 turns it off.
    pub fn new(budget: usize) -> PageCache {
        PageCache {
            budget,
            inner: Mutex::new(Inner {
                map: HashMap::new(),
                order: VecDeque::new(),
                bytes: 0,
            }),
            generation: AtomicU64::new(0),
            flights: Mutex::new(HashMap::new()),
            next_flight: AtomicU64::new(0),
            polishing: Arc::new(tokio::sync::Semaphore::new(1)),
            followed: std::sync::atomic::AtomicI64::new(0),
        }
    }

    /// A miss on `key`: lead its flight, or wait for the one under way for the same state of the library.
    pub fn miss(self: &Arc<Self>, key: &str) -> Turn {
        if !self.enabled() {
            return Turn::Alone;
        }
        let generation = self.generation();
        let mut flights = self.flights.lock().expect("flight lock");
        if let Some(f) = flights.get(key)
            && f.generation == generation
        {
            return Turn::Wait(f.landed.clone());
        }
        let id = self.next_flight.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = tokio::sync::watch::channel(None);
        flights.insert(
            key.to_string(),
            Flight {
                id,
                generation,
                landed: rx,
            },
        );
        Turn::Lead(Leader {
            cache: self.clone(),
            key: key.to_string(),
            id,
            landed: Some(tx),
        })
    }

    /// Replaces a quickly compressed entry with its best compression, off the async threads, one at a
    /// time; kept only if the entry is still the one stored under `key`.
    fn polish(self: &Arc<Self>, key: String, entry: Arc<Entry>) {
        if entry.effort == Effort::Best || tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let cache = self.clone();
        tokio::spawn(async move {
            let Ok(_permit) = cache.polishing.clone().acquire_owned().await else {
                return;
            };
            // Dropped or replaced meanwhile: nothing to polish.
            if !cache.get(&key).is_some_and(|e| Arc::ptr_eq(&e, &entry)) {
                return;
            }
            let Ok(Some(best)) = tokio::task::spawn_blocking(move || entry.best()).await else {
                return;
            };
            cache.replace(&key, best);
        });
    }

    /// Puts `better` in the place of the entry stored under `key` with the same ETag.
    fn replace(&self, key: &str, better: Entry) {
        let mut inner = self.inner.lock().expect("cache lock");
        let Some(old) = inner.map.get(key) else {
            return;
        };
        if old.etag != better.etag {
            return;
        }
        let (was, now) = (old.size(key), better.size(key));
        inner.map.insert(key.to_string(), Arc::new(better));
        inner.bytes = inner.bytes - was + now;
    }

    /// Where the change log follower is.
    pub fn set_followed(&self, change: i64) {
        self.followed.store(change, Ordering::Relaxed);
    }

    pub fn followed(&self) -> i64 {
        self.followed.load(Ordering::Relaxed)
    }

    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.inner.lock().expect("cache lock").map.get(key).cloned()
    }

    /// Stores `entry` unless the library changed since `generation` (read before the response was made).
    pub fn put(&self, key: String, entry: Entry, generation: u64) -> Arc<Entry> {
        self.store(key, entry, generation).unwrap_or_else(|e| e)
    }

    /// `Ok` with the entry when it is stored, `Err` with it when it is not.
    fn store(&self, key: String, entry: Entry, generation: u64) -> Result<Arc<Entry>, Arc<Entry>> {
        let entry = Arc::new(entry);
        let size = entry.size(&key);
        if size > self.budget / 4 {
            return Err(entry);
        }
        let mut inner = self.inner.lock().expect("cache lock");
        if self.generation() != generation {
            return Err(entry);
        }
        if let Some(old) = inner.map.insert(key.clone(), entry.clone()) {
            inner.bytes -= old.size(&key);
        } else {
            inner.order.push_back(key);
        }
        inner.bytes += size;
        while inner.bytes > self.budget {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(old) = inner.map.remove(&oldest) {
                inner.bytes -= old.size(&oldest);
            }
        }
        Ok(entry)
    }

    /// Drops every entry the changes affect.
    pub fn invalidate(&self, changes: &[Change]) {
        if changes.is_empty() {
            return;
        }
        let mut inner = self.inner.lock().expect("cache lock");
        self.generation.fetch_add(1, Ordering::SeqCst);
        let Inner { map, order, bytes } = &mut *inner;
        map.retain(|key, e| {
            let keep = !changes.iter().any(|c| e.scope.affected_by(c));
            if !keep {
                *bytes -= e.size(key);
            }
            keep
        });
        order.retain(|k| map.contains_key(k));
    }

    /// Drops everything (when the change log cannot say what changed).
    pub fn clear(&self) {
        let mut inner = self.inner.lock().expect("cache lock");
        self.generation.fetch_add(1, Ordering::SeqCst);
        inner.map.clear();
        inner.order.clear();
        inner.bytes = 0;
    }

    pub fn len(&self) -> usize {
        self.inner.lock().expect("cache lock").map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn bytes(&self) -> usize {
        self.inner.lock().expect("cache lock").bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry::new(
            path,
            200,
            "text/html".into(),
            None,
            Bytes::from(vec![b'x'; 1000]),
        )
    }

    fn change(kind: ChangeKind, slug: &str) -> Change {
        Change {
            id: 1,
            kind,
            slug: slug.into(),
        }
    }

    #[test]
    fn a_change_drops_what_shows_it_and_nothing_else() {
        let cache = PageCache::new(1 << 20);
        for p in [
            "/en/cases/a",
            "/nl/cases/b",
            "/en/",
            "/en/magazines/m",
            "/media/cases/b/x.png",
        ] {
            cache.put(p.into(), entry(p), 0);
        }
        cache.put(
            "/media/cases/a/x.png".into(),
            entry("/media/cases/a/x.png"),
            0,
        );
        cache.invalidate(&[change(ChangeKind::Case, "a")]);
        assert!(cache.get("/en/cases/a").is_none());
        assert!(
            cache.get("/media/cases/a/x.png").is_none(),
            "an unpublished case's files go"
        );
        assert!(cache.get("/en/").is_none());
        assert!(cache.get("/en/magazines/m").is_none());
        assert!(cache.get("/nl/cases/b").is_some());
        assert!(cache.get("/media/cases/b/x.png").is_some());
        cache.invalidate(&[change(ChangeKind::Theme, "t")]);
        assert!(cache.get("/nl/cases/b").is_none());
        assert!(cache.get("/media/cases/b/x.png").is_some());
    }

    #[test]
    fn a_discussion_change_drops_its_item_and_the_lists() {
        let cache = PageCache::new(1 << 20);
        for p in [
            "/en/cases/a",
            "/en/cases/b",
            "/en/",
            "/en/magazines/m",
            "/api/v1/cases/a/comments",
            "/media/cases/a/x.png",
        ] {
            cache.put(p.into(), entry(p), 0);
        }
        cache.invalidate(&[change(ChangeKind::Discussion, "magazines/m")]);
        assert!(cache.get("/en/magazines/m").is_none());
        assert!(
            cache.get("/en/cases/a").is_some(),
            "a magazine's comments are not a case's"
        );
        cache.invalidate(&[change(ChangeKind::Discussion, "cases/a")]);
        assert!(cache.get("/en/cases/a").is_none());
        assert!(cache.get("/api/v1/cases/a/comments").is_none());
        assert!(cache.get("/en/").is_none(), "cards count comments");
        assert!(cache.get("/en/cases/b").is_some());
        assert!(cache.get("/media/cases/a/x.png").is_some());
    }

    #[test]
    fn counted_views_drop_only_the_pages_that_show_figures() {
        for path in ["/en/stats", "/en/stats/totals.csv", "/nl/partners/aalborg"] {
            assert_eq!(Scope::of_path(path), Scope::Figures, "{path}");
        }
        let views = change(ChangeKind::Views, crate::store::VIEWS_SLUG);
        assert!(Scope::Figures.affected_by(&views));
        for other in [
            Scope::Library,
            Scope::Case("a".into()),
            Scope::Magazine("m".into()),
        ] {
            assert!(!other.affected_by(&views), "{other:?}");
        }
        assert!(Scope::Figures.affected_by(&change(ChangeKind::Case, "a")));
        assert_eq!(
            ChangeKind::of_record("discussion", crate::store::VIEWS_SLUG),
            Some(ChangeKind::Views),
            "stored as a discussion record the release before reads"
        );
        assert_eq!(ChangeKind::Views.code(), "discussion");
    }

    #[test]
    fn an_escaped_address_belongs_to_what_it_names() {
        assert_eq!(Scope::of_path("/en/cases/a%2Db"), Scope::Case("a-b".into()));
        assert_eq!(
            Scope::of_path("/media/cases/b/x%2Epng"),
            Scope::Media("cases/b/x.png".into())
        );
        assert_eq!(Scope::of_path("/en/cases/a%2"), Scope::Case("a%2".into()));
    }

    #[test]
    fn a_response_made_during_a_change_is_not_kept() {
        let cache = PageCache::new(1 << 20);
        let before = cache.generation();
        cache.invalidate(&[change(ChangeKind::Case, "a")]);
        cache.put("/en/cases/a".into(), entry("/en/cases/a"), before);
        assert!(cache.get("/en/cases/a").is_none());
    }

    #[test]
    fn the_cache_keeps_within_its_budget() {
        // Each entry takes a few hundred bytes: ten fit.
        let cache = PageCache::new(3_000);
        for i in 0..50 {
            let p = format!("/en/cases/c{i}");
            cache.put(p.clone(), entry(&p), 0);
            assert!(cache.bytes() <= 3_000);
        }
        assert!((5..=12).contains(&cache.len()), "{}", cache.len());
        assert!(cache.get("/en/cases/c49").is_some());
        assert!(cache.get("/en/cases/c0").is_none());
    }

    #[tokio::test]
    async fn a_miss_has_one_leader_and_the_others_wait_for_its_landing() {
        let cache = Arc::new(PageCache::new(1 << 20));
        let Turn::Lead(leader) = cache.miss("/en/") else {
            panic!("the first miss leads")
        };
        let Turn::Wait(mut waiter) = cache.miss("/en/") else {
            panic!("a second miss waits")
        };
        assert!(
            matches!(cache.miss("/en/cases/a"), Turn::Lead(_)),
            "another page has its own flight"
        );
        let page = Entry::with_effort(
            "/en/",
            200,
            "text/html".into(),
            None,
            Bytes::from(vec![b'x'; 5000]),
            Effort::Quick,
        );
        leader.land(Some(page), cache.generation());
        let landed = waiter.wait_for(Option::is_some).await.unwrap().clone();
        assert!(
            landed.flatten().is_some(),
            "the waiter gets the stored page"
        );
        assert!(
            matches!(cache.miss("/en/"), Turn::Lead(_)),
            "the flight is over"
        );
    }

    #[tokio::test]
    async fn a_leader_that_gives_up_lets_the_waiters_make_their_own() {
        let cache = Arc::new(PageCache::new(1 << 20));
        let Turn::Lead(leader) = cache.miss("/en/") else {
            panic!()
        };
        let Turn::Wait(mut waiter) = cache.miss("/en/") else {
            panic!()
        };
        drop(leader);
        assert!(matches!(
            waiter.wait_for(Option::is_some).await.unwrap().clone(),
            Some(None)
        ));
        // After a change, a new miss does not join a flight that began before it.
        let Turn::Lead(_old) = cache.miss("/en/x") else {
            panic!()
        };
        cache.clear();
        assert!(matches!(cache.miss("/en/x"), Turn::Lead(_)));
    }

    #[tokio::test]
    async fn a_quickly_compressed_page_is_replaced_by_its_best_compression() {
        let cache = Arc::new(PageCache::new(1 << 20));
        let body: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("<p>case {} of the library</p>", i % 97).into_bytes())
            .collect();
        let Turn::Lead(leader) = cache.miss("/en/") else {
            panic!()
        };
        let quick = Entry::with_effort(
            "/en/",
            200,
            "text/html".into(),
            None,
            Bytes::from(body.clone()),
            Effort::Quick,
        );
        let quick_size = quick.brotli.len();
        leader.land(Some(quick), cache.generation());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while cache.get("/en/").unwrap().effort != Effort::Best {
            assert!(std::time::Instant::now() < deadline, "never polished");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let best = cache.get("/en/").unwrap();
        assert!(
            best.brotli.len() < quick_size,
            "{} < {quick_size}",
            best.brotli.len()
        );
        assert_eq!(best.identity(), body);
    }

    #[test]
    fn compressed_bodies_decompress_to_the_page() {
        let e = entry("/en/");
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &e.brotli[..], &mut out).unwrap();
        assert_eq!(out, vec![b'x'; 1000]);
        assert_eq!(e.identity(), out);
        assert!(e.etag.starts_with("W/\""));
    }
}
