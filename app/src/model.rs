//! What the pages show: view models the backend fills and the UI renders, on the server and in the browser.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// How far a case has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Idea,
    Pilot,
    InUse,
    Stopped,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Idea, Stage::Pilot, Stage::InUse, Stage::Stopped];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Pilot => "pilot",
            Stage::InUse => "in-use",
            Stage::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.code() == s)
    }
}

/// How far an organisation has taken up a case: the stages of an adoption (docs/content-format.md#adoptions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdoptionStage {
    Considering,
    Piloting,
    Adopted,
    Adapted,
    Stopped,
}

impl AdoptionStage {
    pub const ALL: [AdoptionStage; 5] = [
        AdoptionStage::Considering,
        AdoptionStage::Piloting,
        AdoptionStage::Adopted,
        AdoptionStage::Adapted,
        AdoptionStage::Stopped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AdoptionStage::Considering => "considering",
            AdoptionStage::Piloting => "piloting",
            AdoptionStage::Adopted => "adopted",
            AdoptionStage::Adapted => "adapted",
            AdoptionStage::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<AdoptionStage> {
        AdoptionStage::ALL.into_iter().find(|st| st.code() == s)
    }

    /// Whether the organisation works with the case now: what "taken up" counts. Considering is not yet,
    /// stopped is no longer.
    pub fn taken_up(self) -> bool {
        matches!(
            self,
            AdoptionStage::Piloting | AdoptionStage::Adopted | AdoptionStage::Adapted
        )
    }
}

/// One organisation's adoption of a case, as the case page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdoptionView {
    /// The organisation's name (a partner's as the library knows it).
    pub organisation: String,
    /// Set when the organisation is a partner of the library: its page.
    pub partner: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub website: Option<String>,
    pub stage: AdoptionStage,
    pub year: i32,
    /// The note in the reader's language, or in the first language it was written in.
    pub note: Option<String>,
    /// The language of `note` when it is not the page's.
    pub note_lang: Option<Lang>,
    /// The adopter's own case in the library, made from this one.
    pub case: Option<CaseLink>,
}

/// Another case named on a case's page (adapted from, adapted by).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseLink {
    pub slug: String,
    pub title: String,
    /// The language of `title`.
    pub lang: Lang,
    pub partner: String,
}

/// What a case page says about where the case travelled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReuseView {
    /// Every adoption, taken up first, then newest.
    pub adoptions: Vec<AdoptionView>,
    /// Organisations that took the case up (`AdoptionStage::taken_up`), and in how many countries.
    pub taken_up: i64,
    pub countries: i64,
    /// The cases this one was adapted from.
    pub adapted_from: Vec<CaseLink>,
}

/// What kind of organisation a partner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerKind {
    Municipality,
    Province,
    Region,
    County,
    University,
    Agency,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 6] = [
        PartnerKind::Municipality,
        PartnerKind::Province,
        PartnerKind::Region,
        PartnerKind::County,
        PartnerKind::University,
        PartnerKind::Agency,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Municipality => "municipality",
            PartnerKind::Province => "province",
            PartnerKind::Region => "region",
            PartnerKind::County => "county",
            PartnerKind::University => "university",
            PartnerKind::Agency => "agency",
        }
    }

    pub fn parse(s: &str) -> Option<PartnerKind> {
        PartnerKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageView {
    pub url: String,
    pub alt: String,
    /// Smaller copies of a PNG or JPEG picture (`… 480w, … 960w`), for `srcset`.
    #[serde(default)]
    pub srcset: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerRef {
    pub slug: String,
    pub name: String,
    pub country: String,
}

/// A case as a list shows it, in the best language available for the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseCard {
    pub slug: String,
    /// The language the title and summary are in.
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub partner: PartnerRef,
    pub themes: Vec<ThemeRef>,
    pub published: String,
    pub stage: Option<Stage>,
    pub image: Option<ImageView>,
    /// Approved comments on the case.
    #[serde(default)]
    pub comments: i64,
    /// Organisations that took the case up.
    #[serde(default)]
    pub taken_up: i64,
}

/// Whom to ask, in the language of the text shown: a translation may word the name and role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    /// What they do in the case ("Project lead").
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A whole case page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub card: CaseCard,
    /// The case's source language.
    pub source_lang: Lang,
    /// True when the reader asked for a language the case has not been translated into.
    pub is_fallback: bool,
    /// Set when the shown text is a translation.
    pub translated_from: Option<Lang>,
    /// Set when the shown translation follows an older state of its source: the day the source changed.
    #[serde(default)]
    pub outdated_since: Option<String>,
    pub languages: Vec<Lang>,
    pub body_html: String,
    pub tags: Vec<String>,
    pub updated: Option<String>,
    pub started: Option<i32>,
    pub cost_eur: Option<i64>,
    /// The shown text's own contact name and role, and links, where a translation gives them; else the source's.
    pub contact: Option<Contact>,
    pub links: Vec<LinkView>,
    /// Who took the case up, and what it was adapted from.
    #[serde(default)]
    pub reuse: ReuseView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MagazineCard {
    pub slug: String,
    pub lang: Lang,
    pub number: i32,
    pub title: String,
    pub summary: String,
    pub published: String,
    pub cover: Option<ImageView>,
    pub case_count: usize,
    /// Approved comments readers see.
    #[serde(default)]
    pub comments: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MagazineView {
    pub card: MagazineCard,
    /// The magazine's source language: its other languages are translations of it.
    pub source_lang: Lang,
    pub is_fallback: bool,
    pub languages: Vec<Lang>,
    pub editorial_html: String,
    pub cases: Vec<CaseCard>,
}

/// One case of an issue, as its table of contents lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueEntry {
    pub slug: String,
    pub title: String,
    /// The language the title is in.
    pub lang: Lang,
}

/// A case read inside its magazine issue: where it stands in the issue and the way on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueCaseView {
    pub magazine: MagazineCard,
    /// The issue's published cases, in its order.
    pub entries: Vec<IssueEntry>,
    /// 1-based place of `case` in `entries`.
    pub position: usize,
    pub case: CaseView,
}

impl IssueCaseView {
    /// The case before this one, if it is not the first.
    pub fn prev(&self) -> Option<&IssueEntry> {
        self.position
            .checked_sub(2)
            .and_then(|i| self.entries.get(i))
    }

    /// The case after this one, if it is not the last.
    pub fn next(&self) -> Option<&IssueEntry> {
        self.entries.get(self.position)
    }
}

/// A whole issue: the magazine and each of its published cases in full, in order (print view).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueView {
    pub magazine: MagazineView,
    pub cases: Vec<CaseView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerSummary {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub region: Option<String>,
    pub kind: PartnerKind,
    pub lead: bool,
    pub case_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerView {
    pub summary: PartnerSummary,
    pub website: String,
    /// ISO 639-1 codes of the languages the partner works in (any language, not only the five).
    pub languages: Vec<String>,
    pub description: Option<String>,
    pub cases: Vec<CaseCard>,
    pub page: PageInfo,
    /// The partner's figures (the statistics page for this partner).
    #[serde(default)]
    pub stats: Option<crate::stats::StatsView>,
}

/// Where a page of a long list is: lists show [`PageInfo::SIZE`] items a page, so no page grows with the
/// library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// 1-based.
    pub number: u32,
    /// How many pages the list has (at least 1).
    pub count: u32,
    /// How many items the list has.
    pub total: u64,
}

impl PageInfo {
    pub const SIZE: u32 = 24;

    /// Page `number` of a list of `total` items, or `None` when there is no such page.
    pub fn of(number: u32, total: u64) -> Option<PageInfo> {
        let count = (total.div_ceil(Self::SIZE as u64)).max(1) as u32;
        (1..=count).contains(&number).then_some(PageInfo {
            number,
            count,
            total,
        })
    }

    /// How many items come before this page.
    pub fn offset(number: u32) -> u64 {
        (number.max(1) as u64 - 1) * Self::SIZE as u64
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeSummary {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub case_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeView {
    pub summary: ThemeSummary,
    pub cases: Vec<CaseCard>,
    pub page: PageInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MagazineList {
    pub magazines: Vec<MagazineCard>,
    pub page: PageInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub latest_magazine: Option<MagazineCard>,
    pub recent_cases: Vec<CaseCard>,
    pub themes: Vec<ThemeSummary>,
}

/// The facets of search, as query parameters: `theme`, `partner`, `country`, `language`, `stage`,
/// `taken_up` (`yes`: another organisation took the case up).
pub const FACETS: [&str; 6] = [
    "theme", "partner", "country", "language", "stage", "taken_up",
];
/// The orders a search can be asked for (`sort=`); empty is by relevance.
pub const SORTS: [&str; 1] = ["taken_up"];

/// What a search page was asked: the words and the ticked facet values, as in its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    /// `(facet, value)` pairs, in the order of the address.
    pub filters: Vec<(String, String)>,
    /// 1-based.
    pub page: u32,
    /// One of [`SORTS`], or empty: by relevance.
    #[serde(default)]
    pub sort: String,
}

impl SearchParams {
    /// Reads an address's query string (`q=…&theme=…&page=…`); unknown parameters are ignored.
    pub fn from_query(query: &str) -> SearchParams {
        let mut p = SearchParams {
            page: 1,
            ..Default::default()
        };
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|s| !s.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode_component(k), decode_component(v));
            match k.as_str() {
                "q" => p.q = v,
                "page" => p.page = v.parse().unwrap_or(0),
                "sort" if SORTS.contains(&v.as_str()) => p.sort = v,
                k if FACETS.contains(&k)
                    && !v.is_empty()
                    && !p.filters.iter().any(|(fk, fv)| fk == k && *fv == v) =>
                {
                    p.filters.push((k.to_string(), v));
                }
                _ => {}
            }
        }
        p
    }

    /// The query string of this search (without `?`), page 1 left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode_component(&self.q)));
        }
        for (k, v) in &self.filters {
            parts.push(format!("{k}={}", encode_component(v)));
        }
        if !self.sort.is_empty() {
            parts.push(format!("sort={}", encode_component(&self.sort)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    pub fn is_selected(&self, facet: &str, value: &str) -> bool {
        self.filters.iter().any(|(k, v)| k == facet && v == value)
    }

    /// The same search with `(facet, value)` ticked or unticked, from its first page.
    pub fn toggled(&self, facet: &str, value: &str) -> SearchParams {
        let mut p = self.clone();
        p.page = 1;
        if p.is_selected(facet, value) {
            p.filters.retain(|(k, v)| !(k == facet && v == value));
        } else {
            p.filters.push((facet.to_string(), value.to_string()));
        }
        p
    }
}

/// Percent-encodes a query-string component (spaces as `+`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes a query-string component (`+` is a space); malformed escapes are kept as they are.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One value of a facet with how many cases have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    /// In the reader's language.
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetView {
    /// One of [`FACETS`].
    pub key: String,
    pub values: Vec<FacetValue>,
}

/// One found case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHitView {
    pub card: CaseCard,
    /// A passage with the matched words in `<mark>`, everything else escaped: safe to insert as HTML.
    pub snippet_html: String,
}

/// A magazine a search found (beside the cases).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MagazineHitView {
    pub slug: String,
    pub lang: Lang,
    pub title: String,
    pub published: String,
    /// As [`SearchHitView::snippet_html`].
    pub snippet_html: String,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub params: SearchParams,
    pub total: u64,
    pub hits: Vec<SearchHitView>,
    /// Magazines whose words match, for a search with words and no filters.
    pub magazines: Vec<MagazineHitView>,
    pub facets: Vec<FacetView>,
    pub page: PageInfo,
    /// Shown when nothing is found: the themes with most cases.
    pub popular_themes: Vec<ThemeRef>,
}

/// Cases and magazines: the items that have texts in several languages and files beside them. One type for
/// the pages, the addresses, the database and the search index (written `case`/`magazine`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Case,
    Magazine,
}

impl ItemKind {
    /// How the kind is written in the database.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Case => "case",
            ItemKind::Magazine => "magazine",
        }
    }

    pub fn from_code(code: &str) -> Option<ItemKind> {
        [ItemKind::Case, ItemKind::Magazine]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The kind whose addresses and folder are `dir` (`cases`, `magazines`).
    pub fn from_dir(dir: &str) -> Option<ItemKind> {
        [ItemKind::Case, ItemKind::Magazine]
            .into_iter()
            .find(|k| k.dir() == dir)
    }

    /// The folder of a content tree, and the segment of the item's addresses.
    pub fn dir(self) -> &'static str {
        match self {
            ItemKind::Case => "cases",
            ItemKind::Magazine => "magazines",
        }
    }

    /// Where the files stored beside an item are served: relative links and images in its Markdown resolve
    /// against this, and so do its image and cover.
    pub fn media_base(self, slug: &str) -> String {
        format!("/media/{}/{slug}/", self.dir())
    }
}

/// Where a case or magazine is in its editorial life. Only `Published` ones reach readers, the API, the
/// feeds and search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Review,
    Published,
    Unpublished,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Review,
        Status::Published,
        Status::Unpublished,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
        }
    }
    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Whether a translation follows the current state of its source (docs/design.md#content-format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationState {
    Current,
    Outdated,
    Missing,
}

impl TranslationState {
    pub fn parse(code: &str) -> Option<TranslationState> {
        [
            TranslationState::Current,
            TranslationState::Outdated,
            TranslationState::Missing,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            TranslationState::Current => "current",
            TranslationState::Outdated => "outdated",
            TranslationState::Missing => "missing",
        }
    }
}

/// Where a comment is in moderation. Deletion is a flag beside it: a deleted comment keeps its place (and
/// its state) while replies hang from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentState {
    /// Waits for a moderator: seen by its author only.
    Waiting,
    Approved,
    /// Hidden by a moderator, with a reason its author sees.
    Hidden,
}

impl CommentState {
    pub fn code(self) -> &'static str {
        match self {
            CommentState::Waiting => "waiting",
            CommentState::Approved => "approved",
            CommentState::Hidden => "hidden",
        }
    }
    pub fn parse(code: &str) -> Option<CommentState> {
        [
            CommentState::Waiting,
            CommentState::Approved,
            CommentState::Hidden,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::PageInfo;
    use super::SearchParams;

    #[test]
    fn search_parameters_survive_the_address() {
        let p = SearchParams::from_query("q=smart+park%C3%A9&theme=iot&theme=mobility&page=2&x=1");
        assert_eq!(p.q, "smart parké");
        assert_eq!(p.filters.len(), 2);
        assert_eq!(p.page, 2);
        assert_eq!(SearchParams::from_query(&p.to_query()), p);
        assert_eq!(SearchParams::from_query("q=100%").q, "100%");
        let t = p.toggled("theme", "iot");
        assert_eq!(
            t.filters,
            vec![("theme".to_string(), "mobility".to_string())]
        );
        assert_eq!(t.page, 1);
    }

    #[test]
    fn a_list_has_the_pages_its_items_fill() {
        assert_eq!(PageInfo::of(1, 0).map(|p| p.count), Some(1));
        assert_eq!(PageInfo::of(1, 24).map(|p| p.count), Some(1));
        assert_eq!(PageInfo::of(2, 25).map(|p| p.count), Some(2));
        assert_eq!(PageInfo::of(3, 48), None);
        assert_eq!(PageInfo::of(0, 48), None);
        assert_eq!(PageInfo::offset(3), 48);
    }
}

/// Each is written as its code, in addresses, attributes and class names.
macro_rules! display_as_code {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    )*};
}
display_as_code!(Status, TranslationState, CommentState);
