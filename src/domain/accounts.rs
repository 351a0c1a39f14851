//! Users: sign-in, and creating users from the command line.

use crate::auth::password::{PasswordHasher, Verification};
use crate::db::DbConn;
use crate::db::ids::{MpnId, TenantId, UserId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::db::models::customer;
use crate::db::models::partner::{self, Partner};
use crate::db::models::user::{self, NewUser, User, UserOrg, normalize_email};
use crate::domain::{Actor, Concerning, Org, Role, Side};
use crate::error::AppError;

/// Longest accepted password, so that hashing cost stays bounded.
pub const MAX_PASSWORD_LEN: usize = 1024;
/// Shortest password `user add` accepts.
pub const MIN_PASSWORD_LEN: usize = 12;

/// Checks an email and password. `None` for an unknown email, a wrong password or a disabled
/// user, all alike; a right password hashed with old parameters is rehashed.
pub fn sign_in(
    conn: &mut DbConn,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
) -> Result<Option<User>, AppError> {
    if password.len() > MAX_PASSWORD_LEN || email.len() > 320 {
        hasher.verify(None, password.get(..MAX_PASSWORD_LEN).unwrap_or_default());
        return Ok(None);
    }
    let found = user::find_by_email(conn, email)?;
    // A user who has not set a password yet verifies the dummy hash, as an unknown email does.
    let stored = (found.as_ref())
        .map(|u| u.password_hash.as_str())
        .filter(|h| *h != user::NO_PASSWORD);
    let verification = hasher.verify(stored, password);
    match (found, verification) {
        (Some(user), Verification::Valid { needs_rehash }) if !user.disabled => {
            if needs_rehash {
                let hash = hasher.hash(password)?;
                user::set_password_hash(conn, &user.id, &hash)?;
            }
            Ok(Some(user))
        }
        _ => Ok(None),
    }
}

/// The signed-in user with their organization's name, as the extractors need it.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// The actor for domain calls.
    pub actor: Actor,
    /// The user row.
    pub user: User,
    /// Their organization's name, for the header.
    pub org_name: String,
}

/// Loads a signed-in user by id; `None` when the user is gone, disabled, or has an invalid role.
pub fn session_user(conn: &mut DbConn, id: &UserId) -> Result<Option<SessionUser>, AppError> {
    let Some(user) = user::find(conn, id)? else {
        return Ok(None);
    };
    if user.disabled {
        return Ok(None);
    }
    let (org, org_name) = match (&user.partner_id, &user.customer_id) {
        (Some(pid), None) => {
            let Some(p) = partner::find(conn, pid)? else {
                return Ok(None);
            };
            (
                Org::Partner {
                    id: p.id.clone(),
                    kind: p.kind,
                },
                p.name,
            )
        }
        (None, Some(cid)) => {
            let Some(c) = customer::find(conn, cid)? else {
                return Ok(None);
            };
            (Org::Customer { id: c.id.clone() }, c.company_name)
        }
        _ => return Ok(None),
    };
    let side = match org {
        Org::Partner { .. } => Side::Partner,
        Org::Customer { .. } => Side::Customer,
    };
    if !user.role.fits(side) {
        return Ok(None);
    }
    let role = user.role;
    Ok(Some(SessionUser {
        actor: Actor {
            user_id: user.id.clone(),
            org,
            role,
        },
        user,
        org_name,
    }))
}

/// Why `user add` refused.
#[derive(Debug, thiserror::Error)]
pub enum NewUserError {
    /// Bad input; the message says which.
    #[error("{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<crate::db::QueryError> for NewUserError {
    fn from(e: crate::db::QueryError) -> Self {
        Self::App(e.into())
    }
}

/// Creates a user in the organization named by PartnerID or tenant id, with an audit event.
pub fn add_user(
    conn: &mut DbConn,
    hasher: &PasswordHasher,
    email: &str,
    display_name: Option<&str>,
    org: &str,
    role: &str,
    password: &str,
) -> Result<UserId, NewUserError> {
    let invalid = |m: String| Err(NewUserError::Invalid(m));
    let email = normalize_email(email);
    if !is_plausible_email(&email) {
        return invalid(format!("{email:?} is not an email address"));
    }
    if password.chars().count() < MIN_PASSWORD_LEN {
        return invalid(format!(
            "the password must have at least {MIN_PASSWORD_LEN} characters"
        ));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return invalid(format!(
            "the password must have at most {MAX_PASSWORD_LEN} bytes"
        ));
    }
    if normalize_email(password) == email {
        return invalid("the password must not be the email address".to_owned());
    }
    let (partner, customer): (Option<Partner>, _) = if let Some(mpn) = MpnId::parse(org) {
        (partner::find_by_mpn(conn, mpn)?, None)
    } else if let Some(tenant) = TenantId::parse(org) {
        match customer::find_by_tenant_unscoped(conn, &tenant)? {
            Some(c) => (None, Some(c)),
            None => (partner::find_by_tenant(conn, &tenant)?, None),
        }
    } else {
        return invalid(format!(
            "--org must be a PartnerID (6-7 digits) or a tenant id (GUID), got {org:?}"
        ));
    };
    if partner.is_none() && customer.is_none() {
        return invalid(format!(
            "no partner or customer has PartnerID or tenant id {org}"
        ));
    }
    let side = if partner.is_some() {
        Side::Partner
    } else {
        Side::Customer
    };
    let Some(role) = Role::parse_for(role, side) else {
        let allowed = (Role::ALL.iter())
            .filter(|r| r.fits(side))
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return invalid(format!(
            "role {role:?} is not a role of this organization; use one of: {allowed}"
        ));
    };
    if user::find_by_email(conn, &email)?.is_some() {
        return invalid(format!("a user with email {email} already exists"));
    }
    let hash = hasher.hash(password).map_err(AppError::Internal)?;
    let name = display_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&email)
        .to_owned();
    let org = match (&partner, &customer) {
        (Some(p), _) => UserOrg::Partner(&p.id),
        (None, Some(c)) => UserOrg::Customer(&c.id),
        (None, None) => return invalid(format!("no organization {org}")),
    };
    let spec = UserSpec {
        email: &email,
        display_name: &name,
        org,
        role,
        password_hash: &hash,
    };
    let created = crate::db::write_transaction(conn, |conn| insert_user(conn, &spec, None))?;
    match created {
        Some(id) => Ok(id),
        None => invalid(format!("a user with email {email} already exists")),
    }
}

/// A user to create, already checked.
#[derive(Debug, Clone, Copy)]
pub struct UserSpec<'a> {
    /// Normalized email.
    pub email: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// The organization.
    pub org: UserOrg<'a>,
    /// A role of the organization's side.
    pub role: Role,
    /// The argon2 hash of their password, or [`user::NO_PASSWORD`] until they set one.
    pub password_hash: &'a str,
}

/// Inserts a checked user and its `user.created` event (new value `email (role)`), inside the
/// caller's transaction. `by`: the Global admin acting (the users page); `None` for the command
/// line, whose event names no user. `None` back, and nothing written, when the email is taken
/// (checked by the insert itself, so that two concurrent adds cannot both succeed).
pub fn insert_user(
    conn: &mut DbConn,
    spec: &UserSpec<'_>,
    by: Option<&Actor>,
) -> Result<Option<UserId>, AppError> {
    let id = UserId::generate();
    let now = crate::db::now();
    let (partner_id, customer_id) = match spec.org {
        UserOrg::Partner(p) => (Some(p), None),
        UserOrg::Customer(c) => (None, Some(c)),
    };
    let row = NewUser {
        id: &id,
        email: spec.email,
        display_name: spec.display_name,
        password_hash: spec.password_hash,
        partner_id,
        customer_id,
        role: spec.role,
        disabled: false,
        created_at: now,
    };
    if !user::insert_if_free(conn, &row)? {
        return Ok(None);
    }
    let value = format!("{} ({})", spec.email, spec.role.as_str());
    match by {
        Some(actor) => {
            let concerning = Concerning {
                customer: customer_id,
                ..Concerning::default()
            };
            actor.record(conn, Operation::UserCreated, concerning, None, Some(&value))?;
        }
        None => audit::insert(
            conn,
            &NewAuditEvent {
                id: &crate::db::ids::AuditEventId::generate(),
                occurred_at: now,
                actor_user_id: None,
                actor_partner_id: partner_id,
                actor_customer_id: customer_id,
                subject_partner_id: None,
                customer_id,
                subscription_id: None,
                operation: Operation::UserCreated,
                old_value: None,
                new_value: Some(&value),
                cause_id: None,
                batch_id: None,
            },
        )?,
    }
    Ok(Some(id))
}

/// Whether `email` (normalized) reads as an email address: a local part, `@`, a dotted domain, no
/// spaces or control characters, at most 320 bytes.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 320
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}
