//! Serving through the page cache. A reader (no session, no credentials) gets a stored response when there
//! is one, with the encoding their browser asked for and a `304` when their copy is current; otherwise the
//! response is made once, compressed once and kept. Signed-in people always get a fresh, private response.

use super::AppState;
use super::canonical::{Address, canonical};
use crate::cache::{Effort, Entry, Turn};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The session cookie accounts will use. Its presence alone means "not a plain reader".
pub const SESSION_COOKIE: &str = "__Host-likewise-session";
/// Says how a response was served (`hit`, `miss`, `bypass`; `kept`: a page kept for this person, see
/// `personal.rs`), for operators and tests.
pub const CACHE_HEADER: &str = "x-likewise-cache";
/// Pages change whenever the library does: browsers keep them but ask again, and get a `304` when current.
const REVALIDATE: &str = "public, no-cache";
/// The largest response the cache will keep.
const MAX_BODY: usize = 4 * 1024 * 1024;

fn signed_in(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|c| c.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
}

/// Pages for one signed-in person, or that carry a secret (a reset link): no cache anywhere may keep them,
/// whoever asks.
pub fn private(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let _lang = segments.next();
    matches!(
        segments.next(),
        Some(
            "sign-in"
                | "reset"
                | "account"
                | "desk"
                | "admin"
                | "moderation"
                | "notifications"
                | "translate"
        )
    )
}

/// What the cache may hold: everything a visitor reads, except the root redirect (it depends on
/// `Accept-Language`), health (it must be live), the built front end (served with its own headers),
/// private pages, the pages' server functions (`/api/<name>`: their input is their query, which no
/// canonical address may drop), and search: its answers follow the search index, which catches up with the
/// change log after the cache has dropped what a change touched, so a kept answer could outlive the change
/// it missed.
fn cacheable(path: &str) -> bool {
    path != "/"
        && !path.starts_with("/healthz")
        && !path.starts_with("/pkg/")
        && !path.ends_with("/search")
        && path != "/api/v1/search"
        && !server_function(path)
        && !private(path)
}

/// A server function of the pages (`/api/<name>`), as opposed to the JSON API (`/api/v1/…`).
fn server_function(path: &str) -> bool {
    path.strip_prefix("/api/")
        .is_some_and(|rest| !rest.starts_with("v1/"))
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The best encoding the request accepts (ignoring q-values but honouring `q=0`).
fn encoding(headers: &HeaderMap) -> Encoding {
    let accepted: Vec<String> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.replace(' ', "").ends_with(";q=0"))
        .map(|s| s.split(';').next().unwrap_or("").trim().to_string())
        .collect();
    if accepted.iter().any(|e| e == "br") {
        Encoding::Brotli
    } else if accepted.iter().any(|e| e == "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    let weak = |t: &str| t.trim().trim_start_matches("W/").to_string();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || weak(t) == weak(etag))
}

/// The response for a stored entry, as this request wants it.
pub fn respond(entry: &Entry, request: &HeaderMap, state: &'static str) -> Response {
    let mut response = if not_modified(request, &entry.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (body, coding) = match (&entry.as_is, encoding(request)) {
            (Some(body), _) => (body.clone(), None),
            (None, Encoding::Brotli) => (entry.brotli.clone(), Some("br")),
            (None, Encoding::Gzip) => (entry.gzip.clone(), Some("gzip")),
            (None, Encoding::Identity) => (entry.identity(), None),
        };
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = StatusCode::from_u16(entry.status).unwrap_or(StatusCode::OK);
        if let Ok(v) = HeaderValue::from_str(&entry.content_type) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        if let Some(c) = coding {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
        }
        r
    };
    let h = response.headers_mut();
    for (k, v) in &entry.headers {
        h.insert(k.clone(), v.clone());
    }
    if let Ok(v) = HeaderValue::from_str(&entry.etag) {
        h.insert(header::ETAG, v);
    }
    let control = entry.cache_control.as_deref().unwrap_or(REVALIDATE);
    if let Ok(v) = HeaderValue::from_str(control) {
        h.insert(header::CACHE_CONTROL, v);
    }
    let vary = if super::linked_data::varies_by_accept(&entry.content_type) {
        "Accept, Accept-Encoding"
    } else {
        "Accept-Encoding"
    };
    h.insert(header::VARY, HeaderValue::from_static(vary));
    h.insert(CACHE_HEADER, HeaderValue::from_static(state));
    if let Some(route) = &entry.route {
        response
            .extensions_mut()
            .insert(super::observe::Route(route.clone()));
    }
    response
}

/// The middleware: in front of everything else.
pub async fn serve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    // One address per page, for everyone: another spelling is moved or unknown.
    // The catalogue's format chosen by `Accept` is part of its address (`?format=ttl`).
    let negotiated =
        super::linked_data::negotiated_query(&path, request.uri().query(), request.headers());
    let query = negotiated.as_deref().or(request.uri().query());
    let address = (reads && cacheable(&path)).then(|| canonical(&path, query));
    let key = match address {
        Some(Address::Unknown) if path.starts_with("/api/") => {
            return super::ApiError::NotFound("no such address".into()).into_response();
        }
        Some(Address::Unknown) => return StatusCode::NOT_FOUND.into_response(),
        Some(Address::Moved(to)) => return Redirect::permanent(&to).into_response(),
        Some(Address::Canonical(key)) => key,
        Some(Address::Uncached) | None => return bypass(&state, &path, request, next).await,
    };
    if !state.cache.enabled() || request.method() != Method::GET || signed_in(request.headers()) {
        return bypass(&state, &path, request, next).await;
    }
    // The page is made for its canonical address: parameters that choose nothing never reach it.
    if request.uri().path_and_query().map(|p| p.as_str()) != Some(key.as_str())
        && let Ok(uri) = key.parse()
    {
        *request.uri_mut() = uri;
    }
    let headers = request.headers().clone();
    if let Some(entry) = state.cache.get(&key) {
        return respond(&entry, &headers, "hit");
    }
    let leader = match state.cache.miss(&key) {
        Turn::Lead(leader) => Some(leader),
        Turn::Alone => None,
        Turn::Wait(mut landed) => {
            // The leader is bounded by the request timeout; this wait is bounded just past it.
            let waited = tokio::time::timeout(
                super::REQUEST_TIMEOUT + std::time::Duration::from_secs(1),
                landed.wait_for(Option::is_some),
            )
            .await;
            if let Ok(Ok(landing)) = waited
                && let Some(Some(entry)) = landing.clone()
            {
                return respond(&entry, &headers, "hit");
            }
            // Not one to keep (a 404, a cookie) or the leader gave up: made for this request.
            None
        }
    };
    let generation = state.cache.generation();
    // Made in plain form, so it can be compressed once for everyone.
    let (mut parts, body) = request.into_parts();
    parts.headers.remove(header::ACCEPT_ENCODING);
    parts.headers.remove(header::IF_NONE_MATCH);
    let response = next.run(Request::from_parts(parts, body)).await;
    let kept = keepable(&path, response).await;
    match (kept, leader) {
        (Ok(entry), Some(leader)) => match leader.land(Some(entry), generation) {
            Some(entry) => respond(&entry, &headers, "miss"),
            None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        (Ok(entry), None) => respond(&state.cache.put(key, entry, generation), &headers, "miss"),
        (Err(response), leader) => {
            drop(leader);
            compress_for(encoding(&headers), response).await
        }
    }
}

/// A response made for this request alone: private where it is one person's, revalidated otherwise, and
/// compressed once for this reader.
async fn bypass(state: &AppState, path: &str, request: Request, next: Next) -> Response {
    let private = signed_in(request.headers()) || private(path);
    let wanted = encoding(request.headers());
    let mut response = if request.method() == Method::GET && super::personal::kept_per_person(path)
    {
        state.personal.serve(state, wanted, request, next).await
    } else {
        compress_for(wanted, next.run(request).await).await
    };
    let h = response.headers_mut();
    if private {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    } else if cacheable(path) && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    if !h.contains_key(CACHE_HEADER) {
        h.insert(CACHE_HEADER, HeaderValue::from_static("bypass"));
    }
    response
}

/// The response compressed in the encoding the reader accepts, at the level for a response sent once, when
/// it is text and not compressed already. Done here rather than by a streaming compressor: the page is whole
/// by now, and a window sized to it keeps the encoder from allocating (and zeroing) megabytes for every
/// response.
pub(super) async fn compress_for(wanted: Encoding, response: Response) -> Response {
    let h = response.headers();
    let content_type = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let length = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if wanted == Encoding::Identity
        || h.contains_key(header::CONTENT_ENCODING)
        || !crate::cache::compressible(content_type)
        || length.is_some_and(|n| !(MIN_COMPRESSED..=MAX_BODY).contains(&n))
        || response.status() == StatusCode::NOT_MODIFIED
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        tracing::error!("a response could not be read to compress it");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if bytes.len() < MIN_COMPRESSED {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let compress = move || match wanted {
        Encoding::Brotli => crate::cache::brotli(&bytes, crate::cache::Effort::Once),
        _ => crate::cache::gzip(&bytes, crate::cache::Effort::Once),
    };
    // A large body is compressed off the async threads; a page takes about a millisecond.
    let compressed = if length.unwrap_or(MAX_BODY) > 512 * 1024 {
        match tokio::task::spawn_blocking(compress).await {
            Ok(c) => c,
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        compress()
    };
    let coding = if wanted == Encoding::Brotli {
        "br"
    } else {
        "gzip"
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Response::from_parts(parts, Body::from(compressed))
}

/// Below this, compression saves less than its headers cost.
const MIN_COMPRESSED: usize = 860;

/// The entry to keep for a response, compressed once; or the response itself when it is not one to keep:
/// only successes (a cache full of 404s for made-up addresses would push out the pages people read),
/// without cookies, not encoded already, not too big.
async fn keepable(path: &str, response: Response) -> Result<Entry, Response> {
    let h = response.headers();
    let too_big = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_BODY);
    if response.status() != StatusCode::OK
        || h.contains_key(header::SET_COOKIE)
        || h.contains_key(header::CONTENT_ENCODING)
        || too_big
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        tracing::error!("{path}: {what}: {e}");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    };
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|e| failed("response could not be read for the cache", &e))?;
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type =
        header_text(header::CONTENT_TYPE).unwrap_or_else(|| "application/octet-stream".into());
    let cache_control = header_text(header::CACHE_CONTROL);
    let p = path.to_string();
    let entry = tokio::task::spawn_blocking(move || {
        Entry::with_effort(&p, 200, content_type, cache_control, bytes, Effort::Quick)
    })
    .await
    .map_err(|e| failed("compressing for the cache failed", &e))?;
    // Headers the handler set beyond these (a content security policy on media) stay on every answer.
    let ours = [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CACHE_CONTROL,
        header::ETAG,
        header::VARY,
        header::TRANSFER_ENCODING,
    ];
    let extra = parts
        .headers
        .iter()
        .filter(|(k, _)| !ours.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut entry = entry.with_headers(extra);
    entry.route = parts
        .extensions
        .get::<super::observe::Route>()
        .map(|r| r.0.clone());
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn browsers_get_brotli_and_old_clients_what_they_accept() {
        assert!(
            encoding(&headers(&[("accept-encoding", "gzip, deflate, br, zstd")]))
                == Encoding::Brotli
        );
        assert!(encoding(&headers(&[("accept-encoding", "gzip")])) == Encoding::Gzip);
        assert!(encoding(&headers(&[("accept-encoding", "br;q=0, gzip")])) == Encoding::Gzip);
        assert!(encoding(&headers(&[])) == Encoding::Identity);
    }

    #[test]
    fn pages_for_one_person_are_private_and_never_cacheable() {
        for p in [
            "/en/sign-in",
            "/nl/reset/abc",
            "/de/account",
            "/da/desk/cases/x",
            "/fr/admin",
            "/en/moderation",
            "/en/notifications",
            "/en/translate",
        ] {
            assert!(private(p) && !cacheable(p), "{p}");
        }
        assert!(!private("/en/cases/x") && cacheable("/en/cases/x"));
        assert!(
            !cacheable("/api/search_cases12345") && cacheable("/api/v1/cases/x"),
            "a server function's input is its query"
        );
    }

    #[test]
    fn a_session_cookie_or_credentials_mean_a_signed_in_person() {
        assert!(signed_in(&headers(&[(
            "cookie",
            "a=1; __Host-likewise-session=abc"
        )])));
        assert!(signed_in(&headers(&[("authorization", "Bearer x")])));
        assert!(!signed_in(&headers(&[("cookie", "theme=dark")])));
    }
}
