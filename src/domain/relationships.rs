//! Relationships: the customer's partners and delegated admin removal, and the partner-side
//! removals, each with its impact preview and confirmation. Rule 3 lives here: whatever ends a
//! reseller's eligibility reverts each affected subscription to its seller, with one audit event per
//! subscription, in the same transaction as the change itself.

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::ids::{CustomerId, MpnId, PartnerId, TenantId};
use crate::db::models::audit::operation;
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::{self, Partner, PartnerKind, Partnership, partnership_state};
use crate::db::models::relationship::{self, Relationship};
use crate::db::models::subscription::{self, ContactScope};
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::domain::{Actor, Concerning};
use crate::error::AppError;
use crate::i18n::Msg;

/// A change that can end designated support contacts' eligibility (rule 3).
#[derive(Debug, Clone, Copy)]
pub enum EndingChange<'a> {
    /// A customer withdraws a partner's delegated admin privileges.
    DelegatedAdminRemoved {
        /// The customer.
        customer: &'a CustomerId,
        /// The partner.
        partner: &'a PartnerId,
    },
    /// A customer ↔ partner relationship ends.
    RelationshipRemoved {
        /// The customer.
        customer: &'a CustomerId,
        /// The partner.
        partner: &'a PartnerId,
    },
    /// A provider ↔ reseller partnership ends.
    PartnershipRemoved {
        /// The provider.
        provider: &'a PartnerId,
        /// The reseller.
        reseller: &'a PartnerId,
    },
}

/// The subscriptions whose designated support contact stops being eligible when `change`
/// happens, with their partners. A seller is always eligible for its own subscriptions, so only
/// subscriptions supported by someone other than their seller can be affected.
pub fn affected_by(
    conn: &mut DbConn,
    change: EndingChange<'_>,
    rule: EligibilityRule,
) -> Result<Vec<SubscriptionRow>, AppError> {
    let rows = match change {
        EndingChange::DelegatedAdminRemoved { .. } if rule == EligibilityRule::Relationship => {
            Vec::new()
        }
        EndingChange::DelegatedAdminRemoved { customer, partner }
        | EndingChange::RelationshipRemoved { customer, partner } => {
            subscription::supported_by_other_than_seller(
                conn,
                ContactScope::Customer(customer),
                partner,
            )?
        }
        EndingChange::PartnershipRemoved { provider, reseller } => {
            subscription::supported_by_other_than_seller(
                conn,
                ContactScope::Seller(provider),
                reseller,
            )?
        }
    };
    with_partners(conn, rows)
}

/// Rule 3, inside the caller's transaction: reverts each subscription that `change` makes
/// ineligible to its seller, one audit event each. Returns the subscriptions reverted.
fn revert_affected(
    conn: &mut DbConn,
    actor: &Actor,
    change: EndingChange<'_>,
    rule: EligibilityRule,
) -> Result<Vec<SubscriptionRow>, AppError> {
    let mut reverted = Vec::new();
    for row in affected_by(conn, change, rule)? {
        let (Some(from), Some(seller)) = (
            &row.subscription.support_contact_id,
            &row.subscription.seller_id,
        ) else {
            continue;
        };
        // Inside the same transaction nothing else can have moved it, but count only real changes.
        if subscription::revert_support_contact_to_seller(conn, &row.subscription.id, from)? != 1 {
            continue;
        }
        actor.record(
            conn,
            operation::SUPPORT_CONTACT_REVERTED,
            Concerning {
                partner: Some(seller),
                customer: Some(&row.subscription.customer_id),
                subscription: Some(&row.subscription.id),
            },
            Some(from.as_str()),
            Some(seller.as_str()),
        )?;
        reverted.push(row);
    }
    Ok(reverted)
}

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
pub fn customer_partners(conn: &mut DbConn, actor: &Actor) -> Result<CustomerPartners, AppError> {
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
    actor: &Actor,
    mpn: MpnId,
    rule: EligibilityRule,
) -> Result<DelegatedAdminPreview, AppError> {
    let customer_id = actor.customer_global_admin()?;
    let customer = customer::find(conn, customer_id)?.ok_or(AppError::NotFound)?;
    let (partner, _) = delegated_relationship(conn, customer_id, mpn)?;
    let affected = affected_by(
        conn,
        EndingChange::DelegatedAdminRemoved {
            customer: customer_id,
            partner: &partner.id,
        },
        rule,
    )?;
    Ok(DelegatedAdminPreview {
        customer,
        partner,
        affected,
    })
}

/// What a confirmed removal did, for the message after it.
#[derive(Debug, Clone)]
pub struct RemovalDone {
    /// The partner the removal concerned.
    pub partner_name: String,
    /// The subscriptions reverted to their seller.
    pub reverted: Vec<SubscriptionRow>,
}

/// Removes a partner's delegated admin privileges (customer Global admin), reverting the support
/// contacts that depended on them (rule 3), all in one transaction.
pub fn remove_delegated_admin(
    conn: &mut DbConn,
    actor: &Actor,
    mpn: MpnId,
    rule: EligibilityRule,
) -> Result<RemovalDone, AppError> {
    let customer_id = actor.customer_global_admin()?.clone();
    crate::db::write_transaction(conn, |conn| {
        let (partner, rel) = delegated_relationship(conn, &customer_id, mpn)?;
        if relationship::remove_delegated_admin(conn, &rel.id)? != 1 {
            return Err(AppError::NotFound);
        }
        actor.record(
            conn,
            operation::DELEGATED_ADMIN_REMOVED,
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
        let reverted = revert_affected(conn, actor, change, rule)?;
        Ok(RemovalDone {
            partner_name: partner.name,
            reverted,
        })
    })
}

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
    if me.kind() == PartnerKind::IndirectReseller {
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
    if provider.kind() != PartnerKind::IndirectProvider {
        return Err(AppError::NotFound);
    }
    let reseller = partner::find_by_mpn(conn, mpn)?.ok_or(AppError::NotFound)?;
    let partnership = partner::find_partnership(conn, &provider.id, &reseller.id)?
        .filter(|p| p.state == partnership_state::ACTIVE)
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
    let all = affected_by(
        conn,
        EndingChange::RelationshipRemoved {
            customer: &customer.id,
            partner: &target.id,
        },
        rule,
    )?;
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
    })
}

/// The confirmation page for removing the actor's own relationship with a customer, or (with
/// `reseller`) one of its resellers' relationships with that customer.
pub fn relationship_removal_preview(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
    reseller: Option<MpnId>,
    rule: EligibilityRule,
) -> Result<RelationshipRemovalPreview, AppError> {
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
    actor: &Actor,
    tenant: &TenantId,
    reseller: Option<MpnId>,
    rule: EligibilityRule,
) -> Result<RelationshipRemoval, AppError> {
    crate::db::write_transaction(conn, |conn| {
        let preview = relationship_removal_preview(conn, actor, tenant, reseller, rule)?;
        if !preview.allowed() {
            return Ok(RelationshipRemoval::Blocked(Box::new(preview)));
        }
        if !preview.own {
            // The power to end a reseller's relationship comes from the active partnership: hold
            // it (shared, before the relationship row, the order every locker uses) so that it
            // cannot end before this removal commits, and check it again as locked.
            let provider = actor.relationship_remover()?;
            partner::find_partnership_for_share(conn, provider, &preview.partner.id)?
                .filter(|p| p.state == partnership_state::ACTIVE)
                .ok_or(AppError::NotFound)?;
        }
        let rel = relationship::find(conn, &preview.customer.id, &preview.partner.id)?
            .filter(Relationship::is_active)
            .ok_or(AppError::NotFound)?;
        if relationship::remove(conn, &rel.id)? != 1 {
            return Err(AppError::NotFound);
        }
        actor.record(
            conn,
            operation::RELATIONSHIP_REMOVED,
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
        let reverted = revert_affected(conn, actor, change, rule)?;
        Ok(RelationshipRemoval::Done(RemovalDone {
            partner_name: preview.partner.name,
            reverted,
        }))
    })
}

/// One reseller on the provider's Resellers page.
#[derive(Debug, Clone)]
pub struct ResellerRow {
    /// The partnership.
    pub partnership: Partnership,
    /// The reseller.
    pub reseller: Partner,
    /// Subscriptions the provider sells that this reseller supports.
    pub supports: usize,
}

impl ResellerRow {
    /// Whether the partnership is active (and so can be ended).
    pub fn is_active(&self) -> bool {
        self.partnership.state == partnership_state::ACTIVE
    }

    /// The partnership's state, to be put into words.
    pub fn state_msg(&self) -> Msg {
        match self.partnership.state.as_str() {
            partnership_state::ACTIVE => Msg::new("partnership-state-active"),
            partnership_state::PENDING => Msg::new("partnership-state-pending"),
            _ => Msg::new("partnership-state-removed"),
        }
    }
}

/// The provider's resellers (its Global admin).
pub fn resellers(conn: &mut DbConn, actor: &Actor) -> Result<Vec<ResellerRow>, AppError> {
    let provider = actor.partnership_manager()?;
    let partnerships = partner::resellers_of(conn, provider)?;
    let mut rows = Vec::with_capacity(partnerships.len());
    let supported = subscription::supported_by_resellers_of_seller(conn, provider)?;
    for (partnership, reseller) in partnerships {
        let supports = supported
            .iter()
            .find(|(id, _)| id == reseller.id.as_str())
            .map_or(0, |(_, n)| *n);
        rows.push(ResellerRow {
            partnership,
            reseller,
            supports: usize::try_from(supports).unwrap_or(0),
        });
    }
    Ok(rows)
}

/// What ending a partnership would do.
#[derive(Debug, Clone)]
pub struct PartnershipRemovalPreview {
    /// The reseller.
    pub reseller: Partner,
    /// The provider's subscriptions (all customers) whose contact reverts to the provider.
    pub affected: Vec<(Customer, SubscriptionRow)>,
}

/// The confirmation page for ending a partnership with a reseller (provider Global admin).
pub fn partnership_removal_preview(
    conn: &mut DbConn,
    actor: &Actor,
    mpn: MpnId,
    rule: EligibilityRule,
) -> Result<PartnershipRemovalPreview, AppError> {
    let provider_id = actor.partnership_manager()?;
    let provider = partner::find(conn, provider_id)?.ok_or(AppError::NotFound)?;
    let (reseller, _) = reseller_of(conn, &provider, mpn)?;
    let rows = affected_by(
        conn,
        EndingChange::PartnershipRemoved {
            provider: provider_id,
            reseller: &reseller.id,
        },
        rule,
    )?;
    let mut ids: Vec<&str> = rows
        .iter()
        .map(|r| r.subscription.customer_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let customers = customer::find_many(conn, &ids)?;
    let affected = rows
        .into_iter()
        .filter_map(|row| {
            let c = customers
                .iter()
                .find(|c| c.id == row.subscription.customer_id)?
                .clone();
            Some((c, row))
        })
        .collect();
    Ok(PartnershipRemovalPreview { reseller, affected })
}

/// Ends a partnership with a reseller and reverts every subscription of the provider that the
/// reseller supported (rule 3), in one transaction.
pub fn remove_partnership(
    conn: &mut DbConn,
    actor: &Actor,
    mpn: MpnId,
    rule: EligibilityRule,
) -> Result<RemovalDone, AppError> {
    let provider_id = actor.partnership_manager()?.clone();
    crate::db::write_transaction(conn, |conn| {
        let provider = partner::find(conn, &provider_id)?.ok_or(AppError::NotFound)?;
        let (reseller, partnership) = reseller_of(conn, &provider, mpn)?;
        if partner::remove_partnership(conn, &partnership.id)? != 1 {
            return Err(AppError::NotFound);
        }
        actor.record(
            conn,
            operation::PARTNERSHIP_REMOVED,
            Concerning {
                partner: Some(&reseller.id),
                customer: None,
                subscription: None,
            },
            Some("active"),
            Some("removed"),
        )?;
        let change = EndingChange::PartnershipRemoved {
            provider: &provider_id,
            reseller: &reseller.id,
        };
        let reverted = revert_affected(conn, actor, change, rule)?;
        Ok(RemovalDone {
            partner_name: reseller.name,
            reverted,
        })
    })
}
