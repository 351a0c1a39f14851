//! A customer: signing up through an invitation.

use crate::db::ids::{AuditEventId, CustomerId, PartnerId, TenantId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::db::models::customer;
use crate::db::{DbConn, QueryError};

use super::{
    AddError, FieldError, check_country, check_domain, check_name, check_tenant_id,
    tenant_id_is_free,
};

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
    let after = taken(conn)?;
    Err(AddError::Invalid(if after.is_empty() {
        vec![FieldError::TenantIdTaken(org.tenant_id.to_string())]
    } else {
        after
    }))
}
