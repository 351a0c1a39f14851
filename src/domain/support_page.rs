//! The customer's support page: whom to call for each subscription.

use crate::db::DbConn;
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::Partner;
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
    /// The same subscriptions by contact: one group per partner, by name, then Microsoft's.
    pub groups: Vec<ContactGroup>,
}

/// One contact and the subscriptions it supports.
#[derive(Debug, Clone)]
pub struct ContactGroup {
    /// The partner (`None`: Microsoft, for subscriptions bought directly).
    pub contact: Option<Partner>,
    /// Its subscriptions, by product name.
    pub subscriptions: Vec<SubscriptionRow>,
}

/// The rows grouped by designated support contact: partners by name, Microsoft last.
fn by_contact(rows: &[SubscriptionRow]) -> Vec<ContactGroup> {
    let mut groups: Vec<ContactGroup> = Vec::new();
    for row in rows {
        let key = row.support_contact.as_ref().map(|p| &p.id);
        match groups
            .iter_mut()
            .find(|g| g.contact.as_ref().map(|p| &p.id) == key)
        {
            Some(group) => group.subscriptions.push(row.clone()),
            None => groups.push(ContactGroup {
                contact: row.support_contact.clone(),
                subscriptions: vec![row.clone()],
            }),
        }
    }
    groups.sort_by(|a, b| match (&a.contact, &b.contact) {
        (Some(a), Some(b)) => a.name.cmp(&b.name),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    groups
}

/// The actor's own tenant's subscriptions and their support contacts (customer admins only).
pub fn support_contacts(conn: &mut DbConn, ctx: &Ctx) -> Result<SupportContacts, AppError> {
    let actor = &ctx.actor;
    let customer_id = actor.customer_admin()?;
    let customer = customer::find(conn, customer_id)?.ok_or(AppError::NotFound)?;
    let rows = subscription::list_for_customer(conn, customer_id)?;
    let subscriptions = with_partners(conn, rows)?;
    Ok(SupportContacts {
        groups: by_contact(&subscriptions),
        customer,
        subscriptions,
    })
}
