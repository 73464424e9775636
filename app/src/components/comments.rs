//! The discussion under a case or magazine: comments oldest first with one level of replies, and plain
//! forms to write, reply, edit, delete and report (they work without JavaScript). Readers' pages are shared,
//! so a visitor sees only approved comments; a signed-in person (never cached) sees their own waiting ones.

use crate::components::forms::{Csrf, escape_text};
use crate::desk::{DeskError, Prefilled};
use crate::discussion::{CommentDraft, CommentView, CommentsView};
use crate::lang::Lang;
use crate::model::CommentState;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The translated message of a comment refusal (`%n` is the limit it names).
pub fn comment_error(lang: Lang, code: &str, limit: Option<i64>) -> String {
    let text = match code {
        "cm_err_empty" => tr!(lang, cm_err_empty),
        "cm_err_too_long" => tr!(lang, cm_err_too_long),
        "cm_err_too_many_links" => tr!(lang, cm_err_too_many_links),
        "cm_err_duplicate" => tr!(lang, cm_err_duplicate),
        "cm_err_rate" => tr!(lang, cm_err_rate),
        "cm_err_report_rate" => tr!(lang, cm_err_report_rate),
        "cm_err_edit_closed" => tr!(lang, cm_err_edit_closed),
        "cm_err_reason" | "cm_err_hide_reason" => tr!(lang, cm_err_reason),
        "cm_err_reason_long" => tr!(lang, cm_err_reason_long),
        "cm_err_parent" | "cm_err_nesting" => tr!(lang, cm_err_parent),
        "cm_err_reported_already" => tr!(lang, cm_err_reported_already),
        _ => tr!(lang, cm_err_other),
    };
    text.replace("%n", &limit.map(|n| n.to_string()).unwrap_or_default())
}

fn comment_notice(lang: Lang, code: &str) -> Option<&'static str> {
    Some(match code {
        "posted" => tr!(lang, cm_notice_posted),
        "waiting" => tr!(lang, cm_notice_waiting),
        "edited" => tr!(lang, cm_notice_edited),
        "deleted" => tr!(lang, cm_notice_deleted),
        "reported" => tr!(lang, cm_notice_reported),
        _ => return None,
    })
}

#[component]
/// The comments of an item, read by its page together with the item. `?reply=ID` or `?report=ID` opens
/// that comment's form (the links under each comment lead there): the page carries one form a reader asked
/// for, not two hidden ones under every comment.
pub fn CommentsSection(lang: Lang, comments: Result<CommentsView, DeskError>) -> impl IntoView {
    let draft = use_context::<Prefilled<CommentDraft>>().map(|p| p.0);
    let query = use_query_map().read_untracked();
    let notice = query.get("comment");
    let open = ["reply", "report"].into_iter().find_map(|form| {
        query
            .get(form)
            .and_then(|id| id.parse::<i64>().ok())
            .map(|id| format!("{form}-{id}"))
    });
    match comments {
        Ok(mut v) => {
            v.draft = draft;
            v.notice = notice;
            view! { <Comments lang view=v open/> }.into_any()
        }
        Err(_) => ().into_any(),
    }
}

/// What each comment's forms need to know of the page.
#[derive(Clone)]
struct Ctx {
    lang: Lang,
    csrf: Option<String>,
    post_to: String,
    draft: Option<CommentDraft>,
    /// The form the address asks for (`reply-12`, `report-12`).
    open: Option<String>,
}

impl Ctx {
    /// Whether form `form` is shown: asked for, or sent back after a refusal.
    fn shows(&self, form: &str) -> bool {
        self.open.as_deref() == Some(form) || self.draft.as_ref().is_some_and(|d| d.form == form)
    }

    /// The words and message of form `form` after a refusal.
    fn draft_for(&self, form: &str) -> Option<(String, String)> {
        self.draft
            .as_ref()
            .filter(|d| d.form == form)
            .map(|d| (d.body.clone(), comment_error(self.lang, &d.error, d.limit)))
    }
}

/// A labelled text area of one of the comment forms, with its error beside it.
fn area(
    id: String,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {error.clone().map(|e| view! { <p class="field-error" id=err_id.clone() data-test="comment-error">{e}</p> })}
            <textarea id=id name=name rows="4" aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then_some(err_id.clone()) inner_html=escape_text(&value)></textarea>
        </div>
    }
}

#[component]
fn Comments(lang: Lang, view: CommentsView, open: Option<String>) -> impl IntoView {
    let dir = view.kind.dir();
    let page = format!("/{lang}/{dir}/{}", view.slug);
    let ctx = Ctx {
        lang,
        csrf: view.viewer.as_ref().map(|v| v.csrf.clone()),
        post_to: format!("{page}/comments"),
        draft: view.draft.clone(),
        open,
    };
    let notice = view
        .notice
        .as_deref()
        .and_then(|c| comment_notice(lang, c))
        .map(|t| view! { <p class="notice success" role="status" data-test="comment-notice">{t}</p> });
    let list = if view.comments.is_empty() {
        view! { <p data-test="no-comments">{tr!(lang, cm_none)}</p> }.into_any()
    } else if let Some(html) = view
        .list_html
        .clone()
        .filter(|_| ctx.draft.is_none() && ctx.open.is_none())
    {
        view! { <ol class="comment-list" inner_html=html></ol> }.into_any()
    } else {
        let items = view
            .comments
            .iter()
            .map(|c| comment_item(&ctx, c, false))
            .collect_view();
        view! { <ol class="comment-list">{items}</ol> }.into_any()
    };
    let form = match &ctx.csrf {
        Some(csrf) => {
            let (body, error) = ctx.draft_for("new").map(|(b, e)| (b, Some(e))).unwrap_or_default();
            let wait = view
                .will_wait
                .then(|| view! { <p class="hint" data-test="comment-will-wait">{tr!(lang, cm_will_wait)}</p> });
            view! {
                <form method="post" action=ctx.post_to.clone() class="comment-form" data-test="comment-form">
                    <h3>{tr!(lang, cm_write)}</h3>
                    <Csrf token=csrf.clone()/>
                    {area("comment-new".into(), "body", tr!(lang, cm_your_comment), body, error)}
                    <p class="hint">{tr!(lang, cm_format_hint)}</p>
                    {wait}
                    <button type="submit" data-test="comment-submit">{tr!(lang, cm_send)}</button>
                </form>
            }
            .into_any()
        }
        None => view! {
            <p><a href=format!("/{lang}/sign-in?next={page}") data-test="comment-sign-in">{tr!(lang, cm_sign_in_to_comment)}</a></p>
        }
        .into_any(),
    };
    view! {
        <section class="comments" aria-labelledby="comments-title" data-test="comments">
            <h2 id="comments-title">{tr!(lang, cm_title)} " (" <span data-test="comment-total">{view.count}</span> ")"</h2>
            <p><a href=format!("{page}/comments.atom") data-test="comments-feed">{tr!(lang, cm_feed)}</a></p>
            {notice}
            {list}
            {form}
        </section>
    }
}

/// Stands for a form token in a list rendered once for every signed-in reader. The list has no form (its
/// reply and report links lead to the page with that one form), so no token of anyone's is in it.
#[cfg(feature = "ssr")]
const NO_TOKEN: &str = "";

/// The items of a comment list as HTML, for a reader with no comment of their own in it: signed in
/// (`member`, with reply and report links) or not.
#[cfg(feature = "ssr")]
pub fn list_items_html(
    lang: Lang,
    kind: crate::desk::ItemKind,
    slug: &str,
    comments: &[CommentView],
    member: bool,
) -> String {
    let ctx = Ctx {
        lang,
        csrf: member.then(|| NO_TOKEN.to_string()),
        post_to: format!("/{lang}/{}/{slug}/comments", kind.dir()),
        draft: None,
        open: None,
    };
    let owner = Owner::new();
    owner.with(|| {
        comments
            .iter()
            .map(|c| comment_item(&ctx, c, false))
            .collect_view()
            .to_html()
    })
}

fn comment_item(ctx: &Ctx, c: &CommentView, is_reply: bool) -> AnyView {
    let lang = ctx.lang;
    let id = c.id;
    let status = if c.deleted {
        Some(view! { <p class="comment-deleted" data-test="comment-deleted">{tr!(lang, cm_deleted)}</p> }.into_any())
    } else if c.state == CommentState::Waiting {
        Some(
            view! { <p class="notice" data-test="comment-waiting">{tr!(lang, cm_waiting_own)}</p> }
                .into_any(),
        )
    } else if c.state == CommentState::Hidden {
        let reason = c.hidden_reason.clone().unwrap_or_default();
        Some(view! { <p class="notice" data-test="comment-hidden">{tr!(lang, cm_hidden_own)} " " {reason}</p> }.into_any())
    } else {
        None
    };
    let body =
        (!c.deleted).then(|| view! { <div class="comment-body" inner_html=c.html.clone()></div> });
    let actions = ctx.csrf.clone().filter(|_| !c.deleted).map(|csrf| {
        let reply = (!is_reply && c.state == CommentState::Approved).then(|| {
            let key = format!("reply-{id}");
            if !ctx.shows(&key) {
                return view! {
                    <a href=format!("?reply={id}#{key}") class="comment-action" data-test="reply-open">{tr!(lang, cm_reply)}</a>
                }
                .into_any();
            }
            let (value, error) = ctx.draft_for(&key).map(|(b, e)| (b, Some(e))).unwrap_or_default();
            view! {
                <form method="post" action=ctx.post_to.clone() class="comment-action-form">
                    <Csrf token=csrf.clone()/>
                    <input type="hidden" name="parent" value=id.to_string()/>
                    {area(key, "body", tr!(lang, cm_your_reply), value, error)}
                    <button type="submit" data-test="reply-submit">{tr!(lang, cm_send_reply)}</button>
                </form>
            }
            .into_any()
        });
        let edit = c.editable_body.clone().map(|current| {
            let key = format!("edit-{id}");
            let draft = ctx.draft_for(&key);
            let open = draft.is_some();
            let (value, error) = draft.map(|(b, e)| (b, Some(e))).unwrap_or((current, None));
            view! {
                <details open=open>
                    <summary data-test="edit-open">{tr!(lang, cm_edit)}</summary>
                    <form method="post" action=format!("/{lang}/comments/{id}/edit")>
                        <Csrf token=csrf.clone()/>
                        {area(key, "body", tr!(lang, cm_your_comment), value, error)}
                        <button type="submit" data-test="edit-submit">{tr!(lang, cm_save_edit)}</button>
                    </form>
                </details>
            }
        });
        let delete = c.mine.then(|| {
            view! {
                <form method="post" action=format!("/{lang}/comments/{id}/delete") class="inline-form">
                    <Csrf token=csrf.clone()/>
                    <button type="submit" class="secondary" data-test="delete-submit">{tr!(lang, cm_delete)}</button>
                </form>
            }
        });
        let report = (!c.mine && c.state == CommentState::Approved).then(|| {
            let key = format!("report-{id}");
            if !ctx.shows(&key) {
                return view! {
                    <a href=format!("?report={id}#{key}") class="comment-action" data-test="report-open">{tr!(lang, cm_report)}</a>
                }
                .into_any();
            }
            let (value, error) = ctx.draft_for(&key).map(|(b, e)| (b, Some(e))).unwrap_or_default();
            view! {
                <form method="post" action=format!("/{lang}/comments/{id}/report") class="comment-action-form">
                    <Csrf token=csrf.clone()/>
                    {area(key, "reason", tr!(lang, cm_report_reason), value, error)}
                    <button type="submit" data-test="report-submit">{tr!(lang, cm_send_report)}</button>
                </form>
            }
            .into_any()
        });
        view! { <div class="comment-actions">{reply}{edit}{delete}{report}</div> }
    });
    let replies = (!c.replies.is_empty()).then(|| {
        let items = c
            .replies
            .iter()
            .map(|r| comment_item(ctx, r, true))
            .collect_view();
        view! { <ol class="replies">{items}</ol> }
    });
    let moderator = c
        .by_moderator
        .then(|| view! { <span class="badge" data-test="moderator-badge">{tr!(lang, cm_moderator)}</span> });
    let edited = c.edited.then(|| view! { " · " {tr!(lang, cm_edited)} });
    let date = c.created_at.get(..10).unwrap_or(&c.created_at).to_string();
    view! {
        <li id=format!("comment-{id}") class="comment" data-test="comment" data-state=c.state.code()>
            <p class="comment-meta">
                <strong>{c.author.clone()}</strong> " " {moderator} " · "
                <time datetime=c.created_at.clone()>{date}</time>
                {edited}
            </p>
            {status}
            {body}
            {actions}
            {replies}
        </li>
    }
    .into_any()
}

/// A partner's own choice of moderation for its cases (`site`, `pre`, `post`): on the moderation page for
/// moderators, on the desk for the partner's editors. `back` says where the post returns to.
#[component]
pub fn PartnerModeForm(
    lang: Lang,
    csrf: String,
    partner: crate::desk::Choice,
    mode: String,
    back: &'static str,
) -> impl IntoView {
    let id = format!("pm-{}", partner.value);
    let opt = |v: &'static str, label: &'static str| view! { <option value=v selected=mode == v>{label}</option> };
    view! {
        <form method="post" action=format!("/{lang}/moderation/partner/{}", partner.value) class="inline-form"
            data-test=format!("partner-mode-{}", partner.value)>
            <Csrf token=csrf/>
            <input type="hidden" name="back" value=back/>
            <label for=id.clone()>{partner.label.clone()}</label>
            <select id=id name="mode">
                {opt("site", tr!(lang, md_mode_site))}
                {opt("pre", tr!(lang, md_mode_pre))}
                {opt("post", tr!(lang, md_mode_post))}
            </select>
            <button type="submit" class="secondary">{tr!(lang, md_save)}</button>
        </form>
    }
}
