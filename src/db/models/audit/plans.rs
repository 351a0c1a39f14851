//! The activity log's query plans, for the test that keeps it on its indexes.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, CustomerId, PartnerId, SubscriptionId, TenantId, UserId};
use crate::db::schema::customers;
use crate::db::sql::Sql;

use super::Operation;
use super::log::{ActivityCursor, ActivityFilter, PageStart, Toward, count_query, page_query};
use super::log_customers::{customer_in_log_query, customers_named_query};

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
        operation: Some(Operation::SupportContactAssigned),
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

/// What the plans of the log's issue 15 filters are made for: a user of the partner, another
/// partner (a reseller), a subscription and an event.
#[derive(Debug, Clone)]
pub struct FilterPlanSubjects {
    /// A user of the partner.
    pub user: UserId,
    /// A reseller of the partner.
    pub reseller: PartnerId,
    /// A subscription.
    pub subscription: SubscriptionId,
    /// An event.
    pub event: AuditEventId,
}

/// The plans of the log's queries with the user, reseller and subscription filters, the shared
/// events' branch and the one-event lookup, planned as [`activity_query_plans`] does.
pub fn activity_filter_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    cursor: &ActivityCursor,
    subjects: &FilterPlanSubjects,
    page_size: i64,
    count_bound: i64,
) -> QueryResult<Vec<(&'static str, String)>> {
    crate::db::plan::planned_as_large(
        conn,
        &["enable_seqscan", "enable_bitmapscan", "enable_sort"],
        |conn| filter_plans(conn, partner, cursor, subjects, page_size, count_bound),
    )
}

fn filter_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    cursor: &ActivityCursor,
    subjects: &FilterPlanSubjects,
    page_size: i64,
    count_bound: i64,
) -> QueryResult<Vec<(&'static str, String)>> {
    let pg = matches!(conn, DbConn::Postgres(_));
    let p = partner.as_str();
    let all = ActivityFilter::default();
    let day = cursor.occurred_at.date();
    let user = ActivityFilter {
        user: Some(subjects.user.clone()),
        ..ActivityFilter::default()
    };
    let user_and_dates = ActivityFilter {
        since: day.pred_opt().map(|d| d.and_time(chrono::NaiveTime::MIN)),
        before: day.succ_opt().map(|d| d.and_time(chrono::NaiveTime::MIN)),
        ..user.clone()
    };
    let reseller = ActivityFilter {
        reseller: Some(subjects.reseller.clone()),
        ..ActivityFilter::default()
    };
    let reseller_and_operation = ActivityFilter {
        operation: Some(Operation::SupportContactAssigned),
        ..reseller.clone()
    };
    let subscription = ActivityFilter {
        subscription: Some(subjects.subscription.clone()),
        ..ActivityFilter::default()
    };
    let older = PageStart::From(cursor, Toward::Older);
    let page = page_size + 1;
    let queries: Vec<(&'static str, Sql)> = vec![
        (
            "shared, first page",
            page_query(pg, p, &all, PageStart::Newest, page),
        ),
        ("shared, older page", page_query(pg, p, &all, older, page)),
        (
            "user, first page",
            page_query(pg, p, &user, PageStart::Newest, page),
        ),
        ("user, older page", page_query(pg, p, &user, older, page)),
        (
            "user and dates, count and position",
            count_query(pg, p, &user_and_dates, count_bound, Some(cursor)),
        ),
        (
            "reseller, first page",
            page_query(pg, p, &reseller, PageStart::Newest, page),
        ),
        (
            "reseller, older page",
            page_query(pg, p, &reseller, older, page),
        ),
        (
            "reseller and operation, count and position",
            count_query(pg, p, &reseller_and_operation, count_bound, Some(cursor)),
        ),
        (
            "subscription, older page",
            page_query(pg, p, &subscription, older, page),
        ),
        (
            "subscription, count",
            count_query(pg, p, &subscription, count_bound, None),
        ),
        (
            "event by id",
            super::viewers::find_visible_query(partner, &subjects.event),
        ),
    ];
    let mut plans = Vec::with_capacity(queries.len());
    for (name, query) in queries {
        plans.push((name, crate::db::plan::plan_of(conn, query)?));
    }
    Ok(plans)
}
