//! The read side of the JSON API (DESIGN §6), answered by the catalog like the pages.

use super::error::ApiPath;
use super::{ApiError, AppState};
use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(super::search_api::search))
        .route(
            "/cases/{slug}",
            get(case)
                .post(super::write_api::create_case)
                .put(super::write_api::put_case),
        )
        .route("/{kind}/{slug}/status", post(super::write_api::status))
        .route(
            "/{kind}/{slug}/comments",
            get(super::comments::api_list).post(super::comments::api_post),
        )
        .route("/{kind}/{slug}/files/{name}", put(super::write_api::upload))
        .route("/magazines", get(magazines))
        .route(
            "/magazines/{slug}",
            get(magazine)
                .post(super::write_api::create_magazine)
                .put(super::write_api::put_magazine),
        )
        .route("/partners", get(partners))
        .route("/themes", get(themes))
        .route("/openapi.json", get(openapi))
        .fallback(unknown)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
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

async fn case(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    state
        .catalog
        .case_json(&slug)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no case `{slug}`")))
}

async fn magazines(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.catalog.magazines_json().await?))
}

async fn magazine(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    state
        .catalog
        .magazine_json(&slug)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no magazine `{slug}`")))
}

async fn partners(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.catalog.partners_json().await?))
}

async fn themes(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.catalog.themes_json().await?))
}
