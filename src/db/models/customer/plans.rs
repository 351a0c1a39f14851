//! Query plans, for the test that keeps the list on its indexes.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::ids::{CustomerId, PartnerId};
use crate::db::models::{relationship, subscription};
use crate::db::schema::partner_customer_counts;
use crate::db::{DbConn, MultiBackend};

use super::list::{
    Dialect, Direction, Range, Scope, SortKey, among_query, relationships_walk, walk_query,
    window_query,
};
use super::search::{CANDIDATE_LIMIT, FTS_ROWS, fts_phrase, trigram_candidates};
use super::visible_customer_query;

/// The query plans of the customer list's key queries, built by the same code as the list, for
/// `partner`'s customers (and `reseller`'s, for the filter), from `key` onwards where a query
/// starts at a position: (what the query is, its plan). On PostgreSQL sequential scans are turned
/// off for the session first, so that the plans of a small test database are those of a large one.
pub fn list_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    reseller: &PartnerId,
    key: &SortKey,
    candidates: &[CustomerId],
) -> QueryResult<Vec<(&'static str, String)>> {
    crate::db::plan::planned_as_large(conn, &["enable_seqscan"], |conn| {
        key_query_plans(conn, partner, reseller, key, candidates)
    })
}

fn key_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    reseller: &PartnerId,
    key: &SortKey,
    candidates: &[CustomerId],
) -> QueryResult<Vec<(&'static str, String)>> {
    let dialect = Dialect::of(conn);
    let own = Scope {
        walk: partner,
        probe: None,
    };
    let filtered = Scope {
        walk: reseller,
        probe: Some(partner),
    };
    let first = Range {
        direction: Direction::Forward,
        after: None,
        through: None,
    };
    let deep = Range {
        after: Some(key),
        ..first
    };
    let back = Range {
        direction: Direction::Backward,
        after: Some(key),
        through: None,
    };
    let window = Range {
        through: Some(key),
        ..first
    };
    let mut plans = vec![
        (
            "first page",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, None, first).limit(26))?,
        ),
        (
            "page after a cursor",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, None, deep).limit(26))?,
        ),
        (
            "page before a cursor",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, None, back).limit(26))?,
        ),
        (
            "reseller filter",
            crate::db::plan::plan_of(conn, walk_query(dialect, filtered, None, deep).limit(26))?,
        ),
        (
            "short search, one window",
            crate::db::plan::plan_of(conn, walk_query(dialect, own, Some("a"), window).limit(26))?,
        ),
        (
            "reseller filter, counted",
            crate::db::plan::plan_of(conn, relationships_walk(filtered, first).limit(1001))?,
        ),
        (
            "window end",
            crate::db::plan::plan_of(
                conn,
                window_query(partner, Direction::Forward, Some(key), 1000),
            )?,
        ),
        (
            "search candidates, listed",
            crate::db::plan::plan_of(conn, among_query(own, candidates, deep).limit(26))?,
        ),
        (
            "search candidates, listed, reseller filter",
            crate::db::plan::plan_of(conn, among_query(filtered, candidates, deep).limit(26))?,
        ),
        (
            "subscription counts of a page",
            crate::db::plan::plan_of(
                conn,
                subscription::visible_counts_of_customers(
                    subscription::customer_among(
                        conn,
                        &candidates
                            .iter()
                            .map(CustomerId::as_str)
                            .collect::<Vec<_>>(),
                    ),
                    partner.as_str().to_owned(),
                ),
            )?,
        ),
        (
            "customer page: the customer",
            crate::db::plan::plan_of(
                conn,
                visible_customer_query(partner.as_str(), "00000000-0000-0000-0000-000000000000"),
            )?,
        ),
        (
            "customer page: relationships",
            crate::db::plan::plan_of(
                conn,
                relationship::with_partner_and_resellers_query(
                    key.customer_id.as_str(),
                    partner.as_str(),
                ),
            )?,
        ),
        (
            "active customer count",
            crate::db::plan::plan_of(
                conn,
                partner_customer_counts::table
                    .find(partner.as_str().to_owned())
                    .select(partner_customer_counts::active_customers)
                    .into_boxed::<MultiBackend>(),
            )?,
        ),
    ];
    let candidates_plan = match conn {
        DbConn::Sqlite(sqlite) => {
            #[derive(QueryableByName)]
            struct Line {
                #[diesel(sql_type = Text)]
                detail: String,
            }
            diesel::sql_query(format!("EXPLAIN QUERY PLAN {FTS_ROWS}"))
                .bind::<Text, _>(fts_phrase("coho"))
                .bind::<BigInt, _>(CANDIDATE_LIMIT + 1)
                .load::<Line>(sqlite)?
                .into_iter()
                .map(|l| l.detail)
                .collect::<Vec<_>>()
                .join("\n")
        }
        DbConn::Postgres(_) => crate::db::plan::plan_of(
            conn,
            trigram_candidates("coho", "coho labs", CANDIDATE_LIMIT + 1),
        )?,
    };
    plans.push(("search candidates, from the trigram index", candidates_plan));
    Ok(plans)
}
