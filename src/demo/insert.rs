//! The inserts, inside the loading transaction: the cast (Contoso first), and the customers of the
//! plan, each table in multi-row statements.

use chrono::NaiveDateTime;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::cast::{CONTOSO_RESELLERS, ORG_COUNT, Org, PARTNERS, PRODUCTS};
use super::plan::CustomerPlan;
use super::users::{Home, USERS};
use super::{DemoCounts, LoadError, holds_only_partners};
use crate::db::DbConn;
use crate::db::ids::{
    CustomerId, PartnerId, PartnershipId, ProductId, RelationshipId, SubscriptionId, TenantId,
    UserId,
};
use crate::db::models::partner::{self, NewPartner, NewPartnership, partnership_state};
use crate::db::models::relationship::{self, NewRelationship};
use crate::db::models::subscription::{self, NewSubscription};
use crate::db::models::{customer, product, user};

/// The ids the cast got, for what links to it.
pub(super) struct CastIds {
    partners: [PartnerId; ORG_COUNT],
    products: Vec<ProductId>,
    /// In the order of [`USERS`].
    users: Vec<UserId>,
}

impl CastIds {
    fn partner(&self, org: Org) -> &str {
        self.partners[org as usize].as_str()
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
            kind: seed.kind.as_str(),
            name: seed.name,
            mpn_id: seed.mpn_id,
            tenant_id: tenant.as_str(),
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
            id: id.as_str(),
            provider_id: pid(Org::Contoso),
            reseller_id: pid(*reseller),
            state: partnership_state::ACTIVE,
            created_at: now,
            updated_at: now,
        })
        .collect();
    partner::insert_partnerships(conn, &partnerships)?;

    for (seed, id) in PRODUCTS.iter().zip(&ids.products) {
        product::insert(
            conn,
            &product::NewProduct {
                id: id.as_str(),
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
            id: id.as_str(),
            tenant_id: tenant.as_str(),
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
                id: id.as_str(),
                customer_id: customer_id.as_str(),
                partner_id: pid(rel.partner),
                state: relationship::state::ACTIVE,
                delegated_admin: rel.delegated_admin,
                origin: rel.origin,
                created_at: now,
                updated_at: now,
            });
        }
        for (sub, id) in planned.subscriptions.iter().zip(next_subscription.by_ref()) {
            subscriptions.push(NewSubscription {
                id: id.as_str(),
                customer_id: customer_id.as_str(),
                product_id: ids.products[sub.product].as_str(),
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
            Home::Customer(named) => (
                None,
                customer_ids.get(named.index()).map(|(id, _)| id.as_str()),
            ),
        };
        user::insert(
            conn,
            &user::NewUser {
                id: id.as_str(),
                email: seed.email,
                display_name: seed.display_name,
                // One hash for all: every demo user has the same password.
                password_hash,
                partner_id,
                customer_id,
                role: seed.role.as_str(),
                disabled: false,
                created_at: now,
            },
        )?;
        counts.users += 1;
    }
    Ok(ids)
}
