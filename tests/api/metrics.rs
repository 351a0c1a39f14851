//! `GET /metrics`: not served unless configured; with `metrics_token` on the main address only to
//! its bearer, with `metrics_bind` on a listener of its own; what it counts (requests by route
//! pattern and status, sign-ins, throttling, support contact changes and reverts, the pool, the
//! sessions). Every app has its own registry, so each test's counts are exact.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use partnerdesk::config::{Secret, Settings, ThrottleSettings};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

use crate::helpers::{PASSWORD, Served, TestApp, TestDatabase, csrf_token, location};

const TOKEN: &str = "test-metrics-token-0123456789abcdef";
const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const FABRIKAM: &str = "4200001";

fn with_token(settings: &mut Settings) {
    settings.metrics_token = Some(Secret::new(TOKEN.to_owned()));
}

async fn app_with_token() -> TestApp {
    TestApp::spawn_configured(with_token).await
}

/// `GET {base}/metrics` with this `Authorization` header, if any.
async fn ask(app: &TestApp, base: &str, authorization: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{base}/metrics"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.expect("GET /metrics")
}

/// The scrape of an app served on the main address with [`TOKEN`], from a client of its own (no
/// cookies, so it touches no session).
async fn scrape(app: &TestApp) -> String {
    let r = reqwest::Client::new()
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.expect("body")
}

/// The value of the sample `series` (name and labels exactly as written), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

fn value(text: &str, series: &str) -> f64 {
    sample(text, series).unwrap_or_else(|| panic!("no {series} in the scrape:\n{text}"))
}

#[tokio::test]
async fn metrics_are_not_served_by_default_and_answer_as_an_unknown_address() {
    let app = TestApp::spawn().await;
    let unknown = app.get("/no-such-address").await;
    let unknown_type = unknown.headers().get(CONTENT_TYPE).cloned();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    for authorization in [None, Some(format!("Bearer {TOKEN}"))] {
        let r = ask(&app, &app.address, authorization.as_deref()).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{authorization:?}");
        assert_eq!(r.headers().get(CONTENT_TYPE).cloned(), unknown_type);
        let body = r.text().await.expect("body");
        assert!(!body.contains("partnerdesk_"), "{body}");
    }
}

#[tokio::test]
async fn with_a_token_the_main_address_serves_metrics_only_to_its_bearer() {
    let app = app_with_token().await;
    let wrong = format!("Bearer {TOKEN}x");
    let basic = format!("Basic {TOKEN}");
    let short = format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]);
    for refused in [
        None,
        Some(wrong.as_str()),
        Some(&basic),
        Some(&short),
        Some("Bearer"),
    ] {
        let r = ask(&app, &app.address, refused).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{refused:?}");
    }
    for carried in [format!("Bearer {TOKEN}"), format!("bearer  {TOKEN} ")] {
        let r = ask(&app, &app.address, Some(&carried)).await;
        assert_eq!(r.status(), StatusCode::OK, "{carried:?}");
        let content_type = r.headers().get(CONTENT_TYPE).expect("content type");
        assert_eq!(content_type, "text/plain; version=0.0.4");
        let body = r.text().await.expect("body");
        for line in [
            "# TYPE partnerdesk_http_requests_total counter",
            "# TYPE partnerdesk_http_request_duration_seconds histogram",
            "# TYPE partnerdesk_sessions gauge",
            "# TYPE partnerdesk_import_rows_total counter",
        ] {
            assert!(body.lines().any(|l| l == line), "no {line}:\n{body}");
        }
        assert_eq!(value(&body, "partnerdesk_import_rows_total"), 0.0);
    }
}

#[tokio::test]
async fn requests_are_counted_by_route_pattern_and_status_never_by_path() {
    let app = app_with_token().await;
    app.login("helpdesk@contoso.example").await;
    let tenant = app.tenant_of(ADATUM);
    let missing = "00000000-0000-0000-0000-00000000abcd";
    for (path, status) in [
        (format!("/customers/{tenant}"), StatusCode::OK),
        (format!("/customers/{tenant}"), StatusCode::OK),
        (format!("/customers/{missing}"), StatusCode::NOT_FOUND),
        (
            "/no-such-address/secret-token".to_owned(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        assert_eq!(app.get(&path).await.status(), status, "{path}");
    }
    let text = scrape(&app).await;
    let customer = "method=\"GET\",route=\"/customers/{tenant_id}\"";
    assert_eq!(
        value(
            &text,
            &format!("partnerdesk_http_requests_total{{{customer},status=\"200\"}}")
        ),
        2.0
    );
    assert_eq!(
        value(
            &text,
            &format!("partnerdesk_http_requests_total{{{customer},status=\"404\"}}")
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            "partnerdesk_http_requests_total{method=\"GET\",route=\"[unmatched]\",status=\"404\"}"
        ),
        1.0
    );
    assert_eq!(
        value(
            &text,
            &format!(
                "partnerdesk_http_request_duration_seconds_count{{{customer},status=\"200\"}}"
            )
        ),
        2.0
    );
    assert_eq!(
        value(
            &text,
            &format!(
                "partnerdesk_http_request_duration_seconds_bucket{{{customer},status=\"200\",le=\"+Inf\"}}"
            )
        ),
        2.0
    );
    // The sign-in was counted on its own route.
    assert_eq!(
        value(
            &text,
            "partnerdesk_http_requests_total{method=\"POST\",route=\"/login\",status=\"303\"}"
        ),
        1.0
    );
    for raw in [tenant.as_str(), missing, "secret-token"] {
        assert!(!text.contains(raw), "{raw} in the scrape:\n{text}");
    }
}

#[tokio::test]
async fn sign_in_successes_failures_and_throttled_attempts_are_counted() {
    fn settings(s: &mut Settings) {
        with_token(s);
        s.login_throttle = ThrottleSettings {
            account_burst: 2,
            ..ThrottleSettings::default()
        };
    }
    let app = TestApp::spawn_configured(settings).await;
    let counts = |text: &str| {
        [
            "partnerdesk_sign_ins_total{outcome=\"success\"}",
            "partnerdesk_sign_ins_total{outcome=\"failure\"}",
            "partnerdesk_throttled_requests_total{limiter=\"sign_in\"}",
        ]
        .map(|series| value(text, series))
    };
    assert_eq!(counts(&scrape(&app).await), [0.0, 0.0, 0.0]);
    let email = "helpdesk@contoso.example";
    for expected in [StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED] {
        assert_eq!(app.try_login(email, "wrong").await.status(), expected);
    }
    assert_eq!(
        app.try_login(email, PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the account's burst is spent from this address"
    );
    assert_eq!(counts(&scrape(&app).await), [0.0, 2.0, 1.0]);
    // From another address the right password still gets in.
    let elsewhere = app.new_session_from([127, 0, 0, 2].into());
    elsewhere.login(email).await;
    assert_eq!(counts(&scrape(&app).await), [1.0, 2.0, 1.0]);
}

#[tokio::test]
async fn support_contact_changes_and_rule_3_reverts_are_counted_once_committed() {
    let app = app_with_token().await;
    let changes = "partnerdesk_support_contact_changes_total";
    let reverts =
        |cause: &str| format!("partnerdesk_support_contact_reverts_total{{cause=\"{cause}\"}}");
    let text = scrape(&app).await;
    assert_eq!(value(&text, changes), 0.0);
    for cause in [
        "delegated_admin_removed",
        "relationship_removed",
        "partnership_ended",
    ] {
        assert_eq!(value(&text, &reverts(cause)), 0.0, "{cause}");
    }

    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    assert_eq!(
        helpdesk.assign(&path, FABRIKAM).await.status(),
        StatusCode::SEE_OTHER
    );
    // Refused (Fabrikam is the contact already): nothing changed, nothing counted.
    assert_eq!(
        helpdesk.assign(&path, FABRIKAM).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(value(&scrape(&app).await, changes), 1.0);

    // Adatum's admin removes Fabrikam's delegated admin: Office 365 and E3 revert to Contoso.
    let admin = app.signed_in("admin@adatum.example").await;
    let remove = "/admin/partners/4200001/delegated-admin/remove";
    let (_, preview) = admin.get_html(remove).await;
    let r = admin
        .post_form(remove, &[("csrf_token", &csrf_token(&preview))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin/partners");
    let text = scrape(&app).await;
    assert_eq!(value(&text, &reverts("delegated_admin_removed")), 2.0);
    assert_eq!(value(&text, &reverts("relationship_removed")), 0.0);
    assert_eq!(
        value(&text, changes),
        1.0,
        "a revert is no change through the form"
    );
}

#[tokio::test]
async fn the_pool_and_the_live_sessions_are_reported_when_scraped() {
    let app = app_with_token().await;
    let text = scrape(&app).await;
    assert_eq!(value(&text, "partnerdesk_sessions"), 0.0);
    assert_eq!(value(&text, "partnerdesk_db_pool_max_connections"), 4.0);
    let in_use = value(&text, "partnerdesk_db_pool_connections{state=\"in_use\"}");
    let idle = value(&text, "partnerdesk_db_pool_connections{state=\"idle\"}");
    assert!(in_use + idle <= 4.0 && idle >= 0.0, "{text}");
    assert_eq!(value(&text, "partnerdesk_db_pool_waiting"), 0.0);
    assert_eq!(value(&text, "partnerdesk_db_pool_wait_timeouts_total"), 0.0);

    app.login("helpdesk@contoso.example").await;
    app.signed_in("admin@adatum.example").await;
    assert_eq!(value(&scrape(&app).await, "partnerdesk_sessions"), 2.0);

    // Every connection held here: a request has to wait for one, and is counted while it waits.
    // (Taking them may have waited too, for connections not open yet: counted from here.)
    let held: Vec<_> = (0..4).map(|_| app.conn()).collect();
    let waits = app.db.pool_stats().waits as f64;
    let (done, finished) = mpsc::channel();
    let db = app.db.clone();
    let waiter = std::thread::spawn(move || {
        let got = db.get().is_ok();
        let _ = done.send(());
        got
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.db.pool_stats().waiting == 0 {
        assert!(Instant::now() < deadline, "the checkout never waited");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        finished.try_recv().is_err(),
        "it got a connection while all were held"
    );
    drop(held);
    assert!(waiter.join().expect("waiter"), "it got no connection");
    let text = scrape(&app).await;
    assert_eq!(
        value(&text, "partnerdesk_db_pool_waits_total"),
        waits + 1.0,
        "{text}"
    );
    assert_eq!(value(&text, "partnerdesk_db_pool_waiting"), 0.0);
    assert_eq!(value(&text, "partnerdesk_db_pool_wait_timeouts_total"), 0.0);
}

#[tokio::test]
async fn a_checkout_that_gets_no_connection_in_time_is_counted_as_a_timeout() {
    let database = TestDatabase::create();
    let db = partnerdesk::db::Db::connect(
        &database.url,
        &partnerdesk::db::PoolOptions {
            max_size: 1,
            connection_timeout: Duration::from_millis(200),
            ..partnerdesk::db::PoolOptions::default()
        },
    )
    .expect("connect");
    let held = db.get().expect("the one connection");
    assert!(
        db.get().is_err(),
        "a second checkout while the only one is held"
    );
    let stats = db.pool_stats();
    assert_eq!(
        (
            stats.waits,
            stats.wait_timeouts,
            stats.waiting,
            stats.in_use()
        ),
        (1, 1, 0, 1)
    );
    drop(held);
    let _again = db.get().expect("the connection back");
    assert_eq!(
        db.pool_stats().waits,
        1,
        "an idle connection is taken without waiting"
    );
}

#[tokio::test]
async fn metrics_bind_serves_only_metrics_on_its_own_address_and_not_on_the_main_one() {
    fn settings(s: &mut Settings) {
        s.metrics_bind = Some("127.0.0.1:0".to_owned());
    }
    let app = TestApp::spawn_configured(settings).await;
    let own = app.metrics_address.clone().expect("a metrics listener");
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let r = ask(&app, &own, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.expect("body");
    assert_eq!(
        value(
            &text,
            "partnerdesk_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"
        ),
        1.0,
        "the main address's requests, counted by the app it shares"
    );
    assert!(
        !text.contains("route=\"/metrics\""),
        "scrapes of the metrics listener are not the app's requests:\n{text}"
    );
    for path in ["/", "/healthz", "/customers", "/login", "/metrics/x"] {
        let r = app
            .client
            .get(format!("{own}{path}"))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        ask(&app, &app.address, None).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn with_metrics_bind_and_a_token_only_its_bearer_is_served_and_only_there() {
    fn settings(s: &mut Settings) {
        with_token(s);
        s.metrics_bind = Some("127.0.0.1:0".to_owned());
    }
    let app = TestApp::spawn_configured(settings).await;
    let own = app.metrics_address.clone().expect("a metrics listener");
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(ask(&app, &own, None).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        ask(&app, &own, Some("Bearer nope")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ask(&app, &own, Some(&bearer)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        ask(&app, &app.address, Some(&bearer)).await.status(),
        StatusCode::NOT_FOUND,
        "the main address serves no metrics while they have an address of their own"
    );
}

/// The binary, configured by the environment: PARTNERDESK_METRICS_BIND opens the listener, and
/// SIGTERM stops both listeners and the process (exit 0).
#[tokio::test]
async fn the_served_binary_takes_its_metrics_address_from_the_environment() {
    let database = TestDatabase::with_demo();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let address = format!("127.0.0.1:{port}");
    let mut served = Served::start(&database, &[("PARTNERDESK_METRICS_BIND", &address)]).await;
    let client = reqwest::Client::new();
    let r = client
        .get(format!("http://{address}/metrics"))
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(r.status(), StatusCode::OK, "{}", served.log());
    let text = r.text().await.expect("body");
    assert!(
        sample(&text, "partnerdesk_sessions").is_some(),
        "{text}\n{}",
        served.log()
    );
    let main = client
        .get(format!("{}/metrics", served.url()))
        .send()
        .await
        .expect("GET /metrics");
    assert_eq!(main.status(), StatusCode::NOT_FOUND);

    served.terminate();
    let status = served.exit_status(Duration::from_secs(60)).await;
    assert!(status.success(), "{status}: {}", served.log());
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "the metrics listener outlived the process"
    );
}
