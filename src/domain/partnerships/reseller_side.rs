//! The reseller's side: a request looked up by its token, offered, and accepted by an indirect
//! reseller's Global admin.

use chrono::NaiveDateTime;

use super::find_usable;
use crate::db::DbConn;
use crate::db::ids::{PartnerId, PartnershipId};
use crate::db::models::audit::Operation;
use crate::db::models::partner::{self, NewPartnership, Partner, Partnership, PartnershipState};
use crate::db::models::partnership_request;
use crate::domain::{Actor, Concerning, Ctx, Permission};
use crate::error::AppError;

/// Why a request link no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// The provider withdrew it.
    Revoked {
        /// When.
        at: NaiveDateTime,
    },
    /// It was used already (single use).
    Used {
        /// When.
        at: NaiveDateTime,
        /// By the asking organization itself.
        by_you: bool,
    },
    /// Its time ran out.
    Expired {
        /// When.
        at: NaiveDateTime,
    },
}

/// What a request link leads to.
#[derive(Debug, Clone)]
pub enum Lookup<T> {
    /// No request has this token.
    Unknown,
    /// The request exists but can no longer be used.
    Unusable {
        /// The provider that made it (to ask for a new link).
        provider: Box<Partner>,
        /// Why.
        why: Unusable,
    },
    /// The request can be, or has just been, used.
    Valid(T),
}

/// A usable request, as its page shows it.
#[derive(Debug, Clone)]
pub struct Offer {
    /// The provider asking.
    pub provider: Partner,
    /// Until when it can be used.
    pub expires_at: NaiveDateTime,
    /// The reseller's partnership with the provider now, if any (signed-in resellers only).
    pub existing: Option<Partnership>,
}

impl Offer {
    /// Whether the partnership is active already (accepting then only uses the link up).
    pub fn already_active(&self) -> bool {
        self.existing
            .as_ref()
            .is_some_and(|p| p.state == PartnershipState::Active)
    }
}

/// The request behind a link, for someone not signed in (who may sign in or sign up). Holding
/// the token entitles them to see which provider asks; changes nothing.
pub fn public_offer(conn: &mut DbConn, token: &str) -> Result<Lookup<Offer>, AppError> {
    Ok(match find_usable(conn, token, crate::db::now(), None)? {
        Lookup::Valid((found, provider)) => Lookup::Valid(Offer {
            provider,
            expires_at: found.expires_at,
            existing: None,
        }),
        Lookup::Unknown => Lookup::Unknown,
        Lookup::Unusable { provider, why } => Lookup::Unusable { provider, why },
    })
}

/// The accepting reseller: an indirect reseller's Global admin; anyone else is refused (403)
/// before any request is looked up.
fn accepting_reseller(actor: &Actor) -> Result<&PartnerId, AppError> {
    actor.partner_allowed(Permission::AcceptPartnerships)
}

/// The acceptance page for a signed-in reseller's Global admin. Changes nothing.
pub fn offer(conn: &mut DbConn, ctx: &Ctx, token: &str) -> Result<Lookup<Offer>, AppError> {
    let reseller = accepting_reseller(&ctx.actor)?;
    Ok(
        match find_usable(conn, token, crate::db::now(), Some(reseller))? {
            Lookup::Valid((found, provider)) => {
                let existing = partner::find_partnership(conn, &provider.id, reseller)?;
                Lookup::Valid(Offer {
                    provider,
                    expires_at: found.expires_at,
                    existing,
                })
            }
            Lookup::Unknown => Lookup::Unknown,
            Lookup::Unusable { provider, why } => Lookup::Unusable { provider, why },
        },
    )
}

/// What an acceptance did.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The provider now in an active partnership with the reseller.
    pub provider: Partner,
    /// The partnership was active already: only the link was used up.
    pub was_active: bool,
}

/// The audit value of a partnership's state before: `none`, `pending`, `removed`, `active`.
fn state_value(existing: Option<&Partnership>) -> &'static str {
    existing.map_or("none", |p| p.state.as_str())
}

/// Makes the partnership between `provider` and `reseller` active (inserting it, or making a
/// pending or removed one active again) and records `partnership.accepted` by `actor`, inside
/// the caller's transaction; the partnership before, if any.
pub(super) fn activate(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &PartnerId,
    reseller: &PartnerId,
    now: NaiveDateTime,
) -> Result<Option<Partnership>, AppError> {
    let existing = partner::find_partnership(conn, provider, reseller)?;
    match &existing {
        None => partner::insert_partnership(
            conn,
            &NewPartnership {
                id: &PartnershipId::generate(),
                provider_id: provider,
                reseller_id: reseller,
                state: PartnershipState::Active,
                created_at: now,
                updated_at: now,
            },
        )?,
        Some(p) if p.state != PartnershipState::Active => {
            partner::activate_partnership(conn, &p.id, now)?;
        }
        Some(_) => {}
    }
    actor.record(
        conn,
        Operation::PartnershipAccepted,
        Concerning {
            partner: Some(provider),
            customer: None,
            subscription: None,
        },
        Some(state_value(existing.as_ref())),
        Some("active"),
    )?;
    Ok(existing)
}

/// Accepts a request (an indirect reseller's Global admins), in one transaction: uses the
/// request up (single use: of concurrent uses exactly one succeeds), makes the partnership active
/// and writes the audit event. An unusable request changes nothing.
pub fn accept(conn: &mut DbConn, ctx: &Ctx, token: &str) -> Result<Lookup<Accepted>, AppError> {
    let actor = &ctx.actor;
    let reseller = accepting_reseller(actor)?.clone();
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::now();
        let (found, provider) = match find_usable(conn, token, now, Some(&reseller))? {
            Lookup::Valid(pair) => pair,
            Lookup::Unknown => return Ok(Lookup::Unknown),
            Lookup::Unusable { provider, why } => return Ok(Lookup::Unusable { provider, why }),
        };
        if partnership_request::mark_used(conn, &found.id, now)? != 1 {
            // Another use (or a revocation) committed first: report what it did.
            return Ok(match find_usable(conn, token, now, Some(&reseller))? {
                Lookup::Unusable { provider, why } => Lookup::Unusable { provider, why },
                _ => Lookup::Unusable {
                    provider: Box::new(provider),
                    why: Unusable::Used {
                        at: now,
                        by_you: false,
                    },
                },
            });
        }
        partnership_request::set_reseller(conn, &found.id, &reseller)?;
        let existing = activate(conn, actor, &provider.id, &reseller, now)?;
        Ok(Lookup::Valid(Accepted {
            was_active: existing.is_some_and(|p| p.state == PartnershipState::Active),
            provider,
        }))
    })
}
