//! Customers getting into partnerdesk through invitations (issue 14, item 5): an invitation may
//! name the customer it is for (the list shows the name only to a partner that sees the
//! customer); opened by someone not signed in it leads to the named customer's first Global
//! admin, to sign-in, or to a new customer's sign-up; each ends signed in with the invitation
//! accepted, all in one transaction; an existing tenant is joined only through an invitation
//! naming it; races on one token or one customer create exactly one admin or customer.

use diesel::prelude::*;
use partnerdesk::db::schema::{
    audit_events, customer_relationships as rel, customers, relationship_invitations as inv, users,
};
use reqwest::StatusCode;

use crate::fixtures::{BuiltCustomer, CustomerBuilder, InvitationBuilder, Rel, cast};
use crate::helpers::{
    INVITATIONS, TestApp, attr, create_invitation, csrf_token, has, location, read, shown_link,
    text,
};

const ADATUM: &str = "Adatum Corporation";
const WOODGROVE: &str = "Woodgrove Bank";
const NEW_PASSWORD: &str = "a-long-new-password-1";

// ---------------------------------------------------------------------------------------------
// Helpers.

/// A customer in partnerdesk with no users, as an import leaves it: related to Contoso only.
fn imported_customer(app: &TestApp, name: &str) -> BuiltCustomer {
    CustomerBuilder::new(name)
        .relationship(cast::CONTOSO, Rel::Active)
        .build(app)
}

/// Creates an invitation through the partner's form, naming `tenant` with `note`; the token from
/// the link shown once.
async fn invite(partner: &TestApp, tenant: &str, note: &str, delegated_admin: bool) -> String {
    let token = partner.csrf(INVITATIONS).await;
    let mut form = vec![
        ("csrf_token", token.as_str()),
        ("tenant_id", tenant),
        ("note", note),
    ];
    if delegated_admin {
        form.push(("delegated_admin", "yes"));
    }
    let r = partner.post_form(INVITATIONS, &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "creating the invitation");
    let (_, html) = partner.get_html(INVITATIONS).await;
    let link = shown_link(&html).expect("the new link is shown");
    let prefix = format!("{}/invitations/", partner.address);
    link[prefix.len()..].to_owned()
}

/// (email, role, display name) of a customer's users.
fn users_of(app: &TestApp, customer_id: &str) -> Vec<(String, String, String)> {
    users::table
        .filter(users::customer_id.eq(customer_id))
        .select((users::email, users::role, users::display_name))
        .order(users::email)
        .load(&mut *app.conn())
        .expect("users")
}

/// (state, delegated admin, origin) of a customer's relationship with a partner.
fn relationship(app: &TestApp, customer_id: &str, mpn: i32) -> Option<(String, bool, String)> {
    rel::table
        .filter(rel::customer_id.eq(customer_id))
        .filter(rel::partner_id.eq(app.partner_id_of(mpn)))
        .select((rel::state, rel::delegated_admin, rel::origin))
        .first(&mut *app.conn())
        .optional()
        .expect("relationship")
}

fn accepted(app: &TestApp, token: &str) -> Option<String> {
    inv::table
        .filter(inv::token_hash.eq(partnerdesk::domain::one_time::hash(token)))
        .select(inv::accepted_customer_id)
        .first::<Option<String>>(&mut *app.conn())
        .expect("invitation")
}

fn count_ops(app: &TestApp, op: &str) -> i64 {
    audit_events::table
        .filter(audit_events::operation.eq(op))
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn customer_count(app: &TestApp) -> i64 {
    customers::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn user_count(app: &TestApp) -> i64 {
    users::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

/// What a refused form must leave alone: customers, users, audit events.
fn counts(app: &TestApp) -> (i64, i64, i64) {
    (customer_count(app), user_count(app), app.audit_count())
}

/// The first Global admin's fields.
fn admin_form<'a>(csrf: &'a str, email: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("email", email),
        ("admin_name", name),
        ("password", NEW_PASSWORD),
        ("password_again", NEW_PASSWORD),
    ]
}

/// A new customer's and its admin's fields.
fn sign_up_form<'a>(
    csrf: &'a str,
    company: &'a str,
    domain: &'a str,
    tenant: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut form = admin_form(csrf, email, "Nowa Admin");
    form.extend([
        ("company_name", company),
        ("domain", domain),
        ("tenant_id", tenant),
        ("country", "pl"),
    ]);
    form
}

/// Opens the link in a fresh session, not signed in: (the session, status, page).
async fn open_anonymously(app: &TestApp, token: &str) -> (TestApp, StatusCode, String) {
    let visitor = app.new_session();
    let (status, page) = visitor.get_html(&format!("/invitations/{token}")).await;
    (visitor, status, page)
}

fn new_tenant() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------------------------
// The partner's side: naming the customer.

#[tokio::test]
async fn an_invitation_names_its_customer_and_the_list_names_it_only_to_partners_that_see_it() {
    let app = TestApp::spawn().await;
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    let (adatum, woodgrove) = (app.tenant_of(ADATUM), app.tenant_of(WOODGROVE));

    // The form offers the customer and the note, labelled.
    let (_, html) = fabrikam.get_html(INVITATIONS).await;
    assert!(has(&html, "label[for=tenant-id]") && has(&html, "label[for=note]"));

    // Adatum (a Fabrikam customer) by name; Woodgrove (not) by tenant id only.
    invite(&fabrikam, &adatum.to_uppercase(), "Ola from IT", true).await;
    invite(&fabrikam, &format!(" {{{woodgrove}}} "), "", false).await;
    let stored: Vec<(Option<String>, Option<String>)> = inv::table
        .select((inv::customer_tenant_id, inv::note))
        .order(inv::created_at)
        .load(&mut *app.conn())
        .expect("invitations");
    assert!(stored.contains(&(Some(adatum.clone()), Some("Ola from IT".to_owned()))));
    assert!(stored.contains(&(Some(woodgrove.clone()), None)));

    let (_, html) = fabrikam.get_html(INVITATIONS).await;
    let cells = crate::helpers::texts(&html, "td.invitation-for");
    assert!(
        cells
            .iter()
            .any(|c| c.contains(ADATUM) && c.contains(&adatum) && c.contains("Ola from IT")),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c.contains(&woodgrove)), "{cells:?}");
    assert!(!text(&html).contains(WOODGROVE), "rule 9: Woodgrove's name");

    // Invitations naming nobody say so.
    create_invitation(&fabrikam, false).await;
    let (_, html) = fabrikam.get_html(INVITATIONS).await;
    assert!(text(&html).contains("Any customer"));

    // A malformed tenant id or an overlong note: the form again, kept, nothing made.
    let before = (inv::table.count().get_result::<i64>(&mut *app.conn())).expect("count");
    let events = app.audit_count();
    let token = fabrikam.csrf(INVITATIONS).await;
    let long = "x".repeat(201);
    for (tenant, note, says) in [
        ("not-a-tenant", "kept note", "A tenant ID is a GUID"),
        (
            "0f8fad5bd9cb469fa16570867728950e",
            "kept note",
            "A tenant ID is a GUID",
        ),
        (adatum.as_str(), long.as_str(), "at most 200 characters"),
    ] {
        let r = fabrikam
            .post_form(
                INVITATIONS,
                &[
                    ("csrf_token", &token),
                    ("tenant_id", tenant),
                    ("note", note),
                    ("delegated_admin", "yes"),
                ],
            )
            .await;
        let (status, _, page) = read(r).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{tenant}");
        assert!(text(&page).contains(says), "{}", text(&page));
        assert_eq!(attr(&page, "#tenant-id", "value").as_deref(), Some(tenant));
        assert_eq!(attr(&page, "#note", "value").as_deref(), Some(note));
        assert!(has(&page, "#delegated-admin[checked]"));
        assert!(has(&page, "[aria-invalid=true]"));
        assert!(shown_link(&page).is_none());
    }
    let after = (inv::table.count().get_result::<i64>(&mut *app.conn())).expect("count");
    assert_eq!((after, app.audit_count()), (before, events));

    // The customer's page links to the form with the field filled in.
    let (_, page) = fabrikam.get_html(&format!("/customers/{adatum}")).await;
    let href = format!("{INVITATIONS}?customer={adatum}");
    assert!(crate::helpers::has_link(&page, &href), "no link to {href}");
    let (_, html) = fabrikam.get_html(&href).await;
    assert_eq!(
        attr(&html, "#tenant-id", "value").as_deref(),
        Some(adatum.as_str())
    );
}

// ---------------------------------------------------------------------------------------------
// The first Global admin of a customer without users.

#[tokio::test]
async fn a_reseller_invites_an_imported_customer_whose_first_admin_accepts_with_delegated_admin() {
    let app = TestApp::spawn().await;
    let customer = imported_customer(&app, "Imported Fabrics");
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    // The reseller cannot see the customer yet.
    let (status, _) = fabrikam.get_html(&customer.path()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let token = invite(&fabrikam, &customer.tenant, "it@imported.example", true).await;
    let (_, list) = fabrikam.get_html(INVITATIONS).await;
    assert!(!text(&list).contains("Imported Fabrics"), "rule 9");

    // Opened signed out: the first admin's form, with the tenant id (not the name).
    let (visitor, status, page) = open_anonymously(&app, &token).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("Create your Global admin"), "{words}");
    assert!(words.contains(&customer.tenant) && words.contains("Fabrikam Solutions"));
    assert!(words.contains("Delegated admin privileges"), "{words}");
    assert!(!words.contains("Imported Fabrics"), "{words}");
    for field in ["email", "admin_name", "password", "password_again"] {
        assert!(has(&page, &format!("label[for={field}]")), "{field}");
    }
    let action = format!("/invitations/{token}/first-admin");
    assert!(has(&page, &format!("form[action='{action}']")));
    let csrf = csrf_token(&page);
    let before = counts(&app);

    // Without the CSRF token: refused.
    let mut no_token = admin_form(&csrf, "first@imported.example", "First Admin");
    no_token.remove(0);
    let r = visitor.post_form(&action, &no_token).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Bad fields: the form again, the typed values kept, one message per field.
    let r = visitor
        .post_form(
            &action,
            &[
                ("csrf_token", &csrf),
                ("email", "not-an-email"),
                ("admin_name", "Kept Name"),
                ("password", "short"),
                ("password_again", "other"),
            ],
        )
        .await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let words = text(&page);
    for says in [
        "Enter an email address",
        "at least 12 characters",
        "not the same",
    ] {
        assert!(words.contains(says), "{says}: {words}");
    }
    assert_eq!(
        attr(&page, "#email", "value").as_deref(),
        Some("not-an-email")
    );
    assert_eq!(
        attr(&page, "#admin_name", "value").as_deref(),
        Some("Kept Name")
    );
    assert_eq!(attr(&page, "#password", "value").as_deref(), Some(""));
    // The password may not be the email; an email in use is refused.
    let r = visitor
        .post_form(
            &action,
            &[
                ("csrf_token", &csrf),
                ("email", "same@imported.example"),
                ("admin_name", "Same"),
                ("password", "same@imported.example"),
                ("password_again", "same@imported.example"),
            ],
        )
        .await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&page).contains("must not be the email"));
    let r = visitor
        .post_form(&action, &admin_form(&csrf, "Admin@Adatum.example", "Taken"))
        .await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&page).contains("already in partnerdesk"));
    assert_eq!(counts(&app), before, "refusals change nothing");
    assert_eq!(accepted(&app, &token), None);

    // The admin is created, accepts, and is signed in.
    let r = visitor
        .post_form(
            &action,
            &admin_form(&csrf, " First@Imported.example ", "First Admin"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin/partners");
    assert_eq!(
        users_of(&app, &customer.id),
        vec![(
            "first@imported.example".to_owned(),
            "global_admin".to_owned(),
            "First Admin".to_owned()
        )]
    );
    assert_eq!(
        relationship(&app, &customer.id, cast::FABRIKAM),
        Some(("active".to_owned(), true, "invitation".to_owned()))
    );
    assert_eq!(accepted(&app, &token), Some(customer.id.clone()));
    assert_eq!(count_ops(&app, "user.created"), 1);
    assert_eq!(count_ops(&app, "relationship.accepted"), 1);
    let (user_id, _) = app.user_of("first@imported.example");
    let by: (Option<String>, Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::operation.eq("relationship.accepted"))
        .select((
            audit_events::actor_user_id,
            audit_events::actor_customer_id,
            audit_events::subject_partner_id,
        ))
        .first(&mut *app.conn())
        .expect("event");
    assert_eq!(
        by,
        (
            Some(user_id),
            Some(customer.id.clone()),
            Some(app.partner_id_of(cast::FABRIKAM))
        )
    );
    let (status, page) = visitor.get_html("/admin/partners").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("Invitation accepted"), "{words}");
    assert!(words.contains("Fabrikam Solutions") && words.contains("Imported Fabrics"));

    // The reseller now sees the customer, and its list names it.
    let (status, _) = fabrikam.get_html(&customer.path()).await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = fabrikam.get_html(INVITATIONS).await;
    assert!(text(&list).contains("Imported Fabrics"));

    // The new admin signs in with the password; the link is used up.
    let again = app.new_session();
    let r = again
        .try_login("first@imported.example", NEW_PASSWORD)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, status, page) = open_anonymously(&app, &token).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(text(&page).contains("already used"));
}

#[tokio::test]
async fn an_invitation_naming_a_customer_with_users_sends_to_sign_in_and_fits_only_that_customer() {
    let app = TestApp::spawn().await;
    let litware = app.signed_in("admin@litware.example").await;
    let adatum = app.tenant_of(ADATUM);
    let token = invite(&litware, &adatum, "", false).await;
    let link = format!("/invitations/{token}");

    // Signed out: sign in first, coming back to the link.
    let (visitor, status, _) = open_anonymously(&app, &token).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = visitor.get(&link).await;
    assert_eq!(
        location(&r),
        format!("/login?next=%2Finvitations%2F{token}")
    );
    // The first-admin form does not fit (Adatum has users): 409, with the way to sign in.
    let (_, login) = visitor.get_html("/login").await;
    let before = counts(&app);
    let r = visitor
        .post_form(
            &format!("{link}/first-admin"),
            &admin_form(&csrf_token(&login), "sneaky@adatum.example", "Sneaky"),
        )
        .await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        text(&page).contains("already has a Global admin"),
        "{}",
        text(&page)
    );
    assert!(has(&page, "a[href^='/login?next=']"));
    assert_eq!(counts(&app), before);

    // Woodgrove's Global admin: another organization's invitation, refused, nothing changes.
    let woodgrove = app.signed_in("admin@woodgrove.example").await;
    let (status, page) = woodgrove.get_html(&link).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        text(&page).contains("for another organization"),
        "{}",
        text(&page)
    );
    let r = woodgrove.accept_invitation(&token, &page).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(counts(&app), before);
    assert_eq!(accepted(&app, &token), None);
    let woodgrove_id = app.customer_id_of(WOODGROVE);
    assert_eq!(
        relationship(&app, &woodgrove_id, cast::LITWARE).map(|r| r.0),
        Some("active".to_owned()),
        "Woodgrove's own relationship is untouched"
    );

    // Adatum's Global admin accepts it.
    let admin = app.signed_in("admin@adatum.example").await;
    let r = admin.open_and_accept_invitation(&token).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let adatum_id = app.customer_id_of(ADATUM);
    assert_eq!(accepted(&app, &token), Some(adatum_id.clone()));
    assert_eq!(
        relationship(&app, &adatum_id, cast::LITWARE).map(|r| r.0),
        Some("active".to_owned())
    );
}

// ---------------------------------------------------------------------------------------------
// Sign-up.

#[tokio::test]
async fn a_new_customer_signs_up_through_an_invitation_and_is_signed_in_as_its_global_admin() {
    let app = TestApp::spawn().await;
    let trey = app.signed_in("admin@treyresearch.example").await;
    let token = create_invitation(&trey, true).await;
    let (visitor, status, page) = open_anonymously(&app, &token).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("Sign up your organization"), "{words}");
    assert!(has(
        &page,
        &format!("a[href='/login?next=%2Finvitations%2F{token}']")
    ));
    for field in [
        "company_name",
        "domain",
        "tenant_id",
        "country",
        "email",
        "admin_name",
        "password",
        "password_again",
    ] {
        assert!(has(&page, &format!("label[for={field}]")), "{field}");
    }
    assert!(!has(&page, "#tenant_id[readonly]"));
    let tenant = new_tenant();
    let csrf = csrf_token(&page);
    let action = format!("/invitations/{token}/sign-up");
    let r = visitor
        .post_form(
            &action,
            &sign_up_form(
                &csrf,
                "  Nowa Firma  ",
                "Nowa.onmicrosoft.com",
                &tenant.to_uppercase(),
                "admin@nowa.example",
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", read(r).await.2);

    let (id, name, domain, country): (String, String, String, String) = customers::table
        .filter(customers::tenant_id.eq(&tenant))
        .select((
            customers::id,
            customers::company_name,
            customers::domain,
            customers::country,
        ))
        .first(&mut *app.conn())
        .expect("the new customer");
    assert_eq!(
        (name.as_str(), domain.as_str(), country.as_str()),
        ("Nowa Firma", "nowa.onmicrosoft.com", "PL")
    );
    assert_eq!(
        users_of(&app, &id),
        vec![(
            "admin@nowa.example".to_owned(),
            "global_admin".to_owned(),
            "Nowa Admin".to_owned()
        )]
    );
    assert_eq!(
        relationship(&app, &id, cast::TREY),
        Some(("active".to_owned(), true, "invitation".to_owned()))
    );
    let created: (Option<String>, Option<String>, Option<String>) = audit_events::table
        .filter(audit_events::operation.eq("organization.created"))
        .filter(audit_events::customer_id.eq(&id))
        .select((
            audit_events::actor_customer_id,
            audit_events::subject_partner_id,
            audit_events::new_value,
        ))
        .first(&mut *app.conn())
        .expect("organization.created");
    assert_eq!(
        created,
        (
            Some(id.clone()),
            Some(app.partner_id_of(cast::TREY)),
            Some("Nowa Firma".to_owned())
        )
    );
    // Signed in as the new Global admin, on a renewed session.
    let (status, page) = visitor.get_html("/admin/partners").await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains("Trey Research") && text(&page).contains("Nowa Firma"));
    // Trey sees its new customer, and its sign-up in the activity log.
    let (status, _) = trey.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, log) = trey.get_html("/activity").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&log);
    assert!(words.contains("Nowa Firma"), "{words}");
}

#[tokio::test]
async fn an_invitation_naming_a_tenant_not_yet_in_partnerdesk_signs_up_exactly_that_tenant() {
    let app = TestApp::spawn().await;
    let tenant = new_tenant();
    let token = InvitationBuilder::new(cast::TAILSPIN, "admin@tailspin.example")
        .for_customer(&tenant)
        .build(&app);
    let (visitor, status, page) = open_anonymously(&app, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        attr(&page, "#tenant_id[readonly]", "value").as_deref(),
        Some(tenant.as_str())
    );
    // Another tenant id typed in is ignored: the invitation's is used.
    let r = visitor
        .post_form(
            &format!("/invitations/{token}/sign-up"),
            &sign_up_form(
                &csrf_token(&page),
                "Fixed Tenant Co",
                "fixed.example",
                &new_tenant(),
                "admin@fixed.example",
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.tenant_of("Fixed Tenant Co"), tenant);
    let id = app.customer_id_of("Fixed Tenant Co");
    assert_eq!(
        relationship(&app, &id, cast::TAILSPIN).map(|r| (r.0, r.1)),
        Some(("active".to_owned(), false))
    );
}

#[tokio::test]
async fn sign_up_refuses_a_tenant_or_domain_already_in_partnerdesk_and_bad_fields_keep_the_form() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in("admin@contoso.example").await;
    let token = create_invitation(&contoso, false).await;
    let (visitor, _, page) = open_anonymously(&app, &token).await;
    let csrf = csrf_token(&page);
    let action = format!("/invitations/{token}/sign-up");
    let adatum = app.tenant_of(ADATUM);
    let contoso_tenant: String = partnerdesk::db::schema::partners::table
        .filter(partnerdesk::db::schema::partners::mpn_id.eq(cast::CONTOSO))
        .select(partnerdesk::db::schema::partners::tenant_id)
        .first(&mut *app.conn())
        .expect("Contoso's tenant");
    let before = counts(&app);
    let fresh = new_tenant();
    for (tenant, domain, email, field, says) in [
        (
            adatum.as_str(),
            "fresh.example",
            "a@fresh.example",
            "tenant_id",
            "ask the partner for an invitation that names your tenant ID",
        ),
        (
            contoso_tenant.as_str(),
            "fresh.example",
            "a@fresh.example",
            "tenant_id",
            "ask the partner for an invitation that names your tenant ID",
        ),
        (
            fresh.as_str(),
            "adatum.onmicrosoft.com",
            "a@fresh.example",
            "domain",
            "primary domain adatum.onmicrosoft.com is already in partnerdesk",
        ),
        (
            fresh.as_str(),
            "fresh.example",
            "billing@adatum.example",
            "email",
            "A user with this email is already in partnerdesk",
        ),
    ] {
        let r = visitor
            .post_form(
                &action,
                &sign_up_form(&csrf, "Fresh Co", domain, tenant, email),
            )
            .await;
        let (status, _, page) = read(r).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let error = crate::helpers::text_of(&page, &format!("#{field}-error")).unwrap_or_default();
        assert!(error.contains(says), "{field}: {error}");
        assert_eq!(
            attr(&page, "#company_name", "value").as_deref(),
            Some("Fresh Co")
        );
        assert_eq!(attr(&page, "#domain", "value").as_deref(), Some(domain));
    }
    // Every field wrong at once: a message for each.
    let r = visitor
        .post_form(
            &action,
            &[
                ("csrf_token", csrf.as_str()),
                ("company_name", " "),
                ("domain", "no_domain"),
                ("tenant_id", "{nope}"),
                ("country", "Poland"),
                ("email", "@"),
                ("admin_name", ""),
                ("password", "x"),
                ("password_again", "y"),
            ],
        )
        .await;
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "company_name",
        "domain",
        "tenant_id",
        "country",
        "email",
        "admin_name",
        "password",
        "password_again",
    ] {
        assert!(has(&page, &format!("#{field}-error")), "{field}");
        assert!(
            has(&page, &format!("#{field}[aria-invalid=true]")),
            "{field}"
        );
    }
    assert_eq!(attr(&page, "#country", "value").as_deref(), Some("Poland"));
    assert_eq!(counts(&app), before, "nothing was written");
    assert_eq!(accepted(&app, &token), None);

    // Without a CSRF token, or with another visitor's: refused.
    let other = app.new_session();
    let (_, other_page) = other.get_html(&format!("/invitations/{token}")).await;
    let theirs = csrf_token(&other_page);
    for token_value in [None, Some(theirs.as_str())] {
        let mut form = sign_up_form("", "Csrf Co", "csrf.example", &fresh, "c@csrf.example");
        form.remove(0);
        if let Some(t) = token_value {
            form.push(("csrf_token", t));
        }
        let r = visitor.post_form(&action, &form).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(counts(&app), before);
}

#[tokio::test]
async fn used_revoked_expired_and_unknown_links_create_nothing() {
    let app = TestApp::spawn().await;
    let customer = imported_customer(&app, "Late Co");
    let expired = InvitationBuilder::new(cast::CONTOSO, "admin@contoso.example")
        .for_customer(&customer.tenant)
        .expired()
        .build(&app);
    let contoso = app.signed_in("admin@contoso.example").await;
    let revoked = invite(&contoso, &customer.tenant, "", false).await;
    let id: String = inv::table
        .filter(inv::token_hash.eq(partnerdesk::domain::one_time::hash(&revoked)))
        .select(inv::id)
        .first(&mut *app.conn())
        .expect("id");
    let csrf = contoso.csrf(INVITATIONS).await;
    let r = contoso
        .post_form(
            &format!("{INVITATIONS}/{id}/revoke"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let unknown = hex::encode([9u8; 32]);
    let before = counts(&app);
    for (token, status, says) in [
        (expired.as_str(), StatusCode::GONE, "has expired"),
        (revoked.as_str(), StatusCode::GONE, "was revoked"),
        (unknown.as_str(), StatusCode::NOT_FOUND, "is not valid"),
    ] {
        let (visitor, got, page) = open_anonymously(&app, token).await;
        assert_eq!(got, status, "GET {token}");
        assert!(text(&page).contains(says), "{}", text(&page));
        let (_, login) = visitor.get_html("/login").await;
        let csrf = csrf_token(&login);
        for action in ["first-admin", "sign-up"] {
            let form = sign_up_form(
                &csrf,
                "Late Co 2",
                "late2.example",
                &customer.tenant,
                "a@late.example",
            );
            let r = visitor
                .post_form(&format!("/invitations/{token}/{action}"), &form)
                .await;
            let (got, _, page) = read(r).await;
            assert_eq!(got, status, "POST {action} {token}");
            assert!(text(&page).contains(says));
        }
    }
    assert_eq!(counts(&app), before);
    assert!(users_of(&app, &customer.id).is_empty());
}

#[tokio::test]
async fn the_onboarding_pages_speak_polish() {
    let app = TestApp::spawn().await;
    let customer = imported_customer(&app, "Polska Sp. z o.o.");
    let first = InvitationBuilder::new(cast::CONTOSO, "admin@contoso.example")
        .for_customer(&customer.tenant)
        .build(&app);
    let open = InvitationBuilder::new(cast::CONTOSO, "admin@contoso.example").build(&app);
    let visitor = app.new_session();
    let (status, page) = visitor
        .get_html_in(&format!("/invitations/{first}"), "pl-PL,pl;q=0.9")
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(
        words.contains("Utwórz administratora globalnego"),
        "{words}"
    );
    assert!(
        words.contains("Bez delegowanych uprawnień administratora"),
        "{words}"
    );
    let (status, page) = visitor
        .get_html_in(&format!("/invitations/{open}"), "pl")
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("Zarejestruj swoją organizację"), "{words}");
    assert!(words.contains("Zaloguj się, aby zaakceptować"), "{words}");
    // A refusal in Polish.
    let r = visitor
        .client
        .post(visitor.url(&format!("/invitations/{open}/sign-up")))
        .header("accept-language", "pl")
        .form(&sign_up_form(
            &csrf_token(&page),
            "Firma",
            "firma.example",
            &app.tenant_of(ADATUM),
            "a@firma.example",
        ))
        .send()
        .await
        .expect("POST");
    let (status, _, page) = read(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&page)
            .contains("poproś partnera o zaproszenie wskazujące Twój identyfikator dzierżawy"),
        "{}",
        text(&page)
    );
    // The partner's form in Polish.
    let contoso = app.signed_in("admin@contoso.example").await;
    let (_, page) = contoso.get_html_in(INVITATIONS, "pl").await;
    assert!(text(&page).contains("Identyfikator dzierżawy klienta"));
}

// ---------------------------------------------------------------------------------------------
// Races (both backends).

const ROUNDS: usize = 6;

#[tokio::test]
async fn two_first_admins_with_one_link_at_once_make_exactly_one() {
    let app = TestApp::spawn().await;
    for round in 0..ROUNDS {
        let customer = imported_customer(&app, &format!("Race One Link {round}"));
        let token = InvitationBuilder::new(cast::FABRIKAM, "admin@fabrikam.example")
            .delegated_admin()
            .for_customer(&customer.tenant)
            .build(&app);
        let (a, _, a_page) = open_anonymously(&app, &token).await;
        let (b, _, b_page) = open_anonymously(&app, &token).await;
        let action = format!("/invitations/{token}/first-admin");
        let (a_csrf, b_csrf) = (csrf_token(&a_page), csrf_token(&b_page));
        let (a_email, b_email) = (
            format!("a{round}@race.example"),
            format!("b{round}@race.example"),
        );
        let (fa, fb) = (
            admin_form(&a_csrf, &a_email, "A"),
            admin_form(&b_csrf, &b_email, "B"),
        );
        let (ra, rb) = tokio::join!(a.post_form(&action, &fa), b.post_form(&action, &fb));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(statuses[0], StatusCode::SEE_OTHER, "round {round}");
        // The loser finds the link used (410), or, having read it pending just before the winner
        // committed, the customer now with a Global admin (409, to sign in).
        assert!(
            [StatusCode::CONFLICT, StatusCode::GONE].contains(&statuses[1]),
            "round {round}: {statuses:?}"
        );
        assert_eq!(users_of(&app, &customer.id).len(), 1, "round {round}");
        assert_eq!(accepted(&app, &token), Some(customer.id.clone()));
    }
}

#[tokio::test]
async fn two_invitations_racing_for_one_customers_first_admin_make_exactly_one() {
    let app = TestApp::spawn().await;
    for round in 0..ROUNDS {
        let customer = imported_customer(&app, &format!("Race Two Links {round}"));
        let first = InvitationBuilder::new(cast::FABRIKAM, "admin@fabrikam.example")
            .for_customer(&customer.tenant)
            .build(&app);
        let second = InvitationBuilder::new(cast::TREY, "admin@treyresearch.example")
            .for_customer(&customer.tenant)
            .build(&app);
        let (a, _, a_page) = open_anonymously(&app, &first).await;
        let (b, _, b_page) = open_anonymously(&app, &second).await;
        let (a_csrf, b_csrf) = (csrf_token(&a_page), csrf_token(&b_page));
        let (a_email, b_email) = (
            format!("first{round}@race.example"),
            format!("second{round}@race.example"),
        );
        let (a_path, b_path) = (
            format!("/invitations/{first}/first-admin"),
            format!("/invitations/{second}/first-admin"),
        );
        let (fa, fb) = (
            admin_form(&a_csrf, &a_email, "A"),
            admin_form(&b_csrf, &b_email, "B"),
        );
        let (ra, rb) = tokio::join!(a.post_form(&a_path, &fa), b.post_form(&b_path, &fb));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(statuses[0], StatusCode::SEE_OTHER, "round {round}");
        assert_eq!(statuses[1], StatusCode::CONFLICT, "round {round}");
        assert_eq!(users_of(&app, &customer.id).len(), 1, "round {round}");
        // Exactly one of the two was accepted: the loser's link still works, through sign-in.
        let used = [accepted(&app, &first), accepted(&app, &second)];
        assert_eq!(used.iter().flatten().count(), 1, "round {round}");
    }
}

#[tokio::test]
async fn two_sign_ups_with_one_link_at_once_make_exactly_one_customer() {
    let app = TestApp::spawn().await;
    for round in 0..ROUNDS {
        let token = InvitationBuilder::new(cast::CONTOSO, "admin@contoso.example").build(&app);
        let (a, _, a_page) = open_anonymously(&app, &token).await;
        let (b, _, b_page) = open_anonymously(&app, &token).await;
        let action = format!("/invitations/{token}/sign-up");
        let (a_csrf, b_csrf) = (csrf_token(&a_page), csrf_token(&b_page));
        let (ta, tb) = (new_tenant(), new_tenant());
        let names = [format!("Race A {round}"), format!("Race B {round}")];
        let domains = [
            format!("race-a-{round}.example"),
            format!("race-b-{round}.example"),
        ];
        let emails = [
            format!("sa{round}@race.example"),
            format!("sb{round}@race.example"),
        ];
        let before = customer_count(&app);
        let (fa, fb) = (
            sign_up_form(&a_csrf, &names[0], &domains[0], &ta, &emails[0]),
            sign_up_form(&b_csrf, &names[1], &domains[1], &tb, &emails[1]),
        );
        let (ra, rb) = tokio::join!(a.post_form(&action, &fa), b.post_form(&action, &fb));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::GONE],
            "round {round}"
        );
        assert_eq!(customer_count(&app), before + 1, "round {round}");
        let made: i64 = users::table
            .filter(users::email.eq_any(&emails))
            .count()
            .get_result(&mut *app.conn())
            .expect("count");
        assert_eq!(made, 1, "round {round}");
    }
}

#[tokio::test]
async fn two_sign_ups_of_one_named_tenant_by_two_links_make_exactly_one_customer() {
    let app = TestApp::spawn().await;
    for round in 0..ROUNDS {
        let tenant = new_tenant();
        let first = InvitationBuilder::new(cast::CONTOSO, "admin@contoso.example")
            .for_customer(&tenant)
            .build(&app);
        let second = InvitationBuilder::new(cast::TAILSPIN, "admin@tailspin.example")
            .for_customer(&tenant)
            .build(&app);
        let (a, _, a_page) = open_anonymously(&app, &first).await;
        let (b, _, b_page) = open_anonymously(&app, &second).await;
        let (a_csrf, b_csrf) = (csrf_token(&a_page), csrf_token(&b_page));
        let domains = [
            format!("twin-a-{round}.example"),
            format!("twin-b-{round}.example"),
        ];
        let emails = [
            format!("ta{round}@twin.example"),
            format!("tb{round}@twin.example"),
        ];
        let before = customer_count(&app);
        let (fa, fb) = (
            sign_up_form(&a_csrf, "Twin", &domains[0], &tenant, &emails[0]),
            sign_up_form(&b_csrf, "Twin", &domains[1], &tenant, &emails[1]),
        );
        let (pa, pb) = (
            format!("/invitations/{first}/sign-up"),
            format!("/invitations/{second}/sign-up"),
        );
        let (ra, rb) = tokio::join!(a.post_form(&pa, &fa), b.post_form(&pb, &fb));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(statuses[0], StatusCode::SEE_OTHER, "round {round}");
        // The loser finds the tenant taken (422), or, starting after the winner committed, the
        // invitation now naming a customer with a Global admin (409).
        assert!(
            [StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY].contains(&statuses[1]),
            "round {round}: {statuses:?}"
        );
        assert_eq!(customer_count(&app), before + 1, "round {round}");
    }
}
