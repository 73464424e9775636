//! Magazines taken along, over HTTP: an issue's PDF, its offline manifest, QR codes of magazines and cases,
//! the web app manifest, and the scripts that make issues readable offline and turn their pages.

use super::extract::UiLang;
use super::{ApiError, AppState};
use crate::publication::{OfflineManifest, PublicationError};
use app::lang::Lang;
use app::library::LibraryError;
use app::model::ItemKind;
use app::tr;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

impl From<PublicationError> for ApiError {
    fn from(e: PublicationError) -> Self {
        match e {
            PublicationError::Library(e) => ApiError::Library(e),
            PublicationError::Store(e) => e.into(),
            PublicationError::Busy => ApiError::Library(LibraryError::Unavailable),
            PublicationError::Pdf(e) => {
                tracing::error!("issue PDF: {e}");
                ApiError::Library(LibraryError::Unavailable)
            }
        }
    }
}

/// `GET /{lang}/magazines/{slug}/issue.pdf`: the issue typeset, made once per state of its texts.
pub async fn issue_pdf(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Path((_, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let made = state
        .pdfs
        .pdf(
            state.library.as_ref(),
            &state.store,
            &state.config.public_url,
            lang,
            &slug,
        )
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no magazine `{slug}`")))?;
    let etag = format!("\"pdf-{}\"", made.version);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        })
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let file = format!("{slug}-{lang}.pdf");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CACHE_CONTROL, "public, no-cache".to_string()),
            (header::ETAG, etag),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{file}\""),
            ),
        ],
        made.bytes,
    )
        .into_response())
}

/// `GET /{lang}/magazines/{slug}/offline.json`: what the offline copy of the issue holds, and its version.
pub async fn offline_manifest(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let issue = state
        .library
        .issue(lang, &slug)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no magazine `{slug}`")))?;
    let manifest = OfflineManifest::of(&issue, lang, &state.assets.front_end());
    Ok(([(header::CACHE_CONTROL, "no-cache")], axum::Json(manifest)).into_response())
}

/// `GET /{lang}/magazines/{slug}/qr.svg`: a QR code of the magazine's absolute address.
pub async fn magazine_qr(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    qr_of(&state, lang, ItemKind::Magazine, &slug).await
}

/// `GET /{lang}/cases/{slug}/qr.svg`: a QR code of the case's absolute address.
pub async fn case_qr(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    qr_of(&state, lang, ItemKind::Case, &slug).await
}

/// The QR code of a published item's page in `lang`; unknown and unpublished items have none.
async fn qr_of(
    state: &AppState,
    lang: Lang,
    kind: ItemKind,
    slug: &str,
) -> Result<Response, ApiError> {
    let exists = match kind {
        ItemKind::Case => state.library.case(lang, slug).await?.is_some(),
        ItemKind::Magazine => state.library.magazine(lang, slug).await?.is_some(),
    };
    if !exists {
        return Err(ApiError::NotFound(format!("no {} `{slug}`", kind.code())));
    }
    let address = format!("{}/{lang}/{}/{slug}", state.config.public_url, kind.dir());
    let title = format!("{} {address}", tr!(lang, issue_qr_alt));
    let svg = crate::publication::qr::svg(&address, &title)
        .ok_or_else(|| ApiError::NotFound(format!("`{address}` is too long for a QR code")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, no-cache"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            ),
        ],
        svg,
    )
        .into_response())
}

/// `GET /{lang}/manifest.webmanifest`: Likewise as an app on a phone's home screen, in the reader's language.
pub async fn web_manifest(UiLang(lang): UiLang) -> Result<Response, ApiError> {
    let manifest = serde_json::json!({
        "name": format!("{}: {}", tr!(lang, site_name), tr!(lang, nav_magazines)),
        "short_name": tr!(lang, site_name),
        "description": tr!(lang, magazines_intro),
        "lang": lang.code(),
        "dir": "ltr",
        "id": format!("/{lang}/"),
        "start_url": format!("/{lang}/"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            { "src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
            { "src": "/icon-192.png", "sizes": "192x192", "type": "image/png" },
            { "src": "/icon-512.png", "sizes": "512x512", "type": "image/png" }
        ]
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, no-cache"),
        ],
        manifest.to_string(),
    )
        .into_response())
}

/// The service worker must be fetched fresh: browsers check it for updates, and a stale one would keep serving
/// old copies. It may control the whole site from its place at the root.
pub fn service_worker_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}
