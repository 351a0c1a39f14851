//! Security: sign-in throttling, error pages for signed-in users.

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp, has, location, text};

#[tokio::test]
async fn repeated_sign_in_failures_are_throttled_with_a_retry_time() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let r = app
            .try_login("helpdesk@contoso.example", "wrong password")
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The sixth attempt is refused before the password is even checked, right or wrong.
    let r = app.try_login("helpdesk@contoso.example", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(retry >= 1);
    let words = text(&r.text().await.expect("body"));
    assert!(words.contains("Too many sign-in attempts. Wait"), "{words}");
    assert_eq!(
        app.get("/customers").await.status(),
        StatusCode::SEE_OTHER,
        "signed in despite the throttle"
    );

    // Unknown accounts are throttled alike; another account from the same address still signs in.
    for _ in 0..5 {
        app.try_login("nobody@example.com", "x").await;
    }
    assert_eq!(
        app.try_login("nobody@example.com", "x").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.signed_in("admin@contoso.example").await;
}

#[tokio::test]
async fn error_pages_let_a_signed_in_user_sign_out() {
    let app = TestApp::spawn().await;
    app.login("billing@contoso.example").await;
    let (status, html) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text(&html).contains("Billing admins have no access to the Customers workspace"));
    assert!(
        has(&html, "form[action='/logout'] input[name=csrf_token]"),
        "no sign-out on the 403 page"
    );
    let (status, html) = app.get_html("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(has(&html, "form[action='/logout']"));
    // Anonymous visitors get no sign-out form.
    let anonymous = app.new_session();
    let (_, html) = anonymous.get_html("/no/such/page").await;
    assert!(!html.contains("action=\"/logout\""));
}

fn set_cookie(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn session_cookies_are_private_http_only_lax_and_secure_with_hsts_outside_plain_http() {
    let app = TestApp::spawn_configured(|s| s.cookie_secure = Some(true)).await;
    // A visitor's sign-in form is protected by a signed cookie (no session yet)...
    let r = app.get("/login").await;
    let cookie = set_cookie(&r);
    assert!(cookie.starts_with("__Host-partnerdesk-csrf="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    // ...and the session begins at sign-in (the test client speaks plain HTTP, so it is sent
    // the Secure cookies by hand).
    let token = crate::helpers::csrf_token(&r.text().await.expect("body"));
    let csrf_cookie = cookie.split(';').next().unwrap_or_default().to_owned();
    let signed_in = app
        .client
        .post(app.url("/login"))
        .header("cookie", &csrf_cookie)
        .form(&[
            ("email", "helpdesk@contoso.example"),
            ("password", crate::helpers::PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = set_cookie(&signed_in);
    assert!(cookie.starts_with("__Host-partnerdesk="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(
        !cookie.contains("csrf") && !cookie.contains("uid"),
        "session contents readable in the cookie: {cookie}"
    );
    let r = app.get("/login").await;
    let hsts = r
        .headers()
        .get("strict-transport-security")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(hsts.contains("max-age="), "no HSTS: {hsts:?}");

    // Plain-HTTP development (as the other tests run): no Secure flag, no HSTS.
    let dev = TestApp::spawn().await;
    let r = dev.get("/login").await;
    assert!(!set_cookie(&r).contains("Secure"));
    assert!(r.headers().get("strict-transport-security").is_none());
}

/// The session key of the current session cookie.
fn session_cookie(app: &TestApp) -> Option<String> {
    use reqwest::cookie::CookieStore;
    let url: reqwest::Url = app.url("/").parse().ok()?;
    let header = app.cookies.cookies(&url)?;
    header.to_str().ok().map(str::to_owned)
}

#[tokio::test]
async fn sign_in_starts_a_new_session_and_old_cookies_stay_anonymous() {
    let app = TestApp::spawn().await;
    // A session from before sign-in (the language switch keeps one), as a planted cookie would be.
    let token = app.csrf("/login").await;
    let r = app
        .post_form("/language", &[("lang", "pl"), ("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let before = session_cookie(&app).expect("a session before sign-in");
    assert!(before.contains("partnerdesk="), "{before}");
    app.login("helpdesk@contoso.example").await;
    let after = session_cookie(&app).expect("a session after sign-in");
    assert_ne!(before, after, "the session id did not change at sign-in");
    // The pre-sign-in cookie does not carry the signed-in session.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = replay
        .get(app.url("/customers"))
        .header("cookie", &before)
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn idle_and_absolute_session_limits_end_the_session() {
    use diesel::prelude::*;
    use partnerdesk::db::schema::sessions;
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    assert_eq!(app.get("/customers").await.status(), StatusCode::OK);
    // Idle: the server-side record has expired.
    diesel::update(sessions::table)
        .set(
            sessions::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::TimeDelta::minutes(1)),
        )
        .execute(&mut *app.conn())
        .expect("expire");
    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));

    // Absolute: signed in longer ago than the lifetime, however active since.
    app.login("helpdesk@contoso.example").await;
    assert_eq!(app.get("/customers").await.status(), StatusCode::OK);
    let states: Vec<(String, String)> = sessions::table
        .select((sessions::id, sessions::state))
        .load(&mut *app.conn())
        .expect("sessions");
    let thirteen_hours_ago = chrono::Utc::now().timestamp() - 13 * 3600;
    for (id, state) in states {
        let mut map: std::collections::HashMap<String, String> =
            serde_json::from_str(&state).expect("state");
        if map.contains_key("at") {
            map.insert("at".to_owned(), thirteen_hours_ago.to_string());
            diesel::update(sessions::table.find(&id))
                .set(sessions::state.eq(serde_json::to_string(&map).expect("json")))
                .execute(&mut *app.conn())
                .expect("age the session");
        }
    }
    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));
}

#[tokio::test]
async fn sign_out_needs_the_csrf_token() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    assert_eq!(
        app.post_form("/logout", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_form("/logout", &[("csrf_token", "forged")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/customers").await.status(),
        StatusCode::OK,
        "a forged sign-out signed the user out"
    );
}

#[tokio::test]
async fn a_password_hashed_with_other_parameters_is_rehashed_at_sign_in() {
    use diesel::prelude::*;
    use partnerdesk::db::schema::users;
    let app = TestApp::spawn_configured(|s| s.argon2.memory_kib = 128).await;
    let hash = |app: &TestApp| -> String {
        users::table
            .filter(users::email.eq("helpdesk@contoso.example"))
            .select(users::password_hash)
            .first(&mut *app.conn())
            .expect("user")
    };
    assert!(hash(&app).contains("m=64,"), "{}", hash(&app));
    app.login("helpdesk@contoso.example").await;
    let new = hash(&app);
    assert!(
        new.starts_with("$argon2id$") && new.contains("m=128,"),
        "not rehashed: {new}"
    );
    // And the new hash works.
    app.signed_in("helpdesk@contoso.example").await;
}

#[tokio::test]
async fn roles_without_pages_get_a_home_that_says_so() {
    let app = TestApp::spawn().await;
    for email in ["billing@contoso.example", "user@adatum.example"] {
        let (_, status, html) = app.get_html_as(email, "/").await;
        assert_eq!(status, StatusCode::OK, "{email}");
        assert!(text(&html).contains("Your role opens no pages"), "{email}");
        assert!(has(&html, "form[action='/logout']"), "{email}: no sign-out");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/login", "/no/such/page", "/static/app.css", "/customers"] {
        let r = app.get(path).await;
        let h = |name: &str| {
            r.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let csp = h("content-security-policy");
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert!(
            !h("referrer-policy").is_empty(),
            "{path}: no Referrer-Policy"
        );
        assert!(
            h("permissions-policy").contains("camera=()"),
            "{path}: no Permissions-Policy"
        );
    }
}

/// Found by the hostile-input test: each gave a 500 (on PostgreSQL, NUL in text is refused).
#[tokio::test]
async fn control_characters_and_nul_get_a_clear_answer_not_a_500() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let r = app.get("/login?next=%2Fcustomers%0E%0E%08").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let r = app.get("/customers?q=a%00b").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let anonymous = app.new_session();
    let token = anonymous.csrf("/login").await;
    let r = anonymous
        .post_form(
            "/login",
            &[
                ("email", "a\0@example.com"),
                ("password", "x"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// Sends one raw HTTP/1.1 request (which asks to close) and reads the answer to its end.
fn raw_exchange(address: &str, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let authority = address.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(authority).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request).expect("write");
    let mut answer = Vec::new();
    // The server may reset the connection after its answer; what arrived before counts.
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn request_with_fields(fields: usize) -> Vec<u8> {
    let mut request =
        String::from("GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for i in 0..fields.saturating_sub(2) {
        request.push_str(&format!("X-Field-{i}: {i}\r\n"));
    }
    request.push_str("\r\n");
    request.into_bytes()
}

/// actix-http answers a request head it will not parse (more than 96 header fields, or a head
/// still unfinished at 128 KiB: fixed limits, not settings) from its HTTP/1 dispatcher itself,
/// before any application code or middleware runs, so the app's headers cannot be added to that
/// 431 (README, "Probes and outages"). What it sends is a bare status with an empty body, nothing
/// a browser could render, sniff or frame, which is what those headers protect; this pins that, and
/// that a head inside the limit reaches the app and gets them.
#[tokio::test]
async fn a_request_head_past_the_limits_gets_an_empty_431_and_one_inside_reaches_the_app() {
    let app = TestApp::spawn().await;
    let address = app.address.clone();
    let (refused, served) = tokio::task::spawn_blocking(move || {
        (
            raw_exchange(&address, &request_with_fields(100)),
            raw_exchange(&address, &request_with_fields(90)),
        )
    })
    .await
    .expect("raw requests");
    let (head, body) = refused.split_once("\r\n\r\n").unwrap_or((&refused, ""));
    assert!(head.starts_with("HTTP/1.1 431"), "{refused}");
    assert!(
        head.to_ascii_lowercase().contains("content-length: 0"),
        "{head}"
    );
    assert!(body.is_empty(), "{body}");

    let (head, _) = served.split_once("\r\n\r\n").unwrap_or((&served, ""));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let head = head.to_ascii_lowercase();
    for name in [
        "content-security-policy:",
        "x-content-type-options: nosniff",
        "x-frame-options:",
    ] {
        assert!(head.contains(name), "no {name} in {head}");
    }
}
