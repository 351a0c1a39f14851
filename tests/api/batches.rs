//! Bulk assignment: a selection becomes a batch, a partner is chosen, the preview says what will
//! change, what is already supported and what cannot change (rule 2 for each, with reason and
//! fix), the confirmation changes the eligible rows in one transaction (one audit event each,
//! with the batch id), refusing stale rows and rows whose eligibility was lost, or all of them
//! when asked for all or nothing; the review says what changed and what each customer now sees.

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::schema::{assignment_batches, audit_events, subscriptions};
use reqwest::StatusCode;

use crate::fixtures::{CustomerBuilder, Rel, Sub, add_subscription, cast};
use crate::helpers::{TestApp, csrf_token, location, text};
use crate::invariant::ineligible_contacts;

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const E3: &str = "Microsoft 365 E3";
const FABRIKAM: &str = "4200001";
/// A customer of Contoso where Fabrikam has a relationship without delegated admin.
const NO_DAP: &str = "Batch Customer Without Delegated Admin";

/// Posts a selection (contract C1) with the session's token; `extra` adds fields.
pub async fn post_selection(
    app: &TestApp,
    ids: &[&str],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let token = app.csrf("/customers").await;
    let mut form: Vec<(&str, &str)> = ids.iter().map(|id| ("subscription", *id)).collect();
    form.push(("csrf_token", &token));
    form.extend_from_slice(extra);
    app.post_form("/subscriptions/batches", &form).await
}

/// Posts a form of the batch page (`partner` or `confirm`) with the page's token.
pub async fn post_batch(
    app: &TestApp,
    batch: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = app.get_html(batch).await;
    let token = csrf_token(&html);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    app.post_form(&format!("{batch}/{action}"), &form).await
}

/// A batch of `ids` with Fabrikam chosen: its page's path.
pub async fn previewed(app: &TestApp, ids: &[&str]) -> String {
    let r = post_selection(app, ids, &[("partner", FABRIKAM)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let batch = location(&r);
    assert!(batch.starts_with("/subscriptions/batches/"), "{batch}");
    batch
}

fn contact_of(app: &TestApp, id: &str) -> Option<String> {
    subscriptions::table
        .find(id)
        .select(subscriptions::support_contact_id)
        .first(&mut *app.conn())
        .expect("subscription")
}

fn events_of_batch(
    app: &TestApp,
    batch_path: &str,
) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let id = batch_path.rsplit('/').next().unwrap_or_default().to_owned();
    audit_events::table
        .filter(audit_events::batch_id.eq(id))
        .select((
            audit_events::subscription_id,
            audit_events::old_value,
            audit_events::new_value,
        ))
        .load(&mut *app.conn())
        .expect("events")
}

fn batch_count(app: &TestApp) -> i64 {
    assignment_batches::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

fn bump_version(app: &TestApp, id: &str) {
    app.run_sql(&format!(
        "UPDATE subscriptions SET version = version + 1 WHERE id = '{id}'"
    ));
}

/// Adatum's Office 365 (Contoso supports it, Fabrikam eligible), its E3 (Fabrikam supports it
/// already) and the Office 365 of a customer where Fabrikam has no delegated admin.
fn three(app: &TestApp) -> (String, String, String) {
    CustomerBuilder::new(NO_DAP)
        .relationship(cast::CONTOSO, Rel::Active)
        .relationship(cast::FABRIKAM, Rel::Active)
        .build(app);
    let other = add_subscription(app, NO_DAP, Sub::sold_by(O365, cast::CONTOSO));
    (
        app.subscription_of(ADATUM, O365),
        app.subscription_of(ADATUM, E3),
        other,
    )
}

#[tokio::test]
async fn a_batch_is_previewed_confirmed_and_reviewed() {
    let app = TestApp::spawn().await;
    let (o365, e3, other) = three(&app);
    app.login("helpdesk@contoso.example").await;
    let back = format!("/customers/{}", app.tenant_of(ADATUM));
    let r = post_selection(&app, &[&o365, &e3, &other, &o365], &[("back", &back)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let batch = location(&r);
    // Without a partner: the choice, with the reseller typeahead (contract C3).
    let (status, html) = app.get_html(&batch).await;
    assert_eq!(status, StatusCode::OK, "{}", text(&html));
    assert!(html.contains("data-suggest=\"resellers\""));
    assert!(
        text(&html).contains("3 subscriptions selected"),
        "{}",
        text(&html)
    );
    // A name that matches several partners offers each.
    let r = post_batch(&app, &batch, "partner", &[("partner", "o")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&r.text().await.expect("body"));
    assert!(page.contains("Several partners match"), "{page}");
    let r = post_batch(&app, &batch, "partner", &[("partner", "fabrikam")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), batch);

    let (status, html) = app.get_html(&batch).await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    for words in [
        "1 will change",
        "1 already supported",
        "1 cannot change",
        "Not available: no delegated admin",
        NO_DAP,
    ] {
        assert!(page.contains(words), "preview lacks {words:?}: {page}");
    }
    let before = app.audit_count();
    let r = post_batch(&app, &batch, "confirm", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), batch);
    let fabrikam = app.partner_id_of(cast::FABRIKAM);
    let contoso = app.partner_id_of(cast::CONTOSO);
    assert_eq!(contact_of(&app, &o365), Some(fabrikam.clone()));
    assert_eq!(contact_of(&app, &other), Some(contoso.clone()));
    assert_eq!(app.audit_count(), before + 1, "one event per change");
    assert_eq!(
        events_of_batch(&app, &batch),
        vec![(Some(o365.clone()), Some(contoso), Some(fabrikam))]
    );
    // The review: what changed, what was refused and why, what each customer now sees.
    let (status, html) = app.get_html(&batch).await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    for words in [
        "1 subscription changed.",
        "1 changed",
        "1 refused",
        "What Adatum Corporation now sees",
        "no delegated admin",
    ] {
        assert!(page.contains(words), "review lacks {words:?}: {page}");
    }
    assert!(
        html.contains(&format!("href=\"{back}\"")),
        "Close goes back"
    );
    // Confirming again changes nothing and says so.
    let r = post_batch(&app, &batch, "confirm", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html(&batch).await;
    assert!(text(&html).contains("confirmed already"), "{}", text(&html));
    assert_eq!(app.audit_count(), before + 1);
    assert!(ineligible_contacts(&mut app.conn(), EligibilityRule::DelegatedAdmin).is_empty());
}

#[tokio::test]
async fn a_stale_row_is_refused_and_the_others_change() {
    let app = TestApp::spawn().await;
    let o365 = app.subscription_of(ADATUM, O365);
    let second = add_subscription(
        &app,
        ADATUM,
        Sub::sold_by("Microsoft 365 E5", cast::CONTOSO),
    );
    app.login("admin@contoso.example").await;
    let batch = previewed(&app, &[&o365, &second]).await;
    bump_version(&app, &second);
    let (_, html) = app.get_html(&batch).await;
    assert!(
        text(&html).contains("changed since this preview"),
        "{}",
        text(&html)
    );
    let r = post_batch(&app, &batch, "confirm", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let fabrikam = app.partner_id_of(cast::FABRIKAM);
    assert_eq!(contact_of(&app, &o365), Some(fabrikam));
    assert_eq!(
        contact_of(&app, &second),
        Some(app.partner_id_of(cast::CONTOSO))
    );
    assert_eq!(events_of_batch(&app, &batch).len(), 1);
    let (_, html) = app.get_html(&batch).await;
    assert!(
        text(&html).contains("it changed after the preview"),
        "{}",
        text(&html)
    );
}

#[tokio::test]
async fn all_or_nothing_changes_nothing_when_a_row_is_refused() {
    let app = TestApp::spawn().await;
    let o365 = app.subscription_of(ADATUM, O365);
    let second = add_subscription(
        &app,
        ADATUM,
        Sub::sold_by("Microsoft 365 E5", cast::CONTOSO),
    );
    app.login("admin@contoso.example").await;
    let batch = previewed(&app, &[&o365, &second]).await;
    bump_version(&app, &second);
    let before = app.audit_count();
    let r = post_batch(&app, &batch, "confirm", &[("all_or_nothing", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let contoso = app.partner_id_of(cast::CONTOSO);
    assert_eq!(contact_of(&app, &o365), Some(contoso.clone()));
    assert_eq!(contact_of(&app, &second), Some(contoso));
    assert_eq!(app.audit_count(), before);
    let (_, html) = app.get_html(&batch).await;
    let page = text(&html);
    assert!(page.contains("Nothing changed"), "{page}");
    assert!(
        page.contains("Stopped the confirmation: it changed after the preview"),
        "{page}"
    );
    // A fresh preview takes the new version; the confirmation then goes through.
    let r = post_batch(&app, &batch, "partner", &[("partner", FABRIKAM)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_batch(&app, &batch, "confirm", &[("all_or_nothing", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(events_of_batch(&app, &batch).len(), 2);
}

#[tokio::test]
async fn eligibility_lost_after_the_preview_refuses_the_rows() {
    let app = TestApp::spawn().await;
    let o365 = app.subscription_of(ADATUM, O365);
    app.login("admin@contoso.example").await;
    let batch = previewed(&app, &[&o365]).await;
    // Adatum removes Fabrikam's delegated admin privileges meanwhile.
    let customer = app.signed_in("admin@adatum.example").await;
    let path = format!("/admin/partners/{FABRIKAM}/delegated-admin/remove");
    let token = customer.csrf(&path).await;
    let r = customer.post_form(&path, &[("csrf_token", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_batch(&app, &batch, "confirm", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        contact_of(&app, &o365),
        Some(app.partner_id_of(cast::CONTOSO))
    );
    assert!(events_of_batch(&app, &batch).is_empty());
    let (_, html) = app.get_html(&batch).await;
    let page = text(&html);
    assert!(
        page.contains("1 refused") && page.contains("no delegated admin"),
        "{page}"
    );
    assert!(ineligible_contacts(&mut app.conn(), EligibilityRule::DelegatedAdmin).is_empty());
}

#[tokio::test]
async fn only_the_sellers_assigners_make_and_see_batches() {
    let app = TestApp::spawn().await;
    let o365 = app.subscription_of(ADATUM, O365);
    let e3 = app.subscription_of(ADATUM, E3);
    let tailspin = app.subscription_of(ADATUM, "Microsoft 365 Business Premium");
    let cases: &[(&str, &str, StatusCode)] = &[
        // Rule 9: not visible is 404, exactly as missing.
        ("admin@litware.example", &o365, StatusCode::NOT_FOUND),
        ("admin@tailspin.example", &o365, StatusCode::NOT_FOUND),
        ("helpdesk@contoso.example", &tailspin, StatusCode::NOT_FOUND),
        // Rule 4: visible but not the seller's assigners.
        ("admin@fabrikam.example", &e3, StatusCode::FORBIDDEN),
        ("sales@contoso.example", &o365, StatusCode::FORBIDDEN),
        ("billing@contoso.example", &o365, StatusCode::FORBIDDEN),
        ("admin@adatum.example", &o365, StatusCode::FORBIDDEN),
    ];
    for (email, id, expected) in cases {
        let user = app.signed_in(email).await;
        let page = if email.ends_with("adatum.example") {
            "/admin/support"
        } else {
            "/customers"
        };
        let token = user.csrf(page).await;
        let r = user
            .post_form(
                "/subscriptions/batches",
                &[("subscription", id), ("csrf_token", &token)],
            )
            .await;
        assert_eq!(r.status(), *expected, "{email}");
    }
    assert_eq!(batch_count(&app), 0);
    app.login("helpdesk@contoso.example").await;
    let batch = previewed(&app, &[&o365]).await;
    for (email, expected) in [
        ("admin@litware.example", StatusCode::NOT_FOUND),
        ("admin@fabrikam.example", StatusCode::NOT_FOUND),
        ("sales@contoso.example", StatusCode::FORBIDDEN),
        ("admin@contoso.example", StatusCode::OK),
    ] {
        let (_, status, _) = app.get_html_as(email, &batch).await;
        assert_eq!(status, expected, "{email}");
    }
}

#[tokio::test]
async fn bad_selections_change_nothing() {
    let app = TestApp::spawn().await;
    let o365 = app.subscription_of(ADATUM, O365);
    app.login("helpdesk@contoso.example").await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let r = post_selection(&app, &[&o365, &unknown], &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = post_selection(&app, &["not-a-subscription"], &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Nothing selected: back, with why.
    let back = format!("/customers/{}", app.tenant_of(ADATUM));
    let r = post_selection(&app, &[], &[("back", &back)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), back);
    let (_, html) = app.get_html(&back).await;
    assert!(
        text(&html).contains("Select the subscriptions"),
        "{}",
        text(&html)
    );
    // A back that is not ours is not followed.
    let r = post_selection(&app, &[], &[("back", "https://evil.example/customers")]).await;
    assert_eq!(location(&r), "/customers");
    // More than the limit: refused by name.
    let many: Vec<String> = (0..10_001)
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let ids: Vec<&str> = many.iter().map(String::as_str).collect();
    let r = post_selection(&app, &ids, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html("/customers").await;
    assert!(text(&html).contains("at most 10"), "{}", text(&html));
    // A wrong token.
    let r = app
        .post_form(
            "/subscriptions/batches",
            &[("subscription", o365.as_str()), ("csrf_token", "forged")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(batch_count(&app), 0);
}

#[tokio::test]
async fn two_confirmations_at_once_apply_once() {
    let app = TestApp::spawn().await;
    let o365 = app.subscription_of(ADATUM, O365);
    let second = add_subscription(
        &app,
        ADATUM,
        Sub::sold_by("Microsoft 365 E5", cast::CONTOSO),
    );
    app.login("admin@contoso.example").await;
    let batch = previewed(&app, &[&o365, &second]).await;
    let (_, html) = app.get_html(&batch).await;
    let token = csrf_token(&html);
    let path = format!("{batch}/confirm");
    let form = [("csrf_token", token.as_str())];
    let (a, b) = tokio::join!(app.post_form(&path, &form), app.post_form(&path, &form));
    assert_eq!(a.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.status(), StatusCode::SEE_OTHER);
    assert_eq!(events_of_batch(&app, &batch).len(), 2);
}

#[tokio::test]
async fn the_customer_page_offers_checkboxes_to_assigners() {
    let app = TestApp::spawn().await;
    let path = format!("/customers/{}", app.tenant_of(ADATUM));
    let (_, _, html) = app.get_html_as("helpdesk@contoso.example", &path).await;
    // Contoso's two subscriptions, not Tailspin's nor Microsoft's.
    assert_eq!(html.matches("name=\"subscription\"").count(), 2, "{html}");
    assert!(html.contains("action=\"/subscriptions/batches\""));
    let (_, _, html) = app.get_html_as("sales@contoso.example", &path).await;
    assert!(!html.contains("name=\"subscription\""));
}

/// "Select all N matching" posts the subscription list's filter instead of ids: the batch holds
/// exactly the subscriptions the same filter lists, and a filter that matches nothing is refused
/// with the empty selection's message (nothing made).
#[tokio::test]
async fn select_all_matching_makes_a_batch_of_what_the_filter_lists() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@contoso.example").await;
    // Adatum's subscriptions sold and supported by Contoso: one (Office 365).
    let filter = [("customer", ADATUM), ("contact", "4100001")];
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in filter {
        query.append_pair(k, v);
    }
    let (status, list) = admin
        .get_html(&format!("/subscriptions?{}", query.finish()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&list).contains(O365), "{}", text(&list));
    let token = csrf_token(&list);
    let mut form = vec![("csrf_token", token.as_str()), ("all_matching", "1")];
    form.extend_from_slice(&filter);
    let r = admin.post_form("/subscriptions/batches", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let batch = location(&r);
    assert!(batch.starts_with("/subscriptions/batches/"), "{batch}");
    let id = batch.rsplit('/').next().unwrap_or_default().to_owned();
    let items: Vec<String> = partnerdesk::db::schema::assignment_batch_items::table
        .filter(partnerdesk::db::schema::assignment_batch_items::batch_id.eq(&id))
        .select(partnerdesk::db::schema::assignment_batch_items::subscription_id)
        .load(&mut *app.conn())
        .expect("items");
    assert_eq!(items, vec![app.subscription_of(ADATUM, O365)]);

    // Nothing matches: refused, no batch made.
    let batches = || -> i64 {
        assignment_batches::table
            .count()
            .get_result(&mut *app.conn())
            .expect("count")
    };
    let before = batches();
    let r = admin
        .post_form(
            "/subscriptions/batches",
            &[
                ("csrf_token", token.as_str()),
                ("all_matching", "1"),
                ("customer", "No Such Customer Anywhere"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!location(&r).starts_with("/subscriptions/batches/"));
    assert_eq!(batches(), before);
    // A malformed filter is a 400, as on the list.
    let r = admin
        .post_form(
            "/subscriptions/batches",
            &[
                ("csrf_token", token.as_str()),
                ("all_matching", "1"),
                ("status", "sleeping"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
