//! `/password/{token}`: a set-password link's page, for whoever holds it (signed in or not): the
//! account it is for, and the new password twice. On success its user is signed in.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::blocking::RunBlocking;
use crate::domain::Permission;
use crate::domain::accounts::{MAX_PASSWORD_LEN, MIN_PASSWORD_LEN};
use crate::domain::users::{self, LinkLookup, LinkOffer, PasswordFieldError, SetOutcome, Unusable};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::{Layout, Section, paths, render, see_other};

/// The set-password page of a working link.
#[derive(Template)]
#[template(path = "password/set.html")]
pub struct SetPage {
    layout: Layout,
    offer: LinkOffer,
    action: String,
    errors: Vec<PasswordFieldError>,
    min: usize,
    max: usize,
}

impl SetPage {
    /// Why `field` was refused, if it was.
    fn error_for(&self, field: &str) -> Option<Msg> {
        self.errors
            .iter()
            .find(|e| e.field() == field)
            .map(|e| e.msg())
    }
}

/// The page of a link that does not work: 404 unknown, 410 used, superseded, expired, or its user
/// disabled.
#[derive(Template)]
#[template(path = "password/unusable.html")]
pub struct UnusablePage {
    layout: Layout,
    /// What to say: the heading's and the explanation's message ids.
    heading: &'static str,
    explanation: &'static str,
}

/// The frame for a visitor signed in or not; an anonymous one gets the signed CSRF cookie's
/// token (no session record written to show a page).
fn frame(
    req: &HttpRequest,
    state: &AppState,
    user: Option<&CurrentUser>,
    lang: Lang,
    title: String,
) -> (Layout, Option<actix_web::cookie::Cookie<'static>>) {
    match user {
        Some(user) => (Layout::for_user_titled(title, user, Section::None), None),
        None => {
            let (token, cookie) = state.anonymous_csrf.token(req);
            let mut layout = Layout::anonymous(
                "password-title",
                lang,
                token,
                crate::auth::extract::here(req),
            );
            layout.title = title;
            (layout, cookie)
        }
    }
}

fn with_cookie(
    mut response: HttpResponse,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> Result<HttpResponse, AppError> {
    if let Some(cookie) = cookie {
        response
            .add_cookie(&cookie)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("CSRF cookie: {e}")))?;
    }
    Ok(response)
}

/// The 404 or 410 page.
fn unusable(
    req: &HttpRequest,
    state: &AppState,
    user: Option<&CurrentUser>,
    lang: Lang,
    why: Option<Unusable>,
) -> Result<HttpResponse, AppError> {
    let (status, heading, explanation) = match why {
        None => (
            StatusCode::NOT_FOUND,
            "password-link-unknown-title",
            "password-link-unknown",
        ),
        Some(Unusable::Used) => (
            StatusCode::GONE,
            "password-link-used-title",
            "password-link-used",
        ),
        Some(Unusable::Superseded) => (
            StatusCode::GONE,
            "password-link-superseded-title",
            "password-link-superseded",
        ),
        Some(Unusable::Expired) => (
            StatusCode::GONE,
            "password-link-expired-title",
            "password-link-expired",
        ),
        Some(Unusable::Disabled) => (
            StatusCode::GONE,
            "password-link-disabled-title",
            "password-link-disabled",
        ),
    };
    let (layout, cookie) = frame(req, state, user, lang, lang.t(heading));
    let page = UnusablePage {
        layout,
        heading,
        explanation,
    };
    with_cookie(render(status, &page)?, cookie)
}

/// The form, with `errors` (422) or without (200).
fn form_page(
    req: &HttpRequest,
    state: &AppState,
    user: Option<&CurrentUser>,
    lang: Lang,
    token: &str,
    offer: LinkOffer,
    errors: Vec<PasswordFieldError>,
) -> Result<HttpResponse, AppError> {
    let title = lang.t1("password-heading", "email", offer.email.as_str());
    let (layout, cookie) = frame(req, state, user, lang, title);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SetPage {
        layout,
        offer,
        action: paths::password_link(token),
        errors,
        min: MIN_PASSWORD_LEN,
        max: MAX_PASSWORD_LEN,
    };
    with_cookie(render(status, &page)?, cookie)
}

/// `GET /password/{token}`: for which account the link is, and the form; or why it does not work.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Option<CurrentUser>,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let lookup = {
        let token = token.clone();
        state
            .db
            .run(move |conn| users::link_offer(conn, &token))
            .await?
    };
    let lang = user.as_ref().map_or(lang, |u| u.lang);
    match lookup {
        LinkLookup::Valid(offer) => {
            form_page(&req, &state, user.as_ref(), lang, &token, offer, Vec::new())
        }
        LinkLookup::Unknown => unusable(&req, &state, user.as_ref(), lang, None),
        LinkLookup::Unusable(why) => unusable(&req, &state, user.as_ref(), lang, Some(why)),
    }
}

/// The set-password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `POST /password/{token}`: sets the password, uses the link up and signs its user in (a new
/// session, as sign-in makes), 303 home; or the form again (422), or why the link does not work.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    user: Option<CurrentUser>,
    lang: Lang,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let hasher = state.hasher.clone();
    let outcome = {
        let token = token.clone();
        state
            .db
            .run(move |conn| {
                users::set_password(
                    conn,
                    &hasher,
                    &token,
                    &form.password,
                    &form.password_confirm,
                )
            })
            .await?
    };
    let lang = user.as_ref().map_or(lang, |u| u.lang);
    match outcome {
        SetOutcome::Set(actor) => {
            crate::web::login::start_session(&session, &actor.user_id)?;
            set_flash(&session, &Msg::new("password-set"))?;
            // Straight to their first page: `/` would take the message and redirect.
            let home = if actor.may(Permission::CustomerWorkspace) {
                paths::CUSTOMERS
            } else if actor.may(Permission::AdminCenter) {
                paths::ADMIN_SUPPORT
            } else {
                paths::HOME
            };
            Ok(see_other(home))
        }
        SetOutcome::Unknown => unusable(&req, &state, user.as_ref(), lang, None),
        SetOutcome::Unusable(why) => unusable(&req, &state, user.as_ref(), lang, Some(why)),
        SetOutcome::Invalid { errors, offer } => {
            form_page(&req, &state, user.as_ref(), lang, &token, offer, errors)
        }
    }
}
