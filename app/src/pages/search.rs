//! The search page. Without JavaScript it is a plain GET form: words, facet checkboxes and an "apply"
//! button, results rendered on the server, pages as links. With JavaScript the same markup becomes an
//! island: results follow the typing (debounced), ticking a facet searches at once, the old results stay
//! until the new ones arrive (no flicker), the address follows every search (shareable, Back works) and
//! the result count is announced politely to screen readers.
//!
//! HTML over the wire: the server renders everything, the first page and every later answer
//! ([`search_fragment`]: the count, the facets and the results as HTML). The island in the browser only
//! reads the form, asks, and swaps the answer in; it renders no result and holds no interface text (what
//! it must say itself comes from the page's own markup), so the WebAssembly stays small.

use crate::api::search_cases;
use crate::components::chrome::PageMeta;
use crate::error::LibraryError;
use crate::lang::Lang;
use crate::model::SearchParams;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Post};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use leptos_router::hooks::use_location;

// The ids by which the island finds the parts it changes (all inside the island's form).
const FORM: &str = "search-form";
const INPUT: &str = "search-q";
const FILTERS_COUNT: &str = "search-filters-count";
const FACETS: &str = "search-facet-list";
const RESULTS: &str = "search-results";
const COUNT: &str = "search-count";
const UPDATING: &str = "search-updating";
const HITS: &str = "search-hits";

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
                        Ok(initial) => {
                            // The island's markup, rendered here once; the island reads it from the context.
                            #[cfg(feature = "ssr")]
                            provide_context(render::initial(lang, initial));
                            #[cfg(not(feature = "ssr"))]
                            let _ = initial;
                            view! { <SearchUi/> }.into_any()
                        }
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

/// The search backend does not answer (restarting, catching up): say so, keep the form so the reader can
/// try again, and point to browsing. A page that does its job (it tells the reader what to do), so a 200:
/// a balancer or monitor sees the outage in `/healthz` and `/metrics`, not in readers' pages.
#[component]
fn SearchDown(lang: Lang, params: SearchParams) -> impl IntoView {
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

/// What a search changes on the page, rendered on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFragment {
    /// "34 cases found", for the polite status line.
    pub count_text: String,
    /// How many facet values are ticked (shown beside "Filters").
    pub filters_count: u32,
    /// The facets' fieldsets.
    pub facets_html: String,
    /// The magazines found, the cases found and the pager, or the empty state.
    pub results_html: String,
}

/// Why a search answered no fragment: the [`LibraryError`] code (`search_unavailable`, …), or `transport`
/// when the request itself failed. The island only needs to know that it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFailed(pub String);

impl FromServerFnError for SearchFailed {
    type Encoder = FragmentCodec;

    fn from_server_fn_error(_: ServerFnErrorErr) -> Self {
        SearchFailed("transport".into())
    }
}

/// The wire format of [`search_fragment`], plain text so the browser needs no JSON parser: a first line
/// `{filters_count} {count_text bytes} {facets_html bytes}`, then the three texts one after another. An
/// error is its code alone.
pub struct FragmentCodec;

impl ContentType for FragmentCodec {
    const CONTENT_TYPE: &'static str = "text/plain; charset=utf-8";
}

impl FormatType for FragmentCodec {
    const FORMAT_TYPE: Format = Format::Text;
}

impl Encodes<SearchFragment> for FragmentCodec {
    type Error = std::convert::Infallible;

    fn encode(f: &SearchFragment) -> Result<Bytes, Self::Error> {
        let head = format!(
            "{} {} {}\n",
            f.filters_count,
            f.count_text.len(),
            f.facets_html.len()
        );
        Ok(Bytes::from(
            [
                head.as_str(),
                &f.count_text,
                &f.facets_html,
                &f.results_html,
            ]
            .concat(),
        ))
    }
}

impl Decodes<SearchFragment> for FragmentCodec {
    type Error = &'static str;

    fn decode(bytes: Bytes) -> Result<SearchFragment, Self::Error> {
        const BAD: &str = "not a search fragment";
        let text = std::str::from_utf8(&bytes).map_err(|_| BAD)?;
        let (head, body) = text.split_once('\n').ok_or(BAD)?;
        let mut numbers = head.split(' ').map(|n| n.parse::<usize>().map_err(|_| BAD));
        let mut next = || numbers.next().unwrap_or(Err(BAD));
        let (filters, count, facets) = (next()?, next()?, next()?);
        let facets_end = count.checked_add(facets).ok_or(BAD)?;
        let piece = |range: std::ops::Range<usize>| body.get(range).map(str::to_string).ok_or(BAD);
        Ok(SearchFragment {
            filters_count: u32::try_from(filters).map_err(|_| BAD)?,
            count_text: piece(0..count)?,
            facets_html: piece(count..facets_end)?,
            results_html: piece(facets_end..body.len())?,
        })
    }
}

impl Encodes<SearchFailed> for FragmentCodec {
    type Error = std::convert::Infallible;

    fn encode(e: &SearchFailed) -> Result<Bytes, Self::Error> {
        Ok(Bytes::from(e.0.clone()))
    }
}

impl Decodes<SearchFailed> for FragmentCodec {
    type Error = std::convert::Infallible;

    fn decode(bytes: Bytes) -> Result<SearchFailed, Self::Error> {
        Ok(SearchFailed(String::from_utf8_lossy(&bytes).into_owned()))
    }
}

/// A search, asked with the query string of the search page's address (`q=…&theme=…&page=…`), answered
/// as the HTML the island swaps in.
#[server(name = SearchFragmentArgs, input = GetUrl, output = Post<FragmentCodec>)]
pub async fn search_fragment(lang: Lang, query: String) -> Result<SearchFragment, SearchFailed> {
    let view = search_cases(lang, query)
        .await
        .map_err(|e| SearchFailed(e.code().to_string()))?;
    Ok(render::fragment(lang, view))
}

/// The interactive part: form, facets and results. Server-rendered whole (see `render::initial`), so
/// it all works without JavaScript; hydrated as an island when JavaScript runs. It has no props: on the
/// server the form comes from the context; in the browser hydration only claims the form element (its
/// attributes and content are the server's and are not compared), and the `client` module listens to it.
#[island]
pub fn SearchUi() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let render::Initial { action, form_html } = use_context().unwrap_or_default();
        view! { <form id=FORM class="search-form" role="search" action=action method="get" inner_html=form_html></form> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        client::start();
        view! { <form></form> }
    }
}

/// The browser's side: listens to the form, reads it, asks [`search_fragment`], swaps the answer in. Plain
/// DOM calls rather than a reactive view: the page's markup is the server's, and this stays small.
#[cfg(feature = "hydrate")]
mod client {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

    // The browser's `FormData` and `URLSearchParams`, declared here so no `web-sys` feature is needed.
    #[wasm_bindgen]
    extern "C" {
        type FormData;
        #[wasm_bindgen(constructor)]
        fn new(form: &Element) -> FormData;

        #[wasm_bindgen(js_name = URLSearchParams)]
        type Query;
        #[wasm_bindgen(constructor, js_class = "URLSearchParams")]
        fn new(init: &JsValue) -> Query;
        #[wasm_bindgen(method, js_class = "URLSearchParams")]
        fn get(this: &Query, name: &str) -> Option<String>;
        #[wasm_bindgen(method, js_class = "URLSearchParams")]
        fn delete(this: &Query, name: &str);
        #[wasm_bindgen(method, js_class = "URLSearchParams", js_name = toString)]
        fn text(this: &Query) -> String;
    }

    /// What a search does to the browser's history.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum History {
        /// A new entry (a ticked facet, a submitted form).
        Push,
        /// While typing: one entry for the whole word.
        Typing,
        /// Back or Forward brought the address: leave it.
        Keep,
    }

    #[derive(Default)]
    struct State {
        /// Counts the searches asked: only the answer to the last one is shown.
        generation: Cell<u32>,
        /// Whether the address shown was made by typing: further typing replaces it, anything else adds one.
        typing: Cell<bool>,
        /// The debounce of typing.
        timer: Cell<Option<TimeoutHandle>>,
    }

    type Ctl = Rc<State>;

    /// One listener for everything: the form's `submit`, `input` and `change` (the checkboxes live in HTML
    /// that is swapped, so they are caught on the form) and the window's `popstate`.
    pub fn start() {
        let Some(form) = by_id(FORM) else {
            return;
        };
        let ctl = Ctl::default();
        let listener = Closure::<dyn Fn(Event)>::new(move |ev: Event| handle(&ctl, ev));
        let f = listener.as_ref().unchecked_ref();
        for name in ["submit", "input", "change"] {
            let _ = form.add_event_listener_with_callback(name, f);
        }
        let _ = window().add_event_listener_with_callback("popstate", f);
        // The island lives as long as the page.
        listener.forget();
    }

    fn handle(ctl: &Ctl, ev: Event) {
        match ev.type_().as_str() {
            "submit" => {
                ev.prevent_default();
                search(ctl, History::Push);
            }
            // Only the words are debounced (a ticked checkbox fires `input` too).
            "input" if field_type(&ev).as_deref() == Some("search") => {
                cancel_timer(ctl);
                let later = ctl.clone();
                let handle = set_timeout_with_handle(
                    move || search(&later, History::Typing),
                    std::time::Duration::from_millis(250),
                )
                .ok();
                ctl.timer.set(handle);
            }
            "change" if field_type(&ev).as_deref() == Some("checkbox") || is_select(&ev) => {
                search(ctl, History::Push)
            }
            "popstate" => back_or_forward(ctl),
            _ => {}
        }
    }

    fn by_id(id: &str) -> Option<Element> {
        document().get_element_by_id(id)
    }

    /// The `type` of the form field an event came from (`search`, `checkbox`).
    fn field_type(ev: &Event) -> Option<String> {
        ev.target()?
            .dyn_into::<Element>()
            .ok()?
            .get_attribute("type")
    }

    /// Whether an event came from a `<select>` (the order of the hits).
    fn is_select(ev: &Event) -> bool {
        ev.target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("select"))
    }

    fn cancel_timer(ctl: &Ctl) {
        if let Some(h) = ctl.timer.take() {
            h.clear();
        }
    }

    /// Back or Forward: the address says what to show; the words go back into the box.
    fn back_or_forward(ctl: &Ctl) {
        cancel_timer(ctl);
        let search = window().location().search().unwrap_or_default();
        let query = search.trim_start_matches('?');
        let words = Query::new(&JsValue::from_str(query))
            .get("q")
            .unwrap_or_default();
        if let Some(input) = by_id(INPUT) {
            input.unchecked_into::<HtmlInputElement>().set_value(&words);
        }
        run(ctl, query.to_string(), History::Keep);
    }

    /// Searches what the form says now: the words and the ticked checkboxes, from the first page.
    fn search(ctl: &Ctl, how: History) {
        cancel_timer(ctl);
        let Some(form) = by_id(FORM) else {
            return;
        };
        let query = Query::new(&FormData::new(&form));
        for key in ["q", "sort"] {
            if query.get(key).is_some_and(|v| v.is_empty()) {
                query.delete(key);
            }
        }
        run(ctl, query.text(), how);
    }

    fn run(ctl: &Ctl, query: String, how: History) {
        let Some(form) = by_id(FORM) else {
            return;
        };
        let mine = ctl.generation.get().wrapping_add(1);
        ctl.generation.set(mine);
        let mut href = form.get_attribute("action").unwrap_or_default();
        let lang = crate::lang_of_path(&href).unwrap_or(Lang::En);
        if !query.is_empty() {
            href.push('?');
            href.push_str(&query);
        }
        busy(true);
        sync_address(&href, how, &ctl.typing);
        let ctl = ctl.clone();
        leptos::task::spawn_local(async move {
            let answer = search_fragment(lang, query).await;
            // A slower answer to an older search must not replace a newer one.
            if ctl.generation.get() != mine {
                return;
            }
            busy(false);
            match answer {
                Ok(f) => show(f),
                Err(_) => {
                    // The old results stay; the status line says search failed.
                    let text = by_id(COUNT).and_then(|c| c.get_attribute("data-unavailable"));
                    set_text(COUNT, &text.unwrap_or_default());
                }
            }
        });
    }

    fn sync_address(href: &str, how: History, typing: &Cell<bool>) {
        let Ok(history) = window().history() else {
            return;
        };
        let _ = match how {
            History::Keep => Ok(()),
            History::Typing if typing.get() => {
                history.replace_state_with_url(&JsValue::NULL, "", Some(href))
            }
            _ => history.push_state_with_url(&JsValue::NULL, "", Some(href)),
        };
        typing.set(how == History::Typing);
    }

    fn busy(on: bool) {
        if let Some(el) = by_id(RESULTS) {
            let _ = el.set_attribute("aria-busy", if on { "true" } else { "false" });
        }
        if let Some(el) = by_id(UPDATING) {
            el.set_class_name(if on { "updating visible" } else { "updating" });
        }
    }

    /// The status line is never replaced, only its text changed (and only when it changes), so screen
    /// readers announce the new count.
    fn set_text(id: &str, text: &str) {
        if let Some(el) = by_id(id)
            && el.text_content().as_deref() != Some(text)
        {
            el.set_text_content(Some(text));
        }
    }

    fn show(f: SearchFragment) {
        set_text(COUNT, &f.count_text);
        let filters = if f.filters_count > 0 {
            format!(" ({})", f.filters_count)
        } else {
            String::new()
        };
        set_text(FILTERS_COUNT, &filters);
        if let Some(list) = by_id(FACETS) {
            // The ticked checkbox keeps the focus across the swap (keyboard users keep their place).
            let focused = document()
                .active_element()
                .filter(|a| list.contains(Some(a)))
                .map(|a| a.id());
            list.set_inner_html(&f.facets_html);
            if let Some(el) = focused.and_then(|id| by_id(&id)) {
                let _ = el.unchecked_into::<HtmlElement>().focus();
            }
        }
        if let Some(hits) = by_id(HITS) {
            hits.set_inner_html(&f.results_html);
        }
    }
}

/// The markup, rendered on the server only: the first page's form and each answer's fragment.
#[cfg(feature = "ssr")]
mod render {
    use super::*;
    use crate::components::cards::content_lang;
    use crate::model::{FacetValue, FacetView, SearchHitView, SearchView};
    use crate::text::{country_name, lang_name, stage_name};

    /// What the island renders on the server, through the context (island props would be copied into
    /// the page as JSON and read by the browser).
    #[derive(Clone, Debug, Default)]
    pub struct Initial {
        pub action: String,
        pub form_html: String,
    }

    pub fn initial(lang: Lang, view: SearchView) -> Initial {
        let q = view.params.q.clone();
        let by_taken_up = view.params.sort == "taken_up";
        let f = fragment(lang, view);
        let form_html = view! {
            <label for=INPUT>{tr!(lang, search_label)}</label>
            <div class="search-row">
                <input
                    id=INPUT
                    type="search"
                    name="q"
                    autocomplete="off"
                    placeholder=tr!(lang, search_placeholder)
                    value=q
                    data-test="search-input"
                />
                <button type="submit">{tr!(lang, search_button)}</button>
            </div>
            <div class="search-sort">
                <label for="search-sort">{tr!(lang, search_sort)}</label>
                <select id="search-sort" name="sort" data-test="search-sort">
                    <option value="" selected=!by_taken_up>{tr!(lang, search_sort_relevance)}</option>
                    <option value="taken_up" selected=by_taken_up>{tr!(lang, search_sort_taken_up)}</option>
                </select>
            </div>
            <div class="search-layout">
                // One disclosure: on a phone the results come first and the filters fold into one line; on a
                // wide screen the stylesheet shows them beside the results, open or not.
                <details class="search-facets" data-test="search-filters">
                    <summary data-test="search-filters-summary">
                        {tr!(lang, search_filters)}
                        <span id=FILTERS_COUNT>{(f.filters_count > 0).then(|| format!(" ({})", f.filters_count))}</span>
                    </summary>
                    <div id=FACETS inner_html=f.facets_html></div>
                    <button type="submit" class="secondary" data-test="apply-filters">{tr!(lang, search_apply_filters)}</button>
                </details>
                <section id=RESULTS class="search-results" aria-labelledby="results-heading" aria-busy="false">
                    <h2 id="results-heading" class="visually-hidden">{tr!(lang, search_results_label)}</h2>
                    <p
                        id=COUNT
                        class="result-count"
                        role="status"
                        aria-live="polite"
                        aria-atomic="true"
                        data-test="result-count"
                        data-unavailable=tr!(lang, search_unavailable_title)
                    >
                        {f.count_text}
                    </p>
                    <p id=UPDATING class="updating" aria-hidden="true">{tr!(lang, search_updating)}</p>
                    <div id=HITS inner_html=f.results_html></div>
                </section>
            </div>
        }
        .to_html();
        Initial {
            action: format!("/{lang}/search"),
            form_html,
        }
    }

    pub fn fragment(lang: Lang, view: SearchView) -> SearchFragment {
        let facets_html = view
            .facets
            .iter()
            .map(|f| view! { <Facet lang facet=f.clone()/> })
            .collect_view()
            .to_html();
        SearchFragment {
            count_text: count_text(lang, view.total),
            filters_count: u32::try_from(view.params.filters.len()).unwrap_or(u32::MAX),
            facets_html,
            results_html: view! { <Results lang view/> }.to_html(),
        }
    }

    fn facet_name(lang: Lang, key: &str) -> &'static str {
        match key {
            "theme" => tr!(lang, facet_theme),
            "partner" => tr!(lang, facet_partner),
            "country" => tr!(lang, facet_country),
            "language" => tr!(lang, facet_language),
            "taken_up" => tr!(lang, facet_taken_up),
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

    #[component]
    fn Facet(lang: Lang, facet: FacetView) -> impl IntoView {
        let key = facet.key;
        let rows = facet
            .values
            .into_iter()
            .map(|value| view! { <FacetRow lang facet=key.clone() value/> })
            .collect_view();
        view! {
            <fieldset class="facet" data-test=format!("facet-{key}")>
                <legend>{facet_name(lang, &key)}</legend>
                <ul>{rows}</ul>
            </fieldset>
        }
    }

    #[component]
    fn FacetRow(lang: Lang, facet: String, value: FacetValue) -> impl IntoView {
        let id = format!("f-{facet}-{}", value.value);
        let label_lang = (facet == "language").then_some(lang.code());
        view! {
            <li>
                <input type="checkbox" id=id.clone() name=facet value=value.value checked=value.selected/>
                <label for=id lang=label_lang>
                    {value.label} " " <span class="count">"(" {value.count} ")"</span>
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
                    {(c.taken_up > 0).then(|| view! {
                        " · " <span data-test="taken-up-count">{tr!(lang, card_taken_up).replace("{count}", &c.taken_up.to_string())}</span>
                    })}
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
                sort: view.params.sort.clone(),
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
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::model::{
        CaseCard, FacetValue, FacetView, PageInfo, PartnerRef, SearchHitView, SearchView, ThemeRef,
    };

    #[test]
    fn a_fragment_survives_the_wire() {
        let f = SearchFragment {
            count_text: "3 cas trouvés — “Bürger”".into(),
            filters_count: 2,
            facets_html: "<fieldset>ä\n</fieldset>".into(),
            results_html: "<ol>\n1 2 3</ol>".into(),
        };
        let bytes = <FragmentCodec as Encodes<SearchFragment>>::encode(&f).unwrap();
        assert_eq!(
            <FragmentCodec as Decodes<SearchFragment>>::decode(bytes),
            Ok(f)
        );
        let empty = SearchFragment::default();
        let bytes = <FragmentCodec as Encodes<SearchFragment>>::encode(&empty).unwrap();
        assert_eq!(
            <FragmentCodec as Decodes<SearchFragment>>::decode(bytes),
            Ok(empty)
        );
        for bad in ["", "1 2\nab", "0 9 0\nshort", "0 1 0\n\u{e9}", "x 0 0\n"] {
            let decoded = <FragmentCodec as Decodes<SearchFragment>>::decode(Bytes::from(bad));
            assert!(decoded.is_err(), "{bad:?}");
        }
    }

    fn view(hits: usize, filters: Vec<(String, String)>) -> SearchView {
        let card = |i: usize| CaseCard {
            slug: format!("case-{i}"),
            lang: Lang::De,
            title: "<b>Title</b>".into(),
            summary: String::new(),
            partner: PartnerRef {
                slug: "p".into(),
                name: "Partner".into(),
                country: "DK".into(),
            },
            themes: vec![ThemeRef {
                slug: "t".into(),
                name: "Theme".into(),
            }],
            published: "2024-01-01".into(),
            stage: None,
            image: None,
            comments: 0,
            taken_up: 0,
        };
        SearchView {
            params: SearchParams {
                q: "a \"quoted\" <word>".into(),
                filters,
                page: 1,
                sort: String::new(),
            },
            total: hits as u64,
            hits: (0..hits)
                .map(|i| SearchHitView {
                    card: card(i),
                    snippet_html: "a <mark>word</mark>".into(),
                })
                .collect(),
            magazines: Vec::new(),
            facets: vec![FacetView {
                key: "country".into(),
                values: vec![
                    FacetValue {
                        value: "DK".into(),
                        label: "Denmark".into(),
                        count: 3,
                        selected: true,
                    },
                    FacetValue {
                        value: "DE".into(),
                        label: "Germany".into(),
                        count: 5,
                        selected: false,
                    },
                ],
            }],
            page: PageInfo {
                number: 1,
                count: 2,
                total: hits as u64,
            },
            popular_themes: vec![ThemeRef {
                slug: "t".into(),
                name: "Theme".into(),
            }],
        }
    }

    #[test]
    fn the_form_carries_every_hook_the_island_and_the_tests_use() {
        let ticked = vec![("country".to_string(), "DK".to_string())];
        let init = render::initial(Lang::En, view(2, ticked.clone()));
        assert_eq!(init.action, "/en/search");
        let html = init.form_html;
        for needle in [
            r#"id="search-q""#,
            r#"name="q""#,
            r#"value="a &quot;quoted&quot; &lt;word&gt;""#,
            r#"data-test="search-input""#,
            r#"<details data-test="search-filters" class="search-facets">"#,
            r#"<summary data-test="search-filters-summary">Filters<span id="search-filters-count"> (1)</span></summary>"#,
            r#"<div id="search-facet-list"><fieldset data-test="facet-country" class="facet">"#,
            r#"<input type="checkbox" id="f-country-DK" name="country" value="DK" checked>"#,
            r#"<input type="checkbox" id="f-country-DE" name="country" value="DE">"#,
            r#"data-test="apply-filters""#,
            r#"<section id="search-results" aria-labelledby="results-heading" aria-busy="false""#,
            r#"role="status""#,
            r#"data-unavailable="Search is catching up" class="result-count">2 cases found</p>"#,
            r#"<p id="search-updating" aria-hidden="true" class="updating">"#,
            r#"<div id="search-hits">"#,
            r#"data-test="hits""#,
            r#"data-test="hit" data-slug="case-0""#,
            r#"&lt;b&gt;Title&lt;/b&gt;"#,
            r#"a <mark>word</mark>"#,
            r#"data-test="pager""#,
        ] {
            assert!(html.contains(needle), "{needle}\n\nin\n\n{html}");
        }
        let none = render::fragment(Lang::En, view(0, ticked));
        assert_eq!(none.count_text, "No cases found");
        assert_eq!(none.filters_count, 1);
        assert!(none.results_html.contains(r#"data-test="empty-state""#));
        assert!(none.results_html.contains(r#"data-test="remove-filters""#));
        let plain = render::initial(Lang::En, view(1, Vec::new())).form_html;
        assert!(
            plain.contains(r#"Filters<span id="search-filters-count"><!></span></summary>"#),
            "{plain}"
        );
    }
}
