//! The pool: the backend chosen from the URL, per-connection settings, and checkouts that fail
//! fast while the database is unreachable.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::stats::PoolStats;
use super::{DbConn, ping, run_migrations};
use super::{reach, stats};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};

/// Which database a `DATABASE_URL` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// A SQLite file; its directory must exist.
    Sqlite(PathBuf),
    /// A PostgreSQL server URL, passed to libpq as is.
    Postgres(String),
}

/// Errors in reaching or preparing the database, reported at start-up.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    /// The URL's scheme is neither `sqlite://` nor `postgres://`/`postgresql://`.
    #[error("DATABASE_URL must start with sqlite:// or postgres://, got {0:?}")]
    UnknownScheme(String),
    /// `sqlite::memory:` and the like: every pooled connection would get its own empty database.
    #[error(
        "in-memory SQLite is not supported (each connection would see its own empty database); use a file path"
    )]
    InMemorySqlite,
    /// The SQLite file's directory is missing: refuse rather than silently create a database elsewhere.
    #[error("the directory of the SQLite database {0} does not exist")]
    MissingDirectory(PathBuf),
    /// The pool could not open its first connection.
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(String),
}

impl DbTarget {
    /// Parses a `DATABASE_URL`: `sqlite://relative/path.db`, `sqlite:///absolute/path.db` or
    /// `postgres://…` (also `postgresql://…`).
    pub fn parse(url: &str) -> Result<Self, DbSetupError> {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            if rest.is_empty() || rest.contains(":memory:") || rest.starts_with("file:") {
                return Err(DbSetupError::InMemorySqlite);
            }
            let path = PathBuf::from(rest);
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !dir.is_dir() {
                return Err(DbSetupError::MissingDirectory(path));
            }
            Ok(Self::Sqlite(path))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            let scheme = url.split_once("://").map_or("(none)", |(s, _)| s);
            Err(DbSetupError::UnknownScheme(scheme.to_owned()))
        }
    }
}

/// Pool tuning, from configuration.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Most connections open at once.
    pub max_size: u32,
    /// How long a request waits for a free connection.
    pub connection_timeout: Duration,
    /// Longest a single statement may run (PostgreSQL `statement_timeout`; SQLite `busy_timeout`).
    pub statement_timeout: Duration,
    /// Connections kept open while idle, made again in the background when one is taken: 1 for
    /// a server (the next request finds one ready), 0 for a command, which must not exit while
    /// a background connection is being made (libpq's and OpenSSL's exit-time cleanup under a
    /// thread still connecting crashed `partnerdesk org add` on PostgreSQL).
    pub min_idle: u32,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            connection_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(10),
            min_idle: 1,
        }
    }
}

/// Opens connections of the configured backend and applies per-connection settings.
#[derive(Debug)]
pub struct ConnectionManager {
    target: DbTarget,
    statement_timeout: Duration,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        let ms = self.statement_timeout.as_millis();
        match &self.target {
            DbTarget::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(&format!(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {ms}; \
                     PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
            DbTarget::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(&format!("SET statement_timeout = {ms}"))
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Postgres(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || r2d2::R2D2Connection::is_broken(conn)
    }
}

/// A pooled connection.
pub type PooledConn = PooledConnection<ConnectionManager>;

/// No connection to be had: the database is unreachable, or every connection is busy.
#[derive(Debug, thiserror::Error)]
pub enum Unavailable {
    /// A connection attempt failed recently and none has succeeded since: refused at once.
    #[error("the database has been unreachable for {0:?}")]
    Down(Duration),
    /// A connection attempt failed while this checkout waited.
    #[error("the database is unreachable: {0}")]
    Unreachable(String),
    /// The connection died under the request (the server restarted or cut it); it was discarded.
    #[error("the database connection was lost")]
    Lost,
    /// No connection became free within the pool's timeout.
    #[error("no database connection within {0:?}: {1}")]
    Timeout(Duration, String),
}

/// How long a checkout waits at a time before it looks whether a connection attempt failed.
const WAIT_SLICE: Duration = Duration::from_millis(50);

/// Hears the pool's connection attempts: a failure marks the database down, a new connection
/// marks it reachable.
#[derive(Debug)]
struct ReachHook(Arc<reach::Reachability>);

impl r2d2::HandleError<r2d2::Error> for ReachHook {
    fn handle_error(&self, error: r2d2::Error) {
        match error {
            r2d2::Error::ConnectionError(e) => {
                if self.0.failed(Instant::now()) {
                    tracing::error!(
                        error = %e,
                        "database unreachable: requests are refused until a connection succeeds"
                    );
                } else {
                    tracing::debug!(error = %e, "database still unreachable");
                }
            }
            // A pooled connection that failed its check, or a connection setting refused: the
            // server answered, so this alone is no outage.
            other => tracing::warn!(error = %other, "database connection check failed"),
        }
    }
}

impl r2d2::CustomizeConnection<DbConn, r2d2::Error> for ReachHook {
    fn on_acquire(&self, _conn: &mut DbConn) -> Result<(), r2d2::Error> {
        if let Some(outage) = self.0.reached(Instant::now()) {
            tracing::info!(after = ?outage, "database reachable again");
        }
        Ok(())
    }
}

/// The connection pool, cheap to clone; it remembers whether the database is reachable (see
/// [`Db::get`]).
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager>,
    reach: Arc<reach::Reachability>,
    connection_timeout: Duration,
    waits: Arc<stats::WaitCounters>,
}

impl Db {
    /// Opens the pool and checks that one connection can be made, so that a wrong URL or a server
    /// that is down fails at start-up with the real reason.
    pub fn connect(url: &str, options: &PoolOptions) -> Result<Self, DbSetupError> {
        let target = DbTarget::parse(url)?;
        let manager = ConnectionManager {
            target,
            statement_timeout: options.statement_timeout,
        };
        // Make the first connection ourselves: r2d2's own retry loop would hide the error behind a
        // timeout.
        manager
            .connect()
            .map_err(|e| DbSetupError::Connect(e.to_string()))?;
        let reach = Arc::new(reach::Reachability::default());
        let pool = Pool::builder()
            .max_size(options.max_size)
            .min_idle(Some(options.min_idle))
            // Tested only while suspect (see `reach`): a test on every checkout is a round trip
            // per request on PostgreSQL.
            .test_on_check_out(false)
            .connection_timeout(options.connection_timeout)
            .error_handler(Box::new(ReachHook(reach.clone())))
            .connection_customizer(Box::new(ReachHook(reach.clone())))
            .build(manager)
            .map_err(|e| DbSetupError::Connect(e.to_string()))?;
        Ok(Self {
            pool,
            reach,
            connection_timeout: options.connection_timeout,
            waits: Arc::default(),
        })
    }

    /// Takes a connection from the pool (blocking: call from a blocking thread). While the
    /// database is known to be down this fails at once rather than after the pool's connection
    /// timeout, and a wait for a connection ends as soon as a connection attempt fails.
    pub fn get(&self) -> Result<PooledConn, Unavailable> {
        let started = Instant::now();
        let timeout = self.connection_timeout;
        let (failures, probe) = match self.reach.admit(started, timeout) {
            reach::Admission::Refuse { down_for } => return Err(Unavailable::Down(down_for)),
            reach::Admission::Wait { failures, probe } => (failures, probe),
        };
        let deadline = started + timeout;
        let mut waiting = None;
        loop {
            let now = Instant::now();
            let checkout = if waiting.is_none() {
                // An idle connection is taken at once; a checkout that finds none waits, and is
                // counted (see `pool_stats`).
                match self.pool.try_get() {
                    Some(conn) => Ok(conn),
                    None => {
                        waiting = Some(self.waits.start());
                        continue;
                    }
                }
            } else {
                self.pool
                    .get_timeout(deadline.saturating_duration_since(now).min(WAIT_SLICE))
            };
            match checkout {
                Ok(mut conn) => {
                    if let Some(outage) = self.reach.reached(Instant::now()) {
                        tracing::info!(after = ?outage, "database reachable again");
                    }
                    if self.reach.is_suspect(Instant::now()) && self.discard_if_dead(&mut conn) {
                        continue;
                    }
                    return Ok(conn);
                }
                Err(e) if self.reach.failures() != failures => {
                    return Err(Unavailable::Unreachable(e.to_string()));
                }
                Err(e) if Instant::now() >= deadline => {
                    if self.pool.state().connections == 0 {
                        // Not one connection in the whole wait: attempts hang rather than fail.
                        self.reach.failed(Instant::now());
                    } else if probe {
                        // Every connection busy: the database answers.
                        self.reach.reached(Instant::now());
                    }
                    self.waits.timed_out();
                    return Err(Unavailable::Timeout(timeout, e.to_string()));
                }
                Err(_) => {}
            }
        }
    }

    /// The pool's connections and waits, now (one brief lock of the pool).
    pub fn pool_stats(&self) -> PoolStats {
        let state = self.pool.state();
        let (waits, wait_timeouts, waiting) = self.waits.read();
        PoolStats {
            max_size: self.pool.max_size(),
            connections: state.connections,
            idle: state.idle_connections,
            waiting,
            waits,
            wait_timeouts,
        }
    }

    /// Whether the database is known to be unreachable right now: a connection attempt failed
    /// recently and none has succeeded since.
    pub fn is_unreachable(&self) -> bool {
        self.reach.is_down(Instant::now(), self.connection_timeout)
    }

    /// Whether `conn` is dead (it does not answer a ping). A dead connection is marked broken, so
    /// that the pool drops it instead of taking it back, and the others become suspect.
    fn discard_if_dead(&self, conn: &mut DbConn) -> bool {
        if ping(conn).is_ok() {
            return false;
        }
        tracing::warn!("a pooled database connection was dead: discarded");
        mark_broken(conn);
        self.reach.connection_lost(Instant::now());
        true
    }

    /// Runs `f` with a pooled connection (blocking: call from a blocking thread). When `f` fails
    /// and the connection turns out dead, the connection is discarded and the failure is reported
    /// as [`Unavailable::Lost`] (try again), not as the query's own error.
    pub fn with<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<Unavailable>,
    {
        let mut conn = self.get()?;
        match f(&mut conn) {
            // Only a server's connection can die under a request (a SQLite file's cannot): no ping
            // after a refusal or a 404 on SQLite.
            Err(_) if matches!(*conn, DbConn::Postgres(_)) && self.discard_if_dead(&mut conn) => {
                Err(E::from(Unavailable::Lost))
            }
            result => result,
        }
    }

    /// Applies every pending migration of this backend.
    pub fn migrate(&self) -> Result<(), DbSetupError> {
        let mut conn = self
            .get()
            .map_err(|e| DbSetupError::Connect(e.to_string()))?;
        run_migrations(&mut conn)
    }
}

/// One connection of the configured backend with the pool's per-connection settings, for a command
/// that does one job and exits. A pool keeps background threads opening connections (up to its
/// minimum idle count) that may still be inside libpq when the process exits: `migrate --status`
/// on PostgreSQL died of SIGSEGV that way, after printing its answer.
pub fn connect_once(url: &str, options: &PoolOptions) -> Result<DbConn, DbSetupError> {
    let manager = ConnectionManager {
        target: DbTarget::parse(url)?,
        statement_timeout: options.statement_timeout,
    };
    manager
        .connect()
        .map_err(|e| DbSetupError::Connect(e.to_string()))
}

/// Marks `conn` broken, so that the pool drops it when it comes back.
fn mark_broken(conn: &mut DbConn) {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Postgres(c) => AnsiTransactionManager::transaction_manager_status_mut(c),
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c),
    }
    .set_in_error();
}
