//! A customers file: each row a customer tenant. A new tenant becomes a customer with the
//! importer's relationship; a customer already in partnerdesk gets the importer's relationship
//! (created, or made active again) and keeps its name, domain and country, which one partner's
//! file does not overwrite; a customer the importer already has gets the file's name and country.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::headers::Column;
use super::parse::{Row, Rows};
use super::{Importer, Report, Stop, read_failed};
use crate::db::DbConn;
use crate::db::ids::{CustomerId, RelationshipId, TenantId};
use crate::db::models::customer::{self, Customer, NewCustomer};
use crate::db::models::import;
use crate::db::models::relationship::{
    NewRelationship, Relationship, RelationshipOrigin, RelationshipState,
};
use crate::domain::organizations::{
    FieldError, check_country, check_domain, check_name, check_tenant_id,
};
use crate::i18n::Msg;

/// A row's fields, checked.
struct Checked {
    line: u64,
    tenant: TenantId,
    name: String,
    domain: String,
    country: String,
}

/// A field refused, said with its column.
pub(super) fn field(column: Column, why: &FieldError) -> Msg {
    Msg::new("import-row-field")
        .arg("column", column.english())
        .arg("reason", why.msg())
}

fn check(row: &Row, layout: &super::headers::Layout) -> Result<Checked, Msg> {
    let get = |c| row.get(layout, c);
    let tenant = check_tenant_id(get(Column::TenantId)).map_err(|e| field(Column::TenantId, &e))?;
    let name = check_name(get(Column::CompanyName)).map_err(|e| field(Column::CompanyName, &e))?;
    let domain = check_domain(get(Column::Domain)).map_err(|e| field(Column::Domain, &e))?;
    let country = check_country(get(Column::Country)).map_err(|e| field(Column::Country, &e))?;
    Ok(Checked {
        line: row.line,
        tenant,
        name,
        domain,
        country,
    })
}

/// The duplicate check's key of a UUID text.
pub(super) fn uuid_key(id: &str) -> u128 {
    uuid::Uuid::parse_str(id).map_or(0, |u| u.as_u128())
}

/// What a checked row does.
enum Action<'a> {
    New,
    Update(&'a Customer),
    Relate(&'a Customer, Option<&'a Relationship>),
    Unchanged,
}

/// Reads, checks and (unless a row is refused) writes every row of a customers file.
pub(super) fn import(
    conn: &mut DbConn,
    importer: &Importer,
    rows: &mut Rows<impl Read>,
    report: &mut Report,
) -> Result<(), Stop> {
    let mut tenants_seen: HashMap<u128, u64> = HashMap::new();
    let mut domains_seen: HashMap<String, u64> = HashMap::new();
    let mut chunks = 0usize;
    loop {
        if chunks.is_multiple_of(super::STATISTICS_EVERY) {
            import::refresh_statistics(conn)?;
        }
        chunks += 1;
        let chunk = rows
            .next_chunk(report)
            .map_err(|e| Stop::Failed(read_failed(e)))?;
        if chunk.is_empty() {
            return Ok(());
        }
        let mut checked = Vec::with_capacity(chunk.len());
        for row in &chunk {
            let c = match check(row, &rows.layout) {
                Ok(c) => c,
                Err(why) => {
                    report.refuse(row.line, why);
                    continue;
                }
            };
            if let Some(first) = tenants_seen.insert(uuid_key(c.tenant.as_str()), c.line) {
                report.refuse(c.line, duplicate(Column::TenantId, first));
                continue;
            }
            if let Some(first) = domains_seen.insert(c.domain.clone(), c.line) {
                report.refuse(c.line, duplicate(Column::Domain, first));
                continue;
            }
            checked.push(c);
        }
        write_chunk(conn, importer, &checked, report)?;
    }
}

pub(super) fn duplicate(column: Column, first: u64) -> Msg {
    Msg::new("import-row-duplicate")
        .arg("column", column.english())
        .arg("first", first)
}

fn write_chunk(
    conn: &mut DbConn,
    importer: &Importer,
    checked: &[Checked],
    report: &mut Report,
) -> Result<(), Stop> {
    let tenants: Vec<&str> = checked.iter().map(|c| c.tenant.as_str()).collect();
    let existing: HashMap<String, Customer> = import::customers_by_tenant(conn, &tenants)?
        .into_iter()
        .map(|c| (c.tenant_id.to_string(), c))
        .collect();
    let ids: Vec<&str> = existing.values().map(|c| c.id.as_str()).collect();
    let relationships: HashMap<String, Relationship> =
        import::relationships_with(conn, &importer.partner, &ids)?
            .into_iter()
            .map(|r| (r.customer_id.to_string(), r))
            .collect();
    let fresh: Vec<&Checked> = checked
        .iter()
        .filter(|c| !existing.contains_key(c.tenant.as_str()))
        .collect();
    let fresh_tenants: Vec<&str> = fresh.iter().map(|c| c.tenant.as_str()).collect();
    let partner_tenants: HashSet<String> = import::partner_tenants(conn, &fresh_tenants)?
        .into_iter()
        .collect();
    let fresh_domains: Vec<&str> = fresh.iter().map(|c| c.domain.as_str()).collect();
    let domains: HashMap<String, String> = import::domains_taken(conn, &fresh_domains)?
        .into_iter()
        .collect();

    let mut actions = Vec::with_capacity(checked.len());
    for c in checked {
        let action = match existing.get(c.tenant.as_str()) {
            None if partner_tenants.contains(c.tenant.as_str()) => {
                let why = FieldError::TenantIdTaken(c.tenant.to_string());
                report.refuse(c.line, field(Column::TenantId, &why));
                continue;
            }
            None if domains.contains_key(&c.domain) => {
                let why = FieldError::DomainTaken(c.domain.clone());
                report.refuse(c.line, field(Column::Domain, &why));
                continue;
            }
            None => Action::New,
            Some(customer) => match relationships.get(customer.id.as_str()) {
                Some(r) if r.is_active() => {
                    if customer.company_name != c.name || customer.country != c.country {
                        Action::Update(customer)
                    } else {
                        Action::Unchanged
                    }
                }
                other => Action::Relate(customer, other),
            },
        };
        match action {
            Action::New => report.new += 1,
            Action::Update(_) => report.changed += 1,
            Action::Relate(..) => {
                report.changed += 1;
                report.relationships_created += 1;
            }
            Action::Unchanged => report.unchanged += 1,
        }
        actions.push((c, action));
    }
    if report.is_refused() {
        // Nothing will be written: the rest of the file is only checked.
        return Ok(());
    }

    let now = crate::db::now();
    let new_ids: Vec<(CustomerId, RelationshipId)> = actions
        .iter()
        .filter(|(_, a)| matches!(a, Action::New))
        .map(|_| (CustomerId::generate(), RelationshipId::generate()))
        .collect();
    let fresh: Vec<&Checked> = actions
        .iter()
        .filter(|(_, a)| matches!(a, Action::New))
        .map(|(c, _)| *c)
        .collect();
    let rows: Vec<NewCustomer<'_>> = fresh
        .iter()
        .zip(&new_ids)
        .map(|(c, (id, _))| NewCustomer {
            id,
            tenant_id: &c.tenant,
            company_name: &c.name,
            domain: &c.domain,
            country: &c.country,
            created_at: now,
        })
        .collect();
    customer::insert_bulk(conn, &rows)?;

    let related_ids: Vec<RelationshipId> = actions
        .iter()
        .filter(|(_, a)| matches!(a, Action::Relate(_, None)))
        .map(|_| RelationshipId::generate())
        .collect();
    let relate = actions.iter().filter_map(|(_, a)| match a {
        Action::Relate(customer, None) => Some(&customer.id),
        _ => None,
    });
    let relationships: Vec<NewRelationship<'_>> = new_ids
        .iter()
        .map(|(c, r)| (c, r))
        .chain(relate.zip(&related_ids))
        .map(|(customer, id)| NewRelationship {
            id,
            customer_id: customer,
            partner_id: &importer.partner,
            state: RelationshipState::Active,
            delegated_admin: false,
            origin: RelationshipOrigin::NewCustomer,
            created_at: now,
            updated_at: now,
        })
        .collect();
    import::insert_relationships(conn, &relationships)?;

    let reactivate: Vec<&str> = actions
        .iter()
        .filter_map(|(_, a)| match a {
            Action::Relate(_, Some(r)) => Some(r.id.as_str()),
            _ => None,
        })
        .collect();
    import::reactivate_relationships(conn, &reactivate, now)?;

    for (c, action) in &actions {
        if let Action::Update(customer) = action {
            customer::update_details(conn, customer, &c.name, &customer.domain, &c.country)?;
        }
    }
    Ok(())
}
