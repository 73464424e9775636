//! The write side of the JSON API, for partners' own systems: case and magazine files in the content
//! format (DESIGN §4) by `POST` (create) and `PUT` (create or replace), workflow moves, and image uploads.
//! Every call names its caller with a personal API token (`Authorization: Bearer lw_…`) or a session, and
//! is allowed exactly where DESIGN §8 says.

use super::error::ApiPath;
use super::session::BadToken;
use super::{ApiError, AppState};
use crate::domain::{ItemKind, Lang, Status};
use crate::editorial::{SaveMode, Saved};
use crate::store::Outcome;
use app::account::Viewer;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

/// The largest file a write may send (the import's limit for a file of a content tree).
pub const MAX_TEXT: usize = crate::content::MAX_FILE_BYTES as usize;

/// The caller, or the API's 401.
pub fn caller(extensions: &axum::http::Extensions) -> Result<Viewer, ApiError> {
    if extensions.get::<BadToken>().is_some() {
        return Err(ApiError::Unauthorized(
            "the API token is not valid (revoked, mistyped or of a disabled account)",
        ));
    }
    extensions
        .get::<Viewer>()
        .cloned()
        .ok_or(ApiError::Unauthorized(
            "sign in or send a personal API token: Authorization: Bearer lw_…",
        ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileQuery {
    lang: Option<String>,
    note: Option<String>,
    partner: Option<String>,
}

fn lang_of(query: &FileQuery, headers: &HeaderMap) -> Result<Lang, ApiError> {
    let code = query
        .lang
        .clone()
        .or_else(|| {
            headers
                .get(header::CONTENT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_ascii_lowercase())
        })
        .ok_or(ApiError::BadRequest {
            field: Some("lang"),
            message: "say which language the file is in: ?lang=en (or a Content-Language header)"
                .into(),
        })?;
    code.parse().map_err(|_| ApiError::BadRequest {
        field: Some("lang"),
        message: format!("`{code}` is not one of nl, en, de, da, fr"),
    })
}

fn text_of(body: &Bytes) -> Result<&str, ApiError> {
    if body.len() > MAX_TEXT {
        return Err(ApiError::TooLarge(format!(
            "the file is {} bytes, over the 1 MiB limit",
            body.len()
        )));
    }
    std::str::from_utf8(body).map_err(|e| ApiError::Invalid {
        field: None,
        line: None,
        message: format!(
            "the file is not valid UTF-8 text (at byte {})",
            e.valid_up_to()
        ),
    })
}

fn answer(kind: ItemKind, slug: &str, lang: Lang, saved: Saved) -> Response {
    let status = if saved.outcome == Outcome::Added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let outcome = match saved.outcome {
        Outcome::Added => "added",
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
    };
    (
        status,
        Json(json!({
            "kind": kind.dir().trim_end_matches('s'),
            "slug": slug,
            "lang": lang.code(),
            "outcome": outcome,
            "status": saved.status.code(),
        })),
    )
        .into_response()
}

#[allow(clippy::too_many_arguments)]
async fn save(
    state: &AppState,
    viewer: &Viewer,
    kind: ItemKind,
    slug: &str,
    query: FileQuery,
    headers: &HeaderMap,
    body: &Bytes,
    mode: SaveMode,
) -> Result<Response, ApiError> {
    let lang = lang_of(&query, headers)?;
    let raw = text_of(body)?;
    let saved = state
        .editorial
        .save(
            viewer,
            kind,
            slug,
            lang,
            raw,
            query.note,
            mode,
            query.partner,
        )
        .await?;
    Ok(answer(kind, slug, lang, saved))
}

macro_rules! file_handler {
    ($name:ident, $kind:expr, $mode:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            ApiPath(slug): ApiPath<String>,
            query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
            request: axum::extract::Request,
        ) -> Result<Response, ApiError> {
            let Query(query) = query?;
            let viewer = caller(request.extensions())?;
            let headers = request.headers().clone();
            let body = axum::body::to_bytes(request.into_body(), MAX_TEXT + 1)
                .await
                .map_err(|_| ApiError::TooLarge("the file is over the 1 MiB limit".into()))?;
            save(&state, &viewer, $kind, &slug, query, &headers, &body, $mode).await
        }
    };
}

file_handler!(create_case, ItemKind::Case, SaveMode::Create);
file_handler!(put_case, ItemKind::Case, SaveMode::Upsert);
file_handler!(create_magazine, ItemKind::Magazine, SaveMode::Create);
file_handler!(put_magazine, ItemKind::Magazine, SaveMode::Upsert);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    status: String,
    note: Option<String>,
}

async fn transition(
    state: &AppState,
    extensions: &axum::http::Extensions,
    kind: ItemKind,
    slug: &str,
    body: &Bytes,
) -> Result<Response, ApiError> {
    let viewer = caller(extensions)?;
    let m: Move = serde_json::from_slice(body).map_err(|e| ApiError::BadRequest {
        field: Some("body"),
        message: format!("expected {{\"status\": \"review\", \"note\": \"…\"}}: {e}"),
    })?;
    let to = Status::parse(&m.status).ok_or(ApiError::BadRequest {
        field: Some("status"),
        message: format!(
            "`{}` is not one of draft, review, published, unpublished",
            m.status
        ),
    })?;
    let status = state
        .editorial
        .transition(&viewer, kind, slug, to, m.note)
        .await?;
    Ok(Json(json!({ "slug": slug, "status": status.code() })).into_response())
}

/// `POST /api/v1/{cases|magazines}/{slug}/status`.
pub async fn status(
    State(state): State<AppState>,
    ApiPath((kind, slug)): ApiPath<(String, String)>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let kind = ItemKind::from_dir(&kind)
        .ok_or_else(|| ApiError::NotFound("no such API endpoint".into()))?;
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map_err(|_| ApiError::TooLarge("the body is over 64 KiB".into()))?;
    transition(&state, &parts.extensions, kind, &slug, &body).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    partner: Option<String>,
}

/// `PUT /api/v1/{cases|magazines}/{slug}/files/{name}`: an image beside an item, its bytes as the body.
pub async fn upload(
    State(state): State<AppState>,
    ApiPath((kind, slug, name)): ApiPath<(String, String, String)>,
    query: Result<Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let Query(query) = query?;
    let kind = ItemKind::from_dir(&kind)
        .ok_or_else(|| ApiError::NotFound("no such API endpoint".into()))?;
    let viewer = caller(request.extensions())?;
    let limit = crate::editorial::upload::MAX_BYTES;
    let body = axum::body::to_bytes(request.into_body(), limit + 1)
        .await
        .map_err(|_| {
            ApiError::TooLarge(format!(
                "the file is over the {} MiB limit",
                limit / 1024 / 1024
            ))
        })?;
    if body.len() > limit {
        return Err(ApiError::TooLarge(format!(
            "the file is over the {} MiB limit",
            limit / 1024 / 1024
        )));
    }
    let stored = state
        .editorial
        .upload(
            &viewer,
            kind,
            &slug,
            query.partner.as_deref(),
            &name,
            body.to_vec(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "path": format!("{}/{slug}/{stored}", kind.dir()), "name": stored })),
    )
        .into_response())
}
