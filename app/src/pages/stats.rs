//! The statistics page (`/{lang}/stats`): what the library holds, where its cases travelled, how much it is
//! read. A plain GET form chooses theme, country, partner and years; every chart is SVG drawn on the server
//! with its figures as a table and a CSV download, so the page reads without JavaScript and without sight.

use crate::api::get_stats;
use crate::components::charts::{Bar, BarChart, ColumnChart, StackedBarChart, largest, total};
use crate::components::chrome::PageMeta;
use crate::components::status::Unavailable;
use crate::lang::Lang;
use crate::pages::use_lang;
use crate::stats::{StatsParams, StatsView, headers};
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn StatsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_string();
    let stats = crate::pages::page_data(move || query.clone(), move |q| get_stats(lang, q));
    view! {
        <PageMeta lang title=tr!(lang, stats_title).to_string() description=tr!(lang, stats_intro).to_string()/>
        <h1>{tr!(lang, stats_title)}</h1>
        <p class="lead">{tr!(lang, stats_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(view) => view! {
                        <StatsFilters lang view=view.clone()/>
                        <StatsCharts lang view heading_level=2/>
                    }
                    .into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The filters as a plain form: it posts nothing, it navigates.
#[component]
fn StatsFilters(lang: Lang, view: StatsView) -> impl IntoView {
    let p = view.params.clone();
    let select = |name: &'static str,
                  label: &'static str,
                  current: String,
                  options: Vec<(String, String)>| {
        let id = format!("stats-{name}");
        let rows = options
            .into_iter()
            .map(|(value, text)| {
                let selected = value == current;
                view! { <option value=value selected=selected>{text}</option> }
            })
            .collect_view();
        view! {
            <div class="stats-filter">
                <label for=id.clone()>{label}</label>
                <select id=id name=name data-test=format!("stats-filter-{name}")>
                    <option value="">{tr!(lang, stats_all)}</option>
                    {rows}
                </select>
            </div>
        }
    };
    let years: Vec<(String, String)> = view
        .years
        .iter()
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    view! {
        <form class="stats-filters" method="get" action=format!("/{lang}/stats") data-test="stats-filters">
            <fieldset>
                <legend>{tr!(lang, stats_filters)}</legend>
                {select("theme", tr!(lang, stats_theme), p.theme.clone(),
                    view.themes.iter().map(|t| (t.slug.clone(), t.name.clone())).collect())}
                {select("country", tr!(lang, country), p.country.clone(),
                    view.countries.iter().map(|c| (c.value.clone(), c.label.clone())).collect())}
                {select("partner", tr!(lang, partner), p.partner.clone(),
                    view.partners.iter().map(|c| (c.value.clone(), c.label.clone())).collect())}
                {select("from", tr!(lang, stats_from), p.from.map(|y| y.to_string()).unwrap_or_default(), years.clone())}
                {select("to", tr!(lang, stats_to), p.to.map(|y| y.to_string()).unwrap_or_default(), years)}
                <button type="submit" data-test="stats-apply">{tr!(lang, stats_apply)}</button>
            </fieldset>
        </form>
    }
}

/// One sentence for those who do not see a chart: the total and the largest row.
fn summary(lang: Lang, bars: &[Bar]) -> String {
    match largest(bars) {
        Some(top) => tr!(lang, stats_summary)
            .replace("{total}", &total(bars).to_string())
            .replace("{label}", &top.label)
            .replace("{value}", &top.value.to_string()),
        None => tr!(lang, stats_empty).to_string(),
    }
}

/// Every chart of a [`StatsView`]: on the statistics page (headings at level 2) and on a partner's page
/// (level 3, under its own heading).
#[component]
pub fn StatsCharts(lang: Lang, view: StatsView, heading_level: u8) -> impl IntoView {
    let query = view.params.to_query();
    let csv = move |id: &str| {
        if query.is_empty() {
            format!("/{lang}/stats/{id}.csv")
        } else {
            format!("/{lang}/stats/{id}.csv?{query}")
        }
    };
    let bar = |id: &'static str, title: &'static str, bars: Vec<Bar>| {
        let (label, unit) = headers(lang, id);
        view! {
            <BarChart
                id=format!("chart-{id}")
                title=title.to_string()
                summary=summary(lang, &bars)
                unit=unit.to_string()
                bars
                csv_href=csv(id)
                csv_label=tr!(lang, stats_csv).to_string()
                table_label=tr!(lang, stats_table).to_string()
                label_header=label.to_string()
                empty_label=tr!(lang, stats_empty).to_string()
            />
        }
    };
    let column = |id: &'static str, title: &'static str, points: Vec<Bar>| {
        let (label, unit) = headers(lang, id);
        view! {
            <ColumnChart
                id=format!("chart-{id}")
                title=title.to_string()
                summary=summary(lang, &points)
                unit=unit.to_string()
                points
                csv_href=csv(id)
                csv_label=tr!(lang, stats_csv).to_string()
                table_label=tr!(lang, stats_table).to_string()
                label_header=label.to_string()
                empty_label=tr!(lang, stats_empty).to_string()
            />
        }
    };
    let translations_summary = {
        let (current, outdated, missing) = view.translations.iter().fold((0, 0, 0), |acc, s| {
            let part = |i: usize| s.parts.get(i).copied().unwrap_or(0);
            (acc.0 + part(0), acc.1 + part(1), acc.2 + part(2))
        });
        format!(
            "{}: {current}. {}: {outdated}. {}: {missing}.",
            tr!(lang, stats_current),
            tr!(lang, stats_outdated),
            tr!(lang, stats_missing)
        )
    };
    let heading = move |id: &'static str, text: &'static str| match heading_level {
        2 => view! { <h2 id=id>{text}</h2> }.into_any(),
        _ => view! { <h3 id=id>{text}</h3> }.into_any(),
    };
    let totals = [
        (
            tr!(lang, stats_total_cases),
            view.cases,
            "stats-total-cases",
        ),
        (
            tr!(lang, stats_total_taken_up),
            view.taken_up,
            "stats-total-taken-up",
        ),
        (
            tr!(lang, stats_total_comments),
            view.comments,
            "stats-total-comments",
        ),
        (
            tr!(lang, stats_total_views),
            view.views,
            "stats-total-views",
        ),
    ]
    .into_iter()
    .map(|(label, n, test)| view! { <div><dt>{label}</dt><dd data-test=test>{n}</dd></div> })
    .collect_view();
    view! {
        <section aria-labelledby="stats-totals" class="stats-section">
            {heading("stats-totals", tr!(lang, stats_totals))}
            <dl class="stats-totals" data-test="stats-totals">{totals}</dl>
            <p><a href=csv("totals") download data-test="stats-totals-csv">{tr!(lang, stats_csv)}</a></p>
        </section>
        <section aria-labelledby="stats-cases" class="stats-section">
            {heading("stats-cases", tr!(lang, stats_unit_cases))}
            {bar("cases-by-theme", tr!(lang, stats_chart_by_theme), view.by_theme)}
            {bar("cases-by-country", tr!(lang, stats_chart_by_country), view.by_country)}
            {bar("cases-by-partner", tr!(lang, stats_chart_by_partner), view.by_partner)}
            {bar("cases-by-stage", tr!(lang, stats_chart_by_stage), view.by_stage)}
            <StackedBarChart
                id="chart-translations".to_string()
                title=tr!(lang, stats_chart_translations).to_string()
                summary=translations_summary
                total_header=tr!(lang, stats_unit_cases).to_string()
                part_names=vec![
                    tr!(lang, stats_current).to_string(),
                    tr!(lang, stats_outdated).to_string(),
                    tr!(lang, stats_missing).to_string(),
                ]
                rows=view.translations
                csv_href=csv("translations")
                csv_label=tr!(lang, stats_csv).to_string()
                table_label=tr!(lang, stats_table).to_string()
                label_header=tr!(lang, stats_language).to_string()
                empty_label=tr!(lang, stats_empty).to_string()
            />
        </section>
        <section aria-labelledby="stats-adoptions" class="stats-section">
            {heading("stats-adoptions", tr!(lang, stats_unit_adoptions))}
            {column("adoptions-by-year", tr!(lang, stats_chart_adoptions_by_year), view.adoptions_by_year)}
            {bar("adoptions-between-countries", tr!(lang, stats_chart_adoptions_between), view.adoptions_between)}
            {bar("adoptions-by-stage", tr!(lang, stats_chart_adoptions_by_stage), view.adoptions_by_stage)}
        </section>
        <section aria-labelledby="stats-reading" class="stats-section">
            {heading("stats-reading", tr!(lang, stats_unit_views))}
            <p class="stats-note">{tr!(lang, stats_views_note)} " " <a href=format!("/{lang}/accessibility#privacy")>{tr!(lang, a11y_privacy_heading)}</a></p>
            {column("views-by-month", tr!(lang, stats_chart_views_by_month), view.views_by_month)}
            {bar("views-by-case", tr!(lang, stats_chart_views_by_case), view.views_by_case)}
            {bar("views-by-magazine", tr!(lang, stats_chart_views_by_magazine), view.views_by_magazine)}
            {column("comments-by-month", tr!(lang, stats_chart_comments_by_month), view.comments_by_month)}
        </section>
    }
}

/// The address of the statistics page for a partner.
pub fn partner_stats_href(lang: Lang, partner: &str) -> String {
    format!(
        "/{lang}/stats?{}",
        StatsParams {
            partner: partner.to_string(),
            ..Default::default()
        }
        .to_query()
    )
}
