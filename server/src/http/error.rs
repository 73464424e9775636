//! The one place where errors become HTTP responses: `{ "error": { "code", "message", "field"? } }` with
//! stable snake_case codes, for every API answer that is not a success — also for paths and queries axum's
//! extractors refuse, which would otherwise be plain-text 400s. Internal causes are logged, never shown.

use app::library::LibraryError;
use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    BadRequest {
        field: Option<&'static str>,
        message: String,
    },
    #[error("method not allowed")]
    MethodNotAllowed,
    /// No credentials, or credentials that name no one.
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// A body that was read but refused: which field (front-matter key) and line, where known.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        line: Option<usize>,
        message: String,
    },
    #[error("a write must come from this site (its Origin header names another)")]
    CrossSite,
    #[error("{0}")]
    TooLarge(String),
    /// Too many writes of one kind in a while (comments, reports).
    #[error("{0}")]
    RateLimited(String),
    #[error("{0}")]
    Library(#[from] LibraryError),
}

impl ApiError {
    /// Every `code` an error body can carry, with its status: one per variant, then the library's own. The
    /// OpenAPI document takes its enum of codes from here; a test below proves the list complete.
    pub const CODES: &'static [(StatusCode, &'static str)] = &[
        (StatusCode::NOT_FOUND, "not_found"),
        (StatusCode::BAD_REQUEST, "bad_request"),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (StatusCode::UNAUTHORIZED, "unauthorized"),
        (StatusCode::FORBIDDEN, "forbidden"),
        (StatusCode::CONFLICT, "conflict"),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        (StatusCode::FORBIDDEN, "cross_site"),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        (StatusCode::SERVICE_UNAVAILABLE, "corrupt_data"),
        (StatusCode::SERVICE_UNAVAILABLE, "search_unavailable"),
        (StatusCode::SERVICE_UNAVAILABLE, "transport"),
    ];

    /// The codes an answer of this status can carry.
    pub fn codes_of(status: StatusCode) -> Vec<&'static str> {
        Self::CODES
            .iter()
            .filter(|(s, _)| *s == status)
            .map(|(_, c)| *c)
            .collect()
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest { .. } => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ApiError::CrossSite => (StatusCode::FORBIDDEN, "cross_site"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::Library(e) => (StatusCode::SERVICE_UNAVAILABLE, e.code()),
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::Library(crate::catalog::fail(e))
    }
}

impl From<crate::discussion::CommentError> for ApiError {
    fn from(e: crate::discussion::CommentError) -> Self {
        use crate::discussion::CommentError as E;
        match e {
            E::NotFound => {
                ApiError::NotFound("no such comment, or nothing readers can comment on".into())
            }
            E::Forbidden(m) => ApiError::Forbidden(m.into()),
            E::TooFast { message, .. } => ApiError::RateLimited(message),
            E::Refused { field, message, .. } => ApiError::Invalid {
                field: Some(field.into()),
                line: None,
                message,
            },
            E::Store(s) => s.into(),
        }
    }
}

impl From<crate::editorial::EditError> for ApiError {
    fn from(e: crate::editorial::EditError) -> Self {
        use crate::editorial::EditError as E;
        match e {
            E::Forbidden(m) => ApiError::Forbidden(m),
            E::NotFound(m) => ApiError::NotFound(m),
            E::Invalid {
                line,
                field,
                message,
            } => ApiError::Invalid {
                field,
                line,
                message,
            },
            E::Conflict(m) => ApiError::Conflict(m),
            E::Unsaved => ApiError::Conflict(E::Unsaved.to_string()),
            E::Store(s) => s.into(),
            E::Io(io) => {
                tracing::error!("staging an edit failed: {io}");
                ApiError::Library(LibraryError::Unavailable)
            }
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::BadRequest {
            field: Some("path"),
            message: format!("the address cannot be read: {}", r.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::BadRequest {
            field: Some("query"),
            message: format!("the query cannot be read: {}", r.body_text()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            ApiError::Library(LibraryError::SearchUnavailable) => {
                "Search is not available right now; try again shortly. Reading the library still works."
                    .to_string()
            }
            ApiError::Library(_) => {
                "The library cannot be reached right now; try again shortly.".to_string()
            }
            other => other.to_string(),
        };
        let mut error = json!({ "code": code, "message": message });
        match &self {
            ApiError::BadRequest {
                field: Some(field), ..
            } => error["field"] = json!(field),
            ApiError::Invalid { field, line, .. } => {
                if let Some(f) = field {
                    error["field"] = json!(f);
                }
                if let Some(l) = line {
                    error["line"] = json!(l);
                }
            }
            _ => {}
        }
        let mut response = (status, Json(json!({ "error": error }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"likewise\""),
            );
        }
        response
    }
}

/// `Path` whose refusal is the API's JSON error.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Why a form post never reached its handler (see `extract`): each says its status once.
#[derive(Debug, thiserror::Error)]
pub enum FormRefusal {
    #[error("There is no such page.")]
    NotFound,
    /// No session: the form's page is for signed-in people.
    #[error("Sign in first.")]
    SignIn { lang: app::lang::Lang, back: String },
    /// Signed in by an API token: forms are for sessions, the API is the token's door.
    #[error("Forms are for signed-in browsers; a personal API token writes through /api/v1.")]
    NotASession,
    #[error(
        "The form was too old or came from elsewhere. Go back, reload the page and send it again."
    )]
    StaleForm,
    #[error("The form cannot be read: {0}")]
    Unreadable(String),
    #[error("The form is too large.")]
    TooLarge,
}

impl FormRefusal {
    fn status(&self) -> StatusCode {
        match self {
            FormRefusal::NotFound => StatusCode::NOT_FOUND,
            FormRefusal::SignIn { .. } => StatusCode::SEE_OTHER,
            FormRefusal::NotASession | FormRefusal::StaleForm => StatusCode::FORBIDDEN,
            FormRefusal::Unreadable(_) => StatusCode::BAD_REQUEST,
            FormRefusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }
}

impl IntoResponse for FormRefusal {
    fn into_response(self) -> Response {
        if let FormRefusal::SignIn { lang, back } = &self {
            let next: String = url_encode(back);
            return axum::response::Redirect::to(&format!("/{lang}/sign-in?next={next}"))
                .into_response();
        }
        (
            self.status(),
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            )],
            self.to_string(),
        )
            .into_response()
    }
}

fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// The status of an account refusal, said once for every screen that shows one.
pub fn auth_status(e: &crate::auth::AuthError) -> StatusCode {
    use crate::auth::AuthError as E;
    match e {
        E::BadCredentials => StatusCode::UNAUTHORIZED,
        E::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        E::Busy => StatusCode::SERVICE_UNAVAILABLE,
        E::Forbidden => StatusCode::FORBIDDEN,
        E::LinkExpired => StatusCode::GONE,
        E::NoAccount => StatusCode::NOT_FOUND,
        E::Weak(_) | E::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        E::Store(crate::store::StoreError::Conflict(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        E::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The translated message of an account refusal.
pub fn auth_message(lang: app::lang::Lang, e: &crate::auth::AuthError) -> String {
    use crate::auth::AuthError as E;
    use crate::auth::password::Weakness;
    use app::tr;
    match e {
        E::BadCredentials => tr!(lang, ed_err_bad_credentials).into(),
        E::RateLimited { .. } => tr!(lang, ed_err_rate_limited).into(),
        E::Busy => tr!(lang, ed_err_busy).into(),
        E::Forbidden => tr!(lang, ed_err_forbidden).into(),
        E::Weak(w) => match w {
            Weakness::TooShort => tr!(lang, ed_err_password_too_short).into(),
            Weakness::TooLong => tr!(lang, ed_err_password_too_long).into(),
            Weakness::Common => tr!(lang, ed_err_password_common).into(),
            Weakness::Personal => tr!(lang, ed_err_password_personal).into(),
        },
        E::Invalid {
            field: "current", ..
        } => tr!(lang, ed_err_current_password).into(),
        E::Invalid { message, .. } => format!("{} {message}", tr!(lang, ed_err_invalid)),
        E::LinkExpired => tr!(lang, ed_reset_expired).into(),
        E::NoAccount => tr!(lang, not_found_title).into(),
        E::Store(crate::store::StoreError::Conflict(m)) => m.clone(),
        E::Store(s) => {
            tracing::error!("account store: {s}");
            tr!(lang, ed_err_unavailable).into()
        }
    }
}

/// The status of a comment refusal, said once for the forms and the API.
pub fn comment_status(e: &crate::discussion::CommentError) -> StatusCode {
    use crate::discussion::CommentError as E;
    match e {
        E::NotFound => StatusCode::NOT_FOUND,
        E::Forbidden(_) => StatusCode::FORBIDDEN,
        E::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        E::TooFast { .. } => StatusCode::TOO_MANY_REQUESTS,
        E::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every kind. The match has no wildcard: a new variant (of `ApiError` or of the
    /// library's errors) does not compile until it is added here, and then the test checks `CODES`.
    fn one_of_each() -> Vec<ApiError> {
        let all = vec![
            ApiError::NotFound(String::new()),
            ApiError::BadRequest {
                field: None,
                message: String::new(),
            },
            ApiError::MethodNotAllowed,
            ApiError::Unauthorized(""),
            ApiError::Forbidden(String::new()),
            ApiError::Conflict(String::new()),
            ApiError::Invalid {
                field: None,
                line: None,
                message: String::new(),
            },
            ApiError::CrossSite,
            ApiError::TooLarge(String::new()),
            ApiError::RateLimited(String::new()),
            ApiError::Library(LibraryError::Unavailable),
            ApiError::Library(LibraryError::Corrupt),
            ApiError::Library(LibraryError::SearchUnavailable),
            ApiError::Library(LibraryError::Transport(String::new())),
        ];
        for e in &all {
            match e {
                ApiError::NotFound(_)
                | ApiError::BadRequest { .. }
                | ApiError::MethodNotAllowed
                | ApiError::Unauthorized(_)
                | ApiError::Forbidden(_)
                | ApiError::Conflict(_)
                | ApiError::Invalid { .. }
                | ApiError::CrossSite
                | ApiError::TooLarge(_)
                | ApiError::RateLimited(_)
                | ApiError::Library(
                    LibraryError::Unavailable
                    | LibraryError::Corrupt
                    | LibraryError::SearchUnavailable
                    | LibraryError::Transport(_),
                ) => {}
            }
        }
        all
    }

    #[test]
    fn codes_lists_every_error_with_its_status() {
        let made: Vec<(StatusCode, &str)> = one_of_each()
            .iter()
            .map(ApiError::status_and_code)
            .collect();
        assert_eq!(made, ApiError::CODES.to_vec());
        for e in one_of_each() {
            let (status, code) = e.status_and_code();
            assert_eq!(e.into_response().status(), status, "{code}");
        }
    }
}
