//! The audit log: one row per state change, written in the change's own transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, CustomerId, PartnerId, SubscriptionId, TenantId, UserId};
use crate::db::schema::{audit_events, customers};
use crate::db::sql::Sql;

/// Operation names stored in `audit_events.operation`, with what `old_value` and `new_value` hold.
pub mod operation {
    /// A partner assigned a subscription's designated support contact. Old, new: partner ids.
    pub const SUPPORT_CONTACT_ASSIGNED: &str = "support_contact.assigned";
    /// Rule 3: a contact that stopped being eligible was reverted to the seller. Old, new: partner
    /// ids. Subject: the seller.
    pub const SUPPORT_CONTACT_REVERTED: &str = "support_contact.reverted";
    /// A partner created a relationship invitation. New: `delegated_admin` or `reseller`.
    pub const INVITATION_CREATED: &str = "invitation.created";
    /// A partner revoked a pending invitation. Old: `pending`, new: `revoked`.
    pub const INVITATION_REVOKED: &str = "invitation.revoked";
    /// A customer accepted an invitation: the relationship is active. Subject: the partner. Old: the
    /// relationship before (`none`, `removed`, `active`), new: `active` or `active+delegated_admin`.
    pub const RELATIONSHIP_ACCEPTED: &str = "relationship.accepted";
    /// A customer removed a partner's delegated admin privileges. Subject: the partner. Old: `granted`,
    /// new: `removed`.
    pub const DELEGATED_ADMIN_REMOVED: &str = "relationship.delegated_admin_removed";
    /// A relationship was removed (by the partner, or by its provider). Subject: the partner whose
    /// relationship ended. Old: `active`, new: `removed`.
    pub const RELATIONSHIP_REMOVED: &str = "relationship.removed";
    /// A provider ended a partnership with a reseller. Subject: the reseller. Old: `active`, new:
    /// `removed`.
    pub const PARTNERSHIP_REMOVED: &str = "partnership.removed";
    /// A user was created (command line). New: `email (role)`.
    pub const USER_CREATED: &str = "user.created";
}

/// An audit event as stored.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub occurred_at: NaiveDateTime,
    pub actor_user_id: Option<UserId>,
    pub actor_partner_id: Option<PartnerId>,
    pub actor_customer_id: Option<CustomerId>,
    /// The partner the event concerns besides the actor; it sees the event in its activity log.
    pub subject_partner_id: Option<PartnerId>,
    pub customer_id: Option<CustomerId>,
    pub subscription_id: Option<SubscriptionId>,
    pub operation: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// An audit event to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
pub struct NewAuditEvent<'a> {
    pub id: &'a str,
    pub occurred_at: NaiveDateTime,
    pub actor_user_id: Option<&'a str>,
    pub actor_partner_id: Option<&'a str>,
    pub actor_customer_id: Option<&'a str>,
    pub subject_partner_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub subscription_id: Option<&'a str>,
    pub operation: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
}

/// Inserts an audit event.
pub fn insert(conn: &mut DbConn, row: &NewAuditEvent<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts audit events in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewAuditEvent<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(11)) {
        inserted += crate::db::insert_rows!(conn, audit_events::table, chunk)?;
    }
    Ok(inserted)
}

/// The newest event of an operation on a subscription.
pub fn latest_for_subscription(
    conn: &mut DbConn,
    subscription: &SubscriptionId,
    operation: &str,
) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .filter(audit_events::subscription_id.eq(subscription.as_str()))
        .filter(audit_events::operation.eq(operation))
        .order((audit_events::occurred_at.desc(), audit_events::id.desc()))
        .select(AuditEvent::as_select())
        .first(conn)
        .optional()
}

/// One event on a subscription.
pub fn find_for_subscription(
    conn: &mut DbConn,
    id: &AuditEventId,
    subscription: &SubscriptionId,
) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .filter(audit_events::id.eq(id.as_str()))
        .filter(audit_events::subscription_id.eq(subscription.as_str()))
        .select(AuditEvent::as_select())
        .first(conn)
        .optional()
}

// ---------------------------------------------------------------------------------------------
// The activity log: a partner organization's own events, read back with the names they refer to.
//
// A partner sees the events it acted in OR that concern it. No single index serves that OR in
// the log's order (occurred_at DESC, id DESC), so each query reads up to two ranges of ordered
// indexes, one per partner column (the second leaves out the events the first already has), and
// merges them, stopping after one page: a page costs the same deep in a log of a million events
// as on the first page of a small one. A customer's own events are few: with the customer filter
// the log reads that customer's range of its index and keeps the partner's events.

/// What the activity log is narrowed to. Every query below is also scoped to one partner
/// organization: the events it acted in or that concern it.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Events at or after this instant.
    pub since: Option<NaiveDateTime>,
    /// Events strictly before this instant (the day after the last day asked for).
    pub before: Option<NaiveDateTime>,
    /// Events about this customer (found by the caller from what the reader typed).
    pub customer: Option<CustomerId>,
    /// Events of this operation.
    pub operation: Option<String>,
}

/// A position in the log: an event's (occurred_at, id). Pages continue strictly after or before
/// it in the log's order, so events of the same instant are neither skipped nor repeated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityCursor {
    /// The event's time.
    pub occurred_at: NaiveDateTime,
    /// The event's id (the tie-break between events of the same instant).
    pub id: AuditEventId,
}

impl ActivityCursor {
    /// The position of an event.
    pub fn of(event: &AuditEvent) -> Self {
        Self {
            occurred_at: event.occurred_at,
            id: event.id.clone(),
        }
    }
}

/// Which way from a cursor the log is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    /// The events after the cursor in the log's order: older ones.
    Older,
    /// The events before it: newer ones.
    Newer,
}

/// Where a page of the log starts.
#[derive(Debug, Clone, Copy)]
pub enum PageStart<'a> {
    /// At the newest event.
    Newest,
    /// Next to a cursor (which is not included), reading one way.
    From(&'a ActivityCursor, Toward),
}

/// The columns of `audit_events`, in [`AuditEvent`]'s order.
const EVENT_COLUMNS: &str = "id, occurred_at, actor_user_id, actor_partner_id, actor_customer_id, \
                             subject_partner_id, customer_id, subscription_id, operation, \
                             old_value, new_value";

/// Which range of which index one branch of a log query reads.
#[derive(Debug, Clone, Copy)]
enum Branch<'a> {
    /// The events the partner acted in.
    Acted,
    /// The events that concern the partner and that it did not act in.
    Concerned,
    /// The events about one customer that the partner acted in or that concern it.
    Customer(&'a CustomerId),
}

/// The branches of the log of a partner under `filter`.
fn branches(filter: &ActivityFilter) -> Vec<Branch<'_>> {
    match &filter.customer {
        Some(customer) => vec![Branch::Customer(customer)],
        None => vec![Branch::Acted, Branch::Concerned],
    }
}

/// ` FROM audit_events` for one branch. SQLite is told the index (`INDEXED BY`): with no
/// statistics it cannot tell a partner's index from the same partner's index by operation, and
/// would read all of a partner's events in a date range to find a rare operation. Should the
/// index go, the query fails rather than quietly read the whole log. PostgreSQL's statistics
/// choose well.
fn branch_from(pg: bool, filter: &ActivityFilter, branch: Branch<'_>) -> &'static str {
    if pg {
        return " FROM audit_events";
    }
    match (branch, filter.operation.is_some()) {
        (Branch::Acted, false) => " FROM audit_events INDEXED BY audit_events_actor_partner_idx",
        (Branch::Acted, true) => {
            " FROM audit_events INDEXED BY audit_events_actor_partner_operation_idx"
        }
        (Branch::Concerned, false) => {
            " FROM audit_events INDEXED BY audit_events_subject_partner_idx"
        }
        (Branch::Concerned, true) => {
            " FROM audit_events INDEXED BY audit_events_subject_partner_operation_idx"
        }
        (Branch::Customer(_), _) => " FROM audit_events INDEXED BY audit_events_customer_idx",
    }
}

/// `WHERE …` of one branch: the partner's events of this branch that match `filter`, on the side
/// of `start` it reads.
fn branch_where(
    partner: &str,
    filter: &ActivityFilter,
    branch: Branch<'_>,
    start: PageStart<'_>,
) -> Sql {
    let mut sql = Sql::default();
    match branch {
        Branch::Acted => {
            sql.sql(" WHERE actor_partner_id = ").text(partner);
        }
        Branch::Concerned => {
            sql.sql(" WHERE subject_partner_id = ")
                .text(partner)
                .sql(" AND (actor_partner_id IS NULL OR actor_partner_id <> ")
                .text(partner)
                .sql(")");
        }
        Branch::Customer(customer) => {
            sql.sql(" WHERE customer_id = ")
                .text(customer.as_str())
                .sql(" AND (actor_partner_id = ")
                .text(partner)
                .sql(" OR subject_partner_id = ")
                .text(partner)
                .sql(")");
        }
    }
    if let Some(op) = &filter.operation {
        sql.sql(" AND operation = ").text(op);
    }
    // Of a date bound and the cursor on the same side, only the tighter is written (it implies
    // the other): SQLite plans a range with both ends on one side of it badly.
    let (mut since, mut before) = (filter.since, filter.before);
    let mut keyset = None;
    if let PageStart::From(cursor, toward) = start {
        match toward {
            Toward::Older if before.is_none_or(|b| b > cursor.occurred_at) => {
                before = None;
                keyset = Some((" AND (occurred_at, id) < (", cursor));
            }
            Toward::Newer if since.is_none_or(|s| s <= cursor.occurred_at) => {
                since = None;
                keyset = Some((" AND (occurred_at, id) > (", cursor));
            }
            Toward::Older | Toward::Newer => {}
        }
    }
    if let Some(since) = since {
        sql.sql(" AND occurred_at >= ").time(since);
    }
    if let Some(before) = before {
        sql.sql(" AND occurred_at < ").time(before);
    }
    if let Some((compare, cursor)) = keyset {
        sql.sql(compare)
            .time(cursor.occurred_at)
            .sql(", ")
            .text(cursor.id.as_str())
            .sql(")");
    }
    sql
}

/// ` ORDER BY …` reading from `start` (newest first, or oldest first towards newer events).
fn order_from(start: PageStart<'_>) -> &'static str {
    match start {
        PageStart::From(_, Toward::Newer) => " ORDER BY occurred_at ASC, id ASC",
        _ => " ORDER BY occurred_at DESC, id DESC",
    }
}

/// Up to `limit` events of the partner's log under `filter`, from `start`, in reading order.
///
/// SQLite merges the ordered branches of a `UNION ALL` under one `ORDER BY … LIMIT` itself, and
/// stops reading each index once the page is full. PostgreSQL does not (it sorts the union of both
/// whole ranges), but it merges branches that are each ordered and limited (a Merge Append of two
/// limited index scans); SQLite would sort those again.
fn page_query(
    pg: bool,
    partner: &str,
    filter: &ActivityFilter,
    start: PageStart<'_>,
    limit: i64,
) -> Sql {
    let order = order_from(start);
    let mut sql = Sql::default();
    let branches = branches(filter);
    let several = branches.len() > 1;
    for (n, branch) in branches.into_iter().enumerate() {
        if n > 0 {
            sql.sql(" UNION ALL ");
        }
        if pg && several {
            sql.sql("SELECT * FROM (");
        }
        sql.sql("SELECT ")
            .sql(EVENT_COLUMNS)
            .sql(branch_from(pg, filter, branch))
            .append(branch_where(partner, filter, branch, start));
        if pg && several {
            sql.sql(order).sql(" LIMIT ").int(limit).sql(match n {
                0 => ") AS first_branch",
                _ => ") AS second_branch",
            });
        }
    }
    sql.sql(order).sql(" LIMIT ").int(limit);
    sql
}

/// `(SELECT count(*) …)`: how many events of the partner's log under `filter` there are on the
/// side of `start`, counting at most `cap` in each branch (the branches do not overlap).
fn count_expression(
    pg: bool,
    partner: &str,
    filter: &ActivityFilter,
    start: PageStart<'_>,
    cap: i64,
) -> Sql {
    let mut sql = Sql::default();
    sql.sql("(");
    for (n, branch) in branches(filter).into_iter().enumerate() {
        if n > 0 {
            sql.sql(" + ");
        }
        sql.sql("(SELECT count(*) FROM (SELECT 1 AS one")
            .sql(branch_from(pg, filter, branch))
            .append(branch_where(partner, filter, branch, start))
            .sql(" LIMIT ")
            .int(cap)
            .sql(") AS counted)");
    }
    sql.sql(")");
    sql
}

/// The bounded counts of [`count_visible_to_partner`] in one statement. Past more than `bound`
/// newer events the total is more than `bound` too: it is counted only when the newer ones are
/// not (`CASE` evaluates its subquery only then), so a page deep in the log reads one bound's
/// worth of index entries per branch, not two.
fn count_query(
    pg: bool,
    partner: &str,
    filter: &ActivityFilter,
    bound: i64,
    newer_than: Option<&ActivityCursor>,
) -> Sql {
    let cap = bound.saturating_add(1);
    let total = count_expression(pg, partner, filter, PageStart::Newest, cap);
    let mut sql = Sql::default();
    match newer_than {
        None => {
            sql.sql("SELECT ")
                .append(total)
                .sql(" AS total, CAST(0 AS BIGINT) AS newer");
        }
        Some(cursor) => {
            sql.sql("WITH counted AS MATERIALIZED (SELECT ")
                .append(count_expression(
                    pg,
                    partner,
                    filter,
                    PageStart::From(cursor, Toward::Newer),
                    cap,
                ))
                .sql(" AS newer) SELECT CASE WHEN counted.newer > ")
                .int(bound)
                .sql(" THEN ")
                .int(cap)
                .sql(" ELSE ")
                .append(total)
                .sql(" END AS total, counted.newer AS newer FROM counted");
        }
    }
    sql
}

#[derive(QueryableByName)]
struct CountsRow {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    newer: i64,
}

/// How many events match, each counted exactly up to a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundedCounts {
    /// The events of the log that match: `bound + 1` stands for "more than `bound`".
    pub total: i64,
    /// Those newer than the cursor asked about (0 without one): `bound + 1` likewise.
    pub newer: i64,
}

/// How many events `partner` sees that match `filter`, and how many of them are newer than
/// `newer_than`, each exactly up to `bound` and else `bound + 1` ("more than"): no view of a large
/// log reads more than `bound + 1` index entries per branch to count it.
pub fn count_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ActivityFilter,
    bound: i64,
    newer_than: Option<&ActivityCursor>,
) -> QueryResult<BoundedCounts> {
    let pg = matches!(conn, DbConn::Postgres(_));
    let row: CountsRow =
        count_query(pg, partner.as_str(), filter, bound, newer_than).get_result(conn)?;
    let cap = bound.saturating_add(1);
    Ok(BoundedCounts {
        total: row.total.min(cap),
        newer: row.newer.min(cap),
    })
}

/// Up to `limit` of the events `partner` sees that match `filter`, from `start`, newest first
/// (a page towards newer events is the `limit` events closest to its cursor). Reads only the
/// index entries of the page (keyset pagination): unlike an offset it costs the same far down
/// the log as at its top, and neither skips nor repeats events when new ones arrive meanwhile.
pub fn page_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ActivityFilter,
    start: PageStart<'_>,
    limit: i64,
) -> QueryResult<Vec<AuditEvent>> {
    let pg = matches!(conn, DbConn::Postgres(_));
    let mut events: Vec<AuditEvent> =
        page_query(pg, partner.as_str(), filter, start, limit).load(conn)?;
    if let PageStart::From(_, Toward::Newer) = start {
        events.reverse();
    }
    Ok(events)
}

/// Up to `limit` events `partner` sees that match `filter`, newest first, starting after `after`
/// (the CSV export's chunks).
pub fn chunk_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ActivityFilter,
    after: Option<&ActivityCursor>,
    limit: i64,
) -> QueryResult<Vec<AuditEvent>> {
    let start = after.map_or(PageStart::Newest, |c| PageStart::From(c, Toward::Older));
    page_visible_to_partner(conn, partner, filter, start, limit)
}

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

fn customer_in_log_query(pg: bool, partner: &str, tenant: &str) -> Sql {
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

fn customers_named_query(pg: bool, partner: &str, prefix: &str, limit: i64) -> Sql {
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

/// The activity log's key queries, built by the same code as the log, for `partner` (a page
/// after and before `cursor`, `customer`'s events, the counts, the customer lookups), with their
/// plans: (what the query is, its plan). On PostgreSQL sequential and bitmap scans and sorts are
/// turned off for the session first, so that a small test database, where reading a whole range
/// and sorting it costs nothing, is planned as a large one would be: a plan that still scans or
/// sorts has no index that gives the log's order.
pub fn activity_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    cursor: &ActivityCursor,
    customer: &CustomerId,
    page_size: i64,
    chunk_size: i64,
    count_bound: i64,
) -> QueryResult<Vec<(&'static str, String)>> {
    crate::db::plan::planned_as_large(
        conn,
        &["enable_seqscan", "enable_bitmapscan", "enable_sort"],
        |conn| {
            key_query_plans(
                conn,
                partner,
                cursor,
                customer,
                page_size,
                chunk_size,
                count_bound,
            )
        },
    )
}

fn key_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    cursor: &ActivityCursor,
    customer: &CustomerId,
    page_size: i64,
    chunk_size: i64,
    count_bound: i64,
) -> QueryResult<Vec<(&'static str, String)>> {
    let pg = matches!(conn, DbConn::Postgres(_));
    let p = partner.as_str();
    let all = ActivityFilter::default();
    let day = cursor.occurred_at.date();
    let dates = ActivityFilter {
        since: day.pred_opt().map(|d| d.and_time(chrono::NaiveTime::MIN)),
        before: day.succ_opt().map(|d| d.and_time(chrono::NaiveTime::MIN)),
        ..ActivityFilter::default()
    };
    let operation = ActivityFilter {
        operation: Some(operation::SUPPORT_CONTACT_ASSIGNED.to_owned()),
        ..ActivityFilter::default()
    };
    let operation_and_dates = ActivityFilter {
        operation: operation.operation.clone(),
        ..dates.clone()
    };
    let of_customer = ActivityFilter {
        customer: Some(customer.clone()),
        ..ActivityFilter::default()
    };
    let older = PageStart::From(cursor, Toward::Older);
    let newer = PageStart::From(cursor, Toward::Newer);
    let page = page_size + 1;
    let queries: Vec<(&'static str, Sql)> = vec![
        (
            "first page",
            page_query(pg, p, &all, PageStart::Newest, page),
        ),
        ("older page", page_query(pg, p, &all, older, page)),
        ("newer page", page_query(pg, p, &all, newer, page)),
        ("dates, older page", page_query(pg, p, &dates, older, page)),
        (
            "operation, first page",
            page_query(pg, p, &operation, PageStart::Newest, page),
        ),
        (
            "operation, newer page",
            page_query(pg, p, &operation, newer, page),
        ),
        (
            "operation and dates, older page",
            page_query(pg, p, &operation_and_dates, older, page),
        ),
        (
            "customer, older page",
            page_query(pg, p, &of_customer, older, page),
        ),
        ("CSV chunk", page_query(pg, p, &all, older, chunk_size)),
        ("count", count_query(pg, p, &all, count_bound, None)),
        (
            "count and position",
            count_query(pg, p, &all, count_bound, Some(cursor)),
        ),
        (
            "count and position, operation and dates",
            count_query(pg, p, &operation_and_dates, count_bound, Some(cursor)),
        ),
        (
            "count, customer",
            count_query(pg, p, &of_customer, count_bound, Some(cursor)),
        ),
        (
            "customers by name",
            customers_named_query(pg, p, "adat", 11),
        ),
    ];
    let mut plans = Vec::with_capacity(queries.len() + 1);
    for (name, query) in queries {
        plans.push((name, crate::db::plan::plan_of(conn, query)?));
    }
    let tenant = customers::table
        .filter(customers::id.eq(customer.as_str()))
        .select(customers::tenant_id)
        .first::<TenantId>(conn)?;
    plans.push((
        "customer by tenant id",
        crate::db::plan::plan_of(conn, customer_in_log_query(pg, p, tenant.as_str()))?,
    ));
    Ok(plans)
}

/// (id, display name) of the users with these ids, in one query (for events already scoped).
pub fn user_names(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<(UserId, String)>> {
    use crate::db::schema::users;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(conn)
}

/// (subscription id, product name) of the subscriptions with these ids, in one query (for events
/// already scoped).
pub fn subscription_products(
    conn: &mut DbConn,
    ids: &[&str],
) -> QueryResult<Vec<(SubscriptionId, String)>> {
    use crate::db::schema::{products, subscriptions};
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::id.eq_any(ids))
        .select((subscriptions::id, products::name))
        .load(conn)
}
