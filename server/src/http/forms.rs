//! Plain form posts of the account screens: sign in, sign out, one's account, a reset link, and the admin
//! screen. Each checks the form token of the session (the Origin check runs before, for every write);
//! success redirects (303) or, where a secret must be shown once, renders the page; a refusal renders the
//! same page again with what was typed and the errors beside their fields.

use super::AppState;
use super::page::render_page;
use super::session::{SessionId, clear_cookie, set_cookie};
use crate::auth::AuthError;
use crate::auth::password::Weakness;
use crate::content::parse;
use crate::store::{Edit, as_author};
use app::account::{Action, Grant, Viewer};
use app::desk::{AdminView, Desk, FieldError, Prefilled, ResetView, SignInView};
use app::lang::Lang;
use app::tr;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

/// A form body, read as `application/x-www-form-urlencoded`.
pub async fn read_form<T: serde::de::DeserializeOwned>(
    request: Request,
) -> Result<(axum::http::request::Parts, T), Response> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 2 * 1024 * 1024)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response())?;
    let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            format!("The form cannot be read: {e}"),
        )
            .into_response()
    })?;
    Ok((parts, form))
}

// The error is the answer itself, handed back unchanged by the handler: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub fn lang_or_404(code: &str) -> Result<Lang, Response> {
    code.parse()
        .map_err(|_| StatusCode::NOT_FOUND.into_response())
}

/// The signed-in person of a form post whose token matches their session; otherwise the answer to send.
#[allow(clippy::result_large_err)]
pub fn signed_in_with_token(
    parts: &axum::http::request::Parts,
    lang: Lang,
    token: Option<&str>,
) -> Result<Viewer, Response> {
    let Some(viewer) = parts.extensions.get::<Viewer>().cloned() else {
        return Err(
            Redirect::to(&format!("/{lang}/sign-in?next={}", parts.uri.path())).into_response(),
        );
    };
    if !token.is_some_and(|t| crate::auth::secret::same(t, &viewer.csrf)) {
        return Err((
            StatusCode::FORBIDDEN,
            "The form was too old or came from elsewhere. Go back, reload the page and send it again.",
        )
            .into_response());
    }
    Ok(viewer)
}

/// A form body that carries the session's form token.
pub trait WithToken {
    fn token(&self) -> Option<&str>;
}

impl WithToken for TokenOnly {
    fn token(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// The language, the request head, the form and the signed-in person of a form post whose token matches
/// their session; otherwise the answer to send (404, a redirect to sign in, 403, 400).
pub async fn signed_in_form<T: serde::de::DeserializeOwned + WithToken>(
    lang: &str,
    request: Request,
) -> Result<(Lang, axum::http::request::Parts, T, Viewer), Response> {
    let lang = lang_or_404(lang)?;
    let (parts, form): (_, T) = read_form(request).await?;
    let viewer = signed_in_with_token(&parts, lang, form.token())?;
    Ok((lang, parts, form, viewer))
}

/// The translated message of an account error.
pub fn auth_message(lang: Lang, e: &AuthError) -> String {
    match e {
        AuthError::BadCredentials => tr!(lang, ed_err_bad_credentials).into(),
        AuthError::RateLimited { .. } => tr!(lang, ed_err_rate_limited).into(),
        AuthError::Weak(w) => match w {
            Weakness::TooShort => tr!(lang, ed_err_password_too_short).into(),
            Weakness::TooLong => tr!(lang, ed_err_password_too_long).into(),
            Weakness::Common => tr!(lang, ed_err_password_common).into(),
            Weakness::Personal => tr!(lang, ed_err_password_personal).into(),
        },
        AuthError::Invalid {
            field: "current", ..
        } => tr!(lang, ed_err_current_password).into(),
        AuthError::Invalid { message, .. } => format!("{} {message}", tr!(lang, ed_err_invalid)),
        AuthError::LinkExpired => tr!(lang, ed_reset_expired).into(),
        AuthError::NoAccount => tr!(lang, not_found_title).into(),
        AuthError::Store(s) => {
            tracing::error!("account store: {s}");
            tr!(lang, ed_err_unavailable).into()
        }
    }
}

fn field_error(field: &str, message: String) -> FieldError {
    FieldError {
        field: Some(field.to_string()),
        message,
    }
}

/// A local address to return to after signing in: a path of this site, never another host.
fn safe_next(next: &str, lang: Lang) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://")
        && !next.chars().any(|c| c.is_control())
        && !next.contains("/sign-in");
    if ok {
        next.to_string()
    } else {
        format!("/{lang}/desk")
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    request: Request,
) -> Response {
    let lang = match lang_or_404(&lang) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    // Behind a proxy every request comes from it: the reader is the last address it added.
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| {
            request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
        })
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(|a| a.trim().to_string())
        .filter(|a| a.parse::<std::net::IpAddr>().is_ok());
    let address = forwarded.unwrap_or(peer);
    let (parts, form): (_, SignInForm) = match read_form(request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let old = parts
        .extensions
        .get::<SessionId>()
        .map(|s| s.0.clone())
        .or_else(|| super::session::session_cookie(&parts.headers));
    match state
        .auth
        .sign_in(&form.email, &form.password, &address, old.as_deref())
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to(&safe_next(&form.next, lang)).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, set_cookie(&session.id));
            response
        }
        Err(e) => {
            let status = match e {
                AuthError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                AuthError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::UNAUTHORIZED,
            };
            let view = SignInView {
                email: form.email.clone(),
                error: Some(auth_message(lang, &e)),
                next: form.next.clone(),
            };
            render_page(&state, parts, status, Prefilled(view)).await
        }
    }
}

#[derive(Deserialize)]
pub struct TokenOnly {
    #[serde(rename = "_csrf")]
    pub(crate) csrf: Option<String>,
}

pub async fn sign_out(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    request: Request,
) -> Response {
    let lang = match lang_or_404(&lang) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (parts, form): (_, TokenOnly) = match read_form(request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(r) = signed_in_with_token(&parts, lang, form.csrf.as_deref()) {
        return r;
    }
    if let Some(SessionId(id)) = parts.extensions.get::<SessionId>()
        && let Err(e) = state.auth.sign_out(id).await
    {
        tracing::error!("sign-out: {e}");
    }
    let mut response = Redirect::to(&format!("/{lang}/sign-in?signed-out=1")).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, clear_cookie());
    response
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    action: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    id: String,
}

pub async fn account(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    request: Request,
) -> Response {
    let lang = match lang_or_404(&lang) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (parts, form): (_, AccountForm) = match read_form(request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let viewer = match signed_in_with_token(&parts, lang, form.csrf.as_deref()) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let session = parts.extensions.get::<SessionId>().map(|s| s.0.clone());
    let mut notice = None;
    let mut errors = vec![];
    let mut new_token = None;
    match form.action.as_str() {
        "password" => match state
            .auth
            .change_password(&viewer, session.as_deref(), &form.current, &form.new)
            .await
        {
            Ok(()) => notice = Some("password".to_string()),
            Err(e) => {
                let field = match &e {
                    AuthError::Invalid {
                        field: "current", ..
                    } => "current",
                    _ => "new",
                };
                errors.push(field_error(field, auth_message(lang, &e)));
            }
        },
        "create-token" => match state.auth.create_token(&viewer, &form.name).await {
            Ok(t) => {
                new_token = Some(t);
                notice = Some("token".to_string());
            }
            Err(e) => errors.push(field_error("name", auth_message(lang, &e))),
        },
        "revoke-token" => match state.auth.revoke_token(&viewer, &form.id).await {
            Ok(true) => notice = Some("revoked".to_string()),
            Ok(false) => errors.push(FieldError {
                field: None,
                message: tr!(lang, not_found_title).into(),
            }),
            Err(e) => errors.push(FieldError {
                field: None,
                message: auth_message(lang, &AuthError::Store(e)),
            }),
        },
        _ => return (StatusCode::BAD_REQUEST, "unknown action").into_response(),
    }
    let mut view = match state.desk.account(&viewer).await {
        Ok(v) => v,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    view.notice = notice;
    view.new_token = new_token;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    view.errors = errors;
    render_page(&state, parts, status, Prefilled(view)).await
}

#[derive(Deserialize)]
pub struct ResetForm {
    new: String,
}

pub async fn reset(
    State(state): State<AppState>,
    Path((lang, token)): Path<(String, String)>,
    request: Request,
) -> Response {
    let lang = match lang_or_404(&lang) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (parts, form): (_, ResetForm) = match read_form(request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (status, view) = match state.auth.reset_password(&token, &form.new).await {
        Ok(()) => (
            StatusCode::OK,
            ResetView {
                live: false,
                errors: vec![],
                done: true,
            },
        ),
        Err(AuthError::LinkExpired) => (
            StatusCode::GONE,
            ResetView {
                live: false,
                errors: vec![],
                done: false,
            },
        ),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ResetView {
                live: true,
                errors: vec![field_error("new", auth_message(lang, &e))],
                done: false,
            },
        ),
    };
    render_page(&state, parts, status, Prefilled(view)).await
}

#[derive(Deserialize)]
pub struct AdminForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    action: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    roles: String,
    #[serde(default)]
    partners_toml: String,
    #[serde(default)]
    themes_toml: String,
}

/// Roles as the admin screen writes them: `editor:groningen, translator`.
fn parse_roles(text: &str, partners: &[String]) -> Result<Vec<Grant>, String> {
    let mut grants = Vec::new();
    for code in text
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != "member")
    {
        let g = Grant::parse(code).ok_or_else(|| format!("unknown role `{code}`"))?;
        if let Grant::Editor(p) = &g
            && !partners.contains(p)
        {
            return Err(format!("there is no partner `{p}`"));
        }
        grants.push(g);
    }
    grants.sort();
    grants.dedup();
    Ok(grants)
}

pub async fn admin(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    request: Request,
) -> Response {
    let lang = match lang_or_404(&lang) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (parts, form): (_, AdminForm) = match read_form(request).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let viewer = match signed_in_with_token(&parts, lang, form.csrf.as_deref()) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !viewer.may(&Action::Administer) {
        return (StatusCode::FORBIDDEN, tr!(lang, ed_err_forbidden)).into_response();
    }
    let accounts = state.store.accounts();
    let partners: Vec<String> = match state.store.partners().await {
        Ok(p) => p.into_iter().map(|p| p.slug).collect(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let mut errors: Vec<FieldError> = vec![];
    let mut notice = None;
    let mut secret = None;
    let edit = Edit {
        author: viewer.email.clone(),
        note: None,
        new_status: crate::domain::Status::Published,
        owner: None,
    };
    match form.action.as_str() {
        "create-account" => match parse_roles(&form.roles, &partners) {
            Err(m) => errors.push(field_error("roles", m)),
            Ok(grants) => match state
                .auth
                .create_account(&form.email, &form.name, None, &grants)
                .await
            {
                Ok((_, password)) => {
                    notice = Some("account".to_string());
                    secret = password.map(|p| (tr!(lang, ed_secret_password).to_string(), p));
                }
                Err(AuthError::Invalid { field, message }) => {
                    errors.push(field_error(field, message))
                }
                Err(AuthError::Store(crate::store::StoreError::Conflict(m))) => {
                    errors.push(field_error("email", m))
                }
                Err(e) => errors.push(FieldError {
                    field: None,
                    message: auth_message(lang, &e),
                }),
            },
        },
        "roles" => match parse_roles(&form.roles, &partners) {
            Err(m) => errors.push(field_error("roles", m)),
            Ok(grants) => {
                if form.id == viewer.account_id && !grants.contains(&Grant::Admin) {
                    errors.push(field_error(
                        "roles",
                        "you cannot take the admin role from yourself".into(),
                    ));
                } else if accounts.set_grants(&form.id, &grants).await.is_ok() {
                    notice = Some("roles".to_string());
                } else {
                    errors.push(FieldError {
                        field: None,
                        message: tr!(lang, ed_err_unavailable).into(),
                    });
                }
            }
        },
        "disable" | "enable" => {
            if form.id == viewer.account_id {
                errors.push(FieldError {
                    field: None,
                    message: "you cannot disable your own account".into(),
                });
            } else if accounts
                .set_disabled(&form.id, form.action == "disable")
                .await
                .is_ok()
            {
                notice = Some("roles".to_string());
            }
        }
        "reset-link" => match state.auth.issue_reset_link(&form.id).await {
            Ok(token) => {
                secret = Some((
                    tr!(lang, ed_secret_reset_link).to_string(),
                    format!("{}/{lang}/reset/{token}", state.config.public_url),
                ));
            }
            Err(e) => errors.push(FieldError {
                field: None,
                message: auth_message(lang, &e),
            }),
        },
        "partners" => {
            let (valid, refused) =
                split_entries("partners_toml", parse::parse_partners(&form.partners_toml));
            errors = refused;
            for p in valid {
                if let Err(e) = as_author(edit.clone(), state.store.put_partner(&p)).await {
                    errors.push(unavailable(lang, "partner", e));
                }
            }
            if errors.is_empty() {
                notice = Some("imported".to_string());
            }
        }
        "themes" => {
            let (valid, refused) =
                split_entries("themes_toml", parse::parse_themes(&form.themes_toml));
            errors = refused;
            for t in valid {
                if let Err(e) = as_author(edit.clone(), state.store.put_theme(&t)).await {
                    errors.push(unavailable(lang, "theme", e));
                }
            }
            if errors.is_empty() {
                notice = Some("imported".to_string());
            }
        }
        _ => return (StatusCode::BAD_REQUEST, "unknown action").into_response(),
    }
    let mut view: AdminView = match state.desk.admin(&viewer).await {
        Ok(v) => v,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    if form.action == "partners" && !errors.is_empty() {
        view.partners_toml = form.partners_toml.clone();
    }
    if form.action == "themes" && !errors.is_empty() {
        view.themes_toml = form.themes_toml.clone();
    }
    view.notice = notice;
    view.secret = secret;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    view.errors = errors;
    let mut response = render_page(&state, parts, status, Prefilled(view)).await;
    // A page with a one-time secret is never kept by the browser.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The valid entries of a partners or themes file, and the refusals, by line, for the field `field`.
fn split_entries<T>(
    field: &str,
    entries: Result<Vec<parse::Entry<T>>, parse::Problem>,
) -> (Vec<T>, Vec<FieldError>) {
    let entries = match entries {
        Ok(e) => e,
        Err(p) => {
            return (
                vec![],
                vec![field_error(field, line_message(p.line, &p.message))],
            );
        }
    };
    let mut valid = vec![];
    let mut errors = vec![];
    for (_, entry) in entries {
        match entry {
            Ok(item) => valid.push(item),
            Err(p) => errors.push(field_error(field, line_message(p.line, &p.message))),
        }
    }
    (valid, errors)
}

fn unavailable(lang: Lang, what: &str, e: crate::store::StoreError) -> FieldError {
    tracing::error!("admin: {what}: {e}");
    FieldError {
        field: None,
        message: tr!(lang, ed_err_unavailable).into(),
    }
}

fn line_message(line: Option<usize>, message: &str) -> String {
    match line {
        Some(l) => format!("line {l}: {message}"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_signing_in_one_goes_only_to_a_page_of_this_site() {
        assert_eq!(safe_next("/en/desk/cases/a", Lang::En), "/en/desk/cases/a");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "en/desk",
            "/en/sign-in",
        ] {
            assert_eq!(safe_next(bad, Lang::Nl), "/nl/desk", "{bad}");
        }
    }

    #[test]
    fn roles_are_read_and_checked_against_the_partners() {
        let partners = vec!["groningen".to_string()];
        assert_eq!(
            parse_roles("editor:groningen, translator, member", &partners).unwrap(),
            vec![Grant::Editor("groningen".into()), Grant::Translator]
        );
        assert!(parse_roles("editor:nowhere", &partners).is_err());
        assert!(parse_roles("root", &partners).is_err());
    }
}
