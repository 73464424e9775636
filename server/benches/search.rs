//! Search benchmarks on a generated library (10,000 cases with translations unless
//! `LIKEWISE_BENCH_CASES` says otherwise): building the embedded index from the store, and each query of the
//! mixed set (`tests/fixtures/bench-queries.txt`: plain, typo, prefix, filtered, faceted) answered by the
//! embedded index in-process; the same for a Meilisearch server when `MEILISEARCH_URL` names one.
//! Run: `cargo bench -p server --bench search`. The HTTP round trip is measured by `scripts/bench-search`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use likewise::exchange::{generate, import};
use likewise::search::{SharedIndex, embedded::EmbeddedIndex, indexer, meili::MeiliIndex};
use likewise::store::SharedStore;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn queries() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/bench-queries.txt");
    std::fs::read_to_string(root)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, q)| (k.to_string(), q.to_string()))
        .collect()
}

fn bench(c: &mut Criterion) {
    let cases: usize = std::env::var("LIKEWISE_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let tree = work.path().join("tree");
    generate::generate(&tree, &generate::GenerateOptions { cases, seed: 1 }).unwrap();
    let url = format!("sqlite://{}", work.path().join("likewise.db").display());
    let store: SharedStore = rt.block_on(likewise::store::open(&url)).unwrap();
    let started = Instant::now();
    let report = rt
        .block_on(import::import_dir(&*store, &tree, &mut |_| {}))
        .unwrap();
    eprintln!(
        "library: {cases} cases, {} ({:.1} s)",
        report.summary(),
        started.elapsed().as_secs_f64()
    );

    let mut build = c.benchmark_group("index build");
    build
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    build.bench_function(BenchmarkId::new("embedded", cases), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let index: SharedIndex =
                    Arc::new(EmbeddedIndex::open(&dir.path().join("index")).unwrap());
                let t = Instant::now();
                rt.block_on(indexer::rebuild(&store, &index, &mut |_| {}))
                    .unwrap();
                total += t.elapsed();
            }
            total
        })
    });
    build.finish();

    let dir = tempfile::tempdir().unwrap();
    let embedded: SharedIndex = Arc::new(EmbeddedIndex::open(&dir.path().join("index")).unwrap());
    rt.block_on(indexer::rebuild(&store, &embedded, &mut |_| {}))
        .unwrap();
    let mut backends = vec![("embedded", embedded)];
    let mut meili = None;
    if let Ok(url) = std::env::var("MEILISEARCH_URL") {
        let key = std::env::var("MEILISEARCH_API_KEY").ok();
        let m = Arc::new(
            MeiliIndex::new(
                &url,
                key.as_deref(),
                &format!("likewise-bench-{}", std::process::id()),
            )
            .unwrap(),
        );
        let t = Instant::now();
        rt.block_on(indexer::rebuild(
            &store,
            &(m.clone() as SharedIndex),
            &mut |_| {},
        ))
        .unwrap();
        eprintln!(
            "index build, meilisearch, {cases} cases: {:.1} s",
            t.elapsed().as_secs_f64()
        );
        backends.push(("meilisearch", m.clone()));
        meili = Some(m);
    } else {
        eprintln!(
            "skipped on Meilisearch: set MEILISEARCH_URL (and MEILISEARCH_API_KEY) to compare"
        );
    }
    for (name, index) in &backends {
        let mut g = c.benchmark_group(format!("search {name}"));
        g.sample_size(50).measurement_time(Duration::from_secs(3));
        for (kind, raw) in queries() {
            let mut query = likewise::http::parse_search_query(Some(&raw)).unwrap();
            query.lang = Some(likewise::domain::Lang::En);
            g.bench_function(BenchmarkId::new(kind, &raw), |b| {
                b.iter(|| rt.block_on(index.search(&query)).unwrap())
            });
        }
        g.finish();
    }
    if let Some(m) = meili {
        rt.block_on(m.delete()).unwrap();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
