//! The large demo (`demo --customers N`, `serve --demo --customers N`): what it loads, that rule
//! 3's invariant holds on it, and that it loads only into an empty database.

use std::collections::HashMap;

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::schema::{
    audit_events, customer_relationships, customers, partners, partnerships, products,
    subscriptions, users,
};
use partnerdesk::db::{Db, DbConn, PoolOptions};
use partnerdesk::demo::{self, DemoCounts, DemoOutcome, DemoScale};

use crate::backends::partnerdesk;
use crate::helpers::{TEST_ARGON2, TestDatabase};
use crate::invariant::ineligible_contacts;

fn migrated(database: &TestDatabase) -> Db {
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    db
}

fn load(conn: &mut DbConn, customers: usize) -> DemoOutcome {
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    demo::load_scaled(conn, &|p| hasher.hash(p), DemoScale::Large { customers }).expect("load")
}

/// Rows of every table the demo fills.
fn table_counts(conn: &mut DbConn) -> [i64; 7] {
    [
        partners::table.count().get_result(conn).expect("partners"),
        partnerships::table
            .count()
            .get_result(conn)
            .expect("partnerships"),
        customers::table
            .count()
            .get_result(conn)
            .expect("customers"),
        customer_relationships::table
            .count()
            .get_result(conn)
            .expect("relationships"),
        subscriptions::table
            .count()
            .get_result(conn)
            .expect("subscriptions"),
        audit_events::table
            .count()
            .get_result(conn)
            .expect("audit events"),
        users::table.count().get_result(conn).expect("users"),
    ]
}

#[test]
fn the_large_demo_loads_the_cast_and_300_customers_that_keep_the_rules() {
    let database = TestDatabase::create();
    let db = migrated(&database);
    let mut conn = db.get().expect("conn");
    let DemoOutcome::Loaded(counts) = load(&mut conn, 300) else {
        panic!("not loaded into an empty database");
    };
    let [
        partner_rows,
        partnership_rows,
        customer_rows,
        relationship_rows,
        subscription_rows,
        events,
        user_rows,
    ] = table_counts(&mut conn);
    let as_i64 = |n: usize| i64::try_from(n).expect("small");
    assert_eq!(
        counts,
        DemoCounts {
            partners: 6 + 297,
            customers: 302,
            relationships: usize::try_from(relationship_rows).expect("count"),
            subscriptions: usize::try_from(subscription_rows).expect("count"),
            audit_events: usize::try_from(events).expect("count"),
            users: demo::demo_users().len(),
        }
    );
    assert_eq!(
        (partner_rows, partnership_rows, customer_rows, user_rows),
        (303, 300, 302, as_i64(demo::demo_users().len()))
    );
    // Adatum's 4 and Woodgrove's 1, then about 8 for each generated customer.
    assert!(
        (5 + 7 * 300..5 + 9 * 300).contains(&subscription_rows),
        "{subscription_rows}"
    );
    assert!(
        (9 * 300..11 * 300).contains(&events),
        "{events} audit events"
    );
    assert!(
        (600..900).contains(&relationship_rows),
        "{relationship_rows}"
    );
    let product_rows: i64 = products::table
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(product_rows, 11);

    // Rule 3's invariant, under either eligibility rule.
    assert_eq!(
        ineligible_contacts(&mut conn, EligibilityRule::DelegatedAdmin),
        Vec::<String>::new()
    );
    assert_eq!(
        ineligible_contacts(&mut conn, EligibilityRule::Relationship),
        Vec::<String>::new()
    );

    // Every generated customer is Contoso's; some of its resellers have delegated admin, some not.
    let contoso: String = partners::table
        .filter(partners::mpn_id.eq(4_100_001))
        .select(partners::id)
        .first(&mut *conn)
        .expect("Contoso");
    let of_contoso: i64 = customer_relationships::table
        .filter(customer_relationships::partner_id.eq(&contoso))
        .filter(customer_relationships::state.eq("active"))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(of_contoso, 301, "Adatum and the generated customers");
    let reseller_rels: Vec<(String, bool)> = customer_relationships::table
        .filter(customer_relationships::partner_id.ne(&contoso))
        .select((
            customer_relationships::state,
            customer_relationships::delegated_admin,
        ))
        .load(&mut *conn)
        .expect("relationships");
    assert!(reseller_rels.iter().any(|(s, dap)| s == "active" && *dap));
    assert!(reseller_rels.iter().any(|(s, dap)| s == "active" && !*dap));

    // Each subscription's version counts its support contact changes, and the last one names
    // its contact.
    let changes: Vec<(Option<String>, chrono::NaiveDateTime, Option<String>)> = audit_events::table
        .filter(audit_events::subscription_id.is_not_null())
        .select((
            audit_events::subscription_id,
            audit_events::occurred_at,
            audit_events::new_value,
        ))
        .load(&mut *conn)
        .expect("events");
    let mut history: HashMap<String, Vec<(chrono::NaiveDateTime, Option<String>)>> = HashMap::new();
    for (subscription, at, new) in changes {
        history
            .entry(subscription.expect("filtered"))
            .or_default()
            .push((at, new));
    }
    let rows: Vec<(String, i32, Option<String>, Option<String>)> = subscriptions::table
        .select((
            subscriptions::id,
            subscriptions::version,
            subscriptions::seller_id,
            subscriptions::support_contact_id,
        ))
        .load(&mut *conn)
        .expect("subscriptions");
    let mut reseller_supported = 0;
    for (id, version, seller, contact) in rows {
        let mut events = history.remove(&id).unwrap_or_default();
        events.sort();
        assert_eq!(
            usize::try_from(version).expect("version"),
            1 + events.len(),
            "{id}"
        );
        if let Some((_, last)) = events.last() {
            assert_eq!(last, &contact, "{id}: the last change names the contact");
        }
        reseller_supported += usize::from(contact.is_some() && contact != seller);
    }
    assert!(
        reseller_supported > 300,
        "{reseller_supported} supported by resellers"
    );

    // Actors are the cast's Contoso users, or the customers themselves.
    let actors: Vec<Option<String>> = audit_events::table
        .select(audit_events::actor_user_id)
        .distinct()
        .load(&mut *conn)
        .expect("actors");
    let contoso_users: Vec<Option<String>> = users::table
        .filter(users::partner_id.eq(&contoso))
        .select(users::id.nullable())
        .load(&mut *conn)
        .expect("users");
    assert!(
        actors
            .iter()
            .all(|a| a.is_none() || contoso_users.contains(a)),
        "{actors:?}"
    );

    // Only into an empty database: again, it loads nothing.
    let before = table_counts(&mut conn);
    assert_eq!(load(&mut conn, 300), DemoOutcome::AlreadyLoaded);
    assert_eq!(
        demo::load(&mut conn, &|p| Ok(p.to_owned())).expect("load"),
        DemoOutcome::AlreadyLoaded
    );
    assert_eq!(table_counts(&mut conn), before);
}

#[test]
fn the_large_demo_refuses_a_database_with_other_data() {
    let database = TestDatabase::create();
    let db = migrated(&database);
    let mut conn = db.get().expect("conn");
    diesel::insert_into(products::table)
        .values((
            products::id.eq(uuid::Uuid::new_v4().to_string()),
            products::name.eq("Something else"),
            products::offer_id.eq("OTHER"),
            products::commerce_type.eq("legacy"),
        ))
        .execute(&mut *conn)
        .expect("a product");
    let before = table_counts(&mut conn);
    assert_eq!(load(&mut conn, 10), DemoOutcome::NotEmpty);
    assert_eq!(table_counts(&mut conn), before);
}

#[test]
fn the_demo_command_loads_once_and_checks_its_argument() {
    let database = TestDatabase::create();
    let out = partnerdesk(&["demo", "--customers", "50"], &database.url);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Demo data loaded: 303 partners, 52 customers"),
        "{stdout}"
    );

    let out = partnerdesk(&["demo"], &database.url);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("already present"));
    let db = Db::connect(&database.url, &PoolOptions::default()).expect("connect");
    let [_, _, customer_rows, ..] = table_counts(&mut db.get().expect("conn"));
    assert_eq!(customer_rows, 52);

    for (args, complaint) in [
        (
            &["demo", "--customers", "lots"][..],
            "not a number of customers",
        ),
        (&["demo", "--customers", "1000001"][..], "at most 1000000"),
        (&["serve", "--customers", "5"][..], "--demo"),
    ] {
        let out = partnerdesk(args, &database.url);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(complaint), "{args:?}: {stderr}");
    }
}
