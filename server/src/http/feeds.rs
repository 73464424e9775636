//! Machine-readable views of the library: an Atom feed of the newest cases per language, and a sitemap
//! listing every page in every language with its alternates. The sitemap is an index of files, each well
//! within the protocol's limits (50,000 addresses, 50 MB), however large the library grows. Its files live
//! at the site's root (`/sitemap.xml?part=…`), since a sitemap may only list addresses below its own folder.

use super::{ApiError, AppState};
use crate::catalog::SitemapPaths;
use app::lang::Lang;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

pub use app::text::escape as xml_escape;

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
    let entries = state.catalog.feed(lang).await?;
    let date = |d: &str| format!("{d}T00:00:00Z");
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
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
    for e in &entries {
        let url = format!("{base}/{lang}/cases/{}", e.card.slug);
        let _ = write!(
            xml,
            "<entry xml:lang=\"{}\">\n<title>{}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            e.card.lang,
            xml_escape(&e.card.title),
            date(&e.card.published),
            date(&e.updated),
            xml_escape(&e.author),
            xml_escape(&e.card.summary),
        );
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct SitemapQuery {
    part: Option<String>,
}

fn xml_response(xml: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

/// `/sitemap.xml`: the index; `/sitemap.xml?part=pages`, `?part=magazines-N` and `?part=cases-N`: its files.
pub async fn sitemap(
    State(state): State<AppState>,
    query: Result<Query<SitemapQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query?;
    let base = &state.config.public_url;
    let unknown = |part: &str| ApiError::NotFound(format!("no sitemap part `{part}`"));
    match query.part.as_deref() {
        None => {
            let (magazine_files, case_files) = state.catalog.sitemap_files().await?;
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            let mut parts = vec!["pages".to_string()];
            parts.extend((1..=magazine_files).map(|n| format!("magazines-{n}")));
            parts.extend((1..=case_files).map(|n| format!("cases-{n}")));
            for part in parts {
                let _ = writeln!(
                    xml,
                    "<sitemap><loc>{}</loc></sitemap>",
                    xml_escape(&format!("{base}/sitemap.xml?part={part}"))
                );
            }
            xml.push_str("</sitemapindex>\n");
            Ok(xml_response(xml))
        }
        Some("pages") => Ok(xml_response(urlset(
            base,
            &state.catalog.sitemap_pages().await?,
        ))),
        Some(part) => {
            let number = |prefix: &str| {
                part.strip_prefix(prefix)
                    .and_then(|n| n.parse::<i64>().ok())
            };
            let paths = if let Some(n) = number("cases-") {
                state.catalog.sitemap_cases(n).await?
            } else if let Some(n) = number("magazines-") {
                state.catalog.sitemap_magazines(n).await?
            } else {
                None
            };
            Ok(xml_response(urlset(
                base,
                &paths.ok_or_else(|| unknown(part))?,
            )))
        }
    }
}

/// Every path in every language, each with its alternates.
fn urlset(base: &str, paths: &SitemapPaths) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (path, lastmod) in paths {
        for lang in Lang::ALL {
            let _ = write!(
                xml,
                "<url><loc>{}</loc>",
                xml_escape(&format!("{base}/{lang}{path}"))
            );
            if let Some(d) = lastmod {
                let _ = write!(xml, "<lastmod>{}</lastmod>", xml_escape(d));
            }
            for alt in Lang::ALL {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>",
                    xml_escape(&format!("{base}/{alt}{path}"))
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}
