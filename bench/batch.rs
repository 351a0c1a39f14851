//! Bulk assignment at size, for `bench/run` or by hand: builds a database with the demo cast
//! (Contoso, its reseller Fabrikam) and CUSTOMERS more customers of Contoso, each with a
//! relationship with Fabrikam with delegated admin and COUNT / CUSTOMERS subscriptions sold and
//! supported by Contoso; then, as Contoso's helpdesk agent, makes a batch of COUNT subscriptions
//! with Fabrikam chosen, renders the preview's content, and confirms it. Prints the times.
//!
//! `cargo run --release --example bench-batch -- DATABASE_URL [COUNT] [CUSTOMERS]`
//! (an empty database: a SQLite file that does not exist yet, or an empty PostgreSQL schema).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::ids::{CustomerId, MpnId, RelationshipId, SubscriptionId, TenantId, UserId};
use partnerdesk::db::models::customer::{self, NewCustomer};
use partnerdesk::db::models::relationship::{
    self, NewRelationship, RelationshipOrigin, RelationshipState,
};
use partnerdesk::db::models::subscription::{self, NewSubscription, SubscriptionStatus};
use partnerdesk::db::schema::{partners, products, users};
use partnerdesk::db::{DbConn, PoolOptions};
use partnerdesk::domain::support_contact::bulk::{
    self, BatchPage, BatchRequest, ConfirmOutcome, ConfirmRequest, CreateOutcome,
};
use partnerdesk::domain::{Ctx, accounts};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).expect("DATABASE_URL");
    let count: usize = args.get(2).map_or(10_000, |a| a.parse().expect("COUNT"));
    let customers: usize = args.get(3).map_or(2_000, |a| a.parse().expect("CUSTOMERS"));
    let mut conn = partnerdesk::db::connect_once(url, &PoolOptions::default()).expect("database");
    partnerdesk::db::run_migrations(&mut conn).expect("migrations");
    partnerdesk::demo::load(&mut conn, &|_| Ok("not-a-hash".to_owned())).expect("demo");
    let started = Instant::now();
    let ids = build(&mut conn, count, customers);
    eprintln!(
        "built {} subscriptions of {customers} customers in {:.1?}",
        ids.len(),
        started.elapsed()
    );

    let helpdesk: String = users::table
        .filter(users::email.eq("helpdesk@contoso.example"))
        .select(users::id)
        .first(&mut conn)
        .expect("helpdesk");
    let actor = accounts::session_user(&mut conn, &UserId::from(helpdesk))
        .expect("user")
        .expect("may sign in")
        .actor;
    let ctx = Ctx {
        actor,
        rule: EligibilityRule::DelegatedAdmin,
        invitation_days: 30,
    };
    let request = BatchRequest {
        subscriptions: ids,
        partner: MpnId::parse("4200001"),
        back: None,
        matching: None,
    };
    let t = Instant::now();
    let CreateOutcome::Created { batch, note: None } =
        bulk::create_batch(&mut conn, &ctx, &request).expect("create")
    else {
        panic!("batch refused");
    };
    let create = t.elapsed();
    let t = Instant::now();
    let BatchPage::Preview(preview) = bulk::batch_page(&mut conn, &ctx, &batch).expect("preview")
    else {
        panic!("no preview");
    };
    let preview_time = t.elapsed();
    assert_eq!(preview.change.1, count, "every row will change");
    let t = Instant::now();
    let outcome =
        bulk::confirm_batch(&mut conn, &ctx, &batch, ConfirmRequest::default()).expect("confirm");
    let confirm = t.elapsed();
    assert_eq!(outcome, ConfirmOutcome::Done { changed: count });
    let t = Instant::now();
    let BatchPage::Review(_) = bulk::batch_page(&mut conn, &ctx, &batch).expect("review") else {
        panic!("no review");
    };
    let review = t.elapsed();
    let backend = match conn {
        DbConn::Sqlite(_) => "sqlite",
        DbConn::Postgres(_) => "postgres",
    };
    println!(
        "{backend}\t{count} subscriptions\tcreate {:.0} ms\tpreview {:.0} ms\tconfirm {:.0} ms\treview {:.0} ms",
        create.as_secs_f64() * 1e3,
        preview_time.as_secs_f64() * 1e3,
        confirm.as_secs_f64() * 1e3,
        review.as_secs_f64() * 1e3,
    );
}

/// The customers, relationships and subscriptions; returns the subscriptions' ids.
fn build(conn: &mut DbConn, count: usize, customers: usize) -> Vec<SubscriptionId> {
    let partner = |conn: &mut DbConn, mpn: i32| -> String {
        partners::table
            .filter(partners::mpn_id.eq(mpn))
            .select(partners::id)
            .first(conn)
            .expect("partner")
    };
    let contoso = partnerdesk::db::ids::PartnerId::from(partner(conn, 4_100_001));
    let fabrikam = partnerdesk::db::ids::PartnerId::from(partner(conn, 4_200_001));
    let product: String = products::table
        .select(products::id)
        .first(conn)
        .expect("a product");
    let product = partnerdesk::db::ids::ProductId::from(product);
    let now = partnerdesk::db::now();
    let ids: Vec<(CustomerId, TenantId, String)> = (0..customers)
        .map(|i| {
            (
                CustomerId::generate(),
                TenantId::generate(),
                format!("Bench Batch Customer {i:05}"),
            )
        })
        .collect();
    let domains: Vec<String> = (0..customers)
        .map(|i| format!("benchbatch{i}.onmicrosoft.com"))
        .collect();
    let rows: Vec<NewCustomer<'_>> = ids
        .iter()
        .zip(&domains)
        .map(|((id, tenant, name), domain)| NewCustomer {
            id,
            tenant_id: tenant,
            company_name: name,
            domain,
            country: "GB",
            created_at: now,
        })
        .collect();
    customer::insert_many(conn, &rows).expect("customers");
    let rel_ids: Vec<(RelationshipId, RelationshipId)> = (0..customers)
        .map(|_| (RelationshipId::generate(), RelationshipId::generate()))
        .collect();
    let rels: Vec<NewRelationship<'_>> = ids
        .iter()
        .zip(&rel_ids)
        .flat_map(|((customer, _, _), (a, b))| {
            [(a, &contoso, false), (b, &fabrikam, true)].map(|(id, partner, dap)| NewRelationship {
                id,
                customer_id: customer,
                partner_id: partner,
                state: RelationshipState::Active,
                delegated_admin: dap,
                origin: RelationshipOrigin::NewCustomer,
                created_at: now,
                updated_at: now,
            })
        })
        .collect();
    relationship::insert_many(conn, &rels).expect("relationships");
    let sub_ids: Vec<SubscriptionId> = (0..count).map(|_| SubscriptionId::generate()).collect();
    let subs: Vec<NewSubscription<'_>> = sub_ids
        .iter()
        .enumerate()
        .map(|(i, id)| NewSubscription {
            id,
            customer_id: &ids[i % customers].0,
            product_id: &product,
            quantity: 10,
            status: SubscriptionStatus::Active,
            seller_id: Some(&contoso),
            reseller_of_record_id: None,
            support_contact_id: Some(&contoso),
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .collect();
    subscription::insert_many(conn, &subs).expect("subscriptions");
    sub_ids
}
