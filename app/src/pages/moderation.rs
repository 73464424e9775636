//! The moderation queue of the whole site: waiting, reported and hidden comments, each with its reports and
//! its log, and forms to approve, hide (with a reason its author reads), restore, dismiss reports and
//! answer as moderator; and the settings: pre- or post-moderation, N, and each partner's own choice.

use crate::components::chrome::PageMeta;
use crate::components::comments::PartnerModeForm;
use crate::components::forms::{Csrf, DeskFailure, escape_text};
use crate::discussion::{ModerationView, QueueRow};
use crate::discussion_api::get_moderation;
use crate::lang::Lang;
use crate::model::CommentState;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map().read_untracked();
    let tab = q.get("tab").unwrap_or_else(|| "waiting".into());
    let at = crate::discussion::QueueAt {
        after: q.get("after").and_then(|p| p.parse().ok()),
        before: q.get("before").and_then(|p| p.parse().ok()),
    };
    let notice = q.get("done");
    let error = q.get("error");
    let data = crate::pages::page_data(move || (), move |_| get_moderation(lang, tab.clone(), at));
    view! {
        <Suspense>
            {move || {
                let notice = notice.clone();
                let error = error.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(mut v) => {
                            v.notice = notice;
                            v.errors = error.into_iter().collect();
                            view! { <Moderation lang view=v/> }.into_any()
                        }
                        Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn action_name(lang: Lang, action: &str) -> &'static str {
    match action {
        "approve" => tr!(lang, md_approve),
        "hide" => tr!(lang, md_hide),
        "restore" => tr!(lang, md_restore),
        "dismiss" => tr!(lang, md_dismiss),
        "answer" => tr!(lang, md_answer),
        _ => tr!(lang, md_action),
    }
}

#[component]
fn Moderation(lang: Lang, view: ModerationView) -> impl IntoView {
    let csrf = view.viewer.csrf.clone();
    let tabs = [
        ("waiting", tr!(lang, md_waiting), view.waiting),
        ("reported", tr!(lang, md_reported), view.reported),
        ("hidden", tr!(lang, md_hidden), view.hidden),
    ]
    .into_iter()
    .map(|(code, name, n)| {
        let current = view.tab == code;
        view! {
            <li><a href=format!("/{lang}/moderation?tab={code}") aria-current=current.then_some("page") data-test=format!("tab-{code}")>
                {name} " (" <span data-test=format!("count-{code}")>{n}</span> ")"
            </a></li>
        }
    })
    .collect_view();
    let rows = view
        .rows
        .iter()
        .map(|r| queue_row(lang, csrf.clone(), r.clone()))
        .collect_view();
    let empty = view
        .rows
        .is_empty()
        .then(|| view! { <p data-test="queue-empty">{tr!(lang, md_empty)}</p> });
    let pager = (view.pages > 1).then(|| {
        let tab = view.tab.clone();
        let prev = view.prev_before.map(|id| view! { <a href=format!("/{lang}/moderation?tab={tab}&before={id}") rel="prev">{tr!(lang, page_previous)}</a> " " });
        let next = view.next_after.map(|id| view! { <a href=format!("/{lang}/moderation?tab={}&after={id}", view.tab) rel="next">{tr!(lang, page_next)}</a> });
        view! { <nav class="pager" aria-label=tr!(lang, md_pages)><p>{view.page} " / " {view.pages}</p>{prev}{next}</nav> }
    });
    let notice = view.notice.clone().map(|_| view! { <p class="notice success" role="status" data-test="notice">{tr!(lang, md_done)}</p> });
    let errors = (!view.errors.is_empty()).then(|| {
        let text = crate::components::comments::comment_error(lang, &view.errors[0], None);
        view! { <div class="error-summary" role="alert" data-test="error-summary"><p>{text}</p></div> }
    });
    let partner_rows = view
        .partner_modes
        .iter()
        .map(|(p, mode)| {
            view! { <PartnerModeForm lang csrf=csrf.clone() partner=p.clone() mode=mode.clone() back="moderation"/> }
        })
        .collect_view();
    let site_opt = |v: &'static str, label: &'static str| view! { <option value=v selected=view.site_mode == v>{label}</option> };
    view! {
        <PageMeta lang title=tr!(lang, md_title).to_string() description=tr!(lang, md_intro).to_string()/>
        <h1>{tr!(lang, md_title)}</h1>
        <p>{tr!(lang, md_intro)}</p>
        {notice}
        {errors}
        <nav aria-label=tr!(lang, md_lists)><ul class="tabs">{tabs}</ul></nav>
        {empty}
        <ol class="queue" data-test="queue">{rows}</ol>
        {pager}
        <section aria-labelledby="md-settings">
            <h2 id="md-settings">{tr!(lang, md_settings)}</h2>
            <form method="post" action=format!("/{lang}/moderation/settings") data-test="site-settings">
                <Csrf token=csrf.clone()/>
                <div class="field">
                    <label for="md-mode">{tr!(lang, md_site_mode)}</label>
                    <select id="md-mode" name="mode">{site_opt("pre", tr!(lang, md_mode_pre))}{site_opt("post", tr!(lang, md_mode_post))}</select>
                </div>
                <div class="field">
                    <label for="md-threshold">{tr!(lang, md_threshold)}</label>
                    <input id="md-threshold" name="threshold" type="number" min="0" max="1000" value=view.threshold.to_string()/>
                </div>
                <button type="submit">{tr!(lang, md_save)}</button>
            </form>
            <h3>{tr!(lang, md_partner_modes)}</h3>
            {partner_rows}
        </section>
    }
}

fn queue_row(lang: Lang, csrf: String, r: QueueRow) -> AnyView {
    let c = r.comment.clone();
    let id = c.id;
    let act = |action: &'static str, label: &'static str, with_reason: bool| {
        let reason_id = format!("reason-{action}-{id}");
        let reason = with_reason.then(|| {
            view! {
                <label for=reason_id.clone()>{tr!(lang, md_reason)}</label>
                <input id=reason_id.clone() name="reason" type="text" maxlength="500"/>
            }
        });
        view! {
            <form method="post" action=format!("/{lang}/moderation/{id}/{action}") class="inline-form">
                <Csrf token=csrf.clone()/>
                {reason}
                <button type="submit" data-test=format!("md-{action}")>{label}</button>
            </form>
        }
    };
    let approve =
        (c.state == CommentState::Waiting).then(|| act("approve", tr!(lang, md_approve), false));
    let hide = (c.state != CommentState::Hidden).then(|| act("hide", tr!(lang, md_hide), true));
    let restore =
        (c.state == CommentState::Hidden).then(|| act("restore", tr!(lang, md_restore), false));
    let dismiss = (!r.reports.is_empty()).then(|| act("dismiss", tr!(lang, md_dismiss), false));
    let reports = (!r.reports.is_empty()).then(|| {
        let items = r
            .reports
            .iter()
            .map(|x| view! { <li>{x.reporter.clone()} ": " {x.reason.clone()}</li> })
            .collect_view();
        view! { <p>{tr!(lang, md_reports)}</p><ul data-test="reports">{items}</ul> }
    });
    let log = (!r.log.is_empty()).then(|| {
        let items = r
            .log
            .iter()
            .map(|x| view! { <li>{x.created_at.get(..16).unwrap_or(&x.created_at).to_string()} " · " {x.actor.clone()} " · " {action_name(lang, &x.action)} " " {x.reason.clone()}</li> })
            .collect_view();
        view! { <details><summary>{tr!(lang, md_log)}</summary><ul data-test="log">{items}</ul></details> }
    });
    let answer_id = format!("answer-{id}");
    view! {
        <li class="queue-item" data-test="queue-item" data-comment=id.to_string() data-state=c.state.code()>
            <p class="comment-meta">
                <strong>{c.author.clone()}</strong> " · " {c.created_at.get(..16).unwrap_or(&c.created_at).to_string()} " · "
                <a href=r.href.clone()>{r.item_title.clone()}</a>
            </p>
            <div class="comment-body" inner_html=c.html.clone()></div>
            {c.hidden_reason.clone().map(|h| view! { <p>{tr!(lang, md_hidden_because)} " " {h}</p> })}
            {reports}
            <div class="comment-actions">{approve}{hide}{restore}{dismiss}</div>
            <details>
                <summary>{tr!(lang, md_answer)}</summary>
                <form method="post" action=format!("/{lang}/moderation/{id}/answer")>
                    <Csrf token=csrf.clone()/>
                    <label for=answer_id.clone()>{tr!(lang, md_answer_text)}</label>
                    <textarea id=answer_id name="body" rows="3" inner_html=escape_text("")></textarea>
                    <button type="submit" data-test="md-answer">{tr!(lang, md_send_answer)}</button>
                </form>
            </details>
            {log}
        </li>
    }
    .into_any()
}
