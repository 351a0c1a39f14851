//! A fresh database per test: a copy of a demo-data template built once per test process (a file
//! copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), or an empty one.

use std::sync::{Mutex, OnceLock};

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::{DbConn, PoolOptions};

use super::TEST_ARGON2;

/// A fresh database for one test; dropped (PostgreSQL) or deleted (SQLite) afterwards.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

/// The PostgreSQL server the tests use, if `TEST_DATABASE_URL` names one.
fn postgres_base() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres://") || base.starts_with("postgresql://") => {
            Some(base)
        }
        Ok(other) if !other.is_empty() => {
            panic!("TEST_DATABASE_URL must be a postgres:// URL, got {other}")
        }
        _ => None,
    }
}

fn pg_admin(base: &str) -> PgConnection {
    PgConnection::establish(base).unwrap_or_else(|e| {
        panic!("TEST_DATABASE_URL is set but PostgreSQL is not reachable at {base}: {e}")
    })
}

fn execute(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Migrates a database and loads the demo data into it, over one connection of its own that is
/// closed on return: a pool would keep background threads that may still be connecting to it.
fn load_demo(url: &str) {
    let mut conn = partnerdesk::db::connect_once(url, &PoolOptions::default()).expect("connect");
    partnerdesk::db::run_migrations(&mut conn).expect("migrate");
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    partnerdesk::demo::load(&mut conn, &|p| hasher.hash(p)).expect("demo data");
    if let DbConn::Sqlite(_) = &mut conn {
        // Fold the WAL into the main file, which is what gets copied.
        diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .expect("checkpoint");
    }
}

/// A migrated database holding the demo data, built once per test process and copied for each
/// test: loading the demo data for every test dominated the suite's time.
enum DemoTemplate {
    Sqlite(std::path::PathBuf),
    /// A database marked as a template that accepts no connections: PostgreSQL copies a database
    /// only while no other session is connected to it, so none may ever be.
    Postgres(String),
}

fn demo_template() -> &'static DemoTemplate {
    static TEMPLATE: OnceLock<DemoTemplate> = OnceLock::new();
    TEMPLATE.get_or_init(|| match postgres_base() {
        Some(base) => {
            let name = format!(
                "pd_tpl_{}_{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            );
            let mut admin = pg_admin(&base);
            execute(&mut admin, &format!("CREATE DATABASE {name}"));
            load_demo(&replace_db_name(&base, &name));
            execute(
                &mut admin,
                &format!("ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"),
            );
            drop_stale_templates(&mut admin, &name);
            DemoTemplate::Postgres(name)
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir").keep();
            let path = dir.join("template.db");
            load_demo(&format!("sqlite://{}", path.display()));
            DemoTemplate::Sqlite(path)
        }
    })
}

/// Templates of earlier test runs whose process is gone (named pd_tpl_<pid>_…).
fn drop_stale_templates(admin: &mut PgConnection, keep: &str) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query(
        "SELECT datname::text AS datname FROM pg_database WHERE datname LIKE 'pd_tpl_%'",
    )
    .load(admin)
    .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if datname != keep && !alive {
            // A template cannot be dropped.
            let _ = diesel::sql_query(format!("ALTER DATABASE {datname} IS_TEMPLATE false"))
                .execute(admin);
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
                .execute(admin);
        }
    }
}

impl TestDatabase {
    /// A fresh database holding the demo data.
    pub fn with_demo() -> Self {
        match demo_template() {
            DemoTemplate::Postgres(template) => {
                let base = postgres_base().expect("TEST_DATABASE_URL");
                Self::postgres(&base, Some(template))
            }
            DemoTemplate::Sqlite(template) => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("test.db");
                std::fs::copy(template, &path).expect("copy the demo template");
                Self {
                    url: format!("sqlite://{}", path.display()),
                    _dir: Some(dir),
                    pg_admin: None,
                }
            }
        }
    }

    /// A fresh, empty database (no tables).
    pub fn create() -> Self {
        match postgres_base() {
            Some(base) => Self::postgres(&base, None),
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                Self {
                    url,
                    _dir: Some(dir),
                    pg_admin: None,
                }
            }
        }
    }

    fn postgres(base: &str, template: Option<&str>) -> Self {
        // Copies of a template one at a time: the tests of this process are the only ones that
        // copy it, and nothing else can connect to it (`DemoTemplate::Postgres`).
        static COPYING: Mutex<()> = Mutex::new(());
        let name = format!("pd_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = pg_admin(base);
        match template {
            Some(t) => {
                let _one_at_a_time = COPYING.lock().unwrap_or_else(|e| e.into_inner());
                execute(&mut admin, &format!("CREATE DATABASE {name} TEMPLATE {t}"));
            }
            None => execute(&mut admin, &format!("CREATE DATABASE {name}")),
        }
        Self {
            url: replace_db_name(base, &name),
            _dir: None,
            pg_admin: Some((base.to_owned(), name)),
        }
    }

    /// The same database, for another app or client: dropping it leaves the database alone.
    pub fn shared(&self) -> Self {
        Self {
            url: self.url.clone(),
            _dir: None,
            pg_admin: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres://") || self.url.starts_with("postgresql://")
    }
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let prefix_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[prefix_end..].find('/').map(|i| prefix_end + i);
    let root = path_start.map_or(base, |i| &base[..i]);
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.pg_admin
            && let Ok(mut admin) = PgConnection::establish(base)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

/// SQLite's FTS5 trigram index of `customers.search` (the virtual table and the shadow tables
/// FTS5 makes for it): written only by the triggers that follow `customers`, queried only by
/// `db::models::customer`, and absent from `schema.rs` and PostgreSQL (whose trigram index is an
/// ordinary index). `customers_fts_keys`, the stable integer key of each customer in it, is not
/// one of them.
pub fn is_fts5_index_table(name: &str) -> bool {
    name == "customers_fts"
        || ["data", "idx", "docsize", "config", "content"]
            .iter()
            .any(|shadow| name == format!("customers_fts_{shadow}"))
}
