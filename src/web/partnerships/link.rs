//! The link a provider sends: which provider asks; Accept for a reseller's Global admin, sign in
//! or sign up for a visitor, the reason for a link that no longer works.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::blocking::RunBlocking;
use crate::db::models::partner::Partner;
use crate::domain::partnerships::{
    self, Lookup, Offer, SignUpError, SignUpInput, SignUpOutcome, Unusable,
};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::login::{sign_in_path, start_session};
use crate::web::{Layout, Section, ok, paths, render, see_other};

/// The page of a link that leads to no usable request (404 unknown, 410 used, revoked, expired).
#[derive(Template)]
#[template(path = "partnerships/unusable.html")]
pub struct UnusablePage {
    layout: Layout,
    /// `None`: no request has this link.
    gone: Option<(Box<Partner>, Unusable)>,
}

fn unusable(
    layout: impl FnOnce(&str) -> Layout,
    lookup: Lookup<()>,
) -> Result<HttpResponse, AppError> {
    let gone = match lookup {
        Lookup::Unusable { provider, why } => Some((provider, why)),
        _ => None,
    };
    let (status, title) = match &gone {
        None => (StatusCode::NOT_FOUND, "partnership-link-unknown-title"),
        Some((_, why)) => (
            StatusCode::GONE,
            match why {
                Unusable::Revoked { .. } => "partnership-link-revoked-title",
                Unusable::Used { .. } => "partnership-link-used-title",
                Unusable::Expired { .. } => "partnership-link-expired-title",
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

fn unit<T>(lookup: Lookup<T>) -> Lookup<()> {
    match lookup {
        Lookup::Valid(_) => Lookup::Valid(()),
        Lookup::Unknown => Lookup::Unknown,
        Lookup::Unusable { provider, why } => Lookup::Unusable { provider, why },
    }
}

/// The acceptance page, for a signed-in reseller's Global admin.
#[derive(Template)]
#[template(path = "partnerships/accept.html")]
pub struct AcceptPage {
    layout: Layout,
    offer: Offer,
    action: String,
}

/// The page for someone not signed in: sign in, or sign a new reseller up.
#[derive(Template)]
#[template(path = "partnerships/sign_up.html")]
pub struct SignUpPage {
    layout: Layout,
    offer: Offer,
    sign_in: String,
    action: String,
    form: SignUpForm,
    errors: Vec<SignUpError>,
    min_password: usize,
}

impl SignUpPage {
    /// The worded error of a field, if any.
    fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.layout.msg(&e.msg))
    }
}

/// The anonymous frame, with the visitor's CSRF token (and the cookie that carries it, if new).
fn anonymous_layout(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    title: &str,
) -> (Layout, Option<actix_web::cookie::Cookie<'static>>) {
    let (token, cookie) = state.anonymous_csrf.token(req);
    // The language switch comes back to the link itself, never to the sign-up form's target.
    let path = req.path();
    let here = path.strip_suffix("/sign-up").unwrap_or(path).to_owned();
    (Layout::anonymous(title, lang, token, here), cookie)
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

/// The unusable link's page for a visitor not signed in.
fn anonymous_unusable(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    lookup: Lookup<()>,
) -> Result<HttpResponse, AppError> {
    let mut cookie = None;
    let response = unusable(
        |title| {
            let (layout, new) = anonymous_layout(req, state, lang, title);
            cookie = new;
            layout
        },
        lookup,
    )?;
    with_cookie(response, cookie)
}

/// The sign-up page (200, or 422 with the errors), for a visitor not signed in.
fn sign_up_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    token: &str,
    offer: Offer,
    form: SignUpForm,
    errors: Vec<SignUpError>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (mut layout, cookie) = anonymous_layout(req, state, lang, "partnership-offer-title");
    layout.title = lang.t1("partnership-offer-title", "provider", &offer.provider.name);
    layout.here = paths::partnership_request(token);
    let page = SignUpPage {
        layout,
        offer,
        sign_in: sign_in_path(Some(&paths::partnership_request(token))),
        action: paths::partnership_sign_up(token),
        form,
        errors,
        min_password: crate::domain::accounts::MIN_PASSWORD_LEN,
    };
    with_cookie(render(status, &page)?, cookie)
}

/// `GET /partnerships/{token}`: which provider asks; Accept for a reseller's Global admin, 403
/// for anyone else signed in, sign in or sign up for a visitor.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Option<CurrentUser>,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let Some(user) = user else {
        let t = token.clone();
        let lookup = state
            .db
            .run(move |conn| partnerships::public_offer(conn, &t))
            .await?;
        return match lookup {
            Lookup::Valid(offer) => sign_up_page(
                &req,
                &state,
                lang,
                &token,
                offer,
                SignUpForm::default(),
                Vec::new(),
            ),
            other => anonymous_unusable(&req, &state, lang, unit(other)),
        };
    };
    let action = paths::partnership_accept(&token);
    let lookup = user
        .run(&state, move |conn, ctx| {
            partnerships::offer(conn, ctx, &token)
        })
        .await?;
    match lookup {
        Lookup::Valid(offer) => {
            let title = user
                .lang
                .t1("partnership-offer-title", "provider", &offer.provider.name);
            ok(&AcceptPage {
                layout: Layout::for_user_titled(title, &user, Section::None),
                offer,
                action,
            })
        }
        other => unusable(|t| Layout::for_user(t, &user, Section::None), unit(other)),
    }
}

/// `POST /partnerships/{token}/accept`: 303 home with a message, or why not.
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
            partnerships::accept(conn, ctx, &token)
        })
        .await?;
    match lookup {
        Lookup::Valid(done) => {
            let key = if done.was_active {
                "partnership-accepted-already-active"
            } else {
                "partnership-accepted"
            };
            set_flash(&session, &Msg::new(key).arg("provider", done.provider.name))?;
            Ok(see_other(paths::HOME))
        }
        other => unusable(|t| Layout::for_user(t, &user, Section::None), unit(other)),
    }
}

/// The sign-up form, as sent (every field optional, so that a missing one is a 422 with its
/// message, not a 400).
#[derive(Deserialize, Default)]
pub struct SignUpForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    partner_id: String,
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

/// `POST /partnerships/{token}/sign-up`: a new reseller organization, its Global admin (signed in
/// at once) and the active partnership; or the form again with 422; or why the link is unusable.
/// Someone signed in is refused: they accept with their own organization instead.
pub async fn sign_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Option<CurrentUser>,
    session: Session,
    lang: Lang,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<SignUpForm>,
) -> Result<HttpResponse, AppError> {
    if user.is_some() {
        return Err(AppError::Forbidden(Msg::new("sign-up-signed-in")));
    }
    let token = path.into_inner();
    let input = SignUpInput {
        name: form.name.clone(),
        partner_id: form.partner_id.clone(),
        tenant_id: form.tenant_id.clone(),
        country: form.country.clone(),
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        password_again: form.password_again.clone(),
    };
    let (hasher, t) = (state.hasher.clone(), token.clone());
    let outcome = state
        .db
        .run(move |conn| partnerships::sign_up(conn, &hasher, &t, &input))
        .await?;
    match outcome {
        SignUpOutcome::Done {
            user_id,
            provider_name,
        } => {
            start_session(&session, &user_id)?;
            set_flash(
                &session,
                &Msg::new("sign-up-done").arg("provider", provider_name),
            )?;
            Ok(see_other(paths::HOME))
        }
        SignUpOutcome::Invalid { errors, offer } => {
            let kept = SignUpForm {
                password: String::new(),
                password_again: String::new(),
                ..form
            };
            sign_up_page(&req, &state, lang, &token, *offer, kept, errors)
        }
        SignUpOutcome::Gone(lookup) => anonymous_unusable(&req, &state, lang, lookup),
    }
}
