//! What a server does with its store before it serves: fill an empty store from the bundled content, and
//! bring every stored text's HTML up to the current Markdown renderer.

use super::import;
use crate::content::markdown;
use crate::store::{SharedStore, Store, StoreError};
use std::path::Path;

/// Imports the bundled content when the store holds nothing yet, so a fresh start shows a library.
pub async fn seed_if_empty(
    store: &SharedStore,
    content: &Path,
) -> Result<Option<import::Report>, import::ImportError> {
    if !store.read().await?.partners().await?.is_empty() || !content.is_dir() {
        return Ok(None);
    }
    let report = import::import_dir(&**store, content, &mut |_| {}).await?;
    for line in report.rejected() {
        tracing::warn!("bundled content: {line}");
    }
    Ok(Some(report))
}

/// Renders anew every stored text whose HTML an older renderer made; returns how many. Each text is its own
/// write, logged in the change log, so caches and search follow as with any edit.
pub async fn rerender_stale(store: &dyn Store) -> Result<usize, StoreError> {
    let mut done = 0;
    loop {
        let stale = store.stale_texts(markdown::RENDERER, 500).await?;
        if stale.is_empty() {
            return Ok(done);
        }
        for t in &stale {
            let html = markdown::render(&t.body, &t.kind.media_base(&t.slug));
            store
                .put_html(t.kind, &t.slug, t.lang, &html, markdown::RENDERER)
                .await?;
        }
        done += stale.len();
    }
}
