//! Relationships: the customer's partners and delegated admin removal, and the partner-side
//! removals, each with its impact preview and confirmation (rule 3).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::blocking::RunBlocking;
use crate::db::ids::MpnId;
use crate::domain::customers::SubscriptionRow;
use crate::domain::relationships::{
    self, CustomerPartners, DelegatedAdminPreview, PartnershipRemovalPreview, RelationshipRemoval,
    RelationshipRemovalPreview, RemovalDone, ResellerRow,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::metrics::RevertCause;
use crate::startup::AppState;
use crate::web::customers::tenant_from_path;
use crate::web::{Layout, Section, ok, render, see_other};

/// This module's routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/admin/partners"),
    ("GET", "/admin/partners/{mpn_id}/delegated-admin/remove"),
    ("POST", "/admin/partners/{mpn_id}/delegated-admin/remove"),
    ("GET", "/customers/{tenant_id}/relationship/remove"),
    ("POST", "/customers/{tenant_id}/relationship/remove"),
    (
        "GET",
        "/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove",
    ),
    (
        "POST",
        "/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove",
    ),
    ("GET", "/resellers"),
    ("GET", "/resellers/{mpn_id}/partnership/remove"),
    ("POST", "/resellers/{mpn_id}/partnership/remove"),
];

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/admin/partners").route(super::get_or_head().to(partners)))
        .service(
            web::resource("/admin/partners/{mpn_id}/delegated-admin/remove")
                .route(super::get_or_head().to(delegated_admin_preview))
                .route(web::post().to(delegated_admin_remove)),
        )
        .service(
            web::resource("/customers/{tenant_id}/relationship/remove")
                .route(super::get_or_head().to(own_relationship_preview))
                .route(web::post().to(own_relationship_remove)),
        )
        .service(
            web::resource("/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove")
                .route(super::get_or_head().to(reseller_relationship_preview))
                .route(web::post().to(reseller_relationship_remove)),
        )
        .service(web::resource("/resellers").route(super::get_or_head().to(resellers)))
        .service(
            web::resource("/resellers/{mpn_id}/partnership/remove")
                .route(super::get_or_head().to(partnership_preview))
                .route(web::post().to(partnership_remove)),
        );
}

/// A PartnerID from the path; anything else is a missing page.
fn mpn_from_path(raw: &str) -> Result<MpnId, AppError> {
    MpnId::parse(raw).ok_or(AppError::NotFound)
}

/// "Delegated admin privileges removed from X. 2 subscriptions now supported by their seller: …".
fn done_message(what: Msg, done: &RemovalDone) -> Msg {
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
    let actor = user.actor().clone();
    let page = state
        .db
        .run(move |conn| relationships::customer_partners(conn, &actor))
        .await?;
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
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mpn = mpn_from_path(&path)?;
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let preview = state
        .db
        .run(move |conn| relationships::delegated_admin_removal_preview(conn, &actor, mpn, rule))
        .await?;
    let layout = Layout::for_user("remove-delegated-admin-title", &user, Section::Partners);
    ok(&DelegatedAdminPage { layout, preview })
}

/// `POST /admin/partners/{mpn_id}/delegated-admin/remove`: confirmed.
pub async fn delegated_admin_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<String>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let mpn = mpn_from_path(&path)?;
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let done = state
        .db
        .run(move |conn| relationships::remove_delegated_admin(conn, &actor, mpn, rule))
        .await?;
    state
        .metrics
        .support_contacts_reverted(RevertCause::DelegatedAdminRemoved, done.reverted.len());
    let what = Msg::new("delegated-admin-removed").arg("partner", &done.partner_name);
    set_flash(&session, &done_message(what, &done))?;
    Ok(see_other("/admin/partners"))
}

/// The confirmation page for removing a relationship.
#[derive(Template)]
#[template(path = "relationships/remove_relationship.html")]
pub struct RelationshipPage {
    layout: Layout,
    preview: RelationshipRemovalPreview,
    action: String,
}

fn relationship_action(tenant: &str, reseller: Option<MpnId>) -> String {
    match reseller {
        Some(mpn) => format!("/customers/{tenant}/resellers/{mpn}/relationship/remove"),
        None => format!("/customers/{tenant}/relationship/remove"),
    }
}

async fn relationship_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    tenant: &str,
    reseller: Option<MpnId>,
) -> Result<HttpResponse, AppError> {
    let tenant = tenant_from_path(tenant)?;
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let t = tenant.clone();
    let preview = state
        .db
        .run(move |conn| {
            relationships::relationship_removal_preview(conn, &actor, &t, reseller, rule)
        })
        .await?;
    let layout = Layout::for_user("remove-relationship-title", &user, Section::Customers);
    ok(&RelationshipPage {
        layout,
        preview,
        action: relationship_action(tenant.as_str(), reseller),
    })
}

async fn relationship_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    tenant: &str,
    reseller: Option<MpnId>,
) -> Result<HttpResponse, AppError> {
    let tenant = tenant_from_path(tenant)?;
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let t = tenant.clone();
    let outcome = state
        .db
        .run(move |conn| relationships::remove_relationship(conn, &actor, &t, reseller, rule))
        .await?;
    match outcome {
        RelationshipRemoval::Done(done) => {
            state
                .metrics
                .support_contacts_reverted(RevertCause::RelationshipRemoved, done.reverted.len());
            let (what, next) = match reseller {
                None => (
                    Msg::new("own-relationship-removed").arg("partner", &done.partner_name),
                    "/customers".to_owned(),
                ),
                Some(_) => (
                    Msg::new("reseller-relationship-removed").arg("partner", &done.partner_name),
                    format!("/customers/{tenant}"),
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
                action: relationship_action(tenant.as_str(), reseller),
            };
            render(StatusCode::CONFLICT, &page)
        }
    }
}

/// `GET /customers/{tenant_id}/relationship/remove`.
pub async fn own_relationship_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    relationship_preview(state, user, &path, None).await
}

/// `POST /customers/{tenant_id}/relationship/remove`: confirmed.
pub async fn own_relationship_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<String>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    relationship_remove(state, user, session, &path, None).await
}

/// Path `{tenant_id}/resellers/{mpn_id}`.
#[derive(Deserialize)]
pub struct ResellerPath {
    tenant_id: String,
    mpn_id: String,
}

/// `GET /customers/{tenant_id}/resellers/{mpn_id}/relationship/remove`.
pub async fn reseller_relationship_preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<ResellerPath>,
) -> Result<HttpResponse, AppError> {
    let mpn = mpn_from_path(&path.mpn_id)?;
    relationship_preview(state, user, &path.tenant_id, Some(mpn)).await
}

/// `POST /customers/{tenant_id}/resellers/{mpn_id}/relationship/remove`: confirmed.
pub async fn reseller_relationship_remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<ResellerPath>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let mpn = mpn_from_path(&path.mpn_id)?;
    relationship_remove(state, user, session, &path.tenant_id, Some(mpn)).await
}

/// The provider's Resellers page.
#[derive(Template)]
#[template(path = "relationships/resellers.html")]
pub struct ResellersPage {
    layout: Layout,
    rows: Vec<ResellerRow>,
}

/// `GET /resellers`.
pub async fn resellers(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor().clone();
    let rows = state
        .db
        .run(move |conn| relationships::resellers(conn, &actor))
        .await?;
    ok(&ResellersPage {
        layout: Layout::for_user("nav-resellers", &user, Section::Resellers),
        rows,
    })
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
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mpn = mpn_from_path(&path)?;
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let preview = state
        .db
        .run(move |conn| relationships::partnership_removal_preview(conn, &actor, mpn, rule))
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
    path: web::Path<String>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let mpn = mpn_from_path(&path)?;
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let done = state
        .db
        .run(move |conn| relationships::remove_partnership(conn, &actor, mpn, rule))
        .await?;
    state
        .metrics
        .support_contacts_reverted(RevertCause::PartnershipEnded, done.reverted.len());
    let what = Msg::new("partnership-ended").arg("partner", &done.partner_name);
    set_flash(&session, &done_message(what, &done))?;
    Ok(see_other("/resellers"))
}

/// Seller name of a row, for templates.
pub fn seller_name(row: &SubscriptionRow) -> &str {
    row.seller.as_ref().map_or("Microsoft", |s| s.name.as_str())
}
