//! A reseller new to partnerdesk signing up through a provider's request: its organization, its
//! first Global admin and the active partnership, made in one transaction that also uses the
//! request up.

use super::reseller_side::{Lookup, Offer, Unusable, activate};
use super::{find_usable, public_offer};
use crate::auth::password::PasswordHasher;
use crate::db::ids::UserId;
use crate::db::models::partner::PartnerKind;
use crate::db::models::partnership_request;
use crate::db::models::user::{self, UserOrg, normalize_email};
use crate::db::{DbConn, QueryError};
use crate::domain::accounts::{
    MAX_PASSWORD_LEN, MIN_PASSWORD_LEN, UserSpec, insert_user, is_plausible_email,
};
use crate::domain::organizations::{
    AddError, CheckedPartner, MAX_NAME_CHARS, PartnerInput, add_checked_partner, check_name,
};
use crate::domain::{Actor, Org, Role};
use crate::error::AppError;
use crate::i18n::Msg;

/// The sign-up form as typed.
#[derive(Debug, Clone, Default)]
pub struct SignUpInput {
    /// Organization name.
    pub name: String,
    /// PartnerID.
    pub partner_id: String,
    /// The organization's tenant id.
    pub tenant_id: String,
    /// Country code.
    pub country: String,
    /// The first Global admin's email.
    pub email: String,
    /// Their display name.
    pub display_name: String,
    /// Their password.
    pub password: String,
    /// The password again.
    pub password_again: String,
}

/// A field that does not read or is taken.
#[derive(Debug, Clone, PartialEq)]
pub struct SignUpError {
    /// The form field.
    pub field: &'static str,
    /// Why, in the reader's language.
    pub msg: Msg,
}

impl SignUpError {
    fn new(field: &'static str, msg: Msg) -> Self {
        Self { field, msg }
    }
}

/// What became of a sign-up.
#[derive(Debug, Clone)]
pub enum SignUpOutcome {
    /// Made: the new Global admin, to be signed in, and the provider's name.
    Done {
        /// The new user.
        user_id: UserId,
        /// The provider now in partnership with the new reseller.
        provider_name: String,
    },
    /// Fields that do not read or are taken; nothing written. The request's page to show again.
    Invalid {
        /// Per field, in the form's order.
        errors: Vec<SignUpError>,
        /// The request.
        offer: Box<Offer>,
    },
    /// The link does not lead to a usable request; nothing written.
    Gone(Lookup<()>),
}

/// Everything but the database's checks: every field's error at once, or the organization, the
/// normalized email and the display name.
fn check_fields(input: &SignUpInput) -> Result<(CheckedPartner, String, String), Vec<SignUpError>> {
    let mut errors = Vec::new();
    let org = PartnerInput {
        kind: PartnerKind::IndirectReseller.as_str(),
        name: &input.name,
        partner_id: &input.partner_id,
        tenant_id: &input.tenant_id,
        country: &input.country,
    }
    .check()
    .map_err(|fields| {
        errors.extend(fields.iter().map(|e| SignUpError::new(e.field(), e.msg())));
    })
    .ok();
    let email = normalize_email(&input.email);
    if !is_plausible_email(&email) {
        errors.push(SignUpError::new("email", Msg::new("sign-up-email-invalid")));
    }
    let display_name = check_name(&input.display_name).map_err(|_| {
        errors.push(SignUpError::new(
            "display_name",
            Msg::new("sign-up-display-name-invalid").arg("max", MAX_NAME_CHARS),
        ));
    });
    let password = &input.password;
    if password.chars().count() < MIN_PASSWORD_LEN || password.len() > MAX_PASSWORD_LEN {
        errors.push(SignUpError::new(
            "password",
            Msg::new("sign-up-password-length")
                .arg("min", MIN_PASSWORD_LEN)
                .arg("max", MAX_PASSWORD_LEN),
        ));
    } else if normalize_email(password) == email {
        errors.push(SignUpError::new(
            "password",
            Msg::new("sign-up-password-is-email"),
        ));
    }
    if input.password_again != *password {
        errors.push(SignUpError::new(
            "password_again",
            Msg::new("sign-up-passwords-differ"),
        ));
    }
    match (org, display_name) {
        (Some(org), Ok(name)) if errors.is_empty() => Ok((org, email, name)),
        _ => Err(errors),
    }
}

/// Why the sign-up's transaction was rolled back.
enum Abort {
    /// Fields taken (PartnerID, tenant id, email).
    Invalid(Vec<SignUpError>),
    /// The request was used or revoked meanwhile.
    Gone(Lookup<()>),
    /// A failure.
    App(AppError),
}

impl From<AppError> for Abort {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<QueryError> for Abort {
    fn from(e: QueryError) -> Self {
        Self::App(e.into())
    }
}

fn gone<T>(lookup: Lookup<T>) -> Lookup<()> {
    match lookup {
        Lookup::Unknown => Lookup::Unknown,
        Lookup::Unusable { provider, why } => Lookup::Unusable { provider, why },
        Lookup::Valid(_) => Lookup::Unknown,
    }
}

/// Signs a new indirect reseller up through a provider's request: checks every field (all
/// errors at once), hashes the password (the caller is off the async threads), then in one
/// transaction uses the request up (exactly one of concurrent uses wins), adds the organization
/// (`organization.created`, on the provider's behalf), its Global admin (`user.created`) and the
/// active partnership (`partnership.accepted`). A taken PartnerID, tenant id or email, or a
/// request used meanwhile, writes nothing.
pub fn sign_up(
    conn: &mut DbConn,
    hasher: &PasswordHasher,
    token: &str,
    input: &SignUpInput,
) -> Result<SignUpOutcome, AppError> {
    let offer = match public_offer(conn, token)? {
        Lookup::Valid(offer) => offer,
        other => return Ok(SignUpOutcome::Gone(gone(other))),
    };
    let invalid = |errors, offer| {
        Ok(SignUpOutcome::Invalid {
            errors,
            offer: Box::new(offer),
        })
    };
    let (org, email, display_name) = match check_fields(input) {
        Ok(checked) => checked,
        Err(errors) => return invalid(errors, offer),
    };
    if user::find_by_email(conn, &email)?.is_some() {
        let taken = SignUpError::new("email", Msg::new("sign-up-email-taken").arg("email", email));
        return invalid(vec![taken], offer);
    }
    let hash = hasher.hash(&input.password).map_err(AppError::Internal)?;
    let result = crate::db::write_transaction(conn, |conn| -> Result<SignUpOutcome, Abort> {
        let now = crate::db::now();
        let (found, provider) = match find_usable(conn, token, now, None)? {
            Lookup::Valid(pair) => pair,
            other => return Err(Abort::Gone(gone(other))),
        };
        if partnership_request::mark_used(conn, &found.id, now)? != 1 {
            return Err(Abort::Gone(match find_usable(conn, token, now, None)? {
                Lookup::Valid(_) => Lookup::Unusable {
                    provider: Box::new(provider),
                    why: Unusable::Used {
                        at: now,
                        by_you: false,
                    },
                },
                other => gone(other),
            }));
        }
        let reseller = match add_checked_partner(conn, &org, Some(&provider.id)) {
            Ok(id) => id,
            Err(AddError::Invalid(fields)) => {
                return Err(Abort::Invalid(
                    fields
                        .iter()
                        .map(|e| SignUpError::new(e.field(), e.msg()))
                        .collect(),
                ));
            }
            Err(AddError::App(e)) => return Err(Abort::App(e)),
        };
        partnership_request::set_reseller(conn, &found.id, &reseller)?;
        let admin = UserSpec {
            email: &email,
            display_name: &display_name,
            org: UserOrg::Partner(&reseller),
            role: Role::GlobalAdmin,
            password_hash: &hash,
        };
        let Some(user_id) = insert_user(conn, &admin, None)? else {
            let taken = SignUpError::new(
                "email",
                Msg::new("sign-up-email-taken").arg("email", email.as_str()),
            );
            return Err(Abort::Invalid(vec![taken]));
        };
        let actor = Actor {
            user_id: user_id.clone(),
            org: Org::Partner {
                id: reseller.clone(),
                kind: PartnerKind::IndirectReseller,
            },
            role: Role::GlobalAdmin,
        };
        activate(conn, &actor, &provider.id, &reseller, now)?;
        Ok(SignUpOutcome::Done {
            user_id,
            provider_name: provider.name,
        })
    });
    match result {
        Ok(done) => Ok(done),
        Err(Abort::Invalid(errors)) => invalid(errors, offer),
        Err(Abort::Gone(lookup)) => Ok(SignUpOutcome::Gone(lookup)),
        Err(Abort::App(e)) => Err(e),
    }
}
