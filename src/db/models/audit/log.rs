//! The activity log: a partner organization's own events, read back in pages and counted.
//!
//! A partner sees the events it acted in OR that concern it. No single index serves that OR in
//! the log's order (occurred_at DESC, id DESC), so each query reads up to two ranges of ordered
//! indexes, one per partner column (the second leaves out the events the first already has), and
//! merges them, stopping after one page: a page costs the same deep in a log of a million events
//! as on the first page of a small one. A customer's own events are few: with the customer filter
//! the log reads that customer's range of its index and keeps the partner's events.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, CustomerId, PartnerId, SubscriptionId, UserId};
use crate::db::sql::Sql;

use super::AuditEvent;
use super::log_narrow::{SHARED_FROM_PG, SHARED_FROM_SQLITE, narrow_branch};

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
    pub operation: Option<super::Operation>,
    /// Events one user (of the partner's organization) acted in.
    pub user: Option<UserId>,
    /// Events between the partner and this other partner (a reseller): one acted, the other is
    /// the event's subject.
    pub reseller: Option<PartnerId>,
    /// Events about this subscription.
    pub subscription: Option<SubscriptionId>,
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
pub(super) const EVENT_COLUMNS: &str = "id, occurred_at, actor_user_id, actor_partner_id, actor_customer_id, \
                             subject_partner_id, customer_id, subscription_id, operation, \
                             old_value, new_value, cause_id, batch_id";

/// The columns of a shared event, named as in [`EVENT_COLUMNS`]; the time and id from the
/// viewers' index, which gives their order.
const SHARED_EVENT_COLUMNS: &str = "v.event_id AS id, v.occurred_at AS occurred_at, \
                             e.actor_user_id, e.actor_partner_id, e.actor_customer_id, \
                             e.subject_partner_id, e.customer_id, e.subscription_id, e.operation, \
                             e.old_value, e.new_value, e.cause_id, e.batch_id";

/// Which range of which index one branch of a log query reads.
#[derive(Debug, Clone, Copy)]
pub(super) enum Branch<'a> {
    /// The events the partner acted in.
    Acted,
    /// The events that concern the partner and that it did not act in.
    Concerned,
    /// The events about one customer that the partner acted in or that concern it, or that
    /// were shared with it.
    Customer(&'a CustomerId),
    /// The events shared with the partner (`audit_event_viewers`: a revert's cause) that it
    /// neither acted in nor is the subject of.
    Shared,
    /// The events about one subscription that the partner acted in or that concern it.
    Subscription(&'a SubscriptionId),
    /// The events one user of the partner acted in.
    User(&'a UserId),
    /// The events the partner acted in whose subject is this other partner.
    ActedOn(&'a PartnerId),
    /// The events this other partner acted in whose subject is the partner.
    ActedBy(&'a PartnerId),
}

/// The branches of the log of a partner under `filter`: the narrowest filter picks the index
/// (a subscription's events, a customer's, a user's, a pair of partners'); the others are
/// conditions on the range it reads.
pub(super) fn branches(filter: &ActivityFilter) -> Vec<Branch<'_>> {
    if let Some(subscription) = &filter.subscription {
        return vec![Branch::Subscription(subscription)];
    }
    if let Some(customer) = &filter.customer {
        return vec![Branch::Customer(customer)];
    }
    if let Some(user) = &filter.user {
        return vec![Branch::User(user)];
    }
    if let Some(reseller) = &filter.reseller {
        return vec![Branch::ActedOn(reseller), Branch::ActedBy(reseller)];
    }
    vec![Branch::Acted, Branch::Concerned, Branch::Shared]
}

/// ` FROM audit_events` for one branch. SQLite is told the index (`INDEXED BY`): with no
/// statistics it cannot tell a partner's index from the same partner's index by operation, and
/// would read all of a partner's events in a date range to find a rare operation. Should the
/// index go, the query fails rather than quietly read the whole log. PostgreSQL's statistics
/// choose well.
pub(super) fn branch_from(pg: bool, filter: &ActivityFilter, branch: Branch<'_>) -> &'static str {
    if let Branch::Shared = branch {
        return if pg {
            SHARED_FROM_PG
        } else {
            SHARED_FROM_SQLITE
        };
    }
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
        (Branch::Subscription(_), _) => {
            " FROM audit_events INDEXED BY audit_events_subscription_idx"
        }
        (Branch::User(_), _) => " FROM audit_events INDEXED BY audit_events_actor_user_idx",
        (Branch::ActedOn(_) | Branch::ActedBy(_), _) => {
            " FROM audit_events INDEXED BY audit_events_actor_subject_idx"
        }
        (Branch::Shared, _) => SHARED_FROM_SQLITE,
    }
}

/// `WHERE …` of one branch: the partner's events of this branch that match `filter`, on the side
/// of `start` it reads.
pub(super) fn branch_where(
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
                .sql(
                    " OR EXISTS (SELECT 1 FROM audit_event_viewers v \
                     WHERE v.partner_id = ",
                )
                .text(partner)
                .sql(" AND v.event_id = audit_events.id))");
        }
        Branch::Shared => {
            sql.sql(" WHERE v.partner_id = ")
                .text(partner)
                .sql(" AND (e.actor_partner_id IS NULL OR e.actor_partner_id <> ")
                .text(partner)
                .sql(") AND (e.subject_partner_id IS NULL OR e.subject_partner_id <> ")
                .text(partner)
                .sql(")");
        }
        Branch::Subscription(subscription) => {
            sql.sql(" WHERE subscription_id = ")
                .text(subscription.as_str())
                .sql(" AND (actor_partner_id = ")
                .text(partner)
                .sql(" OR subject_partner_id = ")
                .text(partner)
                .sql(")");
        }
        Branch::User(user) => {
            sql.sql(" WHERE actor_user_id = ")
                .text(user.as_str())
                .sql(" AND actor_partner_id = ")
                .text(partner);
        }
        Branch::ActedOn(other) => {
            sql.sql(" WHERE actor_partner_id = ")
                .text(partner)
                .sql(" AND subject_partner_id = ")
                .text(other.as_str());
        }
        Branch::ActedBy(other) => {
            sql.sql(" WHERE actor_partner_id = ")
                .text(other.as_str())
                .sql(" AND subject_partner_id = ")
                .text(partner)
                // The partner itself as the other: its events are the first branch's.
                .sql(" AND actor_partner_id <> ")
                .text(partner);
        }
    }
    narrow_branch(&mut sql, partner, filter, branch);
    // Of a date bound and the cursor on the same side, only the tighter is written (it implies
    // the other): SQLite plans a range with both ends on one side of it badly.
    let (mut since, mut before) = (filter.since, filter.before);
    let mut keyset = None;
    if let PageStart::From(cursor, toward) = start {
        match toward {
            Toward::Older if before.is_none_or(|b| b > cursor.occurred_at) => {
                before = None;
                keyset = Some((" < (", cursor));
            }
            Toward::Newer if since.is_none_or(|s| s <= cursor.occurred_at) => {
                since = None;
                keyset = Some((" > (", cursor));
            }
            Toward::Older | Toward::Newer => {}
        }
    }
    // The shared branch is read in its own index's order: its copy of the time, and the id.
    let shared = matches!(branch, Branch::Shared);
    let (at, keyset_columns) = if shared {
        (" AND v.occurred_at", " AND (v.occurred_at, v.event_id)")
    } else {
        (" AND occurred_at", " AND (occurred_at, id)")
    };
    if let Some(since) = since {
        sql.sql(at).sql(" >= ").time(since);
    }
    if let Some(before) = before {
        sql.sql(at).sql(" < ").time(before);
    }
    if let Some((compare, cursor)) = keyset {
        sql.sql(keyset_columns)
            .sql(compare)
            .time(cursor.occurred_at)
            .sql(", ")
            .text(cursor.id.as_str())
            .sql(")");
    }
    sql
}

/// ` ORDER BY …` reading from `start` (newest first, or oldest first towards newer events).
pub(super) fn order_from(start: PageStart<'_>) -> &'static str {
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
pub(super) fn page_query(
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
            .sql(if let Branch::Shared = branch {
                SHARED_EVENT_COLUMNS
            } else {
                EVENT_COLUMNS
            })
            .sql(branch_from(pg, filter, branch))
            .append(branch_where(partner, filter, branch, start));
        if pg && several {
            sql.sql(order).sql(" LIMIT ").int(limit).sql(match n {
                0 => ") AS first_branch",
                1 => ") AS second_branch",
                _ => ") AS third_branch",
            });
        }
    }
    sql.sql(order).sql(" LIMIT ").int(limit);
    sql
}

/// `(SELECT count(*) …)`: how many events of the partner's log under `filter` there are on the
/// side of `start`, counting at most `cap` in each branch (the branches do not overlap).
pub(super) fn count_expression(
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
pub(super) fn count_query(
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
pub(super) struct CountsRow {
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
