//! A case: its text in the reader's language (or its source language, with a notice) and its facts.

use crate::api::get_case;
use crate::components::cards::content_lang;
use crate::components::chrome::{Json, JsonLd, PageMeta, canonical_url, page_url};
use crate::components::comments::CommentsSection;
use crate::components::status::{NotFound, Unavailable};
use crate::desk::ItemKind;
use crate::discussion_api::get_comments;
use crate::lang::Lang;
use crate::model::{CaseLink, CaseView, MagazineCard, ReuseView};
use crate::pages::{use_lang, use_slug};
use crate::text::{adoption_stage_name, country_name, euros, lang_name, stage_name};
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let slug = use_slug();
    // The case and its comments in one resource: the page's data is one piece, the same on every render.
    let page = crate::pages::page_data(
        move || slug.get(),
        move |slug| async move {
            let case = get_case(lang, slug.clone()).await;
            let comments = get_comments(lang, ItemKind::Case, slug).await;
            (case, comments)
        },
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let (case, comments) = page.await;
                match case {
                    Ok(Some(c)) => view! { <CaseWithComments lang case=c comments/> }.into_any(),
                    Ok(None) => view! { <NotFound lang/> }.into_any(),
                    Err(_) => view! { <Unavailable lang/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The case page's body: the case, then its comments (a case read inside its issue has no comments there).
#[component]
fn CaseWithComments(
    lang: Lang,
    case: CaseView,
    comments: Result<crate::discussion::CommentsView, crate::desk::DeskError>,
) -> AnyView {
    let data = case_linked_data(
        &crate::use_site().public_url,
        lang,
        canonical_url(lang),
        &case,
        None,
    );
    let reuse = case.reuse.clone();
    view! {
        <PageMeta lang title=case.card.title.clone() description=case.card.summary.clone()/>
        <JsonLd data/>
        <CaseArticle lang case/>
        <Reuse lang reuse/>
        <CommentsSection lang comments/>
    }
    .into_any()
}

/// Where the case travelled: who took it up (how many, in how many countries, each with its stage, year,
/// note and own version) and what it was adapted from. Nothing when nobody recorded either.
#[component]
fn Reuse(lang: Lang, reuse: ReuseView) -> AnyView {
    if reuse.adoptions.is_empty() && reuse.adapted_from.is_empty() {
        return ().into_any();
    }
    let case_link = move |c: &CaseLink| {
        view! {
            <a href=format!("/{lang}/cases/{}", c.slug) lang=content_lang(lang, c.lang)>{c.title.clone()}</a>
            " (" {c.partner.clone()} ")"
        }
    };
    let summary = (!reuse.adoptions.is_empty()).then(|| {
        let text = if reuse.taken_up == 0 {
            tr!(lang, reuse_not_yet).to_string()
        } else {
            let orgs = match reuse.taken_up {
                1 => tr!(lang, reuse_orgs_one).to_string(),
                n => tr!(lang, reuse_orgs_many).replace("{count}", &n.to_string()),
            };
            let countries = match reuse.countries {
                1 => tr!(lang, reuse_countries_one).to_string(),
                n => tr!(lang, reuse_countries_many).replace("{count}", &n.to_string()),
            };
            format!("{orgs} {countries}.")
        };
        view! { <p data-test="reuse-summary">{text}</p> }
    });
    let items = reuse
        .adoptions
        .iter()
        .map(|a| {
            let name = match (&a.partner, &a.website) {
                (Some(p), _) => view! { <a href=format!("/{lang}/partners/{p}")>{a.organisation.clone()}</a> }.into_any(),
                (None, Some(w)) => view! { <a href=w.clone() rel="external noopener nofollow">{a.organisation.clone()}</a> }.into_any(),
                (None, None) => view! { <span>{a.organisation.clone()}</span> }.into_any(),
            };
            let note = a.note.clone().map(|n| {
                view! { <p class="adoption-note" lang=a.note_lang.map(|l| l.code())>{n}</p> }
            });
            let own = a.case.as_ref().map(|c| {
                view! { <p>{tr!(lang, reuse_their_case)} ": " {case_link(c)}</p> }
            });
            view! {
                <li data-test="adoption" data-stage=a.stage.code()>
                    <strong>{name}</strong> " · " {country_name(lang, &a.country)} " · "
                    <span class="badge">{adoption_stage_name(lang, a.stage)}</span> " " {a.year}
                    {note}
                    {own}
                </li>
            }
        })
        .collect_view();
    let list = (!reuse.adoptions.is_empty())
        .then(|| view! { <ul class="adoptions" data-test="adoptions">{items}</ul> });
    let from = (!reuse.adapted_from.is_empty()).then(|| {
        let links = reuse
            .adapted_from
            .iter()
            .map(|c| view! { <li>{case_link(c)}</li> })
            .collect_view();
        view! {
            <p id="adapted-from-label">{tr!(lang, reuse_adapted_from)}</p>
            <ul aria-labelledby="adapted-from-label" data-test="adapted-from">{links}</ul>
        }
    });
    view! {
        <section class="reuse" aria-labelledby="reuse-heading" data-test="reuse">
            <h2 id="reuse-heading">{tr!(lang, reuse_heading)}</h2>
            {from}
            {summary}
            {list}
        </section>
    }
    .into_any()
}

/// A case as schema.org linked data (docs/linked-data.md): an `Article` named by `id`, the page's canonical
/// address, written by its partner, about its themes, with its other languages as translations; `issue` is
/// the magazine it is read in, where the page knows it. Made from the view the page shows, with addresses in
/// the page's language `lang`.
pub fn case_linked_data(
    base: &str,
    lang: Lang,
    id: String,
    case: &CaseView,
    issue: Option<&MagazineCard>,
) -> Json {
    let card = &case.card;
    let url = |rest: &str| page_url(base, lang, rest);
    let partner = url(&format!("/partners/{}", card.partner.slug));
    let country = Some(card.partner.country.clone()).filter(|c| !c.is_empty());
    let address = |code: &str| {
        Json::object([
            ("@type", Some("PostalAddress".into())),
            ("addressCountry", Some(code.into())),
        ])
    };
    let author = Json::object([
        ("@type", Some("Organization".into())),
        ("@id", Some(partner.clone().into())),
        ("name", Some(card.partner.name.clone().into())),
        ("url", Some(partner.clone().into())),
        ("address", country.as_deref().map(address)),
        (
            "areaServed",
            country.as_deref().map(|code| {
                Json::object([
                    ("@type", Some("Country".into())),
                    ("name", Some(country_name(lang, code).into())),
                    ("identifier", Some(code.into())),
                ])
            }),
        ),
    ]);
    let about: Vec<Json> = card
        .themes
        .iter()
        .map(|t| {
            let theme = url(&format!("/themes/{}", t.slug));
            Json::object([
                ("@type", Some("DefinedTerm".into())),
                ("@id", Some(theme.clone().into())),
                ("name", Some(t.name.clone().into())),
                ("url", Some(theme.into())),
                ("inDefinedTermSet", Some(url("/themes").into())),
            ])
        })
        .collect();
    let mut pairs: Vec<(&'static str, Option<Json>)> = vec![
        ("@context", Some("https://schema.org".into())),
        ("@type", Some("Article".into())),
        ("@id", Some(id.clone().into())),
        ("url", Some(id.into())),
        ("name", Some(card.title.clone().into())),
        ("headline", Some(card.title.clone().into())),
        ("description", Some(card.summary.clone().into())),
        ("inLanguage", Some(card.lang.code().into())),
        ("about", (!about.is_empty()).then_some(Json::List(about))),
        (
            "keywords",
            (!case.tags.is_empty()).then(|| case.tags.clone().into()),
        ),
        ("author", Some(author)),
        (
            "publisher",
            Some(Json::object([
                ("@type", Some("Organization".into())),
                ("@id", Some(partner.into())),
                ("name", Some(card.partner.name.clone().into())),
            ])),
        ),
        (
            "spatialCoverage",
            country.as_deref().map(|code| {
                Json::object([
                    ("@type", Some("Place".into())),
                    ("name", Some(country_name(lang, code).into())),
                    ("address", Some(address(code))),
                ])
            }),
        ),
        ("datePublished", Some(card.published.clone().into())),
        ("dateModified", case.updated.clone().map(Into::into)),
        (
            "image",
            card.image.as_ref().map(|i| absolute(base, &i.url).into()),
        ),
        (
            "isPartOf",
            issue.map(|m| {
                Json::object([
                    ("@type", Some("PublicationIssue".into())),
                    ("@id", Some(url(&format!("/magazines/{}", m.slug)).into())),
                    ("name", Some(m.title.clone().into())),
                    ("issueNumber", Some(i64::from(m.number).into())),
                    ("inLanguage", Some(m.lang.code().into())),
                ])
            }),
        ),
    ];
    pairs.extend(translations(
        base,
        &format!("/cases/{}", card.slug),
        card.lang,
        case.source_lang,
        &case.languages,
    ));
    Json::object(pairs)
}

/// An address of the site made absolute (images are served from `/media/…`).
pub(crate) fn absolute(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        url.to_string()
    }
}

/// How the text shown (in `shown`) stands to the item's other languages: the source names each translation
/// (`workTranslation`); a translation names its source (`translationOfWork`), and through it the others.
/// `rest` is the item's path after the language.
pub(crate) fn translations(
    base: &str,
    rest: &str,
    shown: Lang,
    source: Lang,
    languages: &[Lang],
) -> [(&'static str, Option<Json>); 2] {
    let version = |l: Lang| {
        Json::object([
            ("@type", Some("CreativeWork".into())),
            ("@id", Some(page_url(base, l, rest).into())),
            ("inLanguage", Some(l.code().into())),
        ])
    };
    let translated: Vec<Json> = languages
        .iter()
        .filter(|l| **l != source)
        .map(|l| version(*l))
        .collect();
    let translated = (!translated.is_empty()).then_some(Json::List(translated));
    if shown == source {
        [("workTranslation", translated), ("translationOfWork", None)]
    } else {
        let original = Json::object([
            ("@type", Some("CreativeWork".into())),
            ("@id", Some(page_url(base, source, rest).into())),
            ("inLanguage", Some(source.code().into())),
            ("workTranslation", translated),
        ]);
        [
            ("workTranslation", None),
            ("translationOfWork", Some(original)),
        ]
    }
}

/// A case's text, picture and facts. On its own page (`nested` false) the title is the page's `h1`; inside a
/// page of several cases (print) it is an `h2` and the ids carry the slug.
#[component]
pub fn CaseArticle(
    lang: Lang,
    case: CaseView,
    #[prop(optional)] nested: bool,
    #[prop(optional, into)] kicker: Option<String>,
) -> AnyView {
    let card = case.card.clone();
    let text_lang = content_lang(lang, card.lang);
    let notice = case.is_fallback.then(|| {
        view! {
            <p class="notice" role="note" data-test="fallback-notice">
                {tr!(lang, fallback_notice)} " " {tr!(lang, original_language)} ": "
                {lang_name(lang, card.lang)} "."
            </p>
        }
    });
    let outdated = case.outdated_since.clone().map(|since| {
        let source = format!("/{}/cases/{}", case.source_lang.code(), card.slug);
        view! {
            <p class="notice" role="note" data-test="outdated-notice">
                {tr!(lang, tr_outdated_notice).replace("%d", &since)} " "
                <a href=source hreflang=case.source_lang.code() rel="alternate">
                    {tr!(lang, tr_read_original)} " (" {lang_name(lang, case.source_lang)} ")"
                </a>
            </p>
        }
    });
    // Only signed-in people get this (their pages are never cached): whoever may translate the case.
    #[cfg(feature = "ssr")]
    let may_translate = crate::desk::request_viewer().is_some_and(|v| {
        v.may(&crate::account::Action::Translate {
            partner: Some(&card.partner.slug),
        })
    });
    #[cfg(not(feature = "ssr"))]
    let may_translate = false;
    let translate = (may_translate && (case.is_fallback || case.outdated_since.is_some())).then(|| {
        view! {
            <p><a class="button" href=format!("/{lang}/desk/cases/{}?in={lang}", card.slug) data-test="translate-this">
                {tr!(lang, tr_translate_this)}
            </a></p>
        }
    });
    let translated = case.translated_from.map(|from| {
        view! { <p class="kicker">{tr!(lang, translated_from)} " " {lang_name(lang, from)}</p> }
    });
    let image = card.image.clone().map(|img| {
        view! {
            <figure class="illustration">
                <img src=img.url srcset=img.srcset sizes=crate::components::cards::COLUMN_SIZES alt=img.alt width="960" height="540"/>
            </figure>
        }
    });
    let kicker = kicker.map(|k| view! { <p class="kicker" data-test="issue-position">{k}</p> });
    let title = if nested {
        view! { <h2 class="case-title">{card.title.clone()}</h2> }.into_any()
    } else {
        view! { <h1>{card.title.clone()}</h1> }.into_any()
    };
    view! {
        <article class="case" data-test="case">
            {notice}
            {outdated}
            {translate}
            <header lang=text_lang>
                {kicker}
                {translated}
                {title}
                <p class="lead" data-test="case-summary">{card.summary.clone()}</p>
            </header>
            {image}
            <div class="case-layout">
                <div class="prose" lang=text_lang inner_html=case.body_html.clone()></div>
                <CaseFacts lang case nested/>
            </div>
        </article>
    }
    .into_any()
}

#[component]
fn CaseFacts(lang: Lang, case: CaseView, nested: bool) -> AnyView {
    let card = case.card;
    let heading_id = if nested {
        format!("case-facts-{}", card.slug)
    } else {
        "case-facts".to_string()
    };
    let heading = if nested {
        view! { <h3 id=heading_id.clone()>{tr!(lang, case_details)}</h3> }.into_any()
    } else {
        view! { <h2 id=heading_id.clone()>{tr!(lang, case_details)}</h2> }.into_any()
    };
    let themes = card
        .themes
        .iter()
        .map(|th| view! { <li><a href=format!("/{lang}/themes/{}", th.slug)>{th.name.clone()}</a></li> })
        .collect_view();
    let languages = case
        .languages
        .iter()
        .map(|l| {
            let current = *l == card.lang;
            view! {
                <li>
                    <a href=format!("/{}/cases/{}", l.code(), card.slug) hreflang=l.code() rel="external"
                        aria-current=current.then_some("page")>
                        {lang_name(lang, *l)}
                    </a>
                </li>
            }
        })
        .collect_view();
    let links = (!case.links.is_empty()).then(|| {
        let items = case
            .links
            .iter()
            .map(|l| view! { <li><a href=l.url.clone() rel="external noopener">{l.title.clone()}</a></li> })
            .collect_view();
        view! { <dt>{tr!(lang, links)}</dt><dd><ul>{items}</ul></dd> }
    });
    let contact = case.contact.clone().map(|c| {
        let role = c.role.clone().map(|r| view! { <br/> {r} });
        view! {
            <dt>{tr!(lang, contact)}</dt>
            <dd>{c.name.clone()} {role} <br/> <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a></dd>
        }
    });
    let tags = (!case.tags.is_empty()).then(|| {
        view! { <dt>{tr!(lang, tags)}</dt><dd lang=content_lang(lang, card.lang)>{case.tags.join(", ")}</dd> }
    });
    view! {
        <aside class="facts-box" aria-labelledby=heading_id>
            {heading}
            <dl class="facts">
                <dt>{tr!(lang, partner)}</dt>
                <dd><a href=format!("/{lang}/partners/{}", card.partner.slug)>{card.partner.name.clone()}</a></dd>
                <dt>{tr!(lang, country)}</dt>
                <dd>{country_name(lang, &card.partner.country)}</dd>
                <dt>{tr!(lang, themes)}</dt>
                <dd><ul class="chips">{themes}</ul></dd>
                {card.stage.map(|s| view! { <dt>{tr!(lang, stage)}</dt><dd>{stage_name(lang, s)}</dd> })}
                {case.started.map(|y| view! { <dt>{tr!(lang, started)}</dt><dd>{y}</dd> })}
                {case.cost_eur.map(|c| view! { <dt>{tr!(lang, cost)}</dt><dd>{euros(lang, c)}</dd> })}
                {contact}
                {links}
                <dt>{tr!(lang, available_in)}</dt>
                <dd><ul class="inline-list" data-test="case-languages">{languages}</ul></dd>
                <dt>{tr!(lang, published)}</dt>
                <dd><time datetime=card.published.clone()>{card.published.clone()}</time></dd>
                {case.updated.map(|u| view! { <dt>{tr!(lang, updated)}</dt><dd><time datetime=u.clone()>{u.clone()}</time></dd> })}
                {tags}
            </dl>
        </aside>
    }
    .into_any()
}
