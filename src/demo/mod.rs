//! The demo data of DESIGN.md §6, loaded by `serve --demo` and `demo` into an empty database: the
//! cast (six partners, Adatum Corporation and Woodgrove Bank, their users and products), plus
//! either the standard 200 generated customers of Contoso, or, with `--customers N`, the large
//! demo: 297 more resellers of Contoso and N generated customers with a year of history.
//!
//! Several app instances may load at the same moment: everything happens in one write transaction
//! whose first statement inserts Contoso Distribution (PartnerID 4100001, unique). A second loader
//! waits on that insert (the SQLite write lock, the PostgreSQL unique index) until the first one
//! commits, then fails on the unique PartnerID and reports [`DemoOutcome::AlreadyLoaded`].
//! The large demo drops the secondary indexes of its three largest tables inside that transaction
//! and builds them after its rows; [`deferred`] says why no other loader or instance waits on that.

mod cast;
mod deferred;
mod generate;
mod insert;
mod large;
mod names;
mod plan;
mod rng;
mod users;
mod words;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::Error as DieselError;

pub use large::MAX_GENERATED_CUSTOMERS;
pub use users::{DEMO_PASSWORD, DemoUser, demo_users};

use crate::db::ids::MpnId;
use crate::db::models::partner;
use crate::db::schema::{customers, partners, products, users as user_rows};
use crate::db::{DbConn, write_transaction};

/// How much demo data to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// DESIGN.md §6: the cast and 200 generated customers of Contoso (what the tests use).
    Standard,
    /// The cast, 297 generated resellers of Contoso, and this many generated customers of Contoso
    /// (at most [`MAX_GENERATED_CUSTOMERS`]), each with about 8 subscriptions and 10 audit events.
    Large {
        /// Generated customers.
        customers: usize,
    },
}

/// Rows the demo data created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoCounts {
    /// Partners (the cast's and the generated resellers).
    pub partners: usize,
    /// Customers (the named ones and the generated ones).
    pub customers: usize,
    /// Customer relationships.
    pub relationships: usize,
    /// Subscriptions.
    pub subscriptions: usize,
    /// Audit events.
    pub audit_events: usize,
    /// Users.
    pub users: usize,
}

/// What loading the demo data did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo data was loaded into an empty database.
    Loaded(DemoCounts),
    /// The demo data was already there (loaded earlier, or by another instance just now): nothing
    /// changed.
    AlreadyLoaded,
    /// The database holds other data: nothing changed.
    NotEmpty,
}

/// Loads the standard demo data into an empty database: [`load_scaled`] with
/// [`DemoScale::Standard`].
pub fn load(
    conn: &mut DbConn,
    hash_password: &dyn Fn(&str) -> anyhow::Result<String>,
) -> anyhow::Result<DemoOutcome> {
    load_scaled(conn, hash_password, DemoScale::Standard)
}

/// How long a loader waits for another one's transaction (the large demo takes a minute or two)
/// before it gives up, instead of the configured statement timeout.
const WAIT_FOR_OTHER_LOADER: &str = "600000";

/// SQLite's page cache while loading, in KiB (then the connection's own again). Measured at
/// 100,000 customers: 57 s of CPU with the default 2 MB, 50 s with 128 MB, 41 s with 512 MB.
const LOAD_CACHE_KIB: u32 = 256 * 1024;

/// Loads the demo data into an empty database, in one transaction. `hash_password` is called
/// once, before the transaction begins, so that the write lock is held only for the inserts: every
/// demo user has the same password, and shares its hash.
///
/// Returns [`DemoOutcome::AlreadyLoaded`] when Contoso Distribution (PartnerID 4100001) exists, and
/// [`DemoOutcome::NotEmpty`] when the database holds any other partner, customer, user or product.
pub fn load_scaled(
    conn: &mut DbConn,
    hash_password: &dyn Fn(&str) -> anyhow::Result<String>,
    scale: DemoScale,
) -> anyhow::Result<DemoOutcome> {
    if let DemoScale::Large { customers } = scale
        && customers > MAX_GENERATED_CUSTOMERS
    {
        anyhow::bail!("at most {MAX_GENERATED_CUSTOMERS} generated customers, not {customers}");
    }
    // Fast path, outside any transaction: a restart of `serve --demo` need not hash passwords. The
    // transaction below checks again, since another instance may be loading right now.
    if partner::find_by_mpn(conn, MpnId::from(cast::CONTOSO_MPN))?.is_some() {
        return Ok(DemoOutcome::AlreadyLoaded);
    }
    if !holds_only_partners(conn, 0)? {
        return Ok(DemoOutcome::NotEmpty);
    }

    let hash = hash_password(DEMO_PASSWORD)?;
    let plan = match scale {
        DemoScale::Standard => plan::customer_plan(),
        DemoScale::Large { .. } => plan::named_customers(),
    };
    let now = crate::db::now();

    let sqlite_settings = if matches!(conn, DbConn::Sqlite(_)) {
        let saved = [
            (
                "busy_timeout",
                sqlite_setting(conn, "busy_timeout", "timeout")?,
            ),
            (
                "cache_size",
                sqlite_setting(conn, "cache_size", "cache_size")?,
            ),
        ];
        // Wait in BEGIN IMMEDIATE while another loader holds the write lock; and keep the index
        // pages that grow at random places (audit events by partner and time, customers by
        // name) in memory, instead of writing them out and reading them back many times over.
        let load_settings = format!(
            "PRAGMA busy_timeout = {WAIT_FOR_OTHER_LOADER}; PRAGMA cache_size = -{LOAD_CACHE_KIB};"
        );
        conn.batch_execute(&load_settings)?;
        Some(saved)
    } else {
        None
    };
    let result = write_transaction(conn, |conn| {
        if let DbConn::Postgres(_) = conn {
            // Wait on Contoso's unique PartnerID while another loader's transaction runs.
            let wait = format!("SET LOCAL statement_timeout = {WAIT_FOR_OTHER_LOADER}");
            diesel::sql_query(wait).execute(conn)?;
        }
        let mut counts = DemoCounts::default();
        let cast = insert::cast(conn, &plan, &hash, now, &mut counts)?;
        if let DemoScale::Large { customers } = scale {
            insert::large(conn, &cast, customers, now, &mut counts)?;
        }
        Ok(DemoOutcome::Loaded(counts))
    });
    for (pragma, value) in sqlite_settings.into_iter().flatten() {
        conn.batch_execute(&format!("PRAGMA {pragma} = {value}"))?;
    }
    if let (Ok(_), DemoScale::Large { .. }, DbConn::Postgres(_)) = (&result, scale, &*conn) {
        // A million rows just written have no statistics until autovacuum's analyze comes round
        // (minutes later, and then competing with the first requests): without them PostgreSQL
        // plans the first queries over the new rows blind.
        conn.batch_execute("ANALYZE")
            .map_err(|e| anyhow::Error::new(e).context("analyzing the loaded demo data"))?;
    }
    match result {
        Ok(outcome) => Ok(outcome),
        Err(LoadError::AlreadyLoaded) => Ok(DemoOutcome::AlreadyLoaded),
        Err(LoadError::NotEmpty) => Ok(DemoOutcome::NotEmpty),
        Err(LoadError::Database(e)) => Err(anyhow::Error::new(e).context("loading the demo data")),
    }
}

/// A setting of the SQLite connection: `column` of `PRAGMA name`.
fn sqlite_setting(conn: &mut DbConn, pragma: &str, column: &str) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        value: i64,
    }
    diesel::sql_query(format!("SELECT {column} AS value FROM pragma_{pragma}"))
        .get_result::<Setting>(conn)
        .map(|s| s.value)
}

/// Why the loading transaction ended without committing. The first two are not failures: they
/// roll the transaction back and become a [`DemoOutcome`].
#[derive(Debug)]
enum LoadError {
    /// Contoso's PartnerID is taken: the demo data is there already.
    AlreadyLoaded,
    /// The database holds other data.
    NotEmpty,
    /// A real database error.
    Database(DieselError),
}

impl From<DieselError> for LoadError {
    fn from(e: DieselError) -> Self {
        Self::Database(e)
    }
}

/// Whether the database holds exactly `expected_partners` partners and no customer, user or
/// product.
fn holds_only_partners(conn: &mut DbConn, expected_partners: i64) -> QueryResult<bool> {
    Ok(
        partners::table.count().get_result::<i64>(conn)? == expected_partners
            && customers::table.count().get_result::<i64>(conn)? == 0
            && user_rows::table.count().get_result::<i64>(conn)? == 0
            && products::table.count().get_result::<i64>(conn)? == 0,
    )
}
