//! The batch page before confirmation: choosing the partner, then the preview (rule 2 for each
//! subscription, computed from the rows as they are now).

use std::collections::HashMap;

use crate::db::DbConn;
use crate::db::ids::{BatchId, PartnerId};
use crate::db::models::batch::{self, Batch, BatchItem, BatchState, ItemOutcome};
use crate::db::models::customer::Customer;
use crate::db::models::partner::{self, Partner};
use crate::db::models::product::Product;
use crate::db::models::subscription::Subscription;
use crate::domain::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;

use super::eligibility::{BulkEligibility, reason_and_fix};
use super::review::{BatchReview, review};
use super::{ROWS_SHOWN, customers_of, own_batch};

/// One subscription of a batch, with its customer and current contact.
#[derive(Debug, Clone)]
pub struct BatchRow {
    /// The customer.
    pub customer: Customer,
    /// The subscription as it is now.
    pub subscription: Subscription,
    /// Its product.
    pub product: Product,
    /// Its designated support contact now (`None`: Microsoft).
    pub contact: Option<Partner>,
}

/// An item with its row (`None`: no longer the seller's subscription).
pub(super) type ItemRow = (BatchItem, Option<BatchRow>);

/// A batch's items with their rows (`None`: no longer the seller's subscription), in a few queries.
pub(super) fn load_rows(
    conn: &mut DbConn,
    batch: &Batch,
) -> Result<(Vec<ItemRow>, Vec<Partner>), AppError> {
    let items = batch::items_with_subscriptions(conn, &batch.id, &batch.seller_id)?;
    let mut customer_ids: Vec<&str> = items.iter().map(|(i, _)| i.customer_id.as_str()).collect();
    customer_ids.sort_unstable();
    customer_ids.dedup();
    let customers: HashMap<String, Customer> = customers_of(conn, &customer_ids)?
        .into_iter()
        .map(|c| (c.id.as_str().to_owned(), c))
        .collect();
    let mut partner_ids: Vec<&str> = items
        .iter()
        .flat_map(|(i, row)| {
            [
                row.as_ref()
                    .and_then(|(s, _)| s.support_contact_id.as_ref()),
                i.old_contact_id.as_ref(),
            ]
        })
        .flatten()
        .map(PartnerId::as_str)
        .collect();
    partner_ids.sort_unstable();
    partner_ids.dedup();
    let partners = partner::find_many(conn, &partner_ids)?;
    let pick =
        |id: Option<&PartnerId>| id.and_then(|id| partners.iter().find(|p| &p.id == id).cloned());
    let rows = items
        .into_iter()
        .map(|(item, row)| {
            let row = row.and_then(|(subscription, product)| {
                let customer = customers.get(item.customer_id.as_str())?.clone();
                Some(BatchRow {
                    contact: pick(subscription.support_contact_id.as_ref()),
                    customer,
                    subscription,
                    product,
                })
            });
            (item, row)
        })
        .collect();
    Ok((rows, partners))
}

/// The batch page: what it shows depends on where the batch is.
#[derive(Debug, Clone)]
pub enum BatchPage {
    /// A draft without a partner: choose one.
    Choose(Box<ChooseView>),
    /// A draft with a partner: the preview.
    Preview(Box<Preview>),
    /// Confirmed: the review.
    Review(Box<BatchReview>),
}

/// The partner choice.
#[derive(Debug, Clone)]
pub struct ChooseView {
    /// The batch.
    pub batch: Batch,
    /// The seller (its staff choose).
    pub seller: Partner,
    /// How many subscriptions are selected.
    pub count: usize,
}

/// A preview row's verdict.
#[derive(Debug, Clone)]
pub enum RowStatus {
    /// The partner is eligible: the contact will change.
    Change,
    /// The partner already supports it.
    Already,
    /// The partner is not eligible for this customer (rule 2): why, and the fix.
    Cannot {
        /// Why.
        reason: Msg,
        /// How to make it eligible.
        fix: Option<Msg>,
    },
}

/// One row of the preview.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    /// The subscription.
    pub row: BatchRow,
    /// What will happen to it.
    pub status: RowStatus,
    /// It changed since the preview was made (a confirmation now refuses it).
    pub changed_since: bool,
    /// Why it stopped an all-or-nothing confirmation.
    pub stopped: Option<Msg>,
}

/// The preview.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The batch.
    pub batch: Batch,
    /// The seller.
    pub seller: Partner,
    /// The chosen partner.
    pub partner: Partner,
    /// Rows that will change (the first [`ROWS_SHOWN`]), and how many there are.
    pub change: (Vec<PreviewRow>, usize),
    /// Rows the partner already supports.
    pub already: (Vec<PreviewRow>, usize),
    /// Rows the partner cannot support.
    pub cannot: (Vec<PreviewRow>, usize),
    /// Subscriptions no longer the seller's to assign.
    pub gone: usize,
    /// Rows changed since the preview was made.
    pub changed_since: usize,
    /// An all-or-nothing confirmation was stopped: the rows that stopped it say why.
    pub stopped: usize,
}

fn push(group: &mut (Vec<PreviewRow>, usize), row: PreviewRow) {
    if group.0.len() < ROWS_SHOWN {
        group.0.push(row);
    }
    group.1 += 1;
}

/// The page of a batch of the actor's organization (another's: NotFound).
pub fn batch_page(conn: &mut DbConn, ctx: &Ctx, id: &BatchId) -> Result<BatchPage, AppError> {
    let (found, seller) = own_batch(conn, &ctx.actor, id)?;
    if found.state == BatchState::Done {
        return Ok(BatchPage::Review(Box::new(review(conn, found, seller)?)));
    }
    let chosen = match &found.partner_id {
        Some(p) => partner::find(conn, p)?,
        None => None,
    };
    let Some(chosen) = chosen else {
        return Ok(BatchPage::Choose(Box::new(choose_view(
            conn, found, seller,
        )?)));
    };
    let (rows, _) = load_rows(conn, &found)?;
    let mut customers: Vec<&str> = rows.iter().map(|(i, _)| i.customer_id.as_str()).collect();
    customers.sort_unstable();
    customers.dedup();
    let eligibility = BulkEligibility::read(conn, &seller, &chosen, &customers, ctx.rule, false)?;
    let mut preview = Preview {
        batch: found.clone(),
        seller: seller.clone(),
        partner: chosen.clone(),
        change: (Vec::new(), 0),
        already: (Vec::new(), 0),
        cannot: (Vec::new(), 0),
        gone: 0,
        changed_since: 0,
        stopped: 0,
    };
    for (item, row) in rows {
        let Some(row) = row else {
            preview.gone += 1;
            continue;
        };
        let changed_since = item.seen_version != Some(row.subscription.version);
        let stopped = (item.outcome == Some(ItemOutcome::Refused)).then(|| {
            reason_and_fix(
                item.reason.as_deref().unwrap_or_default(),
                &seller,
                &chosen,
                &row.customer,
            )
            .0
        });
        preview.changed_since += usize::from(changed_since);
        preview.stopped += usize::from(stopped.is_some());
        let already = row.subscription.support_contact_id.as_ref() == Some(&chosen.id);
        let status = match eligibility.of(row.customer.id.as_str()) {
            _ if already => RowStatus::Already,
            None => RowStatus::Change,
            Some(why) => {
                let (reason, fix) =
                    reason_and_fix(eligibility.code(why), &seller, &chosen, &row.customer);
                RowStatus::Cannot { reason, fix }
            }
        };
        let group = match status {
            RowStatus::Change => &mut preview.change,
            RowStatus::Already => &mut preview.already,
            RowStatus::Cannot { .. } => &mut preview.cannot,
        };
        push(
            group,
            PreviewRow {
                row,
                status,
                changed_since,
                stopped,
            },
        );
    }
    Ok(BatchPage::Preview(Box::new(preview)))
}

/// The partner choice's page.
pub(super) fn choose_view(
    conn: &mut DbConn,
    batch: Batch,
    seller: Partner,
) -> Result<ChooseView, AppError> {
    let count = batch::item_count(conn, &batch.id)?;
    Ok(ChooseView {
        batch,
        seller,
        count,
    })
}
