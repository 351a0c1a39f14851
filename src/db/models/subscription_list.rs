//! The cross-customer subscription list (`/subscriptions`): keyset ranges of the subscriptions a
//! partner sees (rule 9), filtered and sorted, written as [`Sql`] in a few fixed shapes.
//!
//! Every query walks the partner's active relationships (the customer list's ordered index
//! `customer_relationships_partner_idx`), their customers' subscriptions by the covering customer
//! index (which holds the three partner columns of the visibility test), and the products and
//! partners by primary key. The default order (customer, then product) follows the walk's index,
//! so a page stops reading once it is full.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, ProductId, SubscriptionId, TenantId};
use crate::db::models::customer::fold_case;
use crate::db::models::product::Product;
use crate::db::models::subscription::SubscriptionStatus;
use crate::db::schema::products;
use crate::db::sql::Sql;

/// The column a list is sorted by; ties fall to the customer and the subscription id, so that a
/// position is one row and pages never skip nor repeat one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    /// Customer (company name), then product name.
    #[default]
    Customer,
    /// Product name, then customer.
    Product,
    /// Designated support contact's name, then customer.
    Contact,
    /// Status, then customer.
    Status,
    /// Last change (`updated_at`).
    Updated,
}

impl SortColumn {
    /// Every column, in the order of the table.
    pub const ALL: [Self; 5] = [
        Self::Customer,
        Self::Product,
        Self::Contact,
        Self::Status,
        Self::Updated,
    ];

    /// The `sort=` value.
    pub fn param(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Product => "product",
            Self::Contact => "contact",
            Self::Status => "status",
            Self::Updated => "updated",
        }
    }

    /// The column a `sort=` value names.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.param() == raw)
    }
}

/// Which way a query reads the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// In the list's order.
    Forward,
    /// Against it (the rows of a "previous" page, nearest first).
    Backward,
}

/// A position in the list: the sort values of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKey {
    /// The customer's company name.
    pub company_name: String,
    /// The customer's id.
    pub customer_id: CustomerId,
    /// The product's name.
    pub product_name: String,
    /// The support contact's name (empty: none).
    pub contact_name: String,
    /// The stored status text.
    pub status: String,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// The subscription.
    pub id: SubscriptionId,
}

/// Which subscriptions of the partner's: every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Designated support contact.
    pub contact: Option<PartnerId>,
    /// Reseller of record.
    pub reseller: Option<PartnerId>,
    /// Product.
    pub product: Option<ProductId>,
    /// Text held by the customer's company name, domain or tenant id.
    pub customer: Option<String>,
    /// Status.
    pub status: Option<SubscriptionStatus>,
    /// The support contact is not the seller.
    pub not_seller: bool,
    /// The subscription id, whole (36 characters) or its beginning (lowercase hex and dashes).
    pub id_prefix: Option<String>,
}

/// One row of the list, as read.
#[derive(Debug, Clone, QueryableByName)]
pub struct ListRow {
    #[diesel(sql_type = Text)]
    pub id: SubscriptionId,
    #[diesel(sql_type = Text)]
    pub customer_id: CustomerId,
    #[diesel(sql_type = Text)]
    pub tenant_id: TenantId,
    #[diesel(sql_type = Text)]
    pub company_name: String,
    #[diesel(sql_type = Text)]
    pub product_id: ProductId,
    #[diesel(sql_type = Text)]
    pub product_name: String,
    #[diesel(sql_type = Text)]
    pub status: SubscriptionStatus,
    #[diesel(sql_type = Nullable<Text>)]
    pub seller_id: Option<PartnerId>,
    #[diesel(sql_type = Nullable<Text>)]
    pub reseller_of_record_id: Option<PartnerId>,
    #[diesel(sql_type = Nullable<Text>)]
    pub support_contact_id: Option<PartnerId>,
    #[diesel(sql_type = Text)]
    pub contact_name: String,
    #[diesel(sql_type = Timestamp)]
    pub updated_at: NaiveDateTime,
    #[diesel(sql_type = Integer)]
    pub version: i32,
}

impl ListRow {
    /// The row's position.
    pub fn key(&self) -> ListKey {
        ListKey {
            company_name: self.company_name.clone(),
            customer_id: self.customer_id.clone(),
            product_name: self.product_name.clone(),
            contact_name: self.contact_name.clone(),
            status: self.status.as_str().to_owned(),
            updated_at: self.updated_at,
            id: self.id.clone(),
        }
    }
}

const COLUMNS: &str = "SELECT s.id AS id, s.customer_id AS customer_id, c.tenant_id AS tenant_id, \
     r.company_name AS company_name, s.product_id AS product_id, p.name AS product_name, \
     s.status AS status, s.seller_id AS seller_id, s.reseller_of_record_id AS reseller_of_record_id, \
     s.support_contact_id AS support_contact_id, COALESCE(sc.name, '') AS contact_name, \
     s.updated_at AS updated_at, s.version AS version";

/// The walk: the partner's active relationships (outermost: `CROSS JOIN` fixes SQLite's join
/// order), their customers' subscriptions, and what a row shows or sorts by. SQLite is told the
/// indexes: with no statistics it would rather read the partner's subscriptions by the three
/// partner columns' indexes (an OR of them) and sort them all. The join of `r` and `s` is in
/// [`visible_where`].
///
/// A search by subscription id reads that id's row (or its prefix's range) by primary key
/// instead: the planner is left free, and no hint is given.
fn from(conn: &DbConn, filter: &ListFilter) -> &'static str {
    match conn {
        DbConn::Sqlite(_) if filter.id_prefix.is_some() => {
            " FROM subscriptions s \
             JOIN customer_relationships r ON r.customer_id = s.customer_id \
             JOIN customers c ON c.id = r.customer_id \
             JOIN products p ON p.id = s.product_id \
             LEFT JOIN partners sc ON sc.id = s.support_contact_id"
        }
        DbConn::Sqlite(_) => {
            " FROM customer_relationships r INDEXED BY customer_relationships_partner_idx \
             CROSS JOIN subscriptions s INDEXED BY subscriptions_customer_idx \
             JOIN customers c ON c.id = r.customer_id \
             JOIN products p ON p.id = s.product_id \
             LEFT JOIN partners sc ON sc.id = s.support_contact_id"
        }
        DbConn::Postgres(_) => {
            " FROM customer_relationships r \
             JOIN subscriptions s ON s.customer_id = r.customer_id \
             JOIN customers c ON c.id = r.customer_id \
             JOIN products p ON p.id = s.product_id \
             LEFT JOIN partners sc ON sc.id = s.support_contact_id"
        }
    }
}

/// `WHERE`: the subscriptions of `partner`'s customers that it sold, earns on or supports (rule
/// 9, as [`crate::db::models::subscription::list_visible_to_partner`]), under `filter`.
fn visible_where(conn: &DbConn, partner: &PartnerId, filter: &ListFilter) -> Sql {
    let p = partner.as_str();
    let mut sql = Sql::new(" WHERE r.partner_id = ");
    sql.text(p)
        .sql(" AND r.state = 'active' AND s.customer_id = r.customer_id AND (s.seller_id = ")
        .text(p)
        .sql(" OR s.reseller_of_record_id = ")
        .text(p)
        .sql(" OR s.support_contact_id = ")
        .text(p)
        .sql(")");
    if let Some(contact) = &filter.contact {
        sql.sql(" AND s.support_contact_id = ")
            .text(contact.as_str());
    }
    if let Some(reseller) = &filter.reseller {
        sql.sql(" AND s.reseller_of_record_id = ")
            .text(reseller.as_str());
    }
    if let Some(product) = &filter.product {
        sql.sql(" AND s.product_id = ").text(product.as_str());
    }
    if let Some(status) = &filter.status {
        sql.sql(" AND s.status = ").text(status.as_str());
    }
    if filter.not_seller {
        sql.sql(" AND s.support_contact_id <> s.seller_id");
    }
    if let Some(text) = &filter.customer {
        sql.sql(match conn {
            DbConn::Sqlite(_) => " AND instr(c.search, ",
            DbConn::Postgres(_) => " AND strpos(c.search, ",
        })
        .text(fold_case(text))
        .sql(") > 0");
    }
    match &filter.id_prefix {
        Some(id) if id.len() == 36 => {
            sql.sql(" AND s.id = ").text(id.as_str());
        }
        Some(prefix) => {
            // Hex digits and dashes only (the caller checks), so nothing in it is a wildcard.
            sql.sql(" AND s.id LIKE ").text(format!("{prefix}%"));
            // SQLite compares text bytewise: the prefix's range of the primary key holds every
            // id that starts with it ('~' sorts after hex digits and dashes).
            if matches!(conn, DbConn::Sqlite(_)) {
                sql.sql(" AND s.id >= ")
                    .text(prefix.as_str())
                    .sql(" AND s.id < ")
                    .text(format!("{prefix}~"));
            }
        }
        None => {}
    }
    sql
}

/// The sort expressions of a column, most significant first (`s.updated_at` is bound as a
/// timestamp, the others as text).
fn order_columns(column: SortColumn) -> &'static [&'static str] {
    match column {
        SortColumn::Customer => &["r.company_name", "r.customer_id", "p.name", "s.id"],
        SortColumn::Product => &["p.name", "r.company_name", "r.customer_id", "s.id"],
        SortColumn::Contact => &[
            "COALESCE(sc.name, '')",
            "r.company_name",
            "r.customer_id",
            "s.id",
        ],
        SortColumn::Status => &["s.status", "r.company_name", "r.customer_id", "s.id"],
        SortColumn::Updated => &["s.updated_at", "s.id"],
    }
}

/// `AND (columns) op (values of key)`: a row-value comparison.
fn keyset(sql: &mut Sql, column: SortColumn, op: &'static str, key: &ListKey) {
    let columns = order_columns(column);
    sql.sql(" AND (");
    for (n, c) in columns.iter().enumerate() {
        if n > 0 {
            sql.sql(", ");
        }
        sql.sql(c);
    }
    sql.sql(") ").sql(op).sql(" (");
    let values: &[&str] = match column {
        SortColumn::Customer => &["company", "customer", "product", "id"],
        SortColumn::Product => &["product", "company", "customer", "id"],
        SortColumn::Contact => &["contact", "company", "customer", "id"],
        SortColumn::Status => &["status", "company", "customer", "id"],
        SortColumn::Updated => &["updated", "id"],
    };
    for (n, v) in values.iter().enumerate() {
        if n > 0 {
            sql.sql(", ");
        }
        match *v {
            "company" => sql.text(key.company_name.as_str()),
            "customer" => sql.text(key.customer_id.as_str()),
            "product" => sql.text(key.product_name.as_str()),
            "contact" => sql.text(key.contact_name.as_str()),
            "status" => sql.text(key.status.as_str()),
            "updated" => sql.time(key.updated_at),
            _ => sql.text(key.id.as_str()),
        };
    }
    sql.sql(")");
    // The customer order's leading pair bounds the walk of the relationships' index too.
    if column == SortColumn::Customer {
        let pair = match op {
            ">" => " AND (r.company_name, r.customer_id) >= (",
            _ => " AND (r.company_name, r.customer_id) <= (",
        };
        sql.sql(pair)
            .text(key.company_name.as_str())
            .sql(", ")
            .text(key.customer_id.as_str())
            .sql(")");
    }
}

/// ` ORDER BY …` of a column read ascending or descending.
fn order_by(sql: &mut Sql, column: SortColumn, descending: bool) {
    sql.sql(" ORDER BY ");
    for (n, c) in order_columns(column).iter().enumerate() {
        if n > 0 {
            sql.sql(", ");
        }
        sql.sql(c).sql(if descending { " DESC" } else { " ASC" });
    }
}

/// What one range query reads.
#[derive(Debug, Clone, Copy)]
pub struct Range<'a> {
    /// The sort column.
    pub column: SortColumn,
    /// The list's order is descending.
    pub descending: bool,
    /// Which way this query reads it.
    pub reading: Reading,
    /// Strictly beyond this row (in the reading direction); from the start when `None`.
    pub after: Option<&'a ListKey>,
}

/// The statement of [`list_range`].
pub fn range_query(
    conn: &DbConn,
    partner: &PartnerId,
    filter: &ListFilter,
    range: Range<'_>,
    limit: i64,
) -> Sql {
    let descending = range.descending != (range.reading == Reading::Backward);
    let mut sql = Sql::new(COLUMNS);
    sql.sql(from(conn, filter))
        .append(visible_where(conn, partner, filter));
    if let Some(after) = range.after {
        keyset(
            &mut sql,
            range.column,
            if descending { "<" } else { ">" },
            after,
        );
    }
    order_by(&mut sql, range.column, descending);
    sql.sql(" LIMIT ").int(limit);
    sql
}

/// Up to `limit` rows of `partner`'s list under `filter`, in the range's reading direction
/// (nearest first).
pub fn list_range(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ListFilter,
    range: Range<'_>,
    limit: i64,
) -> QueryResult<Vec<ListRow>> {
    range_query(conn, partner, filter, range, limit).load(conn)
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The statement of [`count`].
pub fn count_query(conn: &DbConn, partner: &PartnerId, filter: &ListFilter, cap: i64) -> Sql {
    let mut sql = Sql::new("SELECT count(*) AS n FROM (SELECT 1 AS one");
    sql.sql(from(conn, filter))
        .append(visible_where(conn, partner, filter))
        .sql(" LIMIT ")
        .int(cap)
        .sql(") AS counted");
    sql
}

/// How many rows of `partner`'s list match `filter`, counting no further than `cap`.
pub fn count(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ListFilter,
    cap: i64,
) -> QueryResult<i64> {
    let counted: Vec<Counted> = count_query(conn, partner, filter, cap).load(conn)?;
    Ok(counted.first().map_or(0, |c| c.n))
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: SubscriptionId,
}

/// The ids of up to `limit` rows of `partner`'s list under `filter`, in the customer order.
pub fn matching_ids(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ListFilter,
    limit: i64,
) -> QueryResult<Vec<SubscriptionId>> {
    let mut sql = Sql::new("SELECT s.id AS id");
    sql.sql(from(conn, filter))
        .append(visible_where(conn, partner, filter));
    order_by(&mut sql, SortColumn::Customer, false);
    sql.sql(" LIMIT ").int(limit);
    let rows: Vec<IdRow> = sql.load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Every product, by name (products are few: the product filter offers them all).
pub fn all_products(conn: &mut DbConn) -> QueryResult<Vec<Product>> {
    products::table
        .select(Product::as_select())
        .order((products::name.asc(), products::id.asc()))
        .load(conn)
}

/// The query plans of the list's key queries, for the test that keeps them on their indexes:
/// (what the query is, its plan). On PostgreSQL sequential scans and whole sorts are turned off for
/// the session first, so that a small test database, where sorting everything costs nothing, is
/// planned as a large one would be.
pub fn list_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    key: &ListKey,
) -> QueryResult<Vec<(&'static str, String)>> {
    crate::db::plan::planned_as_large(conn, &["enable_seqscan", "enable_sort"], |conn| {
        let all = ListFilter::default();
        let first = Range {
            column: SortColumn::Customer,
            descending: false,
            reading: Reading::Forward,
            after: None,
        };
        let deep = Range {
            after: Some(key),
            ..first
        };
        let back = Range {
            reading: Reading::Backward,
            ..deep
        };
        let mut plans = Vec::new();
        for (name, range) in [
            ("first page", first),
            ("page after a cursor", deep),
            ("page before a cursor", back),
        ] {
            let query = range_query(conn, partner, &all, range, 26);
            plans.push((name, crate::db::plan::plan_of(conn, query)?));
        }
        let query = count_query(conn, partner, &all, 1001);
        plans.push(("bounded count", crate::db::plan::plan_of(conn, query)?));
        let by_id = ListFilter {
            id_prefix: Some(key.id.as_str().to_owned()),
            ..ListFilter::default()
        };
        let query = range_query(conn, partner, &by_id, first, 26);
        plans.push(("subscription id", crate::db::plan::plan_of(conn, query)?));
        Ok(plans)
    })
}
