//! How many notifications each signed-in person has not seen: shown in the header of every page they
//! read, so kept a few seconds per account instead of counted on every request. The writes that change it on
//! this instance (a notification made, "mark as seen") forget the account's count at once; another
//! instance's count follows within `FRESH_FOR`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(5);
/// Past this many accounts the counts start again (each is one indexed count to make).
const KEPT: usize = 10_000;

#[derive(Default)]
pub struct UnseenCounts {
    kept: Mutex<HashMap<String, (Instant, i64)>>,
}

impl UnseenCounts {
    pub fn get(&self, account: &str) -> Option<i64> {
        let kept = self.kept.lock().expect("unseen lock");
        kept.get(account)
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, n)| *n)
    }

    pub fn put(&self, account: &str, n: i64) {
        let mut kept = self.kept.lock().expect("unseen lock");
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(account.to_string(), (Instant::now(), n));
    }

    pub fn forget(&self, account: &str) {
        self.kept.lock().expect("unseen lock").remove(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_kept_until_forgotten() {
        let c = UnseenCounts::default();
        assert_eq!(c.get("a"), None);
        c.put("a", 3);
        assert_eq!(c.get("a"), Some(3));
        c.forget("a");
        assert_eq!(c.get("a"), None);
    }
}
