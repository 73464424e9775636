//! The statistics page (`/{lang}/stats`) and its CSV files over real HTTP, on SQLite and PostgreSQL: every
//! figure equals what the test counts from the store itself; filters narrow them; page views are counted
//! per page and day only for pages that exist; the page is cached under the change log (one render per
//! change); a partner's page shows its own figures.

mod support;

use likewise::domain::{Adoption, AdoptionStage, Lang, Organisation};
use likewise::store::comments::{CommentState, NewComment};
use likewise::store::{CaseFilter, ItemKind, TranslationState};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::TestStore;
use support::site::*;

/// A CSV file as rows of fields (the files here quote nothing: the test's names hold no commas).
async fn csv(site: &Site, path: &str) -> Vec<Vec<String>> {
    let r = site.get(&Browser::default(), path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let text = r.text().await.unwrap();
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// `label → value` of a two-column CSV, header left out.
async fn figures(site: &Site, path: &str) -> BTreeMap<String, i64> {
    csv(site, path)
        .await
        .into_iter()
        .skip(1)
        .map(|r| (r[0].clone(), r[1].parse().unwrap()))
        .collect()
}

async fn adopt(site: &Site, case: &str, who: &[(&str, &str, AdoptionStage, i32)]) {
    let list: Vec<Adoption> = who
        .iter()
        .map(|(name, country, stage, year)| Adoption {
            organisation: Organisation::Named {
                name: name.to_string(),
                country: country.to_string(),
                website: None,
            },
            stage: *stage,
            year: *year,
            note: Default::default(),
            case: None,
        })
        .collect();
    let raw = likewise::content::adoptions::write_file(&list);
    site.store
        .store
        .put_adoptions(case, &list, &raw, None)
        .await
        .unwrap();
}

async fn comment(site: &Site, case: &str, n: usize, state: CommentState) {
    let (author, _) = site
        .store
        .store
        .accounts()
        .account_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap();
    for i in 0..n {
        let words = format!("Comment {i} on {case} ({state:?})");
        site.store
            .store
            .comments()
            .add_comment(&NewComment {
                kind: ItemKind::Case,
                slug: case.into(),
                parent: None,
                author: author.id.clone(),
                body: words.clone(),
                html: format!("<p>{words}</p>"),
                state,
                by_moderator: false,
                fingerprint: words,
                now_ms: chrono::Utc::now().timestamp_millis(),
                limits: None,
            })
            .await
            .unwrap();
    }
}

fn total(html: &str, test: &str) -> i64 {
    let at = html
        .find(&format!("data-test=\"{test}\">"))
        .unwrap_or_else(|| panic!("{test} on the page"));
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find('<').unwrap();
    rest[start..start + end].trim().parse().unwrap()
}

async fn page(site: &Site, path: &str) -> reqwest::Response {
    site.get(&Browser::default(), path).await
}

async fn the_figures_are_the_stores_counts(s: TestStore) {
    let site = site_on(s).await;
    adopt(
        &site,
        "city-chatbot",
        &[
            ("Emmen", "NL", AdoptionStage::Adopted, 2023),
            ("Kortrijk", "BE", AdoptionStage::Considering, 2024),
        ],
    )
    .await;
    adopt(
        &site,
        "borger-bot",
        &[("Odense", "DK", AdoptionStage::Piloting, 2024)],
    )
    .await;
    comment(&site, "city-chatbot", 3, CommentState::Approved).await;
    comment(&site, "borger-bot", 2, CommentState::Waiting).await;
    // Page views: three pages read, one address that is no page (not counted), a prefetch (not counted).
    for path in [
        "/en/cases/city-chatbot",
        "/nl/cases/city-chatbot",
        "/en/cases/city-chatbot",
        "/en/magazines/first-issue",
        "/en/cases/no-such-case",
    ] {
        page(&site, path).await;
    }
    site.client
        .get(site.url("/en/cases/borger-bot"))
        .header("sec-purpose", "prefetch")
        .send()
        .await
        .unwrap();
    site.state.views.flush(&site.state.store).await;

    // What the store holds, counted here.
    let cases = site
        .store
        .store
        .cases(&CaseFilter::default())
        .await
        .unwrap();
    let themes = site.store.store.themes().await.unwrap();
    let mut by_theme: BTreeMap<String, i64> = BTreeMap::new();
    for c in &cases {
        for t in &c.meta.themes {
            let name = themes
                .iter()
                .find(|x| &x.slug == t)
                .unwrap()
                .name(Lang::En)
                .to_string();
            *by_theme.entry(name).or_default() += 1;
        }
    }
    let mut translations: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for c in &cases {
        let record = site.store.store.case(&c.slug).await.unwrap().unwrap();
        for l in Lang::ALL {
            let i = match record.translation_state(l) {
                TranslationState::Current => 0,
                TranslationState::Outdated => 1,
                TranslationState::Missing => 2,
            };
            translations
                .entry(app::text::lang_name(Lang::En, l).to_string())
                .or_default()[i] += 1;
        }
    }

    let started = Instant::now();
    let html = loop {
        let html = page(&site, "/en/stats").await.text().await.unwrap();
        if total(&html, "stats-total-views") == 4 || started.elapsed() > Duration::from_secs(5) {
            break html;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(total(&html, "stats-total-cases"), cases.len() as i64);
    assert_eq!(
        total(&html, "stats-total-taken-up"),
        2,
        "adopted and piloting; considering is not taken up"
    );
    assert_eq!(
        total(&html, "stats-total-comments"),
        3,
        "waiting comments are not counted"
    );
    assert_eq!(
        total(&html, "stats-total-views"),
        4,
        "three case views, one magazine view"
    );
    assert_eq!(html.matches("data-test=\"chart\"").count(), 12);
    assert!(html.contains("role=\"img\""));

    assert_eq!(
        figures(&site, "/en/stats/cases-by-theme.csv").await,
        by_theme
    );
    let t = csv(&site, "/en/stats/translations.csv").await;
    assert_eq!(t[0], ["Language", "Current", "Outdated", "Not translated"]);
    let got: BTreeMap<String, [i64; 3]> = t[1..]
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                [
                    r[1].parse().unwrap(),
                    r[2].parse().unwrap(),
                    r[3].parse().unwrap(),
                ],
            )
        })
        .collect();
    assert_eq!(got, translations);
    assert_eq!(
        figures(&site, "/en/stats/adoptions-by-year.csv").await,
        BTreeMap::from([("2023".into(), 1), ("2024".into(), 2)])
    );
    let between = figures(&site, "/en/stats/adoptions-between-countries.csv").await;
    assert_eq!(
        between.get("Netherlands → Netherlands"),
        Some(&1),
        "{between:?}"
    );
    assert_eq!(between.get("Denmark → Denmark"), Some(&1), "{between:?}");
    assert_eq!(between.values().sum::<i64>(), 3);
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    assert_eq!(
        figures(&site, "/en/stats/comments-by-month.csv").await,
        BTreeMap::from([(month.clone(), 3)])
    );
    assert_eq!(
        figures(&site, "/en/stats/views-by-month.csv").await,
        BTreeMap::from([(month, 4)])
    );
    let by_case = figures(&site, "/en/stats/views-by-case.csv").await;
    assert_eq!(
        by_case.values().copied().collect::<Vec<_>>(),
        [3],
        "{by_case:?}"
    );
    assert_eq!(
        figures(&site, "/en/stats/views-by-magazine.csv")
            .await
            .values()
            .sum::<i64>(),
        1
    );
    let totals = figures(&site, "/en/stats/totals.csv").await;
    assert_eq!(totals["Page views"], 4);

    // A filter narrows every figure to the cases it selects.
    let chatbots = cases
        .iter()
        .filter(|c| c.meta.themes.iter().any(|t| t == "chatbots"))
        .count() as i64;
    let html = page(&site, "/en/stats?theme=chatbots")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        total(&html, "stats-total-cases"),
        chatbots,
        "{}",
        &html[html.find("stats-filters").unwrap()..][..3000]
    );
    let aalborg = page(&site, "/en/stats?partner=aalborg&from=2000&to=2100")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&aalborg, "stats-total-taken-up"), 1);
    assert_eq!(total(&aalborg, "stats-total-comments"), 0);
    assert!(
        aalborg.contains("<option value=\"aalborg\" selected"),
        "the form keeps the filter"
    );
    // Events count by their own dates: this year's adoption, comments and views of older cases.
    let this_year = chrono::Utc::now().format("%Y").to_string();
    let recent = page(&site, &format!("/en/stats?from={this_year}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&recent, "stats-total-comments"), 3);
    assert_eq!(total(&recent, "stats-total-views"), 4);
    let y2024 = page(&site, "/en/stats?from=2024&to=2024")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        total(&y2024, "stats-total-taken-up"),
        1,
        "Odense's piloting in 2024"
    );
    let none = page(&site, "/en/stats?from=2099")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&none, "stats-total-cases"), 0);
    assert!(none.contains("data-test=\"chart-empty\""));
    // Unknown filters and charts.
    assert_eq!(
        page(&site, "/en/stats?theme=%3Cscript%3E").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        page(&site, "/en/stats/passwords.csv").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&site, "/xx/stats/totals.csv").await.status(),
        StatusCode::NOT_FOUND
    );
    // In every language.
    for lang in ["nl", "de", "da", "fr"] {
        let r = page(&site, &format!("/{lang}/stats")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains(&format!("lang=\"{lang}\"")));
        assert_eq!(total(&html, "stats-total-cases"), cases.len() as i64);
    }

    // A partner's page shows its figures and links to them.
    let p = page(&site, "/en/partners/aalborg")
        .await
        .text()
        .await
        .unwrap();
    assert!(p.contains("data-test=\"partner-stats\""));
    assert!(p.contains("href=\"/en/stats?partner=aalborg\""));
    assert_eq!(total(&p, "stats-total-taken-up"), 1);
}

/// One render per change: the second reader gets the cached page; a change (an adoption, counted views)
/// makes the next reader render it again, with the new figure, within a second.
async fn the_page_is_cached_under_the_change_log(s: TestStore) {
    let site = site_on(s).await;
    let cache = |r: &reqwest::Response| {
        r.headers()["x-likewise-cache"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let first = page(&site, "/en/stats").await;
    assert_eq!(cache(&first), "miss");
    let second = page(&site, "/en/stats").await;
    assert_eq!(cache(&second), "hit");
    adopt(
        &site,
        "easy-forms",
        &[("Emmen", "NL", AdoptionStage::Adopted, 2024)],
    )
    .await;
    let started = Instant::now();
    loop {
        let html = page(&site, "/en/stats").await.text().await.unwrap();
        if total(&html, "stats-total-taken-up") == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the stats page follows the change log"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "within a second: {:?}",
        started.elapsed()
    );
    assert_eq!(cache(&page(&site, "/en/stats").await), "hit");
    page(&site, "/en/cases/easy-forms").await;
    site.state.views.flush(&site.state.store).await;
    let started = Instant::now();
    loop {
        let html = page(&site, "/en/stats").await.text().await.unwrap();
        if total(&html, "stats-total-views") == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "counted views reach the page"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Views change only the pages that show figures: a case page and the home page stay cached.
    page(&site, "/en/cases/city-chatbot").await;
    page(&site, "/en/").await;
    assert_eq!(cache(&page(&site, "/en/cases/city-chatbot").await), "hit");
    assert_eq!(cache(&page(&site, "/en/").await), "hit");
    site.state.views.flush(&site.state.store).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(cache(&page(&site, "/en/cases/city-chatbot").await), "hit");
    assert_eq!(cache(&page(&site, "/en/").await), "hit");
}

on_both_stores!(
    the_figures_are_the_stores_counts,
    the_page_is_cached_under_the_change_log
);
