//! Sessions that end when they should and cost nothing when nothing changes; sign-in that stops
//! guessing without locking anyone out; pages nobody caches.

use std::collections::HashMap;
use std::net::IpAddr;

use actix_session::storage::{SessionKey, SessionStore};
use diesel::prelude::*;
use partnerdesk::auth::session::{DbSessionStore, keys};
use partnerdesk::db::schema::sessions;
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp, csrf_token, location};

fn session_rows(app: &TestApp) -> Vec<(String, String)> {
    sessions::table
        .select((sessions::id, sessions::state))
        .order(sessions::id)
        .load(&mut *app.conn())
        .expect("sessions")
}

/// The `Set-Cookie` values of a response for the cookie `name`.
fn set_cookies(r: &reqwest::Response, name: &str) -> Vec<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter(|pair| pair.split_once('=').is_some_and(|(n, _)| n == name))
        .map(str::to_owned)
        .collect()
}

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_session_deleted_meanwhile_is_never_saved_again_as_someones() {
    let app = TestApp::spawn().await;
    let store = DbSessionStore::new(app.db.clone(), chrono::TimeDelta::minutes(30));
    let ttl = actix_web::cookie::time::Duration::minutes(30);
    let (user_id, _) = app.user_of("helpdesk@contoso.example");
    let signed_in = |lang: Option<&str>| {
        let mut state = HashMap::from([
            (
                keys::USER_ID.to_owned(),
                serde_json::to_string(&user_id).expect("json"),
            ),
            (
                keys::SIGNED_IN_AT.to_owned(),
                chrono::Utc::now().timestamp().to_string(),
            ),
            (keys::CSRF.to_owned(), "\"token\"".to_owned()),
        ]);
        if let Some(lang) = lang {
            state.insert("lang".to_owned(), format!("\"{lang}\""));
        }
        state
    };

    for lang in [None, Some("pl")] {
        let key = store.save(signed_in(lang), &ttl).await.expect("save");
        // Signed out by another request while this one was running...
        store.delete(&key).await.expect("delete");
        // ...which then saves what it had loaded.
        let new_key = store
            .update(key, signed_in(lang), &ttl)
            .await
            .expect("update");
        let loaded = store.load(&new_key).await.expect("load");
        match lang {
            None => assert_eq!(loaded, None, "an empty anonymous session was stored"),
            Some(lang) => {
                let state = loaded.expect("the chosen language is kept");
                assert_eq!(state.get("lang"), Some(&format!("\"{lang}\"")));
                for key in [keys::USER_ID, keys::SIGNED_IN_AT, keys::CSRF] {
                    assert!(!state.contains_key(key), "{key} came back: {state:?}");
                }
            }
        }
        let old = SessionKey::try_from(new_key.as_ref().to_owned()).expect("key");
        assert!(
            store
                .load(&old)
                .await
                .expect("load")
                .is_none_or(|s| !s.contains_key(keys::USER_ID))
        );
    }
    assert!(
        session_rows(&app)
            .iter()
            .all(|(_, state)| !state.contains(&user_id)),
        "a row holds the signed-out user: {:?}",
        session_rows(&app)
    );
}

#[tokio::test]
async fn sign_out_ends_the_session_for_requests_in_flight_too() {
    let app = TestApp::spawn().await;
    let client = plain_client();
    for round in 0..5 {
        let user = app.signed_in("helpdesk@contoso.example").await;
        let cookie = {
            use reqwest::cookie::CookieStore;
            let url: reqwest::Url = app.url("/").parse().expect("url");
            user.cookies
                .cookies(&url)
                .and_then(|h| h.to_str().ok().map(str::to_owned))
                .expect("a session cookie")
        };
        let token = user.csrf("/customers").await;
        // Requests that read the session, and requests that change it (the language switch), in
        // flight while the session is signed out.
        let in_flight: Vec<_> = (0..16)
            .map(|i| {
                let request = if i % 2 == 0 {
                    client.get(app.url("/customers"))
                } else {
                    let lang = if i % 4 == 1 { "pl" } else { "en" };
                    client
                        .post(app.url("/language"))
                        .form(&[("lang", lang), ("csrf_token", token.as_str())])
                };
                request.header("cookie", &cookie).send()
            })
            .collect();
        let sign_out = client
            .post(app.url("/logout"))
            .header("cookie", &cookie)
            .form(&[("csrf_token", token.as_str())])
            .send();
        let (responses, signed_out) =
            tokio::join!(futures_util::future::join_all(in_flight), sign_out);
        assert_eq!(signed_out.expect("logout").status(), StatusCode::SEE_OTHER);
        let mut issued: Vec<String> = responses
            .into_iter()
            .map(|r| r.expect("request"))
            .flat_map(|r| set_cookies(&r, "partnerdesk"))
            .collect();
        issued.push(cookie.clone());
        for cookie in issued {
            let r = client
                .get(app.url("/customers"))
                .header("cookie", &cookie)
                .send()
                .await
                .expect("GET");
            assert_eq!(
                r.status(),
                StatusCode::SEE_OTHER,
                "round {round}: a cookie issued around sign-out is still signed in"
            );
            assert!(location(&r).starts_with("/login"));
        }
    }
}

#[tokio::test]
async fn a_request_that_changes_nothing_writes_nothing() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    assert_eq!(app.get("/customers").await.status(), StatusCode::OK);
    let before = session_rows(&app);
    assert_eq!(before.len(), 1, "{before:?}");
    for path in [
        "/customers",
        "/activity",
        "/",
        "/static/app.css",
        "/no/such/page",
    ] {
        let r = app.get(path).await;
        assert!(
            r.headers().get("set-cookie").is_none(),
            "{path} sent a cookie: {:?}",
            r.headers().get_all("set-cookie")
        );
    }
    assert_eq!(session_rows(&app), before, "the session was rewritten");
    // Still signed in, and still the same session.
    assert_eq!(app.get("/customers").await.status(), StatusCode::OK);

    // The idle limit still follows activity: a request 25 minutes into the 30 pushes the
    // server-side expiry out again, without rewriting the state or sending the cookie.
    let soon = partnerdesk::db::now() + chrono::TimeDelta::minutes(5);
    diesel::update(sessions::table)
        .set(sessions::expires_at.eq(soon))
        .execute(&mut *app.conn())
        .expect("age the session");
    let r = app.get("/customers").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("set-cookie").is_none());
    let expires: chrono::NaiveDateTime = sessions::table
        .select(sessions::expires_at)
        .first(&mut *app.conn())
        .expect("expiry");
    assert!(
        expires > soon + chrono::TimeDelta::minutes(20),
        "the idle limit did not move: {expires}"
    );
    assert_eq!(session_rows(&app), before);
}

#[tokio::test]
async fn static_files_do_not_reach_the_session_store() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    // An expiry that any session load would push out (see the test above).
    let soon = partnerdesk::db::now() + chrono::TimeDelta::minutes(5);
    let expiry = || -> chrono::NaiveDateTime {
        sessions::table
            .select(sessions::expires_at)
            .first(&mut *app.conn())
            .expect("expiry")
    };
    diesel::update(sessions::table)
        .set(sessions::expires_at.eq(soon))
        .execute(&mut *app.conn())
        .expect("age the session");
    for name in ["app.css", "app.js", "favicon.svg"] {
        let r = app.get(&format!("/static/{name}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get("set-cookie").is_none());
    }
    assert_eq!(expiry(), soon, "a static file loaded the session");
    // A page does load it, and pushes the expiry out.
    assert_eq!(app.get("/customers").await.status(), StatusCode::OK);
    assert!(expiry() > soon);
}

#[tokio::test]
async fn anonymous_visitors_write_no_session_and_sign_in_stays_protected() {
    let app = TestApp::spawn().await;
    assert!(session_rows(&app).is_empty());
    let client = plain_client();
    for _ in 0..30 {
        let r = client.get(app.url("/login")).send().await.expect("GET");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            set_cookies(&r, "partnerdesk").is_empty(),
            "a session cookie for a visitor"
        );
    }
    let visitor = app.new_session();
    for path in [
        "/login",
        "/login?next=%2Fcustomers",
        "/",
        "/customers",
        "/healthz",
        "/no/such",
    ] {
        visitor.get(path).await;
        visitor.get(path).await;
    }
    assert!(session_rows(&app).is_empty(), "{:?}", session_rows(&app));

    // The sign-in form is still protected: its token goes with this visitor's signed cookie.
    let (_, page) = visitor.get_html("/login").await;
    let token = csrf_token(&page);
    let form = |token: &str| {
        vec![
            ("email", "helpdesk@contoso.example".to_owned()),
            ("password", PASSWORD.to_owned()),
            ("csrf_token", token.to_owned()),
        ]
    };
    // Without the cookie...
    let r = client
        .post(app.url("/login"))
        .form(&form(&token))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // ...with a cookie made up to match the token...
    let r = client
        .post(app.url("/login"))
        .header("cookie", format!("partnerdesk-csrf={token}"))
        .form(&form(&token))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // ...with another visitor's token...
    let other = app.new_session();
    let (_, other_page) = other.get_html("/login").await;
    let r = visitor
        .client
        .post(app.url("/login"))
        .form(&form(&csrf_token(&other_page)))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(session_rows(&app).is_empty());
    // ...and with its own: signed in.
    let r = visitor
        .client
        .post(app.url("/login"))
        .form(&form(&token))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(visitor.get("/customers").await.status(), StatusCode::OK);
    assert_eq!(session_rows(&app).len(), 1);

    // Once signed in, only the session's own token counts, not the visitor cookie's.
    let r = visitor
        .post_form("/language", &[("lang", "pl"), ("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

fn loopback(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

#[tokio::test]
async fn failing_on_purpose_does_not_lock_the_owner_out() {
    let app = TestApp::spawn().await;
    for (email, password) in [
        ("helpdesk@contoso.example", PASSWORD),
        ("nobody@example.com", "any password at all"),
    ] {
        let attacker = app.new_session_from(loopback(2));
        let mut statuses = Vec::new();
        for _ in 0..6 {
            statuses.push(attacker.try_login(email, "wrong password").await.status());
        }
        assert_eq!(&statuses[..5], [StatusCode::UNAUTHORIZED; 5], "{email}");
        assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS, "{email}");
        // The guessing address waits, even with the right password...
        let r = attacker.try_login(email, password).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{email}");
        assert!(r.headers().get("retry-after").is_some());
        // ...while the owner, from an address that has not been failing, gets in.
        let owner = app.new_session_from(loopback(3));
        let r = owner.try_login(email, password).await;
        if email == "nobody@example.com" {
            // An unknown account answers as a known one with a wrong password would.
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        } else {
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "the owner is locked out");
            assert_eq!(owner.get("/customers").await.status(), StatusCode::OK);
        }
        // An address that then fails for the account waits too.
        let third = app.new_session_from(loopback(4));
        assert_eq!(
            third.try_login(email, "wrong again").await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            third.try_login(email, password).await.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "{email}"
        );
    }
}

#[tokio::test]
async fn successful_sign_ins_are_not_throttled() {
    let app = TestApp::spawn().await;
    for _ in 0..12 {
        app.signed_in("helpdesk@contoso.example").await;
    }
}

#[tokio::test]
async fn pages_are_not_stored_by_caches_and_static_files_are() {
    let app = TestApp::spawn().await;
    app.login("globaladmin@contoso.example").await;
    let adatum = app.tenant_of("Adatum Corporation");
    for path in [
        "/login".to_owned(),
        "/customers".to_owned(),
        format!("/customers/{adatum}"),
        app.subscription_path("Adatum Corporation", "Office 365 Business Standard"),
        "/relationships/invitations".to_owned(),
        "/activity".to_owned(),
        "/activity.csv".to_owned(),
        "/no/such/page".to_owned(),
    ] {
        let r = app.get(&path).await;
        let cache = r
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(cache, "no-store", "{path} ({})", r.status());
    }
    let customer = app.signed_in("admin@adatum.example").await;
    for path in ["/admin/support", "/admin/partners"] {
        let r = customer.get(path).await;
        assert_eq!(
            r.headers().get("cache-control").map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "{path}"
        );
    }
    let r = app.get("/static/app.css").await;
    let cache = r
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok());
    assert!(cache.is_some_and(|c| c.starts_with("public")), "{cache:?}");
}
