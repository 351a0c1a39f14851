//! Running the service: the real binary stopped by SIGTERM in the middle of a request, its version,
//! and the operator's commands (`backup`, `restore`, `migrate --status`).

use std::path::Path;
use std::process::{Command, ExitStatus};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use partnerdesk::db::schema::{relationship_invitations, users};
use partnerdesk::db::{Db, PoolOptions};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::backends::partnerdesk;
use crate::helpers::{PASSWORD, Served, TestApp, TestDatabase, csrf_token};

impl Served {
    /// Sends SIGTERM, as systemd and container runtimes do to stop a service.
    pub(crate) fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits until a connection to the server's port is refused: it has stopped accepting.
    async fn wait_until_refused(&self, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            match TcpStream::connect(&self.address).await {
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => return,
                _ => {}
            }
            assert!(
                Instant::now() < deadline,
                "still accepting connections {within:?} after SIGTERM: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for the process to exit; panics past `within`.
    pub(crate) async fn exit_status(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running {within:?} after SIGTERM: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// One HTTP/1.1 response read off a raw connection: status, header lines, body.
struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads until the end of a response head (`\r\n\r\n`), keeping what follows in `buffer`.
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> String {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            buffer.drain(..end + 4);
            return head;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(
            n > 0,
            "connection closed before a response: {:?}",
            String::from_utf8_lossy(buffer)
        );
        buffer.extend_from_slice(&chunk[..n]);
    }
}

async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> RawResponse {
    let head = read_head(stream, buffer).await;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {head}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut response = RawResponse {
        status,
        headers,
        body: String::new(),
    };
    assert!(
        response.header("transfer-encoding").is_none(),
        "chunked answers are not read here"
    );
    let length: usize = response
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.expect("read body");
        assert!(n > 0, "connection closed inside a body");
        buffer.extend_from_slice(&chunk[..n]);
    }
    response.body = String::from_utf8_lossy(&buffer[..length]).into_owned();
    buffer.drain(..length);
    response
}

/// A sign-in whose head has been read by the server (it answered `100 Continue`, which it does
/// when the handler starts) and whose body has not been sent yet: a request in flight.
struct SignInInFlight {
    stream: TcpStream,
    buffer: Vec<u8>,
    body: String,
}

async fn start_sign_in(address: &str, email: &str) -> SignInInFlight {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let mut buffer = Vec::new();
    stream
        .write_all(format!("GET /login HTTP/1.1\r\nHost: {address}\r\n\r\n").as_bytes())
        .await
        .expect("write");
    let page = read_response(&mut stream, &mut buffer).await;
    assert_eq!(page.status, 200, "GET /login");
    let cookies: Vec<&str> = page
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next())
        .collect();
    let body = serde_urlencoded::to_string([
        ("email", email),
        ("password", PASSWORD),
        ("csrf_token", &csrf_token(&page.body)),
    ])
    .expect("form");
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: {address}\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Expect: 100-continue\r\n\r\n",
        cookies.join("; "),
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let go_on = read_head(&mut stream, &mut buffer).await;
    assert!(go_on.starts_with("HTTP/1.1 100"), "{go_on}");
    SignInInFlight {
        stream,
        buffer,
        body,
    }
}

/// SIGTERM while a sign-in is in flight: the server stops accepting at once, the sign-in still
/// completes (its password rehash, with the configured cost, runs after the signal and is
/// stored), and the process exits 0 having closed its pool (on SQLite the last connection's close
/// folds the WAL into the database and removes it).
#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let database = TestDatabase::with_demo();
    // The demo users' hashes are cheap; with this cost a sign-in rehashes the password.
    let mut served = Served::start(
        &database,
        &[
            ("PARTNERDESK_ARGON2__MEMORY_KIB", "32768"),
            ("PARTNERDESK_ARGON2__ITERATIONS", "3"),
        ],
    )
    .await;
    let mut sign_in = start_sign_in(&served.address, "admin@contoso.example").await;

    served.terminate();
    served.wait_until_refused(Duration::from_secs(10)).await;
    sign_in
        .stream
        .write_all(sign_in.body.as_bytes())
        .await
        .expect("send the body after SIGTERM");
    let answer = read_response(&mut sign_in.stream, &mut sign_in.buffer).await;
    assert_eq!(answer.status, 303, "{}", served.log());
    assert_eq!(answer.header("location"), Some("/"));
    assert!(
        answer
            .header("set-cookie")
            .is_some_and(|c| c.starts_with("partnerdesk=")),
        "signed in"
    );

    let status = served.exit_status(Duration::from_secs(20)).await;
    assert!(status.success(), "exit {status:?}: {}", served.log());

    if let Some(path) = database.url.strip_prefix("sqlite://") {
        assert!(
            !Path::new(&format!("{path}-wal")).exists(),
            "a WAL was left behind: the pool was not closed"
        );
    }
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    let hash: String = users::table
        .filter(users::email.eq("admin@contoso.example"))
        .select(users::password_hash)
        .first(&mut *db.get().expect("conn"))
        .expect("user");
    assert!(
        hash.contains("m=32768,t=3"),
        "the rehash made after SIGTERM was stored: {hash}"
    );
}

/// `shutdown_timeout_secs` bounds the wait: a request that never completes (its body never comes)
/// is cut after it, and the process still exits 0, long before actix's default 30 seconds.
#[tokio::test]
async fn shutdown_timeout_bounds_the_wait_for_a_stuck_request() {
    let database = TestDatabase::with_demo();
    let mut served = Served::start(&database, &[("PARTNERDESK_SHUTDOWN_TIMEOUT_SECS", "1")]).await;
    let mut stuck = start_sign_in(&served.address, "admin@contoso.example").await;

    let stopping = Instant::now();
    served.terminate();
    let status = served.exit_status(Duration::from_secs(10)).await;
    assert!(status.success(), "exit {status:?}: {}", served.log());
    assert!(
        stopping.elapsed() >= Duration::from_millis(900),
        "exited after {:?}, before the request's time was up",
        stopping.elapsed()
    );
    let mut rest = [0u8; 64];
    let n = stuck.stream.read(&mut rest).await.unwrap_or(0);
    assert_eq!(n, 0, "the stuck connection is closed");
}

/// `partnerdesk --version` names the package version and the git revision it was built from;
/// `/healthz` says the same in a header, and its body stays "ok".
#[tokio::test]
async fn the_binary_and_healthz_report_version_and_revision() {
    let out = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .arg("--version")
        .output()
        .expect("run partnerdesk --version");
    assert!(out.status.success());
    let line = String::from_utf8_lossy(&out.stdout).trim_end().to_owned();
    let revision = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let described = format!("{} ({revision})", env!("CARGO_PKG_VERSION"));
    assert_eq!(line, format!("partnerdesk {described}"));

    let app = TestApp::spawn().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get("x-partnerdesk-version")
            .and_then(|v| v.to_str().ok()),
        Some(described.as_str())
    );
    assert_eq!(r.text().await.expect("body"), "ok");
}

fn invitation_count(conn: &mut SqliteConnection) -> i64 {
    relationship_invitations::table
        .count()
        .get_result(conn)
        .expect("count invitations")
}

fn integrity(conn: &mut SqliteConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    diesel::sql_query("PRAGMA integrity_check")
        .load::<Line>(conn)
        .expect("integrity_check")
        .into_iter()
        .map(|l| l.integrity_check)
        .collect()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `partnerdesk backup` while the server takes writes (invitations created through HTTP, one
/// after the other, without pause): the copy opens, passes `PRAGMA integrity_check`, and holds
/// every invitation whose creation had been answered before the backup started. On PostgreSQL
/// the command refuses, names pg_dump, and writes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_during_writes_is_consistent_and_holds_every_committed_change() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("backup.db");
    let copy_arg = copy.to_string_lossy().into_owned();
    if app.database.is_postgres() {
        let out = partnerdesk(&["backup", &copy_arg], &app.database.url);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("pg_dump --format=custom"),
            "{}",
            stderr(&out)
        );
        assert!(!copy.exists(), "a file was written");
        return;
    }
    let baseline: i64 = relationship_invitations::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count");
    let writer = app.signed_in("admin@contoso.example").await;
    let committed = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (committed, stop) = (committed.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                crate::helpers::create_invitation(&writer, false).await;
                committed.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    while committed.load(Ordering::SeqCst) < 5 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let answered_before = committed.load(Ordering::SeqCst);
    let url = app.database.url.clone();
    let arg = copy_arg.clone();
    let out = tokio::task::spawn_blocking(move || partnerdesk(&["backup", &arg], &url))
        .await
        .expect("backup");
    let answered_after_backup = committed.load(Ordering::SeqCst);
    // The writer keeps going past the backup: it wrote before, during and after it.
    while committed.load(Ordering::SeqCst) <= answered_after_backup {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("backed up"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let mut copy_conn =
        SqliteConnection::establish(&format!("file:{}?mode=ro", copy.display())).expect("open");
    assert_eq!(integrity(&mut copy_conn), ["ok"]);
    let in_copy = invitation_count(&mut copy_conn) - baseline;
    let in_copy = usize::try_from(in_copy).expect("no fewer than before");
    assert!(
        (answered_before..=answered_after_backup + 1).contains(&in_copy),
        "{in_copy} new invitations in the copy; {answered_before} answered before the backup \
         began, {answered_after_backup} when it ended"
    );

    // A second backup to the same name is refused, and the first copy is untouched.
    let size = std::fs::metadata(&copy).expect("copy").len();
    let out = partnerdesk(&["backup", &copy_arg], &app.database.url);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("exists: refusing to overwrite it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::metadata(&copy).expect("copy").len(), size);
}

/// `partnerdesk restore FILE` on SQLite: refuses a file that is not a database and a database in
/// use; with the server stopped it puts the backup in place (the changes made since are gone,
/// no stale WAL is replayed into it) and the result passes the integrity check.
#[test]
fn restore_checks_the_backup_refuses_a_database_in_use_and_replaces_it() {
    let database = TestDatabase::with_demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("backup.db");
    let copy_arg = copy.to_string_lossy().into_owned();
    if database.is_postgres() {
        let out = partnerdesk(&["restore", &copy_arg], &database.url);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("pg_restore"), "{}", stderr(&out));
        return;
    }
    let out = partnerdesk(&["backup", &copy_arg], &database.url);
    assert!(out.status.success(), "{}", stderr(&out));

    // Changes after the backup, left in the WAL by a connection that stays open.
    let db = Db::connect(
        &database.url,
        &PoolOptions {
            max_size: 1,
            ..PoolOptions::default()
        },
    )
    .expect("connect");
    let live = || {
        users::table
            .count()
            .get_result::<i64>(&mut *db.get().expect("conn"))
            .expect("count")
    };
    let users_in_backup = live();
    diesel::sql_query("DELETE FROM sessions")
        .execute(&mut *db.get().expect("conn"))
        .expect("delete");
    diesel::sql_query("UPDATE users SET display_name = 'Changed after the backup'")
        .execute(&mut *db.get().expect("conn"))
        .expect("update");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(
        &garbage,
        b"this is not a database, just some bytes".repeat(200),
    )
    .expect("write");
    let out = partnerdesk(&["restore", &garbage.to_string_lossy()], &database.url);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a readable SQLite database"),
        "{}",
        stderr(&out)
    );

    let out = partnerdesk(&["restore", &copy_arg], &database.url);
    assert!(!out.status.success(), "restored under a running pool");
    assert!(stderr(&out).contains("is in use"), "{}", stderr(&out));
    assert_eq!(live(), users_in_backup, "nothing was touched");

    // As a crash would leave it: the WAL holding those changes beside the database. It must not
    // be replayed into the restored copy.
    let path = database.url.strip_prefix("sqlite://").expect("sqlite path");
    let wal = format!("{path}-wal");
    let stale_wal = std::fs::read(&wal).expect("the changes are in the WAL");
    drop(db);
    std::fs::write(&wal, stale_wal).expect("put the WAL back");
    let out = partnerdesk(&["restore", &copy_arg], &database.url);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("restored"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!Path::new(&wal).exists());
    let mut conn = SqliteConnection::establish(path).expect("open restored");
    assert_eq!(integrity(&mut conn), ["ok"]);
    let changed: i64 = users::table
        .filter(users::display_name.eq("Changed after the backup"))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(changed, 0, "the backup's contents, not the later changes");
    assert_eq!(
        users::table
            .count()
            .get_result::<i64>(&mut conn)
            .expect("count"),
        users_in_backup
    );
    let leftovers: Vec<_> = std::fs::read_dir(Path::new(path).parent().expect("dir"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `migrate --status` lists every migration as pending on an empty database, as applied after
/// `migrate`, and the reverted last one as pending again; it applies nothing itself.
#[test]
fn migrate_status_lists_applied_and_pending_migrations() {
    let database = TestDatabase::create();
    let status = |database: &TestDatabase| {
        let out = partnerdesk(&["migrate", "--status"], &database.url);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    if !database.is_postgres() {
        // SQLite: no file yet; the command says so instead of creating one.
        let out = partnerdesk(&["migrate", "--status"], &database.url);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("no SQLite database at"),
            "{}",
            stderr(&out)
        );
        let path = database.url.strip_prefix("sqlite://").expect("path");
        assert!(!Path::new(path).exists(), "a database file was created");
        std::fs::File::create(path).expect("an empty database");
    }
    let dir = if database.is_postgres() {
        "migrations/postgres"
    } else {
        "migrations/sqlite"
    };
    let mut names: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect("migrations")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let total = names.len();
    assert!(total >= 2, "{names:?}");

    let before = status(&database);
    for name in &names {
        assert!(before.contains(&format!("pending  {name}\n")), "{before}");
    }
    assert!(
        before.contains(&format!(
            "0 applied, {total} pending: `partnerdesk migrate`"
        )),
        "{before}"
    );
    assert_eq!(status(&database), before, "--status applied nothing");

    let out = partnerdesk(&["migrate"], &database.url);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = status(&database);
    for name in &names {
        assert!(after.contains(&format!("applied  {name}\n")), "{after}");
    }
    assert!(
        after.ends_with(&format!("{total} applied, 0 pending\n")),
        "{after}"
    );

    let last = names.last().expect("a migration");
    let version: String = last
        .split('_')
        .next()
        .expect("version")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    partnerdesk::db::revert_migrations_from(&mut db.get().expect("conn"), &version)
        .expect("revert the last migration");
    drop(db);
    let reverted = status(&database);
    assert!(
        reverted.contains(&format!("pending  {last}\n")),
        "{reverted}"
    );
    assert!(
        reverted.contains(&format!("{} applied, 1 pending", total - 1)),
        "{reverted}"
    );
}

/// The deployment examples hold together: `docs/deploy/partnerdesk.toml` loads in the real binary
/// (a misspelled or retired key would stop it), the unit waits longer for a stop than the
/// configuration lets requests finish, and it may write the SQLite database's directory.
#[test]
fn the_deployment_examples_load_and_agree() {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy");
    let database = TestDatabase::create();
    let out = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .arg("migrate")
        .env("PARTNERDESK_CONFIG", deploy.join("partnerdesk.toml"))
        // The file's database_url is /var/lib/…: the environment overrides it, as documented.
        .env("DATABASE_URL", &database.url)
        .env_remove("PARTNERDESK_SESSION_KEY")
        .output()
        .expect("run partnerdesk");
    assert!(out.status.success(), "{}", stderr(&out));

    let config = std::fs::read_to_string(deploy.join("partnerdesk.toml")).expect("toml");
    let unit = std::fs::read_to_string(deploy.join("partnerdesk.service")).expect("unit");
    let value = |text: &str, key: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key}"))
            .trim_matches(|c: char| c == ' ' || c == '=' || c == '"')
            .to_owned()
    };
    let shutdown: u64 = value(&config, "shutdown_timeout_secs")
        .parse()
        .expect("seconds");
    let stop: u64 = value(&unit, "TimeoutStopSec")
        .trim_end_matches('s')
        .parse()
        .expect("seconds");
    assert!(
        stop > shutdown,
        "TimeoutStopSec={stop}s, shutdown_timeout_secs = {shutdown}"
    );
    assert_eq!(value(&unit, "KillSignal"), "SIGTERM");
    let sqlite = value(&config, "database_url");
    let dir = Path::new(sqlite.strip_prefix("sqlite://").expect("sqlite"))
        .parent()
        .expect("directory");
    assert_eq!(Path::new(&value(&unit, "ReadWritePaths")), dir);
}
