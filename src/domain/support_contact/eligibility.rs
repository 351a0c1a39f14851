//! Who is eligible to be a subscription's designated support contact (rule 2), with the reason and fix when not.

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::ids::MpnId;
use crate::db::models::customer::Customer;
use crate::db::models::partner::{self, Partner, PartnerKind, Partnership, PartnershipState};
use crate::db::models::relationship::{self, Relationship};
use crate::error::AppError;
use crate::i18n::Msg;

/// Why a reseller of the seller cannot be the designated support contact now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligibility {
    /// The provider ↔ reseller partnership is pending or removed.
    PartnershipNotActive,
    /// The reseller has no active relationship with the customer.
    NoRelationship,
    /// The relationship has no delegated admin privileges (rule 2c).
    NoDelegatedAdmin,
}

impl Ineligibility {
    /// The reason, in DESIGN.md's words (a short phrase, inside a sentence).
    pub fn reason(self) -> Msg {
        match self {
            Self::PartnershipNotActive => Msg::new("assign-reason-partnership-not-active"),
            Self::NoRelationship => Msg::new("assign-reason-no-relationship"),
            Self::NoDelegatedAdmin => Msg::new("assign-reason-no-delegated-admin"),
        }
    }
}

/// One partner offered by the form: eligible, or listed disabled with its reason and fix.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The partner.
    pub partner: Partner,
    /// `None`: eligible.
    pub ineligible: Option<Ineligibility>,
    /// How to make it eligible, when it is not.
    pub fix: Option<Msg>,
    /// The seller itself (always eligible).
    pub is_seller: bool,
}

impl Candidate {
    /// Whether it can be chosen.
    pub fn is_eligible(&self) -> bool {
        self.ineligible.is_none()
    }
}

/// The partners rule 2 offers for a subscription sold by `seller` to `customer`: the seller first,
/// then each of its resellers (eligible or not) by name. Three queries whatever the reseller count.
pub fn candidates(
    conn: &mut DbConn,
    seller: &Partner,
    customer: &Customer,
    rule: EligibilityRule,
) -> Result<Vec<Candidate>, AppError> {
    let mut out = vec![Candidate {
        partner: seller.clone(),
        ineligible: None,
        fix: None,
        is_seller: true,
    }];
    if seller.kind != PartnerKind::IndirectProvider {
        return Ok(out);
    }
    let resellers = partner::resellers_of(conn, &seller.id)?;
    let ids: Vec<&str> = resellers.iter().map(|(_, r)| r.id.as_str()).collect();
    let relationships = relationship::for_customer_among(conn, &customer.id, &ids)?;
    for (partnership, reseller) in resellers {
        let rel = relationships
            .iter()
            .find(|(r, _)| r.partner_id == reseller.id)
            .map(|(r, _)| r);
        let ineligible = ineligibility(&partnership, rel, rule);
        let fix =
            ineligible.map(|why| fix_for(why, partnership.state, seller, &reseller, customer));
        out.push(Candidate {
            partner: reseller,
            ineligible,
            fix,
            is_seller: false,
        });
    }
    Ok(out)
}

/// Rule 2 for one reseller of the seller: why it is not eligible, from its partnership with the
/// seller and its relationship (if any) with the customer; `None`: eligible.
pub(super) fn ineligibility(
    partnership: &Partnership,
    relationship: Option<&Relationship>,
    rule: EligibilityRule,
) -> Option<Ineligibility> {
    if partnership.state != PartnershipState::Active {
        Some(Ineligibility::PartnershipNotActive)
    } else if !relationship.is_some_and(Relationship::is_active) {
        Some(Ineligibility::NoRelationship)
    } else if rule == EligibilityRule::DelegatedAdmin
        && !relationship.is_some_and(|r| r.delegated_admin)
    {
        Some(Ineligibility::NoDelegatedAdmin)
    } else {
        None
    }
}

/// The candidate with PartnerID `mpn` for a subscription sold by `seller` to `customer`, as
/// [`candidates`] would list it (`None`: neither the seller nor one of its resellers), with rule 2
/// decided from its rows read under a shared lock (rule 3 under concurrency): until this
/// transaction ends, no change that would end its eligibility (delegated admin or the
/// relationship removed, the partnership ended) can commit, and such a change already in flight
/// is waited for and seen. Partnership first, then relationship: the order every locker uses.
pub(super) fn locked_candidate(
    conn: &mut DbConn,
    seller: &Partner,
    customer: &Customer,
    mpn: MpnId,
    rule: EligibilityRule,
) -> Result<Option<Candidate>, AppError> {
    let Some(partner) = partner::find_by_mpn(conn, mpn)? else {
        return Ok(None);
    };
    if partner.id == seller.id {
        return Ok(Some(Candidate {
            partner,
            ineligible: None,
            fix: None,
            is_seller: true,
        }));
    }
    if seller.kind != PartnerKind::IndirectProvider {
        return Ok(None);
    }
    let Some(partnership) = partner::find_partnership_for_share(conn, &seller.id, &partner.id)?
    else {
        return Ok(None);
    };
    let relationship = relationship::find_for_share(conn, &customer.id, &partner.id)?;
    let ineligible = ineligibility(&partnership, relationship.as_ref(), rule);
    let fix = ineligible.map(|why| fix_for(why, partnership.state, seller, &partner, customer));
    Ok(Some(Candidate {
        partner,
        ineligible,
        fix,
        is_seller: false,
    }))
}

/// What would make `reseller` eligible: who does what, with the names in it.
fn fix_for(
    why: Ineligibility,
    partnership_state: PartnershipState,
    seller: &Partner,
    reseller: &Partner,
    customer: &Customer,
) -> Msg {
    let fix = match why {
        Ineligibility::PartnershipNotActive if partnership_state == PartnershipState::Pending => {
            Msg::new("assign-fix-partnership-pending")
        }
        Ineligibility::PartnershipNotActive => Msg::new("assign-fix-partnership-removed"),
        Ineligibility::NoRelationship => Msg::new("assign-fix-no-relationship"),
        Ineligibility::NoDelegatedAdmin => Msg::new("assign-fix-no-delegated-admin"),
    };
    fix.arg("reseller", reseller.name.as_str())
        .arg("provider", seller.name.as_str())
        .arg("customer", customer.company_name.as_str())
}
