//! Page views, counted without cookies or personal data (the accessibility statement's privacy section):
//! one counter per case or magazine page and day, in memory, added to the store every minute and when the
//! instance stops. Only answered pages count (a 200 for a published item), so a made-up address adds
//! nothing; a browser's prefetch does not count as a reader.

use super::AppState;
use crate::domain::ItemKind;
use crate::store::SharedStore;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// How often an instance adds its counts to the store.
pub const FLUSH_EVERY: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct PageViews {
    counts: Mutex<HashMap<(ItemKind, String, String), i64>>,
}

impl PageViews {
    fn add(&self, kind: ItemKind, slug: &str) {
        let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
        *self
            .counts
            .lock()
            .expect("views lock")
            .entry((kind, slug.to_string(), day))
            .or_default() += 1;
    }

    /// Adds what was counted since the last time to the store; kept for the next time if the store fails.
    pub async fn flush(&self, store: &SharedStore) {
        let taken: Vec<(ItemKind, String, String, i64)> = {
            let mut counts = self.counts.lock().expect("views lock");
            std::mem::take(&mut *counts)
                .into_iter()
                .map(|((k, s, d), n)| (k, s, d, n))
                .collect()
        };
        if taken.is_empty() {
            return;
        }
        if let Err(e) = store.add_page_views(&taken).await {
            tracing::warn!("page views: {e}; kept for the next minute");
            let mut counts = self.counts.lock().expect("views lock");
            for (k, s, d, n) in taken {
                *counts.entry((k, s, d)).or_default() += n;
            }
        }
    }

    /// Flushes every [`FLUSH_EVERY`] until the process ends.
    pub async fn run(self: std::sync::Arc<Self>, store: SharedStore) {
        loop {
            tokio::time::sleep(FLUSH_EVERY).await;
            self.flush(&store).await;
        }
    }
}

/// The item a reader's page is of: `/{lang}/cases/{slug}`, `/{lang}/magazines/{slug}`, and a case read in
/// its issue, `/{lang}/magazines/{magazine}/{case}` (a view of the case).
fn item_of(path: &str) -> Option<(ItemKind, &str)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let lang = parts.next()?;
    if lang.parse::<crate::domain::Lang>().is_err() {
        return None;
    }
    let item = match (parts.next()?, parts.next()?, parts.next()) {
        ("cases", slug, None) => (ItemKind::Case, slug),
        ("magazines", slug, None) => (ItemKind::Magazine, slug),
        ("magazines", _, Some(case))
            if !matches!(
                case,
                "print" | "card" | "issue.pdf" | "offline.json" | "qr.svg" | "comments.atom"
            ) =>
        {
            (ItemKind::Case, case)
        }
        _ => return None,
    };
    (parts.next().is_none() && crate::content::parse::is_slug(item.1)).then_some(item)
}

/// Counts the view of a case or magazine page once it is answered.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let prefetch = ["sec-purpose", "purpose", "x-moz"].iter().any(|h| {
        request
            .headers()
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("prefetch"))
    });
    let item = (request.method() == Method::GET && !prefetch)
        .then(|| item_of(request.uri().path()).map(|(k, s)| (k, s.to_string())))
        .flatten();
    let response = next.run(request).await;
    if let Some((kind, slug)) = item
        && response.status() == StatusCode::OK
    {
        state.views.add(kind, &slug);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_item_pages_are_counted() {
        assert_eq!(item_of("/en/cases/a-b"), Some((ItemKind::Case, "a-b")));
        assert_eq!(item_of("/nl/magazines/m"), Some((ItemKind::Magazine, "m")));
        assert_eq!(item_of("/de/magazines/m/c"), Some((ItemKind::Case, "c")));
        for path in [
            "/en/cases/a/qr.svg",
            "/en/magazines/m/print",
            "/en/magazines/m/issue.pdf",
            "/xx/cases/a",
            "/en/cases/A%20B",
            "/api/v1/cases/a",
            "/en/partners/p",
            "/en/cases/",
        ] {
            assert_eq!(item_of(path), None, "{path}");
        }
    }
}
