//! Query plans of queries built by the models, for the tests that keep the key queries on their
//! indexes: SQLite's `EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN`, one line per step.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Text, Untyped};

use crate::db::{DbConn, MultiBackend};

/// `EXPLAIN` (PostgreSQL) or `EXPLAIN QUERY PLAN` (SQLite) before a query.
struct Explain<Q> {
    prefix: &'static str,
    query: Q,
}

impl<Q: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for Explain<Q> {
    fn walk_ast<'b>(&'b self, mut pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        // Never from the statement cache: an EXPLAIN runs no transaction, so SQLite would not
        // notice a schema change (an index dropped) and would keep reporting the old plan.
        pass.unsafe_to_cache_prepared();
        pass.push_sql(self.prefix);
        self.query.walk_ast(pass.reborrow())
    }
}

impl<Q> QueryId for Explain<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for Explain<Q> {
    type SqlType = Untyped;
}

impl<Q> RunQueryDsl<DbConn> for Explain<Q> {}

#[derive(QueryableByName)]
struct SqlitePlanLine {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PostgresPlanLine {
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "QUERY PLAN")]
    line: String,
}

/// The plan of `query` on the connection's backend, its lines joined.
pub(crate) fn plan_of<Q: QueryFragment<MultiBackend>>(
    conn: &mut DbConn,
    query: Q,
) -> QueryResult<String> {
    let lines: Vec<String> = if matches!(conn, DbConn::Sqlite(_)) {
        Explain {
            prefix: "EXPLAIN QUERY PLAN ",
            query,
        }
        .load::<SqlitePlanLine>(conn)?
        .into_iter()
        .map(|l| l.detail)
        .collect()
    } else {
        Explain {
            prefix: "EXPLAIN ",
            query,
        }
        .load::<PostgresPlanLine>(conn)?
        .into_iter()
        .map(|l| l.line)
        .collect()
    };
    Ok(lines.join("\n"))
}

/// Runs `f` with PostgreSQL's planner settings `settings` (such as `enable_seqscan`) turned off
/// for the session, then resets them, so that a small test database is planned as a large one
/// would be; on SQLite, just runs `f`.
pub(crate) fn planned_as_large<T>(
    conn: &mut DbConn,
    settings: &[&str],
    f: impl FnOnce(&mut DbConn) -> QueryResult<T>,
) -> QueryResult<T> {
    if !matches!(conn, DbConn::Postgres(_)) {
        return f(conn);
    }
    let off: String = settings
        .iter()
        .map(|s| format!("SET {s} = off; "))
        .collect();
    let reset: String = settings.iter().map(|s| format!("RESET {s}; ")).collect();
    conn.batch_execute(&off)?;
    let result = f(conn);
    conn.batch_execute(&reset)?;
    result
}
