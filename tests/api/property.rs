//! Property test over the domain API on a real database: after any sequence of relationship
//! changes and assignments, every designated support contact is eligible (rule 3), and the audit
//! log holds exactly one event per change (rule 7).

use diesel::prelude::*;
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::ids::{MpnId, SubscriptionId, TenantId, UserId};
use partnerdesk::db::schema::{
    audit_events, customer_relationships as rel, customers, partners, subscriptions as sub, users,
};
use partnerdesk::db::{Db, DbConn, PoolOptions};
use partnerdesk::domain::accounts;
use partnerdesk::domain::relationships::{self, RelationshipRemoval};
use partnerdesk::domain::support_contact::{self, AssignOutcome, AssignRequest};
use partnerdesk::domain::{Actor, Ctx};
use partnerdesk::error::AppError;
use proptest::prelude::*;

use crate::helpers::{TEST_ARGON2, TestDatabase};
use crate::invariant::ineligible_contacts;

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
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 0..6usize, 0..4usize).prop_map(|(customer, subscription, partner)| Op::Assign { customer, subscription, partner }),
        2 => (0..3usize, 0..3usize).prop_map(|(customer, reseller)| Op::RemoveDelegatedAdmin { customer, reseller }),
        2 => (0..3usize, 0..3usize).prop_map(|(customer, reseller)| Op::EndRelationship { customer, reseller }),
        1 => (0..3usize).prop_map(|reseller| Op::EndPartnership { reseller }),
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

/// Adatum plus two generated Contoso customers that work with Fabrikam, each with a Global admin.
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
    let hasher = PasswordHasher::new(TEST_ARGON2).expect("hasher");
    let mut conn = db.get().expect("conn");
    let fabrikam: String = partners::table
        .filter(partners::mpn_id.eq(RESELLERS[0]))
        .select(partners::id)
        .first(&mut *conn)
        .expect("fabrikam");
    let mut names: Vec<(String, String)> = customers::table
        .inner_join(rel::table)
        .filter(rel::partner_id.eq(&fabrikam))
        .filter(customers::company_name.ne("Adatum Corporation"))
        .order(customers::company_name.asc())
        .select((customers::company_name, customers::tenant_id))
        .limit(2)
        .load(&mut *conn)
        .expect("customers");
    let adatum: String = customers::table
        .filter(customers::company_name.eq("Adatum Corporation"))
        .select(customers::tenant_id)
        .first(&mut *conn)
        .expect("adatum");
    names.insert(0, ("Adatum Corporation".to_owned(), adatum));
    let contoso: String = partners::table
        .filter(partners::mpn_id.eq(CONTOSO))
        .select(partners::id)
        .first(&mut *conn)
        .expect("contoso");
    let mut list = Vec::new();
    for (i, (_, tenant)) in names.iter().enumerate() {
        let email = if i == 0 {
            "admin@adatum.example".to_owned()
        } else {
            format!("ga{i}@customer.example")
        };
        if i > 0 {
            accounts::add_user(
                &mut conn,
                &hasher,
                &email,
                None,
                tenant,
                "global_admin",
                "a long enough password",
            )
            .expect("add user");
        }
        let customer_id: String = customers::table
            .filter(customers::tenant_id.eq(tenant))
            .select(customers::id)
            .first(&mut *conn)
            .expect("id");
        let subscriptions: Vec<String> = sub::table
            .filter(sub::customer_id.eq(&customer_id))
            .filter(sub::seller_id.eq(&contoso))
            .order(sub::id.asc())
            .select(sub::id)
            .load(&mut *conn)
            .expect("subscriptions");
        list.push(Customer {
            tenant: TenantId::from(tenant.clone()),
            subscriptions: subscriptions
                .into_iter()
                .map(SubscriptionId::from)
                .collect(),
            admin: actor(&mut conn, &email),
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
                Ok(done) => changes(done.reverted.len()),
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
                Ok(RelationshipRemoval::Done(done)) => changes(done.reverted.len()),
                Ok(RelationshipRemoval::Blocked(_)) => {
                    panic!("a reseller's relationship is never blocked")
                }
                Err(AppError::NotFound) => 0,
                Err(e) => panic!("end relationship: {e}"),
            }
        }
        Op::EndPartnership { reseller } => {
            match relationships::remove_partnership(
                conn,
                &ctx(&world.contoso_global_admin, rule),
                mpn(reseller),
            ) {
                Ok(done) => changes(done.reverted.len()),
                Err(AppError::NotFound) => 0,
                Err(e) => panic!("end partnership: {e}"),
            }
        }
    }
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
            prop_assert_eq!(audit_count(&mut conn), expected, "after {:?}", op);
        }
    }
}
