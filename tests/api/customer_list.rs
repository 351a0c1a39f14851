//! The customer list at any size (issue 12): keyset paging that never skips nor repeats a row,
//! search that matches the same customers on both backends, counts that stay exact, and the
//! queries' use of their indexes.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use diesel::prelude::*;
use partnerdesk::db::DbConn;
use partnerdesk::db::ids::{CustomerId, PartnerId, RelationshipId, TenantId};
use partnerdesk::db::models::customer::{self, SortKey};
use partnerdesk::db::models::relationship::{
    self, NewRelationship, RelationshipOrigin, RelationshipState,
};
use partnerdesk::db::schema::{customer_relationships, customers, partner_customer_counts};
use reqwest::StatusCode;

use crate::fixtures::{add_customer, add_many_customers};
use crate::helpers::{
    TestApp, csrf_token, linked_tenants, location, rel_link, text, text_of, walk_list,
};

const CONTOSO: i32 = 4_100_001;
const FABRIKAM: i32 = 4_200_001;
const LITWARE: i32 = 4_100_002;

/// One visible customer as the database has it.
#[derive(Debug, Clone)]
struct Row {
    tenant: String,
    name: String,
    domain: String,
}

/// The customers `mpn` has an active relationship with (and `with` too, if set), in list order as
/// the database sorts the customers table itself (not the copy the list reads).
fn visible(app: &TestApp, mpn: i32, with: Option<i32>) -> Vec<Row> {
    let partner = app.partner_id_of(mpn);
    let rows: Vec<(String, String, String, String)> = customer_relationships::table
        .inner_join(customers::table)
        .filter(customer_relationships::partner_id.eq(&partner))
        .filter(customer_relationships::state.eq("active"))
        .order((customers::company_name.asc(), customers::id.asc()))
        .select((
            customers::id,
            customers::tenant_id,
            customers::company_name,
            customers::domain,
        ))
        .load(&mut *app.conn())
        .expect("visible");
    let also: Option<HashSet<String>> = with.map(|other| {
        let other = app.partner_id_of(other);
        customer_relationships::table
            .filter(customer_relationships::partner_id.eq(&other))
            .filter(customer_relationships::state.eq("active"))
            .select(customer_relationships::customer_id)
            .load::<String>(&mut *app.conn())
            .expect("other")
            .into_iter()
            .collect()
    });
    rows.into_iter()
        .filter(|(id, ..)| also.as_ref().is_none_or(|a| a.contains(id)))
        .map(|(_, tenant, name, domain)| Row {
            tenant,
            name,
            domain,
        })
        .collect()
}

/// Lowercase, character by character (what a case-insensitive search means here).
fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Whether a search for `needle` should find `row`: a literal part of its name, domain or tenant
/// id, in any letter case.
fn matches(row: &Row, needle: &str) -> bool {
    let needle = fold(needle);
    [&row.name, &row.domain, &row.tenant]
        .iter()
        .any(|field| fold(field).contains(&needle))
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn tenants(rows: &[Row]) -> Vec<String> {
    rows.iter().map(|r| r.tenant.clone()).collect()
}

/// Walks `start` forwards along Next to its end, then back along Previous from its last page to
/// its first: both must show `expected`, in order, each row once.
async fn assert_pages_in_order(app: &TestApp, start: &str, expected: &[String], max_pages: usize) {
    let forwards = walk_list(app, start, "next", max_pages).await;
    let shown: Vec<String> = forwards.concat();
    let mut once = HashSet::new();
    for tenant in &shown {
        assert!(once.insert(tenant), "{start}: {tenant} shown twice");
    }
    assert_eq!(shown, expected, "{start}: forwards");
    // Back: from the last page that was reached through Next, along Previous.
    let mut at = start.to_owned();
    let mut last_html = String::new();
    for _ in 0..max_pages {
        let (_, html) = app.get_html(&at).await;
        last_html = html;
        match rel_link(&last_html, "next") {
            Some(next) => at = next,
            None => break,
        }
    }
    let Some(back) = rel_link(&last_html, "prev") else {
        assert_eq!(
            forwards.len(),
            1,
            "{start}: no Previous on the last of several pages"
        );
        return;
    };
    let mut backwards = walk_list(app, &back, "prev", max_pages).await;
    backwards.reverse();
    let mut seen_back: Vec<String> = backwards.concat();
    seen_back.extend(linked_tenants(&last_html));
    assert_eq!(seen_back, expected, "{start}: backwards");
}

// ---------------------------------------------------------------------------------------------
// Paging.

#[tokio::test]
async fn paging_never_skips_nor_repeats_a_row_when_company_names_tie() {
    let app = TestApp::spawn().await;
    // 60 customers under 3 names (20 each: a page of 25 ends inside a tie), every third also
    // Fabrikam's.
    for i in 0..60 {
        let name = ["Tie Alpha", "Tie Beta", "Tie Gamma"][i % 3];
        let partners: &[i32] = if i % 3 == 0 {
            &[CONTOSO, FABRIKAM]
        } else {
            &[CONTOSO]
        };
        add_customer(&app, name, &format!("tie{i}.onmicrosoft.com"), partners);
    }
    app.login("helpdesk@contoso.example").await;

    let all = visible(&app, CONTOSO, None);
    assert!(all.len() > 250, "{}", all.len());
    assert_pages_in_order(&app, "/customers", &tenants(&all), 20).await;

    // A search through the trigram index, a short one looked through, and the reseller filter,
    // alone and together.
    for (q, reseller) in [
        ("tie", None),
        ("Tie Beta", None),
        ("ti", None),
        ("t", None),
        ("", Some(FABRIKAM)),
        ("tie", Some(FABRIKAM)),
        ("e", Some(FABRIKAM)),
    ] {
        let expected: Vec<String> = visible(&app, CONTOSO, reseller)
            .into_iter()
            .filter(|r| q.is_empty() || matches(r, q))
            .map(|r| r.tenant)
            .collect();
        let mut path = format!("/customers?q={}", urlencode(q));
        if let Some(mpn) = reseller {
            path.push_str(&format!("&reseller={mpn}"));
        }
        assert_pages_in_order(&app, &path, &expected, 20).await;
    }
}

#[tokio::test]
async fn a_search_that_cannot_use_the_index_looks_through_a_window_at_a_time() {
    let app = TestApp::spawn().await;
    // More customers than one window, and a rare two-letter text at both ends and in between.
    add_many_customers(&app, CONTOSO, "Window", 1100);
    for name in ["Aaa Qz First", "Window 0550 Qz", "Zzz Qz Last"] {
        add_customer(
            &app,
            name,
            &format!("{}.example", fold(name).replace(' ', "")),
            &[CONTOSO],
        );
    }
    app.login("helpdesk@contoso.example").await;

    let expected: Vec<String> = visible(&app, CONTOSO, None)
        .into_iter()
        .filter(|r| matches(r, "qz"))
        .map(|r| r.tenant)
        .collect();
    assert_eq!(expected.len(), 3);
    let (status, first) = app.get_html("/customers?q=qz").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&first);
    assert!(
        words.contains("fewer than 3 letters or digits") && words.contains("1,000 customers"),
        "{words}"
    );
    assert!(words.contains("Next looks further"), "{words}");
    assert!(
        !words.contains("3 customers"),
        "no count past one window: {words}"
    );
    assert_pages_in_order(&app, "/customers?q=qz", &expected, 10).await;

    // "window" is in more names than the trigram index hands out: looked through too, page by
    // page, every one of them once.
    let expected: Vec<String> = visible(&app, CONTOSO, None)
        .into_iter()
        .filter(|r| matches(r, "window"))
        .map(|r| r.tenant)
        .collect();
    assert_eq!(expected.len(), 1101);
    let (_, first) = app.get_html("/customers?q=window").await;
    assert!(
        text(&first).contains("matches so many customers"),
        "{}",
        text(&first)
    );
    assert_pages_in_order(&app, "/customers?q=window", &expected, 60).await;

    // Unfiltered, the count is the counter's: exact at any size.
    let (_, all) = app.get_html("/customers").await;
    let total = visible(&app, CONTOSO, None).len();
    assert!(
        text(&all).contains(&format!("{} customers · showing 1–25", group(total))),
        "{}",
        text(&all)
    );
}

/// 1234 → "1,234".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Search.

#[tokio::test]
async fn search_finds_the_same_customers_on_both_backends_non_ascii_included() {
    let app = TestApp::spawn().await;
    let lodz = add_customer(
        &app,
        "Łódź Logistics Sp. z o.o.",
        "lodzlog.onmicrosoft.com",
        &[CONTOSO],
    );
    let arts = add_customer(
        &app,
        "ÉCOLE DES ARTS",
        "ecole-arts.onmicrosoft.com",
        &[CONTOSO],
    );
    let normale = add_customer(&app, "École Normale", "normale.example", &[CONTOSO]);
    let baeckerei = add_customer(
        &app,
        "Bäckerei Straße GmbH",
        "strasse-baeckerei.de",
        &[CONTOSO],
    );
    let bau = add_customer(&app, "STRASSE Bau", "bau.example", &[CONTOSO]);
    let gdansk = add_customer(&app, "Gdańsk Port", "gdansk.onmicrosoft.com", &[CONTOSO]);
    // Another provider's customer: never found by Contoso (rule 9).
    add_customer(&app, "Łódź Hidden", "hidden.example", &[LITWARE]);
    app.login("helpdesk@contoso.example").await;

    let gdansk_fragment = gdansk[9..18].to_owned();
    let cases: Vec<(&str, Vec<&String>)> = vec![
        ("łódź", vec![&lodz]),
        ("ŁÓDŹ", vec![&lodz]),
        ("Łódź Logistics Sp. z o.o.", vec![&lodz]),
        ("ódź log", vec![&lodz]),
        ("école", vec![&arts, &normale]),
        ("ÉCOLE", vec![&arts, &normale]),
        ("straße", vec![&baeckerei]),
        ("STRASSE", vec![&baeckerei, &bau]),
        ("ecole-arts.onmicro", vec![&arts]),
        (&gdansk_fragment, vec![&gdansk]),
        ("Gdańsk", vec![&gdansk]),
    ];
    let everyone = visible(&app, CONTOSO, None);
    for (q, expected) in cases {
        let (status, page) = app
            .get_html(&format!("/customers?q={}", urlencode(q)))
            .await;
        assert_eq!(status, StatusCode::OK, "q={q}");
        let found: BTreeSet<String> = linked_tenants(&page).into_iter().collect();
        let expected: BTreeSet<String> = expected.into_iter().cloned().collect();
        assert_eq!(found, expected, "q={q}");
        // The rows the definition (a literal part, any letter case) picks among all of them.
        let by_definition: BTreeSet<String> = everyone
            .iter()
            .filter(|r| matches(r, q))
            .map(|r| r.tenant.clone())
            .collect();
        assert_eq!(found, by_definition, "q={q}");
        let count = if expected.len() == 1 {
            "1 customer".to_owned()
        } else {
            format!("{} customers", expected.len())
        };
        assert!(text(&page).contains(&count), "q={q}: {}", text(&page));
    }
    // The tenant id in capitals, and 1–2 characters (looked through: the list is one window).
    for q in [
        gdansk.to_uppercase().as_str(),
        "ń",
        "ÓD",
        "é",
        "ß",
        "z",
        "S.",
    ] {
        let expected: Vec<String> = everyone
            .iter()
            .filter(|r| matches(r, q))
            .map(|r| r.tenant.clone())
            .collect();
        assert!(!expected.is_empty(), "q={q}");
        assert_pages_in_order(
            &app,
            &format!("/customers?q={}", urlencode(q)),
            &expected,
            20,
        )
        .await;
    }
}

#[tokio::test]
async fn a_renamed_customer_moves_in_the_list_and_is_found_by_its_new_name() {
    let app = TestApp::spawn().await;
    let tenant = add_customer(
        &app,
        "Aaaa Old Name",
        "renamed.example",
        &[CONTOSO, FABRIKAM],
    );
    app.login("helpdesk@contoso.example").await;
    let (_, first) = app.get_html("/customers").await;
    assert_eq!(linked_tenants(&first).first(), Some(&tenant));
    {
        let mut conn = app.conn();
        let row = customer::find_by_tenant_unscoped(
            &mut conn,
            &TenantId::parse(&tenant).expect("tenant"),
        )
        .expect("find")
        .expect("customer");
        partnerdesk::db::write_transaction(&mut conn, |conn| {
            customer::update_details(conn, &row, "Zzzz Ünïcode Name", "renamed.example", "DE")
        })
        .expect("rename");
    }
    let (_, first) = app.get_html("/customers").await;
    assert!(!linked_tenants(&first).contains(&tenant));
    let expected = tenants(&visible(&app, CONTOSO, None));
    assert_eq!(expected.last(), Some(&tenant));
    assert_pages_in_order(&app, "/customers", &expected, 20).await;
    for q in ["ünïcode", "ÜNÏCODE NAME"] {
        let (_, found) = app
            .get_html(&format!("/customers?q={}", urlencode(q)))
            .await;
        assert_eq!(linked_tenants(&found), vec![tenant.clone()], "q={q}");
    }
    let (_, old) = app.get_html("/customers?q=old+name").await;
    assert!(linked_tenants(&old).is_empty());
    // The relationships' copy of the name followed, for the reseller's list too.
    let (_, fabrikam) = app
        .get_html(&format!("/customers?reseller={FABRIKAM}&q=zzzz"))
        .await;
    assert_eq!(linked_tenants(&fabrikam), vec![tenant]);
}

// ---------------------------------------------------------------------------------------------
// Counts.

/// Every partner's counter equals its number of active relationships.
fn assert_counters_exact(app: &TestApp, when: &str) {
    let mut conn = app.conn();
    let actual: Vec<(String, i64)> = customer_relationships::table
        .filter(customer_relationships::state.eq("active"))
        .group_by(customer_relationships::partner_id)
        .select((
            customer_relationships::partner_id,
            diesel::dsl::count_star(),
        ))
        .load(&mut *conn)
        .expect("actual");
    let counters: Vec<(String, i64)> = partner_customer_counts::table
        .select((
            partner_customer_counts::partner_id,
            partner_customer_counts::active_customers,
        ))
        .load(&mut *conn)
        .expect("counters");
    let actual: BTreeMap<String, i64> = actual.into_iter().collect();
    let counters: BTreeMap<String, i64> = counters.into_iter().filter(|(_, n)| *n != 0).collect();
    assert_eq!(counters, actual, "{when}");
}

/// The total the partner's customer list shows, unfiltered.
async fn shown_total(user: &TestApp) -> String {
    let (status, html) = user.get_html("/customers").await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&html);
    let line =
        text_of(&html, "p.count[role=status]").unwrap_or_else(|| panic!("no count line: {words}"));
    line.split(" · ").next().unwrap_or_default().to_owned()
}

fn customers_word(n: usize) -> String {
    if n == 1 {
        "1 customer".to_owned()
    } else {
        format!("{} customers", group(n))
    }
}

#[tokio::test]
async fn counts_stay_exact_as_relationships_are_added_and_removed() {
    let app = TestApp::spawn().await;
    assert_counters_exact(&app, "after the demo load");
    let contoso_admin = app.signed_in("admin@contoso.example").await;
    let fabrikam_admin = app.signed_in("admin@fabrikam.example").await;
    let contoso_total = |app: &TestApp| visible(app, CONTOSO, None).len();
    let fabrikam_total = |app: &TestApp| visible(app, FABRIKAM, None).len();
    assert_eq!(
        shown_total(&contoso_admin).await,
        customers_word(contoso_total(&app))
    );
    let contoso_before = contoso_total(&app);
    let fabrikam_before = fabrikam_total(&app);

    // Added through the real flow: Woodgrove's Global admin accepts Contoso's invitation.
    let token = crate::helpers::create_invitation(&contoso_admin, false).await;
    let woodgrove = app.signed_in("admin@woodgrove.example").await;
    let r = woodgrove.open_and_accept_invitation(&token).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(contoso_total(&app), contoso_before + 1);
    assert_counters_exact(&app, "after an accepted invitation");
    assert_eq!(
        shown_total(&contoso_admin).await,
        customers_word(contoso_before + 1)
    );

    // Adatum removing Fabrikam's delegated admin changes no count.
    let adatum_admin = app.signed_in("admin@adatum.example").await;
    let path = format!("/admin/partners/{FABRIKAM}/delegated-admin/remove");
    let (status, confirm) = adatum_admin.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    let r = adatum_admin
        .post_form(&path, &[("csrf_token", &csrf_token(&confirm))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(fabrikam_total(&app), fabrikam_before);
    assert_counters_exact(&app, "after delegated admin was removed");

    // Removed through the real flows: Contoso ends Fabrikam's relationship with Adatum, and its
    // own with Woodgrove (which has no Contoso subscription).
    let adatum = app.tenant_of("Adatum Corporation");
    let path = format!("/customers/{adatum}/resellers/{FABRIKAM}/relationship/remove");
    let (_, confirm) = contoso_admin.get_html(&path).await;
    let r = contoso_admin
        .post_form(&path, &[("csrf_token", &csrf_token(&confirm))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", location(&r));
    assert_eq!(fabrikam_total(&app), fabrikam_before - 1);
    assert_counters_exact(&app, "after a reseller's relationship ended");
    assert_eq!(
        shown_total(&fabrikam_admin).await,
        customers_word(fabrikam_before - 1)
    );
    let woodgrove_tenant = app.tenant_of("Woodgrove Bank");
    let path = format!("/customers/{woodgrove_tenant}/relationship/remove");
    let (status, confirm) = contoso_admin.get_html(&path).await;
    assert_eq!(status, StatusCode::OK, "{}", text(&confirm));
    let r = contoso_admin
        .post_form(&path, &[("csrf_token", &csrf_token(&confirm))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(contoso_total(&app), contoso_before);
    assert_counters_exact(&app, "after a provider removed its own relationship");
    assert_eq!(
        shown_total(&contoso_admin).await,
        customers_word(contoso_before)
    );

    // The model functions: a removed relationship inserted (no change), activated, removed again,
    // and a row deleted outright.
    let tenant = add_customer(&app, "Counted Customer", "counted.example", &[]);
    let customer_id = CustomerId::from(app.customer_id_of("Counted Customer"));
    let contoso = PartnerId::from(app.partner_id_of(CONTOSO));
    let rel = RelationshipId::generate();
    {
        let mut conn = app.conn();
        let now = partnerdesk::db::now();
        relationship::insert(
            &mut conn,
            &NewRelationship {
                id: &rel,
                customer_id: &customer_id,
                partner_id: &contoso,
                state: RelationshipState::Removed,
                delegated_admin: false,
                origin: RelationshipOrigin::Invitation,
                created_at: now,
                updated_at: now,
            },
        )
        .expect("insert removed");
    }
    assert_counters_exact(&app, "after a removed relationship was inserted");
    assert_eq!(contoso_total(&app), contoso_before);
    let now = partnerdesk::db::now();
    assert_eq!(
        relationship::activate(&mut app.conn(), &rel, true, true, now).expect("activate"),
        1
    );
    assert_counters_exact(&app, "after activate");
    assert_eq!(
        shown_total(&contoso_admin).await,
        customers_word(contoso_before + 1)
    );
    let (_, found) = contoso_admin.get_html("/customers?q=counted").await;
    assert_eq!(linked_tenants(&found), vec![tenant.clone()]);
    assert_eq!(
        relationship::remove(&mut app.conn(), &rel).expect("remove"),
        1
    );
    assert_eq!(
        relationship::remove(&mut app.conn(), &rel).expect("remove again"),
        0
    );
    assert_counters_exact(&app, "after remove");
    relationship::activate(&mut app.conn(), &rel, false, true, now).expect("activate");
    diesel::delete(customer_relationships::table.find(rel.as_str()))
        .execute(&mut *app.conn())
        .expect("delete");
    assert_counters_exact(&app, "after a delete");
    assert_eq!(
        shown_total(&contoso_admin).await,
        customers_word(contoso_before)
    );
}

// ---------------------------------------------------------------------------------------------
// Indexes.

/// What is wrong with a plan of the list's key queries, if anything.
fn plan_problems(conn: &mut DbConn, plans: &[(&'static str, String)]) -> Vec<String> {
    let sqlite = matches!(conn, DbConn::Sqlite(_));
    let mut problems = Vec::new();
    for (query, plan) in plans {
        let mut want: Vec<&str> = Vec::new();
        // No table read whole: SQLite SEARCHes every table by an index (a SCAN of the FTS5
        // table is its index at work), PostgreSQL has no sequential scan.
        let whole_reads: Vec<&str> = plan
            .lines()
            .filter(|line| {
                if sqlite {
                    line.trim_start().starts_with("SCAN ") && !line.contains("VIRTUAL TABLE")
                } else {
                    line.contains("Seq Scan")
                }
            })
            .collect();
        if !whole_reads.is_empty() {
            problems.push(format!("{query}: reads a whole table in\n{plan}"));
        }
        let mut never: Vec<&str> = Vec::new();
        let walks = [
            "first page",
            "page after a cursor",
            "page before a cursor",
            "reseller filter",
            "reseller filter, counted",
            "window end",
        ];
        if walks.contains(query) {
            want.push("customer_relationships_partner_idx");
            // Read in index order: no sort of the partner's customers.
            never.push(if sqlite { "TEMP B-TREE" } else { "Sort" });
        }
        if query.starts_with("short search") {
            // The partner's index, bounded by the window's end: the planner may sort what it
            // reads, which is one window at most.
            want.push("customer_relationships_partner_idx");
            want.push(if sqlite {
                "(company_name,customer_id)<"
            } else {
                "ROW(company_name, customer_id) <= ROW("
            });
        }
        if query.starts_with("reseller filter") || query.starts_with("search candidates, listed") {
            // The other partner is looked up by the unique (customer, partner) index.
            want.push(if sqlite {
                "customer_id=? AND partner_id=?"
            } else {
                "customer_relationships_customer_id_partner_id_key"
            });
        }
        match *query {
            "search candidates, listed" | "search candidates, listed, reseller filter" => {
                want.push(if sqlite {
                    "sqlite_autoindex_customers_1 (id=?)"
                } else {
                    "customers_pkey"
                });
            }
            "search candidates, from the trigram index" => {
                want.push(if sqlite {
                    "customers_fts VIRTUAL TABLE INDEX"
                } else {
                    "customers_search_trgm_idx"
                });
            }
            "subscription counts of a page" => {
                want.push("subscriptions_customer_idx");
            }
            "customer page: the customer" => {
                // By its tenant id, then its relationship with the partner by (customer,
                // partner): never the partner's whole list of customers.
                want.push(if sqlite {
                    "customers USING INDEX sqlite_autoindex_customers_2 (tenant_id=?)"
                } else {
                    "customers_tenant_id_key"
                });
                want.push(if sqlite {
                    "(customer_id=? AND partner_id=?)"
                } else {
                    "customer_relationships_customer_id_partner_id_key"
                });
            }
            "customer page: relationships" => {
                // The customer's own few relationships, each partner's partnership by
                // (provider, reseller).
                want.push(if sqlite {
                    "customer_relationships USING INDEX sqlite_autoindex_customer_relationships_2 (customer_id=?)"
                } else {
                    "customer_relationships_customer_id_partner_id_key"
                });
                want.push(if sqlite {
                    "(provider_id=? AND reseller_id=?)"
                } else {
                    "partnerships_provider_id_reseller_id_key"
                });
            }
            "active customer count" => {
                want.push(if sqlite {
                    "partner_customer_counts USING INDEX"
                } else {
                    "partner_customer_counts_pkey"
                });
            }
            _ => {}
        }
        for w in want {
            if !plan.contains(w) {
                problems.push(format!("{query}: no {w:?} in\n{plan}"));
            }
        }
        for n in never {
            if plan.contains(n) {
                problems.push(format!("{query}: {n:?} in\n{plan}"));
            }
        }
    }
    problems
}

#[tokio::test]
async fn the_customer_list_queries_keep_their_indexes() {
    let app = TestApp::spawn().await;
    // Large enough, with statistics, for PostgreSQL to plan as it would for a distributor.
    add_many_customers(&app, CONTOSO, "Planned", 3000);
    if app.database.is_postgres() {
        app.run_sql("ANALYZE");
    }
    let contoso = PartnerId::from(app.partner_id_of(CONTOSO));
    let fabrikam = PartnerId::from(app.partner_id_of(FABRIKAM));
    let key = SortKey {
        company_name: "Contoso".to_owned(),
        customer_id: CustomerId::from(app.customer_id_of("Adatum Corporation")),
    };
    let candidates: Vec<CustomerId> = customers::table
        .select(customers::id)
        .limit(30)
        .load::<String>(&mut *app.conn())
        .expect("ids")
        .into_iter()
        .map(CustomerId::from)
        .collect();
    let mut conn = app.conn();
    let plans = customer::list_query_plans(&mut conn, &contoso, &fabrikam, &key, &candidates)
        .expect("plans");
    assert_eq!(plans.len(), 14);
    let problems = plan_problems(&mut conn, &plans);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));

    // The check fails when the ordered index is gone (it can catch what it is for).
    diesel::sql_query("DROP INDEX customer_relationships_partner_idx")
        .execute(&mut *conn)
        .expect("drop the index");
    let plans = customer::list_query_plans(&mut conn, &contoso, &fabrikam, &key, &candidates)
        .expect("plans without the index");
    let problems = plan_problems(&mut conn, &plans);
    for query in ["first page", "page after a cursor", "reseller filter"] {
        assert!(
            problems.iter().any(|p| p.starts_with(query)),
            "{query} still passes without its index: {problems:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The migration over existing rows.

#[tokio::test]
async fn customers_that_existed_before_the_migration_are_ordered_counted_and_found() {
    let app = TestApp::spawn().await;
    let lodz = add_customer(&app, "ŁÓDŹ Before", "before.example", &[CONTOSO, FABRIKAM]);
    {
        let mut conn = app.conn();
        partnerdesk::db::revert_migrations_from(&mut conn, "20261212120500").expect("down");
        partnerdesk::db::run_migrations(&mut conn).expect("up again");
    }
    assert_counters_exact(&app, "after the migration ran over existing rows");
    app.login("helpdesk@contoso.example").await;
    let (_, found) = app.get_html("/customers?q=%C5%82%C3%B3d%C5%BA").await;
    assert_eq!(linked_tenants(&found), vec![lodz.clone()], "łódź");
    let (_, found) = app.get_html("/customers?q=adatum").await;
    assert_eq!(
        linked_tenants(&found),
        vec![app.tenant_of("Adatum Corporation")]
    );
    assert_pages_in_order(
        &app,
        "/customers",
        &tenants(&visible(&app, CONTOSO, None)),
        20,
    )
    .await;
    assert_pages_in_order(
        &app,
        &format!("/customers?reseller={FABRIKAM}"),
        &tenants(&visible(&app, CONTOSO, Some(FABRIKAM))),
        20,
    )
    .await;
}
