//! Customer tenants, found only through the partner relationships that make them visible.
//!
//! The customer list is read by index at any size (issue 12):
//! - a partner's active customers come in (company name, id) order from
//!   `customer_relationships_partner_idx` (partner, state, company name, customer): the company
//!   name is copied onto each relationship by triggers, so no page sorts the whole list;
//! - a page starts after (or before) a [`SortKey`] (keyset paging), never at an offset;
//! - a partner's number of active customers is a counter (`partner_customer_counts`) kept by
//!   triggers in the transaction of every relationship change;
//! - a search of at least [`TRIGRAM_RUN`] letters or digits in a row finds its candidates through a
//!   trigram index over [`search_text`] (SQLite FTS5, PostgreSQL pg_trgm), at most
//!   [`CANDIDATE_LIMIT`] of them; shorter or commoner searches look through the ordered list a
//!   bounded window at a time ([`Matching::Scan`]).

mod list;
mod plans;
mod search;

pub use list::{
    Direction, Matching, Range, Scope, SortKey, active_customer_count, count_range, list_range,
    window_end,
};
pub use plans::list_query_plans;
pub use search::{CANDIDATE_LIMIT, TRIGRAM_RUN, search_candidates, trigram_searchable};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, TenantId};
use crate::db::models::relationship::RelationshipState;
use crate::db::schema::{customer_relationships, customers};

/// A customer tenant.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: CustomerId,
    pub tenant_id: TenantId,
    pub company_name: String,
    pub domain: String,
    pub country: String,
    pub created_at: NaiveDateTime,
}

impl Customer {
    /// Where this customer stands in the customer list.
    pub fn sort_key(&self) -> SortKey {
        SortKey {
            company_name: self.company_name.clone(),
            customer_id: self.id.clone(),
        }
    }
}

/// A customer to insert. Not `Insertable` itself: [`insert`] and [`insert_many`] add the search
/// text, which the database refuses to go without.
#[derive(Debug)]
pub struct NewCustomer<'a> {
    pub id: &'a CustomerId,
    pub tenant_id: &'a TenantId,
    pub company_name: &'a str,
    pub domain: &'a str,
    pub country: &'a str,
    pub created_at: NaiveDateTime,
}

/// The row as written, with its search text.
#[derive(Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct CustomerRow<'a> {
    id: &'a CustomerId,
    tenant_id: &'a TenantId,
    company_name: &'a str,
    domain: &'a str,
    country: &'a str,
    created_at: NaiveDateTime,
    search: String,
}

impl<'a> From<&NewCustomer<'a>> for CustomerRow<'a> {
    fn from(c: &NewCustomer<'a>) -> Self {
        Self {
            id: c.id,
            tenant_id: c.tenant_id,
            company_name: c.company_name,
            domain: c.domain,
            country: c.country,
            created_at: c.created_at,
            search: search_text(c.company_name, c.domain, c.tenant_id.as_str()),
        }
    }
}

/// Separates the fields of [`search_text`]; a search text cannot contain it (control characters are
/// refused), so no match spans two fields.
const SEARCH_SEPARATOR: char = '\n';

/// Lowercases character by character (Unicode, the same on both backends: SQLite's `lower()` knows
/// only ASCII, PostgreSQL's follows the database's locale). Character by character, not with
/// `str::to_lowercase`'s final-sigma rule, so that the lowercase of a part is a part of the
/// lowercase of the whole.
pub fn fold_case(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// What a search matches for a customer: company name, domain and tenant id, case-folded
/// ([`fold_case`]), one per line. Stored in `customers.search`, under the trigram indexes.
pub fn search_text(company_name: &str, domain: &str, tenant_id: &str) -> String {
    let mut text = fold_case(company_name);
    for part in [domain, tenant_id] {
        text.push(SEARCH_SEPARATOR);
        text.push_str(&fold_case(part));
    }
    text
}

/// Inserts a customer.
pub fn insert(conn: &mut DbConn, row: &NewCustomer<'_>) -> QueryResult<()> {
    diesel::insert_into(customers::table)
        .values(CustomerRow::from(row))
        .execute(conn)
        .map(|_| ())
}

/// Inserts customers in multi-row statements under the bound-parameter limit, each with its
/// search text; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewCustomer<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(7)) {
        let chunk: Vec<CustomerRow<'_>> = chunk.iter().map(CustomerRow::from).collect();
        inserted += crate::db::insert_rows!(conn, customers::table, &chunk)?;
    }
    Ok(inserted)
}

/// Inserts customers, each with its search text: multi-row INSERTs on SQLite, one COPY on
/// PostgreSQL (an import's chunk of new customers). Returns how many.
pub fn insert_bulk(conn: &mut DbConn, rows: &[NewCustomer<'_>]) -> QueryResult<usize> {
    let rows: Vec<CustomerRow<'_>> = rows.iter().map(CustomerRow::from).collect();
    crate::db::bulk::insert_bulk!(conn, customers::table, &rows, columns = 7)
}

/// Changes a customer's company name, domain and country, with its search text; its relationships'
/// copy of the name follows in the same statement (a trigger). Returns the rows changed.
pub fn update_details(
    conn: &mut DbConn,
    customer: &Customer,
    company_name: &str,
    domain: &str,
    country: &str,
) -> QueryResult<usize> {
    diesel::update(customers::table.find(customer.id.as_str()))
        .set((
            customers::company_name.eq(company_name),
            customers::domain.eq(domain),
            customers::country.eq(country),
            customers::search.eq(search_text(
                company_name,
                domain,
                customer.tenant_id.as_str(),
            )),
        ))
        .execute(conn)
}

/// Writes the search text of customers that have none: those that existed before the migration
/// that added it (SQL cannot lowercase Unicode the same way on both backends). Run after the
/// migrations; a no-op once done. Returns the rows written.
pub fn fill_missing_search_text(conn: &mut DbConn) -> QueryResult<usize> {
    let mut written = 0;
    loop {
        let batch: Vec<(String, String, String, String)> = customers::table
            .filter(customers::search.eq(""))
            .select((
                customers::id,
                customers::company_name,
                customers::domain,
                customers::tenant_id,
            ))
            .limit(1000)
            .load(conn)?;
        if batch.is_empty() {
            return Ok(written);
        }
        crate::db::write_transaction(conn, |conn| {
            for (id, name, domain, tenant) in &batch {
                diesel::update(customers::table.find(id))
                    .set(customers::search.eq(search_text(name, domain, tenant)))
                    .execute(conn)?;
            }
            QueryResult::Ok(())
        })?;
        written += batch.len();
    }
}

/// A customer by internal id (for the customer's own users).
pub fn find(conn: &mut DbConn, id: &CustomerId) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id.as_str())
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// A customer by tenant id, with no partner scope: only for the command line and the demo loader.
pub fn find_by_tenant_unscoped(
    conn: &mut DbConn,
    tenant: &TenantId,
) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::tenant_id.eq(tenant.as_str()))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer with this tenant id, if `partner` has an active relationship with it.
pub fn find_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    tenant: &TenantId,
) -> QueryResult<Option<Customer>> {
    // The customer by its tenant id, then its relationship with the partner by (customer,
    // partner): two index lookups whatever the partner's size (an `id IN (the partner's
    // customers)` would list all of them first).
    visible_customer_query(partner.as_str(), tenant.as_str())
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// See [`find_visible_to_partner`].
#[diesel::dsl::auto_type(no_type_alias)]
fn visible_customer_query<'a>(partner: &'a str, tenant: &'a str) -> _ {
    let active: RelationshipState = RelationshipState::Active;
    customers::table
        .filter(customers::tenant_id.eq(tenant))
        .filter(diesel::dsl::exists(
            customer_relationships::table
                .filter(customer_relationships::customer_id.eq(customers::id))
                .filter(customer_relationships::partner_id.eq(partner))
                .filter(customer_relationships::state.eq(active)),
        ))
}

/// The customers with these ids, in one query (no partner scope: callers pass ids they already
/// reached through a scoped query).
pub fn find_many(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<Customer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    customers::table
        .filter(customers::id.eq_any(ids))
        .select(Customer::as_select())
        .load(conn)
}

/// Inserts a customer unless its tenant id or primary domain is taken (also by a concurrent
/// insert: the UNIQUE indexes decide, inside a savepoint that keeps the caller's transaction
/// usable); whether it was.
pub fn insert_unless_taken(conn: &mut DbConn, row: &NewCustomer<'_>) -> QueryResult<bool> {
    match crate::db::write_transaction(conn, |conn| insert(conn, row)) {
        Ok(()) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// A customer by primary domain, with no partner scope (sign-up: whether the domain is taken).
pub fn find_by_domain_unscoped(conn: &mut DbConn, domain: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::domain.eq(domain))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// Locks a customer's row until the transaction ends, so that writers deciding on the
/// customer's state (its first Global admin) queue: PostgreSQL `SELECT … FOR UPDATE`; on SQLite
/// `write_transaction` began IMMEDIATE and holds the database's write lock already. Call inside a
/// write transaction.
pub fn lock(conn: &mut DbConn, id: &CustomerId) -> QueryResult<Option<Customer>> {
    let query = customers::table.find(id.as_str());
    match conn {
        DbConn::Postgres(c) => query
            .select(Customer::as_select())
            .for_update()
            .first(c)
            .optional(),
        DbConn::Sqlite(c) => query.select(Customer::as_select()).first(c).optional(),
    }
}
