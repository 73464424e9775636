//! Follows the change log and drops from this instance's page cache what each change affects. Every
//! instance runs one, so a change made by any process — `likewise import`, another instance on the same
//! PostgreSQL — reaches every cache within a poll interval. Where it is in the log is a
//! [`Position`](crate::store::Position), as for the search indexer.

use super::PageCache;
pub use crate::store::Position;
use crate::store::{ChangeListener, SharedStore};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the log is read: changes reach the cache well within the promised second.
pub const POLL: Duration = Duration::from_millis(250);
/// Read at most this many records a poll; a larger burst (a big import) empties the cache instead.
const BATCH: i64 = 2_000;

/// Where the log ends now: read before the server answers its first request, so no change can fall between
/// a page rendered and the follower's start.
pub async fn start(store: &SharedStore) -> Position {
    loop {
        match store.last_change().await {
            Ok(id) => return Position::at(id),
            Err(e) => {
                tracing::warn!("change log: {e}; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Runs until the process ends; `also` hears every change the cache does.
pub async fn follow(
    store: SharedStore,
    cache: Arc<PageCache>,
    also: Vec<Arc<dyn ChangeListener>>,
    mut position: Position,
) {
    loop {
        cache.set_followed(position.low());
        tokio::time::sleep(POLL).await;
        match store.changes_since(position.low(), BATCH).await {
            Ok(batch) if batch.len() as i64 >= BATCH => {
                let last = batch.last().map(|c| c.id).unwrap_or(position.low());
                also.iter().for_each(|l| l.forget_all());
                cache.clear();
                position = Position::at(last);
            }
            Ok(batch) => {
                let fresh = position.take(batch, Instant::now());
                if position.stepped_over() {
                    also.iter().for_each(|l| l.forget_all());
                    cache.clear();
                } else {
                    // What pages are made from is forgotten first: a page made between the two would
                    // otherwise be made from the old state and kept.
                    if !fresh.is_empty() {
                        also.iter().for_each(|l| l.changed(&fresh));
                    }
                    cache.invalidate(&fresh);
                }
            }
            Err(e) => {
                tracing::warn!("change log: {e}; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
