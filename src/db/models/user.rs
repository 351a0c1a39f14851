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

/// The stored password hash of a user who has not set a password yet (created from the users
/// page, waiting for their set-password link): no PHC string, so no password verifies against it.
pub const NO_PASSWORD: &str = "!";

/// The organization a query of users is scoped to.
#[derive(Debug, Clone, Copy)]
pub enum UserOrg<'a> {
    /// A partner's staff.
    Partner(&'a PartnerId),
    /// A customer's users.
    Customer(&'a CustomerId),
}

/// The organization's users, by display name then email (tens of rows: no paging).
pub fn list_for_org(conn: &mut DbConn, org: UserOrg<'_>) -> QueryResult<Vec<User>> {
    let query = users::table
        .select(User::as_select())
        .order((users::display_name.asc(), users::email.asc()))
        .into_boxed();
    match org {
        UserOrg::Partner(p) => query.filter(users::partner_id.eq(p.as_str())).load(conn),
        UserOrg::Customer(c) => query.filter(users::customer_id.eq(c.as_str())).load(conn),
    }
}

/// One of the organization's users; another organization's is `None`, as a missing one.
pub fn find_in_org(conn: &mut DbConn, org: UserOrg<'_>, id: &UserId) -> QueryResult<Option<User>> {
    let query = users::table
        .filter(users::id.eq(id.as_str()))
        .select(User::as_select())
        .into_boxed();
    match org {
        UserOrg::Partner(p) => query.filter(users::partner_id.eq(p.as_str())),
        UserOrg::Customer(c) => query.filter(users::customer_id.eq(c.as_str())),
    }
    .first(conn)
    .optional()
}

/// The ids of the organization's active Global admins, locked until the end of the caller's
/// transaction: on PostgreSQL `SELECT … FOR UPDATE` (a concurrent demotion or disabling waits,
/// then reads the rows as committed); on SQLite the caller's `write_transaction` began
/// IMMEDIATE and holds the database's write lock already.
pub fn lock_active_global_admins(conn: &mut DbConn, org: UserOrg<'_>) -> QueryResult<Vec<UserId>> {
    let base = users::table
        .filter(users::role.eq(Role::GlobalAdmin))
        .filter(users::disabled.eq(false))
        .select(users::id)
        .order(users::id.asc());
    match (conn, org) {
        (DbConn::Postgres(c), UserOrg::Partner(p)) => base
            .filter(users::partner_id.eq(p.as_str()))
            .for_update()
            .load(c),
        (DbConn::Postgres(c), UserOrg::Customer(o)) => base
            .filter(users::customer_id.eq(o.as_str()))
            .for_update()
            .load(c),
        (DbConn::Sqlite(c), UserOrg::Partner(p)) => {
            base.filter(users::partner_id.eq(p.as_str())).load(c)
        }
        (DbConn::Sqlite(c), UserOrg::Customer(o)) => {
            base.filter(users::customer_id.eq(o.as_str())).load(c)
        }
    }
}

/// Sets a user's role.
pub fn set_role(conn: &mut DbConn, id: &UserId, role: Role) -> QueryResult<usize> {
    diesel::update(users::table.find(id.as_str()))
        .set(users::role.eq(role))
        .execute(conn)
}

/// Disables or enables a user.
pub fn set_disabled(conn: &mut DbConn, id: &UserId, disabled: bool) -> QueryResult<usize> {
    diesel::update(users::table.find(id.as_str()))
        .set(users::disabled.eq(disabled))
        .execute(conn)
}

/// Inserts a user unless the email (or id) is taken; whether it did. No error on a concurrent
/// insert of the same email: `ON CONFLICT DO NOTHING` on both backends.
pub fn insert_if_free(conn: &mut DbConn, row: &NewUser<'_>) -> QueryResult<bool> {
    let query = diesel::insert_into(users::table).values(row);
    let inserted = match conn {
        DbConn::Postgres(c) => query.on_conflict_do_nothing().execute(c)?,
        DbConn::Sqlite(c) => query.on_conflict_do_nothing().execute(c)?,
    };
    Ok(inserted == 1)
}

/// Whether a customer has any user, enabled or not.
pub fn customer_has_users(conn: &mut DbConn, customer: &CustomerId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::customer_id.eq(customer.as_str())),
    ))
    .get_result(conn)
}
