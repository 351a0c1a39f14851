//! Sign-in throttling per account and per client address, with governor's GCRA limiters: each
//! sign-in attempt spends one cell of the account's and of the address's bucket; an empty bucket
//! answers 429 with the time to wait. In memory, per app instance.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::ThrottleSettings;

/// Entries kept before idle ones are swept.
const SWEEP_ABOVE: usize = 10_000;

/// The sign-in limiters.
pub struct LoginThrottle {
    by_account: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn quota(burst: u32, per_minute: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

fn spend<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
    clock: &DefaultClock,
) -> Option<Duration> {
    if limiter.len() > SWEEP_ABOVE {
        limiter.retain_recent();
    }
    limiter
        .check_key(key)
        .err()
        .map(|not_until| not_until.wait_time_from(clock.now()))
}

impl LoginThrottle {
    /// Limiters with these allowances.
    pub fn new(settings: &ThrottleSettings) -> Self {
        Self {
            by_account: RateLimiter::keyed(quota(
                settings.account_burst,
                settings.account_per_minute,
            )),
            by_address: RateLimiter::keyed(quota(
                settings.address_burst,
                settings.address_per_minute,
            )),
            clock: DefaultClock::default(),
        }
    }

    /// Spends one attempt for this email and address; `Some(wait)` when either is exhausted.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>) -> Option<Duration> {
        let account = crate::db::models::user::normalize_email(email);
        let by_address = address.and_then(|a| spend(&self.by_address, &a, &self.clock));
        let by_account = spend(&self.by_account, &account, &self.clock);
        by_address.into_iter().chain(by_account).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_refused_after_its_burst_and_others_are_not() {
        let throttle = LoginThrottle::new(&ThrottleSettings {
            account_burst: 3,
            account_per_minute: 1,
            address_burst: 100,
            address_per_minute: 100,
        });
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        for _ in 0..3 {
            assert_eq!(throttle.attempt("a@example.com", ip), None);
        }
        let wait = throttle.attempt(" A@Example.com ", ip);
        assert!(wait.is_some_and(|w| w > Duration::from_secs(1)), "{wait:?}");
        assert_eq!(throttle.attempt("b@example.com", ip), None);
    }
}
