//! The embedded store: one SQLite file in the data folder, in WAL mode so readers never wait for a writer.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: sqlx::SqlitePool,
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
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

super::sql::sql_store!(
    SqliteStore,
    sqlx::Sqlite,
    "sqlite",
    "SELECT value FROM json_each($1)",
    "",
    "BEGIN IMMEDIATE",
    ""
);

super::accounts::accounts_store!(SqliteStore, sqlx::Sqlite);

super::comments::comments_store!(SqliteStore, sqlx::Sqlite);
