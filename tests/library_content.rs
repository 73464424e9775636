//! The bundled LIKE! library in `content/`: it imports cleanly and has the shape the library promises.

mod support;

use app::lang::Lang;
use likewise::exchange::import::{self, Status};
use std::collections::{BTreeMap, HashMap};

async fn imported() -> (support::TestStore, import::Report) {
    let s = support::sqlite().await;
    let report = import::import_dir(
        &*s.store,
        &support::repo_root().join("content"),
        &mut |_| {},
    )
    .await
    .unwrap();
    (s, report)
}

/// Average words per sentence: a simple, language-independent readability measure.
fn average_sentence_length(text: &str) -> f64 {
    let sentences: Vec<&str> = text
        .split(['.', '!', '?', ';'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > 0)
        .collect();
    let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    words as f64 / sentences.len().max(1) as f64
}

/// Every stored case with all its texts.
async fn full_cases(s: &support::TestStore) -> Vec<likewise::store::CaseRecord> {
    let mut out = Vec::new();
    for c in s.store.cases(&Default::default()).await.unwrap() {
        out.push(s.store.case(&c.slug).await.unwrap().unwrap());
    }
    out
}

#[tokio::test]
async fn the_bundled_library_imports_without_a_rejection() {
    let (_, report) = imported().await;
    let rejected: Vec<String> = report.rejected().map(|l| l.to_string()).collect();
    assert!(rejected.is_empty(), "rejected:\n{}", rejected.join("\n"));
}

#[tokio::test]
async fn the_library_has_its_partners_themes_cases_and_magazines() {
    let (s, _) = imported().await;
    let partners = s.store.partners().await.unwrap();
    let themes = s.store.themes().await.unwrap();
    let cases = full_cases(&s).await;
    let magazines = s.store.magazines().await.unwrap();
    assert_eq!(partners.len(), 10, "the ten LIKE! partners");
    assert_eq!(themes.len(), 8);
    assert!(cases.len() >= 32, "{} cases", cases.len());
    assert!(magazines.len() >= 4, "{} magazines", magazines.len());
    assert_eq!(
        partners
            .iter()
            .filter(|p| p.lead)
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["groningen"]
    );

    let counts = s.store.read().await.unwrap().case_counts().await.unwrap();
    let per_partner: HashMap<_, _> = counts.partners;
    let per_theme: HashMap<_, _> = counts.themes;
    for p in &partners {
        assert!(
            per_partner.get(&p.slug).copied().unwrap_or(0) >= 2,
            "partner {} has fewer than 2 cases",
            p.slug
        );
    }
    for t in &themes {
        assert!(
            per_theme.get(&t.slug).copied().unwrap_or(0) >= 3,
            "theme {} has fewer than 3 cases",
            t.slug
        );
        assert_eq!(
            t.names.len(),
            5,
            "theme {} is named in all five languages",
            t.slug
        );
    }
    for m in &magazines {
        assert!(
            (6..=10).contains(&m.meta.cases.len()),
            "magazine {} has {} cases",
            m.slug,
            m.meta.cases.len()
        );
        for c in &m.meta.cases {
            assert!(
                s.store.case(c).await.unwrap().is_some(),
                "magazine {} names missing case {c}",
                m.slug
            );
        }
        assert!(
            !s.store
                .magazine(&m.slug)
                .await
                .unwrap()
                .unwrap()
                .source()
                .text
                .body
                .trim()
                .is_empty(),
            "magazine {} has an editorial",
            m.slug
        );
    }
}

#[tokio::test]
async fn cases_spread_over_the_languages_and_are_translated() {
    let (s, _) = imported().await;
    let cases = full_cases(&s).await;
    let mut sources: BTreeMap<Lang, usize> = BTreeMap::new();
    let mut texts: BTreeMap<Lang, usize> = BTreeMap::new();
    for c in &cases {
        *sources.entry(c.source_lang).or_default() += 1;
        for t in &c.texts {
            *texts.entry(t.text.lang).or_default() += 1;
        }
    }
    println!("sources per language: {sources:?}\ntexts per language: {texts:?}");
    for lang in [Lang::Nl, Lang::En, Lang::De, Lang::Da] {
        assert!(
            sources.get(&lang).copied().unwrap_or(0) >= 3,
            "few sources in {lang}: {sources:?}"
        );
    }
    assert!(
        sources.get(&Lang::Fr).copied().unwrap_or(0) >= 2,
        "French sources: {sources:?}"
    );
    let translated = cases.iter().filter(|c| c.texts.len() > 1).count();
    assert!(translated >= 12, "only {translated} cases are translated");
    let non_english = cases
        .iter()
        .filter(|c| matches!(c.source_lang, Lang::Nl | Lang::De | Lang::Da));
    let without_english: Vec<&str> = non_english
        .filter(|c| c.text(Lang::En).is_none())
        .map(|c| c.slug.as_str())
        .collect();
    assert!(
        without_english.is_empty(),
        "no English text for {without_english:?}"
    );
}

#[tokio::test]
async fn every_case_has_the_four_sections_and_real_metadata() {
    let (s, _) = imported().await;
    let headings: HashMap<Lang, [&str; 4]> = [
        (
            Lang::En,
            [
                "## Challenge",
                "## Approach",
                "## Results",
                "## Lessons for other municipalities",
            ],
        ),
        (
            Lang::Nl,
            [
                "## Uitdaging",
                "## Aanpak",
                "## Resultaten",
                "## Lessen voor andere gemeenten",
            ],
        ),
        (
            Lang::De,
            [
                "## Herausforderung",
                "## Vorgehen",
                "## Ergebnisse",
                "## Lehren für andere Kommunen",
            ],
        ),
        (
            Lang::Da,
            [
                "## Udfordring",
                "## Tilgang",
                "## Resultater",
                "## Erfaringer for andre kommuner",
            ],
        ),
        (
            Lang::Fr,
            [
                "## Défi",
                "## Approche",
                "## Résultats",
                "## Leçons pour d'autres communes",
            ],
        ),
    ]
    .into_iter()
    .collect();
    let mut images = 0;
    for c in full_cases(&s).await {
        for t in &c.texts {
            for h in headings[&t.text.lang] {
                let found = t.text.body.lines().any(|l| l.trim().replace('’', "'") == h);
                assert!(found, "{}/{}: missing section `{h}`", c.slug, t.text.lang);
            }
        }
        assert!(c.meta.stage.is_some(), "{}: no stage", c.slug);
        assert!(c.meta.started.is_some(), "{}: no start year", c.slug);
        let contact = c
            .meta
            .contact
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no contact", c.slug));
        assert!(
            contact.email.ends_with("example.org"),
            "{}: contact must use example.org",
            c.slug
        );
        if let Some(img) = &c.meta.image {
            assert!(!img.alt.trim().is_empty());
            assert!(
                s.store
                    .asset(&format!("cases/{}/{}", c.slug, img.src))
                    .await
                    .unwrap()
                    .is_some()
            );
            images += 1;
        }
    }
    assert!(images >= 4, "only {images} cases have an illustration");
}

#[tokio::test]
async fn summaries_are_plain_language() {
    let (s, _) = imported().await;
    let mut too_long = vec![];
    for c in full_cases(&s).await {
        for t in &c.texts {
            let avg = average_sentence_length(&t.text.summary);
            if avg > 20.0 {
                too_long.push(format!(
                    "{}/{}: {avg:.1} words per sentence",
                    c.slug, t.text.lang
                ));
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "summaries over 20 words per sentence:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_readability_measure_counts_words_per_sentence() {
    assert_eq!(average_sentence_length("One two three. Four five!"), 2.5);
    assert_eq!(average_sentence_length("No end"), 2.0);
}

#[tokio::test]
async fn importing_the_library_twice_changes_nothing() {
    let (s, _) = imported().await;
    let again = import::import_dir(
        &*s.store,
        &support::repo_root().join("content"),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(
        again.count(Status::Unchanged),
        again.lines.len(),
        "{}",
        again.summary()
    );
}
