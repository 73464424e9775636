//! Machine-readable views of the library: an Atom feed of the newest cases per language, and a sitemap
//! listing every page in every language with its alternates.

use super::{ApiError, AppState};
use crate::store::CaseFilter;
use app::lang::Lang;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

const FEED_ENTRIES: i64 = 30;

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

fn feed_title(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Likewise: new cases",
        Lang::Nl => "Likewise: nieuwe praktijkvoorbeelden",
        Lang::De => "Likewise: neue Praxisbeispiele",
        Lang::Da => "Likewise: nye cases",
        Lang::Fr => "Likewise : nouvelles pratiques",
    }
}

pub async fn atom(
    State(state): State<AppState>,
    Path(lang): Path<String>,
) -> Result<Response, ApiError> {
    let lang: Lang = lang
        .parse()
        .map_err(|_| ApiError::NotFound(format!("no feed for language `{lang}`")))?;
    let base = &state.config.public_url;
    let partners = state.store.partners().await?;
    let cases = state
        .store
        .cases(&CaseFilter {
            limit: Some(FEED_ENTRIES),
            ..Default::default()
        })
        .await?;
    let date = |d: &str| format!("{d}T00:00:00Z");
    let updated = cases
        .iter()
        .map(|c| {
            c.text_or_source(lang)
                .text
                .updated
                .clone()
                .unwrap_or_else(|| c.meta.published.clone())
        })
        .max()
        .unwrap_or_else(|| "2016-10-01".to_string());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{}</title>\n<id>{base}/{lang}/feed.atom</id>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/{lang}/feed.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/{lang}/\"/>\n<author><name>Likewise</name></author>\n",
        xml_escape(feed_title(lang)),
        date(&updated),
    );
    for case in &cases {
        let text = &case.text_or_source(lang).text;
        let url = format!("{base}/{lang}/cases/{}", case.slug);
        let author = partners
            .iter()
            .find(|p| p.slug == case.meta.partner)
            .map(|p| p.name.as_str())
            .unwrap_or(&case.meta.partner);
        let _ = write!(
            xml,
            "<entry xml:lang=\"{}\">\n<title>{}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            text.lang,
            xml_escape(&text.title),
            date(&case.meta.published),
            date(text.updated.as_deref().unwrap_or(&case.meta.published)),
            xml_escape(author),
            xml_escape(&text.summary),
        );
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

pub async fn sitemap(State(state): State<AppState>) -> Result<Response, ApiError> {
    let base = &state.config.public_url;
    let mut paths = vec![
        "/".to_string(),
        "/magazines".into(),
        "/partners".into(),
        "/themes".into(),
    ];
    paths.extend(
        state
            .store
            .magazines()
            .await?
            .iter()
            .map(|m| format!("/magazines/{}", m.slug)),
    );
    paths.extend(
        state
            .store
            .cases(&CaseFilter::default())
            .await?
            .iter()
            .map(|c| format!("/cases/{}", c.slug)),
    );
    paths.extend(
        state
            .store
            .partners()
            .await?
            .iter()
            .map(|p| format!("/partners/{}", p.slug)),
    );
    paths.extend(
        state
            .store
            .themes()
            .await?
            .iter()
            .map(|t| format!("/themes/{}", t.slug)),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in &paths {
        for lang in Lang::ALL {
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc>",
                xml_escape(&format!("{base}/{lang}{path}"))
            );
            for alt in Lang::ALL {
                let _ = writeln!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>",
                    xml_escape(&format!("{base}/{alt}{path}"))
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response())
}
