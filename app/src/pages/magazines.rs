//! The list of magazines and one magazine: its editorial and its cases in order.

use crate::api::{get_magazine, get_magazines};
use crate::components::cards::{CaseCardView, MagazineCardView, Pager, content_lang};
use crate::components::chrome::{Json, JsonLd, PageMeta, canonical_url, page_url};
use crate::components::status::{NotFound, Unavailable};
use crate::desk::ItemKind;
use crate::lang::Lang;
use crate::model::MagazineView;
use crate::pages::case::{absolute, translations};
use crate::pages::issue::TakeAlong;
use crate::pages::{use_lang, use_page, use_slug};
use crate::text::lang_name;
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn MagazinesPage() -> impl IntoView {
    let lang = use_lang();
    let page = use_page();
    let list = crate::pages::page_data(move || page.get(), move |page| get_magazines(lang, page));
    view! {
        <PageMeta lang title=tr!(lang, magazines_title).to_string() description=tr!(lang, magazines_intro).to_string()/>
        <h1>{tr!(lang, magazines_title)}</h1>
        <p class="lead">{tr!(lang, magazines_intro)}</p>
        // Filled by /offline.js with the issues saved on this device; readers without JavaScript never see it.
        <section class="offline-saved" data-test="offline-saved" hidden
            data-heading=tr!(lang, offline_heading)
            data-label-remove=tr!(lang, offline_remove_short)
            data-label-none=tr!(lang, offline_none)></section>
        <script src="/offline.js" defer></script>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(Some(list)) => {
                        let items = list.magazines.into_iter()
                            .map(|card| view! { <li><MagazineCardView lang card/></li> })
                            .collect_view();
                        view! {
                            <ul class="card-grid">{items}</ul>
                            <Pager lang page=list.page path=format!("/{lang}/magazines")/>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MagazinePage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    // The magazine and its comments in one resource: the page's data is one piece, the same on every render.
    let page = crate::pages::page_data(
        move || slug.get(),
        move |slug| async move {
            let magazine = get_magazine(lang, slug.clone()).await;
            let comments =
                crate::discussion_api::get_comments(lang, ItemKind::Magazine, slug).await;
            (magazine, comments)
        },
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let (magazine, comments) = page.await;
                match magazine {
                    Ok(Some(m)) => {
                        let notice = m.is_fallback.then(|| view! {
                            <p class="notice" role="note" data-test="fallback-notice">
                                {tr!(lang, fallback_notice)} " " {tr!(lang, original_language)} ": "
                                {lang_name(lang, m.card.lang)} "."
                            </p>
                        });
                        let cover = m.card.cover.clone().map(|img| view! {
                            <img class="cover-large" src=img.url srcset=img.srcset sizes=crate::components::cards::COLUMN_SIZES alt=img.alt width="960" height="540"/>
                        });
                        let start = m.cases.first().map(|first| view! {
                            <p><a class="button" data-test="start-reading"
                                href=crate::pages::issue::issue_case_href(lang, &m.card.slug, &first.slug)>
                                {tr!(lang, issue_start_reading)}
                            </a></p>
                        });
                        let data = magazine_linked_data(
                            &crate::use_site().public_url,
                            lang,
                            canonical_url(lang),
                            &m,
                        );
                        let take_along = view! { <TakeAlong lang card=m.card.clone()/> };
                        let cases = m.cases.into_iter().map(|card| view! {
                            <li><CaseCardView lang card/></li>
                        }).collect_view();
                        view! {
                            <PageMeta lang title=m.card.title.clone() description=m.card.summary.clone()/>
                            <JsonLd data/>
                            <article class="magazine" data-test="magazine">
                                {notice}
                                <header lang=content_lang(lang, m.card.lang)>
                                    <p class="kicker">{tr!(lang, magazine_issue)} " " {m.card.number}</p>
                                    <h1>{m.card.title.clone()}</h1>
                                    <p class="lead">{m.card.summary.clone()}</p>
                                </header>
                                {start}
                                {cover}
                                <section aria-labelledby="editorial" lang=content_lang(lang, m.card.lang)>
                                    <h2 id="editorial">{tr!(lang, editorial)}</h2>
                                    <div class="prose" inner_html=m.editorial_html></div>
                                </section>
                                <section aria-labelledby="magazine-cases">
                                    <h2 id="magazine-cases">{tr!(lang, magazine_cases)}</h2>
                                    <ol class="card-grid numbered">{cases}</ol>
                                </section>
                                {take_along}
                            </article>
                            <crate::components::comments::CommentsSection lang comments/>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A magazine as schema.org linked data (docs/linked-data.md): a `PublicationIssue` named by `id`, the page's
/// canonical address, with its cases as `hasPart` and its other languages as translations. Made from the
/// view the page shows, with addresses in the page's language `lang`.
pub fn magazine_linked_data(base: &str, lang: Lang, id: String, m: &MagazineView) -> Json {
    let card = &m.card;
    let parts: Vec<Json> = m
        .cases
        .iter()
        .map(|c| {
            let case = page_url(base, lang, &format!("/cases/{}", c.slug));
            Json::object([
                ("@type", Some("Article".into())),
                ("@id", Some(case.clone().into())),
                ("url", Some(case.into())),
                ("name", Some(c.title.clone().into())),
                ("inLanguage", Some(c.lang.code().into())),
                (
                    "author",
                    Some(Json::object([
                        ("@type", Some("Organization".into())),
                        (
                            "@id",
                            Some(
                                page_url(base, lang, &format!("/partners/{}", c.partner.slug))
                                    .into(),
                            ),
                        ),
                        ("name", Some(c.partner.name.clone().into())),
                    ])),
                ),
            ])
        })
        .collect();
    let mut pairs: Vec<(&'static str, Option<Json>)> = vec![
        ("@context", Some("https://schema.org".into())),
        ("@type", Some("PublicationIssue".into())),
        ("@id", Some(id.clone().into())),
        ("url", Some(id.into())),
        ("name", Some(card.title.clone().into())),
        ("headline", Some(card.title.clone().into())),
        ("description", Some(card.summary.clone().into())),
        ("issueNumber", Some(i64::from(card.number).into())),
        ("inLanguage", Some(card.lang.code().into())),
        ("datePublished", Some(card.published.clone().into())),
        (
            "image",
            card.cover.as_ref().map(|c| absolute(base, &c.url).into()),
        ),
        ("hasPart", (!parts.is_empty()).then_some(Json::List(parts))),
    ];
    pairs.extend(translations(
        base,
        &format!("/magazines/{}", card.slug),
        card.lang,
        m.source_lang,
        &m.languages,
    ));
    Json::object(pairs)
}
