//! Search through the one read path: the index finds the cases; the catalog names what it found (partners,
//! themes, countries, languages, stages) in the reader's language, for the search page and the API alike.

use super::{Catalog, Names, fail};
use crate::domain::*;
use crate::search::{Facet, Found, Hit, Query, SearchError};
use app::library::{LibraryError, LibraryResult};
use app::model::{self as view, PageInfo};
use app::text::{country_name, lang_name, stage_name};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Instant;

/// How many themes the empty state suggests.
const POPULAR_THEMES: usize = 6;

/// Logs why search failed and keeps only that it did: the page and the API say so in their own words.
pub fn search_fail(e: SearchError) -> LibraryError {
    // Said once every ten seconds: during an outage every search fails the same way, and a line per
    // request would bury everything else in the log.
    static LAST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let last = LAST.load(std::sync::atomic::Ordering::Relaxed);
    if now >= last + 10
        && LAST
            .compare_exchange(
                last,
                now,
                std::sync::atomic::Ordering::Relaxed,
                std::sync::atomic::Ordering::Relaxed,
            )
            .is_ok()
    {
        tracing::warn!("search unavailable (said at most every 10 s): {e}");
    }
    LibraryError::SearchUnavailable
}

impl Names {
    fn hit_card(&self, lang: Lang, hit: &Hit) -> view::CaseCard {
        let d = &hit.doc;
        view::CaseCard {
            slug: d.slug.clone(),
            lang: hit.lang,
            title: hit.title.clone(),
            summary: hit.summary.clone(),
            partner: self.partner_ref(&d.partner),
            themes: d.themes.iter().map(|t| self.theme_ref(lang, t)).collect(),
            published: d.published.clone(),
            stage: d.stage.as_deref().and_then(Stage::parse),
            image: None,
            comments: 0,
            taken_up: d.taken_up,
        }
    }

    /// A facet value in the reader's language.
    fn label(&self, lang: Lang, facet: Facet, value: &str) -> String {
        match facet {
            Facet::Theme => self.theme_ref(lang, value).name,
            Facet::Partner => self.partner_name(value).to_string(),
            Facet::Country => country_name(lang, value),
            Facet::Language => value
                .parse::<Lang>()
                .map(|l| lang_name(lang, l).to_string())
                .unwrap_or_else(|_| value.to_string()),
            Facet::Stage => Stage::parse(value)
                .map(|s| stage_name(lang, s).to_string())
                .unwrap_or_else(|| value.to_string()),
            Facet::TakenUp => app::tr!(lang, taken_up_elsewhere).to_string(),
        }
    }
}

impl Catalog {
    async fn find(&self, query: &Query) -> LibraryResult<(Found, Arc<Names>)> {
        let found = self.search.search(query).await.map_err(search_fail)?;
        if let Some(names) = self.kept_names() {
            return Ok((found, names));
        }
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        Ok((found, names))
    }

    /// `GET /api/v1/search` (docs/design.md#json-api).
    pub async fn search_json(&self, query: &Query) -> LibraryResult<Value> {
        let started = Instant::now();
        let found = self.search.search(query).await.map_err(search_fail)?;
        let hits: Vec<Value> = found
            .hits
            .iter()
            .map(|h| {
                let d = &h.doc;
                json!({
                    "slug": d.slug,
                    "language": h.lang.code(),
                    "title": h.title,
                    "summary": h.summary,
                    "partner": d.partner,
                    "country": d.country,
                    "themes": d.themes,
                    "stage": d.stage,
                    "published": d.published,
                    "languages": d.languages().iter().map(|l| l.code()).collect::<Vec<_>>(),
                    "taken_up": d.taken_up,
                    "snippet": h.snippet,
                })
            })
            .collect();
        let magazines: Vec<Value> = found
            .magazines
            .iter()
            .map(|h| {
                json!({
                    "slug": h.doc.slug,
                    "language": h.lang.code(),
                    "title": h.title,
                    "summary": h.summary,
                    "published": h.doc.published,
                    "snippet": h.snippet,
                })
            })
            .collect();
        let facets: Map<String, Value> = found
            .facets
            .iter()
            .map(|(f, counts)| (f.key().to_string(), json!(counts)))
            .collect();
        Ok(json!({
            "query": query.text,
            "total": found.total,
            "offset": query.offset,
            "limit": query.limit,
            "took_ms": started.elapsed().as_millis() as u64,
            "hits": hits,
            "magazines": magazines,
            "facets": facets,
        }))
    }

    /// The search page: a page of hits as cards, facets with labels and counts, and, when nothing is found,
    /// the themes with most cases to start from.
    pub(super) async fn search_page(
        &self,
        lang: Lang,
        params: view::SearchParams,
    ) -> LibraryResult<view::SearchView> {
        let page = params.page.max(1);
        let mut filters = crate::search::Filters::new();
        for (key, value) in &params.filters {
            if let Some(f) = Facet::ALL.iter().find(|f| f.key() == key) {
                filters.entry(*f).or_default().push(value.clone());
            }
        }
        let query = Query {
            text: params.q.chars().take(200).collect(),
            filters,
            lang: Some(lang),
            offset: PageInfo::offset(page) as usize,
            limit: PageInfo::SIZE as usize,
            sort: crate::search::Sort::parse(&params.sort).unwrap_or_default(),
        };
        let (found, names) = self.find(&query).await?;
        let facets = Facet::ALL
            .iter()
            .map(|f| {
                let counts = found.facets.get(f).cloned().unwrap_or_default();
                let mut values: Vec<view::FacetValue> = counts
                    .iter()
                    .map(|(v, n)| view::FacetValue {
                        value: v.clone(),
                        label: names.label(lang, *f, v),
                        count: *n,
                        selected: params.is_selected(f.key(), v),
                    })
                    .collect();
                // A ticked value stays on the page, to be unticked, even where nothing has it now.
                for (k, v) in &params.filters {
                    if k == f.key() && !counts.contains_key(v) {
                        values.push(view::FacetValue {
                            value: v.clone(),
                            label: names.label(lang, *f, v),
                            count: 0,
                            selected: true,
                        });
                    }
                }
                values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
                view::FacetView {
                    key: f.key().to_string(),
                    values,
                }
            })
            .collect();
        let popular_themes = if found.total == 0 {
            let mut read = self.read().await?;
            let counts = read.case_counts().await.map_err(fail)?;
            let mut themes: Vec<(&String, i64)> = names
                .themes
                .keys()
                .map(|slug| (slug, counts.themes.get(slug).copied().unwrap_or(0)))
                .collect();
            themes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            themes
                .into_iter()
                .take(POPULAR_THEMES)
                .map(|(slug, _)| names.theme_ref(lang, slug))
                .collect()
        } else {
            Vec::new()
        };
        let count = found.total.div_ceil(PageInfo::SIZE as u64).max(1) as u32;
        let cards: Vec<view::CaseCard> =
            found.hits.iter().map(|h| names.hit_card(lang, h)).collect();
        let cards = if cards.is_empty() {
            cards
        } else {
            let mut read = self.read().await?;
            Self::with_counts(&mut *read, cards).await?
        };
        Ok(view::SearchView {
            hits: found
                .hits
                .iter()
                .zip(cards)
                .map(|(h, card)| view::SearchHitView {
                    card,
                    snippet_html: h.snippet.clone(),
                })
                .collect(),
            total: found.total,
            magazines: found
                .magazines
                .iter()
                .map(|h| view::MagazineHitView {
                    slug: h.doc.slug.clone(),
                    lang: h.lang,
                    title: h.title.clone(),
                    published: h.doc.published.clone(),
                    snippet_html: h.snippet.clone(),
                })
                .collect(),
            facets,
            page: PageInfo {
                number: page,
                count,
                total: found.total,
            },
            params: view::SearchParams { page, ..params },
            popular_themes,
        })
    }
}
