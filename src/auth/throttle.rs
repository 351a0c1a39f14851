//! Sign-in throttling that stops guessing without locking anyone out (ASVS 5.0 6.1.1, 6.3.1).
//!
//! Failures are counted, not attempts: per account, per client address, and per (account,
//! address) pair, each count draining at its own rate. An address that has failed too often is
//! refused whatever account it tries. An account that has failed too often is refused only from
//! addresses that have themselves failed for it lately; from any other address the right password
//! still gets in, so nobody can lock a known account by failing on purpose. Unknown accounts are
//! counted exactly like real ones, so the answers do not tell which accounts exist.
//!
//! An attempt reserves its failure before the password is checked and gives it back when the
//! password is right, so a burst of concurrent guesses cannot all pass the check before the first
//! one is counted. In memory, per app instance.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::ThrottleSettings;

/// Entries kept before drained ones are swept.
const SWEEP_ABOVE: usize = 10_000;

/// Recent failures per key, draining continuously at `per_minute`; a key is exhausted at `burst`.
struct Failures<K> {
    burst: f64,
    per_second: f64,
    counts: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Clone> Failures<K> {
    fn new(burst: u32, per_minute: u32) -> Self {
        Self {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn drained(&self, (count, at): (f64, Instant), now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(at).as_secs_f64();
        (count - elapsed * self.per_second).max(0.0)
    }

    fn with_counts<T>(&self, f: impl FnOnce(&mut HashMap<K, (f64, Instant)>) -> T) -> T {
        // A poisoned lock only means another thread panicked mid-update of a counter: the
        // counts are still usable.
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut counts)
    }

    /// The current count of `key`.
    fn level(&self, key: &K, now: Instant) -> f64 {
        self.with_counts(|counts| counts.get(key).map_or(0.0, |&e| self.drained(e, now)))
    }

    /// How long until `key` may fail once more, when it is exhausted now.
    fn wait(&self, key: &K, now: Instant) -> Option<Duration> {
        let over = self.level(key, now) - (self.burst - 1.0);
        (over > 0.0).then(|| Duration::from_secs_f64(over / self.per_second))
    }

    /// How long until `key` has no failure on record.
    fn until_clean(&self, key: &K, now: Instant) -> Duration {
        Duration::from_secs_f64(self.level(key, now) / self.per_second)
    }

    /// Adds `delta` (a failure, or -1 to give a reserved one back).
    fn add(&self, key: &K, delta: f64, now: Instant) {
        self.with_counts(|counts| {
            if counts.len() > SWEEP_ABOVE {
                counts.retain(|_, e| self.drained(*e, now) > 0.0);
            }
            let level = counts.get(key).map_or(0.0, |&e| self.drained(e, now));
            counts.insert(key.clone(), ((level + delta).max(0.0), now));
        });
    }
}

/// The sign-in limiters.
pub struct LoginThrottle {
    by_account: Failures<String>,
    by_address: Failures<IpAddr>,
    by_pair: Failures<(String, IpAddr)>,
}

/// A sign-in attempt let through: say how it ended with [`LoginThrottle::succeeded`] (a failure
/// is already counted).
#[must_use = "a successful sign-in must give back its reserved failure"]
pub struct Attempt {
    account: String,
    address: Option<IpAddr>,
}

impl LoginThrottle {
    /// Limiters with these allowances: `account_burst` failures of one account in a row (then
    /// `account_per_minute` more a minute), and likewise per address.
    pub fn new(settings: &ThrottleSettings) -> Self {
        Self {
            by_account: Failures::new(settings.account_burst, settings.account_per_minute),
            by_address: Failures::new(settings.address_burst, settings.address_per_minute),
            by_pair: Failures::new(settings.account_burst, settings.account_per_minute),
        }
    }

    /// Lets an attempt for this email from this address through, counting it as a failure until
    /// it succeeds; `Err(wait)` when it must wait.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>) -> Result<Attempt, Duration> {
        let now = Instant::now();
        let account = crate::db::models::user::normalize_email(email);
        if let Some(wait) = address.and_then(|a| self.by_address.wait(&a, now)) {
            return Err(wait);
        }
        if let Some(wait) = self.by_account.wait(&account, now) {
            // Under attack: only addresses with no recent failure for this account get through.
            let Some(address) = address else {
                return Err(wait);
            };
            let pair = (account.clone(), address);
            if self.by_pair.level(&pair, now) > 0.0 {
                return Err(wait.min(self.by_pair.until_clean(&pair, now)));
            }
        }
        self.record(&account, address, 1.0, now);
        Ok(Attempt { account, address })
    }

    /// The attempt's password was right: its reserved failure is given back.
    pub fn succeeded(&self, attempt: Attempt) {
        self.record(&attempt.account, attempt.address, -1.0, Instant::now());
    }

    fn record(&self, account: &String, address: Option<IpAddr>, delta: f64, now: Instant) {
        self.by_account.add(account, delta, now);
        if let Some(address) = address {
            self.by_address.add(&address, delta, now);
            self.by_pair.add(&(account.clone(), address), delta, now);
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(&ThrottleSettings {
            account_burst: 3,
            account_per_minute: 1,
            address_burst: 5,
            address_per_minute: 1,
        })
    }

    fn fail(t: &LoginThrottle, email: &str, ip: Option<IpAddr>) -> Result<(), Duration> {
        t.attempt(email, ip).map(drop)
    }

    const A: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1)));
    const B: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2)));
    const C: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 3)));

    #[test]
    fn failures_exhaust_an_account_only_for_the_addresses_that_failed() {
        let t = throttle();
        for _ in 0..3 {
            assert!(fail(&t, "a@example.com", A).is_ok());
        }
        let wait = fail(&t, " A@Example.com ", A).expect_err("the failing address waits");
        assert!(wait > Duration::from_secs(1), "{wait:?}");
        // Another address gets its chance at the same account: no lockout.
        let attempt = t.attempt("a@example.com", B).expect("a clean address");
        t.succeeded(attempt);
        assert!(
            t.attempt("a@example.com", B).is_ok(),
            "a success is not a failure"
        );
        // ...but once it fails too, it waits like the first.
        assert!(fail(&t, "a@example.com", B).is_err());
        // Other accounts are untouched.
        assert!(fail(&t, "b@example.com", A).is_ok());
    }

    #[test]
    fn successes_are_never_throttled_and_an_address_that_fails_everywhere_is() {
        let t = throttle();
        for _ in 0..20 {
            let attempt = t.attempt("a@example.com", A).expect("successes are free");
            t.succeeded(attempt);
        }
        for i in 0..5 {
            assert!(fail(&t, &format!("user{i}@example.com"), C).is_ok());
        }
        assert!(fail(&t, "someone-else@example.com", C).is_err());
        assert!(fail(&t, "someone-else@example.com", A).is_ok());
    }
}
