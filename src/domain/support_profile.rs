//! A partner's support profile: the email, phone, website and hours its customers see on their
//! Support page for every subscription it supports. Edited by the partner's Global admins and
//! admin agents; each change is checked field by field, guarded against a concurrent edit, and
//! audited in its own transaction.

use crate::db::DbConn;
use crate::db::models::audit::Operation;
use crate::db::models::partner::{self, Partner, SupportProfile};
use crate::domain::accounts::is_plausible_email;
use crate::domain::organizations::check_domain;
use crate::domain::{Concerning, Ctx, Permission};
use crate::error::AppError;
use crate::i18n::Msg;

/// Longest support hours text, in characters.
pub const MAX_HOURS_CHARS: usize = 200;
/// Longest support email, in bytes.
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest website address, in bytes.
pub const MAX_WEBSITE_LEN: usize = 2048;
/// Longest phone number as typed, in characters.
pub const MAX_PHONE_CHARS: usize = 40;

/// The profile form as sent: the new values, and the values the form was opened with.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    /// The values typed.
    pub new: SupportProfile,
    /// The values shown when the form was opened (the optimistic check).
    pub old: SupportProfile,
}

/// A field that does not read: which, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileError {
    /// The form field (`email`, `phone`, `website`, `hours`).
    pub field: &'static str,
    /// What to tell the user.
    pub msg: Msg,
}

fn error(field: &'static str, key: &str) -> ProfileError {
    ProfileError {
        field,
        msg: Msg::new(key),
    }
}

/// The support email: required, an email address.
fn check_email(raw: &str) -> Result<String, ProfileError> {
    let email = raw.trim();
    if email.len() > MAX_EMAIL_LEN || !is_plausible_email(email) {
        return Err(error("email", "support-profile-email-invalid"));
    }
    Ok(email.to_owned())
}

/// The phone: `+` then 8 to 15 digits, spaces, hyphens and parentheses allowed between them;
/// stored as typed with its whitespace runs made one space. Empty: no phone.
pub fn check_phone(raw: &str) -> Result<String, ProfileError> {
    let phone = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if phone.is_empty() {
        return Ok(phone);
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let rest_ok = phone.strip_prefix('+').is_some_and(|rest| {
        rest.chars()
            .all(|c| c.is_ascii_digit() || " -()".contains(c))
    });
    if !rest_ok || !(8..=15).contains(&digits) || phone.chars().count() > MAX_PHONE_CHARS {
        return Err(error("phone", "support-profile-phone-invalid"));
    }
    Ok(phone)
}

/// The website: `https://` and a real host name (no IP address, no user name); empty: none.
pub fn check_website(raw: &str) -> Result<String, ProfileError> {
    let website = raw.trim();
    if website.is_empty() {
        return Ok(String::new());
    }
    let bad = || error("website", "support-profile-website-invalid");
    if website.len() > MAX_WEBSITE_LEN
        || !website
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        || website.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad());
    }
    let url = url::Url::parse(website).map_err(|_| bad())?;
    let host_ok = matches!(url.host(), Some(url::Host::Domain(host)) if check_domain(host).is_ok());
    if url.scheme() != "https" || !host_ok || !url.username().is_empty() || url.password().is_some()
    {
        return Err(bad());
    }
    Ok(website.to_owned())
}

/// The hours: free text, trimmed, at most [`MAX_HOURS_CHARS`] characters, no control characters.
pub fn check_hours(raw: &str) -> Result<String, ProfileError> {
    let hours = raw.trim();
    if hours.chars().count() > MAX_HOURS_CHARS || hours.chars().any(char::is_control) {
        return Err(ProfileError {
            field: "hours",
            msg: Msg::new("support-profile-hours-invalid").arg("max", MAX_HOURS_CHARS),
        });
    }
    Ok(hours.to_owned())
}

/// Checks every field; all the errors, in the form's order, or the profile to store.
pub fn check(input: &SupportProfile) -> Result<SupportProfile, Vec<ProfileError>> {
    let (email, phone, website, hours) = (
        check_email(&input.email),
        check_phone(&input.phone),
        check_website(&input.website),
        check_hours(&input.hours),
    );
    match (email, phone, website, hours) {
        (Ok(email), Ok(phone), Ok(website), Ok(hours)) => Ok(SupportProfile {
            email,
            phone,
            website,
            hours,
        }),
        (email, phone, website, hours) => {
            Err([email.err(), phone.err(), website.err(), hours.err()]
                .into_iter()
                .flatten()
                .collect())
        }
    }
}

/// The actor's partner, for its profile page (Global admins and admin agents).
pub fn show(conn: &mut DbConn, ctx: &Ctx) -> Result<Partner, AppError> {
    let id = ctx.actor.partner_allowed(Permission::EditSupportProfile)?;
    partner::find(conn, id)?.ok_or(AppError::NotFound)
}

/// What became of a submitted profile.
#[derive(Debug, Clone)]
pub enum SaveOutcome {
    /// Stored, with its audit event.
    Saved,
    /// The same values as stored: nothing to do.
    Unchanged,
    /// Fields that do not read; nothing stored. The partner as stored, for the preview.
    Invalid {
        /// Per field.
        errors: Vec<ProfileError>,
        /// The partner now.
        partner: Box<Partner>,
    },
    /// Someone changed the profile since the form was opened; nothing stored. The partner now,
    /// whose profile the form shows again.
    Stale {
        /// The partner now.
        partner: Box<Partner>,
    },
}

/// The fields that differ between two profiles, as a JSON object of `old`'s values (the audit
/// value; the log words it in the reader's language).
fn changed_fields(a: &SupportProfile, b: &SupportProfile) -> String {
    let mut map = serde_json::Map::new();
    for (name, x, y) in [
        ("email", &a.email, &b.email),
        ("phone", &a.phone, &b.phone),
        ("website", &a.website, &b.website),
        ("hours", &a.hours, &b.hours),
    ] {
        if x != y {
            map.insert(name.to_owned(), serde_json::Value::String(x.clone()));
        }
    }
    serde_json::Value::Object(map).to_string()
}

/// Stores the actor partner's new support profile if every field reads and the profile is still
/// the one the form was opened with, with its audit event, in one transaction.
pub fn save(conn: &mut DbConn, ctx: &Ctx, input: &ProfileInput) -> Result<SaveOutcome, AppError> {
    let actor = &ctx.actor;
    let id = actor
        .partner_allowed(Permission::EditSupportProfile)?
        .clone();
    let new = match check(&input.new) {
        Ok(new) => new,
        Err(errors) => {
            let partner = partner::find(conn, &id)?.ok_or(AppError::NotFound)?;
            return Ok(SaveOutcome::Invalid {
                errors,
                partner: Box::new(partner),
            });
        }
    };
    crate::db::write_transaction(conn, |conn| {
        let current = partner::find(conn, &id)?.ok_or(AppError::NotFound)?;
        let stored = current.support_profile();
        if stored != input.old {
            return Ok(SaveOutcome::Stale {
                partner: Box::new(current),
            });
        }
        if stored == new {
            return Ok(SaveOutcome::Unchanged);
        }
        if partner::update_support_profile(conn, &id, &stored, &new)? != 1 {
            let current = partner::find(conn, &id)?.ok_or(AppError::NotFound)?;
            return Ok(SaveOutcome::Stale {
                partner: Box::new(current),
            });
        }
        actor.record(
            conn,
            Operation::SupportProfileChanged,
            Concerning::default(),
            Some(&changed_fields(&stored, &new)),
            Some(&changed_fields(&new, &stored)),
        )?;
        Ok(SaveOutcome::Saved)
    })
}

/// A support profile's changed fields (a JSON object, `email`… → value), each named in the
/// reader's language: "support email: a@b; phone: (none)".
pub(crate) fn changes_in_words(raw: &str) -> Msg {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(raw) else {
        return Msg::new("activity-value-other").arg("value", raw);
    };
    let pairs = fields.iter().map(|(name, value)| {
        let value = value.as_str().unwrap_or_default();
        let value = if value.is_empty() {
            Msg::new("activity-value-profile-empty")
        } else {
            Msg::new("activity-name").arg("name", value)
        };
        Msg::new("activity-value-profile-field")
            .arg("field", Msg::new(&format!("support-profile-field-{name}")))
            .arg("value", value)
    });
    pairs
        .reduce(|list, next| {
            Msg::new("activity-value-list")
                .arg("first", list)
                .arg("next", next)
        })
        .unwrap_or_else(|| Msg::new("activity-value-profile-empty"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_read_in_international_format() {
        assert_eq!(
            check_phone("  +48  22 (123)\t45-67 ").as_deref().ok(),
            Some("+48 22 (123) 45-67")
        );
        assert_eq!(check_phone("").as_deref().ok(), Some(""));
        for bad in [
            "48221234567",
            "+48 22",
            "+1234567890123456",
            "+48 22 ab 45",
            "++4822123456",
        ] {
            assert!(check_phone(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn websites_are_https_with_a_real_host() {
        assert!(check_website("https://support.contoso.example/help?x=1").is_ok());
        assert!(check_website("").is_ok());
        for bad in [
            "http://contoso.example",
            "https://localhost",
            "https://10.0.0.1/",
            "https://user:pw@contoso.example",
            "javascript:alert(1)",
            "https://contoso.example/a b",
            "https:///x",
        ] {
            assert!(check_website(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hours_are_bounded_text() {
        assert!(check_hours(&"x".repeat(MAX_HOURS_CHARS)).is_ok());
        assert!(check_hours(&"x".repeat(MAX_HOURS_CHARS + 1)).is_err());
        assert!(check_hours("Mon\u{0}Fri").is_err());
    }
}
