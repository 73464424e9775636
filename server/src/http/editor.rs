//! Form posts of the editor and the history page. The editor's form (multipart, for the image upload)
//! becomes a file of the content format and is saved through the editorial service; preview renders it
//! with the site's own pipeline; a workflow button saves first, then moves the item; an autosave keeps the
//! form as a draft of the person typing. A refusal shows the form again, as typed, with the errors.

use super::AppState;
use super::error::FormRefusal;
use super::extract::{FormBody, SessionForm, Urlencoded};
use super::page::render_page;
use crate::content::{markdown, parse};
use crate::domain::{ItemKind, Status};
use crate::editorial::{EditError, SaveMode, form};
use crate::store::Outcome;
use app::desk::{EditForm, EditKind, EditorView, FieldError, Prefilled, Preview};
use app::lang::Lang;
use app::tr;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

fn item_kind(kind: EditKind) -> ItemKind {
    match kind {
        EditKind::Case => ItemKind::Case,
        EditKind::Magazine => ItemKind::Magazine,
    }
}

/// What the editor form sent.
#[derive(Default)]
pub struct Posted {
    form: EditForm,
    action: String,
    text_lang: Option<Lang>,
    upload: Option<(String, Vec<u8>)>,
}

impl FormBody for Posted {
    async fn read(request: Request) -> Result<(Self, Option<String>), FormRefusal> {
        let multipart = Multipart::from_request(request, &())
            .await
            .map_err(|e| FormRefusal::Unreadable(e.body_text()))?;
        read_posted(multipart)
            .await
            .map_err(FormRefusal::Unreadable)
    }
}

/// The editor's fields, and the form token among them.
async fn read_posted(mut multipart: Multipart) -> Result<(Posted, Option<String>), String> {
    let mut p = Posted::default();
    let mut csrf = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "upload" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|e| e.to_string())?;
            if !file_name.is_empty() && !bytes.is_empty() {
                p.upload = Some((file_name, bytes.to_vec()));
            }
            continue;
        }
        let value = field.text().await.map_err(|e| e.to_string())?;
        let f = &mut p.form;
        match name.as_str() {
            "_csrf" => csrf = Some(value),
            "action" => p.action = value,
            "text_lang" => p.text_lang = value.parse().ok(),
            "translated_from" => f.translated_from = value.parse().ok(),
            "source_hash" => f.source_hash = value,
            "slug" => f.slug = value.trim().to_string(),
            "title" => f.title = value,
            "summary" => f.summary = value,
            "partner" => f.partner = value,
            "themes" => f.themes.push(value),
            "published" => f.published = value,
            "updated" => f.updated = value,
            "stage" => f.stage = value,
            "started" => f.started = value,
            "cost_eur" => f.cost_eur = value,
            "tags" => f.tags = value,
            "contact_name" => f.contact_name = value,
            "contact_email" => f.contact_email = value,
            "links" => f.links = value,
            "image" => f.image = value,
            "image_alt" => f.image_alt = value,
            "number" => f.number = value,
            "cases" => f.cases = value,
            "body" => f.body = value,
            "note" => f.note = value,
            _ => {}
        }
    }
    Ok((p, csrf))
}

/// The words of a composed file (for a preview), as the import would read them.
fn parse_text(
    item: ItemKind,
    slug: &str,
    lang: Lang,
    raw: &str,
) -> Result<crate::domain::Text, parse::Problem> {
    match item {
        ItemKind::Case => parse::parse_case(slug, lang.code(), raw).map(|d| d.text),
        ItemKind::Magazine => parse::parse_magazine(slug, lang.code(), raw).map(|d| d.text),
    }
}

/// Refusals as the form shows them: beside their field, in the reader's language where the text is ours.
pub fn edit_errors(lang: Lang, e: &EditError) -> (StatusCode, Vec<FieldError>) {
    let one = |field: Option<String>, message: String| vec![FieldError { field, message }];
    match e {
        EditError::Forbidden(_) => (
            StatusCode::FORBIDDEN,
            one(None, tr!(lang, ed_err_forbidden).into()),
        ),
        EditError::NotFound(m) => (StatusCode::NOT_FOUND, one(None, m.clone())),
        EditError::Invalid { field: Some(f), .. } if f == "note" => (
            StatusCode::UNPROCESSABLE_ENTITY,
            one(Some("note".into()), tr!(lang, ed_err_note_needed).into()),
        ),
        EditError::Invalid {
            line,
            field,
            message,
        } => {
            let field = field.clone().map(|f| match f.as_str() {
                "translated_from" | "contact" => "title".to_string(),
                "cover" => "image".to_string(),
                "cover_alt" => "image_alt".to_string(),
                _ => f,
            });
            let text = match (line, &field) {
                (Some(l), None) => format!("{} {message} (line {l})", tr!(lang, ed_err_invalid)),
                _ => format!("{} {message}", tr!(lang, ed_err_invalid)),
            };
            (StatusCode::UNPROCESSABLE_ENTITY, one(field, text))
        }
        EditError::Conflict(m) => (StatusCode::CONFLICT, one(None, m.clone())),
        EditError::Store(_) | EditError::Io(_) => {
            tracing::error!("editor: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                one(None, tr!(lang, ed_err_unavailable).into()),
            )
        }
    }
}

/// `POST /{lang}/desk/new/{kind}`.
pub async fn create(
    State(state): State<AppState>,
    Path((_, kind)): Path<(String, String)>,
    form: SessionForm<Posted>,
) -> Response {
    handle(state, kind, None, form).await
}

/// `POST /{lang}/desk/{kind}/{slug}`.
pub async fn update(
    State(state): State<AppState>,
    Path((_, kind, slug)): Path<(String, String, String)>,
    form: SessionForm<Posted>,
) -> Response {
    handle(state, kind, Some(slug), form).await
}

async fn handle(
    state: AppState,
    kind: String,
    slug: Option<String>,
    form: SessionForm<Posted>,
) -> Response {
    let SessionForm {
        lang,
        viewer,
        parts,
        form: mut posted,
        ..
    } = form;
    let Some(kind) = EditKind::parse_dir(&kind) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let item = item_kind(kind);
    let slug_given = slug.clone().unwrap_or_else(|| posted.form.slug.clone());
    let text_lang = posted.text_lang.unwrap_or(lang);
    let base = state
        .desk
        .editor_view(&viewer, lang, kind, slug.clone(), Some(text_lang))
        .await;
    let mut view: EditorView = match base {
        Ok(v) => v,
        Err(e) => return desk_failure(&state, parts, e).await,
    };
    if slug.is_some() {
        posted.form.slug = slug_given.clone();
    }
    let mut errors: Vec<FieldError> = vec![];
    let path = format!("{}/{slug_given}/{text_lang}.md", item.dir());

    if posted.action == "autosave" {
        if slug.is_none() {
            return StatusCode::NO_CONTENT.into_response();
        }
        let json = serde_json::to_string(&posted.form).unwrap_or_default();
        return match state
            .store
            .accounts()
            .save_draft(&viewer.account_id, &path, &json)
            .await
        {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => {
                tracing::error!("autosave: {e}");
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            }
        };
    }

    if posted.action == "preview-json" {
        let parsed = parse_text(
            item,
            &slug_given,
            text_lang,
            &form::compose(item, &posted.form),
        );
        return match parsed {
            Ok(text) => axum::Json(serde_json::json!({
                "title": text.title,
                "summary": text.summary,
                "html": markdown::render(&text.body, &item.media_base(&slug_given)),
            }))
            .into_response(),
            Err(p) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::Json(serde_json::json!({ "error": p.message })),
            )
                .into_response(),
        };
    }

    if slug.is_none()
        && let Err(m) = parse::check_slug(
            if kind == EditKind::Case {
                "case slug"
            } else {
                "magazine slug"
            },
            &slug_given,
        )
    {
        errors.push(FieldError {
            field: Some("slug".into()),
            message: m,
        });
    }
    for (field, message) in form::number_errors(item, &posted.form) {
        errors.push(FieldError {
            field: Some(field.into()),
            message: format!("{} {message}", tr!(lang, ed_err_invalid)),
        });
    }
    if errors.is_empty()
        && let Some((name, bytes)) = posted.upload.take()
    {
        let partner = (!posted.form.partner.is_empty()).then(|| posted.form.partner.clone());
        match state
            .editorial
            .upload(&viewer, item, &slug_given, partner.as_deref(), &name, bytes)
            .await
        {
            Ok(stored) => {
                posted.form.image = stored.clone();
                if !view.images.contains(&stored) {
                    view.images.push(stored);
                }
            }
            Err(e) => {
                let (_, mut errs) = edit_errors(lang, &e);
                for err in &mut errs {
                    err.field = Some("image".into());
                }
                errors.extend(errs);
            }
        }
    }
    if errors.is_empty() && posted.action == "mark-current" {
        // "Mark as current" records a review without edits: words typed meanwhile must be saved, not lost.
        let stored = state
            .store
            .accounts()
            .item_files(item, &slug_given)
            .await
            .ok()
            .and_then(|files| files.into_iter().find(|f| f.lang == text_lang))
            .and_then(|f| form::decompose(item, &slug_given, text_lang, &f.raw));
        let words = |f: &app::desk::EditForm| {
            [&f.title, &f.summary, &f.tags, &f.image_alt, &f.body]
                .map(|s| s.trim().replace("\r\n", "\n"))
        };
        if stored
            .as_ref()
            .is_some_and(|s| words(s) != words(&posted.form))
        {
            view.errors = vec![FieldError {
                field: None,
                message: tr!(lang, tr_err_changed).to_string(),
            }];
            view.form = posted.form;
            return render_page(&state, parts, StatusCode::CONFLICT, Prefilled(view)).await;
        }
        return match state
            .editorial
            .mark_current(
                &viewer,
                item,
                &slug_given,
                text_lang,
                &posted.form.source_hash,
            )
            .await
        {
            Ok(_) => Redirect::to(&format!(
                "/{lang}/desk/{}/{slug_given}?in={text_lang}&done=current",
                kind.dir()
            ))
            .into_response(),
            Err(e) => {
                let (status, errs) = edit_errors(lang, &e);
                view.errors = errs;
                view.form = posted.form;
                render_page(&state, parts, status, Prefilled(view)).await
            }
        };
    }
    let raw = form::compose(item, &posted.form);
    let mut notice = None;
    let mut status = StatusCode::OK;
    if errors.is_empty() {
        match posted.action.as_str() {
            "preview" => {
                let parsed = parse_text(item, &slug_given, text_lang, &raw);
                match parsed {
                    Ok(text) => {
                        view.preview = Some(Preview {
                            html: markdown::render(&text.body, &item.media_base(&slug_given)),
                            title: text.title,
                            summary: text.summary,
                        })
                    }
                    Err(p) => {
                        let (_, errs) = edit_errors(
                            lang,
                            &EditError::Invalid {
                                line: p.line,
                                field: crate::editorial::field_of(&p.message),
                                message: p.message,
                            },
                        );
                        errors.extend(errs);
                    }
                }
            }
            action => {
                let note = (!posted.form.note.trim().is_empty())
                    .then(|| posted.form.note.trim().to_string());
                let owner = (slug.is_none()
                    && kind == EditKind::Magazine
                    && !posted.form.partner.is_empty())
                .then(|| posted.form.partner.clone());
                match state
                    .editorial
                    .save(
                        &viewer,
                        item,
                        &slug_given,
                        text_lang,
                        &raw,
                        note.clone(),
                        SaveMode::Upsert,
                        owner,
                    )
                    .await
                {
                    Ok(saved) => {
                        let _ = state
                            .store
                            .accounts()
                            .delete_draft(&viewer.account_id, &path)
                            .await;
                        let mut done = if saved.outcome == Outcome::Unchanged {
                            "unchanged"
                        } else {
                            "saved"
                        };
                        if let Some(to) = action.strip_prefix("move:") {
                            let Some(to) = Status::parse(to) else {
                                return (StatusCode::BAD_REQUEST, "unknown move").into_response();
                            };
                            match state
                                .editorial
                                .transition(&viewer, item, &slug_given, to, note)
                                .await
                            {
                                Ok(s) => done = s.code(),
                                Err(e) => {
                                    let (s, errs) = edit_errors(lang, &e);
                                    status = s;
                                    errors.extend(errs);
                                }
                            }
                        }
                        if errors.is_empty() {
                            return Redirect::to(&format!(
                                "/{lang}/desk/{}/{slug_given}?in={text_lang}&done={done}",
                                kind.dir()
                            ))
                            .into_response();
                        }
                        notice = Some(done.to_string());
                    }
                    Err(e) => {
                        let (s, errs) = edit_errors(lang, &e);
                        status = s;
                        errors.extend(errs);
                    }
                }
            }
        }
    }
    if !errors.is_empty() && status == StatusCode::OK {
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    posted.form.note = String::new();
    view.form = posted.form;
    view.errors = errors;
    view.notice = notice;
    render_page(&state, parts, status, Prefilled(view)).await
}

async fn desk_failure(
    state: &AppState,
    parts: axum::http::request::Parts,
    e: app::desk::DeskError,
) -> Response {
    let status = match e {
        app::desk::DeskError::SignInRequired => StatusCode::UNAUTHORIZED,
        app::desk::DeskError::Forbidden => StatusCode::FORBIDDEN,
        app::desk::DeskError::NotFound => StatusCode::NOT_FOUND,
        app::desk::DeskError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    // The GET page tells the same in the reader's language.
    super::page::render_get(state, parts, status).await
}

#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum HistoryAction {
    Revert { revision: String },
}

#[derive(Deserialize)]
pub struct InLang {
    #[serde(rename = "in")]
    text_lang: Option<String>,
}

/// `POST /{lang}/desk/{kind}/{slug}/history`: revert to a revision.
pub async fn history(
    State(state): State<AppState>,
    Path((_, kind, slug)): Path<(String, String, String)>,
    axum::extract::Query(q): axum::extract::Query<InLang>,
    form: SessionForm<Urlencoded<HistoryAction>>,
) -> Response {
    let SessionForm {
        lang,
        viewer,
        parts,
        form: Urlencoded(HistoryAction::Revert { revision }),
        ..
    } = form;
    let Some(kind) = EditKind::parse_dir(&kind) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(revision) = revision.parse::<i64>() else {
        return FormRefusal::Unreadable(format!("`{revision}` is not a revision number"))
            .into_response();
    };
    let item = item_kind(kind);
    let text_lang = match q.text_lang.as_deref().and_then(|l| l.parse::<Lang>().ok()) {
        Some(l) => l,
        None => match state.store.source_file(item, &slug).await {
            Ok(Some(f)) => f.lang,
            _ => lang,
        },
    };
    match state
        .editorial
        .revert(&viewer, item, &slug, text_lang, revision)
        .await
    {
        Ok(_) => Redirect::to(&format!(
            "/{lang}/desk/{}/{slug}/history?in={text_lang}&done=reverted",
            kind.dir()
        ))
        .into_response(),
        Err(e) => {
            let (status, errors) = edit_errors(lang, &e);
            use app::desk::Desk;
            match state
                .desk
                .history(&viewer, kind, slug, Some(text_lang), None, None)
                .await
            {
                Ok(mut v) => {
                    v.errors = errors;
                    render_page(&state, parts, status, Prefilled(v)).await
                }
                Err(e) => desk_failure(&state, parts, e).await,
            }
        }
    }
}
