//! Relationship invitations (rule 8): a partner creates one and sees its link once; a customer's
//! Global admin opens it, signs in, reads what is granted and accepts; single use, expiry,
//! revocation, roles, and two acceptances at once.

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::schema::{
    audit_events, customer_relationships as rel, relationship_invitations as inv, sessions,
};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::fixtures::{CustomerBuilder, InvitationBuilder, Rel, cast};
use crate::helpers::{
    INVITATIONS as LIST, TEST_ARGON2, TestApp, count, create_invitation, csrf_token, css_string,
    has, location, radio, read, shown_link, sign_in_through_link, text,
};
use partnerdesk::domain::Role;

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";

const CREATED: &str = "invitation.created";
const REVOKED: &str = "invitation.revoked";
const ACCEPTED: &str = "relationship.accepted";

/// A nullable text column.
type Opt = Option<String>;

fn count_ops(app: &TestApp, op: &str) -> i64 {
    audit_events::table
        .filter(audit_events::operation.eq(op))
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

/// (state, delegated_admin, origin) of every relationship row of a customer with a partner.
fn relationships(app: &TestApp, company: &str, mpn: i32) -> Vec<(String, bool, String)> {
    rel::table
        .filter(rel::customer_id.eq(app.customer_id_of(company)))
        .filter(rel::partner_id.eq(app.partner_id_of(mpn)))
        .select((rel::state, rel::delegated_admin, rel::origin))
        .load(&mut *app.conn())
        .expect("relationships")
}

/// (id, accepted, accepted_customer_id, revoked) of the invitation behind a token.
fn invitation_of(app: &TestApp, token: &str) -> (String, bool, Option<String>, bool) {
    let (id, accepted, customer, revoked): (
        String,
        Option<chrono::NaiveDateTime>,
        Option<String>,
        Option<chrono::NaiveDateTime>,
    ) = inv::table
        .filter(inv::token_hash.eq(sha256_hex(token)))
        .select((
            inv::id,
            inv::accepted_at,
            inv::accepted_customer_id,
            inv::revoked_at,
        ))
        .first(&mut *app.conn())
        .expect("invitation");
    (id, accepted.is_some(), customer, revoked.is_some())
}

fn sha256_hex(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A partner user of Northwind IT (which has no demo user), signed in on a fresh session.
async fn northwind_admin(app: &TestApp) -> TestApp {
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    partnerdesk::domain::accounts::add_user(
        &mut app.conn(),
        &hasher,
        "admin@northwind.example",
        Some("Nora Northwind"),
        "4200003",
        "admin_agent",
        crate::helpers::PASSWORD,
    )
    .map_err(|e| e.to_string())
    .expect("add the Northwind user");
    app.signed_in("admin@northwind.example").await
}

/// The CSRF token of a signed-in session, from any page it may or may not open (error pages carry
/// the sign-out form too).
async fn any_csrf(user: &TestApp) -> String {
    let (_, html) = user.get_html("/").await;
    if has(&html, "input[name=csrf_token]") {
        return csrf_token(&html);
    }
    let (_, html) = user.get_html(LIST).await;
    csrf_token(&html)
}

// ---------------------------------------------------------------------------------------------
// Partner side.

#[tokio::test]
async fn a_partner_creates_an_invitation_and_its_link_is_shown_once_and_only_its_hash_stored() {
    let app = TestApp::spawn().await;
    app.login("admin@fabrikam.example").await;
    let (status, html) = app.get_html(LIST).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&html);
    assert!(
        words.contains("has not created any invitations yet"),
        "{words}"
    );
    assert!(words.contains("Ask for delegated admin privileges"));
    assert!(has(&html, "label[for=delegated-admin]"));
    assert!(shown_link(&html).is_none());

    let token = create_invitation(&app, true).await;
    assert_eq!(token.len(), 64, "32 bytes in hex");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));

    // The database holds the hash, never the token.
    let stored: Vec<(String, String, String, String, Option<String>, bool)> = inv::table
        .select((
            inv::id,
            inv::partner_id,
            inv::token_hash,
            inv::created_by,
            inv::accepted_customer_id,
            inv::delegated_admin,
        ))
        .load(&mut *app.conn())
        .expect("invitations");
    assert_eq!(stored.len(), 1);
    let (_, partner, hash, created_by, accepted, delegated) = &stored[0];
    assert_eq!(hash, &sha256_hex(&token));
    assert_eq!(partner, &app.partner_id_of(4_200_001));
    assert_eq!(created_by, &app.user_of("admin@fabrikam.example").0);
    assert!(accepted.is_none() && *delegated);
    for (a, b, c, d, e, _) in &stored {
        for column in [a, b, c, d].into_iter().chain(e) {
            assert!(!column.contains(&token), "the raw token is stored");
        }
    }
    let events: Vec<(Opt, Opt, Opt, Opt)> = audit_events::table
        .select((
            audit_events::actor_user_id,
            audit_events::actor_partner_id,
            audit_events::old_value,
            audit_events::new_value,
        ))
        .load(&mut *app.conn())
        .expect("events");
    for (a, b, c, d) in &events {
        for column in [a, b, c, d].into_iter().flatten() {
            assert!(
                !column.contains(&token),
                "the raw token is in the audit log"
            );
        }
    }
    // Shown once: the session no longer holds it, and reloading does not show it again.
    let states: Vec<String> = sessions::table
        .select(sessions::state)
        .load(&mut *app.conn())
        .expect("sessions");
    assert!(states.iter().all(|s| !s.contains(&token)));
    let (status, html) = app.get_html(LIST).await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown_link(&html).is_none());
    assert!(!html.contains(&token));
    let words = text(&html);
    assert!(words.contains("Pending"), "{words}");
    assert!(words.contains("Reseller relationship with delegated admin privileges"));
    assert!(words.contains(&app.user_of("admin@fabrikam.example").1));
    assert!(words.contains("Revoke"));

    // One audit event, by the user and the partner.
    let (user, partner, new): (Option<String>, Option<String>, Option<String>) =
        audit_events::table
            .filter(audit_events::operation.eq(CREATED))
            .select((
                audit_events::actor_user_id,
                audit_events::actor_partner_id,
                audit_events::new_value,
            ))
            .first(&mut *app.conn())
            .expect("created event");
    assert_eq!(count_ops(&app, CREATED), 1);
    assert_eq!(user, Some(app.user_of("admin@fabrikam.example").0));
    assert_eq!(partner, Some(app.partner_id_of(4_200_001)));
    assert_eq!(new.as_deref(), Some("delegated_admin"));

    // A sales agent may invite too (here without delegated admin).
    let sales = app.signed_in("sales@contoso.example").await;
    let token = create_invitation(&sales, false).await;
    assert_eq!(count_ops(&app, CREATED), 2);
    let asked: bool = inv::table
        .filter(inv::token_hash.eq(sha256_hex(&token)))
        .select(inv::delegated_admin)
        .first(&mut *app.conn())
        .expect("invitation");
    assert!(!asked);
    let (_, html) = sales.get_html(LIST).await;
    // Each organization sees its own invitations only.
    assert_eq!(count(&html, "form[action$='/revoke']"), 1);
}

#[tokio::test]
async fn helpdesk_agents_and_billing_admins_may_not_manage_invitations() {
    let app = TestApp::spawn().await;
    for email in ["helpdesk@contoso.example", "billing@contoso.example"] {
        let (user, status, html) = app.get_html_as(email, LIST).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(text(&html).contains("relationship invitations"));
        let token = csrf_token(&html);
        let r = user
            .post_form(LIST, &[("csrf_token", &token), ("delegated_admin", "yes")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
    }
    let count: i64 = inv::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count");
    assert_eq!(count, 0);
    assert_eq!(count_ops(&app, CREATED), 0);
}

#[tokio::test]
async fn tokens_carry_at_least_128_bits_and_differ() {
    let app = TestApp::spawn().await;
    app.login("admin@tailspin.example").await;
    let a = create_invitation(&app, false).await;
    let b = create_invitation(&app, false).await;
    assert!(a.len() * 4 >= 128 && b.len() * 4 >= 128);
    assert_ne!(a, b);
    assert_ne!(sha256_hex(&a), sha256_hex(&b));
}

// ---------------------------------------------------------------------------------------------
// Acceptance.

#[tokio::test]
async fn a_customer_global_admin_signs_in_from_the_link_accepts_and_the_link_is_then_used() {
    let app = TestApp::spawn().await;
    let northwind = northwind_admin(&app).await;
    let token = create_invitation(&northwind, true).await;
    let link = format!("/invitations/{token}");
    assert!(relationships(&app, ADATUM, 4_200_003).is_empty());

    // Anonymous: sign in first, then back to the link.
    let page = sign_in_through_link(&app, &token, "admin@adatum.example").await;
    // What is asked and granted.
    let words = text(&page);
    for expected in [
        "Northwind IT",
        "4200003",
        "Indirect reseller",
        "A reseller relationship.",
        "may be designated as your support contact",
        "Delegated admin privileges.",
        "admin agents of Northwind IT can administer your tenant",
        "has no relationship with Northwind IT yet",
    ] {
        assert!(words.contains(expected), "missing {expected:?} in {words}");
    }
    let before = app.audit_count();
    let r = app.accept_invitation(&token, &page).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin/partners");

    assert_eq!(
        relationships(&app, ADATUM, 4_200_003),
        vec![("active".to_owned(), true, "invitation".to_owned())]
    );
    assert_eq!(app.audit_count(), before + 1);
    let (actor_user, actor_partner, actor_customer, subject, customer, old, new): (
        Opt,
        Opt,
        Opt,
        Opt,
        Opt,
        Opt,
        Opt,
    ) = audit_events::table
        .filter(audit_events::operation.eq(ACCEPTED))
        .select((
            audit_events::actor_user_id,
            audit_events::actor_partner_id,
            audit_events::actor_customer_id,
            audit_events::subject_partner_id,
            audit_events::customer_id,
            audit_events::old_value,
            audit_events::new_value,
        ))
        .first(&mut *app.conn())
        .expect("accepted event");
    let adatum = app.customer_id_of(ADATUM);
    assert_eq!(actor_user, Some(app.user_of("admin@adatum.example").0));
    assert_eq!(actor_partner, None);
    assert_eq!(actor_customer.as_ref(), Some(&adatum));
    assert_eq!(subject, Some(app.partner_id_of(4_200_003)));
    assert_eq!(customer.as_ref(), Some(&adatum));
    assert_eq!(old.as_deref(), Some("none"));
    assert_eq!(new.as_deref(), Some("active+delegated_admin"));
    let (_, accepted, by, revoked) = invitation_of(&app, &token);
    assert!(accepted && !revoked);
    assert_eq!(by.as_ref(), Some(&adatum));

    // Single use: the link now answers 410 and accepting again changes nothing.
    let (status, page) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    let words = text(&page);
    assert!(words.contains("already used"), "{words}");
    assert!(words.contains("Nothing changed"));
    let r = app.accept_invitation(&token, &page).await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(app.audit_count(), before + 1);
    assert_eq!(relationships(&app, ADATUM, 4_200_003).len(), 1);

    // The partner's list says who accepted, and offers no revocation.
    let (_, list) = northwind.get_html(LIST).await;
    let words = text(&list);
    assert!(words.contains("Accepted by Adatum Corporation"), "{words}");
    assert!(!list.contains("/revoke\""));
}

#[tokio::test]
async fn trey_granted_delegated_admin_by_invitation_becomes_an_eligible_support_contact() {
    let app = TestApp::spawn().await;
    assert_eq!(
        relationships(&app, ADATUM, 4_200_002),
        vec![("active".to_owned(), false, "invitation".to_owned())]
    );
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let (_, form) = helpdesk.get_html(&path).await;
    let trey = radio(&form, "4200002").expect("Trey is listed");
    assert!(trey.disabled, "{trey}");

    let trey_admin = app.signed_in("admin@treyresearch.example").await;
    let token = create_invitation(&trey_admin, true).await;
    let customer = app.signed_in("admin@adatum.example").await;
    let link = format!("/invitations/{token}");
    let (status, page) = customer.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(
        words.contains("You already work with Trey Research"),
        "{words}"
    );
    assert!(words.contains("Accepting grants it delegated admin privileges"));
    let r = customer.accept_invitation(&token, &page).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin/partners");

    // Updated in place: still one row, now with delegated admin.
    assert_eq!(
        relationships(&app, ADATUM, 4_200_002),
        vec![("active".to_owned(), true, "invitation".to_owned())]
    );
    let (old, new): (Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::operation.eq(ACCEPTED))
        .select((audit_events::old_value, audit_events::new_value))
        .first(&mut *app.conn())
        .expect("accepted event");
    assert_eq!(old.as_deref(), Some("active"));
    assert_eq!(new.as_deref(), Some("active+delegated_admin"));
    assert_eq!(count_ops(&app, ACCEPTED), 1);

    // Rule 2 end to end: Trey is now eligible on Contoso's form.
    let (_, form) = helpdesk.get_html(&path).await;
    let trey = radio(&form, "4200002").expect("Trey is listed");
    assert!(!trey.disabled, "{trey}");
}

#[tokio::test]
async fn a_removed_relationship_comes_back_by_invitation_without_a_second_row() {
    let app = TestApp::spawn().await;
    // A customer whose relationship with Tailspin was removed at some point.
    let former = CustomerBuilder::new("Former Tailspin Customer")
        .relationship(cast::TAILSPIN, Rel::Removed)
        .user("admin@former.example", Role::GlobalAdmin)
        .build(&app);
    assert_eq!(
        relationships(&app, &former.name, 4_300_001),
        vec![("removed".to_owned(), false, "invitation".to_owned())]
    );
    let tailspin = app.signed_in("admin@tailspin.example").await;
    let token = create_invitation(&tailspin, false).await;
    let customer = app.signed_in("admin@former.example").await;
    let link = format!("/invitations/{token}");
    let (status, page) = customer.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("Direct-bill partner"), "{words}");
    assert!(words.contains("does not ask for delegated admin privileges"));
    assert!(words.contains("earlier relationship with Tailspin Direct was removed"));
    let r = customer.accept_invitation(&token, &page).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        relationships(&app, &former.name, 4_300_001),
        vec![("active".to_owned(), false, "invitation".to_owned())]
    );
    let (old, new): (Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::operation.eq(ACCEPTED))
        .select((audit_events::old_value, audit_events::new_value))
        .first(&mut *app.conn())
        .expect("accepted event");
    assert_eq!(
        (old.as_deref(), new.as_deref()),
        (Some("removed"), Some("active"))
    );
}

#[tokio::test]
async fn only_a_customer_global_admin_may_open_or_accept_an_invitation() {
    let app = TestApp::spawn().await;
    let trey = app.signed_in("admin@treyresearch.example").await;
    let token = create_invitation(&trey, true).await;
    let link = format!("/invitations/{token}");
    let before = app.audit_count();

    for (email, says) in [
        (
            "billing@adatum.example",
            "Only your Global admin can accept",
        ),
        ("user@adatum.example", "Only your Global admin can accept"),
        ("admin@contoso.example", "meant for a customer"),
        ("admin@treyresearch.example", "meant for a customer"),
    ] {
        let (user, status, page) = app.get_html_as(email, &link).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "GET as {email}");
        let words = text(&page);
        assert!(words.contains(says), "{email}: {words}");
        assert!(
            !words.contains("Trey Research"),
            "{email} sees the invitation"
        );
        let csrf = any_csrf(&user).await;
        let r = user
            .post_form(&format!("{link}/accept"), &[("csrf_token", &csrf)])
            .await;
        let (status, _, page) = read(r).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "POST as {email}");
        assert!(text(&page).contains(says));
    }
    assert_eq!(app.audit_count(), before);
    let (_, accepted, _, revoked) = invitation_of(&app, &token);
    assert!(!accepted && !revoked);
    assert_eq!(
        relationships(&app, ADATUM, 4_200_002),
        vec![("active".to_owned(), false, "invitation".to_owned())]
    );

    // Without the CSRF token, even the Global admin is refused.
    let customer = app.signed_in("admin@adatum.example").await;
    let r = customer.post_form(&format!("{link}/accept"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!invitation_of(&app, &token).1);
}

#[tokio::test]
async fn unknown_revoked_and_expired_links_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    let revoked = create_invitation(&fabrikam, false).await;
    // Never used, and expired yesterday.
    let expired = InvitationBuilder::new(cast::FABRIKAM, "admin@fabrikam.example")
        .expired()
        .build(&app);
    let (revoked_id, ..) = invitation_of(&app, &revoked);
    let list_page = fabrikam.get_html(LIST).await.1;
    let r = fabrikam
        .post_form(
            &format!("{LIST}/{revoked_id}/revoke"),
            &[("csrf_token", &csrf_token(&list_page))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let customer = app.signed_in("admin@adatum.example").await;
    let csrf = any_csrf(&customer).await;
    let before = app.audit_count();
    let unknown = hex::encode([7u8; 32]);
    for (token, status, says) in [
        (
            unknown.as_str(),
            StatusCode::NOT_FOUND,
            "This invitation link is not valid",
        ),
        (
            "not-a-token",
            StatusCode::NOT_FOUND,
            "This invitation link is not valid",
        ),
        (
            revoked.as_str(),
            StatusCode::GONE,
            "This invitation was revoked",
        ),
        (
            expired.as_str(),
            StatusCode::GONE,
            "This invitation has expired",
        ),
    ] {
        let link = format!("/invitations/{token}");
        let (got, page) = customer.get_html(&link).await;
        assert_eq!(got, status, "GET {token}");
        let words = text(&page);
        assert!(words.contains(says), "{words}");
        if status == StatusCode::GONE {
            assert!(
                words.contains("ask them for a new invitation link")
                    || words.contains("Ask Fabrikam Solutions for a new invitation link"),
                "{words}"
            );
        }
        let r = customer
            .post_form(&format!("{link}/accept"), &[("csrf_token", &csrf)])
            .await;
        let (got, _, page) = read(r).await;
        assert_eq!(got, status, "POST {token}");
        assert!(text(&page).contains(says));
    }
    assert_eq!(app.audit_count(), before);
    assert_eq!(count_ops(&app, ACCEPTED), 0);
    for token in [&revoked, &expired] {
        let (_, accepted, customer, _) = invitation_of(&app, token);
        assert!(!accepted && customer.is_none());
    }
    assert_eq!(
        relationships(&app, ADATUM, 4_200_001),
        vec![("active".to_owned(), true, "invitation".to_owned())]
    );
    // The partner's list tells the states apart.
    let words = text(&fabrikam.get_html(LIST).await.1);
    assert!(
        words.contains("Revoked") && words.contains("Expired"),
        "{words}"
    );
}

// ---------------------------------------------------------------------------------------------
// Revocation.

#[tokio::test]
async fn a_partner_revokes_its_own_pending_invitation_once() {
    let app = TestApp::spawn().await;
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    let token = create_invitation(&fabrikam, true).await;
    let (id, ..) = invitation_of(&app, &token);
    let revoke = format!("{LIST}/{id}/revoke");

    // No CSRF token: refused, nothing changes.
    let r = fabrikam.post_form(&revoke, &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!invitation_of(&app, &token).3);

    // Another organization's invitation, an unknown id, a malformed id: 404.
    let contoso = app.signed_in("admin@contoso.example").await;
    let csrf = any_csrf(&contoso).await;
    for path in [
        revoke.clone(),
        format!("{LIST}/{}/revoke", uuid::Uuid::new_v4()),
        format!("{LIST}/nope/revoke"),
    ] {
        let r = contoso.post_form(&path, &[("csrf_token", &csrf)]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert!(!invitation_of(&app, &token).3);
    assert_eq!(count_ops(&app, REVOKED), 0);

    // The owner revokes it.
    let (_, list) = fabrikam.get_html(LIST).await;
    assert!(has(&list, &format!("form[action={}]", css_string(&revoke))));
    let csrf = csrf_token(&list);
    let r = fabrikam.post_form(&revoke, &[("csrf_token", &csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), LIST);
    assert!(invitation_of(&app, &token).3);
    assert_eq!(count_ops(&app, REVOKED), 1);
    let (old, new, partner): (Option<String>, Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::operation.eq(REVOKED))
        .select((
            audit_events::old_value,
            audit_events::new_value,
            audit_events::actor_partner_id,
        ))
        .first(&mut *app.conn())
        .expect("revoked event");
    assert_eq!(
        (old.as_deref(), new.as_deref()),
        (Some("pending"), Some("revoked"))
    );
    assert_eq!(partner, Some(app.partner_id_of(4_200_001)));
    let (_, list) = fabrikam.get_html(LIST).await;
    let words = text(&list);
    assert!(words.contains("Invitation revoked"), "{words}");
    assert!(words.contains("revoked"));
    assert!(!list.contains(&format!("action=\"{revoke}\"")));

    // Twice: refused with the reason, no second event.
    let r = fabrikam.post_form(&revoke, &[("csrf_token", &csrf)]).await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text(&page).contains("already revoked"), "{}", text(&page));
    assert_eq!(count_ops(&app, REVOKED), 1);

    // An accepted invitation cannot be revoked either.
    let accepted = create_invitation(&fabrikam, false).await;
    let woodgrove = app.signed_in("admin@woodgrove.example").await;
    let link = format!("/invitations/{accepted}");
    let (_, page) = woodgrove.get_html(&link).await;
    let r = woodgrove.accept_invitation(&accepted, &page).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (id, ..) = invitation_of(&app, &accepted);
    let r = fabrikam
        .post_form(&format!("{LIST}/{id}/revoke"), &[("csrf_token", &csrf)])
        .await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        text(&page).contains("already accepted by Woodgrove Bank"),
        "{}",
        text(&page)
    );
    assert!(!invitation_of(&app, &accepted).3);
    assert_eq!(count_ops(&app, REVOKED), 1);
}

// ---------------------------------------------------------------------------------------------
// Concurrency.

#[tokio::test]
async fn two_acceptances_of_one_link_at_once_succeed_exactly_once() {
    let app = TestApp::spawn().await;
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    let adatum = app.signed_in("admin@adatum.example").await;
    let woodgrove = app.signed_in("admin@woodgrove.example").await;
    for round in 0..3 {
        let token = create_invitation(&fabrikam, true).await;
        let link = format!("/invitations/{token}");
        let accept = format!("{link}/accept");
        let (_, a_page) = adatum.get_html(&link).await;
        let (_, w_page) = woodgrove.get_html(&link).await;
        let (a_csrf, w_csrf) = (csrf_token(&a_page), csrf_token(&w_page));
        let before = count_ops(&app, ACCEPTED);
        let (a_form, w_form) = (
            [("csrf_token", a_csrf.as_str())],
            [("csrf_token", w_csrf.as_str())],
        );
        let (a, w) = tokio::join!(
            adatum.post_form(&accept, &a_form),
            woodgrove.post_form(&accept, &w_form),
        );
        let mut statuses = [a.status(), w.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::GONE],
            "round {round}"
        );
        assert_eq!(count_ops(&app, ACCEPTED), before + 1, "round {round}");
        let winner = if a.status() == StatusCode::SEE_OTHER {
            ADATUM
        } else {
            "Woodgrove Bank"
        };
        let (_, accepted, by, _) = invitation_of(&app, &token);
        assert!(accepted);
        assert_eq!(by, Some(app.customer_id_of(winner)), "round {round}");
    }
    // Whatever won, each customer has at most one Fabrikam relationship.
    assert_eq!(relationships(&app, ADATUM, 4_200_001).len(), 1);
    assert!(relationships(&app, "Woodgrove Bank", 4_200_001).len() <= 1);
}

#[tokio::test]
async fn two_global_admins_accepting_two_invitations_of_one_partner_at_once_leave_one_relationship()
{
    let app = TestApp::spawn().await;
    let northwind = northwind_admin(&app).await;
    for round in 0..3 {
        // A customer with two Global admins and no relationship with Northwind yet.
        let (first, second) = (
            format!("first-{round}@two-admins.example"),
            format!("second-{round}@two-admins.example"),
        );
        let customer = CustomerBuilder::new(&format!("Two Admins {round}"))
            .user(&first, Role::GlobalAdmin)
            .user(&second, Role::GlobalAdmin)
            .build(&app);
        assert!(relationships(&app, &customer.name, 4_200_003).is_empty());
        let first = app.signed_in(&first).await;
        let second = app.signed_in(&second).await;
        let (a, b) = (
            create_invitation(&northwind, false).await,
            create_invitation(&northwind, true).await,
        );
        let (_, a_page) = first.get_html(&format!("/invitations/{a}")).await;
        let (_, b_page) = second.get_html(&format!("/invitations/{b}")).await;
        let (a_csrf, b_csrf) = (csrf_token(&a_page), csrf_token(&b_page));
        let (a_form, b_form) = (
            [("csrf_token", a_csrf.as_str())],
            [("csrf_token", b_csrf.as_str())],
        );
        let (a_path, b_path) = (
            format!("/invitations/{a}/accept"),
            format!("/invitations/{b}/accept"),
        );
        let before = count_ops(&app, ACCEPTED);
        let (ra, rb) = tokio::join!(
            first.post_form(&a_path, &a_form),
            second.post_form(&b_path, &b_form),
        );
        assert_eq!(ra.status(), StatusCode::SEE_OTHER, "round {round}");
        assert_eq!(rb.status(), StatusCode::SEE_OTHER, "round {round}");
        assert_eq!(count_ops(&app, ACCEPTED), before + 2);
        // One row; delegated admin from the invitation that asked, whatever the order.
        let rows = relationships(&app, &customer.name, 4_200_003);
        assert_eq!(rows.len(), 1, "round {round}");
        assert_eq!((rows[0].0.as_str(), rows[0].1), ("active", true));
    }
}
