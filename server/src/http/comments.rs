//! Comments over HTTP: the plain form posts of the discussion, the moderation queue and notifications; the
//! JSON API (`GET`/`POST /api/v1/{cases|magazines}/{slug}/comments`); and the Atom feed of an item's
//! comments. Every write goes through `discussion`, which decides who may.

use super::error::comment_status;
use super::extract::{SessionForm, Urlencoded};
use super::page::render_page;
use super::write_api::caller;
use super::{ApiError, AppState};
use crate::discussion::views::{comment_view, href, public_newest_first, thread};
use crate::discussion::{CommentError, Moderation};
use crate::domain::ItemKind;
use crate::store::comments::CommentState;
use app::desk::Prefilled;
use app::discussion::CommentDraft;
use app::lang::Lang;
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
    parent: Option<String>,
}

/// The item page again, with the words kept and the refusal beside the form they came from.
async fn refused(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    (lang, kind, slug): (Lang, ItemKind, &str),
    (form, body): (String, String),
    e: CommentError,
) -> Response {
    let (status, draft) = match &e {
        CommentError::Refused { code, limit, .. } | CommentError::TooFast { code, limit, .. } => (
            comment_status(&e),
            CommentDraft {
                form,
                body,
                error: (*code).into(),
                limit: *limit,
            },
        ),
        CommentError::NotFound => return StatusCode::NOT_FOUND.into_response(),
        CommentError::Forbidden(m) => return (StatusCode::FORBIDDEN, *m).into_response(),
        CommentError::Store(e) => {
            tracing::error!("comment: {e}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if let Ok(uri) = format!("/{lang}/{}/{slug}", kind.dir()).parse() {
        parts.uri = uri;
    }
    render_page(state, parts, status, Prefilled(draft)).await
}

fn back(lang: Lang, kind: ItemKind, slug: &str, notice: &str, id: i64) -> Response {
    Redirect::to(&format!(
        "/{lang}/{}/{slug}?comment={notice}#comment-{id}",
        kind.dir()
    ))
    .into_response()
}

/// `POST /{lang}/{cases|magazines}/{slug}/comments`: a new comment or a reply.
/// `POST /{lang}/magazines/{slug}/comments`, spelled out beside the reading view's `/{lang}/magazines/{slug}/{case}`.
pub async fn post_on_magazine(
    state: State<AppState>,
    Path((lang, slug)): Path<(String, String)>,
    form: SessionForm<Urlencoded<CommentForm>>,
) -> Response {
    post(state, Path((lang, "magazines".to_string(), slug)), form).await
}

pub async fn post(
    State(state): State<AppState>,
    Path((_, dir, slug)): Path<(String, String, String)>,
    form: SessionForm<Urlencoded<CommentForm>>,
) -> Response {
    let (lang, viewer, parts, Urlencoded(form)) = form.into_parts();
    let Some(kind) = ItemKind::from_dir(&dir) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let parent = match form.parent.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => match p.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return (StatusCode::BAD_REQUEST, "`parent` is not a comment number")
                    .into_response();
            }
        },
        None => None,
    };
    match state
        .discussion
        .post(&viewer, kind, &slug, parent, &form.body)
        .await
    {
        Ok((id, CommentState::Waiting)) => back(lang, kind, &slug, "waiting", id),
        Ok((id, _)) => back(lang, kind, &slug, "posted", id),
        Err(e) => {
            let which = parent
                .map(|p| format!("reply-{p}"))
                .unwrap_or_else(|| "new".into());
            refused(&state, parts, (lang, kind, &slug), (which, form.body), e).await
        }
    }
}

/// `POST /{lang}/comments/{id}/{edit|delete|report}`: one's own comment, or a report of another's.
pub async fn act(
    State(state): State<AppState>,
    Path((_, id, action)): Path<(String, i64, String)>,
    form: SessionForm<Urlencoded<CommentForm>>,
) -> Response {
    let (lang, viewer, parts, Urlencoded(form)) = form.into_parts();
    let d = &state.discussion;
    let (result, notice, typed) = match action.as_str() {
        "edit" => (
            d.edit(&viewer, id, &form.body).await,
            "edited",
            form.body.clone(),
        ),
        "delete" => (d.delete(&viewer, id).await, "deleted", String::new()),
        "report" => (
            d.report(&viewer, id, &form.reason).await,
            "reported",
            form.reason.clone(),
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match result {
        Ok(c) => back(lang, c.kind, &c.slug, notice, id),
        Err(e) => {
            let Ok(Some(c)) = state.store.comments().comment(id).await else {
                return StatusCode::NOT_FOUND.into_response();
            };
            let form = (format!("{action}-{id}"), typed);
            refused(&state, parts, (lang, c.kind, &c.slug), form, e).await
        }
    }
}

#[derive(Deserialize)]
pub struct ModerationForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    threshold: String,
    /// `desk` when a partner's editor set its mode from the desk.
    #[serde(default)]
    back: String,
}

fn to_queue(lang: Lang, result: Result<(), CommentError>) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/{lang}/moderation?done=1")).into_response(),
        Err(CommentError::Refused { code, .. } | CommentError::TooFast { code, .. }) => {
            Redirect::to(&format!("/{lang}/moderation?error={code}")).into_response()
        }
        Err(CommentError::Forbidden(m)) => (StatusCode::FORBIDDEN, m).into_response(),
        Err(CommentError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(CommentError::Store(e)) => {
            tracing::error!("moderation: {e}");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `POST /{lang}/moderation/{id}/{approve|hide|restore|dismiss|answer}`.
pub async fn moderate(
    State(state): State<AppState>,
    Path((_, id, action)): Path<(String, String, String)>,
    form: SessionForm<Urlencoded<ModerationForm>>,
) -> Response {
    let (lang, viewer, _, Urlencoded(form)) = form.into_parts();
    let d = &state.discussion;
    let result = match (id.as_str(), action.as_str()) {
        ("settings", _) | ("partner", _) => return StatusCode::NOT_FOUND.into_response(),
        (id, "answer") => match id.parse() {
            Ok(id) => d.answer(&viewer, id, &form.body).await.map(|_| ()),
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        },
        (id, action) => match (id.parse(), Moderation::parse(action)) {
            (Ok(id), Some(m)) => d.moderate(&viewer, id, m, &form.reason).await.map(|_| ()),
            _ => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    to_queue(lang, result)
}

/// `POST /{lang}/moderation/settings` (the site's mode and N) and `…/partner/{slug}` (a partner's own).
pub async fn settings(
    State(state): State<AppState>,
    Path(path): Path<Vec<(String, String)>>,
    form: SessionForm<Urlencoded<ModerationForm>>,
) -> Response {
    let get = |k: &str| path.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let (lang, viewer, _, Urlencoded(form)) = form.into_parts();
    let result = match get("partner") {
        Some(p) => {
            state
                .discussion
                .set_partner_mode(&viewer, &p, &form.mode)
                .await
        }
        None => {
            state
                .discussion
                .set_site_mode(&viewer, &form.mode, &form.threshold)
                .await
        }
    };
    match result {
        // A partner's editor set it from the desk, and goes back there.
        Ok(()) if form.back == "desk" => {
            Redirect::to(&format!("/{lang}/desk?done=moderation")).into_response()
        }
        result => to_queue(lang, result),
    }
}

/// `POST /{lang}/notifications/seen`.
pub async fn seen(
    State(state): State<AppState>,
    form: SessionForm<Urlencoded<super::forms::Empty>>,
) -> Response {
    let (lang, viewer, _, _) = form.into_parts();
    if let Err(e) = state.auth.mark_seen(&viewer.account_id).await {
        tracing::error!("notifications: {e}");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Redirect::to(&format!("/{lang}/notifications")).into_response()
}

/// A comment as the API shows it. (Fields in alphabetical order, as the JSON has always had them.)
#[derive(Serialize, ToSchema)]
#[schema(as = Comment)]
pub struct ApiComment {
    /// The author's display name.
    author: String,
    /// An answer written as moderator.
    by_moderator: bool,
    created_at: String,
    /// Deleted by its author: its words are gone, it stays while replies hang from it.
    deleted: bool,
    edited: bool,
    /// The comment rendered and sanitised: emphasis, links (rel="nofollow ugc"), lists, quotes, code.
    html: String,
    id: i64,
    /// One level of replies, oldest first.
    #[schema(no_recursion)]
    replies: Vec<ApiComment>,
}

fn comment_json(c: &app::discussion::CommentView) -> ApiComment {
    ApiComment {
        id: c.id,
        author: c.author.clone(),
        created_at: c.created_at.clone(),
        edited: c.edited,
        deleted: c.deleted,
        by_moderator: c.by_moderator,
        html: c.html.clone(),
        replies: c.replies.iter().map(comment_json).collect(),
    }
}

/// An item's approved comments.
#[derive(Serialize, ToSchema)]
#[schema(as = CommentList)]
pub struct ApiCommentList {
    comments: Vec<ApiComment>,
    /// Comments and replies shown.
    count: usize,
    slug: String,
}

/// A comment just written, with where it stands.
#[derive(Serialize, ToSchema)]
#[schema(as = PostedComment)]
pub struct ApiPostedComment {
    author: String,
    by_moderator: bool,
    created_at: String,
    deleted: bool,
    edited: bool,
    html: String,
    id: i64,
    /// The comment it answers, if any.
    parent: Option<i64>,
    replies: Vec<ApiComment>,
    /// `approved`, or `waiting` for a moderator.
    #[schema(pattern = "^(approved|waiting|hidden)$")]
    state: &'static str,
}

/// `GET /api/v1/{cases|magazines}/{slug}/comments`: approved comments, oldest first, replies nested. The
/// same for everyone (it is cached): a waiting comment is never here, not even for its author.
#[utoipa::path(
    get,
    path = "/{kind}/{slug}/comments",
    tag = "comments",
    summary = "The approved comments on a published case or magazine",
    params(
        ("kind" = super::openapi::ItemDir, Path, description = "`cases` or `magazines`"),
        ("slug" = String, Path, description = "The item's slug", example = "aalborg-citizen-service-chatbot"),
    ),
    responses(
        (status = 200, description = "Approved comments, oldest first, replies nested", body = ApiCommentList),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = super::openapi::NotFound),
        (status = 503, response = super::openapi::Unavailable),
    )
)]
pub async fn api_list(
    State(state): State<AppState>,
    super::error::ApiPath((dir, slug)): super::error::ApiPath<(String, String)>,
) -> Result<Json<ApiCommentList>, ApiError> {
    let kind = ItemKind::from_dir(&dir)
        .ok_or_else(|| ApiError::NotFound("no such API endpoint".into()))?;
    state.discussion.published_item(kind, &slug).await?;
    let all = state.store.comments().item_comments(kind, &slug).await?;
    let (comments, count) = thread(&all, None);
    Ok(Json(ApiCommentList {
        slug,
        count,
        comments: comments.iter().map(comment_json).collect(),
    }))
}

/// The JSON of a new comment, checked field by field so that an error names the field that is wrong.
fn new_comment_body(bytes: &[u8]) -> Result<(String, Option<i64>), ApiError> {
    let bad = |field: &'static str, message: String| ApiError::BadRequest {
        field: Some(field),
        message,
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        bad(
            "body",
            format!("the request must be JSON {{\"body\": \"…\", \"parent\": 12}}: {e}"),
        )
    })?;
    let Value::Object(fields) = value else {
        return Err(bad(
            "body",
            "the request must be a JSON object {\"body\": \"…\", \"parent\": 12}".into(),
        ));
    };
    if let Some(other) = fields.keys().find(|k| *k != "body" && *k != "parent") {
        return Err(bad(
            "body",
            format!("unknown field `{other}`: a comment has `body` and, for a reply, `parent`"),
        ));
    }
    let body = match fields.get("body") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(bad("body", "`body` must be a string of text".into())),
        None => {
            return Err(bad(
                "body",
                "`body` is missing: the words of the comment".into(),
            ));
        }
    };
    let parent = match fields.get("parent") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| {
            bad(
                "parent",
                format!(
                    "`parent` must be the id (a whole number) of the comment answered, not {v}"
                ),
            )
        })?),
    };
    Ok((body, parent))
}

/// `POST /api/v1/{cases|magazines}/{slug}/comments` with a token: `{ "body", "parent"? }`.
#[utoipa::path(
    post,
    path = "/{kind}/{slug}/comments",
    tag = "comments",
    summary = "Comment on a published case or magazine, or answer a comment",
    description = "Any signed-in member. A newcomer's first comments wait for a moderator (`state: waiting`).",
    security(("token" = [])),
    params(
        ("kind" = super::openapi::ItemDir, Path, description = "`cases` or `magazines`"),
        ("slug" = String, Path, description = "The item's slug", example = "aalborg-citizen-service-chatbot"),
    ),
    request_body(content = super::openapi::NewComment, content_type = "application/json"),
    responses(
        (status = 201, description = "Written", body = ApiPostedComment),
        (status = 400, response = super::openapi::BadRequest),
        (status = 401, response = super::openapi::Unauthorized),
        (status = 403, response = super::openapi::Forbidden),
        (status = 404, response = super::openapi::NotFound),
        (status = 413, response = super::openapi::TooLarge),
        (status = 422, response = super::openapi::Invalid),
        (status = 429, response = super::openapi::RateLimited),
        (status = 503, response = super::openapi::Unavailable),
    )
)]
pub async fn api_post(
    State(state): State<AppState>,
    super::error::ApiPath((dir, slug)): super::error::ApiPath<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let kind = ItemKind::from_dir(&dir)
        .ok_or_else(|| ApiError::NotFound("no such API endpoint".into()))?;
    let viewer = caller(request.extensions())?;
    let bytes = axum::body::to_bytes(request.into_body(), 64 * 1024)
        .await
        .map_err(|_| ApiError::TooLarge("a comment request has at most 64 KiB".into()))?;
    let (body, parent) = new_comment_body(&bytes)?;
    let (id, state_now) = state
        .discussion
        .post(&viewer, kind, &slug, parent, &body)
        .await?;
    let c = state
        .store
        .comments()
        .comment(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("the comment just written".into()))?;
    let shown = comment_json(&comment_view(&c, Some(&viewer)));
    let out = ApiPostedComment {
        author: shown.author,
        by_moderator: shown.by_moderator,
        created_at: shown.created_at,
        deleted: shown.deleted,
        edited: shown.edited,
        html: shown.html,
        id: shown.id,
        parent: c.parent,
        replies: shown.replies,
        state: state_now.code(),
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// `GET /{lang}/{cases|magazines}/{slug}/comments.atom`: approved comments, newest first.
/// `/{lang}/magazines/{slug}/comments.atom`, spelled out beside the reading view's `/{lang}/magazines/{slug}/{case}`.
pub async fn magazine_atom(
    state: State<AppState>,
    Path((lang, slug)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    atom(state, Path((lang, "magazines".to_string(), slug))).await
}

pub async fn atom(
    State(state): State<AppState>,
    Path((lang, dir, slug)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let lang: Lang = lang
        .parse()
        .map_err(|_| ApiError::NotFound(format!("no language `{lang}`")))?;
    let kind = ItemKind::from_dir(&dir).ok_or_else(|| ApiError::NotFound("no such feed".into()))?;
    state.discussion.published_item(kind, &slug).await?;
    let all = state.store.comments().item_comments(kind, &slug).await?;
    let base = &state.config.public_url;
    let esc = super::feeds::xml_escape;
    let title = match kind {
        ItemKind::Case => state
            .store
            .case(&slug)
            .await?
            .map(|c| c.text_or_source(lang).text.title.clone()),
        ItemKind::Magazine => state
            .store
            .magazine(&slug)
            .await?
            .map(|m| m.text_or_source(lang).text.title.clone()),
    }
    .unwrap_or_else(|| slug.clone());
    let visible = public_newest_first(&all);
    let updated = visible
        .first()
        .map(|c| c.created_at.clone())
        .unwrap_or_else(|| "2016-10-01T00:00:00Z".into());
    let feed = format!("{base}/{lang}/{}/{slug}/comments.atom", kind.dir());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{}</title>\n<id>{feed}</id>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/{lang}/{}/{slug}\"/>\n",
        esc(&format!("Likewise: {title}")),
        esc(&updated),
        kind.dir()
    );
    for c in visible.iter().take(100) {
        let link = format!("{base}{}", href(lang, c.kind, &c.slug, c.id));
        xml.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<author><name>{}</name></author>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<content type=\"html\">{}</content>\n</entry>\n",
            esc(&link),
            esc(&crate::discussion::markup::excerpt(&c.body, 80)),
            esc(&c.author_name),
            esc(&c.created_at),
            esc(&link),
            esc(&c.html),
        ));
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}
