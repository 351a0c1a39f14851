//! Bulk assignments (batches) of a designated support contact and their items, with the scoped,
//! batched reads a batch needs (its subscriptions, the chosen partner's relationships under lock).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, BatchId, CustomerId, PartnerId, SubscriptionId, UserId};
use crate::db::models::product::Product;
use crate::db::models::relationship::{Relationship, RelationshipState};
use crate::db::models::subscription::Subscription;
use crate::db::schema::{
    assignment_batch_items, assignment_batches, customer_relationships, products, subscriptions,
};
use crate::db::words::text_enum;

/// Ids per `IN (…)` list: well under the bound-parameter limit of either backend.
const IDS_PER_QUERY: usize = 1_000;

text_enum! {
    /// A batch's state (`assignment_batches.state`).
    pub enum BatchState {
        /// Made from a selection, not confirmed yet.
        Draft = "draft",
        /// Confirmed: its items hold their outcomes.
        Done = "done",
    }
}

text_enum! {
    /// What became of one subscription of a batch (`assignment_batch_items.outcome`).
    pub enum ItemOutcome {
        /// Its contact changed to the batch's partner.
        Assigned = "assigned",
        /// The batch's partner already supported it.
        Already = "already",
        /// Refused; `reason` says why.
        Refused = "refused",
    }
}

/// A batch.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = assignment_batches)]
pub struct Batch {
    pub id: BatchId,
    /// The seller whose subscriptions these are: the creator's organization.
    pub seller_id: PartnerId,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    /// The partner to assign (`None` until chosen).
    pub partner_id: Option<PartnerId>,
    pub all_or_nothing: bool,
    pub state: BatchState,
    pub done_at: Option<NaiveDateTime>,
    /// The page the selection came from (a relative path, checked when stored).
    pub back: Option<String>,
}

/// A batch to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = assignment_batches, treat_none_as_default_value = false)]
pub struct NewBatch<'a> {
    pub id: &'a BatchId,
    pub seller_id: &'a PartnerId,
    pub created_by: &'a UserId,
    pub created_at: NaiveDateTime,
    pub partner_id: Option<&'a PartnerId>,
    pub all_or_nothing: bool,
    pub state: BatchState,
    pub done_at: Option<NaiveDateTime>,
    pub back: Option<&'a str>,
}

/// One subscription of a batch.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignment_batch_items, treat_none_as_default_value = false)]
pub struct BatchItem {
    pub batch_id: BatchId,
    pub subscription_id: SubscriptionId,
    pub customer_id: CustomerId,
    /// The subscription's version when the preview was made.
    pub seen_version: Option<i32>,
    pub outcome: Option<ItemOutcome>,
    /// Why it was refused (a code the domain puts into words again).
    pub reason: Option<String>,
    /// The contact before the change.
    pub old_contact_id: Option<PartnerId>,
    /// The assignment's audit event.
    pub event_id: Option<AuditEventId>,
}

/// Inserts a batch and its items.
pub fn insert(conn: &mut DbConn, batch: &NewBatch<'_>, items: &[BatchItem]) -> QueryResult<()> {
    diesel::insert_into(assignment_batches::table)
        .values(batch)
        .execute(conn)?;
    insert_items(conn, items)
}

fn insert_items(conn: &mut DbConn, items: &[BatchItem]) -> QueryResult<()> {
    for chunk in items.chunks(crate::db::rows_per_insert(8)) {
        crate::db::insert_rows!(conn, assignment_batch_items::table, chunk)?;
    }
    Ok(())
}

/// The batch, if it is `seller`'s (another organization's batch is `None`, as a missing one).
pub fn find_for_seller(
    conn: &mut DbConn,
    id: &BatchId,
    seller: &PartnerId,
) -> QueryResult<Option<Batch>> {
    assignment_batches::table
        .filter(assignment_batches::id.eq(id.as_str()))
        .filter(assignment_batches::seller_id.eq(seller.as_str()))
        .select(Batch::as_select())
        .first(conn)
        .optional()
}

/// An item, with its subscription and product (`None`: no longer the seller's).
pub type ItemWithSubscription = (BatchItem, Option<(Subscription, Product)>);

/// A batch's items with their subscriptions (only those `seller` still sold) and products.
pub fn items_with_subscriptions(
    conn: &mut DbConn,
    batch: &BatchId,
    seller: &PartnerId,
) -> QueryResult<Vec<ItemWithSubscription>> {
    let items: Vec<BatchItem> = assignment_batch_items::table
        .filter(assignment_batch_items::batch_id.eq(batch.as_str()))
        .order(assignment_batch_items::subscription_id.asc())
        .select(BatchItem::as_select())
        .load(conn)?;
    let rows: Vec<(Subscription, Product)> = assignment_batch_items::table
        .inner_join(subscriptions::table.inner_join(products::table))
        .filter(assignment_batch_items::batch_id.eq(batch.as_str()))
        .filter(subscriptions::seller_id.eq(seller.as_str()))
        .select((Subscription::as_select(), Product::as_select()))
        .load(conn)?;
    let mut by_id: std::collections::HashMap<String, (Subscription, Product)> = rows
        .into_iter()
        .map(|row| (row.0.id.as_str().to_owned(), row))
        .collect();
    Ok(items
        .into_iter()
        .map(|item| {
            let row = by_id.remove(item.subscription_id.as_str());
            (item, row)
        })
        .collect())
}

/// Chooses the batch's partner and stores, on every item, the version of its subscription now
/// (the preview's), forgetting outcomes of a confirmation that was stopped. Drafts only; returns
/// the batches changed (0: not a draft).
pub fn choose_partner(conn: &mut DbConn, id: &BatchId, partner: &PartnerId) -> QueryResult<usize> {
    let changed = diesel::update(
        assignment_batches::table
            .filter(assignment_batches::id.eq(id.as_str()))
            .filter(assignment_batches::state.eq(BatchState::Draft)),
    )
    .set(assignment_batches::partner_id.eq(partner.as_str()))
    .execute(conn)?;
    if changed == 0 {
        return Ok(0);
    }
    let version = subscriptions::table
        .filter(subscriptions::id.eq(assignment_batch_items::subscription_id))
        .select(subscriptions::version)
        .single_value();
    diesel::update(
        assignment_batch_items::table.filter(assignment_batch_items::batch_id.eq(id.as_str())),
    )
    .set((
        assignment_batch_items::seen_version.eq(version),
        assignment_batch_items::outcome.eq(None::<ItemOutcome>),
        assignment_batch_items::reason.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(changed)
}

/// Marks a draft batch with a chosen partner done; returns the batches changed (0: it was not a
/// draft, or had no partner). The row stays locked until the transaction ends, so that a second
/// confirmation waits and then changes nothing.
pub fn mark_done(conn: &mut DbConn, id: &BatchId, all_or_nothing: bool) -> QueryResult<usize> {
    diesel::update(
        assignment_batches::table
            .filter(assignment_batches::id.eq(id.as_str()))
            .filter(assignment_batches::state.eq(BatchState::Draft))
            .filter(assignment_batches::partner_id.is_not_null()),
    )
    .set((
        assignment_batches::state.eq(BatchState::Done),
        assignment_batches::done_at.eq(Some(crate::db::now())),
        assignment_batches::all_or_nothing.eq(all_or_nothing),
    ))
    .execute(conn)
}

/// Replaces the batch's items by these (the same subscriptions, with their outcomes): two
/// statements and a multi-row insert, whatever the count.
pub fn store_items(conn: &mut DbConn, id: &BatchId, items: &[BatchItem]) -> QueryResult<()> {
    diesel::delete(
        assignment_batch_items::table.filter(assignment_batch_items::batch_id.eq(id.as_str())),
    )
    .execute(conn)?;
    insert_items(conn, items)
}

/// Deletes draft batches made before `before` (their items go with them); returns how many.
pub fn purge_drafts(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    let old = assignment_batches::table
        .filter(assignment_batches::state.eq(BatchState::Draft))
        .filter(assignment_batches::created_at.lt(before))
        .select(assignment_batches::id);
    diesel::delete(
        assignment_batch_items::table.filter(assignment_batch_items::batch_id.eq_any(old)),
    )
    .execute(conn)?;
    diesel::delete(
        assignment_batches::table
            .filter(assignment_batches::state.eq(BatchState::Draft))
            .filter(assignment_batches::created_at.lt(before)),
    )
    .execute(conn)
}

/// Of these subscriptions, those `partner` sees (rule 9: it sold, earns on or supports them, and
/// has an active relationship with their customer), with their products; in lists of
/// [`IDS_PER_QUERY`].
pub fn subscriptions_visible_to_partner(
    conn: &mut DbConn,
    ids: &[&str],
    partner: &PartnerId,
) -> QueryResult<Vec<(Subscription, Product)>> {
    let p = partner.as_str();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let active: RelationshipState = RelationshipState::Active;
        out.extend(
            subscriptions::table
                .inner_join(products::table)
                .filter(subscriptions::id.eq_any(chunk))
                .filter(
                    subscriptions::seller_id
                        .eq(p)
                        .or(subscriptions::reseller_of_record_id.eq(p))
                        .or(subscriptions::support_contact_id.eq(p)),
                )
                .filter(diesel::dsl::exists(
                    customer_relationships::table
                        .filter(customer_relationships::customer_id.eq(subscriptions::customer_id))
                        .filter(customer_relationships::partner_id.eq(p))
                        .filter(customer_relationships::state.eq(active)),
                ))
                .select((Subscription::as_select(), Product::as_select()))
                .load(conn)?,
        );
    }
    Ok(out)
}

/// Of these subscriptions, those `seller` sold to a customer it has an active relationship with
/// (so sees, rule 9), with their products: each found by its primary key.
pub fn subscriptions_sold_by(
    conn: &mut DbConn,
    ids: &[&str],
    seller: &PartnerId,
) -> QueryResult<Vec<(Subscription, Product)>> {
    let p = seller.as_str();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let active: RelationshipState = RelationshipState::Active;
        out.extend(
            subscriptions::table
                .inner_join(products::table)
                .filter(subscriptions::id.eq_any(chunk))
                .filter(subscriptions::seller_id.eq(p))
                .filter(diesel::dsl::exists(
                    customer_relationships::table
                        .filter(customer_relationships::customer_id.eq(subscriptions::customer_id))
                        .filter(customer_relationships::partner_id.eq(p))
                        .filter(customer_relationships::state.eq(active)),
                ))
                .select((Subscription::as_select(), Product::as_select()))
                .load(conn)?,
        );
    }
    Ok(out)
}

/// `partner`'s relationships (any state) with these customers, in lists of [`IDS_PER_QUERY`].
/// With `for_share`, read under a shared lock held until the transaction ends (PostgreSQL
/// `FOR SHARE`; on SQLite the write transaction already excludes every other writer): see
/// [`crate::db::models::relationship::find_for_share`]; lock the partnership first.
pub fn relationships_with_customers(
    conn: &mut DbConn,
    partner: &PartnerId,
    customers: &[&str],
    for_share: bool,
) -> QueryResult<Vec<Relationship>> {
    let mut out = Vec::new();
    for chunk in customers.chunks(IDS_PER_QUERY) {
        let query = customer_relationships::table
            .filter(customer_relationships::partner_id.eq(partner.as_str()))
            .filter(customer_relationships::customer_id.eq_any(chunk))
            .order(customer_relationships::customer_id.asc());
        // One `as_select()` per backend: it is typed by the backend it loads for.
        out.extend(match conn {
            DbConn::Postgres(pg) if for_share => query
                .select(Relationship::as_select())
                .for_share()
                .load(pg)?,
            DbConn::Postgres(pg) => query.select(Relationship::as_select()).load(pg)?,
            DbConn::Sqlite(sqlite) => query.select(Relationship::as_select()).load(sqlite)?,
        });
    }
    Ok(out)
}

/// How many subscriptions a batch holds.
pub fn item_count(conn: &mut DbConn, id: &BatchId) -> QueryResult<usize> {
    let n: i64 = assignment_batch_items::table
        .filter(assignment_batch_items::batch_id.eq(id.as_str()))
        .count()
        .get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The error of this module's queries, for a domain transaction's own error type to convert from.
pub type QueryError = diesel::result::Error;
