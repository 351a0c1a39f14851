//! DESIGN.md §2, rule by rule, through the web pages (and the domain API for rule 1).

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::ids::{CustomerId, PartnerId, ProductId};
use partnerdesk::db::models::subscription::SubscriptionStatus;
use partnerdesk::db::schema::{audit_events, products, subscriptions};
use partnerdesk::domain::subscriptions::{OpenSubscription, open};
use reqwest::StatusCode;

use crate::fixtures::{CustomerBuilder, PartnerBuilder, Rel, Sub, cast};
use crate::helpers::{
    TestApp, choice, csrf_token, form_version, has, page_reference, radio, read, text, texts,
};
use partnerdesk::db::models::partner::PartnershipState;

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const E3: &str = "Microsoft 365 E3";
const PREMIUM: &str = "Microsoft 365 Business Premium";
const POWER_BI: &str = "Power BI Pro";

const CONTOSO: &str = "4100001";
const FABRIKAM: &str = "4200001";
const TREY: &str = "4200002";
const NORTHWIND: &str = "4200003";

/// Signs in and opens a subscription page: (path, page).
async fn open_subscription(app: &TestApp, email: &str, product: &str) -> (String, String) {
    app.login(email).await;
    let path = app.subscription_path(ADATUM, product);
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK, "{email} opening {path}");
    (path, page)
}

// ---------------------------------------------------------------------------------------------
// Rule 1: default.

#[tokio::test]
async fn rule1_a_new_subscription_is_supported_by_its_seller_and_a_direct_one_by_microsoft() {
    let app = TestApp::spawn().await;
    let adatum = CustomerId::from(app.customer_id_of(ADATUM));
    let contoso = PartnerId::from(app.partner_id_of(4_100_001));
    let fabrikam = PartnerId::from(app.partner_id_of(4_200_001));
    let visio = ProductId::from(app.product_id_of("Visio Plan 2"));
    let mut conn = app.conn();

    // Sold by Contoso, with Fabrikam as reseller of record: the contact is the seller, never the
    // reseller of record.
    let sold = open(
        &mut conn,
        EligibilityRule::DelegatedAdmin,
        &OpenSubscription {
            customer: &adatum,
            product: &visio,
            quantity: 5,
            status: SubscriptionStatus::Active,
            seller: Some(&contoso),
            reseller_of_record: Some(&fabrikam),
        },
    )
    .expect("open a sold subscription");
    let (seller, reseller_of_record, contact, version): (
        Option<String>,
        Option<String>,
        Option<String>,
        i32,
    ) = subscriptions::table
        .find(sold.as_str())
        .select((
            subscriptions::seller_id,
            subscriptions::reseller_of_record_id,
            subscriptions::support_contact_id,
            subscriptions::version,
        ))
        .first(&mut *conn)
        .expect("the new subscription");
    assert_eq!(seller.as_deref(), Some(contoso.as_str()));
    assert_eq!(
        contact.as_deref(),
        Some(contoso.as_str()),
        "the support contact must be the seller"
    );
    assert_eq!(reseller_of_record.as_deref(), Some(fabrikam.as_str()));
    assert_eq!(version, 1);

    // Bought directly from Microsoft: no seller, no partner contact.
    let direct = open(
        &mut conn,
        EligibilityRule::DelegatedAdmin,
        &OpenSubscription {
            customer: &adatum,
            product: &visio,
            quantity: 1,
            status: SubscriptionStatus::Active,
            seller: None,
            reseller_of_record: None,
        },
    )
    .expect("open a direct subscription");
    let contact: Option<String> = subscriptions::table
        .find(direct.as_str())
        .select(subscriptions::support_contact_id)
        .first(&mut *conn)
        .expect("the direct subscription");
    assert_eq!(contact, None);
}

// ---------------------------------------------------------------------------------------------
// Rule 2: eligibility.

#[tokio::test]
async fn rule2_form_offers_eligible_partners_and_lists_the_others_disabled_with_reason_and_fix() {
    let app = TestApp::spawn().await;
    let (_, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;

    for (mpn, name) in [
        (CONTOSO, "Contoso Distribution"),
        (FABRIKAM, "Fabrikam Solutions"),
    ] {
        let input = radio(&page, mpn).unwrap_or_else(|| panic!("no radio for {name}"));
        assert!(!input.disabled, "{name} must be selectable: {input}");
        let item = choice(&page, mpn).expect("choice");
        assert!(item.contains(name), "{item}");
        assert!(
            !item.contains("Not available"),
            "{name} is eligible: {item}"
        );
    }
    let current = radio(&page, CONTOSO).expect("Contoso");
    assert!(
        current.checked,
        "the current contact is preselected: {current}"
    );

    for (mpn, name, reason) in [
        (TREY, "Trey Research", "no delegated admin"),
        (
            NORTHWIND,
            "Northwind IT",
            "no relationship with this customer",
        ),
    ] {
        let input = radio(&page, mpn).unwrap_or_else(|| panic!("{name} not listed"));
        assert!(input.disabled, "{name} must be disabled: {input}");
        let item = choice(&page, mpn).expect("choice");
        assert!(item.contains(name), "{item}");
        assert!(item.contains(reason), "{name} must say {reason:?}: {item}");
        assert!(
            item.contains("To fix"),
            "{name} must say how to fix it: {item}"
        );
    }
}

#[tokio::test]
async fn rule2_a_pending_partnership_makes_the_reseller_ineligible() {
    let app = TestApp::spawn().await;
    // Two resellers of Contoso alike but for their partnership, each with a relationship with
    // delegated admin privileges with the customer.
    let pending = PartnerBuilder::reseller("Pending Reseller")
        .partnership(cast::CONTOSO, PartnershipState::Pending)
        .build(&app);
    let active = PartnerBuilder::reseller("Active Reseller")
        .partnership(cast::CONTOSO, PartnershipState::Active)
        .build(&app);
    let customer = CustomerBuilder::new("Partnership Test Ltd")
        .relationship(cast::CONTOSO, Rel::DelegatedAdmin)
        .relationship(pending.mpn, Rel::DelegatedAdmin)
        .relationship(active.mpn, Rel::DelegatedAdmin)
        .subscription(Sub::sold_by(O365, cast::CONTOSO))
        .build(&app);
    let (_, status, page) = app
        .get_html_as("helpdesk@contoso.example", &customer.subscription_path(0))
        .await;
    assert_eq!(status, StatusCode::OK);
    let input = radio(&page, &pending.mpn_text()).expect("the pending reseller listed");
    assert!(input.disabled, "{input}");
    let item = choice(&page, &pending.mpn_text()).expect("choice");
    assert!(item.contains("partnership not active"), "{item}");
    assert!(item.contains("To fix"), "{item}");
    let input = radio(&page, &active.mpn_text()).expect("the active reseller listed");
    assert!(!input.disabled, "{input}");
    assert!(!radio(&page, CONTOSO).expect("Contoso").disabled);
}

#[tokio::test]
async fn rule2_server_rechecks_eligibility_when_it_ended_after_the_form_was_loaded() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    assert!(!radio(&page, FABRIKAM).expect("Fabrikam").disabled);
    // The partnership becomes pending while the form is open.
    app.run_sql(
        "UPDATE partnerships SET state = 'pending' WHERE reseller_id = (SELECT id FROM partners WHERE mpn_id = 4200001)",
    );
    let before = app.snapshot(ADATUM, O365);
    let r = app
        .submit_support_contact(&path, FABRIKAM, &form_version(&page), &csrf_token(&page))
        .await;
    let (status, _, body) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&body).contains("partnership not active"),
        "{}",
        text(&body)
    );
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

#[tokio::test]
async fn rule2_submitting_an_ineligible_reseller_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let before = app.snapshot(ADATUM, O365);
    assert_eq!(before.0, (Some("Contoso Distribution".to_owned()), 1));

    let r = app
        .submit_support_contact(&path, TREY, &form_version(&page), &csrf_token(&page))
        .await;
    let (status, _, body) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let words = text(&body);
    assert!(
        words.contains("Trey Research cannot be the designated support contact"),
        "{words}"
    );
    assert!(words.contains("no delegated admin"), "{words}");
    // The form is shown again, so the partner can choose another.
    assert!(
        radio(&body, FABRIKAM).is_some(),
        "the form must be shown again"
    );
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

#[tokio::test]
async fn rule2_unknown_partner_id_is_refused_with_a_clear_message() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let before = app.snapshot(ADATUM, O365);
    let r = app
        .submit_support_contact(&path, "9999999", &form_version(&page), &csrf_token(&page))
        .await;
    let (status, _, body) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let words = text(&body);
    assert!(words.contains("PartnerID 9999999"), "{words}");
    assert!(words.contains("choose a partner from the list"), "{words}");
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

#[tokio::test]
async fn rule2_malformed_support_contact_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let before = app.snapshot(ADATUM, O365);
    for bad in ["abc", "", "42000011", "<script>"] {
        let r = app
            .submit_support_contact(&path, bad, &form_version(&page), &csrf_token(&page))
            .await;
        let (status, _, body) = read(r).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "support_contact={bad:?}"
        );
        let words = text(&body);
        assert!(
            words.contains("PartnerID of 6 or 7 digits"),
            "support_contact={bad:?}: {words}"
        );
        assert!(!body.contains("<script>"), "input echoed unescaped");
        assert_eq!(
            app.snapshot(ADATUM, O365),
            before,
            "support_contact={bad:?}"
        );
    }
}

#[tokio::test]
async fn rule2_relationship_setting_drops_the_delegated_admin_condition() {
    let app = TestApp::spawn_with_rule(EligibilityRule::Relationship).await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let trey = radio(&page, TREY).expect("Trey listed");
    assert!(
        !trey.disabled,
        "Trey has a relationship: eligible under this setting: {trey}"
    );
    // Still no relationship: still ineligible.
    let northwind = radio(&page, NORTHWIND).expect("Northwind listed");
    assert!(northwind.disabled, "{northwind}");
    assert!(
        choice(&page, NORTHWIND)
            .expect("choice")
            .contains("no relationship with this customer")
    );

    let r = app
        .submit_support_contact(&path, TREY, &form_version(&page), &csrf_token(&page))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.support_contact(ADATUM, O365),
        (Some("Trey Research".to_owned()), 2)
    );
}

// ---------------------------------------------------------------------------------------------
// Rule 4: who may assign.

#[tokio::test]
async fn rule4_sales_agent_sees_the_contact_read_only_and_cannot_submit() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "sales@contoso.example", O365).await;
    assert!(
        !has(&page, "[name=support_contact]"),
        "no form for a sales agent"
    );
    let words = text(&page);
    assert!(
        words.contains("Designated support contact Contoso Distribution"),
        "{words}"
    );
    assert!(
        words.contains("Sales agent"),
        "the page says why it is read-only: {words}"
    );

    let before = app.snapshot(ADATUM, O365);
    let r = app
        .submit_support_contact(&path, FABRIKAM, "1", &csrf_token(&page))
        .await;
    let (status, _, body) = read(r).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text(&body).contains("Sales agent"), "{}", text(&body));
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

/// The role is checked before anything the form says: an unreadable form from someone who may
/// not assign is the 403 page, not the form again with a 422.
#[tokio::test]
async fn rule4_an_unreadable_form_from_a_read_only_role_is_still_forbidden() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "sales@contoso.example", O365).await;
    let before = app.snapshot(ADATUM, O365);
    for (partner, version) in [("abc", "1"), (FABRIKAM, "x"), ("", "")] {
        let r = app
            .submit_support_contact(&path, partner, version, &csrf_token(&page))
            .await;
        let (status, _, body) = read(r).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{partner:?}, {version:?}");
        assert!(text(&body).contains("Sales agent"), "{}", text(&body));
    }
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

#[tokio::test]
async fn rule4_billing_admin_has_no_customer_workspace() {
    let app = TestApp::spawn().await;
    app.login("billing@contoso.example").await;
    let (status, body) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        text(&body).contains("Billing admins have no access to the Customers workspace"),
        "{}",
        text(&body)
    );
    let (status, _) = app.get_html(&app.subscription_path(ADATUM, O365)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn rule4_reseller_sees_who_is_designated_but_cannot_assign() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "admin@fabrikam.example", E3).await;
    assert!(
        !has(&page, "[name=support_contact]"),
        "no form for a reseller"
    );
    let words = text(&page);
    assert!(
        words.contains("Designated support contact Fabrikam Solutions"),
        "{words}"
    );
    assert!(
        words.contains("Only Contoso Distribution"),
        "the page says who can change it: {words}"
    );

    let before = app.snapshot(ADATUM, E3);
    let r = app
        .submit_support_contact(&path, CONTOSO, "1", &csrf_token(&page))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.snapshot(ADATUM, E3), before);
}

#[tokio::test]
async fn rule4_global_admin_and_admin_agent_may_assign_legacy_and_new_commerce() {
    let app = TestApp::spawn().await;
    let commerce: String = products::table
        .filter(products::name.eq(E3))
        .select(products::commerce_type)
        .first(&mut *app.conn())
        .expect("E3");
    assert_eq!(
        commerce, "new_commerce",
        "the demo's Microsoft 365 E3 is new commerce"
    );

    let (path, page) = open_subscription(&app, "globaladmin@contoso.example", O365).await;
    let r = app
        .submit_support_contact(&path, FABRIKAM, &form_version(&page), &csrf_token(&page))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.support_contact(ADATUM, O365),
        (Some("Fabrikam Solutions".to_owned()), 2)
    );

    let agent = app.new_session();
    let (path, page) = open_subscription(&agent, "admin@contoso.example", E3).await;
    assert!(
        radio(&page, CONTOSO).is_some(),
        "new-commerce subscriptions get the form too"
    );
    let r = agent
        .submit_support_contact(&path, CONTOSO, &form_version(&page), &csrf_token(&page))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.support_contact(ADATUM, E3),
        (Some("Contoso Distribution".to_owned()), 2)
    );
}

// ---------------------------------------------------------------------------------------------
// Rule 5: review and Close.

#[tokio::test]
async fn rule5_review_shows_before_after_and_what_the_customer_sees_and_is_private() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let (review_path, review) = app.assign_and_review(&path, &page, FABRIKAM).await;
    let words = text(&review);
    assert!(
        words.contains("Subscription Office 365 Business Standard"),
        "{words}"
    );
    assert!(words.contains("Before Contoso Distribution"), "{words}");
    assert!(words.contains("After Fabrikam Solutions"), "{words}");
    assert!(
        words.contains("support@fabrikam.example"),
        "customer sees Fabrikam's email: {words}"
    );
    assert!(
        words.contains("+1 425 555 0142"),
        "customer sees Fabrikam's phone: {words}"
    );
    let tenant = app.tenant_of(ADATUM);
    assert!(
        crate::helpers::texts(&review, &format!("a[href^='/customers/{tenant}?changed=']"))
            .contains(&"Close".to_owned()),
        "Close must return to the customer"
    );

    let (_, status, body) = app.get_html_as("admin@litware.example", &review_path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text(&body).contains("Page not found"));
}

// ---------------------------------------------------------------------------------------------
// Rule 6: no lost update.

#[tokio::test]
async fn rule6_a_stale_submit_changes_nothing_and_says_who_changed_it_to_what() {
    let app = TestApp::spawn().await;
    let first = app.new_session();
    let second = app.new_session();
    let (path, first_page) = open_subscription(&first, "helpdesk@contoso.example", O365).await;
    let (_, second_page) = open_subscription(&second, "admin@contoso.example", O365).await;
    let audit_before = app.audit_count();

    let r = first
        .submit_support_contact(
            &path,
            FABRIKAM,
            &form_version(&first_page),
            &csrf_token(&first_page),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let r = second
        .submit_support_contact(
            &path,
            CONTOSO,
            &form_version(&second_page),
            &csrf_token(&second_page),
        )
        .await;
    let (status, _, body) = read(r).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let words = text(&body);
    let (_, first_name) = app.user_of("helpdesk@contoso.example");
    assert!(
        words.contains(&first_name),
        "must name {first_name}: {words}"
    );
    assert!(
        words.contains("changed the designated support contact to Fabrikam Solutions"),
        "{words}"
    );
    assert!(words.contains("not saved"), "{words}");
    // The form is offered again at the current version.
    assert_eq!(form_version(&body), "2");

    assert_eq!(
        app.support_contact(ADATUM, O365),
        (Some("Fabrikam Solutions".to_owned()), 2)
    );
    assert_eq!(
        app.audit_count(),
        audit_before + 1,
        "one audit event: the first change only"
    );
}

#[tokio::test]
async fn rule6_a_bogus_version_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let before = app.snapshot(ADATUM, O365);
    for bad in ["0", "x", "", "-1"] {
        let r = app
            .submit_support_contact(&path, FABRIKAM, bad, &csrf_token(&page))
            .await;
        let (status, _, body) = read(r).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "version={bad:?}");
        assert!(
            text(&body).contains("no valid version"),
            "version={bad:?}: {}",
            text(&body)
        );
        assert_eq!(app.snapshot(ADATUM, O365), before, "version={bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 7: audit.

type AuditRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

#[tokio::test]
async fn rule7_a_change_writes_exactly_one_complete_audit_event() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let before = app.audit_count();
    let r = app
        .submit_support_contact(&path, FABRIKAM, &form_version(&page), &csrf_token(&page))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count(), before + 1);

    let subscription = app.subscription_of(ADATUM, O365);
    let events: Vec<AuditRow> = audit_events::table
        .filter(audit_events::subscription_id.eq(&subscription))
        .select((
            audit_events::operation,
            audit_events::actor_user_id,
            audit_events::actor_partner_id,
            audit_events::customer_id,
            audit_events::subscription_id,
            audit_events::old_value,
            audit_events::new_value,
        ))
        .load(&mut *app.conn())
        .expect("audit events");
    let (helpdesk, _) = app.user_of("helpdesk@contoso.example");
    let contoso = app.partner_id_of(4_100_001);
    let fabrikam = app.partner_id_of(4_200_001);
    assert_eq!(
        events,
        vec![(
            "support_contact.assigned".to_owned(),
            Some(helpdesk),
            Some(contoso.clone()),
            Some(app.customer_id_of(ADATUM)),
            Some(subscription),
            Some(contoso),
            Some(fabrikam),
        )]
    );
}

#[tokio::test]
async fn rule7_refused_submits_write_no_audit_event() {
    let app = TestApp::spawn().await;
    let (path, page) = open_subscription(&app, "helpdesk@contoso.example", O365).await;
    let (version, token) = (form_version(&page), csrf_token(&page));
    let before = app.snapshot(ADATUM, O365);
    let refused: [(&str, &str, &str, StatusCode); 6] = [
        (
            "ineligible reseller",
            TREY,
            version.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown PartnerID",
            "9999999",
            version.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "malformed PartnerID",
            "abc",
            version.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "bad version",
            FABRIKAM,
            "x",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("stale version", FABRIKAM, "7", StatusCode::CONFLICT),
        (
            "already the contact",
            CONTOSO,
            version.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (what, contact, v, expected) in refused {
        let r = app.submit_support_contact(&path, contact, v, &token).await;
        assert_eq!(r.status(), expected, "{what}");
        assert_eq!(
            app.snapshot(ADATUM, O365),
            before,
            "{what} changed something"
        );
    }
    // Without the CSRF token.
    let r = app
        .post_form(
            &format!("{path}/support-contact"),
            &[("support_contact", FABRIKAM), ("version", &version)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.snapshot(ADATUM, O365),
        before,
        "a forged submit changed something"
    );

    // A role that may not assign.
    let sales = app.new_session();
    let (_, sales_page) = open_subscription(&sales, "sales@contoso.example", O365).await;
    let r = sales
        .submit_support_contact(&path, FABRIKAM, &version, &csrf_token(&sales_page))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.snapshot(ADATUM, O365),
        before,
        "a sales agent's submit changed something"
    );
}

// ---------------------------------------------------------------------------------------------
// Rule 9: visibility.

#[tokio::test]
async fn rule9_another_provider_gets_404_for_adatum_exactly_as_for_a_missing_record() {
    let app = TestApp::spawn().await;
    app.login("admin@litware.example").await;
    let tenant = app.tenant_of(ADATUM);
    let missing = uuid::Uuid::new_v4();

    let (status, customer_page) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, missing_page) = app.get_html(&format!("/customers/{missing}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Each page shows its own request's id; the rest must be the same.
    let without_reference = |page: &str| {
        let reference = page_reference(page).expect("a reference");
        text(page).replace(&reference, "[reference]")
    };
    assert_eq!(
        without_reference(&customer_page),
        without_reference(&missing_page),
        "a hidden customer must look like a missing one"
    );
    assert!(text(&customer_page).contains("Page not found"));

    let path = app.subscription_path(ADATUM, O365);
    let (status, subscription_page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, missing_page) = app
        .get_html(&format!(
            "/customers/{tenant}/subscriptions/{}",
            uuid::Uuid::new_v4()
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        without_reference(&subscription_page),
        without_reference(&missing_page)
    );

    // Nor can it assign there.
    let before = app.snapshot(ADATUM, O365);
    let token = app.csrf("/customers").await;
    let r = app
        .submit_support_contact(&path, "4100002", "1", &token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.snapshot(ADATUM, O365), before);
}

#[tokio::test]
async fn rule9_provider_sees_neither_other_providers_customers_nor_subscriptions_it_did_not_sell() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let (status, list) = app.get_html("/customers?q=Woodgrove").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&list).contains("No customers match"),
        "{}",
        text(&list)
    );
    assert!(!list.contains(&app.tenant_of("Woodgrove Bank")));
    let (status, _) = app
        .get_html(&format!("/customers/{}", app.tenant_of("Woodgrove Bank")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for product in [PREMIUM, POWER_BI] {
        let (status, _) = app.get_html(&app.subscription_path(ADATUM, product)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{product} is not Contoso's");
    }
    let (status, account) = app
        .get_html(&format!("/customers/{}", app.tenant_of(ADATUM)))
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&account);
    assert!(words.contains(O365) && words.contains(E3), "{words}");
    assert!(
        !words.contains(PREMIUM) && !words.contains(POWER_BI),
        "{words}"
    );
}

#[tokio::test]
async fn rule9_reseller_sees_only_subscriptions_it_earns_on_or_supports() {
    let app = TestApp::spawn().await;
    app.login("admin@fabrikam.example").await;
    let tenant = app.tenant_of(ADATUM);
    let (status, list) = app.get_html("/customers?q=adatum").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&format!("/customers/{tenant}")),
        "Adatum must be in Fabrikam's list"
    );

    let (status, account) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&account);
    assert!(words.contains(E3), "{words}");
    assert!(!words.contains(O365), "{words}");
    let (status, _) = app.get_html(&app.subscription_path(ADATUM, O365)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rule9_customer_users_reach_only_the_pages_of_their_role() {
    let app = TestApp::spawn().await;
    app.login("admin@adatum.example").await;
    let (status, _) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get_html(&format!("/customers/{}", app.tenant_of(ADATUM)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, status, _) = app
        .get_html_as("user@adatum.example", "/admin/support")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, status, page) = app
        .get_html_as("billing@adatum.example", "/admin/support")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains(O365));
}

/// The support page's cards, each as text.
fn support_cards(html: &str) -> Vec<String> {
    texts(html, "li.support-card")
}

#[tokio::test]
async fn rule9_customer_support_page_shows_only_its_own_tenant() {
    let app = TestApp::spawn().await;
    app.login("admin@woodgrove.example").await;
    let (status, page) = app.get_html("/admin/support").await;
    assert_eq!(status, StatusCode::OK);
    let cards = support_cards(&page);
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(
        cards[0].contains("Microsoft 365 E5") && cards[0].contains("Litware Distribution"),
        "{cards:?}"
    );
    let words = text(&page);
    for other in [O365, E3, POWER_BI, "Adatum"] {
        assert!(!words.contains(other), "Woodgrove must not see {other}");
    }

    let (_, status, page) = app
        .get_html_as("admin@adatum.example", "/admin/support")
        .await;
    assert_eq!(status, StatusCode::OK);
    let cards = support_cards(&page);
    assert_eq!(cards.len(), 4, "{cards:?}");
    let power_bi = cards
        .iter()
        .find(|c| c.contains(POWER_BI))
        .expect("a Power BI Pro card");
    assert!(power_bi.contains("Microsoft"), "{power_bi}");
    assert!(
        !power_bi.contains('@'),
        "no partner contact for a direct purchase: {power_bi}"
    );
    let e3 = cards.iter().find(|c| c.contains(E3)).expect("an E3 card");
    assert!(
        e3.contains("Fabrikam Solutions") && e3.contains("support@fabrikam.example"),
        "{e3}"
    );
    let words = text(&page);
    assert!(
        !words.contains("Woodgrove") && !words.contains("Microsoft 365 E5"),
        "{words}"
    );
}
