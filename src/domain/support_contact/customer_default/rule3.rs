//! Rule 3 for defaults: a change that ends a partner's eligibility clears every default naming
//! it, in the change's own transaction, one audit event each.

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, CustomerId, PartnerId};
use crate::db::models::audit::Operation;
use crate::db::models::customer;
use crate::db::models::partner;
use crate::db::models::support_default::{self, DefaultScope, SupportDefault};
use crate::domain::{Actor, Concerning, EventLinks};
use crate::error::AppError;

/// Which defaults a change makes ineligible.
#[derive(Debug, Clone, Copy)]
pub enum DefaultsOf<'a> {
    /// The customer's defaults naming the partner (its relationship, or delegated admin under
    /// rule 2c, ends).
    Customer {
        /// The customer.
        customer: &'a CustomerId,
        /// The partner.
        partner: &'a PartnerId,
    },
    /// Every default of the seller naming the reseller (their partnership ends).
    Seller {
        /// The seller (an indirect provider).
        seller: &'a PartnerId,
        /// The reseller.
        partner: &'a PartnerId,
    },
}

/// A default that a change clears (or would clear), with the names the pages show.
#[derive(Debug, Clone)]
pub struct ClearedDefault {
    /// The customer's company name.
    pub customer_name: String,
    /// The seller whose new subscriptions took the default.
    pub seller_id: PartnerId,
    /// Its name.
    pub seller_name: String,
    /// The partner it named.
    pub partner_name: String,
}

fn rows(conn: &mut DbConn, of: DefaultsOf<'_>) -> Result<Vec<SupportDefault>, AppError> {
    Ok(match of {
        DefaultsOf::Customer { customer, partner } => {
            support_default::naming(conn, DefaultScope::Customer(customer), partner)?
        }
        DefaultsOf::Seller { seller, partner } => {
            support_default::naming(conn, DefaultScope::Seller(seller), partner)?
        }
    })
}

/// The rows with their names, in three queries whatever their number.
fn named(conn: &mut DbConn, rows: &[SupportDefault]) -> Result<Vec<ClearedDefault>, AppError> {
    let mut customer_ids: Vec<&str> = rows.iter().map(|d| d.customer_id.as_str()).collect();
    customer_ids.sort_unstable();
    customer_ids.dedup();
    let mut partner_ids: Vec<&str> = rows
        .iter()
        .flat_map(|d| [d.seller_id.as_str(), d.partner_id.as_str()])
        .collect();
    partner_ids.sort_unstable();
    partner_ids.dedup();
    let customers = customer::find_many(conn, &customer_ids)?;
    let partners = partner::find_many(conn, &partner_ids)?;
    let partner_name = |id: &PartnerId| {
        partners
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    Ok(rows
        .iter()
        .map(|d| ClearedDefault {
            customer_name: customers
                .iter()
                .find(|c| c.id == d.customer_id)
                .map(|c| c.company_name.clone())
                .unwrap_or_default(),
            seller_id: d.seller_id.clone(),
            seller_name: partner_name(&d.seller_id),
            partner_name: partner_name(&d.partner_id),
        })
        .collect())
}

/// The defaults `of` names, for the preview before the change.
pub fn naming(conn: &mut DbConn, of: DefaultsOf<'_>) -> Result<Vec<ClearedDefault>, AppError> {
    let rows = rows(conn, of)?;
    named(conn, &rows)
}

/// Rule 3, inside the caller's transaction: clears each default `of` names, one
/// `support_contact.default_cleared` event each, naming `cause` (the change's own event) and
/// concerning the seller (whose new subscriptions now take the seller itself). Returns them.
pub fn clear_naming(
    conn: &mut DbConn,
    actor: &Actor,
    of: DefaultsOf<'_>,
    cause: &AuditEventId,
) -> Result<Vec<ClearedDefault>, AppError> {
    let rows = rows(conn, of)?;
    let mut cleared = Vec::with_capacity(rows.len());
    for d in rows {
        if support_default::delete_if(conn, &d.customer_id, &d.seller_id, &d.partner_id)? != 1 {
            continue;
        }
        actor.record_linked(
            conn,
            Operation::SupportDefaultCleared,
            Concerning {
                partner: Some(&d.seller_id),
                customer: Some(&d.customer_id),
                subscription: None,
            },
            Some(d.partner_id.as_str()),
            None,
            EventLinks {
                cause: Some(cause),
                batch: None,
            },
        )?;
        cleared.push(d);
    }
    named(conn, &cleared)
}
