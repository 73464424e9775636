//! The frame around every page: skip link, header with navigation and language switcher, footer,
//! and the head tags (title, description, language alternates, linked data).

use crate::lang::Lang;
use crate::tr;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};
use leptos_router::hooks::use_location;

/// The path after the language segment, so a switch of language keeps the page.
fn rest_of_path(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    match trimmed.split_once('/') {
        Some((_, rest)) => format!("/{rest}"),
        None => "/".to_string(),
    }
}

#[component]
pub fn Chrome(lang: Lang, children: Children) -> impl IntoView {
    let location = use_location();
    let rest = rest_of_path(&location.pathname.get_untracked());
    let base = crate::use_site().public_url;
    // A later page of a list is its own page; the first is the list itself.
    let page = page_query(&location.search.get_untracked());
    let alternates = Lang::ALL
        .iter()
        .map(|l| {
            view! { <Link rel="alternate" hreflang=l.code() href=format!("{base}/{}{rest}{page}", l.code())/> }
        })
        .collect_view();
    let switcher = Lang::ALL
        .iter()
        .map(|l| {
            let href = format!("/{}{}", l.code(), rest);
            let current = *l == lang;
            view! {
                <li>
                    <a
                        href=href
                        hreflang=l.code()
                        lang=l.code()
                        rel="external"
                        aria-current=current.then_some("true")
                        data-test=format!("lang-{}", l.code())
                    >
                        {l.endonym()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let choose = tr!(lang, language_choose).replace("{language}", lang.endonym());
    let home = format!("/{lang}/");
    view! {
        {alternates}
        <Link rel="alternate" hreflang="x-default" href=format!("{base}/en{rest}{page}")/>
        <Link rel="canonical" href=canonical_url(lang)/>
        <Link rel="alternate" type_="application/atom+xml" href=format!("/{lang}/feed.atom") title=tr!(lang, feed_label)/>
        <a class="skip-link" href="#main">{tr!(lang, skip_to_content)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href=home.clone()>
                    <span class="brand-mark" aria-hidden="true">"L"</span>
                    <span>{tr!(lang, site_name)}</span>
                </a>
                // One control that opens without JavaScript: a disclosure of the five languages.
                <details class="lang-switch" data-test="lang-menu">
                    <summary>
                        <span class="lang-code" aria-hidden="true">{lang.code().to_uppercase()}</span>
                        <span class="lang-label">{choose}</span>
                    </summary>
                    <nav aria-label=tr!(lang, language_label)>
                        <ul>{switcher}</ul>
                    </nav>
                </details>
            </div>
            <form class="header-search wrap" role="search" action=format!("/{lang}/search") method="get">
                <label for="header-q" class="visually-hidden">{tr!(lang, search_label)}</label>
                <input id="header-q" type="search" name="q" placeholder=tr!(lang, search_placeholder) autocomplete="off" data-test="header-search"/>
                <button type="submit">{tr!(lang, search_button)}</button>
            </form>
            <nav class="main-nav wrap" aria-label=tr!(lang, nav_label)>
                <ul>
                    <li><a href=home>{tr!(lang, nav_home)}</a></li>
                    <li><a href=format!("/{lang}/magazines")>{tr!(lang, nav_magazines)}</a></li>
                    <li><a href=format!("/{lang}/themes")>{tr!(lang, nav_themes)}</a></li>
                    <li><a href=format!("/{lang}/partners")>{tr!(lang, nav_partners)}</a></li>
                    {account_links(lang)}
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1" class="wrap">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{tr!(lang, footer_about)}</p>
                <p>
                    <a href=format!("/{lang}/feed.atom")>{tr!(lang, feed_label)}</a>
                    " · "
                    <a href=format!("/{lang}/stats") data-test="stats-link">{tr!(lang, nav_stats)}</a>
                    " · "
                    <a href=format!("/{lang}/accessibility") data-test="accessibility-link">{tr!(lang, accessibility_link)}</a>
                </p>
            </div>
        </footer>
    }
}

/// Sign in for readers; the desk, the admin screen and the account for those signed in. Readers' pages
/// are cached and shared, so they never name anyone: only signed-in people (never cached) see their links.
fn account_links(lang: Lang) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let viewer = crate::desk::request_viewer();
    #[cfg(not(feature = "ssr"))]
    let viewer: Option<crate::account::Viewer> = None;
    match viewer {
        Some(v) => {
            let admin = v.is_admin().then(|| {
                view! { <li><a href=format!("/{lang}/admin")>{tr!(lang, ed_admin_title)}</a></li> }
            });
            let translate = (v.has(&crate::account::Grant::Translator) || v.may_edit_anything()).then(|| {
                view! { <li><a href=format!("/{lang}/translate") data-test="nav-translate">{tr!(lang, tr_desk_title)}</a></li> }
            });
            let moderation = v.may(&crate::account::Action::Moderate).then(|| {
                view! { <li><a href=format!("/{lang}/moderation") data-test="nav-moderation">{tr!(lang, md_title)}</a></li> }
            });
            let unseen = v.unseen;
            let label = if unseen > 0 {
                format!("{} ({unseen} {})", tr!(lang, nt_title), tr!(lang, nt_unseen))
            } else {
                tr!(lang, nt_title).to_string()
            };
            view! {
                <li><a href=format!("/{lang}/desk") data-test="nav-desk">{tr!(lang, ed_desk_title)}</a></li>
                {translate}
                {moderation}
                <li><a href=format!("/{lang}/notifications") data-test="nav-notifications" data-unseen=unseen.to_string()>{label}</a></li>
                {admin}
                <li><a href=format!("/{lang}/account") data-test="nav-account">{tr!(lang, ed_account_title)}</a></li>
            }
            .into_any()
        }
        None => view! { <li><a href=format!("/{lang}/sign-in") data-test="nav-sign-in">{tr!(lang, ed_sign_in)}</a></li> }.into_any(),
    }
}

/// The path after the language of the page's canonical address: a case read inside its issue is the case's
/// own page; the issue's print view and stand card are the magazine's.
fn canonical_rest(rest: &str) -> String {
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["magazines", magazine, "print" | "card"] => format!("/magazines/{magazine}"),
        ["magazines", _, case] if !case.is_empty() => format!("/cases/{case}"),
        _ => rest.to_string(),
    }
}

/// The page's canonical address, absolute (`LIKEWISE_PUBLIC_URL`): what its `<link rel="canonical">` says,
/// and what its linked data names it by.
pub fn canonical_url(lang: Lang) -> String {
    let location = use_location();
    let rest = rest_of_path(&location.pathname.get_untracked());
    let page = page_query(&location.search.get_untracked());
    format!(
        "{}{page}",
        page_url(&crate::use_site().public_url, lang, &canonical_rest(&rest))
    )
}

/// The absolute address of the page at `rest` (the path after the language, `/cases/x`) in `lang`.
pub fn page_url(base: &str, lang: Lang, rest: &str) -> String {
    format!("{base}/{}{rest}", lang.code())
}

/// `?page=N` for a later page of a list, empty otherwise.
fn page_query(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("page="))
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n > 1)
        .map(|n| format!("?page={n}"))
        .unwrap_or_default()
}

/// The `<title>` and description of a page.
#[component]
pub fn PageMeta(lang: Lang, title: String, description: String) -> impl IntoView {
    let full = format!("{} · {}", title, tr!(lang, site_name));
    // leptos_meta writes the server-rendered <title> without escaping its text, so a title holding
    // `</title><script>` would break out of it. In the browser the text is set as plain text.
    #[cfg(feature = "ssr")]
    let full = full
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    view! {
        <Title text=full/>
        <Meta name="description" content=description/>
    }
}

/// A JSON value of a page's linked data (schema.org JSON-LD), written so that it is safe inside a `<script>`
/// element: `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`, so no text (a title holding
/// `</script>` or `<!--`) can end the element or change how it is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Int(n)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(v: Vec<T>) -> Json {
        Json::List(v.into_iter().map(Into::into).collect())
    }
}

impl Json {
    /// An object of the pairs given; `None` values are left out.
    pub fn object(pairs: impl IntoIterator<Item = (&'static str, Option<Json>)>) -> Json {
        Json::Object(
            pairs
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect(),
        )
    }

    /// The JSON text, safe as the content of a `<script>` element.
    pub fn to_script_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => out.push_str(&n.to_string()),
            Json::Str(s) => write_json_string(s, out),
            Json::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string, with what HTML could read inside a `<script>` escaped.
fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A page's linked data (schema.org JSON-LD), in the head.
#[component]
pub fn JsonLd(data: Json) -> impl IntoView {
    let text = data.to_script_text();
    view! { <Script type_="application/ld+json">{text}</Script> }
}

#[cfg(test)]
mod tests {
    use super::{Json, canonical_rest, page_query, rest_of_path};

    #[test]
    fn linked_data_cannot_end_its_script_element() {
        let data = Json::object([
            (
                "name",
                Some(Json::from(
                    "</script><script>alert(1)</script><!-- & \"q\" \\ \n",
                )),
            ),
            ("n", Some(Json::from(3i64))),
            ("skipped", None),
            ("list", Some(Json::from(vec!["a", "b"]))),
        ]);
        let text = data.to_script_text();
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        assert_eq!(
            text,
            r#"{"name":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\u003c!-- \u0026 \"q\" \\ \n","n":3,"list":["a","b"]}"#
        );
    }

    #[test]
    fn a_case_read_in_its_issue_has_the_case_page_as_canonical() {
        assert_eq!(canonical_rest("/magazines/m/a-case"), "/cases/a-case");
        assert_eq!(canonical_rest("/magazines/m/print"), "/magazines/m");
        assert_eq!(canonical_rest("/magazines/m/card"), "/magazines/m");
        assert_eq!(canonical_rest("/magazines/m"), "/magazines/m");
        assert_eq!(canonical_rest("/cases/c"), "/cases/c");
    }

    #[test]
    fn only_a_later_page_of_a_list_is_part_of_the_canonical_address() {
        assert_eq!(page_query("?page=3"), "?page=3");
        assert_eq!(page_query("?page=1"), "");
        assert_eq!(page_query("?x=1&page=2"), "?page=2");
        assert_eq!(page_query("?page=x"), "");
        assert_eq!(page_query(""), "");
    }

    #[test]
    fn switching_language_keeps_the_rest_of_the_path() {
        assert_eq!(rest_of_path("/en/cases/a-case"), "/cases/a-case");
        assert_eq!(rest_of_path("/nl/"), "/");
        assert_eq!(rest_of_path("/nl"), "/");
    }
}
