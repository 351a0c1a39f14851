//! The activity log and its CSV export: a partner organization's own audit events (those it acted
//! in, and those that concern it), newest first. Names are data; operations, values and "who" are
//! [`Msg`]s, which the page and the export word in the reader's language. Only its Global admins
//! and admin agents read it (DESIGN.md §3).

mod causes;
mod cursor;
mod export;
mod filter;
mod people;
mod words;

pub use cursor::PageCursor;
pub use export::{CsvChunk, ExportFilter, ExportStart, csv_chunk, csv_file_name, csv_start};
pub use filter::{ActivityQuery, CustomerQuery, customer_problem};
pub use people::{
    FilterProblem, LogReseller, LogUser, RESELLER_CHOICES, ResellerProblem, ResellerQuery,
};
pub use words::{ActivityRow, EventCause, EventCustomer, operation_msg};

use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId};
use crate::db::models::audit::{
    self, ActivityCursor, ActivityFilter, AuditEvent, PageStart, Toward,
};
use crate::domain::Ctx;
use crate::error::AppError;
use filter::narrow;
use words::in_words;

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

/// The log page, or why one of its filters could not be applied.
#[derive(Debug, Clone)]
pub enum ActivityOutcome {
    /// The page.
    Page(ActivityPage),
    /// A filter matches nothing it can use, or several.
    Problem(FilterProblem),
}

/// The organization's users, for the log's user filter (the actor's permission checked first).
pub fn log_users(conn: &mut DbConn, ctx: &Ctx) -> Result<Vec<LogUser>, AppError> {
    let partner = ctx.actor.activity_partner()?;
    people::users_of(conn, partner)
}

/// One event of the actor's organization's log, by its id (a cause's link): the page holds just
/// it. One the organization does not see is not found, as a missing one (rule 9).
fn event_page(
    conn: &mut DbConn,
    partner: &PartnerId,
    id: &crate::db::ids::AuditEventId,
) -> Result<ActivityOutcome, AppError> {
    let event = audit::find_visible_to_partner(conn, partner, id)?.ok_or(AppError::NotFound)?;
    Ok(ActivityOutcome::Page(ActivityPage {
        rows: in_words(conn, vec![event], partner)?,
        count: EventCount::Exact(1),
        first_position: Some(1),
        newer: None,
        older: None,
        customer: None,
        unknown_customer: false,
    }))
}

/// A page of the actor's organization's activity log: [`PAGE_SIZE`] events from the query's
/// start, the count, and where the pages next to it start. Every query reads only the index
/// entries of the page (and, for the count, at most [`COUNT_BOUND`] + 1 per branch).
pub fn activity_page(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &ActivityQuery,
) -> Result<ActivityOutcome, AppError> {
    let partner = ctx.actor.activity_partner()?;
    if let Some(id) = &query.event {
        return event_page(conn, partner, id);
    }
    let (filter, customer) = match narrow(conn, partner, query)? {
        Err(problem) => return Ok(ActivityOutcome::Problem(problem)),
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
        rows: in_words(conn, events, partner)?,
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

/// The plans of the log's queries with the user, reseller and subscription filters, the events
/// shared with the organization and the one-event lookup (see [`audit::activity_filter_plans`]).
pub fn filter_query_plans(
    conn: &mut DbConn,
    partner: &PartnerId,
    cursor: &ActivityCursor,
    subjects: &audit::FilterPlanSubjects,
) -> Result<Vec<(&'static str, String)>, AppError> {
    Ok(audit::activity_filter_plans(
        conn,
        partner,
        cursor,
        subjects,
        PAGE_SIZE,
        COUNT_BOUND,
    )?)
}
