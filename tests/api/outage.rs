//! When the database goes away and comes back: the product's 503 page with `Retry-After`, at
//! once and in the reader's language, instead of an empty 500 after the pool's timeout; `/healthz`
//! (alive, and the database answers) and `/readyz` (migrations applied too); and the same process
//! serving again, sessions intact, once the database is back.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

use partnerdesk::db::PoolOptions;
use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::helpers::{Spawn, TestApp, TestDatabase, text};

/// A TCP proxy in front of the test's PostgreSQL server. Stopping it is the database going away
/// for the app behind it (the listener closes and every proxied connection is cut) without
/// touching the server, which other tests share.
struct Proxy {
    port: u16,
    upstream: SocketAddr,
    running: Option<(watch::Sender<bool>, JoinHandle<()>)>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let mut proxy = Proxy {
            port,
            upstream,
            running: None,
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&mut self, listener: TcpListener) {
        let (stop, mut stopped) = watch::channel(false);
        let upstream = self.upstream;
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    accepted = listener.accept() => {
                        let Ok((mut client, _)) = accepted else { continue };
                        let mut stop = stopped.clone();
                        connections.spawn(async move {
                            let Ok(mut server) = TcpStream::connect(upstream).await else {
                                return;
                            };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                                _ = stop.changed() => {}
                            }
                        });
                    }
                }
            }
            drop(listener);
            while connections.join_next().await.is_some() {}
        });
        self.running = Some((stop, task));
    }

    /// The database goes away: returns once the listener is closed and every connection cut.
    async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(true);
            task.await.expect("proxy task");
        }
    }

    /// The database is back, at the same address.
    async fn restart(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(listener) => break listener,
                Err(e) => {
                    assert!(Instant::now() < deadline, "rebinding {}: {e}", self.port);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        self.serve(listener);
    }
}

/// The PostgreSQL server of `TEST_DATABASE_URL`, if it names one over TCP.
fn postgres_server() -> Option<SocketAddr> {
    let base = std::env::var("TEST_DATABASE_URL").ok()?;
    if !(base.starts_with("postgres://") || base.starts_with("postgresql://")) {
        return None;
    }
    let url = url::Url::parse(&base).ok()?;
    let host = url.host_str().filter(|h| !h.is_empty())?;
    (host, url.port().unwrap_or(5432))
        .to_socket_addrs()
        .ok()?
        .next()
}

/// A database URL with its server replaced by the proxy.
fn through(url: &str, proxy: &Proxy) -> String {
    let mut url = url::Url::parse(url).expect("database URL");
    url.set_host(Some("127.0.0.1")).expect("host");
    url.set_port(Some(proxy.port)).expect("port");
    url.to_string()
}

/// An answer while the database is away: the product's error page with this title, a
/// `Retry-After`, the security headers, and no wait for the pool's timeout.
async fn assert_unavailable(what: &str, r: reqwest::Response, took: Duration, title: &str) {
    let limit = Duration::from_secs(2);
    assert!(
        PoolOptions::default().connection_timeout >= Duration::from_secs(5),
        "the bound below means nothing unless the pool would wait longer"
    );
    println!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?}");
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "{what}");
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let retry_after = header("retry-after");
    assert!(
        retry_after
            .parse::<u32>()
            .is_ok_and(|s| (1..=120).contains(&s)),
        "{what}: Retry-After {retry_after:?}"
    );
    assert!(header("content-type").starts_with("text/html"), "{what}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert!(
        header("content-security-policy").contains("default-src 'self'"),
        "{what}"
    );
    let id = header("x-request-id");
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "{what}: X-Request-Id {id:?}"
    );
    let html = r.text().await.expect("body");
    assert_eq!(
        crate::helpers::page_reference(&html).as_deref(),
        Some(id.as_str()),
        "{what}: the page's reference is the request id"
    );
    let page = text(&html);
    assert!(page.contains(title), "{what}: {page}");
}

/// With the database gone (a proxy in front of PostgreSQL is stopped), `/healthz`, `/readyz`, the
/// sign-in page and form and a signed-in page answer 503 pages with `Retry-After`, each at once
/// (the pool would wait 5 s), in English or Polish as the browser asks; once the proxy is back on
/// the same port the same process serves again, to the same session. (Several threads: the
/// harness connects synchronously through the proxy, which must keep running meanwhile.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_database_gone_pages_answer_503_at_once_and_the_process_serves_again_after() {
    let Some(server) = postgres_server() else {
        println!(
            "skipped: needs TEST_DATABASE_URL=postgres://… over TCP (a SQLite file the app holds \
             open cannot be made unreachable faithfully); CI runs the suite on PostgreSQL too"
        );
        return;
    };
    let database = TestDatabase::with_demo();
    let mut proxy = Proxy::start(server).await;
    let app = TestApp::spawn_with(Spawn {
        database_url: Some(through(&database.url, &proxy)),
        ..Spawn::default()
    })
    .await;
    app.login("helpdesk@contoso.example").await;
    // A visitor with a sign-in form open, and a monitor (which sends no cookie).
    let anonymous = app.new_session();
    let token = anonymous.csrf("/login").await;
    let monitor = app.new_session();
    assert_eq!(app.get("/customers").await.status(), StatusCode::OK);
    for path in ["/healthz", "/readyz"] {
        assert_eq!(monitor.get(path).await.status(), StatusCode::OK, "{path}");
    }

    proxy.stop().await;

    let unreachable = "The database is unreachable";
    let en = "Service unavailable";
    let pl = "Usługa niedostępna";
    // The first request after the outage, too, must not wait for the pool's timeout.
    for (who, client, path, lang, title) in [
        ("signed in", &app, "/customers", "en", en),
        ("signed in", &app, "/customers", "pl", pl),
        ("signed in", &app, "/login", "en", en),
        ("monitor", &monitor, "/healthz", "en", unreachable),
        (
            "monitor",
            &monitor,
            "/healthz",
            "pl",
            "Baza danych jest nieosiągalna",
        ),
        ("monitor", &monitor, "/readyz", "en", unreachable),
        ("anonymous", &anonymous, "/healthz", "en", en),
        ("signed in", &app, "/customers", "en", en),
    ] {
        let started = Instant::now();
        let r = client
            .client
            .get(client.url(path))
            .header("accept-language", lang)
            .send()
            .await
            .expect("GET");
        let what = format!("{who} GET {path} ({lang})");
        assert_unavailable(&what, r, started.elapsed(), title).await;
    }
    let started = Instant::now();
    let r = anonymous
        .client
        .post(anonymous.url("/login"))
        .header("accept-language", "pl-PL,pl;q=0.9")
        .form(&[
            ("email", "helpdesk@contoso.example"),
            ("password", crate::helpers::PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST");
    assert_unavailable("POST /login (pl)", r, started.elapsed(), pl).await;
    // Signing in needs no stored session before the form is sent, so the sign-in page itself may
    // be shown; if it needs the database, it says so like the others.
    let started = Instant::now();
    let r = app.new_session().get("/login").await;
    if r.status() != StatusCode::OK {
        assert_unavailable("anonymous GET /login", r, started.elapsed(), en).await;
    }

    proxy.restart().await;

    let back = Instant::now();
    let deadline = back + Duration::from_secs(30);
    loop {
        let (status, page) = app.get_html("/customers").await;
        if status == StatusCode::OK {
            assert!(text(&page).contains("Adatum Corporation"), "{page}");
            println!(
                "serving again {:?} after the database came back",
                back.elapsed()
            );
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{page}");
        assert!(
            Instant::now() < deadline,
            "still {status} 30 s after the database came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (path, body) in [("/healthz", "ok"), ("/readyz", "ready")] {
        assert_eq!(
            monitor.get_html(path).await,
            (StatusCode::OK, body.to_owned())
        );
    }
    let r = anonymous
        .post_form(
            "/login",
            &[
                ("email", "helpdesk@contoso.example"),
                ("password", crate::helpers::PASSWORD),
                ("csrf_token", &anonymous.csrf("/login").await),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "sign-in after the outage"
    );
    drop(app);
    drop(database);
}

/// `/readyz` answers 200 only with every migration of the backend applied; `/healthz` (the process
/// is alive and the database answers) stays 200 meanwhile.
#[tokio::test]
async fn readyz_answers_503_while_migrations_are_pending_and_healthz_stays_ok() {
    let app = TestApp::spawn_with(Spawn {
        no_demo: true,
        ..Spawn::default()
    })
    .await;
    assert_eq!(
        app.get_html("/readyz").await,
        (StatusCode::OK, "ready".to_owned())
    );

    partnerdesk::db::revert_all_migrations(&mut app.conn()).expect("revert");
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.headers().contains_key("retry-after"));
    let page = text(&r.text().await.expect("body"));
    assert!(page.contains("not applied"), "{page}");
    assert_eq!(
        app.get_html("/healthz").await,
        (StatusCode::OK, "ok".to_owned())
    );

    partnerdesk::db::run_migrations(&mut app.conn()).expect("migrate");
    assert_eq!(
        app.get_html("/readyz").await,
        (StatusCode::OK, "ready".to_owned())
    );
}

/// Connections are not tested on every checkout (that is a round trip per request on PostgreSQL),
/// so when the server ends the pool's connections (a restart, an administrator, a proxy's idle
/// cut), a dead one is found when a query on it fails: it is discarded, the session store (the
/// first query of a signed-in request) tries again on another connection, and every checkout
/// tests its connection for a while. So each dead connection fails at most one request, with the
/// 503 page (try again), never a 500, and none is used again: a request that checked out another
/// dead connection before the first was found is the only way to meet one.
#[tokio::test]
async fn when_the_server_ends_pooled_connections_each_fails_one_request_at_most() {
    if postgres_server().is_none() {
        println!(
            "skipped: needs TEST_DATABASE_URL=postgres://… (SQLite connections cannot be cut)"
        );
        return;
    }
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    // Counted on a connection of its own: the app's pool, whose connections are cut below,
    // may refuse a checkout at once while it sees the database as down.
    let url = app.database.url.clone();
    let opened = || -> i64 {
        use diesel::prelude::*;
        let mut conn =
            partnerdesk::db::connect_once(&url, &partnerdesk::db::PoolOptions::default())
                .expect("connect to count connections");
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())",
        ))
        .get_result(&mut conn)
        .expect("count connections")
    };
    // Concurrent requests, each holding a connection, until the pool (4 in tests) is all open.
    let batch = || futures_util::future::join_all((0..8).map(|_| app.get_html("/customers")));
    for _ in 0..20 {
        assert!(batch().await.iter().all(|(s, _)| *s == StatusCode::OK));
        if opened() > 4 {
            break;
        }
    }
    // The pool's connections, without the one that counts them.
    let before = opened() - 1;
    assert!(before >= 4, "only {before} connections opened");

    // From outside the pool too, so that every pooled connection is cut.
    {
        use diesel::prelude::*;
        let mut conn =
            partnerdesk::db::connect_once(&url, &partnerdesk::db::PoolOptions::default())
                .expect("connect to cut connections");
        diesel::sql_query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .execute(&mut conn)
        .expect("cut the connections");
    }
    // The ended backends leave pg_stat_activity as they exit.
    let deadline = Instant::now() + Duration::from_secs(10);
    while opened() > 1 {
        assert!(
            Instant::now() < deadline,
            "the cut connections are still open"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let mut failed = 0;
    for round in 0..10 {
        for (status, page) in batch().await {
            match status {
                StatusCode::OK => assert!(text(&page).contains("Adatum Corporation")),
                StatusCode::SERVICE_UNAVAILABLE => failed += 1,
                other => panic!("round {round} after the cut: {other}: {page}"),
            }
        }
    }
    println!("{before} connections cut; {failed} request(s) answered 503");
    assert!(
        failed <= before,
        "{failed} requests failed: more than the {before} dead connections"
    );
}
