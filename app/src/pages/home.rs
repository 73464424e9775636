//! The home page: latest magazine, recent cases, themes.

use crate::api::get_home;
use crate::components::cards::{CaseList, MagazineCardView};
use crate::components::chrome::PageMeta;
use crate::components::status::Unavailable;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let home = crate::pages::page_data(move || lang, get_home);
    view! {
        <PageMeta lang title=tr!(lang, home_title).to_string() description=tr!(lang, home_description).to_string()/>
        <section class="hero">
            <h1>{tr!(lang, home_title)}</h1>
            <p class="lead">{tr!(lang, home_intro)}</p>
        </section>
        <Suspense>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(view) => {
                        let magazine = view.latest_magazine.map(|card| view! {
                            <section aria-labelledby="latest-magazine">
                                <h2 id="latest-magazine">{tr!(lang, latest_magazine)}</h2>
                                <MagazineCardView lang card/>
                                <p><a href=format!("/{lang}/magazines")>{tr!(lang, all_magazines)}</a></p>
                            </section>
                        });
                        let themes = view.themes.into_iter().map(|th| view! {
                            <li><a href=format!("/{lang}/themes/{}", th.slug)>{th.name}</a>
                            " (" {th.case_count} ")"</li>
                        }).collect_view();
                        view! {
                            {magazine}
                            <section aria-labelledby="recent-cases">
                                <h2 id="recent-cases">{tr!(lang, recent_cases)}</h2>
                                <CaseList lang cases=view.recent_cases/>
                            </section>
                            <section aria-labelledby="themes-heading">
                                <h2 id="themes-heading">{tr!(lang, themes_heading)}</h2>
                                <ul class="theme-list">{themes}</ul>
                            </section>
                        }.into_any()
                    }
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
