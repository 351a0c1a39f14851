//! Server-side session records: a session is valid only while its row exists, so sign-out and expiry
//! hold even when an old cookie is replayed, and every app instance on one database shares them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::sessions;

/// The stored state and expiry of a live session, or `None` when it is unknown or expired.
pub fn load(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, NaiveDateTime)>> {
    sessions::table
        .filter(sessions::id.eq(id))
        .filter(sessions::expires_at.gt(now))
        .select((sessions::state, sessions::expires_at))
        .first(conn)
        .optional()
}

/// Stores a new session.
pub fn insert(
    conn: &mut DbConn,
    id: &str,
    state: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::state.eq(state),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Replaces a live session's state; returns the rows changed (0: it was deleted or expired
/// meanwhile, and stays so).
pub fn update(
    conn: &mut DbConn,
    id: &str,
    state: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::expires_at.gt(crate::db::now())),
    )
    .set((
        sessions::state.eq(state),
        sessions::expires_at.eq(expires_at),
    ))
    .execute(conn)
}

/// Pushes a session's expiry out, writing only when it moves by more than `slack`, so that a burst
/// of requests costs one write rather than one each.
pub fn touch(
    conn: &mut DbConn,
    id: &str,
    expires_at: NaiveDateTime,
    slack: chrono::TimeDelta,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::expires_at.lt(expires_at - slack)),
    )
    .set(sessions::expires_at.eq(expires_at))
    .execute(conn)
}

/// Deletes a session.
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id)).execute(conn)
}

/// Deletes every expired session.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}

/// How many sessions are live (not expired), signed in or holding only a chosen language: one
/// count over the expiry index.
pub fn count_live(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<i64> {
    sessions::table
        .filter(sessions::expires_at.gt(now))
        .count()
        .get_result(conn)
}
