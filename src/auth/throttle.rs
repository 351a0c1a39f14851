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
//! one is counted. The counts are kept in the database ([`login_failure`]), checked and reserved
//! in one transaction under the counters' locks: every app instance on the database counts the
//! same failures (two instances do not double the allowance), and a restart forgets none.

use std::net::IpAddr;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::blocking::RunBlocking;
use crate::config::ThrottleSettings;
use crate::db::models::login_failure;
use crate::db::{Db, DbConn};
use crate::error::AppError;

/// A limit: `burst` failures in a row, then `per_second` more as the count drains. A count is kept
/// as its backlog: the seconds it needs to drain to nothing.
#[derive(Debug, Clone, Copy)]
struct Limit {
    burst: f64,
    per_second: f64,
}

impl Limit {
    fn new(burst: u32, per_minute: u32) -> Self {
        Self {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
        }
    }

    /// The failures on record, from the backlog.
    fn level(self, backlog: f64) -> f64 {
        backlog * self.per_second
    }

    /// The backlog once `delta` failures are added (a failure, or -1 to give a reserved one back).
    fn add(self, backlog: f64, delta: f64) -> f64 {
        (self.level(backlog) + delta).max(0.0) / self.per_second
    }

    /// How long until the count may fail once more, when it is exhausted now.
    fn wait(self, backlog: f64) -> Option<Duration> {
        let over = self.level(backlog) - (self.burst - 1.0);
        (over > 0.0).then(|| duration(over / self.per_second))
    }
}

fn duration(seconds: f64) -> Duration {
    Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
}

/// The account and address limits.
#[derive(Debug, Clone, Copy)]
struct Limits {
    account: Limit,
    address: Limit,
}

/// The sign-in limiters, over the database's counters.
pub struct LoginThrottle {
    db: Db,
    limits: Limits,
}

/// A sign-in attempt let through: say how it ended with [`LoginThrottle::succeeded`] (a failure
/// is already counted).
#[must_use = "a successful sign-in must give back its reserved failure"]
pub struct Attempt {
    /// The counters charged, with their limits.
    counters: Vec<(String, Limit)>,
}

/// A counter's id: a hash, so that the table holds no email (nor what was typed in its place)
/// and no address, and every id has one short length.
fn counter_id(kind: &str, value: &str) -> String {
    format!("{kind}:{}", hex::encode(Sha256::digest(value.as_bytes())))
}

impl Limits {
    fn new(settings: &ThrottleSettings) -> Self {
        Self {
            account: Limit::new(settings.account_burst, settings.account_per_minute),
            address: Limit::new(settings.address_burst, settings.address_per_minute),
        }
    }

    /// The counters an attempt for `account` from `address` charges: the account's, and with an
    /// address, the address's and the pair's (the pair drains at the account's rate).
    fn counters(self, account: &str, address: Option<IpAddr>) -> Vec<(String, Limit)> {
        let mut counters = vec![(counter_id("account", account), self.account)];
        if let Some(address) = address {
            counters.push((counter_id("address", &address.to_string()), self.address));
            // An address holds no newline: the first one ends it.
            let pair = format!("{address}\n{account}");
            counters.push((counter_id("pair", &pair), self.account));
        }
        counters
    }

    /// Whether an attempt may go ahead, from its counters' backlogs (the account's, then with an
    /// address, the address's and the pair's); `Err(wait)` when it must wait.
    fn decide(self, backlog: &[f64]) -> Result<(), Duration> {
        let (account, by_address) = match *backlog {
            [account, address, pair] => (account, Some((address, pair))),
            [account, ..] => (account, None),
            [] => (0.0, None),
        };
        if let Some((address, _)) = by_address
            && let Some(wait) = self.address.wait(address)
        {
            return Err(wait);
        }
        if let Some(wait) = self.account.wait(account) {
            // Under attack: only addresses with no recent failure for this account get through.
            let Some((_, pair)) = by_address else {
                return Err(wait);
            };
            if pair > 0.0 {
                return Err(wait.min(duration(pair)));
            }
        }
        Ok(())
    }

    /// Lets an attempt for this email from this address through, counting it as a failure until
    /// it succeeds; `Ok(Err(wait))` when it must wait.
    fn reserve(
        self,
        conn: &mut DbConn,
        email: &str,
        address: Option<IpAddr>,
    ) -> diesel::QueryResult<Result<Attempt, Duration>> {
        let account = crate::db::models::user::normalize_email(email);
        let counters = self.counters(&account, address);
        let ids: Vec<String> = counters.iter().map(|(id, _)| id.clone()).collect();
        let decision = login_failure::update(conn, &ids, |backlog| match self.decide(backlog) {
            Err(wait) => (Err(wait), None),
            Ok(()) => {
                let charged = charge(&counters, backlog, 1.0);
                (Ok(()), Some(charged))
            }
        })?;
        Ok(decision.map(|()| Attempt { counters }))
    }
}

/// The backlogs once `delta` failures are added to each counter.
fn charge(counters: &[(String, Limit)], backlog: &[f64], delta: f64) -> Vec<f64> {
    counters
        .iter()
        .zip(backlog)
        .map(|((_, limit), backlog)| limit.add(*backlog, delta))
        .collect()
}

/// Gives the attempt's reserved failure back.
fn give_back(conn: &mut DbConn, attempt: &Attempt) -> diesel::QueryResult<()> {
    let ids: Vec<String> = attempt.counters.iter().map(|(id, _)| id.clone()).collect();
    login_failure::update(conn, &ids, |backlog| {
        ((), Some(charge(&attempt.counters, backlog, -1.0)))
    })
}

impl LoginThrottle {
    /// Limiters with these allowances, counting in this database: `account_burst` failures of
    /// one account in a row (then `account_per_minute` more a minute), and likewise per address.
    pub fn new(settings: &ThrottleSettings, db: Db) -> Self {
        Self {
            db,
            limits: Limits::new(settings),
        }
    }

    /// Lets an attempt for this email from this address through, counting it as a failure until
    /// it succeeds; `Ok(Err(wait))` when it must wait, `Err` when the database failed.
    pub async fn attempt(
        &self,
        email: &str,
        address: Option<IpAddr>,
    ) -> Result<Result<Attempt, Duration>, AppError> {
        let (limits, email) = (self.limits, email.to_owned());
        self.db
            .run(move |conn| Ok(limits.reserve(conn, &email, address)?))
            .await
    }

    /// The attempt's password was right: its reserved failure is given back. Should the database
    /// fail here, the sign-in stands and the failure stays counted (it drains as any other).
    pub async fn succeeded(&self, attempt: Attempt) {
        if let Err(error) = self
            .db
            .run(move |conn| Ok(give_back(conn, &attempt)?))
            .await
        {
            tracing::warn!(%error, "sign-in throttle: a successful sign-in's reserved failure stays counted");
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use diesel::prelude::*;

    use super::*;
    use crate::db::schema::login_failures;

    fn limits() -> Limits {
        Limits::new(&ThrottleSettings {
            account_burst: 3,
            account_per_minute: 1,
            address_burst: 5,
            address_per_minute: 1,
        })
    }

    fn database() -> (tempfile::TempDir, DbConn) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("throttle.db").display());
        let mut conn =
            crate::db::connect_once(&url, &crate::db::PoolOptions::default()).expect("connect");
        crate::db::run_migrations(&mut conn).expect("migrate");
        (dir, conn)
    }

    fn fail(t: Limits, conn: &mut DbConn, email: &str, ip: Option<IpAddr>) -> Result<(), Duration> {
        t.reserve(conn, email, ip).expect("database").map(drop)
    }

    const A: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1)));
    const B: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2)));
    const C: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 3)));

    #[test]
    fn failures_exhaust_an_account_only_for_the_addresses_that_failed() {
        let (t, (_dir, mut conn)) = (limits(), database());
        let conn = &mut conn;
        for _ in 0..3 {
            assert!(fail(t, conn, "a@example.com", A).is_ok());
        }
        let wait = fail(t, conn, " A@Example.com ", A).expect_err("the failing address waits");
        assert!(wait > Duration::from_secs(1), "{wait:?}");
        // Another address gets its chance at the same account: no lockout.
        let attempt = t
            .reserve(conn, "a@example.com", B)
            .expect("database")
            .expect("a clean address");
        give_back(conn, &attempt).expect("give back");
        assert!(
            fail(t, conn, "a@example.com", B).is_ok(),
            "a success is not a failure"
        );
        // ...but once it fails too, it waits like the first.
        assert!(fail(t, conn, "a@example.com", B).is_err());
        // Other accounts are untouched.
        assert!(fail(t, conn, "b@example.com", A).is_ok());
    }

    #[test]
    fn successes_are_never_throttled_and_an_address_that_fails_everywhere_is() {
        let (t, (_dir, mut conn)) = (limits(), database());
        let conn = &mut conn;
        for _ in 0..20 {
            let attempt = t
                .reserve(conn, "a@example.com", A)
                .expect("database")
                .expect("successes are free");
            give_back(conn, &attempt).expect("give back");
        }
        for i in 0..5 {
            assert!(fail(t, conn, &format!("user{i}@example.com"), C).is_ok());
        }
        assert!(fail(t, conn, "someone-else@example.com", C).is_err());
        assert!(fail(t, conn, "someone-else@example.com", A).is_ok());
    }

    #[test]
    fn counters_hold_no_email_or_address_and_drained_ones_are_purged() {
        let (t, (_dir, mut conn)) = (limits(), database());
        let conn = &mut conn;
        assert!(fail(t, conn, "secret@example.com", A).is_ok());
        let ids: Vec<String> = login_failures::table
            .select(login_failures::id)
            .load(conn)
            .expect("ids");
        assert_eq!(ids.len(), 3, "{ids:?}");
        assert!(
            ids.iter()
                .all(|id| !id.contains("secret") && !id.contains("127.0.0.1")),
            "{ids:?}"
        );
        // Still counting: nothing to purge.
        assert_eq!(login_failure::purge_drained(conn).expect("purge"), 0);
        // Drained (moved into the past): purged, and the account counts nothing.
        diesel::update(login_failures::table)
            .set(login_failures::drained_at.eq(crate::db::now() - chrono::TimeDelta::hours(1)))
            .execute(conn)
            .expect("age");
        assert_eq!(login_failure::purge_drained(conn).expect("purge"), 3);
        for _ in 0..3 {
            assert!(fail(t, conn, "secret@example.com", A).is_ok());
        }
        assert!(fail(t, conn, "secret@example.com", A).is_err());
    }
}
