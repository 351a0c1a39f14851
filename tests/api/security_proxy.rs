//! Security behind a reverse proxy: `X-Forwarded-*` headers are believed only from the
//! `trusted_proxies`; from anyone else a forged `X-Forwarded-Host` neither makes a foreign
//! `Origin` ours nor reaches an invitation link, and a forged `X-Forwarded-For` does not escape
//! the sign-in address limit.

use partnerdesk::config::{Settings, ThrottleSettings};
use reqwest::StatusCode;
use reqwest::header::ORIGIN;

use crate::helpers::{TestApp, csrf_token, form_version, location, shown_link};

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const FABRIKAM: &str = "4200001";
const INVITATIONS: &str = "/relationships/invitations";

/// Submits the support-contact form of Adatum's Office 365 as the signed-in user, with these extra
/// headers; the status.
async fn assign_with(app: &TestApp, headers: &[(&str, &str)]) -> StatusCode {
    let path = app.subscription_path(ADATUM, O365);
    let (_, page) = app.get_html(&path).await;
    let (version, token) = (form_version(&page), csrf_token(&page));
    let form = [
        ("support_contact", FABRIKAM),
        ("version", version.as_str()),
        ("csrf_token", token.as_str()),
    ];
    let mut request = app
        .client
        .post(app.url(&format!("{path}/support-contact")))
        .form(&form);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("POST").status()
}

/// Creates an invitation as the signed-in user, sending these extra headers with the form and
/// with the list page that shows the new link once; that link.
async fn invitation_link_with(app: &TestApp, headers: &[(&str, &str)]) -> String {
    let token = app.csrf(INVITATIONS).await;
    let mut request = app
        .client
        .post(app.url(INVITATIONS))
        .form(&[("csrf_token", token.as_str())]);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.expect("POST");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), INVITATIONS);
    let mut request = app.client.get(app.url(INVITATIONS));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let html = request
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    shown_link(&html).expect("the new link is shown")
}

/// Two failed sign-ins from one address, then that address waits.
const SMALL_ADDRESS_LIMIT: ThrottleSettings = ThrottleSettings {
    account_burst: 100,
    account_per_minute: 1,
    address_burst: 2,
    address_per_minute: 1,
};

/// The test client's own address (127.0.0.1) is a trusted proxy.
fn behind_a_proxy(settings: &mut Settings) {
    settings.trusted_proxies = "127.0.0.1".parse().unwrap_or_default();
    settings.login_throttle = SMALL_ADDRESS_LIMIT;
}

fn without_a_proxy(settings: &mut Settings) {
    settings.login_throttle = SMALL_ADDRESS_LIMIT;
}

/// A failed sign-in of `email` (each test uses a new one, so that only the address limit
/// applies) on a fresh session, sent with this `X-Forwarded-For`; the status.
async fn failed_sign_in(app: &TestApp, forwarded_for: &str, email: &str) -> StatusCode {
    let session = app.new_session();
    let token = session.csrf("/login").await;
    session
        .client
        .post(session.url("/login"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("email", email),
            ("password", "wrong password"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("POST")
        .status()
}

#[tokio::test]
async fn a_forged_forwarded_host_from_an_untrusted_peer_is_not_believed() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let before = app.snapshot(ADATUM, O365);
    let forged = [
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
        ("forwarded", "for=203.0.113.9;host=evil.example;proto=https"),
        (ORIGIN.as_str(), "http://evil.example"),
    ];
    assert_eq!(
        assign_with(&app, &forged).await,
        StatusCode::FORBIDDEN,
        "a forged X-Forwarded-Host made a foreign Origin ours"
    );
    assert_eq!(app.snapshot(ADATUM, O365), before, "something changed");

    // The invitation link names the host the request really reached.
    let admin = app.signed_in("admin@contoso.example").await;
    let link = invitation_link_with(&admin, &forged[..3]).await;
    let real = format!("{}/invitations/", app.address);
    assert!(link.starts_with(&real), "{link}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_host_and_scheme_are_believed() {
    let app = TestApp::spawn_configured(behind_a_proxy).await;
    app.login("helpdesk@contoso.example").await;
    let proxied = [
        ("x-forwarded-for", "203.0.113.1"),
        ("x-forwarded-host", "partners.example"),
        ("x-forwarded-proto", "https"),
    ];
    let before = app.snapshot(ADATUM, O365);
    let foreign = [&proxied[..], &[(ORIGIN.as_str(), "https://evil.example")]].concat();
    assert_eq!(assign_with(&app, &foreign).await, StatusCode::FORBIDDEN);
    assert_eq!(app.snapshot(ADATUM, O365), before);
    let own = [
        &proxied[..],
        &[(ORIGIN.as_str(), "https://partners.example")],
    ]
    .concat();
    assert_eq!(
        assign_with(&app, &own).await,
        StatusCode::SEE_OTHER,
        "the site's public origin, as the proxy names it, was refused"
    );

    let admin = app.signed_in("admin@contoso.example").await;
    let link = invitation_link_with(&admin, &proxied).await;
    assert!(
        link.starts_with("https://partners.example/invitations/"),
        "{link}"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_address_limit() {
    let app = TestApp::spawn_configured(behind_a_proxy).await;
    let unauthorized = StatusCode::UNAUTHORIZED;
    assert_eq!(
        failed_sign_in(&app, "203.0.113.1", "a1@example.com").await,
        unauthorized
    );
    // Addresses the client wrote left of the proxy's entry do not make it someone else.
    assert_eq!(
        failed_sign_in(&app, "198.51.100.99, 203.0.113.1", "a2@example.com").await,
        unauthorized
    );
    assert_eq!(
        failed_sign_in(&app, "198.51.100.98, 203.0.113.1", "a3@example.com").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the same forwarded client did not share its address limit"
    );
    // Another client behind the same proxy is not held back.
    assert_eq!(
        failed_sign_in(&app, "203.0.113.2", "b1@example.com").await,
        unauthorized,
        "two forwarded clients shared one address limit"
    );
    assert_eq!(
        failed_sign_in(&app, "[2001:db8::2]:51000", "c1@example.com").await,
        unauthorized
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_address_does_not_escape_the_peers_limit() {
    let app = TestApp::spawn_configured(without_a_proxy).await;
    let unauthorized = StatusCode::UNAUTHORIZED;
    assert_eq!(
        failed_sign_in(&app, "203.0.113.1", "a1@example.com").await,
        unauthorized
    );
    assert_eq!(
        failed_sign_in(&app, "203.0.113.2", "b1@example.com").await,
        unauthorized
    );
    assert_eq!(
        failed_sign_in(&app, "203.0.113.3", "c1@example.com").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a forged X-Forwarded-For escaped the peer's address limit"
    );
}
