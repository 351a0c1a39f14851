//! The Customers workspace: the customer list and a customer's account page (rule 9 scoping).

mod cursor;
mod list;

pub use cursor::ListCursor;
pub use list::{
    COUNT_LIMIT, CustomerList, CustomerQuery, CustomerRow, ListTotal, PAGE_SIZE, RESELLER_CHOICES,
    ResellerChoice, ResellerFilter, SCAN_WINDOW, ScanInfo, customer_list, resolve_reseller,
};

use crate::db::DbConn;
use crate::db::ids::{PartnerId, TenantId};
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::PartnerKind;
use crate::db::models::partner::{self, Partner};
use crate::db::models::product::Product;
use crate::db::models::relationship::{self, Relationship};
use crate::db::models::subscription::{self, Subscription};
use crate::domain::{Ctx, Org};
use crate::error::AppError;

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
    /// The actor's role may assign designated support contacts (rule 4; per subscription, its
    /// organization must also be the seller: [`CustomerAccount::may_assign`]).
    pub can_assign: bool,
}

impl CustomerAccount {
    /// Whether the actor may change this subscription's designated support contact (rule 4):
    /// the customer page then links to the form.
    pub fn may_assign(&self, row: &SubscriptionRow) -> bool {
        self.can_assign
            && row
                .seller
                .as_ref()
                .is_some_and(|s| s.id == self.own_partner)
    }
}

/// A customer the actor's organization has an active relationship with (else NotFound).
pub fn customer_account(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
) -> Result<CustomerAccount, AppError> {
    let actor = &ctx.actor;
    let partner_id = actor.customer_workspace()?;
    let customer =
        customer::find_visible_to_partner(conn, partner_id, tenant)?.ok_or(AppError::NotFound)?;
    let relationships =
        relationship::for_customer_with_partner_and_resellers(conn, &customer.id, partner_id)?;
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
        can_assign: actor.may_assign_support_contacts(),
    })
}

/// Attaches seller, reseller of record and support contact to each subscription, in one query.
pub fn with_partners(
    conn: &mut DbConn,
    subscriptions: Vec<(Subscription, Product)>,
) -> Result<Vec<SubscriptionRow>, AppError> {
    let partners = {
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
        partner::find_many(conn, &ids)?
    };
    let pick = |id: &Option<PartnerId>| {
        id.as_ref()
            .and_then(|id| partners.iter().find(|p| &p.id == id).cloned())
    };
    Ok(subscriptions
        .into_iter()
        .map(|(subscription, product)| SubscriptionRow {
            seller: pick(&subscription.seller_id),
            reseller_of_record: pick(&subscription.reseller_of_record_id),
            support_contact: pick(&subscription.support_contact_id),
            subscription,
            product,
        })
        .collect())
}
