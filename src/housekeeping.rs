//! The periodic purge: expired sessions, drained sign-in counters, and import uploads and bulk
//! assignments (draft batches) left unconfirmed for a day are deleted by a task of each
//! running instance, once at start and then every `purge_interval_secs`, rather than by the
//! requests (a sign-in used to delete every expired session before it stored its own). Neither
//! kind of row counts for anything once past its time (an expired session is never loaded, a
//! drained counter counts nothing), so when a purge runs changes only how many such rows wait.
//! Several instances purging at once is harmless: each deletes what is left.

use std::time::Duration;

use tokio::sync::watch;

use crate::blocking::RunBlocking;
use crate::db::Db;
use crate::db::models::{login_failure, session};

/// What one purge deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    /// Expired sessions.
    pub sessions: usize,
    /// Drained sign-in counters.
    pub counters: usize,
    /// Import uploads never confirmed, older than a day.
    pub uploads: usize,
    /// Bulk assignments (batches) never confirmed, older than a day.
    pub batches: usize,
}

/// Deletes expired sessions and drained sign-in counters, on a blocking thread.
pub async fn purge(db: &Db) -> Result<Purged, crate::error::AppError> {
    db.run(|conn| {
        let sessions = session::purge_expired(conn, crate::db::now())?;
        let counters = login_failure::purge_drained(conn)?;
        let uploads = crate::domain::import::uploads::purge_old(conn)?;
        let batches = crate::domain::support_contact::bulk::purge_old_drafts(conn)?;
        Ok(Purged {
            sessions,
            counters,
            uploads,
            batches,
        })
    })
    .await
}

/// Purges now and then every `every`, until `stop` says `true` (or is dropped): a purge under
/// way finishes first. A failed purge is logged and tried again at the next turn.
pub async fn run(db: Db, every: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        match purge(&db).await {
            Ok(purged) if purged != Purged::default() => {
                tracing::debug!(
                    sessions = purged.sessions,
                    counters = purged.counters,
                    uploads = purged.uploads,
                    batches = purged.batches,
                    "purged expired sessions, drained sign-in counters and old import uploads"
                );
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(
                %error,
                retry_in_secs = every.as_secs(),
                "purging expired sessions and drained sign-in counters failed"
            ),
        }
        // The wait ends early when told to stop (or when the sender is gone).
        if tokio::time::timeout(every, stop.changed()).await.is_ok() {
            return;
        }
    }
}
