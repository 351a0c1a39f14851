//! The assignment (rules 4 and 6) and its audit event (rule 7), refused with what changed meanwhile.

use super::eligibility::locked_candidate;
use super::{
    SubscriptionDetail, SubscriptionView, assignment_refusal, detail_of, subscription_detail,
    visible_subscription,
};
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, MpnId, PartnerId, SubscriptionId, TenantId};
use crate::db::models::audit::{self, AuditEvent, Operation};
use crate::db::models::partner;
use crate::db::models::subscription;
use crate::db::models::user;
use crate::domain::{Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::{Arg, IntoArg, Msg};

/// A submitted assignment, read by the web layer into the types it must have. Whether the partner
/// can be chosen and the version is current is checked here, never trusted.
#[derive(Debug, Clone)]
pub struct AssignRequest {
    /// The chosen partner's PartnerID.
    pub support_contact: MpnId,
    /// The subscription version the form was rendered from.
    pub version: i32,
}

/// Why an assignment was refused; nothing changed.
#[derive(Debug, Clone, PartialEq)]
pub enum AssignRefusal {
    /// The input is malformed or names a partner that cannot be chosen.
    Invalid(Msg),
    /// Someone changed the subscription since the form was rendered (rule 6).
    Stale(Msg),
}

/// What became of a submitted assignment.
#[derive(Debug, Clone)]
pub enum AssignOutcome {
    /// Assigned: the audit event the review page shows.
    Assigned(AuditEventId),
    /// Refused: why, and the subscription page to show again, from data read after the refusal
    /// (the current version and contact).
    Refused {
        /// Why.
        why: AssignRefusal,
        /// The page's content.
        page: Box<SubscriptionDetail>,
    },
}

/// Assigns the designated support contact (rules 2, 4, 6, 7): checks visibility and role, then in
/// one transaction re-checks eligibility (on rows it locks against the changes that end it, rule
/// 3) and the version, updates, and writes the audit event.
pub fn assign(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    id: &SubscriptionId,
    request: &AssignRequest,
) -> Result<AssignOutcome, AppError> {
    match crate::db::write_transaction(conn, |conn| {
        assign_in_transaction(conn, ctx, tenant, id, request)
    })? {
        Ok(event) => Ok(AssignOutcome::Assigned(event)),
        Err(why) => refused(conn, ctx, tenant, id, why),
    }
}

/// The answer to an assignment form the web layer could not read (`why` says which field): the
/// checks every submit gets first (visibility, rule 4), then the page again with `why`.
pub fn refuse_unreadable(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    id: &SubscriptionId,
    why: Msg,
) -> Result<AssignOutcome, AppError> {
    let view = visible_subscription(conn, &ctx.actor, tenant, id)?;
    if let Some(why) = assignment_refusal(&ctx.actor, &view) {
        return Err(AppError::Forbidden(why));
    }
    Ok(AssignOutcome::Refused {
        why: AssignRefusal::Invalid(why),
        page: Box::new(detail_of(conn, ctx, view)?),
    })
}

/// The refusal with the page read afresh, after the transaction that refused.
fn refused(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    id: &SubscriptionId,
    why: AssignRefusal,
) -> Result<AssignOutcome, AppError> {
    Ok(AssignOutcome::Refused {
        why,
        page: Box::new(subscription_detail(conn, ctx, tenant, id)?),
    })
}

/// The assignment's transaction: the event written, or why not (nothing written); the outer
/// `Err` is a failure, which rolls it back.
fn assign_in_transaction(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    id: &SubscriptionId,
    request: &AssignRequest,
) -> Result<Result<AuditEventId, AssignRefusal>, AppError> {
    let (actor, rule) = (&ctx.actor, ctx.rule);
    let (mpn, version) = (request.support_contact, request.version);
    // Read inside the transaction (once: the page the form came from may be old), and
    // checked before anything the form says.
    let view = visible_subscription(conn, actor, tenant, id)?;
    if let Some(why) = assignment_refusal(actor, &view) {
        return Err(AppError::Forbidden(why));
    }
    if view.subscription.version != version {
        return Ok(Err(AssignRefusal::Stale(stale_message(conn, &view)?)));
    }
    let Some(seller) = &view.seller else {
        return Err(AppError::Forbidden(Msg::new("bought-from-microsoft")));
    };
    // Rule 3 under concurrency. Lock, then read: the chosen reseller's partnership and
    // relationship rows are locked before eligibility is read, and the decision is taken
    // from the rows as locked (see `locked_candidate`); a removal waits for this
    // transaction and then reverts what it assigned, or this one waits for the removal and
    // refuses. The subscription row read above is guarded by the version in its UPDATE. The
    // seller itself is always eligible. Only the chosen partner is looked at: rule 2 for the
    // seller's other resellers is the form's business.
    let Some(chosen) = locked_candidate(conn, seller, &view.customer, mpn, rule)? else {
        // The PartnerID as typed (text): an identifier, not a number to group.
        return Ok(Err(AssignRefusal::Invalid(
            Msg::new("assign-unknown-partner")
                .arg("mpn", mpn.to_string())
                .arg("seller", seller.name.as_str()),
        )));
    };
    let ineligible = chosen.ineligible;
    // Refused on eligibility alone; the fix only adds words.
    if let Some(why) = ineligible {
        let fix = chosen
            .fix
            .clone()
            .map_or_else(|| Arg::Text(String::new()), IntoArg::into_arg);
        return Ok(Err(AssignRefusal::Invalid(
            Msg::new("assign-ineligible")
                .arg("partner", chosen.partner.name.as_str())
                .arg("customer", view.customer.company_name.as_str())
                .arg("reason", why.reason())
                .arg("fix", fix),
        )));
    }
    if view.support_contact.as_ref().map(|p| &p.id) == Some(&chosen.partner.id) {
        return Ok(Err(AssignRefusal::Invalid(
            Msg::new("assign-already-contact").arg("partner", chosen.partner.name.as_str()),
        )));
    }
    let changed = subscription::update_support_contact(conn, id, version, &chosen.partner.id)?;
    if changed != 1 {
        return Ok(Err(AssignRefusal::Stale(stale_message(conn, &view)?)));
    }
    let old = view.subscription.support_contact_id.as_ref();
    // The partner that gains (or, when the seller takes it back, loses) the contact.
    let concerned = if Some(&chosen.partner.id) == actor.partner_id() {
        old
    } else {
        Some(&chosen.partner.id)
    };
    let event_id = actor.record(
        conn,
        Operation::SupportContactAssigned,
        Concerning {
            partner: concerned,
            customer: Some(&view.customer.id),
            subscription: Some(id),
        },
        old.map(PartnerId::as_str),
        Some(chosen.partner.id.as_str()),
    )?;
    Ok(Ok(event_id))
}

/// "Who changed it meanwhile, to what and when", from the newest assignment event.
fn stale_message(conn: &mut DbConn, view: &SubscriptionView) -> Result<Msg, AppError> {
    let latest = audit::latest_for_subscription(
        conn,
        &view.subscription.id,
        Operation::SupportContactAssigned,
    )?;
    let Some(event) = latest else {
        return Ok(Msg::new("assign-stale-unknown"));
    };
    let who = describe_actor(conn, &event)?;
    let to: Arg = match event.new_value.as_deref() {
        Some(id) => partner::find(conn, &PartnerId::from(id.to_owned()))?.map_or_else(
            || Msg::new("assign-another-partner").into_arg(),
            |p| p.name.into_arg(),
        ),
        // A brand, the same in every language.
        None => "Microsoft".into_arg(),
    };
    Ok(Msg::new("assign-stale")
        .arg("who", who)
        .arg("to", to)
        .arg("when", event.occurred_at))
}

/// Who made a change: "Dana Whitfield (Contoso Distribution)".
pub(super) fn describe_actor(conn: &mut DbConn, event: &AuditEvent) -> Result<Msg, AppError> {
    let name = match &event.actor_user_id {
        Some(id) => user::find(conn, id)?.map(|u| u.display_name),
        None => None,
    };
    let org = match &event.actor_partner_id {
        Some(id) => partner::find(conn, id)?.map(|p| p.name),
        None => None,
    };
    Ok(match (name, org) {
        (Some(n), Some(o)) => Msg::new("assign-actor-user-org")
            .arg("name", n)
            .arg("org", o),
        (Some(n), None) | (None, Some(n)) => Msg::new("assign-actor-name").arg("name", n),
        (None, None) => Msg::new("assign-actor-someone"),
    })
}
