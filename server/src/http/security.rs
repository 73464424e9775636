//! What every response carries and every write must pass: security headers (a script policy without
//! `unsafe-inline`, no framing, no sniffing, a referrer policy), and the check that a state-changing
//! request comes from this site (its `Origin`, or failing that its `Referer`, names this host).

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The policy for pages. Styles: this site's stylesheet; inline `style` attributes only (table alignment in
/// content, the one style the Markdown sanitiser lets through). Scripts: this site's files, WebAssembly, and the inline module that starts the
/// islands, named by the per-build nonce Leptos stamps on it (fixed per build, since one cached page
/// serves many readers; see docs/ARCHITECTURE.md).
pub fn content_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
         style-src-elem 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let https = state.config.public_url.starts_with("https://");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&content_policy(&state.nonce))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // Every 503 is a passing state (the store restarting, an instance stopping, a request over its time):
    // clients and balancers are told when to ask again, whichever part of the app answered.
    if response.status() == axum::http::StatusCode::SERVICE_UNAVAILABLE
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    response
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

/// Whether an unsafe request comes from this site. Browsers send `Origin` with every such request; a
/// request with neither `Origin` nor `Referer` and no cookie (an API client with a token) carries no
/// ambient credential, so it cannot be a forgery.
pub fn same_site(headers: &HeaderMap, public_url: &str) -> bool {
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
        .map(str::to_string)
        .or_else(|| {
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)
        });
    let Some(claimed) = claimed.and_then(|c| origin_of(&format!("{c}/"))) else {
        let has_cookie = headers.contains_key(header::COOKIE);
        let null_origin = headers.get(header::ORIGIN).is_some();
        return !has_cookie && !null_origin;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(|h| h.to_ascii_lowercase());
    let claimed_host = claimed.split_once("://").map(|(_, h)| h.to_string());
    origin_of(public_url).as_deref() == Some(claimed.as_str())
        || (host.is_some() && claimed_host == host)
}

pub async fn origin_check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method && !same_site(request.headers(), &state.config.public_url) {
        let api = request.uri().path().starts_with("/api/");
        return if api {
            super::ApiError::CrossSite.into_response()
        } else {
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "This form was sent from another site, so it was refused. Go back, reload the page and send it again.",
            )
                .into_response()
        };
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn a_write_from_this_site_passes_and_one_from_elsewhere_does_not() {
        let site = "https://likewise.example";
        assert!(same_site(
            &h(&[("origin", "https://likewise.example"), ("cookie", "a=1")]),
            site
        ));
        assert!(same_site(
            &h(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000"),
                ("cookie", "a")
            ]),
            site
        ));
        assert!(!same_site(
            &h(&[
                ("origin", "https://evil.example"),
                ("host", "likewise.example")
            ]),
            site
        ));
        assert!(!same_site(
            &h(&[("origin", "null"), ("cookie", "a=1")]),
            site
        ));
        assert!(same_site(
            &h(&[
                ("referer", "https://likewise.example/en/desk"),
                ("cookie", "a")
            ]),
            site
        ));
        assert!(!same_site(
            &h(&[("referer", "https://evil.example/x"), ("cookie", "a")]),
            site
        ));
        assert!(
            !same_site(&h(&[("cookie", "__Host-likewise-session=x")]), site),
            "a cookie without an origin"
        );
        assert!(
            same_site(&h(&[("authorization", "Bearer lw_x")]), site),
            "a token client sends no origin"
        );
    }
}
