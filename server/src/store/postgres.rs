//! The scale-out store: PostgreSQL, shared by any number of stateless app instances.

use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

pub struct PgStore {
    pool: sqlx::PgPool,
    writes: crate::store::WriteCount,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self, crate::store::StoreError> {
        // A request waits at most 3 s for a connection: while PostgreSQL restarts, readers get a 503 with
        // Retry-After soon (and a balancer's readiness check its answer) instead of hanging for the outage.
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(3))
            .connect(url)
            .await?;
        // sqlx takes a PostgreSQL advisory lock around the migrations: of several instances starting
        // together on one database, one migrates and the others wait, then find nothing to do.
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            writes: Default::default(),
        })
    }
}

/// The schema this binary knows. An older binary starts on a newer schema (each release's migrations stay
/// readable by the release before it), so a rolling upgrade never stops an instance still on the old one.
static MIGRATOR: sqlx::migrate::Migrator = {
    let mut m = sqlx::migrate!("migrations/postgres");
    m.ignore_missing = true;
    m
};

super::sql::sql_store!(
    PgStore,
    sqlx::Postgres,
    "postgres",
    "SELECT jsonb_array_elements_text(CAST($1 AS jsonb))",
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    "BEGIN",
    // Any fixed number: the lock every writer of a Likewise database takes.
    "SELECT pg_advisory_xact_lock(7461657)",
    MIGRATOR
);

super::accounts::accounts_store!(PgStore, sqlx::Postgres);

super::comments::comments_store!(PgStore, sqlx::Postgres);
