//! What the pool tells about itself, for `/metrics`: its connections, and the checkouts that had to
//! wait for one. Counted with atomics on the waiting path only: a checkout that finds an idle
//! connection counts nothing.

use std::sync::atomic::{AtomicU64, Ordering};

/// Checkouts that found no idle connection, since the pool was made.
#[derive(Debug, Default)]
pub(super) struct WaitCounters {
    /// Checkouts that had to wait (for a busy connection to come back, or a new one to open).
    waits: AtomicU64,
    /// Of those, the ones that got none within the pool's timeout.
    timeouts: AtomicU64,
    /// Checkouts waiting right now: started waits less ended ones.
    ended: AtomicU64,
}

impl WaitCounters {
    /// A checkout starts waiting; it stops when the guard is dropped.
    pub(super) fn start(&self) -> Waiting<'_> {
        self.waits.fetch_add(1, Ordering::Relaxed);
        Waiting(self)
    }

    /// A wait ended without a connection, the pool's timeout spent.
    pub(super) fn timed_out(&self) {
        self.timeouts.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts as they are now.
    pub(super) fn read(&self) -> (u64, u64, u64) {
        // Ended first: a wait that starts between the two reads can only raise `waiting`.
        let ended = self.ended.load(Ordering::Relaxed);
        let waits = self.waits.load(Ordering::Relaxed);
        let timeouts = self.timeouts.load(Ordering::Relaxed);
        (waits, timeouts, waits.saturating_sub(ended))
    }
}

/// A checkout waiting for a connection.
pub(super) struct Waiting<'a>(&'a WaitCounters);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.ended.fetch_add(1, Ordering::Relaxed);
    }
}

/// The pool at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Most connections the pool opens.
    pub max_size: u32,
    /// Connections open, in use or idle.
    pub connections: u32,
    /// Open connections that no request holds.
    pub idle: u32,
    /// Checkouts waiting for a connection now.
    pub waiting: u64,
    /// Checkouts that had to wait for a connection, since start.
    pub waits: u64,
    /// Checkouts that waited the whole connection timeout and got none, since start.
    pub wait_timeouts: u64,
}

impl PoolStats {
    /// Connections a request holds.
    pub fn in_use(&self) -> u32 {
        self.connections.saturating_sub(self.idle)
    }
}
