//! What the pool knows about reaching the database, so that while the database is down a request
//! is told so at once instead of each waiting the pool's whole connection timeout.
//!
//! The pool's own connection attempts are the evidence. r2d2 keeps retrying a connection it failed
//! to open (backing off to at most half the connection timeout), so while the database is away
//! failures keep arriving, and the first success (a new connection opened, or any checkout) ends
//! the outage at once: no request has to wait to find out, either way.
//!
//! - A failed connection attempt marks the database down (a failed check of an idle connection
//!   does not: the server may have closed just that one).
//! - While it is down, and the latest failure is recent (within `fresh_for`, the connection
//!   timeout: longer than r2d2's retry interval), a checkout is refused at once.
//! - A checkout that waits gives up as soon as a connection attempt fails meanwhile.
//! - If the failures have gone quiet (a server that swallows connection attempts rather than
//!   refusing them: attempts hang instead of failing), one checkout at a time probes the
//!   database with the normal wait, the others are refused; a checkout that times out with no
//!   connection open at all counts as a failure.
//!
//! Pooled connections are not tested on every checkout (on PostgreSQL that test is a round trip
//! per request, half the cost of a light page). Instead, a connection that turns out dead (a query
//! failed and a ping then failed too), or the end of an outage, makes every connection *suspect*
//! for a while: within that window each checkout pings its connection first and discards a dead
//! one, so the other connections opened before a server restart are weeded out without failing
//! more requests.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long connections stay suspect after one was found dead or an outage ended: long enough for
/// a busy pool to hand out each of its connections at least once.
const SUSPECT_FOR: Duration = Duration::from_secs(30);

/// The shared state; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Reachability {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Failed connection attempts so far: a waiting checkout gives up when this moves.
    failures: u64,
    /// Set while the database is known to be down.
    down: Option<Down>,
    /// Until when checkouts test their connection first (see the module documentation).
    suspect_until: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
struct Down {
    /// The first failed attempt of this outage.
    since: Instant,
    /// The latest failed attempt.
    last: Instant,
    /// A checkout is trying the database for everyone.
    probing: bool,
}

/// What a checkout may do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Wait for a connection, but give up when the failure count moves past `failures`.
    /// `probe`: this checkout tries a database that has been down.
    Wait {
        /// Failed attempts so far.
        failures: u64,
        /// Whether this checkout is the one probe.
        probe: bool,
    },
    /// The database has been down for this long: refuse at once.
    Refuse {
        /// How long since the outage began.
        down_for: Duration,
    },
}

impl Reachability {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent whatever panicked while holding the lock.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a checkout starting `now` may wait for a connection.
    pub(crate) fn admit(&self, now: Instant, fresh_for: Duration) -> Admission {
        let mut state = self.lock();
        let failures = state.failures;
        match &mut state.down {
            None => Admission::Wait {
                failures,
                probe: false,
            },
            Some(down) if down.probing || now.duration_since(down.last) < fresh_for => {
                Admission::Refuse {
                    down_for: now.duration_since(down.since),
                }
            }
            Some(down) => {
                down.probing = true;
                Admission::Wait {
                    failures,
                    probe: true,
                }
            }
        }
    }

    /// The number of failed connection attempts so far.
    pub(crate) fn failures(&self) -> u64 {
        self.lock().failures
    }

    /// A connection attempt failed at `now`. True when this begins an outage.
    pub(crate) fn failed(&self, now: Instant) -> bool {
        let mut state = self.lock();
        state.failures += 1;
        let since = state.down.map(|d| d.since);
        state.down = Some(Down {
            since: since.unwrap_or(now),
            last: now,
            probing: false,
        });
        since.is_none()
    }

    /// The database answered. Returns how long the outage it ends lasted, if there was one; the
    /// end of an outage makes the connections opened before it suspect for `SUSPECT_FOR`.
    pub(crate) fn reached(&self, now: Instant) -> Option<Duration> {
        let mut state = self.lock();
        let outage = state.down.take().map(|d| now.duration_since(d.since));
        if outage.is_some() {
            state.suspect_until = Some(now + SUSPECT_FOR);
        }
        outage
    }

    /// A pooled connection was found dead at `now`: the others may be too.
    pub(crate) fn connection_lost(&self, now: Instant) {
        self.lock().suspect_until = Some(now + SUSPECT_FOR);
    }

    /// Whether a checkout at `now` must test its connection before use.
    pub(crate) fn is_suspect(&self, now: Instant) -> bool {
        let mut state = self.lock();
        match state.suspect_until {
            Some(until) if now < until => true,
            Some(_) => {
                state.suspect_until = None;
                false
            }
            None => false,
        }
    }

    /// Whether the database is known to be down at `now` (a recent failed attempt and no success
    /// since).
    pub(crate) fn is_down(&self, now: Instant, fresh_for: Duration) -> bool {
        self.lock()
            .down
            .is_some_and(|d| d.probing || now.duration_since(d.last) < fresh_for)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRESH: Duration = Duration::from_secs(5);

    fn wait(failures: u64, probe: bool) -> Admission {
        Admission::Wait { failures, probe }
    }

    #[test]
    fn a_failed_attempt_refuses_checkouts_at_once_until_one_succeeds() {
        let reach = Reachability::default();
        let t0 = Instant::now();
        assert_eq!(reach.admit(t0, FRESH), wait(0, false));
        assert!(!reach.is_down(t0, FRESH));

        assert!(reach.failed(t0), "the first failure begins an outage");
        assert!(reach.is_down(t0, FRESH));
        let t1 = t0 + Duration::from_secs(1);
        assert_eq!(
            reach.admit(t1, FRESH),
            Admission::Refuse {
                down_for: Duration::from_secs(1)
            }
        );
        // The pool keeps retrying: each failure keeps the outage fresh.
        assert!(!reach.failed(t0 + Duration::from_secs(3)));
        let t2 = t0 + Duration::from_secs(7);
        assert!(matches!(reach.admit(t2, FRESH), Admission::Refuse { .. }));

        assert_eq!(reach.reached(t2), Some(Duration::from_secs(7)));
        assert!(!reach.is_down(t2, FRESH));
        assert_eq!(reach.admit(t2, FRESH), wait(2, false));
        assert_eq!(reach.reached(t2), None, "no outage to end");
    }

    #[test]
    fn when_failures_go_quiet_one_checkout_probes_and_the_others_are_refused() {
        let reach = Reachability::default();
        let t0 = Instant::now();
        reach.failed(t0);
        let later = t0 + FRESH;
        assert_eq!(reach.admit(later, FRESH), wait(1, true));
        assert!(matches!(
            reach.admit(later, FRESH),
            Admission::Refuse { .. }
        ));
        assert!(reach.is_down(later, FRESH), "down while the probe is out");

        // The probe failed: refused again until the failure is stale.
        reach.failed(later);
        assert!(matches!(
            reach.admit(later + Duration::from_secs(1), FRESH),
            Admission::Refuse { .. }
        ));
        let quiet = later + FRESH;
        assert_eq!(reach.admit(quiet, FRESH), wait(2, true));
        // The probe got through.
        assert_eq!(reach.reached(quiet), Some(quiet - t0));
        assert_eq!(reach.admit(quiet, FRESH), wait(2, false));
    }

    #[test]
    fn a_lost_connection_or_an_ended_outage_makes_connections_suspect_for_a_while() {
        let reach = Reachability::default();
        let t0 = Instant::now();
        assert!(!reach.is_suspect(t0), "connections are trusted at first");
        reach.connection_lost(t0);
        assert!(reach.is_suspect(t0 + SUSPECT_FOR / 2));
        assert!(!reach.is_suspect(t0 + SUSPECT_FOR));

        let t1 = t0 + SUSPECT_FOR * 2;
        reach.failed(t1);
        assert!(
            !reach.is_suspect(t1),
            "while down, checkouts are refused anyway"
        );
        reach.reached(t1 + FRESH);
        assert!(reach.is_suspect(t1 + FRESH));
        assert!(!reach.is_suspect(t1 + FRESH + SUSPECT_FOR));
        reach.reached(t1 + FRESH * 10);
        assert!(
            !reach.is_suspect(t1 + FRESH * 10),
            "a checkout with no outage to end does not make connections suspect"
        );
    }

    #[test]
    fn a_waiting_checkout_sees_a_failure_that_happens_meanwhile() {
        let reach = Reachability::default();
        let Admission::Wait { failures, .. } = reach.admit(Instant::now(), FRESH) else {
            panic!("the database is not known to be down");
        };
        reach.failed(Instant::now());
        assert_ne!(reach.failures(), failures);
    }
}
