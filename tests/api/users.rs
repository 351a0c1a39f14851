//! The users page (`/settings/users`) and set-password links (`/password/{token}`), black-box on
//! both backends: adding a user whose link is shown once and sets their password, role changes,
//! disabling (a live session ends), the last Global admin kept (also under concurrency), one link
//! used once (also under concurrency), unusable links, tenancy, CSRF, and the page in Polish.

use diesel::prelude::*;
use partnerdesk::db::schema::{audit_events, password_links, users};
use partnerdesk::domain::Role;
use reqwest::StatusCode;

use crate::fixtures::{CustomerBuilder, PartnerBuilder};
use crate::helpers::{PASSWORD, TestApp, attr, attrs, csrf_token, location, read, text};

const USERS: &str = "/settings/users";
const CONTOSO_GA: &str = "globaladmin@contoso.example";
const NEW_PASSWORD: &str = "a-new-password-42";

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The shown set-password link's path (`/password/…`), if the page shows one.
fn shown_link_path(html: &str) -> Option<String> {
    let url = attr(html, "input#new-link", "value")?;
    url.find("/password/").map(|at| url[at..].to_owned())
}

fn user_id(app: &TestApp, email: &str) -> String {
    app.user_of(email).0
}

fn role_of(app: &TestApp, email: &str) -> (String, bool) {
    users::table
        .filter(users::email.eq(email))
        .select((users::role, users::disabled))
        .first(&mut *app.conn())
        .expect("user")
}

fn password_hash(app: &TestApp, email: &str) -> String {
    users::table
        .filter(users::email.eq(email))
        .select(users::password_hash)
        .first(&mut *app.conn())
        .expect("user")
}

fn events(app: &TestApp, op: &str) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    audit_events::table
        .filter(audit_events::operation.eq(op))
        .order(audit_events::occurred_at.asc())
        .select((
            audit_events::actor_partner_id,
            audit_events::old_value,
            audit_events::new_value,
        ))
        .load(&mut *app.conn())
        .expect("events")
}

fn user_count(app: &TestApp) -> i64 {
    users::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

/// Adds a user through the page as the signed-in admin `admin`: the response.
async fn add(admin: &TestApp, email: &str, name: &str, role: &str) -> reqwest::Response {
    let token = admin.csrf(USERS).await;
    admin
        .post_form(
            USERS,
            &[
                ("email", email),
                ("display_name", name),
                ("role", role),
                ("csrf_token", &token),
            ],
        )
        .await
}

/// Adds a user and reads the link the list shows once: its path.
async fn add_and_take_link(admin: &TestApp, email: &str, role: &str) -> String {
    let r = add(admin, email, "New Person", role).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "adding {email}");
    assert_eq!(location(&r), USERS);
    let (_, html) = admin.get_html(USERS).await;
    shown_link_path(&html).expect("the new link is shown")
}

/// POSTs an action form of the users page (`role`, `disable`, `enable`, `password-link`).
async fn act(admin: &TestApp, user: &str, action: &str, role: Option<&str>) -> reqwest::Response {
    let token = admin.csrf(USERS).await;
    let mut form = vec![("csrf_token", token.as_str())];
    if let Some(role) = role {
        form.push(("role", role));
    }
    admin
        .post_form(&format!("{USERS}/{user}/{action}"), &form)
        .await
}

/// Opens a set-password link in `visitor`'s session and submits it: the response.
async fn set_password(
    visitor: &TestApp,
    link: &str,
    password: &str,
    confirm: &str,
) -> reqwest::Response {
    let (status, html) = visitor.get_html(link).await;
    assert_eq!(status, StatusCode::OK, "opening {link}");
    visitor
        .post_form(
            link,
            &[
                ("password", password),
                ("password_confirm", confirm),
                ("csrf_token", &csrf_token(&html)),
            ],
        )
        .await
}

// ---------------------------------------------------------------------------------------------
// Adding a user, the link, setting the password.

#[tokio::test]
async fn an_added_user_gets_a_link_shown_once_that_sets_their_password_and_signs_them_in() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let (status, html) = admin.get_html(USERS).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("sales@contoso.example"), "lists the staff");
    assert!(
        !html.contains("admin@litware.example"),
        "not another partner's"
    );
    assert!(
        html.contains(r#"href="/settings/users" aria-current="page""#),
        "the Settings link is in the navigation, current"
    );

    let link = add_and_take_link(&admin, "New.Person@Contoso.example ", "helpdesk_agent").await;
    let (_, again) = admin.get_html(USERS).await;
    assert_eq!(shown_link_path(&again), None, "the link is shown once");
    assert!(text(&again).contains("new.person@contoso.example"));
    assert!(
        text(&again).contains("Invited: has not set a password yet, link expires"),
        "its state"
    );
    assert_eq!(
        password_hash(&app, "new.person@contoso.example"),
        "!",
        "no usable password"
    );
    let r = app
        .new_session()
        .try_login("new.person@contoso.example", "!")
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Anyone holding the link sees for which account it is.
    let visitor = app.new_session();
    let (status, page) = visitor.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("new.person@contoso.example"));
    assert!(page.contains("Contoso Distribution"));

    // Refused passwords change nothing.
    let token = csrf_token(&page);
    for (password, confirm, says) in [
        ("short", "short", "at least 12 characters"),
        (
            NEW_PASSWORD,
            "something-else-42",
            "The two passwords differ",
        ),
        (
            "new.person@contoso.example",
            "new.person@contoso.example",
            "must not be your email",
        ),
    ] {
        let r = visitor
            .post_form(
                &link,
                &[
                    ("password", password),
                    ("password_confirm", confirm),
                    ("csrf_token", &token),
                ],
            )
            .await;
        let (status, _, body) = read(r).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert!(body.contains(says), "{says}");
    }
    assert_eq!(password_hash(&app, "new.person@contoso.example"), "!");

    let r = set_password(&visitor, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/customers", "signed in, to their first page");
    let (status, html) = visitor.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your password is set"), "says so once");

    // Single use.
    let (status, html) = app.new_session().get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("has been used"));
    // The new password signs in.
    let r = app
        .new_session()
        .try_login("new.person@contoso.example", NEW_PASSWORD)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Audited, and on the partner's activity log.
    let contoso = app.partner_id_of(4_100_001);
    let created = events(&app, "user.created");
    assert!(created.contains(&(
        Some(contoso.clone()),
        None,
        Some("new.person@contoso.example (helpdesk_agent)".to_owned())
    )));
    for op in ["user.password_link_created", "user.password_set"] {
        assert_eq!(
            events(&app, op),
            vec![(
                Some(contoso.clone()),
                None,
                Some("new.person@contoso.example".to_owned())
            )],
            "{op}"
        );
    }
    let (_, log) = admin.get_html("/activity").await;
    for words in ["User created", "Set-password link created", "Password set"] {
        assert!(log.contains(words), "{words} on /activity");
    }
    assert!(log.contains("new.person@contoso.example (Helpdesk agent)"));
}

#[tokio::test]
async fn a_duplicate_or_malformed_email_or_a_role_of_the_other_side_is_refused_with_the_form_kept()
{
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let before = user_count(&app);
    for (email, role, says) in [
        (
            "ADMIN@adatum.example",
            "sales_agent",
            "A user with email admin@adatum.example already exists",
        ),
        ("not-an-email", "sales_agent", "Enter an email address"),
        ("a@b", "sales_agent", "Enter an email address"),
        ("ok@contoso.example", "user", "Choose one of the roles"),
        ("ok@contoso.example", "wizard", "Choose one of the roles"),
    ] {
        let r = add(&admin, email, "Kept Name <b>", role).await;
        let (status, _, html) = read(r).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{email} {role}");
        assert!(html.contains(says), "{email}: {says}");
        assert_eq!(
            attr(&html, "input#display-name", "value").as_deref(),
            Some("Kept Name <b>"),
            "the form keeps its values"
        );
        assert_eq!(
            attr(&html, "input#email", "value").as_deref(),
            Some(email),
            "the form keeps its values"
        );
        assert!(!html.contains("Kept Name <b>"), "escaped");
    }
    assert_eq!(user_count(&app), before, "nothing created");
}

#[tokio::test]
async fn a_customer_global_admin_manages_only_its_own_users_with_its_sides_roles() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@adatum.example").await;
    let (status, html) = admin.get_html(USERS).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("user@adatum.example"));
    assert!(!html.contains("contoso.example"), "no partner staff");
    assert!(!html.contains("admin@woodgrove.example"), "no other tenant");
    let roles: Vec<String> = crate::helpers::attrs(&html, "select#role option", "value");
    assert_eq!(roles, ["global_admin", "billing_admin", "user"]);
    let link = add_and_take_link(&admin, "new@adatum.example", "user").await;
    let r = set_password(&app.new_session(), &link, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/", "a customer's user opens no admin page");
    // Adding a partner role to a customer is refused.
    let r = add(&admin, "agent@adatum.example", "", "admin_agent").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn roles_that_may_not_manage_users_get_403_with_the_reason() {
    let app = TestApp::spawn().await;
    for email in [
        "admin@contoso.example",
        "sales@contoso.example",
        "billing@adatum.example",
        "user@adatum.example",
    ] {
        let (_, status, html) = app.get_html_as(email, USERS).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(
            html.contains("Global admins can manage its users"),
            "{email}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Roles, disabling, the last Global admin.

#[tokio::test]
async fn a_role_change_is_saved_audited_and_limited_to_the_sides_roles() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let sales = user_id(&app, "sales@contoso.example");
    let r = act(&admin, &sales, "role", Some("admin_agent")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), USERS);
    assert_eq!(
        role_of(&app, "sales@contoso.example"),
        ("admin_agent".to_owned(), false)
    );
    let (_, html) = admin.get_html(USERS).await;
    assert!(html.contains("sales@contoso.example is now Admin agent"));
    assert_eq!(
        events(&app, "user.role_changed"),
        vec![(
            Some(app.partner_id_of(4_100_001)),
            Some("sales@contoso.example (sales_agent)".to_owned()),
            Some("sales@contoso.example (admin_agent)".to_owned())
        )]
    );
    // The same role again writes nothing; a role of the other side is refused.
    let r = act(&admin, &sales, "role", Some("admin_agent")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = act(&admin, &sales, "role", Some("user")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(events(&app, "user.role_changed").len(), 1);
    assert_eq!(role_of(&app, "sales@contoso.example").0, "admin_agent");
    let (_, log) = admin.get_html("/activity").await;
    assert!(log.contains("User role changed"));
    assert!(log.contains("sales@contoso.example (Sales agent)"));
}

#[tokio::test]
async fn disabling_a_user_ends_their_live_session_and_their_sign_in_until_enabled() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let sales_session = app.signed_in("sales@contoso.example").await;
    assert_eq!(
        sales_session.get("/customers").await.status(),
        StatusCode::OK
    );
    let sales = user_id(&app, "sales@contoso.example");

    let r = act(&admin, &sales, "disable", None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = sales_session.get("/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the next request");
    assert_eq!(
        location(&r),
        "/login?next=%2Fcustomers",
        "is sent to sign-in"
    );
    let r = app
        .new_session()
        .try_login("sales@contoso.example", PASSWORD)
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "cannot sign in");
    let (_, html) = admin.get_html(USERS).await;
    assert!(html.contains("Disabled"));
    assert_eq!(events(&app, "user.disabled").len(), 1);

    // No link for a disabled user.
    let r = act(&admin, &sales, "password-link", None).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let r = act(&admin, &sales, "enable", None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.new_session().login("sales@contoso.example").await;
    assert_eq!(events(&app, "user.enabled").len(), 1);
    let (_, log) = admin.get_html("/activity").await;
    assert!(log.contains("User disabled") && log.contains("User enabled"));
}

#[tokio::test]
async fn the_last_active_global_admin_can_be_neither_disabled_nor_demoted() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let me = user_id(&app, CONTOSO_GA);
    let audit_before = app.audit_count();
    for (action, role) in [("disable", None), ("role", Some("admin_agent"))] {
        let r = act(&admin, &me, action, role).await;
        let (status, _, html) = read(r).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}");
        assert!(
            html.contains("is the last active Global admin of your organization"),
            "{action}"
        );
    }
    assert_eq!(
        role_of(&app, CONTOSO_GA),
        ("global_admin".to_owned(), false)
    );
    assert_eq!(app.audit_count(), audit_before, "nothing changed");

    // A disabled Global admin does not count: made Global admin, then disabled.
    let other = user_id(&app, "admin@contoso.example");
    assert_eq!(
        act(&admin, &other, "role", Some("global_admin"))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(&admin, &other, "disable", None).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(&admin, &me, "role", Some("admin_agent")).await.status(),
        StatusCode::CONFLICT
    );
    // With another active Global admin, the admin may demote themself: home, no longer allowed.
    assert_eq!(
        act(&admin, &other, "enable", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = act(&admin, &me, "role", Some("admin_agent")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    assert_eq!(admin.get(USERS).await.status(), StatusCode::FORBIDDEN);
}

/// Two Global admins demoting (or disabling) each other at the same moment: exactly one wins and
/// one active Global admin remains, round after round, on both backends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_global_admins_demoting_each_other_at_once_never_leave_none() {
    let app = TestApp::spawn().await;
    const ROUNDS: usize = 12;
    let mut wins = 0;
    for n in 0..ROUNDS {
        let (a, b) = (
            format!("a{n}@racing.example"),
            format!("b{n}@racing.example"),
        );
        let customer = CustomerBuilder::new(&format!("Racing Users {n}"))
            .user(&a, Role::GlobalAdmin)
            .user(&b, Role::GlobalAdmin)
            .build(&app);
        let (sa, sb) = (app.signed_in(&a).await, app.signed_in(&b).await);
        let (ta, tb) = (sa.csrf(USERS).await, sb.csrf(USERS).await);
        let (ia, ib) = (user_id(&app, &a), user_id(&app, &b));
        let (action_a, action_b) = if n % 2 == 0 {
            ("role", "role")
        } else {
            ("disable", "role")
        };
        let form_a = [("csrf_token", ta.as_str()), ("role", "billing_admin")];
        let form_b = [("csrf_token", tb.as_str()), ("role", "billing_admin")];
        let path_a = format!("{USERS}/{ib}/{action_a}");
        let path_b = format!("{USERS}/{ia}/{action_b}");
        let (ra, rb) = tokio::join!(
            sa.post_form(&path_a, &form_a),
            sb.post_form(&path_b, &form_b)
        );
        // A change went through: 303 back to the list. A disabled admin's request is sent to
        // sign-in instead (its session ended); the other refusals are 403 (no longer a Global
        // admin) and 409 (the last one).
        let mut ok = 0;
        for r in [&ra, &rb] {
            let (status, to) = (r.status(), location(r));
            match status {
                StatusCode::SEE_OTHER if to == USERS => ok += 1,
                StatusCode::SEE_OTHER if to.starts_with("/login") => {}
                StatusCode::FORBIDDEN | StatusCode::CONFLICT => {}
                other => panic!("round {n}: {other} to {to:?}"),
            }
        }
        let active: i64 = users::table
            .filter(users::customer_id.eq(&customer.id))
            .filter(users::role.eq("global_admin"))
            .filter(users::disabled.eq(false))
            .count()
            .get_result(&mut *app.conn())
            .expect("count");
        assert_eq!(active, 1, "round {n}: one active Global admin remains");
        assert_eq!(ok, 1, "round {n}: exactly one change went through");
        wins += ok;
    }
    assert_eq!(wins, ROUNDS);
}

// ---------------------------------------------------------------------------------------------
// Links.

/// One link posted twice at the same moment, with different passwords: exactly one sets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_link_used_by_two_concurrent_posts_sets_the_password_exactly_once() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    for n in 0..8 {
        let email = format!("race{n}@contoso.example");
        let link = add_and_take_link(&admin, &email, "sales_agent").await;
        let (v1, v2) = (app.new_session(), app.new_session());
        let (_, p1) = v1.get_html(&link).await;
        let (_, p2) = v2.get_html(&link).await;
        let (t1, t2) = (csrf_token(&p1), csrf_token(&p2));
        let f1 = [
            ("password", "first-password-1"),
            ("password_confirm", "first-password-1"),
            ("csrf_token", t1.as_str()),
        ];
        let f2 = [
            ("password", "second-password-2"),
            ("password_confirm", "second-password-2"),
            ("csrf_token", t2.as_str()),
        ];
        let (r1, r2) = tokio::join!(v1.post_form(&link, &f1), v2.post_form(&link, &f2));
        let statuses = [r1.status(), r2.status()];
        assert!(
            statuses.contains(&StatusCode::SEE_OTHER) && statuses.contains(&StatusCode::GONE),
            "round {n}: {statuses:?}"
        );
        let winner = if r1.status() == StatusCode::SEE_OTHER {
            "first-password-1"
        } else {
            "second-password-2"
        };
        let loser = if winner.starts_with("first") {
            "second-password-2"
        } else {
            "first-password-1"
        };
        let session = app.new_session();
        assert_eq!(
            session.try_login(&email, loser).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            session.try_login(&email, winner).await.status(),
            StatusCode::SEE_OTHER
        );
        let set = events(&app, "user.password_set")
            .into_iter()
            .filter(|e| e.2.as_deref() == Some(email.as_str()))
            .count();
        assert_eq!(set, 1, "round {n}: one event");
    }
}

#[tokio::test]
async fn unknown_used_superseded_expired_and_disabled_links_say_which_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let first = add_and_take_link(&admin, "late@contoso.example", "sales_agent").await;
    let late = user_id(&app, "late@contoso.example");
    // A new link supersedes the first.
    assert_eq!(
        act(&admin, &late, "password-link", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = admin.get_html(USERS).await;
    let second = shown_link_path(&html).expect("the new link");
    assert_ne!(first, second);

    let visitor = app.new_session();
    let (_, page) = visitor.get_html("/login").await;
    let token = csrf_token(&page);
    let form = [
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
        ("csrf_token", token.as_str()),
    ];
    let unknown = format!("/password/{}", "ab".repeat(32));
    for (link, status, says) in [
        (first.as_str(), StatusCode::GONE, "was replaced"),
        (unknown.as_str(), StatusCode::NOT_FOUND, "is not valid"),
        (
            "/password/not-a-token",
            StatusCode::NOT_FOUND,
            "is not valid",
        ),
    ] {
        let (got, html) = visitor.get_html(link).await;
        assert_eq!(got, status, "GET {link}");
        assert!(html.contains(says), "{link}: {says}");
        let r = visitor.post_form(link, &form).await;
        assert_eq!(r.status(), status, "POST {link}");
    }
    // Expired.
    app.run_sql(&format!(
        "UPDATE password_links SET expires_at = '2020-01-01 00:00:00' WHERE user_id = '{late}'"
    ));
    let (got, html) = visitor.get_html(&second).await;
    assert_eq!(got, StatusCode::GONE);
    assert!(html.contains("has expired"));
    assert_eq!(
        visitor.post_form(&second, &form).await.status(),
        StatusCode::GONE
    );
    let (_, list) = admin.get_html(USERS).await;
    assert!(list.contains("no link works any more"));
    assert_eq!(password_hash(&app, "late@contoso.example"), "!");

    // A disabled user's link does not work.
    assert_eq!(
        act(&admin, &late, "password-link", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = admin.get_html(USERS).await;
    let third = shown_link_path(&html).expect("the new link");
    assert_eq!(
        act(&admin, &late, "disable", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let (got, html) = visitor.get_html(&third).await;
    assert_eq!(got, StatusCode::GONE);
    assert!(html.contains("is disabled"));
    assert_eq!(
        visitor.post_form(&third, &form).await.status(),
        StatusCode::GONE
    );
    assert_eq!(password_hash(&app, "late@contoso.example"), "!");
    let used: i64 = password_links::table
        .filter(password_links::used_at.is_not_null())
        .count()
        .get_result(&mut *app.conn())
        .expect("count");
    assert_eq!(used, 0, "no link was used");
    assert!(events(&app, "user.password_set").is_empty());
}

#[tokio::test]
async fn a_signed_in_visitor_may_use_a_link_and_becomes_its_user() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let link = add_and_take_link(&admin, "fresh@contoso.example", "billing_admin").await;
    let r = set_password(&admin, &link, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, home) = admin.get_html("/").await;
    assert!(
        home.contains("fresh@contoso.example"),
        "signed in as the new user"
    );
}

// ---------------------------------------------------------------------------------------------
// Tenancy, CSRF, words.

#[tokio::test]
async fn another_organizations_user_is_404_like_a_missing_one() {
    let app = TestApp::spawn().await;
    let litware_admin = user_id(&app, "admin@litware.example");
    let adatum_user = user_id(&app, "user@adatum.example");
    let contoso_sales = user_id(&app, "sales@contoso.example");
    let missing = partnerdesk::db::ids::UserId::generate().to_string();
    let contoso = app.signed_in(CONTOSO_GA).await;
    let adatum = app.signed_in("admin@adatum.example").await;
    let before = app.audit_count();
    for (admin, user) in [
        (&contoso, &litware_admin),
        (&contoso, &adatum_user),
        (&contoso, &missing),
        (&adatum, &contoso_sales),
    ] {
        for (action, role) in [
            ("role", Some("billing_admin")),
            ("role", Some("nonsense")),
            ("disable", None),
            ("enable", None),
            ("password-link", None),
        ] {
            let r = act(admin, user, action, role).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{action} {user}");
        }
    }
    assert_eq!(app.audit_count(), before);
    assert_eq!(role_of(&app, "admin@litware.example").0, "admin_agent");
    let r = act(&contoso, "not-a-uuid", "disable", None).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_post_needs_its_csrf_token() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in(CONTOSO_GA).await;
    let link = add_and_take_link(&admin, "csrf@contoso.example", "sales_agent").await;
    let sales = user_id(&app, "sales@contoso.example");
    let before = (app.audit_count(), user_count(&app));
    let paths = [
        USERS.to_owned(),
        format!("{USERS}/{sales}/role"),
        format!("{USERS}/{sales}/disable"),
        format!("{USERS}/{sales}/enable"),
        format!("{USERS}/{sales}/password-link"),
        link.clone(),
    ];
    for path in &paths {
        for token in [None, Some("0".repeat(64))] {
            let mut form = vec![
                ("email", "csrf2@contoso.example"),
                ("role", "billing_admin"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ];
            if let Some(t) = &token {
                form.push(("csrf_token", t));
            }
            let r = admin.post_form(path, &form).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path} {token:?}");
            // Anonymous too, for the link.
            let r = app.new_session().post_form(path, &form).await;
            assert!(
                [StatusCode::FORBIDDEN, StatusCode::SEE_OTHER].contains(&r.status()),
                "{path}"
            );
        }
    }
    assert_eq!((app.audit_count(), user_count(&app)), before);
    assert_eq!(password_hash(&app, "csrf@contoso.example"), "!");
    assert_eq!(
        role_of(&app, "sales@contoso.example"),
        ("sales_agent".to_owned(), false)
    );
}

#[tokio::test]
async fn the_users_page_and_a_link_speak_polish() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@adatum.example").await;
    let (status, html) = admin.get_html_in(USERS, "pl").await;
    assert_eq!(status, StatusCode::OK);
    for words in [
        "Użytkownicy",
        "Dodaj użytkownika",
        "Administrator globalny",
        "Administrator rozliczeń",
        "Aktywny",
        "Zmień rolę",
        "Ustawienia",
    ] {
        assert!(html.contains(words), "{words}");
    }
    let link = add_and_take_link(&admin, "pl@adatum.example", "billing_admin").await;
    let (_, page) = app.new_session().get_html_in(&link, "pl").await;
    assert!(page.contains("Ustaw hasło dla pl@adatum.example"));
    assert!(page.contains("Adatum Corporation"));
}

#[tokio::test]
async fn a_partner_added_by_the_builder_has_its_own_users_page() {
    let app = TestApp::spawn().await;
    PartnerBuilder::reseller("Users Reseller")
        .user("ga@usersreseller.example", Role::GlobalAdmin)
        .build(&app);
    let (_, status, html) = app.get_html_as("ga@usersreseller.example", USERS).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("ga@usersreseller.example"));
    assert!(!html.contains("contoso.example"));
}

/// The add form's role starts at the side's least role, never at Global admin: a user added in
/// haste gets the fewest rights, not all of them.
#[tokio::test]
async fn the_add_form_starts_at_the_least_role_of_the_side() {
    let app = TestApp::spawn().await;
    for (admin, least) in [
        (CONTOSO_GA, "billing_admin"),
        ("admin@adatum.example", "user"),
    ] {
        let (_, _, page) = app.get_html_as(admin, USERS).await;
        assert_eq!(
            attrs(&page, "#role option[selected]", "value"),
            [least],
            "{admin}"
        );
    }
}
