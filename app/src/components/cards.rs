//! Cards: how a case or a magazine appears in a list.

use crate::lang::Lang;
use crate::model::{CaseCard, MagazineCard, PageInfo};
use crate::text::{country_name, stage_name};
use crate::tr;
use leptos::prelude::*;

/// The `lang` attribute for content whose language may differ from the page's.
pub fn content_lang(page: Lang, content: Lang) -> Option<&'static str> {
    (page != content).then_some(content.code())
}

/// How wide a picture in the reading column is drawn (for `sizes` beside a `srcset`): the screen on a phone,
/// the column (42rem) beyond.
pub const COLUMN_SIZES: &str = "(min-width: 48rem) 42rem, 100vw";
/// How wide a card's picture is drawn: one, two or three cards a row.
pub const CARD_SIZES: &str = "(min-width: 64rem) 22rem, (min-width: 40rem) 50vw, 100vw";

#[component]
pub fn CaseCardView(lang: Lang, card: CaseCard, #[prop(default = 3)] level: u8) -> impl IntoView {
    let href = format!("/{lang}/cases/{}", card.slug);
    let title = view! { <a href=href>{card.title.clone()}</a> };
    let heading = match level {
        2 => view! { <h2 class="card-title">{title}</h2> }.into_any(),
        _ => view! { <h3 class="card-title">{title}</h3> }.into_any(),
    };
    let themes = card
        .themes
        .iter()
        .map(|th| view! { <li><a href=format!("/{lang}/themes/{}", th.slug)>{th.name.clone()}</a></li> })
        .collect_view();
    let stage = card
        .stage
        .map(|s| view! { <span class="badge">{stage_name(lang, s)}</span> });
    view! {
        <article class="card" data-test="case-card">
            <div lang=content_lang(lang, card.lang)>
                {heading}
                <p class="card-summary">{card.summary.clone()}</p>
            </div>
            <p class="card-meta">
                <a href=format!("/{lang}/partners/{}", card.partner.slug)>{card.partner.name.clone()}</a>
                " · "
                {country_name(lang, &card.partner.country)}
                " "
                {stage}
                <CommentCount lang count=card.comments/>
                {(card.taken_up > 0).then(|| view! {
                    " · " <span data-test="taken-up-count">{tr!(lang, card_taken_up).replace("{count}", &card.taken_up.to_string())}</span>
                })}
            </p>
            <ul class="chips" aria-label=tr!(lang, themes)>{themes}</ul>
        </article>
    }
}

/// " · 3 comments" on a card; nothing while there are none.
#[component]
fn CommentCount(lang: Lang, count: i64) -> impl IntoView {
    (count > 0).then(|| {
        let word = if count == 1 {
            tr!(lang, cm_comments_one)
        } else {
            tr!(lang, cm_comments_count)
        };
        view! { " · " <span data-test="comment-count">{count} " " {word}</span> }
    })
}

#[component]
pub fn CaseList(lang: Lang, cases: Vec<CaseCard>) -> impl IntoView {
    if cases.is_empty() {
        return view! { <p>{tr!(lang, no_cases)}</p> }.into_any();
    }
    let items = cases
        .into_iter()
        .map(|card| view! { <li><CaseCardView lang card/></li> })
        .collect_view();
    view! { <ul class="card-grid">{items}</ul> }.into_any()
}

#[component]
pub fn MagazineCardView(lang: Lang, card: MagazineCard) -> impl IntoView {
    let href = format!("/{lang}/magazines/{}", card.slug);
    let cover = card.cover.clone().map(|img| {
        view! { <img class="cover" src=img.url srcset=img.srcset sizes=CARD_SIZES alt=img.alt width="320" height="180" loading="lazy"/> }
    });
    view! {
        <article class="card magazine-card" data-test="magazine-card">
            {cover}
            <div lang=content_lang(lang, card.lang)>
                <h3 class="card-title"><a href=href>{card.title.clone()}</a></h3>
                <p class="card-summary">{card.summary.clone()}</p>
            </div>
            <p class="card-meta">
                {tr!(lang, magazine_issue)} " " {card.number} " · "
                <time datetime=card.published.clone()>{card.published.clone()}</time>
                " · " {tr!(lang, cases_label)} ": " {card.case_count}
                <CommentCount lang count=card.comments/>
            </p>
        </article>
    }
}

/// Links between the pages of a long list: plain links with `rel="prev"`/`rel="next"`, in the page and in its
/// head, so they work without JavaScript and search engines follow them.
#[component]
pub fn Pager(lang: Lang, page: PageInfo, path: String) -> impl IntoView {
    if page.count <= 1 {
        return ().into_any();
    }
    let href = move |n: u32| {
        if n == 1 {
            path.clone()
        } else {
            format!("{path}?page={n}")
        }
    };
    let prev = (page.number > 1).then(|| href(page.number - 1));
    let next = (page.number < page.count).then(|| href(page.number + 1));
    view! {
        {prev.clone().map(|h| view! { <leptos_meta::Link rel="prev" href=h/> })}
        {next.clone().map(|h| view! { <leptos_meta::Link rel="next" href=h/> })}
        <nav class="pager" aria-label=tr!(lang, pages_label) data-test="pager">
            {prev.map(|h| view! { <a href=h rel="prev">{tr!(lang, page_previous)}</a> })}
            <span aria-current="page">
                {tr!(lang, page_word)} " " {page.number} " " {tr!(lang, page_of)} " " {page.count}
            </span>
            {next.map(|h| view! { <a href=h rel="next">{tr!(lang, page_next)}</a> })}
        </nav>
    }
    .into_any()
}
