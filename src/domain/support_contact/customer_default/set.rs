//! Setting (or clearing) a customer's default: rules 2, 4, 6 and 7, refused with what changed
//! meanwhile.

use super::{DefaultPage, change_refusal, context, default_page, page_of};
use crate::db::DbConn;
use crate::db::ids::{MpnId, PartnerId, TenantId};
use crate::db::models::partner;
use crate::db::models::support_default::{self, NewSupportDefault};
use crate::domain::support_contact::assign::describe_actor;
use crate::domain::support_contact::eligibility::locked_candidate;
use crate::domain::{Concerning, Ctx};
use crate::error::AppError;
use crate::i18n::{Arg, IntoArg, Msg};

/// A submitted default, read by the web layer into the types it must have.
#[derive(Debug, Clone)]
pub struct SetDefaultRequest {
    /// The chosen partner's PartnerID (the seller's own: no default).
    pub partner: MpnId,
    /// The partner in force when the form was rendered (the default's, or the seller's).
    pub current: MpnId,
}

/// What became of a submitted default.
#[derive(Debug, Clone)]
pub enum SetDefaultOutcome {
    /// Set (or cleared); the page then previews applying it to existing subscriptions.
    Saved,
    /// Refused, nothing changed: why, whether because someone changed it meanwhile (rule 6), and
    /// the page read afresh.
    Refused {
        /// Why.
        why: Msg,
        /// Someone changed the default since the form was rendered.
        stale: bool,
        /// The page's content.
        page: Box<DefaultPage>,
    },
}

/// Sets the customer's default for the actor's organization's new subscriptions (its Global
/// admins, admin agents and helpdesk agents; rule 4): in one transaction, the partner's
/// eligibility decided from rows locked against the changes that end it (rule 3), the form's
/// current default compared with the stored one (rule 6), the write conditional on it, and its
/// audit event (rule 7). Choosing the seller clears the default.
pub fn set_support_default(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    request: &SetDefaultRequest,
) -> Result<SetDefaultOutcome, AppError> {
    match crate::db::write_transaction(conn, |conn| in_transaction(conn, ctx, tenant, request))? {
        Ok(()) => Ok(SetDefaultOutcome::Saved),
        Err((why, stale)) => Ok(SetDefaultOutcome::Refused {
            why,
            stale,
            page: Box::new(default_page(conn, ctx, tenant)?),
        }),
    }
}

/// The answer to a form the web layer could not read: the checks every submit gets first, then
/// the page again with `why`.
pub fn refuse_unreadable_default(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    why: Msg,
) -> Result<SetDefaultOutcome, AppError> {
    let (customer, seller) = context(conn, &ctx.actor, tenant)?;
    if let Some(refusal) = change_refusal(&ctx.actor) {
        return Err(AppError::Forbidden(refusal));
    }
    Ok(SetDefaultOutcome::Refused {
        why,
        stale: false,
        page: Box::new(page_of(conn, ctx, customer, seller)?),
    })
}

type Refusal = (Msg, bool);

fn invalid(why: Msg) -> Result<Result<(), Refusal>, AppError> {
    Ok(Err((why, false)))
}

fn in_transaction(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    request: &SetDefaultRequest,
) -> Result<Result<(), Refusal>, AppError> {
    let actor = &ctx.actor;
    let (customer, seller) = context(conn, actor, tenant)?;
    if let Some(refusal) = change_refusal(actor) {
        return Err(AppError::Forbidden(refusal));
    }
    let stored = support_default::find(conn, &customer.id, &seller.id)?;
    let current_partner = match &stored {
        Some(d) => partner::find(conn, &d.partner_id)?,
        None => None,
    };
    let in_force = current_partner.as_ref().unwrap_or(&seller);
    if in_force.mpn_id != request.current {
        return Ok(Err((
            stale_message(conn, &customer.id, &seller.id, in_force)?,
            true,
        )));
    }
    // Lock, then decide (see `locked_candidate`): a removal of the partner's relationship,
    // delegated admin or partnership waits for this transaction and then clears what it set, or
    // this one waits for the removal and refuses.
    let Some(chosen) = locked_candidate(conn, &seller, &customer, request.partner, ctx.rule)?
    else {
        return invalid(
            Msg::new("default-unknown-partner")
                .arg("mpn", request.partner.to_string())
                .arg("seller", seller.name.as_str()),
        );
    };
    if let Some(why) = chosen.ineligible {
        let fix = chosen
            .fix
            .clone()
            .map_or_else(|| Arg::Text(String::new()), IntoArg::into_arg);
        return invalid(
            Msg::new("default-ineligible")
                .arg("partner", chosen.partner.name.as_str())
                .arg("customer", customer.company_name.as_str())
                .arg("reason", why.reason())
                .arg("fix", fix),
        );
    }
    if chosen.partner.id == in_force.id {
        return invalid(Msg::new("default-already").arg("partner", chosen.partner.name.as_str()));
    }
    let now = crate::db::now();
    let old: Option<&PartnerId> = stored.as_ref().map(|d| &d.partner_id);
    let written = match old {
        Some(old) if chosen.is_seller => {
            support_default::delete_if(conn, &customer.id, &seller.id, old)?
        }
        Some(old) => support_default::replace_if(
            conn,
            &customer.id,
            &seller.id,
            old,
            &chosen.partner.id,
            Some(&actor.user_id),
            now,
        )?,
        None => support_default::insert_if_absent(
            conn,
            &NewSupportDefault {
                customer_id: &customer.id,
                seller_id: &seller.id,
                partner_id: &chosen.partner.id,
                set_by: Some(&actor.user_id),
                set_at: now,
            },
        )?,
    };
    if written != 1 {
        let fresh = support_default::find(conn, &customer.id, &seller.id)?;
        let now_in_force = match fresh {
            Some(d) => partner::find(conn, &d.partner_id)?.unwrap_or_else(|| seller.clone()),
            None => seller.clone(),
        };
        return Ok(Err((
            stale_message(conn, &customer.id, &seller.id, &now_in_force)?,
            true,
        )));
    }
    if chosen.is_seller {
        actor.record(
            conn,
            crate::db::models::audit::Operation::SupportDefaultCleared,
            Concerning {
                partner: old,
                customer: Some(&customer.id),
                subscription: None,
            },
            old.map(PartnerId::as_str),
            None,
        )?;
    } else {
        actor.record(
            conn,
            crate::db::models::audit::Operation::SupportDefaultSet,
            Concerning {
                partner: Some(&chosen.partner.id),
                customer: Some(&customer.id),
                subscription: None,
            },
            old.map(PartnerId::as_str),
            Some(chosen.partner.id.as_str()),
        )?;
    }
    Ok(Ok(()))
}

/// "Who changed it meanwhile, to what and when", from the newest change of the default.
fn stale_message(
    conn: &mut DbConn,
    customer: &crate::db::ids::CustomerId,
    seller: &PartnerId,
    in_force: &partner::Partner,
) -> Result<Msg, AppError> {
    let Some(event) = support_default::latest_change(conn, customer, seller)? else {
        return Ok(Msg::new("default-stale-unknown").arg("to", in_force.name.as_str()));
    };
    let who = describe_actor(conn, &event)?;
    Ok(Msg::new("default-stale")
        .arg("who", who)
        .arg("to", in_force.name.as_str())
        .arg("when", event.occurred_at))
}
