//! The running server over real HTTP: pages in every language, 404s, the JSON API, feeds, media, health.

mod support;

use likewise::config::Config;
use likewise::exchange::import;
use likewise::http::{AppState, router};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use support::fixture;

const PAGES: &[&str] = &[
    "/",
    "/magazines",
    "/magazines/first-issue",
    "/cases/city-chatbot",
    "/cases/data-dashboard",
    "/partners",
    "/partners/angus",
    "/themes",
    "/themes/chatbots",
];

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
    async fn text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }
}

async fn site() -> Site {
    let s = support::sqlite().await;
    let report = import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::from_vars(|k| match k {
        "LIKEWISE_ADDR" => Some(addr.to_string()),
        "LIKEWISE_PUBLIC_URL" => Some("https://likewise.example".into()),
        // The front end's static files as cargo-leptos copies them; `public/` holds their source.
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
        // A page that never finishes is a failure with a name, not a CI run that hangs.
        .timeout(std::time::Duration::from_secs(45))
        .build()
        .unwrap();
    let site = Site {
        base: format!("http://{addr}"),
        client,
        _store: s,
    };
    // The indexer builds the index of the imported library before the tests search it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let health: serde_json::Value = site.get("/healthz").await.json().await.unwrap();
        if health["search"]["status"] == "ok" && health["search"]["waiting"] == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the index is built: {health}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    site
}

#[tokio::test]
async fn the_search_api_answers_and_names_every_bad_parameter() {
    let site = site().await;
    let r = site.get("/api/v1/search?q=chatbot&limit=500&lang=nl").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    for key in ["query", "total", "took_ms", "hits", "magazines", "facets"] {
        assert!(body.get(key).is_some(), "{key} in {body}");
    }
    assert_eq!(body["limit"], 100, "limit is capped at 100");
    let hit = &body["hits"][0];
    for key in [
        "slug",
        "language",
        "title",
        "summary",
        "partner",
        "country",
        "themes",
        "stage",
        "published",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "{key} in {hit}");
    }
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>"), "{hit}");
    for facet in ["theme", "partner", "country", "language", "stage"] {
        assert!(body["facets"][facet].is_object(), "{facet} facet in {body}");
    }
    for (query, field) in [
        ("limit=x", "limit"),
        ("offset=-3", "offset"),
        ("country=Netherlands", "country"),
        ("language=sv", "language"),
        ("stage=finished", "stage"),
        ("theme=%3Cscript%3E", "theme"),
        ("lang=xx", "lang"),
    ] {
        let r = site.get(&format!("/api/v1/search?{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "bad_request", "{query}");
        assert_eq!(e["error"]["field"], field, "{query}");
    }
    let r = site.get("/api/v1/search?sort=new").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(
        e["error"]["message"].as_str().unwrap().contains("`sort`"),
        "{e}"
    );
}

#[tokio::test]
async fn the_search_page_is_a_plain_form_with_results_rendered_on_the_server() {
    let site = site().await;
    let (status, html) = site.text("/en/search?q=chatbot").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"action="/en/search""#) && html.contains(r#"method="get""#),
        "a GET form"
    );
    assert!(html.contains(r#"data-test="hit""#), "results in the HTML");
    assert!(
        html.contains(r#"type="checkbox""#) && html.contains(r#"name="theme""#),
        "facet checkboxes"
    );
    assert!(html.contains(r#"role="status""#) && html.contains(r#"aria-live="polite""#));
    assert!(html.contains("<mark>"), "matches are marked");
    let (status, html) = site.text("/en/search?q=zzqqxxyy").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-test="empty-state""#));
    // Search answers follow the index, not the page cache.
    let r = site.get("/en/search?q=chatbot").await;
    assert_ne!(
        r.headers()
            .get("x-likewise-cache")
            .map(|v| v.to_str().unwrap()),
        Some("hit")
    );
}

#[tokio::test]
async fn a_search_backend_that_is_down_is_a_translated_page_and_an_api_503() {
    let s = support::sqlite().await;
    import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::from_vars(|k| match k {
        "LIKEWISE_ADDR" => Some(addr.to_string()),
        "LIKEWISE_SITE_ROOT" => Some(support::repo_root().join("public").display().to_string()),
        _ => None,
    })
    .unwrap();
    // A Meilisearch that nobody answers for.
    let down = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let index =
        likewise::search::meili::MeiliIndex::new(&format!("http://{down}"), Some("key"), "x")
            .unwrap();
    let state = AppState::new(config, s.store.clone(), std::sync::Arc::new(index));
    state.follow_changes().await;
    let app = router(state);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let get = |path: &str| client.get(format!("http://{addr}{path}")).send();
    // The page does its job (says what to do): a 200, never a 500, so readers behind a balancer see no
    // error while the search server restarts.
    let r = get("/en/search?q=chatbot").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("Search is catching up"), "{html}");
    assert!(html.contains(r#"data-test="search-unavailable""#));
    let nl = get("/nl/search?q=chatbot")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(nl.contains("Zoeken loopt even achter"), "a Dutch message");
    let r = get("/api/v1/search?q=chatbot").await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        r.headers().get("retry-after").map(|v| v.to_str().unwrap()),
        Some("5"),
        "a 503 says when to ask again"
    );
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "search_unavailable");
    // Reading goes on.
    assert_eq!(
        get("/en/cases/city-chatbot").await.unwrap().status(),
        StatusCode::OK
    );
    let health: serde_json::Value = get("/healthz").await.unwrap().json().await.unwrap();
    assert_eq!(health["search"]["status"], "down", "{health}");
    assert_eq!(health["status"], "degraded", "{health}");
    assert!(
        health["search"]["waiting"].as_i64().unwrap() > 0,
        "{health}"
    );
}

#[tokio::test]
async fn the_root_redirects_by_accept_language() {
    let site = site().await;
    for (header, to) in [
        ("de-DE,de;q=0.9,en;q=0.5", "/de/"),
        ("es, da;q=0.4", "/da/"),
        ("es", "/en/"),
    ] {
        let r = site
            .client
            .get(format!("{}/", site.base))
            .header("accept-language", header)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection(), "{header}");
        assert_eq!(r.headers()["location"], to, "{header}");
    }
    let r = site.get("/").await;
    assert_eq!(r.headers()["location"], "/en/");
}

#[tokio::test]
async fn every_page_renders_in_every_language() {
    let site = site().await;
    for lang in ["en", "nl", "de", "da", "fr"] {
        for page in PAGES {
            let path = format!("/{lang}{page}");
            let (status, html) = site.text(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(
                html.contains(&format!("<html lang=\"{lang}\"")),
                "{path}: html lang"
            );
            assert!(
                html.contains("<title>") && html.contains(" · Likewise</title>"),
                "{path}: title"
            );
            assert!(
                html.contains("<meta name=\"description\""),
                "{path}: description"
            );
            assert!(html.contains("href=\"#main\""), "{path}: skip link");
            assert!(html.contains("<main id=\"main\""), "{path}: main landmark");
            for alt in ["en", "nl", "de", "da", "fr"] {
                let href = format!("href=\"/{alt}{page}\" hreflang=\"{alt}\"");
                assert!(html.contains(&href), "{path}: alternate {alt} missing");
            }
            let canonical =
                format!("<link href=\"https://likewise.example/{lang}{page}\" rel=\"canonical\">");
            assert!(html.contains(&canonical), "{path}: absolute canonical link");
            assert!(
                html.contains(&format!("<link href=\"https://likewise.example/nl{page}\" hreflang=\"nl\" rel=\"alternate\">")),
                "{path}: absolute alternate links"
            );
            // Reading pages are HTML and CSS; only the search page has an island.
            assert!(
                !html.contains("/pkg/likewise.js") && !html.contains(".wasm"),
                "{path}: a reading page loads no WebAssembly"
            );
        }
    }
    let (status, search) = site.text("/en/search?q=chatbot").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        search.contains("/pkg/likewise.js"),
        "the search page loads its island"
    );
}

#[tokio::test]
async fn the_interface_speaks_the_page_language() {
    let site = site().await;
    let skip = [
        ("en", "Skip to main content"),
        ("nl", "Direct naar de inhoud"),
        ("de", "Direkt zum Inhalt"),
        ("fr", "contenu principal"),
    ];
    for (lang, text) in skip {
        let (_, html) = site.text(&format!("/{lang}/")).await;
        assert!(html.contains(text), "{lang}: {text}");
    }
    let (_, html) = site.text("/de/themes").await;
    assert!(
        html.contains("Daten &amp; Dashboards"),
        "theme names in German"
    );
}

#[tokio::test]
async fn missing_pages_are_real_404s() {
    let site = site().await;
    for path in [
        "/en/cases/nope",
        "/nl/magazines/nope",
        "/de/partners/nope",
        "/da/themes/nope",
        "/en/no/such/page",
        "/xx/",
        "/xx/cases/city-chatbot",
    ] {
        let (status, html) = site.text(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("data-test=\"not-found\""), "{path}: {html}");
    }
    let (_, html) = site.text("/nl/cases/nope").await;
    assert!(html.contains("<html lang=\"nl\""));
}

#[tokio::test]
async fn a_missing_translation_shows_the_source_with_a_notice() {
    let site = site().await;
    let (_, html) = site.text("/fr/cases/city-chatbot").await;
    assert!(html.contains("data-test=\"fallback-notice\""), "no notice");
    assert!(
        html.contains("Een chatbot voor de stad"),
        "the Dutch source is shown"
    );
    assert!(
        html.contains("lang=\"nl\""),
        "the source text is marked as Dutch"
    );
    let (_, html) = site.text("/en/cases/city-chatbot").await;
    assert!(!html.contains("data-test=\"fallback-notice\""));
    assert!(html.contains("A chatbot for the city"));
    assert!(
        html.contains("A phone showing a chat."),
        "translated alt text"
    );
}

#[tokio::test]
async fn a_case_page_shows_its_facts() {
    let site = site().await;
    let (_, html) = site.text("/en/cases/city-chatbot").await;
    for needle in [
        "Gemeente Groningen",
        "chatbot@example.org",
        "https://example.org/chatbot",
        "€40,000",
        "2017",
        "In use",
        "/media/cases/city-chatbot/bot.svg",
        "<h2 id=\"c-challenge\">",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    let (_, html) = site.text("/en/magazines/first-issue").await;
    let order: Vec<usize> = [
        "/en/cases/city-chatbot",
        "/en/cases/easy-forms",
        "/en/cases/borger-bot",
    ]
    .iter()
    .map(|c| {
        html.find(&format!("href=\"{c}\""))
            .unwrap_or_else(|| panic!("{c} missing"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "the magazine keeps its order"
    );
}

#[tokio::test]
async fn stored_scripts_never_reach_a_page() {
    let site = site().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("cases/evil")).unwrap();
    std::fs::write(
        dir.path().join("cases/evil/en.md"),
        "+++\ntitle = \"Evil </title><script>alert(1)</script>\"\nsummary = \"S\"\npartner = \"angus\"\nthemes = [\"chatbots\"]\npublished = 2020-01-01\n+++\n\
         <script>alert('x')</script>\n<img src=x onerror=alert(1)>\n[link](javascript:alert(1))\n<iframe src=\"https://evil.example\"></iframe>\n",
    )
    .unwrap();
    import::import_dir(&*site._store.store, dir.path(), &mut |_| {})
        .await
        .unwrap();
    let (status, html) = site.text("/en/cases/evil").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("alert(1)</script>") && !html.contains("<script>alert"),
        "script survived"
    );
    assert!(
        !html.contains("onerror=")
            && !html.contains("href=\"javascript:")
            && !html.contains("<iframe"),
        "{html}"
    );
    let api = site
        .get("/api/v1/cases/evil")
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let rendered = api["texts"]["en"]["html"].as_str().unwrap();
    assert!(
        !rendered.contains("<script")
            && !rendered.contains("onerror")
            && !rendered.contains("<iframe"),
        "{rendered}"
    );
}

#[tokio::test]
async fn the_read_api_serves_json_and_json_errors() {
    let site = site().await;
    let case: serde_json::Value = site
        .get("/api/v1/cases/city-chatbot")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(case["source_language"], "nl");
    assert_eq!(case["partner"], "groningen");
    assert_eq!(case["languages"], serde_json::json!(["en", "nl"]));
    assert!(
        case["texts"]["en"]["html"]
            .as_str()
            .unwrap()
            .contains("<h2")
    );
    assert!(
        case["texts"]["nl"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("## Uitdaging")
    );

    let list: serde_json::Value = site.get("/api/v1/magazines").await.json().await.unwrap();
    assert_eq!(list["magazines"][0]["slug"], "first-issue");
    let one: serde_json::Value = site
        .get("/api/v1/magazines/first-issue")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        one["cases"],
        serde_json::json!(["city-chatbot", "easy-forms", "borger-bot"])
    );
    let partners: serde_json::Value = site.get("/api/v1/partners").await.json().await.unwrap();
    assert_eq!(partners["partners"].as_array().unwrap().len(), 3);
    let themes: serde_json::Value = site.get("/api/v1/themes").await.json().await.unwrap();
    assert_eq!(themes["themes"].as_array().unwrap().len(), 4);

    for path in [
        "/api/v1/cases/nope",
        "/api/v1/magazines/nope",
        "/api/v1/nothing-here",
    ] {
        let r = site.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert!(body["error"]["message"].as_str().unwrap().len() > 3);
    }
}

#[tokio::test]
async fn feeds_and_sitemap_are_valid_xml() {
    let site = site().await;
    let r = site.get("/nl/feed.atom").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = r.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed Atom");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        assert!(
            root.children().any(|n| n.has_tag_name(required)),
            "feed lacks {required}"
        );
    }
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 6);
    for entry in &entries {
        for required in ["id", "title", "updated", "author", "link"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(required)),
                "entry lacks {required}"
            );
        }
    }
    assert!(xml.contains("<id>https://likewise.example/nl/cases/idea-lab</id>"));
    assert!(
        xml.contains("Een chatbot voor de stad"),
        "Dutch titles in the Dutch feed"
    );
    assert_eq!(
        site.get("/xx/feed.atom").await.status(),
        StatusCode::NOT_FOUND
    );

    let index = site.get("/sitemap.xml").await.text().await.unwrap();
    let doc = roxmltree::Document::parse(&index).expect("well-formed sitemap index");
    assert!(doc.root_element().has_tag_name("sitemapindex"));
    let parts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    assert_eq!(
        parts,
        [
            "https://likewise.example/sitemap.xml?part=pages",
            "https://likewise.example/sitemap.xml?part=magazines-1",
            "https://likewise.example/sitemap.xml?part=cases-1"
        ]
    );
    let urls = |xml: &str| {
        roxmltree::Document::parse(xml)
            .expect("well-formed sitemap")
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("url"))
            .count()
    };
    let pages = site
        .get("/sitemap.xml?part=pages")
        .await
        .text()
        .await
        .unwrap();
    // 4 lists + 3 partners + 4 themes, in 5 languages
    assert_eq!(urls(&pages), 11 * 5);
    let magazines = site
        .get("/sitemap.xml?part=magazines-1")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(urls(&magazines), 5);
    let cases = site
        .get("/sitemap.xml?part=cases-1")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(urls(&cases), 6 * 5);
    assert!(cases.contains("<loc>https://likewise.example/da/cases/borger-bot</loc>"));
    for missing in [
        "/sitemap.xml?part=cases-2",
        "/sitemap.xml?part=magazines-0",
        "/sitemap.xml?part=nothing",
    ] {
        assert_eq!(
            site.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn health_and_media() {
    let site = site().await;
    let health: serde_json::Value = site.get("/healthz").await.json().await.unwrap();
    assert_eq!(
        (&health["status"], &health["store"]),
        (&serde_json::json!("ok"), &serde_json::json!("sqlite"))
    );
    let r = site.get("/media/cases/city-chatbot/bot.svg").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(
        site.get("/media/cases/city-chatbot/none.svg")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// Leptos renders the app once to list its routes and meanwhile stops every resource in the process from
/// loading (leptos#4773). Routers are built while pages render here, as parallel tests do; no page may stall.
#[tokio::test]
async fn building_a_router_never_stalls_a_page_being_rendered() {
    let site = site().await;
    let store = site._store.store.clone();
    let index = site._store.index.clone();
    let builder = std::thread::spawn(move || {
        for _ in 0..40 {
            let config = Config::from_vars(|_| None).unwrap();
            drop(router(AppState::new(config, store.clone(), index.clone())));
        }
    });
    let mut rendered = 0;
    while !builder.is_finished() || rendered < 20 {
        let (status, html) = site.text("/en/cases/city-chatbot").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("A chatbot for the city"));
        rendered += 1;
    }
    builder.join().unwrap();
}

/// A request as a browser sends it.
async fn browser_get(site: &Site, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut r = site
        .client
        .get(format!("{}{path}", site.base))
        .header("accept-encoding", "gzip, deflate, br");
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.send().await.unwrap()
}

fn brotli_text(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn readers_get_cached_pages_precompressed_with_etags_and_304s() {
    let site = site().await;
    let first = browser_get(&site, "/en/cases/city-chatbot", &[]).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["x-likewise-cache"], "miss");
    assert_eq!(first.headers()["content-encoding"], "br");
    assert_eq!(first.headers()["cache-control"], "public, no-cache");
    assert_eq!(first.headers()["vary"], "Accept-Encoding");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let first_body = brotli_text(&first.bytes().await.unwrap());

    let second = browser_get(&site, "/en/cases/city-chatbot", &[]).await;
    assert_eq!(second.headers()["x-likewise-cache"], "hit");
    assert_eq!(second.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(brotli_text(&second.bytes().await.unwrap()), first_body);

    let again = browser_get(&site, "/en/cases/city-chatbot", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
    let stale = browser_get(
        &site,
        "/en/cases/city-chatbot",
        &[("if-none-match", "W/\"old\"")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::OK);

    // Without brotli, gzip; without either, the plain page: the same words every way.
    let plain = site
        .client
        .get(format!("{}/en/cases/city-chatbot", site.base))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), first_body);
}

#[tokio::test]
async fn a_cached_page_is_the_page_rendered_afresh() {
    let site = site().await;
    for path in [
        "/nl/",
        "/de/cases/city-chatbot",
        "/fr/themes/chatbots",
        "/api/v1/cases/city-chatbot",
        "/en/feed.atom",
    ] {
        let miss = browser_get(&site, path, &[]).await;
        assert_eq!(miss.headers()["x-likewise-cache"], "miss", "{path}");
        let hit = browser_get(&site, path, &[]).await;
        assert_eq!(hit.headers()["x-likewise-cache"], "hit", "{path}");
        let fresh = browser_get(&site, path, &[("cookie", "__Host-likewise-session=x")]).await;
        assert_eq!(fresh.headers()["x-likewise-cache"], "bypass", "{path}");
        let fresh_body = match fresh
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_string())
        {
            Some(e) if e == "br" => brotli_text(&fresh.bytes().await.unwrap()),
            _ => fresh.text().await.unwrap(),
        };
        assert_eq!(
            brotli_text(&hit.bytes().await.unwrap()),
            fresh_body,
            "{path}: cached and fresh differ"
        );
    }
}

#[tokio::test]
async fn the_cache_keeps_languages_apart_and_never_serves_a_signed_in_view() {
    let site = site().await;
    for lang in ["en", "nl", "de", "da", "fr"] {
        for _ in 0..2 {
            let r = browser_get(&site, &format!("/{lang}/cases/city-chatbot"), &[]).await;
            let html = brotli_text(&r.bytes().await.unwrap());
            assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        }
    }
    // Signed in (the session cookie of the coming accounts): never from the cache, never into it.
    let signed_in = browser_get(
        &site,
        "/en/themes",
        &[("cookie", "lang=en; __Host-likewise-session=abc")],
    )
    .await;
    assert_eq!(signed_in.headers()["x-likewise-cache"], "bypass");
    assert_eq!(signed_in.headers()["cache-control"], "private, no-store");
    let visitor = browser_get(&site, "/en/themes", &[]).await;
    assert_eq!(
        visitor.headers()["x-likewise-cache"],
        "miss",
        "the signed-in view was not kept"
    );
    let token = browser_get(&site, "/en/themes", &[("authorization", "Bearer t")]).await;
    assert_eq!(token.headers()["x-likewise-cache"], "bypass");
}

#[tokio::test]
async fn every_api_error_is_the_json_error_body() {
    let site = site().await;
    for (path, status, code) in [
        (
            "/api/v1/magazines/%ff",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/cases/%C0%AF",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/cases/no-such-case",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/v1/nothing", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let r = site.get(path).await;
        assert_eq!(r.status(), status, "{path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{path}"
        );
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{path}"
        );
    }
    let r = site
        .client
        .post(format!("{}/api/v1/partners", site.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn lists_have_pages_and_a_missing_page_is_a_404() {
    let site = site().await;
    let (status, html) = site.text("/en/themes/chatbots").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("data-test=\"pager\""),
        "one page needs no pager"
    );
    for path in [
        "/en/themes/chatbots?page=2",
        "/en/themes/chatbots?page=0",
        "/en/partners/angus?page=x",
        "/en/magazines?page=9",
    ] {
        assert_eq!(
            site.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // `page=1` is the address without it: one address per page.
    let r = site.get("/en/magazines?page=1").await;
    assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers()["location"], "/en/magazines");
}

/// The pages' server functions take their input from the query: two inputs are two answers, never one
/// cached for both (a canonical address drops parameters that choose nothing on pages, not here).
#[tokio::test]
async fn a_server_functions_answer_follows_its_query() {
    use leptos::server_fn::ServerFn;
    let site = site().await;
    let path = app::api::SearchCases::PATH;
    let ask = |q: &str| {
        let query = serde_urlencoded::to_string([("lang", "en"), ("query", q)]).unwrap();
        format!("{path}?{query}")
    };
    let a = site.get(&ask("q=chatbot")).await;
    assert_eq!(a.status(), StatusCode::OK);
    let a = a.text().await.unwrap();
    let b = site.get(&ask("q=dashboard")).await.text().await.unwrap();
    assert_ne!(a, b, "two searches, two answers");
    let again = site.get(&ask("q=dashboard")).await;
    assert_ne!(again.headers()["x-likewise-cache"], "hit");
}
