//! The confirmation: one write transaction that locks what rule 2 depends on, decides each row
//! from the rows as locked, changes the eligible ones (one audit event each, with the batch id)
//! and stores every row's outcome.

use crate::db::DbConn;
use crate::db::ids::{BatchId, PartnerId};
use crate::db::models::audit::Operation;
use crate::db::models::batch::{self, BatchItem, BatchState, ItemOutcome};
use crate::db::models::partner::{self, Partner};
use crate::db::models::subscription;
use crate::domain::{Concerning, Ctx, EventLinks};
use crate::error::AppError;

use super::eligibility::{BulkEligibility, GONE, STALE};
use super::own_batch;

/// A confirmation, as read by the web layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConfirmRequest {
    /// Change nothing if any row is refused.
    pub all_or_nothing: bool,
}

/// What became of a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    /// Confirmed: how many subscriptions changed.
    Done {
        /// Changed.
        changed: usize,
    },
    /// Confirmed before (or by a confirmation that ran at the same time): nothing changed.
    AlreadyDone,
    /// No partner chosen yet: nothing changed.
    NoPartner,
    /// All or nothing, and some rows were refused: nothing changed; the rows say why.
    Stopped {
        /// How many rows were refused.
        refused: usize,
    },
}

/// Why the transaction ended without committing.
enum Abort {
    /// A failure.
    Failed(AppError),
    /// All or nothing, with refused rows: the items with their outcomes.
    Stopped(Vec<BatchItem>, usize),
}

impl From<batch::QueryError> for Abort {
    fn from(e: batch::QueryError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<AppError> for Abort {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

/// Confirms a batch of the actor's organization (`POST …/confirm`).
pub fn confirm_batch(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &BatchId,
    request: ConfirmRequest,
) -> Result<ConfirmOutcome, AppError> {
    let (found, seller) = own_batch(conn, &ctx.actor, id)?;
    if found.state == BatchState::Done {
        return Ok(ConfirmOutcome::AlreadyDone);
    }
    let chosen = match &found.partner_id {
        Some(p) => partner::find(conn, p)?,
        None => None,
    };
    let Some(chosen) = chosen else {
        return Ok(ConfirmOutcome::NoPartner);
    };
    let result = crate::db::write_transaction(conn, |conn| {
        in_transaction(conn, ctx, id, &seller, &chosen, request.all_or_nothing)
    });
    match result {
        Ok(Some(changed)) => Ok(ConfirmOutcome::Done { changed }),
        Ok(None) => Ok(ConfirmOutcome::AlreadyDone),
        Err(Abort::Failed(e)) => Err(e),
        Err(Abort::Stopped(items, refused)) => {
            // Rolled back; only the refusals are kept, on the draft, for the page to list.
            let items: Vec<BatchItem> = items
                .into_iter()
                .map(|mut item| {
                    if item.outcome != Some(ItemOutcome::Refused) {
                        item.outcome = None;
                        item.reason = None;
                    }
                    item.event_id = None;
                    item.old_contact_id = None;
                    item
                })
                .collect();
            crate::db::write_transaction(conn, |conn| {
                // A confirmation that won meanwhile keeps its outcomes.
                match batch::find_for_seller(conn, id, &seller.id)? {
                    Some(b) if b.state == BatchState::Draft => batch::store_items(conn, id, &items),
                    _ => Ok(()),
                }
            })?;
            Ok(ConfirmOutcome::Stopped { refused })
        }
    }
}

/// The confirmation's transaction: `Some(changed)`, or `None` when the batch was no longer a
/// draft (a second confirmation).
fn in_transaction(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &BatchId,
    seller: &Partner,
    chosen: &Partner,
    all_or_nothing: bool,
) -> Result<Option<usize>, Abort> {
    let actor = &ctx.actor;
    // First: the batch row, so that a second confirmation waits here and then finds it done.
    if batch::mark_done(conn, id, all_or_nothing)? == 0 {
        return Ok(None);
    }
    let items = batch::items_with_subscriptions(conn, id, &seller.id)?;
    let mut customers: Vec<&str> = items.iter().map(|(i, _)| i.customer_id.as_str()).collect();
    customers.sort_unstable();
    customers.dedup();
    // Rule 3 under concurrency: lock, then read (partnership, then relationships), and decide
    // from the rows as locked; a removal in flight is waited for and seen, and one that comes
    // later waits for this transaction and then reverts what it assigned.
    let eligibility = BulkEligibility::read(conn, seller, chosen, &customers, ctx.rule, true)?;
    let concerned_is_actor = Some(&chosen.id) == actor.partner_id();
    let (mut changed, mut refused) = (0, 0);
    let mut out = Vec::with_capacity(items.len());
    for (mut item, row) in items {
        let refuse = |item: &mut BatchItem, code: &str| {
            item.outcome = Some(ItemOutcome::Refused);
            item.reason = Some(code.to_owned());
        };
        let Some((sub, _)) = row else {
            refuse(&mut item, GONE);
            refused += 1;
            out.push(item);
            continue;
        };
        item.old_contact_id.clone_from(&sub.support_contact_id);
        if sub.support_contact_id.as_ref() == Some(&chosen.id) {
            item.outcome = Some(ItemOutcome::Already);
        } else if item.seen_version != Some(sub.version) {
            refuse(&mut item, STALE);
        } else if let Some(why) = eligibility.of(sub.customer_id.as_str()) {
            refuse(&mut item, eligibility.code(why));
        } else if subscription::update_support_contact(conn, &sub.id, sub.version, &chosen.id)? != 1
        {
            refuse(&mut item, STALE);
        } else {
            let old = sub.support_contact_id.as_ref();
            // As the single assignment: the partner that gains (or, when the seller takes it
            // back, loses) the contact.
            let concerned = if concerned_is_actor {
                old
            } else {
                Some(&chosen.id)
            };
            let event = actor.record_linked(
                conn,
                Operation::SupportContactAssigned,
                Concerning {
                    partner: concerned,
                    customer: Some(&sub.customer_id),
                    subscription: Some(&sub.id),
                },
                old.map(PartnerId::as_str),
                Some(chosen.id.as_str()),
                EventLinks {
                    cause: None,
                    batch: Some(id),
                },
            )?;
            item.outcome = Some(ItemOutcome::Assigned);
            item.event_id = Some(event);
            changed += 1;
        }
        if item.outcome == Some(ItemOutcome::Refused) {
            refused += 1;
        }
        out.push(item);
    }
    if all_or_nothing && refused > 0 {
        return Err(Abort::Stopped(out, refused));
    }
    batch::store_items(conn, id, &out)?;
    Ok(Some(changed))
}
