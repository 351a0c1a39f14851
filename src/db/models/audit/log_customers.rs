//! The customers of a partner's activity log, for its customer filter.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, TenantId};
use crate::db::schema::customers;
use crate::db::sql::Sql;

/// A customer as the activity log names it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = customers)]
pub struct LogCustomer {
    /// Internal id.
    pub id: CustomerId,
    /// The Microsoft ID.
    pub tenant_id: TenantId,
    /// Company name.
    pub company_name: String,
}

/// The customer with this tenant id if at least one event that `partner` sees concerns it (the
/// tenant's unique index, then that customer's range of the events' customer index).
pub fn customer_in_log_of_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    tenant: &TenantId,
) -> QueryResult<Option<LogCustomer>> {
    let pg = matches!(conn, DbConn::Postgres(_));
    customer_in_log_query(pg, partner.as_str(), tenant.as_str())
        .get_result(conn)
        .optional()
}

pub(super) fn customer_in_log_query(pg: bool, partner: &str, tenant: &str) -> Sql {
    let mut sql = Sql::default();
    sql.sql("SELECT c.id, c.tenant_id, c.company_name FROM customers c WHERE c.tenant_id = ")
        .text(tenant)
        .sql(if pg {
            " AND EXISTS (SELECT 1 FROM audit_events e"
        } else {
            // See `branch_from`.
            " AND EXISTS (SELECT 1 FROM audit_events e INDEXED BY audit_events_customer_idx"
        })
        .sql(
            " WHERE e.customer_id = c.id \
             AND (e.actor_partner_id = ",
        )
        .text(partner)
        .sql(" OR e.subject_partner_id = ")
        .text(partner)
        .sql(")) LIMIT 1");
    sql
}

/// Up to `limit` customers whose company name starts with `prefix`, case-insensitively, among
/// those `partner` has or had a relationship with, by company name. Read along an index of the
/// lowercased names (each candidate then checked against the relationships' unique index), so a
/// lookup costs the same among 100,000 customers as among 100; `lower()` folds ASCII letters
/// only in SQLite, every letter in PostgreSQL (under a UTF-8 `LC_CTYPE`).
pub fn customers_named_for_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    prefix: &str,
    limit: i64,
) -> QueryResult<Vec<LogCustomer>> {
    let pg = matches!(conn, DbConn::Postgres(_));
    customers_named_query(pg, partner.as_str(), prefix, limit).load(conn)
}

pub(super) fn customers_named_query(pg: bool, partner: &str, prefix: &str, limit: i64) -> Sql {
    // "Starts with" is the range [prefix, prefix + the last code point) of the names' byte order.
    let (name, from, to, order) = if pg {
        (
            "lower(c.company_name) COLLATE \"C\"",
            " >= lower(",
            ") AND lower(c.company_name) COLLATE \"C\" < lower(",
            ") || chr(1114111) AND EXISTS (",
        )
    } else {
        (
            "lower(c.company_name)",
            " >= lower(",
            ") AND lower(c.company_name) < lower(",
            ") || char(1114111) AND EXISTS (",
        )
    };
    let mut sql = Sql::default();
    sql.sql(if pg {
        "SELECT c.id, c.tenant_id, c.company_name FROM customers c WHERE "
    } else {
        // See `branch_from`.
        "SELECT c.id, c.tenant_id, c.company_name \
         FROM customers c INDEXED BY customers_company_name_lower_idx WHERE "
    })
    .sql(name)
    .sql(from)
    .text(prefix)
    .sql(to)
    .text(prefix)
    .sql(order)
    .sql("SELECT 1 FROM customer_relationships r WHERE r.customer_id = c.id AND r.partner_id = ")
    .text(partner)
    .sql(") ORDER BY ")
    .sql(name)
    .sql(", c.id LIMIT ")
    .int(limit);
    sql
}
