//! Setting up: sessions of each role, throw-away sessions, the world.

use std::collections::HashSet;
use std::time::Duration;

use diesel::prelude::*;
use futures_util::StreamExt;
use partnerdesk::db::DbConn;
use partnerdesk::db::schema::{
    audit_events, customers, partners, partnership_requests, relationship_invitations,
    subscriptions, users,
};
use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;

use super::model::{Session, World};
use super::{ADATUM, FABRIKAM, O365, THROWAWAY_SESSIONS, USERS};
use crate::helpers::{PASSWORD, TestApp, create_invitation, csrf_token, location};

/// A client like the harness's (cookies, no redirects) that drops idle connections well before
/// the server's 5 s keep-alive does, so that no request is sent on a connection being closed.
fn client(cookies: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(cookies)
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

async fn html(client: &reqwest::Client, url: &str) -> (StatusCode, String, String) {
    let r = client.get(url).send().await.expect("GET");
    let (status, location) = (r.status(), location(&r));
    (status, location, r.text().await.expect("body"))
}

/// A session of `email` (anonymous if `None`), signed in through the form.
async fn session(address: &str, label: &'static str, email: Option<&str>) -> Session {
    let client = client(true);
    let (_, _, page) = html(&client, &format!("{address}/login")).await;
    if let Some(email) = email {
        let r = client
            .post(format!("{address}/login"))
            .form(&[
                ("email", email),
                ("password", PASSWORD),
                ("csrf_token", &csrf_token(&page)),
            ])
            .send()
            .await
            .expect("POST /login");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
    }
    // The token of the signed-in session, from its home page (the sign-in page if anonymous).
    let (_, home, _) = html(&client, &format!("{address}/")).await;
    let (_, _, page) = html(&client, &format!("{address}{home}")).await;
    let (status, _, _) = html(&client, &format!("{address}/relationships/invitations")).await;
    let (resellers, _, _) = html(&client, &format!("{address}/resellers")).await;
    let (profile, _, _) = html(&client, &format!("{address}/settings/support-profile")).await;
    Session {
        label,
        csrf: csrf_token(&page),
        client,
        creates_invitations: status == StatusCode::OK,
        makes_requests: resellers == StatusCode::OK,
        edits_profile: profile == StatusCode::OK,
        signed_in: email.is_some(),
    }
}

/// Makes a partnership request as the signed-in provider's Global admin; its token, from the
/// link shown once.
async fn create_partnership_request(app: &TestApp) -> String {
    let token = app.csrf("/resellers").await;
    let r = app
        .post_form("/resellers/requests", &[("csrf_token", &token)])
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "set-up partnership request"
    );
    let (_, html) = app.get_html("/resellers").await;
    let link = crate::helpers::attr(&html, "#new-link", "value").expect("the request's link");
    link.rsplit('/').next().expect("a token").to_owned()
}

/// A fresh anonymous session: (cookie, CSRF token).
async fn throwaway_session(bare: &reqwest::Client, address: &str) -> (String, String) {
    let r = bare
        .get(format!("{address}/login"))
        .send()
        .await
        .expect("GET /login");
    let cookie = r
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let html = r.text().await.expect("body");
    (cookie, csrf_token(&html))
}

/// Makes one real assignment (so that a review page exists) and one invitation (so that an
/// invitation link exists), signs everyone in, and reads what exists.
pub(super) async fn world(app: &TestApp) -> World {
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let r = helpdesk.assign(&path, FABRIKAM).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "set-up assignment");

    let partner = app.signed_in("globaladmin@contoso.example").await;
    let token = create_invitation(&partner, false).await;
    let request_token = create_partnership_request(&partner).await;

    let mut sessions = vec![session(&app.address, "anonymous", None).await];
    for email in USERS {
        sessions.push(session(&app.address, email, Some(email)).await);
    }
    let bare = client(false);
    let throwaway = futures_util::stream::iter(0..THROWAWAY_SESSIONS)
        .map(|_| throwaway_session(&bare, &app.address))
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;

    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let tenants: Vec<String> = customers::table
        .select(customers::tenant_id)
        .order(customers::tenant_id)
        .load(conn)
        .expect("tenants");
    let mut subs: Vec<(String, String, String, i32)> = subscriptions::table
        .inner_join(customers::table)
        .select((
            customers::tenant_id,
            subscriptions::id,
            customers::company_name,
            subscriptions::version,
        ))
        .order(subscriptions::id)
        .load(conn)
        .expect("subscriptions");
    subs.sort_by_key(|(_, _, company, _)| company != ADATUM);
    let adatum_subscriptions = subs.iter().filter(|s| s.2 == ADATUM).count();
    let changes: Vec<(String, String, String)> = audit_events::table
        .inner_join(
            subscriptions::table.on(audit_events::subscription_id.eq(subscriptions::id.nullable())),
        )
        .inner_join(customers::table.on(subscriptions::customer_id.eq(customers::id)))
        .select((customers::tenant_id, subscriptions::id, audit_events::id))
        .order(audit_events::id)
        .load(conn)
        .expect("changes");
    let mpns: Vec<String> = partners::table
        .select(partners::mpn_id)
        .order(partners::mpn_id)
        .load::<i32>(conn)
        .expect("partners")
        .into_iter()
        .map(|m| m.to_string())
        .collect();
    let invitation_ids: Vec<String> = relationship_invitations::table
        .select(relationship_invitations::id)
        .order(relationship_invitations::id)
        .load(conn)
        .expect("invitations");
    let request_ids: Vec<String> = partnership_requests::table
        .select(partnership_requests::id)
        .load(conn)
        .expect("requests");
    let user_ids: Vec<String> = users::table
        .select(users::id)
        .order(users::id)
        .load(conn)
        .expect("users");
    let versions: HashSet<i32> = subs.iter().map(|s| s.3).collect();
    assert!(
        !changes.is_empty(),
        "the set-up assignment left no audit event"
    );
    World {
        address: app.address.clone(),
        sessions,
        bare,
        throwaway,
        tenants,
        adatum_subscriptions,
        max_version: versions.iter().copied().max().unwrap_or(1),
        versions,
        subscription_ids: subs.iter().map(|s| s.1.clone()).collect(),
        change_ids: changes.iter().map(|c| c.2.clone()).collect(),
        subscriptions: subs.into_iter().map(|(t, s, _, _)| (t, s)).collect(),
        changes,
        mpns,
        invitation_ids,
        user_ids,
        token,
        request_token,
        request_ids,
        body_limit: partnerdesk::config::Settings::default().max_body_bytes,
    }
}
