//! The activity log and its CSV export (issue 5 item 6): who sees it, what it says, its filters,
//! pages and the export.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use partnerdesk::db::DbConn;
use partnerdesk::db::ids::AuditEventId;
use partnerdesk::db::models::audit::{ActivityCursor, Operation};
use partnerdesk::db::models::partner::PartnershipState;
use partnerdesk::db::schema::{audit_events, customers};
use partnerdesk::domain::Role;
use partnerdesk::domain::activity::PageCursor;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::fixtures::{
    CustomerBuilder, Event, PartnerBuilder, Rel, Sub, UserBuilder, insert_event,
};
use crate::helpers::{
    TestApp, attr, attrs, count, has, has_link, link_texts, location, rel_link, text, text_of,
    texts,
};

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const CONTOSO: i32 = 4_100_001;
const FABRIKAM: i32 = 4_200_001;
const LITWARE: i32 = 4_100_002;
const CSV_HEADER: &str = "Time (UTC),User,Organization,Customer,Customer Microsoft ID,Subscription ID,Product,Operation,Before,After";
const CSV_HEADER_PL: &str = "Czas (UTC),Użytkownik,Organizacja,Klient,Identyfikator Microsoft klienta,Identyfikator subskrypcji,Produkt,Operacja,Przed,Po";

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

fn insert_into(conn: &mut DbConn, e: &Event<'_>) {
    insert_event(conn, e);
}

fn insert(app: &TestApp, e: &Event<'_>) {
    insert_into(&mut app.conn(), e);
}

/// `count` user.created events of Contoso (no user: "System"), at `at` each, with new values
/// `{prefix}{n}@contoso.example (admin_agent)`.
fn insert_many(app: &TestApp, count: usize, at: NaiveDateTime, prefix: &str) {
    let contoso = app.partner_id_of(CONTOSO);
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for n in 0..count {
            let new = format!("{prefix}{n}@contoso.example (admin_agent)");
            insert_into(
                conn,
                &Event {
                    at,
                    actor_partner: Some(&contoso),
                    op: Operation::UserCreated.as_str(),
                    new: Some(&new),
                    ..Event::default()
                },
            );
        }
        Ok(())
    })
    .expect("insert events");
}

/// helpdesk@contoso assigns Fabrikam on Adatum's Office 365 Business Standard, in its own session.
async fn assign_fabrikam(app: &TestApp) {
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let r = helpdesk.assign(&path, &FABRIKAM.to_string()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "assignment failed");
}

/// The words of the page's table of events only (not the filters' choices).
fn table_text(html: &str) -> String {
    text_of(html, "table").unwrap_or_default()
}

/// Number of event rows on an activity page.
fn rows(html: &str) -> usize {
    count(html, "table.activity tbody tr")
}

/// Parses RFC 4180 CSV (CRLF records, quoted fields with doubled quotes).
fn parse_csv(body: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else {
            match c {
                '"' => {
                    assert!(
                        field.is_empty(),
                        "quote inside an unquoted field: {field:?}"
                    );
                    quoted = true;
                }
                ',' => record.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF outside quotes");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                '\n' => panic!("bare LF outside quotes"),
                _ => field.push(c),
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "last record not terminated by CRLF"
    );
    records
}

/// The export's status, type, disposition and text (its byte order mark checked and dropped).
async fn csv(app: &TestApp, query: &str) -> (StatusCode, String, String, String) {
    csv_in(app, query, "en").await
}

/// [`csv`] for a browser that asks for `accept_language`.
async fn csv_in(
    app: &TestApp,
    query: &str,
    accept_language: &str,
) -> (StatusCode, String, String, String) {
    let r = app
        .client
        .get(app.url(&format!("/activity.csv{query}")))
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("GET");
    let status = r.status();
    let header = |name| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, disposition) = (header(CONTENT_TYPE), header(CONTENT_DISPOSITION));
    let mut body = r.text().await.expect("body");
    if status == StatusCode::OK {
        // Excel needs the byte order mark to read UTF-8 (else Polish letters come out garbled).
        assert!(body.starts_with('\u{feff}'), "no byte order mark: {body:?}");
        body.remove(0);
    }
    (status, content_type, disposition, body)
}

/// The CSV's data records (header checked and dropped).
async fn csv_records(app: &TestApp, query: &str) -> Vec<Vec<String>> {
    let (status, content_type, _, body) = csv(app, query).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let mut records = parse_csv(&body);
    assert_eq!(records.remove(0).join(","), CSV_HEADER);
    for r in &records {
        assert_eq!(r.len(), 10, "{r:?}");
    }
    records
}

// ---------------------------------------------------------------------------------------------
// Who sees what.

/// An operation written by a newer version is shown by its stored name, its values as stored,
/// on both backends: the log reads it rather than failing (every other stored word it does not
/// know is an error).
#[tokio::test]
async fn an_operation_this_version_does_not_know_is_shown_by_its_name() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    insert(
        &app,
        &Event {
            at: at(2021, 5, 6, 7, 8, 9),
            actor_partner: Some(&contoso),
            op: "something.new",
            old: Some("before-value"),
            new: Some("after-value"),
            ..Event::default()
        },
    );
    let (_, status, page) = app.get_html_as("admin@contoso.example", "/activity").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("1 event"), "{words}");
    assert!(
        words.contains("May 6, 2021, 7:08 AM UTC System Contoso Distribution"),
        "{words}"
    );
    assert!(words.contains("something.new"), "{words}");
    assert!(words.contains("before-value → after-value"), "{words}");
}

#[tokio::test]
async fn admins_see_the_assignment_in_words_newest_first() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let (admin_id, _) = app.user_of("admin@contoso.example");
    insert(
        &app,
        &Event {
            at: at(2020, 1, 2, 9, 30, 0),
            user: Some(&admin_id),
            actor_partner: Some(&contoso),
            op: Operation::InvitationCreated.as_str(),
            new: Some("delegated_admin"),
            ..Event::default()
        },
    );
    assign_fabrikam(&app).await;
    let (_, helpdesk_name) = app.user_of("helpdesk@contoso.example");
    let contoso_id = app.partner_id_of(CONTOSO);
    let fabrikam_id = app.partner_id_of(FABRIKAM);

    for email in ["admin@contoso.example", "globaladmin@contoso.example"] {
        let (_, status, page) = app.get_html_as(email, "/activity").await;
        assert_eq!(status, StatusCode::OK, "{email}");
        let words = text(&page);
        assert!(words.contains("2 events"), "{email}: {words}");
        let assignment = words
            .find("Designated support contact assigned")
            .expect("the assignment");
        let invitation = words.find("Invitation created").expect("the invitation");
        assert!(assignment < invitation, "newest first: {words}");
        assert!(
            words.contains("Contoso Distribution → Fabrikam Solutions"),
            "{words}"
        );
        assert!(
            words.contains(&format!("{helpdesk_name} Contoso Distribution")),
            "{words}"
        );
        assert!(words.contains(ADATUM) && words.contains(O365), "{words}");
        assert!(
            has_link(&page, &format!("/customers/{}", app.tenant_of(ADATUM))),
            "customer linked"
        );
        assert!(
            words.contains("Jan 2, 2020, 9:30 AM UTC Marcus Oyelaran Contoso Distribution"),
            "{words}"
        );
        assert!(
            words.contains("reseller relationship with delegated admin privileges"),
            "{words}"
        );
        assert!(
            has(&page, "time[datetime='2020-01-02T09:30:00Z']"),
            "machine-readable time"
        );
        assert!(
            !page.contains(&contoso_id) && !page.contains(&fabrikam_id),
            "partner ids shown instead of names"
        );
        // The customer filter is a labelled text field (a tenant id or a name), not a list of
        // every customer.
        assert!(
            has(&page, "label[for=customer]")
                && has(&page, "input#customer[name=customer][type=text][value='']"),
            "customer filter field"
        );
        assert!(!has(&page, "select#customer"), "customer select");
    }
}

#[tokio::test]
async fn each_organization_sees_only_the_events_that_concern_it() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let litware = app.partner_id_of(LITWARE);
    let (admin_id, _) = app.user_of("admin@contoso.example");
    let (litware_admin, _) = app.user_of("admin@litware.example");
    // Contoso alone: Fabrikam must not see it.
    insert(
        &app,
        &Event {
            at: at(2025, 6, 1, 8, 0, 0),
            user: Some(&admin_id),
            actor_partner: Some(&contoso),
            op: Operation::InvitationRevoked.as_str(),
            old: Some("pending"),
            new: Some("revoked"),
            ..Event::default()
        },
    );
    // Litware's own: only Litware sees it.
    let woodgrove = app.customer_id_of("Woodgrove Bank");
    insert(
        &app,
        &Event {
            at: at(2025, 6, 2, 8, 0, 0),
            user: Some(&litware_admin),
            actor_partner: Some(&litware),
            customer: Some(&woodgrove),
            op: Operation::RelationshipRemoved.as_str(),
            old: Some("active"),
            new: Some("removed"),
            ..Event::default()
        },
    );
    assign_fabrikam(&app).await;

    let (fabrikam, status, page) = app.get_html_as("admin@fabrikam.example", "/activity").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("1 event,"), "{words}");
    assert!(
        words.contains("Contoso Distribution → Fabrikam Solutions"),
        "{words}"
    );
    assert!(!table_text(&page).contains("Invitation revoked"), "{words}");
    assert!(!table_text(&page).contains("Woodgrove"), "{words}");
    let records = csv_records(&fabrikam, "").await;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0][7], "Designated support contact assigned");

    let (litware, status, page) = app.get_html_as("admin@litware.example", "/activity").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("1 event,"), "{words}");
    assert!(
        words.contains("Relationship removed") && words.contains("Woodgrove Bank"),
        "{words}"
    );
    assert!(
        !table_text(&page).contains(ADATUM) && !table_text(&page).contains("Fabrikam"),
        "{words}"
    );
    let records = csv_records(&litware, "").await;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0][3], "Woodgrove Bank");
    assert_eq!(records[0][8..], ["active", "removed"]);

    let contoso_admin = app.signed_in("admin@contoso.example").await;
    let words = text(&contoso_admin.get_html("/activity").await.1);
    assert!(words.contains("2 events"), "{words}");
    assert!(!words.contains("Woodgrove"), "{words}");

    // A partner with no events sees an empty log that says so.
    let (tailspin, status, page) = app.get_html_as("admin@tailspin.example", "/activity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&page).contains("Nothing has happened in your organization yet"),
        "{}",
        text(&page)
    );
    assert_eq!(csv_records(&tailspin, "").await.len(), 0);
}

#[tokio::test]
async fn roles_without_the_activity_log_are_refused() {
    let app = TestApp::spawn().await;
    assign_fabrikam(&app).await;
    for email in [
        "helpdesk@contoso.example",
        "sales@contoso.example",
        "billing@contoso.example",
        "admin@adatum.example",
        "billing@adatum.example",
        "user@adatum.example",
    ] {
        let user = app.signed_in(email).await;
        for path in [
            "/activity",
            "/activity.csv",
            "/activity.csv?operation=user.created",
        ] {
            let r = user.get(path).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email} {path}");
            let body = r.text().await.expect("body");
            assert!(!body.contains("Fabrikam Solutions"), "{email} {path}");
            if path == "/activity" {
                assert!(
                    text(&body).contains("Only Global admins and admin agents"),
                    "{email}"
                );
            }
        }
        let (_, home) = user.get_html("/customers").await;
        assert!(
            !home.contains("href=\"/activity\""),
            "{email} is offered the activity log"
        );
    }
    // Signed out: to sign-in, coming back afterwards.
    let anonymous = app.new_session();
    for path in ["/activity", "/activity.csv"] {
        let r = anonymous.get(path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(location(&r).starts_with("/login?next="), "{}", location(&r));
    }
}

// ---------------------------------------------------------------------------------------------
// Filters and pages.

/// Contoso events around March 2026, each told apart by its new value.
fn insert_march(app: &TestApp) {
    let contoso = app.partner_id_of(CONTOSO);
    for (at, who) in [
        (at(2026, 2, 28, 23, 59, 59), "feb28"),
        (at(2026, 3, 1, 0, 0, 0), "mar01"),
        (at(2026, 3, 5, 23, 59, 59), "mar05"),
        (at(2026, 3, 6, 0, 0, 0), "mar06"),
    ] {
        let new = format!("{who}@contoso.example (helpdesk_agent)");
        insert(
            app,
            &Event {
                at,
                actor_partner: Some(&contoso),
                op: Operation::UserCreated.as_str(),
                new: Some(&new),
                ..Event::default()
            },
        );
    }
}

#[tokio::test]
async fn from_and_to_include_their_whole_days() {
    let app = TestApp::spawn().await;
    insert_march(&app);
    let admin = app.signed_in("admin@contoso.example").await;
    let (status, page) = admin
        .get_html("/activity?from=2026-03-01&to=2026-03-05")
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("2 events"), "{words}");
    assert!(
        words.contains("mar01@contoso.example (Helpdesk agent)")
            && words.contains("mar05@contoso.example"),
        "{words}"
    );
    assert!(
        !words.contains("feb28") && !words.contains("mar06"),
        "{words}"
    );
    assert!(
        words.contains("Mar 5, 2026, 11:59 PM UTC System Contoso Distribution — — User created"),
        "{words}"
    );
    // The form shows the filters; the CSV link keeps them.
    assert!(has(&page, "input[value='2026-03-01']") && has(&page, "input[value='2026-03-05']"));
    assert!(
        has_link(&page, "/activity.csv?from=2026-03-01&to=2026-03-05"),
        "CSV link"
    );
    let records = csv_records(&admin, "?from=2026-03-01&to=2026-03-05").await;
    let news: Vec<&str> = records.iter().map(|r| r[9].as_str()).collect();
    assert_eq!(
        news,
        [
            "mar05@contoso.example (Helpdesk agent)",
            "mar01@contoso.example (Helpdesk agent)"
        ]
    );
    assert_eq!(records[0][0], "2026-03-05 23:59:59");
    assert_eq!(records[0][1], "System");

    // One end only.
    let words = text(&admin.get_html("/activity?from=2026-03-06").await.1);
    assert!(
        words.contains("1 event,") && words.contains("mar06"),
        "{words}"
    );
    let words = text(&admin.get_html("/activity?to=2026-02-28").await.1);
    assert!(
        words.contains("1 event,") && words.contains("feb28"),
        "{words}"
    );
    // The same day at both ends.
    let words = text(
        &admin
            .get_html("/activity?from=2026-03-05&to=2026-03-05")
            .await
            .1,
    );
    assert!(
        words.contains("1 event,") && words.contains("mar05"),
        "{words}"
    );
    // Nothing in range: says so, and how to widen it.
    let (status, page) = admin
        .get_html("/activity?from=2026-04-01&to=2026-04-30")
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("No events match"), "{words}");
    assert!(words.contains("Widen the dates"), "{words}");
    assert!(has_link(&page, "/activity"), "a way to clear");
}

#[tokio::test]
async fn customer_and_operation_filters_narrow_the_log() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let adatum = app.customer_id_of(ADATUM);
    let (admin_id, _) = app.user_of("admin@contoso.example");
    // Another Contoso customer.
    let (other_id, other_name, other_tenant): (String, String, String) = customers::table
        .filter(customers::company_name.ne(ADATUM))
        .filter(customers::company_name.ne("Woodgrove Bank"))
        .order(customers::company_name.asc())
        .select((customers::id, customers::company_name, customers::tenant_id))
        .first(&mut *app.conn())
        .unwrap();
    for (customer, op, old, new, day) in [
        (
            &adatum,
            Operation::RelationshipRemoved.as_str(),
            "active",
            "removed",
            1,
        ),
        (
            &other_id,
            Operation::RelationshipRemoved.as_str(),
            "active",
            "removed",
            2,
        ),
        (
            &other_id,
            Operation::RelationshipAccepted.as_str(),
            "none",
            "active+delegated_admin",
            3,
        ),
    ] {
        insert(
            &app,
            &Event {
                at: at(2025, 1, day, 10, 0, 0),
                user: Some(&admin_id),
                actor_partner: Some(&contoso),
                customer: Some(customer),
                op,
                old: Some(old),
                new: Some(new),
                ..Event::default()
            },
        );
    }
    assign_fabrikam(&app).await;
    let admin = app.signed_in("admin@contoso.example").await;

    let adatum_tenant = app.tenant_of(ADATUM);
    let (status, page) = admin
        .get_html(&format!("/activity?customer={adatum_tenant}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("2 events"), "{words}");
    assert!(!table_text(&page).contains(&other_name), "{words}");
    // The field names the customer found; the page says which one it is.
    assert!(
        attr(&page, "input#customer[type=text]", "value").as_deref() == Some(ADATUM),
        "the customer in the field"
    );
    assert!(
        words.contains(&format!(
            "Events about {ADATUM} (Microsoft ID {adatum_tenant})."
        )),
        "{words}"
    );
    // A tenant id in capitals is the same customer.
    let words = text(
        &admin
            .get_html(&format!(
                "/activity?customer={}",
                adatum_tenant.to_uppercase()
            ))
            .await
            .1,
    );
    assert!(words.contains("2 events"), "{words}");

    let (status, page) = admin
        .get_html(&format!(
            "/activity?customer={other_tenant}&operation=relationship.accepted"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("1 event,"), "{words}");
    assert!(
        words.contains("Relationship accepted")
            && words.contains("no relationship → active, with delegated admin"),
        "{words}"
    );
    assert!(
        texts(&page, "option[value='relationship.accepted'][selected]")
            == ["Relationship accepted"],
        "selected operation"
    );
    assert!(
        has_link(
            &page,
            &format!("/activity.csv?customer={other_tenant}&operation=relationship.accepted")
        ),
        "CSV link keeps the filters"
    );

    let (_, page) = admin
        .get_html("/activity?operation=relationship.removed")
        .await;
    let words = text(&page);
    assert!(words.contains("2 events"), "{words}");
    assert!(
        !table_text(&page).contains("Designated support contact assigned"),
        "{words}"
    );

    // No list of customers: the operations and "All" are the operation filter's choices (the
    // user filter lists the organization's few users; customers are typed).
    let (_, page) = admin.get_html("/activity").await;
    assert_eq!(
        count(&page, "select#operation option[value]"),
        Operation::ALL.len() + 1
    );
    assert_eq!(count(&page, "select#customer"), 0);

    // A customer with no event of Contoso: empty, and says so.
    let woodgrove = app.tenant_of("Woodgrove Bank");
    let (status, page) = admin
        .get_html(&format!("/activity?customer={woodgrove}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("No events match"), "{words}");
    assert!(
        words.contains("No event of your organization concerns"),
        "{words}"
    );
    assert_eq!(
        csv_records(&admin, &format!("?customer={woodgrove}"))
            .await
            .len(),
        0
    );
}

#[tokio::test]
async fn invalid_filters_are_answered_400_with_a_clear_page() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@contoso.example").await;
    for (query, says) in [
        ("from=2026-13-01", "YYYY-MM-DD"),
        ("from=yesterday", "YYYY-MM-DD"),
        ("to=2026-02-30", "YYYY-MM-DD"),
        ("to=2026-3-5", "YYYY-MM-DD"),
        ("from=2026-03-06&to=2026-03-05", "after"),
        ("customer=not-a-guid", "Microsoft ID"),
        ("operation=bogus", "operation filter"),
        ("operation=Invitation%20created", "operation filter"),
        ("after=0", "page link is damaged"),
        ("after=x", "page link is damaged"),
        ("before=-1", "page link is damaged"),
        ("after=0100&before=0100", "page link is damaged"),
    ] {
        for path in ["/activity", "/activity.csv"] {
            let r = admin.get(&format!("{path}?{query}")).await;
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}?{query}");
            let content_type = r
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert!(content_type.starts_with("text/html"), "{content_type}");
            let words = text(&r.text().await.expect("body"));
            assert!(words.contains(says), "{path}?{query}: {words}");
        }
    }
    // Empty values are no filter.
    let (status, _) = admin
        .get_html("/activity?from=&to=&customer=&operation=&after=&before=")
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_page_shows_each_filter_problem_next_to_its_filter() {
    let app = TestApp::spawn().await;
    assign_fabrikam(&app).await;
    let admin = app.signed_in("admin@contoso.example").await;

    // Every problem at once, each by its field; the valid filter keeps its value; no events.
    let (status, page) = admin
        .get_html("/activity?from=yesterday&to=2026-03-05&customer=nope&operation=bogus")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for field in ["from", "customer", "operation"] {
        assert!(
            has(&page, &format!("p#{field}-error.field-error[role=alert]")),
            "{field}: {page}"
        );
        assert!(
            has(&page, &format!("#{field}[aria-describedby~={field}-error]")),
            "{field} described by its error"
        );
    }
    assert_eq!(count(&page, "[aria-invalid=true]"), 3, "{page}");
    assert!(
        has(&page, "input[value='2026-03-05']"),
        "the valid date kept"
    );
    assert_eq!(rows(&page), 0, "no events under filters that do not parse");
    let words = text(&page);
    assert!(words.contains("Correct the filter"), "{words}");
    assert!(has_link(&page, "/activity"), "a way to clear them");
    assert!(
        page.contains("Check the filters · Activity log"),
        "the title says so"
    );

    // Dates the wrong way round: both dates are marked, the message is under "To".
    let (status, page) = admin
        .get_html("/activity?from=2026-03-06&to=2026-03-05")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(count(&page, "[aria-invalid=true]"), 2, "{page}");
    assert!(has(&page, "#to-error"));
    assert!(
        text(&page).contains("(Mar 6, 2026) is after the “to” date (Mar 5, 2026)"),
        "{}",
        text(&page)
    );

    // Only the page link wrong: a way to the newest page of the same filters.
    let (status, page) = admin
        .get_html("/activity?operation=user.created&after=0000")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(has(&page, "div.alert.error[role=alert]"));
    assert!(
        has_link(&page, "/activity?operation=user.created"),
        "{page}"
    );
    assert!(!page.contains("aria-invalid"), "no filter is wrong");

    // A role without the log is refused, whatever the filters.
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let r = helpdesk.get("/activity?from=yesterday").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(!r.text().await.unwrap().contains(ADATUM));
}

#[tokio::test]
async fn polish_readers_get_the_log_and_the_export_in_polish() {
    let app = TestApp::spawn().await;
    assign_fabrikam(&app).await;
    let admin = app.signed_in("admin@contoso.example").await;
    let pl = "pl-PL,pl;q=0.9";

    let (status, page) = admin.get_html_in("/activity", pl).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&page, "html", "lang").as_deref(), Some("pl"));
    let words = text(&page);
    for expected in [
        "Dziennik aktywności",
        "1 zdarzenie, widoczne poniżej",
        "Przypisanie wyznaczonego kontaktu pomocy technicznej",
        "Contoso Distribution → Fabrikam Solutions",
        "Klient Identyfikator Microsoft klienta (identyfikator dzierżawy) lub początek nazwy firmy",
        "Wszystkie operacje",
        "Pobierz jako CSV",
        " UTC",
    ] {
        assert!(words.contains(expected), "{expected}: {words}");
    }
    for english in [
        "Designated support contact",
        "All customers",
        "company name",
        "event",
        "Who",
    ] {
        assert!(!words.contains(english), "{english} in Polish: {words}");
    }
    // The operations of the filter, in Polish too.
    assert!(
        texts(&page, "option[value='partnership.removed']") == ["Zakończenie partnerstwa"],
        "{page}"
    );

    // Polish plurals: 1 zdarzenie, 2 zdarzenia, 5 zdarzeń.
    insert_many(&app, 1, at(2025, 1, 1, 8, 0, 0), "two");
    let words = text(&admin.get_html_in("/activity", pl).await.1);
    assert!(words.contains("2 zdarzenia, wszystkie"), "{words}");
    assert!(
        words.contains("two0@contoso.example (Agent administracyjny)"),
        "the role in Polish: {words}"
    );
    assert!(words.contains("1 sty 2025, 8:00 UTC"), "{words}");
    insert_many(&app, 3, at(2025, 1, 1, 9, 0, 0), "five");
    let words = text(&admin.get_html_in("/activity", pl).await.1);
    assert!(words.contains("5 zdarzeń, wszystkie"), "{words}");
    let (_, page) = admin.get_html_in("/activity?from=2030-01-01", pl).await;
    let words = text(&page);
    assert!(words.contains("Brak pasujących zdarzeń"), "{words}");
    assert!(words.contains("Poszerz zakres dat"), "{words}");

    // The export: headers and words in Polish; times, ids and names as data.
    let (status, content_type, _, body) = csv_in(&admin, "", pl).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let records = parse_csv(&body);
    assert_eq!(records[0].join(","), CSV_HEADER_PL);
    let assignment = &records[1];
    assert_eq!(
        assignment[7],
        "Przypisanie wyznaczonego kontaktu pomocy technicznej"
    );
    assert_eq!(
        assignment[8..],
        ["Contoso Distribution", "Fabrikam Solutions"]
    );
    assert_eq!(assignment[4], app.tenant_of(ADATUM));
    assert!(
        NaiveDateTime::parse_from_str(&assignment[0], "%Y-%m-%d %H:%M:%S").is_ok(),
        "{}",
        assignment[0]
    );
    let created = records.last().unwrap();
    assert_eq!(created[0], "2025-01-01 08:00:00");
    assert_eq!(created[1], "System");
    assert_eq!(created[7], "Utworzenie użytkownika");
    assert_eq!(created[9], "two0@contoso.example (Agent administracyjny)");

    // A bad filter is explained in Polish, on the page and for the export.
    let (status, page) = admin.get_html_in("/activity?from=wczoraj", pl).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&page).contains("RRRR-MM-DD"), "{}", text(&page));
    let (status, _, _, body) = csv_in(&admin, "?operation=x", pl).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&body).contains("Filtr operacji"), "{}", text(&body));
}

#[tokio::test]
async fn sixty_events_make_two_pages_that_keep_the_filters() {
    let app = TestApp::spawn().await;
    insert_many(&app, 60, at(2025, 5, 5, 12, 0, 0), "bulk");
    assign_fabrikam(&app).await;
    let (admin, status, page) = app.get_html_as("admin@contoso.example", "/activity").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&page);
    assert!(words.contains("61 events, showing 1–50"), "{words}");
    assert_eq!(rows(&page), 50);
    assert!(
        pager_link(&page, "prev").is_none(),
        "a newer page of the newest"
    );
    let older = pager_link(&page, "next").expect("an Older link");
    assert!(older.starts_with("/activity?after="), "{older}");

    let (status, page) = admin.get_html(&older).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&page).contains("61 events, showing 51–61"),
        "{}",
        text(&page)
    );
    assert_eq!(rows(&page), 11);
    assert!(
        pager_link(&page, "next").is_none(),
        "an older page of the oldest"
    );
    let newer = pager_link(&page, "prev").expect("a Newer link");
    assert!(page.contains(">Newest</a>"), "a link to the newest page");
    let (_, back) = admin.get_html(&newer).await;
    assert!(
        text(&back).contains("61 events, showing 1–50"),
        "{}",
        text(&back)
    );
    assert_eq!(rows(&back), 50);

    // The two pages together hold every event once, and the links keep the filter.
    let mut seen = HashSet::new();
    let mut at = Some("/activity?operation=user.created".to_owned());
    let mut pages = 0;
    while let Some(path) = at {
        let (_, page) = admin.get_html(&path).await;
        pages += 1;
        for i in 0..60 {
            if text(&page).contains(&format!("bulk{i}@")) {
                assert!(seen.insert(i), "bulk{i} on two pages");
            }
        }
        at = pager_link(&page, "next");
        if let Some(next) = &at {
            assert!(
                next.starts_with("/activity?operation=user.created&after="),
                "the pager keeps the filter: {next}"
            );
        }
    }
    assert_eq!((pages, seen.len()), (2, 60));

    // Past the last event: still a page, and a way back.
    let oldest = oldest_cursor(&app);
    let (status, page) = admin
        .get_html(&format!("/activity?after={}", PageCursor::token(&oldest)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&page).contains("61 events, none on this page"),
        "{}",
        text(&page)
    );
    assert_eq!(rows(&page), 0);
    assert!(link_texts(&page, "/activity").contains(&"Go to the newest events".to_owned()));
}

/// The `href` of the pager's link with this `rel` (`next`: older, `prev`: newer).
fn pager_link(html: &str, rel: &str) -> Option<String> {
    rel_link(html, rel)
}

/// The position of Contoso's oldest event.
fn oldest_cursor(app: &TestApp) -> ActivityCursor {
    let contoso = app.partner_id_of(CONTOSO);
    let (occurred_at, id): (NaiveDateTime, String) = audit_events::table
        .filter(audit_events::actor_partner_id.eq(&contoso))
        .order((audit_events::occurred_at.asc(), audit_events::id.asc()))
        .select((audit_events::occurred_at, audit_events::id))
        .first(&mut *app.conn())
        .unwrap();
    ActivityCursor {
        occurred_at,
        id: AuditEventId::from(id),
    }
}

// ---------------------------------------------------------------------------------------------
// The export.

#[tokio::test]
async fn csv_export_is_an_attachment_with_the_rows_of_the_page() {
    let app = TestApp::spawn().await;
    insert_march(&app);
    assign_fabrikam(&app).await;
    let admin = app.signed_in("globaladmin@contoso.example").await;
    let (status, content_type, disposition, body) = csv(&admin, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let today = chrono::Utc::now().date_naive().format("%Y%m%d");
    assert_eq!(
        disposition,
        format!("attachment; filename=\"activity-{today}.csv\"")
    );
    assert!(body.starts_with(&format!("{CSV_HEADER}\r\n")), "{body}");

    let records = csv_records(&admin, "").await;
    assert_eq!(records.len(), 5);
    let assignment = &records[0];
    let (_, helpdesk_name) = app.user_of("helpdesk@contoso.example");
    assert_eq!(assignment[1], helpdesk_name);
    assert_eq!(assignment[2], "Contoso Distribution");
    assert_eq!(assignment[3], ADATUM);
    assert_eq!(assignment[4], app.tenant_of(ADATUM));
    assert_eq!(assignment[5], app.subscription_of(ADATUM, O365));
    assert_eq!(assignment[6], O365);
    assert_eq!(assignment[7], "Designated support contact assigned");
    assert_eq!(
        assignment[8..],
        ["Contoso Distribution", "Fabrikam Solutions"]
    );

    // The same filter gives the same rows as the page, in the same order.
    let query = "?to=2026-03-05&operation=user.created";
    let (_, page) = admin.get_html(&format!("/activity{query}")).await;
    let words = text(&page);
    let records = csv_records(&admin, query).await;
    assert_eq!(records.len(), rows(&page));
    assert_eq!(records.len(), 3);
    let times = attrs(&page, "table.activity tbody time", "datetime");
    let csv_times: Vec<String> = records
        .iter()
        .map(|r| format!("{}Z", r[0].replace(' ', "T")))
        .collect();
    assert_eq!(csv_times, times, "order differs");
    for r in &records {
        assert!(words.contains(&r[9]), "{} not on the page", r[9]);
    }
}

#[tokio::test]
async fn csv_cells_are_quoted_and_neutralized() {
    let app = TestApp::spawn().await;
    let weird_user = "=HYPERLINK(\"x\")";
    let weird_customer = "Acme, \"Quoted\"\nInc";
    let polish = "Zażółć Sp. z o.o.";
    // A Contoso agent, a reseller and a customer with names that a spreadsheet or a CSV reader
    // could trip on.
    UserBuilder::new("formula@contoso.example", Role::HelpdeskAgent)
        .named(weird_user)
        .of_partner(&app, CONTOSO);
    let reseller = PartnerBuilder::reseller(polish)
        .partnership(CONTOSO, PartnershipState::Active)
        .build(&app);
    let customer = CustomerBuilder::new(weird_customer)
        .relationship(CONTOSO, Rel::DelegatedAdmin)
        .relationship(reseller.mpn, Rel::DelegatedAdmin)
        .subscription(Sub::sold_by(O365, CONTOSO))
        .build(&app);
    let helpdesk = app.signed_in("formula@contoso.example").await;
    let r = helpdesk
        .assign(&customer.subscription_path(0), &reseller.mpn_text())
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let admin = app.signed_in("admin@contoso.example").await;
    let (_, _, _, body) = csv(&admin, "").await;
    assert!(
        body.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "formula neutralized inside the quoting: {body}"
    );
    assert!(
        body.contains("\"Acme, \"\"Quoted\"\"\nInc\""),
        "quoted: {body}"
    );
    assert!(body.contains(polish), "UTF-8 kept: {body}");
    let records = csv_records(&admin, "").await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0][1], format!("'{weird_user}"));
    assert_eq!(records[0][3], weird_customer);
    assert_eq!(records[0][9], polish);

    // The page escapes the same names as HTML.
    let (_, page) = admin.get_html("/activity").await;
    assert!(!page.contains(weird_user), "unescaped quote in HTML");
    assert!(
        text(&page).contains(&format!("Contoso Distribution → {polish}")),
        "{}",
        text(&page)
    );
}

#[tokio::test]
async fn csv_export_streams_every_row_across_chunks_once() {
    let app = TestApp::spawn().await;
    // More than two chunks of 500, many at the very same instant: the keyset must not skip or
    // repeat rows that tie on the time.
    insert_many(&app, 700, at(2025, 7, 1, 9, 0, 0), "a");
    insert_many(&app, 450, at(2025, 7, 1, 8, 0, 0), "b");
    let admin = app.signed_in("admin@contoso.example").await;
    // Streamed: no length known up front.
    let r = admin.get("/activity.csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get(reqwest::header::TRANSFER_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some("chunked")
    );
    let records = csv_records(&admin, "").await;
    assert_eq!(records.len(), 1150);
    let news: HashSet<&str> = records.iter().map(|r| r[9].as_str()).collect();
    assert_eq!(news.len(), 1150, "a row repeated");
    assert!(records[..700].iter().all(|r| r[9].starts_with('a')));
    assert!(records[700..].iter().all(|r| r[9].starts_with('b')));
    // Filters apply to every chunk.
    let records = csv_records(&admin, "?from=2025-07-01&to=2025-07-01").await;
    assert_eq!(records.len(), 1150);
    let records = csv_records(&admin, "?to=2025-06-30").await;
    assert_eq!(records.len(), 0);
    // Past 1,000 the page does not count them all.
    let words = text(&admin.get_html("/activity").await.1);
    assert!(
        words.contains("More than 1,000 events, showing 1–50"),
        "{words}"
    );
    // Another organization's export holds none of them.
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    assert_eq!(csv_records(&fabrikam, "").await.len(), 0);
}

// ---------------------------------------------------------------------------------------------
// At a distributor's size (issue 12): pages by cursor, a bounded count, the customer found by
// tenant id or name, and the queries that must read their indexes.

/// One event of [`insert_events`]: when, acting partner, concerned partner, customer, operation,
/// new value (which tells the events apart on the page).
type Spec<'a> = (
    NaiveDateTime,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    String,
);

/// Inserts events in one transaction.
fn insert_events(app: &TestApp, specs: &[Spec<'_>]) {
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for (at, actor, subject, customer, op, new) in specs {
            insert_into(
                conn,
                &Event {
                    at: *at,
                    actor_partner: *actor,
                    subject: *subject,
                    customer: *customer,
                    op,
                    old: Some("active"),
                    new: Some(new),
                    ..Event::default()
                },
            );
        }
        Ok(())
    })
    .expect("insert events");
}

/// The new values of the events `partner` sees, in the log's order, read by a plain query (the
/// oracle the pages are checked against).
fn expected_order(app: &TestApp, partner: &str) -> Vec<String> {
    audit_events::table
        .filter(
            audit_events::actor_partner_id
                .eq(partner)
                .or(audit_events::subject_partner_id.eq(partner)),
        )
        .order((audit_events::occurred_at.desc(), audit_events::id.desc()))
        .select(audit_events::new_value)
        .load::<Option<String>>(&mut *app.conn())
        .unwrap()
        .into_iter()
        .map(|v| v.unwrap_or_default())
        .collect()
}

/// The new values on a page, in page order: each event's "Before → After" cell.
fn page_values(html: &str) -> Vec<String> {
    texts(html, "table.activity tbody td")
        .into_iter()
        .filter_map(|cell| cell.strip_prefix("active → ").map(str::to_owned))
        .collect()
}

/// Every page from `start` along the pager's `rel` links: (each page's values, its count line).
async fn walk(app: &TestApp, start: &str, rel: &str) -> Vec<(Vec<String>, String)> {
    let mut pages = Vec::new();
    let mut at = Some(start.to_owned());
    while let Some(path) = at {
        assert!(pages.len() < 50, "more than 50 pages from {start}");
        let (status, html) = app.get_html(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let count = text_of(&html, "p.count[role=status]").unwrap_or_default();
        pages.push((page_values(&html), count));
        at = pager_link(&html, rel);
    }
    pages
}

#[tokio::test]
async fn pages_by_cursor_neither_skip_nor_repeat_events_of_one_instant_either_way() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let fabrikam = app.partner_id_of(FABRIKAM);
    let litware = app.partner_id_of(LITWARE);
    let (t1, t2, t3) = (
        at(2025, 3, 1, 9, 0, 0),
        at(2025, 3, 1, 10, 0, 0),
        at(2025, 3, 1, 11, 0, 0),
    );
    let op = Operation::RelationshipRemoved.as_str();
    let mut specs: Vec<Spec<'_>> = Vec::new();
    // Both partner columns, and both at once: every page boundary falls among events of the
    // same instant, and the branches interleave within an instant.
    for n in 0..70 {
        specs.push((t1, Some(&contoso), None, None, op, format!("t1-own-{n}")));
    }
    for n in 0..30 {
        specs.push((
            t2,
            Some(&litware),
            Some(&contoso),
            None,
            op,
            format!("t2-concerns-{n}"),
        ));
        specs.push((
            t2,
            Some(&litware),
            None,
            None,
            op,
            format!("t2-litware-{n}"),
        ));
    }
    for n in 0..10 {
        specs.push((
            t2,
            Some(&contoso),
            Some(&contoso),
            None,
            op,
            format!("t2-both-{n}"),
        ));
    }
    for n in 0..25 {
        specs.push((
            t3,
            Some(&fabrikam),
            Some(&contoso),
            None,
            op,
            format!("t3-concerns-{n}"),
        ));
    }
    for n in 0..20 {
        specs.push((
            t3,
            Some(&contoso),
            Some(&fabrikam),
            None,
            op,
            format!("t3-own-{n}"),
        ));
    }
    insert_events(&app, &specs);
    let expected = expected_order(&app, &contoso);
    assert_eq!(expected.len(), 155);
    let admin = app.signed_in("admin@contoso.example").await;

    // Older, from the newest: every event once, in the log's order, the place of each page said.
    let forward = walk(&admin, "/activity", "next").await;
    let sizes: Vec<usize> = forward.iter().map(|(v, _)| v.len()).collect();
    assert_eq!(sizes, [50, 50, 50, 5]);
    let seen: Vec<String> = forward.iter().flat_map(|(v, _)| v.clone()).collect();
    assert_eq!(seen, expected, "older pages");
    let counts: Vec<&str> = forward.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(
        counts,
        [
            "155 events, showing 1–50",
            "155 events, showing 51–100",
            "155 events, showing 101–150",
            "155 events, showing 151–155",
        ]
    );
    assert!(
        !seen.iter().any(|v| v.starts_with("t2-litware")),
        "Litware's own"
    );

    // Newer, from the oldest page: the same pages, the other way.
    let (_, last) = admin.get_html("/activity").await;
    let mut oldest_page = "/activity".to_owned();
    let mut html = last;
    while let Some(next) = pager_link(&html, "next") {
        html = admin.get_html(&next).await.1;
        oldest_page = next;
    }
    let backward = walk(&admin, &oldest_page, "prev").await;
    let mut pages: Vec<Vec<String>> = backward.into_iter().map(|(v, _)| v).collect();
    pages.reverse();
    assert_eq!(pages.concat(), expected, "newer pages");
    assert_eq!(pages.len(), 4);

    // An event added meanwhile at the top moves nothing on the pages further down.
    insert_events(
        &app,
        &[(
            at(2025, 3, 2, 8, 0, 0),
            Some(&contoso),
            None,
            None,
            op,
            "late".to_owned(),
        )],
    );
    let again = walk(
        &admin,
        &pager_link(&admin.get_html("/activity").await.1, "next").unwrap(),
        "next",
    )
    .await;
    assert_eq!(
        again
            .iter()
            .flat_map(|(v, _)| v.clone())
            .collect::<Vec<_>>(),
        expected[49..]
    );
}

#[tokio::test]
async fn the_count_is_exact_up_to_a_thousand_and_says_more_than_past_it() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let litware = app.partner_id_of(LITWARE);
    let op = Operation::RelationshipRemoved.as_str();
    // 1,000 events, a third of them through the second partner column.
    let specs: Vec<Spec<'_>> = (0..1000)
        .map(|n| {
            let when = at(2025, 1, 1, 0, 0, 0) + chrono::TimeDelta::minutes(n / 3);
            if n % 3 == 0 {
                (
                    when,
                    Some(&*litware),
                    Some(&*contoso),
                    None,
                    op,
                    format!("e{n}"),
                )
            } else {
                (when, Some(&*contoso), None, None, op, format!("e{n}"))
            }
        })
        .collect();
    insert_events(&app, &specs);
    let admin = app.signed_in("admin@contoso.example").await;
    let pl = "pl-PL,pl;q=0.9";
    let count_line = |html: &str| text_of(html, "p.count[role=status]").unwrap_or_default();

    let (_, page) = admin.get_html("/activity").await;
    assert!(
        count_line(&page).starts_with("1,000 events, showing 1–50"),
        "{}",
        count_line(&page)
    );
    let (_, page) = admin.get_html_in("/activity", pl).await;
    assert!(
        count_line(&page).starts_with("1000 zdarzeń, pokazano 1–50"),
        "{}",
        count_line(&page)
    );
    // Filtered below the bound: exact.
    let (_, page) = admin
        .get_html("/activity?from=2025-01-01&to=2025-01-01")
        .await;
    assert!(
        count_line(&page).starts_with("1,000 events"),
        "{}",
        count_line(&page)
    );

    // One more: past the bound.
    insert_events(
        &app,
        &[(
            at(2025, 1, 2, 0, 0, 0),
            Some(&contoso),
            None,
            None,
            op,
            "e1000".to_owned(),
        )],
    );
    let (_, page) = admin.get_html("/activity").await;
    assert!(
        count_line(&page).starts_with("More than 1,000 events, showing 1–50"),
        "{}",
        count_line(&page)
    );
    let (_, page) = admin.get_html_in("/activity", pl).await;
    assert!(
        count_line(&page).starts_with("Ponad 1000 zdarzeń, pokazano 1–50"),
        "{}",
        count_line(&page)
    );

    // Down the log: the place is said while it is counted, and not past it.
    insert_events(
        &app,
        &[(
            at(2025, 1, 2, 0, 0, 0),
            Some(&contoso),
            None,
            None,
            op,
            "e1001".to_owned(),
        )],
    );
    let order = expected_order(&app, &contoso);
    assert_eq!(order.len(), 1002);
    let cursor_at = |position: usize| {
        let value = &order[position - 1];
        let (occurred_at, id): (NaiveDateTime, String) = audit_events::table
            .filter(audit_events::new_value.eq(value))
            .select((audit_events::occurred_at, audit_events::id))
            .first(&mut *app.conn())
            .unwrap();
        PageCursor::token(&ActivityCursor {
            occurred_at,
            id: AuditEventId::from(id),
        })
    };
    let (_, page) = admin
        .get_html(&format!("/activity?after={}", cursor_at(950)))
        .await;
    assert!(
        count_line(&page).starts_with("More than 1,000 events, showing 951–1,000"),
        "{}",
        count_line(&page)
    );
    assert_eq!(rows(&page), 50);
    let (_, page) = admin
        .get_html(&format!("/activity?after={}", cursor_at(1000)))
        .await;
    assert!(
        count_line(&page).starts_with("More than 1,000 events, showing 1,001–1,002"),
        "{}",
        count_line(&page)
    );
    let (_, page) = admin
        .get_html(&format!("/activity?after={}", cursor_at(1001)))
        .await;
    assert!(
        count_line(&page).starts_with("More than 1,000 events; showing 1 further down the log"),
        "{}",
        count_line(&page)
    );
    assert_eq!(page_values(&page), [order[1001].clone()]);
    let (_, page) = admin
        .get_html_in(&format!("/activity?after={}", cursor_at(1001)), pl)
        .await;
    assert!(
        count_line(&page).starts_with("Ponad 1000 zdarzeń; pokazano 1 zdarzenie dalej w dzienniku"),
        "{}",
        count_line(&page)
    );
    // The export is not bounded: every event.
    assert_eq!(csv_records(&admin, "").await.len(), 1002);
}

#[tokio::test]
async fn filters_hold_on_every_page_and_in_every_link() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let litware = app.partner_id_of(LITWARE);
    let adatum = app.customer_id_of(ADATUM);
    let other = app.customer_id_of("Alpine Ski House");
    let (removed, accepted) = (
        Operation::RelationshipRemoved.as_str(),
        Operation::RelationshipAccepted.as_str(),
    );
    let mut specs: Vec<Spec<'_>> = Vec::new();
    for n in 0..480i64 {
        // Over five days, four at each instant; Adatum's and another's, two operations, some
        // through the second partner column.
        let when = at(2026, 3, 1, 0, 0, 0) + chrono::TimeDelta::hours(n / 4);
        let customer = if n % 3 == 0 { &other } else { &adatum };
        let op = if n % 2 == 0 { removed } else { accepted };
        let (actor, subject) = if n % 5 == 0 {
            (&litware, Some(&*contoso))
        } else {
            (&contoso, None)
        };
        specs.push((
            when,
            Some(actor),
            subject,
            Some(customer),
            op,
            format!("f{n}"),
        ));
    }
    insert_events(&app, &specs);
    let tenant = app.tenant_of(ADATUM);
    let admin = app.signed_in("admin@contoso.example").await;
    let matching: Vec<String> = specs
        .iter()
        .filter(|(when, _, _, customer, op, _)| {
            *customer == Some(&*adatum)
                && *op == removed
                && *when >= at(2026, 3, 2, 0, 0, 0)
                && *when < at(2026, 3, 4, 0, 0, 0)
        })
        .map(|s| s.5.clone())
        .collect();
    assert!(
        matching.len() > 50,
        "{} events match: one page",
        matching.len()
    );

    // Customer, operation and dates at once, the customer by tenant id or by name.
    for customer in [
        tenant.clone(),
        "adatum".to_owned(),
        "ADATUM CORPORATION".to_owned(),
    ] {
        let start = format!(
            "/activity?from=2026-03-02&to=2026-03-03&customer={}&operation={removed}",
            customer.replace(' ', "+")
        );
        let (status, first) = admin.get_html(&start).await;
        assert_eq!(status, StatusCode::OK, "{start}");
        let older = pager_link(&first, "next").expect("an Older link");
        let keeps = format!(
            "/activity?from=2026-03-02&to=2026-03-03&customer={tenant}&operation={removed}&after="
        );
        assert!(older.starts_with(&keeps), "{older}");
        assert!(
            has_link(
                &first,
                &format!(
                    "/activity.csv?from=2026-03-02&to=2026-03-03&customer={tenant}&operation={removed}"
                )
            ),
            "the CSV link keeps the filters"
        );
        let pages = walk(&admin, &start, "next").await;
        let seen: Vec<String> = pages.iter().flat_map(|(v, _)| v.clone()).collect();
        let mut want = matching.clone();
        // The log's order: newest first; among events of one instant, by id (random here).
        let mut got = seen.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{customer}");
        assert_eq!(seen.len(), matching.len(), "{customer}: repeated");
        assert!(
            pages[0]
                .1
                .starts_with(&format!("{} events, showing 1–50", matching.len())),
            "{}",
            pages[0].1
        );
        // Back up from the last page, under the same filters.
        let mut html = first;
        let mut last = start.clone();
        while let Some(next) = pager_link(&html, "next") {
            html = admin.get_html(&next).await.1;
            last = next;
        }
        let back = walk(&admin, &last, "prev").await;
        let mut back: Vec<Vec<String>> = back.into_iter().map(|(v, _)| v).collect();
        back.reverse();
        assert_eq!(back.concat(), seen, "{customer}: newer pages");
        // The export: the same events, in the same order.
        let records = csv_records(&admin, &start["/activity".len()..]).await;
        assert_eq!(
            records.iter().map(|r| r[9].clone()).collect::<Vec<_>>(),
            seen
        );
        assert!(records.iter().all(|r| r[3] == ADATUM && r[4] == tenant));
    }
}

#[tokio::test]
async fn the_customer_filter_takes_a_tenant_id_or_the_start_of_a_company_name() {
    let app = TestApp::spawn().await;
    // Seven customers of Contoso whose names start alike (a word no demo name holds).
    for (i, name) in [
        "Quokka Marine",
        "Quokka Labs",
        "Quokka Foods",
        "Quokka Print",
        "Quokka Legal",
        "Quokka Travel",
        "Quokka Zinc",
    ]
    .into_iter()
    .enumerate()
    {
        crate::fixtures::add_customer(&app, name, &format!("quokka{i}.example"), &[4_100_001]);
    }
    assign_fabrikam(&app).await;
    let admin = app.signed_in("admin@contoso.example").await;
    let tenant = app.tenant_of(ADATUM);

    // The start of the name, in any case of its (ASCII) letters; the exact name though others
    // start with it.
    for typed in [
        "adat",
        "Adatum",
        "ADATUM CORPORATION",
        "  adatum corporation  ",
    ] {
        let (status, page) = admin
            .get_html(&format!("/activity?customer={}", typed.replace(' ', "+")))
            .await;
        assert_eq!(status, StatusCode::OK, "{typed}");
        let words = text(&page);
        assert!(words.contains("1 event, shown below"), "{typed}: {words}");
        assert!(
            words.contains(&format!("Events about {ADATUM} (Microsoft ID {tenant}).")),
            "{typed}: {words}"
        );
    }

    // Several customers' names start with it: a clear message and the customers to choose from,
    // each a link to the log filtered to it (the other filters kept).
    let (status, page) = admin
        .get_html("/activity?customer=quokka&operation=user.created")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let words = text(&page);
    assert!(
        words.contains("Several customers' names start with “quokka”. Choose one"),
        "{words}"
    );
    assert!(has(&page, "#customer-error") && has(&page, "[aria-invalid=true]"));
    let choices = count(&page, "ul.customer-choices > li");
    assert_eq!(choices, 7, "{page}");
    let quokka_marine = app.tenant_of("Quokka Marine");
    assert!(
        link_texts(
            &page,
            &format!("/activity?customer={quokka_marine}&operation=user.created")
        ) == ["Quokka Marine"],
        "{page}"
    );
    assert_eq!(rows(&page), 0);
    // More than ten: the first ten, and a word that there are more.
    let (status, page) = admin.get_html("/activity?customer=b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        text(&page).contains("here are the first 10"),
        "{}",
        text(&page)
    );

    // No customer of Contoso by that name (Woodgrove is Litware's): the field says so, in each
    // language, on the page and for the export.
    let (status, page) = admin.get_html("/activity?customer=Woodgrove").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        text(&page).contains(
            "No customer of your organization has a company name that starts with “Woodgrove”"
        ),
        "{}",
        text(&page)
    );
    assert!(!page.contains("Woodgrove Bank"));
    let (status, page) = admin
        .get_html_in("/activity?customer=Woodgrove", "pl")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        text(&page).contains(
            "Żaden klient Twojej organizacji nie ma nazwy firmy zaczynającej się od „Woodgrove”"
        ),
        "{}",
        text(&page)
    );
    let (status, _, _, body) = csv(&admin, "?customer=Woodgrove").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        text(&body).contains("starts with “Woodgrove”"),
        "{}",
        text(&body)
    );
    let (status, _, _, body) = csv(&admin, "?customer=quokka").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&body).contains("Choose one"), "{}", text(&body));
    // Litware finds its own customer by name.
    let (_, status, page) = app
        .get_html_as("admin@litware.example", "/activity?customer=wood")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text(&page).contains("Events about Woodgrove Bank"),
        "{}",
        text(&page)
    );

    // What cannot be a name: too long, or with a line break.
    for bad in [
        "x".repeat(101),
        "Ada\ntum".to_owned(),
        "Ada\u{0}tum".to_owned(),
    ] {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("customer", &bad)
            .finish();
        let (status, page) = admin.get_html(&format!("/activity?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert!(
            text(&page).contains("at most 100 characters"),
            "{}",
            text(&page)
        );
    }
}

/// What is wrong with a query plan: a scan of a whole table or index, a sort, or a missing
/// index it must read.
fn plan_problems(plan: &str, postgres: bool, indexes: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = plan.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        // PostgreSQL: an index scan without an index condition reads the whole index.
        if postgres && line.contains("Index") && line.contains(" Scan ") && line.contains(" using ")
        {
            let details = lines[n + 1..]
                .iter()
                .take_while(|l| !l.contains("->") && !l.trim_start().starts_with("InitPlan"));
            if !details.clone().any(|l| l.contains("Index Cond:")) {
                problems.push(format!("whole index: {:?}", line.trim()));
            }
        }
        let bad = if postgres {
            let node = line.trim_start().trim_start_matches("->").trim_start();
            node.starts_with("Seq Scan")
                || node.starts_with("Sort  (")
                || node.starts_with("Incremental Sort")
                || node.starts_with("Bitmap Heap Scan")
        } else {
            let step = line.trim_start_matches(['|', '`', '-', ' ']);
            step.contains("TEMP B-TREE")
                || [
                    "audit_events",
                    "customers",
                    "customer_relationships",
                    "c",
                    "e",
                    "r",
                ]
                .iter()
                .any(|table| {
                    step == format!("SCAN {table}") || step.starts_with(&format!("SCAN {table} "))
                })
        };
        if bad {
            problems.push(format!("{:?}", line.trim()));
        }
    }
    for index in indexes {
        if !plan.contains(index) {
            problems.push(format!("does not read {index}"));
        }
    }
    problems
}

/// The indexes each of the log's key queries must read.
fn indexes_of(query: &str) -> &'static [&'static str] {
    match query {
        "customers by name" => &["customers_company_name_lower_idx"],
        "customer by tenant id" => &["audit_events_customer_idx"],
        q if q.contains("customer") => &["audit_events_customer_idx"],
        q if q.contains("operation") => &[
            "audit_events_actor_partner_operation_idx",
            "audit_events_subject_partner_operation_idx",
        ],
        _ => &[
            "audit_events_actor_partner_idx",
            "audit_events_subject_partner_idx",
        ],
    }
}

#[tokio::test]
async fn the_logs_key_queries_read_their_indexes_and_stop_after_a_page() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(CONTOSO);
    let litware = app.partner_id_of(LITWARE);
    let adatum = app.customer_id_of(ADATUM);
    // Enough events, and statistics, for PostgreSQL to plan as it would a large log: the
    // operation the plans filter by is one event in ten.
    let specs: Vec<Spec<'_>> = (0..3000)
        .map(|n| {
            let when = at(2025, 6, 1, 0, 0, 0) + chrono::TimeDelta::minutes(n / 2);
            let (actor, subject) = if n % 4 == 0 {
                (&litware, Some(&*contoso))
            } else {
                (&contoso, None)
            };
            let op = if n % 10 == 0 {
                Operation::SupportContactAssigned.as_str()
            } else {
                Operation::RelationshipRemoved.as_str()
            };
            let customer = (n % 100 == 0).then_some(&*adatum);
            (when, Some(&**actor), subject, customer, op, format!("p{n}"))
        })
        .collect();
    insert_events(&app, &specs);
    let statistics = if matches!(&*app.conn(), DbConn::Postgres(_)) {
        "VACUUM ANALYZE audit_events"
    } else {
        "ANALYZE"
    };
    diesel::sql_query(statistics)
        .execute(&mut *app.conn())
        .unwrap();
    let cursor = {
        let (occurred_at, id): (NaiveDateTime, String) = audit_events::table
            .filter(audit_events::new_value.eq("p1500"))
            .select((audit_events::occurred_at, audit_events::id))
            .first(&mut *app.conn())
            .unwrap();
        ActivityCursor {
            occurred_at,
            id: AuditEventId::from(id),
        }
    };
    let partner = partnerdesk::db::ids::PartnerId::from(contoso.clone());
    let customer = partnerdesk::db::ids::CustomerId::from(adatum.clone());
    let mut conn = app.conn();
    let postgres = matches!(&*conn, DbConn::Postgres(_));
    let plans = partnerdesk::domain::activity::query_plans(&mut conn, &partner, &cursor, &customer)
        .expect("plans");
    assert!(plans.len() >= 15, "{plans:?}");
    for (query, plan) in &plans {
        let problems = plan_problems(plan, postgres, indexes_of(query));
        assert!(problems.is_empty(), "{query}: {problems:?}\n{plan}");
    }
    // The pages are merged from limited ranges, not sorted: PostgreSQL's Merge Append, SQLite's
    // merge of the union.
    let first = &plans.iter().find(|(q, _)| *q == "first page").unwrap().1;
    assert!(
        first.contains(if postgres {
            "Merge Append"
        } else {
            "MERGE (UNION ALL)"
        }),
        "{first}"
    );

    // The check bites: without its index the first page is read another way, and it says so.
    diesel::sql_query("DROP INDEX audit_events_actor_partner_idx")
        .execute(&mut *conn)
        .unwrap();
    // (SQLite is told the index: its query fails instead.)
    match partnerdesk::domain::activity::query_plans(&mut conn, &partner, &cursor, &customer) {
        Ok(plans) => {
            let (query, plan) = plans.iter().find(|(q, _)| *q == "first page").unwrap();
            assert!(
                !plan_problems(plan, postgres, indexes_of(query)).is_empty(),
                "no problem found without the index:\n{plan}"
            );
        }
        Err(e) => {
            assert!(!postgres, "{e}");
            assert!(format!("{e:?}").contains("no such index"), "{e:?}");
        }
    }
}
