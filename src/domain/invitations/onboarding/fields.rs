//! The onboarding forms' fields, checked as everywhere else: the organization's by
//! `domain::organizations`, the admin's by the rules of `domain::accounts`.

use crate::db::models::user::normalize_email;
use crate::domain::accounts::{MAX_PASSWORD_LEN, MIN_PASSWORD_LEN, is_plausible_email};
use crate::domain::organizations::{self, FieldError, check_name};
use crate::i18n::Msg;

use crate::domain::invitations::FieldErrors;

/// The first Global admin as typed.
#[derive(Debug, Clone, Copy)]
pub struct AdminInput<'a> {
    /// Email (sign-in name).
    pub email: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Password.
    pub password: &'a str,
    /// The password again.
    pub password_again: &'a str,
}

/// A first Global admin whose fields read.
pub(super) struct CheckedAdmin {
    pub(super) email: String,
    pub(super) name: String,
}

/// Checks the admin's fields as `domain::accounts` would: a plausible email, a name, a password
/// of [`MIN_PASSWORD_LEN`] characters to [`MAX_PASSWORD_LEN`] bytes that is not the email, typed
/// twice alike.
pub(super) fn check_admin(input: &AdminInput<'_>) -> Result<CheckedAdmin, FieldErrors> {
    let mut errors = FieldErrors::default();
    let email = normalize_email(input.email);
    if !is_plausible_email(&email) {
        errors.push("email", Msg::new("onboard-email-invalid"));
    }
    let name = check_name(input.name).map_err(|_| {
        Msg::new("onboard-admin-name-invalid").arg("max", organizations::MAX_NAME_CHARS)
    });
    if let Err(why) = &name {
        errors.push("admin_name", why.clone());
    }
    let password = input.password;
    if password.chars().count() < MIN_PASSWORD_LEN {
        errors.push(
            "password",
            Msg::new("onboard-password-short").arg("min", MIN_PASSWORD_LEN),
        );
    } else if password.len() > MAX_PASSWORD_LEN {
        errors.push(
            "password",
            Msg::new("onboard-password-long").arg("max", MAX_PASSWORD_LEN),
        );
    } else if normalize_email(password) == email {
        errors.push("password", Msg::new("onboard-password-is-email"));
    }
    if password != input.password_again {
        errors.push("password_again", Msg::new("onboard-password-mismatch"));
    }
    match name {
        Ok(name) if errors.is_empty() => Ok(CheckedAdmin { email, name }),
        _ => Err(errors),
    }
}

/// The refusal of an email another user has.
pub(super) fn email_taken() -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.push("email", Msg::new("onboard-email-taken"));
    errors
}

/// The new customer as typed.
#[derive(Debug, Clone, Copy)]
pub struct SignUpInput<'a> {
    /// Company name.
    pub company_name: &'a str,
    /// Primary domain.
    pub domain: &'a str,
    /// Tenant id (ignored when the invitation names one).
    pub tenant_id: &'a str,
    /// Country code.
    pub country: &'a str,
}

/// The form's words for a field error of the customer's: a taken tenant id or domain says how
/// to get in instead (an invitation naming the tenant).
pub(super) fn customer_field_error(error: &FieldError) -> (&'static str, Msg) {
    let field = match error.field() {
        "name" => "company_name",
        other => other,
    };
    let msg = match error {
        FieldError::TenantIdTaken(t) => Msg::new("onboard-tenant-taken").arg("tenant", t.as_str()),
        FieldError::DomainTaken(d) => Msg::new("onboard-domain-taken").arg("domain", d.as_str()),
        other => other.msg(),
    };
    (field, msg)
}

pub(super) fn customer_errors(errors: &[FieldError]) -> FieldErrors {
    let mut out = FieldErrors::default();
    for e in errors {
        let (field, msg) = customer_field_error(e);
        out.push(field, msg);
    }
    out
}
