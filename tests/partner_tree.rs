//! A content tree written by partners elsewhere, imported as a new user would: translations that translate
//! their contact's name and role, their link titles and image alt text, and list the links that exist in their
//! language, in TOML and YAML, inline tables and tables, keys in any order. Language is the translation's own;
//! facts (partner, themes, stage, dates, cost, the contact's e-mail, the image) must still agree with the source.

mod support;

use app::lang::Lang;
use app::library::Library;
use likewise::catalog::Catalog;
use likewise::config::Config;
use likewise::exchange::export;
use likewise::exchange::import::{self, Status};
use likewise::http::{AppState, router};
use std::path::Path;
use support::{TestStore, fixture, read_tree};

const TREE: &str = "partner-tree";

async fn import(s: &TestStore, dir: &Path) -> import::Report {
    import::import_dir(&*s.store, dir, &mut |_| {})
        .await
        .unwrap()
}

fn rejections(report: &import::Report) -> Vec<String> {
    report.rejected().map(|l| l.to_string()).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The fixture's file `rel` with `from` replaced by `to` (which must occur), written into `dir`; the 1-based
/// line of the replacement.
fn edit(dir: &Path, rel: &str, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(fixture(TREE).join(rel)).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not in {rel}"));
    std::fs::write(dir.join(rel), text.replacen(from, to, 1)).unwrap();
    text[..at].matches('\n').count() + 1
}

async fn every_file_of_a_partner_tree_is_imported(s: TestStore) {
    let report = import(&s, &fixture(TREE)).await;
    assert_eq!(rejections(&report), Vec::<String>::new());
    // Every Markdown file and image of the tree, and every entry of partners.toml and themes.toml, is added.
    let files = read_tree(&fixture(TREE));
    let mut expected: Vec<String> = files
        .keys()
        .filter(|rel| !rel.ends_with(".toml"))
        .cloned()
        .collect();
    for p in ["utrecht", "aarhus", "dortmund", "liege", "fife"] {
        expected.push(format!("partners.toml#{p}"));
    }
    for t in [
        "iot-sensors",
        "open-data",
        "chatbots",
        "inclusion-accessibility",
        "participation",
    ] {
        expected.push(format!("themes.toml#{t}"));
    }
    expected.sort();
    let added: Vec<String> = report
        .lines
        .iter()
        .filter(|l| l.status == Status::Added)
        .map(|l| l.path.clone())
        .collect();
    assert_eq!(added, expected, "{}", report.summary());
    assert_eq!(report.lines.len(), expected.len());
    let cases = s.store.cases(&Default::default()).await.unwrap();
    assert_eq!(cases.len(), 5);
    assert!(cases.iter().all(|c| c.languages().len() >= 3));
}

async fn readers_see_the_contact_and_links_of_their_language(s: TestStore) {
    import(&s, &fixture(TREE)).await;
    let catalog = Catalog::new(s.store.clone(), s.index.clone());
    let case = |lang: Lang, slug: &'static str| {
        let catalog = &catalog;
        async move { catalog.case(lang, slug).await.unwrap().unwrap() }
    };
    let links = |c: &app::model::CaseView| -> Vec<(String, String)> {
        c.links
            .iter()
            .map(|l| (l.title.clone(), l.url.clone()))
            .collect()
    };

    // A Dutch translation with its own contact name and role, and its own list of links.
    let nl = case(Lang::Nl, "fife-digital-champions").await;
    assert!(!nl.is_fallback);
    let contact = nl.contact.clone().unwrap();
    assert_eq!(contact.name, "Netwerk Digitale Ambassadeurs");
    assert_eq!(contact.role.as_deref(), Some("Coördinator vrijwilligers"));
    assert_eq!(contact.email, "digital.champions@fife.example");
    assert_eq!(
        links(&nl),
        [
            (
                "Word digitale ambassadeur (Engels)".to_string(),
                "https://www.fife.example/digital-champions".to_string()
            ),
            (
                "Een vergelijkbaar project in Nederland".to_string(),
                "https://www.digitaalhulpnetwerk.example/ambassadeurs".to_string()
            ),
        ]
    );
    // Its source, in English, keeps its own.
    let en = case(Lang::En, "fife-digital-champions").await;
    assert_eq!(
        en.contact.as_ref().unwrap().name,
        "Digital Champions Network"
    );
    assert_eq!(
        en.contact.as_ref().unwrap().role.as_deref(),
        Some("Volunteer coordinator")
    );
    assert_eq!(en.links[1].title, "Training materials");
    // A translation that gives a name and a role but no links and no e-mail: the source's links and e-mail.
    let da = case(Lang::Da, "fife-digital-champions").await;
    let contact = da.contact.clone().unwrap();
    assert_eq!(contact.name, "Netværket af digitale ambassadører");
    assert_eq!(contact.role.as_deref(), Some("Koordinator for frivillige"));
    assert_eq!(contact.email, "digital.champions@fife.example");
    assert_eq!(links(&da), links(&en));

    // A translation with an English page instead of the Dutch one.
    let en = case(Lang::En, "utrecht-sensorenregister").await;
    assert_eq!(en.contact.as_ref().unwrap().name, "Sensor Register Team");
    assert_eq!(
        en.links[0].url,
        "https://www.utrecht.example/en/sensor-register"
    );
    assert_eq!(en.links[0].title, "Project page (in English)");
    // A translation that gives neither contact nor links: the source's.
    let fr = case(Lang::Fr, "utrecht-sensorenregister").await;
    assert_eq!(fr.contact.as_ref().unwrap().name, "Team Sensorenregister");
    assert_eq!(
        fr.contact.as_ref().unwrap().role.as_deref(),
        Some("Projectleiding")
    );
    assert_eq!(fr.links[0].title, "Projectpagina");
    // An empty list of links is no list: the source's.
    let en = case(Lang::En, "liege-guichet-numerique").await;
    assert_eq!(en.contact.as_ref().unwrap().name, "Digital inclusion unit");
    assert_eq!(en.links[0].title, "Horaires des permanences");
    // A language the case has no file in sees the source's.
    let da = case(Lang::Da, "utrecht-sensorenregister").await;
    assert!(da.is_fallback);
    assert_eq!(da.contact.as_ref().unwrap().name, "Team Sensorenregister");

    // Image alt text is the translation's own.
    let de = case(Lang::De, "utrecht-sensorenregister").await;
    assert_eq!(
        de.card.image.unwrap().alt,
        "Eine Karte von Utrecht mit farbigen Punkten für Kameras, Luftmessgeräte und Zähler."
    );

    // The JSON API: per language, the contact and links its readers see.
    let api = catalog
        .case_json("fife-digital-champions")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        api["texts"]["nl"]["contact"]["name"],
        "Netwerk Digitale Ambassadeurs"
    );
    assert_eq!(
        api["texts"]["nl"]["contact"]["email"],
        "digital.champions@fife.example"
    );
    assert_eq!(
        api["texts"]["nl"]["links"][1]["url"],
        "https://www.digitaalhulpnetwerk.example/ambassadeurs"
    );
    assert_eq!(api["texts"]["da"]["links"], api["texts"]["en"]["links"]);
    assert_eq!(api["contact"]["name"], "Digital Champions Network");
    assert_eq!(api["contact"]["role"], "Volunteer coordinator");
}

/// The pages as a browser gets them: the Dutch page names the Dutch contact and links.
async fn the_case_page_shows_the_contact_and_links_of_its_language(s: TestStore) {
    import(&s, &fixture(TREE)).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::from_vars(|k| match k {
        "LIKEWISE_ADDR" => Some(addr.to_string()),
        "LIKEWISE_SITE_ROOT" => Some(support::repo_root().join("public").display().to_string()),
        _ => None,
    })
    .unwrap();
    let state = AppState::new(config, s.store.clone(), s.index.clone());
    state.follow_changes().await;
    let app = router(state);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(45))
        .build()
        .unwrap();
    let page = |path: &str| {
        let url = format!("http://{addr}{path}");
        let client = client.clone();
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), reqwest::StatusCode::OK);
            r.text().await.unwrap()
        }
    };
    let nl = page("/nl/cases/fife-digital-champions").await;
    for expected in [
        "Netwerk Digitale Ambassadeurs",
        "Coördinator vrijwilligers",
        "mailto:digital.champions@fife.example",
        "Een vergelijkbaar project in Nederland",
        "https://www.digitaalhulpnetwerk.example/ambassadeurs",
    ] {
        assert!(nl.contains(expected), "the Dutch page lacks {expected}");
    }
    assert!(!nl.contains("Training materials"));
    assert!(!nl.contains("Digital Champions Network"));
    let en = page("/en/cases/fife-digital-champions").await;
    assert!(en.contains("Digital Champions Network"));
    assert!(en.contains("Training materials"));
    let de = page("/de/cases/aarhus-borgerchat").await;
    assert!(de.contains("Digitales Team des Bürgerservice"));
    assert!(de.contains("Evaluationsbericht (pdf, dänisch)"));
}

async fn a_translation_that_changes_a_fact_is_refused(s: TestStore) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(TREE), dir.path());
    let d = dir.path();
    // The contact's e-mail, in an inline table, a YAML mapping and a TOML table.
    let inline = edit(
        d,
        "cases/utrecht-sensorenregister/en.md",
        "\"sensorenregister@utrecht.example\"",
        "\"info@utrecht.example\"",
    );
    let yaml = edit(
        d,
        "cases/aarhus-borgerchat/en.md",
        "email: digital.borgerservice@aarhus.example",
        "email: chatbot@aarhus.example",
    );
    let table = edit(
        d,
        "cases/dortmund-offene-daten/en.md",
        "email = \"opendata@dortmund.example\"",
        "email = \"open.data@dortmund.example\"",
    );
    // Another partner, another publication date.
    let partner = edit(
        d,
        "cases/liege-guichet-numerique/nl.md",
        "partner = \"liege\"",
        "partner = \"utrecht\"",
    );
    let published = edit(
        d,
        "cases/fife-digital-champions/nl.md",
        "published: 2018-10-01",
        "published: 2018-11-01",
    );
    // Another stage.
    let stage = edit(
        d,
        "cases/dortmund-offene-daten/da.md",
        "stage: in-use",
        "stage: pilot",
    );
    let report = import(&s, d).await;
    let line = |path: &str| {
        report
            .lines
            .iter()
            .find(|l| l.path == path)
            .unwrap()
            .clone()
    };
    let same = "a translation may repeat the source's metadata only with the same values";
    for (path, at, reason) in [
        (
            "cases/utrecht-sensorenregister/en.md",
            inline,
            format!(
                "key `contact.email` is `info@utrecht.example` here but `sensorenregister@utrecht.example` in the source cases/utrecht-sensorenregister/nl.md; {same}"
            ),
        ),
        (
            "cases/aarhus-borgerchat/en.md",
            yaml,
            format!(
                "key `contact.email` is `chatbot@aarhus.example` here but `digital.borgerservice@aarhus.example` in the source cases/aarhus-borgerchat/da.md; {same}"
            ),
        ),
        (
            "cases/dortmund-offene-daten/en.md",
            table,
            format!(
                "key `contact.email` is `open.data@dortmund.example` here but `opendata@dortmund.example` in the source cases/dortmund-offene-daten/de.md; {same}"
            ),
        ),
        (
            "cases/liege-guichet-numerique/nl.md",
            partner,
            format!(
                "key `partner` is `utrecht` here but `liege` in the source cases/liege-guichet-numerique/fr.md; {same}"
            ),
        ),
        (
            "cases/fife-digital-champions/nl.md",
            published,
            format!(
                "key `published` is `2018-11-01` here but `2018-10-01` in the source cases/fife-digital-champions/en.md; {same}"
            ),
        ),
        (
            "cases/dortmund-offene-daten/da.md",
            stage,
            format!(
                "key `stage` is `pilot` here but `in-use` in the source cases/dortmund-offene-daten/de.md; {same}"
            ),
        ),
    ] {
        let l = line(path);
        assert_eq!(l.status, Status::Rejected, "{path}");
        assert_eq!(l.reason.as_deref(), Some(reason.as_str()), "{path}");
        assert_eq!(l.line, Some(at), "{path}");
    }
    // Everything else is still imported.
    assert_eq!(
        report.count(Status::Rejected),
        6,
        "{:#?}",
        rejections(&report)
    );
    let case = s
        .store
        .case("utrecht-sensorenregister")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.languages(), [Lang::Nl, Lang::De, Lang::Fr]);
}

async fn a_translation_may_not_bring_a_contact_its_source_lacks(s: TestStore) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(TREE), dir.path());
    let d = dir.path();
    // The source drops its contact: the translations that name one now add a fact of their own.
    let src = "cases/dortmund-offene-daten/de.md";
    let text = std::fs::read_to_string(d.join(src)).unwrap();
    std::fs::write(
        d.join(src),
        text.replace(
            "[contact]\nname = \"Stabsstelle Open Data\"\nemail = \"opendata@dortmund.example\"\n\n",
            "",
        ),
    )
    .unwrap();
    let report = import(&s, d).await;
    let en = report
        .lines
        .iter()
        .find(|l| l.path == "cases/dortmund-offene-daten/en.md")
        .unwrap();
    assert_eq!(en.status, Status::Rejected);
    let reason = en.reason.as_deref().unwrap();
    assert!(
        reason.starts_with("key `contact` is ")
            && reason.contains("the source cases/dortmund-offene-daten/de.md has no `contact`"),
        "{reason}"
    );
}

async fn export_then_import_of_a_partner_tree_is_byte_stable(s: TestStore) {
    import(&s, &fixture(TREE)).await;
    let first = tempfile::tempdir().unwrap();
    export::export_dir(&*s.store, first.path(), &mut |_| {})
        .await
        .unwrap();
    // Every Markdown file and image comes back byte for byte, whatever its syntax and key order.
    let original = read_tree(&fixture(TREE));
    let exported = read_tree(first.path());
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        exported.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &original {
        if !rel.ends_with(".toml") {
            assert_eq!(exported.get(rel), Some(bytes), "{rel} differs after export");
        }
    }
    // The export imports into an empty store to the same state, and exports identically again.
    let fresh = support::sqlite().await;
    let report = import(&fresh, first.path()).await;
    assert_eq!(rejections(&report), Vec::<String>::new());
    assert_eq!(
        fresh.store.partners().await.unwrap(),
        s.store.partners().await.unwrap()
    );
    assert_eq!(
        fresh.store.themes().await.unwrap(),
        s.store.themes().await.unwrap()
    );
    for case in s.store.cases(&Default::default()).await.unwrap() {
        let a = s.store.case(&case.slug).await.unwrap().unwrap();
        let b = fresh.store.case(&case.slug).await.unwrap().unwrap();
        assert_eq!(a.meta, b.meta);
        let texts = |r: &likewise::store::CaseRecord| {
            r.texts
                .iter()
                .map(|t| (t.text.clone(), t.html.clone(), t.hash.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&a), texts(&b), "{}", case.slug);
    }
    let second = tempfile::tempdir().unwrap();
    export::export_dir(&*fresh.store, second.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(read_tree(first.path()), read_tree(second.path()));
    // And importing the export over the original store changes nothing.
    let over = import(&s, first.path()).await;
    assert_eq!(
        over.count(Status::Unchanged),
        over.lines.len(),
        "{:#?}",
        over.lines
    );
}

on_both_stores!(
    every_file_of_a_partner_tree_is_imported,
    readers_see_the_contact_and_links_of_their_language,
    the_case_page_shows_the_contact_and_links_of_its_language,
    a_translation_that_changes_a_fact_is_refused,
    a_translation_may_not_bring_a_contact_its_source_lacks,
    export_then_import_of_a_partner_tree_is_byte_stable,
);
