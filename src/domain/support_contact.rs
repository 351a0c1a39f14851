//! Designated support contacts: who is eligible (rule 2), who may assign (rule 4), the assignment
//! itself with optimistic concurrency (rule 6) and its audit event (rule 7), and the review (rule 5).

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, MpnId, PartnerId, SubscriptionId, TenantId};
use crate::db::models::audit::{self, AuditEvent, operation};
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::{self, Partner, PartnerKind, Partnership, partnership_state};
use crate::db::models::product::Product;
use crate::db::models::relationship::{self, Relationship};
use crate::db::models::subscription::{self, Subscription};
use crate::db::models::user;
use crate::domain::{Actor, Concerning};
use crate::error::AppError;
use crate::i18n::{Arg, IntoArg, Msg};
use chrono::NaiveDateTime;

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
    if seller.kind() != PartnerKind::IndirectProvider {
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
            ineligible.map(|why| fix_for(why, &partnership.state, seller, &reseller, customer));
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
fn ineligibility(
    partnership: &Partnership,
    relationship: Option<&Relationship>,
    rule: EligibilityRule,
) -> Option<Ineligibility> {
    if partnership.state != partnership_state::ACTIVE {
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
fn locked_candidate(
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
    if seller.kind() != PartnerKind::IndirectProvider {
        return Ok(None);
    }
    let Some(partnership) = partner::find_partnership_for_share(conn, &seller.id, &partner.id)?
    else {
        return Ok(None);
    };
    let relationship = relationship::find_for_share(conn, &customer.id, &partner.id)?;
    let ineligible = ineligibility(&partnership, relationship.as_ref(), rule);
    let fix = ineligible.map(|why| fix_for(why, &partnership.state, seller, &partner, customer));
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
    partnership_state: &str,
    seller: &Partner,
    reseller: &Partner,
    customer: &Customer,
) -> Msg {
    let fix = match why {
        Ineligibility::PartnershipNotActive if partnership_state == partnership_state::PENDING => {
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

/// A subscription with the partners around it.
#[derive(Debug, Clone)]
pub struct SubscriptionView {
    /// The customer.
    pub customer: Customer,
    /// The subscription.
    pub subscription: Subscription,
    /// Its product.
    pub product: Product,
    /// Who sold it (`None`: bought directly from Microsoft).
    pub seller: Option<Partner>,
    /// Who earns incentives on it.
    pub reseller_of_record: Option<Partner>,
    /// Who supports the customer for it.
    pub support_contact: Option<Partner>,
}

/// Whether the actor gets the assignment form, and if not, why.
#[derive(Debug, Clone)]
pub enum AssignmentAccess {
    /// The form, with the partners to offer.
    Allowed(Vec<Candidate>),
    /// Read-only, with the reason shown beside the current contact.
    ReadOnly(Msg),
}

/// The subscription page's content.
#[derive(Debug, Clone)]
pub struct SubscriptionDetail {
    /// The subscription and its partners.
    pub view: SubscriptionView,
    /// The form or the reason there is none.
    pub access: AssignmentAccess,
}

/// The customer and subscription, if the actor's organization may see them; otherwise NotFound
/// exactly as for a missing record (rule 9).
fn visible_subscription(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
    id: &SubscriptionId,
) -> Result<SubscriptionView, AppError> {
    let partner_id = actor.customer_workspace()?;
    let customer =
        customer::find_visible_to_partner(conn, partner_id, tenant)?.ok_or(AppError::NotFound)?;
    let (subscription, product) =
        subscription::find_visible_to_partner(conn, &customer.id, id, partner_id)?
            .ok_or(AppError::NotFound)?;
    let ids: Vec<&str> = [
        &subscription.seller_id,
        &subscription.reseller_of_record_id,
        &subscription.support_contact_id,
    ]
    .into_iter()
    .flatten()
    .map(PartnerId::as_str)
    .collect();
    let partners = partner::find_many(conn, &ids)?;
    let pick = |id: &Option<PartnerId>| {
        id.as_ref()
            .and_then(|id| partners.iter().find(|p| &p.id == id).cloned())
    };
    Ok(SubscriptionView {
        seller: pick(&subscription.seller_id),
        reseller_of_record: pick(&subscription.reseller_of_record_id),
        support_contact: pick(&subscription.support_contact_id),
        customer,
        subscription,
        product,
    })
}

/// Why `actor` may not assign this subscription's contact, or `None` if it may (rule 4).
fn assignment_refusal(actor: &Actor, view: &SubscriptionView) -> Option<Msg> {
    let seller_name = view
        .seller
        .as_ref()
        .map_or("Microsoft", |s| s.name.as_str());
    if view.seller.as_ref().map(|s| &s.id) != actor.partner_id() {
        return Some(Msg::new("assign-only-seller").arg("seller", seller_name));
    }
    if !actor.may_assign_support_contacts() {
        return Some(
            Msg::new("assign-role-read-only").arg("role", Msg::new(actor.role.label_key())),
        );
    }
    None
}

/// The subscription page: the subscription, its partners and the assignment form if allowed.
pub fn subscription_detail(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
    id: &SubscriptionId,
    rule: EligibilityRule,
) -> Result<SubscriptionDetail, AppError> {
    let view = visible_subscription(conn, actor, tenant, id)?;
    let access = match (assignment_refusal(actor, &view), &view.seller) {
        (None, Some(seller)) => {
            AssignmentAccess::Allowed(candidates(conn, seller, &view.customer, rule)?)
        }
        (Some(why), _) => AssignmentAccess::ReadOnly(why),
        (None, None) => AssignmentAccess::ReadOnly(Msg::new("bought-from-microsoft")),
    };
    Ok(SubscriptionDetail { view, access })
}

/// A submitted assignment, as typed: parsed and checked here, never trusted.
#[derive(Debug, Clone)]
pub struct AssignRequest {
    /// The chosen partner's PartnerID.
    pub support_contact: String,
    /// The subscription version the form was rendered from.
    pub version: String,
}

/// A refused assignment: the form is shown again with the message; nothing changed.
#[derive(Debug, Clone, PartialEq)]
pub enum AssignRefusal {
    /// The input is malformed or names a partner that cannot be chosen.
    Invalid(Msg),
    /// Someone changed the subscription since the form was rendered (rule 6).
    Stale(Msg),
}

/// Assigns the designated support contact (rules 2, 4, 6, 7): checks visibility and role, then in
/// one transaction re-checks eligibility (on rows it locks against the changes that end it, rule
/// 3) and the version, updates, and writes the audit event.
/// Returns the audit event that the review page shows.
pub fn assign(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
    id: &SubscriptionId,
    request: &AssignRequest,
    rule: EligibilityRule,
) -> Result<Result<AuditEventId, AssignRefusal>, AppError> {
    crate::db::write_transaction(conn, |conn| {
        // Read inside the transaction (once: the page the form came from may be old), and
        // checked before anything the form says.
        let view = visible_subscription(conn, actor, tenant, id)?;
        if let Some(why) = assignment_refusal(actor, &view) {
            return Err(AppError::Forbidden(why));
        }
        let Some(mpn) = MpnId::parse(&request.support_contact) else {
            return Ok(Err(AssignRefusal::Invalid(Msg::new(
                "assign-malformed-partner",
            ))));
        };
        let Some(version) = request
            .version
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|v| *v > 0)
        else {
            return Ok(Err(AssignRefusal::Invalid(Msg::new("assign-bad-version"))));
        };
        if view.subscription.version != version {
            return Ok(Err(AssignRefusal::Stale(stale_message(conn, &view)?)));
        }
        let Some(seller) = &view.seller else {
            return Err(AppError::Forbidden(Msg::new("bought-from-microsoft")));
        };
        // Rule 3 under concurrency. Lock, then read: the chosen reseller's partnership and
        // relationship rows are locked before eligibility is read, and the decision is taken
        // from the rows as locked (see `locked_candidate`); a removal waits for this
        // transaction and then reverts what it assigned, or this one waits for the removal and
        // refuses. The subscription row read above is guarded by the version in its UPDATE. The
        // seller itself is always eligible. Only the chosen partner is looked at: rule 2 for the
        // seller's other resellers is the form's business.
        let Some(chosen) = locked_candidate(conn, seller, &view.customer, mpn, rule)? else {
            // The PartnerID as typed (text): an identifier, not a number to group.
            return Ok(Err(AssignRefusal::Invalid(
                Msg::new("assign-unknown-partner")
                    .arg("mpn", mpn.to_string())
                    .arg("seller", seller.name.as_str()),
            )));
        };
        let ineligible = chosen.ineligible;
        // Refused on eligibility alone; the fix only adds words.
        if let Some(why) = ineligible {
            let fix = chosen
                .fix
                .clone()
                .map_or_else(|| Arg::Text(String::new()), IntoArg::into_arg);
            return Ok(Err(AssignRefusal::Invalid(
                Msg::new("assign-ineligible")
                    .arg("partner", chosen.partner.name.as_str())
                    .arg("customer", view.customer.company_name.as_str())
                    .arg("reason", why.reason())
                    .arg("fix", fix),
            )));
        }
        if view.support_contact.as_ref().map(|p| &p.id) == Some(&chosen.partner.id) {
            return Ok(Err(AssignRefusal::Invalid(
                Msg::new("assign-already-contact").arg("partner", chosen.partner.name.as_str()),
            )));
        }
        let changed = subscription::update_support_contact(conn, id, version, &chosen.partner.id)?;
        if changed != 1 {
            return Ok(Err(AssignRefusal::Stale(stale_message(conn, &view)?)));
        }
        let old = view.subscription.support_contact_id.as_ref();
        // The partner that gains (or, when the seller takes it back, loses) the contact.
        let concerned = if Some(&chosen.partner.id) == actor.partner_id() {
            old
        } else {
            Some(&chosen.partner.id)
        };
        let event_id = actor.record(
            conn,
            operation::SUPPORT_CONTACT_ASSIGNED,
            Concerning {
                partner: concerned,
                customer: Some(&view.customer.id),
                subscription: Some(id),
            },
            old.map(PartnerId::as_str),
            Some(chosen.partner.id.as_str()),
        )?;
        Ok(Ok(event_id))
    })
}

/// "Who changed it meanwhile, to what and when", from the newest assignment event.
fn stale_message(conn: &mut DbConn, view: &SubscriptionView) -> Result<Msg, AppError> {
    let latest = audit::latest_for_subscription(
        conn,
        &view.subscription.id,
        operation::SUPPORT_CONTACT_ASSIGNED,
    )?;
    let Some(event) = latest else {
        return Ok(Msg::new("assign-stale-unknown"));
    };
    let who = describe_actor(conn, &event)?;
    let to: Arg = match event.new_value.as_deref() {
        Some(id) => partner::find(conn, &PartnerId::from(id.to_owned()))?.map_or_else(
            || Msg::new("assign-another-partner").into_arg(),
            |p| p.name.into_arg(),
        ),
        // A brand, the same in every language.
        None => "Microsoft".into_arg(),
    };
    Ok(Msg::new("assign-stale")
        .arg("who", who)
        .arg("to", to)
        .arg("when", event.occurred_at))
}

/// Who made a change: "Dana Whitfield (Contoso Distribution)".
fn describe_actor(conn: &mut DbConn, event: &AuditEvent) -> Result<Msg, AppError> {
    let name = match &event.actor_user_id {
        Some(id) => user::find(conn, id)?.map(|u| u.display_name),
        None => None,
    };
    let org = match &event.actor_partner_id {
        Some(id) => partner::find(conn, id)?.map(|p| p.name),
        None => None,
    };
    Ok(match (name, org) {
        (Some(n), Some(o)) => Msg::new("assign-actor-user-org")
            .arg("name", n)
            .arg("org", o),
        (Some(n), None) | (None, Some(n)) => Msg::new("assign-actor-name").arg("name", n),
        (None, None) => Msg::new("assign-actor-someone"),
    })
}

/// The review page after an assignment (rule 5).
#[derive(Debug, Clone)]
pub struct ChangeReview {
    /// The subscription as it is now.
    pub view: SubscriptionView,
    /// The contact before the change (`None`: Microsoft).
    pub before: Option<Partner>,
    /// The contact the change set.
    pub after: Option<Partner>,
    /// Who made the change.
    pub changed_by: Msg,
    /// When (UTC).
    pub changed_at: NaiveDateTime,
    /// The contact changed again after this change.
    pub superseded: bool,
}

/// One assignment made by the actor's organization on a subscription it can see.
pub fn change_review(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
    id: &SubscriptionId,
    event_id: &AuditEventId,
) -> Result<ChangeReview, AppError> {
    let view = visible_subscription(conn, actor, tenant, id)?;
    let event = audit::find_for_subscription(conn, event_id, id)?
        .filter(|e| e.operation == operation::SUPPORT_CONTACT_ASSIGNED)
        .filter(|e| e.actor_partner_id.as_ref() == actor.partner_id())
        .ok_or(AppError::NotFound)?;
    let ids: Vec<&str> = [event.old_value.as_deref(), event.new_value.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let partners = partner::find_many(conn, &ids)?;
    let pick =
        |id: Option<&str>| id.and_then(|id| partners.iter().find(|p| p.id.as_str() == id).cloned());
    let before = pick(event.old_value.as_deref());
    let after = pick(event.new_value.as_deref());
    let superseded = view.support_contact.as_ref().map(|p| &p.id) != after.as_ref().map(|p| &p.id);
    Ok(ChangeReview {
        changed_by: describe_actor(conn, &event)?,
        changed_at: event.occurred_at,
        before,
        after,
        superseded,
        view,
    })
}
