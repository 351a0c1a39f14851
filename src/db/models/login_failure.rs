//! The sign-in throttle's counters (`login_failures`), shared by every app instance on the
//! database. A counter is one timestamp, the instant its failures will all have drained: a leaky
//! bucket needs no more. Counters are read and changed under their row locks (on SQLite, under the
//! write lock), by the database's clock, so that two instances can neither both take the last
//! failure a counter allows nor disagree about the time.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Timestamp;
use diesel::upsert::excluded;

use crate::db::schema::login_failures;
use crate::db::{DbConn, write_transaction};

/// What a new counter holds: drained long ago, nothing on record.
fn clean() -> NaiveDateTime {
    chrono::DateTime::UNIX_EPOCH.naive_utc()
}

/// The database's clock (UTC), which every instance shares. On PostgreSQL the clock itself, not
/// the transaction's start (`now()`), which may lie long before a lock was granted.
fn database_now(conn: &mut DbConn) -> QueryResult<NaiveDateTime> {
    match conn {
        DbConn::Postgres(c) => {
            diesel::select(sql::<Timestamp>("clock_timestamp() AT TIME ZONE 'UTC'")).get_result(c)
        }
        DbConn::Sqlite(c) => {
            diesel::select(sql::<Timestamp>("strftime('%Y-%m-%d %H:%M:%f', 'now')")).get_result(c)
        }
    }
}

/// Locks the counters `ids` (sorted, so that two transactions lock shared ones in one order and
/// cannot deadlock), creating the missing ones clean; their drain instants.
fn lock(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    let read = login_failures::table
        .filter(login_failures::id.eq_any(ids))
        .order(login_failures::id)
        .select((login_failures::id, login_failures::drained_at));
    match conn {
        DbConn::Postgres(c) => {
            let new: Vec<_> = ids
                .iter()
                .map(|id| {
                    (
                        login_failures::id.eq(*id),
                        login_failures::drained_at.eq(clean()),
                    )
                })
                .collect();
            let mut rows = Vec::new();
            // The periodic purge may delete a clean counter between the insert (which left it
            // alone, unlocked) and the lock: a second round inserts it again, and a row this
            // transaction inserted or locked cannot be deleted meanwhile.
            for _ in 0..2 {
                diesel::insert_into(login_failures::table)
                    .values(&new)
                    .on_conflict_do_nothing()
                    .execute(c)?;
                rows = read.clone().for_update().load(c)?;
                if rows.len() == ids.len() {
                    break;
                }
            }
            Ok(rows)
        }
        // `write_transaction` began IMMEDIATE: the write lock is held already.
        DbConn::Sqlite(c) => read.load(c),
    }
}

/// Stores these counters' drain instants.
fn store(conn: &mut DbConn, rows: &[(String, NaiveDateTime)]) -> QueryResult<usize> {
    let values: Vec<_> = rows
        .iter()
        .map(|(id, at)| {
            (
                login_failures::id.eq(id.as_str()),
                login_failures::drained_at.eq(*at),
            )
        })
        .collect();
    let upsert = diesel::insert_into(login_failures::table).values(&values);
    match conn {
        DbConn::Postgres(c) => upsert
            .on_conflict(login_failures::id)
            .do_update()
            .set(login_failures::drained_at.eq(excluded(login_failures::drained_at)))
            .execute(c),
        DbConn::Sqlite(c) => upsert
            .on_conflict(login_failures::id)
            .do_update()
            .set(login_failures::drained_at.eq(excluded(login_failures::drained_at)))
            .execute(c),
    }
}

fn seconds(delta: TimeDelta) -> f64 {
    delta
        .num_microseconds()
        .map_or(f64::MAX, |us| us as f64 / 1e6)
}

fn after(now: NaiveDateTime, seconds: f64) -> NaiveDateTime {
    // Saturates: a NaN or a negative backlog is none, a huge one the far future.
    let micros = (seconds.max(0.0) * 1e6) as i64;
    now.checked_add_signed(TimeDelta::microseconds(micros))
        .unwrap_or(NaiveDateTime::MAX)
}

/// In one transaction: locks the counters `ids` (distinct), and passes `decide` how many seconds
/// each still needs to drain by the database's clock (0: nothing on record), in the order given.
/// `decide` returns its answer and, to change the counters, each one's new backlog in seconds, in
/// the same order; `None` leaves them as they are.
pub fn update<T>(
    conn: &mut DbConn,
    ids: &[String],
    decide: impl FnOnce(&[f64]) -> (T, Option<Vec<f64>>),
) -> QueryResult<T> {
    write_transaction(conn, |conn| {
        let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let locked = lock(conn, &sorted)?;
        let now = database_now(conn)?;
        let backlog: Vec<f64> = ids
            .iter()
            .map(|id| {
                locked
                    .iter()
                    .find(|(locked, _)| locked == id)
                    .map_or(0.0, |(_, drained_at)| seconds(*drained_at - now).max(0.0))
            })
            .collect();
        let (answer, changed) = decide(&backlog);
        if let Some(changed) = changed {
            let mut rows: Vec<(String, NaiveDateTime)> = Vec::with_capacity(ids.len());
            for (id, backlog) in ids.iter().zip(changed) {
                if !rows.iter().any(|(seen, _)| seen == id) {
                    rows.push((id.clone(), after(now, backlog)));
                }
            }
            store(conn, &rows)?;
        }
        Ok(answer)
    })
}

/// Deletes the counters that have drained (they count nothing); returns how many.
pub fn purge_drained(conn: &mut DbConn) -> QueryResult<usize> {
    let now = database_now(conn)?;
    diesel::delete(login_failures::table.filter(login_failures::drained_at.le(now))).execute(conn)
}
