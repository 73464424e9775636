//! Consistency of search with the store, with real processes: a `likewise serve` killed with SIGKILL in the
//! middle of a burst of writes (made by `likewise import` in another process, itself killed later) comes back
//! with every acknowledged write in the store and, within 5 seconds, in its search index; and a change made
//! while it runs is searchable within a second.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::process::free_port;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

fn command(data: &Path, content: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_likewise"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LIKEWISE_DATA", data)
        .env("LIKEWISE_CONTENT", content)
        .env("LIKEWISE_SITE_ROOT", support::repo_root().join("public"))
        .env("LIKEWISE_LOG", "warn")
        .kill_on_drop(true);
    c
}

async fn start_server(data: &Path, content: &Path, port: u16) -> Child {
    let child = command(data, content)
        .env("LIKEWISE_ADDR", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .spawn()
        .expect("start likewise serve");
    let client = client();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status().is_success()
        {
            return child;
        }
        assert!(
            Instant::now() < deadline,
            "the server answers /healthz within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// Every case slug the search API lists for an empty query.
async fn indexed(port: u16) -> BTreeSet<String> {
    let client = client();
    let mut slugs = BTreeSet::new();
    let mut offset = 0;
    loop {
        let r: serde_json::Value = client
            .get(format!(
                "http://127.0.0.1:{port}/api/v1/search?limit=100&offset={offset}"
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let hits = r["hits"].as_array().cloned().unwrap_or_default();
        slugs.extend(
            hits.iter()
                .filter_map(|h| h["slug"].as_str().map(str::to_string)),
        );
        if hits.len() < 100 {
            return slugs;
        }
        offset += 100;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_burst_comes_back_with_every_acknowledged_write_searchable() {
    let data = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let tree = tempfile::tempdir().unwrap();
    likewise::exchange::generate::generate(
        tree.path(),
        &likewise::exchange::generate::GenerateOptions {
            cases: 400,
            seed: 3,
        },
    )
    .unwrap();
    let port = free_port();
    let mut server = start_server(data.path(), empty.path(), port).await;

    // The burst: an import in a process of its own; each line it prints is a file it has stored.
    let mut import = command(data.path(), empty.path())
        .arg("import")
        .arg(tree.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(import.stdout.take().unwrap()).lines();
    let mut acknowledged = BTreeSet::new();
    let mut seen = 0;
    let burst = tokio::time::timeout(Duration::from_secs(300), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            seen += 1;
            // `added    cases/<slug>/<lang>.md`
            let mut words = line.split_whitespace();
            if let (Some("added" | "updated"), Some(path)) = (words.next(), words.next())
                && let Some(slug) = path
                    .strip_prefix("cases/")
                    .and_then(|p| p.split('/').next())
            {
                acknowledged.insert(slug.to_string());
            }
            if acknowledged.len() == 80 && server.id().is_some() {
                // SIGKILL: no shutdown, no last commit.
                server.start_kill().unwrap();
                server.wait().await.unwrap();
            }
            if acknowledged.len() == 250 {
                import.start_kill().unwrap();
                break;
            }
        }
    });
    burst.await.expect("the burst ends within 5 minutes");
    let _ = import.wait().await;
    assert!(
        acknowledged.len() >= 250,
        "the import was stopped mid-burst (saw {seen} lines)"
    );

    let mut server = start_server(data.path(), empty.path(), port).await;
    let client = client();
    // Every acknowledged write is in the store.
    for slug in &acknowledged {
        let r = client
            .get(format!("http://127.0.0.1:{port}/api/v1/cases/{slug}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            200,
            "case {slug} was acknowledged and must be stored"
        );
    }
    // And, within 5 seconds, in the index.
    let started = Instant::now();
    loop {
        let found = indexed(port).await;
        let missing: Vec<&String> = acknowledged
            .iter()
            .filter(|s| !found.contains(*s))
            .collect();
        if missing.is_empty() {
            println!(
                "every one of {} acknowledged cases searchable {} ms after the restart",
                acknowledged.len(),
                started.elapsed().as_millis()
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} acknowledged cases not searchable 5 s after the restart, e.g. {:?}",
            missing.len(),
            missing.iter().take(5).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let health: serde_json::Value = client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["search"]["backend"], "embedded");
    assert_eq!(health["search"]["waiting"], 0, "{health}");
    server.start_kill().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_searchable_within_a_second() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = start_server(data.path(), &support::fixture("search"), port).await;
    let client = client();
    let search = |q: &'static str| {
        let client = client.clone();
        async move {
            let r: serde_json::Value = client
                .get(format!("http://127.0.0.1:{port}/api/v1/search?q={q}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["slug"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    // The first start imports and indexes the library.
    let deadline = Instant::now() + Duration::from_secs(10);
    while search("kiosk").await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "the bundled library is searchable after the first start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let tree = tempfile::tempdir().unwrap();
    let dir = tree.path().join("cases/library-wifi");
    std::fs::create_dir_all(&dir).unwrap();
    let original =
        std::fs::read_to_string(support::fixture("search/cases/library-wifi/en.md")).unwrap();
    std::fs::write(
        dir.join("en.md"),
        original.replace(
            "Free wifi in the library kiosk",
            "Free wifi in the library kiosk and the townhall",
        ),
    )
    .unwrap();
    let out = command(data.path(), tree.path())
        .arg("import")
        .arg(tree.path())
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let written = Instant::now();
    loop {
        if search("townhall").await == vec!["library-wifi".to_string()] {
            println!(
                "searchable {} ms after the write",
                written.elapsed().as_millis()
            );
            break;
        }
        assert!(
            written.elapsed() < Duration::from_secs(1),
            "a change is searchable within a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.start_kill().unwrap();
}
