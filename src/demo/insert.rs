//! The inserts, inside the loading transaction: the cast (Contoso first), then, for the large
//! demo, the generated resellers and customers in chunks, each table of a chunk at once
//! (`insert_bulk!`: multi-row INSERTs on SQLite, one COPY on PostgreSQL), with the secondary
//! indexes of the largest tables built after the last chunk ([`super::deferred`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::cast::{CONTOSO_RESELLERS, ORG_COUNT, Org, PARTNERS, PRODUCTS};
use super::deferred;
use super::large::{self, Actor, Customers, GeneratedCustomer, Links};
use super::plan::CustomerPlan;
use super::rng::Rng;
use super::users::{Home, USERS};
use super::{DemoCounts, LoadError, holds_only_partners};
use crate::db::DbConn;
use crate::db::bulk::insert_bulk;
use crate::db::ids::{
    CustomerId, PartnerId, PartnershipId, ProductId, RelationshipId, SubscriptionId, TenantId,
    UserId,
};
use crate::db::models::audit::NewAuditEvent;
use crate::db::models::partner::{self, NewPartner, NewPartnership, PartnerKind, PartnershipState};
use crate::db::models::relationship::{self, NewRelationship, RelationshipState};
use crate::db::models::subscription::{self, NewSubscription};
use crate::db::models::{customer, product, user};
use crate::db::schema::{audit_events, customer_relationships, customers, subscriptions};
use crate::domain::Role;

/// The ids the cast got, for what links to it.
pub(super) struct CastIds {
    partners: [PartnerId; ORG_COUNT],
    products: Vec<ProductId>,
    /// In the order of [`USERS`].
    users: Vec<UserId>,
}

impl CastIds {
    fn partner(&self, org: Org) -> &PartnerId {
        &self.partners[org as usize]
    }

    /// The Contoso user with this role.
    fn contoso_user(&self, role: Role) -> Option<&UserId> {
        USERS
            .iter()
            .zip(&self.users)
            .find(|(seed, _)| matches!(seed.home, Home::Partner(Org::Contoso)) && seed.role == role)
            .map(|(_, id)| id)
    }
}

/// Inserts the cast's partners, partnerships, products and users, and the customers of `plan`.
/// The first statement is the insert of Contoso.
pub(super) fn cast(
    conn: &mut DbConn,
    plan: &[CustomerPlan],
    password_hash: &str,
    now: NaiveDateTime,
    counts: &mut DemoCounts,
) -> Result<CastIds, LoadError> {
    let ids = CastIds {
        partners: std::array::from_fn(|_| PartnerId::generate()),
        products: PRODUCTS.iter().map(|_| ProductId::generate()).collect(),
        users: USERS.iter().map(|_| UserId::generate()).collect(),
    };
    let pid = |org: Org| ids.partner(org);

    // First statement: takes the write lock (SQLite) or waits on the unique PartnerID (PostgreSQL)
    // while another loader is at work. On PostgreSQL a failed statement aborts the transaction,
    // so nothing else may run after this error: it ends the transaction at once.
    let tenants: Vec<TenantId> = PARTNERS.iter().map(|_| TenantId::generate()).collect();
    for (i, (seed, tenant)) in PARTNERS.iter().zip(&tenants).enumerate() {
        let row = NewPartner {
            id: pid(seed.org),
            kind: seed.kind,
            name: seed.name,
            mpn_id: seed.mpn_id,
            tenant_id: tenant,
            country: seed.country,
            support_email: seed.support_email,
            support_phone: seed.support_phone,
            support_website: seed.support_website,
            support_hours: seed.support_hours,
            created_at: now,
        };
        match partner::insert(conn, &row) {
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) if i == 0 => {
                return Err(LoadError::AlreadyLoaded);
            }
            other => other?,
        }
        if i == 0 && !holds_only_partners(conn, 1)? {
            return Err(LoadError::NotEmpty);
        }
        counts.partners += 1;
    }

    let partnership_ids: Vec<PartnershipId> = CONTOSO_RESELLERS
        .iter()
        .map(|_| PartnershipId::generate())
        .collect();
    let partnerships: Vec<NewPartnership<'_>> = CONTOSO_RESELLERS
        .iter()
        .zip(&partnership_ids)
        .map(|(reseller, id)| NewPartnership {
            id,
            provider_id: pid(Org::Contoso),
            reseller_id: pid(*reseller),
            state: PartnershipState::Active,
            created_at: now,
            updated_at: now,
        })
        .collect();
    partner::insert_partnerships(conn, &partnerships)?;

    for (seed, id) in PRODUCTS.iter().zip(&ids.products) {
        product::insert(
            conn,
            &product::NewProduct {
                id,
                name: seed.name,
                offer_id: seed.offer_id,
                commerce_type: seed.commerce_type,
            },
        )?;
    }

    let customer_ids: Vec<(CustomerId, TenantId)> = plan
        .iter()
        .map(|_| (CustomerId::generate(), TenantId::generate()))
        .collect();
    let rows: Vec<customer::NewCustomer<'_>> = plan
        .iter()
        .zip(&customer_ids)
        .map(|(planned, (id, tenant))| customer::NewCustomer {
            id,
            tenant_id: tenant,
            company_name: &planned.company_name,
            domain: &planned.domain,
            country: planned.country,
            created_at: now,
        })
        .collect();
    counts.customers += customer::insert_many(conn, &rows)?;

    let relationship_ids: Vec<RelationshipId> = plan
        .iter()
        .flat_map(|c| c.relationships.iter().map(|_| RelationshipId::generate()))
        .collect();
    let subscription_ids: Vec<SubscriptionId> = plan
        .iter()
        .flat_map(|c| c.subscriptions.iter().map(|_| SubscriptionId::generate()))
        .collect();
    let (mut next_relationship, mut next_subscription) =
        (relationship_ids.iter(), subscription_ids.iter());
    let mut relationships = Vec::with_capacity(relationship_ids.len());
    let mut subscriptions = Vec::with_capacity(subscription_ids.len());
    for (planned, (customer_id, _)) in plan.iter().zip(&customer_ids) {
        for (rel, id) in planned.relationships.iter().zip(next_relationship.by_ref()) {
            relationships.push(NewRelationship {
                id,
                customer_id,
                partner_id: pid(rel.partner),
                state: RelationshipState::Active,
                delegated_admin: rel.delegated_admin,
                origin: rel.origin,
                created_at: now,
                updated_at: now,
            });
        }
        for (sub, id) in planned.subscriptions.iter().zip(next_subscription.by_ref()) {
            subscriptions.push(NewSubscription {
                id,
                customer_id,
                product_id: &ids.products[sub.product],
                quantity: sub.quantity,
                status: sub.status,
                seller_id: sub.seller.map(pid),
                reseller_of_record_id: sub.reseller_of_record.map(pid),
                support_contact_id: sub.support_contact.map(pid),
                version: 1,
                created_at: now,
                updated_at: now,
            });
        }
    }
    counts.relationships += relationship::insert_many(conn, &relationships)?;
    counts.subscriptions += subscription::insert_many(conn, &subscriptions)?;

    for (seed, id) in USERS.iter().zip(&ids.users) {
        let (partner_id, customer_id) = match seed.home {
            Home::Partner(org) => (Some(pid(org)), None),
            Home::Customer(named) => (None, customer_ids.get(named.index()).map(|(id, _)| id)),
        };
        user::insert(
            conn,
            &user::NewUser {
                id,
                email: seed.email,
                display_name: seed.display_name,
                // One hash for all: every demo user has the same password.
                password_hash,
                partner_id,
                customer_id,
                role: seed.role,
                disabled: false,
                created_at: now,
            },
        )?;
        counts.users += 1;
    }
    Ok(ids)
}

/// Customers generated and inserted at a time: bounds the memory the load takes.
const CHUNK: usize = 1_000;

/// Inserts the large demo's resellers of Contoso and `customers` generated customers.
pub(super) fn large(
    conn: &mut DbConn,
    cast: &CastIds,
    customers: usize,
    now: NaiveDateTime,
    counts: &mut DemoCounts,
) -> QueryResult<()> {
    let mut rng = Rng::seeded(large::LARGE_SEED);
    let resellers = large::resellers(&mut rng, now);
    let contoso = cast.partner(Org::Contoso);
    let rows: Vec<NewPartner<'_>> = resellers
        .iter()
        .map(|r| NewPartner {
            id: &r.id,
            kind: PartnerKind::IndirectReseller,
            name: &r.name.name,
            mpn_id: r.mpn_id,
            tenant_id: &r.tenant_id,
            country: r.name.country,
            support_email: &r.support_email,
            support_phone: &r.support_phone,
            support_website: &r.support_website,
            support_hours: r.support_hours,
            created_at: r.created_at,
        })
        .collect();
    counts.partners += partner::insert_many(conn, &rows)?;
    let rows: Vec<NewPartnership<'_>> = resellers
        .iter()
        .map(|r| NewPartnership {
            id: &r.partnership_id,
            provider_id: contoso,
            reseller_id: &r.id,
            state: r.partnership_state,
            created_at: r.created_at,
            updated_at: r.created_at,
        })
        .collect();
    partner::insert_partnerships(conn, &rows)?;

    let staff = [
        Role::GlobalAdmin,
        Role::AdminAgent,
        Role::HelpdeskAgent,
        Role::SalesAgent,
    ];
    // Never: the cast has a Contoso user of each of these roles.
    let [Some(global_admin), Some(admin), Some(helpdesk), Some(sales)] =
        staff.map(|role| cast.contoso_user(role))
    else {
        return Err(DieselError::NotFound);
    };
    let mut links = Links {
        now,
        contoso,
        resellers: CONTOSO_RESELLERS
            .iter()
            .map(|org| (cast.partner(*org), true))
            .collect(),
        products: cast.products.iter().collect(),
        assigners: [global_admin, admin, helpdesk],
        removers: [global_admin, admin, sales],
    };
    links.resellers.extend(
        resellers
            .iter()
            .map(|r| (&r.id, r.partnership_state == PartnershipState::Active)),
    );
    let deferred = deferred::suspend(conn)?;
    let mut generator = Customers::new(rng, &links);
    let mut done = 0;
    while done < customers {
        let chunk: Vec<GeneratedCustomer<'_>> = (0..CHUNK.min(customers - done))
            .map(|_| generator.next_customer())
            .collect();
        insert_chunk(conn, &links, &chunk, counts)?;
        done += chunk.len();
        if done % (CHUNK * 10) == 0 || done == customers {
            tracing::info!(done, customers, "demo customers loaded");
        }
    }
    let started = std::time::Instant::now();
    let (indexes, foreign_keys) = deferred.len();
    deferred.restore(conn)?;
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(indexes, foreign_keys, seconds, "demo indexes built");
    Ok(())
}

/// A generated customer's row as written, with its search text (what `customer::insert_many`
/// adds).
#[derive(Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct CustomerInsert<'a> {
    id: &'a CustomerId,
    tenant_id: &'a TenantId,
    company_name: &'a str,
    domain: &'a str,
    country: &'a str,
    created_at: NaiveDateTime,
    search: String,
}

/// Inserts a chunk of generated customers with their relationships, subscriptions and audit
/// events, a table at a time.
fn insert_chunk(
    conn: &mut DbConn,
    links: &Links<'_>,
    chunk: &[GeneratedCustomer<'_>],
    counts: &mut DemoCounts,
) -> QueryResult<()> {
    let rows: Vec<CustomerInsert<'_>> = chunk
        .iter()
        .map(|c| CustomerInsert {
            id: &c.customer.id,
            tenant_id: &c.customer.tenant_id,
            company_name: &c.customer.name.name,
            domain: &c.customer.domain,
            country: c.customer.name.country,
            created_at: c.customer.created_at,
            search: customer::search_text(
                &c.customer.name.name,
                &c.customer.domain,
                c.customer.tenant_id.as_str(),
            ),
        })
        .collect();
    counts.customers += insert_bulk!(conn, customers::table, &rows, columns = 7)?;

    let rows: Vec<NewRelationship<'_>> = chunk
        .iter()
        .flat_map(|c| {
            c.relationships.iter().map(|r| NewRelationship {
                id: &r.id,
                customer_id: &c.customer.id,
                partner_id: r.partner,
                state: r.state,
                delegated_admin: r.delegated_admin,
                origin: r.origin,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect();
    counts.relationships += insert_bulk!(conn, customer_relationships::table, &rows, columns = 8)?;

    let rows: Vec<NewSubscription<'_>> = chunk
        .iter()
        .flat_map(|c| {
            c.subscriptions.iter().map(|s| NewSubscription {
                id: &s.id,
                customer_id: &c.customer.id,
                product_id: s.product,
                quantity: s.quantity,
                status: s.status,
                seller_id: Some(links.contoso),
                reseller_of_record_id: s.reseller_of_record,
                support_contact_id: Some(s.support_contact),
                version: s.version,
                created_at: s.created_at,
                updated_at: s.updated_at,
            })
        })
        .collect();
    counts.subscriptions += insert_bulk!(conn, subscriptions::table, &rows, columns = 11)?;

    let mut rows: Vec<NewAuditEvent<'_>> = chunk
        .iter()
        .flat_map(|c| {
            c.events.iter().map(|e| {
                let (user, partner, by_customer) = match e.actor {
                    Actor::Contoso { user } => (Some(user), Some(links.contoso), None),
                    Actor::Customer => (None, None, Some(&c.customer.id)),
                };
                NewAuditEvent {
                    id: &e.id,
                    occurred_at: e.occurred_at,
                    actor_user_id: user,
                    actor_partner_id: partner,
                    actor_customer_id: by_customer,
                    subject_partner_id: Some(e.subject),
                    customer_id: Some(&c.customer.id),
                    subscription_id: e
                        .subscription
                        .and_then(|s| c.subscriptions.get(s))
                        .map(|s| &s.id),
                    operation: e.operation.clone(),
                    old_value: Some(e.old),
                    new_value: Some(e.new),
                    cause_id: None,
                    batch_id: None,
                }
            })
        })
        .collect();
    // In time order, as an app that wrote them as they happened would have: the table's pages
    // then hold the events of a time, as the activity log and its export read them (Contoso's
    // whole log in order read 525,000 pages at 100,000 customers, 55,000 so), and a customer's
    // events lie on about as many pages as it has events (one or two before).
    rows.sort_unstable_by(|a, b| (a.occurred_at, a.id).cmp(&(b.occurred_at, b.id)));
    counts.audit_events += insert_bulk!(conn, audit_events::table, &rows, columns = 13)?;
    Ok(())
}
