//! The partner's side: its invitations listed, created and revoked.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::ids::{InvitationId, TenantId};
use crate::db::models::audit::Operation;
use crate::db::models::customer::{self};
use crate::domain::one_time;
use crate::domain::organizations::check_tenant_id;

use super::FieldErrors;
use crate::domain::{Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;

use crate::db::models::invitation::{
    self, Invitation, InvitationListRow, InvitationState, NewInvitation,
};

// ---------------------------------------------------------------------------------------------
// Partner side.

/// One invitation on the partner's list.
#[derive(Debug, Clone)]
pub struct InvitationRow {
    /// The invitation.
    pub invitation: Invitation,
    /// Its state now.
    pub state: InvitationState,
    /// Who made it (display name).
    pub created_by_name: String,
    /// The customer that accepted it.
    pub customer_name: Option<String>,
    /// The company name of the customer it names, when the partner may see that customer
    /// (rule 9); otherwise the list shows the named tenant id only.
    pub named_customer_name: Option<String>,
}

impl InvitationRow {
    /// Whether it can still be revoked.
    pub fn is_pending(&self) -> bool {
        self.state == InvitationState::Pending
    }

    /// Its state, to be put into words (the badge on the list).
    pub fn state_msg(&self) -> Msg {
        Msg::new(self.state.label_key())
    }
}

/// The actor organization's invitations, newest first (Global admins, admin agents and sales
/// agents of any partner).
pub fn list(conn: &mut DbConn, ctx: &Ctx) -> Result<Vec<InvitationRow>, AppError> {
    let actor = &ctx.actor;
    let partner = actor.invitations_partner()?;
    let now = crate::db::now();
    Ok(invitation::list_for_partner(conn, partner)?
        .into_iter()
        .map(
            |InvitationListRow {
                 invitation,
                 created_by_name,
                 customer_name,
                 named_customer_name,
             }| InvitationRow {
                state: invitation.state_at(now),
                invitation,
                created_by_name,
                customer_name,
                named_customer_name,
            },
        )
        .collect())
}

/// Longest note of whom an invitation was sent to, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// What a new invitation asks for, read from the partner's form.
#[derive(Debug, Clone, Default)]
pub struct InvitationRequest {
    /// Whether it asks for delegated admin privileges.
    pub delegated_admin: bool,
    /// The customer it is for, by tenant id (`None`: any customer, or a new one, may use it).
    pub customer: Option<TenantId>,
    /// Whom it was sent to, in the partner's words.
    pub note: Option<String>,
}

impl InvitationRequest {
    /// Reads the form's fields: an empty tenant id or note is none; a tenant id that does not
    /// read, or a note that is too long or has control characters, is a field error (all of
    /// them, in the form's order).
    pub fn read(delegated_admin: bool, tenant_id: &str, note: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let customer = match tenant_id.trim() {
            "" => None,
            raw => match check_tenant_id(raw) {
                Ok(tenant) => Some(tenant),
                Err(e) => {
                    errors.push("tenant_id", e.msg());
                    None
                }
            },
        };
        let note = note.trim();
        if note.chars().count() > MAX_NOTE_CHARS || note.chars().any(char::is_control) {
            errors.push(
                "note",
                Msg::new("onboard-note-invalid").arg("max", MAX_NOTE_CHARS),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            delegated_admin,
            customer,
            note: (!note.is_empty()).then(|| note.to_owned()),
        })
    }
}

/// Creates an invitation for the actor's organization, valid for the configured days, with its
/// audit event in the same transaction. Returns the raw token: the only time it exists outside
/// the partner's hands, so the caller shows it once and keeps no copy.
pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    request: &InvitationRequest,
) -> Result<String, AppError> {
    let delegated_admin = request.delegated_admin;
    let (actor, valid_days) = (&ctx.actor, ctx.invitation_days);
    let partner = actor.invitations_partner()?.clone();
    let token = one_time::generate();
    let hash = one_time::hash(&token);
    let now = crate::db::now();
    let expires_at = now + chrono::TimeDelta::days(i64::from(valid_days));
    let id = InvitationId::generate();
    crate::db::write_transaction(conn, |conn| {
        invitation::insert(
            conn,
            &NewInvitation {
                id: &id,
                partner_id: &partner,
                token_hash: &hash,
                delegated_admin,
                created_by: &actor.user_id,
                created_at: now,
                expires_at,
                customer_tenant_id: request.customer.as_ref(),
                note: request.note.as_deref(),
            },
        )?;
        actor.record(
            conn,
            Operation::InvitationCreated,
            Concerning::default(),
            None,
            Some(if delegated_admin {
                "delegated_admin"
            } else {
                "reseller"
            }),
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(token)
}

/// What became of a revocation.
#[derive(Debug, Clone)]
pub enum RevokeOutcome {
    /// Revoked.
    Revoked,
    /// Refused, nothing changed: why (the invitation is no longer pending) and what to do
    /// instead, with the list to show again, read after the refusal.
    Refused {
        /// Why.
        why: Msg,
        /// The organization's invitations now.
        rows: Vec<InvitationRow>,
    },
}

/// Revokes one of the actor organization's pending invitations, with its audit event. Another
/// organization's or an unknown invitation is NotFound; one that is no longer pending is refused
/// with the reason and nothing changes.
pub fn revoke(conn: &mut DbConn, ctx: &Ctx, id: &InvitationId) -> Result<RevokeOutcome, AppError> {
    let actor = &ctx.actor;
    let partner = actor.invitations_partner()?.clone();
    // The transaction answers the refusal's reason, if any; the outer `Err` is a failure.
    let refusal = crate::db::write_transaction(conn, |conn| {
        let now = crate::db::now();
        let found = invitation::find_for_partner(conn, &partner, id)?.ok_or(AppError::NotFound)?;
        if invitation::revoke_pending(conn, &partner, id, now)? != 1 {
            // Re-read: on PostgreSQL a concurrent acceptance may have committed meanwhile.
            let current = invitation::find_for_partner(conn, &partner, id)?.unwrap_or(found);
            return Ok(Some(revoke_refusal(conn, &current, now)?));
        }
        actor.record(
            conn,
            Operation::InvitationRevoked,
            Concerning::default(),
            Some("pending"),
            Some("revoked"),
        )?;
        Ok::<_, AppError>(None)
    })?;
    Ok(match refusal {
        None => RevokeOutcome::Revoked,
        Some(why) => RevokeOutcome::Refused {
            why,
            rows: list(conn, ctx)?,
        },
    })
}

/// Why an invitation that is no longer pending cannot be revoked, and what to do instead.
fn revoke_refusal(
    conn: &mut DbConn,
    found: &Invitation,
    now: NaiveDateTime,
) -> Result<Msg, AppError> {
    let created = found.created_at.date();
    Ok(match found.state_at(now) {
        InvitationState::Accepted => {
            let by = match &found.accepted_customer_id {
                Some(c) => customer::find(conn, c)?.map(|c| c.company_name),
                None => None,
            };
            let msg = match by {
                Some(name) => Msg::new("invitation-revoke-refused-accepted").arg("customer", name),
                None => Msg::new("invitation-revoke-refused-accepted-unknown"),
            };
            msg.arg("created", created).arg(
                "accepted",
                found.accepted_at.unwrap_or(found.created_at).date(),
            )
        }
        InvitationState::Revoked => Msg::new("invitation-revoke-refused-revoked")
            .arg("created", created)
            .arg(
                "revoked",
                found.revoked_at.unwrap_or(found.created_at).date(),
            ),
        InvitationState::Expired => Msg::new("invitation-revoke-refused-expired")
            .arg("created", created)
            .arg("expired", found.expires_at),
        // Not reached: a pending invitation is revoked. Say so rather than fail.
        InvitationState::Pending => Msg::new("invitation-revoke-failed"),
    })
}
