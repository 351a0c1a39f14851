//! The subscription list across customers (issue 15): rule 9's rows, each filter, each sort both
//! ways, keyset paging forward and back, page sizes, the CSV export, the Resellers page's links
//! and the queries' use of their indexes.

use std::collections::BTreeSet;

use diesel::prelude::*;
use partnerdesk::db::DbConn;
use partnerdesk::db::ids::PartnerId;
use partnerdesk::db::models::subscription_list;
use partnerdesk::db::schema::{customer_relationships, customers, subscriptions};
use reqwest::StatusCode;

use crate::helpers::{TestApp, attrs, rel_link, text};

const CONTOSO: i32 = 4_100_001;
const FABRIKAM: i32 = 4_200_001;
const LITWARE: i32 = 4_100_002;

/// One subscription as the database has it: (id, customer name, seller, ror, contact, status).
type Db = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The subscriptions `mpn` sees (rule 9): of customers it has an active relationship with, those
/// it sold, earns on or supports.
fn visible(app: &TestApp, mpn: i32) -> Vec<Db> {
    let p = app.partner_id_of(mpn);
    subscriptions::table
        .inner_join(customers::table)
        .inner_join(
            customer_relationships::table
                .on(customer_relationships::customer_id.eq(subscriptions::customer_id)),
        )
        .filter(customer_relationships::partner_id.eq(&p))
        .filter(customer_relationships::state.eq("active"))
        .filter(
            subscriptions::seller_id
                .eq(&p)
                .or(subscriptions::reseller_of_record_id.eq(&p))
                .or(subscriptions::support_contact_id.eq(&p)),
        )
        .select((
            subscriptions::id,
            customers::company_name,
            subscriptions::seller_id,
            subscriptions::reseller_of_record_id,
            subscriptions::support_contact_id,
            subscriptions::status,
        ))
        .load(&mut *app.conn())
        .expect("visible")
}

fn ids(rows: &[Db]) -> BTreeSet<String> {
    rows.iter().map(|r| r.0.clone()).collect()
}

/// The subscription ids a list page shows, in page order (from its product links).
fn shown(html: &str) -> Vec<String> {
    attrs(html, "tbody a[href*='/subscriptions/']", "href")
        .into_iter()
        .filter_map(|h| h.rsplit('/').next().map(str::to_owned))
        .collect()
}

/// Every row from `start` along the `rel` links, in order; panics past `max` pages.
async fn walk(app: &TestApp, start: &str, rel: &str, max: usize) -> (Vec<String>, Option<String>) {
    let mut all = Vec::new();
    let mut at = Some(start.to_owned());
    let mut last = None;
    let mut pages = 0;
    while let Some(path) = at {
        pages += 1;
        assert!(pages <= max, "more than {max} pages from {start}");
        let (status, html) = app.get_html(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {}", text(&html));
        let mut rows = shown(&html);
        if rel == "prev" {
            rows.reverse();
        }
        all.extend(rows);
        last = Some(path);
        at = rel_link(&html, rel);
    }
    (all, last)
}

fn no_repeats(rows: &[String]) -> BTreeSet<String> {
    let set: BTreeSet<String> = rows.iter().cloned().collect();
    assert_eq!(set.len(), rows.len(), "a row shown twice");
    set
}

#[tokio::test]
async fn contoso_sees_every_subscription_it_sells_page_by_page_forward_and_back() {
    let app = TestApp::spawn().await;
    app.login("globaladmin@contoso.example").await;
    let expected = ids(&visible(&app, CONTOSO));
    assert!(expected.len() > 200, "the demo has a few hundred");
    let (forward, last) = walk(&app, "/subscriptions?size=100", "next", 50).await;
    assert_eq!(no_repeats(&forward), expected);
    // From the last page back to the first: the same rows, the other way.
    let last = last.expect("a last page");
    let (html_status, last_html) = app.get_html(&last).await;
    assert_eq!(html_status, StatusCode::OK);
    let start = rel_link(&last_html, "prev").expect("a previous page");
    let (mut back, _) = walk(&app, &start, "prev", 50).await;
    back.reverse();
    let tail = shown(&last_html);
    back.extend(tail);
    assert_eq!(back, forward);
    // Woodgrove (Litware's) and Tailspin's own subscription never appear.
    let (_, html) = app.get_html("/subscriptions?customer=woodgrove").await;
    assert!(shown(&html).is_empty());
    let tailspin = app.subscription_of("Adatum Corporation", "Microsoft 365 Business Premium");
    assert!(!forward.contains(&tailspin));
}

#[tokio::test]
async fn every_sort_reads_the_same_rows_both_ways() {
    let app = TestApp::spawn().await;
    app.login("admin@contoso.example").await;
    let expected = ids(&visible(&app, CONTOSO));
    for sort in ["customer", "product", "contact", "status", "updated"] {
        let (up, _) = walk(
            &app,
            &format!("/subscriptions?sort={sort}&size=100"),
            "next",
            50,
        )
        .await;
        let (mut down, _) = walk(
            &app,
            &format!("/subscriptions?sort={sort}&dir=desc&size=100"),
            "next",
            50,
        )
        .await;
        assert_eq!(no_repeats(&up), expected, "{sort}");
        down.reverse();
        assert_eq!(down, up, "{sort}: descending is ascending reversed");
    }
    // Last change: in the database's (updated_at, id) order.
    let by_time: Vec<String> = {
        let p = app.partner_id_of(CONTOSO);
        subscriptions::table
            .filter(subscriptions::seller_id.eq(&p))
            .order((subscriptions::updated_at.asc(), subscriptions::id.asc()))
            .select(subscriptions::id)
            .load::<String>(&mut *app.conn())
            .expect("by time")
            .into_iter()
            .filter(|id| expected.contains(id))
            .collect()
    };
    let (up, _) = walk(&app, "/subscriptions?sort=updated&size=100", "next", 50).await;
    assert_eq!(up, by_time);
}

#[tokio::test]
async fn each_filter_narrows_to_exactly_its_rows() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let all = visible(&app, CONTOSO);
    let fabrikam = app.partner_id_of(FABRIKAM);
    let pick = |f: &dyn Fn(&Db) -> bool| -> BTreeSet<String> {
        all.iter().filter(|r| f(r)).map(|r| r.0.clone()).collect()
    };
    let adatum_office = app.subscription_of("Adatum Corporation", "Office 365 Business Standard");
    let cases: Vec<(String, BTreeSet<String>)> = vec![
        (
            format!("contact={FABRIKAM}"),
            pick(&|r| r.4.as_deref() == Some(fabrikam.as_str())),
        ),
        (
            "contact=Fabrikam".to_owned(),
            pick(&|r| r.4.as_deref() == Some(fabrikam.as_str())),
        ),
        (
            "not_seller=1".to_owned(),
            pick(&|r| r.4.is_some() && r.4 != r.2),
        ),
        (
            format!("reseller={FABRIKAM}"),
            pick(&|r| r.3.as_deref() == Some(fabrikam.as_str())),
        ),
        ("status=suspended".to_owned(), pick(&|r| r.5 == "suspended")),
        (
            "customer=adatum".to_owned(),
            pick(&|r| r.1 == "Adatum Corporation"),
        ),
        (
            format!("q={adatum_office}"),
            pick(&|r| r.0 == adatum_office),
        ),
        (
            format!("q={}", &adatum_office[..8].to_uppercase()),
            pick(&|r| r.0.starts_with(&adatum_office[..8])),
        ),
        (
            format!("product={}", app.product_id_of("Microsoft 365 E3")),
            {
                let e3 = app.product_id_of("Microsoft 365 E3");
                let of_e3: BTreeSet<String> = subscriptions::table
                    .filter(subscriptions::product_id.eq(&e3))
                    .select(subscriptions::id)
                    .load::<String>(&mut *app.conn())
                    .expect("e3")
                    .into_iter()
                    .collect();
                pick(&|r| of_e3.contains(&r.0))
            },
        ),
    ];
    for (query, want) in cases {
        assert!(!want.is_empty(), "{query}: the demo has some");
        let (rows, _) = walk(
            &app,
            &format!("/subscriptions?{query}&size=100"),
            "next",
            50,
        )
        .await;
        assert_eq!(no_repeats(&rows), want, "{query}");
    }
    // The mark beside a contact that is not the seller.
    let (_, html) = app
        .get_html(&format!("/subscriptions?contact={FABRIKAM}"))
        .await;
    assert!(html.contains("contact-not-seller"));
    // Nothing single to filter by: nothing listed, and said why.
    let (status, html) = app.get_html("/subscriptions?contact=9999999").await;
    assert_eq!(status, StatusCode::OK);
    assert!(shown(&html).is_empty());
    assert!(
        text(&html).contains("PartnerID 9999999 is not"),
        "{}",
        text(&html)
    );
}

#[tokio::test]
async fn resellers_see_only_their_own_and_billing_admins_and_customers_are_refused() {
    let app = TestApp::spawn().await;
    app.login("admin@fabrikam.example").await;
    let (rows, _) = walk(&app, "/subscriptions?size=100", "next", 50).await;
    assert_eq!(no_repeats(&rows), ids(&visible(&app, FABRIKAM)));
    assert!(!rows.is_empty());

    let litware = app.new_session();
    litware.login("admin@litware.example").await;
    let (rows, _) = walk(&litware, "/subscriptions", "next", 5).await;
    let woodgrove = app.subscription_of("Woodgrove Bank", "Microsoft 365 E5");
    assert_eq!(rows, vec![woodgrove]);
    assert_eq!(ids(&visible(&app, LITWARE)).len(), 1);

    for email in [
        "billing@contoso.example",
        "admin@adatum.example",
        "user@adatum.example",
    ] {
        let user = app.new_session();
        user.login(email).await;
        for path in ["/subscriptions", "/subscriptions.csv"] {
            let r = user.get(path).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{email} {path}");
        }
    }
}

#[tokio::test]
async fn the_csv_holds_the_filtered_list_in_its_order() {
    let app = TestApp::spawn().await;
    app.login("admin@contoso.example").await;
    let r = app
        .get(&format!("/subscriptions.csv?contact={FABRIKAM}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let body = r.text().await.expect("body");
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert!(
        lines[0]
            .trim_start_matches('\u{feff}')
            .starts_with("Customer,Tenant ID,Subscription ID")
    );
    let fabrikam = app.partner_id_of(FABRIKAM);
    let want: BTreeSet<String> = visible(&app, CONTOSO)
        .into_iter()
        .filter(|r| r.4.as_deref() == Some(fabrikam.as_str()))
        .map(|r| r.0)
        .collect();
    let got: BTreeSet<String> = lines[1..]
        .iter()
        .filter_map(|l| l.split(',').nth(2).map(str::to_owned))
        .collect();
    assert_eq!(got, want);
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.contains("Fabrikam Solutions (4200001)"))
    );

    // The whole list, past one chunk of the export, in the list's order.
    let body = app
        .get("/subscriptions.csv?sort=updated&dir=desc")
        .await
        .text()
        .await
        .expect("all");
    let rows: Vec<String> = body
        .trim_end()
        .split("\r\n")
        .skip(1)
        .filter_map(|l| l.split(',').nth(2).map(str::to_owned))
        .collect();
    let (listed, _) = walk(
        &app,
        "/subscriptions?sort=updated&dir=desc&size=100",
        "next",
        50,
    )
    .await;
    assert_eq!(rows, listed);
}

#[tokio::test]
async fn the_resellers_page_links_each_count_to_the_list_and_the_nav_has_it() {
    let app = TestApp::spawn().await;
    app.login("globaladmin@contoso.example").await;
    let (status, html) = app.get_html("/resellers").await;
    assert_eq!(status, StatusCode::OK);
    let links = attrs(&html, "a[href^='/subscriptions?contact=']", "href");
    assert!(
        links.contains(&format!("/subscriptions?contact={FABRIKAM}")),
        "{links:?}"
    );
    assert!(attrs(&html, "nav a", "href").contains(&"/subscriptions".to_owned()));
    let (_, pl) = app.get_html_in("/subscriptions", "pl").await;
    assert!(text(&pl).contains("Subskrypcje"));
}

#[tokio::test]
async fn page_sizes_on_both_lists_and_bad_input_is_400() {
    let app = TestApp::spawn().await;
    app.login("admin@contoso.example").await;
    for size in [25, 50, 100] {
        let (status, html) = app.get_html(&format!("/subscriptions?size={size}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(shown(&html).len(), size, "/subscriptions size {size}");
        let next = rel_link(&html, "next").expect("next");
        if size != 25 {
            assert!(next.contains(&format!("size={size}")), "{next}");
        }
        let (status, html) = app.get_html(&format!("/customers?size={size}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            crate::helpers::linked_tenants(&html).len(),
            size,
            "/customers size {size}"
        );
        let next = rel_link(&html, "next").expect("next");
        if size != 25 {
            assert!(next.contains(&format!("size={size}")), "{next}");
        }
    }
    for bad in [
        "/customers?size=7",
        "/subscriptions?size=7",
        "/subscriptions?status=gone",
        "/subscriptions?product=not-a-product",
        "/subscriptions?sort=price",
        "/subscriptions?dir=up",
        "/subscriptions?after=zz",
        "/subscriptions?q=12ab",
        "/subscriptions?q=zzzzzzzzzz",
        "/subscriptions?contact=12",
        "/subscriptions?customer=a%07b",
        "/subscriptions?not_seller=maybe",
        "/subscriptions.csv?size=7",
    ] {
        let (status, _) = app.get_html(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // A cursor of one sort is not one of another.
    let (_, html) = app.get_html("/subscriptions?sort=updated").await;
    let next = rel_link(&html, "next").expect("next");
    let other = next.replace("sort=updated", "sort=product");
    let (status, _) = app.get_html(&other).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_selection_posts_to_the_batch_with_the_list_as_back() {
    let app = TestApp::spawn().await;
    app.login("admin@contoso.example").await;
    let (_, html) = app
        .get_html(&format!("/subscriptions?contact={FABRIKAM}"))
        .await;
    assert_eq!(
        attrs(&html, "form#selection", "action"),
        ["/subscriptions/batches"]
    );
    assert_eq!(
        attrs(&html, "form#selection input[name=back]", "value"),
        [format!("/subscriptions?contact={FABRIKAM}")]
    );
    assert_eq!(
        attrs(&html, "input[name=subscription]", "value").len(),
        shown(&html).len()
    );
    // More than a page matches: "select all" carries the filter.
    let (_, html) = app.get_html("/subscriptions?status=active").await;
    assert_eq!(attrs(&html, "input[name=all_matching]", "value"), ["1"]);
    assert_eq!(
        attrs(&html, "form input[name=status][type=hidden]", "value"),
        ["active"]
    );
    // Sales agents read the list without a selection.
    let sales = app.new_session();
    sales.login("sales@contoso.example").await;
    let (_, html) = sales.get_html("/subscriptions").await;
    assert!(attrs(&html, "input[name=subscription]", "value").is_empty());
}

#[tokio::test]
async fn matching_ids_are_the_filters_rows_up_to_the_limit() {
    let app = TestApp::spawn().await;
    let contoso = PartnerId::from(app.partner_id_of(CONTOSO));
    let mut conn = app.conn();
    let filter = subscription_list::ListFilter {
        not_seller: true,
        ..Default::default()
    };
    let all = subscription_list::matching_ids(&mut conn, &contoso, &filter, 100_000).expect("ids");
    let fabrikam = app.partner_id_of(FABRIKAM);
    let _ = fabrikam;
    let want: BTreeSet<String> = visible(&app, CONTOSO)
        .into_iter()
        .filter(|r| r.4.is_some() && r.4 != r.2)
        .map(|r| r.0)
        .collect();
    let got: BTreeSet<String> = all.iter().map(|i| i.as_str().to_owned()).collect();
    assert_eq!(got, want);
    let some = subscription_list::matching_ids(&mut conn, &contoso, &filter, 1).expect("one");
    assert_eq!(some.len(), 1);
}

/// What is wrong with a plan of the list's key queries, if anything.
fn plan_problems(conn: &DbConn, plans: &[(&'static str, String)]) -> Vec<String> {
    let sqlite = matches!(conn, DbConn::Sqlite(_));
    let mut problems = Vec::new();
    for (query, plan) in plans {
        let whole: Vec<&str> = plan
            .lines()
            .filter(|line| {
                if sqlite {
                    // The bounded count's own subquery is read whole: it holds at most its cap.
                    let line = line.trim_start();
                    line.starts_with("SCAN ") && line != "SCAN counted"
                } else {
                    line.contains("Seq Scan")
                }
            })
            .collect();
        if !whole.is_empty() {
            problems.push(format!("{query}: reads a whole table in\n{plan}"));
        }
        if *query == "subscription id" {
            // One row by primary key, its relationship by the unique (customer, partner) index.
            // (PostgreSQL's planner chooses by its statistics, which a small test database does
            // not give: there only no whole-table read is checked.)
            if sqlite && !plan.contains("sqlite_autoindex_subscriptions_1") {
                problems.push(format!("{query}: not by the primary key\n{plan}"));
            }
            continue;
        }
        if !plan.contains("customer_relationships_partner_idx") {
            problems.push(format!(
                "{query}: not by the partner's ordered index\n{plan}"
            ));
        }
        if query.starts_with("page") || *query == "first page" {
            // The walk is in the customers' order; only within a customer may rows be sorted.
            let whole_sort = if sqlite {
                plan.contains("USE TEMP B-TREE FOR ORDER BY")
            } else {
                // An Incremental Sort (of the rows of one customer at a time) is what is wanted.
                plan.lines().any(|l| {
                    let l = l.trim_start().trim_start_matches("->").trim_start();
                    l.starts_with("Sort  (")
                })
            };
            if whole_sort {
                problems.push(format!("{query}: sorts the whole list\n{plan}"));
            }
        }
    }
    problems
}

#[tokio::test]
async fn the_default_order_reads_the_partners_ordered_index() {
    let app = TestApp::spawn().await;
    let contoso = PartnerId::from(app.partner_id_of(CONTOSO));
    let key = {
        let mut conn = app.conn();
        let range = subscription_list::Range {
            column: subscription_list::SortColumn::Customer,
            descending: false,
            reading: subscription_list::Reading::Forward,
            after: None,
        };
        subscription_list::list_range(&mut conn, &contoso, &Default::default(), range, 30)
            .expect("rows")
            .last()
            .expect("a row")
            .key()
    };
    let mut conn = app.conn();
    let plans = subscription_list::list_query_plans(&mut conn, &contoso, &key).expect("plans");
    assert_eq!(plans.len(), 5);
    let problems = plan_problems(&conn, &plans);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));

    // The check fails when the ordered index is gone (it can catch what it is for).
    diesel::sql_query("DROP INDEX customer_relationships_partner_idx")
        .execute(&mut *conn)
        .expect("drop the index");
    let broken = subscription_list::list_query_plans(&mut conn, &contoso, &key);
    let problems = match broken {
        Ok(plans) => plan_problems(&conn, &plans),
        // SQLite refuses a query whose INDEXED BY names no index.
        Err(e) => vec![e.to_string()],
    };
    assert!(!problems.is_empty());
}
