//! Set-password links: a Global admin's one-time link for a user to set their password. Only the
//! SHA-256 of the token is stored, so the table alone opens no account.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{PasswordLinkId, UserId};
use crate::db::models::user::UserOrg;
use crate::db::schema::{password_links, users};

/// A set-password link as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = password_links)]
pub struct PasswordLink {
    /// Internal id.
    pub id: PasswordLinkId,
    /// The user whose password it sets.
    pub user_id: UserId,
    /// Lowercase hex SHA-256 of the token.
    pub token_hash: String,
    /// The Global admin who made it.
    pub created_by: UserId,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// After this instant it no longer works.
    pub expires_at: NaiveDateTime,
    /// When it was used (it is then spent).
    pub used_at: Option<NaiveDateTime>,
    /// When a newer link for the same user replaced it.
    pub superseded_at: Option<NaiveDateTime>,
}

/// Where a link stands at a given moment (not stored: read from its times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It can still be used.
    Pending,
    /// It was used (single use).
    Used,
    /// A newer link for the same user replaced it.
    Superseded,
    /// Its time ran out.
    Expired,
}

impl PasswordLink {
    /// Its state at `now`: a used or superseded link stays so after its expiry.
    pub fn state_at(&self, now: NaiveDateTime) -> LinkState {
        if self.used_at.is_some() {
            LinkState::Used
        } else if self.superseded_at.is_some() {
            LinkState::Superseded
        } else if self.expires_at <= now {
            LinkState::Expired
        } else {
            LinkState::Pending
        }
    }
}

/// A link to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = password_links)]
pub struct NewPasswordLink<'a> {
    /// A new id.
    pub id: &'a PasswordLinkId,
    /// The user whose password it sets.
    pub user_id: &'a UserId,
    /// SHA-256 of the token, hex; never the token itself.
    pub token_hash: &'a str,
    /// The Global admin making it.
    pub created_by: &'a UserId,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
}

/// Inserts a link.
pub fn insert(conn: &mut DbConn, row: &NewPasswordLink<'_>) -> QueryResult<()> {
    diesel::insert_into(password_links::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The link whose token hashes to `token_hash`, whoever it is for: holding the token is what
/// entitles a visitor to it.
pub fn find_by_token_hash(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<PasswordLink>> {
    password_links::table
        .filter(password_links::token_hash.eq(token_hash))
        .select(PasswordLink::as_select())
        .first(conn)
        .optional()
}

/// Marks every unused, not yet superseded link of `user` superseded at `now` (a newer link
/// replaces them); returns how many.
pub fn supersede_unused(
    conn: &mut DbConn,
    user: &UserId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        password_links::table
            .filter(password_links::user_id.eq(user.as_str()))
            .filter(password_links::used_at.is_null())
            .filter(password_links::superseded_at.is_null()),
    )
    .set(password_links::superseded_at.eq(now))
    .execute(conn)
}

/// Marks a link used if it is still pending at `now`; returns the rows changed. The condition is
/// in the UPDATE itself, so of two concurrent uses exactly one changes a row (on PostgreSQL the
/// second waits for the first's row lock, then finds it used).
pub fn mark_used(conn: &mut DbConn, id: &PasswordLinkId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        password_links::table
            .filter(password_links::id.eq(id.as_str()))
            .filter(password_links::used_at.is_null())
            .filter(password_links::superseded_at.is_null())
            .filter(password_links::expires_at.gt(now)),
    )
    .set(password_links::used_at.eq(now))
    .execute(conn)
}

/// The links of the organization's users still pending at `now`, one query (for the list).
pub fn pending_for_org(
    conn: &mut DbConn,
    org: UserOrg<'_>,
    now: NaiveDateTime,
) -> QueryResult<Vec<PasswordLink>> {
    let query = password_links::table
        .inner_join(users::table.on(users::id.eq(password_links::user_id)))
        .filter(password_links::used_at.is_null())
        .filter(password_links::superseded_at.is_null())
        .filter(password_links::expires_at.gt(now))
        .select(PasswordLink::as_select())
        .into_boxed();
    match org {
        UserOrg::Partner(p) => query.filter(users::partner_id.eq(p.as_str())).load(conn),
        UserOrg::Customer(c) => query.filter(users::customer_id.eq(c.as_str())).load(conn),
    }
}
