//! The log's filters as typed in the query string: parsed, checked, and written back into links.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::db::ids::TenantId;
use crate::db::models::audit::{ActivityCursor, Operation, Toward};
use crate::domain::activity::{ActivityQuery, CustomerProblem, CustomerQuery, PageCursor};
use crate::i18n::Msg;
use crate::web::paths;

/// The longest customer filter taken (a company name is rarely half as long).
const CUSTOMER_MAX_CHARS: usize = 100;

/// `?from=&to=&customer=&operation=&after=&before=`, as typed: parsed here so that bad values get a
/// clear message next to the filter that holds them. `after` and `before` are the opaque cursors
/// of the Older and Newer links.
#[derive(Clone, Deserialize)]
pub struct ActivityParams {
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    pub(super) customer: Option<String>,
    pub(super) operation: Option<String>,
    after: Option<String>,
    before: Option<String>,
}

/// A customer the filter offers when what was typed matches several.
pub struct CustomerChoice {
    /// The log filtered to it.
    pub(super) href: String,
    /// Its company name.
    pub(super) company_name: String,
    /// Its Microsoft ID, which tells apart customers of the same name.
    pub(super) tenant_id: TenantId,
}

/// What is wrong with the filters, filter by filter.
#[derive(Default)]
pub struct FilterErrors {
    pub(super) from: Option<Msg>,
    /// Also holds "the from date is after the to date".
    pub(super) to: Option<Msg>,
    /// The dates are the wrong way round: both fields are marked, the message is `to`'s.
    pub(super) reversed: bool,
    pub(super) customer: Option<Msg>,
    /// The customers that what was typed matches, to choose from.
    pub(super) customer_choices: Vec<CustomerChoice>,
    pub(super) operation: Option<Msg>,
    /// The page link (its cursor) is damaged.
    pub(super) page: Option<Msg>,
}

impl FilterErrors {
    pub(super) fn is_empty(&self) -> bool {
        !self.in_filters() && self.page.is_none()
    }

    /// A filter of the form (not the page link) is wrong.
    pub(super) fn in_filters(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.customer.is_some()
            || self.operation.is_some()
    }

    /// The first message, in the order of the form (for the export, which has no form).
    pub(super) fn first(self) -> Msg {
        [self.from, self.to, self.customer, self.operation, self.page]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| Msg::new("error-400-message"))
    }

    /// The `from` field is marked invalid.
    pub(super) fn marks_from(&self) -> bool {
        self.from.is_some() || self.reversed
    }
}

/// A present, non-blank parameter, trimmed.
fn given(raw: Option<&String>) -> Option<&str> {
    raw.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A `YYYY-MM-DD` date, or the field's message.
fn parse_date(raw: Option<&String>, invalid: fn() -> Msg) -> Result<Option<NaiveDate>, Msg> {
    let Some(raw) = given(raw) else {
        return Ok(None);
    };
    let date = (raw.len() == 10)
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(invalid)?;
    Ok(Some(date))
}

/// The customer filter: a Microsoft ID, else the start of a company name.
fn parse_customer(raw: &str) -> Option<CustomerQuery> {
    if let Some(tenant) = TenantId::parse(raw) {
        return Some(CustomerQuery::Tenant(tenant));
    }
    let fits = raw.chars().count() <= CUSTOMER_MAX_CHARS && !raw.chars().any(char::is_control);
    fits.then(|| CustomerQuery::Name(raw.to_owned()))
}

impl ActivityParams {
    /// The query as far as it reads, and every filter's problem that needs no database.
    pub(super) fn parse(&self) -> (ActivityQuery, FilterErrors) {
        let mut errors = FilterErrors::default();
        let from = parse_date(self.from.as_ref(), || {
            Msg::new("activity-from-date-invalid")
        })
        .unwrap_or_else(|e| {
            errors.from = Some(e);
            None
        });
        let to = parse_date(self.to.as_ref(), || Msg::new("activity-to-date-invalid"))
            .unwrap_or_else(|e| {
                errors.to = Some(e);
                None
            });
        if let Some((from, to)) = from.zip(to).filter(|(from, to)| from > to) {
            errors.to = Some(
                Msg::new("activity-dates-reversed")
                    .arg("from", from)
                    .arg("to", to),
            );
            errors.reversed = true;
        }
        let customer = given(self.customer.as_ref()).and_then(|raw| {
            let customer = parse_customer(raw);
            if customer.is_none() {
                errors.customer = Some(
                    Msg::new("activity-customer-invalid").arg("max", CUSTOMER_MAX_CHARS as i64),
                );
            }
            customer
        });
        let operation = given(self.operation.as_ref()).and_then(|raw| {
            let op = Operation::parse(raw);
            if op.is_none() {
                let known = Operation::ALL
                    .iter()
                    .map(Operation::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                errors.operation = Some(Msg::new("activity-operation-invalid").arg("known", known));
            }
            op
        });
        let start = match (given(self.after.as_ref()), given(self.before.as_ref())) {
            (None, None) => None,
            (Some(raw), None) => PageCursor::parse_token(raw, Toward::Older),
            (None, Some(raw)) => PageCursor::parse_token(raw, Toward::Newer),
            (Some(_), Some(_)) => None,
        };
        if start.is_none()
            && (given(self.after.as_ref()).is_some() || given(self.before.as_ref()).is_some())
        {
            errors.page = Some(Msg::new("activity-cursor-invalid"));
        }
        let query = ActivityQuery {
            from,
            to,
            customer,
            operation,
            start,
        };
        (query, errors)
    }
}

/// The filters of a query as query-string pairs (the page's start excluded), in a stable order;
/// a customer found by its name is named by its Microsoft ID, which always finds it again.
fn filter_pairs(query: &ActivityQuery, found: Option<&TenantId>) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(from) = query.from {
        pairs.push(("from", from.to_string()));
    }
    if let Some(to) = query.to {
        pairs.push(("to", to.to_string()));
    }
    match (found, &query.customer) {
        (Some(tenant), _) | (None, Some(CustomerQuery::Tenant(tenant))) => {
            pairs.push(("customer", tenant.to_string()));
        }
        (None, Some(CustomerQuery::Name(name))) => pairs.push(("customer", name.clone())),
        (None, None) => {}
    }
    if let Some(op) = &query.operation {
        pairs.push(("operation", op.to_string()));
    }
    pairs
}

/// A link to `path` with the query's filters and, when given, a cursor (`after` or `before`).
pub(super) fn href(
    path: &str,
    query: &ActivityQuery,
    found: Option<&TenantId>,
    cursor: Option<(&str, &ActivityCursor)>,
) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in filter_pairs(query, found) {
        serializer.append_pair(key, &value);
    }
    if let Some((key, at)) = cursor {
        serializer.append_pair(key, &PageCursor::token(at));
    }
    let qs = serializer.finish();
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

/// The field's message for a customer filter that cannot be applied, and the customers to
/// choose from (linked to the log filtered to each, with the other filters kept).
pub(super) fn customer_errors(
    problem: &CustomerProblem,
    query: &ActivityQuery,
    errors: &mut FilterErrors,
) {
    match problem {
        CustomerProblem::NoMatch { typed } => {
            errors.customer =
                Some(Msg::new("activity-customer-no-match").arg("typed", typed.as_str()));
        }
        CustomerProblem::Several {
            typed,
            choices,
            more,
        } => {
            errors.customer = Some(
                Msg::new(if *more {
                    "activity-customer-many"
                } else {
                    "activity-customer-several"
                })
                .arg("typed", typed.as_str())
                .arg("shown", i64::try_from(choices.len()).unwrap_or(0)),
            );
            errors.customer_choices = choices
                .iter()
                .map(|c| CustomerChoice {
                    href: href(paths::ACTIVITY, query, Some(&c.tenant_id), None),
                    company_name: c.company_name.clone(),
                    tenant_id: c.tenant_id.clone(),
                })
                .collect();
        }
    }
}

/// The message of a customer filter problem, for the export (which has no form).
pub(super) fn customer_problem_msg(problem: &CustomerProblem) -> Msg {
    let mut errors = FilterErrors::default();
    customer_errors(problem, &ActivityQuery::default(), &mut errors);
    errors.first()
}
