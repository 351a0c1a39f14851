//! Set-password links: made by a Global admin, used once by whoever holds the link.
//!
//! The token is a [`crate::domain::one_time`] token: only its hash is stored, and the raw token
//! leaves this module once, in the [`NewLink`] made for the admin to send.

use chrono::NaiveDateTime;

use crate::auth::password::PasswordHasher;
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, PasswordLinkId, UserId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::db::models::password_link::{self, LinkState, NewPasswordLink, PasswordLink};
use crate::db::models::user::{self, User, normalize_email};
use crate::db::models::{customer, partner};
use crate::domain::accounts::{MAX_PASSWORD_LEN, MIN_PASSWORD_LEN};
use crate::domain::{Actor, Concerning, Ctx, Org, one_time};
use crate::error::AppError;
use crate::i18n::Msg;

use super::{UsersPage, list, managed_org};

/// A link just made: the raw token (shown to the admin once, never stored), whom it is for, and
/// until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    /// The raw token.
    pub token: String,
    /// The user's email.
    pub email: String,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
}

/// Makes a link for `user` valid `days` days, inside the caller's transaction: the user's older
/// unused links stop working, and the `user.password_link_created` event is written.
pub(super) fn make_link(
    conn: &mut DbConn,
    actor: &Actor,
    user: &UserId,
    email: &str,
    days: u32,
) -> Result<NewLink, AppError> {
    let token = one_time::generate();
    let now = crate::db::now();
    let expires_at = now + chrono::TimeDelta::days(i64::from(days));
    password_link::supersede_unused(conn, user, now)?;
    password_link::insert(
        conn,
        &NewPasswordLink {
            id: &PasswordLinkId::generate(),
            user_id: user,
            token_hash: &one_time::hash(&token),
            created_by: &actor.user_id,
            created_at: now,
            expires_at,
        },
    )?;
    let customer = match &actor.org {
        Org::Customer { id } => Some(id),
        Org::Partner { .. } => None,
    };
    let concerning = Concerning {
        customer,
        ..Concerning::default()
    };
    actor.record(
        conn,
        Operation::UserPasswordLinkCreated,
        concerning,
        None,
        Some(email),
    )?;
    Ok(NewLink {
        token,
        email: email.to_owned(),
        expires_at,
    })
}

/// What became of a request for a new link.
#[derive(Debug, Clone)]
pub enum LinkOutcome {
    /// Made: the link to send.
    Made(NewLink),
    /// Refused (a disabled user gets no link: enable them first); nothing changed.
    Refused {
        /// Why.
        why: Msg,
        /// The users page now.
        page: UsersPage,
    },
}

/// A new set-password link for one of the organization's users (Global admins): a user who lost
/// their password, or whose first link expired. Their older unused links stop working. Another
/// organization's user is a 404; a disabled user gets none.
pub fn new_link(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &UserId,
    days: u32,
) -> Result<LinkOutcome, AppError> {
    let actor = &ctx.actor;
    let org = managed_org(actor)?;
    let made = crate::db::write_transaction(conn, |conn| {
        let target = user::find_in_org(conn, org, id)?.ok_or(AppError::NotFound)?;
        if target.disabled {
            return Ok(Err(
                Msg::new("users-link-disabled").arg("email", target.email.as_str())
            ));
        }
        make_link(conn, actor, &target.id, &target.email, days).map(Ok)
    })?;
    Ok(match made {
        Ok(link) => LinkOutcome::Made(link),
        Err(why) => LinkOutcome::Refused {
            why,
            page: list(conn, ctx)?,
        },
    })
}

/// Why a set-password link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// It was used (single use).
    Used,
    /// A newer link was made for the same user.
    Superseded,
    /// Its time ran out.
    Expired,
    /// The user is disabled.
    Disabled,
}

/// What a set-password link leads to.
#[derive(Debug, Clone)]
pub enum LinkLookup<T> {
    /// No link has this token.
    Unknown,
    /// The link exists but does not work.
    Unusable(Unusable),
    /// The link works.
    Valid(T),
}

/// A working link, as its page shows it: for which account.
#[derive(Debug, Clone)]
pub struct LinkOffer {
    /// The user's email (their sign-in name).
    pub email: String,
    /// Their display name.
    pub display_name: String,
    /// Their organization's name.
    pub org_name: String,
    /// When the link stops working.
    pub expires_at: NaiveDateTime,
}

/// The link behind `token`, its user and their organization's name, if it works at `now`.
fn find_valid(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
) -> Result<LinkLookup<(PasswordLink, User, String)>, AppError> {
    if !one_time::plausible(token) {
        return Ok(LinkLookup::Unknown);
    }
    let Some(link) = password_link::find_by_token_hash(conn, &one_time::hash(token))? else {
        return Ok(LinkLookup::Unknown);
    };
    let why = match link.state_at(now) {
        LinkState::Pending => None,
        LinkState::Used => Some(Unusable::Used),
        LinkState::Superseded => Some(Unusable::Superseded),
        LinkState::Expired => Some(Unusable::Expired),
    };
    if let Some(why) = why {
        return Ok(LinkLookup::Unusable(why));
    }
    let target = user::find(conn, &link.user_id)?.ok_or(AppError::NotFound)?;
    if target.disabled {
        return Ok(LinkLookup::Unusable(Unusable::Disabled));
    }
    let org_name = match (&target.partner_id, &target.customer_id) {
        (Some(p), _) => partner::find(conn, p)?.map(|p| p.name),
        (None, Some(c)) => customer::find(conn, c)?.map(|c| c.company_name),
        (None, None) => None,
    }
    .unwrap_or_default();
    Ok(LinkLookup::Valid((link, target, org_name)))
}

/// The page of a set-password link: for which account, if it works. Anyone holding the link may
/// ask (signed in or not). Changes nothing.
pub fn offer(conn: &mut DbConn, token: &str) -> Result<LinkLookup<LinkOffer>, AppError> {
    Ok(match find_valid(conn, token, crate::db::now())? {
        LinkLookup::Unknown => LinkLookup::Unknown,
        LinkLookup::Unusable(why) => LinkLookup::Unusable(why),
        LinkLookup::Valid((link, target, org_name)) => LinkLookup::Valid(LinkOffer {
            email: target.email,
            display_name: target.display_name,
            org_name,
            expires_at: link.expires_at,
        }),
    })
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordFieldError {
    /// Shorter than [`MIN_PASSWORD_LEN`] characters.
    TooShort,
    /// Longer than [`MAX_PASSWORD_LEN`] bytes.
    TooLong,
    /// The email address itself.
    IsEmail,
    /// The two fields differ.
    Mismatch,
}

impl PasswordFieldError {
    /// The form field it concerns.
    pub fn field(self) -> &'static str {
        match self {
            Self::Mismatch => "password_confirm",
            _ => "password",
        }
    }

    /// What to tell the user.
    pub fn msg(self) -> Msg {
        match self {
            Self::TooShort => Msg::new("password-too-short").arg("min", MIN_PASSWORD_LEN),
            Self::TooLong => Msg::new("password-too-long").arg("max", MAX_PASSWORD_LEN),
            Self::IsEmail => Msg::new("password-is-email"),
            Self::Mismatch => Msg::new("password-mismatch"),
        }
    }
}

/// What became of setting a password through a link.
#[derive(Debug, Clone)]
pub enum SetOutcome {
    /// The password is set and the link used: the user, to sign in.
    Set(Actor),
    /// No link has this token; nothing changed.
    Unknown,
    /// The link does not work; nothing changed.
    Unusable(Unusable),
    /// The password is refused; nothing changed, the page to show again.
    Invalid {
        /// One per refused field.
        errors: Vec<PasswordFieldError>,
        /// The link's page.
        offer: LinkOffer,
    },
}

fn check_password(password: &str, confirm: &str, email: &str) -> Vec<PasswordFieldError> {
    let mut errors = Vec::new();
    if password.len() > MAX_PASSWORD_LEN {
        errors.push(PasswordFieldError::TooLong);
    } else if password.chars().count() < MIN_PASSWORD_LEN {
        errors.push(PasswordFieldError::TooShort);
    } else if normalize_email(password) == email {
        errors.push(PasswordFieldError::IsEmail);
    }
    if errors.is_empty() && password != confirm {
        errors.push(PasswordFieldError::Mismatch);
    }
    errors
}

/// Sets the password of the link's user (anyone holding the link): hashed with the app's
/// hasher (this runs on a blocking thread), then in one transaction the link is used up (single
/// use: of concurrent uses exactly one succeeds, the condition being in the UPDATE), the hash
/// stored, and `user.password_set` written with the user as the actor. An unknown, used,
/// superseded or expired link, a disabled user, or a refused password changes nothing.
pub fn set_password(
    conn: &mut DbConn,
    hasher: &PasswordHasher,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<SetOutcome, AppError> {
    let (link, target, org_name) = match find_valid(conn, token, crate::db::now())? {
        LinkLookup::Unknown => return Ok(SetOutcome::Unknown),
        LinkLookup::Unusable(why) => return Ok(SetOutcome::Unusable(why)),
        LinkLookup::Valid(found) => found,
    };
    let errors = check_password(password, confirm, &target.email);
    if !errors.is_empty() {
        return Ok(SetOutcome::Invalid {
            errors,
            offer: LinkOffer {
                email: target.email,
                display_name: target.display_name,
                org_name,
                expires_at: link.expires_at,
            },
        });
    }
    let hash = hasher.hash(password).map_err(AppError::Internal)?;
    let outcome = crate::db::write_transaction(conn, |conn| {
        let now = crate::db::now();
        if password_link::mark_used(conn, &link.id, now)? != 1 {
            // Another use (or a newer link) committed first: say what it did.
            return Ok(Some(match find_valid(conn, token, now)? {
                LinkLookup::Unusable(why) => SetOutcome::Unusable(why),
                _ => SetOutcome::Unusable(Unusable::Used),
            }));
        }
        // Read again under the write: a user disabled meanwhile keeps no working link.
        let current = user::find(conn, &target.id)?.ok_or(AppError::NotFound)?;
        if current.disabled {
            return Err(AppError::Forbidden(Msg::new("password-link-disabled")));
        }
        user::set_password_hash(conn, &target.id, &hash)?;
        audit::insert(
            conn,
            &NewAuditEvent {
                id: &AuditEventId::generate(),
                occurred_at: now,
                actor_user_id: Some(&target.id),
                actor_partner_id: target.partner_id.as_ref(),
                actor_customer_id: target.customer_id.as_ref(),
                subject_partner_id: None,
                customer_id: target.customer_id.as_ref(),
                subscription_id: None,
                operation: Operation::UserPasswordSet,
                old_value: None,
                new_value: Some(&target.email),
                cause_id: None,
                batch_id: None,
            },
        )?;
        Ok::<_, AppError>(None)
    })?;
    if let Some(outcome) = outcome {
        return Ok(outcome);
    }
    match crate::domain::accounts::session_user(conn, &target.id)? {
        Some(signed_in) => Ok(SetOutcome::Set(signed_in.actor)),
        // Disabled (or its organization gone) the moment after: set, but nobody to sign in.
        None => Ok(SetOutcome::Unusable(Unusable::Disabled)),
    }
}
