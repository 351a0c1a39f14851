//! The provider's side: its requests listed (on its Resellers page), created and revoked.

use crate::db::DbConn;
use crate::db::ids::PartnershipRequestId;
use crate::db::models::audit::Operation;
use crate::db::models::partnership_request::{
    self, NewPartnershipRequest, PartnershipRequest, RequestListRow, RequestState,
};
use crate::domain::one_time;
use crate::domain::relationships::{self, ResellerRow};
use crate::domain::{Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;

/// Longest note ("sent to"), in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// One request on the provider's list.
#[derive(Debug, Clone)]
pub struct RequestRow {
    /// The request.
    pub request: PartnershipRequest,
    /// Its state now.
    pub state: RequestState,
    /// Who made it (display name).
    pub created_by_name: String,
    /// The reseller that accepted it.
    pub reseller_name: Option<String>,
}

impl RequestRow {
    /// Whether it can still be revoked.
    pub fn is_pending(&self) -> bool {
        self.state == RequestState::Pending
    }

    /// Its state, to be put into words.
    pub fn state_msg(&self) -> Msg {
        Msg::new(self.state.label_key())
    }
}

/// The provider's requests, newest first (its Global admins).
pub fn list(conn: &mut DbConn, ctx: &Ctx) -> Result<Vec<RequestRow>, AppError> {
    let provider = ctx.actor.partnership_manager()?;
    let now = crate::db::now();
    Ok(partnership_request::list_for_provider(conn, provider)?
        .into_iter()
        .map(
            |RequestListRow {
                 request,
                 created_by_name,
                 reseller_name,
             }| RequestRow {
                state: request.state_at(now),
                request,
                created_by_name,
                reseller_name,
            },
        )
        .collect())
}

/// The Resellers page: the partnerships and the requests.
#[derive(Debug, Clone)]
pub struct ResellersPage {
    /// Every partnership, by reseller name.
    pub rows: Vec<ResellerRow>,
    /// Every request, newest first.
    pub requests: Vec<RequestRow>,
}

/// The provider's Resellers page (its Global admins).
pub fn resellers_page(conn: &mut DbConn, ctx: &Ctx) -> Result<ResellersPage, AppError> {
    let rows = relationships::resellers(conn, ctx)?;
    let requests = list(conn, ctx)?;
    Ok(ResellersPage { rows, requests })
}

/// What became of a new request.
#[derive(Debug, Clone)]
pub enum CreateOutcome {
    /// Made: the raw token, the only time it exists outside the provider's hands.
    Created(String),
    /// The note does not read; nothing made. The page to show again.
    Invalid {
        /// Why.
        why: Msg,
        /// The page now.
        page: Box<ResellersPage>,
    },
}

/// The note, trimmed: at most [`MAX_NOTE_CHARS`] characters, no control characters; empty: none.
fn check_note(raw: &str) -> Result<Option<String>, Msg> {
    let note = raw.trim();
    if note.chars().count() > MAX_NOTE_CHARS || note.chars().any(char::is_control) {
        return Err(Msg::new("partnership-request-note-invalid").arg("max", MAX_NOTE_CHARS));
    }
    Ok((!note.is_empty()).then(|| note.to_owned()))
}

/// Creates a request of the actor's provider, valid for the configured days, with its audit
/// event in the same transaction.
pub fn create(conn: &mut DbConn, ctx: &Ctx, note: &str) -> Result<CreateOutcome, AppError> {
    let actor = &ctx.actor;
    let provider = actor.partnership_manager()?.clone();
    let note = match check_note(note) {
        Ok(note) => note,
        Err(why) => {
            return Ok(CreateOutcome::Invalid {
                why,
                page: Box::new(resellers_page(conn, ctx)?),
            });
        }
    };
    let token = one_time::generate();
    let hash = one_time::hash(&token);
    let now = crate::db::now();
    let expires_at = now + chrono::TimeDelta::days(i64::from(ctx.invitation_days));
    let id = PartnershipRequestId::generate();
    crate::db::write_transaction(conn, |conn| {
        partnership_request::insert(
            conn,
            &NewPartnershipRequest {
                id: &id,
                provider_id: &provider,
                token_hash: &hash,
                note: note.as_deref(),
                created_by: &actor.user_id,
                created_at: now,
                expires_at,
            },
        )?;
        actor.record(
            conn,
            Operation::PartnershipRequested,
            Concerning::default(),
            None,
            note.as_deref(),
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(CreateOutcome::Created(token))
}

/// What became of a revocation.
#[derive(Debug, Clone)]
pub enum RevokeOutcome {
    /// Revoked.
    Revoked,
    /// Refused, nothing changed: why (no longer pending), with the page to show again.
    Refused {
        /// Why.
        why: Msg,
        /// The page now.
        page: Box<ResellersPage>,
    },
}

/// Revokes one of the actor provider's pending requests, with its audit event. Another
/// provider's or an unknown request is NotFound; one no longer pending is refused, unchanged.
pub fn revoke(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &PartnershipRequestId,
) -> Result<RevokeOutcome, AppError> {
    let actor = &ctx.actor;
    let provider = actor.partnership_manager()?.clone();
    let refusal = crate::db::write_transaction(conn, |conn| {
        let now = crate::db::now();
        let found = partnership_request::find_for_provider(conn, &provider, id)?
            .ok_or(AppError::NotFound)?;
        if partnership_request::revoke_pending(conn, &provider, id, now)? != 1 {
            let current =
                partnership_request::find_for_provider(conn, &provider, id)?.unwrap_or(found);
            let key = match current.state_at(now) {
                RequestState::Accepted => "partnership-request-revoke-refused-accepted",
                RequestState::Revoked => "partnership-request-revoke-refused-revoked",
                RequestState::Expired => "partnership-request-revoke-refused-expired",
                RequestState::Pending => "partnership-request-revoke-failed",
            };
            return Ok(Some(Msg::new(key)));
        }
        actor.record(
            conn,
            Operation::PartnershipRequestRevoked,
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
            page: Box::new(resellers_page(conn, ctx)?),
        },
    })
}
