//! The search page. Without JavaScript it is a plain GET form: words, facet checkboxes and an "apply"
//! button, results rendered on the server, pages as links. With JavaScript the same markup becomes an
//! island: results follow the typing (debounced), ticking a facet searches at once, the old results stay
//! until the new ones arrive (no flicker), the address follows every search (shareable, Back works) and
//! the result count is announced politely to screen readers.

use crate::api::search_cases;
use crate::components::cards::content_lang;
use crate::components::chrome::PageMeta;
use crate::error::LibraryError;
use crate::lang::Lang;
use crate::model::{FacetView, SearchHitView, SearchParams, SearchView};
use crate::pages::use_lang;
use crate::text::{country_name, lang_name, stage_name};
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_string();
    let params = SearchParams::from_query(&query);
    let results = Resource::new(move || (), move |_| search_cases(lang, query.clone()));
    let title = if params.q.trim().is_empty() {
        tr!(lang, search_title).to_string()
    } else {
        tr!(lang, search_for).replace("{query}", params.q.trim())
    };
    view! {
        <PageMeta lang title description=tr!(lang, search_description).to_string()/>
        <h1>{tr!(lang, search_title)}</h1>
        <p class="lead">{tr!(lang, search_intro)}</p>
        <Suspense>
            {move || {
                let params = params.clone();
                Suspend::new(async move {
                    match results.await {
                        Ok(initial) => view! { <SearchUi lang initial/> }.into_any(),
                        Err(LibraryError::SearchUnavailable) => {
                            view! { <SearchDown lang params/> }.into_any()
                        }
                        Err(_) => view! { <crate::components::status::Unavailable lang/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Search is down: say so (a 503), keep the form so the reader can try again, and point to browsing.
#[component]
fn SearchDown(lang: Lang, params: SearchParams) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
    }
    view! {
        <form class="search-form" role="search" action=format!("/{lang}/search") method="get">
            <label for="search-q">{tr!(lang, search_label)}</label>
            <div class="search-row">
                <input id="search-q" type="search" name="q" value=params.q autocomplete="off"/>
                <button type="submit">{tr!(lang, search_button)}</button>
            </div>
        </form>
        <section class="status" role="alert" data-test="search-unavailable">
            <h2>{tr!(lang, search_unavailable_title)}</h2>
            <p>{tr!(lang, search_unavailable)}</p>
            <p>
                <a href=format!("/{lang}/magazines")>{tr!(lang, nav_magazines)}</a>
                " · "
                <a href=format!("/{lang}/themes")>{tr!(lang, nav_themes)}</a>
                " · "
                <a href=format!("/{lang}/partners")>{tr!(lang, nav_partners)}</a>
            </p>
        </section>
    }
}

fn facet_name(lang: Lang, key: &str) -> &'static str {
    match key {
        "theme" => tr!(lang, facet_theme),
        "partner" => tr!(lang, facet_partner),
        "country" => tr!(lang, facet_country),
        "language" => tr!(lang, facet_language),
        _ => tr!(lang, facet_stage),
    }
}

fn count_text(lang: Lang, total: u64) -> String {
    match total {
        0 => tr!(lang, search_count_none).to_string(),
        1 => tr!(lang, search_count_one).to_string(),
        n => tr!(lang, search_count_many).replace("{count}", &n.to_string()),
    }
}

fn search_href(lang: Lang, p: &SearchParams) -> String {
    let q = p.to_query();
    if q.is_empty() {
        format!("/{lang}/search")
    } else {
        format!("/{lang}/search?{q}")
    }
}

/// The interactive part: form, facets and results. Server-rendered whole, so it all works without
/// JavaScript; hydrated as an island when JavaScript runs.
#[island]
pub fn SearchUi(lang: Lang, initial: SearchView) -> impl IntoView {
    let results = RwSignal::new(initial.clone());
    // The search last asked for: ahead of `results` while an answer is on its way, so a quick second tick
    // builds on the first.
    let asked = StoredValue::new(initial.params.clone());
    let q = RwSignal::new(initial.params.q.clone());
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    #[cfg(feature = "hydrate")]
    let timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    // Whether the address shown was made by typing: further typing replaces it, anything else adds one.
    #[cfg(feature = "hydrate")]
    let typing = StoredValue::new(false);

    let run = move |p: SearchParams, history: History| {
        asked.set_value(p.clone());
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        busy.set(true);
        #[cfg(feature = "hydrate")]
        sync_address(&search_href(lang, &p), history, typing);
        #[cfg(not(feature = "hydrate"))]
        let _ = history;
        leptos::task::spawn_local(async move {
            let answer = search_cases(lang, p.to_query()).await;
            // A slower answer to an older search must not replace a newer one.
            if generation.get_value() != mine {
                return;
            }
            busy.set(false);
            match answer {
                Ok(v) => {
                    failed.set(false);
                    results.set(v);
                }
                Err(_) => failed.set(true),
            }
        });
    };

    let current = move || {
        let mut p = asked.get_value();
        p.q = q.get_untracked();
        p.page = 1;
        p
    };

    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let search = window().location().search().unwrap_or_default();
            let p = SearchParams::from_query(&search);
            q.set(p.q.clone());
            run(p, History::Keep);
        });
        on_cleanup(move || handle.remove());
    }

    let on_input = move |ev: leptos::ev::Event| {
        q.set(event_target_value(&ev));
        #[cfg(feature = "hydrate")]
        {
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            let handle = set_timeout_with_handle(
                move || run(current(), History::Typing),
                std::time::Duration::from_millis(250),
            )
            .ok();
            timer.set_value(handle);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        run(current(), History::Push);
    };
    let toggle = move |facet: String, value: String| {
        let p = asked.with_value(|a| a.toggled(&facet, &value));
        let p = SearchParams {
            q: q.get_untracked(),
            ..p
        };
        run(p, History::Push);
    };

    let facet_keys: Vec<String> = initial.facets.iter().map(|f| f.key.clone()).collect();
    let facets = facet_keys
        .into_iter()
        .map(|key| {
            let rows_key = key.clone();
            let rows = move || {
                results.with(|r| {
                    r.facets
                        .iter()
                        .find(|f| f.key == rows_key)
                        .map(|f| f.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>())
                        .unwrap_or_default()
                })
            };
            let legend = facet_name(lang, &key);
            let fkey = key.clone();
            view! {
                <fieldset class="facet" data-test=format!("facet-{key}")>
                    <legend>{legend}</legend>
                    <ul>
                        <For each=rows key=|v| v.clone() let:value>
                            <FacetRow lang facet=fkey.clone() value results toggle/>
                        </For>
                    </ul>
                </fieldset>
            }
        })
        .collect_view();

    view! {
        <form class="search-form" role="search" action=format!("/{lang}/search") method="get" on:submit=on_submit>
            <label for="search-q">{tr!(lang, search_label)}</label>
            <div class="search-row">
                <input
                    id="search-q"
                    type="search"
                    name="q"
                    autocomplete="off"
                    placeholder=tr!(lang, search_placeholder)
                    prop:value=move || q.get()
                    value=initial.params.q.clone()
                    on:input=on_input
                    data-test="search-input"
                />
                <button type="submit">{tr!(lang, search_button)}</button>
            </div>
            <div class="search-layout">
                <section class="search-facets" aria-labelledby="filters-heading">
                    <h2 id="filters-heading">{tr!(lang, search_filters)}</h2>
                    {facets}
                    <button type="submit" class="secondary" data-test="apply-filters">{tr!(lang, search_apply_filters)}</button>
                </section>
                <section class="search-results" aria-labelledby="results-heading" aria-busy=move || busy.get().to_string()>
                    <h2 id="results-heading" class="visually-hidden">{tr!(lang, search_results_label)}</h2>
                    <p class="result-count" role="status" aria-live="polite" aria-atomic="true" data-test="result-count">
                        {move || if failed.get() {
                            tr!(lang, search_unavailable_title).to_string()
                        } else {
                            results.with(|r| count_text(lang, r.total))
                        }}
                    </p>
                    <p class="updating" aria-hidden="true" class:visible=move || busy.get()>{tr!(lang, search_updating)}</p>
                    {move || results.with(|r| view! { <Results lang view=r.clone()/> })}
                </section>
            </div>
        </form>
    }
}

/// What a search does to the browser's history.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum History {
    /// A new entry (a ticked facet, a submitted form).
    Push,
    /// While typing: one entry for the whole word.
    Typing,
    /// Back or Forward brought the address: leave it.
    Keep,
}

#[cfg(feature = "hydrate")]
fn sync_address(href: &str, how: History, typing: StoredValue<bool>) {
    let Ok(history) = window().history() else {
        return;
    };
    let replace = how == History::Typing && typing.get_value();
    let _ = match how {
        History::Keep => Ok(()),
        _ if replace => {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        }
        _ => history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href)),
    };
    typing.set_value(how == History::Typing);
}

#[component]
fn FacetRow<F>(
    lang: Lang,
    facet: String,
    value: String,
    results: RwSignal<SearchView>,
    toggle: F,
) -> impl IntoView
where
    F: Fn(String, String) + Copy + Send + Sync + 'static,
{
    let find = {
        let (facet, value) = (facet.clone(), value.clone());
        move |f: &Vec<FacetView>| {
            f.iter()
                .find(|x| x.key == facet)
                .and_then(|x| x.values.iter().find(|v| v.value == value))
                .cloned()
        }
    };
    let find2 = find.clone();
    let label = results.with_untracked(|r| find(&r.facets).map(|v| v.label).unwrap_or_default());
    let id = format!("f-{facet}-{value}");
    let count = move || results.with(|r| find2(&r.facets).map(|v| v.count).unwrap_or(0));
    let initially = results.with_untracked(|r| find(&r.facets).is_some_and(|v| v.selected));
    let checked = {
        let find = find.clone();
        move || results.with(|r| find(&r.facets).is_some_and(|v| v.selected))
    };
    let label_lang = (facet == "language").then_some(lang.code());
    let (f2, v2) = (facet.clone(), value.clone());
    view! {
        <li>
            <input
                type="checkbox"
                id=id.clone()
                name=facet.clone()
                value=value.clone()
                prop:checked=checked
                checked=initially
                on:change=move |_| toggle(f2.clone(), v2.clone())
            />
            <label for=id lang=label_lang>
                {label} " " <span class="count">"(" {count} ")"</span>
            </label>
        </li>
    }
}

#[component]
fn Results(lang: Lang, view: SearchView) -> impl IntoView {
    let magazines = (!view.magazines.is_empty()).then(|| {
        let items = view
            .magazines
            .iter()
            .map(|m| {
                view! {
                    <li class="hit" data-test="magazine-hit" data-slug=m.slug.clone()>
                        <h4 class="card-title" lang=content_lang(lang, m.lang)>
                            <a href=format!("/{lang}/magazines/{}", m.slug)>{m.title.clone()}</a>
                        </h4>
                        <p class="snippet" lang=content_lang(lang, m.lang) inner_html=m.snippet_html.clone()></p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="magazine-hits" aria-labelledby="magazine-hits">
                <h3 id="magazine-hits">{tr!(lang, nav_magazines)}</h3>
                <ul class="hits">{items}</ul>
            </section>
        }
    });
    if view.hits.is_empty() {
        return view! { {magazines} <EmptyState lang view/> }.into_any();
    }
    let items = view
        .hits
        .into_iter()
        .map(|h| view! { <li><HitView lang hit=h/></li> })
        .collect_view();
    let pager = (view.page.count > 1).then(|| {
        let p = view.params.clone();
        let at = |n: u32| search_href(lang, &SearchParams { page: n, ..p.clone() });
        let prev = (view.page.number > 1).then(|| at(view.page.number - 1));
        let next = (view.page.number < view.page.count).then(|| at(view.page.number + 1));
        view! {
            <nav class="pager" aria-label=tr!(lang, pages_label) data-test="pager">
                {prev.map(|h| view! { <a href=h rel="prev">{tr!(lang, page_previous)}</a> })}
                <span aria-current="page">
                    {tr!(lang, page_word)} " " {view.page.number} " " {tr!(lang, page_of)} " " {view.page.count}
                </span>
                {next.map(|h| view! { <a href=h rel="next">{tr!(lang, page_next)}</a> })}
            </nav>
        }
    });
    view! {
        {magazines}
        <ol class="hits" data-test="hits">{items}</ol>
        {pager}
    }
    .into_any()
}

#[component]
fn HitView(lang: Lang, hit: SearchHitView) -> impl IntoView {
    let c = hit.card;
    let in_lang = tr!(lang, search_hit_language).replace("{language}", lang_name(lang, c.lang));
    let themes = c
        .themes
        .iter()
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <article class="hit" data-test="hit" data-slug=c.slug.clone()>
            <h3 class="card-title" lang=content_lang(lang, c.lang)>
                <a href=format!("/{lang}/cases/{}", c.slug)>{c.title.clone()}</a>
            </h3>
            <p class="snippet" lang=content_lang(lang, c.lang) inner_html=hit.snippet_html></p>
            <p class="card-meta">
                {c.partner.name.clone()} " · " {country_name(lang, &c.partner.country)}
                {c.stage.map(|s| view! { " · " <span class="badge">{stage_name(lang, s)}</span> })}
                " · " <span class="hit-lang">{in_lang}</span>
            </p>
            <p class="card-meta">{themes}</p>
        </article>
    }
}

#[component]
fn EmptyState(lang: Lang, view: SearchView) -> impl IntoView {
    let has_filters = !view.params.filters.is_empty();
    let without_filters = search_href(
        lang,
        &SearchParams {
            q: view.params.q.clone(),
            filters: Vec::new(),
            page: 1,
        },
    );
    let themes = view
        .popular_themes
        .iter()
        .map(|t| view! { <li><a href=format!("/{lang}/themes/{}", t.slug)>{t.name.clone()}</a></li> })
        .collect_view();
    view! {
        <div class="empty-state" data-test="empty-state">
            <h3>{tr!(lang, search_empty_title)}</h3>
            <p>{tr!(lang, search_empty_tips)}</p>
            {has_filters.then(|| view! { <p><a href=without_filters data-test="remove-filters">{tr!(lang, search_remove_filters)}</a></p> })}
            {(!view.popular_themes.is_empty()).then(|| view! {
                <h3>{tr!(lang, search_popular_themes)}</h3>
                <ul class="chips">{themes}</ul>
            })}
        </div>
    }
}
