//! Property test over the domain API on a real database: after any sequence of relationship
//! changes and assignments, every designated support contact is eligible (rule 3), and the audit
//! log holds exactly one event per change (rule 7).

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::ids::{
    CustomerId, MpnId, PartnerId, ProductId, SubscriptionId, TenantId, UserId,
};
use partnerdesk::db::models::subscription::SubscriptionStatus;
use partnerdesk::db::schema::{audit_events, customers, partners, subscriptions as sub, users};
use partnerdesk::db::{Db, DbConn, PoolOptions};
use partnerdesk::domain::accounts;
use partnerdesk::domain::relationships::{self, RelationshipRemoval};
use partnerdesk::domain::subscriptions::{self, OpenSubscription};
use partnerdesk::domain::support_contact::customer_default::{
    self, SetDefaultOutcome, SetDefaultRequest,
};
use partnerdesk::domain::support_contact::{self, AssignOutcome, AssignRequest};
use partnerdesk::domain::{Actor, Ctx, Role};
use partnerdesk::error::AppError;
use proptest::prelude::*;

use crate::fixtures::{CustomerBuilder, Rel, Sub};
use crate::helpers::TestDatabase;
use crate::invariant::{ineligible_contacts, ineligible_defaults};

const RESELLERS: [i32; 3] = [4_200_001, 4_200_002, 4_200_003];
const CONTOSO: i32 = 4_100_001;

#[derive(Debug, Clone)]
enum Op {
    Assign {
        customer: usize,
        subscription: usize,
        partner: usize,
    },
    RemoveDelegatedAdmin {
        customer: usize,
        reseller: usize,
    },
    EndRelationship {
        customer: usize,
        reseller: usize,
    },
    EndPartnership {
        reseller: usize,
    },
    /// A bulk assignment (issue 15): a batch of these (customer, subscription) picks with one
    /// partner, previewed then confirmed.
    Bulk {
        picks: Vec<(usize, usize)>,
        partner: usize,
        all_or_nothing: bool,
    },
    // Issue 15 (H3): a customer's default for Contoso's new subscriptions (partner 0: Contoso,
    // which clears it), and a new subscription, which must take it (rule 1).
    SetDefault {
        customer: usize,
        partner: usize,
    },
    Open {
        customer: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 0..6usize, 0..4usize).prop_map(|(customer, subscription, partner)| Op::Assign { customer, subscription, partner }),
        2 => (0..3usize, 0..3usize).prop_map(|(customer, reseller)| Op::RemoveDelegatedAdmin { customer, reseller }),
        2 => (0..3usize, 0..3usize).prop_map(|(customer, reseller)| Op::EndRelationship { customer, reseller }),
        1 => (0..3usize).prop_map(|reseller| Op::EndPartnership { reseller }),
        2 => (prop::collection::vec((0..3usize, 0..6usize), 1..6), 0..4usize, any::<bool>())
            .prop_map(|(picks, partner, all_or_nothing)| Op::Bulk { picks, partner, all_or_nothing }),
        2 => (0..3usize, 0..4usize).prop_map(|(customer, partner)| Op::SetDefault { customer, partner }),
        1 => (0..3usize).prop_map(|customer| Op::Open { customer }),
    ]
}

struct Customer {
    tenant: TenantId,
    subscriptions: Vec<SubscriptionId>,
    admin: Actor,
}

struct World {
    _database: TestDatabase,
    db: Db,
    contoso_admin: Actor,
    contoso_global_admin: Actor,
    customers: Vec<Customer>,
}

fn actor(conn: &mut DbConn, email: &str) -> Actor {
    let id: String = users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(conn)
        .expect("user");
    accounts::session_user(conn, &UserId::from(id))
        .expect("load")
        .expect("active user")
        .actor
}

/// Adatum (the demo's) and two customers built here, each working with Contoso and its three
/// resellers in ways of its own, each with a Global admin; their subscriptions are those Contoso
/// sold.
fn world() -> World {
    let database = TestDatabase::with_demo();
    let db = Db::connect(
        &database.url,
        &PoolOptions {
            max_size: 2,
            ..PoolOptions::default()
        },
    )
    .expect("connect");
    let [fabrikam, trey, northwind] = RESELLERS;
    let built = [
        CustomerBuilder::new("Property Customer A")
            .relationship(CONTOSO, Rel::DelegatedAdmin)
            .relationship(fabrikam, Rel::DelegatedAdmin)
            .relationship(trey, Rel::DelegatedAdmin)
            .relationship(northwind, Rel::Active)
            .subscription(Sub::sold_by("Office 365 Business Standard", CONTOSO))
            .subscription(
                Sub::sold_by("Microsoft 365 E3", CONTOSO)
                    .reseller_of_record(fabrikam)
                    .supported_by(fabrikam),
            )
            .subscription(
                Sub::sold_by("Microsoft 365 Business Premium", CONTOSO).supported_by(trey),
            )
            .subscription(Sub::sold_by("Power BI Pro", CONTOSO).reseller_of_record(northwind))
            .user("ga1@customer.example", Role::GlobalAdmin),
        CustomerBuilder::new("Property Customer B")
            .relationship(CONTOSO, Rel::DelegatedAdmin)
            .relationship(fabrikam, Rel::DelegatedAdmin)
            .relationship(trey, Rel::Active)
            .relationship(northwind, Rel::DelegatedAdmin)
            .subscription(
                Sub::sold_by("Office 365 Business Standard", CONTOSO).supported_by(northwind),
            )
            .subscription(Sub::sold_by("Microsoft 365 E3", CONTOSO).supported_by(fabrikam))
            .subscription(Sub::sold_by("Visio Plan 2", CONTOSO))
            .user("ga2@customer.example", Role::GlobalAdmin),
    ]
    .map(|customer| customer.build(&db));
    let mut conn = db.get().expect("conn");

    let contoso: String = partners::table
        .filter(partners::mpn_id.eq(CONTOSO))
        .select(partners::id)
        .first(&mut *conn)
        .expect("contoso");
    let adatum: (String, String) = customers::table
        .filter(customers::company_name.eq("Adatum Corporation"))
        .select((customers::id, customers::tenant_id))
        .first(&mut *conn)
        .expect("adatum");
    let adatum_subscriptions: Vec<String> = sub::table
        .filter(sub::customer_id.eq(&adatum.0))
        .filter(sub::seller_id.eq(&contoso))
        .order(sub::id.asc())
        .select(sub::id)
        .load(&mut *conn)
        .expect("subscriptions");
    let mut list = vec![Customer {
        tenant: TenantId::from(adatum.1),
        subscriptions: adatum_subscriptions
            .into_iter()
            .map(SubscriptionId::from)
            .collect(),
        admin: actor(&mut conn, "admin@adatum.example"),
    }];
    for (customer, email) in built
        .into_iter()
        .zip(["ga1@customer.example", "ga2@customer.example"])
    {
        list.push(Customer {
            tenant: TenantId::from(customer.tenant),
            subscriptions: customer
                .subscriptions
                .into_iter()
                .map(SubscriptionId::from)
                .collect(),
            admin: actor(&mut conn, email),
        });
    }
    World {
        contoso_admin: actor(&mut conn, "admin@contoso.example"),
        contoso_global_admin: actor(&mut conn, "globaladmin@contoso.example"),
        customers: list,
        _database: database,
        db,
    }
}

fn audit_count(conn: &mut DbConn) -> i64 {
    audit_events::table.count().get_result(conn).expect("count")
}

/// The context of `actor` under `rule`.
fn ctx(actor: &Actor, rule: EligibilityRule) -> Ctx {
    Ctx {
        actor: actor.clone(),
        rule,
        invitation_days: 30,
    }
}

/// Applies one operation; returns how many state changes it made (each must have its audit event).
fn apply(world: &World, conn: &mut DbConn, op: &Op, rule: EligibilityRule) -> i64 {
    let mpn = |i: usize| MpnId::parse(&RESELLERS[i % RESELLERS.len()].to_string()).expect("mpn");
    let changes = |reverted: usize| 1 + i64::try_from(reverted).expect("count");
    let rule3 = |done: &relationships::RemovalDone| {
        changes(done.reverted.len() + done.cleared_defaults.len())
    };
    match *op {
        Op::Assign {
            customer,
            subscription,
            partner,
        } => {
            let c = &world.customers[customer % world.customers.len()];
            let Some(id) = c
                .subscriptions
                .get(subscription % c.subscriptions.len().max(1))
            else {
                return 0;
            };
            let version: i32 = sub::table
                .find(id.as_str())
                .select(sub::version)
                .first(conn)
                .expect("version");
            let chosen = if partner == 0 {
                CONTOSO
            } else {
                RESELLERS[partner - 1]
            };
            let request = AssignRequest {
                support_contact: MpnId::parse(&chosen.to_string()).expect("mpn"),
                version,
            };
            match support_contact::assign(
                conn,
                &ctx(&world.contoso_admin, rule),
                &c.tenant,
                id,
                &request,
            ) {
                Ok(AssignOutcome::Assigned(_)) => 1,
                Ok(AssignOutcome::Refused { .. }) => 0,
                Err(e) => panic!("assign: {e}"),
            }
        }
        Op::RemoveDelegatedAdmin { customer, reseller } => {
            let c = &world.customers[customer % world.customers.len()];
            match relationships::remove_delegated_admin(conn, &ctx(&c.admin, rule), mpn(reseller)) {
                Ok(done) => rule3(&done),
                Err(AppError::NotFound) => 0,
                Err(e) => panic!("remove delegated admin: {e}"),
            }
        }
        Op::EndRelationship { customer, reseller } => {
            let c = &world.customers[customer % world.customers.len()];
            match relationships::remove_relationship(
                conn,
                &ctx(&world.contoso_admin, rule),
                &c.tenant,
                Some(mpn(reseller)),
            ) {
                Ok(RelationshipRemoval::Done(done)) => rule3(&done),
                Ok(RelationshipRemoval::Blocked(_)) => {
                    panic!("a reseller's relationship is never blocked")
                }
                Err(AppError::NotFound) => 0,
                Err(e) => panic!("end relationship: {e}"),
            }
        }
        Op::Bulk {
            ref picks,
            partner,
            all_or_nothing,
        } => bulk_assign(world, conn, picks, partner, all_or_nothing, rule),
        Op::EndPartnership { reseller } => {
            match relationships::remove_partnership(
                conn,
                &ctx(&world.contoso_global_admin, rule),
                mpn(reseller),
            ) {
                Ok(done) => rule3(&done),
                Err(AppError::NotFound) => 0,
                Err(e) => panic!("end partnership: {e}"),
            }
        }
        Op::SetDefault { customer, partner } => set_default(world, conn, customer, partner, rule),
        Op::Open { customer } => open_one(world, conn, customer, rule),
    }
}

/// Sets Contoso's default for a customer as its admin agent would, with the current choice read
/// first; 1 when it changed.
fn set_default(
    world: &World,
    conn: &mut DbConn,
    customer: usize,
    partner: usize,
    rule: EligibilityRule,
) -> i64 {
    let c = &world.customers[customer % world.customers.len()];
    let ctx = ctx(&world.contoso_admin, rule);
    let page = customer_default::default_page(conn, &ctx, &c.tenant).expect("the default's page");
    let chosen = if partner == 0 {
        CONTOSO
    } else {
        RESELLERS[partner - 1]
    };
    let request = SetDefaultRequest {
        partner: MpnId::parse(&chosen.to_string()).expect("mpn"),
        current: page.effective().mpn_id,
    };
    match customer_default::set_support_default(conn, &ctx, &c.tenant, &request) {
        Ok(SetDefaultOutcome::Saved) => 1,
        Ok(SetDefaultOutcome::Refused { stale, .. }) => {
            assert!(!stale, "nothing else changes it");
            0
        }
        Err(e) => panic!("set default: {e}"),
    }
}

/// Opens a subscription of Contoso's for a customer; it must be supported by the customer's
/// default when one is set (the invariant keeps it eligible), else by Contoso. No audit event.
fn open_one(world: &World, conn: &mut DbConn, customer: usize, rule: EligibilityRule) -> i64 {
    use partnerdesk::db::schema::{customer_support_defaults as def, products};
    let c = &world.customers[customer % world.customers.len()];
    let customer_id: String = customers::table
        .filter(customers::tenant_id.eq(c.tenant.to_string()))
        .select(customers::id)
        .first(conn)
        .expect("customer");
    let contoso: String = partners::table
        .filter(partners::mpn_id.eq(CONTOSO))
        .select(partners::id)
        .first(conn)
        .expect("contoso");
    let product: String = products::table
        .select(products::id)
        .first(conn)
        .expect("a product");
    let default: Option<String> = def::table
        .filter(def::customer_id.eq(&customer_id))
        .filter(def::seller_id.eq(&contoso))
        .select(def::partner_id)
        .first(conn)
        .optional()
        .expect("default");
    let (customer_id, contoso_id, product) = (
        CustomerId::from(customer_id),
        PartnerId::from(contoso.clone()),
        ProductId::from(product),
    );
    let id = partnerdesk::db::write_transaction(conn, |conn| {
        subscriptions::open(
            conn,
            rule,
            &OpenSubscription {
                customer: &customer_id,
                product: &product,
                quantity: 1,
                status: SubscriptionStatus::Active,
                seller: Some(&contoso_id),
                reseller_of_record: None,
            },
        )
    })
    .expect("open");
    let contact: Option<String> = sub::table
        .find(id.as_str())
        .select(sub::support_contact_id)
        .first(conn)
        .expect("the new subscription");
    assert_eq!(
        contact,
        Some(default.unwrap_or(contoso)),
        "rule 1: the default, else the seller"
    );
    0
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_contact_stays_eligible_and_every_change_is_audited(
        ops in proptest::collection::vec(op(), 1..20),
        relationship_rule in any::<bool>(),
    ) {
        let rule = if relationship_rule { EligibilityRule::Relationship } else { EligibilityRule::DelegatedAdmin };
        let world = world();
        let mut conn = world.db.get().expect("conn");
        prop_assert!(ineligible_contacts(&mut conn, rule).is_empty(), "demo data breaks the invariant");
        let mut expected = audit_count(&mut conn);
        for op in &ops {
            expected += apply(&world, &mut conn, op, rule);
            let bad = ineligible_contacts(&mut conn, rule);
            prop_assert!(bad.is_empty(), "after {:?}: ineligible contacts {:?}", op, bad);
            let bad = ineligible_defaults(&mut conn, rule);
            prop_assert!(bad.is_empty(), "after {:?}: ineligible defaults {:?}", op, bad);
            prop_assert_eq!(audit_count(&mut conn), expected, "after {:?}", op);
        }
    }
}

/// A bulk assignment through the domain: the batch, its preview, its confirmation; returns the
/// subscriptions it changed (each must have its event, with the batch id).
fn bulk_assign(
    world: &World,
    conn: &mut DbConn,
    picks: &[(usize, usize)],
    partner: usize,
    all_or_nothing: bool,
    rule: EligibilityRule,
) -> i64 {
    use partnerdesk::domain::support_contact::bulk::{
        self, BatchPage, BatchRequest, ConfirmOutcome, ConfirmRequest, CreateOutcome,
    };
    let subscriptions: Vec<SubscriptionId> = picks
        .iter()
        .filter_map(|&(customer, subscription)| {
            let c = &world.customers[customer % world.customers.len()];
            c.subscriptions
                .get(subscription % c.subscriptions.len().max(1))
                .cloned()
        })
        .collect();
    let chosen = if partner == 0 {
        CONTOSO
    } else {
        RESELLERS[partner - 1]
    };
    let context = ctx(&world.contoso_admin, rule);
    let request = BatchRequest {
        subscriptions,
        partner: MpnId::parse(&chosen.to_string()),
        back: None,
        matching: None,
    };
    let batch = match bulk::create_batch(conn, &context, &request) {
        Ok(CreateOutcome::Created { batch, note: None }) => batch,
        // Contoso's subscriptions of customers it no longer sees (its relationship ended).
        Err(AppError::NotFound) => return 0,
        other => panic!("batch: {other:?}"),
    };
    match bulk::batch_page(conn, &context, &batch).expect("preview") {
        BatchPage::Preview(_) => {}
        _ => panic!("no preview"),
    }
    let before: i64 = audit_events::table
        .filter(audit_events::batch_id.eq(batch.as_str()))
        .count()
        .get_result(conn)
        .expect("count");
    assert_eq!(before, 0);
    let changed =
        match bulk::confirm_batch(conn, &context, &batch, ConfirmRequest { all_or_nothing })
            .expect("confirm")
        {
            ConfirmOutcome::Done { changed } => i64::try_from(changed).expect("count"),
            ConfirmOutcome::Stopped { .. } => 0,
            other => panic!("confirm: {other:?}"),
        };
    let events: i64 = audit_events::table
        .filter(audit_events::batch_id.eq(batch.as_str()))
        .count()
        .get_result(conn)
        .expect("count");
    assert_eq!(events, changed, "one event per change, with the batch id");
    changed
}
