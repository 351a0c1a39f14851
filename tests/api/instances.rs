//! Several instances for real (issue 17): the sign-in throttle counted once for all the instances
//! on a database, and expired sessions and drained counters purged by a periodic task.

use std::net::IpAddr;

use diesel::prelude::*;
use partnerdesk::db::schema::{login_failures, sessions};
use partnerdesk::db::{Db, PoolOptions};
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, Served, Spawn, TestApp, TestDatabase};

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
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::state.eq("{}"),
            sessions::expires_at.eq(partnerdesk::db::now() + expires_in),
        ))
        .execute(&mut *app.conn())
        .expect("insert session");
}

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
    let app = TestApp::spawn_with(Spawn {
        configure: Some(|s| s.purge_interval_secs = 1),
        ..Spawn::default()
    })
    .await;
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
