//! Linked data for metadata portals (docs/linked-data.md), read back as RDF: the schema.org JSON-LD in the
//! head of case, issue-case and magazine pages (source, translated and fallback languages), and the DCAT-AP
//! catalogue at /api/v1/catalog in JSON-LD and Turtle, through the page cache, on SQLite and PostgreSQL.

mod support;

use likewise::config::Config;
use likewise::domain::Status;
use likewise::exchange::import;
use likewise::http::{AppState, router};
use likewise::store::{CaseFilter, ItemKind};
use oxrdf::vocab::rdf;
use oxrdf::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use std::collections::BTreeSet;
use std::time::Duration;
use support::{TestStore, fixture};

const BASE: &str = "https://likewise.example";
const LICENSE: &str = "https://creativecommons.org/licenses/by-sa/4.0/";
const CATALOG: &str = "https://likewise.example/api/v1/catalog";

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const SCHEMA: &str = "http://schema.org/";

struct Site {
    base: String,
    client: reqwest::Client,
    store: TestStore,
}

impl Site {
    async fn get(&self, path: &str, accept: Option<&str>) -> reqwest::Response {
        let mut r = self.client.get(format!("{}{path}", self.base));
        if let Some(a) = accept {
            r = r.header("accept", a);
        }
        r.send().await.unwrap()
    }

    async fn page(&self, path: &str) -> String {
        let r = self.get(path, None).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.text().await.unwrap()
    }
}

/// The fixture library with `sensor-bins` kept as a draft, served with a public address and a licence of
/// its own, the page cache on and following the change log.
async fn site(s: TestStore) -> Site {
    let report = import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
    s.store
        .set_status(ItemKind::Case, "sensor-bins", Status::Draft)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::from_vars(|k| match k {
        "LIKEWISE_ADDR" => Some(addr.to_string()),
        "LIKEWISE_PUBLIC_URL" => Some(BASE.into()),
        "LIKEWISE_CONTENT_LICENSE" => Some(LICENSE.into()),
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
        .timeout(Duration::from_secs(45))
        .build()
        .unwrap();
    Site {
        base: format!("http://{addr}"),
        client,
        store: s,
    }
}

fn iri(s: &str) -> NamedNode {
    NamedNode::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A graph read back from a document, with the questions the tests ask of it.
struct Rdf(Vec<Triple>);

impl Rdf {
    fn turtle(text: &str) -> Rdf {
        Rdf(oxttl::TurtleParser::new()
            .for_slice(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("Turtle parses: {e}\n{text}")))
    }

    /// JSON-LD; schema.org's remote context is stood in for by its vocabulary (no network in tests).
    fn json_ld(text: &str) -> Rdf {
        let quads = oxjsonld::JsonLdParser::new()
            .for_slice(text.as_bytes())
            .with_load_document_callback(|url, _| {
                assert!(url.starts_with("https://schema.org"), "only schema.org's context is loaded: {url}");
                Ok(oxjsonld::JsonLdRemoteDocument {
                    document: br#"{"@context": {"@vocab": "http://schema.org/", "schema": "http://schema.org/",
                        "url": {"@id": "schema:url", "@type": "@id"}, "image": {"@id": "schema:image", "@type": "@id"}}}"#
                        .to_vec(),
                    document_url: "https://schema.org/".into(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("JSON-LD parses: {e}\n{text}"));
        Rdf(quads
            .into_iter()
            .map(|q| Triple::new(q.subject, q.predicate, q.object))
            .collect())
    }

    fn set(&self) -> BTreeSet<String> {
        self.0.iter().map(|t| t.to_string()).collect()
    }

    fn objects(&self, s: &str, p: &str) -> Vec<&Term> {
        let s = NamedOrBlankNode::from(iri(s));
        let p = iri(p);
        self.0
            .iter()
            .filter(|t| t.subject == s && t.predicate == p)
            .map(|t| &t.object)
            .collect()
    }

    fn object_iris(&self, s: &str, p: &str) -> BTreeSet<String> {
        self.objects(s, p)
            .into_iter()
            .filter_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
            .collect()
    }

    fn has(&self, s: &str, p: &str, o: impl Into<Term>) -> bool {
        let o = o.into();
        self.objects(s, p).into_iter().any(|x| *x == o)
    }

    fn of_type(&self, class: &str) -> Vec<String> {
        let class = Term::from(iri(class));
        self.0
            .iter()
            .filter(|t| t.predicate == rdf::TYPE && t.object == class)
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
            .collect()
    }
}

fn tagged(value: &str, lang: &str) -> Literal {
    Literal::new_language_tagged_literal(value, lang).unwrap()
}

/// The one `<script type="application/ld+json">` of a page, as written.
fn linked_data_of(html: &str) -> String {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        let tag_end = at + rest[at..].find('>').unwrap();
        let tag = &rest[at..tag_end];
        let close = tag_end + rest[tag_end..].find("</script>").unwrap();
        if tag.contains(r#"type="application/ld+json""#) {
            found.push(rest[tag_end + 1..close].to_string());
        }
        rest = &rest[close..];
    }
    assert_eq!(found.len(), 1, "one block of linked data in the page");
    found.pop().unwrap()
}

fn canonical_of(html: &str) -> String {
    let at = html.find(r#"rel="canonical""#).expect("a canonical link");
    let tag_start = html[..at].rfind('<').unwrap();
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>').unwrap()];
    let href = tag.find("href=\"").unwrap() + 6;
    tag[href..href + tag[href..].find('"').unwrap()].to_string()
}

/// A page's linked data read as RDF, after checking that it names the page by its canonical address.
async fn page_graph(site: &Site, path: &str, canonical: &str) -> (Rdf, serde_json::Value) {
    let html = site.page(path).await;
    assert_eq!(canonical_of(&html), canonical, "{path}");
    let text = linked_data_of(&html);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["@id"], canonical,
        "{path}: named by its canonical address"
    );
    (Rdf::json_ld(&text), json)
}

fn schema(local: &str) -> String {
    format!("{SCHEMA}{local}")
}

async fn case_pages_name_their_partner_themes_and_translations(s: TestStore) {
    let site = site(s).await;
    let nl = format!("{BASE}/nl/cases/city-chatbot");
    let en = format!("{BASE}/en/cases/city-chatbot");
    let groningen = format!("{BASE}/en/partners/groningen");

    // The translation: an Article in English, by its partner, a translation of the Dutch page.
    let (g, _) = page_graph(&site, "/en/cases/city-chatbot", &en).await;
    assert!(g.has(&en, rdf::TYPE.as_str(), iri(&schema("Article"))));
    assert!(g.has(
        &en,
        &schema("inLanguage"),
        Literal::new_simple_literal("en")
    ));
    assert!(g.has(
        &en,
        &schema("headline"),
        Literal::new_simple_literal("A chatbot for the city")
    ));
    assert!(g.has(
        &en,
        &schema("description"),
        Literal::new_simple_literal(
            "The municipality answers questions with a chatbot. Residents get answers faster."
        )
    ));
    assert!(g.has(
        &en,
        &schema("datePublished"),
        Literal::new_simple_literal("2018-04-10")
    ));
    assert_eq!(
        g.object_iris(&en, &schema("author")),
        BTreeSet::from([groningen.clone()])
    );
    assert!(g.has(&groningen, rdf::TYPE.as_str(), iri(&schema("Organization"))));
    assert!(g.has(
        &groningen,
        &schema("name"),
        Literal::new_simple_literal("Gemeente Groningen")
    ));
    assert!(g.has(&groningen, &schema("url"), iri(&groningen)));
    let address = g.objects(&groningen, &schema("address"));
    assert_eq!(address.len(), 1);
    let chatbots = format!("{BASE}/en/themes/chatbots");
    assert_eq!(
        g.object_iris(&en, &schema("about")),
        BTreeSet::from([chatbots.clone()])
    );
    assert!(g.has(
        &chatbots,
        &schema("name"),
        Literal::new_simple_literal("Chatbots")
    ));
    assert_eq!(g.objects(&en, &schema("spatialCoverage")).len(), 1);
    assert_eq!(
        g.object_iris(&en, &schema("translationOfWork")),
        BTreeSet::from([nl.clone()])
    );
    assert!(g.has(
        &nl,
        &schema("inLanguage"),
        Literal::new_simple_literal("nl")
    ));
    assert_eq!(
        g.object_iris(&nl, &schema("workTranslation")),
        BTreeSet::from([en.clone()])
    );
    assert!(g.objects(&en, &schema("workTranslation")).is_empty());
    assert!(
        g.objects(&en, &schema("isPartOf")).is_empty(),
        "the case page does not know its issues"
    );

    // The source: its translations, and no source of its own.
    let (g, _) = page_graph(&site, "/nl/cases/city-chatbot", &nl).await;
    assert!(g.has(
        &nl,
        &schema("inLanguage"),
        Literal::new_simple_literal("nl")
    ));
    assert!(g.has(
        &nl,
        &schema("name"),
        Literal::new_simple_literal("Een chatbot voor de stad")
    ));
    assert_eq!(
        g.object_iris(&nl, &schema("workTranslation")),
        BTreeSet::from([en.clone()])
    );
    assert!(g.has(
        &en,
        &schema("inLanguage"),
        Literal::new_simple_literal("en")
    ));
    assert!(g.objects(&nl, &schema("translationOfWork")).is_empty());
    // Addresses in the page's language.
    assert_eq!(
        g.object_iris(&nl, &schema("author")),
        BTreeSet::from([format!("{BASE}/nl/partners/groningen")])
    );

    // No German text: the German page shows the Dutch source, and says so.
    let de = format!("{BASE}/de/cases/city-chatbot");
    let (g, _) = page_graph(&site, "/de/cases/city-chatbot", &de).await;
    assert!(g.has(
        &de,
        &schema("inLanguage"),
        Literal::new_simple_literal("nl")
    ));
    assert_eq!(
        g.object_iris(&de, &schema("workTranslation")),
        BTreeSet::from([en.clone()])
    );

    // A case written in English with a Danish translation, modified since.
    let dash = format!("{BASE}/da/cases/data-dashboard");
    let (g, _) = page_graph(&site, "/da/cases/data-dashboard", &dash).await;
    assert!(g.has(
        &dash,
        &schema("inLanguage"),
        Literal::new_simple_literal("da")
    ));
    assert_eq!(
        g.object_iris(&dash, &schema("translationOfWork")),
        BTreeSet::from([format!("{BASE}/en/cases/data-dashboard")])
    );
    let (g, _) = page_graph(
        &site,
        "/en/cases/data-dashboard",
        &format!("{BASE}/en/cases/data-dashboard"),
    )
    .await;
    assert!(g.has(
        &format!("{BASE}/en/cases/data-dashboard"),
        &schema("dateModified"),
        Literal::new_simple_literal("2019-05-01")
    ));

    // Read inside its issue: canonically the case's own page, part of the magazine.
    let (g, _) = page_graph(&site, "/en/magazines/first-issue/city-chatbot", &en).await;
    let issue = format!("{BASE}/en/magazines/first-issue");
    assert_eq!(
        g.object_iris(&en, &schema("isPartOf")),
        BTreeSet::from([issue.clone()])
    );
    assert!(g.has(&issue, rdf::TYPE.as_str(), iri(&schema("PublicationIssue"))));
    assert_eq!(
        g.object_iris(&en, &schema("author")),
        BTreeSet::from([groningen])
    );
}

async fn magazine_pages_list_their_cases(s: TestStore) {
    let site = site(s).await;
    let en = format!("{BASE}/en/magazines/first-issue");
    let nl = format!("{BASE}/nl/magazines/first-issue");
    let (g, json) = page_graph(&site, "/en/magazines/first-issue", &en).await;
    assert!(g.has(&en, rdf::TYPE.as_str(), iri(&schema("PublicationIssue"))));
    assert!(g.has(
        &en,
        &schema("name"),
        Literal::new_simple_literal("First issue: talking to residents")
    ));
    assert!(g.has(
        &en,
        &schema("inLanguage"),
        Literal::new_simple_literal("en")
    ));
    let parts: Vec<&str> = json["hasPart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["@id"].as_str().unwrap())
        .collect();
    let cases =
        ["city-chatbot", "easy-forms", "borger-bot"].map(|c| format!("{BASE}/en/cases/{c}"));
    assert_eq!(parts, cases, "its cases, in the issue's order");
    assert_eq!(
        g.object_iris(&en, &schema("hasPart")),
        cases.iter().cloned().collect::<BTreeSet<_>>()
    );
    assert!(g.has(
        &cases[2],
        &schema("inLanguage"),
        Literal::new_simple_literal("da")
    ));
    assert_eq!(
        g.object_iris(&en, &schema("workTranslation")),
        BTreeSet::from([nl.clone()])
    );

    let (g, _) = page_graph(&site, "/nl/magazines/first-issue", &nl).await;
    assert!(g.has(
        &nl,
        &schema("inLanguage"),
        Literal::new_simple_literal("nl")
    ));
    assert_eq!(
        g.object_iris(&nl, &schema("translationOfWork")),
        BTreeSet::from([en.clone()])
    );
    assert_eq!(
        g.object_iris(&nl, &schema("hasPart")).len(),
        3,
        "{:?}",
        g.object_iris(&nl, &schema("hasPart"))
    );
    assert!(
        g.object_iris(&nl, &schema("hasPart"))
            .contains(&format!("{BASE}/nl/cases/city-chatbot"))
    );
}

/// The catalogue in both formats: the same graph, whichever way it is asked for and whether it came from
/// the page cache or not.
async fn catalogue(site: &Site) -> Rdf {
    let ld = site.get("/api/v1/catalog", None).await;
    assert_eq!(ld.status(), StatusCode::OK);
    assert_eq!(ld.headers()["content-type"], "application/ld+json");
    assert!(ld.headers()["vary"].to_str().unwrap().contains("Accept"));
    let ld = Rdf::json_ld(&ld.text().await.unwrap());
    let mut turtles = Vec::new();
    for (path, accept) in [
        ("/api/v1/catalog?format=ttl", None),
        ("/api/v1/catalog", Some("text/turtle")),
        (
            "/api/v1/catalog",
            Some("text/turtle;q=1, application/ld+json;q=0.5"),
        ),
        ("/api/v1/catalog?utm_source=x", Some("text/turtle")),
    ] {
        let r = site.get(path, accept).await;
        assert_eq!(r.status(), StatusCode::OK, "{path} {accept:?}");
        assert_eq!(
            r.headers()["content-type"],
            "text/turtle; charset=utf-8",
            "{path} {accept:?}"
        );
        turtles.push(Rdf::turtle(&r.text().await.unwrap()));
    }
    // JSON-LD again, now that Turtle is in the cache under the same path.
    for (path, accept) in [
        ("/api/v1/catalog", None),
        ("/api/v1/catalog", Some("application/ld+json")),
        ("/api/v1/catalog?format=jsonld", Some("text/turtle")),
    ] {
        let r = site.get(path, accept).await;
        assert_eq!(
            r.headers()["content-type"],
            "application/ld+json",
            "{path} {accept:?}"
        );
        assert_eq!(
            Rdf::json_ld(&r.text().await.unwrap()).set(),
            ld.set(),
            "{path} {accept:?}"
        );
    }
    for t in &turtles {
        assert_eq!(t.set(), ld.set(), "Turtle and JSON-LD say the same");
    }
    ld
}

async fn published_slugs(s: &TestStore) -> BTreeSet<String> {
    s.store
        .cases(&CaseFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.slug)
        .collect()
}

fn dataset(slug: &str) -> String {
    format!("{CATALOG}#case-{slug}")
}

async fn the_catalogue_is_dcat_ap_of_every_published_case(s: TestStore) {
    let site = site(s).await;
    let g = catalogue(&site).await;
    let published = published_slugs(&site.store).await;
    assert_eq!(published.len(), 5, "the fixture's cases but the draft");

    // The catalogue itself.
    assert_eq!(
        g.of_type(&format!("{DCAT}Catalog")),
        vec![CATALOG.to_string()]
    );
    assert!(g.has(CATALOG, &format!("{DCT}license"), iri(LICENSE)));
    assert_eq!(g.objects(CATALOG, &format!("{DCT}title")).len(), 5);
    assert!(g.has(
        CATALOG,
        &format!("{FOAF}homepage"),
        iri(&format!("{BASE}/"))
    ));
    let publisher = g.object_iris(CATALOG, &format!("{DCT}publisher"));
    assert_eq!(
        publisher,
        BTreeSet::from([format!("{CATALOG}#partner-groningen")]),
        "the lead partner"
    );
    assert_eq!(g.object_iris(CATALOG, &format!("{DCT}language")).len(), 5);

    // Every published case exactly once as a dataset; the draft never.
    let datasets = g.of_type(&format!("{DCAT}Dataset"));
    let expected: Vec<String> = published.iter().map(|s| dataset(s)).collect();
    let mut sorted = datasets.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "each published case once");
    assert_eq!(
        g.object_iris(CATALOG, &format!("{DCAT}dataset")),
        expected.iter().cloned().collect::<BTreeSet<_>>()
    );
    assert!(
        !g.set().iter().any(|t| t.contains("sensor-bins")),
        "the draft is nowhere"
    );

    // Titles and descriptions carry their languages.
    for d in &datasets {
        for p in ["title", "description"] {
            let values = g.objects(d, &format!("{DCT}{p}"));
            assert!(!values.is_empty(), "{d} has a {p}");
            for v in values {
                assert!(
                    matches!(v, Term::Literal(l) if l.language().is_some()),
                    "{d}: {p} {v} has a language tag"
                );
            }
        }
    }
    let chatbot = dataset("city-chatbot");
    let titles: BTreeSet<String> = g
        .objects(&chatbot, &format!("{DCT}title"))
        .into_iter()
        .map(|t| t.to_string())
        .collect();
    assert_eq!(
        titles,
        BTreeSet::from([
            tagged("A chatbot for the city", "en").to_string(),
            tagged("Een chatbot voor de stad", "nl").to_string(),
        ])
    );
    assert!(g.has(
        &chatbot,
        &format!("{DCAT}keyword"),
        tagged("Agents conversationnels", "fr")
    ));
    assert!(g.has(
        &chatbot,
        &format!("{DCAT}theme"),
        iri(&format!("{CATALOG}#theme-chatbots"))
    ));
    assert!(g.has(
        &chatbot,
        &format!("{DCT}spatial"),
        iri("http://publications.europa.eu/resource/authority/country/NLD")
    ));
    assert!(g.has(
        &chatbot,
        &format!("{DCT}issued"),
        Literal::new_typed_literal("2018-04-10", oxrdf::vocab::xsd::DATE)
    ));
    assert!(g.has(
        &dataset("data-dashboard"),
        &format!("{DCT}modified"),
        Literal::new_typed_literal("2019-05-01", oxrdf::vocab::xsd::DATE)
    ));

    // Its partner publishes it, as an organisation.
    let groningen = format!("{CATALOG}#partner-groningen");
    assert_eq!(
        g.object_iris(&chatbot, &format!("{DCT}publisher")),
        BTreeSet::from([groningen.clone()])
    );
    assert!(g.has(
        &groningen,
        rdf::TYPE.as_str(),
        iri(&format!("{FOAF}Organization"))
    ));
    assert!(g.has(
        &groningen,
        &format!("{FOAF}name"),
        Literal::new_simple_literal("Gemeente Groningen")
    ));

    // A landing page and an HTML distribution per language, and the JSON API's document.
    assert_eq!(
        g.object_iris(&chatbot, &format!("{DCAT}landingPage")),
        BTreeSet::from([
            format!("{BASE}/en/cases/city-chatbot"),
            format!("{BASE}/nl/cases/city-chatbot")
        ])
    );
    let distributions = g.object_iris(&chatbot, &format!("{DCAT}distribution"));
    assert_eq!(distributions.len(), 3, "{distributions:?}");
    let mut html = BTreeSet::new();
    let mut json = 0;
    for dist in &distributions {
        assert!(g.has(
            dist,
            rdf::TYPE.as_str(),
            iri(&format!("{DCAT}Distribution"))
        ));
        assert!(g.has(dist, &format!("{DCT}license"), iri(LICENSE)));
        let access = g.object_iris(dist, &format!("{DCAT}accessURL"));
        assert_eq!(access.len(), 1, "{dist}");
        let media = g.object_iris(dist, &format!("{DCAT}mediaType"));
        if media.contains("http://www.iana.org/assignments/media-types/text/html") {
            assert_eq!(g.object_iris(dist, &format!("{DCT}language")).len(), 1);
            html.extend(access);
        } else {
            assert_eq!(
                media,
                BTreeSet::from([
                    "http://www.iana.org/assignments/media-types/application/json".to_string()
                ])
            );
            assert_eq!(
                access,
                BTreeSet::from([format!("{BASE}/api/v1/cases/city-chatbot")])
            );
            json += 1;
        }
    }
    assert_eq!(html, g.object_iris(&chatbot, &format!("{DCAT}landingPage")));
    assert_eq!(json, 1);

    // Withdrawn, a case leaves the catalogue (the cache follows the change log), in both formats.
    site.store
        .store
        .set_status(ItemKind::Case, "idea-lab", Status::Unpublished)
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let text = site
            .get("/api/v1/catalog", None)
            .await
            .text()
            .await
            .unwrap();
        if !text.contains("idea-lab") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the withdrawn case left the catalogue"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let g = catalogue(&site).await;
    assert_eq!(g.of_type(&format!("{DCAT}Dataset")).len(), 4);
    assert!(!g.set().iter().any(|t| t.contains("idea-lab")));

    // The API's document describes the catalogue in both formats.
    let doc: serde_json::Value = site
        .get("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let content = &doc["paths"]["/api/v1/catalog"]["get"]["responses"]["200"]["content"];
    assert!(
        content["application/ld+json"].is_object() && content["text/turtle"].is_object(),
        "{content}"
    );

    // A bad format is a 400 that names it.
    let r = site.get("/api/v1/catalog?format=rdfxml", None).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["field"], "format");
}

async fn a_title_cannot_break_out_of_the_linked_data(s: TestStore) {
    let site = site(s).await;
    let title = "Evil </script><script>alert(1)</script> & <!-- \"quoted\"";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("cases/evil")).unwrap();
    std::fs::write(
        dir.path().join("cases/evil/en.md"),
        format!(
            "+++\ntitle = {}\nsummary = \"S </script>\"\npartner = \"angus\"\nthemes = [\"chatbots\"]\npublished = 2020-01-01\n+++\nBody.\n",
            toml_string(title)
        ),
    )
    .unwrap();
    let report = import::import_dir(&*site.store.store, dir.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
    let html = site.page("/en/cases/evil").await;
    assert!(!html.contains("<script>alert(1)"), "no script got out");
    let text = linked_data_of(&html);
    assert!(
        text.contains(r"Evil \u003c/script\u003e\u003cscript\u003ealert(1)"),
        "{text}"
    );
    assert!(
        !text.contains('<') && !text.contains('>') && !text.contains('&'),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["name"], title);
    let id = format!("{BASE}/en/cases/evil");
    let g = Rdf::json_ld(&text);
    assert!(g.has(&id, &schema("headline"), Literal::new_simple_literal(title)));

    // The catalogue carries the title as it is, in both formats.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let g = loop {
        let g = catalogue(&site).await;
        if !g
            .objects(&dataset("evil"), &format!("{DCT}title"))
            .is_empty()
        {
            break g;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new case reached the catalogue"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(g.has(
        &dataset("evil"),
        &format!("{DCT}title"),
        tagged(title, "en")
    ));
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

on_both_stores!(
    case_pages_name_their_partner_themes_and_translations,
    magazine_pages_list_their_cases,
    the_catalogue_is_dcat_ap_of_every_published_case,
    a_title_cannot_break_out_of_the_linked_data,
);
