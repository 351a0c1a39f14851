//! The customer's side: an invitation looked up by its token, offered, and accepted by a Global admin.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::ids::CustomerId;
use crate::db::models::audit::Operation;
use crate::db::models::customer::{self, Customer};
use crate::db::models::invitation::{self, Invitation, InvitationState};
use crate::db::models::partner::{self, Partner};
use crate::db::models::relationship::{self, Relationship};
use crate::domain::one_time;
use crate::domain::{Actor, Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;

// ---------------------------------------------------------------------------------------------
// Customer side.

/// The customer whose Global admin is acting; anyone else is refused with the reason and what to
/// do, before any invitation is looked up.
fn accepting_customer(actor: &Actor) -> Result<&CustomerId, AppError> {
    match actor.customer_global_admin() {
        Ok(id) => Ok(id),
        Err(_) if actor.partner_id().is_some() => Err(AppError::Forbidden(Msg::new(
            "invitation-for-customer-admin",
        ))),
        Err(_) => Err(AppError::Forbidden(Msg::new(
            "invitation-global-admin-only",
        ))),
    }
}

/// Why an invitation link no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// The partner withdrew it.
    Revoked {
        /// When.
        at: NaiveDateTime,
    },
    /// It was accepted already (single use).
    Used {
        /// When.
        at: NaiveDateTime,
        /// By the actor's own organization.
        by_you: bool,
    },
    /// Its time ran out.
    Expired {
        /// When.
        at: NaiveDateTime,
    },
}

/// What an invitation link leads to, for a customer's Global admin.
#[derive(Debug, Clone)]
pub enum Lookup<T> {
    /// No invitation has this token.
    Unknown,
    /// The invitation exists but can no longer be accepted.
    Unusable {
        /// The partner that made it (to ask for a new link).
        partner: Box<Partner>,
        /// Why.
        why: Unusable,
    },
    /// The invitation names another customer than the signed-in admin's: nothing changed.
    ForAnotherCustomer {
        /// The partner that made it.
        partner: Box<Partner>,
    },
    /// The invitation can be, or has just been, accepted.
    Valid(T),
}

/// What accepting changes in the customer's relationship with the partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationshipChange {
    /// No relationship yet: a new one begins.
    New,
    /// The relationship was removed: it becomes active again.
    Reactivated,
    /// Active without delegated admin: delegated admin privileges are granted.
    GrantsDelegatedAdmin,
    /// Already active with at least what is asked: nothing changes.
    Nothing,
}

impl RelationshipChange {
    /// The change that accepting an invitation (asking `delegated_admin` or not) makes to
    /// `existing`.
    pub fn of(existing: Option<&Relationship>, delegated_admin: bool) -> Self {
        match existing {
            None => Self::New,
            Some(r) if !r.is_active() => Self::Reactivated,
            Some(r) if delegated_admin && !r.delegated_admin => Self::GrantsDelegatedAdmin,
            Some(_) => Self::Nothing,
        }
    }
}

/// A valid invitation, as its acceptance page shows it.
#[derive(Debug, Clone)]
pub struct InvitationOffer {
    /// The partner asking.
    pub partner: Partner,
    /// The customer that would accept.
    pub customer: Customer,
    /// Whether it asks for delegated admin privileges.
    pub delegated_admin: bool,
    /// Until when it can be accepted.
    pub expires_at: NaiveDateTime,
    /// The customer's current relationship with the partner, if any (any state).
    pub existing: Option<Relationship>,
    /// What accepting changes.
    pub change: RelationshipChange,
}

impl InvitationOffer {
    /// Whether the partner keeps delegated admin privileges it already has although this
    /// invitation does not ask for them.
    pub fn keeps_delegated_admin(&self) -> bool {
        !self.delegated_admin
            && self
                .existing
                .as_ref()
                .is_some_and(|r| r.is_active() && r.delegated_admin)
    }
}

/// Whether `customer` may accept the invitation: it names no customer, or names this one.
pub(super) fn meant_for(found: &Invitation, customer: &Customer) -> bool {
    found
        .customer_tenant_id
        .as_ref()
        .is_none_or(|tenant| *tenant == customer.tenant_id)
}

/// The invitation behind `token` and why it cannot be used, if so; the partner comes with it.
/// `customer`: the organization asking, if any (to say a used invitation was used by it).
pub(super) fn find_usable(
    conn: &mut DbConn,
    customer: Option<&CustomerId>,
    token: &str,
    now: NaiveDateTime,
) -> Result<Lookup<(Invitation, Partner)>, AppError> {
    if !one_time::plausible(token) {
        return Ok(Lookup::Unknown);
    }
    let Some(found) = invitation::find_by_token_hash(conn, &one_time::hash(token))? else {
        return Ok(Lookup::Unknown);
    };
    let partner = partner::find(conn, &found.partner_id)?.ok_or(AppError::NotFound)?;
    let why = match found.state_at(now) {
        InvitationState::Pending => return Ok(Lookup::Valid((found, partner))),
        InvitationState::Accepted => Unusable::Used {
            at: found.accepted_at.unwrap_or(found.created_at),
            by_you: customer.is_some() && found.accepted_customer_id.as_ref() == customer,
        },
        InvitationState::Revoked => Unusable::Revoked {
            at: found.revoked_at.unwrap_or(found.created_at),
        },
        InvitationState::Expired => Unusable::Expired {
            at: found.expires_at,
        },
    };
    Ok(Lookup::Unusable {
        partner: Box::new(partner),
        why,
    })
}

/// The acceptance page for an invitation link (customer Global admins; everyone else is refused
/// before the token is looked up). Changes nothing.
pub fn offer(
    conn: &mut DbConn,
    ctx: &Ctx,
    token: &str,
) -> Result<Lookup<InvitationOffer>, AppError> {
    let customer_id = accepting_customer(&ctx.actor)?;
    let (found, partner) = match find_usable(conn, Some(customer_id), token, crate::db::now())? {
        Lookup::Valid(pair) => pair,
        other => return Ok(other.refused()),
    };
    let customer = customer::find(conn, customer_id)?.ok_or(AppError::NotFound)?;
    if !meant_for(&found, &customer) {
        return Ok(Lookup::ForAnotherCustomer {
            partner: Box::new(partner),
        });
    }
    let existing = relationship::find(conn, customer_id, &partner.id)?;
    let change = RelationshipChange::of(existing.as_ref(), found.delegated_admin);
    Ok(Lookup::Valid(InvitationOffer {
        partner,
        customer,
        delegated_admin: found.delegated_admin,
        expires_at: found.expires_at,
        existing,
        change,
    }))
}

/// What an acceptance did.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The partner now in an active relationship with the customer.
    pub partner: Partner,
    /// Whether the relationship now has delegated admin privileges.
    pub delegated_admin: bool,
    /// What changed.
    pub change: RelationshipChange,
}

/// The audit value of a relationship state: `none`, `removed`, `active`, `active+delegated_admin`.
/// A stored code, not words: the activity log puts it into the reader's language
/// (`activity-value-relationship-*`), so it stays the same whatever language the actor spoke.
fn relationship_value(existing: Option<&Relationship>) -> &'static str {
    match existing {
        None => "none",
        Some(r) if !r.is_active() => "removed",
        Some(r) if r.delegated_admin => "active+delegated_admin",
        Some(_) => "active",
    }
}

/// Accepts an invitation (customer Global admins), in one transaction: uses the invitation up
/// (single use: only one of concurrent acceptances succeeds), creates or updates the one
/// relationship between the customer and the partner (active; delegated admin granted if asked,
/// never withdrawn), and writes the audit event. An unusable invitation changes nothing.
pub fn accept(conn: &mut DbConn, ctx: &Ctx, token: &str) -> Result<Lookup<Accepted>, AppError> {
    let actor = &ctx.actor;
    let customer_id = accepting_customer(actor)?.clone();
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::now();
        let (found, partner) = match find_usable(conn, Some(&customer_id), token, now)? {
            Lookup::Valid(pair) => pair,
            other => return Ok(other.refused()),
        };
        let customer = customer::find(conn, &customer_id)?.ok_or(AppError::NotFound)?;
        if !meant_for(&found, &customer) {
            return Ok(Lookup::ForAnotherCustomer {
                partner: Box::new(partner),
            });
        }
        accept_found(conn, actor, &customer_id, token, found, partner, now)
    })
}

/// Accepts an invitation already found usable for `customer`, as `actor` (the customer's Global
/// admin), inside the caller's write transaction: uses it up (only one of concurrent
/// acceptances does; the others get why not), creates or updates the relationship, and writes
/// the audit event.
pub(super) fn accept_found(
    conn: &mut DbConn,
    actor: &Actor,
    customer_id: &CustomerId,
    token: &str,
    found: Invitation,
    partner: Partner,
    now: NaiveDateTime,
) -> Result<Lookup<Accepted>, AppError> {
    if invitation::mark_accepted(conn, &found.id, customer_id, now)? != 1 {
        // Another acceptance (or a revocation) committed first: report what it did.
        return Ok(match find_usable(conn, Some(customer_id), token, now)? {
            Lookup::Unusable { partner, why } => Lookup::Unusable { partner, why },
            _ => Lookup::Unusable {
                partner: Box::new(partner),
                why: Unusable::Used {
                    at: now,
                    by_you: false,
                },
            },
        });
    }
    let existing = relationship::activate_or_insert(
        conn,
        customer_id,
        &partner.id,
        found.delegated_admin,
        now,
    )?;
    let change = RelationshipChange::of(existing.as_ref(), found.delegated_admin);
    let delegated_admin = found.delegated_admin
        || existing
            .as_ref()
            .is_some_and(|r| r.is_active() && r.delegated_admin);
    actor.record(
        conn,
        Operation::RelationshipAccepted,
        Concerning {
            partner: Some(&partner.id),
            customer: Some(customer_id),
            subscription: None,
        },
        Some(relationship_value(existing.as_ref())),
        Some(if delegated_admin {
            "active+delegated_admin"
        } else {
            "active"
        }),
    )?;
    Ok(Lookup::Valid(Accepted {
        partner,
        delegated_admin,
        change,
    }))
}

impl<T> Lookup<T> {
    /// A lookup that is not `Valid`, as a lookup of another type (`Valid` becomes `Unknown`: not
    /// reached by the callers, which match it first).
    pub(super) fn refused<U>(self) -> Lookup<U> {
        match self {
            Self::Unusable { partner, why } => Lookup::Unusable { partner, why },
            Self::ForAnotherCustomer { partner } => Lookup::ForAnotherCustomer { partner },
            Self::Unknown | Self::Valid(_) => Lookup::Unknown,
        }
    }
}
