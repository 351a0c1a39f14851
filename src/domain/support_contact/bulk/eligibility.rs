//! Rule 2 for every customer of a batch at once: the chosen partner's partnership with the seller
//! and its relationships with the batch's customers, read in a few queries (under a shared lock
//! when confirming), and the reasons stored for refused rows, put into words again.

use std::collections::HashMap;

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::models::batch;
use crate::db::models::customer::Customer;
use crate::db::models::partner::{self, Partner, Partnership, PartnershipState};
use crate::db::models::relationship::Relationship;
use crate::error::AppError;
use crate::i18n::Msg;

use super::super::Ineligibility;
use super::super::eligibility::{fix_for, ineligibility};

/// Reason code: the subscription changed after the preview (rule 6).
pub(super) const STALE: &str = "stale";
/// Reason code: the subscription is no longer the seller's to assign.
pub(super) const GONE: &str = "gone";

/// Rule 2 for the chosen partner and each customer of a batch.
pub(super) struct BulkEligibility {
    /// The partner is the seller (always eligible).
    is_seller: bool,
    /// The partnership between seller and partner.
    partnership: Option<Partnership>,
    /// The partner's relationships, by customer id.
    relationships: HashMap<String, Relationship>,
    rule: EligibilityRule,
}

impl BulkEligibility {
    /// Reads what rule 2 needs for `customers`. With `lock` (inside the confirmation's write
    /// transaction), under the same lock order as the single assignment: the partnership, then
    /// the relationships, each `FOR SHARE` on PostgreSQL; on SQLite `BEGIN IMMEDIATE` already
    /// excludes every other writer.
    pub(super) fn read(
        conn: &mut DbConn,
        seller: &Partner,
        chosen: &Partner,
        customers: &[&str],
        rule: EligibilityRule,
        lock: bool,
    ) -> Result<Self, AppError> {
        if chosen.id == seller.id {
            return Ok(Self {
                is_seller: true,
                partnership: None,
                relationships: HashMap::new(),
                rule,
            });
        }
        let partnership = if lock {
            partner::find_partnership_for_share(conn, &seller.id, &chosen.id)?
        } else {
            partner::find_partnership(conn, &seller.id, &chosen.id)?
        };
        let relationships = if partnership.is_some() {
            batch::relationships_with_customers(conn, &chosen.id, customers, lock)?
        } else {
            Vec::new()
        };
        Ok(Self {
            is_seller: false,
            partnership,
            relationships: relationships
                .into_iter()
                .map(|r| (r.customer_id.as_str().to_owned(), r))
                .collect(),
            rule,
        })
    }

    /// Why the partner is not eligible for this customer's subscriptions; `None`: it is.
    pub(super) fn of(&self, customer: &str) -> Option<Ineligibility> {
        if self.is_seller {
            return None;
        }
        let Some(partnership) = &self.partnership else {
            return Some(Ineligibility::PartnershipNotActive);
        };
        ineligibility(partnership, self.relationships.get(customer), self.rule)
    }

    /// The code stored for a row refused for `why`.
    pub(super) fn code(&self, why: Ineligibility) -> &'static str {
        match why {
            Ineligibility::PartnershipNotActive
                if self
                    .partnership
                    .as_ref()
                    .is_some_and(|p| p.state == PartnershipState::Pending) =>
            {
                "partnership_pending"
            }
            Ineligibility::PartnershipNotActive => "partnership_removed",
            Ineligibility::NoRelationship => "no_relationship",
            Ineligibility::NoDelegatedAdmin => "no_delegated_admin",
        }
    }
}

/// The reason and fix of a refused row, from its stored code.
pub(super) fn reason_and_fix(
    code: &str,
    seller: &Partner,
    chosen: &Partner,
    customer: &Customer,
) -> (Msg, Option<Msg>) {
    let (why, state) = match code {
        STALE => return (Msg::new("batch-reason-stale"), None),
        "partnership_pending" => (
            Ineligibility::PartnershipNotActive,
            PartnershipState::Pending,
        ),
        "partnership_removed" => (
            Ineligibility::PartnershipNotActive,
            PartnershipState::Removed,
        ),
        "no_relationship" => (Ineligibility::NoRelationship, PartnershipState::Active),
        "no_delegated_admin" => (Ineligibility::NoDelegatedAdmin, PartnershipState::Active),
        _ => return (Msg::new("batch-reason-gone"), None),
    };
    (
        why.reason(),
        Some(fix_for(why, state, seller, chosen, customer)),
    )
}
