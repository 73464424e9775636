//! Following the change log: where a follower (a page cache, the search indexer) is in it.
//!
//! PostgreSQL hands out ids when a transaction writes and commits them later, so a record with a lower id
//! can appear after a higher one. A follower therefore keeps a low-water mark below which it has seen every
//! id, re-reads above it, and only steps over a missing id once it has stayed missing for a while (a
//! rolled-back transaction leaves such a hole for good).

use super::Change;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// What keeps something in memory true under the change log (the page cache, the names of partners and
/// themes, comment threads): told every batch of changes on this instance, or to forget everything when the
/// log cannot say what changed.
pub trait ChangeListener: Send + Sync {
    fn changed(&self, changes: &[Change]);
    fn forget_all(&self);
}

/// How long a missing id may stay missing before it counts as a rolled-back write.
const GAP_PATIENCE: Duration = Duration::from_secs(10);

/// Where the follower is in the log.
#[derive(Debug, Default, Clone)]
pub struct Position {
    /// Every id up to this one has been seen.
    low: i64,
    /// Ids above `low` seen already.
    seen: BTreeSet<i64>,
    gap_since: Option<Instant>,
    stepped_over: bool,
}

impl Position {
    pub fn at(low: i64) -> Position {
        Position {
            low,
            ..Default::default()
        }
    }

    /// Takes a batch read above `low`; returns the changes not seen before.
    pub fn take(&mut self, batch: Vec<Change>, now: Instant) -> Vec<Change> {
        let fresh: Vec<Change> = batch
            .into_iter()
            .filter(|c| c.id > self.low && self.seen.insert(c.id))
            .collect();
        let before = self.low;
        while self.seen.remove(&(self.low + 1)) {
            self.low += 1;
        }
        if self.low != before {
            // A new hole, if any, is timed from now.
            self.gap_since = None;
        }
        self.stepped_over = false;
        match (self.seen.first().copied(), self.gap_since) {
            (None, _) => self.gap_since = None,
            (Some(_), None) => self.gap_since = Some(now),
            (Some(next), Some(since)) if now.duration_since(since) >= GAP_PATIENCE => {
                // The missing ids were never committed (writers take turns, so a lower id cannot commit
                // after a higher one; a hole is a rolled-back write): step over them.
                self.seen.remove(&next);
                self.low = next;
                while self.seen.remove(&(self.low + 1)) {
                    self.low += 1;
                }
                self.gap_since = (!self.seen.is_empty()).then_some(now);
                self.stepped_over = true;
            }
            _ => {}
        }
        fresh
    }

    /// Whether the last `take` stepped over missing ids: to be safe, the cache is then emptied.
    pub fn stepped_over(&self) -> bool {
        self.stepped_over
    }

    pub fn low(&self) -> i64 {
        self.low
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ChangeKind;

    fn c(id: i64) -> Change {
        Change {
            id,
            kind: ChangeKind::Case,
            slug: format!("c{id}"),
        }
    }

    #[test]
    fn a_change_committed_late_with_a_lower_id_is_still_seen() {
        let t0 = Instant::now();
        let mut p = Position::at(10);
        assert_eq!(p.take(vec![c(11), c(13)], t0).len(), 2);
        assert_eq!(p.low(), 11);
        // 12 commits after 13: it is read again above the low-water mark, and seen once.
        let fresh = p.take(vec![c(12), c(13)], t0 + Duration::from_secs(1));
        assert_eq!(fresh, vec![c(12)]);
        assert_eq!(p.low(), 13);
    }

    #[test]
    fn a_hole_is_timed_from_when_it_appears() {
        let t0 = Instant::now();
        let mut p = Position::at(0);
        p.take(vec![c(2)], t0);
        p.take(vec![c(1), c(2), c(4)], t0 + GAP_PATIENCE / 2);
        assert_eq!(p.low(), 2);
        // 3 went missing only now: not stepped over although the first hole was seen long ago.
        p.take(vec![c(4)], t0 + GAP_PATIENCE);
        assert_eq!(p.low(), 2);
        assert!(!p.stepped_over());
        p.take(vec![c(4)], t0 + GAP_PATIENCE * 2);
        assert_eq!(p.low(), 4);
        assert!(p.stepped_over());
    }

    #[test]
    fn a_hole_that_stays_is_stepped_over() {
        let t0 = Instant::now();
        let mut p = Position::at(0);
        p.take(vec![c(2), c(3)], t0);
        assert_eq!(p.low(), 0);
        p.take(vec![c(2), c(3)], t0 + GAP_PATIENCE);
        assert_eq!(p.low(), 3);
    }
}
