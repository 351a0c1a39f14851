//! What the operator's commands need from the database: which migrations are applied, and on
//! SQLite a consistent copy of a live database (`VACUUM INTO`), its integrity check, and whether
//! another process has it open.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;

use super::{DbConn, DbSetupError, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

/// One migration as `migrate --status` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationEntry {
    /// The version diesel records, e.g. `20261212140000`.
    pub version: String,
    /// The migration's directory name, e.g. `2026-12-12-140000_activity_log_covering_subject`;
    /// just the version for a migration this binary does not know.
    pub name: String,
}

/// The migrations of the connection's backend: applied and pending, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Applied, and known to this binary.
    pub applied: Vec<MigrationEntry>,
    /// Known to this binary, not applied yet: `migrate` (or `serve`) applies them.
    pub pending: Vec<MigrationEntry>,
    /// Applied, but unknown to this binary: the database was migrated by a newer version.
    pub unknown: Vec<MigrationEntry>,
}

type Backend = <DbConn as Connection>::Backend;

/// Lists applied and pending migrations. Writes nothing but diesel's own migrations table, which it
/// creates when missing (an empty database).
pub fn migration_status(conn: &mut DbConn) -> Result<MigrationStatus, DbSetupError> {
    let source = match conn {
        DbConn::Sqlite(_) => SQLITE_MIGRATIONS,
        DbConn::Postgres(_) => POSTGRES_MIGRATIONS,
    };
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| DbSetupError::Migrate(e.to_string());
    let applied: Vec<String> = conn
        .applied_migrations()
        .map_err(failed)?
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut known: Vec<MigrationEntry> = MigrationSource::<Backend>::migrations(&source)
        .map_err(failed)?
        .iter()
        .map(|m| MigrationEntry {
            version: m.name().version().to_string(),
            name: m.name().to_string(),
        })
        .collect();
    known.sort_by(|a, b| a.version.cmp(&b.version));
    let mut status = MigrationStatus::default();
    for entry in &known {
        if applied.contains(&entry.version) {
            status.applied.push(entry.clone());
        } else {
            status.pending.push(entry.clone());
        }
    }
    let mut unknown: Vec<&String> = applied
        .iter()
        .filter(|v| !known.iter().any(|k| &k.version == *v))
        .collect();
    unknown.sort();
    status.unknown = unknown
        .into_iter()
        .map(|v| MigrationEntry {
            version: v.clone(),
            name: v.clone(),
        })
        .collect();
    Ok(status)
}

/// A SQLite `file:` URI for `path`, read-only: opening it never creates or changes the file.
fn read_only_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    uri
}

/// Opens an existing SQLite file read-only (a backup to check or restore from).
pub fn open_sqlite_read_only(path: &Path) -> Result<SqliteConnection, DbSetupError> {
    SqliteConnection::establish(&read_only_uri(path))
        .map_err(|e| DbSetupError::Connect(format!("{}: {e}", path.display())))
}

#[derive(QueryableByName)]
struct CheckLine {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// `PRAGMA integrity_check`: empty when the database is sound, else SQLite's first complaints.
/// A file that is not a SQLite database fails here too ("file is not a database").
pub fn sqlite_integrity_problems(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
    let lines: Vec<CheckLine> = diesel::sql_query("PRAGMA integrity_check(20)").load(conn)?;
    Ok(lines
        .into_iter()
        .map(|l| l.integrity_check)
        .filter(|l| l != "ok")
        .collect())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Whether the database holds diesel's migrations table, i.e. was ever migrated by partnerdesk.
pub fn sqlite_has_migrations_table(conn: &mut SqliteConnection) -> QueryResult<bool> {
    let found: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM sqlite_master \
         WHERE type = 'table' AND name = '__diesel_schema_migrations'",
    )
    .get_result(conn)?;
    Ok(found.n > 0)
}

/// Writes a consistent copy of the connection's database into `file` (`VACUUM INTO`): one read
/// transaction, so it sees every transaction committed before it began and none after, and
/// writers go on meanwhile (WAL). `file` must not exist or be empty; SQLite refuses any other.
pub fn sqlite_vacuum_into(conn: &mut SqliteConnection, file: &Path) -> QueryResult<()> {
    let quoted = file.to_string_lossy().replace('\'', "''");
    conn.batch_execute(&format!("VACUUM INTO '{quoted}'"))
}

/// Whether another connection, in this process or any other, has the SQLite database at `path`
/// open: asks for an exclusive lock without waiting. `path` must exist (opening creates it).
pub fn sqlite_in_use(path: &Path) -> Result<bool, DbSetupError> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| DbSetupError::Connect(format!("{}: {e}", path.display())))?;
    // In WAL mode every open connection holds a shared lock on the file; an exclusive
    // locking mode asks for more than any of them can coexist with.
    let attempt = conn.batch_execute(
        "PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;",
    );
    match attempt {
        Ok(()) => Ok(false),
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("locked") || info.message().contains("busy") =>
        {
            Ok(true)
        }
        Err(e) => Err(DbSetupError::Connect(format!("{}: {e}", path.display()))),
    }
}
