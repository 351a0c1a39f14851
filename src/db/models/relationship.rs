//! Customer ↔ partner reseller relationships.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::ids::{CustomerId, PartnerId, RelationshipId};
use crate::db::models::partner::{Partner, PartnershipState};
use crate::db::schema::{customer_relationships, partners, partnerships};
use crate::db::words::text_enum;
use crate::db::{DbConn, DbError};

text_enum! {
    /// A relationship's state (`customer_relationships.state`).
    pub enum RelationshipState {
        /// In force.
        Active = "active" => "relationship-state-active",
        /// Ended.
        Removed = "removed" => "relationship-state-removed",
    }
}

text_enum! {
    /// How a relationship began (`customer_relationships.origin`).
    pub enum RelationshipOrigin {
        /// The partner created the customer.
        NewCustomer = "new_customer",
        /// The customer accepted the partner's invitation.
        Invitation = "invitation",
    }
}

/// A customer ↔ partner relationship.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_relationships)]
pub struct Relationship {
    pub id: RelationshipId,
    pub customer_id: CustomerId,
    pub partner_id: PartnerId,
    pub state: RelationshipState,
    pub delegated_admin: bool,
    pub origin: RelationshipOrigin,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Relationship {
    /// Whether the relationship is in force.
    pub fn is_active(&self) -> bool {
        self.state == RelationshipState::Active
    }
}

/// A relationship to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = customer_relationships, treat_none_as_default_value = false)]
pub struct NewRelationship<'a> {
    pub id: &'a RelationshipId,
    pub customer_id: &'a CustomerId,
    pub partner_id: &'a PartnerId,
    pub state: RelationshipState,
    pub delegated_admin: bool,
    pub origin: RelationshipOrigin,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts a relationship.
pub fn insert(conn: &mut DbConn, row: &NewRelationship<'_>) -> QueryResult<()> {
    diesel::insert_into(customer_relationships::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts relationships in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewRelationship<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(8)) {
        inserted += crate::db::insert_rows!(conn, customer_relationships::table, chunk)?;
    }
    Ok(inserted)
}

/// The customer's relationships (any state) with any of `partner_ids`, with the partner, by name.
pub fn for_customer_among(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner_ids: &[&str],
) -> QueryResult<Vec<(Relationship, Partner)>> {
    if partner_ids.is_empty() {
        return Ok(Vec::new());
    }
    customer_relationships::table
        .inner_join(partners::table)
        .filter(customer_relationships::customer_id.eq(customer.as_str()))
        .filter(customer_relationships::partner_id.eq_any(partner_ids))
        .order(partners::name.asc())
        .select((Relationship::as_select(), Partner::as_select()))
        .load(conn)
}

/// The customer's relationships (any state) with `provider` and with the resellers it has an
/// active partnership with, with the partner, by name: the customer's few relationships, each
/// looked up in the partnerships by (provider, reseller), whatever the number of resellers.
pub fn for_customer_with_partner_and_resellers(
    conn: &mut DbConn,
    customer: &CustomerId,
    provider: &PartnerId,
) -> QueryResult<Vec<(Relationship, Partner)>> {
    with_partner_and_resellers_query(customer.as_str(), provider.as_str())
        .order(partners::name.asc())
        .select((Relationship::as_select(), Partner::as_select()))
        .load(conn)
}

/// See [`for_customer_with_partner_and_resellers`].
#[diesel::dsl::auto_type(no_type_alias)]
pub(crate) fn with_partner_and_resellers_query<'a>(customer: &'a str, provider: &'a str) -> _ {
    let active: PartnershipState = PartnershipState::Active;
    customer_relationships::table
        .inner_join(partners::table)
        .filter(customer_relationships::customer_id.eq(customer))
        .filter(
            customer_relationships::partner_id
                .eq(provider)
                .or(diesel::dsl::exists(
                    partnerships::table
                        .filter(partnerships::provider_id.eq(provider))
                        .filter(partnerships::reseller_id.eq(customer_relationships::partner_id))
                        .filter(partnerships::state.eq(active)),
                )),
        )
}

/// The relationship of a customer with a partner, if any (any state).
pub fn find(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner: &PartnerId,
) -> QueryResult<Option<Relationship>> {
    customer_relationships::table
        .filter(customer_relationships::customer_id.eq(customer.as_str()))
        .filter(customer_relationships::partner_id.eq(partner.as_str()))
        .select(Relationship::as_select())
        .first(conn)
        .optional()
}

/// The relationship of a customer with a partner, if any (any state), read with a shared lock on
/// its row held until the transaction ends, for a write that depends on it (an assignment, rule
/// 2). On PostgreSQL (`FOR SHARE`) a change that would end the relationship or its delegated admin
/// then waits for this transaction, and this read waits for such a change in flight and returns
/// the row as it committed; shared holders (concurrent assignments) do not wait for each other. On
/// SQLite the write transaction (`BEGIN IMMEDIATE`) already excludes every other writer, so a
/// plain read is the same. Call it inside [`crate::db::write_transaction`], before reading
/// anything else the decision depends on.
pub fn find_for_share(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner: &PartnerId,
) -> QueryResult<Option<Relationship>> {
    let query = customer_relationships::table
        .filter(customer_relationships::customer_id.eq(customer.as_str()))
        .filter(customer_relationships::partner_id.eq(partner.as_str()));
    // One `as_select()` per backend: it is typed by the backend it loads for.
    match conn {
        DbConn::Postgres(pg) => query
            .select(Relationship::as_select())
            .for_share()
            .first(pg)
            .optional(),
        DbConn::Sqlite(sqlite) => query
            .select(Relationship::as_select())
            .first(sqlite)
            .optional(),
    }
}

/// Every relationship of a customer (any state), with the partner, by partner name.
pub fn for_customer(
    conn: &mut DbConn,
    customer: &CustomerId,
) -> QueryResult<Vec<(Relationship, Partner)>> {
    customer_relationships::table
        .inner_join(partners::table)
        .filter(customer_relationships::customer_id.eq(customer.as_str()))
        .order(partners::name.asc())
        .select((Relationship::as_select(), Partner::as_select()))
        .load(conn)
}

/// Withdraws delegated admin privileges from an active relationship; returns the rows changed.
pub fn remove_delegated_admin(conn: &mut DbConn, id: &RelationshipId) -> QueryResult<usize> {
    diesel::update(
        customer_relationships::table
            .filter(customer_relationships::id.eq(id.as_str()))
            .filter(customer_relationships::state.eq(RelationshipState::Active))
            .filter(customer_relationships::delegated_admin.eq(true)),
    )
    .set((
        customer_relationships::delegated_admin.eq(false),
        customer_relationships::updated_at.eq(crate::db::now()),
    ))
    .execute(conn)
}

/// Ends an active relationship (and with it any delegated admin); returns the rows changed.
pub fn remove(conn: &mut DbConn, id: &RelationshipId) -> QueryResult<usize> {
    diesel::update(
        customer_relationships::table
            .filter(customer_relationships::id.eq(id.as_str()))
            .filter(customer_relationships::state.eq(RelationshipState::Active)),
    )
    .set((
        customer_relationships::state.eq(RelationshipState::Removed),
        customer_relationships::delegated_admin.eq(false),
        customer_relationships::updated_at.eq(crate::db::now()),
    ))
    .execute(conn)
}

/// The customer ↔ partner relationship, read after locking its row (a no-op UPDATE), so that a
/// concurrent change to the same relationship waits until this transaction ends and the value read
/// is the one this transaction then writes over. `None` when there is no row yet.
pub fn lock(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner: &PartnerId,
) -> QueryResult<Option<Relationship>> {
    diesel::update(
        customer_relationships::table
            .filter(customer_relationships::customer_id.eq(customer.as_str()))
            .filter(customer_relationships::partner_id.eq(partner.as_str())),
    )
    .set(customer_relationships::updated_at.eq(customer_relationships::updated_at))
    .execute(conn)?;
    find(conn, customer, partner)
}

/// Makes an existing relationship active, with delegated admin privileges when `delegated_admin`
/// is set (it is never withdrawn here); a removed relationship that comes back begins anew by
/// invitation. Returns the rows changed.
pub fn activate(
    conn: &mut DbConn,
    id: &RelationshipId,
    delegated_admin: bool,
    reactivated: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let row = customer_relationships::table.filter(customer_relationships::id.eq(id.as_str()));
    let state = customer_relationships::state.eq(RelationshipState::Active);
    let updated = customer_relationships::updated_at.eq(now);
    match (reactivated, delegated_admin) {
        (true, _) => diesel::update(row)
            .set((
                state,
                customer_relationships::delegated_admin.eq(delegated_admin),
                customer_relationships::origin.eq(RelationshipOrigin::Invitation),
                customer_relationships::created_at.eq(now),
                updated,
            ))
            .execute(conn),
        (false, true) => diesel::update(row)
            .set((
                state,
                customer_relationships::delegated_admin.eq(true),
                updated,
            ))
            .execute(conn),
        (false, false) => diesel::update(row).set((state, updated)).execute(conn),
    }
}

/// Makes the customer ↔ partner relationship active (delegated admin granted if asked; a removed
/// one begins anew by invitation), creating it if there is none; returns the relationship as it
/// was before (`None`: created). Call inside a write transaction: the row is locked first
/// ([`lock`]). Never a second row: a concurrent insert of the same pair (another invitation of the
/// same partner, on PostgreSQL) loses on the UNIQUE constraint inside a savepoint, which keeps the
/// transaction usable, and the row it lost to is updated instead.
pub fn activate_or_insert(
    conn: &mut DbConn,
    customer: &CustomerId,
    partner: &PartnerId,
    delegated_admin: bool,
    now: NaiveDateTime,
) -> Result<Option<Relationship>, DbError> {
    if let Some(existing) = lock(conn, customer, partner)? {
        activate_locked(conn, &existing, delegated_admin, now)?;
        return Ok(Some(existing));
    }
    let id = RelationshipId::generate();
    let inserted = conn.transaction(|conn| {
        insert(
            conn,
            &NewRelationship {
                id: &id,
                customer_id: customer,
                partner_id: partner,
                state: RelationshipState::Active,
                delegated_admin,
                origin: RelationshipOrigin::Invitation,
                created_at: now,
                updated_at: now,
            },
        )
    });
    match inserted {
        Ok(()) => Ok(None),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => {
            let existing = lock(conn, customer, partner)?.ok_or(DbError::Inconsistent(
                "a relationship that won the insert is not there",
            ))?;
            activate_locked(conn, &existing, delegated_admin, now)?;
            Ok(Some(existing))
        }
        Err(e) => Err(e.into()),
    }
}

/// [`activate`] on a row this transaction has locked, which must still be there.
fn activate_locked(
    conn: &mut DbConn,
    existing: &Relationship,
    delegated_admin: bool,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let reactivated = !existing.is_active();
    if activate(conn, &existing.id, delegated_admin, reactivated, now)? != 1 {
        return Err(DbError::Inconsistent(
            "the locked relationship row disappeared",
        ));
    }
    Ok(())
}
