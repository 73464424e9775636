//! What operators rely on, tried on the real binary: a clean stop, a kill -9 that loses no acknowledged
//! write, an online backup a server starts on, metrics and access logs, several instances migrating one
//! PostgreSQL together, and a search server outage the site rides out and catches up after.

mod support;

use likewise::store::{self, ItemKind};
use std::time::{Duration, Instant};
use support::process::{Instance, Site, case_file, client};

#[tokio::test]
async fn serve_drains_on_sigterm_then_exits_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let site = Site::new(data.path(), None);
    let mut server = site.start(&data.path().join("serve.log")).await;
    let http = client();
    let base = server.base.clone();
    let status = |path: &'static str| {
        let r = http.get(format!("{base}{path}")).send();
        async move { r.await.ok().map(|r| r.status().as_u16()) }
    };
    assert_eq!(status("/healthz/live").await, Some(200));
    server.signal(libc::SIGTERM);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Draining: still answering, but no longer ready, so a load balancer sends readers elsewhere.
    let r = http.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.text().await.unwrap().contains("draining"));
    assert_eq!(status("/healthz/ready").await, Some(503));
    let r = http
        .get(format!("{base}/en/cases/city-chatbot"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "still serving while draining");
    assert_eq!(
        r.headers().get("connection").map(|v| v.to_str().unwrap()),
        Some("close"),
        "a draining instance closes each connection after its answer"
    );
    assert_eq!(status("/en/cases/city-chatbot").await, Some(200));
    let exit = server.wait_exit(Duration::from_secs(40)).await;
    assert!(exit.success(), "exits 0 after a clean stop: {exit}");
    assert_eq!(status("/healthz").await, None, "nothing listens any more");
}

/// Creates `slugs` through the API, as fast as two writers can; the slugs whose create was acknowledged.
async fn create_until_killed(
    server: &Instance,
    token: &str,
    slugs: Vec<String>,
    kill_after: usize,
) -> Vec<String> {
    let http = client();
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let pid = server.child.id().unwrap() as i32;
    let mut writers = Vec::new();
    for half in slugs.chunks(slugs.len() / 2) {
        let (http, token, acknowledged) = (http.clone(), token.to_string(), acknowledged.clone());
        let half = half.to_vec();
        let base = server.base.clone();
        writers.push(tokio::spawn(async move {
            for slug in half {
                let r = http
                    .put(format!("{base}/api/v1/cases/{slug}?lang=en"))
                    .bearer_auth(&token)
                    .header("content-type", "text/markdown")
                    .body(case_file(&format!("Case {slug}")))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        let mut done = acknowledged.lock().unwrap();
                        done.push(slug);
                        if done.len() == kill_after {
                            // In the middle of the burst: the other writer's request is in flight.
                            unsafe { libc::kill(pid, libc::SIGKILL) };
                        }
                    }
                    Ok(r) => panic!("create {slug}: {} {}", r.status(), r.text().await.unwrap()),
                    // Killed: this and every later create fail to connect.
                    Err(_) => break,
                }
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    std::sync::Arc::try_unwrap(acknowledged)
        .unwrap()
        .into_inner()
        .unwrap()
}

async fn kill_9_loses_no_acknowledged_create(database_url: Option<String>) {
    let data = tempfile::tempdir().unwrap();
    let site = Site::new(data.path(), database_url.as_deref());
    let token = site.admin_token("burst@example.org").await;
    let mut server = site.start(&data.path().join("first.log")).await;
    let slugs: Vec<String> = (0..80).map(|i| format!("burst-{i:02}")).collect();
    let acknowledged = create_until_killed(&server, &token, slugs, 30).await;
    let exit = server.wait_exit(Duration::from_secs(10)).await;
    assert!(!exit.success(), "killed, not stopped: {exit}");
    assert!(acknowledged.len() >= 30, "{}", acknowledged.len());
    // Started again on what the killed one left.
    let server = site.start(&data.path().join("second.log")).await;
    let url = database_url
        .unwrap_or_else(|| format!("sqlite://{}", data.path().join("likewise.db").display()));
    let store = store::open(&url).await.unwrap();
    for slug in &acknowledged {
        assert!(
            store
                .source_file(ItemKind::Case, slug)
                .await
                .unwrap()
                .is_some(),
            "{slug} was acknowledged before the kill and is lost"
        );
    }
    // And the restarted server takes writes again.
    let r = client()
        .put(server.url("/api/v1/cases/burst-after?lang=en"))
        .bearer_auth(&token)
        .header("content-type", "text/markdown")
        .body(case_file("After the restart"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
}

#[tokio::test]
async fn kill_9_in_a_burst_of_creates_loses_no_acknowledged_create_on_sqlite() {
    kill_9_loses_no_acknowledged_create(None).await;
}

#[tokio::test]
async fn kill_9_in_a_burst_of_creates_loses_no_acknowledged_create_on_postgres() {
    let Some(url) = support::fresh_postgres_database().await else {
        return;
    };
    kill_9_loses_no_acknowledged_create(Some(url)).await;
}

#[tokio::test]
async fn a_backup_made_while_serving_is_a_database_a_server_starts_on() {
    let data = tempfile::tempdir().unwrap();
    let site = Site::new(data.path(), None);
    let token = site.admin_token("backup@example.org").await;
    let server = site.start(&data.path().join("serve.log")).await;
    let http = client();
    // Writes go on while the backup is made.
    let writing = {
        let (http, token, base) = (http.clone(), token.clone(), server.base.clone());
        tokio::spawn(async move {
            for i in 0..20 {
                let r = http
                    .put(format!("{base}/api/v1/cases/during-backup-{i}?lang=en"))
                    .bearer_auth(&token)
                    .header("content-type", "text/markdown")
                    .body(case_file(&format!("Written during backup {i}")))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        })
    };
    let copies = tempfile::tempdir().unwrap();
    let file = copies.path().join("likewise-backup.db");
    let out = site.cli(&["backup", file.to_str().unwrap()], "").await;
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(said.starts_with("backup "), "{said}");
    assert!(!copies.path().join("likewise-backup.db.partial").exists());
    writing.await.unwrap();
    // A backup never overwrites.
    let again = site.cli(&["backup", file.to_str().unwrap()], "").await;
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("exists already"),
        "{again:?}"
    );
    // Restored: a server started on the copy serves the library and its accounts.
    let restored_data = tempfile::tempdir().unwrap();
    let restored = Site::new(
        restored_data.path(),
        Some(&format!("sqlite://{}", file.display())),
    )
    .start(&restored_data.path().join("restored.log"))
    .await;
    let r = http
        .get(restored.url("/en/cases/city-chatbot"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = http
        .get(restored.url("/api/v1/cases/during-backup-0?lang=en"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(
        matches!(r.status().as_u16(), 200 | 404),
        "the token works on the copy: {}",
        r.status()
    );
    // PostgreSQL is backed up with its own tools: said, not attempted.
    let pg = Site::new(data.path(), Some("postgres://nobody@127.0.0.1:1/none"));
    let refused = pg.cli(&["backup", "/tmp/never-written.db"], "").await;
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("pg_dump"));
}

#[tokio::test]
async fn metrics_on_their_own_listener_and_access_logs_in_json() {
    let data = tempfile::tempdir().unwrap();
    let metrics_port = support::process::free_port();
    let site = Site::new(data.path(), None)
        .with("LIKEWISE_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
        .with("LIKEWISE_LOG_FORMAT", "json");
    let server = site.start(&data.path().join("serve.log")).await;
    let http = client();
    for _ in 0..3 {
        let r = http
            .get(server.url("/en/cases/city-chatbot"))
            .header("x-request-id", "from-the-balancer-1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["x-request-id"], "from-the-balancer-1");
    }
    let r = http
        .get(server.url("/en/no-such-page"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "a request without an id gets one");
    let sign_in = http
        .post(server.url("/en/sign-in"))
        .header("origin", &server.base)
        .form(&[
            ("email", "nobody@example.org"),
            ("password", "wrong wrong wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert!(sign_in.status().is_client_error(), "{}", sign_in.status());
    // Never on the public listener.
    let public = http.get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);
    let text = http
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for wanted in [
        "likewise_http_requests_total{route=\"/{lang}/cases/{slug}\",method=\"GET\",status=\"200\"} 3",
        "likewise_http_requests_total{route=\"(unmatched)\",method=\"GET\",status=\"404\"} 1",
        "likewise_http_request_duration_seconds_bucket{route=\"/{lang}/cases/{slug}\",le=\"+Inf\"} 3",
        "likewise_page_cache_misses_total 1",
        "likewise_page_cache_hits_total 2",
        "# TYPE likewise_page_cache_bytes gauge",
        "likewise_change_log_lag ",
        "likewise_indexer_queue ",
        "likewise_store_connections_in_use ",
        "likewise_sign_in_refusals_total{reason=\"bad_credentials\"} 1",
    ] {
        assert!(text.contains(wanted), "{wanted} missing from:\n{text}");
    }
    // One JSON object a line, with what an operator searches by.
    let log = server.log_text();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| l.contains("likewise::access"))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let page = lines
        .iter()
        .find(|l| l["request_id"] == "from-the-balancer-1")
        .unwrap_or_else(|| panic!("no access line with the request id:\n{log}"));
    assert_eq!(page["method"], "GET");
    assert_eq!(page["route"], "/{lang}/cases/{slug}");
    assert_eq!(page["path"], "/en/cases/city-chatbot");
    assert_eq!(page["status"], 200);
    assert!(page["ms"].as_f64().is_some(), "{page}");
    assert!(
        lines
            .iter()
            .any(|l| l["request_id"] == id.as_str() && l["status"] == 404)
    );
}

#[tokio::test]
async fn instances_starting_together_migrate_one_postgres_once_and_an_older_binary_starts_on_a_newer_schema()
 {
    let Some(url) = support::fresh_postgres_database().await else {
        return;
    };
    let starting: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { store::open(&url).await })
        })
        .collect();
    let mut opened = Vec::new();
    for s in starting {
        opened.push(s.await.unwrap().expect("every instance starts"));
    }
    let s = &opened[0];
    s.health().await.unwrap();
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    // A newer release added a migration this binary does not know: it still starts and is ready.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from a newer release', true, '\\x00', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let older = store::open(&url).await.expect("starts on a newer schema");
    older.health().await.unwrap();
    // A schema behind this binary (another instance still migrating) is not ready.
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version >= (SELECT MAX(version) FROM _sqlx_migrations WHERE version < 99990101000000)")
        .execute(&pool)
        .await
        .unwrap();
    let e = older.health().await.unwrap_err();
    assert!(e.to_string().contains("schema"), "{e}");
}

/// PostgreSQL's own tools, beside the server the tests use (Debian's layout).
fn pg_tool(name: &str) -> Option<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin").join(name)))
        .filter(|p| p.is_file())
        .collect();
    dirs.sort();
    dirs.pop()
}

#[tokio::test]
async fn a_postgres_backup_with_pg_dump_restores_to_a_database_a_server_starts_on() {
    let Some(url) = support::fresh_postgres_database().await else {
        return;
    };
    let (Some(dump), Some(restore)) = (pg_tool("pg_dump"), pg_tool("pg_restore")) else {
        panic!("PostgreSQL is here but pg_dump or pg_restore is not: install postgresql-client");
    };
    let data = tempfile::tempdir().unwrap();
    let site = Site::new(data.path(), Some(&url));
    let token = site.admin_token("pgdump@example.org").await;
    let server = site.start(&data.path().join("serve.log")).await;
    let r = client()
        .put(server.url("/api/v1/cases/before-the-dump?lang=en"))
        .bearer_auth(&token)
        .header("content-type", "text/markdown")
        .body(case_file("Written before the dump"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    // While the server runs: pg_dump reads one consistent snapshot.
    let file = data.path().join("likewise.dump");
    let out = tokio::process::Command::new(&dump)
        .args(["-Fc", "--no-owner", "-f", file.to_str().unwrap(), &url])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let target = support::fresh_postgres_database().await.unwrap();
    let out = tokio::process::Command::new(&restore)
        .args(["--no-owner", "-d", &target, file.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let restored_data = tempfile::tempdir().unwrap();
    let mut restored = Site::new(restored_data.path(), Some(&target))
        .start(&restored_data.path().join("restored.log"))
        .await;
    let r = client()
        .get(restored.url("/en/cases/city-chatbot"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let store = store::open(&target).await.unwrap();
    assert!(
        store
            .source_file(ItemKind::Case, "before-the-dump")
            .await
            .unwrap()
            .is_some(),
        "the draft written before the dump is in the restored database"
    );
    // The search index is rebuilt from the store: `likewise reindex` (the embedded index wants its server
    // stopped; a Meilisearch index does not).
    restored.child.kill().await.unwrap();
    let out = Site::new(restored_data.path(), Some(&target))
        .cli(&["reindex"], "")
        .await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("cases in the embedded index"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The Meilisearch binary to start for a test: `MEILISEARCH_BIN`, or `meilisearch` on `PATH`.
fn meilisearch_bin() -> Option<std::path::PathBuf> {
    if let Ok(bin) = std::env::var("MEILISEARCH_BIN") {
        return Some(bin.into());
    }
    std::env::var("PATH").ok().and_then(|path| {
        path.split(':')
            .map(|d| std::path::Path::new(d).join("meilisearch"))
            .find(|p| p.is_file())
    })
}

struct Meili {
    child: tokio::process::Child,
    port: u16,
    db: std::path::PathBuf,
    bin: std::path::PathBuf,
}

impl Meili {
    async fn start(bin: &std::path::Path, db: &std::path::Path, port: u16) -> Meili {
        let child = tokio::process::Command::new(bin)
            .args(["--db-path", db.to_str().unwrap()])
            .args(["--http-addr", &format!("127.0.0.1:{port}")])
            .args(["--master-key", "operations-test-key-0123456789"])
            .args(["--no-analytics", "--env", "development"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let http = client();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !http
            .get(format!("http://127.0.0.1:{port}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            assert!(
                Instant::now() < deadline,
                "Meilisearch did not start in 60 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Meili {
            child,
            port,
            db: db.to_path_buf(),
            bin: bin.to_path_buf(),
        }
    }

    async fn stop(&mut self) {
        let pid = self.child.id().unwrap() as i32;
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let _ = tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await;
    }
}

#[tokio::test]
async fn while_meilisearch_is_down_pages_serve_and_search_catches_up_after() {
    let Some(bin) = meilisearch_bin() else {
        eprintln!(
            "SKIPPED: no Meilisearch binary (set MEILISEARCH_BIN or put meilisearch on PATH): the search outage test did not run"
        );
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let meili_db = data.path().join("meili");
    let mut meili = Meili::start(&bin, &meili_db, support::process::free_port()).await;
    let site = Site::new(data.path(), None)
        .with(
            "MEILISEARCH_URL",
            format!("http://127.0.0.1:{}", meili.port),
        )
        .with("MEILISEARCH_API_KEY", "operations-test-key-0123456789");
    let token = site.admin_token("outage@example.org").await;
    let server = site.start(&data.path().join("serve.log")).await;
    let http = client();
    let search = |q: &str| {
        let r = http
            .get(server.url(&format!("/api/v1/search?q={q}")))
            .send();
        async move { r.await.unwrap() }
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = search("chatbot").await;
        if r.status() == 200 && r.text().await.unwrap().contains("city-chatbot") {
            break;
        }
        assert!(Instant::now() < deadline, "the index was not built in 30 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    meili.stop().await;
    // An edit while search is down: acknowledged, and on the page at once.
    let original =
        std::fs::read_to_string(support::fixture("library/cases/city-chatbot/en.md")).unwrap();
    let edited = original.replace("We built a chatbot", "We built a zeppelinwatcher chatbot");
    let r = http
        .put(server.url("/api/v1/cases/city-chatbot?lang=en"))
        .bearer_auth(&token)
        .header("content-type", "text/markdown")
        .body(edited)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let page = http
        .get(server.url("/en/search?q=chatbot"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        200,
        "the search page says what to do, never a 5xx"
    );
    assert!(page.text().await.unwrap().contains("Search is catching up"));
    let api = search("chatbot").await;
    assert_eq!(api.status(), 503);
    assert!(api.headers().contains_key("retry-after"));
    assert_eq!(
        api.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "search_unavailable"
    );
    let r = http
        .get(server.url("/en/cases/city-chatbot"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("zeppelinwatcher"));

    let back = Meili::start(&meili.bin, &meili.db, meili.port).await;
    let returned = Instant::now();
    loop {
        let r = search("zeppelinwatcher").await;
        if r.status() == 200 && r.text().await.unwrap().contains("city-chatbot") {
            break;
        }
        assert!(
            returned.elapsed() < Duration::from_secs(10),
            "the edit made during the outage was not searchable within 10 s of Meilisearch's return:\n{}",
            server.log_text()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(back);
}
