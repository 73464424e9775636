//! What the editorial forms share: the form token, errors beside their fields (and a summary at the top
//! that links to them), and the page for a screen one may not see.

use crate::desk::{DeskError, FieldError};
use crate::lang::Lang;
use crate::tr;
use leptos::prelude::*;

use super::chrome::PageMeta;

pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::OK));
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// The hidden form token every state-changing form carries.
#[component]
pub fn Csrf(token: String) -> impl IntoView {
    view! { <input type="hidden" name="_csrf" value=token/> }
}

/// The message for one field, if it has one.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field.as_deref() == Some(field))
        .map(|e| e.message.clone())
}

/// A labelled text input with its error beside it.
#[component]
pub fn TextField(
    name: &'static str,
    label: String,
    value: String,
    errors: Vec<FieldError>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = false)] required: bool,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = error_for(&errors, name);
    let described = match (&error, &hint) {
        (Some(_), _) => Some(format!("{id}-error")),
        (None, Some(_)) => Some(format!("{id}-hint")),
        _ => None,
    };
    let has_error = error.is_some();
    view! {
        <div class="field" class:has-error=has_error>
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {error.clone().map(|e| view! { <p class="field-error" id=format!("{id}-error") data-test=format!("error-{name}")>{e}</p> })}
            <input id=id.clone() name=name type=kind value=value required=required
                aria-invalid=error.is_some().then_some("true") aria-describedby=described autocomplete=autocomplete/>
        </div>
    }
}

/// A labelled text area with its error beside it.
#[component]
pub fn AreaField(
    name: &'static str,
    label: String,
    value: String,
    errors: Vec<FieldError>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] hint: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let error = error_for(&errors, name);
    let described = error
        .as_ref()
        .map(|_| format!("{id}-error"))
        .or_else(|| hint.as_ref().map(|_| format!("{id}-hint")));
    let has_error = error.is_some();
    view! {
        <div class="field" class:has-error=has_error>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {error.clone().map(|e| view! { <p class="field-error" id=format!("{id}-error") data-test=format!("error-{name}")>{e}</p> })}
            // Leptos writes a textarea's text child as it is, and `</textarea>` in it would end the field and
            // let the rest be markup: the text goes in escaped, by hand.
            <textarea id=id name=name rows=rows aria-invalid=error.is_some().then_some("true") aria-describedby=described
                inner_html=escape_text(&value)></textarea>
        </div>
    }
}

pub use crate::text::escape as escape_text;

/// All errors of a form, at its top, each linking to its field.
#[component]
pub fn ErrorSummary(lang: Lang, errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let items = errors
            .into_iter()
            .map(|e| match e.field {
                Some(f) => view! { <li><a href=format!("#f-{f}")>{e.message}</a></li> }.into_any(),
                None => view! { <li>{e.message}</li> }.into_any(),
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" data-test="error-summary">
                <h2>{tr!(lang, ed_errors_title)}</h2>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// A confirmation after a form was handled.
#[component]
pub fn Notice(lang: Lang, code: Option<String>) -> impl IntoView {
    code.map(|c| {
        let text = notice_text(lang, &c);
        view! { <p class="notice success" role="status" data-test="notice">{text}</p> }
    })
}

pub fn notice_text(lang: Lang, code: &str) -> &'static str {
    match code {
        "saved" => tr!(lang, ed_notice_saved),
        "unchanged" => tr!(lang, ed_notice_unchanged),
        "current" => tr!(lang, tr_notice_current),
        "moderation" => tr!(lang, md_done),
        "review" => tr!(lang, ed_notice_review),
        "published" => tr!(lang, ed_notice_published),
        "unpublished" => tr!(lang, ed_notice_unpublished),
        "draft" => tr!(lang, ed_notice_draft),
        "reverted" => tr!(lang, ed_notice_reverted),
        "password" => tr!(lang, ed_notice_password),
        "token" => tr!(lang, ed_notice_token),
        "revoked" => tr!(lang, ed_notice_revoked),
        "account" => tr!(lang, ed_notice_account),
        "roles" => tr!(lang, ed_notice_roles),
        "imported" => tr!(lang, ed_notice_imported),
        "signed-out" => tr!(lang, ed_notice_signed_out),
        _ => tr!(lang, ed_notice_saved),
    }
}

pub fn status_name(lang: Lang, code: &str) -> &'static str {
    match code {
        "draft" => tr!(lang, ed_status_draft),
        "review" => tr!(lang, ed_status_review),
        "published" => tr!(lang, ed_status_published),
        _ => tr!(lang, ed_status_unpublished),
    }
}

/// A screen of the desk that cannot be shown to this person: sign in (401), not allowed (403), not found,
/// or the backend down.
#[component]
pub fn DeskFailure(lang: Lang, error: DeskError) -> impl IntoView {
    let (status, title, text) = match error {
        DeskError::SignInRequired => (
            401,
            tr!(lang, ed_sign_in_needed_title),
            tr!(lang, ed_sign_in_needed_text),
        ),
        DeskError::Forbidden => (
            403,
            tr!(lang, ed_forbidden_title),
            tr!(lang, ed_forbidden_text),
        ),
        DeskError::NotFound => (404, tr!(lang, not_found_title), tr!(lang, not_found_text)),
        DeskError::Unavailable => (503, tr!(lang, error_title), tr!(lang, error_text)),
    };
    set_status(status);
    let next = {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .map(|p| p.uri.path().to_string())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            String::new()
        }
    };
    view! {
        <PageMeta lang title=title.to_string() description=text.to_string()/>
        <section class="status" data-test=format!("desk-failure-{status}")>
            <h1>{title}</h1>
            <p>{text}</p>
            {(status == 401).then(|| view! {
                <p><a class="button" href=format!("/{lang}/sign-in?next={}", next)>{tr!(lang, ed_sign_in)}</a></p>
            })}
        </section>
    }
}
