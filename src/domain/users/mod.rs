//! An organization's users, for its Global admins (partner or customer): the list, adding a user
//! (who sets their own password through a one-time link), changing a role, disabling and enabling,
//! and new set-password links; and the link's own page, where its holder sets the password.
//!
//! The last active Global admin of an organization can be neither demoted nor disabled: every
//! change that could remove one locks the organization's active Global admin rows first
//! ([`user::lock_active_global_admins`]), so two admins demoting each other at once cannot leave
//! none.

mod add;
mod change;
mod links;

pub use add::{AddInput, AddOutcome, UserFieldError, add};
pub use change::{Change, ChangeOutcome, change};
pub use links::{
    LinkLookup, LinkOffer, LinkOutcome, NewLink, PasswordFieldError, SetOutcome, Unusable,
    new_link, offer as link_offer, set_password,
};

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::models::password_link;
use crate::db::models::user::{self, NO_PASSWORD, User, UserOrg};
use crate::domain::{Actor, Ctx, Org, Permission, Role};
use crate::error::AppError;
use crate::i18n::Msg;

/// The organization whose users `actor` may manage: its Global admins'; anyone else is refused
/// (403) with the permission's message.
fn managed_org(actor: &Actor) -> Result<UserOrg<'_>, AppError> {
    if !actor.may(Permission::ManageUsers) {
        return Err(AppError::Forbidden(
            Permission::ManageUsers.refusal(actor.org_kind().side()),
        ));
    }
    Ok(org_of(&actor.org))
}

/// The users query scope of an organization.
fn org_of(org: &Org) -> UserOrg<'_> {
    match org {
        Org::Partner { id, .. } => UserOrg::Partner(id),
        Org::Customer { id } => UserOrg::Customer(id),
    }
}

/// Where a user stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserState {
    /// Signs in.
    Active,
    /// Cannot sign in; their sessions have ended.
    Disabled,
    /// Has not set a password yet; their newest link expires then (`None`: no link works any
    /// more, a new one is needed).
    Invited {
        /// When the pending link expires.
        expires_at: Option<NaiveDateTime>,
    },
}

impl UserState {
    /// Its stored-style name, for CSS classes (`state-active`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Invited { .. } => "invited",
        }
    }

    /// Its words.
    pub fn msg(self) -> Msg {
        match self {
            Self::Active => Msg::new("users-state-active"),
            Self::Disabled => Msg::new("users-state-disabled"),
            Self::Invited {
                expires_at: Some(at),
            } => Msg::new("users-state-invited").arg("expires", at),
            Self::Invited { expires_at: None } => Msg::new("users-state-invited-expired"),
        }
    }
}

/// One line of the users list.
#[derive(Debug, Clone)]
pub struct UserRow {
    /// The user.
    pub user: User,
    /// Where they stand.
    pub state: UserState,
    /// The acting admin themself.
    pub is_self: bool,
}

impl UserRow {
    /// Their role, to be put into words.
    pub fn role_msg(&self) -> Msg {
        Msg::new(self.user.role.label_key())
    }
}

/// The users page: the organization's users and the roles its side has.
#[derive(Debug, Clone)]
pub struct UsersPage {
    /// By display name.
    pub rows: Vec<UserRow>,
    /// The roles a user of this organization may have, in DESIGN.md's order.
    pub roles: Vec<Role>,
}

/// The roles of an organization's side.
fn side_roles(actor: &Actor) -> Vec<Role> {
    let side = actor.org_kind().side();
    Role::ALL.iter().copied().filter(|r| r.fits(side)).collect()
}

/// The actor organization's users, by name, each with its state (Global admins only). Two
/// queries, both scoped to the organization.
pub fn list(conn: &mut DbConn, ctx: &Ctx) -> Result<UsersPage, AppError> {
    let actor = &ctx.actor;
    let org = managed_org(actor)?;
    let now = crate::db::now();
    let users = user::list_for_org(conn, org)?;
    let pending = password_link::pending_for_org(conn, org, now)?;
    let rows = users
        .into_iter()
        .map(|u| {
            let state = if u.disabled {
                UserState::Disabled
            } else if u.password_hash == NO_PASSWORD {
                let expires_at = (pending.iter())
                    .filter(|l| l.user_id == u.id)
                    .map(|l| l.expires_at)
                    .max();
                UserState::Invited { expires_at }
            } else {
                UserState::Active
            };
            UserRow {
                is_self: u.id == actor.user_id,
                user: u,
                state,
            }
        })
        .collect();
    Ok(UsersPage {
        rows,
        roles: side_roles(actor),
    })
}
