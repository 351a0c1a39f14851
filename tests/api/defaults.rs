//! A customer's default support contact for new subscriptions (issue 15, item 3): set, changed
//! and cleared by the seller's assigners, refused for everyone else and for ineligible partners,
//! optimistic (rule 6); taken by new subscriptions, imported ones included (rule 1), and cleared by
//! each change that ends its partner's eligibility (rule 3), audited with the change as its cause.

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::schema::{audit_events, customer_support_defaults as def, subscriptions};
use reqwest::StatusCode;

use crate::helpers::{TestApp, attr, attrs, csrf_token, location, run_cli, text, text_of};
use crate::invariant::{ineligible_contacts, ineligible_defaults};

const ADATUM: &str = "Adatum Corporation";
const CONTOSO: &str = "4100001";
const FABRIKAM: &str = "4200001";
const TREY: &str = "4200002";
const NEW_SUB: &str = "7b1e0000-0000-4000-8000-0000000000d1";
const NEW_SUB_2: &str = "7b1e0000-0000-4000-8000-0000000000d2";
const SUBS_HEADER: &str = "Subscription ID,Customer tenant ID,Offer name,Offer ID,Quantity,Status,Commerce type,Reseller PartnerID\n";

/// An event's subject, old and new values, and cause.
type Event = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn default_path(app: &TestApp, company: &str) -> String {
    format!("/customers/{}/support-default", app.tenant_of(company))
}

/// The stored default of `company` for the seller with PartnerID `seller`: its partner's id.
fn stored_default(app: &TestApp, company: &str, seller: i32) -> Option<String> {
    def::table
        .filter(def::customer_id.eq(app.customer_id_of(company)))
        .filter(def::seller_id.eq(app.partner_id_of(seller)))
        .select(def::partner_id)
        .first(&mut *app.conn())
        .optional()
        .expect("default")
}

fn events(app: &TestApp, operation: &str) -> Vec<Event> {
    audit_events::table
        .filter(audit_events::operation.eq(operation))
        .order((audit_events::occurred_at.asc(), audit_events::id.asc()))
        .select((
            audit_events::subject_partner_id,
            audit_events::old_value,
            audit_events::new_value,
            audit_events::cause_id,
        ))
        .load(&mut *app.conn())
        .expect("events")
}

/// Signs `email` in, opens the default's page and submits `partner` with the page's current
/// choice; returns the client and the answer.
async fn set_default(
    app: &TestApp,
    email: &str,
    company: &str,
    partner: &str,
) -> (TestApp, reqwest::Response) {
    let user = app.signed_in(email).await;
    let path = default_path(app, company);
    let (status, html) = user.get_html(&path).await;
    assert_eq!(status, StatusCode::OK, "{email} opens {path}");
    let current = attr(&html, "input[name=current]", "value").expect("the form's current choice");
    let token = csrf_token(&html);
    let r = user
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("partner", partner),
                ("current", &current),
            ],
        )
        .await;
    (user, r)
}

fn assert_invariants(app: &TestApp) {
    let mut conn = app.conn();
    assert!(ineligible_contacts(&mut conn, EligibilityRule::DelegatedAdmin).is_empty());
    assert!(ineligible_defaults(&mut conn, EligibilityRule::DelegatedAdmin).is_empty());
}

#[tokio::test]
async fn the_seller_sets_changes_and_clears_the_default_and_sees_what_applying_it_would_change() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of(ADATUM);
    // The customer page's section: the seller, with a Change link.
    let admin = app.signed_in("admin@contoso.example").await;
    let (_, html) = admin.get_html(&format!("/customers/{tenant}")).await;
    let section = text_of(&html, "#support-default-now").expect("the section");
    assert!(
        section.contains("The seller, Contoso Distribution."),
        "{section}"
    );
    assert_eq!(
        attr(&html, ".support-default a", "href").as_deref(),
        Some(format!("/customers/{tenant}/support-default").as_str())
    );

    let (user, r) = set_default(&app, "admin@contoso.example", ADATUM, FABRIKAM).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saved = location(&r);
    assert_eq!(
        saved,
        format!("/customers/{tenant}/support-default?saved=1")
    );
    assert_eq!(
        stored_default(&app, ADATUM, 4_100_001),
        Some(app.partner_id_of(4_200_001))
    );
    let set = events(&app, "support_contact.default_set");
    assert_eq!(set.len(), 1);
    assert_eq!(
        set[0].0.as_deref(),
        Some(app.partner_id_of(4_200_001).as_str())
    );
    assert_eq!(set[0].1, None, "no default before");
    assert_eq!(
        set[0].2.as_deref(),
        Some(app.partner_id_of(4_200_001).as_str())
    );

    // The page after it: saved, and the preview of Contoso's subscriptions not yet supported by
    // Fabrikam (Office 365; E3 already is), with the bulk assignment's form (contract C1).
    let (status, html) = user.get_html(&saved).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&html);
    assert!(words.contains("Saved: new subscriptions of Adatum Corporation are now supported by Fabrikam Solutions."), "{words}");
    let summary = text_of(&html, "#apply-summary").expect("the preview");
    assert!(
        summary.starts_with("1 subscription that Contoso Distribution sells"),
        "{summary}"
    );
    assert!(words.contains("Office 365 Business Standard"), "{words}");
    assert!(
        !text_of(&html, ".default-apply table")
            .unwrap_or_default()
            .contains("Microsoft 365 E3")
    );
    assert_eq!(
        attr(&html, "#apply-form", "action").as_deref(),
        Some("/subscriptions/batches")
    );
    assert_eq!(
        attr(&html, "#apply-form", "method").as_deref(),
        Some("post")
    );
    assert_eq!(
        attrs(&html, "#apply-form input[name=subscription]", "value"),
        vec![app.subscription_of(ADATUM, "Office 365 Business Standard")]
    );
    assert_eq!(
        attr(&html, "#apply-form input[name=partner]", "value").as_deref(),
        Some(FABRIKAM)
    );
    assert_eq!(
        attr(&html, "#apply-form input[name=back]", "value"),
        Some(format!("/customers/{tenant}"))
    );
    assert!(attr(&html, "#apply-form input[name=csrf_token]", "value").is_some());
    // In Polish too.
    let (_, html) = user.get_html_in(&saved, "pl").await;
    assert!(
        text(&html).contains("Kontakt pomocy technicznej dla nowych subskrypcji"),
        "{}",
        text(&html)
    );
    assert!(
        text(&html).contains("Zastosuj także do tej subskrypcji"),
        "{}",
        text(&html)
    );
    // The customer page says it.
    let (_, html) = user.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(
        text_of(&html, "#support-default-now")
            .map(|t| t.starts_with("Fabrikam Solutions (4200001).")),
        Some(true)
    );

    // Choosing the seller clears it.
    let (_, r) = set_default(&app, "helpdesk@contoso.example", ADATUM, CONTOSO).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored_default(&app, ADATUM, 4_100_001), None);
    let cleared = events(&app, "support_contact.default_cleared");
    assert_eq!(cleared.len(), 1);
    assert_eq!(
        cleared[0].1.as_deref(),
        Some(app.partner_id_of(4_200_001).as_str())
    );
    assert_eq!(cleared[0].2, None);
    // Choosing what is in force is refused, nothing written.
    let before = app.audit_count();
    let (_, r) = set_default(&app, "admin@contoso.example", ADATUM, CONTOSO).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.audit_count(), before);
    assert_invariants(&app);
}

#[tokio::test]
async fn only_the_sellers_assigners_may_set_it_and_other_customers_are_not_there() {
    let app = TestApp::spawn().await;
    let path = default_path(&app, ADATUM);
    let before = app.audit_count();
    // Read-only for a sales agent: the page, no form; the POST 403.
    let sales = app.signed_in("sales@contoso.example").await;
    let (status, html) = sales.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&html).contains("Your role (Sales agent) can view but not change"),
        "{}",
        text(&html)
    );
    assert!(
        attr(&html, "input[name=partner]", "value").is_none(),
        "no form"
    );
    assert!(
        attr(&html, "#apply-form", "action").is_none(),
        "no bulk form"
    );
    let token = csrf_token(&html);
    let form = [
        ("csrf_token", token.as_str()),
        ("partner", FABRIKAM),
        ("current", CONTOSO),
    ];
    assert_eq!(
        sales.post_form(&path, &form).await.status(),
        StatusCode::FORBIDDEN
    );
    // A reseller sells nothing: 403 for the page and the POST; the customer page has no section.
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    let (status, html) = fabrikam.get_html(&path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let token = csrf_token(&fabrikam.get_html("/customers").await.1);
    let form = [
        ("csrf_token", token.as_str()),
        ("partner", FABRIKAM),
        ("current", CONTOSO),
    ];
    assert_eq!(
        fabrikam.post_form(&path, &form).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, html2) = fabrikam
        .get_html(&format!("/customers/{}", app.tenant_of(ADATUM)))
        .await;
    assert!(text_of(&html2, "#support-default-heading").is_none());
    drop(html);
    // Billing admins and customers' users have no workspace.
    for email in [
        "billing@contoso.example",
        "admin@adatum.example",
        "user@adatum.example",
    ] {
        let (_, status, _) = app.get_html_as(email, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
    // Another provider's customer answers 404, as a missing one does.
    let (_, status, _) = app
        .get_html_as(
            "admin@contoso.example",
            &default_path(&app, "Woodgrove Bank"),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let admin = app.signed_in("admin@contoso.example").await;
    let token = csrf_token(&admin.get_html("/customers").await.1);
    let form = [
        ("csrf_token", token.as_str()),
        ("partner", CONTOSO),
        ("current", CONTOSO),
    ];
    let r = admin
        .post_form(&default_path(&app, "Woodgrove Bank"), &form)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.audit_count(), before, "nothing changed");
    assert_eq!(stored_default(&app, ADATUM, 4_100_001), None);
}

#[tokio::test]
async fn an_ineligible_partner_is_refused_with_the_reason_and_a_stale_form_says_who_changed_it() {
    let app = TestApp::spawn().await;
    let path = default_path(&app, ADATUM);
    // Trey has a relationship with Adatum but no delegated admin: not offered, and refused.
    let admin = app.signed_in("admin@contoso.example").await;
    let (_, html) = admin.get_html(&path).await;
    assert!(
        attr(
            &html,
            &format!("input[name=partner][value='{TREY}']"),
            "value"
        )
        .is_none(),
        "not offered"
    );
    assert!(
        attr(
            &html,
            &format!("input[name=partner][value='{FABRIKAM}']"),
            "value"
        )
        .is_some()
    );
    let token = csrf_token(&html);
    let r = admin
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("partner", TREY),
                ("current", CONTOSO),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let words = text(&r.text().await.expect("body"));
    assert!(words.contains("Trey Research cannot be the support contact for new subscriptions of Adatum Corporation"), "{words}");
    assert!(words.contains("delegated admin"), "{words}");
    // Unreadable fields: 422 with the field's message.
    let r = admin
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("partner", "x"),
                ("current", CONTOSO),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored_default(&app, ADATUM, 4_100_001), None);

    // A stale form: rendered with the seller in force, submitted after a colleague set Fabrikam.
    let (_, r) = set_default(&app, "helpdesk@contoso.example", ADATUM, FABRIKAM).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let before = app.audit_count();
    let r = admin
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("partner", CONTOSO),
                ("current", CONTOSO),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let words = text(&r.text().await.expect("body"));
    assert!(
        words.contains("changed the support contact for new subscriptions to Fabrikam Solutions"),
        "{words}"
    );
    assert!(words.contains("Contoso Distribution"), "{words}");
    assert_eq!(app.audit_count(), before);
    assert_eq!(
        stored_default(&app, ADATUM, 4_100_001),
        Some(app.partner_id_of(4_200_001))
    );
}

fn contact_of(app: &TestApp, id: &str) -> Option<String> {
    subscriptions::table
        .find(id)
        .select(subscriptions::support_contact_id)
        .first(&mut *app.conn())
        .expect("subscription")
}

fn subs_file(lines: &[String]) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(f.path(), format!("{SUBS_HEADER}{}\n", lines.join("\n"))).expect("write");
    f
}

#[tokio::test]
async fn new_subscriptions_take_the_default_through_the_command_line_and_the_import_page() {
    let app = TestApp::spawn().await;
    let adatum = app.tenant_of(ADATUM);
    let (_, r) = set_default(&app, "admin@contoso.example", ADATUM, FABRIKAM).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let existing = app.subscription_of(ADATUM, "Office 365 Business Standard");

    // `partnerdesk import`: a new Adatum subscription of Contoso takes Fabrikam; an existing one
    // keeps its contact.
    let file = subs_file(&[
        format!("{NEW_SUB},{adatum},Visio Plan 2,VISIO-D1,5,Active,Legacy,"),
        format!("{existing},{adatum},Office 365 Business Standard,O365-BS,30,Active,Legacy,"),
    ]);
    let path = file.path().to_str().expect("path");
    let run = run_cli(
        &app.database,
        &["import", "subscriptions", path, "--org", CONTOSO],
        "",
    );
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert_eq!(
        contact_of(&app, NEW_SUB),
        Some(app.partner_id_of(4_200_001))
    );
    assert_eq!(
        contact_of(&app, &existing),
        Some(app.partner_id_of(4_100_001)),
        "an existing subscription keeps its contact"
    );

    // Another seller's subscription for the same customer: Tailspin has no default, its own.
    let file = subs_file(&[format!(
        "{NEW_SUB_2},{adatum},Project Plan 3,PROJ-D2,2,Active,Legacy,"
    )]);
    let path = file.path().to_str().expect("path");
    let run = run_cli(
        &app.database,
        &["import", "subscriptions", path, "--org", "4300001"],
        "",
    );
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert_eq!(
        contact_of(&app, NEW_SUB_2),
        Some(app.partner_id_of(4_300_001))
    );

    // The import page.
    let admin = app.signed_in("globaladmin@contoso.example").await;
    let token = csrf_token(&admin.get_html("/settings/import").await.1);
    let id = "7b1e0000-0000-4000-8000-0000000000d3";
    let bytes =
        format!("{SUBS_HEADER}{id},{adatum},Exchange Online Plan 1,EXO-D3,1,Active,Legacy,\n");
    let r = crate::import::upload(&admin, &token, "subscriptions", bytes.as_bytes()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let preview = location(&r);
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(contact_of(&app, id), Some(app.partner_id_of(4_200_001)));
    assert_invariants(&app);
}

#[tokio::test]
async fn an_ineligible_default_is_not_taken() {
    // Under the relationship rule Trey (no delegated admin) is eligible; the command line runs
    // with the default rule (delegated admin), where it is not: the seller supports.
    let app = TestApp::spawn_with_rule(EligibilityRule::Relationship).await;
    let adatum = app.tenant_of(ADATUM);
    let (_, r) = set_default(&app, "admin@contoso.example", ADATUM, TREY).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file = subs_file(&[format!(
        "{NEW_SUB},{adatum},Visio Plan 2,VISIO-D1,5,Active,Legacy,"
    )]);
    let path = file.path().to_str().expect("path");
    let run = run_cli(
        &app.database,
        &["import", "subscriptions", path, "--org", CONTOSO],
        "",
    );
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert_eq!(
        contact_of(&app, NEW_SUB),
        Some(app.partner_id_of(4_100_001))
    );
}

/// Rule 3: each change that ends Fabrikam's eligibility clears Adatum's default naming it, with
/// one `default_cleared` event naming the change as its cause, concerning the seller.
async fn cleared_by(
    removal: fn(&TestApp) -> (&'static str, &'static str, String),
    operation: &str,
) {
    let app = TestApp::spawn().await;
    let (_, r) = set_default(&app, "admin@contoso.example", ADATUM, FABRIKAM).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (email, token_page, path) = removal(&app);
    let remover = app.signed_in(email).await;
    // The preview lists the default.
    let (status, html) = remover.get_html(&path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let listed = text_of(&html, ".defaults-cleared").unwrap_or_default();
    assert!(
        listed.contains("Adatum Corporation") && listed.contains("Fabrikam Solutions"),
        "{}",
        text(&html)
    );
    let token = remover.csrf(token_page).await;
    let r = remover.post_form(&path, &[("csrf_token", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
    assert_eq!(stored_default(&app, ADATUM, 4_100_001), None);
    let cleared = events(&app, "support_contact.default_cleared");
    assert_eq!(cleared.len(), 1);
    assert_eq!(
        cleared[0].0.as_deref(),
        Some(app.partner_id_of(4_100_001).as_str()),
        "concerns the seller"
    );
    assert_eq!(
        cleared[0].1.as_deref(),
        Some(app.partner_id_of(4_200_001).as_str())
    );
    let cause: String = audit_events::table
        .filter(audit_events::operation.eq(operation))
        .select(audit_events::id)
        .first(&mut *app.conn())
        .expect("the change's event");
    assert_eq!(cleared[0].3.as_deref(), Some(cause.as_str()));
    // The done message says so.
    let (_, html) = remover.get_html(location(&r).as_str()).await;
    assert!(
        text(&html).contains("support contact for new subscriptions was cleared"),
        "{}",
        text(&html)
    );
    assert_invariants(&app);
}

#[tokio::test]
async fn removing_delegated_admin_clears_the_default() {
    cleared_by(
        |_| {
            (
                "admin@adatum.example",
                "/admin/partners",
                format!("/admin/partners/{FABRIKAM}/delegated-admin/remove"),
            )
        },
        "relationship.delegated_admin_removed",
    )
    .await;
}

#[tokio::test]
async fn ending_the_resellers_relationship_clears_the_default() {
    cleared_by(
        |app| {
            let tenant = app.tenant_of(ADATUM);
            (
                "admin@contoso.example",
                "/customers",
                format!("/customers/{tenant}/resellers/{FABRIKAM}/relationship/remove"),
            )
        },
        "relationship.removed",
    )
    .await;
}

#[tokio::test]
async fn ending_the_partnership_clears_the_default() {
    cleared_by(
        |_| {
            (
                "globaladmin@contoso.example",
                "/resellers",
                format!("/resellers/{FABRIKAM}/partnership/remove"),
            )
        },
        "partnership.removed",
    )
    .await;
}

/// The saved default's "also apply" form, posted as the page renders it, makes a batch with the
/// default's partner chosen: its preview lists the customer's other subscriptions of the seller,
/// and confirming it makes every one of them supported by the default (issue 15: "setting it
/// offers, with a preview, to apply it to the existing subscriptions too").
#[tokio::test]
async fn applying_the_default_to_existing_subscriptions_goes_through_a_previewed_batch() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of(ADATUM);
    let (user, r) = set_default(&app, "admin@contoso.example", ADATUM, FABRIKAM).await;
    let (_, html) = user.get_html(&location(&r)).await;
    let fields: Vec<(String, String)> = ["csrf_token", "subscription", "partner", "back"]
        .iter()
        .flat_map(|name| {
            attrs(&html, &format!("#apply-form input[name={name}]"), "value")
                .into_iter()
                .map(|v| ((*name).to_owned(), v))
        })
        .collect();
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = user.post_form("/subscriptions/batches", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let batch = location(&r);
    assert!(batch.starts_with("/subscriptions/batches/"), "{batch}");
    let (status, preview) = user.get_html(&batch).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&preview);
    assert!(words.contains("Office 365 Business Standard"), "{words}");
    assert!(words.contains("Fabrikam Solutions"), "{words}");
    let r = user
        .post_form(
            &format!("{batch}/confirm"),
            &[("csrf_token", csrf_token(&preview).as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let fabrikam = app.partner_id_of(4_200_001);
    for product in ["Office 365 Business Standard", "Microsoft 365 E3"] {
        assert_eq!(
            contact_of(&app, &app.subscription_of(ADATUM, product)).as_deref(),
            Some(fabrikam.as_str()),
            "{product}"
        );
    }
    // The customer page now shows it, and Tailspin's subscription kept its own seller.
    let (_, page) = user.get_html(&format!("/customers/{tenant}")).await;
    assert!(text(&page).contains("Fabrikam Solutions"));
    assert_invariants(&app);
}
