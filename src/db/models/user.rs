//! Users of partner and customer organizations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, UserId};
use crate::db::schema::users;

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
    pub role: String,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
}

/// A user to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub partner_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub role: &'a str,
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
