//! One's notifications: replies to one's comments, and comments on the cases one edits.

use crate::components::chrome::PageMeta;
use crate::components::forms::{Csrf, DeskFailure};
use crate::discussion::NotificationsView;
use crate::discussion_api::get_notifications;
use crate::lang::Lang;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let lang = use_lang();
    let data = crate::pages::page_data(move || (), move |_| get_notifications(lang));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Notifications lang view=v/> }.into_any(),
                    Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Notifications(lang: Lang, view: NotificationsView) -> impl IntoView {
    let unseen = view.rows.iter().filter(|r| !r.seen).count();
    let rows = view
        .rows
        .iter()
        .map(|r| {
            let what = if r.reply_to_me { tr!(lang, nt_reply) } else { tr!(lang, nt_comment) };
            view! {
                <li class="notification" class:unseen=!r.seen data-test="notification" data-seen=r.seen.to_string()>
                    <p>
                        {(!r.seen).then(|| view! { <strong class="badge">{tr!(lang, nt_new)}</strong> " " })}
                        {r.author.clone()} " " {what} " "
                        <a href=r.href.clone()>{r.item_title.clone()}</a>
                        " · " <time datetime=r.created_at.clone()>{r.created_at.get(..10).unwrap_or(&r.created_at).to_string()}</time>
                    </p>
                    <blockquote>{r.excerpt.clone()}</blockquote>
                </li>
            }
        })
        .collect_view();
    let mark = (unseen > 0).then(|| {
        view! {
            <form method="post" action=format!("/{lang}/notifications/seen")>
                <Csrf token=view.viewer.csrf.clone()/>
                <button type="submit" data-test="mark-seen">{tr!(lang, nt_mark_seen)}</button>
            </form>
        }
    });
    let empty = view
        .rows
        .is_empty()
        .then(|| view! { <p>{tr!(lang, nt_none)}</p> });
    view! {
        <PageMeta lang title=tr!(lang, nt_title).to_string() description=tr!(lang, nt_title).to_string()/>
        <h1>{tr!(lang, nt_title)}</h1>
        {mark}
        {empty}
        <ul class="notifications" data-test="notifications">{rows}</ul>
    }
}
