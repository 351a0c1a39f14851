//! Changing a user: their role, disabling and enabling them. The last active Global admin of an
//! organization is kept.

use crate::db::DbConn;
use crate::db::ids::UserId;
use crate::db::models::audit::Operation;
use crate::db::models::user::{self, User};
use crate::domain::{Concerning, Ctx, Org, Role};
use crate::error::AppError;
use crate::i18n::Msg;

use super::{UsersPage, list, managed_org};

/// A change to a user.
#[derive(Debug, Clone)]
pub enum Change {
    /// To this role, by its stored name (one of the organization's side).
    Role(String),
    /// Disable: they cannot sign in, and their sessions end.
    Disable,
    /// Enable again.
    Enable,
}

/// What became of a change.
#[derive(Debug, Clone)]
pub enum ChangeOutcome {
    /// Done (or nothing to do: the user was so already).
    Done {
        /// What to tell the admin.
        flash: Msg,
        /// The admin changed themself (and may have lost the page).
        own: bool,
    },
    /// Refused, nothing changed.
    Refused {
        /// Why.
        why: Msg,
        /// A form value that does not read (422), rather than a rule that forbids it (409).
        invalid: bool,
        /// The users page now.
        page: UsersPage,
    },
}

/// Whether a change takes away an active Global admin.
fn removes_global_admin(target: &User, change: &Change, new_role: Option<Role>) -> bool {
    let active_admin = target.role == Role::GlobalAdmin && !target.disabled;
    active_admin
        && match change {
            Change::Role(_) => new_role != Some(Role::GlobalAdmin),
            Change::Disable => true,
            Change::Enable => false,
        }
}

/// Changes one of the organization's users (Global admins). In one transaction that first locks
/// the organization's active Global admin rows: the actor must still be one of them (else 403),
/// the target must be of the organization (else 404, as a missing one), and the last active
/// Global admin can be neither demoted nor disabled (refused, nothing changed). The change and its
/// audit event commit together; a change to what the user already is writes nothing.
pub fn change(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &UserId,
    change: &Change,
) -> Result<ChangeOutcome, AppError> {
    let actor = &ctx.actor;
    let org = managed_org(actor)?;
    let side = actor.org_kind().side();
    let new_role = match change {
        Change::Role(raw) => match Role::parse_for(raw.trim(), side) {
            Some(role) => Some(role),
            None => {
                // The user must exist all the same: another organization's stays a 404.
                user::find_in_org(conn, org, id)?.ok_or(AppError::NotFound)?;
                return refused(conn, ctx, Msg::new("users-role-invalid"), true);
            }
        },
        Change::Disable | Change::Enable => None,
    };
    let customer = match &actor.org {
        Org::Customer { id } => Some(id),
        Org::Partner { .. } => None,
    };
    let done = crate::db::write_transaction(conn, |conn| {
        let admins = user::lock_active_global_admins(conn, org)?;
        if !admins.contains(&actor.user_id) {
            // Demoted or disabled since this request began.
            return Err(managed_org_refusal(ctx));
        }
        let target = user::find_in_org(conn, org, id)?.ok_or(AppError::NotFound)?;
        if removes_global_admin(&target, change, new_role) && admins.len() <= 1 {
            return Ok(Err(
                Msg::new("users-last-global-admin").arg("email", target.email.as_str())
            ));
        }
        let email = target.email.as_str();
        let (op, old, new, flash) = match (change, new_role) {
            (Change::Role(_), Some(role)) if role != target.role => (
                Operation::UserRoleChanged,
                Some(format!("{email} ({})", target.role.as_str())),
                format!("{email} ({})", role.as_str()),
                Msg::new("users-role-changed")
                    .arg("email", email)
                    .arg("role", Msg::new(role.label_key())),
            ),
            (Change::Disable, _) if !target.disabled => (
                Operation::UserDisabled,
                None,
                email.to_owned(),
                Msg::new("users-disabled").arg("email", email),
            ),
            (Change::Enable, _) if target.disabled => (
                Operation::UserEnabled,
                None,
                email.to_owned(),
                Msg::new("users-enabled").arg("email", email),
            ),
            _ => return Ok(Ok(Msg::new("users-unchanged").arg("email", email))),
        };
        match (change, new_role) {
            (Change::Role(_), Some(role)) => user::set_role(conn, &target.id, role)?,
            (Change::Disable, _) => user::set_disabled(conn, &target.id, true)?,
            _ => user::set_disabled(conn, &target.id, false)?,
        };
        let concerning = Concerning {
            customer,
            ..Concerning::default()
        };
        actor.record(conn, op, concerning, old.as_deref(), Some(&new))?;
        Ok::<_, AppError>(Ok(flash))
    })?;
    match done {
        Ok(flash) => Ok(ChangeOutcome::Done {
            flash,
            own: *id == actor.user_id,
        }),
        Err(why) => refused(conn, ctx, why, false),
    }
}

/// The users page again with why a change was refused.
fn refused(
    conn: &mut DbConn,
    ctx: &Ctx,
    why: Msg,
    invalid: bool,
) -> Result<ChangeOutcome, AppError> {
    Ok(ChangeOutcome::Refused {
        why,
        invalid,
        page: list(conn, ctx)?,
    })
}

/// The refusal of an actor who is no longer an active Global admin.
fn managed_org_refusal(ctx: &Ctx) -> AppError {
    AppError::Forbidden(crate::domain::Permission::ManageUsers.refusal(ctx.actor.org_kind().side()))
}
