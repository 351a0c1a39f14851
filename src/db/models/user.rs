//! Users of partner and customer organizations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, UserId};
use crate::db::schema::users;
use crate::db::words::text_enum;

text_enum! {
    /// A user's role (`users.role`), as DESIGN.md §3 names them. Partner and customer
    /// organizations each use a subset: which role fits which side is a rule of the domain
    /// (`Role::fits`), not of the stored word.
    pub enum Role {
        /// Everything its organization may do.
        GlobalAdmin = "global_admin" => "role-global-admin",
        /// Partner: customers, assignments, invitations, removals, activity log.
        AdminAgent = "admin_agent" => "role-admin-agent",
        /// Partner: customers, subscriptions, assignments.
        HelpdeskAgent = "helpdesk_agent" => "role-helpdesk-agent",
        /// Partner: customers and subscriptions (read), invitations, removals.
        SalesAgent = "sales_agent" => "role-sales-agent",
        /// Partner: no customer workspace. Customer: support page and relationships, read-only.
        BillingAdmin = "billing_admin" => "role-billing-admin",
        /// Customer: none of the admin pages.
        User = "user" => "role-user",
    }
}

/// A user; belongs to exactly one partner or one customer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub partner_id: Option<PartnerId>,
    pub customer_id: Option<CustomerId>,
    pub role: Role,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
}

/// A user to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub partner_id: Option<&'a PartnerId>,
    pub customer_id: Option<&'a CustomerId>,
    pub role: Role,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
}

/// Emails are compared trimmed and lowercased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Inserts a user.
pub fn insert(conn: &mut DbConn, row: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A user by (normalized) email.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(normalize_email(email)))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// A user by id.
pub fn find(conn: &mut DbConn, id: &UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id.as_str())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Replaces a user's password hash (rehash at sign-in when the parameters changed).
pub fn set_password_hash(conn: &mut DbConn, id: &UserId, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id.as_str()))
        .set(users::password_hash.eq(hash))
        .execute(conn)
}

/// Inserts a user unless its email is taken (also by a concurrent insert: the UNIQUE index
/// decides, inside a savepoint that keeps the caller's transaction usable); whether it was.
pub fn insert_unless_taken(conn: &mut DbConn, row: &NewUser<'_>) -> QueryResult<bool> {
    match crate::db::write_transaction(conn, |conn| insert(conn, row)) {
        Ok(()) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Whether a customer has any user, enabled or not.
pub fn customer_has_users(conn: &mut DbConn, customer: &CustomerId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::customer_id.eq(customer.as_str())),
    ))
    .get_result(conn)
}
