//! The translator's desk: every published case × language that is missing or outdated, oldest first,
//! filtered by language, partner and theme, with counts per language. Each row opens the side-by-side
//! translation editor.

use crate::components::chrome::PageMeta;
use crate::components::forms::DeskFailure;
use crate::desk::{TranslateDeskView, TranslateFilter};
use crate::discussion_api::get_translate_desk;
use crate::lang::Lang;
use crate::pages::use_lang;
use crate::text::lang_name;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TranslateDeskPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map().read_untracked();
    let nonempty = |k: &str| q.get(k).filter(|v| !v.is_empty());
    let filter = TranslateFilter {
        lang: nonempty("language").and_then(|l| l.parse().ok()),
        partner: nonempty("partner"),
        theme: nonempty("theme"),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    };
    let data = crate::pages::page_data(
        move || (),
        move |_| get_translate_desk(lang, filter.clone()),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <TranslateDesk lang view=v/> }.into_any(),
                    Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn state_name(lang: Lang, state: &str) -> &'static str {
    match state {
        "outdated" => tr!(lang, tr_state_outdated),
        "missing" => tr!(lang, tr_state_missing),
        _ => tr!(lang, tr_state_current),
    }
}

#[component]
fn TranslateDesk(lang: Lang, view: TranslateDeskView) -> impl IntoView {
    let f = view.filter.clone();
    let counts = view
        .counts
        .iter()
        .map(|c| {
            view! {
                <tr data-test=format!("count-{}", c.lang)>
                    <th scope="row">{lang_name(lang, c.lang)}</th>
                    <td>{c.missing}</td>
                    <td>{c.outdated}</td>
                </tr>
            }
        })
        .collect_view();
    let lang_options = Lang::ALL
        .iter()
        .map(|l| view! { <option value=l.code() selected=f.lang == Some(*l)>{lang_name(lang, *l)}</option> })
        .collect_view();
    let partner_options = view
        .partners
        .iter()
        .map(|p| view! { <option value=p.value.clone() selected=f.partner.as_deref() == Some(p.value.as_str())>{p.label.clone()}</option> })
        .collect_view();
    let theme_options = view
        .themes
        .iter()
        .map(|t| view! { <option value=t.value.clone() selected=f.theme.as_deref() == Some(t.value.as_str())>{t.label.clone()}</option> })
        .collect_view();
    let rows = view
        .rows
        .iter()
        .map(|r| {
            let href = format!("/{lang}/desk/cases/{}?in={}", r.slug, r.lang);
            view! {
                <tr data-test="translate-row" data-slug=r.slug.clone() data-lang=r.lang.code() data-state=r.state.code()>
                    <td><a href=href>{r.title.clone()}</a></td>
                    <td>{lang_name(lang, r.source_lang)} " → " {lang_name(lang, r.lang)}</td>
                    <td>{state_name(lang, r.state.code())}</td>
                    <td><time datetime=r.since.clone()>{r.since.clone()}</time></td>
                    <td>{r.partner.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let query = |page: u32| {
        let mut q = vec![format!("page={page}")];
        if let Some(l) = f.lang {
            q.push(format!("language={l}"));
        }
        if let Some(p) = &f.partner {
            q.push(format!("partner={p}"));
        }
        if let Some(t) = &f.theme {
            q.push(format!("theme={t}"));
        }
        format!("/{lang}/translate?{}", q.join("&"))
    };
    let pager = (view.pages > 1).then(|| {
        let prev = (f.page > 1).then(|| view! { <a href=query(f.page - 1) rel="prev">{tr!(lang, page_previous)}</a> " " });
        let next = (f.page < view.pages).then(|| view! { <a href=query(f.page + 1) rel="next">{tr!(lang, page_next)}</a> });
        view! { <nav class="pager" aria-label=tr!(lang, tr_pages)><p>{f.page} " / " {view.pages} " "</p>{prev}{next}</nav> }
    });
    view! {
        <PageMeta lang title=tr!(lang, tr_desk_title).to_string() description=tr!(lang, tr_desk_intro).to_string()/>
        <h1>{tr!(lang, tr_desk_title)}</h1>
        <p>{tr!(lang, tr_desk_intro)}</p>
        <table class="table" data-test="translate-counts">
            <caption>{tr!(lang, tr_counts)}</caption>
            <thead><tr><th scope="col">{tr!(lang, tr_language)}</th><th scope="col">{tr!(lang, tr_state_missing)}</th><th scope="col">{tr!(lang, tr_state_outdated)}</th></tr></thead>
            <tbody>{counts}</tbody>
        </table>
        <form method="get" action=format!("/{lang}/translate") class="filters" data-test="translate-filter">
            <div class="field">
                <label for="tr-language">{tr!(lang, tr_language)}</label>
                <select id="tr-language" name="language"><option value="">{tr!(lang, tr_all)}</option>{lang_options}</select>
            </div>
            <div class="field">
                <label for="tr-partner">{tr!(lang, partner)}</label>
                <select id="tr-partner" name="partner"><option value="">{tr!(lang, tr_all)}</option>{partner_options}</select>
            </div>
            <div class="field">
                <label for="tr-theme">{tr!(lang, themes)}</label>
                <select id="tr-theme" name="theme"><option value="">{tr!(lang, tr_all)}</option>{theme_options}</select>
            </div>
            <button type="submit">{tr!(lang, tr_filter)}</button>
        </form>
        <p data-test="translate-total">{view.total} " " {tr!(lang, tr_to_do)}</p>
        <table class="table">
            <caption>{tr!(lang, tr_list)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr!(lang, ed_title)}</th>
                    <th scope="col">{tr!(lang, tr_language)}</th>
                    <th scope="col">{tr!(lang, tr_state)}</th>
                    <th scope="col">{tr!(lang, tr_since)}</th>
                    <th scope="col">{tr!(lang, partner)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {pager}
    }
}
