//! Organizations brought into partnerdesk: a partner added from the command line or signing up
//! through a partnership request, a customer signing up or imported. Every way in checks the
//! same fields the same way, here.
//!
//! - this module: the fields ([`FieldError`], `check_*`) and what every addition shares;
//! - [`partners`]: a partner organization ([`add_partner`]);
//! - [`customers`]: a customer ([`add_customer`]).

mod customers;
mod partners;
#[cfg(test)]
mod tests;

pub use customers::{CheckedCustomer, CustomerInput, add_customer};
pub use partners::{CheckedPartner, PartnerInput, add_checked_partner, add_partner};

use crate::db::ids::{MpnId, TenantId};
use crate::db::models::customer;
use crate::db::models::partner;
use crate::db::{DbConn, QueryError};
use crate::error::AppError;
use crate::i18n::Msg;

/// Longest organization (partner or company) name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest primary domain, in bytes (DNS's limit).
pub const MAX_DOMAIN_LEN: usize = 253;

/// A field of an organization that does not read, or that another organization already holds.
/// Each says which field and why, in the reader's language ([`Self::msg`]) or in English for the
/// command line (`Display`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// No such kind of partner.
    #[error("--kind must be one of direct_bill, indirect_provider, indirect_reseller")]
    Kind,
    /// The name is empty, too long or has control characters.
    #[error("the name must have 1 to {MAX_NAME_CHARS} characters and no control characters")]
    Name,
    /// Not a PartnerID.
    #[error("a PartnerID is a number of 6 or 7 digits, like 4100001")]
    PartnerId,
    /// Not a tenant id.
    #[error("a tenant id is a GUID, like 0f8fad5b-d9cb-469f-a165-70867728950e")]
    TenantId,
    /// Not a country code.
    #[error("a country is a two-letter ISO 3166 code, like PL or US")]
    Country,
    /// Not a domain name.
    #[error("a primary domain is a domain name, like adatum.onmicrosoft.com")]
    Domain,
    /// Another partner has this PartnerID.
    #[error("a partner with PartnerID {0} is already in partnerdesk")]
    PartnerIdTaken(i32),
    /// Another partner or a customer has this tenant id.
    #[error("an organization with tenant id {0} is already in partnerdesk")]
    TenantIdTaken(String),
    /// Another customer has this primary domain.
    #[error("a customer with primary domain {0} is already in partnerdesk")]
    DomainTaken(String),
}

impl FieldError {
    /// The form field it concerns.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Name => "name",
            Self::PartnerId | Self::PartnerIdTaken(_) => "partner_id",
            Self::TenantId | Self::TenantIdTaken(_) => "tenant_id",
            Self::Country => "country",
            Self::Domain | Self::DomainTaken(_) => "domain",
        }
    }

    /// What to tell the user.
    pub fn msg(&self) -> Msg {
        match self {
            Self::Kind => Msg::new("org-kind-invalid"),
            Self::Name => Msg::new("org-name-invalid").arg("max", MAX_NAME_CHARS),
            Self::PartnerId => Msg::new("org-partner-id-invalid"),
            Self::TenantId => Msg::new("org-tenant-id-invalid"),
            Self::Country => Msg::new("org-country-invalid"),
            Self::Domain => Msg::new("org-domain-invalid"),
            Self::PartnerIdTaken(mpn) => Msg::new("org-partner-id-taken").arg("partner_id", *mpn),
            Self::TenantIdTaken(t) => Msg::new("org-tenant-id-taken").arg("tenant", t.as_str()),
            Self::DomainTaken(d) => Msg::new("org-domain-taken").arg("domain", d.as_str()),
        }
    }
}

/// An organization's name, trimmed: 1 to [`MAX_NAME_CHARS`] characters, no control characters.
pub fn check_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(FieldError::Name);
    }
    Ok(name.to_owned())
}

/// A PartnerID: 6 or 7 digits.
pub fn check_partner_id(raw: &str) -> Result<MpnId, FieldError> {
    MpnId::parse(raw).ok_or(FieldError::PartnerId)
}

/// A tenant id: a GUID, normalized to lowercase with hyphens (braces and capitals are read too,
/// as Partner Center's exports and Excel write them).
pub fn check_tenant_id(raw: &str) -> Result<TenantId, FieldError> {
    let raw = raw.trim();
    let bare = raw
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(raw);
    // uuid also reads the 32-digit "simple" and "urn:uuid:" forms; a tenant id is written hyphenated.
    if bare.len() != 36 {
        return Err(FieldError::TenantId);
    }
    TenantId::parse(bare).ok_or(FieldError::TenantId)
}

/// A country: a two-letter ISO 3166-1 code, returned in capitals (`pl` reads as `PL`).
pub fn check_country(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(FieldError::Country)
    }
}

/// A primary domain, lowercased: dot-separated labels of letters, digits and hyphens (not at a
/// label's ends), at least two labels, at most [`MAX_DOMAIN_LEN`] bytes. Internationalized domains
/// are written in their ASCII (`xn--`) form, as Microsoft's tenants are.
pub fn check_domain(raw: &str) -> Result<String, FieldError> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if domain.len() > MAX_DOMAIN_LEN || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(FieldError::Domain);
    }
    Ok(domain)
}

/// Why a partner could not be added: its fields, or the database.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// Fields that do not read or are taken, in the form's order.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<QueryError> for AddError {
    fn from(e: QueryError) -> Self {
        Self::App(e.into())
    }
}

/// Whether a tenant id is free: no partner and no customer has it.
pub fn tenant_id_is_free(conn: &mut DbConn, tenant: &TenantId) -> Result<bool, AppError> {
    Ok(partner::find_by_tenant(conn, tenant)?.is_none()
        && customer::find_by_tenant_unscoped(conn, tenant)?.is_none())
}
