//! Inserting many rows at once, on the connection's own backend: through `MultiConnection`, diesel
//! builds neither SQLite's multi-row INSERT nor PostgreSQL's COPY.
//!
//! - [`insert_rows!`]: one multi-row INSERT (a slice of at most [`rows_per_insert`] rows).
//! - [`insert_bulk!`]: any number of rows, the fastest way each backend has: multi-row INSERTs
//!   under the bound-parameter limit on SQLite, one binary `COPY … FROM STDIN` on PostgreSQL (no
//!   statement to parse, plan or bind per batch; measured with the large demo, parse/plan/bind were
//!   a tenth of the server's time with multi-row INSERTs).
//!
//! The row struct must say `treat_none_as_default_value = false` (None is NULL): otherwise SQLite
//! inserts the rows one by one, and diesel builds no COPY of them.

/// The most bound parameters one statement may carry on either backend: SQLite's limit (32,766
/// since 3.32; PostgreSQL's is 65,535).
pub const MAX_BIND_PARAMETERS: usize = 32_766;

/// Rows per multi-row INSERT into a table of `columns` columns: as many as the bound-parameter
/// limit allows, up to 1,000 (longer statements load no faster).
pub const fn rows_per_insert(columns: usize) -> usize {
    let most = MAX_BIND_PARAMETERS / if columns == 0 { 1 } else { columns };
    if most < 1000 { most } else { 1000 }
}

/// A multi-row INSERT of `rows` (a slice) into `table`, on the connection's own backend: through
/// `MultiConnection`, diesel cannot build SQLite's multi-row form. The row struct must say
/// `treat_none_as_default_value = false` (None is NULL), or SQLite inserts the rows one by one.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::db::DbConn::Postgres(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}
pub(crate) use insert_rows;

/// Inserts every row of `rows` (a slice of rows of a table of `columns` columns) into `table`;
/// evaluates to `QueryResult<usize>`, the rows inserted. On SQLite: multi-row INSERTs of
/// [`rows_per_insert`]`(columns)` rows each. On PostgreSQL: one binary COPY of the whole slice
/// (`columns` is not used). An empty slice inserts nothing and sends nothing.
macro_rules! insert_bulk {
    ($conn:expr, $table:expr, $rows:expr, columns = $columns:expr) => {{
        let rows = $rows;
        match $conn {
            _ if rows.is_empty() => Ok(0),
            $crate::db::DbConn::Sqlite(c) => rows
                .chunks($crate::db::bulk::rows_per_insert($columns))
                .map(|chunk| diesel::insert_into($table).values(chunk).execute(c))
                .sum::<diesel::QueryResult<usize>>(),
            $crate::db::DbConn::Postgres(c) => {
                use diesel::prelude::ExecuteCopyFromDsl as _;
                diesel::copy_from($table).from_insertable(rows).execute(c)
            }
        }
    }};
}
pub(crate) use insert_bulk;
