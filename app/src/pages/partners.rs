//! The list of partners and one partner with its cases.

use crate::api::{get_partner, get_partners};
use crate::components::cards::{CaseList, Pager};
use crate::components::chrome::PageMeta;
use crate::components::status::{NotFound, Unavailable};
use crate::pages::{use_lang, use_page, use_slug};
use crate::text::{country_name, kind_name, language_name};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn PartnersPage() -> impl IntoView {
    let lang = use_lang();
    let list = crate::pages::page_data(move || lang, get_partners);
    view! {
        <PageMeta lang title=tr!(lang, partners_title).to_string() description=tr!(lang, partners_intro).to_string()/>
        <h1>{tr!(lang, partners_title)}</h1>
        <p class="lead">{tr!(lang, partners_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(partners) => {
                        let items = partners.into_iter().map(|p| {
                            let place = match &p.region {
                                Some(region) => format!("{region}, {}", country_name(lang, &p.country)),
                                None => country_name(lang, &p.country),
                            };
                            view! {
                                <li class="card" data-test="partner-card">
                                    <h2 class="card-title"><a href=format!("/{lang}/partners/{}", p.slug)>{p.name}</a></h2>
                                    <p class="card-meta">
                                        {kind_name(lang, p.kind)} " · " {place}
                                        {p.lead.then(|| view! { " · " <strong>{tr!(lang, lead_partner)}</strong> })}
                                    </p>
                                    <p class="card-meta">{tr!(lang, cases_label)} ": " {p.case_count}</p>
                                </li>
                            }
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
pub fn PartnerPage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    let page = use_page();
    let partner = crate::pages::page_data(
        move || (slug.get(), page.get()),
        move |(slug, page)| get_partner(lang, slug, page),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match partner.await {
                    Ok(Some(p)) => {
                        let s = p.summary;
                        let description = p.description.clone().unwrap_or_else(|| s.name.clone());
                        let place = match &s.region {
                            Some(region) => format!("{region}, {}", country_name(lang, &s.country)),
                            None => country_name(lang, &s.country),
                        };
                        let languages = p.languages.iter().map(|l| language_name(lang, l)).collect::<Vec<_>>().join(", ");
                        view! {
                            <PageMeta lang title=s.name.clone() description/>
                            <h1>{s.name.clone()}</h1>
                            {p.description.map(|d| view! { <p class="lead">{d}</p> })}
                            <dl class="facts">
                                <dt>{tr!(lang, country)}</dt><dd>{place}</dd>
                                <dt>{tr!(lang, partner)}</dt><dd>{kind_name(lang, s.kind)}
                                    {s.lead.then(|| view! { " · " {tr!(lang, lead_partner)} })}</dd>
                                <dt>{tr!(lang, website)}</dt><dd><a href=p.website.clone() rel="external">{p.website.clone()}</a></dd>
                                <dt>{tr!(lang, publishes_in)}</dt><dd>{languages}</dd>
                            </dl>
                            <section aria-labelledby="partner-cases">
                                <h2 id="partner-cases">{tr!(lang, partner_cases)}</h2>
                                <CaseList lang cases=p.cases/>
                                <Pager lang page=p.page path=format!("/{lang}/partners/{}", s.slug)/>
                            </section>
                            {p.stats.map(|stats| view! {
                                <section aria-labelledby="partner-stats" class="partner-stats" data-test="partner-stats">
                                    <h2 id="partner-stats">{tr!(lang, stats_partner_heading)}</h2>
                                    <p><a href=crate::pages::stats::partner_stats_href(lang, &s.slug) data-test="partner-stats-link">{tr!(lang, stats_for_partner)}</a></p>
                                    <crate::pages::stats::StatsCharts lang view=stats heading_level=3/>
                                </section>
                            })}
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
