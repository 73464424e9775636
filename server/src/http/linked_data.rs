//! `GET /api/v1/catalog`: the library as a DCAT-AP 3.0 catalogue for metadata portals (docs/linked-data.md),
//! in JSON-LD (the default) or Turtle, chosen by `?format=` or else by the `Accept` header. The page cache
//! keeps each format under its own address: a request whose `Accept` header chooses Turtle is cached as
//! `?format=ttl` (`negotiated_query`, called by `cached.rs`).

use super::openapi as doc;
use super::{ApiError, AppState};
use crate::catalog::linked_data::{CATALOG_PATH, Site};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

pub const JSON_LD: &str = "application/ld+json";
pub const TURTLE: &str = "text/turtle";

/// The two ways the catalogue is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonLd,
    Turtle,
}

impl Format {
    /// The `format` parameter's value, if it is one.
    fn parse(v: &str) -> Option<Format> {
        match v {
            "ttl" | "turtle" => Some(Format::Turtle),
            "jsonld" | "json-ld" => Some(Format::JsonLd),
            _ => None,
        }
    }
}

/// How much an `Accept` header wants `media` (its q-value, by the most specific range that names it).
fn quality(accept: &str, media: &str) -> f32 {
    let (kind, _) = media.split_once('/').unwrap_or((media, ""));
    let mut best: Option<(u8, f32)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let specificity = if name == media {
            3
        } else if name.strip_suffix("/*") == Some(kind) {
            2
        } else if name == "*/*" {
            1
        } else {
            continue;
        };
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, q));
        }
    }
    best.map(|(_, q)| q).unwrap_or(0.0)
}

/// The format an `Accept` header chooses: Turtle only when it wants Turtle more than JSON-LD (or JSON).
pub fn accepted(headers: &HeaderMap) -> Format {
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let accept = accept.join(",");
    let turtle = quality(&accept, TURTLE);
    let json = quality(&accept, JSON_LD).max(quality(&accept, "application/json"));
    if turtle > json {
        Format::Turtle
    } else {
        Format::JsonLd
    }
}

/// For a request of the catalogue that names no format and whose `Accept` header chooses Turtle: its query
/// with `format=ttl`, so that the page cache keeps (and finds) Turtle under an address of its own.
pub fn negotiated_query(path: &str, query: Option<&str>, headers: &HeaderMap) -> Option<String> {
    if path != CATALOG_PATH || accepted(headers) != Format::Turtle {
        return None;
    }
    let query = query.unwrap_or("");
    if query
        .split('&')
        .any(|pair| pair.split('=').next() == Some("format"))
    {
        return None;
    }
    Some(if query.is_empty() {
        "format=ttl".to_string()
    } else {
        format!("{query}&format=ttl")
    })
}

/// Whether a response of this content type depends on the `Accept` header (the page cache says so in
/// `Vary`).
pub fn varies_by_accept(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    media == JSON_LD || media == TURTLE
}

fn bad_format(v: &str) -> ApiError {
    ApiError::BadRequest {
        field: Some("format"),
        message: format!("`format` must be ttl (Turtle) or jsonld (JSON-LD), not `{v}`"),
    }
}

/// The format a request asks for: `?format=`, else its `Accept` header.
fn format_of(raw: Option<&str>, headers: &HeaderMap) -> Result<Format, ApiError> {
    let mut chosen = None;
    for pair in raw.unwrap_or("").split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if app::model::decode_component(k) != "format" {
            continue;
        }
        let v = app::model::decode_component(v);
        if chosen.is_some() {
            return Err(ApiError::BadRequest {
                field: Some("format"),
                message: "`format` is given more than once".into(),
            });
        }
        chosen = Some(Format::parse(&v).ok_or_else(|| bad_format(&v))?);
    }
    Ok(chosen.unwrap_or_else(|| accepted(headers)))
}

/// The catalogue as JSON-LD: its prefixes, and one object per thing it describes (the catalogue, its
/// publishers, the themes, each case's dataset and its distributions), keyed by prefixed property names.
pub struct CatalogJsonLd;

impl PartialSchema for CatalogJsonLd {
    fn schema() -> RefOr<Schema> {
        let node = ObjectBuilder::new()
            .property(
                "@id",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("The IRI of what the object describes")),
            )
            .required("@id")
            .property(
                "@type",
                ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)),
            )
            .additional_properties(Some(AdditionalProperties::FreeForm(true)));
        ObjectBuilder::new()
            .property(
                "@context",
                ObjectBuilder::new()
                    .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .description(Some("Prefix → vocabulary IRI (dcat, dct, foaf, vcard, skos, …)")),
            )
            .required("@context")
            .property("@graph", ArrayBuilder::new().items(node))
            .required("@graph")
            .description(Some(
                "A DCAT-AP 3.0 catalogue in JSON-LD: a dcat:Catalog, a dcat:Dataset per published case \
                 and its dcat:Distributions (the page in each language, the JSON API document)",
            ))
            .into()
    }
}

impl ToSchema for CatalogJsonLd {}

/// The catalogue of the library, for metadata portals.
#[utoipa::path(
    get,
    path = "/catalog",
    tag = "read",
    summary = "The library as a DCAT-AP 3.0 catalogue",
    description = "Every published case as a dcat:Dataset (titles and summaries in each of its languages, \
themes, the partner as publisher, its country, dates), with a dcat:Distribution per language (its page) and one \
for `/api/v1/cases/{slug}` (Markdown source and HTML of every language). JSON-LD by default; Turtle with \
`?format=ttl` or `Accept: text/turtle`. The licence of the content is `LIKEWISE_CONTENT_LICENSE`.",
    params(
        ("format" = Option<String>, Query, pattern = "^(ttl|turtle|jsonld|json-ld)$",
         description = "`ttl` (Turtle) or `jsonld` (JSON-LD); without it the `Accept` header chooses, JSON-LD by default"),
    ),
    responses(
        (status = 200, description = "The catalogue", content(
            (CatalogJsonLd = "application/ld+json"),
            (String = "text/turtle"),
        )),
        (status = 400, response = doc::BadRequest),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
pub async fn catalog(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = format_of(raw.as_deref(), &headers)?;
    let site = Site {
        public_url: &state.config.public_url,
        license: &state.config.content_license,
    };
    let graph = state.catalog.dcat(&site).await?;
    let (content_type, body) = match format {
        Format::JsonLd => (JSON_LD, graph.json_ld()),
        Format::Turtle => ("text/turtle; charset=utf-8", graph.turtle(&site)),
    };
    let length = body.len();
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    // Said up front, so that the page cache passes a catalogue too large to keep straight through.
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_static(v));
        h
    }

    #[test]
    fn turtle_only_when_the_reader_wants_it_more() {
        assert_eq!(accepted(&HeaderMap::new()), Format::JsonLd);
        assert_eq!(accepted(&accept("*/*")), Format::JsonLd);
        assert_eq!(accepted(&accept("text/turtle")), Format::Turtle);
        assert_eq!(
            accepted(&accept("text/turtle;q=0.9, application/ld+json")),
            Format::JsonLd
        );
        assert_eq!(
            accepted(&accept("application/ld+json;q=0.5, text/turtle")),
            Format::Turtle
        );
        assert_eq!(accepted(&accept("text/*, */*;q=0.1")), Format::Turtle);
        assert_eq!(
            accepted(&accept("application/json, text/turtle;q=0.8")),
            Format::JsonLd
        );
        assert_eq!(accepted(&accept("text/html")), Format::JsonLd);
    }

    #[test]
    fn the_cache_keeps_turtle_under_its_own_address() {
        let turtle = accept("text/turtle");
        assert_eq!(
            negotiated_query(CATALOG_PATH, None, &turtle).as_deref(),
            Some("format=ttl")
        );
        assert_eq!(
            negotiated_query(CATALOG_PATH, Some("x=1"), &turtle).as_deref(),
            Some("x=1&format=ttl")
        );
        assert_eq!(
            negotiated_query(CATALOG_PATH, Some("format=jsonld"), &turtle),
            None
        );
        assert_eq!(
            negotiated_query(CATALOG_PATH, None, &HeaderMap::new()),
            None
        );
        assert_eq!(negotiated_query("/api/v1/themes", None, &turtle), None);
    }

    #[test]
    fn the_format_parameter_wins_and_a_bad_one_is_named() {
        let turtle = accept("text/turtle");
        assert_eq!(
            format_of(Some("format=jsonld"), &turtle).unwrap(),
            Format::JsonLd
        );
        assert_eq!(
            format_of(Some("format=ttl"), &HeaderMap::new()).unwrap(),
            Format::Turtle
        );
        assert_eq!(format_of(None, &turtle).unwrap(), Format::Turtle);
        for raw in ["format=xml", "format=ttl&format=ttl"] {
            match format_of(Some(raw), &HeaderMap::new()) {
                Err(ApiError::BadRequest { field, .. }) => assert_eq!(field, Some("format")),
                other => panic!("{raw}: {other:?}"),
            }
        }
    }
}
