//! The log's filters as typed in the query string: parsed, checked, and written back into links.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::db::ids::{AuditEventId, MpnId, SubscriptionId, TenantId, UserId};
use crate::db::models::audit::{ActivityCursor, Operation, Toward};
use crate::domain::activity::{
    ActivityQuery, CustomerProblem, CustomerQuery, FilterProblem, PageCursor, ResellerProblem,
    ResellerQuery,
};
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
    pub(super) user: Option<String>,
    pub(super) reseller: Option<String>,
    pub(super) subscription: Option<String>,
    pub(super) range: Option<String>,
    pub(super) event: Option<String>,
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
    pub(super) user: Option<Msg>,
    pub(super) reseller: Option<Msg>,
    /// The resellers that what was typed matches, to choose from (link, name, PartnerID).
    pub(super) reseller_choices: Vec<(String, String, MpnId)>,
    pub(super) subscription: Option<Msg>,
    /// The quick range is unknown, or comes with dates.
    pub(super) range: Option<Msg>,
    /// The event link is damaged.
    pub(super) event: Option<Msg>,
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
            || self.user.is_some()
            || self.reseller.is_some()
            || self.subscription.is_some()
            || self.range.is_some()
            || self.event.is_some()
    }

    /// The first message, in the order of the form (for the export, which has no form).
    pub(super) fn first(self) -> Msg {
        [
            self.range,
            self.from,
            self.to,
            self.customer,
            self.user,
            self.reseller,
            self.subscription,
            self.operation,
            self.event,
            self.page,
        ]
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

/// The quick ranges: the last so many days, today included.
pub(super) const QUICK_RANGES: [u32; 3] = [7, 30, 90];

/// The reseller filter: a PartnerID, else part of a reseller's name.
fn parse_reseller(raw: &str) -> Option<ResellerQuery> {
    if let Some(mpn) = MpnId::parse(raw) {
        return Some(ResellerQuery::Mpn(mpn));
    }
    let fits = raw.chars().count() <= CUSTOMER_MAX_CHARS && !raw.chars().any(char::is_control);
    fits.then(|| ResellerQuery::Name(raw.to_owned()))
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
        let user = given(self.user.as_ref()).and_then(|raw| {
            let user = UserId::parse(raw);
            if user.is_none() {
                errors.user = Some(Msg::new("activity-user-unknown"));
            }
            user
        });
        let reseller = given(self.reseller.as_ref()).and_then(|raw| {
            let reseller = parse_reseller(raw);
            if reseller.is_none() {
                errors.reseller = Some(
                    Msg::new("activity-reseller-invalid").arg("max", CUSTOMER_MAX_CHARS as i64),
                );
            }
            reseller
        });
        let subscription = given(self.subscription.as_ref()).and_then(|raw| {
            let subscription = SubscriptionId::parse(raw);
            if subscription.is_none() {
                errors.subscription = Some(Msg::new("activity-subscription-invalid"));
            }
            subscription
        });
        let event = given(self.event.as_ref()).and_then(|raw| {
            let event = AuditEventId::parse(raw);
            if event.is_none() {
                errors.event = Some(Msg::new("activity-event-invalid"));
            }
            event
        });
        let range = given(self.range.as_ref()).and_then(|raw| {
            let range = QUICK_RANGES.iter().copied().find(|n| n.to_string() == raw);
            if range.is_none() {
                errors.range = Some(Msg::new("activity-range-invalid"));
            } else if given(self.from.as_ref()).is_some() || given(self.to.as_ref()).is_some() {
                errors.range = Some(Msg::new("activity-range-and-dates"));
                return None;
            }
            range
        });
        let (from, to) = match range {
            Some(days) => {
                let today = chrono::Utc::now().date_naive();
                let first = today
                    .checked_sub_days(chrono::Days::new(u64::from(days) - 1))
                    .unwrap_or(today);
                (Some(first), Some(today))
            }
            None => (from, to),
        };
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
            user,
            reseller,
            subscription,
            range,
            event,
            start,
        };
        (query, errors)
    }
}

/// The filters of a query as query-string pairs (the page's start excluded), in a stable order;
/// a customer found by its name is named by its Microsoft ID, which always finds it again.
fn filter_pairs(query: &ActivityQuery, found: Option<&TenantId>) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    match query.range {
        Some(days) => pairs.push(("range", days.to_string())),
        None => {
            if let Some(from) = query.from {
                pairs.push(("from", from.to_string()));
            }
            if let Some(to) = query.to {
                pairs.push(("to", to.to_string()));
            }
        }
    }
    match (found, &query.customer) {
        (Some(tenant), _) | (None, Some(CustomerQuery::Tenant(tenant))) => {
            pairs.push(("customer", tenant.to_string()));
        }
        (None, Some(CustomerQuery::Name(name))) => pairs.push(("customer", name.clone())),
        (None, None) => {}
    }
    if let Some(user) = &query.user {
        pairs.push(("user", user.to_string()));
    }
    match &query.reseller {
        Some(ResellerQuery::Mpn(mpn)) => pairs.push(("reseller", mpn.to_string())),
        Some(ResellerQuery::Name(name)) => pairs.push(("reseller", name.clone())),
        None => {}
    }
    if let Some(subscription) = &query.subscription {
        pairs.push(("subscription", subscription.to_string()));
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

/// The field's message for a filter that cannot be applied, with its choices.
pub(super) fn problem_errors(
    problem: &FilterProblem,
    query: &ActivityQuery,
    errors: &mut FilterErrors,
) {
    match problem {
        FilterProblem::Customer(problem) => customer_errors(problem, query, errors),
        FilterProblem::UnknownUser => errors.user = Some(Msg::new("activity-user-unknown")),
        FilterProblem::Reseller(ResellerProblem::NoMatch { typed }) => {
            errors.reseller =
                Some(Msg::new("activity-reseller-no-match").arg("typed", typed.as_str()));
        }
        FilterProblem::Reseller(ResellerProblem::Several { typed, choices }) => {
            errors.reseller = Some(
                Msg::new("activity-reseller-several")
                    .arg("typed", typed.as_str())
                    .arg("shown", i64::try_from(choices.len()).unwrap_or(0)),
            );
            errors.reseller_choices = choices
                .iter()
                .map(|r| {
                    let chosen = ActivityQuery {
                        reseller: Some(ResellerQuery::Mpn(r.mpn_id)),
                        start: None,
                        ..query.clone()
                    };
                    (
                        href(paths::ACTIVITY, &chosen, None, None),
                        r.name.clone(),
                        r.mpn_id,
                    )
                })
                .collect();
        }
    }
}

/// The message of a filter problem, for the export (which has no form).
pub(super) fn problem_msg(problem: &FilterProblem) -> Msg {
    let mut errors = FilterErrors::default();
    problem_errors(problem, &ActivityQuery::default(), &mut errors);
    errors.first()
}

/// The quick range links: (days, link, chosen), the other filters kept.
pub(super) fn range_links(
    query: &ActivityQuery,
    found: Option<&TenantId>,
) -> Vec<(u32, String, bool)> {
    QUICK_RANGES
        .iter()
        .map(|&days| {
            let ranged = ActivityQuery {
                range: Some(days),
                start: None,
                ..query.clone()
            };
            (
                days,
                href(paths::ACTIVITY, &ranged, found, None),
                query.range == Some(days),
            )
        })
        .collect()
}
