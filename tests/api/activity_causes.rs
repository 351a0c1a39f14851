//! The activity log of issue 15: a revert says why and links its cause, the seller sees the
//! cause (nobody else more than before), the user, reseller and subscription filters, quick
//! ranges, the CSV with them, and the plans of the new queries on both backends.

use diesel::prelude::*;
use partnerdesk::db::DbConn;
use partnerdesk::db::ids::{AuditEventId, PartnerId, SubscriptionId, UserId};
use partnerdesk::db::models::audit::{ActivityCursor, FilterPlanSubjects, Operation};
use partnerdesk::db::schema::audit_events;
use reqwest::StatusCode;

use crate::fixtures::{Event, insert_event};
use crate::helpers::{TestApp, attr, attrs, count, csrf_token, has_link, text, text_of};

const ADATUM: &str = "Adatum Corporation";
const E3: &str = "Microsoft 365 E3";

/// The newest event of an operation: its id.
fn newest(app: &TestApp, op: Operation) -> String {
    audit_events::table
        .filter(audit_events::operation.eq(op.as_str()))
        .order(audit_events::occurred_at.desc())
        .select(audit_events::id)
        .first(&mut *app.conn())
        .expect("event")
}

/// GETs a confirmation page and POSTs its form.
async fn confirm(app: &TestApp, path: &str) {
    let (status, html) = app.get_html(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {}", text(&html));
    let r = app
        .post_form(path, &[("csrf_token", &csrf_token(&html))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
}

/// The text of the log's table.
fn table(html: &str) -> String {
    text_of(html, "table").unwrap_or_default()
}

/// Number of event rows.
fn rows(html: &str) -> usize {
    count(html, "table.activity tbody tr")
}

/// The revert's row says why, in English and in Polish, and links the cause; following the link
/// shows the cause; `cause` is the words of the cause's own row.
async fn assert_cause(app: &TestApp, english: &str, polish: &str, cause_op: &str) {
    let contoso = app.signed_in("admin@contoso.example").await;
    let revert = newest(app, Operation::SupportContactReverted);
    let cause: Option<String> = audit_events::table
        .filter(audit_events::id.eq(&revert))
        .select(audit_events::cause_id)
        .first(&mut *app.conn())
        .unwrap();
    let cause = cause.expect("the revert names its cause");
    let (status, page) = contoso
        .get_html(&format!(
            "/activity?operation={}",
            Operation::SupportContactReverted
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(table(&page).contains(english), "{}", table(&page));
    let link = format!("/activity?event={cause}");
    assert!(has_link(&page, &link), "no link to the cause: {page}");
    let (_, pl) = contoso
        .get_html_in(
            &format!("/activity?operation={}", Operation::SupportContactReverted),
            "pl",
        )
        .await;
    assert!(table(&pl).contains(polish), "{}", table(&pl));

    // The link shows the cause, and only it.
    let (status, shown) = contoso.get_html(&link).await;
    assert_eq!(status, StatusCode::OK, "{}", text(&shown));
    assert_eq!(rows(&shown), 1, "{}", table(&shown));
    assert!(table(&shown).contains(cause_op), "{}", table(&shown));
}

#[tokio::test]
async fn a_revert_says_the_customer_removed_delegated_admin_and_the_seller_sees_the_removal() {
    let app = TestApp::spawn().await;
    let adatum = app.signed_in("admin@adatum.example").await;
    confirm(&adatum, "/admin/partners/4200001/delegated-admin/remove").await;
    assert_cause(
        &app,
        "because Adatum Corporation removed Fabrikam Solutions' delegated admin privileges",
        "ponieważ klient Adatum Corporation usunął delegowane uprawnienia administratora partnera Fabrikam Solutions",
        "Delegated admin privileges removed",
    )
    .await;
    let removal = newest(&app, Operation::DelegatedAdminRemoved);

    // The seller sees the removal in its own log (it used not to: it concerns Adatum and
    // Fabrikam), under its operation filter and its customer filter too.
    let contoso = app.signed_in("admin@contoso.example").await;
    let (_, page) = contoso.get_html("/activity").await;
    assert!(
        table(&page).contains("Delegated admin privileges removed"),
        "{}",
        table(&page)
    );
    let (_, page) = contoso
        .get_html(&format!(
            "/activity?operation={}",
            Operation::DelegatedAdminRemoved
        ))
        .await;
    assert_eq!(rows(&page), 1, "{}", table(&page));
    let tenant = app.tenant_of(ADATUM);
    let (_, page) = contoso
        .get_html(&format!(
            "/activity?customer={tenant}&operation={}",
            Operation::DelegatedAdminRemoved
        ))
        .await;
    assert_eq!(rows(&page), 1, "{}", table(&page));
    // Fabrikam, which it concerns, still sees it.
    let (_, status, _) = app
        .get_html_as(
            "admin@fabrikam.example",
            &format!("/activity?event={removal}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // A third party sees neither the revert nor its cause: not listed, and 404 by link, as a
    // missing event.
    for email in ["admin@treyresearch.example", "admin@litware.example"] {
        let (third, status, page) = app.get_html_as(email, "/activity").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !table(&page).contains("Delegated admin privileges removed"),
            "{email}"
        );
        assert!(
            !table(&page).contains("Support contact reverted"),
            "{email}"
        );
        let (status, _) = third.get_html(&format!("/activity?event={removal}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{email}");
        let missing = AuditEventId::generate();
        let (status, _) = third.get_html(&format!("/activity?event={missing}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{email}");
    }
    // A damaged event link: 400, with a message.
    let (status, page) = contoso.get_html("/activity?event=not-an-id").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        text(&page).contains("event link is damaged"),
        "{}",
        text(&page)
    );
}

#[tokio::test]
async fn a_revert_says_the_provider_ended_the_resellers_relationship() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in("admin@contoso.example").await;
    let tenant = app.tenant_of(ADATUM);
    confirm(
        &contoso,
        &format!("/customers/{tenant}/resellers/4200001/relationship/remove"),
    )
    .await;
    assert_cause(
        &app,
        "because Contoso Distribution ended Fabrikam Solutions' relationship with Adatum Corporation",
        "ponieważ partner Contoso Distribution zakończył relację partnera Fabrikam Solutions z klientem Adatum Corporation",
        "Relationship removed",
    )
    .await;
}

#[tokio::test]
async fn a_revert_says_the_provider_ended_its_partnership() {
    let app = TestApp::spawn().await;
    let contoso = app.signed_in("globaladmin@contoso.example").await;
    confirm(&contoso, "/resellers/4200001/partnership/remove").await;
    assert_cause(
        &app,
        "because Contoso Distribution ended its partnership with Fabrikam Solutions",
        "ponieważ partner Contoso Distribution zakończył partnerstwo z partnerem Fabrikam Solutions",
        "Partnership ended",
    )
    .await;
}

/// Contoso's admin agent assigns Fabrikam, its helpdesk agent Trey Research (refused: no
/// delegated admin) then Contoso back: events by two users, about one subscription, two resellers.
async fn some_events(app: &TestApp) {
    let path = app.subscription_path(ADATUM, "Office 365 Business Standard");
    let admin = app.signed_in("admin@contoso.example").await;
    assert_eq!(
        admin.assign(&path, "4200001").await.status(),
        StatusCode::SEE_OTHER
    );
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    assert_eq!(
        helpdesk.assign(&path, "4100001").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_user_reseller_and_subscription_filters_narrow_the_log_alone_and_combined() {
    let app = TestApp::spawn().await;
    some_events(&app).await;
    let admin = app.signed_in("admin@contoso.example").await;
    let (helpdesk_id, helpdesk_name) = app.user_of("helpdesk@contoso.example");
    let (admin_id, _) = app.user_of("admin@contoso.example");
    let o365 = app.subscription_of(ADATUM, "Office 365 Business Standard");
    let e3 = app.subscription_of(ADATUM, E3);

    // The user filter lists the organization's users.
    let (_, page) = admin.get_html("/activity").await;
    let users = attrs(&page, "select#user option", "value");
    assert!(users.contains(&helpdesk_id), "{users:?}");
    assert_eq!(
        attr(&page, "#customer", "data-suggest").as_deref(),
        Some("customers")
    );
    assert_eq!(
        attr(&page, "#reseller", "data-suggest").as_deref(),
        Some("resellers")
    );

    let (status, page) = admin
        .get_html(&format!("/activity?user={helpdesk_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&page), 1, "{}", table(&page));
    assert!(table(&page).contains(&helpdesk_name));
    assert_eq!(
        attr(&page, "select#user option[selected]", "value").as_deref(),
        Some(helpdesk_id.as_str())
    );
    let (_, page) = admin.get_html(&format!("/activity?user={admin_id}")).await;
    assert_eq!(rows(&page), 1, "{}", table(&page));

    // Reseller: by PartnerID and by name; the events between Contoso and it.
    for reseller in ["4200001", "Fabrikam", "fabrikam solutions"] {
        let (status, page) = admin
            .get_html(&format!(
                "/activity?reseller={}",
                reseller.replace(' ', "+")
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{reseller}");
        // Fabrikam gained the contact, then lost it to the seller: both concern it.
        assert_eq!(rows(&page), 2, "{reseller}: {}", table(&page));
        assert!(table(&page).contains("Fabrikam Solutions"));
    }
    // A name several resellers hold offers them as links; an unknown one says so (400).
    let (status, page) = admin.get_html("/activity?reseller=r").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&page).contains("Several resellers"), "{}", text(&page));
    assert!(has_link(&page, "/activity?reseller=4200002"), "{page}");
    let (status, page) = admin.get_html("/activity?reseller=Nobody+Here").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&page).contains("Nobody Here"), "{}", text(&page));

    // Subscription: its events; another subscription's are not among them.
    let (_, page) = admin
        .get_html(&format!("/activity?subscription={o365}"))
        .await;
    assert_eq!(rows(&page), 2, "{}", table(&page));
    let (_, page) = admin
        .get_html(&format!("/activity?subscription={e3}"))
        .await;
    assert_eq!(rows(&page), 0, "{}", table(&page));
    // The subscription cell links the subscription's page.
    let tenant = app.tenant_of(ADATUM);
    let (_, page) = admin.get_html("/activity").await;
    assert!(
        has_link(&page, &format!("/customers/{tenant}/subscriptions/{o365}")),
        "{page}"
    );

    // Combined: they all hold.
    let (_, page) = admin
        .get_html(&format!(
            "/activity?subscription={o365}&user={admin_id}&reseller=4200001"
        ))
        .await;
    assert_eq!(rows(&page), 1, "{}", table(&page));
    let (_, page) = admin
        .get_html(&format!(
            "/activity?subscription={o365}&user={helpdesk_id}&reseller=4200002"
        ))
        .await;
    assert_eq!(rows(&page), 0, "{}", table(&page));
    let (_, page) = admin
        .get_html(&format!("/activity?customer={tenant}&user={helpdesk_id}"))
        .await;
    assert_eq!(rows(&page), 1, "{}", table(&page));

    // The CSV honours them.
    let csv = admin
        .get(&format!(
            "/activity.csv?user={helpdesk_id}&subscription={o365}"
        ))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let body = csv.text().await.unwrap();
    assert_eq!(body.lines().count(), 2, "{body}");
    assert!(body.contains(&helpdesk_name), "{body}");
    let csv = admin.get("/activity.csv?reseller=4200001").await;
    let body = csv.text().await.unwrap();
    assert_eq!(body.lines().count(), 3, "{body}");

    // Bad input: 400 with a clear message; nothing else changes.
    let before = app.audit_count();
    let other_users = app.user_of("admin@fabrikam.example").0;
    for (query, says) in [
        (
            format!("user={}", UserId::generate()),
            "one of your organization's users",
        ),
        (
            format!("user={other_users}"),
            "one of your organization's users",
        ),
        ("user=zzz".to_owned(), "one of your organization's users"),
        ("subscription=12345".to_owned(), "must be a subscription ID"),
        (
            "range=7&from=2026-01-01".to_owned(),
            "either a quick range or dates",
        ),
        ("range=8".to_owned(), "last 7, 30 or 90 days"),
    ] {
        let (status, page) = admin.get_html(&format!("/activity?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(text(&page).contains(says), "{query}: {}", text(&page));
        assert_eq!(rows(&page), 0, "{query}");
        let csv = admin.get(&format!("/activity.csv?{query}")).await;
        assert_eq!(csv.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    assert_eq!(app.audit_count(), before);
}

#[tokio::test]
async fn quick_ranges_set_the_dates_and_are_marked_when_chosen() {
    let app = TestApp::spawn().await;
    some_events(&app).await;
    let admin = app.signed_in("admin@contoso.example").await;
    // An old event: outside every quick range.
    let contoso = app.partner_id_of(4_100_001);
    let old = chrono::Utc::now().naive_utc() - chrono::TimeDelta::days(60);
    insert_event(
        &mut app.conn(),
        &Event {
            at: old,
            user: None,
            actor_partner: Some(&contoso),
            actor_customer: None,
            subject: None,
            customer: None,
            subscription: None,
            op: Operation::InvitationCreated.as_str(),
            old: None,
            new: Some("reseller"),
        },
    );
    let (_, page) = admin.get_html("/activity").await;
    for days in [7, 30, 90] {
        assert!(
            has_link(&page, &format!("/activity?range={days}")),
            "{page}"
        );
    }
    assert_eq!(count(&page, ".activity-ranges a[aria-current]"), 0);
    let all = rows(&page);
    let (status, page) = admin.get_html("/activity?range=30").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&page), all - 1, "{}", table(&page));
    assert_eq!(
        attr(&page, ".activity-ranges a[aria-current]", "href").as_deref(),
        Some("/activity?range=30")
    );
    let today = chrono::Utc::now().date_naive();
    assert_eq!(attr(&page, "#to", "value"), Some(today.to_string()));
    let (_, page) = admin.get_html("/activity?range=90").await;
    assert_eq!(rows(&page), all, "{}", table(&page));
    // The range combines with other filters, and the links keep them.
    let (helpdesk_id, _) = app.user_of("helpdesk@contoso.example");
    let (_, page) = admin
        .get_html(&format!("/activity?range=7&user={helpdesk_id}"))
        .await;
    assert_eq!(rows(&page), 1, "{}", table(&page));
    assert!(
        has_link(&page, &format!("/activity?range=30&user={helpdesk_id}")),
        "{page}"
    );
}

// ---------------------------------------------------------------------------------------------
// Plans: the new filters read their indexes and stop after a page, on both backends.

/// What is wrong with a plan: a scan of a whole table or index, a sort, a missing index.
fn plan_problems(plan: &str, postgres: bool, indexes: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = plan.lines().collect();
    for (n, line) in lines.iter().enumerate() {
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
                || ["audit_events", "audit_event_viewers", "v", "e"]
                    .iter()
                    .any(|t| step == format!("SCAN {t}") || step.starts_with(&format!("SCAN {t} ")))
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

fn indexes_of(query: &str) -> &'static [&'static str] {
    match query {
        q if q.starts_with("shared") => &[
            "audit_events_actor_partner_idx",
            "audit_events_subject_partner_idx",
            "audit_event_viewers_partner_idx",
        ],
        q if q.starts_with("user") => &["audit_events_actor_user_idx"],
        q if q.starts_with("reseller") => &["audit_events_actor_subject_idx"],
        q if q.starts_with("subscription") => &["audit_events_subscription_idx"],
        _ => &[],
    }
}

#[tokio::test]
async fn the_new_filters_queries_read_their_indexes() {
    let app = TestApp::spawn().await;
    let contoso = app.partner_id_of(4_100_001);
    let fabrikam = app.partner_id_of(4_200_001);
    let litware = app.partner_id_of(4_100_002);
    let (user, _) = app.user_of("admin@contoso.example");
    let subscription = app.subscription_of(ADATUM, E3);
    let start = chrono::NaiveDate::from_ymd_opt(2025, 6, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let mut ids = Vec::new();
    {
        let mut conn = app.conn();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for n in 0..3000_i64 {
                let at = start + chrono::TimeDelta::minutes(n / 2);
                let (actor, subject) = match n % 4 {
                    0 => (&litware, Some(fabrikam.as_str())),
                    1 => (&contoso, Some(fabrikam.as_str())),
                    _ => (&contoso, None),
                };
                let id = insert_event(
                    conn,
                    &Event {
                        at,
                        user: (n % 3 == 0 && actor == &contoso).then_some(user.as_str()),
                        actor_partner: Some(actor),
                        actor_customer: None,
                        subject,
                        customer: None,
                        subscription: (n % 50 == 0).then_some(subscription.as_str()),
                        op: if n % 10 == 0 {
                            Operation::SupportContactAssigned.as_str()
                        } else {
                            Operation::RelationshipRemoved.as_str()
                        },
                        old: None,
                        new: Some(&format!("p{n}")),
                    },
                );
                ids.push((id, at, actor == &litware));
            }
            Ok(())
        })
        .unwrap();
        // Litware's events shared with Contoso: one in four of them.
        for (id, _, theirs) in ids.iter().step_by(4) {
            if *theirs {
                diesel::sql_query(
                    "INSERT INTO audit_event_viewers (partner_id, event_id, occurred_at) \
                     SELECT $1, id, occurred_at FROM audit_events WHERE id = $2",
                )
                .bind::<diesel::sql_types::Text, _>(&contoso)
                .bind::<diesel::sql_types::Text, _>(id.as_str())
                .execute(&mut *conn)
                .unwrap();
            }
        }
    }
    let postgres = matches!(&*app.conn(), DbConn::Postgres(_));
    let statistics = if postgres {
        "VACUUM ANALYZE audit_events"
    } else {
        "ANALYZE"
    };
    diesel::sql_query(statistics)
        .execute(&mut *app.conn())
        .unwrap();
    if postgres {
        diesel::sql_query("VACUUM ANALYZE audit_event_viewers")
            .execute(&mut *app.conn())
            .unwrap();
    }
    let (event, at, _) = ids[1500].clone();
    let cursor = ActivityCursor {
        occurred_at: at,
        id: event.clone(),
    };
    let subjects = FilterPlanSubjects {
        user: UserId::from(user.clone()),
        reseller: PartnerId::from(fabrikam.clone()),
        subscription: SubscriptionId::from(subscription.clone()),
        event,
    };
    let partner = PartnerId::from(contoso.clone());
    let mut conn = app.conn();
    let plans =
        partnerdesk::domain::activity::filter_query_plans(&mut conn, &partner, &cursor, &subjects)
            .expect("plans");
    assert!(plans.len() >= 11, "{plans:?}");
    for (query, plan) in &plans {
        let mut indexes = indexes_of(query);
        // PostgreSQL may read a pair of partners from the subject's index, which holds the
        // actor too (its statistics weigh them; at 3,000 events they cost the same): still one
        // range of an index, in the log's order, stopped after a page.
        if postgres
            && query.starts_with("reseller")
            && plan.contains("audit_events_subject_partner_")
        {
            indexes = &["audit_events_subject_partner_"];
        }
        let problems = plan_problems(plan, postgres, indexes);
        assert!(problems.is_empty(), "{query}: {problems:?}\n{plan}");
    }
    // The check bites: without the viewers' index SQLite's query fails (it is told the index),
    // PostgreSQL's plan reads another way.
    diesel::sql_query("DROP INDEX audit_event_viewers_partner_idx")
        .execute(&mut *conn)
        .unwrap();
    match partnerdesk::domain::activity::filter_query_plans(&mut conn, &partner, &cursor, &subjects)
    {
        Ok(plans) => {
            let (query, plan) = plans
                .iter()
                .find(|(q, _)| *q == "shared, first page")
                .unwrap();
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
