//! Partnership requests (issue 14): an indirect provider's Global admin makes a one-time link on
//! its Resellers page and sees it once; a reseller's Global admin accepts it signed in, or a new
//! reseller signs up through it; used, revoked, expired and unknown links say so and change
//! nothing; roles, other providers' requests, CSRF, two uses of one link at once, Polish.

use diesel::prelude::*;
use partnerdesk::db::models::partner::PartnershipState;
use partnerdesk::db::schema::{
    audit_events, partners, partnership_requests as req, partnerships, users,
};
use partnerdesk::domain::Role;
use reqwest::StatusCode;

use crate::fixtures::{PartnerBuilder, UserBuilder};
use crate::helpers::{PASSWORD, TestApp, attr, csrf_token, has, location, text};

const RESELLERS: &str = "/resellers";
const CONTOSO: i32 = 4_100_001;
const CONTOSO_GA: &str = "globaladmin@contoso.example";

fn count_ops(app: &TestApp, op: &str) -> i64 {
    audit_events::table
        .filter(audit_events::operation.eq(op))
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

/// (partners, users, partnerships, used requests): what a refused action must leave alone.
fn totals(app: &TestApp) -> (i64, i64, i64, i64) {
    let mut conn = app.conn();
    (
        partners::table
            .count()
            .get_result(&mut *conn)
            .expect("partners"),
        users::table.count().get_result(&mut *conn).expect("users"),
        partnerships::table
            .filter(partnerships::state.eq("active"))
            .count()
            .get_result(&mut *conn)
            .expect("partnerships"),
        req::table
            .filter(
                req::accepted_at
                    .is_not_null()
                    .or(req::revoked_at.is_not_null()),
            )
            .count()
            .get_result(&mut *conn)
            .expect("requests"),
    )
}

/// The states of the partnerships between Contoso and the reseller with this PartnerID.
fn partnership_states(app: &TestApp, reseller: i32) -> Vec<String> {
    partnerships::table
        .filter(partnerships::provider_id.eq(app.partner_id_of(CONTOSO)))
        .filter(partnerships::reseller_id.eq(app.partner_id_of(reseller)))
        .select(partnerships::state)
        .load(&mut *app.conn())
        .expect("partnerships")
}

/// Makes a request through the Resellers page form; the token from the link shown once.
async fn make_request(provider: &TestApp, note: &str) -> String {
    let token = provider.csrf(RESELLERS).await;
    let r = provider
        .post_form(
            "/resellers/requests",
            &[("note", note), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), RESELLERS);
    let (status, html) = provider.get_html(RESELLERS).await;
    assert_eq!(status, StatusCode::OK);
    let link = attr(&html, "#new-link", "value").expect("the new link is shown");
    let prefix = format!("{}/partnerships/", provider.address);
    assert!(link.starts_with(&prefix), "{link}");
    link[prefix.len()..].to_owned()
}

/// A reseller new to the demo, with a Global admin, and its partnership with Contoso if any.
fn reseller(app: &TestApp, name: &str, email: &str, with_contoso: Option<PartnershipState>) -> i32 {
    let mut b = PartnerBuilder::reseller(name).user(email, Role::GlobalAdmin);
    if let Some(state) = with_contoso {
        b = b.partnership(CONTOSO, state);
    }
    b.build(app).mpn
}

fn sign_up_form<'a>(token: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name", "Wingtip Resale"),
        ("partner_id", "4299001"),
        ("tenant_id", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
        ("country", "pl"),
        ("email", "ga@wingtip.example"),
        ("display_name", "Wanda Wingtip"),
        ("password", "a long enough password"),
        ("password_again", "a long enough password"),
        ("csrf_token", token),
    ];
    for (k, v) in fields {
        if let Some(pair) = form.iter_mut().find(|(name, _)| name == k) {
            pair.1 = v;
        }
    }
    form
}

#[tokio::test]
async fn a_request_link_is_shown_once_listed_with_its_note_and_revoked() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "Jan at Wingtip").await;
    let (_, again) = contoso.get_html(RESELLERS).await;
    assert!(!has(&again, "#new-link"), "the link is shown only once");
    assert!(!text(&again).contains(&token), "nor anywhere else");
    assert!(text(&again).contains("Jan at Wingtip"));
    assert!(text(&again).contains("Pending"));
    assert_eq!(count_ops(&app, "partnership.requested"), 1);
    // Only the hash is stored.
    let stored: Vec<String> = req::table
        .select(req::token_hash)
        .load(&mut *app.conn())
        .expect("hash");
    assert_eq!(stored, vec![partnerdesk::domain::one_time::hash(&token)]);

    // A note too long comes back with 422, nothing made.
    let long = "x".repeat(201);
    let r = contoso
        .post_form(
            "/resellers/requests",
            &[("note", &long), ("csrf_token", &csrf_token(&again))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&r.text().await.expect("body"), "#request-error"));
    assert_eq!(count_ops(&app, "partnership.requested"), 1);

    let action = attr(&again, "form[action$='/revoke']", "action").expect("a Revoke button");
    let r = contoso
        .post_form(&action, &[("csrf_token", &csrf_token(&again))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, after) = contoso.get_html(RESELLERS).await;
    assert!(text(&after).contains("Partnership request revoked"));
    assert!(text(&after).contains("Revoked"));
    assert!(!has(&after, "form[action$='/revoke']"));
    assert_eq!(count_ops(&app, "partnership.request_revoked"), 1);
    // Revoking again is refused, unchanged.
    let r = contoso
        .post_form(&action, &[("csrf_token", &csrf_token(&after))])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(count_ops(&app, "partnership.request_revoked"), 1);

    // The link now says it was revoked, to anyone.
    let (status, page) = app
        .new_session()
        .get_html(&format!("/partnerships/{token}"))
        .await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        text(&page).contains("Contoso Distribution revoked this request"),
        "{}",
        text(&page)
    );
}

#[tokio::test]
async fn a_resellers_global_admin_signs_in_from_the_link_and_accepts_and_the_provider_sees_it() {
    let app = TestApp::spawn().await;
    let mpn = reseller(&app, "Wingtip Resale", "ga@wingtip.example", None);
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "").await;
    let link = format!("/partnerships/{token}");

    // Not signed in: the provider, and a choice between signing in and signing up.
    let visitor = app.new_session();
    let (status, page) = visitor.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains("Contoso Distribution"));
    let sign_in = format!("/login?next=%2Fpartnerships%2F{token}");
    assert!(crate::helpers::has_link(&page, &sign_in), "a sign-in link");
    assert!(has(&page, &format!("form[action='{link}/sign-up']")));
    let (_, login) = visitor.get_html(&sign_in).await;
    let r = visitor
        .post_form(
            "/login",
            &[
                ("email", "ga@wingtip.example"),
                ("password", PASSWORD),
                ("next", &link),
                ("csrf_token", &csrf_token(&login)),
            ],
        )
        .await;
    assert_eq!(location(&r), link);
    let (status, page) = visitor.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains("asks your organization to become its indirect reseller"));
    let r = visitor
        .post_form(
            &format!("{link}/accept"),
            &[("csrf_token", &csrf_token(&page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let (_, home) = visitor.get_html("/customers").await;
    assert!(
        text(&home).contains("Partnership with Contoso Distribution accepted"),
        "{}",
        text(&home)
    );
    assert_eq!(partnership_states(&app, mpn), ["active"]);
    assert_eq!(count_ops(&app, "partnership.accepted"), 1);

    // The provider sees it: active on its Resellers page, the request accepted by whom, the log.
    let (_, list) = contoso.get_html(RESELLERS).await;
    let words = text(&list);
    assert!(words.contains("Wingtip Resale"), "{words}");
    assert!(words.contains("by Wingtip Resale"), "{words}");
    let (_, log) = contoso.get_html("/activity").await;
    assert!(
        text(&log).contains("Partnership accepted"),
        "{}",
        text(&log)
    );

    // Used up: the link says so, and a second acceptance changes nothing.
    let (status, page) = visitor.get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        text(&page).contains("Your organization accepted this request"),
        "{}",
        text(&page)
    );
    let r = visitor
        .post_form(
            &format!("{link}/accept"),
            &[("csrf_token", &csrf_token(&page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(count_ops(&app, "partnership.accepted"), 1);
}

#[tokio::test]
async fn accepting_reactivates_an_ended_partnership_and_says_so_of_an_active_one() {
    let app = TestApp::spawn().await;
    let ended = reseller(
        &app,
        "Ended Resale",
        "ga@ended.example",
        Some(PartnershipState::Removed),
    );
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "").await;
    let session = app.signed_in("ga@ended.example").await;
    let (_, page) = session.get_html(&format!("/partnerships/{token}")).await;
    let r = session
        .post_form(
            &format!("/partnerships/{token}/accept"),
            &[("csrf_token", &csrf_token(&page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        partnership_states(&app, ended),
        ["active"],
        "one row, active again"
    );

    // Fabrikam's partnership is active already: the page says so; accepting uses the link up.
    UserBuilder::new("ga@fabrikam.example", Role::GlobalAdmin).of_partner(&app, 4_200_001);
    let token = make_request(&contoso, "").await;
    let fabrikam = app.signed_in("ga@fabrikam.example").await;
    let (status, page) = fabrikam.get_html(&format!("/partnerships/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&page).contains("already has an active partnership"),
        "{}",
        text(&page)
    );
    let r = fabrikam
        .post_form(
            &format!("/partnerships/{token}/accept"),
            &[("csrf_token", &csrf_token(&page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = fabrikam.get_html("/customers").await;
    assert!(
        text(&home).contains("was already active"),
        "{}",
        text(&home)
    );
    assert_eq!(partnership_states(&app, 4_200_001), ["active"]);
    let (status, _) = fabrikam.get_html(&format!("/partnerships/{token}")).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn a_new_reseller_signs_up_through_the_link_signs_in_and_the_provider_sees_it_active() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "Wanda").await;
    let link = format!("/partnerships/{token}");
    let visitor = app.new_session();
    let (_, page) = visitor.get_html(&link).await;
    let csrf = csrf_token(&page);
    let before = totals(&app);

    // Malformed fields: 422, a message per field, the form kept (not the passwords).
    let r = visitor
        .post_form(
            &format!("{link}/sign-up"),
            &sign_up_form(
                &csrf,
                &[
                    ("name", ""),
                    ("partner_id", "12"),
                    ("tenant_id", "nope"),
                    ("country", "Poland"),
                    ("email", "nobody"),
                    ("password", "short"),
                    ("password_again", "other"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    for field in [
        "name",
        "partner_id",
        "tenant_id",
        "country",
        "email",
        "password",
        "password_again",
    ] {
        assert!(has(&html, &format!("#{field}-error")), "{field}");
    }
    assert_eq!(
        attr(&html, "input[name=country]", "value").as_deref(),
        Some("Poland")
    );
    assert_eq!(
        attr(&html, "input[name=password]", "value").as_deref(),
        Some("")
    );

    // Taken PartnerID and tenant id, a taken email, a password that is the email.
    let adatum_tenant = app.tenant_of("Adatum Corporation");
    for (fields, errors) in [
        (
            vec![
                ("partner_id", "4200001"),
                ("tenant_id", adatum_tenant.as_str()),
            ],
            vec!["#partner_id-error", "#tenant_id-error"],
        ),
        (
            vec![("email", "admin@contoso.example")],
            vec!["#email-error"],
        ),
        (
            vec![
                ("email", "same.as.password@wingtip.example"),
                ("password", "same.as.password@wingtip.example"),
                ("password_again", "same.as.password@wingtip.example"),
            ],
            vec!["#password-error"],
        ),
    ] {
        let r = visitor
            .post_form(&format!("{link}/sign-up"), &sign_up_form(&csrf, &fields))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let html = r.text().await.expect("body");
        for e in errors {
            assert!(has(&html, e), "{fields:?}: {e}");
        }
    }
    assert_eq!(totals(&app), before, "nothing written");

    // The real one: signed in at once, at home.
    let r = visitor
        .post_form(&format!("{link}/sign-up"), &sign_up_form(&csrf, &[]))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let (status, home) = visitor.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&home);
    assert!(words.contains("Welcome to partnerdesk"), "{words}");
    assert!(words.contains("Wingtip Resale"), "{words}");
    assert_eq!(partnership_states(&app, 4_299_001), ["active"]);
    let (kind, country): (String, String) = partners::table
        .filter(partners::mpn_id.eq(4_299_001))
        .select((partners::kind, partners::country))
        .first(&mut *app.conn())
        .expect("the new reseller");
    assert_eq!(
        (kind.as_str(), country.as_str()),
        ("indirect_reseller", "PL")
    );
    for op in [
        "organization.created",
        "user.created",
        "partnership.accepted",
    ] {
        assert_eq!(count_ops(&app, op), 1, "{op}");
    }

    // The new Global admin signs in anew with the password chosen.
    let fresh = app.new_session();
    let r = fresh
        .try_login("ga@wingtip.example", "a long enough password")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = fresh.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);

    // The provider sees it active, and it is eligible at once where rule 2 allows.
    let (_, list) = contoso.get_html(RESELLERS).await;
    assert!(text(&list).contains("by Wingtip Resale"), "{}", text(&list));
    let reseller_id = app.partner_id_of(4_299_001);
    let adatum = app.customer_id_of("Adatum Corporation");
    app.run_sql(&format!(
        "INSERT INTO customer_relationships (id, customer_id, partner_id, state, delegated_admin, origin, created_at, updated_at, company_name) \
         VALUES ('{}', '{adatum}', '{reseller_id}', 'active', TRUE, 'invitation', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'Adatum Corporation')",
        uuid::Uuid::new_v4()
    ));
    let path = app.subscription_path("Adatum Corporation", "Office 365 Business Standard");
    let (_, form) = contoso.get_html(&path).await;
    let radio = crate::helpers::radio(&form, "4299001").expect("the new reseller is listed");
    assert!(!radio.disabled, "and eligible: {}", radio.html);

    // The link is used up.
    let (status, _) = app.new_session().get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn roles_that_may_not_accept_or_request_are_refused_and_another_providers_request_is_404() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "").await;
    let link = format!("/partnerships/{token}");
    let before = totals(&app);
    for email in [
        CONTOSO_GA,
        "admin@fabrikam.example",
        "admin@adatum.example",
        "admin@litware.example",
    ] {
        let (session, status, html) = app.get_html_as(email, &link).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(
            text(&html).contains("Only an indirect reseller's Global admin can accept"),
            "{email}: {}",
            text(&html)
        );
        let r = session
            .post_form(
                &format!("{link}/accept"),
                &[("csrf_token", &csrf_token(&html))],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
        // Signed in, nobody signs a new organization up.
        let r = session
            .post_form(
                &format!("{link}/sign-up"),
                &sign_up_form(&csrf_token(&html), &[]),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
    }
    assert_eq!(totals(&app), before);
    for email in [
        "admin@contoso.example",
        "sales@contoso.example",
        "admin@fabrikam.example",
    ] {
        let (session, status, html) = app.get_html_as(email, RESELLERS).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        let r = session
            .post_form("/resellers/requests", &[("csrf_token", &csrf_token(&html))])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
    }

    // Litware's request, revoked by Contoso: 404, as an unknown one.
    UserBuilder::new("ga@litware.example", Role::GlobalAdmin).of_partner(&app, 4_100_002);
    let litware = app.signed_in("ga@litware.example").await;
    make_request(&litware, "").await;
    let (_, page) = litware.get_html(RESELLERS).await;
    let action = attr(&page, "form[action$='/revoke']", "action").expect("Litware's request");
    let (_, mine) = contoso.get_html(RESELLERS).await;
    let r = contoso
        .post_form(&action, &[("csrf_token", &csrf_token(&mine))])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let unknown = format!("/resellers/requests/{}/revoke", uuid::Uuid::new_v4());
    let r = contoso
        .post_form(&unknown, &[("csrf_token", &csrf_token(&mine))])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(count_ops(&app, "partnership.request_revoked"), 0);
}

#[tokio::test]
async fn used_expired_revoked_and_unknown_links_say_which_and_change_nothing() {
    let app = TestApp::spawn().await;
    reseller(&app, "Wingtip Resale", "ga@wingtip.example", None);
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "").await;
    app.run_sql("UPDATE partnership_requests SET expires_at = '2020-01-01 00:00:00'");
    let before = totals(&app);
    let link = format!("/partnerships/{token}");
    let visitor = app.new_session();
    let (status, page) = visitor.get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        text(&page).contains("This partnership link has expired"),
        "{}",
        text(&page)
    );
    let r = visitor
        .post_form(
            &format!("{link}/sign-up"),
            &sign_up_form(&csrf_token(&page), &[]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::GONE);
    let wingtip = app.signed_in("ga@wingtip.example").await;
    let (status, page) = wingtip.get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    let r = wingtip
        .post_form(
            &format!("{link}/accept"),
            &[("csrf_token", &csrf_token(&page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(totals(&app), before);
    // An expired request cannot be revoked either.
    let (_, list) = contoso.get_html(RESELLERS).await;
    assert!(text(&list).contains("Expired"));

    for unknown in [
        "0".repeat(64),
        "not-a-token".to_owned(),
        format!("{}x", &token[1..]),
    ] {
        let (status, page) = visitor.get_html(&format!("/partnerships/{unknown}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
        assert!(text(&page).contains("This partnership link is not valid"));
        let (status, _) = wingtip.get_html(&format!("/partnerships/{unknown}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
    }
    assert_eq!(totals(&app), before);
}

#[tokio::test]
async fn every_post_needs_its_csrf_token() {
    let app = TestApp::spawn().await;
    reseller(&app, "Wingtip Resale", "ga@wingtip.example", None);
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "").await;
    let (_, list) = contoso.get_html(RESELLERS).await;
    let revoke = attr(&list, "form[action$='/revoke']", "action").expect("Revoke");
    let wingtip = app.signed_in("ga@wingtip.example").await;
    let visitor = app.new_session();
    visitor.get_html(&format!("/partnerships/{token}")).await;
    let before = (totals(&app), count_ops(&app, "partnership.requested"));
    for bad in [None, Some("forged")] {
        let with = |mut form: Vec<(&'static str, &'static str)>| {
            if let Some(t) = bad {
                form.push(("csrf_token", t));
            }
            form
        };
        let r = contoso
            .post_form("/resellers/requests", &with(vec![("note", "x")]))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = contoso.post_form(&revoke, &with(vec![])).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = wingtip
            .post_form(&format!("/partnerships/{token}/accept"), &with(vec![]))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let mut form: Vec<(&str, &str)> = sign_up_form("", &[])
            .into_iter()
            .filter(|(k, _)| *k != "csrf_token")
            .collect();
        if let Some(t) = bad {
            form.push(("csrf_token", t));
        }
        let r = visitor
            .post_form(&format!("/partnerships/{token}/sign-up"), &form)
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        (totals(&app), count_ops(&app, "partnership.requested")),
        before
    );
}

#[tokio::test]
async fn two_acceptances_of_one_link_at_once_succeed_exactly_once() {
    let app = TestApp::spawn().await;
    let a_mpn = reseller(&app, "Race A", "ga@race-a.example", None);
    let b_mpn = reseller(&app, "Race B", "ga@race-b.example", None);
    let contoso = app.signed_in(CONTOSO_GA).await;
    let a = app.signed_in("ga@race-a.example").await;
    let b = app.signed_in("ga@race-b.example").await;
    for round in 0..3 {
        let token = make_request(&contoso, "").await;
        let link = format!("/partnerships/{token}");
        let (_, a_page) = a.get_html(&link).await;
        let (_, b_page) = b.get_html(&link).await;
        let (a_csrf, b_csrf) = (csrf_token(&a_page), csrf_token(&b_page));
        let accept = format!("{link}/accept");
        let before = count_ops(&app, "partnership.accepted");
        let (a_form, b_form) = (
            [("csrf_token", a_csrf.as_str())],
            [("csrf_token", b_csrf.as_str())],
        );
        let (ra, rb) = tokio::join!(a.post_form(&accept, &a_form), b.post_form(&accept, &b_form));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::GONE],
            "round {round}"
        );
        assert_eq!(
            count_ops(&app, "partnership.accepted"),
            before + 1,
            "round {round}"
        );
    }
    let active = [a_mpn, b_mpn]
        .iter()
        .filter(|m| partnership_states(&app, **m) == ["active"])
        .count();
    assert!(active >= 1);
}

#[tokio::test]
async fn two_sign_ups_through_one_link_at_once_make_exactly_one_reseller() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in(CONTOSO_GA).await;
    for round in 0..3 {
        let token = make_request(&contoso, "").await;
        let link = format!("/partnerships/{token}");
        let (x, y) = (app.new_session(), app.new_session());
        let (_, x_page) = x.get_html(&link).await;
        let (_, y_page) = y.get_html(&link).await;
        let (x_csrf, y_csrf) = (csrf_token(&x_page), csrf_token(&y_page));
        let (x_mpn, y_mpn) = (format!("44{round}0001"), format!("44{round}0002"));
        let (x_email, y_email) = (
            format!("x{round}@race.example"),
            format!("y{round}@race.example"),
        );
        let (x_tenant, y_tenant) = (
            uuid::Uuid::new_v4().to_string(),
            uuid::Uuid::new_v4().to_string(),
        );
        let x_form = sign_up_form(
            &x_csrf,
            &[
                ("partner_id", &x_mpn),
                ("email", &x_email),
                ("tenant_id", &x_tenant),
                ("name", "Race X"),
            ],
        );
        let y_form = sign_up_form(
            &y_csrf,
            &[
                ("partner_id", &y_mpn),
                ("email", &y_email),
                ("tenant_id", &y_tenant),
                ("name", "Race Y"),
            ],
        );
        let before = totals(&app);
        let sign_up = format!("{link}/sign-up");
        let (rx, ry) = tokio::join!(
            x.post_form(&sign_up, &x_form),
            y.post_form(&sign_up, &y_form)
        );
        let mut statuses = [rx.status(), ry.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::GONE],
            "round {round}"
        );
        let after = totals(&app);
        assert_eq!(after.0, before.0 + 1, "one organization, round {round}");
        assert_eq!(after.1, before.1 + 1, "one user, round {round}");
        assert_eq!(after.2, before.2 + 1, "one partnership, round {round}");
    }
}

#[tokio::test]
async fn the_pages_speak_polish() {
    let app = TestApp::spawn().await;
    reseller(&app, "Wingtip Resale", "ga@wingtip.example", None);
    let contoso = app.signed_in(CONTOSO_GA).await;
    let token = make_request(&contoso, "").await;
    let (_, list) = contoso.get_html_in(RESELLERS, "pl").await;
    let words = text(&list);
    assert!(words.contains("Zaproś odsprzedawcę"), "{words}");
    assert!(words.contains("Prośby o partnerstwo"), "{words}");
    let link = format!("/partnerships/{token}");
    let (_, page) = app.new_session().get_html_in(&link, "pl").await;
    let words = text(&page);
    assert!(
        words.contains("Prośba o partnerstwo od Contoso Distribution"),
        "{words}"
    );
    assert!(words.contains("Zarejestruj swoją organizację"), "{words}");
    let wingtip = app.signed_in("ga@wingtip.example").await;
    let (_, page) = wingtip.get_html_in(&link, "pl").await;
    assert!(
        text(&page).contains("Zaakceptuj partnerstwo"),
        "{}",
        text(&page)
    );
    let (_, page) = app
        .new_session()
        .get_html_in("/partnerships/nope", "pl")
        .await;
    assert!(
        text(&page).contains("Ten link partnerstwa jest nieprawidłowy"),
        "{}",
        text(&page)
    );
}
