//! A subscription's page, the designated support contact form, and the review after it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::CurrentUser;
use crate::config::EligibilityRule;
use crate::db::ids::{AuditEventId, MpnId, SubscriptionId, TenantId};
use crate::domain::support_contact::{
    self, AssignOutcome, AssignRefusal, AssignRequest, AssignmentAccess, ChangeReview,
    MAX_FIND_LEN, Picker, SubscriptionDetail,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::list_state::ListState;
use crate::web::{Layout, Section, filters, ok, paths, render, see_other};

/// Which candidate the form shows checked.
enum Choice {
    /// The current contact: a fresh page, or one refused because it was stale.
    Current,
    /// The one chosen in the refused submit, to keep the choice (`None`: the choice was not a
    /// PartnerID, so none is checked).
    Sent(Option<MpnId>),
}

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
    /// Which radio button is checked.
    chosen: Choice,
    /// The deployment drops delegated admin from rule 2.
    relationship_only: bool,
    /// The form's list of partners, bounded and searched (`None`: no form).
    picker: Option<Picker>,
    /// The list state the customer was opened with (`?q=…`, or empty), for the breadcrumb.
    state_query: String,
}

impl ShowPage {
    /// Whether this candidate's radio button is checked.
    pub fn is_checked(&self, mpn: &MpnId) -> bool {
        match &self.chosen {
            Choice::Sent(chosen) => chosen.as_ref() == Some(mpn),
            Choice::Current => self.is_current(mpn),
        }
    }

    /// Whether this partner is the subscription's designated support contact now.
    pub fn is_current(&self, mpn: &MpnId) -> bool {
        self.detail
            .view
            .support_contact
            .as_ref()
            .is_some_and(|c| c.mpn_id == *mpn)
    }
}

/// `?find=`: the form's search box without JavaScript.
#[derive(Deserialize)]
pub struct ShowParams {
    find: Option<String>,
    /// Where in the customer list the customer was opened from (the breadcrumb).
    #[serde(flatten)]
    state: ListState,
}

impl ShowParams {
    /// The search text, or why it is refused (control characters, overlong).
    fn find(&self) -> Result<String, AppError> {
        let find = self.find.as_deref().map(str::trim).unwrap_or_default();
        if find.chars().any(char::is_control) {
            return Err(AppError::BadRequest(Msg::new("search-control-characters")));
        }
        if find.chars().count() > MAX_FIND_LEN {
            return Err(AppError::BadRequest(
                Msg::new("search-too-long").arg("max", MAX_FIND_LEN),
            ));
        }
        Ok(find.to_owned())
    }
}

/// `GET /customers/{tenant_id}/subscriptions/{subscription_id}`.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(TenantId, SubscriptionId)>,
    params: web::Query<ShowParams>,
) -> Result<HttpResponse, AppError> {
    let (tenant, id) = path.into_inner();
    let find = params.find()?;
    let detail = user
        .run(&state, move |conn, ctx| {
            support_contact::subscription_detail(conn, ctx, &tenant, &id)
        })
        .await?;
    show_page(
        &state,
        &user,
        StatusCode::OK,
        detail,
        None,
        (Choice::Current, &find, params.state.query()),
    )
}

/// The subscription page, fresh or with why the last submit was refused.
fn show_page(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    detail: SubscriptionDetail,
    refusal: Option<AssignRefusal>,
    (chosen, find, state_query): (Choice, &str, String),
) -> Result<HttpResponse, AppError> {
    let (error, stale) = match refusal {
        None => (None, false),
        Some(AssignRefusal::Invalid(m)) => (Some(m), false),
        Some(AssignRefusal::Stale(m)) => (Some(m), true),
    };
    let title = detail.view.product.name.clone();
    let current = detail.view.support_contact.as_ref().map(|c| c.mpn_id);
    let keep = match &chosen {
        Choice::Sent(mpn) => *mpn,
        Choice::Current => None,
    };
    let picker = match &detail.access {
        AssignmentAccess::Allowed(candidates) => Some(Picker::new(candidates, find, current, keep)),
        AssignmentAccess::ReadOnly(_) => None,
    };
    render(
        status,
        &ShowPage {
            layout: Layout::for_user_titled(title, user, Section::Customers),
            detail,
            error,
            stale,
            chosen,
            relationship_only: state.settings.eligibility == EligibilityRule::Relationship,
            picker,
            state_query,
        },
    )
}

/// The Designated support contact form, as sent.
#[derive(Deserialize)]
pub struct AssignForm {
    support_contact: Option<String>,
    version: Option<String>,
}

impl AssignForm {
    /// The chosen PartnerID as typed, if it is one (to keep the choice on a refusal).
    fn chosen(&self) -> Option<MpnId> {
        self.support_contact.as_deref().and_then(MpnId::parse)
    }
}

/// A form that does not read as an assignment: the message that says which field is wrong.
impl TryFrom<AssignForm> for AssignRequest {
    type Error = Msg;

    fn try_from(form: AssignForm) -> Result<Self, Msg> {
        let support_contact = form
            .support_contact
            .as_deref()
            .and_then(MpnId::parse)
            .ok_or_else(|| Msg::new("assign-malformed-partner"))?;
        let version = form
            .version
            .as_deref()
            .and_then(|v| v.trim().parse::<i32>().ok())
            .filter(|v| *v > 0)
            .ok_or_else(|| Msg::new("assign-bad-version"))?;
        Ok(Self {
            support_contact,
            version,
        })
    }
}

/// `POST …/support-contact`: 303 to the review page, or the form again with the reason.
pub async fn assign(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(TenantId, SubscriptionId)>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Result<HttpResponse, AppError> {
    let (tenant, id) = path.into_inner();
    let chosen = form.chosen();
    let request = AssignRequest::try_from(form);
    let (t, i) = (tenant.clone(), id.clone());
    let outcome = user
        .run(&state, move |conn, ctx| match request {
            Ok(request) => support_contact::assign(conn, ctx, &t, &i, &request),
            Err(why) => support_contact::refuse_unreadable(conn, ctx, &t, &i, why),
        })
        .await?;
    match outcome {
        AssignOutcome::Assigned(event) => {
            state.metrics.support_contact_changed();
            Ok(see_other(&paths::support_contact_change(
                &tenant, &id, &event,
            )))
        }
        AssignOutcome::Refused { why, page } => {
            let (status, chosen) = match why {
                AssignRefusal::Invalid(_) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, Choice::Sent(chosen))
                }
                AssignRefusal::Stale(_) => (StatusCode::CONFLICT, Choice::Current),
            };
            show_page(
                &state,
                &user,
                status,
                *page,
                Some(why),
                (chosen, "", String::new()),
            )
        }
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
    let review = user
        .run(&state, move |conn, ctx| {
            support_contact::change_review(conn, ctx, &tenant, &id, &change)
        })
        .await?;
    ok(&ReviewPage {
        layout: Layout::for_user("review-title", &user, Section::Customers),
        review,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn read(support_contact: Option<&str>, version: Option<&str>) -> Result<AssignRequest, Msg> {
        AssignRequest::try_from(AssignForm {
            support_contact: support_contact.map(str::to_owned),
            version: version.map(str::to_owned),
        })
    }

    #[test]
    fn a_form_reads_as_a_typed_request() {
        let request = read(Some(" 4200001 "), Some(" 3 ")).expect("readable");
        assert_eq!(request.support_contact, MpnId::from(4_200_001));
        assert_eq!(request.version, 3);
    }

    #[test]
    fn the_partner_is_read_first_then_the_version() {
        let malformed = Msg::new("assign-malformed-partner");
        let bad_version = Msg::new("assign-bad-version");
        for partner in [
            None,
            Some(""),
            Some("abc"),
            Some("42000011"),
            Some("0420000"),
        ] {
            assert_eq!(read(partner, Some("x")).err(), Some(malformed.clone()));
        }
        for version in [
            None,
            Some(""),
            Some("0"),
            Some("-1"),
            Some("x"),
            Some("99999999999"),
        ] {
            assert_eq!(
                read(Some("4200001"), version).err(),
                Some(bad_version.clone())
            );
        }
    }
}
