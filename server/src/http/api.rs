//! The read side of the JSON API (DESIGN §6).

use super::{ApiError, AppState};
use crate::content::markdown;
use crate::store::{CaseRecord, MagazineRecord, StoredText};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{slug}", get(case))
        .route("/magazines", get(magazines))
        .route("/magazines/{slug}", get(magazine))
        .route("/partners", get(partners))
        .route("/themes", get(themes))
        .route("/openapi.json", get(openapi))
        .fallback(unknown)
}

/// The OpenAPI description of this API, kept beside the code it describes.
async fn openapi() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}

async fn unknown() -> ApiError {
    ApiError::NotFound("no such API endpoint".into())
}

fn texts_json(texts: &[StoredText], media_base: &str) -> Value {
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
                "html": markdown::render(&x.body, media_base),
            }),
        );
    }
    Value::Object(map)
}

fn case_json(c: &CaseRecord) -> Value {
    let m = &c.meta;
    json!({
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
        "image": m.image.as_ref().map(|i| json!({ "url": format!("/media/cases/{}/{}", c.slug, i.src), "alt": i.alt })),
        "texts": texts_json(&c.texts, &format!("/media/cases/{}/", c.slug)),
    })
}

fn magazine_json(m: &MagazineRecord, with_texts: bool) -> Value {
    let source = m.text_or_source(m.source_lang);
    let mut v = json!({
        "slug": m.slug,
        "number": m.meta.number,
        "published": m.meta.published,
        "source_language": m.source_lang,
        "languages": m.languages(),
        "title": source.text.title,
        "summary": source.text.summary,
        "cases": m.meta.cases,
        "cover": m.meta.cover.as_ref().map(|c| format!("/media/magazines/{}/{c}", m.slug)),
    });
    if with_texts {
        v["texts"] = texts_json(&m.texts, &format!("/media/magazines/{}/", m.slug));
    }
    v
}

async fn case(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let case = state
        .store
        .case(&slug)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no case `{slug}`")))?;
    Ok(Json(case_json(&case)))
}

async fn magazines(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let list = state.store.magazines().await?;
    Ok(Json(
        json!({ "magazines": list.iter().map(|m| magazine_json(m, false)).collect::<Vec<_>>() }),
    ))
}

async fn magazine(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let m = state
        .store
        .magazine(&slug)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no magazine `{slug}`")))?;
    Ok(Json(magazine_json(&m, true)))
}

async fn partners(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({ "partners": state.store.partners().await? })))
}

async fn themes(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({ "themes": state.store.themes().await? })))
}
