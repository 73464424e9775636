//! Plain form posts of the account screens: sign in, sign out, one's account, a reset link, and the admin
//! screen. The extractors have already checked the language, the session and its form token; each handler
//! reads its form, calls `auth`, and answers: a redirect (303), or where a secret must be shown once the
//! page itself; a refusal renders the same page again with what was typed and the errors beside their
//! fields.

use super::AppState;
use super::editor::edit_errors;
use super::error::{auth_message, auth_status};
use super::extract::{ClientAddress, SessionForm, UiLang, Urlencoded};
use super::page::render_page;
use super::session::{SessionId, clear_cookie, set_cookie};
use crate::auth::AuthError;
use crate::auth::admin::{AdminAction, AdminDone};
use crate::editorial::library_files::LibraryFile;
use app::account::Viewer;
use app::desk::{AdminView, Desk, FieldError, Prefilled, ResetView, SignInView};
use app::lang::Lang;
use app::tr;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A refusal beside the field it is about (none: above the form).
fn field_error(lang: Lang, e: &AuthError) -> FieldError {
    FieldError {
        field: e.field().map(str::to_string),
        message: auth_message(lang, e),
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
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    ClientAddress(address): ClientAddress,
    parts: Parts,
    Urlencoded(form): Urlencoded<SignInForm>,
) -> Response {
    let old = parts
        .extensions
        .get::<SessionId>()
        .map(|s| s.0.clone())
        .or_else(|| super::session::session_cookie(&parts.headers));
    match state
        .auth
        .sign_in(&form.email, &form.password, address, old.as_deref())
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
            let view = SignInView {
                // What was typed comes back, but never more of it than an address can be.
                email: form.email.chars().take(254).collect(),
                error: Some(auth_message(lang, &e)),
                next: form.next.chars().take(2048).collect(),
            };
            let mut response = render_page(&state, parts, auth_status(&e), Prefilled(view)).await;
            if let AuthError::RateLimited { seconds } = e {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            } else if let AuthError::Busy = e {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            response
        }
    }
}

/// A form whose only field is the form token (which the extractor checks).
#[derive(Deserialize)]
pub struct Empty {}

pub async fn sign_out(
    State(state): State<AppState>,
    form: SessionForm<Urlencoded<Empty>>,
) -> Response {
    if let Err(e) = state.auth.sign_out(&form.session).await {
        tracing::error!("sign-out: {e}");
    }
    let mut response =
        Redirect::to(&format!("/{}/sign-in?signed-out=1", form.lang)).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, clear_cookie());
    response
}

/// One action of one's account screen.
#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum AccountAction {
    Password {
        #[serde(default)]
        current: String,
        #[serde(default)]
        new: String,
    },
    CreateToken {
        #[serde(default)]
        name: String,
        /// Days until it ends; empty: until revoked.
        #[serde(default)]
        expires: String,
    },
    RevokeToken {
        #[serde(default)]
        id: String,
    },
}

/// What an account action did, for the page to say (`notice`) and show once (`new_token`).
async fn do_account(
    state: &AppState,
    viewer: &Viewer,
    session: &str,
    action: AccountAction,
) -> Result<(&'static str, Option<String>), AuthError> {
    let auth = &state.auth;
    match action {
        AccountAction::Password { current, new } => {
            auth.change_password(viewer, Some(session), &current, &new)
                .await?;
            Ok(("password", None))
        }
        AccountAction::CreateToken { name, expires } => {
            let days = match expires.trim() {
                "" => None,
                d => Some(d.parse().map_err(|_| AuthError::Invalid {
                    field: "expires",
                    message: format!("`{d}` is not a number of days"),
                })?),
            };
            let token = auth.create_token_for(viewer, &name, days).await?;
            Ok(("token", Some(token)))
        }
        AccountAction::RevokeToken { id } => match auth.revoke_token(viewer, &id).await? {
            true => Ok(("revoked", None)),
            false => Err(AuthError::NoAccount),
        },
    }
}

pub async fn account(
    State(state): State<AppState>,
    form: SessionForm<Urlencoded<AccountAction>>,
) -> Response {
    let session = form.session.clone();
    let (lang, viewer, parts, Urlencoded(action)) = form.into_parts();
    let done = do_account(&state, &viewer, &session, action).await;
    let mut view = match state.desk.account(&viewer).await {
        Ok(v) => v,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let status = match done {
        Ok((notice, token)) => {
            view.notice = Some(notice.to_string());
            view.new_token = token;
            StatusCode::OK
        }
        Err(e) => {
            view.errors = vec![field_error(lang, &e)];
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render_page(&state, parts, status, Prefilled(view)).await
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new: String,
}

pub async fn reset(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Path((_, token)): Path<(String, String)>,
    parts: Parts,
    Urlencoded(form): Urlencoded<ResetForm>,
) -> Response {
    let (status, view) = match state.auth.reset_password(&token, &form.new).await {
        Ok(()) => (
            StatusCode::OK,
            ResetView {
                live: false,
                errors: vec![],
                done: true,
            },
        ),
        Err(AuthError::LinkExpired) => (StatusCode::GONE, ResetView::default()),
        Err(e) => (
            auth_status(&e),
            ResetView {
                live: true,
                errors: vec![FieldError {
                    field: Some("new".into()),
                    message: auth_message(lang, &e),
                }],
                done: false,
            },
        ),
    };
    render_page(&state, parts, status, Prefilled(view)).await
}

/// The admin screen's forms: an account action (decided in `auth`) or the partners or themes file
/// (decided in `editorial`).
#[derive(Deserialize)]
#[serde(untagged)]
pub enum AdminForm {
    Account(AdminAction),
    File(LibraryFile),
}

/// What the admin screen says after an action: a notice, a secret shown once, or the refusals.
type AdminAnswer = Result<(Option<&'static str>, Option<(String, String)>), Vec<FieldError>>;

async fn do_admin(state: &AppState, lang: Lang, viewer: &Viewer, form: &AdminForm) -> AdminAnswer {
    match form {
        AdminForm::Account(action) => match state.auth.administer(viewer, action.clone()).await {
            Ok(AdminDone::Account { password }) => Ok((
                Some("account"),
                password.map(|p| (tr!(lang, ed_secret_password).to_string(), p)),
            )),
            Ok(AdminDone::Roles) => Ok((Some("roles"), None)),
            Ok(AdminDone::ResetLink(token)) => Ok((
                None,
                Some((
                    tr!(lang, ed_secret_reset_link).to_string(),
                    format!("{}/{lang}/reset/{token}", state.config.public_url),
                )),
            )),
            Err(e) => Err(vec![field_error(lang, &e)]),
        },
        AdminForm::File(file) => match state.editorial.put_library_file(viewer, file).await {
            Ok(refused) if refused.is_empty() => Ok((Some("imported"), None)),
            Ok(refused) => Err(refused
                .into_iter()
                .map(|message| FieldError {
                    field: Some(file.field().into()),
                    message,
                })
                .collect()),
            Err(e) => Err(edit_errors(lang, &e).1),
        },
    }
}

pub async fn admin(
    State(state): State<AppState>,
    form: SessionForm<Urlencoded<AdminForm>>,
) -> Response {
    let (lang, viewer, parts, Urlencoded(form)) = form.into_parts();
    if !viewer.may(&app::account::Action::Administer) {
        return (StatusCode::FORBIDDEN, tr!(lang, ed_err_forbidden)).into_response();
    }
    let answer = do_admin(&state, lang, &viewer, &form).await;
    let mut view: AdminView = match state.desk.admin(&viewer).await {
        Ok(v) => v,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let status = match answer {
        Ok((notice, secret)) => {
            view.notice = notice.map(str::to_string);
            view.secret = secret;
            StatusCode::OK
        }
        Err(errors) => {
            // What was typed into a file's field comes back.
            if let AdminForm::File(file) = &form {
                match file {
                    LibraryFile::Partners { partners_toml } => {
                        view.partners_toml = partners_toml.clone()
                    }
                    LibraryFile::Themes { themes_toml } => view.themes_toml = themes_toml.clone(),
                }
            }
            view.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render_page(&state, parts, status, Prefilled(view)).await
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
    fn account_actions_are_read_from_their_form() {
        let a: AccountAction =
            serde_urlencoded::from_str("_csrf=x&action=create-token&name=ci&expires=30").unwrap();
        assert!(
            matches!(a, AccountAction::CreateToken { ref name, ref expires } if name == "ci" && expires == "30")
        );
        assert!(serde_urlencoded::from_str::<AccountAction>("action=drop-tables").is_err());
    }
}
