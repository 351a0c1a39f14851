//! A customer's default designated support contact for its new subscriptions, per seller
//! (`customer_support_defaults`, rule 1), and the rows rule 2 decides it from.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, UserId};
use crate::db::models::audit::{AuditEvent, Operation};
use crate::db::models::partner::Partnership;
use crate::db::models::relationship::Relationship;
use crate::db::schema::{
    audit_events, customer_relationships, customer_support_defaults, partnerships,
};

/// One customer's default for the subscriptions one seller opens for it. No row: the seller.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = customer_support_defaults)]
pub struct SupportDefault {
    pub customer_id: CustomerId,
    pub seller_id: PartnerId,
    /// The partner new subscriptions take as their designated support contact.
    pub partner_id: PartnerId,
    /// Who set it (`None`: no user, a command).
    pub set_by: Option<UserId>,
    pub set_at: NaiveDateTime,
}

/// A default to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = customer_support_defaults, treat_none_as_default_value = false)]
pub struct NewSupportDefault<'a> {
    pub customer_id: &'a CustomerId,
    pub seller_id: &'a PartnerId,
    pub partner_id: &'a PartnerId,
    pub set_by: Option<&'a UserId>,
    pub set_at: NaiveDateTime,
}

/// The customer's default for subscriptions `seller` opens, if one is set.
pub fn find(
    conn: &mut DbConn,
    customer: &CustomerId,
    seller: &PartnerId,
) -> QueryResult<Option<SupportDefault>> {
    customer_support_defaults::table
        .filter(customer_support_defaults::customer_id.eq(customer.as_str()))
        .filter(customer_support_defaults::seller_id.eq(seller.as_str()))
        .select(SupportDefault::as_select())
        .first(conn)
        .optional()
}

/// The defaults of any of `customers` for subscriptions `seller` opens: one query for an import's
/// chunk.
pub fn for_customers_of_seller(
    conn: &mut DbConn,
    customers: &[&str],
    seller: &PartnerId,
) -> QueryResult<Vec<SupportDefault>> {
    let mut out = Vec::new();
    // Well under every backend's bound-parameter limit, whatever the chunk.
    for part in customers.chunks(5_000) {
        out.extend(
            customer_support_defaults::table
                .filter(customer_support_defaults::seller_id.eq(seller.as_str()))
                .filter(customer_support_defaults::customer_id.eq_any(part))
                .select(SupportDefault::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// Sets a default where none is: 1 row, or 0 when one was set meanwhile (the primary key refuses
/// it, inside a savepoint so that the enclosing transaction stays usable).
pub fn insert_if_absent(conn: &mut DbConn, row: &NewSupportDefault<'_>) -> QueryResult<usize> {
    let inserted = crate::db::write_transaction(conn, |conn| {
        diesel::insert_into(customer_support_defaults::table)
            .values(row)
            .execute(conn)
    });
    match inserted {
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(0),
        other => other,
    }
}

/// Replaces the default naming `expected` by `partner`; 0 rows when it no longer names
/// `expected` (a concurrent change: nothing written).
pub fn replace_if(
    conn: &mut DbConn,
    customer: &CustomerId,
    seller: &PartnerId,
    expected: &PartnerId,
    partner: &PartnerId,
    by: Option<&UserId>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        customer_support_defaults::table
            .filter(customer_support_defaults::customer_id.eq(customer.as_str()))
            .filter(customer_support_defaults::seller_id.eq(seller.as_str()))
            .filter(customer_support_defaults::partner_id.eq(expected.as_str())),
    )
    .set((
        customer_support_defaults::partner_id.eq(partner.as_str()),
        customer_support_defaults::set_by.eq(by.map(UserId::as_str)),
        customer_support_defaults::set_at.eq(at),
    ))
    .execute(conn)
}

/// Deletes the default naming `expected`; 0 rows when it no longer names it.
pub fn delete_if(
    conn: &mut DbConn,
    customer: &CustomerId,
    seller: &PartnerId,
    expected: &PartnerId,
) -> QueryResult<usize> {
    diesel::delete(
        customer_support_defaults::table
            .filter(customer_support_defaults::customer_id.eq(customer.as_str()))
            .filter(customer_support_defaults::seller_id.eq(seller.as_str()))
            .filter(customer_support_defaults::partner_id.eq(expected.as_str())),
    )
    .execute(conn)
}

/// Which defaults naming a partner a change concerns (rule 3).
#[derive(Debug, Clone, Copy)]
pub enum DefaultScope<'a> {
    /// One customer's defaults (its relationship or delegated admin ends).
    Customer(&'a CustomerId),
    /// One seller's defaults, for every customer (its partnership ends).
    Seller(&'a PartnerId),
}

/// The defaults in `scope` that name `partner`, by customer.
pub fn naming(
    conn: &mut DbConn,
    scope: DefaultScope<'_>,
    partner: &PartnerId,
) -> QueryResult<Vec<SupportDefault>> {
    let query = customer_support_defaults::table
        .filter(customer_support_defaults::partner_id.eq(partner.as_str()))
        .into_boxed::<crate::db::MultiBackend>();
    let query = match scope {
        DefaultScope::Customer(c) => {
            query.filter(customer_support_defaults::customer_id.eq(c.as_str()))
        }
        DefaultScope::Seller(s) => {
            query.filter(customer_support_defaults::seller_id.eq(s.as_str()))
        }
    };
    query
        .order((
            customer_support_defaults::customer_id.asc(),
            customer_support_defaults::seller_id.asc(),
        ))
        .select(SupportDefault::as_select())
        .load(conn)
}

/// The partnerships of `provider` with any of `resellers`, read with a shared lock (see
/// [`crate::db::models::partner::find_partnership_for_share`]): one query for all the defaults
/// of an import's chunk. Lock these before [`relationships_for_share`].
pub fn partnerships_for_share(
    conn: &mut DbConn,
    provider: &PartnerId,
    resellers: &[&str],
) -> QueryResult<Vec<Partnership>> {
    if resellers.is_empty() {
        return Ok(Vec::new());
    }
    let query = partnerships::table
        .filter(partnerships::provider_id.eq(provider.as_str()))
        .filter(partnerships::reseller_id.eq_any(resellers))
        .order(partnerships::id.asc());
    match conn {
        DbConn::Postgres(pg) => query.select(Partnership::as_select()).for_share().load(pg),
        DbConn::Sqlite(sqlite) => query.select(Partnership::as_select()).load(sqlite),
    }
}

/// The relationships of any of `customers` with any of `partners`, read with a shared lock (see
/// [`crate::db::models::relationship::find_for_share`]), in one query.
pub fn relationships_for_share(
    conn: &mut DbConn,
    customers: &[&str],
    partners: &[&str],
) -> QueryResult<Vec<Relationship>> {
    if customers.is_empty() || partners.is_empty() {
        return Ok(Vec::new());
    }
    let query = customer_relationships::table
        .filter(customer_relationships::customer_id.eq_any(customers))
        .filter(customer_relationships::partner_id.eq_any(partners))
        .order(customer_relationships::id.asc());
    match conn {
        DbConn::Postgres(pg) => query.select(Relationship::as_select()).for_share().load(pg),
        DbConn::Sqlite(sqlite) => query.select(Relationship::as_select()).load(sqlite),
    }
}

/// The newest change of the customer's default for `seller`'s subscriptions (set by the seller,
/// or cleared, by it or by rule 3), for "who changed it meanwhile".
pub fn latest_change(
    conn: &mut DbConn,
    customer: &CustomerId,
    seller: &PartnerId,
) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .filter(audit_events::customer_id.eq(customer.as_str()))
        .filter(
            audit_events::operation
                .eq(Operation::SupportDefaultSet)
                .or(audit_events::operation.eq(Operation::SupportDefaultCleared)),
        )
        .filter(
            audit_events::actor_partner_id
                .eq(seller.as_str())
                .or(audit_events::subject_partner_id.eq(seller.as_str())),
        )
        .order((audit_events::occurred_at.desc(), audit_events::id.desc()))
        .select(AuditEvent::as_select())
        .first(conn)
        .optional()
}
