//! The database: demo data loading and migrations.

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::db::schema::{customer_relationships, customers, partners, subscriptions, users};
use partnerdesk::db::{Db, DbConn, PoolOptions, revert_all_migrations, run_migrations};
use partnerdesk::demo::{self, DemoOutcome};

use crate::helpers::{TEST_ARGON2, TestApp, TestDatabase};

/// (partners, customers, subscriptions, users).
fn row_counts(conn: &mut DbConn) -> (i64, i64, i64, i64) {
    (
        partners::table.count().get_result(conn).expect("partners"),
        customers::table
            .count()
            .get_result(conn)
            .expect("customers"),
        subscriptions::table
            .count()
            .get_result(conn)
            .expect("subscriptions"),
        users::table.count().get_result(conn).expect("users"),
    )
}

#[tokio::test]
async fn demo_data_matches_the_design_and_loading_it_again_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let before = row_counts(&mut conn);

    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    let outcome = demo::load(&mut conn, &|p| hasher.hash(p)).expect("second load");
    assert_eq!(outcome, DemoOutcome::AlreadyLoaded);
    assert_eq!(row_counts(&mut conn), before);

    let (partner_count, _, _, user_count) = before;
    assert_eq!(partner_count, 6);
    assert_eq!(
        user_count,
        i64::try_from(demo::demo_users().len()).expect("small")
    );

    let adatum = app.customer_id_of("Adatum Corporation");
    let adatum_subscriptions: i64 = subscriptions::table
        .filter(subscriptions::customer_id.eq(&adatum))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(adatum_subscriptions, 4);

    let contoso = app.partner_id_of(4_100_001);
    let contoso_customers: i64 = customer_relationships::table
        .filter(customer_relationships::partner_id.eq(&contoso))
        .filter(customer_relationships::state.eq("active"))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert!(
        (200..=210).contains(&contoso_customers),
        "{contoso_customers} customers of Contoso"
    );
}

#[tokio::test]
async fn migrations_apply_revert_and_apply_again() {
    let database = TestDatabase::create();
    let db = Db::connect(
        &database.url,
        &PoolOptions {
            max_size: 2,
            ..PoolOptions::default()
        },
    )
    .expect("connect");
    let mut conn = db.get().expect("conn");
    assert_eq!(
        matches!(&*conn, DbConn::Postgres(_)),
        database.is_postgres(),
        "the backend follows the URL"
    );

    run_migrations(&mut conn).expect("first run");
    revert_all_migrations(&mut conn).expect("revert all");
    assert!(
        partners::table
            .count()
            .get_result::<i64>(&mut *conn)
            .is_err(),
        "tables remain after reverting"
    );
    run_migrations(&mut conn).expect("second run");
    run_migrations(&mut conn).expect("nothing pending is fine");

    // The schema is whole again: the demo data loads.
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    let outcome = demo::load(&mut conn, &|p| hasher.hash(p)).expect("demo after re-migrating");
    assert!(matches!(outcome, DemoOutcome::Loaded { .. }), "{outcome:?}");
}
