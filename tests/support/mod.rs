//! Shared by the integration tests: real stores on a fresh SQLite file and on a fresh PostgreSQL database.
#![allow(dead_code)]

pub mod process;
pub mod site;

use likewise::search::{SharedIndex, embedded::EmbeddedIndex};
use likewise::store::{self, SharedStore};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A store, an embedded search index of its own, and whatever keeps them alive (their folders).
pub struct TestStore {
    pub store: SharedStore,
    pub url: String,
    pub index: SharedIndex,
    _dir: Option<TempDir>,
    _index_dir: TempDir,
}

/// An empty embedded search index in a folder of its own.
pub fn embedded_index() -> (SharedIndex, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let index = EmbeddedIndex::open(&dir.path().join("index")).expect("open the embedded index");
    (std::sync::Arc::new(index), dir)
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("likewise.db").display());
    let store = store::open(&url).await.expect("open SQLite store");
    let (index, index_dir) = embedded_index();
    TestStore {
        store,
        url,
        index,
        _dir: Some(dir),
        _index_dir: index_dir,
    }
}

/// A fresh database on the PostgreSQL server named by `LIKEWISE_TEST_PG_URL` (an admin URL, e.g.
/// `postgres://postgres@127.0.0.1:5433/postgres`). Without it the test is skipped with a message, except
/// under CI, where a missing PostgreSQL is a failure.
pub async fn postgres() -> Option<TestStore> {
    let url = fresh_postgres_database().await?;
    let store = store::open(&url).await.expect("open PostgreSQL store");
    let (index, index_dir) = embedded_index();
    Some(TestStore {
        store,
        url,
        index,
        _dir: None,
        _index_dir: index_dir,
    })
}

/// The URL of a new, empty database on the PostgreSQL server named by `LIKEWISE_TEST_PG_URL` (no schema
/// yet); `None`, said loudly, without one (a failure under CI).
pub async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection;
    let admin = match std::env::var("LIKEWISE_TEST_PG_URL") {
        Ok(url) => url,
        Err(_) => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must set LIKEWISE_TEST_PG_URL to run the PostgreSQL tests"
            );
            eprintln!("skipped: set LIKEWISE_TEST_PG_URL to run this test on PostgreSQL");
            return None;
        }
    };
    let name = format!(
        "likewise_test_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    Some(format!("{base}/{name}"))
}

/// Every file of a tree with its bytes, by relative path.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Runs a test body on both stores.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let s = $crate::support::sqlite().await;
                    super::$name(s).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(s) = $crate::support::postgres().await {
                        super::$name(s).await;
                    }
                }
            )*
        }
    };
}

/// Runs one SQL statement on the test store through a connection of its own, as another process would:
/// nothing in the server hears of it but what the database itself does.
pub async fn sql_exec(url: &str, sql: &str) {
    use sqlx::Connection;
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
}
