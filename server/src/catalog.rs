//! The backend behind the pages: implements the UI's `Library` on the store, choosing for each item the
//! reader's language or, failing that, its source language.

use crate::content::markdown;
use crate::content::model::{Partner, Theme};
use crate::store::{CaseFilter, CaseRecord, MagazineRecord, SharedStore, StoreError};
use app::lang::Lang;
use app::library::{Library, LibraryError, LibraryResult};
use app::model::*;
use std::collections::HashMap;

/// How many cases the home page shows.
const RECENT_CASES: i64 = 6;

pub struct Catalog {
    store: SharedStore,
}

impl Catalog {
    pub fn new(store: SharedStore) -> Self {
        Self { store }
    }
}

fn fail(e: StoreError) -> LibraryError {
    LibraryError(e.to_string())
}

/// Partners and themes by slug: small, and needed to name them on every card.
struct Names {
    partners: HashMap<String, Partner>,
    themes: HashMap<String, Theme>,
}

impl Names {
    async fn load(store: &SharedStore) -> Result<Self, StoreError> {
        Ok(Names {
            partners: store
                .partners()
                .await?
                .into_iter()
                .map(|p| (p.slug.clone(), p))
                .collect(),
            themes: store
                .themes()
                .await?
                .into_iter()
                .map(|t| (t.slug.clone(), t))
                .collect(),
        })
    }

    fn partner_ref(&self, slug: &str) -> PartnerRef {
        match self.partners.get(slug) {
            Some(p) => PartnerRef {
                slug: p.slug.clone(),
                name: p.name.clone(),
                country: p.country.clone(),
            },
            None => PartnerRef {
                slug: slug.to_string(),
                name: slug.to_string(),
                country: String::new(),
            },
        }
    }

    fn theme_ref(&self, lang: Lang, slug: &str) -> ThemeRef {
        let name = self
            .themes
            .get(slug)
            .map(|t| t.name(lang).to_string())
            .unwrap_or_else(|| slug.to_string());
        ThemeRef {
            slug: slug.to_string(),
            name,
        }
    }

    fn card(&self, lang: Lang, case: &CaseRecord) -> CaseCard {
        let text = &case.text_or_source(lang).text;
        CaseCard {
            slug: case.slug.clone(),
            lang: text.lang,
            title: text.title.clone(),
            summary: text.summary.clone(),
            partner: self.partner_ref(&case.meta.partner),
            themes: case
                .meta
                .themes
                .iter()
                .map(|t| self.theme_ref(lang, t))
                .collect(),
            published: case.meta.published.clone(),
            stage: case.meta.stage,
            image: case.meta.image.as_ref().map(|img| ImageView {
                url: format!("/media/cases/{}/{}", case.slug, img.src),
                alt: text.image_alt.clone().unwrap_or_else(|| img.alt.clone()),
            }),
        }
    }
}

fn magazine_card(lang: Lang, m: &MagazineRecord) -> MagazineCard {
    let text = &m.text_or_source(lang).text;
    let source_alt = m
        .texts
        .iter()
        .find(|t| t.text.lang == m.source_lang)
        .and_then(|t| t.text.image_alt.clone());
    MagazineCard {
        slug: m.slug.clone(),
        lang: text.lang,
        number: m.meta.number as i32,
        title: text.title.clone(),
        summary: text.summary.clone(),
        published: m.meta.published.clone(),
        cover: m.meta.cover.as_ref().map(|c| ImageView {
            url: format!("/media/magazines/{}/{c}", m.slug),
            alt: text.image_alt.clone().or(source_alt).unwrap_or_default(),
        }),
        case_count: m.meta.cases.len(),
    }
}

fn count_of(counts: &HashMap<String, i64>, slug: &str) -> usize {
    counts.get(slug).copied().unwrap_or(0) as usize
}

fn theme_summary(lang: Lang, t: &Theme, case_count: usize) -> ThemeSummary {
    ThemeSummary {
        slug: t.slug.clone(),
        name: t.name(lang).to_string(),
        description: t
            .descriptions
            .get(&lang)
            .or_else(|| t.descriptions.get(&Lang::En))
            .cloned(),
        case_count,
    }
}

fn partner_summary(p: &Partner, case_count: usize) -> PartnerSummary {
    PartnerSummary {
        slug: p.slug.clone(),
        name: p.name.clone(),
        country: p.country.clone(),
        region: p.region.clone(),
        kind: p.kind,
        lead: p.lead,
        case_count,
    }
}

impl Catalog {
    async fn counts(&self) -> Result<(HashMap<String, i64>, HashMap<String, i64>), StoreError> {
        let (partners, themes) = self.store.case_counts().await?;
        Ok((partners.into_iter().collect(), themes.into_iter().collect()))
    }

    /// Theme summaries with case counts, in alphabetical order of the reader's language.
    async fn sorted_themes(
        &self,
        lang: Lang,
        themes: impl Iterator<Item = &Theme>,
    ) -> Result<Vec<ThemeSummary>, StoreError> {
        let (_, counts) = self.counts().await?;
        let mut themes: Vec<ThemeSummary> = themes
            .map(|t| theme_summary(lang, t, count_of(&counts, &t.slug)))
            .collect();
        themes.sort_by_key(|t| t.name.to_lowercase());
        Ok(themes)
    }
}

#[async_trait::async_trait]
impl Library for Catalog {
    async fn home(&self, lang: Lang) -> LibraryResult<HomeView> {
        let names = Names::load(&self.store).await.map_err(fail)?;
        let magazines = self.store.magazines().await.map_err(fail)?;
        let recent = self
            .store
            .cases(&CaseFilter {
                limit: Some(RECENT_CASES),
                ..Default::default()
            })
            .await
            .map_err(fail)?;
        Ok(HomeView {
            latest_magazine: magazines.first().map(|m| magazine_card(lang, m)),
            recent_cases: recent.iter().map(|c| names.card(lang, c)).collect(),
            themes: self
                .sorted_themes(lang, names.themes.values())
                .await
                .map_err(fail)?,
        })
    }

    async fn magazines(&self, lang: Lang) -> LibraryResult<Vec<MagazineCard>> {
        let magazines = self.store.magazines().await.map_err(fail)?;
        Ok(magazines.iter().map(|m| magazine_card(lang, m)).collect())
    }

    async fn magazine(&self, lang: Lang, slug: &str) -> LibraryResult<Option<MagazineView>> {
        let Some(m) = self.store.magazine(slug).await.map_err(fail)? else {
            return Ok(None);
        };
        let names = Names::load(&self.store).await.map_err(fail)?;
        let cases = self
            .store
            .cases_by_slugs(&m.meta.cases)
            .await
            .map_err(fail)?
            .iter()
            .map(|case| names.card(lang, case))
            .collect();
        let text = &m.text_or_source(lang).text;
        Ok(Some(MagazineView {
            card: magazine_card(lang, &m),
            is_fallback: text.lang != lang,
            languages: m.languages(),
            editorial_html: markdown::render(&text.body, &format!("/media/magazines/{}/", m.slug)),
            cases,
        }))
    }

    async fn case(&self, lang: Lang, slug: &str) -> LibraryResult<Option<CaseView>> {
        let Some(case) = self.store.case(slug).await.map_err(fail)? else {
            return Ok(None);
        };
        let names = Names::load(&self.store).await.map_err(fail)?;
        let text = &case.text_or_source(lang).text;
        let meta = &case.meta;
        Ok(Some(CaseView {
            card: names.card(lang, &case),
            source_lang: case.source_lang,
            is_fallback: text.lang != lang,
            translated_from: text.translated_from,
            languages: case.languages(),
            body_html: markdown::render(&text.body, &format!("/media/cases/{}/", case.slug)),
            tags: text.tags.clone(),
            updated: text.updated.clone(),
            started: meta.started,
            cost_eur: meta.cost_eur,
            contact: meta.contact.as_ref().map(|c| Contact {
                name: c.name.clone(),
                email: c.email.clone(),
            }),
            links: meta
                .links
                .iter()
                .map(|l| LinkView {
                    title: l.title.clone(),
                    url: l.url.clone(),
                })
                .collect(),
        }))
    }

    async fn partners(&self, _lang: Lang) -> LibraryResult<Vec<PartnerSummary>> {
        let (counts, _) = self.counts().await.map_err(fail)?;
        let mut partners: Vec<PartnerSummary> = self
            .store
            .partners()
            .await
            .map_err(fail)?
            .iter()
            .map(|p| partner_summary(p, count_of(&counts, &p.slug)))
            .collect();
        partners.sort_by(|a, b| b.lead.cmp(&a.lead).then_with(|| a.name.cmp(&b.name)));
        Ok(partners)
    }

    async fn partner(&self, lang: Lang, slug: &str) -> LibraryResult<Option<PartnerView>> {
        let names = Names::load(&self.store).await.map_err(fail)?;
        let Some(p) = names.partners.get(slug) else {
            return Ok(None);
        };
        let cases = self
            .store
            .cases(&CaseFilter {
                partner: Some(slug.to_string()),
                ..Default::default()
            })
            .await
            .map_err(fail)?;
        Ok(Some(PartnerView {
            summary: partner_summary(p, cases.len()),
            website: p.website.clone(),
            languages: p.languages.clone(),
            description: p
                .descriptions
                .get(&lang)
                .or_else(|| p.descriptions.get(&Lang::En))
                .cloned(),
            cases: cases.iter().map(|c| names.card(lang, c)).collect(),
        }))
    }

    async fn themes(&self, lang: Lang) -> LibraryResult<Vec<ThemeSummary>> {
        let themes = self.store.themes().await.map_err(fail)?;
        self.sorted_themes(lang, themes.iter()).await.map_err(fail)
    }

    async fn theme(&self, lang: Lang, slug: &str) -> LibraryResult<Option<ThemeView>> {
        let names = Names::load(&self.store).await.map_err(fail)?;
        let Some(t) = names.themes.get(slug) else {
            return Ok(None);
        };
        let cases = self
            .store
            .cases(&CaseFilter {
                theme: Some(slug.to_string()),
                ..Default::default()
            })
            .await
            .map_err(fail)?;
        Ok(Some(ThemeView {
            summary: theme_summary(lang, t, cases.len()),
            cases: cases.iter().map(|c| names.card(lang, c)).collect(),
        }))
    }
}
