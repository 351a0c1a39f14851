//! Several instances for real (issue 17): the sign-in throttle counted once for all the instances
//! on a database.

use std::net::IpAddr;

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, Spawn, TestApp};

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
