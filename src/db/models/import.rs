//! CSV imports: the uploaded files kept between preview and confirmation (`import_uploads`, in
//! chunks), and the batched lookups and writes an import makes, a few thousand rows at a time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::bulk::insert_bulk;
use crate::db::ids::{CustomerId, ImportId, PartnerId, UserId};
use crate::db::models::customer::Customer;
use crate::db::models::product::{NewProduct, Product};
use crate::db::models::relationship::{NewRelationship, Relationship, RelationshipState};
use crate::db::models::subscription::{Subscription, SubscriptionStatus};
use crate::db::schema::{
    customer_relationships, customers, import_upload_chunks, import_uploads, products,
    subscriptions,
};
use crate::db::words::text_enum;

text_enum! {
    /// What an import file holds (`import_uploads.kind`).
    pub enum ImportKind {
        /// Customers: company name, primary domain, tenant id, country.
        Customers = "customers" => "import-kind-customers",
        /// Subscriptions of customers already related to the importer.
        Subscriptions = "subscriptions" => "import-kind-subscriptions",
    }
}

/// Bytes per stored chunk of an upload.
pub const CHUNK_BYTES: usize = 1024 * 1024;

/// An uploaded file, without its bytes.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = import_uploads)]
pub struct Upload {
    pub id: ImportId,
    pub partner_id: PartnerId,
    pub kind: ImportKind,
    pub file_name: String,
    pub byte_count: i64,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
}

/// An upload to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = import_uploads)]
pub struct NewUpload<'a> {
    pub id: &'a ImportId,
    pub partner_id: &'a PartnerId,
    pub kind: ImportKind,
    pub file_name: &'a str,
    pub byte_count: i64,
    pub created_by: &'a UserId,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = import_upload_chunks)]
struct NewChunk<'a> {
    upload_id: &'a ImportId,
    seq: i32,
    bytes: &'a [u8],
}

/// Stores an upload and its bytes, in chunks of [`CHUNK_BYTES`].
pub fn insert_upload(conn: &mut DbConn, row: &NewUpload<'_>, bytes: &[u8]) -> QueryResult<()> {
    diesel::insert_into(import_uploads::table)
        .values(row)
        .execute(conn)?;
    for (seq, chunk) in bytes.chunks(CHUNK_BYTES).enumerate() {
        let chunk = NewChunk {
            upload_id: row.id,
            seq: i32::try_from(seq).unwrap_or(i32::MAX),
            bytes: chunk,
        };
        diesel::insert_into(import_upload_chunks::table)
            .values(&chunk)
            .execute(conn)?;
    }
    Ok(())
}

/// The upload with this id, if `partner` made it (another organization's is `None`).
pub fn find_upload(
    conn: &mut DbConn,
    partner: &PartnerId,
    id: &ImportId,
) -> QueryResult<Option<Upload>> {
    import_uploads::table
        .filter(import_uploads::id.eq(id.as_str()))
        .filter(import_uploads::partner_id.eq(partner.as_str()))
        .select(Upload::as_select())
        .first(conn)
        .optional()
}

/// An upload's bytes, its chunks in order.
pub fn upload_bytes(conn: &mut DbConn, id: &ImportId) -> QueryResult<Vec<u8>> {
    let chunks: Vec<Vec<u8>> = import_upload_chunks::table
        .filter(import_upload_chunks::upload_id.eq(id.as_str()))
        .order(import_upload_chunks::seq.asc())
        .select(import_upload_chunks::bytes)
        .load(conn)?;
    Ok(chunks.concat())
}

/// Deletes an upload and its chunks; returns the uploads deleted.
pub fn delete_upload(conn: &mut DbConn, id: &ImportId) -> QueryResult<usize> {
    diesel::delete(
        import_upload_chunks::table.filter(import_upload_chunks::upload_id.eq(id.as_str())),
    )
    .execute(conn)?;
    diesel::delete(import_uploads::table.filter(import_uploads::id.eq(id.as_str()))).execute(conn)
}

/// Deletes the uploads made before `cutoff`, with their chunks; returns the uploads deleted.
pub fn purge_uploads_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    let old = import_uploads::table
        .filter(import_uploads::created_at.lt(cutoff))
        .select(import_uploads::id);
    diesel::delete(import_upload_chunks::table.filter(import_upload_chunks::upload_id.eq_any(old)))
        .execute(conn)?;
    diesel::delete(import_uploads::table.filter(import_uploads::created_at.lt(cutoff)))
        .execute(conn)
}

/// The customers with these tenant ids (no partner scope: an import matches a file's tenants
/// against every customer, and then looks at the importer's relationships with them).
pub fn customers_by_tenant(conn: &mut DbConn, tenants: &[&str]) -> QueryResult<Vec<Customer>> {
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    customers::table
        .filter(customers::tenant_id.eq_any(tenants))
        .select(Customer::as_select())
        .load(conn)
}

/// The customers with these primary domains: (domain, tenant id).
pub fn domains_taken(conn: &mut DbConn, domains: &[&str]) -> QueryResult<Vec<(String, String)>> {
    if domains.is_empty() {
        return Ok(Vec::new());
    }
    customers::table
        .filter(customers::domain.eq_any(domains))
        .select((customers::domain, customers::tenant_id))
        .load(conn)
}

/// `partner`'s relationships (any state) with these customers.
pub fn relationships_with(
    conn: &mut DbConn,
    partner: &PartnerId,
    customer_ids: &[&str],
) -> QueryResult<Vec<Relationship>> {
    if customer_ids.is_empty() {
        return Ok(Vec::new());
    }
    customer_relationships::table
        .filter(customer_relationships::partner_id.eq(partner.as_str()))
        .filter(customer_relationships::customer_id.eq_any(customer_ids))
        .select(Relationship::as_select())
        .load(conn)
}

/// Of these tenant ids, those of customers `partner` has an active relationship with:
/// (tenant id, customer id).
pub fn related_customers(
    conn: &mut DbConn,
    partner: &PartnerId,
    tenants: &[&str],
) -> QueryResult<Vec<(String, CustomerId)>> {
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    customers::table
        .inner_join(customer_relationships::table)
        .filter(customers::tenant_id.eq_any(tenants))
        .filter(customer_relationships::partner_id.eq(partner.as_str()))
        .filter(customer_relationships::state.eq(RelationshipState::Active))
        .select((customers::tenant_id, customers::id))
        .load(conn)
}

/// Makes these relationships active again (delegated admin stays as it was: withdrawn).
pub fn reactivate_relationships(
    conn: &mut DbConn,
    ids: &[&str],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(customer_relationships::table.filter(customer_relationships::id.eq_any(ids)))
        .set((
            customer_relationships::state.eq(RelationshipState::Active),
            customer_relationships::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Inserts relationships: multi-row INSERTs on SQLite, one COPY on PostgreSQL.
pub fn insert_relationships(conn: &mut DbConn, rows: &[NewRelationship<'_>]) -> QueryResult<usize> {
    insert_bulk!(conn, customer_relationships::table, rows, columns = 8)
}

/// Every product (a few hundred at most: the offers partners sell).
pub fn all_products(conn: &mut DbConn) -> QueryResult<Vec<Product>> {
    products::table.select(Product::as_select()).load(conn)
}

/// Inserts products.
pub fn insert_products(conn: &mut DbConn, rows: &[NewProduct<'_>]) -> QueryResult<usize> {
    insert_bulk!(conn, products::table, rows, columns = 4)
}

/// The subscriptions with these ids.
pub fn subscriptions_by_id(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<Subscription>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    subscriptions::table
        .filter(subscriptions::id.eq_any(ids))
        .select(Subscription::as_select())
        .load(conn)
}

/// A subscription's fields an import changes.
#[derive(Debug)]
pub struct SubscriptionChange<'a> {
    pub id: &'a str,
    pub product_id: &'a str,
    pub quantity: i32,
    pub status: SubscriptionStatus,
    pub reseller_of_record_id: Option<&'a str>,
}

/// Writes an import's changes to existing subscriptions, bumping each one's version (an open
/// assignment form then sees the change); the designated support contact is left as it is.
pub fn update_subscriptions(
    conn: &mut DbConn,
    changes: &[SubscriptionChange<'_>],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut changed = 0;
    for c in changes {
        changed += diesel::update(subscriptions::table.filter(subscriptions::id.eq(c.id)))
            .set((
                subscriptions::product_id.eq(c.product_id),
                subscriptions::quantity.eq(c.quantity),
                subscriptions::status.eq(c.status),
                subscriptions::reseller_of_record_id.eq(c.reseller_of_record_id),
                subscriptions::version.eq(subscriptions::version + 1),
                subscriptions::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(changed)
}

/// Of these tenant ids, those that partners have (an organization's tenant is either).
pub fn partner_tenants(conn: &mut DbConn, tenants: &[&str]) -> QueryResult<Vec<String>> {
    use crate::db::schema::partners;
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    partners::table
        .filter(partners::tenant_id.eq_any(tenants))
        .select(partners::tenant_id)
        .load(conn)
}

/// Refreshes PostgreSQL's planner statistics of the tables an import reads and grows, inside its
/// transaction (ANALYZE counts the transaction's own new rows): without them, a table that grew by
/// a hundred thousand rows since autovacuum last looked is planned as the small table it was, and
/// each chunk's lookups scan it whole. SQLite plans by its indexes: nothing to do there.
pub fn refresh_statistics(conn: &mut DbConn) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConn::Postgres(pg) => {
            pg.batch_execute("ANALYZE customers, customer_relationships, subscriptions, products")
        }
        DbConn::Sqlite(_) => Ok(()),
    }
}
