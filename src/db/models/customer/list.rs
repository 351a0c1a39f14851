//! The customer list, by index: keyset ranges of a partner's ordered relationships.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::ids::{CustomerId, PartnerId};
use crate::db::models::relationship::RelationshipState;
use crate::db::schema::{customer_relationships, customers, partner_customer_counts};
use crate::db::sql::{Condition, Sql};
use crate::db::{DbConn, MultiBackend};

use super::Customer;
use super::search::search_holds;

/// A position in the customer list: company name, then id (ties on the name never skip nor
/// repeat a row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// The customer's company name.
    pub company_name: String,
    /// The customer's internal id.
    pub customer_id: CustomerId,
}

/// Which way a page runs through the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Company name A to Z.
    Forward,
    /// Z to A (the rows of a "previous" page, nearest first).
    Backward,
}

impl Direction {
    /// The other way.
    pub fn reverse(self) -> Self {
        match self {
            Self::Forward => Self::Backward,
            Self::Backward => Self::Forward,
        }
    }
}

/// Whose customers: those of `walk`, read in order from its relationships' index, and when
/// `probe` is set only those that `probe` also has an active relationship with (looked up by the
/// unique (customer, partner) index). Walk the partner with fewer active customers.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The partner whose ordered index is read.
    pub walk: &'a PartnerId,
    /// The other partner, checked for each row.
    pub probe: Option<&'a PartnerId>,
}

/// Which of the scope's customers.
#[derive(Debug, Clone, Copy)]
pub enum Matching<'a> {
    /// All of them.
    All,
    /// Those among these candidates (from [`search_candidates`]; at most [`CANDIDATE_LIMIT`]).
    Among(&'a [CustomerId]),
    /// Those whose search text contains this text (case-folded here), looked through in list
    /// order: bound the walk with a [`Range`] (see [`window_end`]).
    Scan(&'a str),
}

/// The part of the list a query reads: in `direction`, strictly beyond `after` (from the start
/// when `None`), and not beyond `through` (inclusive; to the end when `None`).
#[derive(Debug, Clone, Copy)]
pub struct Range<'a> {
    /// Which way.
    pub direction: Direction,
    /// Exclusive start.
    pub after: Option<&'a SortKey>,
    /// Inclusive end.
    pub through: Option<&'a SortKey>,
}

/// A partner's number of customers with an active relationship (a counter, not a count).
pub fn active_customer_count(conn: &mut DbConn, partner: &PartnerId) -> QueryResult<i64> {
    Ok(partner_customer_counts::table
        .find(partner.as_str())
        .select(partner_customer_counts::active_customers)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

/// `(columns) op (name, id)`: a row-value comparison, which both backends answer as a range of
/// the ordered index (an `OR` of the two columns would not bound the index scan).
pub(super) fn key_compared<QS>(
    columns: &'static str,
    op: &'static str,
    key: &SortKey,
) -> Condition<QS> {
    let mut sql = Sql::default();
    sql.sql("(")
        .sql(columns)
        .sql(") ")
        .sql(op)
        .sql(" (")
        .text(key.company_name.as_str())
        .sql(", ")
        .text(key.customer_id.as_str())
        .sql(")");
    Box::new(sql.condition())
}

/// `EXISTS` an active relationship of `partner` with the customer in `customer_column`, by the
/// unique (customer, partner) index. `'active'` is [`RelationshipState::Active`]'s stored text,
/// written into the statement's fixed text like the column names around it.
pub(super) fn has_active_relationship<QS>(
    customer_column: &'static str,
    partner: &PartnerId,
) -> Condition<QS> {
    let mut sql = Sql::new("EXISTS (SELECT 1 FROM customer_relationships p WHERE p.customer_id = ");
    sql.sql(customer_column)
        .sql(" AND p.partner_id = ")
        .text(partner.as_str())
        .sql(" AND p.state = 'active')");
    Box::new(sql.condition())
}

pub(super) type WalkQuery = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Select<
        diesel::dsl::InnerJoin<customer_relationships::table, customers::table>,
        diesel::dsl::AsSelect<Customer, MultiBackend>,
    >,
    MultiBackend,
>;

pub(super) type AmongQuery = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Select<customers::table, diesel::dsl::AsSelect<Customer, MultiBackend>>,
    MultiBackend,
>;

pub(super) const WALK_KEY: &str =
    "customer_relationships.company_name, customer_relationships.customer_id";
pub(super) const AMONG_KEY: &str = "customers.company_name, customers.id";

/// Beyond `after` and up to `through`, in the range's direction.
pub(super) fn range_ops(direction: Direction) -> (&'static str, &'static str) {
    match direction {
        Direction::Forward => (">", "<="),
        Direction::Backward => ("<", ">="),
    }
}

/// Which backend a query is written for, where the SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub(super) fn of(conn: &DbConn) -> Self {
        match conn {
            DbConn::Sqlite(_) => Self::Sqlite,
            DbConn::Postgres(_) => Self::Postgres,
        }
    }
}

/// The walk of `scope.walk`'s ordered index: the partner's active relationships in (company name,
/// customer) order, joined to their customers.
pub(super) fn walk_query(
    dialect: Dialect,
    scope: Scope<'_>,
    search: Option<&str>,
    range: Range<'_>,
) -> WalkQuery {
    let mut query = customer_relationships::table
        .inner_join(customers::table)
        .select(Customer::as_select())
        .into_boxed()
        .filter(customer_relationships::partner_id.eq(scope.walk.as_str().to_owned()))
        .filter(customer_relationships::state.eq(RelationshipState::Active));
    let (beyond, up_to) = range_ops(range.direction);
    if let Some(after) = range.after {
        query = query.filter(key_compared(WALK_KEY, beyond, after));
    }
    if let Some(through) = range.through {
        query = query.filter(key_compared(WALK_KEY, up_to, through));
    }
    if let Some(other) = scope.probe {
        query = query.filter(has_active_relationship(
            "customer_relationships.customer_id",
            other,
        ));
    }
    if let Some(needle) = search {
        query = query.filter(search_holds(dialect, needle));
    }
    match range.direction {
        Direction::Forward => query.order((
            customer_relationships::company_name.asc(),
            customer_relationships::customer_id.asc(),
        )),
        Direction::Backward => query.order((
            customer_relationships::company_name.desc(),
            customer_relationships::customer_id.desc(),
        )),
    }
}

/// [`walk_query`] without the customers: their ids only, in no order (for counting).
pub(super) fn relationships_walk(
    scope: Scope<'_>,
    range: Range<'_>,
) -> customer_relationships::BoxedQuery<'static, MultiBackend, Text> {
    let mut query = customer_relationships::table
        .select(customer_relationships::customer_id)
        .into_boxed()
        .filter(customer_relationships::partner_id.eq(scope.walk.as_str().to_owned()))
        .filter(customer_relationships::state.eq(RelationshipState::Active));
    let (beyond, up_to) = range_ops(range.direction);
    if let Some(after) = range.after {
        query = query.filter(key_compared(WALK_KEY, beyond, after));
    }
    if let Some(through) = range.through {
        query = query.filter(key_compared(WALK_KEY, up_to, through));
    }
    if let Some(other) = scope.probe {
        query = query.filter(has_active_relationship(
            "customer_relationships.customer_id",
            other,
        ));
    }
    query
}

/// The candidates of a search that the scope sees, in list order: at most [`CANDIDATE_LIMIT`]
/// rows by primary key, each checked by the unique (customer, partner) index, then sorted.
pub(super) fn among_query(scope: Scope<'_>, ids: &[CustomerId], range: Range<'_>) -> AmongQuery {
    let ids: Vec<String> = ids.iter().map(|id| id.as_str().to_owned()).collect();
    let mut query = customers::table
        .select(Customer::as_select())
        .into_boxed()
        .filter(customers::id.eq_any(ids))
        .filter(has_active_relationship("customers.id", scope.walk));
    if let Some(other) = scope.probe {
        query = query.filter(has_active_relationship("customers.id", other));
    }
    let (beyond, up_to) = range_ops(range.direction);
    if let Some(after) = range.after {
        query = query.filter(key_compared(AMONG_KEY, beyond, after));
    }
    if let Some(through) = range.through {
        query = query.filter(key_compared(AMONG_KEY, up_to, through));
    }
    match range.direction {
        Direction::Forward => query.order((customers::company_name.asc(), customers::id.asc())),
        Direction::Backward => query.order((customers::company_name.desc(), customers::id.desc())),
    }
}

/// Up to `limit` customers of the scope that match, in the range's direction (nearest first).
pub fn list_range(
    conn: &mut DbConn,
    scope: Scope<'_>,
    matching: Matching<'_>,
    range: Range<'_>,
    limit: i64,
) -> QueryResult<Vec<Customer>> {
    match matching {
        Matching::All => walk_query(Dialect::of(conn), scope, None, range)
            .limit(limit)
            .load(conn),
        Matching::Scan(needle) => walk_query(Dialect::of(conn), scope, Some(needle), range)
            .limit(limit)
            .load(conn),
        Matching::Among([]) => Ok(Vec::new()),
        Matching::Among(ids) => among_query(scope, ids, range).limit(limit).load(conn),
    }
}

/// How many customers of the scope match in the range, counting no further than `cap`.
pub fn count_range(
    conn: &mut DbConn,
    scope: Scope<'_>,
    matching: Matching<'_>,
    range: Range<'_>,
    cap: i64,
) -> QueryResult<i64> {
    let ids: Vec<CustomerId> = match matching {
        // The relationships alone: the customers' rows are not needed to count them.
        Matching::All => relationships_walk(scope, range).limit(cap).load(conn)?,
        Matching::Scan(needle) => walk_query(Dialect::of(conn), scope, Some(needle), range)
            .select(customers::id)
            .limit(cap)
            .load(conn)?,
        Matching::Among([]) => Vec::new(),
        Matching::Among(ids) => among_query(scope, ids, range)
            .select(customers::id)
            .limit(cap)
            .load(conn)?,
    };
    Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
}

/// The end of a window of `size` rows of `partner`'s ordered list, in `direction` beyond `after`:
/// the key of its last row and whether rows follow it; `None` when fewer than `size` rows remain
/// (the window reaches the end of the list). Reads at most `size + 1` index entries.
pub fn window_end(
    conn: &mut DbConn,
    partner: &PartnerId,
    direction: Direction,
    after: Option<&SortKey>,
    size: i64,
) -> QueryResult<Option<(SortKey, bool)>> {
    let keys: Vec<(String, CustomerId)> =
        window_query(partner, direction, after, size).load(conn)?;
    let more = keys.len() > 1;
    Ok(keys.into_iter().next().map(|(company_name, customer_id)| {
        (
            SortKey {
                company_name,
                customer_id,
            },
            more,
        )
    }))
}

pub(super) fn window_query(
    partner: &PartnerId,
    direction: Direction,
    after: Option<&SortKey>,
    size: i64,
) -> customer_relationships::BoxedQuery<'static, MultiBackend, (Text, Text)> {
    let mut query = customer_relationships::table
        .select((
            customer_relationships::company_name,
            customer_relationships::customer_id,
        ))
        .into_boxed()
        .filter(customer_relationships::partner_id.eq(partner.as_str().to_owned()))
        .filter(customer_relationships::state.eq(RelationshipState::Active));
    let (beyond, _) = range_ops(direction);
    if let Some(after) = after {
        query = query.filter(key_compared(WALK_KEY, beyond, after));
    }
    let query = match direction {
        Direction::Forward => query.order((
            customer_relationships::company_name.asc(),
            customer_relationships::customer_id.asc(),
        )),
        Direction::Backward => query.order((
            customer_relationships::company_name.desc(),
            customer_relationships::customer_id.desc(),
        )),
    };
    query.offset(size.max(1) - 1).limit(2)
}
