//! Relationships: the customer's partners and delegated admin removal, and the partner-side
//! removals, each with its impact preview and confirmation. Rule 3 lives here: whatever ends a
//! reseller's eligibility reverts each affected subscription to its seller, with one audit event per
//! subscription, in the same transaction as the change itself.

mod customer_side;
mod partnerships;
mod revert;

pub use customer_side::{
    CustomerPartner, CustomerPartners, DelegatedAdminPreview, RemovalDone, customer_partners,
    delegated_admin_removal_preview, remove_delegated_admin,
};
pub use partnerships::{
    PartnershipRemovalPreview, ResellerRow, partnership_removal_preview, remove_partnership,
    resellers,
};
pub use revert::{EndingChange, affected_by, defaults_affected_by};

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::ids::{MpnId, TenantId};
use crate::db::models::audit::Operation;
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::{self, Partner, PartnerKind, Partnership, PartnershipState};
use crate::db::models::relationship::{self, Relationship};
use crate::db::models::subscription;
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::domain::support_contact::customer_default::ClearedDefault;
use crate::domain::{Actor, Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;
use revert::revert_affected;

/// What removing a partner-side relationship would do.
#[derive(Debug, Clone)]
pub struct RelationshipRemovalPreview {
    /// The customer.
    pub customer: Customer,
    /// The partner whose relationship ends (the actor's own organization, or one of its resellers).
    pub partner: Partner,
    /// The actor's own relationship (not a reseller's).
    pub own: bool,
    /// Refusal: the actor's own active subscriptions for this customer (rule 8).
    pub blocking: Vec<SubscriptionRow>,
    /// Subscriptions the actor's organization sells whose contact reverts to it.
    pub affected: Vec<SubscriptionRow>,
    /// Subscriptions sold by other partners that revert too (counted, not shown: not ours to see).
    pub affected_elsewhere: usize,
    /// The actor's organization's defaults for the customer's new subscriptions that name the
    /// partner, which the removal clears (rule 3); other sellers' are cleared too, not shown.
    pub defaults: Vec<ClearedDefault>,
}

impl RelationshipRemovalPreview {
    /// Whether the removal may be confirmed.
    pub fn allowed(&self) -> bool {
        self.blocking.is_empty()
    }
}

/// A provider or direct-bill partner acting on its own customer: the customer (visible to it) and
/// its own partner row.
fn removal_context(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
) -> Result<(Customer, Partner), AppError> {
    let partner_id = actor.relationship_remover()?;
    let customer =
        customer::find_visible_to_partner(conn, partner_id, tenant)?.ok_or(AppError::NotFound)?;
    let me = partner::find(conn, partner_id)?.ok_or(AppError::NotFound)?;
    if me.kind == PartnerKind::IndirectReseller {
        return Err(AppError::Forbidden(Msg::new(
            "forbidden-reseller-removes-relationship",
        )));
    }
    Ok((customer, me))
}

/// The reseller `mpn` of the actor's organization (an indirect provider), with their active
/// partnership, or NotFound: a pending or ended partnership gives the provider no power over the
/// partner (rule 8), exactly as if there were none.
fn reseller_of(
    conn: &mut DbConn,
    provider: &Partner,
    mpn: MpnId,
) -> Result<(Partner, Partnership), AppError> {
    if provider.kind != PartnerKind::IndirectProvider {
        return Err(AppError::NotFound);
    }
    let reseller = partner::find_by_mpn(conn, mpn)?.ok_or(AppError::NotFound)?;
    let partnership = partner::find_partnership(conn, &provider.id, &reseller.id)?
        .filter(|p| p.state == PartnershipState::Active)
        .ok_or(AppError::NotFound)?;
    Ok((reseller, partnership))
}

fn relationship_preview(
    conn: &mut DbConn,
    me: &Partner,
    customer: Customer,
    target: Partner,
    rule: EligibilityRule,
) -> Result<RelationshipRemovalPreview, AppError> {
    let own = target.id == me.id;
    let blocking = if own {
        let rows = subscription::active_sold_by(conn, &customer.id, &me.id)?;
        with_partners(conn, rows)?
    } else {
        Vec::new()
    };
    let change = EndingChange::RelationshipRemoved {
        customer: &customer.id,
        partner: &target.id,
    };
    let all = affected_by(conn, change, rule)?;
    let defaults = defaults_affected_by(conn, change, rule)?
        .into_iter()
        .filter(|d| d.seller_id == me.id)
        .collect();
    let (affected, elsewhere): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|row| row.subscription.seller_id.as_ref() == Some(&me.id));
    Ok(RelationshipRemovalPreview {
        customer,
        partner: target,
        own,
        blocking,
        affected,
        affected_elsewhere: elsewhere.len(),
        defaults,
    })
}

/// The confirmation page for removing the actor's own relationship with a customer, or (with
/// `reseller`) one of its resellers' relationships with that customer.
pub fn relationship_removal_preview(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    reseller: Option<MpnId>,
) -> Result<RelationshipRemovalPreview, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    let (customer, me) = removal_context(conn, actor, tenant)?;
    let target = match reseller {
        None => me.clone(),
        Some(mpn) => {
            let (reseller, _) = reseller_of(conn, &me, mpn)?;
            relationship::find(conn, &customer.id, &reseller.id)?
                .filter(Relationship::is_active)
                .ok_or(AppError::NotFound)?;
            reseller
        }
    };
    relationship_preview(conn, &me, customer, target, rule)
}

/// The outcome of a confirmed relationship removal.
#[derive(Debug, Clone)]
pub enum RelationshipRemoval {
    /// Removed; these subscriptions reverted.
    Done(RemovalDone),
    /// Refused: the actor's own subscriptions for the customer are still active.
    Blocked(Box<RelationshipRemovalPreview>),
}

/// Removes the actor's own relationship with a customer (refused while any of its subscriptions
/// for that customer is active), or one of its resellers' relationships with that customer, and
/// reverts the support contacts that depended on it (rule 3), all in one transaction.
pub fn remove_relationship(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    reseller: Option<MpnId>,
) -> Result<RelationshipRemoval, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    crate::db::write_transaction(conn, |conn| {
        let preview = relationship_removal_preview(conn, ctx, tenant, reseller)?;
        if !preview.allowed() {
            return Ok(RelationshipRemoval::Blocked(Box::new(preview)));
        }
        if !preview.own {
            // The power to end a reseller's relationship comes from the active partnership: hold
            // it (shared, before the relationship row, the order every locker uses) so that it
            // cannot end before this removal commits, and check it again as locked.
            let provider = actor.relationship_remover()?;
            partner::find_partnership_for_share(conn, provider, &preview.partner.id)?
                .filter(|p| p.state == PartnershipState::Active)
                .ok_or(AppError::NotFound)?;
        }
        let rel = relationship::find(conn, &preview.customer.id, &preview.partner.id)?
            .filter(Relationship::is_active)
            .ok_or(AppError::NotFound)?;
        if relationship::remove(conn, &rel.id)? != 1 {
            return Err(AppError::NotFound);
        }
        let cause = actor.record(
            conn,
            Operation::RelationshipRemoved,
            Concerning {
                partner: Some(&preview.partner.id),
                customer: Some(&preview.customer.id),
                subscription: None,
            },
            Some("active"),
            Some("removed"),
        )?;
        let change = EndingChange::RelationshipRemoved {
            customer: &preview.customer.id,
            partner: &preview.partner.id,
        };
        let done = revert_affected(conn, actor, change, rule, &cause)?;
        let own = actor.relationship_remover()?;
        Ok(RelationshipRemoval::Done(RemovalDone {
            partner_name: preview.partner.name,
            reverted: done.subscriptions,
            cleared_defaults: done
                .defaults
                .into_iter()
                .filter(|d| &d.seller_id == own)
                .collect(),
        }))
    })
}
