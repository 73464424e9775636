//! What a handler receives ready, or never runs: the interface language of the address, the person asking,
//! the address a sign-in comes from, and a signed-in session's form with its form token checked. Each rule
//! lives here once, so the next handler cannot forget it.

use super::AppState;
use super::error::FormRefusal;
use super::session::SessionId;
use app::account::Viewer;
use app::lang::Lang;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};

/// The largest urlencoded form any page sends (an admin's partners file is the longest).
const MAX_FORM: usize = 2 * 1024 * 1024;

/// The interface language: the first segment of a `/{lang}/…` address; any other is a 404.
#[derive(Debug, Clone, Copy)]
pub struct UiLang(pub Lang);

fn lang_of(parts: &Parts) -> Result<Lang, FormRefusal> {
    let first = parts.uri.path().trim_start_matches('/').split('/').next();
    first
        .and_then(|code| code.parse().ok())
        .ok_or(FormRefusal::NotFound)
}

impl<S: Send + Sync> FromRequestParts<S> for UiLang {
    type Rejection = FormRefusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        lang_of(parts).map(UiLang)
    }
}

/// The reader's address as the sign-in limits count it: the peer, or behind a trusted load balancer the
/// last address it appended to `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = state
            .config
            .trust_forwarded_for
            .then(|| parts.headers.get("x-forwarded-for")?.to_str().ok())
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|a| a.trim().parse::<IpAddr>().ok());
        Ok(ClientAddress(forwarded.or(peer)))
    }
}

/// A form body and the form token it was sent with.
pub trait FormBody: Sized + Send {
    fn read(
        request: Request,
    ) -> impl std::future::Future<Output = Result<(Self, Option<String>), FormRefusal>> + Send;
}

/// The form token every signed-in form carries, whatever else it holds.
#[derive(serde::Deserialize)]
struct Token {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

/// An `application/x-www-form-urlencoded` body read as `T`.
#[derive(Debug)]
pub struct Urlencoded<T>(pub T);

/// The body of a urlencoded form, at most [`MAX_FORM`].
pub async fn form_bytes(request: Request) -> Result<bytes::Bytes, FormRefusal> {
    axum::body::to_bytes(request.into_body(), MAX_FORM)
        .await
        .map_err(|_| FormRefusal::TooLarge)
}

pub fn parse_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FormRefusal> {
    serde_urlencoded::from_bytes(bytes).map_err(|e| FormRefusal::Unreadable(e.to_string()))
}

impl<T: DeserializeOwned + Send> FormBody for Urlencoded<T> {
    async fn read(request: Request) -> Result<(Self, Option<String>), FormRefusal> {
        let bytes = form_bytes(request).await?;
        let token: Token = parse_form(&bytes)?;
        Ok((Urlencoded(parse_form(&bytes)?), token.csrf))
    }
}

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequest<S> for Urlencoded<T> {
    type Rejection = FormRefusal;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = form_bytes(request).await?;
        Ok(Urlencoded(parse_form(&bytes)?))
    }
}

/// A signed-in person's form post: only a session (the cookie) passes, never an API token, and only with
/// that session's own non-empty form token. What fails never reaches the handler: no session is a redirect
/// to sign in; a token, or a form token that does not match, a 403.
pub struct SessionForm<F> {
    pub lang: Lang,
    pub viewer: Viewer,
    /// The session's id, as the cookie carries it.
    pub session: String,
    /// The request head, for rendering the page again.
    pub parts: Parts,
    pub form: F,
}

impl<F> SessionForm<F> {
    /// What a handler works with: the language, who posted, the request head, the form.
    pub fn into_parts(self) -> (Lang, Viewer, Parts, F) {
        (self.lang, self.viewer, self.parts, self.form)
    }
}

impl<F: FormBody> FromRequest<AppState> for SessionForm<F> {
    type Rejection = FormRefusal;

    async fn from_request(request: Request, _: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let lang = lang_of(&parts)?;
        let viewer = parts.extensions.get::<Viewer>().cloned();
        let session = parts.extensions.get::<SessionId>().map(|s| s.0.clone());
        let (viewer, session) = match (viewer, session) {
            (Some(viewer), Some(session)) => (viewer, session),
            // Signed in by an `Authorization` header: the API is that credential's door.
            (Some(_), None) => return Err(FormRefusal::NotASession),
            (None, _) => {
                return Err(FormRefusal::SignIn {
                    lang,
                    back: parts.uri.path().to_string(),
                });
            }
        };
        let (form, token) = F::read(Request::from_parts(parts.clone(), body)).await?;
        let matches = !viewer.csrf.is_empty()
            && token
                .as_deref()
                .is_some_and(|t| crate::auth::secret::same(t, &viewer.csrf));
        if !matches {
            return Err(FormRefusal::StaleForm);
        }
        Ok(SessionForm {
            lang,
            viewer,
            session,
            parts,
            form,
        })
    }
}
