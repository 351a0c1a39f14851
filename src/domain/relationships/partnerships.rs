//! An indirect provider's resellers, and the end of a partnership.

use super::customer_side::RemovalDone;
use super::reseller_of;
use super::revert::{EndingChange, affected_by, defaults_affected_by, revert_affected};
use crate::db::DbConn;
use crate::db::ids::MpnId;
use crate::db::models::audit::Operation;
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::{self, Partner, Partnership, PartnershipState};
use crate::db::models::subscription;
use crate::domain::customers::SubscriptionRow;
use crate::domain::support_contact::customer_default::ClearedDefault;
use crate::domain::{Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;

/// One reseller on the provider's Resellers page.
#[derive(Debug, Clone)]
pub struct ResellerRow {
    /// The partnership.
    pub partnership: Partnership,
    /// The reseller.
    pub reseller: Partner,
    /// Subscriptions the provider sells that this reseller supports.
    pub supports: usize,
}

impl ResellerRow {
    /// Whether the partnership is active (and so can be ended).
    pub fn is_active(&self) -> bool {
        self.partnership.state == PartnershipState::Active
    }

    /// The partnership's state, to be put into words.
    pub fn state_msg(&self) -> Msg {
        Msg::new(self.partnership.state.label_key())
    }
}

/// The provider's resellers (its Global admin).
pub fn resellers(conn: &mut DbConn, ctx: &Ctx) -> Result<Vec<ResellerRow>, AppError> {
    let actor = &ctx.actor;
    let provider = actor.partnership_manager()?;
    let partnerships = partner::resellers_of(conn, provider)?;
    let mut rows = Vec::with_capacity(partnerships.len());
    let supported = subscription::supported_by_resellers_of_seller(conn, provider)?;
    for (partnership, reseller) in partnerships {
        let supports = supported
            .iter()
            .find(|(id, _)| id == reseller.id.as_str())
            .map_or(0, |(_, n)| *n);
        rows.push(ResellerRow {
            partnership,
            reseller,
            supports: usize::try_from(supports).unwrap_or(0),
        });
    }
    Ok(rows)
}

/// What ending a partnership would do.
#[derive(Debug, Clone)]
pub struct PartnershipRemovalPreview {
    /// The reseller.
    pub reseller: Partner,
    /// The provider's subscriptions (all customers) whose contact reverts to the provider.
    pub affected: Vec<(Customer, SubscriptionRow)>,
    /// The provider's defaults for customers' new subscriptions that name the reseller, which
    /// ending the partnership clears (rule 3).
    pub defaults: Vec<ClearedDefault>,
}

/// The confirmation page for ending a partnership with a reseller (provider Global admin).
pub fn partnership_removal_preview(
    conn: &mut DbConn,
    ctx: &Ctx,
    mpn: MpnId,
) -> Result<PartnershipRemovalPreview, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    let provider_id = actor.partnership_manager()?;
    let provider = partner::find(conn, provider_id)?.ok_or(AppError::NotFound)?;
    let (reseller, _) = reseller_of(conn, &provider, mpn)?;
    let change = EndingChange::PartnershipRemoved {
        provider: provider_id,
        reseller: &reseller.id,
    };
    let rows = affected_by(conn, change, rule)?;
    let defaults = defaults_affected_by(conn, change, rule)?;
    let mut ids: Vec<&str> = rows
        .iter()
        .map(|r| r.subscription.customer_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let customers = customer::find_many(conn, &ids)?;
    let affected = rows
        .into_iter()
        .filter_map(|row| {
            let c = customers
                .iter()
                .find(|c| c.id == row.subscription.customer_id)?
                .clone();
            Some((c, row))
        })
        .collect();
    Ok(PartnershipRemovalPreview {
        reseller,
        affected,
        defaults,
    })
}

/// Ends a partnership with a reseller and reverts every subscription of the provider that the
/// reseller supported (rule 3), in one transaction.
pub fn remove_partnership(
    conn: &mut DbConn,
    ctx: &Ctx,
    mpn: MpnId,
) -> Result<RemovalDone, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    let provider_id = actor.partnership_manager()?.clone();
    crate::db::write_transaction(conn, |conn| {
        let provider = partner::find(conn, &provider_id)?.ok_or(AppError::NotFound)?;
        let (reseller, partnership) = reseller_of(conn, &provider, mpn)?;
        if partner::remove_partnership(conn, &partnership.id)? != 1 {
            return Err(AppError::NotFound);
        }
        let cause = actor.record(
            conn,
            Operation::PartnershipRemoved,
            Concerning {
                partner: Some(&reseller.id),
                customer: None,
                subscription: None,
            },
            Some("active"),
            Some("removed"),
        )?;
        let change = EndingChange::PartnershipRemoved {
            provider: &provider_id,
            reseller: &reseller.id,
        };
        let done = revert_affected(conn, actor, change, rule, &cause)?;
        Ok(RemovalDone {
            partner_name: reseller.name,
            reverted: done.subscriptions,
            cleared_defaults: done.defaults,
        })
    })
}
