//! `/settings/users`: the organization's users for its Global admins: the list, adding a user,
//! changing a role, disabling and enabling, new set-password links (each shown once).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::{Tab, tabs};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::db::ids::UserId;
use crate::domain::Role;
use crate::domain::users::{
    self, AddInput, AddOutcome, Change, ChangeOutcome, LinkOutcome, NewLink, UserRow, UserState,
    UsersPage,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, ok, paths, render, see_other};

/// Session key of a just-made link, kept from the POST to the list that shows it once.
const NEW_LINK: &str = "new_password_link";

/// A just-made link, as kept in the session until the list shows it.
#[derive(Serialize, Deserialize)]
struct KeptLink {
    token: String,
    email: String,
    expires_at: NaiveDateTime,
}

impl From<NewLink> for KeptLink {
    fn from(link: NewLink) -> Self {
        Self {
            token: link.token,
            email: link.email,
            expires_at: link.expires_at,
        }
    }
}

/// The link shown once.
pub struct ShownLink {
    /// The whole link, to copy.
    url: String,
    /// Whose it is.
    email: String,
    /// When it stops working.
    expires_at: NaiveDateTime,
}

/// The add-user form, as typed (kept on a refused submit).
#[derive(Deserialize, Default, Clone)]
pub struct AddForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
}

/// The users page.
#[derive(Template)]
#[template(path = "settings/users.html")]
pub struct UsersTemplate {
    layout: Layout,
    tabs: Vec<Tab>,
    rows: Vec<UserRow>,
    roles: Vec<Role>,
    /// The link just made: shown this once.
    new_link: Option<ShownLink>,
    /// The add form's values.
    form: AddForm,
    /// The add form's refused fields: (field, why).
    errors: Vec<(&'static str, Msg)>,
    /// Why a change was refused.
    refusal: Option<Msg>,
    /// How long a new link stays valid.
    link_days: u32,
}

impl UsersTemplate {
    fn new(state: &AppState, user: &CurrentUser, page: UsersPage) -> Self {
        Self {
            layout: Layout::for_user("users-title", user, Section::Settings),
            tabs: tabs(user.actor(), paths::SETTINGS_USERS, user.lang),
            rows: page.rows,
            roles: page.roles,
            new_link: None,
            form: AddForm::default(),
            errors: Vec::new(),
            refusal: None,
            link_days: state.settings.password_link_days,
        }
    }

    /// Why `field` of the add form was refused, if it was.
    fn error_for(&self, field: &str) -> Option<&Msg> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m)
    }
}

fn keep(session: &Session, link: NewLink) -> Result<(), AppError> {
    session
        .insert(NEW_LINK, KeptLink::from(link))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storing the new link: {e}")))
}

/// `GET /settings/users`: the list, the add form, and a just-made link once.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let page = user.run(&state, users::list).await?;
    // Taken out of the session only once the role check passed, so it is shown exactly once.
    let kept = if session.contains_key(NEW_LINK) {
        session.remove_as::<KeptLink>(NEW_LINK).and_then(Result::ok)
    } else {
        None
    };
    let mut template = UsersTemplate::new(&state, &user, page);
    template.new_link = kept.map(|k| {
        let info = crate::auth::client::ClientInfo::of(&req);
        ShownLink {
            url: format!(
                "{}://{}{}",
                info.scheme,
                info.host,
                paths::password_link(&k.token)
            ),
            email: k.email,
            expires_at: k.expires_at,
        }
    });
    ok(&template)
}

/// `POST /settings/users`: adds a user and shows their set-password link once (PRG), or the form
/// again (422) with its values and what is wrong.
pub async fn add(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<HttpResponse, AppError> {
    let input = AddInput {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        role: form.role.clone(),
    };
    let days = state.settings.password_link_days;
    let outcome = user
        .run(&state, move |conn, ctx| users::add(conn, ctx, &input, days))
        .await?;
    match outcome {
        AddOutcome::Added(link) => {
            keep(&session, link)?;
            Ok(see_other(paths::SETTINGS_USERS))
        }
        AddOutcome::Invalid { errors, page } => {
            let mut template = UsersTemplate::new(&state, &user, page);
            template.errors = errors.iter().map(|e| (e.field(), e.msg())).collect();
            // Never more than a form's worth echoed back.
            template.form = AddForm {
                email: form.email.chars().take(320).collect(),
                display_name: form.display_name.chars().take(400).collect(),
                role: form.role.chars().take(40).collect(),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &template)
        }
    }
}

/// The role form.
#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// A change's answer: 303 to the list with its message (home when the admin changed themself),
/// or the list again with why not (422 unreadable, 409 refused by a rule).
async fn apply(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    id: UserId,
    change: Change,
) -> Result<HttpResponse, AppError> {
    let outcome = user
        .run(&state, move |conn, ctx| {
            users::change(conn, ctx, &id, &change)
        })
        .await?;
    match outcome {
        ChangeOutcome::Done { flash, own } => {
            set_flash(&session, &flash)?;
            Ok(see_other(if own {
                paths::HOME
            } else {
                paths::SETTINGS_USERS
            }))
        }
        ChangeOutcome::Refused { why, invalid, page } => {
            let mut template = UsersTemplate::new(&state, &user, page);
            template.refusal = Some(why);
            let status = if invalid {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            render(status, &template)
        }
    }
}

/// `POST /settings/users/{user_id}/role`.
pub async fn role(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<UserId>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let change = Change::Role(form.role);
    apply(state, user, session, path.into_inner(), change).await
}

/// `POST /settings/users/{user_id}/disable`.
pub async fn disable(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<UserId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    apply(state, user, session, path.into_inner(), Change::Disable).await
}

/// `POST /settings/users/{user_id}/enable`.
pub async fn enable(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<UserId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    apply(state, user, session, path.into_inner(), Change::Enable).await
}

/// `POST /settings/users/{user_id}/password-link`: a new link (the user's older ones stop
/// working), shown once on the list; or the list with why not (409).
pub async fn password_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<UserId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let days = state.settings.password_link_days;
    let outcome = user
        .run(&state, move |conn, ctx| {
            users::new_link(conn, ctx, &id, days)
        })
        .await?;
    match outcome {
        LinkOutcome::Made(link) => {
            keep(&session, link)?;
            Ok(see_other(paths::SETTINGS_USERS))
        }
        LinkOutcome::Refused { why, page } => {
            let mut template = UsersTemplate::new(&state, &user, page);
            template.refusal = Some(why);
            render(StatusCode::CONFLICT, &template)
        }
    }
}

impl UsersTemplate {
    /// The badge class of a user's state.
    fn badge(&self, row: &UserRow) -> &'static str {
        match row.state {
            UserState::Active => "state-active",
            UserState::Invited { .. } => "state-pending",
            UserState::Disabled => "state-removed",
        }
    }
}
