//! A subscription's page, the designated support contact form, and the review after it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::CurrentUser;
use crate::blocking::RunBlocking;
use crate::config::EligibilityRule;
use crate::db::ids::{AuditEventId, SubscriptionId, TenantId};
use crate::domain::support_contact::{
    self, AssignRefusal, AssignRequest, AssignmentAccess, ChangeReview, SubscriptionDetail,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, filters, ok, paths, render, see_other};

/// The subscription page with the Designated support contact form.
#[derive(Template)]
#[template(path = "subscriptions/show.html")]
pub struct ShowPage {
    layout: Layout,
    detail: SubscriptionDetail,
    /// Why the last submit was refused.
    error: Option<Msg>,
    /// The last submit was refused because someone else changed the subscription.
    stale: bool,
    /// The PartnerID chosen in the refused submit, to keep the choice.
    chosen: Option<String>,
    /// The deployment drops delegated admin from rule 2.
    relationship_only: bool,
}

impl ShowPage {
    /// Whether this candidate's radio button is checked.
    pub fn is_checked(&self, mpn: &crate::db::ids::MpnId) -> bool {
        match &self.chosen {
            Some(chosen) => chosen.trim() == mpn.to_string(),
            None => self
                .detail
                .view
                .support_contact
                .as_ref()
                .is_some_and(|c| c.mpn_id == *mpn),
        }
    }

    /// Whether this partner is the subscription's designated support contact now.
    pub fn is_current(&self, mpn: &crate::db::ids::MpnId) -> bool {
        self.detail
            .view
            .support_contact
            .as_ref()
            .is_some_and(|c| c.mpn_id == *mpn)
    }

    /// Whether any candidate is listed disabled (the form then says why some are).
    pub fn has_unavailable(&self) -> bool {
        matches!(&self.detail.access, AssignmentAccess::Allowed(candidates)
            if candidates.iter().any(|c| !c.is_eligible()))
    }
}

/// `GET /customers/{tenant_id}/subscriptions/{subscription_id}`.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(TenantId, SubscriptionId)>,
) -> Result<HttpResponse, AppError> {
    let (tenant, id) = path.into_inner();
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let detail = state
        .db
        .run(move |conn| support_contact::subscription_detail(conn, &actor, &tenant, &id, rule))
        .await?;
    let title = detail.view.product.name.clone();
    ok(&ShowPage {
        layout: Layout::for_user_titled(title, &user, Section::Customers),
        detail,
        error: None,
        stale: false,
        chosen: None,
        relationship_only: rule == EligibilityRule::Relationship,
    })
}

/// The Designated support contact form, as sent.
#[derive(Deserialize)]
pub struct AssignForm {
    support_contact: Option<String>,
    version: Option<String>,
}

/// `POST …/support-contact`: 303 to the review page, or the form again with the reason.
pub async fn assign(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(TenantId, SubscriptionId)>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Result<HttpResponse, AppError> {
    let (tenant, id) = path.into_inner();
    let actor = user.actor().clone();
    let rule = state.settings.eligibility;
    let request = AssignRequest {
        support_contact: form.support_contact.unwrap_or_default(),
        version: form.version.unwrap_or_default(),
    };
    let chosen = request.support_contact.clone();
    let (t, i) = (tenant.clone(), id.clone());
    let outcome = state
        .db
        .run(move |conn| {
            let outcome = support_contact::assign(conn, &actor, &t, &i, &request, rule)?;
            // On refusal, the page is shown again from fresh data (the current version and contact).
            let detail = match &outcome {
                Ok(_) => None,
                Err(_) => Some(support_contact::subscription_detail(
                    conn, &actor, &t, &i, rule,
                )?),
            };
            Ok((outcome, detail))
        })
        .await?;
    match outcome {
        (Ok(event), _) => {
            state.metrics.support_contact_changed();
            Ok(see_other(&paths::support_contact_change(
                &tenant, &id, &event,
            )))
        }
        (Err(refusal), Some(detail)) => {
            let (status, error, stale) = match refusal {
                AssignRefusal::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, m, false),
                AssignRefusal::Stale(m) => (StatusCode::CONFLICT, m, true),
            };
            let title = detail.view.product.name.clone();
            render(
                status,
                &ShowPage {
                    layout: Layout::for_user_titled(title, &user, Section::Customers),
                    detail,
                    error: Some(error),
                    chosen: (!stale).then_some(chosen),
                    stale,
                    relationship_only: rule == EligibilityRule::Relationship,
                },
            )
        }
        (Err(_), None) => Err(AppError::Internal(anyhow::anyhow!(
            "refusal without a page"
        ))),
    }
}

/// The review page (rule 5).
#[derive(Template)]
#[template(path = "subscriptions/review.html")]
pub struct ReviewPage {
    layout: Layout,
    review: ChangeReview,
}

/// `GET …/support-contact/changes/{change_id}`.
pub async fn review(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(TenantId, SubscriptionId, AuditEventId)>,
) -> Result<HttpResponse, AppError> {
    let (tenant, id, change) = path.into_inner();
    let actor = user.actor().clone();
    let review = state
        .db
        .run(move |conn| support_contact::change_review(conn, &actor, &tenant, &id, &change))
        .await?;
    ok(&ReviewPage {
        layout: Layout::for_user("review-title", &user, Section::Customers),
        review,
    })
}
