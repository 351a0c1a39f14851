//! Partnership requests: the provider's Resellers page with its requests (here), and the link a
//! reseller opens: accept, sign in or sign up ([`link`]).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::db::ids::PartnershipRequestId;
use crate::domain::one_time;
use crate::domain::partnerships::{
    self, CreateOutcome, MAX_NOTE_CHARS, ResellersPage as Resellers, RevokeOutcome,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, ok, paths, render, see_other};

mod link;

pub use link::{accept, show, sign_up};

/// Session key of a just-created token, kept from the POST to the page that shows it once.
const NEW_REQUEST: &str = "new_partnership_request";

/// The provider's Resellers page: its partnerships, the request form and its requests.
#[derive(Template)]
#[template(path = "relationships/resellers.html")]
pub struct ResellersPage {
    layout: Layout,
    page: Resellers,
    /// The link of the request just made: shown this once, with its expiry.
    new_link: Option<(String, Option<NaiveDateTime>)>,
    /// The note as typed, when the form comes back.
    note: String,
    /// Why the note or a revocation was refused.
    error: Option<Msg>,
    valid_days: u32,
    max_note: usize,
}

impl ResellersPage {
    fn new(state: &AppState, user: &CurrentUser, page: Resellers) -> Self {
        Self {
            layout: Layout::for_user("nav-resellers", user, Section::Resellers),
            page,
            new_link: None,
            note: String::new(),
            error: None,
            valid_days: state.settings.invitation_days,
            max_note: MAX_NOTE_CHARS,
        }
    }
}

/// `GET /resellers`: the partnerships, the requests, and a just-made link once.
pub async fn resellers(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let page = user.run(&state, partnerships::resellers_page).await?;
    // Taken out of the session only once the role check passed, so it is shown exactly once.
    let token = session
        .remove_as::<String>(NEW_REQUEST)
        .and_then(Result::ok);
    let new_link = token.map(|t| {
        let hash = one_time::hash(&t);
        let expires_at = page
            .requests
            .iter()
            .find(|r| r.request.token_hash == hash)
            .map(|r| r.request.expires_at);
        let info = crate::auth::client::ClientInfo::of(&req);
        let url = format!(
            "{}://{}{}",
            info.scheme,
            info.host,
            paths::partnership_request(&t)
        );
        (url, expires_at)
    });
    let mut page = ResellersPage::new(&state, &user, page);
    page.new_link = new_link;
    ok(&page)
}

/// The request form, as sent.
#[derive(Deserialize)]
pub struct CreateForm {
    /// Whom it is for (optional).
    #[serde(default)]
    note: String,
}

/// `POST /resellers/requests`: makes a request and shows its link once (PRG), or the page again
/// with 422 when the note does not read.
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let note = form.note.clone();
    let outcome = user
        .run(&state, move |conn, ctx| {
            partnerships::create(conn, ctx, &note)
        })
        .await?;
    match outcome {
        CreateOutcome::Created(token) => {
            session
                .insert(NEW_REQUEST, token)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("storing the new request: {e}")))?;
            Ok(see_other(paths::RESELLERS))
        }
        CreateOutcome::Invalid { why, page } => {
            let mut page = ResellersPage::new(&state, &user, *page);
            page.note = form.note.chars().take(4 * MAX_NOTE_CHARS).collect();
            page.error = Some(why);
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `POST /resellers/requests/{request_id}/revoke`: 303 to the Resellers page, or the page again
/// with why it was refused (409).
pub async fn revoke(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<PartnershipRequestId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let outcome = user
        .run(&state, move |conn, ctx| {
            partnerships::revoke(conn, ctx, &id)
        })
        .await?;
    match outcome {
        RevokeOutcome::Revoked => {
            set_flash(&session, &Msg::new("partnership-request-revoked"))?;
            Ok(see_other(paths::RESELLERS))
        }
        RevokeOutcome::Refused { why, page } => {
            let mut page = ResellersPage::new(&state, &user, *page);
            page.error = Some(why);
            render(StatusCode::CONFLICT, &page)
        }
    }
}
