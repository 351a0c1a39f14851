//! Index and constraint work done once, after the large demo's rows are in, instead of row by row
//! while they go in. Inside the loading transaction, the non-unique secondary indexes of
//! [`DEFERRED_TABLES`] are dropped, and on PostgreSQL the foreign keys between those tables too;
//! after the last row each is created again from the definition the database itself gave for it
//! (`pg_get_indexdef`, `pg_get_constraintdef`, SQLite's `sqlite_master`), so that the schema ends
//! exactly as the migrations made it. Nobody ever sees the tables without them: both backends' DDL
//! is transactional, and a failed build or a row that breaks a re-added foreign key rolls the whole
//! load back. Uniqueness and the other foreign keys are checked row by row as before.
//!
//! Measured at 100,000 customers (release build, 2 cores, with COPY already): PostgreSQL's
//! server spent 62 s of CPU on the load and wrote 10 GB of WAL keeping these indexes up to date
//! at random places; built afterwards (about 13 s for the eleven), 49 s and 2.2 GB. SQLite's load
//! took 45 s, now 25 s. What remains on PostgreSQL is mostly the row-by-row foreign key checks.
//!
//! Only on tables that nothing else reads while a loader runs. On PostgreSQL a dropped index or
//! foreign key locks its table (ACCESS EXCLUSIVE; a foreign key also the table it references)
//! until the commit. The tables here are read only by signed-in pages, and the database holds no
//! user while the demo loads (the loader refuses any other data). What other processes read
//! without one must not wait: another loader's checks before its transaction (partners,
//! customers, users, products: it would wait, then find the rows and answer "not empty"),
//! another instance's start-up (the migrations, the customers' search text). A foreign key to one
//! of those tables would lock it, so those stay, checked row by row; one to partners would also
//! deadlock with a second loader already waiting on Contoso's PartnerID.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::DbConn;

/// The tables whose secondary indexes (and foreign keys among them) the large demo builds after
/// its rows: about a million audit events, 800,000 subscriptions and 200,000 relationships at
/// 100,000 customers.
pub(super) const DEFERRED_TABLES: [&str; 3] =
    ["audit_events", "subscriptions", "customer_relationships"];

/// A schema object dropped for the load, to create again after it.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
struct Dropped {
    /// The table it belongs to.
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    /// An index: the statement that creates it; a foreign key: its definition, as the database
    /// gives them.
    #[diesel(sql_type = Text)]
    definition: String,
}

/// What [`suspend`] dropped, to [`Deferred::restore`] after the load.
#[derive(Debug)]
pub(super) struct Deferred {
    indexes: Vec<Dropped>,
    foreign_keys: Vec<Dropped>,
}

/// `'a', 'b', …`: the names are this module's constants, never input.
fn sql_list(tables: &[&str]) -> String {
    tables
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The non-unique secondary indexes of `tables`, in the connection's schema.
fn secondary_indexes(conn: &mut DbConn, tables: &[&str]) -> QueryResult<Vec<Dropped>> {
    let tables = sql_list(tables);
    let sql = match conn {
        DbConn::Postgres(_) => format!(
            "SELECT t.relname::text AS table_name, i.relname::text AS name, \
                    pg_get_indexdef(i.oid) AS definition \
             FROM pg_index x \
             JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = current_schema() AND t.relname IN ({tables}) \
               AND NOT x.indisunique AND NOT x.indisprimary \
             ORDER BY 1, 2"
        ),
        // Constraints' own indexes (sqlite_autoindex_…) have no SQL.
        DbConn::Sqlite(_) => format!(
            "SELECT tbl_name AS table_name, name, sql AS definition FROM sqlite_master \
             WHERE type = 'index' AND tbl_name IN ({tables}) AND sql IS NOT NULL \
               AND sql NOT LIKE 'CREATE UNIQUE%' \
             ORDER BY 1, 2"
        ),
    };
    diesel::sql_query(sql).load(conn)
}

/// PostgreSQL's foreign keys from one of `tables` to another (SQLite cannot drop a constraint).
fn foreign_keys_among(conn: &mut DbConn, tables: &[&str]) -> QueryResult<Vec<Dropped>> {
    if !matches!(conn, DbConn::Postgres(_)) {
        return Ok(Vec::new());
    }
    let tables = sql_list(tables);
    diesel::sql_query(format!(
        "SELECT t.relname::text AS table_name, c.conname::text AS name, \
                pg_get_constraintdef(c.oid) AS definition \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_class r ON r.oid = c.confrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE c.contype = 'f' AND n.nspname = current_schema() \
           AND t.relname IN ({tables}) AND r.relname IN ({tables}) \
         ORDER BY 1, 2"
    ))
    .load(conn)
}

/// Drops the secondary indexes of [`DEFERRED_TABLES`] and the foreign keys among them; returns
/// them, to restore. Call it inside the loading transaction, before the bulk of the rows.
pub(super) fn suspend(conn: &mut DbConn) -> QueryResult<Deferred> {
    let indexes = secondary_indexes(conn, &DEFERRED_TABLES)?;
    let foreign_keys = foreign_keys_among(conn, &DEFERRED_TABLES)?;
    let statements: String = foreign_keys
        .iter()
        .map(|k| {
            format!(
                "ALTER TABLE \"{}\" DROP CONSTRAINT \"{}\";",
                k.table_name, k.name
            )
        })
        .chain(
            indexes
                .iter()
                .map(|i| format!("DROP INDEX \"{}\";", i.name)),
        )
        .collect();
    if !statements.is_empty() {
        conn.batch_execute(&statements)?;
    }
    Ok(Deferred {
        indexes,
        foreign_keys,
    })
}

/// PostgreSQL's memory for each index build while the load builds them (instead of the server's
/// `maintenance_work_mem`, 64 MB by default): the largest (audit events by partner, operation,
/// time and id: a million entries at 100,000 customers) then sorts in memory.
const BUILD_MEMORY: &str = "256MB";

impl Deferred {
    /// Creates again what [`suspend`] dropped, as it was: the indexes, then the foreign keys (whose
    /// check of every row is then one join, helped by the indexes).
    pub(super) fn restore(self, conn: &mut DbConn) -> QueryResult<()> {
        if let DbConn::Postgres(_) = conn {
            conn.batch_execute(&format!(
                "SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"
            ))?;
        }
        for index in &self.indexes {
            conn.batch_execute(&index.definition)?;
        }
        for key in &self.foreign_keys {
            conn.batch_execute(&format!(
                "ALTER TABLE \"{}\" ADD CONSTRAINT \"{}\" {}",
                key.table_name, key.name, key.definition
            ))?;
        }
        Ok(())
    }

    /// How many indexes and foreign keys it holds.
    pub(super) fn len(&self) -> (usize, usize) {
        (self.indexes.len(), self.foreign_keys.len())
    }
}
