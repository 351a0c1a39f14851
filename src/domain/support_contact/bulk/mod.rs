//! Bulk assignment (issue 15, item 2): a batch made from a selection of subscriptions, a partner
//! chosen for it, the preview (rule 2 for each subscription), the confirmation (all changes in one
//! write transaction, one audit event each with the batch id) and the batch review (rule 5 for
//! many).

mod confirm;
mod eligibility;
mod preview;
mod review;

pub use confirm::{ConfirmOutcome, ConfirmRequest, confirm_batch};
pub use preview::{BatchPage, ChooseView, Preview, PreviewRow, RowStatus, batch_page};
pub use review::{BatchReview, CustomerSees, ReviewRow};

use crate::db::DbConn;
use crate::db::ids::{BatchId, MpnId, PartnerId, SubscriptionId};
use crate::db::models::batch::{self, Batch, BatchItem, BatchState, NewBatch};
use crate::db::models::customer::{self, Customer, fold_case};
use crate::db::models::partner::{self, Partner, PartnerKind};
use crate::domain::{Actor, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;

use super::BATCH_LIMIT;

/// Rows a page lists of each kind (will change, already, cannot; changed, refused); the counts
/// on top are of all of them, so that a batch of 10,000 costs a page of this size.
pub const ROWS_SHOWN: usize = 200;

/// A selection posted to `POST /subscriptions/batches`, read by the web layer.
#[derive(Debug, Clone, Default)]
pub struct BatchRequest {
    /// The selected subscriptions (duplicates allowed: they count once).
    pub subscriptions: Vec<SubscriptionId>,
    /// The partner to choose at once.
    pub partner: Option<MpnId>,
    /// The page the selection came from, already checked to be one of ours.
    pub back: Option<String>,
    /// "Select all N matching": the subscription list's filter, whose matching subscriptions are
    /// the selection (read when the batch is made; `subscriptions` is then not read).
    pub matching: Option<crate::domain::subscription_list::SubscriptionQuery>,
}

/// What became of a selection.
#[derive(Debug, Clone)]
pub enum CreateOutcome {
    /// The draft batch, and a note when the partner given could not be chosen.
    Created {
        /// The batch.
        batch: BatchId,
        /// Why the given partner was not chosen.
        note: Option<Msg>,
    },
    /// Nothing made: why (an empty selection, too many).
    Refused(Msg),
}

/// Whether `back` may be offered as the way back: a path of the Customers workspace or of the
/// subscriptions list, on this site.
pub fn is_allowed_back(back: &str) -> bool {
    (back.starts_with("/customers") || back.starts_with("/subscriptions"))
        && !back.starts_with("//")
        && !back.contains('\\')
        && back.len() <= 2_000
        && !back.chars().any(char::is_control)
}

/// Why `actor` may not assign a subscription sold by `seller` (rule 4), as the subscription
/// form says it; `None`: it may.
fn refusal_for_seller(
    conn: &mut DbConn,
    actor: &Actor,
    seller: Option<&PartnerId>,
) -> Result<Option<Msg>, AppError> {
    if seller != actor.partner_id() {
        let name = match seller {
            Some(id) => partner::find(conn, id)?.map(|p| p.name),
            None => None,
        };
        return Ok(Some(
            Msg::new("assign-only-seller")
                .arg("seller", name.unwrap_or_else(|| "Microsoft".into())),
        ));
    }
    if !actor.may_assign_support_contacts() {
        return Ok(Some(
            Msg::new("assign-role-read-only").arg("role", Msg::new(actor.role.label_key())),
        ));
    }
    Ok(None)
}

/// Makes a draft batch of the selected subscriptions (contract C1): each must be visible to the
/// actor's organization (else NotFound, as a missing one) and sold by it, with a role that
/// assigns (else Forbidden, as on the subscription form). With a partner given, it is chosen at
/// once (and the versions seen stored).
pub fn create_batch(
    conn: &mut DbConn,
    ctx: &Ctx,
    request: &BatchRequest,
) -> Result<CreateOutcome, AppError> {
    let actor = &ctx.actor;
    let seller_id = actor.customer_workspace()?.clone();
    let matched;
    let selected = match &request.matching {
        // One more than the limit, so that a larger match is refused by name below.
        Some(query) => {
            matched =
                crate::domain::subscription_list::matching_ids(conn, ctx, query, BATCH_LIMIT + 1)?;
            &matched
        }
        None => &request.subscriptions,
    };
    let mut ids: Vec<&str> = Vec::with_capacity(selected.len());
    let mut seen = std::collections::HashSet::new();
    for id in selected {
        if seen.insert(id.as_str()) {
            ids.push(id.as_str());
        }
    }
    if ids.is_empty() {
        return Ok(CreateOutcome::Refused(Msg::new("batch-none-selected")));
    }
    if ids.len() > BATCH_LIMIT {
        return Ok(CreateOutcome::Refused(
            Msg::new("batch-over-limit")
                .arg("limit", BATCH_LIMIT)
                .arg("count", ids.len()),
        ));
    }
    // The usual selection is all the organization's own: found by primary key. Only when some
    // are not is the wider (slower) visibility read, to tell 404 (not visible) from 403.
    let mut visible = batch::subscriptions_sold_by(conn, &ids, &seller_id)?;
    if visible.len() != ids.len() {
        visible = batch::subscriptions_visible_to_partner(conn, &ids, &seller_id)?;
        if visible.len() != ids.len() {
            return Err(AppError::NotFound);
        }
    }
    let other_seller = visible
        .iter()
        .find(|(s, _)| s.seller_id.as_ref() != Some(&seller_id))
        .map(|(s, _)| s.seller_id.clone());
    let refusal = match other_seller {
        Some(seller) => refusal_for_seller(conn, actor, seller.as_ref())?,
        None => refusal_for_seller(conn, actor, Some(&seller_id))?,
    };
    if let Some(why) = refusal {
        return Err(AppError::Forbidden(why));
    }
    let seller = partner::find(conn, &seller_id)?.ok_or(AppError::NotFound)?;
    let id = BatchId::generate();
    let items: Vec<BatchItem> = visible
        .iter()
        .map(|(s, _)| BatchItem {
            batch_id: id.clone(),
            subscription_id: s.id.clone(),
            customer_id: s.customer_id.clone(),
            seen_version: None,
            outcome: None,
            reason: None,
            old_contact_id: None,
            event_id: None,
        })
        .collect();
    let note = crate::db::write_transaction(conn, |conn| -> Result<Option<Msg>, AppError> {
        batch::insert(
            conn,
            &NewBatch {
                id: &id,
                seller_id: &seller_id,
                created_by: &actor.user_id,
                created_at: crate::db::now(),
                partner_id: None,
                all_or_nothing: false,
                state: BatchState::Draft,
                done_at: None,
                back: request.back.as_deref().filter(|b| is_allowed_back(b)),
            },
            &items,
        )?;
        let Some(mpn) = request.partner else {
            return Ok(None);
        };
        match resolve_partner(conn, &seller, &mpn.to_string())? {
            PartnerMatch::One(chosen) => {
                batch::choose_partner(conn, &id, &chosen.id)?;
                Ok(None)
            }
            PartnerMatch::Several(_) | PartnerMatch::None => Ok(Some(
                Msg::new("batch-partner-unknown")
                    .arg("partner", mpn.to_string())
                    .arg("seller", seller.name.as_str()),
            )),
        }
    })?;
    Ok(CreateOutcome::Created { batch: id, note })
}

/// The partners a typed text names among those the seller may choose (itself and its resellers).
#[derive(Debug, Clone)]
pub enum PartnerMatch {
    /// Exactly one.
    One(Partner),
    /// Several: the page offers each.
    Several(Vec<Partner>),
    /// None.
    None,
}

/// Most partners offered when a name matches several.
const MATCHES_SHOWN: usize = 20;

/// The seller itself and every reseller it has a partnership with (any state: a reseller whose
/// partnership is not active is listed in the preview as one that cannot be chosen, with why).
fn choosable(conn: &mut DbConn, seller: &Partner) -> Result<Vec<Partner>, AppError> {
    let mut out = vec![seller.clone()];
    if seller.kind == PartnerKind::IndirectProvider {
        out.extend(
            partner::resellers_of(conn, &seller.id)?
                .into_iter()
                .map(|(_, r)| r),
        );
    }
    Ok(out)
}

/// The partner that `text` (a PartnerID or part of a name) names among the seller's choices.
fn resolve_partner(
    conn: &mut DbConn,
    seller: &Partner,
    text: &str,
) -> Result<PartnerMatch, AppError> {
    let partners = choosable(conn, seller)?;
    if let Some(mpn) = MpnId::parse(text) {
        return Ok(partners
            .into_iter()
            .find(|p| p.mpn_id == mpn)
            .map_or(PartnerMatch::None, PartnerMatch::One));
    }
    let needle = fold_case(text.trim());
    if needle.is_empty() {
        return Ok(PartnerMatch::None);
    }
    if let Some(exact) = partners.iter().find(|p| fold_case(&p.name) == needle) {
        return Ok(PartnerMatch::One(exact.clone()));
    }
    let mut found: Vec<Partner> = partners
        .into_iter()
        .filter(|p| fold_case(&p.name).contains(&needle))
        .collect();
    Ok(match found.len() {
        0 => PartnerMatch::None,
        1 => PartnerMatch::One(found.remove(0)),
        _ => {
            found.truncate(MATCHES_SHOWN);
            PartnerMatch::Several(found)
        }
    })
}

/// The batch if it is the actor's organization's (else NotFound, rule 9) and the actor's role
/// assigns (else Forbidden, rule 4); with the seller.
fn own_batch(conn: &mut DbConn, actor: &Actor, id: &BatchId) -> Result<(Batch, Partner), AppError> {
    let partner_id = actor.customer_workspace()?;
    let batch = batch::find_for_seller(conn, id, partner_id)?.ok_or(AppError::NotFound)?;
    if let Some(why) = refusal_for_seller(conn, actor, Some(partner_id))? {
        return Err(AppError::Forbidden(why));
    }
    let seller = partner::find(conn, partner_id)?.ok_or(AppError::NotFound)?;
    Ok((batch, seller))
}

/// What became of a partner choice.
#[derive(Debug, Clone)]
pub enum ChooseOutcome {
    /// Chosen: the preview follows.
    Chosen,
    /// The batch was confirmed already: nothing changed.
    AlreadyDone,
    /// Not chosen: the choice page again, with why and the partners the text matched.
    Again {
        /// The page.
        page: Box<ChooseView>,
        /// Why (`None` when several match: the page offers them).
        why: Option<Msg>,
        /// The partners the text matched.
        matches: Vec<Partner>,
    },
}

/// Chooses the batch's partner from a typed text (a PartnerID or part of a name), storing the
/// versions the preview is made from (`POST …/partner`).
pub fn choose_partner(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &BatchId,
    text: &str,
) -> Result<ChooseOutcome, AppError> {
    let (found, seller) = own_batch(conn, &ctx.actor, id)?;
    if found.state == BatchState::Done {
        return Ok(ChooseOutcome::AlreadyDone);
    }
    let (why, matches) = match resolve_partner(conn, &seller, text)? {
        PartnerMatch::One(chosen) => {
            let changed = crate::db::write_transaction(conn, |conn| {
                batch::choose_partner(conn, id, &chosen.id)
            })?;
            return Ok(if changed == 0 {
                ChooseOutcome::AlreadyDone
            } else {
                ChooseOutcome::Chosen
            });
        }
        PartnerMatch::Several(several) => (None, several),
        PartnerMatch::None if text.trim().is_empty() => {
            (Some(Msg::new("batch-partner-empty")), vec![])
        }
        PartnerMatch::None => (
            Some(
                Msg::new("batch-partner-none")
                    .arg("partner", text.trim().to_owned())
                    .arg("seller", seller.name.as_str()),
            ),
            vec![],
        ),
    };
    let page = preview::choose_view(conn, found, seller)?;
    Ok(ChooseOutcome::Again {
        page: Box::new(page),
        why,
        matches,
    })
}

/// The customers with these ids, in lists the backends take.
fn customers_of(conn: &mut DbConn, ids: &[&str]) -> Result<Vec<Customer>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        out.extend(customer::find_many(conn, chunk)?);
    }
    Ok(out)
}

/// Hours a draft batch is kept unconfirmed before the periodic purge deletes it.
pub const DRAFT_HOURS: i64 = 24;

/// Deletes draft batches older than [`DRAFT_HOURS`] (the periodic purge); returns how many.
pub fn purge_old_drafts(conn: &mut DbConn) -> Result<usize, AppError> {
    let cutoff = crate::db::now() - chrono::TimeDelta::hours(DRAFT_HOURS);
    Ok(batch::purge_drafts(conn, cutoff)?)
}
