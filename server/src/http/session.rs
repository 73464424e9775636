//! Who is asking: the session cookie or a personal API token becomes a `Viewer` in the request's
//! extensions, where handlers and pages (through Leptos' request parts) find it. A cookie of a session that
//! ended is cleared.

use super::AppState;
use super::cached::SESSION_COOKIE;
use crate::auth::ABSOLUTE_TIMEOUT;
use app::account::Viewer;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The raw session id of the request, when it sent one.
#[derive(Debug, Clone)]
pub struct SessionId(pub String);

pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(&format!("{SESSION_COOKIE}=")))
        .map(str::to_string)
        .find(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The cookie that carries a new session: `__Host-` (so only this host, path `/`, Secure), HttpOnly,
/// SameSite=Lax, living no longer than the session may.
pub fn set_cookie(id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={id}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}",
        ABSOLUTE_TIMEOUT.as_secs()
    ))
    .expect("a hex id makes a valid header")
}

pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"
    ))
    .expect("a valid header")
}

pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let mut stale = false;
    if let Some(token) = bearer(headers) {
        match state.auth.token_viewer(&token).await {
            Ok(Some(v)) => {
                request.extensions_mut().insert(v);
            }
            Ok(None) => {
                request.extensions_mut().insert(BadToken);
            }
            Err(e) => tracing::error!("token check failed: {e}"),
        }
    } else if let Some(id) = session_cookie(headers) {
        match state.auth.session_viewer(&id).await {
            Ok(Some(v)) => {
                request.extensions_mut().insert::<Viewer>(v);
                request.extensions_mut().insert(SessionId(id));
            }
            Ok(None) => stale = true,
            Err(e) => tracing::error!("session check failed: {e}"),
        }
    }
    let mut response = next.run(request).await;
    if stale && !response.headers().contains_key(header::SET_COOKIE) {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, clear_cookie());
    }
    response
}

/// An `Authorization` header that names no live token: the API answers 401, not "signed out".
#[derive(Debug, Clone, Copy)]
pub struct BadToken;
