//! Adding a user from the users page: no password, a set-password link instead.

use crate::db::DbConn;
use crate::db::models::user::{NO_PASSWORD, normalize_email};
use crate::domain::accounts::{UserSpec, insert_user, is_plausible_email};
use crate::domain::{Ctx, Role};
use crate::error::AppError;
use crate::i18n::Msg;

use super::links::{NewLink, make_link};
use super::{UsersPage, list, managed_org};

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 200;

/// The add-user form, as typed.
#[derive(Debug, Clone, Default)]
pub struct AddInput {
    /// Email address (sign-in name).
    pub email: String,
    /// Display name; empty: the email.
    pub display_name: String,
    /// A role of the organization's side, by its stored name.
    pub role: String,
}

/// Why a field of the add-user form is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserFieldError {
    /// Not an email address.
    Email,
    /// Another user (of any organization) has this email.
    EmailTaken(String),
    /// Too long, or control characters.
    DisplayName,
    /// Not a role of this organization's side.
    Role,
}

impl UserFieldError {
    /// The form field it concerns.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Email | Self::EmailTaken(_) => "email",
            Self::DisplayName => "display_name",
            Self::Role => "role",
        }
    }

    /// What to tell the admin.
    pub fn msg(&self) -> Msg {
        match self {
            Self::Email => Msg::new("users-email-invalid"),
            Self::EmailTaken(email) => Msg::new("users-email-taken").arg("email", email.as_str()),
            Self::DisplayName => {
                Msg::new("users-display-name-invalid").arg("max", MAX_DISPLAY_NAME_CHARS)
            }
            Self::Role => Msg::new("users-role-invalid"),
        }
    }
}

/// What became of an add.
#[derive(Debug, Clone)]
pub enum AddOutcome {
    /// The user exists, without a usable password; the link to send them.
    Added(NewLink),
    /// Nothing changed: the fields refused, with the page to show again.
    Invalid {
        /// One per refused field.
        errors: Vec<UserFieldError>,
        /// The users page now.
        page: UsersPage,
    },
}

/// The checked form: (email, display name, role).
fn check(input: &AddInput, ctx: &Ctx) -> Result<(String, String, Role), Vec<UserFieldError>> {
    let mut errors = Vec::new();
    let email = normalize_email(&input.email);
    if !is_plausible_email(&email) {
        errors.push(UserFieldError::Email);
    }
    let name = input.display_name.trim();
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS || name.chars().any(char::is_control) {
        errors.push(UserFieldError::DisplayName);
    }
    let role = Role::parse_for(input.role.trim(), ctx.actor.org_kind().side());
    if role.is_none() {
        errors.push(UserFieldError::Role);
    }
    match role {
        Some(role) if errors.is_empty() => {
            let name = if name.is_empty() {
                email.clone()
            } else {
                name.to_owned()
            };
            Ok((email, name, role))
        }
        _ => Err(errors),
    }
}

/// Adds a user to the actor's organization (Global admins), with a role of its side and no usable
/// password, and makes their set-password link, valid `link_days` days: the user, its
/// `user.created` event, the link and its `user.password_link_created` event in one transaction.
/// A malformed field or an email any user already has changes nothing.
pub fn add(
    conn: &mut DbConn,
    ctx: &Ctx,
    input: &AddInput,
    link_days: u32,
) -> Result<AddOutcome, AppError> {
    let actor = &ctx.actor;
    let org = managed_org(actor)?;
    let (email, name, role) = match check(input, ctx) {
        Ok(checked) => checked,
        Err(errors) => {
            return Ok(AddOutcome::Invalid {
                errors,
                page: list(conn, ctx)?,
            });
        }
    };
    let spec = UserSpec {
        email: &email,
        display_name: &name,
        org,
        role,
        password_hash: NO_PASSWORD,
    };
    let made = crate::db::write_transaction(conn, |conn| {
        let Some(id) = insert_user(conn, &spec, Some(actor))? else {
            return Ok(None);
        };
        make_link(conn, actor, &id, &email, link_days).map(Some)
    })?;
    match made {
        Some(link) => Ok(AddOutcome::Added(link)),
        None => Ok(AddOutcome::Invalid {
            errors: vec![UserFieldError::EmailTaken(email)],
            page: list(conn, ctx)?,
        }),
    }
}
