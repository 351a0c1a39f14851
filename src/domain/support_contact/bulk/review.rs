//! The batch review (rule 5 for many): what changed, what was refused and why, and what each
//! customer now sees.

use crate::db::DbConn;
use crate::db::models::batch::{Batch, ItemOutcome};
use crate::db::models::customer::Customer;
use crate::db::models::partner::{self, Partner};
use crate::db::models::product::Product;
use crate::db::models::subscription::Subscription;
use crate::error::AppError;
use crate::i18n::Msg;

use super::ROWS_SHOWN;
use super::eligibility::reason_and_fix;
use super::preview::{BatchRow, load_rows};

/// One changed or refused row.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    /// The subscription as it is now.
    pub row: BatchRow,
    /// The contact before the batch (`None`: Microsoft).
    pub before: Option<Partner>,
    /// Why it was refused.
    pub why: Option<Msg>,
    /// How to make the partner eligible, when that was the reason.
    pub fix: Option<Msg>,
}

/// What one customer now sees for the products the batch changed.
#[derive(Debug, Clone)]
pub struct CustomerSees {
    /// The customer.
    pub customer: Customer,
    /// The changed subscriptions, with their products.
    pub subscriptions: Vec<(Product, Subscription)>,
}

/// The review of a confirmed batch.
#[derive(Debug, Clone)]
pub struct BatchReview {
    /// The batch.
    pub batch: Batch,
    /// The partner it assigned.
    pub partner: Option<Partner>,
    /// Changed rows (the first [`ROWS_SHOWN`]) and how many.
    pub changed: (Vec<ReviewRow>, usize),
    /// Refused rows and how many.
    pub refused: (Vec<ReviewRow>, usize),
    /// How many the partner already supported.
    pub already: usize,
    /// Per customer (the first [`ROWS_SHOWN`] customers), the changed products.
    pub customers: Vec<CustomerSees>,
}

/// The review, from the outcomes stored on the items.
pub(super) fn review(
    conn: &mut DbConn,
    batch: Batch,
    seller: Partner,
) -> Result<BatchReview, AppError> {
    let chosen = match &batch.partner_id {
        Some(p) => partner::find(conn, p)?,
        None => None,
    };
    let (rows, partners) = load_rows(conn, &batch)?;
    let pick = |id: Option<&crate::db::ids::PartnerId>| {
        id.and_then(|id| partners.iter().find(|p| &p.id == id).cloned())
    };
    let mut out = BatchReview {
        batch: batch.clone(),
        partner: chosen.clone(),
        changed: (Vec::new(), 0),
        refused: (Vec::new(), 0),
        already: 0,
        customers: Vec::new(),
    };
    for (item, row) in rows {
        match item.outcome {
            Some(ItemOutcome::Already) => out.already += 1,
            Some(ItemOutcome::Assigned) => {
                out.changed.1 += 1;
                let Some(row) = row else { continue };
                add_seen(&mut out.customers, &row);
                if out.changed.0.len() < ROWS_SHOWN {
                    out.changed.0.push(ReviewRow {
                        before: pick(item.old_contact_id.as_ref()),
                        row,
                        why: None,
                        fix: None,
                    });
                }
            }
            Some(ItemOutcome::Refused) | None => {
                out.refused.1 += 1;
                let (Some(row), Some(chosen)) = (row, &chosen) else {
                    continue;
                };
                if out.refused.0.len() < ROWS_SHOWN {
                    let code = item.reason.as_deref().unwrap_or_default();
                    let (why, fix) = reason_and_fix(code, &seller, chosen, &row.customer);
                    out.refused.0.push(ReviewRow {
                        before: pick(item.old_contact_id.as_ref()),
                        row,
                        why: Some(why),
                        fix,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Adds a changed subscription under its customer (the first [`ROWS_SHOWN`] customers).
fn add_seen(customers: &mut Vec<CustomerSees>, row: &BatchRow) {
    let entry = (row.product.clone(), row.subscription.clone());
    if let Some(c) = customers
        .iter_mut()
        .find(|c| c.customer.id == row.customer.id)
    {
        c.subscriptions.push(entry);
    } else if customers.len() < ROWS_SHOWN {
        customers.push(CustomerSees {
            customer: row.customer.clone(),
            subscriptions: vec![entry],
        });
    }
}
