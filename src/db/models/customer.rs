//! Customer tenants, found only through the partner relationships that make them visible.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::ids::{CustomerId, PartnerId, TenantId};
use crate::db::schema::{customer_relationships, customers};
use crate::db::{DbConn, like_pattern, lower};

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

/// A customer to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
pub struct NewCustomer<'a> {
    pub id: &'a str,
    pub tenant_id: &'a str,
    pub company_name: &'a str,
    pub domain: &'a str,
    pub country: &'a str,
    pub created_at: NaiveDateTime,
}

/// Inserts a customer.
pub fn insert(conn: &mut DbConn, row: &NewCustomer<'_>) -> QueryResult<()> {
    diesel::insert_into(customers::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts customers in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewCustomer<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(6)) {
        inserted += crate::db::insert_rows!(conn, customers::table, chunk)?;
    }
    Ok(inserted)
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
    customers::table
        .filter(customers::tenant_id.eq(tenant.as_str()))
        .filter(customers::id.eq_any(active_customer_ids(partner.as_str())))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// Ids of the customers with an active relationship with a partner, as a subquery.
#[diesel::dsl::auto_type(no_type_alias)]
fn active_customer_ids<'a>(partner: &'a str) -> _ {
    let active: &'static str = super::relationship::state::ACTIVE;
    customer_relationships::table
        .filter(customer_relationships::partner_id.eq(partner))
        .filter(customer_relationships::state.eq(active))
        .select(customer_relationships::customer_id)
}

/// What the customer list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Matched, case-insensitively and literally, against company name, domain and tenant id.
    pub search: Option<String>,
    /// Only customers that also have an active relationship with this (reseller) partner.
    pub with_partner: Option<PartnerId>,
}

/// One page of the customers visible to `partner` (active relationship), by company name, and the
/// total number that match.
pub fn search_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &CustomerFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Customer>, i64)> {
    let pattern = filter.search.as_deref().map(like_pattern);
    let query = || {
        let mut query = customers::table
            .filter(customers::id.eq_any(active_customer_ids(partner.as_str())))
            .into_boxed::<crate::db::MultiBackend>();
        if let Some(pattern) = &pattern {
            query = query.filter(
                lower(customers::company_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(customers::domain).like(pattern.clone()).escape('\\'))
                    .or(customers::tenant_id.like(pattern.clone()).escape('\\')),
            );
        }
        if let Some(other) = &filter.with_partner {
            query = query.filter(customers::id.eq_any(active_customer_ids(other.as_str())));
        }
        query
    };
    let total = query().count().get_result::<i64>(conn)?;
    let page = query()
        .order((customers::company_name.asc(), customers::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(Customer::as_select())
        .load(conn)?;
    Ok((page, total))
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
