//! A running server while another process writes to the same store, on SQLite and PostgreSQL: what
//! `likewise import` changes reaches the server's page cache through the change log within a second, and
//! readers never see an error while a large tree is imported.

mod support;

use likewise::config::Config;
use likewise::exchange::generate::{GenerateOptions, generate};
use likewise::exchange::import;
use likewise::http::{AppState, router};
use reqwest::StatusCode;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::{TestStore, fixture};

struct Live {
    base: String,
    client: reqwest::Client,
}

impl Live {
    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut r = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.send().await.unwrap()
    }
    async fn text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path, &[]).await;
        (r.status(), r.text().await.unwrap())
    }
}

/// The site on `s`, following the change log as `likewise serve` does.
async fn serve(s: &TestStore) -> Live {
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
    Live {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(45))
            .build()
            .unwrap(),
    }
}

/// `likewise import DIR` in a process of its own, on the test's database.
async fn import_in_another_process(s: &TestStore, dir: &Path) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_likewise"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LIKEWISE_DATA", data.path())
        .env("DATABASE_URL", &s.url)
        .arg("import")
        .arg(dir)
        .output();
    tokio::time::timeout(Duration::from_secs(300), out)
        .await
        .expect("the import finishes within 5 minutes")
        .unwrap()
}

async fn a_change_imported_by_another_process_shows_within_a_second(s: TestStore) {
    import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    let site = serve(&s).await;
    for _ in 0..2 {
        let (status, html) = site.text("/en/cases/city-chatbot").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("A chatbot for the city"));
        site.text("/en/").await;
    }
    assert_eq!(
        site.get("/en/cases/city-chatbot", &[]).await.headers()["x-likewise-cache"],
        "hit"
    );

    let tree = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(fixture("library/cases/city-chatbot/en.md")).unwrap();
    let dir = tree.path().join("cases/city-chatbot");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("en.md"),
        original.replace("A chatbot for the city", "A chatbot for the whole city"),
    )
    .unwrap();
    let out = import_in_another_process(&s, tree.path()).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    tokio::time::sleep(Duration::from_millis(1000)).await;
    let (_, html) = site.text("/en/cases/city-chatbot").await;
    assert!(
        html.contains("A chatbot for the whole city"),
        "the case page is current"
    );
    let (_, home) = site.text("/en/").await;
    assert!(
        home.contains("A chatbot for the whole city"),
        "the home page's card is current"
    );
    let (_, nl) = site.text("/nl/cases/city-chatbot").await;
    assert!(
        nl.contains("Een chatbot voor de stad"),
        "other languages are as they were"
    );
}

async fn readers_see_no_error_while_a_large_tree_is_imported(s: TestStore) {
    import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    let tree = tempfile::tempdir().unwrap();
    let generated = generate(
        tree.path(),
        &GenerateOptions {
            cases: 1_500,
            seed: 7,
        },
    )
    .unwrap();
    let site = Arc::new(serve(&s).await);
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let paths = [
        "/en/",
        "/nl/",
        "/en/themes/chatbots",
        "/de/partners/angus",
        "/da/cases/borger-bot",
        "/en/cases/city-chatbot",
        "/fr/magazines",
        "/en/magazines/first-issue",
        "/en/feed.atom",
        "/sitemap.xml",
        "/api/v1/cases/city-chatbot",
    ];
    let mut readers = Vec::new();
    for reader in 0..16 {
        let (site, done, requests, failures) = (
            site.clone(),
            done.clone(),
            requests.clone(),
            failures.clone(),
        );
        readers.push(tokio::spawn(async move {
            let mut i = reader;
            // Half the readers come with a session cookie: never cached, every request reads the store.
            let headers: &[(&str, &str)] = if reader % 2 == 0 {
                &[("cookie", "__Host-likewise-session=reader")]
            } else {
                &[]
            };
            while !done.load(Ordering::SeqCst) {
                let path = paths[i % paths.len()];
                let r = site.get(path, headers).await;
                requests.fetch_add(1, Ordering::SeqCst);
                if !r.status().is_success() {
                    let status = r.status();
                    let body = r.text().await.unwrap_or_default();
                    failures.lock().unwrap().push(format!(
                        "{path}: {status}: {}",
                        &body[..body.len().min(200)]
                    ));
                }
                i += 1;
            }
        }));
    }
    let out = import_in_another_process(&s, tree.path()).await;
    done.store(true, Ordering::SeqCst);
    for r in readers {
        r.await.unwrap();
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        stdout.lines().last().unwrap_or("")
    );
    let failures = failures.lock().unwrap().clone();
    let n = requests.load(Ordering::SeqCst);
    println!(
        "{n} requests during the import of {} cases, {} failed",
        generated.cases,
        failures.len()
    );
    assert!(n > 100, "readers kept reading ({n} requests)");
    assert!(
        failures.is_empty(),
        "{} of {n} requests failed:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );

    // The library grew; its pages did not.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let themes: Vec<String> = std::fs::read_to_string(tree.path().join("themes.toml"))
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("slug = \"")
                .map(|s| s.trim_end_matches('"').to_string())
        })
        .collect();
    let (status, html) = site.text(&format!("/en/themes/{}?page=2", themes[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("rel=\"prev\""), "a later page links back");
    assert!(
        html.len() < 200_000,
        "a theme page stays small: {} bytes",
        html.len()
    );
    let index = site.text("/sitemap.xml").await.1;
    assert!(
        index.contains("part=cases-31") && !index.contains("part=cases-32"),
        "1,506 cases fill 31 sitemap files of 50"
    );
}

on_both_stores!(
    a_change_imported_by_another_process_shows_within_a_second,
    readers_see_no_error_while_a_large_tree_is_imported,
);
