//! A customer's default support contact for new subscriptions (rule 1): its page and form, and
//! after a change, the preview of applying it to the existing subscriptions (contract C1).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::CurrentUser;
use crate::db::ids::{MpnId, TenantId};
use crate::domain::support_contact::customer_default::{
    self, DefaultPage, SetDefaultOutcome, SetDefaultRequest,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, paths, render, see_other};

/// The default's page.
#[derive(Template)]
#[template(path = "customers/support_default.html")]
pub struct DefaultPageView {
    layout: Layout,
    page: DefaultPage,
    /// Why the last submit was refused.
    error: Option<Msg>,
    /// The last submit was refused because someone else changed the default.
    stale: bool,
    /// The default was just set (the page then says so and offers to apply it).
    saved: bool,
    /// The choice of a refused submit, kept checked (`None`: the one in force).
    chosen: Option<MpnId>,
}

impl DefaultPageView {
    /// Whether this partner's radio button is checked.
    pub fn is_checked(&self, mpn: &MpnId) -> bool {
        match &self.chosen {
            Some(chosen) => chosen == mpn,
            None => self.page.effective().mpn_id == *mpn,
        }
    }

    /// The customer page, where the "also apply" batch comes back to.
    pub fn back(&self) -> String {
        paths::customer(&self.page.customer.tenant_id)
    }
}

/// `?saved=1` after a change.
#[derive(Deserialize)]
pub struct ShowParams {
    saved: Option<String>,
}

/// `GET /customers/{tenant_id}/support-default`.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<TenantId>,
    params: web::Query<ShowParams>,
) -> Result<HttpResponse, AppError> {
    let tenant = path.into_inner();
    let page = user
        .run(&state, move |conn, ctx| {
            customer_default::default_page(conn, ctx, &tenant)
        })
        .await?;
    let saved = params.saved.as_deref() == Some("1");
    page_view(&user, StatusCode::OK, page, None, false, saved, None)
}

fn page_view(
    user: &CurrentUser,
    status: StatusCode,
    page: DefaultPage,
    error: Option<Msg>,
    stale: bool,
    saved: bool,
    chosen: Option<MpnId>,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &DefaultPageView {
            layout: Layout::for_user("default-title", user, Section::Customers),
            page,
            error,
            stale,
            saved,
            chosen,
        },
    )
}

/// The default's form, as sent.
#[derive(Deserialize)]
pub struct DefaultForm {
    partner: Option<String>,
    current: Option<String>,
}

/// A form that does not read as a default: the message that says which field is wrong.
impl TryFrom<&DefaultForm> for SetDefaultRequest {
    type Error = Msg;

    fn try_from(form: &DefaultForm) -> Result<Self, Msg> {
        let partner = form
            .partner
            .as_deref()
            .and_then(MpnId::parse)
            .ok_or_else(|| Msg::new("default-malformed-partner"))?;
        let current = form
            .current
            .as_deref()
            .and_then(MpnId::parse)
            .ok_or_else(|| Msg::new("default-malformed-current"))?;
        Ok(Self { partner, current })
    }
}

/// `POST /customers/{tenant_id}/support-default`: 303 to the page with the preview of applying
/// it, or the form again with the reason.
pub async fn save(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<TenantId>,
    CsrfForm(form): CsrfForm<DefaultForm>,
) -> Result<HttpResponse, AppError> {
    let tenant = path.into_inner();
    let chosen = form.partner.as_deref().and_then(MpnId::parse);
    let request = SetDefaultRequest::try_from(&form);
    let t = tenant.clone();
    let outcome = user
        .run(&state, move |conn, ctx| match request {
            Ok(request) => customer_default::set_support_default(conn, ctx, &t, &request),
            Err(why) => customer_default::refuse_unreadable_default(conn, ctx, &t, why),
        })
        .await?;
    match outcome {
        SetDefaultOutcome::Saved => Ok(see_other(&paths::support_default_saved(&tenant))),
        SetDefaultOutcome::Refused { why, stale, page } => {
            let (status, chosen) = if stale {
                (StatusCode::CONFLICT, None)
            } else {
                (StatusCode::UNPROCESSABLE_ENTITY, chosen)
            };
            page_view(&user, status, *page, Some(why), stale, false, chosen)
        }
    }
}
