//! Bulk assignment: a selection of subscriptions becomes a batch (`POST /subscriptions/batches`),
//! then the partner choice, the preview, the confirmation and the batch review.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::auth::csrf::{self, CsrfForm};
use crate::auth::extract::{CurrentUser, set_flash};
use crate::db::ids::{BatchId, MpnId, SubscriptionId};
use crate::db::models::partner::Partner;
use crate::domain::support_contact::BATCH_LIMIT;
use crate::domain::support_contact::bulk::{
    self, BatchPage, BatchRequest, BatchReview, ChooseOutcome, ChooseView, ConfirmOutcome,
    ConfirmRequest, CreateOutcome, Preview, RowStatus,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::subscription_list::SubscriptionListParams;
use crate::web::{Layout, Section, filters, ok, paths, render, see_other};

/// Bytes a selection's body may have: a whole batch of ids (about 50 bytes each as
/// `subscription=…&`) and one more, so that one too many is refused by name, not by size.
const SELECTION_BYTES_PER_ID: usize = 64;

/// The most bytes a selection's body may have, given the body limit of every other form.
pub fn selection_body_limit(max_body_bytes: usize) -> usize {
    max_body_bytes + (BATCH_LIMIT + 1) * SELECTION_BYTES_PER_ID
}

/// Reads a URL-encoded body of at most `limit` bytes into its fields, in order.
async fn read_fields(
    mut payload: web::Payload,
    limit: usize,
) -> Result<Vec<(String, String)>, AppError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest(Msg::new("form-unreadable")))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::BadRequest(Msg::new("form-too-large")));
        }
        body.extend_from_slice(&chunk);
    }
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    if fields
        .iter()
        .any(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Err(AppError::BadRequest(Msg::new("form-nul")));
    }
    Ok(fields)
}

/// The selection as posted (contract C1), read into the domain's request: every `subscription`
/// must be a subscription id; `partner` counts when it is a PartnerID; `back` when it is ours.
fn read_selection(fields: &[(String, String)]) -> Result<BatchRequest, AppError> {
    let mut request = BatchRequest::default();
    for (name, value) in fields {
        match name.as_str() {
            "subscription" => {
                request
                    .subscriptions
                    .push(SubscriptionId::parse(value.trim()).ok_or_else(|| {
                        AppError::BadRequest(Msg::new("batch-subscription-malformed"))
                    })?)
            }
            "partner" => request.partner = MpnId::parse(value),
            "back" if bulk::is_allowed_back(value) => request.back = Some(value.clone()),
            _ => {}
        }
    }
    if fields.iter().any(|(k, v)| k == "all_matching" && v == "1") {
        request.matching = Some(matching_filter(fields)?);
    }
    Ok(request)
}

/// "Select all N matching": the subscription list's filter, from the fields the list's form
/// carries as hidden inputs (the same names and checks as `GET /subscriptions`).
fn matching_filter(
    fields: &[(String, String)],
) -> Result<crate::domain::subscription_list::SubscriptionQuery, AppError> {
    const NOT_FILTER: [&str; 5] = [
        "csrf_token",
        "all_matching",
        "back",
        "subscription",
        "partner",
    ];
    let filter: Vec<&(String, String)> = fields
        .iter()
        .filter(|(k, _)| !NOT_FILTER.contains(&k.as_str()))
        .collect();
    let params: SubscriptionListParams = serde_urlencoded::from_str(
        &serde_urlencoded::to_string(&filter)
            .map_err(|_| AppError::BadRequest(Msg::new("form-unreadable")))?,
    )
    .map_err(|_| AppError::BadRequest(Msg::new("form-unreadable")))?;
    params.parse()
}

/// `POST /subscriptions/batches`: 303 to the new batch, or back with why nothing was made.
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let limit = selection_body_limit(state.settings.max_body_bytes);
    let fields = read_fields(payload, limit).await?;
    let token = fields
        .iter()
        .find(|(k, _)| k == "csrf_token")
        .map(|(_, v)| v.as_str());
    csrf::verify(&req, token)?;
    let request = read_selection(&fields)?;
    let back = request
        .back
        .clone()
        .unwrap_or_else(|| paths::CUSTOMERS.to_owned());
    let outcome = user
        .run(&state, move |conn, ctx| {
            bulk::create_batch(conn, ctx, &request)
        })
        .await?;
    match outcome {
        CreateOutcome::Created { batch, note } => {
            if let Some(note) = note {
                set_flash(&session, &note)?;
            }
            Ok(see_other(&paths::batch(&batch)))
        }
        CreateOutcome::Refused(why) => {
            set_flash(&session, &why)?;
            Ok(see_other(&back))
        }
    }
}

/// The partner choice.
#[derive(Template)]
#[template(path = "batches/choose.html")]
pub struct ChoosePage {
    layout: Layout,
    view: ChooseView,
    /// Why the last choice was refused.
    error: Option<Msg>,
    /// The partners the typed text matched.
    matches: Vec<Partner>,
    /// The text as typed.
    typed: String,
}

/// The preview.
#[derive(Template)]
#[template(path = "batches/preview.html")]
pub struct PreviewPage {
    layout: Layout,
    preview: Preview,
}

impl PreviewPage {
    /// The way back to the page the selection came from.
    pub fn back(&self) -> &str {
        back_of(self.preview.batch.back.as_deref())
    }
}

/// The batch review.
#[derive(Template)]
#[template(path = "batches/review.html")]
pub struct ReviewPage {
    layout: Layout,
    review: BatchReview,
}

impl ReviewPage {
    /// The way back to the page the selection came from.
    pub fn back(&self) -> &str {
        back_of(self.review.batch.back.as_deref())
    }
}

fn back_of(back: Option<&str>) -> &str {
    back.filter(|b| bulk::is_allowed_back(b))
        .unwrap_or(paths::CUSTOMERS)
}

fn choose_page(
    user: &CurrentUser,
    status: StatusCode,
    view: ChooseView,
    error: Option<Msg>,
    matches: Vec<Partner>,
    typed: String,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &ChoosePage {
            layout: Layout::for_user("batch-choose-title", user, Section::Customers),
            view,
            error,
            matches,
            typed,
        },
    )
}

/// `GET /subscriptions/batches/{batch_id}`: the choice, the preview or the review.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<BatchId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let page = user
        .run(&state, move |conn, ctx| bulk::batch_page(conn, ctx, &id))
        .await?;
    match page {
        BatchPage::Choose(view) => choose_page(
            &user,
            StatusCode::OK,
            *view,
            None,
            Vec::new(),
            String::new(),
        ),
        BatchPage::Preview(preview) => ok(&PreviewPage {
            layout: Layout::for_user("batch-preview-title", &user, Section::Customers),
            preview: *preview,
        }),
        BatchPage::Review(review) => ok(&ReviewPage {
            layout: Layout::for_user("batch-review-title", &user, Section::Customers),
            review: *review,
        }),
    }
}

/// The partner choice, as sent.
#[derive(Deserialize)]
pub struct ChooseForm {
    partner: Option<String>,
}

/// `POST …/partner`: 303 to the preview, or the choice again with why.
pub async fn choose(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<BatchId>,
    CsrfForm(form): CsrfForm<ChooseForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let typed = form.partner.unwrap_or_default();
    let text = typed.clone();
    let batch = id.clone();
    let outcome = user
        .run(&state, move |conn, ctx| {
            bulk::choose_partner(conn, ctx, &batch, &text)
        })
        .await?;
    match outcome {
        ChooseOutcome::Chosen => Ok(see_other(&paths::batch(&id))),
        ChooseOutcome::AlreadyDone => {
            set_flash(&session, &Msg::new("batch-already-confirmed"))?;
            Ok(see_other(&paths::batch(&id)))
        }
        ChooseOutcome::Again { page, why, matches } => choose_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            *page,
            why,
            matches,
            typed,
        ),
    }
}

/// The confirmation, as sent.
#[derive(Deserialize)]
pub struct ConfirmForm {
    all_or_nothing: Option<String>,
}

/// `POST …/confirm`: 303 to the batch page, which then reviews it (or says what stopped it).
pub async fn confirm(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<BatchId>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let request = ConfirmRequest {
        all_or_nothing: form.all_or_nothing.is_some_and(|v| !v.is_empty()),
    };
    let batch = id.clone();
    let outcome = user
        .run(&state, move |conn, ctx| {
            bulk::confirm_batch(conn, ctx, &batch, request)
        })
        .await?;
    let message = match outcome {
        ConfirmOutcome::Done { changed } => {
            for _ in 0..changed {
                state.metrics.support_contact_changed();
            }
            Msg::new("batch-done").arg("count", changed)
        }
        ConfirmOutcome::AlreadyDone => Msg::new("batch-already-confirmed"),
        ConfirmOutcome::NoPartner => Msg::new("batch-no-partner"),
        ConfirmOutcome::Stopped { refused } => Msg::new("batch-stopped").arg("count", refused),
    };
    set_flash(&session, &message)?;
    Ok(see_other(&paths::batch(&id)))
}

/// Whether a preview row cannot change (for the templates).
pub fn cannot(status: &RowStatus) -> bool {
    matches!(status, RowStatus::Cannot { .. })
}
