//! Hostile input: at least 10,000 generated values (empty, huge, control characters, unicode, HTML
//! and SQL metacharacters, odd numbers, wrong types, path traversal) sent to every path parameter,
//! query parameter and form field of every route of `all_routes()`, anonymously and as users of
//! several roles, with valid and broken CSRF tokens, odd content types and non-UTF-8 bodies.
//! No answer may be a 5xx, the app must still answer, and the database (all but the sessions) must
//! be unchanged: the generator never builds a request that could legitimately change it.
//!
//! The values come from proptest strategies driven by a seeded runner: the seed is printed, and
//! `HOSTILE_SEED=<seed>` repeats a run. `HOSTILE_LOG=error` shows the server's error log.

mod model;
mod planner;
mod send;
mod setup;
mod tables;
mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use reqwest::StatusCode;

use crate::helpers::{TestApp, location};
use model::{Planned, Sender, shorten};
use planner::Planner;
use send::{Outcome, send_all};
use setup::world;
use tables::{differences, dump, table_names};
use values::Draw;

/// Hostile requests to send, at least.
const REQUESTS: usize = 10_240;
/// Requests in flight at once.
const CONCURRENCY: usize = 32;
/// Requests planned at a time (planned lazily: the huge values would not fit in memory at once).
const BATCH: usize = 512;
/// Longest URL the client can build (`http::Uri` stops at `u16::MAX - 1`).
const MAX_URL: usize = 65_000;
/// Longest path parameter sent, percent-encoded.
const MAX_SEGMENT: usize = 20_000;
/// Fresh anonymous sessions kept for valid sign-outs (a sign-out ends the session it is sent in).
const THROWAWAY_SESSIONS: usize = 64;

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const FABRIKAM: &str = "4200001";
/// Signed-in users: assignment form (helpdesk), partner Global admin, reseller, customer admin.
const USERS: &[&str] = &[
    "helpdesk@contoso.example",
    "globaladmin@contoso.example",
    "admin@fabrikam.example",
    "admin@adatum.example",
];

// ---------------------------------------------------------------------------------------------
// The test.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_to_every_route_gets_no_5xx_and_changes_nothing() {
    if std::env::var_os("HOSTILE_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_env("HOSTILE_LOG"))
            .with_test_writer()
            .try_init();
    }
    let seed = std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            u64::try_from(nanos % u128::from(u64::MAX)).unwrap_or(0)
        });
    println!("hostile: seed {seed} (HOSTILE_SEED={seed} repeats this run)");

    let app = TestApp::spawn().await;
    let world = world(&app).await;
    let routes = partnerdesk::web::all_routes();
    assert!(!routes.is_empty());
    let expected_tables: BTreeSet<String> = dump(&app)
        .keys()
        .map(|t| (*t).to_owned())
        // Not compared: what hostile requests write by design, their sessions and the sign-in
        // throttle's counts of their failed sign-ins.
        .chain([
            "sessions".to_owned(),
            "login_failures".to_owned(),
            "__diesel_schema_migrations".to_owned(),
        ])
        .collect();
    assert_eq!(
        table_names(&app),
        expected_tables,
        "a table is missing from this test's dump(): add it there"
    );
    let before = dump(&app);

    let world = Arc::new(world);
    let mut planner = Planner {
        world: &world,
        draw: Draw::new(seed),
        next_throwaway: 0,
    };
    let mut plan = |from: usize| -> Vec<Planned> {
        (from..from + BATCH)
            .map(|i| {
                let (method, route) = routes[i % routes.len()];
                planner.plan(route, method)
            })
            .collect()
    };
    let started = Instant::now();
    let mut sent = 0usize;
    // (status or error, method, route) → (how many, the first examples).
    let mut failures: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut fail = |kind: String, example: String| {
        let entry = failures.entry(kind).or_default();
        entry.0 += 1;
        if entry.1.len() < 2 {
            entry.1.push(example);
        }
    };
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut oversize = (0usize, 0usize);
    let mut retries = 0usize;
    let mut batch = plan(0);
    while !batch.is_empty() {
        // This batch is sent by the runtime's workers while the next one is planned here.
        let sending = tokio::spawn(send_all(world.clone(), batch));
        let planned_so_far = sent + 2 * BATCH;
        batch = if planned_so_far <= REQUESTS.next_multiple_of(BATCH) {
            plan(sent + BATCH)
        } else {
            Vec::new()
        };
        for (planned, outcome, retried) in sending.await.expect("sending a batch") {
            sent += 1;
            retries += usize::from(retried);
            // A bulk assignment's selection takes a whole batch of ids (issue 15).
            let limit = if planned.route == partnerdesk::web::paths::BATCHES {
                partnerdesk::web::batches::selection_body_limit(world.body_limit)
            } else {
                world.body_limit
            };
            let too_big = planned.oversize(limit);
            oversize.0 += usize::from(too_big);
            match outcome {
                Outcome::Answered(status, body) => {
                    *statuses.entry(status.as_u16()).or_default() += 1;
                    let anonymous = match planned.sender {
                        Sender::Session(i) => !world.sessions[i].signed_in,
                        Sender::Throwaway(_) => true,
                    };
                    // A body over the limit is refused (or never read: not signed in, no route).
                    let refused = matches!(status.as_u16(), 400 | 413)
                        || matches!(status.as_u16(), 404 | 405)
                        || (anonymous && status == StatusCode::SEE_OTHER);
                    oversize.1 += usize::from(too_big && matches!(status.as_u16(), 400 | 413));
                    if status.is_server_error() || (too_big && !refused) {
                        let what = if too_big {
                            " to a body over the limit"
                        } else {
                            ""
                        };
                        fail(
                            format!("{status}{what} from {} {}", planned.method, planned.route),
                            format!(
                                "{} → {}",
                                planned.describe(&world),
                                shorten(&crate::helpers::text(&body), 200)
                            ),
                        );
                    }
                }
                Outcome::Failed(why) => fail(
                    format!("no answer from {} {}", planned.method, planned.route),
                    format!("{} → {why}", planned.describe(&world)),
                ),
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "hostile: {sent} requests over {} routes in {elapsed:.1?}; {} bodies over the limit ({} refused with 400/413); {retries} sent again after no answer; statuses {statuses:?}",
        routes.len(),
        oversize.0,
        oversize.1
    );

    // Everything that went wrong, reported at once.
    let mut problems = Vec::new();
    let failed: usize = failures.values().map(|(n, _)| n).sum();
    if failed > 0 {
        let kinds: Vec<String> = failures
            .iter()
            .map(|(kind, (n, examples))| {
                format!("{kind}: {n} time(s), e.g.\n    {}", examples.join("\n    "))
            })
            .collect();
        problems.push(format!(
            "{failed} of {sent} hostile requests failed:\n  {}",
            kinds.join("\n  ")
        ));
    }
    if oversize.1 == 0 {
        problems.push("no body over the limit was refused with 400 or 413".to_owned());
    }
    let health = app.get("/healthz").await.status();
    if health != StatusCode::OK {
        problems.push(format!("/healthz answers {health} after the run"));
    }
    for session in world.sessions.iter().filter(|s| s.signed_in) {
        let r = session
            .client
            .get(format!("{}/", world.address))
            .send()
            .await
            .expect("GET /");
        if location(&r) == "/login" {
            problems.push(format!(
                "{} was signed out by a hostile request",
                session.label
            ));
        }
    }
    let after = dump(&app);
    let changed = differences(&before, &after);
    if !changed.is_empty() {
        let rows: Vec<String> = changed.iter().take(20).map(|c| shorten(c, 500)).collect();
        problems.push(format!(
            "hostile requests changed the database:\n  {}",
            rows.join("\n  ")
        ));
    }
    assert!(
        problems.is_empty(),
        "seed {seed} (HOSTILE_SEED={seed} repeats it):\n{}",
        problems.join("\n")
    );
}
