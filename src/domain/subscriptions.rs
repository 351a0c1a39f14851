//! Opening subscriptions (rule 1: the designated support contact starts as the customer's default
//! for the seller when one is set and eligible, else as the seller).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::config::EligibilityRule;

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId, ProductId, SubscriptionId};
use crate::db::models::subscription::{self, NewSubscription, SubscriptionStatus};
use crate::domain::support_contact::customer_default;
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

/// The customers' defaults that the subscriptions about to open take, by (customer, seller).
type Defaults = HashMap<(String, String), PartnerId>;

/// Rule 1, in this one place: a new subscription's designated support contact: its customer's
/// default for the seller when set and eligible (`defaults`, from
/// [`customer_default::contacts_for_new`]), else the seller; none for a direct purchase.
fn designated_contact<'a>(
    new: &OpenSubscription<'a>,
    defaults: &'a Defaults,
) -> Option<&'a PartnerId> {
    let seller = new.seller?;
    defaults
        .get(&(new.customer.to_string(), seller.to_string()))
        .or(Some(seller))
}

/// The defaults the subscriptions take, looked up in bulk (rule 2 under shared locks).
fn defaults_of(
    conn: &mut DbConn,
    rule: EligibilityRule,
    new: &[&OpenSubscription<'_>],
) -> Result<Defaults, AppError> {
    let pairs: Vec<(&CustomerId, &PartnerId)> = new
        .iter()
        .filter_map(|n| n.seller.map(|s| (n.customer, s)))
        .collect();
    if pairs.is_empty() {
        return Ok(Defaults::new());
    }
    customer_default::contacts_for_new(conn, rule, &pairs)
}

/// The row of a new subscription, its contact set by rule 1.
fn new_row<'a>(
    id: &'a SubscriptionId,
    new: &OpenSubscription<'a>,
    defaults: &'a Defaults,
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
        support_contact_id: designated_contact(new, defaults),
        version: 1,
        created_at,
        updated_at: now,
    }
}

/// Opens a subscription whose designated support contact follows rule 1 (its customer's default
/// for the seller, when set and eligible under `rule`, else the seller); Microsoft (none) for a
/// direct purchase. Call it inside a write transaction: the default's eligibility is read under
/// shared locks held until the transaction ends.
pub fn open(
    conn: &mut DbConn,
    rule: EligibilityRule,
    new: &OpenSubscription<'_>,
) -> Result<SubscriptionId, AppError> {
    let id = SubscriptionId::generate();
    let now = crate::db::now();
    let defaults = defaults_of(conn, rule, &[new])?;
    subscription::insert(conn, &new_row(&id, new, &defaults, now, now))?;
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
/// [`open`] applies it, with the defaults looked up in bulk (a few queries per chunk, not per
/// row). Returns how many were opened.
pub fn open_many(
    conn: &mut DbConn,
    rule: EligibilityRule,
    rows: &[OpenWithId<'_>],
) -> Result<usize, AppError> {
    let now = crate::db::now();
    let opens: Vec<&OpenSubscription<'_>> = rows.iter().map(|r| &r.open).collect();
    let defaults = defaults_of(conn, rule, &opens)?;
    let rows: Vec<NewSubscription<'_>> = rows
        .iter()
        .map(|r| new_row(r.id, &r.open, &defaults, r.created_at, now))
        .collect();
    Ok(subscription::insert_bulk(conn, &rows)?)
}
