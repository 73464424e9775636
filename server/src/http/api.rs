//! The read side of the JSON API (docs/design.md#json-api), answered by the catalog like the pages, and the one list of
//! the API's routes: the router and its OpenAPI document are both made from it (see `openapi.rs`).

use super::error::ApiPath;
use super::openapi::{self as doc, ApiDoc};
use super::{ApiError, AppState};
use axum::extract::State;
use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::Value;
use std::sync::OnceLock;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every route of the API with its handlers, each handler's `#[utoipa::path]` describing it.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(super::search_api::search))
        .routes(routes!(
            case,
            super::write_api::create_case,
            super::write_api::put_case
        ))
        .routes(routes!(super::write_api::status))
        .routes(routes!(super::adoptions::list, super::adoptions::record))
        .routes(routes!(super::adoptions::remove))
        .routes(routes!(
            super::comments::api_list,
            super::comments::api_post
        ))
        .routes(routes!(super::write_api::upload))
        .routes(routes!(magazines))
        .routes(routes!(
            magazine,
            super::write_api::create_magazine,
            super::write_api::put_magazine
        ))
        .routes(routes!(partners))
        .routes(routes!(themes))
        .routes(routes!(super::linked_data::catalog))
        .routes(routes!(openapi))
}

/// The document as served, made once per process.
static DOCUMENT: OnceLock<String> = OnceLock::new();

/// The OpenAPI document of the API, as JSON.
pub fn document() -> &'static str {
    DOCUMENT.get_or_init(|| doc::finish(routes().into_openapi()))
}

pub fn router() -> Router<AppState> {
    let (router, openapi) = routes().split_for_parts();
    DOCUMENT.get_or_init(|| doc::finish(openapi));
    router
        .fallback(unknown)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

/// The OpenAPI description of this API, generated from its handlers.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "read",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI 3.1 description of /api/v1", body = doc::OpenApiDocument))
)]
async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        document(),
    )
}

async fn unknown() -> ApiError {
    ApiError::NotFound("no such API endpoint".into())
}

#[utoipa::path(
    get,
    path = "/cases/{slug}",
    tag = "read",
    summary = "One published case in all its languages",
    params(("slug" = String, Path, description = "The case's slug", example = "aalborg-citizen-service-chatbot")),
    responses(
        (status = 200, description = "The case", body = doc::Case),
        (status = 400, response = doc::BadRequest),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
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

#[utoipa::path(
    get,
    path = "/magazines",
    tag = "read",
    summary = "Every published magazine, newest first",
    responses(
        (status = 200, description = "The magazines", body = doc::MagazineList),
        (status = 503, response = doc::Unavailable),
    )
)]
async fn magazines(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.catalog.magazines_json().await?))
}

#[utoipa::path(
    get,
    path = "/magazines/{slug}",
    tag = "read",
    summary = "One published magazine with its editorial in every language",
    params(("slug" = String, Path, description = "The magazine's slug", example = "like-data-driven")),
    responses(
        (status = 200, description = "The magazine", body = doc::Magazine),
        (status = 400, response = doc::BadRequest),
        (status = 404, response = doc::NotFound),
        (status = 503, response = doc::Unavailable),
    )
)]
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

#[utoipa::path(
    get,
    path = "/partners",
    tag = "read",
    summary = "Every partner",
    responses(
        (status = 200, description = "The partners", body = doc::PartnerList),
        (status = 503, response = doc::Unavailable),
    )
)]
async fn partners(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.catalog.partners_json().await?))
}

#[utoipa::path(
    get,
    path = "/themes",
    tag = "read",
    summary = "Every theme, with its names in every language",
    responses(
        (status = 200, description = "The themes", body = doc::ThemeList),
        (status = 503, response = doc::Unavailable),
    )
)]
async fn themes(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.catalog.themes_json().await?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_is_openapi_3_1_with_every_error_code() {
        let doc: serde_json::Value = serde_json::from_str(super::document()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        // The limits the document states are the ones the handlers apply.
        assert_eq!(
            doc["components"]["schemas"]["NewComment"]["properties"]["body"]["maxLength"],
            crate::discussion::MAX_CHARS
        );
        let codes = &doc["components"]["schemas"]["ErrorCode"]["enum"];
        for (_, code) in super::ApiError::CODES {
            assert!(
                codes.as_array().unwrap().iter().any(|c| c == code),
                "{code}"
            );
        }
    }
}
