//! A partner organization: added from the command line, or signing up through a partnership
//! request.

use crate::db::ids::{AuditEventId, CustomerId, MpnId, PartnerId, TenantId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::db::models::partner::{self, NewPartner, PartnerKind};
use crate::db::{DbConn, QueryError};

use super::{
    AddError, FieldError, check_country, check_name, check_partner_id, check_tenant_id,
    tenant_id_is_free,
};

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
                cause_id: None,
                batch_id: None,
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
