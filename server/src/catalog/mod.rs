//! The one read path. Pages (through the UI's `Library` trait), the JSON API, the Atom feeds and the sitemap
//! all read the library here, so the choice of language and its fallback, media addresses and the stored,
//! already-rendered HTML are decided in one place. Each answer reads one consistent state of the store (one
//! [`Snapshot`]) in as few queries as it needs.

pub mod linked_data;
mod search;
mod stats;

use crate::domain::*;
use crate::store::{
    CardText, CaseCounts, CaseFilter, CaseListing, CaseRecord, MagazineListing, SharedStore,
    Snapshot, StoreError, StoredText, TranslationState, Window,
};
use app::library::{Library, LibraryError, LibraryResult};
use app::model::{self as view, PageInfo};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

/// How many cases the home page shows.
const RECENT_CASES: i64 = 6;
/// How many cases the Atom feed of a language carries.
pub const FEED_ENTRIES: i64 = 30;
/// How many cases or magazines one sitemap file lists (each in five languages with their alternates): about
/// 180 KB, far within the protocol's 50,000 addresses and 50 MB per file.
pub const SITEMAP_ITEMS: i64 = 50;

pub struct Catalog {
    store: SharedStore,
    search: crate::search::SharedIndex,
    /// Partners and themes, read once and kept until the change log says one changed.
    names: std::sync::RwLock<Option<Arc<Names>>>,
    /// Raised when they change: names read before are not kept.
    names_generation: std::sync::atomic::AtomicU64,
    /// What the statistics count, read once per change (see `stats.rs`).
    stats: stats::Kept,
    /// Case pages' views per language: a page rendered per request (signed-in readers, the page cache
    /// off or full) reads none of its case from the store.
    case_views: crate::store::kept::Kept<(String, Lang), view::CaseView>,
    /// The API's case documents (every language, translations, adoptions), kept likewise.
    case_jsons: crate::store::kept::Kept<String, Value>,
    /// The home page's view per language (its cards count comments: any change but views drops it).
    homes: crate::store::kept::Kept<Lang, view::HomeView>,
}

/// How many case views (a case in one language) are kept: the busy part of a large library.
const CASE_VIEWS_KEPT: usize = 1_000;

impl crate::store::ChangeListener for Catalog {
    fn changed(&self, changes: &[crate::store::Change]) {
        use crate::store::ChangeKind;
        if changes
            .iter()
            .any(|c| matches!(c.kind, ChangeKind::Partner | ChangeKind::Theme))
        {
            self.forget_all();
        }
        if changes.iter().any(|c| c.kind != ChangeKind::Asset) {
            self.stats.forget();
        }
        if changes.iter().any(|c| c.kind != ChangeKind::Views) {
            self.homes.forget();
        }
        // A case page names partners, themes, pictures and the cases linked by adoptions: any change to the
        // library but comments and counted views may touch one.
        if changes
            .iter()
            .any(|c| !matches!(c.kind, ChangeKind::Discussion | ChangeKind::Views))
        {
            self.case_views.forget();
            self.case_jsons.forget();
        }
    }

    fn forget_all(&self) {
        self.homes.forget();
        self.case_views.forget();
        self.case_jsons.forget();
        self.stats.forget();
        self.names_generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        *self.names.write().expect("names lock") = None;
    }
}

/// Logs the cause where it is known and keeps only its kind for the page or the API.
pub fn fail(e: StoreError) -> LibraryError {
    tracing::error!("{e}");
    match e {
        StoreError::Corrupt { .. } => LibraryError::Corrupt,
        _ => LibraryError::Unavailable,
    }
}

/// The address of a file stored beside a case or magazine.
pub fn media_url(kind: ItemKind, slug: &str, file: &str) -> String {
    format!("{}{file}", kind.media_base(slug))
}

/// A whole magazine as the lists know it (for its card).
fn listing_of(m: &crate::store::MagazineRecord) -> MagazineListing {
    MagazineListing {
        slug: m.slug.clone(),
        source_lang: m.source_lang,
        meta: m.meta.clone(),
        texts: m.texts.iter().map(card_text).collect(),
    }
}

/// A whole case page in `lang` (or its source language, marked as such).
fn case_view(names: &Names, lang: Lang, case: &CaseRecord) -> view::CaseView {
    let stored = case.text_or_source(lang);
    let text = &stored.text;
    let meta = &case.meta;
    view::CaseView {
        card: names.card_of_record(lang, case),
        source_lang: case.source_lang,
        is_fallback: text.lang != lang,
        translated_from: text.translated_from,
        outdated_since: (case.translation_state(lang) == TranslationState::Outdated).then(|| {
            let written = &case.source().written_at;
            if written.len() >= 10 {
                written[..10].to_string()
            } else {
                meta.published.clone()
            }
        }),
        languages: case.languages(),
        body_html: stored.html.clone(),
        tags: text.tags.clone(),
        updated: text.updated.clone(),
        started: meta.started,
        cost_eur: meta.cost_eur,
        // A translation's own contact name and links, else the source's.
        contact: meta.contact_in(text).map(|c| view::Contact {
            name: c.name,
            email: c.email,
            role: c.role,
        }),
        links: meta
            .links_in(text)
            .iter()
            .map(|l| view::LinkView {
                title: l.title.clone(),
                url: l.url.clone(),
            })
            .collect(),
        reuse: view::ReuseView::default(),
    }
}

/// Partners and themes by slug: small, and needed to name them on every card.
struct Names {
    partners: HashMap<String, Partner>,
    themes: HashMap<String, Theme>,
}

impl Names {
    async fn load(read: &mut Box<dyn Snapshot>) -> Result<Self, StoreError> {
        Ok(Names {
            partners: read
                .partners()
                .await?
                .into_iter()
                .map(|p| (p.slug.clone(), p))
                .collect(),
            themes: read
                .themes()
                .await?
                .into_iter()
                .map(|t| (t.slug.clone(), t))
                .collect(),
        })
    }

    fn partner_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.partners
            .get(slug)
            .map(|p| p.name.as_str())
            .unwrap_or(slug)
    }

    fn partner_ref(&self, slug: &str) -> view::PartnerRef {
        match self.partners.get(slug) {
            Some(p) => view::PartnerRef {
                slug: p.slug.clone(),
                name: p.name.clone(),
                country: p.country.clone(),
            },
            None => view::PartnerRef {
                slug: slug.to_string(),
                name: slug.to_string(),
                country: String::new(),
            },
        }
    }

    fn theme_ref(&self, lang: Lang, slug: &str) -> view::ThemeRef {
        let name = self
            .themes
            .get(slug)
            .map(|t| t.name(lang).to_string())
            .unwrap_or_else(|| slug.to_string());
        view::ThemeRef {
            slug: slug.to_string(),
            name,
        }
    }

    fn card(&self, lang: Lang, case: &CaseListing) -> view::CaseCard {
        let text = case.text_or_source(lang);
        self.card_of(
            lang,
            &case.slug,
            &case.meta,
            text.lang,
            &text.title,
            &text.summary,
            text.image_alt.as_deref(),
        )
    }

    fn card_of_record(&self, lang: Lang, case: &CaseRecord) -> view::CaseCard {
        let t = &case.text_or_source(lang).text;
        self.card_of(
            lang,
            &case.slug,
            &case.meta,
            t.lang,
            &t.title,
            &t.summary,
            t.image_alt.as_deref(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn card_of(
        &self,
        lang: Lang,
        slug: &str,
        meta: &CaseMeta,
        text_lang: Lang,
        title: &str,
        summary: &str,
        image_alt: Option<&str>,
    ) -> view::CaseCard {
        view::CaseCard {
            slug: slug.to_string(),
            lang: text_lang,
            title: title.to_string(),
            summary: summary.to_string(),
            partner: self.partner_ref(&meta.partner),
            themes: meta
                .themes
                .iter()
                .map(|t| self.theme_ref(lang, t))
                .collect(),
            published: meta.published.clone(),
            stage: meta.stage,
            image: meta.image.as_ref().map(|img| {
                let url = media_url(ItemKind::Case, slug, &img.src);
                view::ImageView {
                    srcset: crate::domain::picture_copies::srcset(&url),
                    url,
                    alt: image_alt
                        .map(str::to_string)
                        .unwrap_or_else(|| img.alt.clone()),
                }
            }),
            comments: 0,
            taken_up: 0,
        }
    }

    /// What a case page says of where the case travelled: its adoptions (taken up first, then newest),
    /// and the cases it was adapted from. `cases` names the published cases among those the adoptions link to.
    fn reuse(
        &self,
        lang: Lang,
        adoptions: &[Adoption],
        adapted_from: &[String],
        cases: &[CaseListing],
    ) -> view::ReuseView {
        let link = |slug: &str| {
            cases.iter().find(|c| c.slug == slug).map(|c| {
                let t = c.text_or_source(lang);
                view::CaseLink {
                    slug: c.slug.clone(),
                    title: t.title.clone(),
                    lang: t.lang,
                    partner: self.partner_name(&c.meta.partner).to_string(),
                }
            })
        };
        let mut list: Vec<view::AdoptionView> = adoptions
            .iter()
            .map(|a| {
                let (organisation, partner, country, website) = match &a.organisation {
                    Organisation::Partner(p) => {
                        let r = self.partner_ref(p);
                        let website = self.partners.get(p).map(|p| p.website.clone());
                        (r.name, Some(r.slug), r.country, website)
                    }
                    Organisation::Named {
                        name,
                        country,
                        website,
                    } => (name.clone(), None, country.clone(), website.clone()),
                };
                let note = a
                    .note
                    .get(&lang)
                    .map(|n| (lang, n))
                    .or_else(|| a.note.iter().next().map(|(l, n)| (*l, n)));
                view::AdoptionView {
                    organisation,
                    partner,
                    country,
                    website,
                    stage: a.stage,
                    year: a.year,
                    note: note.map(|(_, n)| n.clone()),
                    note_lang: note.map(|(l, _)| l).filter(|l| *l != lang),
                    case: a.case.as_deref().and_then(link),
                }
            })
            .collect();
        list.sort_by_key(|a| (!a.stage.taken_up(), std::cmp::Reverse(a.year)));
        let taken: Vec<&view::AdoptionView> = list.iter().filter(|a| a.stage.taken_up()).collect();
        let countries: std::collections::BTreeSet<&str> =
            taken.iter().map(|a| a.country.as_str()).collect();
        view::ReuseView {
            taken_up: taken.len() as i64,
            countries: countries.len() as i64,
            adapted_from: adapted_from.iter().filter_map(|s| link(s)).collect(),
            adoptions: list,
        }
    }
}

fn magazine_card(lang: Lang, m: &MagazineListing) -> view::MagazineCard {
    let text = m.text_or_source(lang);
    let source_alt = m.source().image_alt.clone();
    view::MagazineCard {
        slug: m.slug.clone(),
        lang: text.lang,
        number: m.meta.number as i32,
        title: text.title.clone(),
        summary: text.summary.clone(),
        published: m.meta.published.clone(),
        cover: m.meta.cover.as_ref().map(|c| {
            let url = media_url(ItemKind::Magazine, &m.slug, c);
            view::ImageView {
                srcset: crate::domain::picture_copies::srcset(&url),
                url,
                alt: text.image_alt.clone().or(source_alt).unwrap_or_default(),
            }
        }),
        case_count: m.meta.cases.len(),
        comments: 0,
    }
}

fn count_of(counts: &HashMap<String, i64>, slug: &str) -> usize {
    counts.get(slug).copied().unwrap_or(0).max(0) as usize
}

fn theme_summary(lang: Lang, t: &Theme, case_count: usize) -> view::ThemeSummary {
    view::ThemeSummary {
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

/// Theme summaries with case counts, in alphabetical order of the reader's language.
fn sorted_themes<'a>(
    lang: Lang,
    themes: impl Iterator<Item = &'a Theme>,
    counts: &CaseCounts,
) -> Vec<view::ThemeSummary> {
    let mut themes: Vec<view::ThemeSummary> = themes
        .map(|t| theme_summary(lang, t, count_of(&counts.themes, &t.slug)))
        .collect();
    themes.sort_by_key(|t| t.name.to_lowercase());
    themes
}

fn partner_summary(p: &Partner, case_count: usize) -> view::PartnerSummary {
    view::PartnerSummary {
        slug: p.slug.clone(),
        name: p.name.clone(),
        country: p.country.clone(),
        region: p.region.clone(),
        kind: p.kind,
        lead: p.lead,
        case_count,
    }
}

/// The window of a 1-based page of a list.
fn window(page: u32) -> Window {
    Window {
        offset: PageInfo::offset(page) as i64,
        limit: PageInfo::SIZE as i64,
    }
}

impl Catalog {
    pub fn new(store: SharedStore, search: crate::search::SharedIndex) -> Self {
        let writes = store.write_count();
        Self {
            store,
            search,
            names: std::sync::RwLock::new(None),
            case_views: crate::store::kept::Kept::new(CASE_VIEWS_KEPT, writes.clone()),
            case_jsons: crate::store::kept::Kept::new(CASE_VIEWS_KEPT / 5, writes.clone()),
            homes: crate::store::kept::Kept::new(Lang::ALL.len(), writes),
            names_generation: std::sync::atomic::AtomicU64::new(0),
            stats: stats::Kept::default(),
        }
    }

    fn kept_names(&self) -> Option<Arc<Names>> {
        self.names.read().expect("names lock").clone()
    }

    /// Partners and themes by slug: from memory, or read in `read` and kept (unless they changed
    /// meanwhile).
    /// The home page's view as the store has it now.
    async fn read_home(&self, lang: Lang) -> LibraryResult<view::HomeView> {
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        let (magazines, _) = read.magazines(Window::first(1)).await.map_err(fail)?;
        let (recent, _) = read
            .cases(&CaseFilter::default(), Window::first(RECENT_CASES))
            .await
            .map_err(fail)?;
        let counts = read.case_counts().await.map_err(fail)?;
        let latest_magazine = Self::with_counts(
            &mut *read,
            magazines
                .first()
                .map(|m| magazine_card(lang, m))
                .into_iter()
                .collect(),
        )
        .await?
        .pop();
        Ok(view::HomeView {
            latest_magazine,
            recent_cases: Self::with_counts(
                &mut *read,
                recent.iter().map(|c| names.card(lang, c)).collect(),
            )
            .await?,
            themes: sorted_themes(lang, names.themes.values(), &counts),
        })
    }

    async fn names(&self, read: &mut Box<dyn Snapshot>) -> LibraryResult<Arc<Names>> {
        if let Some(names) = self.kept_names() {
            return Ok(names);
        }
        let generation = self
            .names_generation
            .load(std::sync::atomic::Ordering::SeqCst);
        let names = Arc::new(Names::load(read).await.map_err(fail)?);
        let mut kept = self.names.write().expect("names lock");
        if self
            .names_generation
            .load(std::sync::atomic::Ordering::SeqCst)
            == generation
        {
            *kept = Some(names.clone());
        }
        Ok(names)
    }

    async fn read(&self) -> LibraryResult<Box<dyn Snapshot>> {
        self.store.read().await.map_err(fail)
    }

    /// A page of the cases a partner or theme has; `None` past the last page.
    async fn case_page(
        &self,
        read: &mut Box<dyn Snapshot>,
        names: &Names,
        lang: Lang,
        filter: CaseFilter,
        page: u32,
    ) -> LibraryResult<Option<(Vec<view::CaseCard>, PageInfo)>> {
        if page == 0 {
            return Ok(None);
        }
        let (cases, total) = read.cases(&filter, window(page)).await.map_err(fail)?;
        let Some(info) = PageInfo::of(page, total.max(0) as u64) else {
            return Ok(None);
        };
        Ok(Some((
            Self::with_counts(
                &mut **read,
                cases.iter().map(|c| names.card(lang, c)).collect(),
            )
            .await?,
            info,
        )))
    }
}

#[async_trait::async_trait]
impl Library for Catalog {
    async fn home(&self, lang: Lang) -> LibraryResult<view::HomeView> {
        let ticket = match self.homes.get(&lang) {
            Ok(kept) => return Ok((*kept).clone()),
            Err(ticket) => ticket,
        };
        let home = self.read_home(lang).await?;
        self.homes.keep(lang, Arc::new(home.clone()), ticket);
        Ok(home)
    }

    async fn magazines(&self, lang: Lang, page: u32) -> LibraryResult<Option<view::MagazineList>> {
        if page == 0 {
            return Ok(None);
        }
        let mut read = self.read().await?;
        let (list, total) = read.magazines(window(page)).await.map_err(fail)?;
        let Some(info) = PageInfo::of(page, total.max(0) as u64) else {
            return Ok(None);
        };
        let magazines = Self::with_counts(
            &mut *read,
            list.iter().map(|m| magazine_card(lang, m)).collect(),
        )
        .await?;
        Ok(Some(view::MagazineList {
            magazines,
            page: info,
        }))
    }

    async fn magazine(&self, lang: Lang, slug: &str) -> LibraryResult<Option<view::MagazineView>> {
        let mut read = self.read().await?;
        let Some(m) = read.magazine(slug).await.map_err(fail)? else {
            return Ok(None);
        };
        let names = self.names(&mut read).await?;
        let cases = read
            .cases_by_slugs(&m.meta.cases)
            .await
            .map_err(fail)?
            .iter()
            .map(|case| names.card(lang, case))
            .collect();
        let cases = Self::with_counts(&mut *read, cases).await?;
        let text = m.text_or_source(lang);
        Ok(Some(view::MagazineView {
            card: magazine_card(lang, &listing_of(&m)),
            source_lang: m.source_lang,
            is_fallback: text.text.lang != lang,
            languages: m.languages(),
            editorial_html: text.html.clone(),
            cases,
        }))
    }

    async fn case(&self, lang: Lang, slug: &str) -> LibraryResult<Option<view::CaseView>> {
        let key = (slug.to_string(), lang);
        let ticket = match self.case_views.get(&key) {
            Ok(kept) => return Ok(Some((*kept).clone())),
            Err(ticket) => ticket,
        };
        let mut read = self.read().await?;
        let Some(case) = read.case(slug).await.map_err(fail)? else {
            return Ok(None);
        };
        let names = self.names(&mut read).await?;
        let mut page = case_view(&names, lang, &case);
        let adoptions = read.adoptions(slug).await.map_err(fail)?;
        let adapted_from = read.adapted_from(slug).await.map_err(fail)?;
        if !adoptions.is_empty() || !adapted_from.is_empty() {
            let mut linked: Vec<String> = adoptions.iter().filter_map(|a| a.case.clone()).collect();
            linked.extend(adapted_from.iter().cloned());
            let cases = read.cases_by_slugs(&linked).await.map_err(fail)?;
            page.reuse = names.reuse(lang, &adoptions, &adapted_from, &cases);
            page.card.taken_up = page.reuse.taken_up;
        }
        self.case_views.keep(key, Arc::new(page.clone()), ticket);
        Ok(Some(page))
    }

    async fn issue_case(
        &self,
        lang: Lang,
        magazine: &str,
        case: &str,
    ) -> LibraryResult<Option<view::IssueCaseView>> {
        let mut read = self.read().await?;
        let Some(m) = read.magazine(magazine).await.map_err(fail)? else {
            return Ok(None);
        };
        if !m.meta.cases.iter().any(|s| s == case) {
            return Ok(None);
        }
        let names = self.names(&mut read).await?;
        let listed = read.cases_by_slugs(&m.meta.cases).await.map_err(fail)?;
        let entries: Vec<view::IssueEntry> = listed
            .iter()
            .map(|c| {
                let card = names.card(lang, c);
                view::IssueEntry {
                    slug: card.slug,
                    title: card.title,
                    lang: card.lang,
                }
            })
            .collect();
        let Some(position) = entries.iter().position(|e| e.slug == case) else {
            return Ok(None);
        };
        let Some(record) = read.case(case).await.map_err(fail)? else {
            return Ok(None);
        };
        Ok(Some(view::IssueCaseView {
            magazine: magazine_card(lang, &listing_of(&m)),
            entries,
            position: position + 1,
            case: case_view(&names, lang, &record),
        }))
    }

    async fn issue(&self, lang: Lang, magazine: &str) -> LibraryResult<Option<view::IssueView>> {
        let Some(magazine) = self.magazine(lang, magazine).await? else {
            return Ok(None);
        };
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        let mut cases = Vec::with_capacity(magazine.cases.len());
        for card in &magazine.cases {
            if let Some(record) = read.case(&card.slug).await.map_err(fail)? {
                cases.push(case_view(&names, lang, &record));
            }
        }
        Ok(Some(view::IssueView { magazine, cases }))
    }

    async fn partners(&self, _lang: Lang) -> LibraryResult<Vec<view::PartnerSummary>> {
        let mut read = self.read().await?;
        let partners_list = read.partners().await.map_err(fail)?;
        let counts = read.case_counts().await.map_err(fail)?;
        let mut partners: Vec<view::PartnerSummary> = partners_list
            .iter()
            .map(|p| partner_summary(p, count_of(&counts.partners, &p.slug)))
            .collect();
        partners.sort_by(|a, b| b.lead.cmp(&a.lead).then_with(|| a.name.cmp(&b.name)));
        Ok(partners)
    }

    async fn partner(
        &self,
        lang: Lang,
        slug: &str,
        page: u32,
    ) -> LibraryResult<Option<view::PartnerView>> {
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        let Some(p) = names.partners.get(slug) else {
            return Ok(None);
        };
        let filter = CaseFilter {
            partner: Some(slug.to_string()),
            ..Default::default()
        };
        let Some((cases, info)) = self
            .case_page(&mut read, &names, lang, filter, page)
            .await?
        else {
            return Ok(None);
        };
        let mut page = view::PartnerView {
            summary: partner_summary(p, info.total as usize),
            website: p.website.clone(),
            languages: p.languages.clone(),
            description: p
                .descriptions
                .get(&lang)
                .or_else(|| p.descriptions.get(&Lang::En))
                .cloned(),
            cases,
            page: info,
            stats: None,
        };
        // The partner's figures are read in a snapshot of their own: one connection at a time.
        drop(read);
        let params = app::stats::StatsParams {
            partner: slug.to_string(),
            ..Default::default()
        };
        page.stats = Some(self.stats_view(lang, params).await?);
        Ok(Some(page))
    }

    async fn stats(
        &self,
        lang: Lang,
        params: app::stats::StatsParams,
    ) -> LibraryResult<app::stats::StatsView> {
        self.stats_view(lang, params).await
    }

    async fn themes(&self, lang: Lang) -> LibraryResult<Vec<view::ThemeSummary>> {
        let mut read = self.read().await?;
        let themes = read.themes().await.map_err(fail)?;
        let counts = read.case_counts().await.map_err(fail)?;
        Ok(sorted_themes(lang, themes.iter(), &counts))
    }

    async fn theme(
        &self,
        lang: Lang,
        slug: &str,
        page: u32,
    ) -> LibraryResult<Option<view::ThemeView>> {
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        let Some(t) = names.themes.get(slug) else {
            return Ok(None);
        };
        let filter = CaseFilter {
            theme: Some(slug.to_string()),
            ..Default::default()
        };
        let Some((cases, info)) = self
            .case_page(&mut read, &names, lang, filter, page)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(view::ThemeView {
            summary: theme_summary(lang, t, info.total as usize),
            cases,
            page: info,
        }))
    }

    async fn search(
        &self,
        lang: Lang,
        params: view::SearchParams,
    ) -> LibraryResult<view::SearchView> {
        self.search_page(lang, params).await
    }
}

impl Catalog {
    /// The cards with their approved comment counts, read in the same snapshot as the cards (a second
    /// connection while one is held could wait for ever on a busy pool).
    pub(crate) async fn with_counts<C: Commented>(
        read: &mut dyn Snapshot,
        mut cards: Vec<C>,
    ) -> LibraryResult<Vec<C>> {
        let slugs: Vec<String> = cards.iter().map(|c| c.slug().to_string()).collect();
        let counts = read.comment_counts(C::KIND, &slugs).await.map_err(fail)?;
        let taken_up = if C::KIND == ItemKind::Case {
            read.taken_up_counts(&slugs).await.map_err(fail)?
        } else {
            HashMap::new()
        };
        for card in &mut cards {
            let n = counts.get(card.slug()).copied().unwrap_or(0);
            card.set_comments(n);
            card.set_taken_up(taken_up.get(card.slug()).copied().unwrap_or(0));
        }
        Ok(cards)
    }
}

/// A card that shows how many comments its item has.
pub(crate) trait Commented {
    const KIND: ItemKind;
    fn slug(&self) -> &str;
    fn set_comments(&mut self, n: i64);
    /// How many organisations took the item up (cases only).
    fn set_taken_up(&mut self, _n: i64) {}
}

impl Commented for view::CaseCard {
    const KIND: ItemKind = ItemKind::Case;
    fn slug(&self) -> &str {
        &self.slug
    }
    fn set_comments(&mut self, n: i64) {
        self.comments = n;
    }
    fn set_taken_up(&mut self, n: i64) {
        self.taken_up = n;
    }
}

impl Commented for view::MagazineCard {
    const KIND: ItemKind = ItemKind::Magazine;
    fn slug(&self) -> &str {
        &self.slug
    }
    fn set_comments(&mut self, n: i64) {
        self.comments = n;
    }
}

fn card_text(t: &StoredText) -> CardText {
    CardText {
        lang: t.text.lang,
        title: t.text.title.clone(),
        summary: t.text.summary.clone(),
        image_alt: t.text.image_alt.clone(),
        updated: t.text.updated.clone(),
    }
}

/// One entry of an Atom feed.
pub struct FeedEntry {
    pub card: view::CaseCard,
    pub updated: String,
    pub author: String,
}

/// One sitemap file's worth of addresses: a path (after the language) and its last change.
pub type SitemapPaths = Vec<(String, Option<String>)>;

/// The JSON API's documents (docs/design.md#json-api), and the feeds and sitemap, from the same read path as the pages.
impl Catalog {
    fn texts_json(texts: &[StoredText]) -> Value {
        let mut map = Map::new();
        for t in texts {
            let x = &t.text;
            map.insert(
                x.lang.code().to_string(),
                json!({
                    "title": x.title,
                    "summary": x.summary,
                    "translated_from": x.translated_from,
                    "updated": x.updated,
                    "tags": x.tags,
                    "image_alt": x.image_alt,
                    "markdown": x.body,
                    "html": t.html,
                }),
            );
        }
        Value::Object(map)
    }

    /// A case's texts, each with the contact and links its readers see (the translation's own, else the
    /// source's).
    fn case_texts_json(meta: &CaseMeta, texts: &[StoredText]) -> Value {
        let mut json = Self::texts_json(texts);
        for t in texts {
            if let Some(Value::Object(entry)) = json.get_mut(t.text.lang.code()) {
                entry.insert("contact".into(), json!(meta.contact_in(&t.text)));
                entry.insert("links".into(), json!(meta.links_in(&t.text)));
            }
        }
        json
    }

    pub async fn case_json(&self, slug: &str) -> LibraryResult<Option<Value>> {
        let ticket = match self.case_jsons.get(&slug.to_string()) {
            Ok(kept) => return Ok(Some((*kept).clone())),
            Err(ticket) => ticket,
        };
        let Some(document) = self.read_case_json(slug).await? else {
            return Ok(None);
        };
        self.case_jsons
            .keep(slug.to_string(), Arc::new(document.clone()), ticket);
        Ok(Some(document))
    }

    async fn read_case_json(&self, slug: &str) -> LibraryResult<Option<Value>> {
        let mut read = self.read().await?;
        let Some(c) = read.case(slug).await.map_err(fail)? else {
            return Ok(None);
        };
        let m = &c.meta;
        let adoptions = read.adoptions(slug).await.map_err(fail)?;
        let adapted_from = read.adapted_from(slug).await.map_err(fail)?;
        // After the snapshot is given back: the revisions are read through a connection of their own, and
        // holding two at once could wait for ever on a busy pool.
        drop(read);
        let translations = self.translations_json(&c).await?;
        Ok(Some(json!({
            "slug": c.slug,
            "source_language": c.source_lang,
            "languages": c.languages(),
            "partner": m.partner,
            "themes": m.themes,
            "published": m.published,
            "stage": m.stage,
            "started": m.started,
            "cost_eur": m.cost_eur,
            "contact": m.contact,
            "links": m.links,
            "image": m.image.as_ref().map(|i| json!({ "url": media_url(ItemKind::Case, &c.slug, &i.src), "alt": i.alt })),
            "texts": Self::case_texts_json(m, &c.texts),
            "translations": translations,
            "adoptions": adoptions.iter().map(Adoption::to_json).collect::<Vec<_>>(),
            "adapted_from": adapted_from,
        })))
    }

    /// The adoptions of a published case and the cases it was adapted from; `None`: no such published case.
    pub async fn adoptions_json(&self, slug: &str) -> LibraryResult<Option<Value>> {
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        if read
            .cases_by_slugs(&[slug.to_string()])
            .await
            .map_err(fail)?
            .is_empty()
        {
            return Ok(None);
        }
        let adoptions = read.adoptions(slug).await.map_err(fail)?;
        let adapted_from = read.adapted_from(slug).await.map_err(fail)?;
        let reuse = names.reuse(Lang::En, &adoptions, &adapted_from, &[]);
        Ok(Some(json!({
            "case": slug,
            "taken_up": reuse.taken_up,
            "countries": reuse.countries,
            "adoptions": adoptions.iter().map(Adoption::to_json).collect::<Vec<_>>(),
            "adapted_from": adapted_from,
        })))
    }

    /// Per language: `current`, `outdated` or `missing`, and the state of the source a translation follows
    /// (its `source_hash` and the source revision with that hash).
    async fn translations_json(&self, c: &crate::store::CaseRecord) -> LibraryResult<Value> {
        let source = c.source();
        let path = format!("cases/{}/{}.md", c.slug, source.text.lang);
        let revisions = self.store.revisions(&path).await.map_err(fail)?;
        let revision_of = |h: &str| {
            revisions
                .iter()
                .rev()
                .find(|r| r.hash.starts_with(h))
                .map(|r| r.revision)
        };
        let mut map = Map::new();
        for lang in Lang::ALL {
            let state = c.translation_state(lang);
            let follows = if lang == source.text.lang {
                Some(source.short_hash().to_string())
            } else {
                c.text(lang).and_then(|t| t.text.source_hash.clone())
            };
            map.insert(
                lang.code().to_string(),
                json!({
                    "status": state.code(),
                    "source": lang == source.text.lang,
                    "source_hash": follows,
                    "source_revision": follows.as_deref().and_then(revision_of),
                }),
            );
        }
        Ok(Value::Object(map))
    }

    fn magazine_head(m: &MagazineListing) -> Value {
        let source = m.source();
        json!({
            "slug": m.slug,
            "number": m.meta.number,
            "published": m.meta.published,
            "source_language": m.source_lang,
            "languages": m.languages(),
            "title": source.title,
            "summary": source.summary,
            "cases": m.meta.cases,
            "cover": m.meta.cover.as_ref().map(|c| media_url(ItemKind::Magazine, &m.slug, c)),
        })
    }

    pub async fn magazines_json(&self) -> LibraryResult<Value> {
        let mut read = self.read().await?;
        let (list, _) = read.magazines(Window::ALL).await.map_err(fail)?;
        Ok(json!({ "magazines": list.iter().map(Self::magazine_head).collect::<Vec<_>>() }))
    }

    pub async fn magazine_json(&self, slug: &str) -> LibraryResult<Option<Value>> {
        let mut read = self.read().await?;
        let Some(m) = read.magazine(slug).await.map_err(fail)? else {
            return Ok(None);
        };
        let listing = MagazineListing {
            slug: m.slug.clone(),
            source_lang: m.source_lang,
            meta: m.meta.clone(),
            texts: m.texts.iter().map(card_text).collect(),
        };
        let mut v = Self::magazine_head(&listing);
        v["texts"] = Self::texts_json(&m.texts);
        Ok(Some(v))
    }

    pub async fn partners_json(&self) -> LibraryResult<Value> {
        let mut read = self.read().await?;
        Ok(json!({ "partners": read.partners().await.map_err(fail)? }))
    }

    pub async fn themes_json(&self) -> LibraryResult<Value> {
        let mut read = self.read().await?;
        Ok(json!({ "themes": read.themes().await.map_err(fail)? }))
    }

    /// The newest cases for a language's feed, each in the reader's language where it has it.
    pub async fn feed(&self, lang: Lang) -> LibraryResult<Vec<FeedEntry>> {
        let mut read = self.read().await?;
        let names = self.names(&mut read).await?;
        let (cases, _) = read
            .cases(&CaseFilter::default(), Window::first(FEED_ENTRIES))
            .await
            .map_err(fail)?;
        Ok(cases
            .iter()
            .map(|c| {
                let text = c.text_or_source(lang);
                FeedEntry {
                    card: names.card(lang, c),
                    updated: text
                        .updated
                        .clone()
                        .unwrap_or_else(|| c.meta.published.clone()),
                    author: names.partner_name(&c.meta.partner).to_string(),
                }
            })
            .collect())
    }

    /// How many sitemap files of magazines and of cases the sitemap index lists.
    pub async fn sitemap_files(&self) -> LibraryResult<(i64, i64)> {
        let mut read = self.read().await?;
        let counts = read.case_counts().await.map_err(fail)?;
        let (_, magazines) = read.magazines(Window::first(0)).await.map_err(fail)?;
        let files = |n: i64| (n.max(0) + SITEMAP_ITEMS - 1) / SITEMAP_ITEMS;
        Ok((files(magazines), files(counts.all)))
    }

    /// The sitemap file of the lists, partners and themes.
    pub async fn sitemap_pages(&self) -> LibraryResult<SitemapPaths> {
        let mut read = self.read().await?;
        let mut paths: SitemapPaths = ["/", "/magazines", "/partners", "/themes"]
            .iter()
            .map(|p| (p.to_string(), None))
            .collect();
        paths.extend(
            read.partners()
                .await
                .map_err(fail)?
                .iter()
                .map(|p| (format!("/partners/{}", p.slug), None)),
        );
        paths.extend(
            read.themes()
                .await
                .map_err(fail)?
                .iter()
                .map(|t| (format!("/themes/{}", t.slug), None)),
        );
        Ok(paths)
    }

    /// The `n`th (1-based) sitemap file of magazines; `None` past the last.
    pub async fn sitemap_magazines(&self, n: i64) -> LibraryResult<Option<SitemapPaths>> {
        if n < 1 {
            return Ok(None);
        }
        let mut read = self.read().await?;
        let (magazines, _) = read
            .magazines(Window {
                offset: (n - 1) * SITEMAP_ITEMS,
                limit: SITEMAP_ITEMS,
            })
            .await
            .map_err(fail)?;
        if magazines.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            magazines
                .iter()
                .map(|m| {
                    (
                        format!("/magazines/{}", m.slug),
                        Some(m.meta.published.clone()),
                    )
                })
                .collect(),
        ))
    }

    /// The `n`th (1-based) sitemap file of cases; `None` past the last.
    pub async fn sitemap_cases(&self, n: i64) -> LibraryResult<Option<SitemapPaths>> {
        if n < 1 {
            return Ok(None);
        }
        let mut read = self.read().await?;
        let slugs = read
            .case_slugs(Window {
                offset: (n - 1) * SITEMAP_ITEMS,
                limit: SITEMAP_ITEMS,
            })
            .await
            .map_err(fail)?;
        if slugs.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            slugs
                .into_iter()
                .map(|(slug, last)| (format!("/cases/{slug}"), Some(last)))
                .collect(),
        ))
    }
}
