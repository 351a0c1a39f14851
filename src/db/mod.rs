//! The database layer: one connection type over SQLite and PostgreSQL, the pool, migrations, and the
//! row structs with the tenant-scoped queries that own them. Knows neither actix-web nor askama.

pub(crate) mod bulk;
pub mod ids;
pub mod maintenance;
pub mod models;
mod plan;
mod pool;
mod reach;
pub mod schema;
pub mod sql;
mod stats;
pub mod words;

pub(crate) use bulk::insert_rows;
pub use bulk::{MAX_BIND_PARAMETERS, rows_per_insert};
pub use pool::{
    ConnectionManager, Db, DbSetupError, DbTarget, PoolOptions, PooledConn, Unavailable,
    connect_once,
};
pub use stats::PoolStats;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// One connection type for both backends; the variant is chosen from the URL scheme, never by trial.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL, for deployments with several app instances.
    Postgres(PgConnection),
    /// The embedded default.
    Sqlite(SqliteConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A query's error, by the name the layers above use: they never name diesel.
pub type QueryError = diesel::result::Error;

/// A database operation's failure: a query failed, or the rows contradict what the same
/// transaction has just read or locked (a broken invariant: a bug, never the user's doing).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The rows contradict what this transaction has just read or locked.
    #[error("inconsistent rows: {0}")]
    Inconsistent(&'static str),
}

/// Answers whether the database answers a trivial query.
pub fn ping(conn: &mut DbConn) -> QueryResult<()> {
    conn.batch_execute("SELECT 1")
}

/// How many migrations of the connection's backend are not applied yet. (diesel creates its
/// migrations table first if it is missing; when it exists that is a no-op that takes no write
/// lock, so a readiness probe does not queue behind writers.)
pub fn pending_migration_count(conn: &mut DbConn) -> Result<usize, DbSetupError> {
    let migrations = match conn {
        DbConn::Sqlite(_) => SQLITE_MIGRATIONS,
        DbConn::Postgres(_) => POSTGRES_MIGRATIONS,
    };
    conn.pending_migrations(migrations)
        .map(|pending| pending.len())
        .map_err(|e| DbSetupError::Migrate(e.to_string()))
}

/// Applies every pending migration of the connection's backend, then writes what SQL alone cannot
/// (the search text of customers that existed before it was added).
pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    let migrations = match conn {
        DbConn::Sqlite(_) => SQLITE_MIGRATIONS,
        DbConn::Postgres(_) => POSTGRES_MIGRATIONS,
    };
    conn.run_pending_migrations(migrations)
        .map_err(|e| DbSetupError::Migrate(e.to_string()))?;
    models::customer::fill_missing_search_text(conn)
        .map(|_| ())
        .map_err(|e| DbSetupError::Migrate(format!("customer search text: {e}")))
}

/// Reverts every applied migration of the connection's backend (used by the migration tests).
pub fn revert_all_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    let migrations = match conn {
        DbConn::Sqlite(_) => SQLITE_MIGRATIONS,
        DbConn::Postgres(_) => POSTGRES_MIGRATIONS,
    };
    conn.revert_all_migrations(migrations)
        .map(|_| ())
        .map_err(|e| DbSetupError::Migrate(e.to_string()))
}

/// Reverts the applied migrations of the connection's backend whose version is `version` or
/// later, newest first (used by the tests of a migration over existing rows).
pub fn revert_migrations_from(conn: &mut DbConn, version: &str) -> Result<(), DbSetupError> {
    let sqlite = matches!(conn, DbConn::Sqlite(_));
    let migrations = || {
        if sqlite {
            SQLITE_MIGRATIONS
        } else {
            POSTGRES_MIGRATIONS
        }
    };
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| DbSetupError::Migrate(e.to_string());
    loop {
        let applied = conn.applied_migrations().map_err(failed)?;
        match applied.iter().map(ToString::to_string).max() {
            Some(last) if last.as_str() >= version => {
                conn.revert_last_migration(migrations()).map_err(failed)?;
            }
            _ => return Ok(()),
        }
    }
}

/// Current time, truncated to microseconds so that SQLite and PostgreSQL store the same value.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}

/// Escapes `%`, `_` and `\` so that user input is matched literally inside a LIKE pattern (with
/// `ESCAPE '\'`).
pub fn like_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for ch in needle.chars().flat_map(char::to_lowercase) {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both backends (ASCII on SQLite).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Runs `f` in a transaction that writes: on SQLite it begins `IMMEDIATE`, taking the write lock up
/// front, so two writers queue on `busy_timeout` instead of one failing with `SQLITE_BUSY` when it
/// upgrades a read snapshot; on PostgreSQL it is a plain transaction. Nested calls use a savepoint.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let outermost_sqlite = match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::transaction_manager_status_mut(inner)
            .transaction_depth()
            .map_err(E::from)?
            .is_none(),
        DbConn::Postgres(_) => false,
    };
    if !outermost_sqlite {
        return conn.transaction(f);
    }
    if let DbConn::Sqlite(inner) = conn {
        AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE").map_err(E::from)?;
    }
    let result = f(conn);
    if let DbConn::Sqlite(inner) = conn {
        match &result {
            Ok(_) => {
                if let Err(e) = AnsiTransactionManager::commit_transaction(inner) {
                    // A failed COMMIT leaves the transaction open: roll it back before reporting.
                    let _ = AnsiTransactionManager::rollback_transaction(inner);
                    return Err(E::from(e));
                }
            }
            Err(_) => AnsiTransactionManager::rollback_transaction(inner).map_err(E::from)?,
        }
    }
    result
}
