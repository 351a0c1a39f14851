//! Importing customers and subscriptions from CSV (issue 14, item 6): the sample files through
//! the command line and the page, every refusal with its line and nothing written, rule 1 for new
//! subscriptions, never deleting, and the page's upload, preview and confirmation.

use diesel::prelude::*;
use partnerdesk::db::schema::{
    audit_events, customer_relationships, customers, import_uploads, subscriptions,
};
use reqwest::StatusCode;

use crate::helpers::{CliRun, TestApp, csrf_token, location, run_cli, text, text_of};

const CONTOSO: &str = "4100001";
const SUB_1: &str = "7b1e0000-0000-4000-8000-000000000001";
const SUB_2: &str = "7b1e0000-0000-4000-8000-000000000002";
const ALPINE: &str = "6a0f4e5c-1d2b-4c3a-9e8f-0a1b2c3d4e01";

fn sample(name: &str) -> String {
    format!("{}/docs/samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Writes `bytes` to a temporary file, kept as long as the handle.
fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(f.path(), bytes).expect("write");
    f
}

fn import(app: &TestApp, kind: &str, path: &str, extra: &[&str]) -> CliRun {
    let mut args = vec!["import", kind, path, "--org", CONTOSO];
    args.extend_from_slice(extra);
    run_cli(&app.database, &args, "")
}

macro_rules! count {
    ($app:expr, $table:expr) => {
        $table
            .count()
            .get_result::<i64>(&mut *$app.conn())
            .expect("count")
    };
}

/// Customers, relationships, subscriptions, audit events: what an import may write.
fn totals(app: &TestApp) -> (i64, i64, i64, i64) {
    (
        count!(app, customers::table),
        count!(app, customer_relationships::table),
        count!(app, subscriptions::table),
        count!(app, audit_events::table),
    )
}

fn imports_recorded(app: &TestApp) -> Vec<String> {
    audit_events::table
        .filter(audit_events::operation.eq("import.completed"))
        .order(audit_events::occurred_at.asc())
        .select(audit_events::new_value.assume_not_null())
        .load(&mut *app.conn())
        .expect("events")
}

fn subscription(
    app: &TestApp,
    id: &str,
) -> (Option<String>, Option<String>, Option<String>, i32, String) {
    subscriptions::table
        .find(id)
        .select((
            subscriptions::seller_id,
            subscriptions::support_contact_id,
            subscriptions::reseller_of_record_id,
            subscriptions::quantity,
            subscriptions::status,
        ))
        .first(&mut *app.conn())
        .expect("subscription")
}

#[tokio::test]
async fn the_sample_files_import_and_again_change_nothing() {
    let app = TestApp::spawn().await;
    let run = import(&app, "customers", &sample("customers.csv"), &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert!(run.stdout.contains("3 new, 0 changed"), "{}", run.stdout);
    let run = import(&app, "subscriptions", &sample("subscriptions.csv"), &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert!(run.stdout.contains("4 new, 0 changed"), "{}", run.stdout);

    // Rule 1: the importer sells and supports; the reseller of record is the file's.
    let contoso = app.partner_id_of(4_100_001);
    let (seller, contact, reseller, quantity, status) = subscription(&app, SUB_1);
    assert_eq!(seller.as_deref(), Some(contoso.as_str()));
    assert_eq!(contact.as_deref(), Some(contoso.as_str()));
    assert_eq!(reseller, Some(app.partner_id_of(4_200_001)));
    assert_eq!((quantity, status.as_str()), (25, "active"));
    // A product new to partnerdesk was created from the file.
    let products: i64 = partnerdesk::db::schema::products::table
        .filter(partnerdesk::db::schema::products::offer_id.eq("CFQ7TTC0LH27:0001"))
        .count()
        .get_result(&mut *app.conn())
        .expect("products");
    assert_eq!(products, 1);

    let before = totals(&app);
    for (kind, name, n) in [
        ("customers", "customers.csv", 3),
        ("subscriptions", "subscriptions.csv", 4),
    ] {
        let run = import(&app, kind, &sample(name), &[]);
        assert!(run.success, "{}", run.stderr);
        assert!(
            run.stdout.contains(&format!(
                "0 new, 0 changed (0 relationships created), {n} unchanged"
            )),
            "{}",
            run.stdout
        );
    }
    let after = totals(&app);
    assert_eq!((before.0, before.1, before.2), (after.0, after.1, after.2));
    assert_eq!(
        imports_recorded(&app),
        [
            "customers:3:0:0",
            "subscriptions:4:0:0",
            "customers:0:0:3",
            "subscriptions:0:0:4"
        ]
    );
}

#[tokio::test]
async fn polish_headers_semicolons_and_windows_1250_import() {
    let app = TestApp::spawn().await;
    let run = import(&app, "customers", &sample("klienci-pl.csv"), &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    let names: Vec<String> = customers::table
        .filter(customers::country.eq("PL"))
        .select(customers::company_name)
        .order(customers::company_name.asc())
        .load(&mut *app.conn())
        .expect("names");
    assert!(
        names.contains(&"Zakłady Mięsne Łódź sp. z o.o.".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"Piękarnia Żytnia; Gdańsk".to_owned()),
        "{names:?}"
    );
}

#[tokio::test]
async fn a_utf8_bom_is_read_past() {
    let app = TestApp::spawn().await;
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(sample("customers.csv")).expect("sample"));
    let f = file(&bytes);
    let run = import(&app, "customers", &f.path().to_string_lossy(), &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert!(run.stdout.contains("3 new"), "{}", run.stdout);
}

const CUSTOMERS_HEADER: &str = "Company name,Primary domain,Microsoft ID,Country\n";
const GOOD_CUSTOMER: &str =
    "Good Co,goodco.onmicrosoft.com,6a0f4e5c-1d2b-4c3a-9e8f-0a1b2c3d4e21,US\n";
const SUBS_HEADER: &str = "Subscription ID,Customer tenant ID,Offer name,Offer ID,Quantity,Status,Commerce type,Reseller PartnerID\n";

#[tokio::test]
async fn each_refusal_names_its_line_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let adatum = app.tenant_of("Adatum Corporation");
    let woodgrove = app.tenant_of("Woodgrove Bank");
    let premium = app.subscription_of("Adatum Corporation", "Microsoft 365 Business Premium");
    let good_sub = format!("{SUB_1},{adatum},Visio Plan 2,VISIO-NEW,5,Active,Legacy,\n");
    let sub = |line: &str| format!("{SUBS_HEADER}{good_sub}{line}\n");
    let customers_file = |line: &str| format!("{CUSTOMERS_HEADER}{GOOD_CUSTOMER}{line}\n");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "customers",
            "Company name,Microsoft ID,Country\nA,6a0f4e5c-1d2b-4c3a-9e8f-0a1b2c3d4e21,US\n"
                .to_owned(),
            "lacks these columns: Primary domain",
        ),
        (
            "customers",
            format!("{},Colour", CUSTOMERS_HEADER.trim_end()),
            "does not read: Colour",
        ),
        (
            "customers",
            customers_file("Bad Co,badco.onmicrosoft.com,not-a-guid,US"),
            "line 3: Microsoft ID: A tenant ID is a GUID",
        ),
        (
            "customers",
            customers_file("Bad Co,bad_co,6a0f4e5c-1d2b-4c3a-9e8f-0a1b2c3d4e22,US"),
            "line 3: Primary domain",
        ),
        (
            "customers",
            customers_file("Dup Co,dupco.onmicrosoft.com,6a0f4e5c-1d2b-4c3a-9e8f-0a1b2c3d4e21,US"),
            "line 3: Microsoft ID appears twice in the file (first on line 2)",
        ),
        ("customers", "".to_owned(), "The file is empty"),
        ("customers", "a,b\0c\n".to_owned(), "not a CSV text file"),
        (
            "customers",
            CUSTOMERS_HEADER.to_owned(),
            "header row but no rows",
        ),
        (
            "subscriptions",
            sub(&format!("not-a-guid,{adatum},E3,X1,5,Active,Legacy,")),
            "line 3: Subscription ID: \"not-a-guid\" is not a subscription ID",
        ),
        (
            "subscriptions",
            sub(&format!("{SUB_2},{adatum},E3,X1,0,Active,Legacy,")),
            "line 3: Quantity: \"0\" is not a positive whole number",
        ),
        (
            "subscriptions",
            sub(&format!("{SUB_2},{adatum},E3,X1,2.5,Active,Legacy,")),
            "line 3: Quantity: \"2.5\"",
        ),
        (
            "subscriptions",
            sub(&format!("{SUB_2},{adatum},E3,X1,5,Sleeping,Legacy,")),
            "line 3: Status: \"Sleeping\" is not a subscription status",
        ),
        (
            "subscriptions",
            sub(&format!("{SUB_2},{woodgrove},E3,X1,5,Active,Legacy,")),
            "line 3: The customer",
        ),
        (
            "subscriptions",
            sub(&format!("{SUB_2},{adatum},E3,X1,5,Active,Legacy,4100002")),
            "line 3: Reseller PartnerID: 4100002 is not one of your active indirect resellers",
        ),
        (
            "subscriptions",
            sub(&format!("{SUB_1},{adatum},E3,X1,5,Active,Legacy,")),
            "line 3: Subscription ID appears twice in the file (first on line 2)",
        ),
        (
            "subscriptions",
            sub(&format!("{premium},{adatum},E3,X1,5,Active,Legacy,")),
            "line 3: This subscription is sold by another partner",
        ),
    ];
    let before = totals(&app);
    for (kind, body, expected) in cases {
        let f = file(body.as_bytes());
        let run = import(&app, kind, &f.path().to_string_lossy(), &[]);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert!(!run.success, "{kind} {body:?} was accepted: {out}");
        assert!(
            out.contains(expected),
            "{kind} {body:?}: expected {expected:?} in {out}"
        );
        assert_eq!(totals(&app), before, "{kind} {body:?} wrote something");
    }
}

#[tokio::test]
async fn a_dry_run_writes_nothing() {
    let app = TestApp::spawn().await;
    let before = totals(&app);
    let run = import(&app, "customers", &sample("customers.csv"), &["--dry-run"]);
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stdout.contains("3 new") && run.stdout.contains("dry run"),
        "{}",
        run.stdout
    );
    assert_eq!(totals(&app), before);
}

#[tokio::test]
async fn a_later_file_keeps_the_support_contact_and_deletes_nothing() {
    let app = TestApp::spawn().await;
    assert!(import(&app, "customers", &sample("customers.csv"), &[]).success);
    assert!(import(&app, "subscriptions", &sample("subscriptions.csv"), &[]).success);
    let fabrikam = app.partner_id_of(4_200_001);
    app.run_sql(&format!(
        "UPDATE subscriptions SET support_contact_id = '{fabrikam}' WHERE id = '{SUB_1}'"
    ));
    // Only the first subscription, with another quantity and status.
    let body = format!(
        "{SUBS_HEADER}{SUB_1},{ALPINE},Microsoft 365 Business Premium,CFQ7TTC0LCHC:0002,30,Suspended,New commerce,4200001\n"
    );
    let f = file(body.as_bytes());
    let run = import(&app, "subscriptions", &f.path().to_string_lossy(), &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert!(run.stdout.contains("0 new, 1 changed"), "{}", run.stdout);
    let (_, contact, _, quantity, status) = subscription(&app, SUB_1);
    assert_eq!(
        contact.as_deref(),
        Some(fabrikam.as_str()),
        "the designated contact is kept"
    );
    assert_eq!((quantity, status.as_str()), (30, "suspended"));
    // Missing from the file, still there as the earlier file left it.
    let (_, _, _, quantity, status) = subscription(&app, SUB_2);
    assert_eq!((quantity, status.as_str()), (10, "active"));
}

#[tokio::test]
async fn customers_already_in_partnerdesk_are_related_not_overwritten() {
    let app = TestApp::spawn().await;
    let woodgrove = app.tenant_of("Woodgrove Bank");
    let adatum = app.tenant_of("Adatum Corporation");
    let body = format!(
        "{CUSTOMERS_HEADER}Woodgrove Renamed,woodgrove.onmicrosoft.com,{woodgrove},PL\nAdatum Renamed,adatum.onmicrosoft.com,{adatum},US\n"
    );
    let f = file(body.as_bytes());
    let run = import(
        &app,
        "customers",
        &f.path().to_string_lossy(),
        &["--dry-run"],
    );
    assert!(
        run.stdout
            .contains("0 new, 2 changed (1 relationships created)"),
        "{}",
        run.stdout
    );
    let run = import(&app, "customers", &f.path().to_string_lossy(), &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    let name = |tenant: &str| -> (String, String) {
        customers::table
            .filter(customers::tenant_id.eq(tenant))
            .select((customers::company_name, customers::country))
            .first(&mut *app.conn())
            .expect("customer")
    };
    // Another partner's customer keeps its fields; the importer's own gets the file's name.
    assert_eq!(
        name(&woodgrove),
        ("Woodgrove Bank".to_owned(), "US".to_owned())
    );
    assert_eq!(name(&adatum).0, "Adatum Renamed");
    // Contoso now sees Woodgrove.
    let contoso = app.signed_in("admin@contoso.example").await;
    let (status, _) = contoso.get_html(&format!("/customers/{woodgrove}")).await;
    assert_eq!(status, StatusCode::OK);
}

// ---------------------------------------------------------------------------------------------
// The page.

/// A multipart/form-data body of these fields ((name, file name, value)), in order.
pub fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----partnerdesk-test-boundary-7d91";
    let mut body = Vec::new();
    for (name, file_name, value) in fields {
        body.extend(format!("--{boundary}\r\n").bytes());
        match file_name {
            Some(f) => body.extend(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .bytes(),
            ),
            None => body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes()),
        }
        body.extend_from_slice(value);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Posts the upload form with `token`, `kind` and the file.
pub async fn upload(app: &TestApp, token: &str, kind: &str, bytes: &[u8]) -> reqwest::Response {
    let (content_type, body) = multipart(&[
        ("csrf_token", None, token.as_bytes()),
        ("kind", None, kind.as_bytes()),
        ("file", Some("upload.csv"), bytes),
    ]);
    app.client
        .post(app.url("/settings/import"))
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .expect("upload")
}

fn uploads(app: &TestApp) -> i64 {
    count!(app, import_uploads::table)
}

#[tokio::test]
async fn the_page_previews_then_imports_on_confirmation() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("globaladmin@contoso.example").await;
    let (status, html) = admin.get_html("/settings/import").await;
    assert_eq!(status, StatusCode::OK);
    let token = csrf_token(&html);
    let before = totals(&app);
    let r = upload(
        &admin,
        &token,
        "customers",
        &std::fs::read(sample("customers.csv")).unwrap(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let preview = location(&r);
    assert!(preview.starts_with("/settings/import/"), "{preview}");
    let (status, html) = admin.get_html(&preview).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text_of(&html, "#count-new").as_deref(), Some("3"));
    assert_eq!(text_of(&html, "#count-refused").as_deref(), Some("0"));
    assert_eq!(totals(&app), before, "a preview writes nothing");

    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/settings/import");
    let (_, html) = admin.get_html("/settings/import").await;
    assert!(
        text(&html).contains("Customers imported: 3 new, 0 changed, 0 unchanged."),
        "{}",
        text(&html)
    );
    assert_eq!(totals(&app).0, before.0 + 3);
    assert_eq!(uploads(&app), 0, "a confirmed upload is used up");
    // A second confirmation finds nothing.
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The subscriptions, and the activity log's event in words.
    let r = upload(
        &admin,
        &token,
        "subscriptions",
        &std::fs::read(sample("subscriptions.csv")).unwrap(),
    )
    .await;
    let preview = location(&r);
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.get_html("/activity").await;
    let log = text(&html);
    assert!(log.contains("Import completed"), "{log}");
    assert!(
        log.contains("Subscriptions: 4 new, 0 changed, 0 unchanged"),
        "{log}"
    );
    let (_, html) = admin.get_html_in("/activity", "pl").await;
    assert!(text(&html).contains("Import zakończony"), "{}", text(&html));

    // The Polish sample (semicolons, Windows-1250) through the page too.
    let r = upload(
        &admin,
        &token,
        "customers",
        &std::fs::read(sample("klienci-pl.csv")).unwrap(),
    )
    .await;
    let preview = location(&r);
    assert_eq!(
        text_of(&admin.get_html(&preview).await.1, "#count-new").as_deref(),
        Some("2")
    );
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// Two confirmations of one upload at once: one imports, the other finds nothing (404), on both
/// backends; the file is imported once, with one audit event.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_confirmations_at_once_import_the_file_once() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("globaladmin@contoso.example").await;
    let token = admin.csrf("/settings/import").await;
    let r = upload(
        &admin,
        &token,
        "customers",
        &std::fs::read(sample("customers.csv")).unwrap(),
    )
    .await;
    let confirm = format!("{}/confirm", location(&r));
    let form = [("csrf_token", token.as_str())];
    let (a, b) = tokio::join!(
        admin.post_form(&confirm, &form),
        admin.post_form(&confirm, &form)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 404]);
    assert_eq!(imports_recorded(&app), ["customers:3:0:0"]);
}

#[tokio::test]
async fn a_stale_preview_refuses_the_whole_file_on_confirmation() {
    let app = TestApp::spawn().await;
    assert!(import(&app, "customers", &sample("customers.csv"), &[]).success);
    let admin = app.signed_in("admin@contoso.example").await;
    let token = admin.csrf("/settings/import").await;
    let r = upload(
        &admin,
        &token,
        "subscriptions",
        &std::fs::read(sample("subscriptions.csv")).unwrap(),
    )
    .await;
    let preview = location(&r);
    assert_eq!(
        text_of(&admin.get_html(&preview).await.1, "#count-refused").as_deref(),
        Some("0")
    );
    // Meanwhile the relationship with one of the customers ends.
    app.run_sql(&format!(
        "UPDATE customer_relationships SET state = 'removed' WHERE customer_id = \
         (SELECT id FROM customers WHERE tenant_id = '{ALPINE}')"
    ));
    let before = totals(&app);
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = text(&r.text().await.unwrap());
    assert!(
        page.contains("The data changed since the preview"),
        "{page}"
    );
    assert!(
        page.contains("has no active relationship with you"),
        "{page}"
    );
    assert_eq!(totals(&app), before);
}

#[tokio::test]
async fn uploads_check_the_token_first_the_size_and_the_organization() {
    let app = TestApp::spawn_configured(|s| s.import_max_bytes = 2048).await;
    let admin = app.signed_in("globaladmin@contoso.example").await;
    let token = admin.csrf("/settings/import").await;
    let csv = std::fs::read(sample("customers.csv")).unwrap();
    // No token, a wrong one, or the file before the token: 403, nothing stored.
    for fields in [
        vec![
            ("kind", None, &b"customers"[..]),
            ("file", Some("a.csv"), &csv[..]),
        ],
        vec![
            ("csrf_token", None, &b"not-the-token"[..]),
            ("file", Some("a.csv"), &csv[..]),
        ],
        vec![
            ("file", Some("a.csv"), &csv[..]),
            ("csrf_token", None, token.as_bytes()),
        ],
    ] {
        let (content_type, body) = multipart(&fields);
        let r = admin
            .client
            .post(admin.url("/settings/import"))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(uploads(&app), 0);
    // Over the limit: the form again, naming the setting.
    let big = [
        CUSTOMERS_HEADER.as_bytes(),
        &GOOD_CUSTOMER.as_bytes().repeat(60),
    ]
    .concat();
    let r = upload(&admin, &token, "customers", &big).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&r.text().await.unwrap()).contains("import_max_bytes"));
    assert_eq!(uploads(&app), 0);

    // The confirmation needs its token too.
    let r = upload(&admin, &token, "customers", &csv).await;
    let preview = location(&r);
    let r = admin
        .post_form(&format!("{preview}/confirm"), &[("csrf_token", "wrong")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Another organization's upload is not there.
    let litware = app.signed_in("admin@litware.example").await;
    let (status, _) = litware.get_html(&preview).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let litware_token = litware.csrf("/settings/import").await;
    let r = litware
        .post_form(
            &format!("{preview}/confirm"),
            &[("csrf_token", &litware_token)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(uploads(&app), 1);
    // Roles and kinds that may not import: 403.
    for email in [
        "helpdesk@contoso.example",
        "admin@fabrikam.example",
        "admin@adatum.example",
    ] {
        let who = app.signed_in(email).await;
        let (status, _) = who.get_html("/settings/import").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        let (status, _) = who.get_html(&preview).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        let token = who.csrf("/customers").await;
        assert_eq!(
            upload(&who, &token, "customers", &csv).await.status(),
            StatusCode::FORBIDDEN,
            "{email}"
        );
    }
    assert_eq!(uploads(&app), 1);
}

/// The periodic purge deletes uploads left unconfirmed for a day, with their chunks, and keeps
/// newer ones.
#[tokio::test]
async fn the_purge_deletes_uploads_a_day_old() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@contoso.example").await;
    let token = admin.csrf("/settings/import").await;
    let csv = std::fs::read(sample("customers.csv")).unwrap();
    let old = location(&upload(&admin, &token, "customers", &csv).await);
    let new = location(&upload(&admin, &token, "customers", &csv).await);
    let old_id = old.trim_start_matches("/settings/import/");
    let day_ago = partnerdesk::db::now() - chrono::TimeDelta::hours(25);
    diesel::update(import_uploads::table.find(old_id))
        .set(import_uploads::created_at.eq(day_ago))
        .execute(&mut *app.conn())
        .unwrap();
    let purged = partnerdesk::housekeeping::purge(&app.db).await.unwrap();
    assert_eq!(purged.uploads, 1);
    assert_eq!(admin.get_html(&old).await.0, StatusCode::NOT_FOUND);
    assert_eq!(admin.get_html(&new).await.0, StatusCode::OK);
    let chunks: i64 = partnerdesk::db::schema::import_upload_chunks::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(chunks, 1, "the old upload's chunk went with it");
}
