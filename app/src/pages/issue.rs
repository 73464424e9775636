//! A magazine issue read in order: a case inside its issue (with the way back and on), the whole issue on one
//! page for printing, and a stand card with the issue's QR code.

use crate::api::{get_issue, get_issue_case, get_magazine};
use crate::components::cards::content_lang;
use crate::components::chrome::{JsonLd, PageMeta, canonical_url};
use crate::components::status::{NotFound, Unavailable};
use crate::lang::Lang;
use crate::model::{IssueCaseView, MagazineCard};
use crate::pages::case::CaseArticle;
use crate::pages::{use_lang, use_slug};
use crate::text::lang_name;
use crate::tr;
use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::hooks::use_params_map;

/// The address of a case read inside its issue.
pub fn issue_case_href(lang: Lang, magazine: &str, case: &str) -> String {
    format!("/{lang}/magazines/{magazine}/{case}")
}

/// "Case 3 of 8".
pub fn position_text(lang: Lang, n: usize, total: usize) -> String {
    tr!(lang, issue_position)
        .replace("{n}", &n.to_string())
        .replace("{total}", &total.to_string())
}

/// The box the offline script fills in: hidden, so readers without JavaScript see nothing of it. Its labels
/// come translated from here; `/offline.js` only switches between them.
#[component]
pub fn OfflineBox(lang: Lang, magazine: String) -> impl IntoView {
    view! {
        <div class="offline-box" data-test="offline" hidden
            data-offline=format!("/{lang}/magazines/{magazine}/offline.json")
            data-label-save=tr!(lang, offline_save)
            data-label-saving=tr!(lang, offline_saving)
            data-label-saved=tr!(lang, offline_saved)
            data-label-remove=tr!(lang, offline_remove)
            data-label-failed=tr!(lang, offline_failed)
            data-label-updated=tr!(lang, offline_updated)>
            <button type="button" data-test="save-offline">{tr!(lang, offline_save)}</button>
            <p data-test="offline-status" role="status" aria-live="polite"></p>
        </div>
        <script src="/offline.js" defer></script>
    }
}

#[component]
pub fn IssueCasePage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    let params = use_params_map();
    let case = Memo::new(move |_| params.read().get("case").unwrap_or_default());
    let view = crate::pages::page_data(
        move || (slug.get(), case.get()),
        move |(magazine, case)| get_issue_case(lang, magazine, case),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(Some(v)) => view! { <IssueCase lang view=v/> }.into_any(),
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IssueCase(lang: Lang, view: IssueCaseView) -> AnyView {
    let magazine = view.magazine.clone();
    let magazine_href = format!("/{lang}/magazines/{}", magazine.slug);
    let total = view.entries.len();
    let position = position_text(lang, view.position, total);
    // The first case's way back and the last case's way on are the magazine page: the issue's covers.
    let (prev_href, prev_label, prev_title) = match view.prev() {
        Some(e) => (
            issue_case_href(lang, &magazine.slug, &e.slug),
            tr!(lang, issue_prev),
            e.title.clone(),
        ),
        None => (
            magazine_href.clone(),
            tr!(lang, issue_cover),
            magazine.title.clone(),
        ),
    };
    let (next_href, next_label, next_title) = match view.next() {
        Some(e) => (
            issue_case_href(lang, &magazine.slug, &e.slug),
            tr!(lang, issue_next),
            e.title.clone(),
        ),
        None => (
            magazine_href.clone(),
            tr!(lang, issue_back_cover),
            magazine.title.clone(),
        ),
    };
    let toc = view
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let current = i + 1 == view.position;
            view! {
                <li>
                    <a href=issue_case_href(lang, &magazine.slug, &e.slug) lang=content_lang(lang, e.lang)
                        aria-current=current.then_some("page")>{e.title.clone()}</a>
                </li>
            }
        })
        .collect_view();
    let title = format!("{} · {}", view.case.card.title, magazine.title);
    let description = view.case.card.summary.clone();
    let case_lang = view.case.card.lang;
    // Canonically the case's own page, here known to be part of this issue.
    let data = crate::pages::case::case_linked_data(
        &crate::use_site().public_url,
        lang,
        canonical_url(lang),
        &view.case,
        Some(&magazine),
    );
    view! {
        <PageMeta lang title description/>
        <JsonLd data/>
        <Link rel="prev" href=prev_href.clone()/>
        <Link rel="next" href=next_href.clone()/>
        <div class="issue-bar" data-test="issue-bar">
            <p class="kicker">
                <a href=magazine_href.clone() lang=content_lang(lang, magazine.lang)>
                    {tr!(lang, magazine_issue)} " " {magazine.number} ": " {magazine.title.clone()}
                </a>
            </p>
            <details class="issue-toc" data-test="issue-toc">
                <summary>{tr!(lang, issue_contents)}</summary>
                <ol>{toc}</ol>
            </details>
        </div>
        <CaseArticle lang case=view.case kicker=position/>
        <nav class="issue-pager" aria-label=tr!(lang, issue_nav_label) data-test="issue-nav">
            <a rel="prev" href=prev_href data-test="issue-prev">
                <span class="pager-label">"← " {prev_label}</span>
                <span class="pager-title" lang=content_lang(lang, case_lang)>{prev_title}</span>
            </a>
            <a rel="next" href=next_href data-test="issue-next">
                <span class="pager-label">{next_label} " →"</span>
                <span class="pager-title">{next_title}</span>
            </a>
        </nav>
        <p class="hint issue-keys" hidden>{tr!(lang, issue_keys_hint)}</p>
        <OfflineBox lang magazine=magazine.slug.clone()/>
        <script src="/issue.js" defer></script>
    }
    .into_any()
}

/// Where to take the issue along: offline, as a PDF, on paper, on a stand; and its QR code.
#[component]
pub fn TakeAlong(lang: Lang, card: MagazineCard) -> impl IntoView {
    let base = format!("/{lang}/magazines/{}", card.slug);
    let absolute = format!("{}{base}", crate::use_site().public_url);
    let alt = format!("{} {absolute}", tr!(lang, issue_qr_alt));
    view! {
        <section class="take-along" aria-labelledby="take-along">
            <h2 id="take-along">{tr!(lang, issue_take_along)}</h2>
            <div class="take-along-row">
                <ul class="take-along-links">
                    <li><a href=format!("{base}/issue.pdf") data-test="magazine-pdf" type="application/pdf">
                        {tr!(lang, issue_pdf)}</a></li>
                    <li><a href=format!("{base}/print") data-test="magazine-print">{tr!(lang, issue_print)}</a></li>
                    <li><a href=format!("{base}/card") data-test="magazine-stand-card">{tr!(lang, issue_card)}</a></li>
                </ul>
                <figure class="qr" data-test="magazine-qr">
                    <img src=format!("{base}/qr.svg") alt=alt width="160" height="160"/>
                    <figcaption>{tr!(lang, issue_qr_caption)}</figcaption>
                </figure>
            </div>
            <OfflineBox lang magazine=card.slug.clone()/>
        </section>
    }
}

/// Every case of an issue on one page, each from a new sheet when printed.
#[component]
pub fn IssuePrintPage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    let issue = crate::pages::page_data(move || slug.get(), move |slug| get_issue(lang, slug));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match issue.await {
                    Ok(Some(issue)) => {
                        let m = issue.magazine;
                        let total = issue.cases.len();
                        let text_lang = content_lang(lang, m.card.lang);
                        let contents = issue.cases.iter().map(|c| view! {
                            <li><a href=format!("#case-{}", c.card.slug) lang=content_lang(lang, c.card.lang)>{c.card.title.clone()}</a></li>
                        }).collect_view();
                        let cases = issue.cases.into_iter().enumerate().map(|(i, c)| {
                            let id = format!("case-{}", c.card.slug);
                            view! {
                                <section class="print-case" id=id data-test="print-case">
                                    <CaseArticle lang case=c nested=true kicker=position_text(lang, i + 1, total)/>
                                </section>
                            }
                        }).collect_view();
                        let notice = m.is_fallback.then(|| view! {
                            <p class="notice" role="note">
                                {tr!(lang, fallback_notice)} " " {tr!(lang, original_language)} ": "
                                {lang_name(lang, m.card.lang)} "."
                            </p>
                        });
                        view! {
                            <PageMeta lang title=format!("{} · {}", tr!(lang, issue_print), m.card.title) description=m.card.summary.clone()/>
                            <article class="print-issue" data-test="print-issue">
                                <p class="hint no-print">{tr!(lang, issue_print_intro)}</p>
                                {notice}
                                <header lang=text_lang>
                                    <p class="kicker">{tr!(lang, magazine_issue)} " " {m.card.number}</p>
                                    <h1>{m.card.title.clone()}</h1>
                                    <p class="lead">{m.card.summary.clone()}</p>
                                </header>
                                <section aria-labelledby="editorial" lang=text_lang>
                                    <h2 id="editorial">{tr!(lang, editorial)}</h2>
                                    <div class="prose" inner_html=m.editorial_html></div>
                                </section>
                                <nav aria-labelledby="print-contents" class="print-contents">
                                    <h2 id="print-contents">{tr!(lang, issue_contents)}</h2>
                                    <ol>{contents}</ol>
                                </nav>
                                {cases}
                            </article>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A card for the stand (A6): the issue, its cover, its address and QR code, and the five languages.
#[component]
pub fn StandCardPage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    let magazine =
        crate::pages::page_data(move || slug.get(), move |slug| get_magazine(lang, slug));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match magazine.await {
                    Ok(Some(m)) => {
                        let card = m.card;
                        let path = format!("/{lang}/magazines/{}", card.slug);
                        let absolute = format!("{}{path}", crate::use_site().public_url);
                        let short = absolute
                            .trim_start_matches("https://")
                            .trim_start_matches("http://")
                            .to_string();
                        let alt = format!("{} {absolute}", tr!(lang, issue_qr_alt));
                        let cover = card.cover.clone().map(|img| view! {
                            <img class="card-cover" src=img.url srcset=img.srcset sizes="26rem" alt=img.alt width="960" height="540"/>
                        });
                        let langs = Lang::ALL
                            .iter()
                            .map(|l| view! { <li lang=l.code()>{l.endonym()}</li> })
                            .collect_view();
                        view! {
                            <PageMeta lang title=format!("{} · {}", tr!(lang, issue_card), card.title) description=card.summary.clone()/>
                            <p class="hint no-print">{tr!(lang, issue_card_intro)}</p>
                            <article class="stand-card" data-test="stand-card">
                                <p class="stand-brand">{tr!(lang, site_name)}</p>
                                <p class="kicker">{tr!(lang, magazine_issue)} " " {card.number}</p>
                                <h1 lang=content_lang(lang, card.lang)>{card.title.clone()}</h1>
                                {cover}
                                <img class="stand-qr" src=format!("{path}/qr.svg") alt=alt width="200" height="200" data-test="stand-qr"/>
                                <p class="stand-url"><a href=path>{short}</a></p>
                                <p class="stand-langs-label">{tr!(lang, issue_card_languages)}</p>
                                <ul class="stand-langs">{langs}</ul>
                            </article>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
