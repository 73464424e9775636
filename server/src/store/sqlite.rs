//! The embedded store: one SQLite file in the data folder, in WAL mode so readers never wait for a writer.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: sqlx::SqlitePool,
    writes: crate::store::WriteCount,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<Self, crate::store::StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            writes: Default::default(),
        })
    }
}

impl SqliteStore {
    /// A consistent copy of the whole database (library, accounts, comments, files) in `file`, made while
    /// the site serves: `VACUUM INTO` reads one snapshot (in WAL mode writers go on meanwhile) and writes a
    /// compact database. Written beside `file` first and renamed, so a failed backup leaves no half file;
    /// checked with `PRAGMA quick_check` before it takes the name.
    pub async fn backup_into(&self, file: &std::path::Path) -> Result<u64, BackupError> {
        if file.exists() {
            return Err(BackupError::Exists);
        }
        let name = file.file_name().ok_or(BackupError::NotAFile)?;
        let mut partial = name.to_os_string();
        partial.push(".partial");
        let partial = file.with_file_name(partial);
        let _ = std::fs::remove_file(&partial);
        let text = partial.to_str().ok_or(BackupError::NotUtf8)?;
        let made = async {
            sqlx::query("VACUUM INTO $1")
                .bind(text)
                .execute(&self.pool)
                .await?;
            let copy = SqliteConnectOptions::new()
                .filename(&partial)
                .read_only(true);
            let mut conn = sqlx::ConnectOptions::connect(&copy).await?;
            let verdict: String = sqlx::query_scalar("PRAGMA quick_check")
                .fetch_one(&mut conn)
                .await?;
            sqlx::Connection::close(conn).await?;
            if verdict != "ok" {
                return Err(BackupError::Check(verdict));
            }
            Ok(())
        }
        .await;
        if let Err(e) = made {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, file).map_err(BackupError::Io)?;
        Ok(std::fs::metadata(file).map(|m| m.len()).unwrap_or(0))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the file exists already; name a new one (a backup never overwrites)")]
    Exists,
    #[error("name a file, not a folder")]
    NotAFile,
    #[error("the file name must be UTF-8")]
    NotUtf8,
    #[error("{0}")]
    Database(#[from] sqlx::Error),
    #[error("the copy failed its check: {0}")]
    Check(String),
    #[error("{0}")]
    Io(std::io::Error),
}

/// The schema this binary knows; an older binary starts on a newer schema (see `postgres.rs`).
static MIGRATOR: sqlx::migrate::Migrator = {
    let mut m = sqlx::migrate!("migrations/sqlite");
    m.ignore_missing = true;
    m
};

super::sql::sql_store!(
    SqliteStore,
    sqlx::Sqlite,
    "sqlite",
    "SELECT value FROM json_each($1)",
    "",
    "BEGIN IMMEDIATE",
    "",
    MIGRATOR
);

super::accounts::accounts_store!(SqliteStore, sqlx::Sqlite);

super::comments::comments_store!(SqliteStore, sqlx::Sqlite);
