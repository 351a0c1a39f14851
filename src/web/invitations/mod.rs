//! Relationship invitations: the partner's list, creating and revoking them, a customer
//! admin's acceptance, and ([`onboarding`]) a customer getting in through one while not signed in.

pub mod onboarding;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::config::EligibilityRule;
use crate::db::ids::InvitationId;
use crate::db::models::partner::Partner;
use crate::domain::invitations::{
    self, Accepted, FieldErrors, InvitationOffer, InvitationRequest, InvitationRow, Lookup,
    MAX_NOTE_CHARS, RelationshipChange, RevokeOutcome, Unusable,
};
use crate::domain::one_time;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, ok, paths, render, see_other};

/// Session key of a just-created token, kept from the POST to the list that shows it once.
const NEW_INVITATION: &str = "new_invitation";

/// The partner's Invitations page.
#[derive(Template)]
#[template(path = "invitations/list.html")]
pub struct ListPage {
    layout: Layout,
    rows: Vec<InvitationRow>,
    /// The link of the invitation just created: shown this once.
    new_link: Option<NewLink>,
    /// Why the last revocation was refused.
    error: Option<Msg>,
    /// How long a new invitation stays valid.
    valid_days: u32,
    /// The deployment drops delegated admin from rule 2.
    relationship_only: bool,
    /// The invitation form's values (kept when it is shown again with its errors).
    form: InvitationFormValues,
    /// Why the form's fields do not read.
    errors: FieldErrors,
    /// Longest note.
    max_note: usize,
}

/// The invitation form as typed.
#[derive(Default)]
pub struct InvitationFormValues {
    delegated_admin: bool,
    tenant_id: String,
    note: String,
}

/// The link of an invitation just created, with when it stops working.
pub struct NewLink {
    /// The whole link, to copy.
    url: String,
    /// When the invitation expires (`None`: not found in the list, e.g. revoked meanwhile).
    expires_at: Option<NaiveDateTime>,
}

impl ListPage {
    fn new(state: &AppState, user: &CurrentUser, rows: Vec<InvitationRow>) -> Self {
        Self {
            layout: Layout::for_user("nav-invitations", user, Section::Invitations),
            rows,
            new_link: None,
            error: None,
            valid_days: state.settings.invitation_days,
            relationship_only: state.settings.eligibility == EligibilityRule::Relationship,
            form: InvitationFormValues::default(),
            errors: FieldErrors::default(),
            max_note: MAX_NOTE_CHARS,
        }
    }
}

/// `?customer=` on the list: a tenant id to fill the form's customer field with (the customer
/// account page links here, so that a partner picks a customer it sees).
#[derive(Deserialize)]
pub struct ListQuery {
    customer: Option<String>,
}

/// `GET /relationships/invitations`: the list, the form, and a just-created link once.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    req: HttpRequest,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let rows = user.run(&state, invitations::list).await?;
    // Taken out of the session only once the role check passed, so it is shown exactly once.
    let token = session
        .remove_as::<String>(NEW_INVITATION)
        .and_then(Result::ok);
    let new_link = token.map(|t| {
        let hash = one_time::hash(&t);
        let expires_at = rows
            .iter()
            .find(|r| r.invitation.token_hash == hash)
            .map(|r| r.invitation.expires_at);
        let info = crate::auth::client::ClientInfo::of(&req);
        NewLink {
            url: format!("{}://{}{}", info.scheme, info.host, paths::invitation(&t)),
            expires_at,
        }
    });
    let mut page = ListPage::new(&state, &user, rows);
    page.new_link = new_link;
    if let Some(tenant) = &query.customer {
        page.form.tenant_id = tenant.chars().take(100).collect();
    }
    ok(&page)
}

/// The invitation form, as sent.
#[derive(Deserialize)]
pub struct CreateForm {
    /// The checkbox: present when ticked.
    delegated_admin: Option<String>,
    /// The customer's tenant id; empty: any customer.
    #[serde(default)]
    tenant_id: String,
    /// Whom it is sent to.
    #[serde(default)]
    note: String,
}

/// `POST /relationships/invitations`: creates an invitation and shows its link once (PRG).
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let delegated_admin = form.delegated_admin.is_some();
    let request = match InvitationRequest::read(delegated_admin, &form.tenant_id, &form.note) {
        Ok(request) => request,
        Err(errors) => {
            // The same permission check as a valid form, then the form again with its values.
            let rows = user.run(&state, invitations::list).await?;
            let mut page = ListPage::new(&state, &user, rows);
            page.form = InvitationFormValues {
                delegated_admin,
                tenant_id: form.tenant_id.chars().take(1000).collect(),
                note: form.note.chars().take(1000).collect(),
            };
            page.errors = errors;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let token = user
        .run(&state, move |conn, ctx| {
            invitations::create(conn, ctx, &request)
        })
        .await?;
    session
        .insert(NEW_INVITATION, token)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storing the new invitation: {e}")))?;
    Ok(see_other(paths::INVITATIONS))
}

/// `POST /relationships/invitations/{id}/revoke`: 303 to the list, or the list again with the
/// reason it was refused.
pub async fn revoke(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<InvitationId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let outcome = user
        .run(&state, move |conn, ctx| invitations::revoke(conn, ctx, &id))
        .await?;
    match outcome {
        RevokeOutcome::Revoked => {
            set_flash(&session, &Msg::new("invitation-revoked"))?;
            Ok(see_other(paths::INVITATIONS))
        }
        RevokeOutcome::Refused { why, rows } => {
            let mut page = ListPage::new(&state, &user, rows);
            page.error = Some(why);
            render(StatusCode::CONFLICT, &page)
        }
    }
}

/// The acceptance page of a valid invitation.
#[derive(Template)]
#[template(path = "invitations/accept.html")]
pub struct AcceptPage {
    layout: Layout,
    offer: InvitationOffer,
    /// The form's action.
    action: String,
}

/// The page of a link that does not lead to a usable invitation (404 unknown, 410 unusable).
#[derive(Template)]
#[template(path = "invitations/unusable.html")]
pub struct UnusablePage {
    layout: Layout,
    /// `None`: no invitation has this link.
    gone: Option<Gone>,
}

/// An invitation that exists but can no longer be accepted.
pub struct Gone {
    /// The partner that made it, to ask for a new link.
    partner: Box<Partner>,
    /// Why it cannot be accepted.
    why: Unusable,
}

/// The 404 or 410 page for a lookup that found no usable invitation.
fn unusable_page(user: &CurrentUser, gone: Option<Gone>) -> Result<HttpResponse, AppError> {
    unusable_page_in(gone, |title| Layout::for_user(title, user, Section::None))
}

/// The 404 or 410 page, in a frame made from its title's message id.
fn unusable_page_in(
    gone: Option<Gone>,
    layout: impl FnOnce(&str) -> Layout,
) -> Result<HttpResponse, AppError> {
    let (status, title) = match &gone {
        None => (StatusCode::NOT_FOUND, "invitation-not-valid-title"),
        Some(g) => (
            StatusCode::GONE,
            match g.why {
                Unusable::Revoked { .. } => "invitation-revoked-title",
                Unusable::Used { .. } => "invitation-used-title",
                Unusable::Expired { .. } => "invitation-expired-title",
            },
        ),
    };
    render(
        status,
        &UnusablePage {
            layout: layout(title),
            gone,
        },
    )
}

/// The page of an invitation that names another customer than the signed-in admin's (403).
#[derive(Template)]
#[template(path = "invitations/other_customer.html")]
pub struct OtherCustomerPage {
    layout: Layout,
    partner: Box<Partner>,
}

fn other_customer_page(
    user: &CurrentUser,
    partner: Box<Partner>,
) -> Result<HttpResponse, AppError> {
    render(
        StatusCode::FORBIDDEN,
        &OtherCustomerPage {
            layout: Layout::for_user("onboard-other-customer-title", user, Section::None),
            partner,
        },
    )
}

/// `GET /invitations/{token}`: what the invitation asks and grants, with the Accept button; for
/// someone not signed in, what the invitation leads to ([`onboarding::show`]).
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Option<CurrentUser>,
    lang: crate::i18n::Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let Some(user) = user else {
        return onboarding::show(&req, &state, lang, token).await;
    };
    let action = paths::invitation_accept(&token);
    let lookup = user
        .run(&state, move |conn, ctx| {
            invitations::offer(conn, ctx, &token)
        })
        .await?;
    match lookup {
        Lookup::Valid(offer) => {
            let title = user
                .lang
                .t1("invitation-offer-title", "partner", &offer.partner.name);
            ok(&AcceptPage {
                layout: Layout::for_user_titled(title, &user, Section::None),
                offer,
                action,
            })
        }
        Lookup::Unknown => unusable_page(&user, None),
        Lookup::Unusable { partner, why } => unusable_page(&user, Some(Gone { partner, why })),
        Lookup::ForAnotherCustomer { partner } => other_customer_page(&user, partner),
    }
}

/// `POST /invitations/{token}/accept`: 303 to the customer's Partners page, or why not.
pub async fn accept(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<String>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let lookup = user
        .run(&state, move |conn, ctx| {
            invitations::accept(conn, ctx, &token)
        })
        .await?;
    match lookup {
        Lookup::Valid(done) => {
            set_flash(&session, &accepted_message(&done))?;
            Ok(see_other(paths::ADMIN_PARTNERS))
        }
        Lookup::Unknown => unusable_page(&user, None),
        Lookup::Unusable { partner, why } => unusable_page(&user, Some(Gone { partner, why })),
        Lookup::ForAnotherCustomer { partner } => other_customer_page(&user, partner),
    }
}

/// The message on the Partners page after an acceptance.
fn accepted_message(done: &Accepted) -> Msg {
    let key = match done.change {
        RelationshipChange::Nothing => "invitation-accepted-unchanged",
        _ => "invitation-accepted",
    };
    Msg::new(key)
        .arg("partner", &done.partner.name)
        .arg("delegated", if done.delegated_admin { "yes" } else { "no" })
}
