//! Images stored beside cases and magazines. SVG is served with a policy that forbids scripts, so even an
//! SVG opened on its own cannot run anything.

use super::{ApiError, AppState};
use crate::domain::{ItemKind, Status};
use app::account::{Action, Viewer};
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A file of a published item is public; a file of a draft (an image just uploaded) is served only to those
/// who may edit the item, never kept by a cache.
pub async fn serve(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path((kind, slug, name)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let item_kind = match kind.as_str() {
        "cases" => ItemKind::Case,
        "magazines" => ItemKind::Magazine,
        _ => return Err(ApiError::NotFound(format!("no media kind `{kind}`"))),
    };
    let path = format!("{kind}/{slug}/{name}");
    let missing = || ApiError::NotFound(format!("no file `{path}`"));
    let cache_control = match state.store.accounts().item_owner(item_kind, &slug).await? {
        Some((Status::Published, _)) => "public, max-age=3600",
        Some((_, partner)) => {
            let may = viewer.is_some_and(|Extension(v)| match item_kind {
                ItemKind::Case => partner
                    .as_deref()
                    .is_some_and(|p| v.may(&Action::EditCase { partner: p })),
                ItemKind::Magazine => v.may(&Action::EditMagazine {
                    owner: partner.as_deref(),
                }),
            });
            if !may {
                return Err(missing());
            }
            "private, no-store"
        }
        None => return Err(missing()),
    };
    let asset = state.store.asset(&path).await?.ok_or_else(missing)?;
    Ok((
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, cache_control.to_string()),
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
