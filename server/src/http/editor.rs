//! Form posts of the editor and the history page. The editor's form (multipart, for the image upload)
//! becomes a file of the content format and is saved through the editorial service; preview renders it
//! with the site's own pipeline; a workflow button saves first, then moves the item; an autosave keeps the
//! form as a draft of the person typing. A refusal shows the form again, as typed, with the errors.

use super::AppState;
use super::error::FormRefusal;
use super::extract::{FormBody, SessionForm, Urlencoded};
use super::page::render_page;
use crate::content::parse;
use crate::domain::{ItemKind, Status};
use crate::editorial::{EditError, SaveMode, form};
use crate::store::Outcome;
use app::desk::{EditForm, EditorView, FieldError, Prefilled};
use app::lang::Lang;
use app::tr;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

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
        EditError::Unsaved => (
            StatusCode::CONFLICT,
            one(None, tr!(lang, tr_err_changed).into()),
        ),
        EditError::Store(_) | EditError::Io(_) => {
            tracing::error!("editor: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                one(None, tr!(lang, ed_err_unavailable).into()),
            )
        }
    }
}

/// What a button of the editor asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditorAction {
    /// Keep the form as the typist's draft (script, in the background).
    Autosave,
    /// The rendered preview as JSON (script).
    PreviewJson,
    /// The page again with the preview.
    Preview,
    /// A translation reviewed without edits.
    MarkCurrent,
    Save,
    /// Save, then move through the workflow.
    Move(Status),
}

impl EditorAction {
    fn parse(action: &str) -> Option<EditorAction> {
        Some(match action {
            "autosave" => EditorAction::Autosave,
            "preview-json" => EditorAction::PreviewJson,
            "preview" => EditorAction::Preview,
            "mark-current" => EditorAction::MarkCurrent,
            "" | "save" => EditorAction::Save,
            other => EditorAction::Move(Status::parse(other.strip_prefix("move:")?)?),
        })
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

/// One post of the editor: whose, of which item (`slug` is `None` for a new one), in which language.
struct Post {
    lang: Lang,
    viewer: app::account::Viewer,
    kind: ItemKind,
    slug: String,
    new: bool,
    text_lang: Lang,
}

impl Post {
    /// The post of `posted` to `/{lang}/desk/{kind}[/{slug}]`, and its button; none for an address or a
    /// button there is not.
    fn of(
        lang: Lang,
        viewer: app::account::Viewer,
        kind: &str,
        slug: Option<String>,
        posted: &mut Posted,
    ) -> Option<(Post, EditorAction)> {
        let kind = ItemKind::from_dir(kind)?;
        let action = EditorAction::parse(&posted.action)?;
        let new = slug.is_none();
        let slug = slug.unwrap_or_else(|| posted.form.slug.clone());
        posted.form.slug = slug.clone();
        let text_lang = posted.text_lang.unwrap_or(lang);
        let post = Post {
            lang,
            viewer,
            kind,
            slug,
            new,
            text_lang,
        };
        Some((post, action))
    }

    fn path(&self) -> String {
        format!("{}/{}/{}.md", self.kind.dir(), self.slug, self.text_lang)
    }

    fn done(&self, done: &str) -> Response {
        Redirect::to(&format!(
            "/{}/desk/{}/{}?in={}&done={done}",
            self.lang,
            self.kind.dir(),
            self.slug,
            self.text_lang
        ))
        .into_response()
    }
}

async fn handle(
    state: AppState,
    kind: String,
    slug: Option<String>,
    form: SessionForm<Posted>,
) -> Response {
    let (lang, viewer, parts, mut posted) = form.into_parts();
    let Some((post, action)) = Post::of(lang, viewer, &kind, slug, &mut posted) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (kind, new, text_lang) = (post.kind, post.new, post.text_lang);
    match action {
        EditorAction::Autosave => return autosave(&state, &post, &posted.form).await,
        EditorAction::PreviewJson => return preview_json(&state, &post, &posted.form),
        _ => {}
    }
    let base = state
        .desk
        .editor_view(
            &post.viewer,
            lang,
            kind,
            (!new).then(|| post.slug.clone()),
            Some(text_lang),
        )
        .await;
    let mut view: EditorView = match base {
        Ok(v) => v,
        Err(e) => return desk_failure(&state, parts, e).await,
    };
    let mut errors = form_errors(&post, &posted.form);
    if errors.is_empty() {
        upload(&state, &post, &mut posted, &mut view, &mut errors).await;
    }
    let mut status = StatusCode::OK;
    let mut notice = None;
    if errors.is_empty() {
        match act(&state, &post, &posted.form, action, &mut view).await {
            Ok(Some(done)) => return post.done(&done),
            Ok(None) => {}
            Err((s, done, errs)) => {
                status = s;
                notice = done;
                errors.extend(errs);
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

/// Why a save went wrong: its status, what was done before it did (a save whose move was refused), and
/// the errors beside their fields.
type Refusal = (StatusCode, Option<String>, Vec<FieldError>);

/// Carries out a button of the page (preview, mark as current, save, save and move): what was done, for
/// the address to say, or nothing when the page is shown again.
async fn act(
    state: &AppState,
    post: &Post,
    form: &EditForm,
    action: EditorAction,
    view: &mut EditorView,
) -> Result<Option<String>, Refusal> {
    match action {
        EditorAction::Preview => preview(state, post, form, view).map(|()| None),
        EditorAction::MarkCurrent => state
            .editorial
            .mark_current_as_typed(&post.viewer, post.kind, &post.slug, post.text_lang, form)
            .await
            .map(|_| Some("current".to_string()))
            .map_err(|e| {
                let (status, errors) = edit_errors(post.lang, &e);
                (status, None, errors)
            }),
        _ => save(state, post, form, action).await.map(Some),
    }
}

/// The form kept as the typist's draft of this file.
async fn autosave(state: &AppState, post: &Post, form: &EditForm) -> Response {
    if post.new {
        return StatusCode::NO_CONTENT.into_response();
    }
    let json = serde_json::to_string(form).unwrap_or_default();
    match state
        .store
        .accounts()
        .save_draft(&post.viewer.account_id, &post.path(), &json)
        .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::error!("autosave: {e}");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn preview_json(state: &AppState, post: &Post, form: &EditForm) -> Response {
    match state
        .editorial
        .preview(post.kind, &post.slug, post.text_lang, form)
    {
        Ok(p) => axum::Json(serde_json::json!({
            "title": p.title,
            "summary": p.summary,
            "html": p.html,
        }))
        .into_response(),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(serde_json::json!({ "error": e.to_string() })),
        )
            .into_response(),
    }
}

fn preview(
    state: &AppState,
    post: &Post,
    form: &EditForm,
    view: &mut EditorView,
) -> Result<(), Refusal> {
    match state
        .editorial
        .preview(post.kind, &post.slug, post.text_lang, form)
    {
        Ok(p) => {
            view.preview = Some(p);
            Ok(())
        }
        Err(e) => {
            let (_, errors) = edit_errors(post.lang, &e);
            Err((StatusCode::UNPROCESSABLE_ENTITY, None, errors))
        }
    }
}

/// What the form itself gets wrong before anything is saved: a new item's slug, numbers that are not.
fn form_errors(post: &Post, form: &EditForm) -> Vec<FieldError> {
    let mut errors = vec![];
    if post.new {
        let what = match post.kind {
            ItemKind::Case => "case slug",
            ItemKind::Magazine => "magazine slug",
        };
        if let Err(m) = parse::check_slug(what, &post.slug) {
            errors.push(FieldError {
                field: Some("slug".into()),
                message: m,
            });
        }
    }
    for (field, message) in form::number_errors(post.kind, form) {
        errors.push(FieldError {
            field: Some(field.into()),
            message: format!("{} {message}", tr!(post.lang, ed_err_invalid)),
        });
    }
    errors
}

/// Stores an uploaded image beside the item; it becomes the form's image.
async fn upload(
    state: &AppState,
    post: &Post,
    posted: &mut Posted,
    view: &mut EditorView,
    errors: &mut Vec<FieldError>,
) {
    let Some((name, bytes)) = posted.upload.take() else {
        return;
    };
    let partner = (!posted.form.partner.is_empty()).then(|| posted.form.partner.clone());
    match state
        .editorial
        .upload(
            &post.viewer,
            post.kind,
            &post.slug,
            partner.as_deref(),
            &name,
            bytes,
        )
        .await
    {
        Ok(stored) => {
            posted.form.image = stored.clone();
            if !view.images.contains(&stored) {
                view.images.push(stored);
            }
        }
        Err(e) => {
            let (_, errs) = edit_errors(post.lang, &e);
            errors.extend(errs.into_iter().map(|mut err| {
                err.field = Some("image".into());
                err
            }));
        }
    }
}

/// Saves the form as a file of the content format, then moves it if asked; what was done, for the
/// address to say.
async fn save(
    state: &AppState,
    post: &Post,
    form: &EditForm,
    action: EditorAction,
) -> Result<String, Refusal> {
    let refusal = |e: EditError, done: Option<String>| {
        let (status, errors) = edit_errors(post.lang, &e);
        (status, done, errors)
    };
    let note = (!form.note.trim().is_empty()).then(|| form.note.trim().to_string());
    let owner = (post.new && post.kind == ItemKind::Magazine && !form.partner.is_empty())
        .then(|| form.partner.clone());
    let saved = state
        .editorial
        .save(
            &post.viewer,
            post.kind,
            &post.slug,
            post.text_lang,
            &form::compose(post.kind, form),
            note.clone(),
            SaveMode::Upsert,
            owner,
        )
        .await
        .map_err(|e| refusal(e, None))?;
    let _ = state
        .store
        .accounts()
        .delete_draft(&post.viewer.account_id, &post.path())
        .await;
    let done = if saved.outcome == Outcome::Unchanged {
        "unchanged"
    } else {
        "saved"
    };
    let EditorAction::Move(to) = action else {
        return Ok(done.to_string());
    };
    state
        .editorial
        .transition(&post.viewer, post.kind, &post.slug, to, note)
        .await
        .map(|s| s.code().to_string())
        .map_err(|e| refusal(e, Some(done.to_string())))
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
    let (lang, viewer, parts, Urlencoded(HistoryAction::Revert { revision })) = form.into_parts();
    let Some(kind) = ItemKind::from_dir(&kind) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(revision) = revision.parse::<i64>() else {
        return FormRefusal::Unreadable(format!("`{revision}` is not a revision number"))
            .into_response();
    };
    let item = kind;
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
