//! The customer's side: its partners, and the removal of a partner's delegated admin privileges.

use super::revert::{EndingChange, affected_by, defaults_affected_by, revert_affected};
use crate::db::DbConn;
use crate::db::ids::{CustomerId, MpnId};
use crate::db::models::audit::Operation;
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::{self, Partner};
use crate::db::models::relationship::{self, Relationship};
use crate::db::models::subscription;
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::domain::support_contact::customer_default::ClearedDefault;
use crate::domain::{Concerning, Ctx};
use crate::error::AppError;

/// One partner on the customer's Partners page.
#[derive(Debug, Clone)]
pub struct CustomerPartner {
    /// The relationship.
    pub relationship: Relationship,
    /// The partner.
    pub partner: Partner,
    /// The subscriptions it is designated support contact for.
    pub supports: Vec<SubscriptionRow>,
}

/// The customer's Partners page.
#[derive(Debug, Clone)]
pub struct CustomerPartners {
    /// The customer.
    pub customer: Customer,
    /// Its partners, by name.
    pub partners: Vec<CustomerPartner>,
    /// The actor may remove delegated admin privileges (Global admin); else read-only.
    pub can_manage: bool,
}

/// The customer's partner relationships, with delegated admin and what each supports (customer
/// Global admins and billing admins).
pub fn customer_partners(conn: &mut DbConn, ctx: &Ctx) -> Result<CustomerPartners, AppError> {
    let actor = &ctx.actor;
    let customer_id = actor.customer_admin()?;
    let customer = customer::find(conn, customer_id)?.ok_or(AppError::NotFound)?;
    let relationships = relationship::for_customer(conn, customer_id)?;
    let rows = subscription::list_for_customer(conn, customer_id)?;
    let subscriptions = with_partners(conn, rows)?;
    let partners = relationships
        .into_iter()
        .map(|(relationship, partner)| {
            let supports = subscriptions
                .iter()
                .filter(|s| s.subscription.support_contact_id.as_ref() == Some(&partner.id))
                .cloned()
                .collect();
            CustomerPartner {
                relationship,
                partner,
                supports,
            }
        })
        .collect();
    Ok(CustomerPartners {
        customer,
        partners,
        can_manage: actor.customer_global_admin().is_ok(),
    })
}

/// What removing a partner's delegated admin privileges would do.
#[derive(Debug, Clone)]
pub struct DelegatedAdminPreview {
    /// The customer.
    pub customer: Customer,
    /// The partner.
    pub partner: Partner,
    /// The subscriptions whose support contact would revert to their seller.
    pub affected: Vec<SubscriptionRow>,
    /// The sellers' defaults for the customer's new subscriptions that name the partner, which
    /// the removal clears (rule 3).
    pub defaults: Vec<ClearedDefault>,
}

/// The customer's active relationship with delegated admin for a PartnerID, or NotFound.
fn delegated_relationship(
    conn: &mut DbConn,
    customer: &CustomerId,
    mpn: MpnId,
) -> Result<(Partner, Relationship), AppError> {
    let partner = partner::find_by_mpn(conn, mpn)?.ok_or(AppError::NotFound)?;
    let rel = relationship::find(conn, customer, &partner.id)?
        .filter(|r| r.is_active() && r.delegated_admin)
        .ok_or(AppError::NotFound)?;
    Ok((partner, rel))
}

/// The confirmation page for removing delegated admin privileges (customer Global admin).
pub fn delegated_admin_removal_preview(
    conn: &mut DbConn,
    ctx: &Ctx,
    mpn: MpnId,
) -> Result<DelegatedAdminPreview, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    let customer_id = actor.customer_global_admin()?;
    let customer = customer::find(conn, customer_id)?.ok_or(AppError::NotFound)?;
    let (partner, _) = delegated_relationship(conn, customer_id, mpn)?;
    let change = EndingChange::DelegatedAdminRemoved {
        customer: customer_id,
        partner: &partner.id,
    };
    let affected = affected_by(conn, change, rule)?;
    let defaults = defaults_affected_by(conn, change, rule)?;
    Ok(DelegatedAdminPreview {
        customer,
        partner,
        affected,
        defaults,
    })
}

/// What a confirmed removal did, for the message after it.
#[derive(Debug, Clone)]
pub struct RemovalDone {
    /// The partner the removal concerned.
    pub partner_name: String,
    /// The subscriptions reverted to their seller.
    pub reverted: Vec<SubscriptionRow>,
    /// The customers' defaults cleared (rule 3).
    pub cleared_defaults: Vec<ClearedDefault>,
}

/// Removes a partner's delegated admin privileges (customer Global admin), reverting the support
/// contacts that depended on them (rule 3), all in one transaction.
pub fn remove_delegated_admin(
    conn: &mut DbConn,
    ctx: &Ctx,
    mpn: MpnId,
) -> Result<RemovalDone, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    let customer_id = actor.customer_global_admin()?.clone();
    crate::db::write_transaction(conn, |conn| {
        let (partner, rel) = delegated_relationship(conn, &customer_id, mpn)?;
        if relationship::remove_delegated_admin(conn, &rel.id)? != 1 {
            return Err(AppError::NotFound);
        }
        let cause = actor.record(
            conn,
            Operation::DelegatedAdminRemoved,
            Concerning {
                partner: Some(&partner.id),
                customer: Some(&customer_id),
                subscription: None,
            },
            Some("granted"),
            Some("removed"),
        )?;
        let change = EndingChange::DelegatedAdminRemoved {
            customer: &customer_id,
            partner: &partner.id,
        };
        let done = revert_affected(conn, actor, change, rule, &cause)?;
        Ok(RemovalDone {
            partner_name: partner.name,
            reverted: done.subscriptions,
            cleared_defaults: done.defaults,
        })
    })
}
