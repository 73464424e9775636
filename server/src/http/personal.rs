//! A moderator's queue, kept per person. Its page (fifty comments with their reports, log and forms, the
//! counts, the settings) is the dearest a signed-in person reads, and moderators open it again and again:
//! it is made once per session, address and state, and served again while nothing it shows changed — the
//! queue's version (raised by a database trigger on every write to comments, reports, the log, the
//! settings and account names, from any process), the library (item titles, partner names: the change log
//! and this process's writes, through `Kept`) and the person as the session shows them (roles, name, unseen
//! count, form token). Checking costs one small query. Who may see the page is decided by the page itself,
//! as before; only what it answered to this session is kept, and only an answer of 200 without a cookie.

use super::AppState;
use super::cached::Encoding;
use super::session::SessionId;
use app::account::Viewer;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::sync::Arc;

/// At most this many pages (a session's window of the queue in one encoding: ~15 KB compressed, ~80 KB
/// plain) are kept.
const KEPT: usize = 128;

pub struct PersonalPages {
    kept: crate::store::kept::Kept<Key, Page>,
}

impl PersonalPages {
    pub fn new(writes: crate::store::WriteCount) -> Self {
        Self {
            kept: crate::store::kept::Kept::new(KEPT, writes),
        }
    }
}

#[derive(Hash, PartialEq, Eq)]
struct Key {
    session: String,
    address: String,
    encoding: Encoding,
}

struct Page {
    stamp: Stamp,
    headers: HeaderMap,
    body: Bytes,
    route: Option<super::observe::Route>,
}

/// What the page was made from, besides the library.
#[derive(PartialEq, Eq)]
struct Stamp {
    version: i64,
    viewer: String,
}

/// Whether the page at `path` is kept per person: the moderation queue (`/{lang}/moderation`, any window
/// or list of it).
pub fn kept_per_person(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    matches!(
        (
            segments
                .next()
                .and_then(|l| l.parse::<app::lang::Lang>().ok()),
            segments.next(),
            segments.next()
        ),
        (Some(_), Some("moderation"), None)
    )
}

impl crate::store::ChangeListener for PersonalPages {
    fn changed(&self, changes: &[crate::store::Change]) {
        if changes
            .iter()
            .any(|c| c.kind != crate::store::ChangeKind::Views)
        {
            self.kept.forget();
        }
    }

    fn forget_all(&self) {
        self.kept.forget();
    }
}

impl PersonalPages {
    /// The page for this request: kept, or made (compressed in `wanted`) and kept.
    pub(super) async fn serve(
        &self,
        state: &AppState,
        wanted: Encoding,
        request: Request,
        next: Next,
    ) -> Response {
        let person = request
            .extensions()
            .get::<Viewer>()
            .zip(request.extensions().get::<SessionId>());
        let Some((viewer, session)) = person else {
            return super::cached::compress_for(wanted, next.run(request).await).await;
        };
        let Ok(version) = state.store.comments().version().await else {
            return super::cached::compress_for(wanted, next.run(request).await).await;
        };
        let stamp = Stamp {
            version,
            viewer: serde_json::to_string(viewer).unwrap_or_default(),
        };
        let key = Key {
            // As the store keeps it: a session id is a secret, never held longer than a request.
            session: crate::auth::secret::digest(&session.0),
            address: request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            encoding: wanted,
        };
        let ticket = match self.kept.get(&key) {
            Ok(page) if page.stamp == stamp => {
                let mut response = respond(&page);
                response.headers_mut().insert(
                    super::cached::CACHE_HEADER,
                    axum::http::HeaderValue::from_static("kept"),
                );
                return response;
            }
            Ok(_) => self.kept.ticket(),
            Err(ticket) => ticket,
        };
        let response = super::cached::compress_for(wanted, next.run(request).await).await;
        if response.status() != StatusCode::OK
            || response.headers().contains_key(header::SET_COOKIE)
        {
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(body) = axum::body::to_bytes(body, super::MAX_BODY).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let page = Arc::new(Page {
            stamp,
            headers: parts.headers,
            body,
            route: parts.extensions.get::<super::observe::Route>().cloned(),
        });
        self.kept.keep(key, page.clone(), ticket);
        respond(&page)
    }
}

fn respond(page: &Page) -> Response {
    let mut response = Response::new(Body::from(page.body.clone()));
    *response.headers_mut() = page.headers.clone();
    if let Some(route) = &page.route {
        response.extensions_mut().insert(route.clone());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::kept_per_person;

    #[test]
    fn only_the_moderation_queue_is_kept_per_person() {
        assert!(kept_per_person("/en/moderation"));
        assert!(kept_per_person("/da/moderation"));
        assert!(!kept_per_person("/en/moderation/settings"));
        assert!(!kept_per_person("/xx/moderation"));
        assert!(!kept_per_person("/en/desk"));
        assert!(!kept_per_person("/en/notifications"));
    }
}
