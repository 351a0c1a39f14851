//! The activity log and its CSV export: a partner organization's own audit events (those it acted
//! in, and those that concern it), newest first, told in words. Only its Global admins and admin
//! agents read it (DESIGN.md §3).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, SubscriptionId, TenantId};
use crate::db::models::audit::{self, ActivityCursor, ActivityFilter, AuditEvent, operation};
use crate::db::models::customer::{self, Customer};
use crate::db::models::partner;
use crate::domain::{Actor, Role};
use crate::error::AppError;

/// Events per page.
pub const PAGE_SIZE: i64 = 50;

/// Events per database round trip of the CSV export.
pub const CSV_CHUNK: i64 = 500;

/// Every operation the log knows, with its words, in the order the filter offers them.
pub const OPERATIONS: &[(&str, &str)] = &[
    (
        operation::SUPPORT_CONTACT_ASSIGNED,
        "Designated support contact assigned",
    ),
    (
        operation::SUPPORT_CONTACT_REVERTED,
        "Support contact reverted to seller",
    ),
    (operation::INVITATION_CREATED, "Invitation created"),
    (operation::INVITATION_REVOKED, "Invitation revoked"),
    (operation::RELATIONSHIP_ACCEPTED, "Relationship accepted"),
    (
        operation::DELEGATED_ADMIN_REMOVED,
        "Delegated admin removed",
    ),
    (operation::RELATIONSHIP_REMOVED, "Relationship removed"),
    (operation::PARTNERSHIP_REMOVED, "Partnership ended"),
    (operation::USER_CREATED, "User created"),
];

/// The stored name of a known operation (for the filter), or `None`.
pub fn parse_operation(raw: &str) -> Option<&'static str> {
    OPERATIONS
        .iter()
        .find(|(name, _)| *name == raw)
        .map(|(name, _)| *name)
}

/// An operation in words; an operation this version does not know keeps its stored name.
pub fn operation_words(op: &str) -> String {
    OPERATIONS
        .iter()
        .find(|(name, _)| *name == op)
        .map_or_else(|| op.to_owned(), |(_, words)| (*words).to_owned())
}

/// What the log was asked for, parsed from the query string by the caller.
#[derive(Debug, Clone, Default)]
pub struct ActivityQuery {
    /// First day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Last day (UTC), inclusive: the whole day counts.
    pub to: Option<NaiveDate>,
    /// Only events about this customer.
    pub customer: Option<TenantId>,
    /// Only this operation (a stored name from [`OPERATIONS`]).
    pub operation: Option<&'static str>,
    /// 1-based page (the export ignores it).
    pub page: i64,
}

impl ActivityQuery {
    /// Whether any filter narrows the log.
    pub fn is_filtered(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.customer.is_some()
            || self.operation.is_some()
    }

    fn db_filter(&self) -> ActivityFilter {
        ActivityFilter {
            since: self.from.map(|d| d.and_time(NaiveTime::MIN)),
            // The day after `to`, exclusive; past the last representable day there is no bound.
            before: self
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| d.and_time(NaiveTime::MIN)),
            customer_tenant: self.customer.clone(),
            operation: self.operation.map(str::to_owned),
        }
    }
}

/// A customer an event is about.
#[derive(Debug, Clone)]
pub struct EventCustomer {
    /// Its tenant id (the link to its page).
    pub tenant_id: TenantId,
    /// Its company name.
    pub company_name: String,
}

/// One event, in words.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    /// The event.
    pub id: AuditEventId,
    /// When it happened (UTC).
    pub occurred_at: NaiveDateTime,
    /// The user's display name, or "System" when no user acted (the command line).
    pub who: String,
    /// The acting organization's name.
    pub organization: Option<String>,
    /// The customer the event is about.
    pub customer: Option<EventCustomer>,
    /// The subscription the event is about.
    pub subscription_id: Option<SubscriptionId>,
    /// That subscription's product name.
    pub product: Option<String>,
    /// The stored operation name.
    pub operation: String,
    /// The operation in words.
    pub what: String,
    /// The value before, in words.
    pub old: Option<String>,
    /// The value after, in words.
    pub new: Option<String>,
}

impl ActivityRow {
    /// When, as the page shows it: `YYYY-MM-DD HH:MM` (UTC).
    pub fn when(&self) -> String {
        self.occurred_at.format("%Y-%m-%d %H:%M").to_string()
    }

    /// When, as the export writes it: `YYYY-MM-DD HH:MM:SS` (UTC).
    pub fn when_precise(&self) -> String {
        self.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// A page of the activity log.
#[derive(Debug, Clone)]
pub struct ActivityPage {
    /// The events of this page, newest first.
    pub rows: Vec<ActivityRow>,
    /// How many events match in all.
    pub total: i64,
    /// This page (1-based).
    pub page: i64,
    /// Number of pages (at least 1).
    pub pages: i64,
    /// The customers that appear in the organization's events, by company name, for the filter.
    pub customers: Vec<Customer>,
    /// The customer filter named a tenant that appears in none of the organization's events.
    pub unknown_customer: bool,
}

/// A page of the actor's organization's activity log.
pub fn activity_page(
    conn: &mut DbConn,
    actor: &Actor,
    query: &ActivityQuery,
) -> Result<ActivityPage, AppError> {
    let partner_id = actor.activity_partner()?;
    let customers = audit::customers_in_events_visible_to_partner(conn, partner_id)?;
    let unknown_customer = query
        .customer
        .as_ref()
        .is_some_and(|t| !customers.iter().any(|c| &c.tenant_id == t));
    let page = query.page.max(1);
    let (events, total) = if unknown_customer {
        (Vec::new(), 0)
    } else {
        let filter = query.db_filter();
        let total = audit::count_visible_to_partner(conn, partner_id, &filter)?;
        let events = audit::page_visible_to_partner(
            conn,
            partner_id,
            &filter,
            PAGE_SIZE,
            (page - 1).saturating_mul(PAGE_SIZE),
        )?;
        (events, total)
    };
    let rows = in_words(conn, events)?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    Ok(ActivityPage {
        rows,
        total,
        page,
        pages,
        customers,
        unknown_customer,
    })
}

/// One chunk of the CSV export.
#[derive(Debug, Clone)]
pub struct CsvChunk {
    /// CSV lines (CRLF-terminated); the first chunk starts with the header row.
    pub csv: String,
    /// Where the next chunk starts; `None` when this was the last.
    pub next: Option<ActivityCursor>,
}

/// The export's header row.
pub const CSV_HEADER: &[&str] = &[
    "when_utc",
    "user",
    "organization",
    "customer",
    "customer_tenant_id",
    "subscription_id",
    "product",
    "operation",
    "old",
    "new",
];

/// The next [`CSV_CHUNK`] events of the export of the actor's organization's log, newest first,
/// after `after` (`None`: the first chunk, with the header row). The export is read in chunks so
/// that neither the server nor the database holds the whole log at once.
pub fn csv_chunk(
    conn: &mut DbConn,
    actor: &Actor,
    query: &ActivityQuery,
    after: Option<&ActivityCursor>,
) -> Result<CsvChunk, AppError> {
    let partner_id = actor.activity_partner()?;
    let events =
        audit::chunk_visible_to_partner(conn, partner_id, &query.db_filter(), after, CSV_CHUNK)?;
    let next = (i64::try_from(events.len()).unwrap_or(0) == CSV_CHUNK)
        .then(|| {
            events.last().map(|e| ActivityCursor {
                occurred_at: e.occurred_at,
                id: e.id.clone(),
            })
        })
        .flatten();
    let rows = in_words(conn, events)?;
    let mut csv = String::new();
    if after.is_none() {
        csv.push_str(&csv_line(CSV_HEADER.iter().copied()));
    }
    for row in &rows {
        let when = row.when_precise();
        let tenant = row
            .customer
            .as_ref()
            .map(|c| c.tenant_id.to_string())
            .unwrap_or_default();
        let subscription = row
            .subscription_id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        csv.push_str(&csv_line([
            when.as_str(),
            row.who.as_str(),
            row.organization.as_deref().unwrap_or_default(),
            row.customer
                .as_ref()
                .map(|c| c.company_name.as_str())
                .unwrap_or_default(),
            tenant.as_str(),
            subscription.as_str(),
            row.product.as_deref().unwrap_or_default(),
            row.what.as_str(),
            row.old.as_deref().unwrap_or_default(),
            row.new.as_deref().unwrap_or_default(),
        ]));
    }
    Ok(CsvChunk { csv, next })
}

/// The name of the export file for a day: `activity-YYYYMMDD.csv`.
pub fn csv_file_name(day: NaiveDate) -> String {
    format!("activity-{}.csv", day.format("%Y%m%d"))
}

/// One CSV cell, safe to open in a spreadsheet: a value that a spreadsheet would read as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`; then, per RFC 4180, a value
/// with a comma, quote, CR or LF is quoted, its quotes doubled.
pub fn csv_cell(value: &str) -> String {
    let neutralized = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutralized.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutralized.replace('"', "\"\""))
    } else {
        neutralized
    }
}

/// A CSV line of cells, CRLF-terminated (RFC 4180).
pub fn csv_line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = cells
        .into_iter()
        .map(csv_cell)
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Whether an operation's old and new values are partner ids (`None`: Microsoft).
fn values_are_partners(op: &str) -> bool {
    op == operation::SUPPORT_CONTACT_ASSIGNED || op == operation::SUPPORT_CONTACT_REVERTED
}

/// A stored old or new value, in words.
fn value_words(op: &str, raw: Option<&str>, partners: &HashMap<String, String>) -> Option<String> {
    if values_are_partners(op) {
        return Some(match raw {
            None => "Microsoft".to_owned(),
            Some(id) => partners.get(id).cloned().unwrap_or_else(|| id.to_owned()),
        });
    }
    let raw = raw?;
    let words = match (op, raw) {
        (operation::INVITATION_CREATED, "delegated_admin") => {
            "reseller relationship with delegated admin"
        }
        (operation::INVITATION_CREATED, "reseller") => "reseller relationship",
        (operation::USER_CREATED, _) => return Some(user_created_words(raw)),
        (_, "none") => "no relationship",
        (_, "active+delegated_admin") => "active, with delegated admin",
        (_, "delegated_admin") => "delegated admin",
        _ => raw,
    };
    Some(words.to_owned())
}

/// `email (role)` with the role in words.
fn user_created_words(raw: &str) -> String {
    let Some((email, role)) = raw
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
    else {
        return raw.to_owned();
    };
    match Role::parse(role, true).or_else(|| Role::parse(role, false)) {
        Some(role) => format!("{email} ({})", crate::i18n::Lang::En.t(role.label_key())),
        None => raw.to_owned(),
    }
}

/// Sorted, deduplicated ids.
fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Puts events into words, loading the users, partners, customers and products they name in four
/// queries whatever the number of events.
fn in_words(conn: &mut DbConn, events: Vec<AuditEvent>) -> Result<Vec<ActivityRow>, AppError> {
    let user_ids = distinct(
        events
            .iter()
            .filter_map(|e| e.actor_user_id.as_ref().map(|u| u.as_str())),
    );
    let users: HashMap<String, String> = audit::user_names(conn, &user_ids)?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();

    let partner_ids = distinct(events.iter().flat_map(|e| {
        let values = values_are_partners(&e.operation)
            .then_some([e.old_value.as_deref(), e.new_value.as_deref()]);
        [e.actor_partner_id.as_ref().map(|p| p.as_str())]
            .into_iter()
            .chain(values.into_iter().flatten())
            .flatten()
    }));
    let partners: HashMap<String, String> = partner::find_many(conn, &partner_ids)?
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect();

    let customer_ids = distinct(events.iter().flat_map(|e| {
        [e.customer_id.as_ref(), e.actor_customer_id.as_ref()]
            .into_iter()
            .flatten()
            .map(|c| c.as_str())
    }));
    let customers: HashMap<String, EventCustomer> = customer::find_many(conn, &customer_ids)?
        .into_iter()
        .map(|c| {
            (
                c.id.to_string(),
                EventCustomer {
                    tenant_id: c.tenant_id,
                    company_name: c.company_name,
                },
            )
        })
        .collect();

    let subscription_ids = distinct(
        events
            .iter()
            .filter_map(|e| e.subscription_id.as_ref().map(|s| s.as_str())),
    );
    let products: HashMap<String, String> = audit::subscription_products(conn, &subscription_ids)?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();

    Ok(events
        .into_iter()
        .map(|e| {
            let who = e
                .actor_user_id
                .as_ref()
                .map_or_else(
                    || Some("System".to_owned()),
                    |u| users.get(u.as_str()).cloned(),
                )
                .unwrap_or_else(|| "Unknown user".to_owned());
            let organization = match (&e.actor_partner_id, &e.actor_customer_id) {
                (Some(p), _) => partners.get(p.as_str()).cloned(),
                (None, Some(c)) => customers.get(c.as_str()).map(|c| c.company_name.clone()),
                (None, None) => None,
            };
            let customer = e
                .customer_id
                .as_ref()
                .and_then(|c| customers.get(c.as_str()).cloned());
            let product = e
                .subscription_id
                .as_ref()
                .and_then(|s| products.get(s.as_str()).cloned());
            ActivityRow {
                old: value_words(&e.operation, e.old_value.as_deref(), &partners),
                new: value_words(&e.operation, e.new_value.as_deref(), &partners),
                what: operation_words(&e.operation),
                id: e.id,
                occurred_at: e.occurred_at,
                who,
                organization,
                customer,
                subscription_id: e.subscription_id,
                product,
                operation: e.operation,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_pass_unchanged() {
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("Contoso Distribution"), "Contoso Distribution");
        assert_eq!(csv_cell("Zażółć Sp. z o.o."), "Zażółć Sp. z o.o.");
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn cells_with_separators_are_quoted_with_doubled_quotes() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(
            csv_cell("Acme, \"Quoted\"\nInc"),
            "\"Acme, \"\"Quoted\"\"\nInc\""
        );
    }

    #[test]
    fn formula_like_cells_are_neutralized_inside_the_quoting() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+48 22 000"), "'+48 22 000");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("=a,b"), "\"'=a,b\"");
    }

    #[test]
    fn lines_join_cells_and_end_with_crlf() {
        assert_eq!(csv_line(["a", "b,c", ""]), "a,\"b,c\",\r\n");
        assert_eq!(
            csv_line(CSV_HEADER.iter().copied()),
            "when_utc,user,organization,customer,customer_tenant_id,subscription_id,product,operation,old,new\r\n"
        );
    }

    #[test]
    fn operations_and_values_read_as_words() {
        assert_eq!(
            operation_words(operation::PARTNERSHIP_REMOVED),
            "Partnership ended"
        );
        assert_eq!(operation_words("something.new"), "something.new");
        assert_eq!(
            parse_operation("support_contact.assigned"),
            Some(operation::SUPPORT_CONTACT_ASSIGNED)
        );
        assert_eq!(parse_operation("support_contact"), None);
        let partners = HashMap::from([("p1".to_owned(), "Fabrikam Solutions".to_owned())]);
        let words =
            |op: &str, raw: Option<&str>| value_words(op, raw, &partners).unwrap_or_default();
        assert_eq!(
            words(operation::SUPPORT_CONTACT_ASSIGNED, Some("p1")),
            "Fabrikam Solutions"
        );
        assert_eq!(
            words(operation::SUPPORT_CONTACT_REVERTED, None),
            "Microsoft"
        );
        assert_eq!(
            words(
                operation::RELATIONSHIP_ACCEPTED,
                Some("active+delegated_admin")
            ),
            "active, with delegated admin"
        );
        assert_eq!(
            words(operation::RELATIONSHIP_ACCEPTED, Some("none")),
            "no relationship"
        );
        assert_eq!(
            words(operation::INVITATION_CREATED, Some("delegated_admin")),
            "reseller relationship with delegated admin"
        );
        assert_eq!(
            words(operation::USER_CREATED, Some("a@b.example (admin_agent)")),
            "a@b.example (Admin agent)"
        );
        assert_eq!(words(operation::RELATIONSHIP_REMOVED, None), "");
    }

    #[test]
    fn the_last_day_counts_whole() {
        let query = ActivityQuery {
            from: NaiveDate::from_ymd_opt(2026, 1, 5),
            to: NaiveDate::from_ymd_opt(2026, 1, 5),
            ..ActivityQuery::default()
        };
        let filter = query.db_filter();
        assert_eq!(
            filter.since.map(|t| t.to_string()).as_deref(),
            Some("2026-01-05 00:00:00")
        );
        assert_eq!(
            filter.before.map(|t| t.to_string()).as_deref(),
            Some("2026-01-06 00:00:00")
        );
    }
}
