//! Several instances for real (issue 17): the sign-in throttle counted once for all the instances
//! on a database, expired sessions and drained counters purged by a periodic task, and two
//! instances of the real binary behind nginx over HTTPS, as docs/deployment.md sets them up.

mod nginx;

use std::net::IpAddr;

use diesel::prelude::*;
use partnerdesk::db::schema::{login_failures, sessions};
use partnerdesk::db::{Db, PoolOptions};
use reqwest::StatusCode;
use reqwest::header::ORIGIN;

use crate::helpers::{PASSWORD, Served, Spawn, TestApp, TestDatabase, csrf_token, location};

const HELPDESK: &str = "helpdesk@contoso.example";

fn loopback(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

/// Five failures (the default account burst) spread over two instances on one database exhaust
/// the account as five on one would: the sixth attempt waits on either instance. The owner, from
/// an address that has not failed, still signs in, on the instance that did not see the failures.
#[tokio::test]
async fn failures_spread_over_two_instances_count_as_on_one() {
    let first = TestApp::spawn().await;
    let second = first.another_instance(Spawn::default()).await;
    for i in 0..5 {
        let instance = if i % 2 == 0 { &first } else { &second };
        let r = instance.try_login(HELPDESK, "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "failure {i}");
    }
    for (name, instance) in [("first", &first), ("second", &second)] {
        let r = instance.try_login(HELPDESK, PASSWORD).await;
        assert_eq!(
            r.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the {name} instance allowed a sixth attempt: each counted only its own failures"
        );
        assert!(r.headers().get("retry-after").is_some());
    }
    let owner = second.new_session_from(loopback(3));
    owner.login(HELPDESK).await;
    assert_eq!(owner.get("/customers").await.status(), StatusCode::OK);
}

/// Twelve wrong guesses sent at once, half to each instance: exactly the burst of five is
/// checked, the other seven wait. The check and the reservation are one transaction under the
/// counters' locks, so two instances cannot both take the last allowed guess.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_guesses_on_two_instances_get_one_burst() {
    let first = TestApp::spawn().await;
    let second = first.another_instance(Spawn::default()).await;
    let mut guessers = Vec::new();
    for i in 0..12 {
        let guesser = if i % 2 == 0 { &first } else { &second }.new_session();
        let token = guesser.csrf("/login").await;
        guessers.push((guesser, token));
    }
    let guesses = guessers.into_iter().map(|(guesser, token)| {
        tokio::spawn(async move {
            let form = [
                ("email", HELPDESK),
                ("password", "wrong password"),
                ("csrf_token", token.as_str()),
            ];
            guesser.post_form("/login", &form).await.status()
        })
    });
    let mut statuses = Vec::new();
    for guess in guesses.collect::<Vec<_>>() {
        statuses.push(guess.await.expect("guess"));
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let waiting = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, waiting), (5, 7), "{statuses:?}");
}

fn session_ids(app: &TestApp) -> Vec<String> {
    sessions::table
        .select(sessions::id)
        .order(sessions::id)
        .load(&mut *app.conn())
        .expect("sessions")
}

fn counter_ids(app: &TestApp) -> Vec<String> {
    login_failures::table
        .select(login_failures::id)
        .order(login_failures::id)
        .load(&mut *app.conn())
        .expect("counters")
}

fn insert_session(app: &TestApp, id: &str, expires_in: chrono::TimeDelta) {
    crate::fixtures::add_session(app, id, partnerdesk::db::now() + expires_in);
}

/// A login-failure counter draining at `now + drains_in` (the model has no insert of its own: its
/// `update` creates the counters it needs, clean).
fn insert_counter(app: &TestApp, id: &str, drains_in: chrono::TimeDelta) {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(id),
            login_failures::drained_at.eq(partnerdesk::db::now() + drains_in),
        ))
        .execute(&mut *app.conn())
        .expect("insert counter");
}

/// Waits (a minute at most, though the purge runs every second) until `done` holds.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// With `purge_interval_secs = 1`, expired sessions and drained counters disappear without any
/// request (no sign-in, which used to be what deleted expired sessions), again and again, while
/// live ones stay.
#[tokio::test]
async fn the_periodic_purge_deletes_expired_sessions_and_drained_counters_without_a_sign_in() {
    let app = TestApp::spawn_configured(|s| s.purge_interval_secs = 1).await;
    let hour = chrono::TimeDelta::hours(1);
    insert_session(&app, "live", hour);
    insert_counter(&app, "live", hour);
    for round in ["first", "second"] {
        insert_session(&app, &format!("expired-{round}"), -hour);
        insert_counter(&app, &format!("drained-{round}"), -hour);
        eventually(
            &format!("the {round} expired session and drained counter are still there"),
            || session_ids(&app) == ["live"] && counter_ids(&app) == ["live"],
        )
        .await;
    }
}

/// A purge that fails (its table is gone) is logged, and the next one is tried: the process goes
/// on serving.
#[tokio::test]
async fn a_failing_purge_is_logged_and_tried_again_and_the_server_goes_on() {
    let database = TestDatabase::with_demo();
    let served = Served::start(&database, &[("PARTNERDESK_PURGE_INTERVAL_SECS", "1")]).await;
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    diesel::sql_query("DROP TABLE login_failures")
        .execute(&mut *db.get().expect("conn"))
        .expect("drop the table");
    let failure = "purging expired sessions and drained sign-in counters failed";
    eventually(
        &format!("no second purge failure logged: {}", served.log()),
        || served.log().matches(failure).count() >= 2,
    )
    .await;
    let r = reqwest::get(format!("{}/healthz", served.url()))
        .await
        .expect("GET /healthz");
    assert_eq!(r.status(), StatusCode::OK, "{}", served.log());
}

/// A client of the site behind nginx.
struct Visitor {
    client: reqwest::Client,
    site: String,
}

impl Visitor {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// The CSRF token of the form on `path`.
    async fn token(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        csrf_token(&r.text().await.expect("body"))
    }

    /// Posts a form as a browser on the site does (with the site's `Origin`, or this one).
    async fn post(&self, path: &str, origin: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header(ORIGIN, origin)
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        let token = self.token("/login").await;
        let form = [
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ];
        self.post("/login", &self.site, &form).await
    }
}

/// docs/deployment.md's two instances behind nginx, with its configuration (docs/deploy/nginx.conf)
/// on loopback: two `partnerdesk serve` on one database with the same session key and
/// `trusted_proxies = 127.0.0.1`, nginx terminating TLS in front. Through it a visitor signs in
/// over HTTPS (the Secure `__Host-` cookie, the site's `Origin` accepted, a foreign one refused),
/// is served signed-in pages by both instances, and signs out; and the sign-in address limit
/// counts the client's own address, which nginx forwards, for both instances together.
#[tokio::test]
async fn two_instances_behind_nginx_serve_one_site_over_https() {
    const TEST: &str = "two_instances_behind_nginx_serve_one_site_over_https";
    let Some(nginx_binary) = nginx::binary_or_skip(TEST) else {
        return;
    };
    let database = TestDatabase::with_demo();
    let env = [
        ("PARTNERDESK_COOKIE_SECURE", "true"),
        ("PARTNERDESK_TRUSTED_PROXIES", "127.0.0.1"),
        ("PARTNERDESK_LOGIN_THROTTLE__ADDRESS_BURST", "3"),
    ];
    let first = Served::start(&database, &env).await;
    let second = Served::start(&database, &env).await;
    let proxy = nginx::Nginx::start(&nginx_binary, [&first.address, &second.address]).await;
    let visitor = |local: u8| Visitor {
        client: proxy.client(loopback(local)),
        site: proxy.site(),
    };
    let logs = || {
        format!(
            "{}\nfirst:\n{}\nsecond:\n{}",
            proxy.log(),
            first.log(),
            second.log()
        )
    };

    let user = visitor(1);
    let r = user.sign_in(HELPDESK, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", logs());
    assert_eq!(location(&r), "/");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-partnerdesk="))
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.contains("Secure"), "{cookie:?}");
    for _ in 0..6 {
        let r = user.get("/customers").await;
        assert_eq!(r.status(), StatusCode::OK, "{}", logs());
        assert!(r.headers().get("strict-transport-security").is_some());
    }
    // nginx balanced the signed-in pages over both instances: each served some.
    for (name, served) in [("first", &first), ("second", &second)] {
        let log = served.log();
        assert!(
            log.lines()
                .any(|l| l.contains("route=/customers ") && l.contains("status=200")),
            "the {name} instance served no signed-in page: {}",
            logs()
        );
    }
    // Forms: a foreign Origin is refused, the site's accepted.
    let token = user.token("/customers").await;
    let form = [("csrf_token", token.as_str())];
    let r = user.post("/logout", "https://evil.example", &form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = user.post("/logout", &proxy.site(), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", logs());
    for _ in 0..2 {
        let r = user.get("/customers").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "signed out on both");
    }

    // The address limit (3 here) counts the client's address that nginx forwards, across both
    // instances; another client of the same nginx is not held back by it.
    let guesser = visitor(2);
    for i in 0..3 {
        let r = guesser
            .sign_in(&format!("nobody{i}@example.com"), "wrong")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let r = guesser.sign_in("nobody9@example.com", "wrong").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = visitor(3).sign_in("nobody9@example.com", "wrong").await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "another client shares the guesser's limit: the proxy's address was counted"
    );
}
