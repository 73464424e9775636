//! Sign-in limits that hold when guesses arrive in parallel and on several instances: an attempt is counted
//! in the write transaction that decides whether it may be judged, so N parallel guesses get exactly the
//! limit. Limits are per account *and* address (a stranger elsewhere cannot lock an editor out), per
//! address, and per account as a delay that grows with its failures. Keys are stored hashed; IPv6
//! addresses count per /64. Password hashing runs under a semaphore sized to the cores: beyond a short
//! queue the answer is "busy", not another blocked thread.

use super::{AuthError, now_ms, secret};
use crate::store::Store;
use crate::store::accounts::KeyFailures;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Failed sign-ins allowed for one account from one address, and from one address in all, per window.
pub const ACCOUNT_FAILURES: i64 = 5;
pub const ADDRESS_FAILURES: i64 = 20;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The longest the growing delay of an account makes anyone wait.
const MAX_DELAY: Duration = Duration::from_secs(60);
/// How long an attempt waits for a password check to be free before it is told the server is busy.
const HASHING_WAIT: Duration = Duration::from_secs(10);

/// An attempt counted and allowed to be judged.
pub struct Attempt {
    /// Its rows, taken back if it is never judged.
    pub id: String,
    /// The keys a right password clears.
    pub cleared_by_success: Vec<String>,
}

pub struct Limits {
    hashing: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// The network an address counts for: itself, or its /64 for IPv6 (one subscriber's whole block).
pub fn network(address: Option<IpAddr>) -> String {
    match address {
        None => "unknown".into(),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn key(kind: &str, value: &str) -> String {
    secret::digest(&format!("{kind}:{value}"))
}

/// The keys of an account that a reset or a right password clears (besides its per-address key).
pub fn account_keys(email: &str) -> Vec<String> {
    vec![key("account", email)]
}

/// The wait an account's failures impose on everyone, from its last failure: nothing up to the limit,
/// then one second, doubling with each further failure, to at most [`MAX_DELAY`].
fn account_delay(failures: &KeyFailures) -> Option<Duration> {
    let over = failures.count - ACCOUNT_FAILURES;
    (over >= 0).then(|| Duration::from_secs(1u64 << over.min(6)).min(MAX_DELAY))
}

impl Limits {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            hashing: Arc::new(Semaphore::new(cores)),
            waiting: AtomicUsize::new(0),
            max_waiting: cores * 8,
        }
    }

    /// Counts an attempt for `email` from `address`, or says how long to wait.
    pub async fn count(
        &self,
        store: &dyn Store,
        email: &str,
        address: Option<IpAddr>,
    ) -> Result<Attempt, AuthError> {
        let net = network(address);
        let pair = key("pair", &format!("{email}|{net}"));
        let keys = vec![pair.clone(), key("address", &net), key("account", email)];
        let now = now_ms();
        let since = now - FAILURE_WINDOW.as_millis() as i64;
        let window_left =
            |last: Option<i64>| last.unwrap_or(now) + FAILURE_WINDOW.as_millis() as i64 - now;
        let judge = move |counts: &[KeyFailures]| -> Option<i64> {
            let (pair, address, account) = (&counts[0], &counts[1], &counts[2]);
            if pair.count >= ACCOUNT_FAILURES || address.count >= ADDRESS_FAILURES {
                let last = pair.last_at.max(address.last_at);
                return Some(window_left(last).max(1000));
            }
            let delay = account_delay(account)?.as_millis() as i64;
            let left = account.last_at.unwrap_or(now) + delay - now;
            (left > 0).then_some(left)
        };
        let id = secret::random_hex(16);
        match store
            .accounts()
            .count_attempt(&id, &keys, since, now, &judge)
            .await?
        {
            Some(wait_ms) => Err(AuthError::RateLimited {
                seconds: (wait_ms as u64).div_ceil(1000),
            }),
            None => Ok(Attempt {
                id,
                cleared_by_success: vec![pair, keys[2].clone()],
            }),
        }
    }

    /// A turn at hashing a password, or `None` when too many already wait for one.
    pub async fn hashing(&self) -> Option<OwnedSemaphorePermit> {
        if let Ok(p) = self.hashing.clone().try_acquire_owned() {
            return Some(p);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let permit = tokio::time::timeout(HASHING_WAIT, self.hashing.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit.ok().and_then(Result::ok)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_per_64_and_mapped_ipv4_as_itself() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        assert_eq!(network(Some(a)), network(Some(b)));
        assert_ne!(
            network(Some(a)),
            network(Some("2001:db8:1:3::1".parse().unwrap()))
        );
        assert_eq!(
            network(Some("::ffff:192.0.2.7".parse().unwrap())),
            "192.0.2.7"
        );
    }

    #[test]
    fn the_delay_of_an_account_grows_with_its_failures_and_stays_bounded() {
        let f = |count| KeyFailures {
            count,
            last_at: Some(0),
        };
        assert_eq!(account_delay(&f(4)), None);
        assert_eq!(account_delay(&f(5)), Some(Duration::from_secs(1)));
        assert_eq!(account_delay(&f(7)), Some(Duration::from_secs(4)));
        assert_eq!(account_delay(&f(500)), Some(MAX_DELAY));
    }
}
