//! Adoptions ("we took this up") over real HTTP on SQLite and PostgreSQL: who may record and remove them
//! (the authorisation matrix grows), the API's refusals naming the field, the content format's round trip
//! and history, and the pages (case page, cards, adapted from/by) following the change log.

mod support;

use likewise::exchange::{export, import};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::TestStore;
use support::site::*;

async fn tokens(site: &Site) -> std::collections::HashMap<&'static str, String> {
    let mut out = std::collections::HashMap::new();
    for (email, _) in ROLES {
        let b = site.sign_in(email).await;
        let viewer = site
            .state
            .auth
            .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
            .await
            .unwrap()
            .unwrap();
        out.insert(
            *email,
            site.state
                .auth
                .create_token(&viewer, "adoptions")
                .await
                .unwrap(),
        );
    }
    out
}

async fn post(site: &Site, case: &str, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let r = site
        .api(
            Method::POST,
            &format!("/api/v1/cases/{case}/adoptions"),
            token,
            serde_json::to_vec(body).unwrap(),
        )
        .await;
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn delete(site: &Site, case: &str, id: &str, token: Option<&str>) -> StatusCode {
    site.api(
        Method::DELETE,
        &format!("/api/v1/cases/{case}/adoptions/{id}"),
        token,
        Vec::new(),
    )
    .await
    .status()
}

fn by_partner(partner: &str, stage: &str) -> Value {
    json!({ "organisation": { "partner": partner }, "stage": stage, "year": 2023 })
}

fn by_name(name: &str, country: &str, stage: &str) -> Value {
    json!({ "organisation": { "name": name, "country": country }, "stage": stage, "year": 2024 })
}

/// Editors record their own partner's adoptions of any case and anyone's adoption of their own partner's
/// cases; admins all; nobody else. Removal follows the same rule, read from the stored adoption.
async fn adoptions_are_recorded_by_adopters_and_owners_only(s: TestStore) {
    let site = site_on(s).await;
    let t = tokens(&site).await;
    // borger-bot is aalborg's, city-chatbot groningen's; editor-p edits for groningen, editor-q for aalborg.
    let groningen_takes_borger_bot = by_partner("groningen", "piloting");
    let someone_takes_city_chatbot = by_name("Gemeente Emmen", "NL", "adopted");
    let angus_takes_borger_bot = by_partner("angus", "adopted");
    let cases: &[(&str, &str, &Value, &[&str])] = &[
        (
            "groningen's own adoption of aalborg's case",
            "borger-bot",
            &groningen_takes_borger_bot,
            &[
                "editor-p@example.org",
                "editor-q@example.org",
                "admin@example.org",
            ],
        ),
        (
            "anyone's adoption of groningen's case",
            "city-chatbot",
            &someone_takes_city_chatbot,
            &["editor-p@example.org", "admin@example.org"],
        ),
        (
            "angus's adoption of aalborg's case",
            "borger-bot",
            &angus_takes_borger_bot,
            &["editor-q@example.org", "admin@example.org"],
        ),
    ];
    for (what, case, body, allowed) in cases {
        let (status, _) = post(&site, case, None, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "visitor: {what}");
        for (email, _) in ROLES {
            let (status, answer) = post(&site, case, Some(&t[email]), body).await;
            if allowed.contains(email) {
                assert!(
                    status == StatusCode::CREATED || status == StatusCode::OK,
                    "{email} may record {what}: {status} {answer}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{email} may not record {what}: {answer}"
                );
            }
        }
    }
    // The first allowed writer added it; the others found it the same.
    let (status, answer) = post(
        &site,
        "borger-bot",
        Some(&t["admin@example.org"]),
        &groningen_takes_borger_bot,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["outcome"], "unchanged");
    let (status, answer) = post(
        &site,
        "borger-bot",
        Some(&t["admin@example.org"]),
        &by_partner("groningen", "adopted"),
    )
    .await;
    assert_eq!(
        (status, answer["outcome"].as_str()),
        (StatusCode::OK, Some("updated"))
    );

    // The case's owner may not name another partner's own case as adapted from theirs; that partner may.
    let mut into_easy_forms = by_partner("groningen", "adapted");
    into_easy_forms["case"] = json!("easy-forms");
    let (status, _) = post(
        &site,
        "borger-bot",
        Some(&t["editor-q@example.org"]),
        &into_easy_forms,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &site,
        "borger-bot",
        Some(&t["editor-p@example.org"]),
        &into_easy_forms,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "groningen's own adoption, now with its own case"
    );
    // Another organisation under the same id is not overwritten.
    let (status, answer) = post(
        &site,
        "city-chatbot",
        Some(&t["admin@example.org"]),
        &by_name("Gemeente Emmen!", "NL", "stopped"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");

    // Removing: editor-p may not remove angus's adoption of aalborg's case; editor-q (the case's owner) may.
    assert_eq!(
        delete(&site, "borger-bot", "angus", None).await,
        StatusCode::UNAUTHORIZED
    );
    for who in [
        "member@example.org",
        "translator@example.org",
        "moderator@example.org",
        "editor-p@example.org",
    ] {
        assert_eq!(
            delete(&site, "borger-bot", "angus", Some(&t[who])).await,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        delete(
            &site,
            "borger-bot",
            "angus",
            Some(&t["editor-q@example.org"])
        )
        .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete(
            &site,
            "borger-bot",
            "angus",
            Some(&t["editor-q@example.org"])
        )
        .await,
        StatusCode::NOT_FOUND
    );
    // editor-p removes groningen's own adoption of aalborg's case.
    assert_eq!(
        delete(
            &site,
            "borger-bot",
            "groningen",
            Some(&t["editor-p@example.org"])
        )
        .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete(
            &site,
            "no-such-case",
            "groningen",
            Some(&t["admin@example.org"])
        )
        .await,
        StatusCode::NOT_FOUND
    );

    // What is left reads back through the public list and the case's JSON.
    let list: Value = site
        .api(
            Method::GET,
            "/api/v1/cases/city-chatbot/adoptions",
            None,
            Vec::new(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["taken_up"], 1);
    assert_eq!(list["adoptions"][0]["id"], "gemeente-emmen-nl");
    assert_eq!(
        list["adoptions"][0]["organisation"],
        json!({ "name": "Gemeente Emmen", "country": "NL" })
    );
    let case: Value = site
        .api(Method::GET, "/api/v1/cases/city-chatbot", None, Vec::new())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(case["adoptions"], list["adoptions"]);
}

/// Every refused field is a 422 naming it; what is stored stays as it was.
async fn bad_adoptions_are_refused_naming_the_field(s: TestStore) {
    let site = site_on(s).await;
    let t = tokens(&site).await;
    let admin = Some(t["admin@example.org"].as_str());
    let (status, _) = post(
        &site,
        "city-chatbot",
        admin,
        &by_partner("aalborg", "adopted"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let before = site
        .store
        .store
        .adoption_file("city-chatbot")
        .await
        .unwrap();
    let refused: &[(Value, &str)] = &[
        (json!({ "stage": "adopted", "year": 2024 }), "organisation"),
        (
            json!({ "organisation": { "name": "Emmen" }, "stage": "adopted", "year": 2024 }),
            "organisation.country",
        ),
        (
            json!({ "organisation": { "name": "Emmen", "country": "Netherlands" }, "stage": "adopted", "year": 2024 }),
            "organisation.country",
        ),
        (
            json!({ "organisation": { "name": "Emmen", "country": "NL", "website": "ftp://x" }, "stage": "adopted", "year": 2024 }),
            "organisation.website",
        ),
        (
            json!({ "organisation": { "partner": "atlantis" }, "stage": "adopted", "year": 2024 }),
            "organisation.partner",
        ),
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "finished", "year": 2024 }),
            "stage",
        ),
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "adopted", "year": 3024 }),
            "year",
        ),
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "adopted" }),
            "year",
        ),
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "adopted", "year": 2024, "note": { "sv": "hej" } }),
            "note.sv",
        ),
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "adopted", "year": 2024, "case": "no-such-case" }),
            "case",
        ),
        // Adapted into a case that is not the adopter's own.
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "adapted", "year": 2024, "case": "easy-forms" }),
            "case",
        ),
        (
            json!({ "organisation": { "partner": "groningen" }, "stage": "adapted", "year": 2024, "case": "city-chatbot" }),
            "organisation.partner",
        ),
        (
            json!({ "organisation": { "name": "Emmen", "country": "NL" }, "stage": "adapted", "year": 2024, "case": "borger-bot" }),
            "case",
        ),
        (
            json!({ "organisation": { "partner": "aalborg" }, "stage": "adopted", "year": 2024, "colour": "red" }),
            "colour",
        ),
    ];
    for (body, field) in refused {
        let (status, answer) = post(&site, "city-chatbot", admin, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert_eq!(answer["error"]["field"], *field, "{body}: {answer}");
        assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
    }
    let r = site
        .api(
            Method::POST,
            "/api/v1/cases/city-chatbot/adoptions",
            admin,
            b"{not json".to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let (status, _) = post(
        &site,
        "no-such-case",
        admin,
        &by_partner("aalborg", "adopted"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        site.store
            .store
            .adoption_file("city-chatbot")
            .await
            .unwrap(),
        before,
        "nothing stored changed"
    );
}

/// Adoptions live in `cases/<slug>/adoptions.toml`: recorded through the API, each change is a revision;
/// export writes the file, and export → import → export is byte-stable. A bad file is refused naming the
/// entry's key and line, and the rest of the tree still imports.
async fn adoptions_round_trip_through_the_content_format(s: TestStore) {
    let site = site_on(s).await;
    let t = tokens(&site).await;
    let editor = Some(t["editor-p@example.org"].as_str());
    let mut emmen = by_name("Gemeente Emmen", "NL", "piloting");
    emmen["note"] = json!({ "nl": "Eerst in twee dorpen, met \"hulp\" van Groningen.", "en": "Two villages first." });
    emmen["organisation"]["website"] = json!("https://gemeente.emmen.nl");
    assert_eq!(
        post(&site, "city-chatbot", editor, &emmen).await.0,
        StatusCode::CREATED
    );
    let mut adapted = by_partner("groningen", "adapted");
    adapted["case"] = json!("easy-forms");
    assert_eq!(
        post(&site, "borger-bot", editor, &adapted).await.0,
        StatusCode::CREATED
    );
    emmen["stage"] = json!("adopted");
    assert_eq!(
        post(&site, "city-chatbot", editor, &emmen).await.0,
        StatusCode::OK
    );
    let history = site
        .store
        .store
        .revisions("cases/city-chatbot/adoptions.toml")
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "one revision per change");
    // The case's history on the desk lists them, with the file as it is now.
    let b = site.sign_in("editor-p@example.org").await;
    let r = site
        .client
        .get(site.url("/en/desk/cases/city-chatbot/history?in=nl"))
        .header("cookie", b.cookie.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let section = &html[html
        .find("data-test=\"adoption-history\"")
        .expect("the adoption history")..];
    assert_eq!(
        section[..section.find("</ul>").unwrap()]
            .matches("<li>")
            .count(),
        2
    );
    assert!(
        section.contains("stage = &quot;adopted&quot;") || section.contains("stage = \"adopted\"")
    );

    let out = tempfile::tempdir().unwrap();
    export::export_dir(&*site.store.store, out.path(), &mut |_| {})
        .await
        .unwrap();
    let file =
        std::fs::read_to_string(out.path().join("cases/city-chatbot/adoptions.toml")).unwrap();
    assert!(
        file.contains("name = \"Gemeente Emmen\"") && file.contains("stage = \"adopted\""),
        "{file}"
    );
    let fresh = support::sqlite().await;
    let report = import::import_dir(&*fresh.store, out.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        report.count(import::Status::Rejected),
        0,
        "{}",
        report.summary()
    );
    let again = tempfile::tempdir().unwrap();
    export::export_dir(&*fresh.store, again.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        support::read_tree(out.path()),
        support::read_tree(again.path()),
        "export → import → export"
    );
    let moved: Value = {
        let mut read = fresh.store.read().await.unwrap();
        let list = read.adapted_from("easy-forms").await.unwrap();
        json!(list)
    };
    assert_eq!(moved, json!(["borger-bot"]));

    // A bad entry: the file is refused at its line, naming the key; the cases beside it are imported.
    let bad = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(bad.path().join("cases")).unwrap();
    for case in ["city-chatbot", "easy-forms"] {
        let from = out.path().join("cases").join(case);
        let to = bad.path().join("cases").join(case);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    std::fs::write(
        bad.path().join("cases/city-chatbot/adoptions.toml"),
        "[[adoptions]]\npartner = \"aalborg\"\nstage = \"adopted\"\nyear = 2020\n\n[[adoptions]]\nname = \"Emmen\"\nstage = \"adopted\"\nyear = 2020\n",
    )
    .unwrap();
    std::fs::write(
        bad.path().join("cases/easy-forms/adoptions.toml"),
        "[[adoptions]]\npartner = \"atlantis\"\nstage = \"adopted\"\nyear = 2020\n",
    )
    .unwrap();
    let report = import::import_dir(&*site.store.store, bad.path(), &mut |_| {})
        .await
        .unwrap();
    let rejected: Vec<_> = report.rejected().collect();
    assert_eq!(rejected.len(), 2, "{}", report.summary());
    let line = rejected
        .iter()
        .find(|l| l.path == "cases/city-chatbot/adoptions.toml")
        .unwrap();
    assert_eq!(
        (line.line, line.key.as_deref()),
        (Some(6), Some("adoptions[2].country"))
    );
    let line = rejected
        .iter()
        .find(|l| l.path == "cases/easy-forms/adoptions.toml")
        .unwrap();
    assert_eq!(line.key.as_deref(), Some("adoptions[1].partner"));
    // The stored adoptions of city-chatbot are the API's, untouched.
    let stored = site
        .store
        .store
        .adoption_file("city-chatbot")
        .await
        .unwrap()
        .unwrap()
        .0;
    assert_eq!(stored, file);
}

async fn page(site: &Site, path: &str) -> String {
    let r = site.get(&Browser::default(), path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// Waits (at most `bound`) until the page at `path` says `needle`; returns how long it took.
async fn until_page_says(site: &Site, path: &str, needle: &str, bound: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if page(site, path).await.contains(needle) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < bound,
            "{path} did not say {needle:?} within {bound:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The case page says who took it up, how many in how many countries; the adopter's case says what it was
/// adapted from; cards count them. Cached pages follow a new adoption within a second.
async fn pages_show_adoptions_and_follow_the_change_log(s: TestStore) {
    let site = site_on(s).await;
    let t = tokens(&site).await;
    let admin = Some(t["admin@example.org"].as_str());
    // Cached before any adoption.
    for path in [
        "/en/cases/city-chatbot",
        "/en/partners/groningen",
        "/en/cases/borger-bot",
    ] {
        let html = page(&site, path).await;
        assert!(!html.contains("data-test=\"reuse\""), "{path}");
        assert!(!html.contains("data-test=\"taken-up-count\""), "{path}");
        page(&site, path).await;
    }
    let mut aalborg = by_partner("aalborg", "adapted");
    aalborg["case"] = json!("borger-bot");
    aalborg["note"] = json!({ "da": "Vi byggede videre på Groningens chatbot." });
    assert_eq!(
        post(&site, "city-chatbot", admin, &aalborg).await.0,
        StatusCode::CREATED
    );
    let took = until_page_says(
        &site,
        "/en/cases/city-chatbot",
        "Taken up by 1 organisation in 1 country.",
        Duration::from_secs(5),
    )
    .await;
    assert!(
        took < Duration::from_secs(1),
        "the cached case page followed in {took:?}"
    );
    let took = until_page_says(
        &site,
        "/en/cases/borger-bot",
        "data-test=\"adapted-from\"",
        Duration::from_secs(5),
    )
    .await;
    assert!(
        took < Duration::from_secs(1),
        "the adopter's case page followed in {took:?}"
    );
    until_page_says(
        &site,
        "/en/partners/groningen",
        "Taken up: 1",
        Duration::from_secs(5),
    )
    .await;

    assert_eq!(
        post(
            &site,
            "city-chatbot",
            admin,
            &by_name("Stad Kortrijk", "BE", "piloting")
        )
        .await
        .0,
        StatusCode::CREATED
    );
    assert_eq!(
        post(
            &site,
            "city-chatbot",
            admin,
            &by_name("Gemeente Emmen", "NL", "considering")
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let html = {
        until_page_says(
            &site,
            "/en/cases/city-chatbot",
            "Taken up by 2 organisations in 2 countries.",
            Duration::from_secs(5),
        )
        .await;
        page(&site, "/en/cases/city-chatbot").await
    };
    assert_eq!(
        html.matches("data-test=\"adoption\"").count(),
        3,
        "considering is listed, not counted"
    );
    // Taken up first: Aalborg (adapted, 2023) and Kortrijk (piloting, 2024) before Emmen (considering).
    let emmen = html.find("Gemeente Emmen").unwrap();
    assert!(
        html.find("Stad Kortrijk").unwrap() < emmen
            && html.find("/en/partners/aalborg\">").unwrap() < emmen
    );
    let note = html.find("Vi byggede videre").unwrap();
    assert!(
        html[note.saturating_sub(60)..note].contains("lang=\"da\""),
        "a note in another language says which"
    );
    assert!(
        html.contains("href=\"/en/cases/borger-bot\""),
        "their version is linked"
    );
    let nl = page(&site, "/nl/cases/city-chatbot").await;
    assert!(nl.contains("Overgenomen door 2 organisaties in 2 landen."));
    // A removal is followed too.
    assert_eq!(
        delete(&site, "city-chatbot", "stad-kortrijk-be", admin).await,
        StatusCode::NO_CONTENT
    );
    until_page_says(
        &site,
        "/en/cases/city-chatbot",
        "Taken up by 1 organisation in 1 country.",
        Duration::from_secs(5),
    )
    .await;
    // The adopter's case withdrawn: the case page no longer links it.
    site.store
        .store
        .set_status(
            likewise::store::ItemKind::Case,
            "borger-bot",
            likewise::domain::Status::Draft,
        )
        .await
        .unwrap();
    let started = Instant::now();
    while page(&site, "/en/cases/city-chatbot")
        .await
        .contains("href=\"/en/cases/borger-bot\"")
    {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "a withdrawn case is no longer linked"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Search: `taken_up=yes` filters and counts, `sort=taken_up` orders, on the page and in the API.
async fn search_filters_and_orders_by_adoptions(s: TestStore) {
    let site = site_on(s).await;
    let t = tokens(&site).await;
    let admin = Some(t["admin@example.org"].as_str());
    for (case, who) in [
        ("easy-forms", "A"),
        ("easy-forms", "B"),
        ("borger-bot", "C"),
    ] {
        assert_eq!(
            post(&site, case, admin, &by_name(who, "NL", "adopted"))
                .await
                .0,
            StatusCode::CREATED
        );
    }
    assert_eq!(
        post(&site, "idea-lab", admin, &by_name("D", "NL", "considering"))
            .await
            .0,
        StatusCode::CREATED
    );
    let started = Instant::now();
    let found = loop {
        let v: Value = site
            .api(
                Method::GET,
                "/api/v1/search?taken_up=yes&sort=taken_up",
                None,
                Vec::new(),
            )
            .await
            .json()
            .await
            .unwrap();
        if v["total"] == 2 {
            break v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the index follows: {v}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let slugs: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["easy-forms", "borger-bot"]);
    assert_eq!(found["hits"][0]["taken_up"], 2);
    let all: Value = site
        .api(
            Method::GET,
            "/api/v1/search?sort=taken_up",
            None,
            Vec::new(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["facets"]["taken_up"]["yes"], 2);
    assert_eq!(all["hits"][0]["slug"], "easy-forms");
    assert_eq!(all["hits"][1]["slug"], "borger-bot");
    let html = page(&site, "/en/search?taken_up=yes&sort=taken_up").await;
    assert!(html.contains("data-test=\"facet-taken_up\""));
    assert!(
        html.contains("<option value=\"taken_up\" selected"),
        "the order is kept in the form"
    );
    let first = html.find("/en/cases/easy-forms").unwrap();
    assert!(first < html.find("/en/cases/borger-bot").unwrap());
    assert!(
        !html.contains("/en/cases/idea-lab\""),
        "considering is not taken up"
    );
    let r = site
        .api(Method::GET, "/api/v1/search?sort=newest", None, Vec::new())
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

on_both_stores!(
    adoptions_are_recorded_by_adopters_and_owners_only,
    bad_adoptions_are_refused_naming_the_field,
    adoptions_round_trip_through_the_content_format,
    pages_show_adoptions_and_follow_the_change_log,
    search_filters_and_orders_by_adoptions,
);
