//! The operator's commands behind `partnerdesk backup`, `restore` and `migrate --status`: files,
//! refusals and reports. The SQL they need lives in [`crate::db::maintenance`].

pub mod import;

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::config::Settings;
use crate::db::maintenance::{self, MigrationStatus};
use crate::db::{Db, DbConn, DbTarget};

/// What `backup` and `restore` say about PostgreSQL: the server's own tools do it better.
pub const POSTGRES_BACKUP_HINT: &str = "partnerdesk backup copies SQLite databases; on PostgreSQL use pg_dump, \
     which takes a consistent copy while the server runs:\n  \
     pg_dump --format=custom --file=partnerdesk.dump \"$DATABASE_URL\"\n\
     and pg_restore to bring it back (see docs/backup-and-restore.md):\n  \
     pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" partnerdesk.dump";

/// The SQLite file a `DATABASE_URL` names; on PostgreSQL the hint about pg_dump.
fn sqlite_path(settings: &Settings) -> anyhow::Result<PathBuf> {
    match DbTarget::parse(&settings.database_url)? {
        DbTarget::Sqlite(path) => Ok(path),
        DbTarget::Postgres(_) => bail!("{POSTGRES_BACKUP_HINT}"),
    }
}

/// A finished backup.
#[derive(Debug)]
pub struct BackupReport {
    /// The database copied.
    pub database: PathBuf,
    /// Size of the copy in bytes.
    pub bytes: u64,
}

/// `partnerdesk backup FILE`: a consistent copy of the live SQLite database, made while it serves.
/// Refuses an existing `file` (even an empty one), and a database file that does not exist (a
/// typo'd path must not back up a new empty database). The copy is synced to disk and checked.
pub fn backup(settings: &Settings, file: &Path) -> anyhow::Result<BackupReport> {
    let database = sqlite_path(settings)?;
    if !database.is_file() {
        bail!("no SQLite database at {}", database.display());
    }
    // Claims the name atomically: VACUUM INTO would write into an existing empty file.
    let claimed = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => {
                anyhow::anyhow!("{} exists: refusing to overwrite it", file.display())
            }
            _ => anyhow::anyhow!("cannot create {}: {e}", file.display()),
        })?;
    drop(claimed);
    let made = copy_live(settings, file);
    if made.is_err() {
        let _ = std::fs::remove_file(file);
    }
    let bytes = made?;
    Ok(BackupReport { database, bytes })
}

fn copy_live(settings: &Settings, file: &Path) -> anyhow::Result<u64> {
    let db = Db::connect(&settings.database_url, &settings.command_pool_options())?;
    let mut conn = db.get()?;
    let DbConn::Sqlite(conn) = &mut *conn else {
        bail!("{POSTGRES_BACKUP_HINT}");
    };
    maintenance::sqlite_vacuum_into(conn, file)
        .with_context(|| format!("copying the database into {}", file.display()))?;
    sync_file(file)?;
    check_copy(file)?;
    Ok(std::fs::metadata(file)?.len())
}

/// Flushes a file, and its directory entry, to disk.
fn sync_file(file: &Path) -> anyhow::Result<()> {
    File::open(file)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("syncing {}", file.display()))?;
    sync_directory_of(file);
    Ok(())
}

/// Best effort: some filesystems do not sync directories.
fn sync_directory_of(file: &Path) {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Opens a copy read-only and runs `PRAGMA integrity_check` on it; returns the connection.
fn check_copy(file: &Path) -> anyhow::Result<diesel::SqliteConnection> {
    let mut conn = maintenance::open_sqlite_read_only(file)?;
    let problems = maintenance::sqlite_integrity_problems(&mut conn)
        .with_context(|| format!("{} is not a readable SQLite database", file.display()))?;
    if !problems.is_empty() {
        bail!(
            "{} fails SQLite's integrity check:\n  {}",
            file.display(),
            problems.join("\n  ")
        );
    }
    Ok(conn)
}

/// A finished restore.
#[derive(Debug)]
pub struct RestoreReport {
    /// The database replaced.
    pub database: PathBuf,
    /// Migrations the restored copy lacks: `migrate` or `serve` applies them.
    pub pending: usize,
}

/// `partnerdesk restore FILE`, with the server stopped: checks `file` (a SQLite database that
/// passes `PRAGMA integrity_check` and was migrated by partnerdesk), refuses while any process
/// has the configured database open, then copies `file` next to it and renames the copy into
/// place, so the database is at every moment either the old one or the whole restored one; the
/// old database's `-wal` and `-shm` files are removed, or SQLite would replay them into the new.
pub fn restore(settings: &Settings, file: &Path) -> anyhow::Result<RestoreReport> {
    let database = sqlite_path(settings)?;
    if !file.is_file() {
        bail!("no file {}", file.display());
    }
    if database.exists()
        && let (Ok(a), Ok(b)) = (file.canonicalize(), database.canonicalize())
        && a == b
    {
        bail!("{} is the configured database itself", file.display());
    }
    let mut source = check_copy(file)?;
    if !maintenance::sqlite_has_migrations_table(&mut source)? {
        bail!(
            "{} is a SQLite database, but not partnerdesk's (it has no migrations table)",
            file.display()
        );
    }
    if database.exists() && maintenance::sqlite_in_use(&database)? {
        bail!(
            "{} is in use: stop partnerdesk (and anything else that has it open) before restoring",
            database.display()
        );
    }
    let name = database
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "partnerdesk.db".to_owned());
    let temp = database.with_file_name(format!(
        ".{name}.restoring-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let placed = place(&mut source, &temp, &database);
    if placed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    placed?;
    // Read the restored copy itself (one connection, closed on return; no pool, whose
    // background threads could keep a connection, and the WAL, past the process's exit).
    let mut restored = DbConn::Sqlite(maintenance::open_sqlite_read_only(&database)?);
    let pending = maintenance::migration_status(&mut restored)?.pending.len();
    Ok(RestoreReport { database, pending })
}

fn place(
    source: &mut diesel::SqliteConnection,
    temp: &Path,
    database: &Path,
) -> anyhow::Result<()> {
    // A fresh copy rather than the file's bytes: it holds what a -wal beside the source holds.
    maintenance::sqlite_vacuum_into(source, temp)
        .with_context(|| format!("copying into {}", temp.display()))?;
    sync_file(temp)?;
    for suffix in ["-wal", "-shm"] {
        let mut stale = database.as_os_str().to_owned();
        stale.push(suffix);
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing {}", Path::new(&stale).display()));
            }
            _ => {}
        }
    }
    std::fs::rename(temp, database)
        .with_context(|| format!("moving the restored copy to {}", database.display()))?;
    sync_directory_of(database);
    Ok(())
}

/// `partnerdesk migrate --status`: the backend's migrations, applied and pending. Applies nothing.
pub fn migration_status(settings: &Settings) -> anyhow::Result<MigrationStatus> {
    if let DbTarget::Sqlite(path) = DbTarget::parse(&settings.database_url)?
        && !path.is_file()
    {
        bail!(
            "no SQLite database at {} (`partnerdesk migrate` creates it)",
            path.display()
        );
    }
    let mut conn = crate::db::connect_once(&settings.database_url, &settings.pool_options())?;
    Ok(maintenance::migration_status(&mut conn)?)
}

/// The lines `migrate --status` prints.
pub fn describe_migration_status(status: &MigrationStatus) -> String {
    let mut out = String::new();
    for m in &status.applied {
        out.push_str(&format!("applied  {}\n", m.name));
    }
    for m in &status.unknown {
        out.push_str(&format!(
            "applied  {} (unknown to partnerdesk {}: a newer version migrated this database)\n",
            m.name,
            crate::version::DESCRIBED
        ));
    }
    for m in &status.pending {
        out.push_str(&format!("pending  {}\n", m.name));
    }
    out.push_str(&format!(
        "{} applied, {} pending{}\n",
        status.applied.len() + status.unknown.len(),
        status.pending.len(),
        if status.pending.is_empty() {
            ""
        } else {
            ": `partnerdesk migrate` applies them (`serve` does too, at start)"
        }
    ));
    out
}
