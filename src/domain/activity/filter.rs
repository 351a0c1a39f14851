//! The log's filters: dates, customer (looked up among the organization's), operation.

use chrono::{NaiveDate, NaiveTime};

use super::people::{FilterProblem, ResellerQuery, check_user, find_reseller};
use super::words::EventCustomer;
use super::{CUSTOMER_CHOICES, CustomerProblem, PageCursor};
use crate::db::DbConn;
use crate::db::ids::{AuditEventId, PartnerId, SubscriptionId, TenantId, UserId};
use crate::db::models::audit::{self, ActivityFilter, LogCustomer, Operation};
use crate::domain::Ctx;
use crate::error::AppError;

/// The customer filter as the reader typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerQuery {
    /// A Microsoft ID (tenant id).
    Tenant(TenantId),
    /// The start of a company name.
    Name(String),
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
    /// Only this operation (a known one: the filter offers only those).
    pub operation: Option<Operation>,
    /// Only events this user of the organization acted in.
    pub user: Option<UserId>,
    /// Only events between the organization and this reseller.
    pub reseller: Option<ResellerQuery>,
    /// Only events about this subscription.
    pub subscription: Option<SubscriptionId>,
    /// The quick range (last 7, 30 or 90 days) that set `from` and `to`, if one did.
    pub range: Option<u32>,
    /// Just this event (the link of a cause): the other filters are not read.
    pub event: Option<AuditEventId>,
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
            || self.user.is_some()
            || self.reseller.is_some()
            || self.subscription.is_some()
            || self.event.is_some()
    }

    /// The filter for the database, with the customer as found.
    fn db_filter(
        &self,
        customer: Option<&LogCustomer>,
        reseller: Option<PartnerId>,
    ) -> ActivityFilter {
        ActivityFilter {
            since: self.from.map(|d| d.and_time(NaiveTime::MIN)),
            // The day after `to`, exclusive; past the last representable day there is no bound.
            before: self
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| d.and_time(NaiveTime::MIN)),
            customer: customer.map(|c| c.id.clone()),
            operation: self.operation.clone(),
            user: self.user.clone(),
            reseller,
            subscription: self.subscription.clone(),
        }
    }
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
    ctx: &Ctx,
    customer: Option<&CustomerQuery>,
) -> Result<Option<CustomerProblem>, AppError> {
    let partner = ctx.actor.activity_partner()?;
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
pub(super) type Narrowed = Option<(ActivityFilter, Option<LogCustomer>)>;

/// The query's filter for the database, with its customer looked up.
pub(super) fn narrow(
    conn: &mut DbConn,
    partner: &PartnerId,
    query: &ActivityQuery,
) -> Result<Result<Narrowed, FilterProblem>, AppError> {
    if let Some(user) = &query.user
        && !check_user(conn, partner, user)?
    {
        return Ok(Err(FilterProblem::UnknownUser));
    }
    let reseller = match &query.reseller {
        None => None,
        Some(wanted) => match find_reseller(conn, partner, wanted)? {
            Ok(found) => Some(found.id),
            Err(problem) => return Ok(Err(FilterProblem::Reseller(problem))),
        },
    };
    let customer = match &query.customer {
        None => None,
        Some(wanted) => match find_customer(conn, partner, wanted)? {
            FoundCustomer::Found(customer) => Some(customer),
            FoundCustomer::NotInLog => return Ok(Ok(None)),
            FoundCustomer::Problem(problem) => return Ok(Err(FilterProblem::Customer(problem))),
        },
    };
    Ok(Ok(Some((
        query.db_filter(customer.as_ref(), reseller),
        customer,
    ))))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_last_day_counts_whole() {
        let query = ActivityQuery {
            from: NaiveDate::from_ymd_opt(2026, 1, 5),
            to: NaiveDate::from_ymd_opt(2026, 1, 5),
            ..ActivityQuery::default()
        };
        let filter = query.db_filter(None, None);
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
