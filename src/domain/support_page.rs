//! The customer's support page: whom to call for each subscription.

use crate::db::DbConn;
use crate::db::models::customer::{self, Customer};
use crate::db::models::subscription;
use crate::domain::Ctx;
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::error::AppError;

/// The support page's content.
#[derive(Debug, Clone)]
pub struct SupportContacts {
    /// The customer.
    pub customer: Customer,
    /// Every subscription with its designated support contact (`None`: Microsoft).
    pub subscriptions: Vec<SubscriptionRow>,
}

/// The actor's own tenant's subscriptions and their support contacts (customer admins only).
pub fn support_contacts(conn: &mut DbConn, ctx: &Ctx) -> Result<SupportContacts, AppError> {
    let actor = &ctx.actor;
    let customer_id = actor.customer_admin()?;
    let customer = customer::find(conn, customer_id)?.ok_or(AppError::NotFound)?;
    let rows = subscription::list_for_customer(conn, customer_id)?;
    let subscriptions = with_partners(conn, rows)?;
    Ok(SupportContacts {
        customer,
        subscriptions,
    })
}
