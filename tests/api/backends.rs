//! Backends: migrations on each, schema parity, start-up errors, and several app instances on
//! one database.

use std::collections::BTreeMap;
use std::process::Command;

use diesel::prelude::*;
use diesel::sql_types::Text;
use partnerdesk::db::{Db, DbConn, PoolOptions};
use partnerdesk::demo::{self, DemoOutcome};
use partnerdesk::startup::Application;
use reqwest::StatusCode;

use crate::helpers::{
    TEST_ARGON2, TestApp, TestDatabase, csrf_token, form_version, test_settings, text,
};

/// Tables and their columns as `src/db/schema.rs` declares them.
fn declared_schema() -> BTreeMap<String, Vec<String>> {
    let source = include_str!("../../src/db/schema.rs");
    let mut tables = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in source.lines().map(str::trim) {
        if let Some(rest) = line.strip_suffix('{').map(str::trim) {
            if let Some((name, _)) = rest.split_once(' ').filter(|_| rest.contains('(')) {
                current = Some((name.to_owned(), Vec::new()));
            }
        } else if line == "}" {
            if let Some((name, mut cols)) = current.take() {
                cols.sort();
                tables.insert(name, cols);
            }
        } else if let (Some((_, cols)), Some((col, _))) =
            (current.as_mut(), line.split_once(" -> "))
        {
            cols.push(col.to_owned());
        }
    }
    tables
}

#[derive(QueryableByName)]
struct TableColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Tables and columns as the migrated database has them (without diesel's own bookkeeping).
fn actual_schema(conn: &mut DbConn) -> BTreeMap<String, Vec<String>> {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations'"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations'"
        }
    };
    let rows: Vec<TableColumn> = diesel::sql_query(sql)
        .load(conn)
        .expect("introspect schema");
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // SQLite's trigram index (FTS5's virtual table, its shadow tables and the integer key of each
    // customer in it) is SQLite's machinery for the search, as pg_trgm's GIN index is
    // PostgreSQL's: kept by triggers, queried in SQL by db::models::customer, not in schema.rs.
    let rows = rows.into_iter().filter(|row| {
        !crate::helpers::is_fts5_index_table(&row.table_name)
            && row.table_name != "customers_fts_keys"
    });
    for row in rows {
        tables
            .entry(row.table_name)
            .or_default()
            .push(row.column_name);
    }
    tables.values_mut().for_each(|cols| cols.sort());
    tables
}

#[test]
fn migrations_match_the_declared_schema_on_this_backend() {
    // Both backends' migrations are checked against schema.rs (CI runs the suite on each), so the
    // two backends have the same tables and columns.
    let database = TestDatabase::create();
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    let actual = actual_schema(&mut db.get().expect("conn"));
    let declared = declared_schema();
    assert!(declared.len() >= 10, "parsing schema.rs found {declared:?}");
    assert_eq!(actual, declared);
}

#[test]
fn migrations_run_up_down_and_up_again() {
    let database = TestDatabase::create();
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    let mut conn = db.get().expect("conn");
    partnerdesk::db::run_migrations(&mut conn).expect("up");
    partnerdesk::db::revert_all_migrations(&mut conn).expect("down");
    assert!(
        actual_schema(&mut conn).is_empty(),
        "tables left after down"
    );
    partnerdesk::db::run_migrations(&mut conn).expect("up again");
    assert_eq!(actual_schema(&mut conn), declared_schema());
}

pub(crate) fn partnerdesk(args: &[&str], database_url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("PARTNERDESK_CONFIG", "/nonexistent/partnerdesk.toml")
        .env_remove("PARTNERDESK_SESSION_KEY")
        .output()
        .expect("run partnerdesk")
}

#[test]
fn start_up_refuses_a_bad_database_url_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = format!("sqlite://{}/no/such/dir/pd.db", dir.path().display());
    let cases = [
        (
            "mysql://root@127.0.0.1/test",
            "must start with sqlite:// or postgres://",
        ),
        (missing.as_str(), "does not exist"),
        ("sqlite://:memory:", "in-memory SQLite is not supported"),
        (
            "postgres://postgres@127.0.0.1:1/none",
            "cannot connect to the database",
        ),
    ];
    for (url, reason) in cases {
        let out = partnerdesk(&["migrate"], url);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{url}: exited 0");
        assert!(stderr.contains(reason), "{url}: {stderr}");
    }
    assert!(!dir.path().join("no").exists(), "a directory was created");
}

#[test]
fn migrate_succeeds_and_serve_requires_a_session_key() {
    let database = TestDatabase::create();
    let out = partnerdesk(&["migrate"], &database.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = partnerdesk(&["serve", "--bind", "127.0.0.1:0"], &database.url);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PARTNERDESK_SESSION_KEY is required"));
}

#[test]
fn two_demo_loads_at_the_same_moment_load_once() {
    let database = TestDatabase::create();
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    let load = |db: Db| {
        std::thread::spawn(move || {
            let hasher =
                partnerdesk::auth::password::PasswordHasher::new(TEST_ARGON2).expect("hasher");
            let mut conn = db.get().expect("conn");
            demo::load(&mut conn, &|p| hasher.hash(p)).expect("load")
        })
    };
    let (a, b) = (load(db.clone()), load(db.clone()));
    let mut outcomes = [a.join().expect("thread a"), b.join().expect("thread b")];
    outcomes.sort_by_key(|o| matches!(o, DemoOutcome::AlreadyLoaded));
    assert!(
        matches!(outcomes[0], DemoOutcome::Loaded { .. }),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[1], DemoOutcome::AlreadyLoaded);
    use partnerdesk::db::schema::partners;
    let count: i64 = partners::table
        .count()
        .get_result(&mut *db.get().expect("conn"))
        .expect("count");
    assert_eq!(count, 6);
}

/// A second app instance on the first one's database, with the same session key.
async fn second_instance(first: &TestApp) -> String {
    let app = Application::build(test_settings(&first.database.url)).expect("build");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    address
}

#[tokio::test]
async fn two_instances_share_sessions_and_exactly_one_concurrent_change_wins() {
    let a = TestApp::spawn().await;
    let b_address = second_instance(&a).await;
    let mut b = a.new_session();
    b.address = b_address.clone();

    // Signed in on A, the same cookie works on B (cookies are per host, not per port).
    a.login("helpdesk@contoso.example").await;
    let r = a
        .client
        .get(format!("{b_address}/customers"))
        .send()
        .await
        .expect("GET");
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "session from A not accepted by B"
    );

    // admin@contoso on B; both load the same form version, then submit at once.
    b.login("admin@contoso.example").await;
    let path = a.subscription_path("Adatum Corporation", "Office 365 Business Standard");
    let (_, page_a) = a.get_html(&path).await;
    let (_, page_b) = b.get_html(&path).await;
    assert_eq!(form_version(&page_a), form_version(&page_b));
    let before = a.audit_count();
    let (version_a, token_a) = (form_version(&page_a), csrf_token(&page_a));
    let (version_b, token_b) = (form_version(&page_b), csrf_token(&page_b));
    let action = format!("{path}/support-contact");
    let form_a = [
        ("support_contact", "4200001"),
        ("version", version_a.as_str()),
        ("csrf_token", token_a.as_str()),
    ];
    let form_b = [
        ("support_contact", "4200001"),
        ("version", version_b.as_str()),
        ("csrf_token", token_b.as_str()),
    ];
    let (ra, rb) = tokio::join!(a.post_form(&action, &form_a), b.post_form(&action, &form_b));
    let statuses = [ra.status(), rb.status()];
    assert!(
        statuses.contains(&StatusCode::SEE_OTHER) && statuses.contains(&StatusCode::CONFLICT),
        "expected one 303 and one 409, got {statuses:?}"
    );
    let (winner, loser) = if ra.status() == StatusCode::SEE_OTHER {
        ("helpdesk", rb)
    } else {
        ("admin", ra)
    };
    let words = text(&loser.text().await.expect("body"));
    assert!(
        words.contains("changed the designated support contact to Fabrikam Solutions"),
        "{words}"
    );
    let winner_name: String = {
        use partnerdesk::db::schema::users;
        users::table
            .filter(users::email.eq(format!("{winner}@contoso.example")))
            .select(users::display_name)
            .first(&mut *a.conn())
            .expect("user")
    };
    assert!(
        words.contains(&winner_name),
        "conflict message does not name {winner_name}: {words}"
    );
    assert_eq!(a.audit_count(), before + 1, "exactly one audit event");
    let (contact, version) =
        a.support_contact("Adatum Corporation", "Office 365 Business Standard");
    assert_eq!(contact.as_deref(), Some("Fabrikam Solutions"));
    assert_eq!(
        version.to_string(),
        (version_a.parse::<i32>().expect("version") + 1).to_string()
    );
}
