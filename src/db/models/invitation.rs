//! Relationship invitations: a partner's single-use request for a customer relationship. Only the
//! SHA-256 of the token is stored, so the table alone never lets anyone accept an invitation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, InvitationId, PartnerId, TenantId, UserId};
use crate::db::models::relationship::RelationshipState;
use crate::db::schema::{customer_relationships, customers, relationship_invitations, users};
use crate::db::words::text_enum;

/// A relationship invitation as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = relationship_invitations)]
pub struct Invitation {
    /// Internal id (shown in the revoke form's action, never the token).
    pub id: InvitationId,
    /// The partner asking for the relationship.
    pub partner_id: PartnerId,
    /// Lowercase hex SHA-256 of the token.
    pub token_hash: String,
    /// Whether it asks for delegated admin privileges.
    pub delegated_admin: bool,
    /// The partner user who made it.
    pub created_by: UserId,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// After this instant it can no longer be accepted.
    pub expires_at: NaiveDateTime,
    /// When a customer accepted it (it is then used up).
    pub accepted_at: Option<NaiveDateTime>,
    /// The customer that accepted it.
    pub accepted_customer_id: Option<CustomerId>,
    /// When the partner revoked it.
    pub revoked_at: Option<NaiveDateTime>,
    /// The tenant id of the customer it is for, when the partner named one (the customer need
    /// not be in partnerdesk yet).
    pub customer_tenant_id: Option<TenantId>,
    /// Whom it was sent to, in the partner's words.
    pub note: Option<String>,
}

text_enum! {
    /// Where an invitation stands. Not stored: read from its times ([`Invitation::state_at`]);
    /// its words name it on the list and in CSS classes (`state-pending`, …).
    pub enum InvitationState {
        /// Can still be accepted.
        Pending = "pending" => "invitation-state-pending",
        /// Used by a customer.
        Accepted = "accepted" => "invitation-state-accepted",
        /// Withdrawn by the partner.
        Revoked = "revoked" => "invitation-state-revoked",
        /// Its time ran out.
        Expired = "expired" => "invitation-state-expired",
    }
}

impl Invitation {
    /// Its state at `now`: a used or revoked invitation stays so after its expiry.
    pub fn state_at(&self, now: NaiveDateTime) -> InvitationState {
        if self.accepted_at.is_some() {
            InvitationState::Accepted
        } else if self.revoked_at.is_some() {
            InvitationState::Revoked
        } else if self.expires_at <= now {
            InvitationState::Expired
        } else {
            InvitationState::Pending
        }
    }
}

/// An invitation to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = relationship_invitations)]
pub struct NewInvitation<'a> {
    /// A new [`InvitationId`].
    pub id: &'a InvitationId,
    /// The partner asking.
    pub partner_id: &'a PartnerId,
    /// SHA-256 of the token, hex; never the token itself.
    pub token_hash: &'a str,
    /// Whether it asks for delegated admin privileges.
    pub delegated_admin: bool,
    /// The partner user making it.
    pub created_by: &'a UserId,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
    /// The customer it is for, if named.
    pub customer_tenant_id: Option<&'a TenantId>,
    /// Whom it was sent to.
    pub note: Option<&'a str>,
}

/// Inserts an invitation.
pub fn insert(conn: &mut DbConn, row: &NewInvitation<'_>) -> QueryResult<()> {
    diesel::insert_into(relationship_invitations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// One line of a partner's invitation list: the invitation, its creator's display name, and the
/// name of the customer that accepted it.
#[derive(Debug, Clone)]
pub struct InvitationListRow {
    /// The invitation.
    pub invitation: Invitation,
    /// Who made it (display name).
    pub created_by_name: String,
    /// The accepting customer's company name, once accepted.
    pub customer_name: Option<String>,
    /// The named customer's company name, when the partner may see that customer (an active
    /// relationship, rule 9); otherwise only its tenant id is shown.
    pub named_customer_name: Option<String>,
}

/// A partner's invitations, newest first, with their creators and accepting customers (one query).
pub fn list_for_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
) -> QueryResult<Vec<InvitationListRow>> {
    let rows: Vec<(Invitation, String, Option<String>)> = relationship_invitations::table
        .inner_join(users::table.on(users::id.eq(relationship_invitations::created_by)))
        .left_join(
            customers::table.on(customers::id
                .nullable()
                .eq(relationship_invitations::accepted_customer_id)),
        )
        .filter(relationship_invitations::partner_id.eq(partner.as_str()))
        .order((
            relationship_invitations::created_at.desc(),
            relationship_invitations::id.desc(),
        ))
        .select((
            Invitation::as_select(),
            users::display_name,
            customers::company_name.nullable(),
        ))
        .load(conn)?;
    let tenants: Vec<&str> = rows
        .iter()
        .filter_map(|(i, _, _)| i.customer_tenant_id.as_ref().map(TenantId::as_str))
        .collect();
    let visible = visible_names(conn, partner, &tenants)?;
    Ok(rows
        .into_iter()
        .map(|(invitation, created_by_name, customer_name)| {
            let named_customer_name = invitation.customer_tenant_id.as_ref().and_then(|t| {
                visible
                    .iter()
                    .find(|(tenant, _)| tenant == t.as_str())
                    .map(|(_, name)| name.clone())
            });
            InvitationListRow {
                invitation,
                created_by_name,
                customer_name,
                named_customer_name,
            }
        })
        .collect())
}

/// (tenant id, company name) of the customers with these tenant ids that `partner` has an active
/// relationship with (rule 9: no other customer's name), in one query.
fn visible_names(
    conn: &mut DbConn,
    partner: &PartnerId,
    tenants: &[&str],
) -> QueryResult<Vec<(String, String)>> {
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    let active: RelationshipState = RelationshipState::Active;
    customers::table
        .inner_join(
            customer_relationships::table.on(customer_relationships::customer_id.eq(customers::id)),
        )
        .filter(customers::tenant_id.eq_any(tenants))
        .filter(customer_relationships::partner_id.eq(partner.as_str()))
        .filter(customer_relationships::state.eq(active))
        .select((customers::tenant_id, customers::company_name))
        .load(conn)
}

/// One of a partner's invitations by id; another partner's is `None`, as a missing one.
pub fn find_for_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    id: &InvitationId,
) -> QueryResult<Option<Invitation>> {
    relationship_invitations::table
        .filter(relationship_invitations::id.eq(id.as_str()))
        .filter(relationship_invitations::partner_id.eq(partner.as_str()))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// The invitation whose token hashes to `token_hash`, whichever partner made it: holding the token
/// is what entitles a customer's Global admin to see it.
pub fn find_by_token_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<Invitation>> {
    relationship_invitations::table
        .filter(relationship_invitations::token_hash.eq(token_hash))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// Revokes one of a partner's invitations if it is still pending at `now`; returns the rows
/// changed (0: not the partner's, or no longer pending).
pub fn revoke_pending(
    conn: &mut DbConn,
    partner: &PartnerId,
    id: &InvitationId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        relationship_invitations::table
            .filter(relationship_invitations::id.eq(id.as_str()))
            .filter(relationship_invitations::partner_id.eq(partner.as_str()))
            .filter(relationship_invitations::accepted_at.is_null())
            .filter(relationship_invitations::revoked_at.is_null())
            .filter(relationship_invitations::expires_at.gt(now)),
    )
    .set(relationship_invitations::revoked_at.eq(now))
    .execute(conn)
}

/// Marks an invitation used by `customer` if it is still pending at `now`; returns the rows
/// changed. The condition is in the UPDATE itself, so of two concurrent acceptances exactly one
/// changes a row (on PostgreSQL the second waits for the first's row lock, then finds it used).
pub fn mark_accepted(
    conn: &mut DbConn,
    id: &InvitationId,
    customer: &CustomerId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        relationship_invitations::table
            .filter(relationship_invitations::id.eq(id.as_str()))
            .filter(relationship_invitations::accepted_at.is_null())
            .filter(relationship_invitations::revoked_at.is_null())
            .filter(relationship_invitations::expires_at.gt(now)),
    )
    .set((
        relationship_invitations::accepted_at.eq(now),
        relationship_invitations::accepted_customer_id.eq(customer.as_str()),
    ))
    .execute(conn)
}
