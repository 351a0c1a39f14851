//! The Customers workspace: the customer list and a customer's account page (rule 9 scoping).

use crate::db::DbConn;
use crate::db::ids::{MpnId, PartnerId, TenantId};
use crate::db::models::customer::{self, Customer, CustomerFilter};
use crate::db::models::partner::PartnerKind;
use crate::db::models::partner::{self, Partner};
use crate::db::models::product::Product;
use crate::db::models::relationship::{self, Relationship};
use crate::db::models::subscription::{self, Subscription};
use crate::domain::{Actor, Org};
use crate::error::AppError;

/// Customers per page.
pub const PAGE_SIZE: i64 = 25;

/// What the list was asked for, parsed from the query string by the caller.
#[derive(Debug, Clone, Default)]
pub struct CustomerQuery {
    /// Search text (company name, domain or tenant id).
    pub search: Option<String>,
    /// Only customers that also work with this reseller.
    pub reseller: Option<MpnId>,
    /// 1-based page.
    pub page: i64,
}

/// One row of the customer list.
#[derive(Debug, Clone)]
pub struct CustomerRow {
    /// The customer.
    pub customer: Customer,
    /// Subscriptions the actor's organization sees.
    pub subscriptions: i64,
}

/// A page of the customer list.
#[derive(Debug, Clone)]
pub struct CustomerList {
    /// The rows of this page.
    pub rows: Vec<CustomerRow>,
    /// How many customers match in all.
    pub total: i64,
    /// This page (1-based).
    pub page: i64,
    /// Number of pages (at least 1).
    pub pages: i64,
    /// The actor's organization's resellers (active partnerships), for the filter.
    pub resellers: Vec<Partner>,
    /// The reseller filter named a partner that is not one of the organization's resellers.
    pub unknown_reseller: bool,
}

/// The customer list: customers with an active relationship with the actor's organization,
/// optionally narrowed by search text and by one of its resellers, by company name.
pub fn customer_list(
    conn: &mut DbConn,
    actor: &Actor,
    query: &CustomerQuery,
) -> Result<CustomerList, AppError> {
    let partner_id = actor.customer_workspace()?;
    let resellers = partner::active_resellers_of(conn, partner_id)?;
    let mut unknown_reseller = false;
    let with_partner = match query.reseller {
        Some(mpn) => match resellers.iter().find(|r| r.mpn_id == mpn) {
            Some(r) => Some(r.id.clone()),
            None => {
                unknown_reseller = true;
                None
            }
        },
        None => None,
    };
    let filter = CustomerFilter {
        search: query.search.clone(),
        with_partner,
    };
    let page = query.page.max(1);
    let (customers, total) = if unknown_reseller {
        (Vec::new(), 0)
    } else {
        customer::search_visible_to_partner(
            conn,
            partner_id,
            &filter,
            PAGE_SIZE,
            (page - 1).saturating_mul(PAGE_SIZE),
        )?
    };
    let ids: Vec<&str> = customers.iter().map(|c| c.id.as_str()).collect();
    let counts = subscription::count_visible_by_customer(conn, &ids, partner_id)?;
    let rows = customers
        .into_iter()
        .map(|customer| {
            let subscriptions = counts
                .iter()
                .find(|(id, _)| id == customer.id.as_str())
                .map_or(0, |(_, n)| *n);
            CustomerRow {
                customer,
                subscriptions,
            }
        })
        .collect();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    Ok(CustomerList {
        rows,
        total,
        page,
        pages,
        resellers,
        unknown_reseller,
    })
}

/// One subscription row on the customer page.
#[derive(Debug, Clone)]
pub struct SubscriptionRow {
    /// The subscription.
    pub subscription: Subscription,
    /// Its product.
    pub product: Product,
    /// Seller (`None`: Microsoft).
    pub seller: Option<Partner>,
    /// Reseller of record.
    pub reseller_of_record: Option<Partner>,
    /// Designated support contact.
    pub support_contact: Option<Partner>,
}

/// The customer account page.
#[derive(Debug, Clone)]
pub struct CustomerAccount {
    /// The customer.
    pub customer: Customer,
    /// Its relationships with the actor's organization and that organization's resellers (active
    /// partnerships only: a former reseller is no longer the organization's).
    pub relationships: Vec<(Relationship, Partner)>,
    /// The subscriptions the actor's organization sees.
    pub subscriptions: Vec<SubscriptionRow>,
    /// The actor's organization (its relationship row is not a reseller's).
    pub own_partner: PartnerId,
    /// The actor may remove its organization's own relationship with the customer.
    pub can_remove_own: bool,
    /// The actor may end its resellers' relationships with the customer (indirect providers).
    pub can_end_resellers: bool,
}

/// A customer the actor's organization has an active relationship with (else NotFound).
pub fn customer_account(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
) -> Result<CustomerAccount, AppError> {
    let partner_id = actor.customer_workspace()?;
    let customer =
        customer::find_visible_to_partner(conn, partner_id, tenant)?.ok_or(AppError::NotFound)?;
    let mut related: Vec<PartnerId> = partner::active_resellers_of(conn, partner_id)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    related.push(partner_id.clone());
    let related_ids: Vec<&str> = related.iter().map(PartnerId::as_str).collect();
    let relationships = relationship::for_customer_among(conn, &customer.id, &related_ids)?;
    let subscriptions = subscription::list_visible_to_partner(conn, &customer.id, partner_id)?;
    let rows = with_partners(conn, subscriptions)?;
    let kind = match &actor.org {
        Org::Partner { kind, .. } => Some(*kind),
        Org::Customer { .. } => None,
    };
    let remover = actor.relationship_remover().is_ok();
    Ok(CustomerAccount {
        customer,
        relationships,
        subscriptions: rows,
        own_partner: partner_id.clone(),
        can_remove_own: remover && kind != Some(PartnerKind::IndirectReseller),
        can_end_resellers: remover && kind == Some(PartnerKind::IndirectProvider),
    })
}

/// Attaches seller, reseller of record and support contact to each subscription, in one query.
pub fn with_partners(
    conn: &mut DbConn,
    subscriptions: Vec<(Subscription, Product)>,
) -> Result<Vec<SubscriptionRow>, AppError> {
    let mut ids: Vec<&str> = subscriptions
        .iter()
        .flat_map(|(s, _)| {
            [
                &s.seller_id,
                &s.reseller_of_record_id,
                &s.support_contact_id,
            ]
        })
        .flatten()
        .map(PartnerId::as_str)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let partners = partner::find_many(conn, &ids)?;
    let pick = |id: &Option<PartnerId>| {
        id.as_ref()
            .and_then(|id| partners.iter().find(|p| &p.id == id).cloned())
    };
    Ok(subscriptions
        .iter()
        .map(|(s, p)| SubscriptionRow {
            seller: pick(&s.seller_id),
            reseller_of_record: pick(&s.reseller_of_record_id),
            support_contact: pick(&s.support_contact_id),
            subscription: s.clone(),
            product: p.clone(),
        })
        .collect())
}
