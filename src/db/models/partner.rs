//! Partner organizations and their partnerships.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{MpnId, PartnerId, PartnershipId, TenantId};
use crate::db::schema::{partners, partnerships};
use crate::db::sql::{Condition, Sql};
use crate::db::words::text_enum;

text_enum! {
    /// The three kinds of partner organization (`partners.kind`).
    pub enum PartnerKind {
        /// Sells to customers and bills them directly; has no resellers.
        DirectBill = "direct_bill" => "kind-direct-bill",
        /// Sells through indirect resellers.
        IndirectProvider = "indirect_provider" => "kind-indirect-provider",
        /// Sells through an indirect provider.
        IndirectReseller = "indirect_reseller" => "kind-indirect-reseller",
    }
}

/// A partner organization with its support profile (what customers see).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partners)]
pub struct Partner {
    pub id: PartnerId,
    pub kind: PartnerKind,
    pub name: String,
    #[diesel(deserialize_as = i32)]
    pub mpn_id: MpnId,
    pub tenant_id: TenantId,
    pub country: String,
    pub support_email: String,
    pub support_phone: String,
    pub support_website: String,
    pub support_hours: String,
    pub created_at: NaiveDateTime,
}

/// A partner to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = partners, treat_none_as_default_value = false)]
pub struct NewPartner<'a> {
    pub id: &'a PartnerId,
    pub kind: PartnerKind,
    pub name: &'a str,
    pub mpn_id: i32,
    pub tenant_id: &'a TenantId,
    pub country: &'a str,
    pub support_email: &'a str,
    pub support_phone: &'a str,
    pub support_website: &'a str,
    pub support_hours: &'a str,
    pub created_at: NaiveDateTime,
}

/// Inserts a partner.
pub fn insert(conn: &mut DbConn, partner: &NewPartner<'_>) -> QueryResult<()> {
    diesel::insert_into(partners::table)
        .values(partner)
        .execute(conn)
        .map(|_| ())
}

/// Inserts a partner unless a unique index refuses it (its PartnerID or tenant id is taken:
/// `false`), in a savepoint, so that the refusal leaves an enclosing transaction usable
/// (PostgreSQL aborts a transaction on a failed statement).
pub fn insert_unless_taken(conn: &mut DbConn, partner: &NewPartner<'_>) -> QueryResult<bool> {
    match crate::db::write_transaction(conn, |conn| insert(conn, partner)) {
        Ok(()) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Inserts partners in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewPartner<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(11)) {
        inserted += crate::db::insert_rows!(conn, partners::table, chunk)?;
    }
    Ok(inserted)
}

/// A partner by internal id.
pub fn find(conn: &mut DbConn, id: &PartnerId) -> QueryResult<Option<Partner>> {
    partners::table
        .find(id.as_str())
        .select(Partner::as_select())
        .first(conn)
        .optional()
}

/// A partner by PartnerID.
pub fn find_by_mpn(conn: &mut DbConn, mpn: MpnId) -> QueryResult<Option<Partner>> {
    partners::table
        .filter(partners::mpn_id.eq(mpn.get()))
        .select(Partner::as_select())
        .first(conn)
        .optional()
}

/// A partner by its tenant id.
pub fn find_by_tenant(conn: &mut DbConn, tenant: &TenantId) -> QueryResult<Option<Partner>> {
    partners::table
        .filter(partners::tenant_id.eq(tenant.as_str()))
        .select(Partner::as_select())
        .first(conn)
        .optional()
}

/// The partners with these ids, in one query, which stays prepared whatever the number of ids:
/// on SQLite the ids are one bound JSON array (`json_each`), where an `IN (?, ?, …)` list would
/// be parsed and planned again on every call (a sixth of an assignment's CPU); PostgreSQL binds
/// them as one array (`= ANY($1)`).
pub fn find_many(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<Partner>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let among: Condition<partners::table> = match conn {
        DbConn::Sqlite(_) => {
            let mut sql = Sql::new("partners.id IN (SELECT value FROM json_each(");
            sql.text(serde_json::Value::from(ids.to_vec()).to_string())
                .sql("))");
            Box::new(sql.condition())
        }
        DbConn::Postgres(_) => {
            Box::new(partners::id.eq_any(ids.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>()))
        }
    };
    partners::table
        .filter(among)
        .select(Partner::as_select())
        .load(conn)
}

text_enum! {
    /// A partnership's state (`partnerships.state`).
    pub enum PartnershipState {
        /// Asked for, not yet accepted.
        Pending = "pending" => "partnership-state-pending",
        /// In force.
        Active = "active" => "partnership-state-active",
        /// Ended.
        Removed = "removed" => "partnership-state-removed",
    }
}

/// An indirect provider ↔ indirect reseller partnership.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partnerships)]
pub struct Partnership {
    pub id: PartnershipId,
    pub provider_id: PartnerId,
    pub reseller_id: PartnerId,
    pub state: PartnershipState,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A partnership to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = partnerships, treat_none_as_default_value = false)]
pub struct NewPartnership<'a> {
    pub id: &'a PartnershipId,
    pub provider_id: &'a PartnerId,
    pub reseller_id: &'a PartnerId,
    pub state: PartnershipState,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts a partnership.
pub fn insert_partnership(conn: &mut DbConn, row: &NewPartnership<'_>) -> QueryResult<()> {
    diesel::insert_into(partnerships::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts partnerships in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_partnerships(conn: &mut DbConn, rows: &[NewPartnership<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(6)) {
        inserted += crate::db::insert_rows!(conn, partnerships::table, chunk)?;
    }
    Ok(inserted)
}

/// Every partnership of a provider (any state) with its reseller, ordered by reseller name.
pub fn resellers_of(
    conn: &mut DbConn,
    provider: &PartnerId,
) -> QueryResult<Vec<(Partnership, Partner)>> {
    partnerships::table
        .inner_join(partners::table.on(partners::id.eq(partnerships::reseller_id)))
        .filter(partnerships::provider_id.eq(provider.as_str()))
        .order(partners::name.asc())
        .select((Partnership::as_select(), Partner::as_select()))
        .load(conn)
}

/// The resellers a provider has an active partnership with, by name: the only ones it acts with
/// or for (a pending or ended partnership makes no reseller).
pub fn active_resellers_of(conn: &mut DbConn, provider: &PartnerId) -> QueryResult<Vec<Partner>> {
    partnerships::table
        .inner_join(partners::table.on(partners::id.eq(partnerships::reseller_id)))
        .filter(partnerships::provider_id.eq(provider.as_str()))
        .filter(partnerships::state.eq(PartnershipState::Active))
        .order(partners::name.asc())
        .select(Partner::as_select())
        .load(conn)
}

/// The reseller with this PartnerID, if it has an active partnership with `provider`: two index
/// lookups, whatever the number of resellers.
pub fn find_active_reseller(
    conn: &mut DbConn,
    provider: &PartnerId,
    mpn: MpnId,
) -> QueryResult<Option<Partner>> {
    partnerships::table
        .inner_join(partners::table.on(partners::id.eq(partnerships::reseller_id)))
        .filter(partners::mpn_id.eq(mpn.get()))
        .filter(partnerships::provider_id.eq(provider.as_str()))
        .filter(partnerships::state.eq(PartnershipState::Active))
        .select(Partner::as_select())
        .first(conn)
        .optional()
}

/// Whether `provider` has any active reseller.
pub fn has_active_resellers(conn: &mut DbConn, provider: &PartnerId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        partnerships::table
            .filter(partnerships::provider_id.eq(provider.as_str()))
            .filter(partnerships::state.eq(PartnershipState::Active)),
    ))
    .get_result(conn)
}

/// The partnership between a provider and a reseller, if any (any state).
pub fn find_partnership(
    conn: &mut DbConn,
    provider: &PartnerId,
    reseller: &PartnerId,
) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::provider_id.eq(provider.as_str()))
        .filter(partnerships::reseller_id.eq(reseller.as_str()))
        .select(Partnership::as_select())
        .first(conn)
        .optional()
}

/// The partnership between a provider and a reseller, if any (any state), read with a shared lock
/// on its row held until the transaction ends, for a write that depends on it (an assignment, rule
/// 2, or a provider ending its reseller's relationship, rule 8). On PostgreSQL (`FOR SHARE`) the
/// partnership's removal then waits for this transaction, and this read waits for a removal in
/// flight and returns the row as it committed; shared holders do not wait for each other. On
/// SQLite the write transaction (`BEGIN IMMEDIATE`) already excludes every other writer, so a
/// plain read is the same. Call it inside [`crate::db::write_transaction`]; when a transaction
/// locks both, it locks the partnership before the customer relationship, so that lockers never
/// wait for each other in a circle.
pub fn find_partnership_for_share(
    conn: &mut DbConn,
    provider: &PartnerId,
    reseller: &PartnerId,
) -> QueryResult<Option<Partnership>> {
    let query = partnerships::table
        .filter(partnerships::provider_id.eq(provider.as_str()))
        .filter(partnerships::reseller_id.eq(reseller.as_str()));
    // One `as_select()` per backend: it is typed by the backend it loads for.
    match conn {
        DbConn::Postgres(pg) => query
            .select(Partnership::as_select())
            .for_share()
            .first(pg)
            .optional(),
        DbConn::Sqlite(sqlite) => query
            .select(Partnership::as_select())
            .first(sqlite)
            .optional(),
    }
}

/// Ends an active partnership; returns the rows changed.
pub fn remove_partnership(conn: &mut DbConn, id: &PartnershipId) -> QueryResult<usize> {
    diesel::update(
        partnerships::table
            .filter(partnerships::id.eq(id.as_str()))
            .filter(partnerships::state.eq(PartnershipState::Active)),
    )
    .set((
        partnerships::state.eq(PartnershipState::Removed),
        partnerships::updated_at.eq(crate::db::now()),
    ))
    .execute(conn)
}

/// Makes a pending or ended partnership active again; returns the rows changed (0: already
/// active).
pub fn activate_partnership(
    conn: &mut DbConn,
    id: &PartnershipId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        partnerships::table
            .filter(partnerships::id.eq(id.as_str()))
            .filter(partnerships::state.ne(PartnershipState::Active)),
    )
    .set((
        partnerships::state.eq(PartnershipState::Active),
        partnerships::updated_at.eq(now),
    ))
    .execute(conn)
}

/// A partner's support profile: what its customers see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupportProfile {
    /// Support email address.
    pub email: String,
    /// Support phone, international format.
    pub phone: String,
    /// Support website, `https://`.
    pub website: String,
    /// Support hours, free text.
    pub hours: String,
}

impl Partner {
    /// Its support profile as stored.
    pub fn support_profile(&self) -> SupportProfile {
        SupportProfile {
            email: self.support_email.clone(),
            phone: self.support_phone.clone(),
            website: self.support_website.clone(),
            hours: self.support_hours.clone(),
        }
    }
}

/// Replaces a partner's support profile if it still is `old` (the optimistic check: two admins
/// editing at once never overwrite each other unseen); returns the rows changed.
pub fn update_support_profile(
    conn: &mut DbConn,
    id: &PartnerId,
    old: &SupportProfile,
    new: &SupportProfile,
) -> QueryResult<usize> {
    diesel::update(
        partners::table
            .filter(partners::id.eq(id.as_str()))
            .filter(partners::support_email.eq(&old.email))
            .filter(partners::support_phone.eq(&old.phone))
            .filter(partners::support_website.eq(&old.website))
            .filter(partners::support_hours.eq(&old.hours)),
    )
    .set((
        partners::support_email.eq(&new.email),
        partners::support_phone.eq(&new.phone),
        partners::support_website.eq(&new.website),
        partners::support_hours.eq(&new.hours),
    ))
    .execute(conn)
}
