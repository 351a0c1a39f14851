//! Relationships: the customer's partners and delegated admin removal, and the partner-side
//! removals, each with its impact preview and confirmation (rule 3).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::de::IgnoredAny;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::db::ids::{MpnId, TenantId};
use crate::domain::relationships::{
    self, CustomerPartners, DelegatedAdminPreview, PartnershipRemovalPreview, RelationshipRemoval,
    RelationshipRemovalPreview, RemovalDone,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::metrics::RevertCause;
use crate::startup::AppState;
use crate::web::{Layout, Section, filters, ok, paths, render, see_other};

/// [`reverted_message`], then the customers' defaults cleared, if any (rule 3; issue 15).
fn done_message(what: Msg, done: &RemovalDone) -> Msg {
    let reverted = reverted_message(what, done);
    if done.cleared_defaults.is_empty() {
        return reverted;
    }
    let list: Vec<String> = done
        .cleared_defaults
        .iter()
        .map(|d| {
            format!(
                "{} ({} → {})",
                d.customer_name, d.partner_name, d.seller_name
            )
        })
        .collect();
    Msg::new("removal-done-defaults-cleared")
        .arg("done", reverted)
        .arg("count", done.cleared_defaults.len())
        .arg("list", list.join("; "))
}

/// "Delegated admin privileges removed from X. 2 subscriptions now supported by their seller: …".
fn reverted_message(what: Msg, done: &RemovalDone) -> Msg {
    if done.reverted.is_empty() {
        return Msg::new("removal-done-nothing-reverted").arg("what", what);
    }
    let list: Vec<String> = done
        .reverted
        .iter()
        .map(|row| {
            let seller = row.seller.as_ref().map_or("Microsoft", |s| s.name.as_str());
            format!("{} → {seller}", row.product.name)
        })
        .collect();
    Msg::new("removal-done-reverted")
        .arg("what", what)
        .arg("count", done.reverted.len())
        .arg("list", list.join("; "))
}

/// The customer's Partners page.
#[derive(Template)]
#[template(path = "admin/partners.html")]
pub struct PartnersPage {
    layout: Layout,
    page: CustomerPartners,
}

/// `GET /admin/partners`.
pub async fn partners(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let page = user.run(&state, relationships::customer_partners).await?;
    ok(&PartnersPage {
        layout: Layout::for_user("nav-partners", &user, Section::Partners),
        page,
    })
}

/// The confirmation page for removing delegated admin privileges.
#[derive(Template)]
#[template(path = "relationships/remove_delegated_admin.html")]
pub struct DelegatedAdminPage {
    layout: Layout,
    preview: DelegatedAdminPreview,
}

/// `GET /admin/partners/{mpn_id}/delegated-admin/remove`.
pub async fn delegated_admin_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<MpnId>,
) -> Result<HttpResponse, AppError> {
    let mpn = path.into_inner();
    let preview = user
        .run(&state, move |conn, ctx| {
            relationships::delegated_admin_removal_preview(conn, ctx, mpn)
        })
        .await?;
    let layout = Layout::for_user("remove-delegated-admin-title", &user, Section::Partners);
    ok(&DelegatedAdminPage { layout, preview })
}

/// `POST /admin/partners/{mpn_id}/delegated-admin/remove`: confirmed.
pub async fn delegated_admin_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<MpnId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let mpn = path.into_inner();
    let done = user
        .run(&state, move |conn, ctx| {
            relationships::remove_delegated_admin(conn, ctx, mpn)
        })
        .await?;
    state
        .metrics
        .support_contacts_reverted(RevertCause::DelegatedAdminRemoved, done.reverted.len());
    let what = Msg::new("delegated-admin-removed").arg("partner", &done.partner_name);
    set_flash(&session, &done_message(what, &done))?;
    Ok(see_other(paths::ADMIN_PARTNERS))
}

/// The confirmation page for removing a relationship.
#[derive(Template)]
#[template(path = "relationships/remove_relationship.html")]
pub struct RelationshipPage {
    layout: Layout,
    preview: RelationshipRemovalPreview,
    action: String,
}

fn relationship_action(tenant: &TenantId, reseller: Option<MpnId>) -> String {
    match reseller {
        Some(mpn) => paths::reseller_relationship_removal(tenant, &mpn),
        None => paths::own_relationship_removal(tenant),
    }
}

async fn relationship_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    tenant: TenantId,
    reseller: Option<MpnId>,
) -> Result<HttpResponse, AppError> {
    let t = tenant.clone();
    let preview = user
        .run(&state, move |conn, ctx| {
            relationships::relationship_removal_preview(conn, ctx, &t, reseller)
        })
        .await?;
    let layout = Layout::for_user("remove-relationship-title", &user, Section::Customers);
    ok(&RelationshipPage {
        layout,
        preview,
        action: relationship_action(&tenant, reseller),
    })
}

async fn relationship_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    tenant: TenantId,
    reseller: Option<MpnId>,
) -> Result<HttpResponse, AppError> {
    let t = tenant.clone();
    let outcome = user
        .run(&state, move |conn, ctx| {
            relationships::remove_relationship(conn, ctx, &t, reseller)
        })
        .await?;
    match outcome {
        RelationshipRemoval::Done(done) => {
            state
                .metrics
                .support_contacts_reverted(RevertCause::RelationshipRemoved, done.reverted.len());
            let (what, next) = match reseller {
                None => (
                    Msg::new("own-relationship-removed").arg("partner", &done.partner_name),
                    paths::CUSTOMERS.to_owned(),
                ),
                Some(_) => (
                    Msg::new("reseller-relationship-removed").arg("partner", &done.partner_name),
                    paths::customer(&tenant),
                ),
            };
            set_flash(&session, &done_message(what, &done))?;
            Ok(see_other(&next))
        }
        RelationshipRemoval::Blocked(preview) => {
            let layout = Layout::for_user("remove-relationship-title", &user, Section::Customers);
            let page = RelationshipPage {
                layout,
                preview: *preview,
                action: relationship_action(&tenant, reseller),
            };
            render(StatusCode::CONFLICT, &page)
        }
    }
}

/// `GET /customers/{tenant_id}/relationship/remove`.
pub async fn own_relationship_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<TenantId>,
) -> Result<HttpResponse, AppError> {
    relationship_preview(state, user, path.into_inner(), None).await
}

/// `POST /customers/{tenant_id}/relationship/remove`: confirmed.
pub async fn own_relationship_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<TenantId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    relationship_remove(state, user, session, path.into_inner(), None).await
}

/// `GET /customers/{tenant_id}/resellers/{mpn_id}/relationship/remove`.
pub async fn reseller_relationship_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(TenantId, MpnId)>,
) -> Result<HttpResponse, AppError> {
    let (tenant, mpn) = path.into_inner();
    relationship_preview(state, user, tenant, Some(mpn)).await
}

/// `POST /customers/{tenant_id}/resellers/{mpn_id}/relationship/remove`: confirmed.
pub async fn reseller_relationship_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<(TenantId, MpnId)>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (tenant, mpn) = path.into_inner();
    relationship_remove(state, user, session, tenant, Some(mpn)).await
}

/// The confirmation page for ending a partnership.
#[derive(Template)]
#[template(path = "relationships/remove_partnership.html")]
pub struct PartnershipPage {
    layout: Layout,
    preview: PartnershipRemovalPreview,
}

/// `GET /resellers/{mpn_id}/partnership/remove`.
pub async fn partnership_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<MpnId>,
) -> Result<HttpResponse, AppError> {
    let mpn = path.into_inner();
    let preview = user
        .run(&state, move |conn, ctx| {
            relationships::partnership_removal_preview(conn, ctx, mpn)
        })
        .await?;
    ok(&PartnershipPage {
        layout: Layout::for_user("end-partnership-title", &user, Section::Resellers),
        preview,
    })
}

/// `POST /resellers/{mpn_id}/partnership/remove`: confirmed.
pub async fn partnership_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<MpnId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let mpn = path.into_inner();
    let done = user
        .run(&state, move |conn, ctx| {
            relationships::remove_partnership(conn, ctx, mpn)
        })
        .await?;
    state
        .metrics
        .support_contacts_reverted(RevertCause::PartnershipEnded, done.reverted.len());
    let what = Msg::new("partnership-ended").arg("partner", &done.partner_name);
    set_flash(&session, &done_message(what, &done))?;
    Ok(see_other(paths::RESELLERS))
}
