//! Magazines at the conference, over real HTTP on the bundled library: an issue read in order, its print view
//! and stand card, QR codes that decode to their absolute addresses, the offline manifest, and the PDF of
//! every magazine in every language (read back by a PDF parser), made once and then served from the cache.

mod support;

use likewise::config::Config;
use likewise::exchange::import;
use likewise::http::{AppState, router};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use std::time::Duration;

const PUBLIC: &str = "https://likewise.example.eu";
const LANGS: [&str; 5] = ["en", "nl", "de", "da", "fr"];

struct Site {
    base: String,
    client: reqwest::Client,
    _store: support::TestStore,
}

impl Site {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    async fn page(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.text().await.unwrap()
    }
}

/// The bundled library (`content/`) behind a running server whose public address is [`PUBLIC`].
async fn site() -> Site {
    let s = support::sqlite().await;
    let report = import::import_dir(
        &*s.store,
        &support::repo_root().join("content"),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::from_vars(|k| match k {
        "LIKEWISE_ADDR" => Some(addr.to_string()),
        "LIKEWISE_PUBLIC_URL" => Some(PUBLIC.into()),
        "LIKEWISE_SITE_ROOT" => Some(support::repo_root().join("public").display().to_string()),
        _ => None,
    })
    .unwrap();
    let state = AppState::new(config, s.store.clone(), s.index.clone());
    state.follow_changes().await;
    let app = router(state);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    Site {
        base: format!("http://{addr}"),
        client,
        _store: s,
    }
}

/// The slugs a bundled magazine lists, in its order.
fn cases_of(magazine: &str) -> Vec<String> {
    let text = std::fs::read_to_string(
        support::repo_root().join(format!("content/magazines/{magazine}/en.md")),
    )
    .unwrap();
    let list = text
        .split("cases = [")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn magazines() -> Vec<String> {
    let mut m: Vec<String> = std::fs::read_dir(support::repo_root().join("content/magazines"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    m.sort();
    m
}

/// The `href` of the first `<a>` or `<link>` with `rel="{rel}"` in a page.
fn rel_href(html: &str, rel: &str) -> Option<String> {
    let marker = format!("rel=\"{rel}\"");
    html.split('<').find_map(|tag| {
        let anchor_or_link = tag.starts_with("a ") || tag.starts_with("link ");
        if !anchor_or_link || !tag.contains(&marker) {
            return None;
        }
        let href = tag.split("href=\"").nth(1)?.split('"').next()?;
        Some(href.replace("&amp;", "&"))
    })
}

#[tokio::test]
async fn an_issue_reads_from_its_first_case_to_its_last_and_back_in_every_language() {
    let site = site().await;
    let magazine = "like-data-driven";
    let cases = cases_of(magazine);
    assert!(cases.len() >= 3);
    for lang in LANGS {
        let cover = format!("/{lang}/magazines/{magazine}");
        let html = site.page(&cover).await;
        let start = html
            .split("data-test=\"start-reading\"")
            .nth(1)
            .and_then(|t| t.split("href=\"").nth(1))
            .and_then(|t| t.split('"').next())
            .expect("a start-reading link")
            .to_string();
        assert_eq!(start, format!("{cover}/{}", cases[0]));
        // Forward by rel="next" from the first case to the back cover.
        let mut at = start;
        for (i, slug) in cases.iter().enumerate() {
            assert_eq!(at, format!("{cover}/{slug}"));
            let html = site.page(&at).await;
            assert!(
                html.contains(&format!(">{}</p>", position(lang, i + 1, cases.len()))),
                "{at} says where it is in the issue"
            );
            assert_eq!(
                rel_href(&html, "canonical"),
                Some(format!("{PUBLIC}/{lang}/cases/{slug}")),
                "{at}: canonical is the case's own page"
            );
            assert!(html.contains("data-test=\"issue-toc\""));
            at = rel_href(&html, "next").expect("a way on");
        }
        assert_eq!(at, cover, "the last case leads to the magazine");
        // And back by rel="prev".
        let mut at = format!("{cover}/{}", cases.last().unwrap());
        for slug in cases.iter().rev() {
            assert_eq!(at, format!("{cover}/{slug}"));
            at = rel_href(&site.page(&at).await, "prev").expect("a way back");
        }
        assert_eq!(at, cover, "the first case leads back to the magazine");
    }
    // A case the issue does not list, and an issue that does not exist, are not found.
    let r = site
        .get(&format!("/en/magazines/{magazine}/angus-digital-champions"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = site
        .get("/en/magazines/no-such-issue/groningen-chatbot-gemma")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

fn position(lang: &str, n: usize, total: usize) -> String {
    let word = match lang {
        "en" => "Case {n} of {total}",
        "nl" => "Casus {n} van {total}",
        "de" => "Fall {n} von {total}",
        "da" => "Case {n} af {total}",
        _ => "Cas {n} sur {total}",
    };
    word.replace("{n}", &n.to_string())
        .replace("{total}", &total.to_string())
}

#[tokio::test]
async fn the_print_view_holds_every_case_and_the_stand_card_its_qr_code() {
    let site = site().await;
    for magazine in magazines() {
        let cases = cases_of(&magazine);
        let html = site.page(&format!("/en/magazines/{magazine}/print")).await;
        assert_eq!(
            html.matches("data-test=\"print-case\"").count(),
            cases.len(),
            "{magazine}: every case on the print page"
        );
        for slug in &cases {
            assert!(html.contains(&format!("id=\"case-{slug}\"")));
        }
        let card = site.page(&format!("/en/magazines/{magazine}/card")).await;
        assert!(card.contains(&format!("src=\"/en/magazines/{magazine}/qr.svg\"")));
        assert!(card.contains(&format!("likewise.example.eu/en/magazines/{magazine}</a>")));
    }
}

/// What a phone's camera reads from one of our QR codes.
fn decode_qr(svg: &str) -> String {
    let (size, dark) = likewise::publication::qr::modules_of_svg(svg).expect("a QR code of ours");
    let scale = 5;
    let px = size * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
        if dark[(y / scale) * size + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().expect("the code decodes").1
}

#[tokio::test]
async fn qr_codes_of_magazines_and_cases_decode_to_their_absolute_addresses() {
    let site = site().await;
    let magazine = site.page("/fr/magazines/like-data-driven").await;
    assert!(magazine.contains("data-test=\"magazine-qr\""));
    assert!(magazine.contains("src=\"/fr/magazines/like-data-driven/qr.svg\""));
    for (path, address) in [
        (
            "/fr/magazines/like-data-driven/qr.svg",
            format!("{PUBLIC}/fr/magazines/like-data-driven"),
        ),
        (
            "/da/cases/groningen-chatbot-gemma/qr.svg",
            format!("{PUBLIC}/da/cases/groningen-chatbot-gemma"),
        ),
    ] {
        let r = site.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["content-type"], "image/svg+xml");
        assert_eq!(decode_qr(&r.text().await.unwrap()), address);
    }
    for missing in [
        "/en/cases/no-such-case/qr.svg",
        "/en/magazines/no-such-issue/qr.svg",
        "/en/partners/groningen/qr.svg",
    ] {
        assert_eq!(
            site.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn the_offline_manifest_lists_the_issue_and_changes_with_it() {
    let site = site().await;
    let r = site
        .get("/nl/magazines/like-data-driven/offline.json")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let manifest: serde_json::Value = r.json().await.unwrap();
    assert_eq!(manifest["issue"], "/nl/magazines/like-data-driven");
    let pages: Vec<&str> = manifest["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let cases = cases_of("like-data-driven");
    assert_eq!(pages.len(), cases.len() + 2, "cover, cases, print view");
    for page in &pages {
        assert_eq!(site.get(page).await.status(), StatusCode::OK, "{page}");
    }
    for file in manifest["files"].as_array().unwrap() {
        let file = file.as_str().unwrap();
        assert_eq!(site.get(file).await.status(), StatusCode::OK, "{file}");
    }
    let version = manifest["version"].as_str().unwrap().to_string();
    let again: serde_json::Value = site
        .get("/nl/magazines/like-data-driven/offline.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["version"],
        version.as_str(),
        "stable while nothing changes"
    );
    let web: serde_json::Value = site
        .get("/de/manifest.webmanifest")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(web["start_url"], "/de/");
    assert_eq!(web["lang"], "de");
    for icon in web["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap();
        assert_eq!(site.get(src).await.status(), StatusCode::OK, "{src}");
    }
    let sw = site.get("/sw.js").await;
    assert_eq!(sw.status(), StatusCode::OK);
    assert_eq!(sw.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn every_magazine_in_every_language_makes_a_pdf_with_every_case() {
    let site = site().await;
    for magazine in magazines() {
        let cases = cases_of(&magazine);
        for lang in LANGS {
            let path = format!("/{lang}/magazines/{magazine}/issue.pdf");
            let started = std::time::Instant::now();
            let r = site.get(&path).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(r.headers()["content-type"], "application/pdf");
            let bytes = r.bytes().await.unwrap();
            let made = started.elapsed();
            let doc = lopdf::Document::load_mem(&bytes).expect("a PDF a parser reads");
            let pages = doc.get_pages().len();
            assert!(
                pages >= cases.len() + 3,
                "{path}: {pages} pages for {} cases",
                cases.len()
            );
            let text = pdf_text(&doc);
            for slug in &cases {
                let title = title_in(lang, slug);
                assert!(
                    squash(&text).contains(&squash(&title)),
                    "{path}: the title `{title}` is text in the PDF"
                );
            }
            eprintln!("{path}: {pages} pages, {} KB, {made:?}", bytes.len() / 1024);
        }
    }
    // A second request is served from what was made: quickly, and the same bytes.
    let path = "/en/magazines/like-data-driven/issue.pdf";
    let first = site.get(path).await.bytes().await.unwrap();
    let started = std::time::Instant::now();
    let second = site.get(path).await;
    assert_eq!(second.headers()["x-likewise-cache"], "hit");
    assert_eq!(second.bytes().await.unwrap(), first);
    eprintln!("cached PDF request: {:?}", started.elapsed());
}

/// All the text of a PDF, page by page.
fn pdf_text(doc: &lopdf::Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap_or_default()
}

/// Text compared without its spacing and line breaks, which typesetting moves.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A case's title in `lang`, or in its source language when it has no text in `lang`.
fn title_in(lang: &str, slug: &str) -> String {
    let dir = support::repo_root().join(format!("content/cases/{slug}"));
    let file = std::fs::read_to_string(dir.join(format!("{lang}.md"))).unwrap_or_else(|_| {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .find(|t| !t.contains("translated_from"))
            .unwrap()
    });
    let line = file.lines().find(|l| l.starts_with("title")).unwrap();
    line.split_once('=')
        .or_else(|| line.split_once(':'))
        .unwrap()
        .1
        .trim()
        .trim_matches('"')
        .replace("\\\"", "\"")
}
