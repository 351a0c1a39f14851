//! The review of a change (rule 5): what changed, and what the customer now sees.

use super::assign::describe_actor;
use super::{SubscriptionView, visible_subscription};
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, SubscriptionId, TenantId};
use crate::db::models::audit::{self, Operation};
use crate::db::models::partner::{self, Partner};
use crate::domain::Ctx;
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
    Ok(ChangeReview {
        changed_by: describe_actor(conn, &event)?,
        changed_at: event.occurred_at,
        before,
        after,
        superseded,
        view,
    })
}
