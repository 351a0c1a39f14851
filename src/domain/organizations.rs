//! Organizations brought into partnerdesk: a partner added from the command line or signing up
//! through a partnership request, a customer signing up or imported. Every way in checks the
//! same fields the same way, here.

use crate::db::ids::{AuditEventId, CustomerId, MpnId, PartnerId, TenantId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::db::models::customer;
use crate::db::models::partner::{self, NewPartner, PartnerKind};
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

/// A partner organization to add, as typed (command line or sign-up form).
#[derive(Debug, Clone, Copy)]
pub struct PartnerInput<'a> {
    /// `direct_bill`, `indirect_provider` or `indirect_reseller`.
    pub kind: &'a str,
    /// Organization name.
    pub name: &'a str,
    /// PartnerID.
    pub partner_id: &'a str,
    /// Its own tenant id.
    pub tenant_id: &'a str,
    /// Country code.
    pub country: &'a str,
}

/// A partner organization whose fields read, not yet checked against the database.
#[derive(Debug, Clone)]
pub struct CheckedPartner {
    /// Its kind.
    pub kind: PartnerKind,
    /// Name, trimmed.
    pub name: String,
    /// PartnerID.
    pub mpn_id: MpnId,
    /// Tenant id.
    pub tenant_id: TenantId,
    /// Country code, in capitals.
    pub country: String,
}

impl PartnerInput<'_> {
    /// Checks every field; all the errors, in the form's order, or the organization.
    pub fn check(&self) -> Result<CheckedPartner, Vec<FieldError>> {
        let kind = PartnerKind::parse(self.kind.trim()).ok_or(FieldError::Kind);
        let name = check_name(self.name);
        let mpn_id = check_partner_id(self.partner_id);
        let tenant_id = check_tenant_id(self.tenant_id);
        let country = check_country(self.country);
        match (kind, name, mpn_id, tenant_id, country) {
            (Ok(kind), Ok(name), Ok(mpn_id), Ok(tenant_id), Ok(country)) => Ok(CheckedPartner {
                kind,
                name,
                mpn_id,
                tenant_id,
                country,
            }),
            (kind, name, mpn_id, tenant_id, country) => Err([
                kind.err(),
                name.err(),
                mpn_id.err(),
                tenant_id.err(),
                country.err(),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }
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

/// Adds a partner organization, with an empty support profile, and its audit event
/// (`organization.created`, by the command line or by `by`, the partner or customer on whose
/// behalf it was made), in the transaction the caller has open or in one of its own. A PartnerID
/// or tenant id already in partnerdesk is refused, also when two additions race (the unique
/// indexes decide; the loser's error names the field).
pub fn add_partner(
    conn: &mut DbConn,
    input: &PartnerInput<'_>,
    by: Option<&PartnerId>,
) -> Result<PartnerId, AddError> {
    let org = input.check().map_err(AddError::Invalid)?;
    crate::db::write_transaction(conn, |conn| add_checked_partner(conn, &org, by))
}

/// [`add_partner`] for fields already checked.
pub fn add_checked_partner(
    conn: &mut DbConn,
    org: &CheckedPartner,
    by: Option<&PartnerId>,
) -> Result<PartnerId, AddError> {
    let mut taken = Vec::new();
    if partner::find_by_mpn(conn, org.mpn_id)?.is_some() {
        taken.push(FieldError::PartnerIdTaken(org.mpn_id.get()));
    }
    if !tenant_id_is_free(conn, &org.tenant_id)? {
        taken.push(FieldError::TenantIdTaken(org.tenant_id.to_string()));
    }
    if !taken.is_empty() {
        return Err(AddError::Invalid(taken));
    }
    let id = PartnerId::generate();
    let now = crate::db::now();
    let inserted = crate::db::write_transaction(conn, |conn| -> Result<bool, QueryError> {
        let row = NewPartner {
            id: &id,
            kind: org.kind,
            name: &org.name,
            mpn_id: org.mpn_id.get(),
            tenant_id: &org.tenant_id,
            country: &org.country,
            support_email: "",
            support_phone: "",
            support_website: "",
            support_hours: "",
            created_at: now,
        };
        if !partner::insert_unless_taken(conn, &row)? {
            return Ok(false);
        }
        audit::insert(
            conn,
            &NewAuditEvent {
                id: &AuditEventId::generate(),
                occurred_at: now,
                actor_user_id: None,
                actor_partner_id: Some(by.unwrap_or(&id)),
                actor_customer_id: None,
                subject_partner_id: by.map(|_| &id),
                customer_id: None::<&CustomerId>,
                subscription_id: None,
                operation: Operation::OrganizationCreated,
                old_value: None,
                new_value: Some(&org.name),
            },
        )?;
        Ok(true)
    })?;
    if inserted {
        return Ok(id);
    }
    // Lost a race with another addition: say which field, as the checks above would have.
    let taken = if partner::find_by_mpn(conn, org.mpn_id)?.is_some() {
        FieldError::PartnerIdTaken(org.mpn_id.get())
    } else {
        FieldError::TenantIdTaken(org.tenant_id.to_string())
    };
    Err(AddError::Invalid(vec![taken]))
}

/// A customer organization to add, as typed (the sign-up form).
#[derive(Debug, Clone, Copy)]
pub struct CustomerInput<'a> {
    /// Company name.
    pub name: &'a str,
    /// Primary domain.
    pub domain: &'a str,
    /// Tenant id.
    pub tenant_id: &'a str,
    /// Country code.
    pub country: &'a str,
}

/// A customer organization whose fields read, not yet checked against the database.
#[derive(Debug, Clone)]
pub struct CheckedCustomer {
    /// Company name, trimmed.
    pub name: String,
    /// Primary domain, lowercased.
    pub domain: String,
    /// Tenant id.
    pub tenant_id: TenantId,
    /// Country code, in capitals.
    pub country: String,
}

impl CustomerInput<'_> {
    /// Checks every field; all the errors, in the form's order, or the organization.
    pub fn check(&self) -> Result<CheckedCustomer, Vec<FieldError>> {
        let name = check_name(self.name);
        let domain = check_domain(self.domain);
        let tenant_id = check_tenant_id(self.tenant_id);
        let country = check_country(self.country);
        match (name, domain, tenant_id, country) {
            (Ok(name), Ok(domain), Ok(tenant_id), Ok(country)) => Ok(CheckedCustomer {
                name,
                domain,
                tenant_id,
                country,
            }),
            (name, domain, tenant_id, country) => {
                Err([name.err(), domain.err(), tenant_id.err(), country.err()]
                    .into_iter()
                    .flatten()
                    .collect())
            }
        }
    }
}

/// Adds a customer organization with its audit event (`organization.created`: the customer
/// itself acting, and `by`, the partner through which it signed up, as the subject that sees it),
/// in the transaction the caller has open or in one of its own. A tenant id that a partner or
/// customer already has, or a taken primary domain, is refused, also when two additions race (the
/// unique indexes decide; the loser's error names the field).
pub fn add_customer(
    conn: &mut DbConn,
    org: &CheckedCustomer,
    by: Option<&PartnerId>,
) -> Result<CustomerId, AddError> {
    let taken = |conn: &mut DbConn| -> Result<Vec<FieldError>, AddError> {
        let mut taken = Vec::new();
        if !tenant_id_is_free(conn, &org.tenant_id)? {
            taken.push(FieldError::TenantIdTaken(org.tenant_id.to_string()));
        }
        if customer::find_by_domain_unscoped(conn, &org.domain)?.is_some() {
            taken.push(FieldError::DomainTaken(org.domain.clone()));
        }
        Ok(taken)
    };
    let before = taken(conn)?;
    if !before.is_empty() {
        return Err(AddError::Invalid(before));
    }
    let id = CustomerId::generate();
    let now = crate::db::now();
    let inserted = crate::db::write_transaction(conn, |conn| -> Result<bool, QueryError> {
        let row = customer::NewCustomer {
            id: &id,
            tenant_id: &org.tenant_id,
            company_name: &org.name,
            domain: &org.domain,
            country: &org.country,
            created_at: now,
        };
        if !customer::insert_unless_taken(conn, &row)? {
            return Ok(false);
        }
        audit::insert(
            conn,
            &NewAuditEvent {
                id: &AuditEventId::generate(),
                occurred_at: now,
                actor_user_id: None,
                actor_partner_id: None,
                actor_customer_id: Some(&id),
                subject_partner_id: by,
                customer_id: Some(&id),
                subscription_id: None,
                operation: Operation::OrganizationCreated,
                old_value: None,
                new_value: Some(&org.name),
            },
        )?;
        Ok(true)
    })?;
    if inserted {
        return Ok(id);
    }
    // Lost a race with another addition: say which field, as the checks above would have.
    let after = taken(conn)?;
    Err(AddError::Invalid(if after.is_empty() {
        vec![FieldError::TenantIdTaken(org.tenant_id.to_string())]
    } else {
        after
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_as_partner_center_writes_them() {
        assert_eq!(check_country(" pl ").as_deref(), Ok("PL"));
        assert_eq!(check_country("POL"), Err(FieldError::Country));
        assert_eq!(check_country("P1"), Err(FieldError::Country));
        assert_eq!(
            check_domain("Adatum.OnMicrosoft.com.").as_deref(),
            Ok("adatum.onmicrosoft.com")
        );
        for bad in [
            "adatum", "-a.com", "a-.com", "a..com", "a_b.com", "ą.pl", "",
        ] {
            assert_eq!(check_domain(bad), Err(FieldError::Domain), "{bad:?}");
        }
        let tenant = "0F8FAD5B-D9CB-469F-A165-70867728950E";
        let want = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assert_eq!(
            check_tenant_id(tenant).map(|t| t.to_string()).as_deref(),
            Ok(want)
        );
        assert_eq!(
            check_tenant_id(&format!("{{{tenant}}}"))
                .map(|t| t.to_string())
                .as_deref(),
            Ok(want)
        );
        assert_eq!(
            check_tenant_id("0f8fad5bd9cb469fa16570867728950e"),
            Err(FieldError::TenantId)
        );
        assert_eq!(check_name("  Contoso  ").as_deref(), Ok("Contoso"));
        assert_eq!(check_name("   "), Err(FieldError::Name));
        assert_eq!(check_name("a\u{7}b"), Err(FieldError::Name));
        assert_eq!(
            check_name(&"x".repeat(MAX_NAME_CHARS)).map(|n| n.len()),
            Ok(200)
        );
        assert_eq!(
            check_name(&"x".repeat(MAX_NAME_CHARS + 1)),
            Err(FieldError::Name)
        );
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let input = PartnerInput {
            kind: "reseller",
            name: "",
            partner_id: "12345",
            tenant_id: "not-a-guid",
            country: "Poland",
        };
        let errors = input.check().err().unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(FieldError::field).collect();
        assert_eq!(
            fields,
            ["kind", "name", "partner_id", "tenant_id", "country"]
        );
    }
}
