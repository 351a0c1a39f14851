//! Designated support contacts: who is eligible (rule 2), who may assign (rule 4), the assignment
//! itself with optimistic concurrency (rule 6) and its audit event (rule 7), and the review (rule 5).

mod assign;
pub mod bulk;
mod eligibility;
mod picker;
mod review;

pub mod customer_default;

pub use assign::{AssignOutcome, AssignRefusal, AssignRequest, assign, refuse_unreadable};
pub use eligibility::{Candidate, Ineligibility, candidates};
pub use picker::{INELIGIBLE_SHOWN, MAX_FIND_LEN, Picker};
pub use review::{ChangeReview, change_review};

use crate::db::DbConn;
use crate::db::ids::{SubscriptionId, TenantId};
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner::Partner;
use crate::db::models::product::Product;
use crate::db::models::subscription::{self, Subscription};
use crate::domain::customers::with_partners;
use crate::domain::{Actor, Ctx};
use crate::error::AppError;
use crate::i18n::Msg;

/// Most subscriptions one bulk assignment (a batch) holds: the list's "select all N matching"
/// is offered up to this many, and a larger selection is refused with this number in its words.
pub const BATCH_LIMIT: usize = 10_000;

/// A subscription with the partners around it.
#[derive(Debug, Clone)]
pub struct SubscriptionView {
    /// The customer.
    pub customer: Customer,
    /// The subscription.
    pub subscription: Subscription,
    /// Its product.
    pub product: Product,
    /// Who sold it (`None`: bought directly from Microsoft).
    pub seller: Option<Partner>,
    /// Who earns incentives on it.
    pub reseller_of_record: Option<Partner>,
    /// Who supports the customer for it.
    pub support_contact: Option<Partner>,
}

/// Whether the actor gets the assignment form, and if not, why.
#[derive(Debug, Clone)]
pub enum AssignmentAccess {
    /// The form, with the partners to offer.
    Allowed(Vec<Candidate>),
    /// Read-only, with the reason shown beside the current contact.
    ReadOnly(Msg),
}

/// The subscription page's content.
#[derive(Debug, Clone)]
pub struct SubscriptionDetail {
    /// The subscription and its partners.
    pub view: SubscriptionView,
    /// The form or the reason there is none.
    pub access: AssignmentAccess,
}

/// The customer and subscription, if the actor's organization may see them; otherwise NotFound
/// exactly as for a missing record (rule 9).
fn visible_subscription(
    conn: &mut DbConn,
    actor: &Actor,
    tenant: &TenantId,
    id: &SubscriptionId,
) -> Result<SubscriptionView, AppError> {
    let partner_id = actor.customer_workspace()?;
    let customer =
        customer::find_visible_to_partner(conn, partner_id, tenant)?.ok_or(AppError::NotFound)?;
    let (subscription, product) =
        subscription::find_visible_to_partner(conn, &customer.id, id, partner_id)?
            .ok_or(AppError::NotFound)?;
    // The same partner lookup as every list of subscriptions.
    let mut rows = with_partners(conn, vec![(subscription, product)])?;
    let row = rows.pop().ok_or(AppError::NotFound)?;
    Ok(SubscriptionView {
        seller: row.seller,
        reseller_of_record: row.reseller_of_record,
        support_contact: row.support_contact,
        customer,
        subscription: row.subscription,
        product: row.product,
    })
}

/// Why `actor` may not assign this subscription's contact, or `None` if it may (rule 4).
fn assignment_refusal(actor: &Actor, view: &SubscriptionView) -> Option<Msg> {
    let seller_name = view
        .seller
        .as_ref()
        .map_or("Microsoft", |s| s.name.as_str());
    if view.seller.as_ref().map(|s| &s.id) != actor.partner_id() {
        return Some(Msg::new("assign-only-seller").arg("seller", seller_name));
    }
    if !actor.may_assign_support_contacts() {
        return Some(
            Msg::new("assign-role-read-only").arg("role", Msg::new(actor.role.label_key())),
        );
    }
    None
}

/// The subscription page: the subscription, its partners and the assignment form if allowed.
pub fn subscription_detail(
    conn: &mut DbConn,
    ctx: &Ctx,
    tenant: &TenantId,
    id: &SubscriptionId,
) -> Result<SubscriptionDetail, AppError> {
    let view = visible_subscription(conn, &ctx.actor, tenant, id)?;
    detail_of(conn, ctx, view)
}

/// The page's content for a subscription already read and checked as visible.
fn detail_of(
    conn: &mut DbConn,
    ctx: &Ctx,
    view: SubscriptionView,
) -> Result<SubscriptionDetail, AppError> {
    let access = match (assignment_refusal(&ctx.actor, &view), &view.seller) {
        (None, Some(seller)) => {
            AssignmentAccess::Allowed(candidates(conn, seller, &view.customer, ctx.rule)?)
        }
        (Some(why), _) => AssignmentAccess::ReadOnly(why),
        (None, None) => AssignmentAccess::ReadOnly(Msg::new("bought-from-microsoft")),
    };
    Ok(SubscriptionDetail { view, access })
}
