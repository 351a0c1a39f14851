//! Rule 3: whatever ends a reseller's eligibility reverts each affected subscription to its seller, one audit event each, in the change's own transaction.

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, CustomerId, PartnerId};
use crate::db::models::audit::Operation;
use crate::db::models::subscription::{self, ContactScope};
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::domain::support_contact::customer_default::{self, ClearedDefault, DefaultsOf};
use crate::domain::{Actor, Concerning, EventLinks};
use crate::error::AppError;

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

/// The customers' defaults that `change` makes ineligible (rule 3 clears them).
fn defaults_of(change: EndingChange<'_>, rule: EligibilityRule) -> Option<DefaultsOf<'_>> {
    match change {
        EndingChange::DelegatedAdminRemoved { .. } if rule == EligibilityRule::Relationship => None,
        EndingChange::DelegatedAdminRemoved { customer, partner }
        | EndingChange::RelationshipRemoved { customer, partner } => {
            Some(DefaultsOf::Customer { customer, partner })
        }
        EndingChange::PartnershipRemoved { provider, reseller } => Some(DefaultsOf::Seller {
            seller: provider,
            partner: reseller,
        }),
    }
}

/// The customers' defaults that `change` would clear, for the preview before it.
pub fn defaults_affected_by(
    conn: &mut DbConn,
    change: EndingChange<'_>,
    rule: EligibilityRule,
) -> Result<Vec<ClearedDefault>, AppError> {
    match defaults_of(change, rule) {
        Some(of) => customer_default::naming(conn, of),
        None => Ok(Vec::new()),
    }
}

/// What rule 3 did in a change's transaction.
#[derive(Debug, Clone)]
pub(super) struct Reverted {
    /// The subscriptions reverted to their seller.
    pub(super) subscriptions: Vec<SubscriptionRow>,
    /// The customers' defaults cleared.
    pub(super) defaults: Vec<ClearedDefault>,
}

/// Rule 3, inside the caller's transaction: reverts each subscription that `change` makes
/// ineligible to its seller, one audit event each, and clears each customer default naming the
/// partner it makes ineligible, one audit event each, all naming `cause` (the change's own event,
/// written first). Returns what it reverted and cleared.
pub(super) fn revert_affected(
    conn: &mut DbConn,
    actor: &Actor,
    change: EndingChange<'_>,
    rule: EligibilityRule,
    cause: &AuditEventId,
) -> Result<Reverted, AppError> {
    let defaults = match defaults_of(change, rule) {
        Some(of) => customer_default::clear_naming(conn, actor, of, cause)?,
        None => Vec::new(),
    };
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
        actor.record_linked(
            conn,
            Operation::SupportContactReverted,
            Concerning {
                partner: Some(seller),
                customer: Some(&row.subscription.customer_id),
                subscription: Some(&row.subscription.id),
            },
            Some(from.as_str()),
            Some(seller.as_str()),
            EventLinks {
                cause: Some(cause),
                batch: None,
            },
        )?;
        reverted.push(row);
    }
    Ok(Reverted {
        subscriptions: reverted,
        defaults,
    })
}
