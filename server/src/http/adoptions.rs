//! `/api/v1/cases/{slug}/adoptions`: who took a case up. Reading is public (published cases); recording and
//! removing follow `Action::RecordAdoption`, decided in `editorial::adoptions`.

use super::error::ApiPath;
use super::write_api::caller;
use super::{ApiError, AppState};
use crate::store::Outcome;
use axum::Json;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

/// The largest adoption request read.
const MAX_BODY: usize = 16 * 1024;

/// A note kept with the revision of the case's `adoptions.toml`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WriteQuery {
    /// Kept with the revision.
    #[param(max_length = 500)]
    note: Option<String>,
}

fn revision_note(
    q: Result<Query<WriteQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Option<String>, ApiError> {
    let Query(q) = q?;
    match q.note {
        Some(n) if n.chars().count() > 500 => Err(ApiError::BadRequest {
            field: Some("note"),
            message: "`note` is longer than 500 characters".into(),
        }),
        n => Ok(n.filter(|n| !n.trim().is_empty())),
    }
}

#[utoipa::path(
    get,
    path = "/cases/{slug}/adoptions",
    tag = "read",
    summary = "The organisations that took a published case up",
    params(("slug" = String, Path, description = "The case's slug", example = "groningen-neighbourhood-dashboard")),
    responses(
        (status = 200, description = "Its adoptions and the cases it was adapted from", body = super::openapi::AdoptionList),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = super::openapi::NotFound),
        (status = 503, response = super::openapi::Unavailable),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    state
        .catalog
        .adoptions_json(&slug)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("there is no published case `{slug}`")))
}

#[utoipa::path(
    post,
    path = "/cases/{slug}/adoptions",
    tag = "write",
    summary = "Record that an organisation took a case up, or change its stage, year or note",
    description = "One adoption per organisation and case: recording the same organisation again updates it. An editor records adoptions of their own partner's cases (by anyone) and their own partner's adoptions of any case; an admin any. A refused field is a 422 that names it (`organisation.country`, `stage`, `year`, `note.en`, `case`).",
    security(("token" = [])),
    params(
        ("slug" = String, Path, description = "The case's slug", example = "groningen-neighbourhood-dashboard"),
        WriteQuery,
    ),
    request_body(content = super::openapi::NewAdoption, content_type = "application/json"),
    responses(
        (status = 200, description = "The organisation's adoption was updated (or was already so)", body = super::openapi::AdoptionWritten),
        (status = 201, description = "Recorded", body = super::openapi::AdoptionWritten),
        (status = 400, response = super::openapi::BadRequest),
        (status = 401, response = super::openapi::Unauthorized),
        (status = 403, response = super::openapi::Forbidden),
        (status = 404, response = super::openapi::NotFound),
        (status = 409, response = super::openapi::Conflict),
        (status = 413, response = super::openapi::TooLarge),
        (status = 422, response = super::openapi::Invalid),
        (status = 503, response = super::openapi::Unavailable),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<WriteQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    let viewer = caller(request.extensions())?;
    let note = revision_note(query)?;
    let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY)
        .await
        .map_err(|_| ApiError::TooLarge(format!("an adoption has at most {MAX_BODY} bytes")))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| ApiError::BadRequest {
        field: Some("body"),
        message: format!(
            "the request must be JSON such as {{\"organisation\": {{\"partner\": \"drenthe\"}}, \"stage\": \"adopted\", \"year\": 2024}}: {e}"
        ),
    })?;
    let adoption = crate::content::adoptions::from_json(&value).map_err(|r| ApiError::Invalid {
        field: Some(r.key).filter(|k| !k.is_empty()),
        line: None,
        message: r.message,
    })?;
    let outcome = state
        .editorial
        .record_adoption(&viewer, &slug, adoption.clone(), note)
        .await?;
    let (status, word) = match outcome {
        Outcome::Added => (StatusCode::CREATED, "added"),
        Outcome::Updated => (StatusCode::OK, "updated"),
        Outcome::Unchanged => (StatusCode::OK, "unchanged"),
    };
    Ok((
        status,
        Json(json!({ "outcome": word, "adoption": adoption.to_json() })),
    )
        .into_response())
}

#[utoipa::path(
    delete,
    path = "/cases/{slug}/adoptions/{id}",
    tag = "write",
    summary = "Remove an organisation's adoption of a case",
    description = "Allowed to whoever may record it (see POST). The removal is a revision of the case's adoptions.toml, so its history keeps it.",
    security(("token" = [])),
    params(
        ("slug" = String, Path, description = "The case's slug", example = "groningen-neighbourhood-dashboard"),
        ("id" = String, Path, description = "The adoption's id: a partner's slug, or the organisation's name as a slug with its country", example = "gemeente-emmen-nl"),
        WriteQuery,
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, response = super::openapi::BadRequest),
        (status = 401, response = super::openapi::Unauthorized),
        (status = 403, response = super::openapi::Forbidden),
        (status = 404, response = super::openapi::NotFound),
        (status = 409, response = super::openapi::Conflict),
        (status = 503, response = super::openapi::Unavailable),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    ApiPath((slug, id)): ApiPath<(String, String)>,
    query: Result<Query<WriteQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<StatusCode, ApiError> {
    let viewer = caller(request.extensions())?;
    let note = revision_note(query)?;
    state
        .editorial
        .remove_adoption(&viewer, &slug, &id, note)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
