//! `GET /api/v1/search` (docs/design.md#json-api): every parameter checked, a bad one a 400 that names it.

use super::{ApiError, AppState};
use crate::domain::{Lang, Stage};
use crate::search::{Facet, Filters, Query, Sort};
use axum::Json;
use axum::extract::{RawQuery, State};
use serde_json::Value;

/// The most hits one request returns.
pub const MAX_LIMIT: usize = 100;
const DEFAULT_LIMIT: usize = 20;
/// The deepest a result list can be paged.
const MAX_OFFSET: usize = 10_000;
/// The longest query read, in characters.
const MAX_QUERY: usize = 200;

fn bad(field: &'static str, message: String) -> ApiError {
    ApiError::BadRequest {
        field: Some(field),
        message,
    }
}

fn is_slug(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 100
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reads the query string into a search. Facet parameters may repeat and may hold several values
/// separated by commas; within a facet any value matches, across facets all must.
pub fn parse(raw: Option<&str>) -> Result<Query, ApiError> {
    let mut query = Query {
        limit: DEFAULT_LIMIT,
        ..Default::default()
    };
    let mut filters = Filters::new();
    let mut seen_q = false;
    for pair in raw.unwrap_or("").split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = app::model::decode_component(k);
        let value = app::model::decode_component(v);
        match key.as_str() {
            "q" => {
                if seen_q {
                    return Err(bad("q", "`q` is given more than once".into()));
                }
                seen_q = true;
                if value.chars().count() > MAX_QUERY {
                    return Err(bad(
                        "q",
                        format!("`q` is longer than {MAX_QUERY} characters"),
                    ));
                }
                query.text = value;
            }
            "limit" => {
                let n: usize = value.parse().map_err(|_| {
                    bad(
                        "limit",
                        format!(
                            "`limit` must be a whole number from 0 to {MAX_LIMIT}, not `{value}`"
                        ),
                    )
                })?;
                query.limit = n.min(MAX_LIMIT);
            }
            "offset" => {
                query.offset = value
                    .parse()
                    .ok()
                    .filter(|n| *n <= MAX_OFFSET)
                    .ok_or_else(|| {
                        bad("offset", format!("`offset` must be a whole number from 0 to {MAX_OFFSET}, not `{value}`"))
                    })?;
            }
            "sort" => {
                query.sort = Sort::parse(&value).ok_or_else(|| {
                    bad(
                        "sort",
                        format!("`sort` must be relevance or taken_up, not `{value}`"),
                    )
                })?;
            }
            "lang" => {
                query.lang = Some(value.parse::<Lang>().map_err(|_| {
                    bad(
                        "lang",
                        format!("`lang` must be one of en, nl, de, da, fr, not `{value}`"),
                    )
                })?);
            }
            other => {
                let Some(facet) = Facet::ALL.iter().find(|f| f.key() == other).copied() else {
                    return Err(ApiError::BadRequest {
                        field: None,
                        message: format!(
                            "unknown parameter `{other}`; known: q, theme, partner, country, language, stage, taken_up, sort, lang, limit, offset"
                        ),
                    });
                };
                for v in value.split(',').map(str::trim) {
                    check(facet, v)?;
                    filters.entry(facet).or_default().push(v.to_string());
                }
            }
        }
    }
    query.filters = filters;
    Ok(query)
}

fn check(facet: Facet, v: &str) -> Result<(), ApiError> {
    let (field, ok, expected) = match facet {
        Facet::Theme => ("theme", is_slug(v), "a theme slug such as `chatbots`"),
        Facet::Partner => ("partner", is_slug(v), "a partner slug such as `groningen`"),
        Facet::Country => (
            "country",
            v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()),
            "an ISO 3166-1 country code such as `NL`",
        ),
        Facet::Language => (
            "language",
            v.parse::<Lang>().is_ok(),
            "one of en, nl, de, da, fr",
        ),
        Facet::Stage => (
            "stage",
            Stage::parse(v).is_some(),
            "one of idea, pilot, in-use, stopped",
        ),
        Facet::TakenUp => ("taken_up", v == "yes", "`yes`"),
    };
    if ok {
        Ok(())
    } else {
        Err(bad(
            field,
            format!("`{field}` must be {expected}, not `{v}`"),
        ))
    }
}

/// `GET /api/v1/search`.
#[utoipa::path(
    get,
    path = "/search",
    tag = "read",
    summary = "Search published cases",
    description = "Words in any of the five languages, with facets. A facet parameter may repeat and may hold several values separated by commas: within a facet any value matches, across facets all must. Any other parameter is a 400 that names it.",
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "Words to find; at most 200 characters; given once"),
        ("theme" = Option<String>, Query, pattern = "^[a-z0-9-]{1,100}(,[a-z0-9-]{1,100})*$", description = "Theme slugs, comma-separated"),
        ("partner" = Option<String>, Query, pattern = "^[a-z0-9-]{1,100}(,[a-z0-9-]{1,100})*$", description = "Partner slugs, comma-separated"),
        ("country" = Option<String>, Query, pattern = "^[A-Z]{2}(,[A-Z]{2})*$", description = "ISO 3166-1 country codes, comma-separated"),
        ("language" = Option<String>, Query, pattern = "^(en|nl|de|da|fr)(,(en|nl|de|da|fr))*$", description = "Languages the case is written in (en, nl, de, da, fr), comma-separated"),
        ("stage" = Option<String>, Query, pattern = "^(idea|pilot|in-use|stopped)(,(idea|pilot|in-use|stopped))*$", description = "Stages, comma-separated"),
        ("taken_up" = Option<String>, Query, pattern = "^yes$", description = "`yes`: only cases another organisation took up (piloting, adopted or adapted)"),
        ("sort" = Option<String>, Query, pattern = "^(relevance|taken_up)$", description = "`relevance` (default: best match first, newest first without words) or `taken_up` (the case most organisations took up first)"),
        ("lang" = Option<super::openapi::UiLang>, Query, description = "The reader's language: hits are shown in it where a case has it"),
        ("limit" = Option<u64>, Query, minimum = 0, description = "Hits per page (default 20; more than 100 is read as 100)"),
        ("offset" = Option<u32>, Query, minimum = 0, maximum = 10000, description = "Hits to skip"),
    ),
    responses(
        (status = 200, description = "The hits, facet counts and matching magazines", body = super::openapi::SearchResult),
        (status = 400, response = super::openapi::BadRequest),
        (status = 503, response = super::openapi::Unavailable),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = parse(raw.as_deref())?;
    Ok(Json(state.catalog.search_json(&query).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(raw: &str) -> Option<&'static str> {
        match parse(Some(raw)) {
            Err(ApiError::BadRequest { field, .. }) => field,
            other => panic!("{raw}: expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn every_bad_parameter_is_named() {
        assert_eq!(field("limit=ten"), Some("limit"));
        assert_eq!(field("limit=-1"), Some("limit"));
        assert_eq!(field("offset=x"), Some("offset"));
        assert_eq!(field("offset=99999999"), Some("offset"));
        assert_eq!(field("country=nl"), Some("country"));
        assert_eq!(field("language=sv"), Some("language"));
        assert_eq!(field("stage=done"), Some("stage"));
        assert_eq!(field("theme=Not%20A%20Slug"), Some("theme"));
        assert_eq!(field("partner="), Some("partner"));
        assert_eq!(field("lang=xx"), Some("lang"));
        assert_eq!(field("sort=random"), Some("sort"));
        assert_eq!(field("taken_up=no"), Some("taken_up"));
        assert_eq!(field(&format!("q={}", "a".repeat(201))), Some("q"));
        assert!(matches!(
            parse(Some("colour=red")),
            Err(ApiError::BadRequest { field: None, .. })
        ));
    }

    #[test]
    fn limit_is_capped_and_facets_take_several_values() {
        let q = parse(Some(
            "q=smart+parking&limit=500&theme=iot,mobility&theme=data&country=NL",
        ))
        .unwrap();
        assert_eq!(q.limit, MAX_LIMIT);
        assert_eq!(q.text, "smart parking");
        assert_eq!(q.filters[&Facet::Theme], vec!["iot", "mobility", "data"]);
        assert_eq!(q.filters[&Facet::Country], vec!["NL"]);
        assert_eq!(parse(None).unwrap().limit, DEFAULT_LIMIT);
    }
}
