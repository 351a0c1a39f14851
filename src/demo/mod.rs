//! The demo data of DESIGN.md §6, loaded by `serve --demo` into an empty database: the cast (six
//! partners, Adatum Corporation and Woodgrove Bank, their users and products) and 200 generated
//! customers of Contoso.
//!
//! Several app instances may load at the same moment: everything happens in one write transaction
//! whose first statement inserts Contoso Distribution (PartnerID 4100001, unique). A second loader
//! waits on that insert (the SQLite write lock, the PostgreSQL unique index) until the first one
//! commits, then fails on the unique PartnerID and reports [`DemoOutcome::AlreadyLoaded`].

mod cast;
mod generate;
mod insert;
mod names;
mod plan;
mod rng;
mod users;
mod words;

use diesel::prelude::*;
use diesel::result::Error as DieselError;

pub use users::{DEMO_PASSWORD, DemoUser, demo_users};

use crate::db::ids::MpnId;
use crate::db::models::partner;
use crate::db::schema::{customers, partners, products, users as user_rows};
use crate::db::{DbConn, write_transaction};

/// Rows the demo data created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoCounts {
    /// Partners.
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

/// Loads the demo data into an empty database, in one transaction. `hash_password` is called
/// once, before the transaction begins, so that the write lock is held only for the inserts: every
/// demo user has the same password, and shares its hash.
///
/// Returns [`DemoOutcome::AlreadyLoaded`] when Contoso Distribution (PartnerID 4100001) exists, and
/// [`DemoOutcome::NotEmpty`] when the database holds any other partner, customer, user or product.
pub fn load(
    conn: &mut DbConn,
    hash_password: &dyn Fn(&str) -> anyhow::Result<String>,
) -> anyhow::Result<DemoOutcome> {
    // Fast path, outside any transaction: a restart of `serve --demo` need not hash passwords. The
    // transaction below checks again, since another instance may be loading right now.
    if partner::find_by_mpn(conn, MpnId::from(cast::CONTOSO_MPN))?.is_some() {
        return Ok(DemoOutcome::AlreadyLoaded);
    }
    if !holds_only_partners(conn, 0)? {
        return Ok(DemoOutcome::NotEmpty);
    }

    let hash = hash_password(DEMO_PASSWORD)?;
    let plan = plan::customer_plan();
    let now = crate::db::now();

    let result = write_transaction(conn, |conn| {
        let mut counts = DemoCounts::default();
        insert::cast(conn, &plan, &hash, now, &mut counts)?;
        Ok(DemoOutcome::Loaded(counts))
    });
    match result {
        Ok(outcome) => Ok(outcome),
        Err(LoadError::AlreadyLoaded) => Ok(DemoOutcome::AlreadyLoaded),
        Err(LoadError::NotEmpty) => Ok(DemoOutcome::NotEmpty),
        Err(LoadError::Database(e)) => Err(anyhow::Error::new(e).context("loading the demo data")),
    }
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
