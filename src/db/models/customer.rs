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

/// A customer to insert. Not `Insertable` itself: [`insert`] and [`insert_many`] add the search
/// text, which the database refuses to go without.
#[derive(Debug)]
pub struct NewCustomer<'a> {
    pub id: &'a str,
    pub tenant_id: &'a str,
    pub company_name: &'a str,
    pub domain: &'a str,
    pub country: &'a str,
    pub created_at: NaiveDateTime,
}

/// The row as written, with its search text.
#[derive(Insertable)]
#[diesel(table_name = customers)]
struct CustomerRow<'a> {
    id: &'a str,
    tenant_id: &'a str,
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
            search: search_text(c.company_name, c.domain, c.tenant_id),
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

/// Inserts customers in batched statements (for loaders of many customers).
pub fn insert_many(conn: &mut DbConn, rows: &[NewCustomer<'_>]) -> QueryResult<()> {
    // 7 values a row: well under SQLite's and PostgreSQL's limits on bound values.
    for chunk in rows.chunks(500) {
        let rows: Vec<CustomerRow<'_>> = chunk.iter().map(CustomerRow::from).collect();
        // Multi-row VALUES is written per backend (the multi-backend has no batch insert).
        let insert = diesel::insert_into(customers::table).values(rows);
        match conn {
            DbConn::Sqlite(sqlite) => insert.execute(sqlite)?,
            DbConn::Postgres(pg) => insert.execute(pg)?,
        };
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::{fold_case, search_text};

    #[test]
    fn search_text_folds_case_per_character_on_every_field() {
        assert_eq!(
            search_text("ŁÓDŹ Straße ÉCOLE", "Lodz.Example", "ABC-1"),
            "łódź straße école\nlodz.example\nabc-1"
        );
        // A part's fold is a part of the whole's fold (no final-sigma rule).
        let whole = fold_case("ΟΔΟΣ ΑΒ");
        assert!(whole.contains(&fold_case("ΟΔΟΣ")));
    }
}
