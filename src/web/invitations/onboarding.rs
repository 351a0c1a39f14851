//! An invitation link opened by someone not signed in: the named customer's first Global admin,
//! or a new customer's sign-up; either ends signed in as the new admin, the invitation accepted.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Gone, accepted_message, unusable_page_in};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::set_flash;
use crate::blocking::RunBlocking;
use crate::domain::invitations::onboarding::{
    self, AdminInput, Onboarded, Opening, SignUpInput, Way,
};
use crate::domain::invitations::{FieldErrors, Lookup};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::startup::AppState;
use crate::web::login::sign_in_path;
use crate::web::{Layout, paths, render, see_other};

/// The first Global admin's fields as typed (never the passwords: they are not sent back).
#[derive(Default)]
pub struct AdminValues {
    email: String,
    admin_name: String,
}

/// The new customer's fields as typed.
#[derive(Default)]
pub struct CustomerValues {
    company_name: String,
    domain: String,
    tenant_id: String,
    country: String,
}

/// The form that creates the named customer's first Global admin.
#[derive(Template)]
#[template(path = "invitations/first_admin.html")]
pub struct FirstAdminPage {
    layout: Layout,
    opening: Opening,
    /// The named customer's tenant id.
    tenant: String,
    action: String,
    admin: AdminValues,
    errors: FieldErrors,
}

/// The sign-up form of a new customer, with the way to sign in instead.
#[derive(Template)]
#[template(path = "invitations/sign_up.html")]
pub struct SignUpPage {
    layout: Layout,
    opening: Opening,
    /// The tenant id the invitation names, if any: the form's tenant id is then fixed.
    fixed_tenant: Option<String>,
    action: String,
    sign_in: String,
    customer: CustomerValues,
    admin: AdminValues,
    errors: FieldErrors,
}

/// The invitation leads elsewhere than the form that was sent (409).
#[derive(Template)]
#[template(path = "invitations/elsewhere.html")]
pub struct ElsewherePage {
    layout: Layout,
    opening: Opening,
    /// Where to go on: the invitation link, or sign-in coming back to it.
    next: String,
}

/// The frame for someone not signed in, with the CSRF token their forms carry: the one they sent
/// (a form shown again), or the anonymous cookie's (set on the answer when new).
struct Frame {
    lang: Lang,
    token: String,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
    here: String,
}

impl Frame {
    fn new(req: &HttpRequest, state: &AppState, lang: Lang, token: &str) -> Self {
        let (csrf, cookie) = state.anonymous_csrf.token(req);
        Self {
            lang,
            token: csrf,
            cookie,
            here: paths::invitation(token),
        }
    }

    fn sent(lang: Lang, sent_token: String, token: &str) -> Self {
        Self {
            lang,
            token: sent_token,
            cookie: None,
            here: paths::invitation(token),
        }
    }

    fn layout(&self, title: &str) -> Layout {
        Layout::anonymous(title, self.lang, self.token.clone(), self.here.clone())
    }

    fn answer(&self, response: Result<HttpResponse, AppError>) -> Result<HttpResponse, AppError> {
        let mut response = response?;
        if let Some(cookie) = &self.cookie {
            response
                .add_cookie(cookie)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("CSRF cookie: {e}")))?;
        }
        Ok(response)
    }
}

/// A lookup that found no usable invitation, for someone not signed in.
fn refused(frame: &Frame, lookup: Lookup<Onboarded>) -> Result<HttpResponse, AppError> {
    match lookup {
        Lookup::Unusable { partner, why } => {
            unusable_page_in(Some(Gone { partner, why }), |t| frame.layout(t))
        }
        _ => unusable_page_in(None, |t| frame.layout(t)),
    }
}

/// The page an opening leads to, with `status` (a form shown again: 422).
fn form_page(
    frame: &Frame,
    token: &str,
    opening: Opening,
    status: StatusCode,
    values: (CustomerValues, AdminValues),
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (customer, admin) = values;
    match &opening.way {
        Way::SignIn => Ok(see_other(&sign_in_path(Some(&paths::invitation(token))))),
        Way::FirstAdmin { tenant } => render(
            status,
            &FirstAdminPage {
                layout: frame.layout("onboard-first-admin-title"),
                tenant: tenant.to_string(),
                action: paths::invitation_first_admin(token),
                opening,
                admin,
                errors,
            },
        ),
        Way::SignUp { tenant } => render(
            status,
            &SignUpPage {
                layout: frame.layout("onboard-sign-up-title"),
                fixed_tenant: tenant.as_ref().map(ToString::to_string),
                action: paths::invitation_sign_up(token),
                sign_in: sign_in_path(Some(&paths::invitation(token))),
                opening,
                customer,
                admin,
                errors,
            },
        ),
    }
}

/// `GET /invitations/{token}` for someone not signed in: the first Global admin's form, sign-in,
/// or the sign-up form, as the invitation leads.
pub async fn show(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    token: String,
) -> Result<HttpResponse, AppError> {
    let frame = Frame::new(req, state, lang, &token);
    let key = token.clone();
    let lookup = state
        .db
        .run(move |conn| onboarding::open(conn, &key))
        .await?;
    let opening = match lookup {
        Lookup::Valid(opening) => opening,
        Lookup::Unusable { partner, why } => {
            return frame.answer(unusable_page_in(Some(Gone { partner, why }), |t| {
                frame.layout(t)
            }));
        }
        _ => return frame.answer(unusable_page_in(None, |t| frame.layout(t))),
    };
    let values = (CustomerValues::default(), AdminValues::default());
    let page = form_page(
        &frame,
        &token,
        opening,
        StatusCode::OK,
        values,
        FieldErrors::default(),
    );
    frame.answer(page)
}

/// The first Global admin's form, as sent.
#[derive(Deserialize)]
pub struct FirstAdminForm {
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    admin_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

/// The sign-up form, as sent.
#[derive(Deserialize)]
pub struct SignUpForm {
    csrf_token: String,
    #[serde(default)]
    company_name: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    admin_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

/// At most this many characters of a typed value are shown again.
fn kept(value: &str) -> String {
    value.chars().take(400).collect()
}

/// What a first-admin or sign-up POST answers: signed in and on to the Partners page, the form
/// again (422), the way the invitation leads now (409), or why it cannot be used.
fn answer(
    frame: &Frame,
    session: &Session,
    token: &str,
    lookup: Lookup<Onboarded>,
    values: (CustomerValues, AdminValues),
) -> Result<HttpResponse, AppError> {
    let outcome = match lookup {
        Lookup::Valid(outcome) => outcome,
        other => return refused(frame, other),
    };
    match outcome {
        Onboarded::Done { user, accepted } => {
            crate::web::login::start_session(session, &user)?;
            set_flash(session, &accepted_message(&accepted))?;
            Ok(see_other(paths::ADMIN_PARTNERS))
        }
        Onboarded::Invalid { opening, errors } => form_page(
            frame,
            token,
            opening,
            StatusCode::UNPROCESSABLE_ENTITY,
            values,
            errors,
        ),
        Onboarded::Elsewhere { opening } => {
            let link = paths::invitation(token);
            let next = match opening.way {
                Way::SignIn => sign_in_path(Some(&link)),
                _ => link,
            };
            render(
                StatusCode::CONFLICT,
                &ElsewherePage {
                    layout: frame.layout("onboard-elsewhere-title"),
                    opening,
                    next,
                },
            )
        }
    }
}

/// `POST /invitations/{token}/first-admin`: creates the named customer's first Global admin,
/// accepts as them and signs them in.
pub async fn first_admin(
    state: web::Data<AppState>,
    session: Session,
    lang: Lang,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<FirstAdminForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let frame = Frame::sent(lang, form.csrf_token.clone(), &token);
    let values = (
        CustomerValues::default(),
        AdminValues {
            email: kept(&form.email),
            admin_name: kept(&form.admin_name),
        },
    );
    let hasher = state.hasher.clone();
    let key = token.clone();
    let lookup = state
        .db
        .run(move |conn| {
            let admin = AdminInput {
                email: &form.email,
                name: &form.admin_name,
                password: &form.password,
                password_again: &form.password_again,
            };
            onboarding::create_first_admin(conn, &hasher, &key, &admin)
        })
        .await?;
    answer(&frame, &session, &token, lookup, values)
}

/// `POST /invitations/{token}/sign-up`: signs up a new customer and its first Global admin,
/// accepts as them and signs them in.
pub async fn sign_up(
    state: web::Data<AppState>,
    session: Session,
    lang: Lang,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<SignUpForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let frame = Frame::sent(lang, form.csrf_token.clone(), &token);
    let values = (
        CustomerValues {
            company_name: kept(&form.company_name),
            domain: kept(&form.domain),
            tenant_id: kept(&form.tenant_id),
            country: kept(&form.country),
        },
        AdminValues {
            email: kept(&form.email),
            admin_name: kept(&form.admin_name),
        },
    );
    let hasher = state.hasher.clone();
    let key = token.clone();
    let lookup = state
        .db
        .run(move |conn| {
            let customer = SignUpInput {
                company_name: &form.company_name,
                domain: &form.domain,
                tenant_id: &form.tenant_id,
                country: &form.country,
            };
            let admin = AdminInput {
                email: &form.email,
                name: &form.admin_name,
                password: &form.password,
                password_again: &form.password_again,
            };
            onboarding::sign_up(conn, &hasher, &key, &customer, &admin)
        })
        .await?;
    answer(&frame, &session, &token, lookup, values)
}
