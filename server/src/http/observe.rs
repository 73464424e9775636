//! Operators' eyes on every request: an id (the balancer's `X-Request-Id`, or a new one) on the request and
//! its response, one access-log line (JSON with `LIKEWISE_LOG_FORMAT=json`), and the request's route,
//! status and latency in `/metrics`, which is served on a listener of its own (`LIKEWISE_METRICS_ADDR`).

use super::AppState;
use super::cached::CACHE_HEADER;
use crate::metrics::{CacheUse, Gauge};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::Ordering;

pub const REQUEST_ID: &str = "x-request-id";

/// The route pattern that answered, carried on the response from the router to `observe` (and kept with a
/// cached page, so a hit is counted under its route too).
#[derive(Debug, Clone)]
pub struct Route(pub std::sync::Arc<str>);

/// Inside the router: names the matched route on the response.
pub async fn name_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| Route(m.as_str().into()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// A request id from outside is kept when it is short and plain; anything else is replaced.
fn request_id(request: &Request) -> String {
    request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_string)
        .unwrap_or_else(|| crate::auth::secret::random_hex(8))
}

/// Outermost: times the request and records it.
pub async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let id = request_id(&request);
    if let Ok(v) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, v);
    }
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    let route = response
        .extensions()
        .get::<Route>()
        .map(|r| r.0.clone())
        .unwrap_or_else(|| "(unmatched)".into());
    let cache = response
        .headers()
        .get(CACHE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let used = match cache {
        "hit" => Some(CacheUse::Hit),
        "miss" => Some(CacheUse::Miss),
        // A moderator's kept page went past the shared cache like any private page.
        "bypass" | "kept" => Some(CacheUse::Bypass),
        _ => None,
    };
    if let Some(used) = used {
        let bytes = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .or_else(|| axum::body::HttpBody::size_hint(response.body()).exact())
            .unwrap_or(0);
        state.metrics.cache(used, bytes);
    }
    state.metrics.record(&route, method.as_str(), status, took);
    // A reset link's address is its secret: the log names its route instead.
    let logged_path = if route.contains("{token}") {
        &*route
    } else {
        path.as_str()
    };
    tracing::info!(
        target: "likewise::access",
        method = %method,
        route = %route,
        path = %logged_path,
        status,
        ms = took.as_secs_f64() * 1000.0,
        cache,
        request_id = %id,
        "request"
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, v);
    }
    // Stopping: each answer closes its connection, so a balancer's kept-alive connection is not reused
    // (and then cut when the listener closes, a POST lost with it) but opened anew to another instance.
    if state.draining.load(Ordering::SeqCst) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// `/metrics`, Prometheus' text format. Only on the metrics listener.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut gauges = vec![
        Gauge::new(
            "likewise_page_cache_entries",
            "Responses held in the page cache.",
            state.cache.len() as f64,
        ),
        Gauge::new(
            "likewise_page_cache_bytes",
            "Bytes the page cache holds (compressed bodies).",
            state.cache.bytes() as f64,
        ),
        Gauge::new(
            "likewise_draining",
            "1 while this instance is stopping.",
            if state.draining.load(Ordering::SeqCst) {
                1.0
            } else {
                0.0
            },
        ),
    ];
    let (in_use, open) = state.store.pool_in_use();
    gauges.push(Gauge::new(
        "likewise_store_connections_in_use",
        "Store connections lent out now.",
        in_use as f64,
    ));
    gauges.push(Gauge::new(
        "likewise_store_connections_open",
        "Store connections open now.",
        open as f64,
    ));
    if let Ok(last) = state.store.last_change().await {
        gauges.push(Gauge::new(
            "likewise_change_log_lag",
            "Changes in the log this instance's page cache has not taken in yet.",
            (last - state.cache.followed()).max(0) as f64,
        ));
        gauges.push(Gauge::new(
            "likewise_change_log_last",
            "The newest change in the log.",
            last as f64,
        ));
    }
    let position = super::search_position(&state).await;
    if let Ok(waiting) = state.store.changes_waiting(position).await {
        gauges.push(Gauge::new(
            "likewise_indexer_queue",
            "Changes the search index has not taken in yet.",
            waiting as f64,
        ));
    }
    let refusals = state.auth.refusals();
    for (reason, counter) in [
        ("bad_credentials", &refusals.bad_credentials),
        ("rate_limited", &refusals.rate_limited),
        ("busy", &refusals.busy),
    ] {
        gauges.push(Gauge {
            name: "likewise_sign_in_refusals_total",
            help: "Sign-ins refused, by reason.",
            kind: "counter",
            labels: format!("{{reason=\"{reason}\"}}"),
            value: counter.load(Ordering::Relaxed) as f64,
        });
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(&gauges),
    )
        .into_response()
}

/// The metrics listener's whole router: `/metrics` and nothing else.
pub fn metrics_router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_request_id_is_kept_and_anything_else_replaced() {
        let with = |v: &str| {
            let r = Request::builder()
                .header(REQUEST_ID, v)
                .body(axum::body::Body::empty())
                .unwrap();
            request_id(&r)
        };
        assert_eq!(with("abc-123_x"), "abc-123_x");
        assert_ne!(with("a b"), "a b");
        assert_ne!(with(&"x".repeat(65)), "x".repeat(65));
        assert_eq!(with("<script>").len(), 16);
    }
}
