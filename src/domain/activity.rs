//! The activity log and its CSV export: a partner organization's own audit events (those it acted
//! in, and those that concern it), newest first. Names are data; operations, values and "who" are
//! [`Msg`]s, which the page and the export word in the reader's language. Only its Global admins
//! and admin agents read it (DESIGN.md §3).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, CustomerId, PartnerId, SubscriptionId, TenantId};
use crate::db::models::audit::{
    self, ActivityCursor, ActivityFilter, AuditEvent, LogCustomer, PageStart, Toward, operation,
};
use crate::db::models::customer;
use crate::db::models::partner;
use crate::domain::{Actor, Role};
use crate::error::AppError;
use crate::i18n::Msg;

/// Events per page.
pub const PAGE_SIZE: i64 = 50;

/// Events per database round trip of the CSV export: each chunk is one range of the log's
/// indexes plus one query per kind of name it refers to, and holds that many rows in memory.
pub const CSV_CHUNK: i64 = 500;

/// Matching events are counted exactly up to this many; past it the log says "more than", so a
/// page view never reads more of the index than this to count a log of a million events.
pub const COUNT_BOUND: i64 = 1_000;

/// The customers the page lists when what the reader typed matches several.
pub const CUSTOMER_CHOICES: usize = 10;

/// Every operation the log knows: its stored name (the filter's value) and the message id of its
/// words, in the order the filter offers them.
pub const OPERATIONS: &[(&str, &str)] = &[
    (
        operation::SUPPORT_CONTACT_ASSIGNED,
        "activity-op-support-contact-assigned",
    ),
    (
        operation::SUPPORT_CONTACT_REVERTED,
        "activity-op-support-contact-reverted",
    ),
    (
        operation::INVITATION_CREATED,
        "activity-op-invitation-created",
    ),
    (
        operation::INVITATION_REVOKED,
        "activity-op-invitation-revoked",
    ),
    (
        operation::RELATIONSHIP_ACCEPTED,
        "activity-op-relationship-accepted",
    ),
    (
        operation::DELEGATED_ADMIN_REMOVED,
        "activity-op-delegated-admin-removed",
    ),
    (
        operation::RELATIONSHIP_REMOVED,
        "activity-op-relationship-removed",
    ),
    (
        operation::PARTNERSHIP_REMOVED,
        "activity-op-partnership-removed",
    ),
    (operation::USER_CREATED, "activity-op-user-created"),
];

/// The stored name of a known operation (for the filter), or `None`.
pub fn parse_operation(raw: &str) -> Option<&'static str> {
    OPERATIONS
        .iter()
        .find(|(name, _)| *name == raw)
        .map(|(name, _)| *name)
}

/// An operation, to be put into words; one this version does not know is shown by its stored
/// name.
pub fn operation_msg(op: &str) -> Msg {
    OPERATIONS.iter().find(|(name, _)| *name == op).map_or_else(
        || Msg::new("activity-op-unknown").arg("name", op),
        |(_, id)| Msg::new(id),
    )
}

/// The customer filter as the reader typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerQuery {
    /// A Microsoft ID (tenant id).
    Tenant(TenantId),
    /// The start of a company name.
    Name(String),
}

/// Where a page of the log starts: next to the event of a cursor, one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    /// The event next to which the page starts (not on it).
    pub at: ActivityCursor,
    /// Which way from it the page goes.
    pub toward: Toward,
}

/// The version byte of a cursor token.
const CURSOR_VERSION: u8 = 1;

/// Longest event id a cursor token carries (ids are UUIDs: 36).
const CURSOR_ID_MAX: usize = 64;

impl PageCursor {
    /// The opaque token of a position in the log, for a page link: hex of a version byte, the
    /// time (seconds and nanoseconds since 1970, UTC) and the event id.
    pub fn token(at: &ActivityCursor) -> String {
        let utc = at.occurred_at.and_utc();
        let mut bytes = Vec::with_capacity(13 + at.id.as_str().len());
        bytes.push(CURSOR_VERSION);
        bytes.extend_from_slice(&utc.timestamp().to_be_bytes());
        bytes.extend_from_slice(&utc.timestamp_subsec_nanos().to_be_bytes());
        bytes.extend_from_slice(at.id.as_str().as_bytes());
        hex::encode(bytes)
    }

    /// The position of a token from a page link, or `None` for one this version did not make
    /// (damaged, cut short, edited).
    pub fn parse_token(raw: &str, toward: Toward) -> Option<Self> {
        let bytes = hex::decode(raw.trim()).ok()?;
        let (&version, rest) = bytes.split_first()?;
        if version != CURSOR_VERSION || rest.len() <= 12 || rest.len() > 12 + CURSOR_ID_MAX {
            return None;
        }
        let (secs, rest) = rest.split_at(8);
        let (nanos, id) = rest.split_at(4);
        let secs = i64::from_be_bytes(secs.try_into().ok()?);
        let nanos = u32::from_be_bytes(nanos.try_into().ok()?);
        let occurred_at = chrono::DateTime::from_timestamp(secs, nanos)?.naive_utc();
        let id = std::str::from_utf8(id).ok()?;
        if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        Some(PageCursor {
            at: ActivityCursor {
                occurred_at,
                id: AuditEventId::from(id.to_owned()),
            },
            toward,
        })
    }
}

/// What the log was asked for, parsed from the query string by the caller.
#[derive(Debug, Clone, Default)]
pub struct ActivityQuery {
    /// First day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Last day (UTC), inclusive: the whole day counts.
    pub to: Option<NaiveDate>,
    /// Only events about this customer.
    pub customer: Option<CustomerQuery>,
    /// Only this operation (a stored name from [`OPERATIONS`]).
    pub operation: Option<&'static str>,
    /// Where the page starts; `None`: at the newest event (the export ignores it).
    pub start: Option<PageCursor>,
}

impl ActivityQuery {
    /// Whether any filter narrows the log.
    pub fn is_filtered(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.customer.is_some()
            || self.operation.is_some()
    }

    /// The filter for the database, with the customer as found.
    fn db_filter(&self, customer: Option<&LogCustomer>) -> ActivityFilter {
        ActivityFilter {
            since: self.from.map(|d| d.and_time(NaiveTime::MIN)),
            // The day after `to`, exclusive; past the last representable day there is no bound.
            before: self
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| d.and_time(NaiveTime::MIN)),
            customer: customer.map(|c| c.id.clone()),
            operation: self.operation.map(str::to_owned),
        }
    }
}

/// A customer an event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCustomer {
    /// Its tenant id (the link to its page).
    pub tenant_id: TenantId,
    /// Its company name.
    pub company_name: String,
}

impl From<LogCustomer> for EventCustomer {
    fn from(c: LogCustomer) -> Self {
        EventCustomer {
            tenant_id: c.tenant_id,
            company_name: c.company_name,
        }
    }
}

/// One event, ready to be put into words: names are data, the rest is [`Msg`]s that the page
/// words in the reader's language.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    /// The event.
    pub id: AuditEventId,
    /// When it happened (UTC).
    pub occurred_at: NaiveDateTime,
    /// Who acted: the user's display name, "System" when no user acted (the command line), or
    /// "Unknown user" when the user is gone.
    pub who: Msg,
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
    /// The operation.
    pub what: Msg,
    /// The value before.
    pub old: Option<Msg>,
    /// The value after.
    pub new: Option<Msg>,
}

/// How many events match: exactly, or only that there are more than a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventCount {
    /// Exactly this many.
    Exact(i64),
    /// More than this many ([`COUNT_BOUND`]).
    MoreThan(i64),
}

impl EventCount {
    fn of(counted: i64) -> Self {
        if counted > COUNT_BOUND {
            EventCount::MoreThan(COUNT_BOUND)
        } else {
            EventCount::Exact(counted)
        }
    }

    /// Whether no event matches.
    pub fn is_zero(self) -> bool {
        self == EventCount::Exact(0)
    }
}

/// A page of the activity log.
#[derive(Debug, Clone)]
pub struct ActivityPage {
    /// The events of this page, newest first.
    pub rows: Vec<ActivityRow>,
    /// How many events match in all.
    pub count: EventCount,
    /// The place in the log (1-based) of the page's first event, when it is among the first
    /// [`COUNT_BOUND`] + 1 (further down it is not counted).
    pub first_position: Option<i64>,
    /// Where the page of newer events starts (the first event of this page), if there are any.
    pub newer: Option<ActivityCursor>,
    /// Where the page of older events starts (the last event of this page), if there are any.
    pub older: Option<ActivityCursor>,
    /// The customer filter's customer, as found.
    pub customer: Option<EventCustomer>,
    /// The customer filter named a tenant that appears in none of the organization's events.
    pub unknown_customer: bool,
}

/// Why the customer filter cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerProblem {
    /// No customer of the organization has a company name that starts with what was typed.
    NoMatch {
        /// What was typed.
        typed: String,
    },
    /// Several do, none by exactly that name.
    Several {
        /// What was typed.
        typed: String,
        /// The first [`CUSTOMER_CHOICES`] of them, by company name.
        choices: Vec<EventCustomer>,
        /// There are more than those.
        more: bool,
    },
}

/// The log page, or why its customer filter could not be applied.
#[derive(Debug, Clone)]
pub enum ActivityOutcome {
    /// The page.
    Page(ActivityPage),
    /// The customer filter matches no customer, or several.
    Customer(CustomerProblem),
}

/// The customer of the filter, looked up among the organization's: by tenant id, any customer
/// that appears in its log; by name, the customer whose company name is what was typed, or the
/// only one that starts with it, among those it has or had a relationship with.
enum FoundCustomer {
    Found(LogCustomer),
    NotInLog,
    Problem(CustomerProblem),
}

fn find_customer(
    conn: &mut DbConn,
    partner: &PartnerId,
    query: &CustomerQuery,
) -> Result<FoundCustomer, AppError> {
    match query {
        CustomerQuery::Tenant(tenant) => {
            Ok(audit::customer_in_log_of_partner(conn, partner, tenant)?
                .map_or(FoundCustomer::NotInLog, FoundCustomer::Found))
        }
        CustomerQuery::Name(typed) => {
            let limit = i64::try_from(CUSTOMER_CHOICES).unwrap_or(10) + 1;
            let mut named = audit::customers_named_for_partner(conn, partner, typed, limit)?;
            let folded = typed.to_lowercase();
            let exact: Vec<usize> = (0..named.len())
                .filter(|&i| named[i].company_name.to_lowercase() == folded)
                .collect();
            if let [only] = exact[..] {
                return Ok(FoundCustomer::Found(named.swap_remove(only)));
            }
            if named.len() == 1 {
                return Ok(FoundCustomer::Found(named.remove(0)));
            }
            if named.is_empty() {
                return Ok(FoundCustomer::Problem(CustomerProblem::NoMatch {
                    typed: typed.clone(),
                }));
            }
            let more = named.len() > CUSTOMER_CHOICES;
            named.truncate(CUSTOMER_CHOICES);
            Ok(FoundCustomer::Problem(CustomerProblem::Several {
                typed: typed.clone(),
                choices: named.into_iter().map(EventCustomer::from).collect(),
                more,
            }))
        }
    }
}

/// Why the customer filter cannot be applied to the actor's organization's log, if it cannot:
/// for the page that shows every filter's problem at once (the actor's permission is checked
/// first, with or without a customer filter).
pub fn customer_problem(
    conn: &mut DbConn,
    actor: &Actor,
    customer: Option<&CustomerQuery>,
) -> Result<Option<CustomerProblem>, AppError> {
    let partner = actor.activity_partner()?;
    let Some(customer) = customer else {
        return Ok(None);
    };
    Ok(match find_customer(conn, partner, customer)? {
        FoundCustomer::Problem(problem) => Some(problem),
        FoundCustomer::Found(_) | FoundCustomer::NotInLog => None,
    })
}

/// The filter for the database and the customer it names; `None` when it names a tenant that is
/// in none of the organization's events (nothing matches).
type Narrowed = Option<(ActivityFilter, Option<LogCustomer>)>;

/// The query's filter for the database, with its customer looked up.
fn narrow(
    conn: &mut DbConn,
    partner: &PartnerId,
    query: &ActivityQuery,
) -> Result<Result<Narrowed, CustomerProblem>, AppError> {
    let customer = match &query.customer {
        None => None,
        Some(wanted) => match find_customer(conn, partner, wanted)? {
            FoundCustomer::Found(customer) => Some(customer),
            FoundCustomer::NotInLog => return Ok(Ok(None)),
            FoundCustomer::Problem(problem) => return Ok(Err(problem)),
        },
    };
    Ok(Ok(Some((query.db_filter(customer.as_ref()), customer))))
}

/// A page of the actor's organization's activity log: [`PAGE_SIZE`] events from the query's
/// start, the count, and where the pages next to it start. Every query reads only the index
/// entries of the page (and, for the count, at most [`COUNT_BOUND`] + 1 per branch).
pub fn activity_page(
    conn: &mut DbConn,
    actor: &Actor,
    query: &ActivityQuery,
) -> Result<ActivityOutcome, AppError> {
    let partner = actor.activity_partner()?;
    let (filter, customer) = match narrow(conn, partner, query)? {
        Err(problem) => return Ok(ActivityOutcome::Customer(problem)),
        Ok(None) => {
            return Ok(ActivityOutcome::Page(ActivityPage {
                rows: Vec::new(),
                count: EventCount::Exact(0),
                first_position: None,
                newer: None,
                older: None,
                customer: None,
                unknown_customer: true,
            }));
        }
        Ok(Some(narrowed)) => narrowed,
    };
    let (events, maybe_newer, older) = page_events(conn, partner, &filter, query.start.as_ref())?;
    // Counted in one statement: the matching events, and those newer than the page, which say
    // its place in the log (for an empty page past the end: newer than its cursor).
    let reference = events.first().map(ActivityCursor::of).or_else(|| {
        query
            .start
            .as_ref()
            .filter(|s| s.toward == Toward::Older)
            .map(|s| s.at.clone())
    });
    let reference = reference.filter(|_| maybe_newer);
    let counted =
        audit::count_visible_to_partner(conn, partner, &filter, COUNT_BOUND, reference.as_ref())?;
    let first_position = (counted.newer <= COUNT_BOUND).then_some(counted.newer + 1);
    let older = older
        .then(|| events.last().map(ActivityCursor::of))
        .flatten();
    let newer = reference.filter(|_| counted.newer > 0);
    Ok(ActivityOutcome::Page(ActivityPage {
        rows: in_words(conn, events)?,
        count: EventCount::of(counted.total),
        first_position,
        newer,
        older,
        customer: customer.map(EventCustomer::from),
        unknown_customer: false,
    }))
}

/// The events of a page from `start`, newest first, with whether there are newer and older
/// events than those (for an empty page past the end: than its cursor).
fn page_events(
    conn: &mut DbConn,
    partner: &PartnerId,
    filter: &ActivityFilter,
    start: Option<&PageCursor>,
) -> Result<(Vec<AuditEvent>, bool, bool), AppError> {
    // One event more than the page says whether the log goes on that way.
    let probe = PAGE_SIZE + 1;
    let size = usize::try_from(PAGE_SIZE).unwrap_or(50);
    let newest = |conn: &mut DbConn| -> Result<_, AppError> {
        let mut events =
            audit::page_visible_to_partner(conn, partner, filter, PageStart::Newest, probe)?;
        let older = events.len() > size;
        events.truncate(size);
        Ok((events, false, older))
    };
    match start {
        None => newest(conn),
        Some(PageCursor {
            at,
            toward: Toward::Older,
        }) => {
            let mut events = audit::page_visible_to_partner(
                conn,
                partner,
                filter,
                PageStart::From(at, Toward::Older),
                probe,
            )?;
            let older = events.len() > size;
            events.truncate(size);
            // Past a cursor there is at least the cursor's own event, unless it was made up or
            // the filter changed: the count below says.
            Ok((events, true, older))
        }
        Some(PageCursor {
            at,
            toward: Toward::Newer,
        }) => {
            let mut events = audit::page_visible_to_partner(
                conn,
                partner,
                filter,
                PageStart::From(at, Toward::Newer),
                probe,
            )?;
            if events.len() <= size {
                // Fewer than a page is left above the cursor: the newest page, whole.
                return newest(conn);
            }
            // Newest first: the extra event, the newest, is the next page's.
            events.remove(0);
            let older = !audit::chunk_visible_to_partner(
                conn,
                partner,
                filter,
                events.last().map(ActivityCursor::of).as_ref(),
                1,
            )?
            .is_empty();
            Ok((events, true, older))
        }
    }
}

/// One chunk of the CSV export.
#[derive(Debug, Clone)]
pub struct CsvChunk {
    /// The chunk's events, newest first.
    pub rows: Vec<ActivityRow>,
    /// Where the next chunk starts; `None` when this was the last.
    pub next: Option<ActivityCursor>,
}

/// What the export reads, its customer looked up once for every chunk.
#[derive(Debug, Clone)]
pub struct ExportFilter {
    /// `None`: the customer filter names a tenant in none of the organization's events.
    filter: Option<ActivityFilter>,
}

/// The filter of an export of the actor's organization's log, with its first chunk; or why its
/// customer filter could not be applied.
pub fn csv_start(
    conn: &mut DbConn,
    actor: &Actor,
    query: &ActivityQuery,
) -> Result<Result<(ExportFilter, CsvChunk), CustomerProblem>, AppError> {
    let partner = actor.activity_partner()?;
    let filter = match narrow(conn, partner, query)? {
        Err(problem) => return Ok(Err(problem)),
        Ok(narrowed) => ExportFilter {
            filter: narrowed.map(|(filter, _)| filter),
        },
    };
    let first = csv_chunk(conn, actor, &filter, None)?;
    Ok(Ok((filter, first)))
}

/// The next [`CSV_CHUNK`] events of the export of the actor's organization's log, newest first,
/// after `after` (`None`: the first chunk). The export is read in chunks so that neither the
/// server nor the database holds the whole log at once; each is one range of the log's indexes.
pub fn csv_chunk(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &ExportFilter,
    after: Option<&ActivityCursor>,
) -> Result<CsvChunk, AppError> {
    let partner_id = actor.activity_partner()?;
    let Some(filter) = &filter.filter else {
        return Ok(CsvChunk {
            rows: Vec::new(),
            next: None,
        });
    };
    let events = audit::chunk_visible_to_partner(conn, partner_id, filter, after, CSV_CHUNK)?;
    let next = (i64::try_from(events.len()).unwrap_or(0) == CSV_CHUNK)
        .then(|| events.last().map(ActivityCursor::of))
        .flatten();
    let rows = in_words(conn, events)?;
    Ok(CsvChunk { rows, next })
}

/// The plans of the activity log's key queries for the actor's organization (see
/// [`audit::activity_query_plans`]), around `cursor` and for `customer`'s events.
pub fn query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    cursor: &ActivityCursor,
    customer: &CustomerId,
) -> Result<Vec<(&'static str, String)>, AppError> {
    Ok(audit::activity_query_plans(
        conn,
        partner,
        cursor,
        customer,
        PAGE_SIZE,
        CSV_CHUNK,
        COUNT_BOUND,
    )?)
}

/// The name of the export file for a day: `activity-YYYYMMDD.csv`.
pub fn csv_file_name(day: NaiveDate) -> String {
    format!("activity-{}.csv", day.format("%Y%m%d"))
}

/// One CSV cell, safe to open in a spreadsheet: a value that a spreadsheet would read as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`; then, per RFC 4180, a value
/// with a comma, quote, CR or LF is quoted, its quotes doubled.
pub fn csv_cell(value: &str) -> String {
    let mut cell = String::with_capacity(value.len() + 2);
    push_csv_cell(&mut cell, value);
    cell
}

/// [`csv_cell`], written at the end of `out` (the export writes a million cells: one buffer per
/// chunk, no string per cell).
pub fn push_csv_cell(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = value.contains([',', '"', '\r', '\n']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for (n, part) in value.split('"').enumerate() {
            if n > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A CSV line of cells, CRLF-terminated (RFC 4180).
pub fn csv_line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = String::new();
    for (n, cell) in cells.into_iter().enumerate() {
        if n > 0 {
            line.push(',');
        }
        push_csv_cell(&mut line, cell);
    }
    line.push_str("\r\n");
    line
}

/// Whether an operation's old and new values are partner ids (`None`: Microsoft).
fn values_are_partners(op: &str) -> bool {
    op == operation::SUPPORT_CONTACT_ASSIGNED || op == operation::SUPPORT_CONTACT_REVERTED
}

/// A stored old or new value, to be put into words. The words depend on the operation (in Polish
/// the adjective agrees with what changed: a relationship, an invitation, privileges); a value
/// this version does not know is shown as stored.
fn value_msg(op: &str, raw: Option<&str>, partners: &HashMap<String, String>) -> Option<Msg> {
    if values_are_partners(op) {
        return Some(match raw {
            None => Msg::new("activity-value-microsoft"),
            Some(id) => {
                Msg::new("activity-name").arg("name", partners.get(id).map_or(id, String::as_str))
            }
        });
    }
    let raw = raw?;
    let id = match (op, raw) {
        (operation::USER_CREATED, _) => return Some(user_created_msg(raw)),
        (operation::INVITATION_CREATED, "delegated_admin") => {
            "activity-value-invitation-delegated-admin"
        }
        (operation::INVITATION_CREATED, "reseller") => "activity-value-invitation-reseller",
        (operation::INVITATION_REVOKED, "pending") => "activity-value-invitation-pending",
        (operation::INVITATION_REVOKED, "revoked") => "activity-value-invitation-revoked",
        (operation::RELATIONSHIP_ACCEPTED | operation::RELATIONSHIP_REMOVED, value) => {
            match value {
                "none" => "activity-value-relationship-none",
                "active" => "activity-value-relationship-active",
                "active+delegated_admin" => "activity-value-relationship-active-delegated-admin",
                "removed" => "activity-value-relationship-removed",
                _ => return Some(Msg::new("activity-value-other").arg("value", raw)),
            }
        }
        (operation::DELEGATED_ADMIN_REMOVED, "granted") => "activity-value-delegated-admin-granted",
        (operation::DELEGATED_ADMIN_REMOVED, "removed") => "activity-value-delegated-admin-removed",
        (operation::PARTNERSHIP_REMOVED, "active") => "activity-value-partnership-active",
        (operation::PARTNERSHIP_REMOVED, "removed") => "activity-value-partnership-ended",
        _ => return Some(Msg::new("activity-value-other").arg("value", raw)),
    };
    Some(Msg::new(id))
}

/// `email (role)`, stored as the command line wrote it, with the role in words.
fn user_created_msg(raw: &str) -> Msg {
    let role = raw
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .and_then(|(email, role)| {
            Role::parse(role, true)
                .or_else(|| Role::parse(role, false))
                .map(|role| (email, role))
        });
    match role {
        Some((email, role)) => Msg::new("activity-value-user")
            .arg("email", email)
            .arg("role", Msg::new(role.label_key())),
        None => Msg::new("activity-value-other").arg("value", raw),
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
            let who = match &e.actor_user_id {
                None => Msg::new("activity-who-system"),
                Some(u) => users.get(u.as_str()).map_or_else(
                    || Msg::new("activity-who-unknown"),
                    |name| Msg::new("activity-name").arg("name", name.as_str()),
                ),
            };
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
                old: value_msg(&e.operation, e.old_value.as_deref(), &partners),
                new: value_msg(&e.operation, e.new_value.as_deref(), &partners),
                what: operation_msg(&e.operation),
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
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

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
    }

    #[test]
    fn operations_and_values_read_as_words_in_both_languages() {
        let en = |m: &Msg| Lang::En.msg(m);
        let pl = |m: &Msg| Lang::Pl.msg(m);
        assert_eq!(
            en(&operation_msg(operation::PARTNERSHIP_REMOVED)),
            "Partnership ended"
        );
        assert_eq!(
            pl(&operation_msg(operation::PARTNERSHIP_REMOVED)),
            "Zakończenie partnerstwa"
        );
        assert_eq!(en(&operation_msg("something.new")), "something.new");
        assert_eq!(
            parse_operation("support_contact.assigned"),
            Some(operation::SUPPORT_CONTACT_ASSIGNED)
        );
        assert_eq!(parse_operation("support_contact"), None);
        let partners = HashMap::from([("p1".to_owned(), "Fabrikam Solutions".to_owned())]);
        let words = |lang: Lang, op: &str, raw: Option<&str>| {
            value_msg(op, raw, &partners)
                .map(|m| lang.msg(&m))
                .unwrap_or_default()
        };
        for lang in Lang::ALL {
            assert_eq!(
                words(lang, operation::SUPPORT_CONTACT_ASSIGNED, Some("p1")),
                "Fabrikam Solutions"
            );
            assert_eq!(
                words(lang, operation::SUPPORT_CONTACT_REVERTED, None),
                "Microsoft"
            );
            assert_eq!(words(lang, operation::RELATIONSHIP_REMOVED, None), "");
            assert_eq!(
                words(lang, operation::RELATIONSHIP_REMOVED, Some("paused")),
                "paused",
                "a value this version does not know"
            );
        }
        for (op, raw, english, polish) in [
            (
                operation::RELATIONSHIP_ACCEPTED,
                "active+delegated_admin",
                "active, with delegated admin privileges",
                "aktywna, z delegowanymi uprawnieniami administratora",
            ),
            (
                operation::RELATIONSHIP_ACCEPTED,
                "none",
                "no relationship",
                "brak relacji",
            ),
            (
                operation::INVITATION_CREATED,
                "delegated_admin",
                "reseller relationship with delegated admin privileges",
                "relacja odsprzedawcy z delegowanymi uprawnieniami administratora",
            ),
            (
                operation::DELEGATED_ADMIN_REMOVED,
                "removed",
                "removed",
                "usunięte",
            ),
            (
                operation::USER_CREATED,
                "a@b.example (admin_agent)",
                "a@b.example (Admin agent)",
                "a@b.example (Agent administracyjny)",
            ),
            (
                operation::USER_CREATED,
                "a@b.example (wizard)",
                "a@b.example (wizard)",
                "a@b.example (wizard)",
            ),
        ] {
            assert_eq!(words(Lang::En, op, Some(raw)), english, "{op} {raw}");
            assert_eq!(words(Lang::Pl, op, Some(raw)), polish, "{op} {raw}");
        }
    }

    /// The ids of [`OPERATIONS`] are held in a table, which the scan of `src/i18n.rs` does not
    /// read: each must exist in both languages (a missing Polish one falls back to English).
    #[test]
    fn every_operation_has_words_in_both_languages() {
        for (name, id) in OPERATIONS {
            let (en, pl) = (Lang::En.t(id), Lang::Pl.t(id));
            assert_ne!(en, *id, "{name}: no English words");
            assert_ne!(pl, en, "{name}: no Polish words");
        }
    }

    #[test]
    fn the_last_day_counts_whole() {
        let query = ActivityQuery {
            from: NaiveDate::from_ymd_opt(2026, 1, 5),
            to: NaiveDate::from_ymd_opt(2026, 1, 5),
            ..ActivityQuery::default()
        };
        let filter = query.db_filter(None);
        assert_eq!(
            filter.since.map(|t| t.to_string()).as_deref(),
            Some("2026-01-05 00:00:00")
        );
        assert_eq!(
            filter.before.map(|t| t.to_string()).as_deref(),
            Some("2026-01-06 00:00:00")
        );
    }

    #[test]
    fn cursor_tokens_read_back_and_refuse_anything_else() {
        let at = ActivityCursor {
            occurred_at: NaiveDate::from_ymd_opt(2026, 3, 5)
                .unwrap()
                .and_hms_micro_opt(23, 59, 59, 123_456)
                .unwrap(),
            id: AuditEventId::from("6f9619ff-8b86-4011-b42d-00c04fc964ff".to_owned()),
        };
        let token = PageCursor::token(&at);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        let back = PageCursor::parse_token(&token, Toward::Newer).expect("reads back");
        assert_eq!(back.at, at);
        assert_eq!(back.toward, Toward::Newer);
        // Before 1970 too.
        let early = ActivityCursor {
            occurred_at: NaiveDate::from_ymd_opt(1969, 12, 31)
                .unwrap()
                .and_hms_opt(23, 0, 0)
                .unwrap(),
            ..at.clone()
        };
        let back = PageCursor::parse_token(&PageCursor::token(&early), Toward::Older);
        assert_eq!(back.map(|c| c.at), Some(early));
        for bad in [
            "",
            "x",
            "zz",
            &token[..token.len() - 1],
            &token[..26],
            &format!("02{}", &token[2..]),
            &format!("{token}00"),
            &format!("{}{}", &token[..token.len() - 2], "2f"),
            &format!("01{}", "ff".repeat(12 + 36)),
            &"01".repeat(200),
        ] {
            assert_eq!(PageCursor::parse_token(bad, Toward::Older), None, "{bad}");
        }
    }
}
