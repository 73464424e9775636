//! The write side of the JSON API, for partners' own systems: case and magazine files in the content
//! format (docs/design.md#content-format) by `POST` (create) and `PUT` (create or replace), workflow moves, and image uploads.
//! Every call names its caller with a personal API token (`Authorization: Bearer lw_…`) or a session, and
//! is allowed exactly where docs/design.md#roles says.

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
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

/// The query of a file write.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// The language of the file; or send `Content-Language`. One of these is required.
    #[param(value_type = Option<super::openapi::UiLang>, example = "en")]
    lang: Option<String>,
    /// A note kept with the revision.
    note: Option<String>,
    /// For an admin creating a case of another partner than the file names (rarely needed).
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

/// What a file write did. (Fields in alphabetical order, as the JSON has always had them.)
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Saved)]
pub struct SavedAnswer {
    /// `case` or `magazine`.
    #[schema(pattern = "^(case|magazine)$")]
    kind: &'static str,
    #[schema(value_type = super::openapi::UiLang)]
    lang: &'static str,
    /// `added` (201), `updated` or `unchanged` (200).
    #[schema(pattern = "^(added|updated|unchanged)$")]
    outcome: &'static str,
    slug: String,
    /// The item's status after the write.
    #[schema(value_type = super::openapi::WorkflowStatus)]
    status: &'static str,
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
        Json(SavedAnswer {
            kind: kind.code(),
            slug: slug.to_string(),
            lang: lang.code(),
            outcome,
            status: saved.status.code(),
        }),
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

/// A translation of a case, as the OpenAPI document shows a write (`?lang=en`).
const CASE_EXAMPLE: &str = "+++\ntitle = \"A chatbot for Citizen Services in Aalborg\"\nsummary = \"Aalborg Kommune has tested a chatbot on its website.\"\ntranslated_from = \"da\"\ntags = [\"chatbot\"]\n+++\n\nThe chatbot answers questions about passports, driving licences and moving house.\n";

/// A magazine's source file, as the OpenAPI document shows a write (`?lang=en`).
const MAGAZINE_EXAMPLE: &str = "+++\ntitle = \"Data-driven: dashboards made with their users\"\nnumber = 2\npublished = 2018-12-06\nsummary = \"Councils hold a lot of data.\"\ncases = [\"groningen-neighbourhood-dashboard\"]\n+++\n\nThis issue shows how partners made that data useful for residents.\n";

/// Reads a file write's request and saves it.
async fn file_write(
    state: AppState,
    slug: String,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
    kind: ItemKind,
    mode: SaveMode,
) -> Result<Response, ApiError> {
    let Query(query) = query?;
    let viewer = caller(request.extensions())?;
    let headers = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), MAX_TEXT + 1)
        .await
        .map_err(|_| ApiError::TooLarge("the file is over the 1 MiB limit".into()))?;
    save(&state, &viewer, kind, &slug, query, &headers, &body, mode).await
}

/// `POST /api/v1/cases/{slug}`.
#[utoipa::path(
    post,
    path = "/cases/{slug}",
    tag = "write",
    summary = "Create a case (its source file) or add a translation",
    description = "A new case starts as a draft. Editors of the case's partner and admins; translators for translations. An existing language is a 409: use PUT to replace it.",
    security(("token" = [])),
    params(
        ("slug" = String, Path, description = "The case's slug: lower-case letters, digits and single hyphens", example = "aalborg-citizen-service-chatbot"),
        FileQuery,
        ("Content-Language" = Option<super::openapi::UiLang>, Header, description = "The language of the file, when `lang` is not given"),
    ),
    request_body(
        description = "One file of the content format: TOML (`+++`) or YAML (`---`) front matter and a Markdown body, at most 1 MiB of UTF-8. A source file has no `translated_from`; a translation names its source's language.",
        content((String = "text/markdown", example = json!(CASE_EXAMPLE)), (String = "text/plain", example = json!(CASE_EXAMPLE))),
    ),
    responses(
        (status = 200, description = "Unchanged", body = SavedAnswer),
        (status = 201, description = "The case or translation was created", body = SavedAnswer),
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
pub async fn create_case(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    file_write(
        state,
        slug,
        query,
        request,
        ItemKind::Case,
        SaveMode::Create,
    )
    .await
}

/// `PUT /api/v1/cases/{slug}`.
#[utoipa::path(
    put,
    path = "/cases/{slug}",
    tag = "write",
    summary = "Create or replace one language of a case",
    description = "The same rules as POST, but an existing language is replaced (a new revision; a published case stays published).",
    security(("token" = [])),
    params(
        ("slug" = String, Path, description = "The case's slug: lower-case letters, digits and single hyphens", example = "aalborg-citizen-service-chatbot"),
        FileQuery,
        ("Content-Language" = Option<super::openapi::UiLang>, Header, description = "The language of the file, when `lang` is not given"),
    ),
    request_body(
        description = "One file of the content format: front matter and a Markdown body, at most 1 MiB of UTF-8.",
        content((String = "text/markdown", example = json!(CASE_EXAMPLE)), (String = "text/plain", example = json!(CASE_EXAMPLE))),
    ),
    responses(
        (status = 200, description = "Updated or unchanged", body = SavedAnswer),
        (status = 201, description = "The case or translation was created", body = SavedAnswer),
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
pub async fn put_case(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    file_write(
        state,
        slug,
        query,
        request,
        ItemKind::Case,
        SaveMode::Upsert,
    )
    .await
}

/// `POST /api/v1/magazines/{slug}`.
#[utoipa::path(
    post,
    path = "/magazines/{slug}",
    tag = "write",
    summary = "Create a magazine (its source file) or add a translation",
    description = "Admins; translators for translations. An existing language is a 409: use PUT to replace it.",
    security(("token" = [])),
    params(
        ("slug" = String, Path, description = "The magazine's slug: lower-case letters, digits and single hyphens", example = "like-data-driven"),
        FileQuery,
        ("Content-Language" = Option<super::openapi::UiLang>, Header, description = "The language of the file, when `lang` is not given"),
    ),
    request_body(
        description = "One file of the content format: front matter and a Markdown editorial, at most 1 MiB of UTF-8.",
        content((String = "text/markdown", example = json!(MAGAZINE_EXAMPLE)), (String = "text/plain", example = json!(MAGAZINE_EXAMPLE))),
    ),
    responses(
        (status = 200, description = "Unchanged", body = SavedAnswer),
        (status = 201, description = "The magazine or translation was created", body = SavedAnswer),
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
pub async fn create_magazine(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    file_write(
        state,
        slug,
        query,
        request,
        ItemKind::Magazine,
        SaveMode::Create,
    )
    .await
}

/// `PUT /api/v1/magazines/{slug}`.
#[utoipa::path(
    put,
    path = "/magazines/{slug}",
    tag = "write",
    summary = "Create or replace one language of a magazine",
    security(("token" = [])),
    params(
        ("slug" = String, Path, description = "The magazine's slug: lower-case letters, digits and single hyphens", example = "like-data-driven"),
        FileQuery,
        ("Content-Language" = Option<super::openapi::UiLang>, Header, description = "The language of the file, when `lang` is not given"),
    ),
    request_body(
        description = "One file of the content format: front matter and a Markdown editorial, at most 1 MiB of UTF-8.",
        content((String = "text/markdown", example = json!(MAGAZINE_EXAMPLE)), (String = "text/plain", example = json!(MAGAZINE_EXAMPLE))),
    ),
    responses(
        (status = 200, description = "Updated or unchanged", body = SavedAnswer),
        (status = 201, description = "The magazine or translation was created", body = SavedAnswer),
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
pub async fn put_magazine(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    file_write(
        state,
        slug,
        query,
        request,
        ItemKind::Magazine,
        SaveMode::Upsert,
    )
    .await
}

/// A workflow move: `{ "status", "note"? }`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({ "status": "review", "note": "Ready for a second look." }))]
#[serde(deny_unknown_fields)]
pub struct Move {
    #[schema(value_type = super::openapi::WorkflowStatus)]
    status: String,
    /// Why; required when sending an item back from review to draft.
    #[schema(value_type = String, required = false)]
    note: Option<String>,
}

/// Where an item is after a move.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Moved)]
pub struct MovedAnswer {
    slug: String,
    #[schema(value_type = super::openapi::WorkflowStatus)]
    status: &'static str,
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
    Ok(Json(MovedAnswer {
        slug: slug.to_string(),
        status: status.code(),
    })
    .into_response())
}

/// `POST /api/v1/{cases|magazines}/{slug}/status`.
#[utoipa::path(
    post,
    path = "/{kind}/{slug}/status",
    tag = "write",
    summary = "Move a case or magazine in its workflow",
    description = "draft → review (its editors), review → published or draft (admins; back to draft needs a note), published → unpublished and back (admins). A move its status does not allow is a 409.",
    security(("token" = [])),
    params(
        ("kind" = super::openapi::ItemDir, Path, description = "`cases` or `magazines`"),
        ("slug" = String, Path, description = "The item's slug", example = "aalborg-citizen-service-chatbot"),
    ),
    request_body(content = Move, content_type = "application/json"),
    responses(
        (status = 200, description = "Moved", body = MovedAnswer),
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

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// For an admin: the partner of a case not yet stored.
    partner: Option<String>,
}

/// Where an upload was stored.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Uploaded)]
pub struct UploadedAnswer {
    /// The stored file's name, as the item's front matter names it.
    name: String,
    /// `{cases|magazines}/{slug}/{name}`
    path: String,
}

/// `PUT /api/v1/{cases|magazines}/{slug}/files/{name}`: an image beside an item, its bytes as the body.
#[utoipa::path(
    put,
    path = "/{kind}/{slug}/files/{name}",
    tag = "write",
    summary = "Upload an image beside a case or magazine",
    description = "PNG, JPEG, WebP, GIF or SVG (cleaned), at most 5 MiB. Editors of the item's partner and admins.",
    security(("token" = [])),
    params(
        ("kind" = super::openapi::ItemDir, Path, description = "`cases` or `magazines`"),
        ("slug" = String, Path, description = "The item's slug", example = "aalborg-citizen-service-chatbot"),
        ("name" = String, Path, description = "The file's name", example = "photo.png"),
        UploadQuery,
    ),
    request_body(description = "The file's bytes", content((Vec<u8> = "application/octet-stream"))),
    responses(
        (status = 201, description = "Stored", body = UploadedAnswer),
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
        Json(UploadedAnswer {
            path: format!("{}/{slug}/{stored}", kind.dir()),
            name: stored,
        }),
    )
        .into_response())
}
