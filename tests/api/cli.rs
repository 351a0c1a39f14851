//! `partnerdesk user add`, through the domain function behind it.

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::schema::users;
use partnerdesk::domain::accounts::{NewUserError, add_user};
use reqwest::StatusCode;

use crate::helpers::{TEST_ARGON2, TestApp};

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
