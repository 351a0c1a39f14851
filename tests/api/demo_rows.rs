//! The large demo writes the same rows whatever the backend and however it inserts them (multi-row
//! INSERTs on SQLite, COPY on PostgreSQL): 300 customers loaded on the test backend and on a fresh
//! SQLite database compare equal, every row of every table it fills, by natural keys (the cast's
//! random ids and the instant of the load aside). It leaves the schema exactly as the migrations
//! made it (it builds some indexes after its rows), and two loaders still load it once, whether
//! they start together or one starts while the other is at work.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::schema::{
    audit_events, customer_relationships, customers, partner_customer_counts, partners,
    partnerships, products, subscriptions, users,
};
use partnerdesk::db::{Db, DbConn, PoolOptions};
use partnerdesk::demo::{self, DemoOutcome, DemoScale};

use crate::helpers::{TEST_ARGON2, TestDatabase};

const CUSTOMERS: usize = 300;

// Rows of the tables, as selected.
type PartnerRow = (
    String,
    String,
    String,
    i32,
    String,
    String,
    String,
    String,
    String,
    String,
    NaiveDateTime,
);
type CustomerRow = (
    String,
    String,
    String,
    String,
    String,
    NaiveDateTime,
    String,
);
type RelationshipRow = (
    String,
    String,
    String,
    String,
    bool,
    String,
    NaiveDateTime,
    NaiveDateTime,
    String,
);
type SubscriptionRow = (
    String,
    String,
    String,
    i32,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i32,
    NaiveDateTime,
    NaiveDateTime,
);
type UserRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    bool,
    NaiveDateTime,
);
type EventRow = (
    String,
    NaiveDateTime,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

fn migrated(url: &str) -> Db {
    let db = Db::connect(url, &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    db
}

fn load(db: &Db, customers: usize) -> DemoOutcome {
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    let mut conn = db.get().expect("conn");
    demo::load_scaled(
        &mut conn,
        &|p| hasher.hash(p),
        DemoScale::Large { customers },
    )
    .expect("load")
}

/// PartnerIDs of the cast (generated resellers keep out of this range).
fn is_cast_partner(mpn: i32) -> bool {
    (4_100_000..=4_399_999).contains(&mpn)
}

fn is_cast_customer(domain: &str) -> bool {
    matches!(
        domain,
        "adatum.onmicrosoft.com" | "woodgrove.onmicrosoft.com"
    )
}

/// Each table's rows by natural key, every column as text: ids of other rows as those rows'
/// natural keys, times as microseconds after the load's instant (Contoso's creation), and what is
/// random in every load (the cast's ids and tenant ids, password hashes) as a placeholder.
type Tables = BTreeMap<&'static str, BTreeMap<String, Vec<String>>>;

fn snapshot(conn: &mut DbConn) -> Tables {
    let mut tables = Tables::new();

    let rows: Vec<PartnerRow> = partners::table
        .select((
            partners::id,
            partners::kind,
            partners::name,
            partners::mpn_id,
            partners::tenant_id,
            partners::country,
            partners::support_email,
            partners::support_phone,
            partners::support_website,
            partners::support_hours,
            partners::created_at,
        ))
        .load(conn)
        .expect("partners");
    let origin = rows
        .iter()
        .find(|r| r.3 == 4_100_001)
        .map(|r| r.10)
        .expect("Contoso");
    let at = |t: NaiveDateTime| (t - origin).num_microseconds().expect("µs").to_string();
    let random = |cast: bool, value: &str| {
        if cast {
            "(random)".to_owned()
        } else {
            value.to_owned()
        }
    };
    let partner: HashMap<String, String> = rows
        .iter()
        .map(|r| (r.0.clone(), format!("partner {}", r.3)))
        .collect();
    tables.insert(
        "partners",
        rows.iter()
            .map(|r| {
                let cast = is_cast_partner(r.3);
                let columns = vec![
                    random(cast, &r.0),
                    r.1.clone(),
                    r.2.clone(),
                    random(cast, &r.4),
                    r.5.clone(),
                    r.6.clone(),
                    r.7.clone(),
                    r.8.clone(),
                    r.9.clone(),
                    at(r.10),
                ];
                (r.3.to_string(), columns)
            })
            .collect(),
    );
    let partner_of = |id: &str| partner.get(id).cloned().unwrap_or(format!("? {id}"));
    let maybe_partner = |id: &Option<String>| id.as_deref().map_or("-".to_owned(), partner_of);

    let rows: Vec<(String, String, String, String, NaiveDateTime, NaiveDateTime)> =
        partnerships::table
            .select((
                partnerships::id,
                partnerships::provider_id,
                partnerships::reseller_id,
                partnerships::state,
                partnerships::created_at,
                partnerships::updated_at,
            ))
            .load(conn)
            .expect("partnerships");
    tables.insert(
        "partnerships",
        rows.iter()
            .map(|r| {
                let cast = partner_of(&r.2)
                    .strip_prefix("partner ")
                    .and_then(|mpn| mpn.parse().ok())
                    .is_some_and(is_cast_partner);
                let key = format!("{} / {}", partner_of(&r.1), partner_of(&r.2));
                (key, vec![random(cast, &r.0), r.3.clone(), at(r.4), at(r.5)])
            })
            .collect(),
    );

    let rows: Vec<CustomerRow> = customers::table
        .select((
            customers::id,
            customers::tenant_id,
            customers::company_name,
            customers::domain,
            customers::country,
            customers::created_at,
            customers::search,
        ))
        .load(conn)
        .expect("customers");
    let customer: HashMap<String, String> =
        rows.iter().map(|r| (r.0.clone(), r.3.clone())).collect();
    tables.insert(
        "customers",
        rows.iter()
            .map(|r| {
                let cast = is_cast_customer(&r.3);
                let columns = vec![
                    random(cast, &r.0),
                    random(cast, &r.1),
                    r.2.clone(),
                    r.4.clone(),
                    at(r.5),
                    // Holds the tenant id.
                    random(cast, &r.6),
                ];
                (r.3.clone(), columns)
            })
            .collect(),
    );
    let customer_of = |id: &str| customer.get(id).cloned().unwrap_or(format!("? {id}"));
    let maybe_customer = |id: &Option<String>| id.as_deref().map_or("-".to_owned(), customer_of);

    let rows: Vec<RelationshipRow> = customer_relationships::table
        .select((
            customer_relationships::id,
            customer_relationships::customer_id,
            customer_relationships::partner_id,
            customer_relationships::state,
            customer_relationships::delegated_admin,
            customer_relationships::origin,
            customer_relationships::created_at,
            customer_relationships::updated_at,
            customer_relationships::company_name,
        ))
        .load(conn)
        .expect("relationships");
    tables.insert(
        "customer_relationships",
        rows.iter()
            .map(|r| {
                let domain = customer_of(&r.1);
                let columns = vec![
                    random(is_cast_customer(&domain), &r.0),
                    r.3.clone(),
                    r.4.to_string(),
                    r.5.clone(),
                    at(r.6),
                    at(r.7),
                    r.8.clone(),
                ];
                (format!("{domain} / {}", partner_of(&r.2)), columns)
            })
            .collect(),
    );

    let products: Vec<(String, String, String, String)> = products::table
        .select((
            products::id,
            products::name,
            products::offer_id,
            products::commerce_type,
        ))
        .load(conn)
        .expect("products");
    let product: HashMap<String, String> = products
        .iter()
        .map(|p| (p.0.clone(), p.2.clone()))
        .collect();
    tables.insert(
        "products",
        products
            .iter()
            .map(|p| (p.2.clone(), vec![p.1.clone(), p.3.clone()]))
            .collect(),
    );

    let rows: Vec<SubscriptionRow> = subscriptions::table
        .select((
            subscriptions::id,
            subscriptions::customer_id,
            subscriptions::product_id,
            subscriptions::quantity,
            subscriptions::status,
            subscriptions::seller_id,
            subscriptions::reseller_of_record_id,
            subscriptions::support_contact_id,
            subscriptions::version,
            subscriptions::created_at,
            subscriptions::updated_at,
        ))
        .load(conn)
        .expect("subscriptions");
    // A customer's subscriptions are of distinct products.
    let subscription: HashMap<String, String> = rows
        .iter()
        .map(|r| {
            let offer = product.get(&r.2).cloned().unwrap_or_default();
            (r.0.clone(), format!("{} / {offer}", customer_of(&r.1)))
        })
        .collect();
    let subscription_rows: BTreeMap<String, Vec<String>> = rows
        .iter()
        .map(|r| {
            let domain = customer_of(&r.1);
            let columns = vec![
                random(is_cast_customer(&domain), &r.0),
                r.3.to_string(),
                r.4.clone(),
                maybe_partner(&r.5),
                maybe_partner(&r.6),
                maybe_partner(&r.7),
                r.8.to_string(),
                at(r.9),
                at(r.10),
            ];
            (subscription[&r.0].clone(), columns)
        })
        .collect();
    assert_eq!(subscription_rows.len(), rows.len(), "one per product");
    tables.insert("subscriptions", subscription_rows);

    let rows: Vec<UserRow> = users::table
        .select((
            users::id,
            users::email,
            users::display_name,
            users::partner_id,
            users::customer_id,
            users::role,
            users::disabled,
            users::created_at,
        ))
        .load(conn)
        .expect("users");
    let user: HashMap<String, String> = rows.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
    tables.insert(
        "users",
        rows.iter()
            .map(|r| {
                let columns = vec![
                    r.2.clone(),
                    maybe_partner(&r.3),
                    maybe_customer(&r.4),
                    r.5.clone(),
                    r.6.to_string(),
                    at(r.7),
                ];
                (r.1.clone(), columns)
            })
            .collect(),
    );

    let rows: Vec<EventRow> = audit_events::table
        .select((
            audit_events::id,
            audit_events::occurred_at,
            audit_events::actor_user_id,
            audit_events::actor_partner_id,
            audit_events::actor_customer_id,
            audit_events::subject_partner_id,
            audit_events::customer_id,
            audit_events::subscription_id,
            audit_events::operation,
            audit_events::old_value,
            audit_events::new_value,
        ))
        .load(conn)
        .expect("audit events");
    // Old and new values of support contact changes are partner ids.
    let value = |v: &Option<String>| match v {
        Some(v) => partner.get(v).cloned().unwrap_or_else(|| v.clone()),
        None => "-".to_owned(),
    };
    let event_rows: BTreeMap<String, Vec<String>> = rows
        .iter()
        .map(|r| {
            let columns = vec![
                at(r.1),
                r.2.as_ref().map_or("-".to_owned(), |u| user[u].clone()),
                maybe_partner(&r.3),
                maybe_customer(&r.4),
                maybe_partner(&r.5),
                maybe_customer(&r.6),
                r.7.as_ref()
                    .map_or("-".to_owned(), |s| subscription[s].clone()),
                r.8.clone(),
                value(&r.9),
                value(&r.10),
            ];
            // Generated events' ids come from the demo's seed.
            (r.0.clone(), columns)
        })
        .collect();
    assert_eq!(event_rows.len(), rows.len());
    tables.insert("audit_events", event_rows);

    let rows: Vec<(String, i64)> = partner_customer_counts::table
        .select((
            partner_customer_counts::partner_id,
            partner_customer_counts::active_customers,
        ))
        .load(conn)
        .expect("counts");
    tables.insert(
        "partner_customer_counts",
        rows.iter()
            .map(|r| (partner_of(&r.0), vec![r.1.to_string()]))
            .collect(),
    );
    tables
}

/// What differs between two snapshots, at most a few lines per table.
fn differences(a: &Tables, b: &Tables) -> Vec<String> {
    let mut found = Vec::new();
    for (table, rows_a) in a {
        let rows_b = &b[table];
        let mut lines = Vec::new();
        for (key, row) in rows_a {
            match rows_b.get(key) {
                None => lines.push(format!("{table} {key}: only on the test backend")),
                Some(other) if other != row => {
                    lines.push(format!("{table} {key}: {row:?} <> {other:?}"));
                }
                Some(_) => {}
            }
        }
        for key in rows_b.keys().filter(|k| !rows_a.contains_key(*k)) {
            lines.push(format!("{table} {key}: only on SQLite"));
        }
        if lines.len() > 5 {
            let more = lines.len() - 5;
            lines.truncate(5);
            lines.push(format!("{table}: and {more} more"));
        }
        found.extend(lines);
    }
    found
}

#[test]
fn the_large_demo_writes_the_same_rows_on_every_backend() {
    let database = TestDatabase::create();
    let db = migrated(&database.url);
    assert!(matches!(load(&db, CUSTOMERS), DemoOutcome::Loaded(_)));
    let tested = snapshot(&mut db.get().expect("conn"));

    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = migrated(&format!(
        "sqlite://{}",
        dir.path().join("demo.db").display()
    ));
    assert!(matches!(load(&sqlite, CUSTOMERS), DemoOutcome::Loaded(_)));
    let reference = snapshot(&mut sqlite.get().expect("conn"));

    // Not an empty comparison: every table is there, with the rows of 300 customers.
    let sizes: Vec<(&str, usize)> = tested.iter().map(|(t, rows)| (*t, rows.len())).collect();
    assert_eq!(sizes.len(), 9, "{sizes:?}");
    assert_eq!(tested["customers"].len(), CUSTOMERS + 2, "{sizes:?}");
    assert!(tested["audit_events"].len() > 9 * CUSTOMERS, "{sizes:?}");
    assert!(tested["subscriptions"].len() > 7 * CUSTOMERS, "{sizes:?}");

    let differences = differences(&tested, &reference);
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SchemaObject {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

/// Every index, constraint and trigger of the database's schema, with its definition as the
/// database gives it.
fn schema_objects(conn: &mut DbConn) -> Vec<SchemaObject> {
    let sql = match conn {
        DbConn::Postgres(_) => {
            "SELECT 'index ' || indexname AS name, indexdef AS definition FROM pg_indexes \
             WHERE schemaname = current_schema() \
             UNION ALL \
             SELECT 'index ' || i.relname || ' valid', x.indisvalid::text \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = current_schema() \
             UNION ALL \
             SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname, \
                    pg_get_constraintdef(c.oid) \
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE n.nspname = current_schema() \
             UNION ALL \
             SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t \
             JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace \
             WHERE n.nspname = current_schema() AND NOT t.tgisinternal"
        }
        DbConn::Sqlite(_) => {
            "SELECT type || ' ' || name AS name, coalesce(sql, '') AS definition FROM sqlite_master"
        }
    };
    let mut objects: Vec<SchemaObject> = diesel::sql_query(sql).load(conn).expect("schema");
    objects.sort();
    objects
}

#[test]
fn the_large_demo_leaves_the_schema_as_the_migrations_made_it() {
    let fresh = TestDatabase::create();
    let expected = schema_objects(&mut migrated(&fresh.url).get().expect("conn"));
    let indexes = expected
        .iter()
        .filter(|o| o.name.starts_with("index "))
        .count();
    assert!(indexes > 20, "{expected:?}");

    let database = TestDatabase::create();
    let db = migrated(&database.url);
    assert!(matches!(load(&db, 50), DemoOutcome::Loaded(_)));
    let after = schema_objects(&mut db.get().expect("conn"));
    let missing: Vec<&SchemaObject> = expected.iter().filter(|o| !after.contains(o)).collect();
    let extra: Vec<&SchemaObject> = after.iter().filter(|o| !expected.contains(o)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing after the load: {missing:#?}\nnew after the load: {extra:#?}"
    );
}

#[test]
fn two_large_demo_loads_at_the_same_moment_load_once() {
    let database = TestDatabase::create();
    let db = migrated(&database.url);
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let loader = || {
        let (db, start) = (db.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            load(&db, 1_000)
        })
    };
    let (a, b) = (loader(), loader());
    let mut outcomes = [a.join().expect("loader a"), b.join().expect("loader b")];
    outcomes.sort_by_key(|o| matches!(o, DemoOutcome::AlreadyLoaded));
    assert!(
        matches!(outcomes[0], DemoOutcome::Loaded(_)),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[1], DemoOutcome::AlreadyLoaded);
    let count: i64 = customers::table
        .count()
        .get_result(&mut *db.get().expect("conn"))
        .expect("count");
    assert_eq!(count, 1_002);
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Whether another connection's transaction is writing the large demo's bulk: on PostgreSQL it
/// holds a lock on the audit events (it takes one on them only after the cast), on SQLite the
/// write lock.
fn another_loader_is_at_work(conn: &mut DbConn) -> bool {
    match conn {
        DbConn::Postgres(_) => {
            let locks: Count = diesel::sql_query(
                "SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
                 WHERE c.relname = 'audit_events' AND l.granted AND l.pid <> pg_backend_pid()",
            )
            .get_result(conn)
            .expect("locks");
            locks.n > 0
        }
        DbConn::Sqlite(c) => {
            use diesel::connection::SimpleConnection;
            c.batch_execute("PRAGMA busy_timeout = 0")
                .expect("busy timeout");
            match c.batch_execute("BEGIN IMMEDIATE") {
                Ok(()) => {
                    c.batch_execute("ROLLBACK").expect("rollback");
                    false
                }
                Err(_) => true,
            }
        }
    }
}

#[test]
fn a_loader_that_comes_while_the_large_demo_loads_finds_it_loaded() {
    let database = TestDatabase::create();
    let db = migrated(&database.url);
    let first = {
        let db = db.clone();
        std::thread::spawn(move || load(&db, 3_000))
    };
    // What the second loader reads before its transaction must not wait on the locks of the
    // first one's (nor read its rows half-way): it finds the demo loaded once the first commits.
    let mut probe = db.get().expect("probe");
    while !another_loader_is_at_work(&mut probe) {
        assert!(
            !first.is_finished(),
            "the first load ended before it was seen at work"
        );
    }
    drop(probe);
    assert_eq!(load(&db, 3_000), DemoOutcome::AlreadyLoaded);
    assert!(matches!(
        first.join().expect("first loader"),
        DemoOutcome::Loaded(_)
    ));
}
