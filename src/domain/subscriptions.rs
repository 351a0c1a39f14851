//! Opening subscriptions (rule 1: the designated support contact starts as the seller).

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, ProductId, SubscriptionId};
use crate::db::models::subscription::{self, NewSubscription, SubscriptionStatus};
use crate::error::AppError;

/// A subscription to open.
#[derive(Debug, Clone)]
pub struct OpenSubscription<'a> {
    /// The customer.
    pub customer: &'a CustomerId,
    /// The product.
    pub product: &'a ProductId,
    /// Licences.
    pub quantity: i32,
    /// Its status.
    pub status: SubscriptionStatus,
    /// Who sold it; `None`: bought directly from Microsoft.
    pub seller: Option<&'a PartnerId>,
    /// Who earns incentives on it (never the same field as the support contact).
    pub reseller_of_record: Option<&'a PartnerId>,
}

/// Rule 1, in this one place: a new subscription's designated support contact.
fn designated_contact<'a>(new: &OpenSubscription<'a>) -> Option<&'a PartnerId> {
    new.seller
}

/// The row of a new subscription, its contact set by rule 1.
fn new_row<'a>(
    id: &'a SubscriptionId,
    new: &OpenSubscription<'a>,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
) -> NewSubscription<'a> {
    NewSubscription {
        id,
        customer_id: new.customer,
        product_id: new.product,
        quantity: new.quantity,
        status: new.status,
        seller_id: new.seller,
        reseller_of_record_id: new.reseller_of_record,
        support_contact_id: designated_contact(new),
        version: 1,
        created_at,
        updated_at: now,
    }
}

/// Opens a subscription whose designated support contact is its seller (rule 1); Microsoft (none)
/// for a direct purchase.
pub fn open(conn: &mut DbConn, new: &OpenSubscription<'_>) -> Result<SubscriptionId, AppError> {
    let id = SubscriptionId::generate();
    let now = crate::db::now();
    subscription::insert(conn, &new_row(&id, new, now, now))?;
    Ok(id)
}

/// A subscription to open under an id it already has (Partner Center's, from an import), created
/// when the file says.
#[derive(Debug, Clone)]
pub struct OpenWithId<'a> {
    /// Its id.
    pub id: &'a SubscriptionId,
    /// When it was created.
    pub created_at: NaiveDateTime,
    /// The rest, as for [`open`].
    pub open: OpenSubscription<'a>,
}

/// [`open`] for many subscriptions at once (an import's chunk), in bulk inserts; rule 1 as
/// [`open`] applies it. Returns how many were opened.
pub fn open_many(conn: &mut DbConn, rows: &[OpenWithId<'_>]) -> Result<usize, AppError> {
    let now = crate::db::now();
    let rows: Vec<NewSubscription<'_>> = rows
        .iter()
        .map(|r| new_row(r.id, &r.open, r.created_at, now))
        .collect();
    Ok(subscription::insert_bulk(conn, &rows)?)
}
