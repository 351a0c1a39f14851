//! Security: sign-in throttling, error pages for signed-in users.

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp, text};

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
    let other = app.new_session();
    other.login("admin@contoso.example").await;
}

#[tokio::test]
async fn error_pages_let_a_signed_in_user_sign_out() {
    let app = TestApp::spawn().await;
    app.login("billing@contoso.example").await;
    let (status, html) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text(&html).contains("Billing admins have no access to the Customers workspace"));
    assert!(
        html.contains("action=\"/logout\"") && html.contains("name=\"csrf_token\""),
        "no sign-out on the 403 page"
    );
    let (status, html) = app.get_html("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("action=\"/logout\""));
    // Anonymous visitors get no sign-out form.
    let anonymous = app.new_session();
    let (_, html) = anonymous.get_html("/no/such/page").await;
    assert!(!html.contains("action=\"/logout\""));
}
