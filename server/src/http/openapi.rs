//! The OpenAPI document of `/api/v1`, generated from the handlers' own annotations and types (utoipa): the
//! router in `api.rs` and the document are built from one list of handlers, so neither can name a route the
//! other lacks. Error codes come from [`ApiError::CODES`]; the answers the catalog builds as JSON are
//! described by the types below, and tests/openapi.rs checks real answers against them.

use super::ApiError;
use axum::http::StatusCode;
use std::collections::BTreeMap;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, RefOr};
use utoipa::{Modify, OpenApi, PartialSchema, ToResponse, ToSchema};

/// Where `api::router()` is nested.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Likewise API",
        version = "1",
        description = "Read access to the Likewise library of best practices (cases in every language, \
magazines, partners, themes, search, comments) and, with a personal API token, writes: case and magazine \
files in the content format, workflow moves, image uploads and comments. Every answer that is not a success \
is a JSON object `{\"error\": {\"code\", \"message\", \"field\"?, \"line\"?}}` with a stable code. A method \
a path does not have is a 405 with code `method_not_allowed`; an unknown path under /api/v1 a 404."
    ),
    components(
        schemas(ErrorBody, ErrorDetail, ErrorCode, LanguageCode, UiLang, WorkflowStatus, ItemDir, Stage, PartnerKind),
        responses(BadRequest, Unauthorized, Forbidden, NotFound, Conflict, TooLarge, Invalid, RateLimited, Unavailable)
    ),
    modifiers(&Security),
    tags(
        (name = "read", description = "The library as readers see it: published items only."),
        (name = "write", description = "Writes with a personal API token (`Authorization: Bearer lw_…`)."),
        (name = "comments", description = "Comments on published cases and magazines."),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal API token (`lw_…`), created and revoked on the account page. It \
                         carries the roles of its account. A signed-in browser session works too; its \
                         writes must come from this site (Origin).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The finished document: the router's paths under [`PREFIX`], as JSON.
pub fn finish(mut doc: Document) -> String {
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(path, item)| (format!("{PREFIX}{path}"), item))
        .collect();
    doc.to_pretty_json()
        .expect("the OpenAPI document serialises")
}

// ---------------------------------------------------------------------------------------------------------
// Errors.

/// `{ "error": { "code", "message", "field"?, "line"? } }`: every answer that is not a success.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    code: ErrorCode,
    /// For people: what went wrong and what to do.
    message: String,
    /// The parameter, body field or front-matter key that is wrong, where one is.
    #[schema(value_type = String, required = false)]
    field: Option<String>,
    /// The line of the sent file that is wrong, where known.
    #[schema(value_type = u64, required = false, minimum = 1)]
    line: Option<u64>,
}

/// The stable code of an error, from [`ApiError::CODES`].
pub struct ErrorCode;

impl PartialSchema for ErrorCode {
    fn schema() -> RefOr<Schema> {
        let codes: Vec<&str> = ApiError::CODES.iter().map(|(_, c)| *c).collect();
        let statuses = ApiError::CODES
            .iter()
            .map(|(status, code)| format!("`{code}` {}", status.as_u16()))
            .collect::<Vec<_>>()
            .join(", ");
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(codes))
            .description(Some(format!(
                "A stable code, with the status it comes with: {statuses}. `cross_site` is a write whose \
                 Origin names another site; the 503 codes mean the library or search cannot answer right \
                 now."
            )))
            .into()
    }
}

impl ToSchema for ErrorCode {}

/// An error response for a status, listing the codes it can carry.
macro_rules! error_response {
    ($name:ident, $status:expr, $what:literal) => {
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
                let codes = ApiError::codes_of($status)
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let description = format!("{} (code {codes})", $what);
                let mut response = utoipa::openapi::ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                                "ErrorBody",
                            ))))
                            .build(),
                    );
                if $status == StatusCode::UNAUTHORIZED {
                    response = response.header(
                        "WWW-Authenticate",
                        utoipa::openapi::HeaderBuilder::new()
                            .schema(String::schema())
                            .description(Some("`Bearer realm=\"likewise\"`"))
                            .build(),
                    );
                }
                (stringify!($name), response.build().into())
            }
        }
    };
}

error_response!(
    BadRequest,
    StatusCode::BAD_REQUEST,
    "A parameter, the address or the body cannot be read; `field` names which"
);
error_response!(
    Unauthorized,
    StatusCode::UNAUTHORIZED,
    "No credentials, or a token that is revoked, mistyped or of a disabled account"
);
error_response!(
    Forbidden,
    StatusCode::FORBIDDEN,
    "The caller may not do this, or the write came from another site"
);
error_response!(
    NotFound,
    StatusCode::NOT_FOUND,
    "No such item (or not published)"
);
error_response!(
    Conflict,
    StatusCode::CONFLICT,
    "The item exists already, or the move is not possible from its status"
);
error_response!(
    TooLarge,
    StatusCode::PAYLOAD_TOO_LARGE,
    "The body is over the limit"
);
error_response!(
    Invalid,
    StatusCode::UNPROCESSABLE_ENTITY,
    "The body was read but refused: `field` and `line` say where"
);
error_response!(
    RateLimited,
    StatusCode::TOO_MANY_REQUESTS,
    "Too many writes of this kind in a while"
);
error_response!(
    Unavailable,
    StatusCode::SERVICE_UNAVAILABLE,
    "The library or search cannot answer right now; try again shortly"
);

// ---------------------------------------------------------------------------------------------------------
// Vocabularies.

/// An ISO 639-1 language code as the library stores it: a partner may work in any language (`ca`, `fi`),
/// not only the five of the interface.
pub struct LanguageCode;

impl PartialSchema for LanguageCode {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[a-z]{2}$"))
            .description(Some("An ISO 639-1 language code"))
            .into()
    }
}

impl ToSchema for LanguageCode {}

/// A language the library's texts are written in and a write may send: the five of the interface.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum UiLang {
    En,
    Nl,
    De,
    Da,
    Fr,
}

/// Where an item is in its editorial life.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum WorkflowStatus {
    Draft,
    Review,
    Published,
    Unpublished,
}

/// How far a case has come.
#[derive(ToSchema)]
#[schema(rename_all = "kebab-case")]
#[allow(dead_code)]
pub enum Stage {
    Idea,
    Pilot,
    InUse,
    Stopped,
}

/// What kind of organisation a partner is.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum PartnerKind {
    Municipality,
    Province,
    Region,
    County,
    University,
    Agency,
}

/// Which kind of item a path names.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum ItemDir {
    Cases,
    Magazines,
}

// ---------------------------------------------------------------------------------------------------------
// What the read side answers (built as JSON by the catalog; tests/openapi.rs checks real answers).

/// One language of a case or magazine.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Text {
    title: String,
    summary: String,
    translated_from: Option<LanguageCode>,
    /// `YYYY-MM-DD`
    updated: Option<String>,
    tags: Vec<String>,
    image_alt: Option<String>,
    /// The Markdown as written.
    markdown: String,
    /// Sanitised HTML rendered from the Markdown.
    html: String,
}

/// One language of a case: its words, and the contact and links its readers see (a translation's own,
/// else the source's).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CaseText {
    title: String,
    summary: String,
    translated_from: Option<LanguageCode>,
    updated: Option<String>,
    tags: Vec<String>,
    image_alt: Option<String>,
    markdown: String,
    html: String,
    #[schema(required = false)]
    contact: Option<Contact>,
    #[schema(required = false)]
    links: Vec<Link>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Contact {
    name: String,
    email: String,
    #[schema(value_type = String, required = false)]
    role: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Link {
    title: String,
    url: String,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Image {
    url: String,
    alt: String,
}

/// Per language: the state of its translation.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TranslationStatus {
    /// `current`: follows the source as it is; `outdated`: the source changed since; `missing`: none.
    #[schema(pattern = "^(current|outdated|missing)$")]
    status: String,
    /// True for the case's source language.
    source: bool,
    /// The first 12 hex digits of the SHA-256 of the source file the translation follows.
    source_hash: Option<String>,
    /// The revision of the source file with that hash, where it is stored.
    source_revision: Option<i64>,
}

/// One case in all its languages.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Case {
    slug: String,
    source_language: LanguageCode,
    languages: Vec<LanguageCode>,
    partner: String,
    themes: Vec<String>,
    /// `YYYY-MM-DD`
    published: String,
    stage: Option<Stage>,
    started: Option<i64>,
    cost_eur: Option<i64>,
    contact: Option<Contact>,
    links: Vec<Link>,
    image: Option<Image>,
    /// One entry per language code.
    texts: BTreeMap<String, CaseText>,
    /// Per language code: the state of its translation.
    translations: BTreeMap<String, TranslationStatus>,
    /// The organisations that took the case up, in the order of its `adoptions.toml`.
    adoptions: Vec<Adoption>,
    /// The published cases this one was adapted from (their adoptions name it as the adopter's case).
    adapted_from: Vec<String>,
}

/// Who took a case up: a partner of the library, or any organisation by name and country.
#[derive(ToSchema, serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Organisation {
    Partner {
        /// A partner's slug.
        #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 100)]
        partner: String,
    },
    Named {
        #[schema(min_length = 1, max_length = 200)]
        name: String,
        /// ISO 3166-1 alpha-2, upper case.
        #[schema(pattern = "^[A-Z]{2}$")]
        country: String,
        /// An http(s) address.
        website: Option<String>,
    },
}

/// An adoption as recorded.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Adoption {
    /// The partner's slug, or the organisation's name as a slug with its country (`gemeente-emmen-nl`).
    id: String,
    organisation: Organisation,
    #[schema(pattern = "^(considering|piloting|adopted|adapted|stopped)$")]
    stage: String,
    #[schema(minimum = 1990, maximum = 2100)]
    year: i32,
    /// A short note per language code.
    note: BTreeMap<String, String>,
    /// The adopter's own case in the library, adapted from this one.
    case: Option<String>,
}

/// A new adoption, or a change of the organisation's adoption of the case.
#[derive(ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "organisation": { "name": "Gemeente Emmen", "country": "NL" }, "stage": "piloting", "year": 2024, "note": { "en": "Tried in two villages first." } }))]
#[allow(dead_code)]
pub struct NewAdoption {
    organisation: Organisation,
    /// considering, piloting, adopted, adapted or stopped.
    #[schema(pattern = "^(considering|piloting|adopted|adapted|stopped)$")]
    stage: String,
    #[schema(minimum = 1990, maximum = 2100)]
    year: i32,
    /// At most 600 characters per language code (nl, en, de, da, fr).
    note: Option<BTreeMap<String, String>>,
    /// The adopting partner's own case, adapted from this one.
    case: Option<String>,
}

/// What an adoption write did.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AdoptionWritten {
    /// `added` (201), `updated` or `unchanged` (200).
    #[schema(pattern = "^(added|updated|unchanged)$")]
    outcome: String,
    adoption: Adoption,
}

/// The adoptions of a published case.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AdoptionList {
    case: String,
    /// Organisations piloting, having adopted or adapted the case.
    taken_up: i64,
    /// In how many countries those are.
    countries: i64,
    adoptions: Vec<Adoption>,
    adapted_from: Vec<String>,
}

/// A magazine; `texts` only on `/magazines/{slug}`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Magazine {
    slug: String,
    number: i64,
    published: String,
    source_language: LanguageCode,
    languages: Vec<LanguageCode>,
    title: String,
    summary: String,
    /// Case slugs in the magazine's order.
    cases: Vec<String>,
    cover: Option<String>,
    #[schema(required = false)]
    texts: BTreeMap<String, Text>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MagazineList {
    magazines: Vec<Magazine>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Partner {
    slug: String,
    name: String,
    /// ISO 3166-1 alpha-2
    country: String,
    kind: PartnerKind,
    website: String,
    /// The languages the partner works in: any ISO 639-1 code.
    languages: Vec<LanguageCode>,
    #[schema(value_type = String, required = false)]
    region: Option<String>,
    #[schema(required = false)]
    lead: bool,
    #[schema(required = false)]
    descriptions: BTreeMap<String, String>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PartnerList {
    partners: Vec<Partner>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Theme {
    slug: String,
    /// Per language code.
    names: BTreeMap<String, String>,
    #[schema(required = false)]
    descriptions: BTreeMap<String, String>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ThemeList {
    themes: Vec<Theme>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SearchHit {
    slug: String,
    /// The language of the text shown.
    language: LanguageCode,
    title: String,
    summary: String,
    partner: String,
    country: String,
    themes: Vec<String>,
    stage: Option<Stage>,
    published: String,
    languages: Vec<LanguageCode>,
    /// How many organisations took the case up (piloting, adopted or adapted).
    taken_up: i64,
    /// A passage of the shown text, HTML-escaped, with matched words in `<mark>`.
    snippet: String,
}

/// A magazine whose title, summary or editorial match.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MagazineHit {
    slug: String,
    language: LanguageCode,
    title: String,
    summary: String,
    published: String,
    snippet: String,
}

/// Per facet value: how many cases.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Facets {
    theme: BTreeMap<String, u64>,
    partner: BTreeMap<String, u64>,
    country: BTreeMap<String, u64>,
    language: BTreeMap<String, u64>,
    stage: BTreeMap<String, u64>,
    /// `yes`: cases another organisation took up.
    taken_up: BTreeMap<String, u64>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SearchResult {
    query: String,
    total: u64,
    offset: u64,
    limit: u64,
    took_ms: u64,
    hits: Vec<SearchHit>,
    /// At most 3, only for a first page with words and no filters; not counted in `total` or the facets.
    magazines: Vec<MagazineHit>,
    facets: Facets,
}

// ---------------------------------------------------------------------------------------------------------
// What the write side receives (its answers are the handlers' own types).

/// A new comment.
#[derive(serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({ "body": "We tried this in our town too: it worked." }))]
#[allow(dead_code)]
pub struct NewComment {
    /// Plain text with a small Markdown subset (emphasis, links, lists, quotes); at most 3 links and 4000
    /// characters. An account writes at most 5 comments in 10 minutes (then 429).
    #[schema(max_length = 4000)]
    body: String,
    /// The comment this one answers (a top-level comment: replies go one level deep).
    parent: Option<i64>,
}

/// The OpenAPI document itself.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OpenApiDocument {
    openapi: String,
}
