//! Validates one content file and turns it into the content model, or says what is wrong and where.

use super::frontmatter::{self, Split};
use super::iso639;
use crate::domain::*;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A validated Markdown file of a case or magazine, with the exact text it came from (kept for history and
/// export, so an exported tree reads back to the same state).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc<M> {
    pub slug: String,
    /// Present in the source file only.
    pub meta: Option<M>,
    pub text: Text,
    pub raw: String,
    /// The item-wide keys (`partner`, `themes`, `published`, `contact`, `links`, …) as written in this file. A
    /// source holds them; a translation may repeat them, as Hugo and Zola translations do, and import checks
    /// that each repeated fact equals the source's (what is language in them, a contact's name and role, link
    /// titles and lists, image alt text, is the translation's own).
    pub item_keys: Map<String, Value>,
}

pub type CaseDoc = Doc<CaseMeta>;
pub type MagazineDoc = Doc<MagazineMeta>;

/// Why a file (or an entry in it) cannot be imported, and the line where that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    /// The front-matter key it is about (`title`, `contact.email`), where it is about one: carried from
    /// where the problem is found, so a form can show it beside its field.
    pub key: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            line,
            key: None,
            message: message.into(),
        }
    }

    /// A problem with the value of `key`.
    pub fn about(key: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            line,
            key: Some(key.to_string()),
            message: message.into(),
        }
    }
}

impl From<frontmatter::FrontMatterError> for Problem {
    fn from(e: frontmatter::FrontMatterError) -> Self {
        Problem::new(e.line, e.message)
    }
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

pub fn check_slug(what: &str, s: &str) -> Result<(), String> {
    if is_slug(s) {
        Ok(())
    } else {
        Err(format!(
            "{what} `{s}` is not a valid slug (use lower-case letters, digits and single hyphens)"
        ))
    }
}

/// Words a case may not be called: a magazine's print view and stand card sit beside its cases
/// (`/{lang}/magazines/{magazine}/print`, `…/card`).
pub const RESERVED_CASE_SLUGS: [&str; 2] = ["print", "card"];

pub fn check_case_slug(s: &str) -> Result<(), String> {
    check_slug("case slug", s)?;
    if RESERVED_CASE_SLUGS.contains(&s) {
        return Err(format!(
            "case slug `{s}` is reserved (a magazine's `{s}` page has that address); choose another"
        ));
    }
    Ok(())
}

pub fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse::<Lang>().map_err(|e| e.to_string())
}

pub fn check_date(key: &str, s: &str) -> Result<(), String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| format!("`{key}` is not a valid date: `{s}` (expected YYYY-MM-DD)"))
}

/// An absolute http(s) URL without blanks or control characters.
pub fn is_http_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn check_url(key: &str, s: &str) -> Result<(), String> {
    if is_http_url(s) {
        Ok(())
    } else {
        Err(format!("`{key}` is not an http(s) URL: `{s}`"))
    }
}

/// `contact` as written: in a source `name` and `email` are required; a translation may give only what it
/// words in its own language (`name`, `role`).
#[derive(Debug, Clone, Deserialize)]
struct ContactFront {
    name: Option<String>,
    email: Option<String>,
    role: Option<String>,
}

/// A value with its surrounding blanks trimmed, or nothing when only blanks are left.
fn words(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn check_email(s: &str) -> Result<(), String> {
    let ok = match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`contact.email` is not an e-mail address: `{s}`"))
    }
}

pub use crate::domain::SOURCE_HASH_LEN;

/// A `source_hash` as written, in lower case; upper-case hex digits are accepted.
pub fn check_source_hash(h: &str) -> Result<String, String> {
    let h = h.trim();
    if h.len() == SOURCE_HASH_LEN && h.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(h.to_ascii_lowercase())
    } else {
        Err(format!(
            "`source_hash` must be the first {SOURCE_HASH_LEN} hex digits of the SHA-256 of the source file, not `{h}`"
        ))
    }
}

/// Front matter keys of a case or magazine file; which are allowed depends on source or translation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    title: Option<String>,
    summary: Option<String>,
    translated_from: Option<String>,
    source_hash: Option<String>,
    updated: Option<String>,
    tags: Option<Vec<String>>,
    image_alt: Option<String>,
    // case source
    partner: Option<String>,
    themes: Option<Vec<String>>,
    published: Option<String>,
    stage: Option<String>,
    started: Option<i64>,
    cost_eur: Option<i64>,
    contact: Option<ContactFront>,
    links: Option<Vec<Link>>,
    image: Option<Image>,
    // magazine source
    number: Option<i64>,
    cases: Option<Vec<String>>,
    cover: Option<String>,
    cover_alt: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Case,
    Magazine,
}

const CASE_ONLY: &[&str] = &[
    "partner",
    "themes",
    "stage",
    "started",
    "cost_eur",
    "contact",
    "links",
    "image",
    "image_alt",
];
const MAGAZINE_ONLY: &[&str] = &["number", "cases", "cover", "cover_alt"];
const SOURCE_ONLY: &[&str] = &[
    "partner",
    "themes",
    "published",
    "stage",
    "started",
    "cost_eur",
    "contact",
    "links",
    "image",
    "number",
    "cases",
    "cover",
];

fn present_keys(f: &Front) -> Vec<&'static str> {
    let mut keys = Vec::new();
    macro_rules! check {
        ($($k:ident),*) => { $( if f.$k.is_some() { keys.push(stringify!($k)); } )* };
    }
    check!(
        title,
        summary,
        translated_from,
        source_hash,
        updated,
        tags,
        image_alt,
        partner,
        themes,
        published,
        stage,
        started,
        cost_eur,
        contact,
        links,
        image,
        number,
        cases,
        cover,
        cover_alt
    );
    keys
}

struct Parsed<'a> {
    split: Split<'a>,
    front: Front,
    text: Text,
    is_source: bool,
    item_keys: Map<String, Value>,
}

fn parse_common<'a>(kind: Kind, lang_code: &str, raw: &'a str) -> Result<Parsed<'a>, Problem> {
    let lang = parse_lang(lang_code).map_err(|m| Problem::new(None, m))?;
    let split = frontmatter::split(raw)?;
    let map = frontmatter::parse(&split)?;
    let item_keys: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| SOURCE_ONLY.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let front: Front = serde_json::from_value(Value::Object(map)).map_err(|e| {
        // serde names the field it could not read between backticks: the one place a key is read from
        // a message, the parser's own.
        let msg = e.to_string();
        let key = msg.split('`').nth(1).filter(|k| !k.is_empty());
        let line = key.and_then(|k| frontmatter::line_of_key(&split, k));
        Problem {
            line: line.or(Some(split.front_line)),
            key: key.map(str::to_string),
            message: format!("front matter: {}", msg.replace("field", "key")),
        }
    })?;
    let at = |key: &str| frontmatter::line_of_key(&split, key).or(Some(split.front_line));
    let wrong_kind = if kind == Kind::Case {
        MAGAZINE_ONLY
    } else {
        CASE_ONLY
    };
    let is_source = front.translated_from.is_none();
    for key in present_keys(&front) {
        if wrong_kind.contains(&key) {
            let what = if kind == Kind::Case {
                "a case"
            } else {
                "a magazine"
            };
            return Err(Problem::about(
                key,
                at(key),
                format!("unknown key `{key}` for {what}"),
            ));
        }
    }
    let title = required(&front.title, "title", &at)?;
    let summary = required(&front.summary, "summary", &at)?;
    let translated_from = match &front.translated_from {
        Some(code) => {
            let from = parse_lang(code).map_err(|m| {
                Problem::about(
                    "translated_from",
                    at("translated_from"),
                    format!("`translated_from`: {m}"),
                )
            })?;
            if from == lang {
                return Err(Problem::about(
                    "translated_from",
                    at("translated_from"),
                    format!("`translated_from` names the file's own language `{lang}`"),
                ));
            }
            Some(from)
        }
        None => None,
    };
    if let Some(u) = &front.updated {
        check_date("updated", u).map_err(|m| Problem::about("updated", at("updated"), m))?;
    }
    let source_hash = match &front.source_hash {
        Some(_) if is_source => {
            return Err(Problem::about(
                "source_hash",
                at("source_hash"),
                "`source_hash` belongs to translations only (a file with `translated_from`)",
            ));
        }
        Some(h) => Some(
            check_source_hash(h)
                .map_err(|m| Problem::about("source_hash", at("source_hash"), m))?,
        ),
        None => None,
    };
    // A translation that repeats `image` may word its alt text in its own language.
    let repeated_alt = (!is_source)
        .then(|| front.image.as_ref().map(|i| i.alt.clone()))
        .flatten()
        .filter(|a| !a.trim().is_empty());
    let image_alt = front
        .image_alt
        .clone()
        .or(front.cover_alt.clone())
        .or(repeated_alt);
    let text = Text {
        lang,
        title,
        summary,
        translated_from,
        source_hash,
        updated: front.updated.clone(),
        tags: front.tags.clone().unwrap_or_default(),
        image_alt,
        translated: TranslatedMeta::default(),
        body: split.body.to_string(),
    };
    Ok(Parsed {
        split,
        front,
        text,
        is_source,
        item_keys,
    })
}

fn required(
    value: &Option<String>,
    key: &str,
    at: &dyn Fn(&str) -> Option<usize>,
) -> Result<String, Problem> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        Some(_) => Err(Problem::about(
            key,
            at(key),
            format!("required key `{key}` is empty"),
        )),
        None => Err(Problem::about(
            key,
            at(key),
            format!("missing required key `{key}`"),
        )),
    }
}

/// A case file: `cases/<slug>/<lang>.md`.
pub fn parse_case(slug: &str, lang_code: &str, raw: &str) -> Result<CaseDoc, Problem> {
    check_case_slug(slug).map_err(|m| Problem::new(None, m))?;
    let p = parse_common(Kind::Case, lang_code, raw)?;
    let at = |key: &str| frontmatter::line_of_key(&p.split, key).or(Some(p.split.front_line));
    let meta = if p.is_source {
        let f = &p.front;
        let partner = required(&f.partner, "partner", &at)?;
        let published = required(&f.published, "published", &at)?;
        check_date("published", &published)
            .map_err(|m| Problem::about("published", at("published"), m))?;
        if let Some(u) = &f.updated
            && u < &published
        {
            return Err(Problem::about(
                "updated",
                at("updated"),
                format!("`updated` ({u}) is before `published` ({published})"),
            ));
        }
        let themes = f.themes.clone().unwrap_or_default();
        if themes.is_empty() {
            return Err(Problem::about(
                "themes",
                at("themes"),
                "missing required key `themes` (at least one theme slug)",
            ));
        }
        let stage = match &f.stage {
            Some(s) => Some(Stage::parse(s).ok_or_else(|| {
                Problem::about(
                    "stage",
                    at("stage"),
                    format!("`stage` must be one of idea, pilot, in-use, stopped, not `{s}`"),
                )
            })?),
            None => None,
        };
        let started = match f.started {
            Some(y) if !(1990..=2100).contains(&y) => {
                return Err(Problem::about(
                    "started",
                    at("started"),
                    format!("`started` must be a year between 1990 and 2100, not {y}"),
                ));
            }
            y => y.map(|y| y as i32),
        };
        if let Some(c) = f.cost_eur
            && c < 0
        {
            return Err(Problem::about(
                "cost_eur",
                at("cost_eur"),
                "`cost_eur` must not be negative",
            ));
        }
        let contact = match &f.contact {
            Some(c) => {
                let name = words(&c.name).ok_or_else(|| {
                    Problem::about(
                        "contact",
                        at("contact"),
                        "`contact.name` is missing: name the person or team to ask",
                    )
                })?;
                let email = words(&c.email).ok_or_else(|| {
                    Problem::about(
                        "contact.email",
                        at("contact.email"),
                        "`contact.email` is missing",
                    )
                })?;
                check_email(&email)
                    .map_err(|m| Problem::about("contact.email", at("contact.email"), m))?;
                Some(Contact {
                    name,
                    email,
                    role: words(&c.role),
                })
            }
            None => None,
        };
        let links = checked_links(&f.links, &at)?;
        if let Some(img) = &f.image {
            check_asset_name(&img.src).map_err(|m| Problem::about("image", at("image"), m))?;
            if img.alt.trim().is_empty() {
                return Err(Problem::about(
                    "image",
                    at("image"),
                    "`image.alt` is empty: describe the image for readers who cannot see it",
                ));
            }
        }
        Some(CaseMeta {
            partner,
            themes,
            published,
            stage,
            started,
            cost_eur: f.cost_eur,
            contact,
            links,
            image: f.image.clone(),
        })
    } else {
        None
    };
    let mut text = p.text;
    if meta.is_none() {
        // A translation's words in the case's metadata; its facts are checked against the source on import.
        let f = &p.front;
        if let Some(c) = &f.contact
            && let Some(email) = words(&c.email)
        {
            check_email(&email)
                .map_err(|m| Problem::about("contact.email", at("contact.email"), m))?;
        }
        text.translated = TranslatedMeta {
            contact_name: f.contact.as_ref().and_then(|c| words(&c.name)),
            contact_role: f.contact.as_ref().and_then(|c| words(&c.role)),
            links: checked_links(&f.links, &at)?,
        };
    }
    Ok(Doc {
        slug: slug.to_string(),
        meta,
        text,
        raw: raw.to_string(),
        item_keys: p.item_keys,
    })
}

/// A file's `links`, each an http(s) URL.
fn checked_links(
    links: &Option<Vec<Link>>,
    at: &dyn Fn(&str) -> Option<usize>,
) -> Result<Vec<Link>, Problem> {
    let links = links.clone().unwrap_or_default();
    for l in &links {
        check_url("links.url", &l.url).map_err(|m| Problem::about("links", at("links"), m))?;
    }
    Ok(links)
}

/// A magazine file: `magazines/<slug>/<lang>.md`.
pub fn parse_magazine(slug: &str, lang_code: &str, raw: &str) -> Result<MagazineDoc, Problem> {
    check_slug("magazine slug", slug).map_err(|m| Problem::new(None, m))?;
    let p = parse_common(Kind::Magazine, lang_code, raw)?;
    let at = |key: &str| frontmatter::line_of_key(&p.split, key).or(Some(p.split.front_line));
    let meta = if p.is_source {
        let f = &p.front;
        let number = f.number.ok_or_else(|| {
            Problem::about("number", at("number"), "missing required key `number`")
        })?;
        if number < 1 {
            return Err(Problem::about(
                "number",
                at("number"),
                "`number` must be 1 or more",
            ));
        }
        let published = required(&f.published, "published", &at)?;
        check_date("published", &published)
            .map_err(|m| Problem::about("published", at("published"), m))?;
        let cases = f.cases.clone().unwrap_or_default();
        if cases.is_empty() {
            return Err(Problem::about(
                "cases",
                at("cases"),
                "missing required key `cases` (the ordered list of case slugs)",
            ));
        }
        for c in &cases {
            check_slug("case", c).map_err(|m| Problem::about("cases", at("cases"), m))?;
        }
        if let Some(cover) = &f.cover {
            check_asset_name(cover).map_err(|m| Problem::about("cover", at("cover"), m))?;
            if f.cover_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                return Err(Problem::about(
                    "cover",
                    at("cover"),
                    "a `cover` needs `cover_alt`: describe it for readers who cannot see it",
                ));
            }
        }
        Some(MagazineMeta {
            number,
            published,
            cases,
            cover: f.cover.clone(),
        })
    } else {
        None
    };
    Ok(Doc {
        slug: slug.to_string(),
        meta,
        text: p.text,
        raw: raw.to_string(),
        item_keys: p.item_keys,
    })
}

/// The file types Likewise keeps beside case and magazine files, and their media types.
pub fn media_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "webp" => Some("image/webp"),
        "gif" => Some("image/gif"),
        _ => None,
    }
}

pub fn check_asset_name(name: &str) -> Result<(), String> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if !plain {
        return Err(format!(
            "image `{name}` must be a plain file name beside the Markdown file"
        ));
    }
    if super::pictures::is_variant(name) {
        return Err(format!(
            "image `{name}`: names ending in `.w480` or `.w960` are kept for the smaller copies Likewise \
             makes of pictures; rename the file"
        ));
    }
    media_type(name).map(|_| ()).ok_or_else(|| {
        format!("image `{name}` is not a supported image (svg, png, jpg, webp, gif)")
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerRaw {
    slug: String,
    name: String,
    country: String,
    kind: String,
    website: String,
    languages: Vec<String>,
    region: Option<String>,
    #[serde(default)]
    lead: bool,
    #[serde(default)]
    descriptions: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeRaw {
    slug: String,
    names: BTreeMap<String, String>,
    #[serde(default)]
    descriptions: BTreeMap<String, String>,
}

/// One entry of `partners.toml` or `themes.toml`: its slug when readable, and the entity or what is wrong.
pub type Entry<T> = (Option<String>, Result<T, Problem>);

fn lang_map(key: &str, raw: BTreeMap<String, String>) -> Result<BTreeMap<Lang, String>, String> {
    raw.into_iter()
        .map(|(k, v)| {
            parse_lang(&k)
                .map(|l| (l, v))
                .map_err(|m| format!("`{key}`: {m}"))
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnersFile {
    #[serde(default)]
    partners: Vec<toml::Spanned<toml::Table>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    #[serde(default)]
    themes: Vec<toml::Spanned<toml::Table>>,
}

/// Parses a `[[key]]` TOML file, keeping the line each entry starts on.
fn toml_entries<F: serde::de::DeserializeOwned>(
    raw: &str,
    entries: impl FnOnce(F) -> Vec<toml::Spanned<toml::Table>>,
) -> Result<Vec<(usize, toml::Table)>, Problem> {
    let file: F = toml::from_str(raw).map_err(|e| {
        let line = e.span().map(|s| frontmatter::line_of_offset(raw, s.start));
        Problem::new(
            line,
            format!("malformed TOML: {}", e.message().replace("field", "table")),
        )
    })?;
    Ok(entries(file)
        .into_iter()
        .map(|s| {
            (
                frontmatter::line_of_offset(raw, s.span().start),
                s.into_inner(),
            )
        })
        .collect())
}

/// Parses a `[[key]]` TOML file entry by entry: each entry's raw form `R` is read, then checked and built by
/// `build`, which gets the entry's line for its messages.
fn parse_entries<F: serde::de::DeserializeOwned, R: serde::de::DeserializeOwned, T>(
    raw: &str,
    entries: impl FnOnce(F) -> Vec<toml::Spanned<toml::Table>>,
    build: impl Fn(R, Option<usize>) -> Result<T, Problem>,
) -> Result<Vec<Entry<T>>, Problem> {
    Ok(toml_entries(raw, entries)?
        .into_iter()
        .map(|(line, table)| {
            let slug = table
                .get("slug")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let at = Some(line);
            let result = table
                .try_into()
                .map_err(|e: toml::de::Error| Problem::new(at, e.message().replace("field", "key")))
                .and_then(|r| build(r, at));
            (slug, result)
        })
        .collect())
}

pub fn parse_partners(raw: &str) -> Result<Vec<Entry<Partner>>, Problem> {
    parse_entries(
        raw,
        |f: PartnersFile| f.partners,
        |r: PartnerRaw, at| {
            check_slug("partner slug", &r.slug).map_err(|m| Problem::new(at, m))?;
            if r.name.trim().is_empty() {
                return Err(Problem::new(at, "required key `name` is empty"));
            }
            if r.country.len() != 2 || !r.country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Problem::new(
                    at,
                    format!(
                        "`country` must be an ISO 3166-1 alpha-2 code such as NL, not `{}`",
                        r.country
                    ),
                ));
            }
            let kind = PartnerKind::parse(&r.kind).ok_or_else(|| {
            Problem::new(at, format!("`kind` must be one of municipality, province, region, county, university, agency, not `{}`", r.kind))
        })?;
            check_url("website", &r.website).map_err(|m| Problem::new(at, m))?;
            // What a partner works in may be any language; only case and magazine files are limited to the
            // five the interface speaks.
            let languages: Vec<String> = r
                .languages
                .iter()
                .map(|l| l.trim().to_ascii_lowercase())
                .collect();
            if let Some(bad) = languages.iter().find(|l| !iso639::is_code(l)) {
                return Err(Problem::new(
                    at,
                    format!(
                        "`languages`: `{bad}` is not an ISO 639-1 language code (two lower-case letters such as fi or ca)"
                    ),
                ));
            }

            if languages.is_empty() {
                return Err(Problem::new(
                    at,
                    "`languages` must name at least one language",
                ));
            }
            let descriptions =
                lang_map("descriptions", r.descriptions).map_err(|m| Problem::new(at, m))?;
            Ok(Partner {
                slug: r.slug,
                name: r.name,
                country: r.country,
                kind,
                website: r.website,
                languages,
                region: r.region,
                lead: r.lead,
                descriptions,
            })
        },
    )
}

pub fn parse_themes(raw: &str) -> Result<Vec<Entry<Theme>>, Problem> {
    parse_entries(
        raw,
        |f: ThemesFile| f.themes,
        |r: ThemeRaw, at| {
            check_slug("theme slug", &r.slug).map_err(|m| Problem::new(at, m))?;
            let names = lang_map("names", r.names).map_err(|m| Problem::new(at, m))?;
            if let Some(missing) = Lang::ALL.iter().find(|l| !names.contains_key(l)) {
                return Err(Problem::new(
                    at,
                    format!(
                        "`names` lacks the `{missing}` name (all of nl, en, de, da, fr are required)"
                    ),
                ));
            }
            let descriptions =
                lang_map("descriptions", r.descriptions).map_err(|m| Problem::new(at, m))?;
            Ok(Theme {
                slug: r.slug,
                names,
                descriptions,
            })
        },
    )
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
