//! The relevance set: what officials type over the bundled library, each with the case that must be in the
//! top 3 (`tests/fixtures/relevance.toml`). Run on the embedded index always and on Meilisearch when
//! `MEILISEARCH_URL` names a server; prints the pass rate per kind and language, and every miss.

mod support;

use likewise::exchange::import;
use likewise::search::{Query, SharedIndex, indexer};
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
struct Set {
    query: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    q: String,
    expect: String,
    lang: String,
    kind: String,
}

/// Every query must find its case in the top 3; the set is ours and the library is ours, so a miss is a
/// regression to look at, not noise.
const REQUIRED_RATE: f64 = 1.0;

async fn run(name: &str, index: SharedIndex) {
    let s = support::sqlite().await;
    let content = support::repo_root().join("content");
    let report = import::import_dir(&*s.store, &content, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        report.count(import::Status::Rejected),
        0,
        "{}",
        report.summary()
    );
    indexer::catch_up(&s.store, &index).await.unwrap();
    let text = std::fs::read_to_string(support::fixture("relevance.toml")).unwrap();
    let set: Set = toml::from_str(&text).unwrap();
    assert!(set.query.len() >= 60, "the set holds at least 60 queries");
    let mut by_group: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for case in &set.query {
        let found = index
            .search(&Query {
                text: case.q.clone(),
                lang: case.lang.parse().ok(),
                limit: 3,
                ..Default::default()
            })
            .await
            .unwrap();
        let top: Vec<String> = found.hits.iter().map(|h| h.doc.slug.clone()).collect();
        let hit = top.contains(&case.expect);
        for group in [format!("kind {}", case.kind), format!("lang {}", case.lang)] {
            let e = by_group.entry(group).or_default();
            e.0 += usize::from(hit);
            e.1 += 1;
        }
        if !hit {
            misses.push(format!(
                "  {:?} ({}, {}): expected {}, got {:?}",
                case.q, case.lang, case.kind, case.expect, top
            ));
        }
    }
    let passed = set.query.len() - misses.len();
    let rate = passed as f64 / set.query.len() as f64;
    println!(
        "relevance on {name}: {passed}/{} queries with the expected case in the top 3 ({:.1}%)",
        set.query.len(),
        rate * 100.0
    );
    for (group, (ok, all)) in &by_group {
        println!("  {group}: {ok}/{all}");
    }
    for m in &misses {
        println!("{m}");
    }
    assert!(
        rate >= REQUIRED_RATE,
        "relevance on {name}: {:.1}% below {:.0}%:\n{}",
        rate * 100.0,
        REQUIRED_RATE * 100.0,
        misses.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relevance_on_the_embedded_index() {
    let (index, _dir) = support::embedded_index();
    run("the embedded index", index).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relevance_on_meilisearch() {
    let Ok(url) = std::env::var("MEILISEARCH_URL") else {
        eprintln!(
            "skipped on Meilisearch: set MEILISEARCH_URL (and MEILISEARCH_API_KEY) to run it there"
        );
        return;
    };
    let key = std::env::var("MEILISEARCH_API_KEY").ok();
    let uid = format!("likewise-relevance-{}", std::process::id());
    let meili = std::sync::Arc::new(
        likewise::search::meili::MeiliIndex::new(&url, key.as_deref(), &uid).unwrap(),
    );
    run("Meilisearch", meili.clone()).await;
    meili.delete().await.unwrap();
}
