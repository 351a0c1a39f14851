//! A customer getting into partnerdesk through a partner's invitation, opened by someone not
//! signed in: the named customer's first Global admin, or a new customer signing up. Either way
//! the user, the customer (for a sign-up) and the acceptance commit in one transaction, and the
//! acceptance is the signed-in Global admin's own ([`super::customer_side::accept_found`]).
//!
//! An existing tenant is joined only through an invitation that names it: signing up with a
//! tenant id (or primary domain) already in partnerdesk is refused.

use chrono::NaiveDateTime;

use crate::auth::password::PasswordHasher;
use crate::db::DbConn;
use crate::db::ids::{CustomerId, TenantId, UserId};
use crate::db::models::audit::Operation;
use crate::db::models::customer::{self, Customer};
use crate::db::models::invitation::Invitation;
use crate::db::models::partner::Partner;
use crate::db::models::user::{self, NewUser};
use crate::db::{DbError, QueryError};
use crate::domain::organizations::{self, AddError, CustomerInput, FieldError};
use crate::domain::{Actor, Concerning, Org, Role};
use crate::error::AppError;

use super::FieldErrors;
use super::customer_side::{Accepted, Lookup, accept_found, find_usable};

mod fields;

pub use fields::{AdminInput, SignUpInput};
use fields::{CheckedAdmin, check_admin, customer_errors, customer_field_error, email_taken};

/// What an invitation link leads someone not signed in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Way {
    /// It names a customer that has no users yet: create its first Global admin.
    FirstAdmin {
        /// The customer's tenant id (its name is not shown before sign-in: rule 9).
        tenant: TenantId,
    },
    /// It names a customer that has users: sign in first, as one of its Global admins.
    SignIn,
    /// No customer to join: sign up a new one; `tenant` is fixed when the invitation names it.
    SignUp {
        /// The tenant id the invitation names, if any.
        tenant: Option<TenantId>,
    },
}

/// A usable invitation, as someone not signed in sees it.
#[derive(Debug, Clone)]
pub struct Opening {
    /// The partner asking.
    pub partner: Partner,
    /// Whether it asks for delegated admin privileges.
    pub delegated_admin: bool,
    /// Until when it can be used.
    pub expires_at: NaiveDateTime,
    /// What it leads to.
    pub way: Way,
}

/// What the invitation leads to now, and the customer it names when that exists.
fn way_of(conn: &mut DbConn, found: &Invitation) -> Result<(Way, Option<Customer>), AppError> {
    let Some(tenant) = &found.customer_tenant_id else {
        return Ok((Way::SignUp { tenant: None }, None));
    };
    let Some(customer) = customer::find_by_tenant_unscoped(conn, tenant)? else {
        return Ok((
            Way::SignUp {
                tenant: Some(tenant.clone()),
            },
            None,
        ));
    };
    let way = if user::customer_has_users(conn, &customer.id)? {
        Way::SignIn
    } else {
        Way::FirstAdmin {
            tenant: tenant.clone(),
        }
    };
    Ok((way, Some(customer)))
}

fn opening(found: &Invitation, partner: Partner, way: Way) -> Opening {
    Opening {
        partner,
        delegated_admin: found.delegated_admin,
        expires_at: found.expires_at,
        way,
    }
}

/// The invitation behind `token` for someone not signed in, and what it leads to. Changes
/// nothing.
pub fn open(conn: &mut DbConn, token: &str) -> Result<Lookup<Opening>, AppError> {
    let (found, partner) = match find_usable(conn, None, token, crate::db::now())? {
        Lookup::Valid(pair) => pair,
        other => return Ok(other.refused()),
    };
    let (way, _) = way_of(conn, &found)?;
    Ok(Lookup::Valid(opening(&found, partner, way)))
}

/// What became of a first-admin or sign-up form.
#[derive(Debug, Clone)]
pub enum Onboarded {
    /// Done: the new Global admin, to sign in, and what the acceptance did.
    Done {
        /// The new user.
        user: UserId,
        /// The acceptance.
        accepted: Accepted,
    },
    /// Fields that do not read or are taken: the form again, with why. Nothing changed.
    Invalid {
        /// The invitation, for the form.
        opening: Opening,
        /// Why, per field.
        errors: FieldErrors,
    },
    /// The invitation leads elsewhere now (the customer got its Global admin meanwhile, or the
    /// form does not fit it). Nothing changed.
    Elsewhere {
        /// The invitation and where it leads.
        opening: Opening,
    },
}

/// How a transaction ends early: a refusal (rolled back, then answered), or a failure.
enum Stop {
    Refused(Box<Lookup<Onboarded>>),
    Failed(AppError),
}

/// Stops the transaction with this answer.
fn refuse(answer: Lookup<Onboarded>) -> Stop {
    Stop::Refused(Box::new(answer))
}

impl From<QueryError> for Stop {
    fn from(e: QueryError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

impl From<DbError> for Stop {
    fn from(e: DbError) -> Self {
        Self::Failed(e.into())
    }
}

/// Runs `f` in one write transaction; a refusal rolls everything back and is the answer.
fn all_or_nothing(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<Lookup<Onboarded>, Stop>,
) -> Result<Lookup<Onboarded>, AppError> {
    match crate::db::write_transaction(conn, f) {
        Ok(done) => Ok(done),
        Err(Stop::Refused(done)) => Ok(*done),
        Err(Stop::Failed(e)) => Err(e),
    }
}

/// Creates the user (a Global admin of `customer`) with its `user.created` event, and accepts
/// the invitation as that user, inside the caller's transaction. A taken email, or an invitation
/// used up meanwhile, stops it all.
#[allow(clippy::too_many_arguments)]
fn admin_accepts(
    conn: &mut DbConn,
    customer: &CustomerId,
    admin: &CheckedAdmin,
    hash: &str,
    token: &str,
    found: Invitation,
    partner: Partner,
    way: Way,
) -> Result<Lookup<Onboarded>, Stop> {
    let now = crate::db::now();
    let id = UserId::generate();
    let row = NewUser {
        id: &id,
        email: &admin.email,
        display_name: &admin.name,
        password_hash: hash,
        partner_id: None,
        customer_id: Some(customer),
        role: Role::GlobalAdmin,
        disabled: false,
        created_at: now,
    };
    if !user::insert_if_free(conn, &row)? {
        let opening = opening(&found, partner, way);
        return Err(refuse(Lookup::Valid(Onboarded::Invalid {
            opening,
            errors: email_taken(),
        })));
    }
    let actor = Actor {
        user_id: id.clone(),
        org: Org::Customer {
            id: customer.clone(),
        },
        role: Role::GlobalAdmin,
    };
    actor.record(
        conn,
        Operation::UserCreated,
        Concerning {
            customer: Some(customer),
            ..Concerning::default()
        },
        None,
        Some(&format!("{} ({})", admin.email, Role::GlobalAdmin.as_str())),
    )?;
    match accept_found(conn, &actor, customer, token, found, partner, now)? {
        Lookup::Valid(accepted) => Ok(Lookup::Valid(Onboarded::Done { user: id, accepted })),
        // Used up or revoked meanwhile: the user and the customer go too.
        other => Err(refuse(other.refused())),
    }
}

/// Creates the first Global admin of the customer an invitation names, when it has no users,
/// and accepts the invitation as that admin, in one transaction (the customer's row locked, so
/// of two invitations racing for one customer only one makes its admin). The password is hashed
/// with `hasher` (call off the async threads). Unknown or unusable invitations change nothing.
pub fn create_first_admin(
    conn: &mut DbConn,
    hasher: &PasswordHasher,
    token: &str,
    input: &AdminInput<'_>,
) -> Result<Lookup<Onboarded>, AppError> {
    let (found, partner) = match find_usable(conn, None, token, crate::db::now())? {
        Lookup::Valid(pair) => pair,
        other => return Ok(other.refused()),
    };
    let (way, customer) = way_of(conn, &found)?;
    let (Way::FirstAdmin { .. }, Some(customer)) = (&way, customer) else {
        let opening = opening(&found, partner, way);
        return Ok(Lookup::Valid(Onboarded::Elsewhere { opening }));
    };
    let admin = match check_admin(input) {
        Ok(admin) => admin,
        Err(errors) => {
            let opening = opening(&found, partner, way);
            return Ok(Lookup::Valid(Onboarded::Invalid { opening, errors }));
        }
    };
    if user::find_by_email(conn, &admin.email)?.is_some() {
        let opening = opening(&found, partner, way);
        let errors = email_taken();
        return Ok(Lookup::Valid(Onboarded::Invalid { opening, errors }));
    }
    let hash = hasher.hash(input.password).map_err(AppError::Internal)?;
    all_or_nothing(conn, |conn| {
        // Whoever locks the customer first decides; the others then read what it did.
        customer::lock(conn, &customer.id)?.ok_or(AppError::NotFound)?;
        let now = crate::db::now();
        let (found, partner) = match find_usable(conn, None, token, now)? {
            Lookup::Valid(pair) => pair,
            other => return Err(refuse(other.refused())),
        };
        if user::customer_has_users(conn, &customer.id)? {
            let opening = opening(&found, partner, Way::SignIn);
            return Err(refuse(Lookup::Valid(Onboarded::Elsewhere { opening })));
        }
        admin_accepts(
            conn,
            &customer.id,
            &admin,
            &hash,
            token,
            found,
            partner,
            way,
        )
    })
}

/// Signs up a new customer through an invitation that names no customer in partnerdesk: the
/// customer (`organization.created`), its first Global admin (`user.created`) and the
/// acceptance, in one transaction. A tenant id or primary domain already in partnerdesk is
/// refused (join an existing tenant through an invitation that names it), also when two sign-ups
/// race. The password is hashed with `hasher` (call off the async threads).
pub fn sign_up(
    conn: &mut DbConn,
    hasher: &PasswordHasher,
    token: &str,
    input: &SignUpInput<'_>,
    admin: &AdminInput<'_>,
) -> Result<Lookup<Onboarded>, AppError> {
    let (found, partner) = match find_usable(conn, None, token, crate::db::now())? {
        Lookup::Valid(pair) => pair,
        other => return Ok(other.refused()),
    };
    let (way, _) = way_of(conn, &found)?;
    let Way::SignUp { tenant: fixed } = &way else {
        let opening = opening(&found, partner, way);
        return Ok(Lookup::Valid(Onboarded::Elsewhere { opening }));
    };
    let fixed_text = fixed.as_ref().map(ToString::to_string);
    let typed = CustomerInput {
        name: input.company_name,
        domain: input.domain,
        tenant_id: fixed_text.as_deref().unwrap_or(input.tenant_id),
        country: input.country,
    };
    let mut errors = FieldErrors::default();
    let checked = typed
        .check()
        .map_err(|e| errors.extend(customer_errors(&e)))
        .ok();
    let checked_admin = check_admin(admin).map_err(|e| errors.extend(e)).ok();
    let (Some(org), Some(checked_admin)) = (checked, checked_admin) else {
        let opening = opening(&found, partner, way);
        return Ok(Lookup::Valid(Onboarded::Invalid { opening, errors }));
    };
    // Taken fields, before the cost of hashing; checked again by the inserts.
    let mut taken = FieldErrors::default();
    if !organizations::tenant_id_is_free(conn, &org.tenant_id)? {
        let (field, msg) =
            customer_field_error(&FieldError::TenantIdTaken(org.tenant_id.to_string()));
        taken.push(field, msg);
    }
    if customer::find_by_domain_unscoped(conn, &org.domain)?.is_some() {
        let (field, msg) = customer_field_error(&FieldError::DomainTaken(org.domain.clone()));
        taken.push(field, msg);
    }
    if user::find_by_email(conn, &checked_admin.email)?.is_some() {
        taken.extend(email_taken());
    }
    if !taken.is_empty() {
        let opening = opening(&found, partner, way);
        return Ok(Lookup::Valid(Onboarded::Invalid {
            opening,
            errors: taken,
        }));
    }
    let hash = hasher.hash(admin.password).map_err(AppError::Internal)?;
    all_or_nothing(conn, |conn| {
        let now = crate::db::now();
        let (found, partner) = match find_usable(conn, None, token, now)? {
            Lookup::Valid(pair) => pair,
            other => return Err(refuse(other.refused())),
        };
        let customer = match organizations::add_customer(conn, &org, Some(&partner.id)) {
            Ok(id) => id,
            Err(AddError::Invalid(e)) => {
                let opening = opening(&found, partner, way);
                return Err(refuse(Lookup::Valid(Onboarded::Invalid {
                    opening,
                    errors: customer_errors(&e),
                })));
            }
            Err(AddError::App(e)) => return Err(Stop::Failed(e)),
        };
        admin_accepts(
            conn,
            &customer,
            &checked_admin,
            &hash,
            token,
            found,
            partner,
            way,
        )
    })
}
