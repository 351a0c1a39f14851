//! Relationships: the customer's Partners page and delegated admin removal, the partner-side
//! removals with their previews, and rule 3 (reverts to the seller, one audit event each).

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::schema::{
    audit_events, customer_relationships as rel, partnerships, subscriptions as sub,
};
use reqwest::StatusCode;

use crate::helpers::{
    TestApp, choice, csrf_token, has, has_link, linked_tenants, location, radio, text, texts,
};
use crate::invariant::ineligible_contacts;

fn count_ops(app: &TestApp, op: &str) -> i64 {
    audit_events::table
        .filter(audit_events::operation.eq(op))
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn relationship(app: &TestApp, company: &str, mpn: i32) -> (String, bool) {
    let customer = app.customer_id_of(company);
    let partner = app.partner_id_of(mpn);
    rel::table
        .filter(rel::customer_id.eq(customer))
        .filter(rel::partner_id.eq(partner))
        .select((rel::state, rel::delegated_admin))
        .first(&mut *app.conn())
        .expect("relationship")
}

fn assert_invariant(app: &TestApp, rule: EligibilityRule) {
    let bad = ineligible_contacts(&mut app.conn(), rule);
    assert!(
        bad.is_empty(),
        "ineligible designated support contacts: {bad:?}"
    );
}

/// GET a confirmation page, then POST its form; returns (preview html, response).
async fn confirm(app: &TestApp, path: &str) -> (String, reqwest::Response) {
    let (status, html) = app.get_html(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {}", text(&html));
    let r = app
        .post_form(path, &[("csrf_token", &csrf_token(&html))])
        .await;
    (html, r)
}

#[tokio::test]
async fn customer_admin_sees_partners_with_delegated_admin_and_what_they_support() {
    let app = TestApp::spawn().await;
    app.login("admin@adatum.example").await;
    let (status, html) = app.get_html("/admin/partners").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&html);
    for name in [
        "Contoso Distribution",
        "Fabrikam Solutions",
        "Trey Research",
        "Tailspin Direct",
    ] {
        assert!(words.contains(name), "{name} missing: {words}");
    }
    let cards = texts(&html, "li.card");
    let fabrikam = cards
        .iter()
        .find(|c| c.contains("Fabrikam Solutions"))
        .expect("card");
    assert!(
        fabrikam.contains("Granted") && fabrikam.contains("Microsoft 365 E3"),
        "{fabrikam}"
    );
    let trey = cards
        .iter()
        .find(|c| c.contains("Trey Research"))
        .expect("card");
    assert!(trey.contains("Not granted"), "{trey}");
    assert!(has_link(
        &html,
        "/admin/partners/4200001/delegated-admin/remove"
    ));
    assert!(
        !html.contains("/admin/partners/4200002/delegated-admin/remove"),
        "Trey has no delegated admin to remove"
    );
}

#[tokio::test]
async fn billing_admin_reads_partners_but_cannot_remove_delegated_admin() {
    let app = TestApp::spawn().await;
    app.login("billing@adatum.example").await;
    let (status, html) = app.get_html("/admin/partners").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("delegated-admin/remove"));
    let path = "/admin/partners/4200001/delegated-admin/remove";
    assert_eq!(app.get(path).await.status(), StatusCode::FORBIDDEN);
    let token = csrf_token(&html);
    assert_eq!(
        app.post_form(path, &[("csrf_token", &token)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), true)
    );

    let user = app.signed_in("user@adatum.example").await;
    assert_eq!(
        user.get("/admin/partners").await.status(),
        StatusCode::FORBIDDEN
    );
    let partner = app.signed_in("admin@contoso.example").await;
    assert_eq!(
        partner.get("/admin/partners").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn removing_delegated_admin_previews_and_reverts_affected_subscriptions() {
    let app = TestApp::spawn().await;
    app.login("admin@adatum.example").await;
    let path = "/admin/partners/4200001/delegated-admin/remove";
    let (status, preview) = app.get_html(path).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&preview);
    assert!(
        words.contains("Microsoft 365 E3"),
        "affected subscription not listed: {words}"
    );
    assert!(words.contains("Contoso Distribution (seller)"), "{words}");
    // The preview changes nothing.
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), true)
    );
    let before = app.audit_count();
    let (e3_before, version_before) = app.support_contact("Adatum Corporation", "Microsoft 365 E3");
    assert_eq!(e3_before.as_deref(), Some("Fabrikam Solutions"));

    let r = app
        .post_form(path, &[("csrf_token", &csrf_token(&preview))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin/partners");
    let (_, after) = app.get_html("/admin/partners").await;
    let words = text(&after);
    assert!(
        words.contains("Delegated admin privileges removed from Fabrikam Solutions"),
        "{words}"
    );
    assert!(
        words.contains("Microsoft 365 E3 → Contoso Distribution"),
        "{words}"
    );

    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), false)
    );
    let (e3, version) = app.support_contact("Adatum Corporation", "Microsoft 365 E3");
    assert_eq!(e3.as_deref(), Some("Contoso Distribution"));
    assert_eq!(version, version_before + 1);
    assert_eq!(
        app.audit_count(),
        before + 2,
        "one removal event and one revert event"
    );
    assert_eq!(count_ops(&app, "support_contact.reverted"), 1);
    assert_eq!(count_ops(&app, "relationship.delegated_admin_removed"), 1);
    assert_invariant(&app, EligibilityRule::DelegatedAdmin);

    // The customer's support page shows the seller again, and Fabrikam is no longer eligible.
    let (_, support) = app.get_html("/admin/support").await;
    let card = texts(&support, "li.support-card")
        .into_iter()
        .find(|c| c.contains("Microsoft 365 E3"))
        .expect("card");
    assert!(card.contains("Contoso Distribution"), "{card}");
    let partner = app.signed_in("helpdesk@contoso.example").await;
    let (_, form) = partner
        .get_html(&app.subscription_path("Adatum Corporation", "Office 365 Business Standard"))
        .await;
    let fabrikam = radio(&form, "4200001").expect("Fabrikam listed");
    let reason = choice(&form, "4200001").expect("Fabrikam's choice");
    assert!(
        fabrikam.disabled && reason.contains("no delegated admin"),
        "{fabrikam}: {reason}"
    );

    // Gone now: a second removal finds nothing to remove.
    let r = app
        .post_form(path, &[("csrf_token", &csrf_token(&after))])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.audit_count(), before + 2);
}

#[tokio::test]
async fn with_the_relationship_rule_removing_delegated_admin_reverts_nothing() {
    let app = TestApp::spawn_with_rule(EligibilityRule::Relationship).await;
    app.login("admin@adatum.example").await;
    let (_, r) = confirm(&app, "/admin/partners/4200001/delegated-admin/remove").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (e3, _) = app.support_contact("Adatum Corporation", "Microsoft 365 E3");
    assert_eq!(e3.as_deref(), Some("Fabrikam Solutions"));
    assert_eq!(count_ops(&app, "support_contact.reverted"), 0);
    assert_invariant(&app, EligibilityRule::Relationship);
}

#[tokio::test]
async fn a_provider_cannot_remove_its_relationship_while_its_subscriptions_are_active() {
    let app = TestApp::spawn().await;
    app.login("admin@contoso.example").await;
    let tenant = app.tenant_of("Adatum Corporation");
    let path = format!("/customers/{tenant}/relationship/remove");
    let (status, html) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&html);
    assert!(
        words.contains(
            "cannot remove this relationship while your organization has active subscriptions"
        ),
        "{words}"
    );
    assert!(
        words.contains("Office 365 Business Standard") && words.contains("Microsoft 365 E3"),
        "{words}"
    );
    let before = app.audit_count();
    let r = app
        .post_form(&path, &[("csrf_token", &csrf_token(&html))])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_100_001),
        ("active".to_owned(), true)
    );
    assert_eq!(app.audit_count(), before);

    // Once its subscriptions have ended, the removal goes through and the customer disappears.
    let customer = app.customer_id_of("Adatum Corporation");
    let contoso = app.partner_id_of(4_100_001);
    diesel::update(
        sub::table
            .filter(sub::customer_id.eq(&customer))
            .filter(sub::seller_id.eq(&contoso)),
    )
    .set(sub::status.eq("suspended"))
    .execute(&mut *app.conn())
    .expect("suspend");
    let (_, r) = confirm(&app, &path).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/customers");
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_100_001),
        ("removed".to_owned(), false)
    );
    assert_eq!(count_ops(&app, "relationship.removed"), 1);
    assert_eq!(
        app.get(&format!("/customers/{tenant}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_invariant(&app, EligibilityRule::DelegatedAdmin);
}

#[tokio::test]
async fn a_provider_ends_a_resellers_relationship_and_its_contacts_revert() {
    let app = TestApp::spawn().await;
    app.login("admin@contoso.example").await;
    let tenant = app.tenant_of("Adatum Corporation");
    let (_, account) = app.get_html(&format!("/customers/{tenant}")).await;
    let path = format!("/customers/{tenant}/resellers/4200001/relationship/remove");
    assert!(
        has_link(&account, &path),
        "no End relationship link for Fabrikam"
    );
    let before = app.audit_count();
    let (preview, r) = confirm(&app, &path).await;
    assert!(
        text(&preview).contains("Microsoft 365 E3"),
        "{}",
        text(&preview)
    );
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/customers/{tenant}"));
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("removed".to_owned(), false)
    );
    let (e3, _) = app.support_contact("Adatum Corporation", "Microsoft 365 E3");
    assert_eq!(e3.as_deref(), Some("Contoso Distribution"));
    assert_eq!(app.audit_count(), before + 2);
    assert_invariant(&app, EligibilityRule::DelegatedAdmin);

    // Fabrikam no longer sees Adatum (rule 9).
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    assert_eq!(
        fabrikam.get(&format!("/customers/{tenant}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn relationship_removals_are_refused_to_roles_resellers_and_other_providers() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of("Adatum Corporation");
    let reseller_path = format!("/customers/{tenant}/resellers/4200001/relationship/remove");
    let own_path = format!("/customers/{tenant}/relationship/remove");
    let cases = [
        (
            "helpdesk@contoso.example",
            reseller_path.as_str(),
            StatusCode::FORBIDDEN,
        ),
        (
            "billing@contoso.example",
            reseller_path.as_str(),
            StatusCode::FORBIDDEN,
        ),
        (
            "admin@fabrikam.example",
            own_path.as_str(),
            StatusCode::FORBIDDEN,
        ),
        (
            "admin@litware.example",
            reseller_path.as_str(),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin@litware.example",
            own_path.as_str(),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin@tailspin.example",
            reseller_path.as_str(),
            StatusCode::NOT_FOUND,
        ),
        (
            "admin@adatum.example",
            own_path.as_str(),
            StatusCode::FORBIDDEN,
        ),
    ];
    let before = app.audit_count();
    for (email, path, expected) in cases {
        let user = app.signed_in(email).await;
        assert_eq!(
            user.get(path).await.status(),
            expected,
            "GET {path} as {email}"
        );
        let token = csrf_from_any_page(&user).await;
        assert_eq!(
            user.post_form(path, &[("csrf_token", &token)])
                .await
                .status(),
            expected,
            "POST {path} as {email}"
        );
    }
    assert_eq!(app.audit_count(), before);
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), true)
    );
}

/// The signed-in user's CSRF token, from the sign-out form of a page they may open.
async fn csrf_from_any_page(user: &TestApp) -> String {
    for path in [
        "/customers",
        "/admin/support",
        "/admin/partners",
        "/relationships/invitations",
    ] {
        let (status, html) = user.get_html(path).await;
        if status == StatusCode::OK {
            return csrf_token(&html);
        }
        if status == StatusCode::FORBIDDEN && has(&html, "input[name=csrf_token]") {
            return csrf_token(&html);
        }
    }
    panic!("no page with a CSRF token")
}

#[tokio::test]
async fn a_provider_global_admin_ends_a_partnership_and_every_affected_subscription_reverts() {
    let app = TestApp::spawn().await;
    app.login("globaladmin@contoso.example").await;
    let (status, list) = app.get_html("/resellers").await;
    assert_eq!(status, StatusCode::OK);
    for name in ["Fabrikam Solutions", "Trey Research", "Northwind IT"] {
        assert!(text(&list).contains(name));
    }
    let contoso = app.partner_id_of(4_100_001);
    let fabrikam = app.partner_id_of(4_200_001);
    let supported: i64 = sub::table
        .filter(sub::seller_id.eq(&contoso))
        .filter(sub::support_contact_id.eq(&fabrikam))
        .count()
        .get_result(&mut *app.conn())
        .expect("count");
    assert!(supported >= 1);
    let before = app.audit_count();
    let (preview, r) = confirm(&app, "/resellers/4200001/partnership/remove").await;
    assert!(
        text(&preview).contains("Adatum Corporation"),
        "{}",
        text(&preview)
    );
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let state: String = partnerships::table
        .filter(partnerships::provider_id.eq(&contoso))
        .filter(partnerships::reseller_id.eq(&fabrikam))
        .select(partnerships::state)
        .first(&mut *app.conn())
        .expect("partnership");
    assert_eq!(state, "removed");
    let still: i64 = sub::table
        .filter(sub::seller_id.eq(&contoso))
        .filter(sub::support_contact_id.eq(&fabrikam))
        .count()
        .get_result(&mut *app.conn())
        .expect("count");
    assert_eq!(still, 0);
    assert_eq!(
        count_ops(&app, "support_contact.reverted"),
        supported,
        "one revert event per subscription"
    );
    assert_eq!(app.audit_count(), before + 1 + supported);
    assert_invariant(&app, EligibilityRule::DelegatedAdmin);
    let (_, list) = app.get_html("/resellers").await;
    assert!(text(&list).contains(&format!(
        "The partnership with Fabrikam Solutions has ended. {supported}"
    )));

    // Only an indirect provider's Global admin.
    for email in [
        "admin@contoso.example",
        "helpdesk@contoso.example",
        "admin@fabrikam.example",
        "admin@adatum.example",
    ] {
        let user = app.signed_in(email).await;
        assert_eq!(
            user.get("/resellers").await.status(),
            StatusCode::FORBIDDEN,
            "{email}"
        );
        assert_eq!(
            user.get("/resellers/4200002/partnership/remove")
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{email}"
        );
    }
}

#[tokio::test]
async fn confirmations_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    app.login("admin@adatum.example").await;
    let path = "/admin/partners/4200001/delegated-admin/remove";
    assert_eq!(
        app.post_form(path, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_form(path, &[("csrf_token", "nope")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), true)
    );
}

/// The customer page's Relationships section (the subscriptions table may name a reseller of
/// record; this section lists whose relationships these are).
fn relationships_section(html: &str) -> String {
    assert!(
        has(html, "#relationships-heading"),
        "no relationships section"
    );
    texts(html, "#relationships-heading, #relationships-heading ~ *").join(" ")
}

#[tokio::test]
async fn a_former_reseller_is_no_longer_the_providers_to_act_for_or_filter_by() {
    let app = TestApp::spawn().await;
    app.login("globaladmin@contoso.example").await;
    let tenant = app.tenant_of("Adatum Corporation");
    let end_path = format!("/customers/{tenant}/resellers/4200001/relationship/remove");
    // Tailspin has a relationship with Adatum too, but was never Contoso's reseller.
    let never_path = format!("/customers/{tenant}/resellers/4300001/relationship/remove");

    // While the partnership is active, Fabrikam is Contoso's reseller everywhere.
    let (_, account) = app.get_html(&format!("/customers/{tenant}")).await;
    assert!(relationships_section(&account).contains("Fabrikam Solutions"));
    assert!(has_link(&account, &end_path));
    let (_, list) = app.get_html("/customers?reseller=fabrikam").await;
    assert!(
        text(&list).contains("also work with Fabrikam Solutions"),
        "{}",
        text(&list)
    );
    assert_eq!(app.get(&end_path).await.status(), StatusCode::OK);
    assert_eq!(app.get(&never_path).await.status(), StatusCode::NOT_FOUND);

    let (_, r) = confirm(&app, "/resellers/4200001/partnership/remove").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Ending the partnership leaves Fabrikam's own relationship with Adatum in force.
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), true)
    );

    // Ending its relationship is answered as for a partner that never was a reseller.
    assert_eq!(app.get(&end_path).await.status(), StatusCode::NOT_FOUND);
    let before = app.audit_count();
    let token = app.csrf("/customers").await;
    for path in [&end_path, &never_path] {
        let r = app.post_form(path, &[("csrf_token", &token)]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "POST {path}");
    }
    assert_eq!(
        relationship(&app, "Adatum Corporation", 4_200_001),
        ("active".to_owned(), true)
    );
    assert_eq!(app.audit_count(), before, "nothing recorded");

    // The customer page no longer lists Fabrikam as Contoso's, nor offers to end its relationship.
    let (status, account) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);
    let section = relationships_section(&account);
    assert!(!section.contains("Fabrikam Solutions"), "{section}");
    assert!(section.contains("Trey Research"), "{section}");
    assert!(!account.contains(&end_path));

    // The reseller filter no longer finds it by name, and filtering by its PartnerID is filtering
    // by a non-reseller.
    let (_, by_name) = app.get_html("/customers?reseller=fabrikam").await;
    assert!(
        text(&by_name).contains("None of your indirect resellers has “fabrikam” in its name"),
        "{}",
        text(&by_name)
    );
    assert!(linked_tenants(&by_name).is_empty());
    let (_, trey) = app.get_html("/customers?reseller=trey").await;
    assert!(
        text(&trey).contains("Trey Research"),
        "Trey is still a reseller: {}",
        text(&trey)
    );
    let (status, fabrikam) = app.get_html("/customers?reseller=4200001").await;
    let (never_status, tailspin) = app.get_html("/customers?reseller=4300001").await;
    assert_eq!((status, never_status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        text(&fabrikam).replace("4200001", "#"),
        text(&tailspin).replace("4300001", "#")
    );
    assert!(
        text(&fabrikam).contains("PartnerID 4200001 is not one of your indirect resellers"),
        "{}",
        text(&fabrikam)
    );
    assert!(linked_tenants(&fabrikam).is_empty());
}
