//! The list of themes and one theme with its cases.

use crate::api::{get_theme, get_themes};
use crate::components::cards::{CaseList, Pager};
use crate::components::chrome::PageMeta;
use crate::components::status::{NotFound, Unavailable};
use crate::pages::{use_lang, use_page, use_slug};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn ThemesPage() -> impl IntoView {
    let lang = use_lang();
    let list = crate::pages::page_data(move || lang, get_themes);
    view! {
        <PageMeta lang title=tr!(lang, themes_title).to_string() description=tr!(lang, themes_intro).to_string()/>
        <h1>{tr!(lang, themes_title)}</h1>
        <p class="lead">{tr!(lang, themes_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(themes) => {
                        let items = themes.into_iter().map(|th| view! {
                            <li class="card" data-test="theme-card">
                                <h2 class="card-title"><a href=format!("/{lang}/themes/{}", th.slug)>{th.name}</a></h2>
                                {th.description.map(|d| view! { <p class="card-summary">{d}</p> })}
                                <p class="card-meta">{tr!(lang, cases_label)} ": " {th.case_count}</p>
                            </li>
                        }).collect_view();
                        view! { <ul class="card-grid">{items}</ul> }.into_any()
                    }
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ThemePage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    let page = use_page();
    let theme = crate::pages::page_data(
        move || (slug.get(), page.get()),
        move |(slug, page)| get_theme(lang, slug, page),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match theme.await {
                    Ok(Some(th)) => {
                        let s = th.summary;
                        let description = s.description.clone().unwrap_or_else(|| s.name.clone());
                        view! {
                            <PageMeta lang title=s.name.clone() description/>
                            <h1>{s.name.clone()}</h1>
                            {s.description.map(|d| view! { <p class="lead">{d}</p> })}
                            <section aria-labelledby="theme-cases">
                                <h2 id="theme-cases">{tr!(lang, theme_cases)}</h2>
                                <CaseList lang cases=th.cases/>
                                <Pager lang page=th.page path=format!("/{lang}/themes/{}", s.slug)/>
                            </section>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
