//! `partnerdesk org add` and `user add`: the real binary from an empty database, and the domain
//! function behind `user add`.

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::schema::{audit_events, partners, users};
use partnerdesk::domain::accounts::{NewUserError, add_user};
use reqwest::StatusCode;

use crate::helpers::{Spawn, TEST_ARGON2, TestApp, run_cli};

#[tokio::test]
async fn add_user_refuses_bad_input_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    let adatum_tenant = app.tenant_of("Adatum Corporation");
    let unknown_tenant = uuid::Uuid::new_v4().to_string();
    let count = || {
        users::table
            .count()
            .get_result::<i64>(&mut *app.conn())
            .expect("users")
    };
    let (users_before, audit_before) = (count(), app.audit_count());

    let cases: [(&str, &str, &str, &str, &str); 8] = [
        (
            "password under 12 characters",
            "new.agent@contoso.example",
            "4100001",
            "helpdesk_agent",
            "elevenchars",
        ),
        (
            "password is the email",
            "new.agent@contoso.example",
            "4100001",
            "helpdesk_agent",
            "new.agent@contoso.example",
        ),
        (
            "password is the email, other case",
            "new.agent@contoso.example",
            "4100001",
            "helpdesk_agent",
            "New.Agent@Contoso.Example",
        ),
        (
            "unknown PartnerID",
            "new.agent@contoso.example",
            "4999999",
            "helpdesk_agent",
            "a-long-enough-password",
        ),
        (
            "unknown tenant",
            "new.agent@contoso.example",
            &unknown_tenant,
            "global_admin",
            "a-long-enough-password",
        ),
        (
            "customer role for a partner",
            "new.agent@contoso.example",
            "4100001",
            "user",
            "a-long-enough-password",
        ),
        (
            "partner role for a customer",
            "new.admin@adatum.example",
            &adatum_tenant,
            "helpdesk_agent",
            "a-long-enough-password",
        ),
        (
            "duplicate email",
            "Helpdesk@Contoso.example",
            "4100001",
            "helpdesk_agent",
            "a-long-enough-password",
        ),
    ];
    for (what, email, org, role, password) in cases {
        let result = add_user(&mut app.conn(), &hasher, email, None, org, role, password);
        match result {
            Err(NewUserError::Invalid(message)) => assert!(!message.is_empty(), "{what}"),
            other => panic!("{what}: expected a refusal, got {other:?}"),
        }
        assert_eq!(
            (count(), app.audit_count()),
            (users_before, audit_before),
            "{what} wrote something"
        );
    }
}

#[tokio::test]
async fn add_user_creates_a_user_who_can_sign_in() {
    let app = TestApp::spawn().await;
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    let password = "a-long-enough-password";
    add_user(
        &mut app.conn(),
        &hasher,
        "New.Agent@Contoso.example",
        Some("Nadia Novak"),
        "4100001",
        "helpdesk_agent",
        password,
    )
    .expect("a valid user");
    let (display_name, role): (String, String) = users::table
        .filter(users::email.eq("new.agent@contoso.example"))
        .select((users::display_name, users::role))
        .first(&mut *app.conn())
        .expect("stored with a normalized email");
    assert_eq!(
        (display_name.as_str(), role.as_str()),
        ("Nadia Novak", "helpdesk_agent")
    );

    let r = app.try_login("new.agent@contoso.example", password).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = app.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Nadia Novak"),
        "the header names the new user"
    );

    // A customer user, by tenant id.
    let tenant = app.tenant_of("Adatum Corporation");
    add_user(
        &mut app.conn(),
        &hasher,
        "it@adatum.example",
        None,
        &tenant,
        "billing_admin",
        password,
    )
    .expect("customer user");
    let customer = app.new_session();
    let r = customer.try_login("it@adatum.example", password).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = customer.get_html("/admin/support").await;
    assert_eq!(status, StatusCode::OK);
}

/// A fresh install: `migrate`, `org add`, `user add` for its first Global admin, and that admin
/// signs in. The organization's creation is in its activity log.
#[tokio::test]
async fn org_add_and_user_add_bootstrap_an_empty_database() {
    let app = TestApp::spawn_with(Spawn {
        no_demo: true,
        ..Spawn::default()
    })
    .await;
    let db = &app.database;
    let tenant = "6A1B6C3E-8E5B-4D3A-9B1C-2F0D7E6A5B4C";
    let added = run_cli(
        db,
        &[
            "org",
            "add",
            "--kind",
            "indirect_provider",
            "--name",
            " Zielona Dystrybucja ",
            "--partner-id",
            "5100001",
            "--tenant-id",
            tenant,
            "--country",
            "pl",
        ],
        "",
    );
    assert!(added.success, "org add: {}", added.stderr);
    assert!(
        added.stdout.contains("user add --org 5100001"),
        "{}",
        added.stdout
    );
    let (name, country, stored_tenant): (String, String, String) = partners::table
        .filter(partners::mpn_id.eq(5_100_001))
        .select((partners::name, partners::country, partners::tenant_id))
        .first(&mut *app.conn())
        .expect("the partner");
    assert_eq!(
        (name.as_str(), country.as_str(), stored_tenant.as_str()),
        (
            "Zielona Dystrybucja",
            "PL",
            "6a1b6c3e-8e5b-4d3a-9b1c-2f0d7e6a5b4c"
        )
    );

    let password = "a-long-enough-password";
    let user = run_cli(
        db,
        &[
            "user",
            "add",
            "--org",
            "5100001",
            "--role",
            "global_admin",
            "--email",
            "anna@zielona.example",
            "--name",
            "Anna Nowak",
        ],
        &format!("{password}\n"),
    );
    assert!(user.success, "user add: {}", user.stderr);
    let r = app.try_login("anna@zielona.example", password).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = app.get_html("/activity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Organization added"), "{page}");
    assert!(page.contains("User created"), "{page}");
}

/// `org add` refuses, with a message naming the field, a malformed or taken PartnerID or tenant
/// id, an unknown kind and a bad country, and writes nothing.
#[tokio::test]
async fn org_add_refuses_bad_or_taken_fields_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let adatum_tenant = app.tenant_of("Adatum Corporation");
    let contoso_tenant: String = partners::table
        .filter(partners::mpn_id.eq(4_100_001))
        .select(partners::tenant_id)
        .first(&mut *app.conn())
        .expect("Contoso");
    let fresh = uuid::Uuid::new_v4().to_string();
    let counts = || {
        let mut conn = app.conn();
        (
            partners::table
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("partners"),
            audit_events::table
                .count()
                .get_result::<i64>(&mut *conn)
                .expect("events"),
        )
    };
    let before = counts();
    let cases: [(&str, &str, &str, &str, &str); 7] = [
        (
            "a PartnerID is a number of 6 or 7 digits",
            "indirect_reseller",
            "12345",
            &fresh,
            "US",
        ),
        (
            "a PartnerID is a number of 6 or 7 digits",
            "indirect_reseller",
            "41000012",
            &fresh,
            "US",
        ),
        (
            "a tenant id is a GUID",
            "indirect_reseller",
            "4200099",
            "not-a-guid",
            "US",
        ),
        ("--kind must be one of", "reseller", "4200099", &fresh, "US"),
        (
            "two-letter ISO 3166 code",
            "direct_bill",
            "4200099",
            &fresh,
            "Poland",
        ),
        (
            "PartnerID 4100001 is already in partnerdesk",
            "direct_bill",
            "4100001",
            &fresh,
            "US",
        ),
        (
            "is already in partnerdesk",
            "direct_bill",
            "4200099",
            &adatum_tenant,
            "US",
        ),
    ];
    for (expected, kind, partner_id, tenant, country) in cases {
        let run = run_cli(
            &app.database,
            &[
                "org",
                "add",
                "--kind",
                kind,
                "--name",
                "New Partner",
                "--partner-id",
                partner_id,
                "--tenant-id",
                tenant,
                "--country",
                country,
            ],
            "",
        );
        assert!(!run.success, "{expected}: accepted");
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
        assert_eq!(counts(), before, "{expected}: wrote something");
    }
    let run = run_cli(
        &app.database,
        &[
            "org",
            "add",
            "--kind",
            "direct_bill",
            "--name",
            "New Partner",
            "--partner-id",
            "4200099",
            "--tenant-id",
            &contoso_tenant,
            "--country",
            "US",
        ],
        "",
    );
    assert!(
        run.stderr
            .contains(&format!("tenant id {contoso_tenant} is already")),
        "{}",
        run.stderr
    );
    assert_eq!(counts(), before);
}
