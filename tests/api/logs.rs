//! Logs: one line per request with its id, route pattern (never the path), status, latency and
//! the signed-in user's id, as text or as JSON, and no secret in any line; the request id in
//! `X-Request-Id` on every answer and on every error page.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    PASSWORD, Served, TestApp, TestDatabase, create_invitation, csrf_token, page_reference,
    sign_in_through_link, test_session_key,
};

/// The answer's `X-Request-Id`, which must be a UUID.
fn request_id(r: &reqwest::Response) -> String {
    let id = r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no X-Request-Id on {} {}", r.status(), r.url()))
        .to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "X-Request-Id {id:?}");
    id
}

/// The real binary serving a copy of the demo database, its log (at `debug`, everything) captured.
struct LoggedServer {
    served: Served,
    _database: TestDatabase,
}

impl LoggedServer {
    async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// With these environment variables besides (they win over the defaults here).
    async fn start_with(env: &[(&str, &str)]) -> Self {
        let database = TestDatabase::with_demo();
        let mut all = vec![("RUST_LOG", "debug")];
        all.extend_from_slice(env);
        let served = Served::start(&database, &all).await;
        Self {
            served,
            _database: database,
        }
    }

    fn log(&self) -> String {
        self.served.log()
    }

    /// A signed-out client of this server, with the harness's helpers.
    fn client(&self, app: &TestApp) -> TestApp {
        let mut user = app.new_session();
        user.address = self.served.url();
        user
    }
}

#[tokio::test]
async fn logs_hold_no_secret_and_a_sign_in_redirect_is_no_error() {
    // The harness app only lends its helpers and a database to read; the requests go to the
    // served binary.
    let app = TestApp::spawn().await;
    let served = LoggedServer::start().await;
    let contoso = served.client(&app);
    contoso.login("admin@contoso.example").await;
    let token = create_invitation(&contoso, true).await;

    // Woodgrove's admin opens the link signed out, signs in, comes back and accepts.
    let customer = served.client(&app);
    let page = sign_in_through_link(&customer, &token, "admin@woodgrove.example").await;
    let r = customer.accept_invitation(&token, &page).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A customer's page: its tenant id is in the path, not in the log line, which names the route.
    let tenant = app.tenant_of("Adatum Corporation");
    let r = contoso.get(&format!("/customers/{tenant}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let customer_page = request_id(&r);
    // An anonymous visitor on a protected page, and on a page that does not exist.
    let visitor = served.client(&app);
    visitor.get("/customers?q=secret-query").await;
    visitor.get("/no/such/page").await;

    let log = served.log();
    assert!(log.contains("request handled"), "nothing logged: {log}");
    for secret in [
        token.as_str(),
        PASSWORD,
        "next=",
        "secret-query",
        &csrf_token(&page),
        test_session_key().expose(),
        &tenant,
        "/no/such/page",
        "admin@contoso.example",
        "admin@woodgrove.example",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
    let (contoso_admin, _) = app.user_of("admin@contoso.example");
    let line = log
        .lines()
        .find(|l| {
            l.contains(&format!("request_id={customer_page}")) && l.contains("request handled")
        })
        .unwrap_or_else(|| panic!("no line for {customer_page}:\n{log}"));
    for field in [
        "method=GET",
        "route=/customers/{tenant_id}",
        &format!("user_id={contoso_admin}"),
        "status=200",
        "latency_ms=",
    ] {
        assert!(line.contains(field), "{field:?} not in {line}");
    }
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("WARN"))
        .collect();
    assert!(
        errors.is_empty(),
        "no request here is an error: {errors:#?}"
    );
}

/// Every answer, from a page, a file, a redirect or any error page, carries an id of its own in
/// `X-Request-Id`, and an error page shows that same id to quote.
#[tokio::test]
async fn every_answer_carries_its_own_request_id_and_error_pages_show_it() {
    let app = TestApp::spawn().await;
    let anonymous = app.new_session();
    let mut seen = HashSet::new();
    for (path, status) in [
        ("/", StatusCode::SEE_OTHER),
        ("/login", StatusCode::OK),
        ("/static/app.css", StatusCode::OK),
        ("/healthz", StatusCode::OK),
        ("/customers?q=x", StatusCode::SEE_OTHER),
    ] {
        let r = anonymous.get(path).await;
        assert_eq!(r.status(), status, "{path}");
        assert!(seen.insert(request_id(&r)), "{path}: an id seen before");
    }
    let contoso = app.signed_in("admin@contoso.example").await;
    let refused = anonymous
        .post_form("/login", &[("email", "x@example.com"), ("password", "x")])
        .await;
    let errors = [
        (
            "anonymous GET /no/such/page",
            anonymous.get("/no/such/page").await,
        ),
        (
            "signed-in GET /no/such/page",
            contoso.get("/no/such/page").await,
        ),
        (
            "signed-in GET of another partner's customer",
            contoso
                .get("/customers/00000000-0000-0000-0000-000000000000")
                .await,
        ),
        (
            "DELETE /login",
            anonymous
                .client
                .delete(anonymous.url("/login"))
                .send()
                .await
                .expect("DELETE"),
        ),
        ("POST /login without its token", refused),
    ];
    for (what, r) in errors {
        assert!(r.status().is_client_error(), "{what}: {}", r.status());
        let id = request_id(&r);
        assert!(seen.insert(id.clone()), "{what}: an id seen before");
        let page = r.text().await.expect("body");
        assert_eq!(page_reference(&page), Some(id), "{what}: {page}");
    }
}

/// With `PARTNERDESK_LOG_FORMAT=json` every line of the output is a JSON object; a request's line
/// holds its id (the one its answer sent), method, route pattern, status, latency and, signed in,
/// the user's id.
#[tokio::test]
async fn json_lines_hold_each_request_with_the_id_its_answer_carries() {
    let app = TestApp::spawn().await;
    let served =
        LoggedServer::start_with(&[("PARTNERDESK_LOG_FORMAT", "json"), ("RUST_LOG", "info")]).await;
    let contoso = served.client(&app);
    contoso.login("admin@contoso.example").await;
    let tenant = app.tenant_of("Adatum Corporation");
    let customer = contoso.get(&format!("/customers/{tenant}")).await;
    assert_eq!(customer.status(), StatusCode::OK);
    let visitor = served.client(&app);
    let missing = visitor.get("/no/such/page?q=secret-query").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let file = visitor.get("/static/app.css").await;
    assert_eq!(file.status(), StatusCode::OK);
    let (customer, missing, file) = (
        request_id(&customer),
        (request_id(&missing), missing.text().await.expect("body")),
        request_id(&file),
    );
    assert_eq!(page_reference(&missing.1).as_ref(), Some(&missing.0));

    let log = served.log();
    let lines: Vec<Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let line_of = |id: &str| {
        lines
            .iter()
            .find(|l| l["span"]["request_id"] == id && l["message"] == "request handled")
            .unwrap_or_else(|| panic!("no line for {id}:\n{log}"))
    };
    let (contoso_admin, _) = app.user_of("admin@contoso.example");
    let line = line_of(&customer);
    assert_eq!(line["level"], "INFO", "{line}");
    assert_eq!(line["status"], 200, "{line}");
    assert!(
        line["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "{line}"
    );
    assert_eq!(line["span"]["method"], "GET", "{line}");
    assert_eq!(line["span"]["route"], "/customers/{tenant_id}", "{line}");
    assert_eq!(line["span"]["user_id"], contoso_admin.as_str(), "{line}");
    let line = line_of(&missing.0);
    assert_eq!(line["status"], 404, "{line}");
    assert_eq!(line["span"]["route"], "[unmatched]", "{line}");
    assert!(line["span"].get("user_id").is_none(), "{line}");
    let line = line_of(&file);
    assert_eq!(line["span"]["route"], "/static/{name}", "{line}");
    for secret in [
        tenant.as_str(),
        "secret-query",
        "/no/such/page",
        "admin@contoso.example",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}
