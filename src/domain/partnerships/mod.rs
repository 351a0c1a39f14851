//! Partnerships between an indirect provider and its indirect resellers, begun by the provider's
//! request (DESIGN.md §1, "Partnership"): the provider makes a one-time link on its Resellers
//! page; a reseller's Global admin opens it and accepts, or a reseller new to partnerdesk signs up
//! through it. Either way the partnership is active at once, and the request is used up.
//!
//! The token is a [`crate::domain::one_time`] token: only its hash is stored, and the raw token
//! leaves this module once, in [`create`]'s return value, for the provider to copy.

mod provider_side;
mod reseller_side;
mod sign_up;

pub use provider_side::{
    CreateOutcome, MAX_NOTE_CHARS, RequestRow, ResellersPage, RevokeOutcome, create, list,
    resellers_page, revoke,
};
pub use reseller_side::{Accepted, Lookup, Offer, Unusable, accept, offer, public_offer};
pub use sign_up::{SignUpError, SignUpInput, SignUpOutcome, sign_up};

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::models::partner::{self, Partner};
use crate::db::models::partnership_request::{self, PartnershipRequest, RequestState};
use crate::domain::one_time;
use crate::error::AppError;

/// The request behind `token` and why it cannot be used, if so; the provider comes with it.
/// `accepted_by`: the organization asking, to tell "used by you" from "used by another".
fn find_usable(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
    accepted_by: Option<&crate::db::ids::PartnerId>,
) -> Result<Lookup<(PartnershipRequest, Partner)>, AppError> {
    if !one_time::plausible(token) {
        return Ok(Lookup::Unknown);
    }
    let Some(found) = partnership_request::find_by_token_hash(conn, &one_time::hash(token))? else {
        return Ok(Lookup::Unknown);
    };
    let provider = partner::find(conn, &found.provider_id)?.ok_or(AppError::NotFound)?;
    let why = match found.state_at(now) {
        RequestState::Pending => return Ok(Lookup::Valid((found, provider))),
        RequestState::Accepted => Unusable::Used {
            at: found.accepted_at.unwrap_or(found.created_at),
            by_you: accepted_by.is_some() && found.accepted_reseller_id.as_ref() == accepted_by,
        },
        RequestState::Revoked => Unusable::Revoked {
            at: found.revoked_at.unwrap_or(found.created_at),
        },
        RequestState::Expired => Unusable::Expired {
            at: found.expires_at,
        },
    };
    Ok(Lookup::Unusable {
        provider: Box::new(provider),
        why,
    })
}
