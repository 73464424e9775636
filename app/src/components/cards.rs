//! Cards: how a case or a magazine appears in a list.

use crate::lang::Lang;
use crate::model::{CaseCard, MagazineCard};
use crate::text::{country_name, stage_name};
use crate::tr;
use leptos::prelude::*;

/// The `lang` attribute for content whose language may differ from the page's.
pub fn content_lang(page: Lang, content: Lang) -> Option<&'static str> {
    (page != content).then_some(content.code())
}

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
            </p>
            <ul class="chips" aria-label=tr!(lang, themes)>{themes}</ul>
        </article>
    }
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
        view! { <img class="cover" src=img.url alt=img.alt width="320" height="180" loading="lazy"/> }
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
            </p>
        </article>
    }
}
