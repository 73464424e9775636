//! The search contract (docs/design.md#search), one suite run on both backends: the embedded index
//! always, and a Meilisearch server whenever `MEILISEARCH_URL` names one (each test says clearly when it
//! skipped it).
//! Every test imports the same small library, indexes it through the real indexer, and searches it.

mod support;

use likewise::domain::{Adoption, AdoptionStage, Organisation};
use likewise::domain::{Lang, Status};
use likewise::exchange::import;
use likewise::search::indexer;
use likewise::search::meili::MeiliIndex;
use likewise::search::{Facet, Found, Query, SharedIndex, Sort};
use likewise::store::{ItemKind, SharedStore};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{TestStore, fixture};

/// A Meilisearch index of its own for one test, or `None` (said aloud) when no server is configured.
pub fn meilisearch() -> Option<(SharedIndex, std::sync::Arc<MeiliIndex>)> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let Ok(url) = std::env::var("MEILISEARCH_URL") else {
        eprintln!(
            "skipped on Meilisearch: set MEILISEARCH_URL (and MEILISEARCH_API_KEY) to run it there"
        );
        return None;
    };
    let uid = format!(
        "likewise-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let key = std::env::var("MEILISEARCH_API_KEY").ok();
    let meili = std::sync::Arc::new(MeiliIndex::new(&url, key.as_deref(), &uid).unwrap());
    Some((meili.clone(), meili))
}

/// The contract's library on a fresh store, indexed by `index`.
async fn library(index: SharedIndex) -> (TestStore, SharedIndex) {
    let s = support::sqlite().await;
    let report = import::import_dir(&*s.store, &fixture("search"), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        report.count(import::Status::Rejected),
        0,
        "{}",
        report.summary()
    );
    indexer::catch_up(&s.store, &index).await.unwrap();
    (s, index)
}

fn query(text: &str) -> Query {
    Query {
        text: text.to_string(),
        limit: 20,
        ..Default::default()
    }
}

async fn find(index: &SharedIndex, q: Query) -> Found {
    index.search(&q).await.unwrap()
}

async fn slugs(index: &SharedIndex, text: &str) -> Vec<String> {
    find(index, query(text))
        .await
        .hits
        .into_iter()
        .map(|h| h.doc.slug)
        .collect()
}

/// Each contract test, once per backend: `embedded` always, `meilisearch` when a server is configured.
macro_rules! contract {
    ($($name:ident($index:ident, $store:ident) $body:block)*) => {
        $(
            mod $name {
                use super::*;

                #[allow(unused_variables)]
                async fn check($index: SharedIndex, $store: SharedStore) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    let (index, dir) = support::embedded_index();
                    let (s, index) = library(index).await;
                    check(index, s.store.clone()).await;
                    drop(dir);
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn meilisearch() {
                    let Some((index, meili)) = super::meilisearch() else { return };
                    let (s, index) = library(index).await;
                    check(index, s.store.clone()).await;
                    meili.delete().await.unwrap();
                }
            }
        )*
    };
}

/// An index whose state was recorded by an older binary (documents of another shape: no version) is
/// rebuilt: its position reads as none, and the indexer starts over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meilisearch_index_of_an_older_shape_is_rebuilt() {
    let Some((index, meili)) = meilisearch() else {
        return;
    };
    let (s, index) = library(index).await;
    assert!(index.position().await.unwrap().is_some());
    let url = std::env::var("MEILISEARCH_URL").unwrap();
    let key = std::env::var("MEILISEARCH_API_KEY").unwrap_or_default();
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap();
    let task: serde_json::Value = client
        .post(format!("{url}/indexes/{}-state/documents", meili.uid()))
        .bearer_auth(&key)
        .json(&serde_json::json!([{ "id": "indexer", "position": 1 }]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = task["taskUid"].as_i64().expect("a task");
    for _ in 0..200 {
        let t: serde_json::Value = client
            .get(format!("{url}/tasks/{id}"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if t["status"] == "succeeded" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        index.position().await.unwrap(),
        None,
        "an older shape has no position"
    );
    indexer::catch_up(&s.store, &index).await.unwrap();
    assert!(index.position().await.unwrap().is_some());
    assert!(
        !slugs(&index, "wifi ").await.is_empty(),
        "rebuilt and searchable"
    );
    meili.delete().await.unwrap();
}

/// Records `(name, stage)` adoptions of `case` (organisations named by letter, all in one country).
async fn adopt(store: &SharedStore, case: &str, who: &[(&str, AdoptionStage)]) {
    let list: Vec<Adoption> = who
        .iter()
        .map(|(name, stage)| Adoption {
            organisation: Organisation::Named {
                name: name.to_string(),
                country: "NL".into(),
                website: None,
            },
            stage: *stage,
            year: 2024,
            note: Default::default(),
            case: None,
        })
        .collect();
    let raw = likewise::content::adoptions::write_file(&list);
    store.put_adoptions(case, &list, &raw, None).await.unwrap();
}

contract! {
    taken_up_elsewhere_is_a_facet_and_an_order(index, store) {
        adopt(&store, "waste-dashboard", &[("A", AdoptionStage::Adopted), ("B", AdoptionStage::Piloting), ("C", AdoptionStage::Considering)]).await;
        adopt(&store, "parking-sensors", &[("D", AdoptionStage::Adapted)]).await;
        adopt(&store, "library-wifi", &[("E", AdoptionStage::Considering), ("F", AdoptionStage::Stopped)]).await;
        indexer::catch_up(&store, &index).await.unwrap();
        let all = find(&index, query("")).await;
        assert_eq!(all.facets[&Facet::TakenUp].get("yes"), Some(&2), "{:?}", all.facets);
        let mut taken = query("");
        taken.filters.insert(Facet::TakenUp, vec!["yes".into()]);
        let found = find(&index, taken.clone()).await;
        let mut slugs: Vec<String> = found.hits.iter().map(|h| h.doc.slug.clone()).collect();
        slugs.sort();
        assert_eq!(slugs, ["parking-sensors", "waste-dashboard"]);
        assert_eq!(found.total, 2);
        // The other facets are counted over the taken-up cases only.
        let countries: u64 = found.facets[&Facet::Country].values().sum();
        assert_eq!(countries, 2);
        // Most taken up first; the rest after them, newest first, as without the order.
        let mut sorted = query("");
        sorted.sort = Sort::TakenUp;
        let order: Vec<String> = find(&index, sorted).await.hits.iter().map(|h| h.doc.slug.clone()).collect();
        assert_eq!(&order[..2], ["waste-dashboard", "parking-sensors"], "{order:?}");
        let newest: Vec<String> = find(&index, query("")).await.hits.iter().map(|h| h.doc.slug.clone()).filter(|s| s != "waste-dashboard" && s != "parking-sensors").collect();
        assert_eq!(&order[2..], &newest[..], "ties keep the newest-first order");
        assert_eq!(find(&index, query("")).await.hits.iter().find(|h| h.doc.slug == "waste-dashboard").map(|h| h.doc.taken_up), Some(2));
        // With words, the order still puts the most taken-up match first.
        let mut words = query("dashboard sensors");
        words.sort = Sort::TakenUp;
        let hits = find(&index, words).await.hits;
        assert_eq!(hits.first().map(|h| h.doc.slug.as_str()), Some("waste-dashboard"));
        // A removal is followed.
        adopt(&store, "waste-dashboard", &[]).await;
        indexer::catch_up(&store, &index).await.unwrap();
        let found = find(&index, taken).await;
        assert_eq!(found.hits.iter().map(|h| h.doc.slug.as_str()).collect::<Vec<_>>(), ["parking-sensors"]);
    }

    a_word_under_five_letters_allows_no_typo(index, store) {
        assert_eq!(slugs(&index, "wifi ").await, vec!["library-wifi"]);
        assert!(slugs(&index, "wifu ").await.is_empty(), "4 letters: no typo allowed");
    }

    a_word_of_five_to_eight_letters_allows_one_typo(index, store) {
        assert_eq!(slugs(&index, "kiosc ").await, vec!["library-wifi"], "5 letters, one typo");
        assert!(slugs(&index, "sensros ").await.contains(&"parking-sensors".to_string()), "a swap is one typo");
        assert!(slugs(&index, "snesros ").await.is_empty(), "7 letters: two typos are too many");
    }

    a_word_of_nine_letters_or_more_allows_two_typos(index, store) {
        let found = slugs(&index, "dashbpasd ").await;
        assert_eq!(found, vec!["waste-dashboard"], "9 letters, two typos");
        assert!(slugs(&index, "dxshbpasd ").await.is_empty(), "three typos are too many");
    }

    the_last_word_matches_as_a_prefix(index, store) {
        assert_eq!(slugs(&index, "smart park").await.first().map(String::as_str), Some("parking-sensors"));
        assert_eq!(slugs(&index, "vergunn").await, vec!["chatbot-permits"]);
        assert_eq!(slugs(&index, "recycl").await, vec!["waste-dashboard"]);
    }

    a_match_in_the_title_ranks_above_matches_in_the_text(index, store) {
        // `street-lighting` says "sensors" eight times in its text; `parking-sensors` once in its title.
        let found = slugs(&index, "sensors").await;
        assert_eq!(found.first().map(String::as_str), Some("parking-sensors"), "{found:?}");
        assert!(found.contains(&"street-lighting".to_string()));
    }

    a_query_in_any_language_finds_the_case(index, store) {
        // German words of the German translation of an English case.
        assert_eq!(slugs(&index, "Intelligente Parksensoren").await.first().map(String::as_str), Some("parking-sensors"));
        // Danish words of a Danish case translated into English.
        assert_eq!(slugs(&index, "genbrugspladser").await, vec!["waste-dashboard"]);
        // Dutch and English words of the same case find it once.
        assert_eq!(slugs(&index, "chatbot vergunningen permits").await, vec!["chatbot-permits"]);
    }

    a_hit_is_shown_in_the_readers_language_where_the_case_has_it(index, store) {
        let mut q = query("genbrugspladser");
        q.lang = Some(Lang::En);
        let hit = &find(&index, q.clone()).await.hits[0];
        assert_eq!(hit.lang, Lang::En);
        assert_eq!(hit.title, "A waste dashboard for recycling centres");
        // No French text: shown in the language that matched.
        q.lang = Some(Lang::Fr);
        assert_eq!(find(&index, q).await.hits[0].lang, Lang::Da);
    }

    facets_count_cases_not_translations(index, store) {
        let found = find(&index, query("")).await;
        assert_eq!(found.total, 6);
        let count = |f: Facet, v: &str| found.facets[&f].get(v).copied().unwrap_or(0);
        assert_eq!(count(Facet::Theme, "iot"), 3);
        assert_eq!(count(Facet::Theme, "mobility"), 2);
        assert_eq!(count(Facet::Partner, "vechta"), 2);
        assert_eq!(count(Facet::Country, "DK"), 2);
        assert_eq!(count(Facet::Language, "en"), 5);
        assert_eq!(count(Facet::Language, "de"), 2);
        assert_eq!(count(Facet::Language, "da"), 1);
        assert_eq!(count(Facet::Stage, "in-use"), 2);
        assert_eq!(count(Facet::Stage, "idea"), 1);
    }

    filters_combine_any_value_within_a_facet_and_every_facet(index, store) {
        let mut q = query("");
        q.filters.insert(Facet::Theme, vec!["iot".into()]);
        q.filters.insert(Facet::Country, vec!["DE".into()]);
        let found = find(&index, q.clone()).await;
        assert_eq!(found.hits.iter().map(|h| h.doc.slug.as_str()).collect::<Vec<_>>(), vec!["parking-sensors"]);
        assert_eq!(found.total, 1);
        // A facet's own filter does not narrow its counts: the other countries stay countable.
        assert_eq!(found.facets[&Facet::Country].get("NL"), Some(&1));
        assert_eq!(found.facets[&Facet::Country].get("DK"), Some(&1));
        // Other facets are counted over the filtered cases.
        assert_eq!(found.facets[&Facet::Stage].get("in-use"), Some(&1));
        assert_eq!(found.facets[&Facet::Stage].get("pilot"), None);
        q.filters.insert(Facet::Country, vec!["DE".into(), "DK".into()]);
        q.filters.insert(Facet::Language, vec!["en".into()]);
        let found = find(&index, q).await;
        assert_eq!(found.total, 2, "iot in DE or DK with an English text");
        // Filters with words.
        let mut q = query("dashboard");
        q.filters.insert(Facet::Stage, vec!["pilot".into()]);
        assert_eq!(find(&index, q).await.total, 0);
    }

    snippets_mark_the_matched_words_and_escape_the_rest(index, store) {
        let mut q = query("medewerker");
        q.lang = Some(Lang::Nl);
        let hit = &find(&index, q).await.hits[0];
        assert!(hit.snippet.contains("<mark>medewerker</mark>"), "{}", hit.snippet);
        assert!(!hit.snippet.contains("<script"), "{}", hit.snippet);
        let mut q = query("vergunningen");
        q.lang = Some(Lang::Nl);
        let hit = &find(&index, q).await.hits[0];
        assert!(hit.snippet.contains("<mark>vergunning</mark>"), "{}", hit.snippet);
    }

    results_are_in_a_stable_order(index, store) {
        let all = find(&index, query("")).await;
        let order: Vec<&str> = all.hits.iter().map(|h| h.doc.slug.as_str()).collect();
        // Newest first; the two of 2024-05-01 by slug.
        assert_eq!(order, vec!["parking-sensors", "street-lighting", "chatbot-permits", "budget-platform", "waste-dashboard", "library-wifi"]);
        let mut page = query("");
        page.offset = 2;
        page.limit = 2;
        let second: Vec<String> = find(&index, page).await.hits.into_iter().map(|h| h.doc.slug).collect();
        assert_eq!(second, vec!["chatbot-permits", "budget-platform"]);
    }

    unpublished_cases_are_never_found(index, store) {
        store.set_status(ItemKind::Case, "parking-sensors", Status::Draft).await.unwrap();
        indexer::catch_up(&store, &index).await.unwrap();
        assert!(!slugs(&index, "parking").await.contains(&"parking-sensors".to_string()));
        assert_eq!(find(&index, query("")).await.total, 5);
        store.set_status(ItemKind::Case, "parking-sensors", Status::Published).await.unwrap();
        indexer::catch_up(&store, &index).await.unwrap();
        assert_eq!(slugs(&index, "parking").await.first().map(String::as_str), Some("parking-sensors"));
    }

    a_deleted_case_disappears(index, store) {
        assert!(store.delete(ItemKind::Case, "library-wifi").await.unwrap());
        indexer::catch_up(&store, &index).await.unwrap();
        assert!(slugs(&index, "wifi ").await.is_empty());
        let found = find(&index, query("")).await;
        assert_eq!(found.total, 5);
        assert_eq!(found.facets[&Facet::Partner].get("aalborg"), Some(&1));
    }

    german_compounds_match_their_parts(index, store) {
        assert_eq!(slugs(&index, "Beteiligung ").await.first().map(String::as_str), Some("budget-platform"));
        assert_eq!(slugs(&index, "Sensoren ").await.first().map(String::as_str), Some("parking-sensors"));
    }

    magazines_are_found_beside_the_cases_and_never_counted(index, store) {
        let found = find(&index, query("lighthouse")).await;
        assert_eq!(found.total, 0, "no case says it");
        let slugs: Vec<&str> = found.magazines.iter().map(|h| h.doc.slug.as_str()).collect();
        assert_eq!(slugs, vec!["issue-one"]);
        let mut q = query("vuurtorennummer");
        q.lang = Some(Lang::Nl);
        let found = find(&index, q).await;
        assert_eq!(found.magazines[0].lang, Lang::Nl);
        assert!(found.magazines[0].snippet.contains("<mark>"), "{}", found.magazines[0].snippet);
        // Magazines have none of the facets: not counted, not listed without words, not found under filters.
        let all = find(&index, query("")).await;
        assert_eq!(all.total, 6);
        assert!(all.magazines.is_empty());
        assert_eq!(all.facets[&Facet::Language].get("en"), Some(&5));
        let mut q = query("lighthouse");
        q.filters.insert(Facet::Language, vec!["en".into()]);
        assert!(find(&index, q).await.magazines.is_empty());
        store.set_status(ItemKind::Magazine, "issue-one", Status::Unpublished).await.unwrap();
        indexer::catch_up(&store, &index).await.unwrap();
        assert!(find(&index, query("lighthouse")).await.magazines.is_empty(), "an unpublished magazine is not found");
    }

    a_reindex_gives_the_same_answers(index, store) {
        let before = find(&index, query("sensors")).await;
        let n = indexer::rebuild(&store, &index, &mut |_| {}).await.unwrap();
        assert_eq!(n, 6);
        assert_eq!(index.documents().await.unwrap(), 7, "six cases and a magazine");
        let after = find(&index, query("sensors")).await;
        assert_eq!(before.total, after.total);
        assert_eq!(before.hits.iter().map(|h| &h.doc.slug).collect::<Vec<_>>(), after.hits.iter().map(|h| &h.doc.slug).collect::<Vec<_>>());
    }
}
