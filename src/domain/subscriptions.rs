//! Opening subscriptions (rule 1: the designated support contact starts as the seller).

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

/// Opens a subscription whose designated support contact is its seller (rule 1); Microsoft (none)
/// for a direct purchase.
pub fn open(conn: &mut DbConn, new: &OpenSubscription<'_>) -> Result<SubscriptionId, AppError> {
    let id = SubscriptionId::generate();
    let now = crate::db::now();
    subscription::insert(
        conn,
        &NewSubscription {
            id: &id,
            customer_id: new.customer,
            product_id: new.product,
            quantity: new.quantity,
            status: new.status,
            seller_id: new.seller,
            reseller_of_record_id: new.reseller_of_record,
            support_contact_id: new.seller,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    Ok(id)
}
