//! Partnership requests: an indirect provider's single-use link asking an indirect reseller to
//! become its partner (accepted by a reseller already in partnerdesk, or by one signing up). Only
//! the SHA-256 of the token is stored, so the table alone never lets anyone use a request.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{PartnerId, PartnershipRequestId, UserId};
use crate::db::schema::{partners, partnership_requests, users};
use crate::db::words::text_enum;

/// A partnership request as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partnership_requests)]
pub struct PartnershipRequest {
    /// Internal id (in the revoke form's action, never the token).
    pub id: PartnershipRequestId,
    /// The indirect provider asking.
    pub provider_id: PartnerId,
    /// Lowercase hex SHA-256 of the token.
    pub token_hash: String,
    /// Whom the provider sent it to, for its own list.
    pub note: Option<String>,
    /// The provider's user who made it.
    pub created_by: UserId,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// After this instant it can no longer be used.
    pub expires_at: NaiveDateTime,
    /// When a reseller accepted it (it is then used up).
    pub accepted_at: Option<NaiveDateTime>,
    /// The reseller that accepted it (or signed up through it).
    pub accepted_reseller_id: Option<PartnerId>,
    /// When the provider revoked it.
    pub revoked_at: Option<NaiveDateTime>,
}

text_enum! {
    /// Where a request stands. Not stored: read from its times ([`PartnershipRequest::state_at`]).
    pub enum RequestState {
        /// Can still be used.
        Pending = "pending" => "partnership-request-state-pending",
        /// Used by a reseller.
        Accepted = "accepted" => "partnership-request-state-accepted",
        /// Withdrawn by the provider.
        Revoked = "revoked" => "partnership-request-state-revoked",
        /// Its time ran out.
        Expired = "expired" => "partnership-request-state-expired",
    }
}

impl PartnershipRequest {
    /// Its state at `now`: a used or revoked request stays so after its expiry.
    pub fn state_at(&self, now: NaiveDateTime) -> RequestState {
        if self.accepted_at.is_some() {
            RequestState::Accepted
        } else if self.revoked_at.is_some() {
            RequestState::Revoked
        } else if self.expires_at <= now {
            RequestState::Expired
        } else {
            RequestState::Pending
        }
    }
}

/// A request to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = partnership_requests, treat_none_as_default_value = false)]
pub struct NewPartnershipRequest<'a> {
    /// A new id.
    pub id: &'a PartnershipRequestId,
    /// The provider asking.
    pub provider_id: &'a PartnerId,
    /// SHA-256 of the token, hex; never the token itself.
    pub token_hash: &'a str,
    /// Whom it is for.
    pub note: Option<&'a str>,
    /// The provider's user making it.
    pub created_by: &'a UserId,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
}

/// Inserts a request.
pub fn insert(conn: &mut DbConn, row: &NewPartnershipRequest<'_>) -> QueryResult<()> {
    diesel::insert_into(partnership_requests::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// One line of a provider's list: the request, its creator's name, and the reseller that used it.
#[derive(Debug, Clone)]
pub struct RequestListRow {
    /// The request.
    pub request: PartnershipRequest,
    /// Who made it (display name).
    pub created_by_name: String,
    /// The accepting reseller's name, once accepted.
    pub reseller_name: Option<String>,
}

/// A provider's requests, newest first, with their creators and accepting resellers (one query).
pub fn list_for_provider(
    conn: &mut DbConn,
    provider: &PartnerId,
) -> QueryResult<Vec<RequestListRow>> {
    let rows: Vec<(PartnershipRequest, String, Option<String>)> = partnership_requests::table
        .inner_join(users::table.on(users::id.eq(partnership_requests::created_by)))
        .left_join(
            partners::table.on(partners::id
                .nullable()
                .eq(partnership_requests::accepted_reseller_id)),
        )
        .filter(partnership_requests::provider_id.eq(provider.as_str()))
        .order((
            partnership_requests::created_at.desc(),
            partnership_requests::id.desc(),
        ))
        .select((
            PartnershipRequest::as_select(),
            users::display_name,
            partners::name.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(request, created_by_name, reseller_name)| RequestListRow {
            request,
            created_by_name,
            reseller_name,
        })
        .collect())
}

/// One of a provider's requests by id; another provider's is `None`, as a missing one.
pub fn find_for_provider(
    conn: &mut DbConn,
    provider: &PartnerId,
    id: &PartnershipRequestId,
) -> QueryResult<Option<PartnershipRequest>> {
    partnership_requests::table
        .filter(partnership_requests::id.eq(id.as_str()))
        .filter(partnership_requests::provider_id.eq(provider.as_str()))
        .select(PartnershipRequest::as_select())
        .first(conn)
        .optional()
}

/// The request whose token hashes to `token_hash`, whichever provider made it: holding the token
/// is what entitles its holder to see it.
pub fn find_by_token_hash(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<PartnershipRequest>> {
    partnership_requests::table
        .filter(partnership_requests::token_hash.eq(token_hash))
        .select(PartnershipRequest::as_select())
        .first(conn)
        .optional()
}

/// Revokes one of a provider's requests if it is still pending at `now`; returns the rows
/// changed (0: not the provider's, or no longer pending).
pub fn revoke_pending(
    conn: &mut DbConn,
    provider: &PartnerId,
    id: &PartnershipRequestId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        partnership_requests::table
            .filter(partnership_requests::id.eq(id.as_str()))
            .filter(partnership_requests::provider_id.eq(provider.as_str()))
            .filter(partnership_requests::accepted_at.is_null())
            .filter(partnership_requests::revoked_at.is_null())
            .filter(partnership_requests::expires_at.gt(now)),
    )
    .set(partnership_requests::revoked_at.eq(now))
    .execute(conn)
}

/// Marks a request used if it is still pending at `now`; returns the rows changed. The condition
/// is in the UPDATE itself, so of two concurrent uses exactly one changes a row (on PostgreSQL
/// the second waits for the first's row lock, then finds it used). The reseller is recorded with
/// [`set_reseller`] once it exists (a sign-up creates it after winning the request).
pub fn mark_used(
    conn: &mut DbConn,
    id: &PartnershipRequestId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        partnership_requests::table
            .filter(partnership_requests::id.eq(id.as_str()))
            .filter(partnership_requests::accepted_at.is_null())
            .filter(partnership_requests::revoked_at.is_null())
            .filter(partnership_requests::expires_at.gt(now)),
    )
    .set(partnership_requests::accepted_at.eq(now))
    .execute(conn)
}

/// Records which reseller used a request (in the transaction that marked it used).
pub fn set_reseller(
    conn: &mut DbConn,
    id: &PartnershipRequestId,
    reseller: &PartnerId,
) -> QueryResult<usize> {
    diesel::update(partnership_requests::table.filter(partnership_requests::id.eq(id.as_str())))
        .set(partnership_requests::accepted_reseller_id.eq(reseller.as_str()))
        .execute(conn)
}
