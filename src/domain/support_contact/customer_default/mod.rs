//! A customer's default designated support contact for new subscriptions, per seller (rule 1):
//! the page that shows and changes it, its setting (rules 2, 4, 6, 7), its use when subscriptions
//! open ([`contacts_for_new`]), and its clearing by rule 3 ([`clear_naming`]).

mod rule1;
mod rule3;
mod set;

pub use rule1::contacts_for_new;
pub use rule3::{ClearedDefault, DefaultsOf, clear_naming, naming};
pub use set::{
    SetDefaultOutcome, SetDefaultRequest, refuse_unreadable_default, set_support_default,
};

use super::eligibility::{Candidate, candidates};
use crate::db::DbConn;
use crate::db::ids::TenantId;
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::{self, Partner, PartnerKind};
use crate::db::models::subscription;
use crate::db::models::support_default;
use crate::domain::customers::{SubscriptionRow, with_partners};
use crate::domain::{Actor, Ctx, Org};
use crate::error::AppError;
use crate::i18n::Msg;

/// The default's page: the customer's default for the actor's organization's subscriptions.
#[derive(Debug, Clone)]
pub struct DefaultPage {
    /// The customer.
    pub customer: Customer,
    /// The actor's organization, the seller whose new subscriptions take the default.
    pub seller: Partner,
    /// The default partner; `None`: the seller itself.
    pub current: Option<Partner>,
    /// The partners that may be chosen (rule 2: eligible ones only, the seller first, then
    /// resellers by name); empty when the actor may not change it.
    pub choices: Vec<Candidate>,
    /// Why the actor may not change it (`None`: it may).
    pub read_only: Option<Msg>,
    /// The seller's subscriptions of this customer whose contact is not the default (what
    /// "also apply to these" would change).
    pub to_apply: Vec<SubscriptionRow>,
}

impl DefaultPage {
    /// The partner new subscriptions take: the default, or the seller.
    pub fn effective(&self) -> &Partner {
        self.current.as_ref().unwrap_or(&self.seller)
    }

    /// Whether this choice is the one in force.
    pub fn is_current(&self, candidate: &Candidate) -> bool {
        candidate.partner.id == self.effective().id
    }
}

/// What the customer page shows of the default, for sellers (resellers see nothing of it).
#[derive(Debug, Clone)]
pub struct DefaultSummary {
    /// The seller (the actor's organization).
    pub seller: Partner,
    /// The default partner; `None`: the seller.
    pub current: Option<Partner>,
    /// The actor may change it (the page's form); else the page shows it read-only.
    pub can_change: bool,
}

/// The seller whose defaults the actor reads: its own organization, if it sells (an indirect
/// provider or a direct-bill partner); 403 for resellers, who sell nothing, and for roles
/// without the customer workspace.
fn selling_org(actor: &Actor) -> Result<&crate::db::ids::PartnerId, AppError> {
    let id = actor.customer_workspace()?;
    match &actor.org {
        Org::Partner {
            kind: PartnerKind::IndirectReseller,
            ..
        } => Err(AppError::Forbidden(Msg::new("default-reseller-forbidden"))),
        _ => Ok(id),
    }
}

/// Why the actor may not change the default (rule 4), or `None`.
fn change_refusal(actor: &Actor) -> Option<Msg> {
    (!actor.may_assign_support_contacts())
        .then(|| Msg::new("default-role-read-only").arg("role", Msg::new(actor.role.label_key())))
}

/// The customer (visible to the actor's organization, rule 9) and the seller.
fn context(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
) -> Result<(Customer, Partner), AppError> {
    let partner_id = actor.customer_workspace()?;
    let customer =
        customer::find_visible_to_partner(conn, partner_id, tenant)?.ok_or(AppError::NotFound)?;
    let seller_id = selling_org(actor)?;
    let seller = partner::find(conn, seller_id)?.ok_or(AppError::NotFound)?;
    Ok((customer, seller))
}

/// The default's page.
pub fn default_page(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
) -> Result<DefaultPage, AppError> {
    let (customer, seller) = context(conn, &ctx.actor, tenant)?;
    page_of(conn, ctx, customer, seller)
}

fn page_of(
    conn: &mut DbConn,
    ctx: &Ctx,
    customer: Customer,
    seller: Partner,
) -> Result<DefaultPage, AppError> {
    let current = match support_default::find(conn, &customer.id, &seller.id)? {
        Some(d) => partner::find(conn, &d.partner_id)?,
        None => None,
    };
    let read_only = change_refusal(&ctx.actor);
    let choices = if read_only.is_none() {
        candidates(conn, &seller, &customer, ctx.rule)?
            .into_iter()
            .filter(Candidate::is_eligible)
            .collect()
    } else {
        Vec::new()
    };
    let effective = current.as_ref().map_or(&seller.id, |p| &p.id).clone();
    let rows: Vec<_> = subscription::list_for_customer(conn, &customer.id)?
        .into_iter()
        .filter(|(s, _)| {
            s.seller_id.as_ref() == Some(&seller.id)
                && s.support_contact_id.as_ref() != Some(&effective)
        })
        .collect();
    let to_apply = with_partners(conn, rows)?;
    Ok(DefaultPage {
        customer,
        seller,
        current,
        choices,
        read_only,
        to_apply,
    })
}

/// The customer page's section: `None` for an actor whose organization does not sell.
pub fn default_summary(
    conn: &mut DbConn,
    ctx: &Ctx,
    customer: &Customer,
) -> Result<Option<DefaultSummary>, AppError> {
    let Ok(seller_id) = selling_org(&ctx.actor) else {
        return Ok(None);
    };
    let Some(seller) = partner::find(conn, seller_id)? else {
        return Ok(None);
    };
    let current = match support_default::find(conn, &customer.id, &seller.id)? {
        Some(d) => partner::find(conn, &d.partner_id)?,
        None => None,
    };
    Ok(Some(DefaultSummary {
        seller,
        current,
        can_change: change_refusal(&ctx.actor).is_none(),
    }))
}
