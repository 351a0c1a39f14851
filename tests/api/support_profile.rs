//! The support profile page (issue 14): partner Global admins and admin agents edit what their
//! customers see; every field is checked (422, the form kept, nothing stored), the change is
//! audited in words, a concurrent edit is not overwritten unseen, and the customer's Support page
//! shows the new profile at once.

use diesel::prelude::*;
use partnerdesk::db::schema::{audit_events, partners};
use reqwest::StatusCode;

use crate::helpers::{TestApp, attr, csrf_token, location, text};

const PAGE: &str = "/settings/support-profile";
const CHANGED: &str = "partner.support_profile_changed";

/// (email, phone, website, hours) stored for a partner.
fn profile(app: &TestApp, mpn: i32) -> (String, String, String, String) {
    partners::table
        .filter(partners::mpn_id.eq(mpn))
        .select((
            partners::support_email,
            partners::support_phone,
            partners::support_website,
            partners::support_hours,
        ))
        .first(&mut *app.conn())
        .expect("profile")
}

fn changes(app: &TestApp) -> Vec<(Option<String>, Option<String>)> {
    audit_events::table
        .filter(audit_events::operation.eq(CHANGED))
        .select((audit_events::old_value, audit_events::new_value))
        .load(&mut *app.conn())
        .expect("events")
}

fn value(html: &str, name: &str) -> String {
    attr(html, &format!("input[name={name}]"), "value").unwrap_or_default()
}

/// Submits the form of an open profile page with some fields replaced.
async fn submit(session: &TestApp, page: &str, set: &[(&str, &str)]) -> reqwest::Response {
    let mut form: Vec<(String, String)> = [
        "email",
        "phone",
        "website",
        "hours",
        "old_email",
        "old_phone",
        "old_website",
        "old_hours",
    ]
    .iter()
    .map(|f| ((*f).to_owned(), value(page, f)))
    .collect();
    for (k, v) in set {
        if let Some(pair) = form.iter_mut().find(|(name, _)| name == k) {
            pair.1 = (*v).to_owned();
        }
    }
    form.push(("csrf_token".to_owned(), csrf_token(page)));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    session.post_form(PAGE, &pairs).await
}

#[tokio::test]
async fn an_admin_agent_edits_the_profile_and_the_customer_sees_it_with_the_change_in_the_log() {
    let app = TestApp::spawn().await;
    let (contoso, status, page) = app.get_html_as("admin@contoso.example", PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(value(&page, "email"), "support@contoso.example");
    // The customer's card, previewed as the review page shows it.
    assert!(text(&page).contains("support@contoso.example"));
    assert!(crate::helpers::has(&page, ".support-card dd.partner"));
    // The settings link in the navigation leads here.
    assert!(crate::helpers::has_link(&page, PAGE));

    let r = submit(
        &contoso,
        &page,
        &[
            ("email", " help@contoso.example "),
            ("phone", "+48  22 (123)  45-67"),
            ("website", "https://help.contoso.example/desk"),
            ("hours", "24/7"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), PAGE);
    assert_eq!(
        profile(&app, 4_100_001),
        (
            "help@contoso.example".to_owned(),
            "+48 22 (123) 45-67".to_owned(),
            "https://help.contoso.example/desk".to_owned(),
            "24/7".to_owned()
        )
    );
    let (_, after) = contoso.get_html(PAGE).await;
    assert!(
        text(&after).contains("Support profile saved"),
        "{}",
        text(&after)
    );

    // One event, with old and new values of the changed fields.
    let events = changes(&app);
    assert_eq!(events.len(), 1);
    let old = events[0].0.clone().unwrap_or_default();
    assert!(
        old.contains("support@contoso.example") && old.contains("+1 425 555 0100"),
        "{old}"
    );

    // The activity log words it, in both languages.
    let (_, log) = contoso.get_html("/activity").await;
    let words = text(&log);
    assert!(words.contains("Support profile changed"), "{words}");
    assert!(
        words.contains("Support email: support@contoso.example"),
        "{words}"
    );
    assert!(
        words.contains("Support phone: +48 22 (123) 45-67"),
        "{words}"
    );
    let (_, log_pl) = contoso.get_html_in("/activity", "pl").await;
    let words = text(&log_pl);
    assert!(
        words.contains("Zmiana profilu pomocy technicznej"),
        "{words}"
    );
    assert!(
        words.contains("Telefon pomocy technicznej: +48 22 (123) 45-67"),
        "{words}"
    );

    // Adatum's admin sees the new profile on the next load of the Support page.
    let (_, status, support) = app
        .get_html_as("admin@adatum.example", "/admin/support")
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&support);
    assert!(words.contains("help@contoso.example"), "{words}");
    assert!(words.contains("+48 22 (123) 45-67"), "{words}");
    assert!(!words.contains("support@contoso.example"), "{words}");
}

#[tokio::test]
async fn bad_fields_come_back_with_422_a_message_each_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let before = profile(&app, 4_100_001);
    let (contoso, _, page) = app.get_html_as("globaladmin@contoso.example", PAGE).await;
    let cases: &[(&str, &str, &str)] = &[
        ("email", "not-an-email", "#email-error"),
        ("email", "", "#email-error"),
        ("phone", "0048 22 123 45 67", "#phone-error"),
        ("phone", "+48 22", "#phone-error"),
        ("phone", "+48 22 123 45 67 89 01 23", "#phone-error"),
        (
            "website",
            "http://support.contoso.example",
            "#website-error",
        ),
        ("website", "https://localhost", "#website-error"),
        ("website", "javascript:alert(1)", "#website-error"),
        ("hours", &"x".repeat(201), "#hours-error"),
        ("hours", "Mon\u{7}Fri", "#hours-error"),
    ];
    for (field, bad, error) in cases {
        let set = if *field == "hours" {
            vec![(*field, *bad)]
        } else {
            vec![(*field, *bad), ("hours", "kept hours")]
        };
        let r = submit(&contoso, &page, &set).await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} {bad:?}"
        );
        let html = r.text().await.expect("body");
        assert!(crate::helpers::has(&html, error), "{field} {bad:?}");
        assert_eq!(
            attr(&html, &format!("input[name={field}]"), "aria-invalid").as_deref(),
            Some("true")
        );
        if *field != "hours" {
            // The form keeps what was typed.
            assert_eq!(value(&html, field), bad.trim(), "{field}");
            assert_eq!(value(&html, "hours"), "kept hours");
        }
    }
    // Several at once: each named.
    let r = submit(
        &contoso,
        &page,
        &[("email", "x"), ("phone", "1"), ("website", "ftp://a.b")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    for id in ["#email-error", "#phone-error", "#website-error"] {
        assert!(crate::helpers::has(&html, id), "{id}");
    }
    assert_eq!(profile(&app, 4_100_001), before);
    assert!(changes(&app).is_empty());
}

#[tokio::test]
async fn the_second_of_two_admins_editing_at_once_sees_the_first_change_instead_of_overwriting_it()
{
    let app = TestApp::spawn().await;
    let (first, _, first_page) = app.get_html_as("admin@contoso.example", PAGE).await;
    let (second, _, second_page) = app.get_html_as("globaladmin@contoso.example", PAGE).await;
    let r = submit(&first, &first_page, &[("hours", "first hours")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = submit(&second, &second_page, &[("hours", "second hours")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.expect("body");
    assert!(
        text(&html).contains("Someone changed the support profile"),
        "{}",
        text(&html)
    );
    // The form now shows the first admin's values, ready to submit again.
    assert_eq!(value(&html, "hours"), "first hours");
    assert_eq!(value(&html, "old_hours"), "first hours");
    assert_eq!(profile(&app, 4_100_001).3, "first hours");
    assert_eq!(changes(&app).len(), 1);
    let r = submit(&second, &html, &[("hours", "second hours")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(profile(&app, 4_100_001).3, "second hours");
}

#[tokio::test]
async fn roles_without_the_permission_are_refused_and_the_post_needs_its_csrf_token() {
    let app = TestApp::spawn().await;
    for email in [
        "helpdesk@contoso.example",
        "sales@contoso.example",
        "billing@contoso.example",
        "admin@adatum.example",
    ] {
        let (session, status, html) = app.get_html_as(email, PAGE).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(
            text(&html).contains("Only Global admins and admin agents"),
            "{email}"
        );
        let r = session
            .post_form(
                PAGE,
                &[("email", "x@y.example"), ("csrf_token", &csrf_token(&html))],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email}");
    }
    let r = app.get(PAGE).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A reseller's admin agent edits its own profile.
    let (fabrikam, status, page) = app.get_html_as("admin@fabrikam.example", PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(value(&page, "email"), "support@fabrikam.example");

    let before = profile(&app, 4_200_001);
    let form = [
        ("email", "new@fabrikam.example"),
        ("old_email", "support@fabrikam.example"),
    ];
    let r = fabrikam.post_form(PAGE, &form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no token");
    let mut forged = form.to_vec();
    forged.push(("csrf_token", "forged"));
    let r = fabrikam.post_form(PAGE, &forged).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a wrong token");
    assert_eq!(profile(&app, 4_200_001), before);
}

#[tokio::test]
async fn the_page_speaks_polish() {
    let app = TestApp::spawn().await;
    let session = app.signed_in("admin@contoso.example").await;
    let (status, html) = session.get_html_in(PAGE, "pl").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&html);
    assert!(words.contains("Profil pomocy technicznej"), "{words}");
    assert!(words.contains("Co teraz widzą Twoi klienci"), "{words}");
    assert!(
        words.contains("Zapisz profil pomocy technicznej"),
        "{words}"
    );
}
