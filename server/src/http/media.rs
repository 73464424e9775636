//! Images stored beside cases and magazines. SVG is served with a policy that forbids scripts, so even an
//! SVG opened on its own cannot run anything.

use super::{ApiError, AppState};
use crate::domain::{ItemKind, Status};
use crate::editorial::Editorial;
use app::account::Viewer;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A file of a published item is public; a file of an item readers cannot see (an image uploaded to a draft)
/// is served only to those who may open the item on the desk (its editors, translators of its partner), never
/// kept by a cache. Browsers ask again before reusing a file, so one withdrawn stops showing at once.
pub async fn serve(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path((kind, slug, name)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let item_kind = ItemKind::from_dir(&kind)
        .ok_or_else(|| ApiError::NotFound(format!("no media kind `{kind}`")))?;
    let path = format!("{kind}/{slug}/{name}");
    let missing = || ApiError::NotFound(format!("no file `{path}`"));
    let owner = state.store.accounts().item_owner(item_kind, &slug).await?;
    let cache_control = if matches!(owner, Some((Status::Published, _))) {
        "public, no-cache"
    } else {
        let may = match (viewer, &owner) {
            (None, _) => false,
            (Some(Extension(v)), Some((_, partner))) => {
                Editorial::may_open_owned(&v, item_kind, partner.as_deref())
            }
            // Uploaded beside an item not created yet: its uploader's partner's alone until then.
            (Some(Extension(v)), None) => {
                let partner = state.store.asset_owner(&path).await?;
                Editorial::may_open_owned(&v, item_kind, partner.as_deref())
                    && (partner.is_some() || v.is_admin())
            }
        };
        if !may {
            return Err(missing());
        }
        "private, no-store"
    };
    let asset = match state.store.asset(&path).await? {
        Some(asset) => asset,
        // A picture narrower than a copy's width has no such copy: the address serves the picture itself.
        None => match crate::domain::picture_copies::original_of(&name) {
            Some((original, _)) => state
                .store
                .asset(&format!("{kind}/{slug}/{original}"))
                .await?
                .ok_or_else(missing)?,
            None => return Err(missing()),
        },
    };
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
