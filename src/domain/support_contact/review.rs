//! The review of a change (rule 5): what changed, and what the customer now sees.

use super::assign::describe_actor;
use super::{SubscriptionView, visible_subscription};
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, SubscriptionId, TenantId};
use crate::db::models::audit::{self, Operation};
use crate::db::models::partner::{self, Partner};
use crate::db::models::subscription;
use crate::domain::Ctx;
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::error::AppError;
use crate::i18n::Msg;
use chrono::NaiveDateTime;

/// The review page after an assignment (rule 5).
#[derive(Debug, Clone)]
pub struct ChangeReview {
    /// The subscription as it is now.
    pub view: SubscriptionView,
    /// The contact before the change (`None`: Microsoft).
    pub before: Option<Partner>,
    /// The contact the change set.
    pub after: Option<Partner>,
    /// Who made the change.
    pub changed_by: Msg,
    /// When (UTC).
    pub changed_at: NaiveDateTime,
    /// The contact changed again after this change.
    pub superseded: bool,
    /// The customer's other subscriptions the actor may assign, with their contacts, when there
    /// are at most [`OTHERS_LISTED`] ("Change another subscription of this customer").
    pub others: Vec<SubscriptionRow>,
    /// How many other subscriptions of the customer the actor may assign.
    pub others_count: usize,
}

/// Most other subscriptions the review lists by name; with more, it links to the customer page.
pub const OTHERS_LISTED: usize = 10;

/// The customer's subscriptions other than `view`'s that the actor may assign (rule 4: sold by
/// its organization, and its role assigns), and how many; listed only up to [`OTHERS_LISTED`].
fn other_assignable(
    conn: &mut DbConn,
    ctx: &Ctx,
    view: &SubscriptionView,
) -> Result<(Vec<SubscriptionRow>, usize), AppError> {
    let Some(partner_id) = ctx.actor.partner_id() else {
        return Ok((Vec::new(), 0));
    };
    if !ctx.actor.may_assign_support_contacts() {
        return Ok((Vec::new(), 0));
    }
    let others: Vec<_> =
        subscription::list_visible_to_partner(conn, &view.customer.id, partner_id)?
            .into_iter()
            .filter(|(s, _)| {
                s.id != view.subscription.id && s.seller_id.as_ref() == Some(partner_id)
            })
            .collect();
    let count = others.len();
    if count > OTHERS_LISTED {
        return Ok((Vec::new(), count));
    }
    Ok((with_partners(conn, others)?, count))
}

/// One assignment made by the actor's organization on a subscription it can see.
pub fn change_review(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    id: &SubscriptionId,
    event_id: &AuditEventId,
) -> Result<ChangeReview, AppError> {
    let actor = &ctx.actor;
    let view = visible_subscription(conn, actor, tenant, id)?;
    let event = audit::find_for_subscription(conn, event_id, id)?
        .filter(|e| e.operation == Operation::SupportContactAssigned)
        .filter(|e| e.actor_partner_id.as_ref() == actor.partner_id())
        .ok_or(AppError::NotFound)?;
    let ids: Vec<&str> = [event.old_value.as_deref(), event.new_value.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let partners = partner::find_many(conn, &ids)?;
    let pick =
        |id: Option<&str>| id.and_then(|id| partners.iter().find(|p| p.id.as_str() == id).cloned());
    let before = pick(event.old_value.as_deref());
    let after = pick(event.new_value.as_deref());
    let superseded = view.support_contact.as_ref().map(|p| &p.id) != after.as_ref().map(|p| &p.id);
    let (others, others_count) = other_assignable(conn, ctx, &view)?;
    Ok(ChangeReview {
        others,
        others_count,
        changed_by: describe_actor(conn, &event)?,
        changed_at: event.occurred_at,
        before,
        after,
        superseded,
        view,
    })
}
