//! Images stored beside cases and magazines. SVG is served with a policy that forbids scripts, so even an
//! SVG opened on its own cannot run anything.

use super::{ApiError, AppState};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn serve(
    State(state): State<AppState>,
    Path((kind, slug, name)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    if kind != "cases" && kind != "magazines" {
        return Err(ApiError::NotFound(format!("no media kind `{kind}`")));
    }
    let path = format!("{kind}/{slug}/{name}");
    let asset = state
        .store
        .asset(&path)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no file `{path}`")))?;
    Ok((
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_string(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        asset.bytes,
    )
        .into_response())
}
