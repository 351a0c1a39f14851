//! The activity log and its CSV export.

mod export;
mod filters;

pub use export::export_csv;
pub use filters::{ActivityParams, CustomerChoice, FilterErrors};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::extract::CurrentUser;
use crate::db::models::audit::Operation;
use crate::domain::activity::{
    self, ActivityOutcome, ActivityPage, ActivityQuery, CustomerQuery, EventCount, LogUser,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, ok, paths, render};
use filters::{customer_errors, href, problem_errors, range_links};

/// An operation choice of the filter.
pub struct OperationOption {
    /// Stored name (the value sent).
    pub name: &'static str,
    /// Its words.
    pub words: Msg,
    /// The one chosen.
    pub selected: bool,
}

/// A user choice of the filter.
pub struct UserOption {
    /// The user's id (the value sent).
    id: String,
    /// Name and email.
    label: String,
    /// The one chosen.
    selected: bool,
}

/// A quick range link (the last so many days).
pub struct RangeLink {
    /// How many days.
    days: u32,
    /// The log over them, the other filters kept.
    href: String,
    /// The range shown now.
    active: bool,
}

/// The filter fields as typed (or as found).
#[derive(Default)]
pub struct Typed {
    from: String,
    to: String,
    customer: String,
    user: String,
    reseller: String,
    subscription: String,
}

/// The filter form: the values as typed, the choices, and what is wrong with them.
pub struct FilterForm {
    from: String,
    to: String,
    customer: String,
    reseller: String,
    subscription: String,
    users: Vec<UserOption>,
    ranges: Vec<RangeLink>,
    operations: Vec<OperationOption>,
    errors: FilterErrors,
    filtered: bool,
}

impl FilterForm {
    fn new(
        typed: Typed,
        operation: Option<&Operation>,
        users: Vec<LogUser>,
        ranges: Vec<(u32, String, bool)>,
        errors: FilterErrors,
    ) -> Self {
        let Typed {
            from,
            to,
            customer,
            user,
            reseller,
            subscription,
        } = typed;
        let filtered = !(from.is_empty()
            && to.is_empty()
            && customer.is_empty()
            && user.is_empty()
            && reseller.is_empty()
            && subscription.is_empty()
            && operation.is_none());
        FilterForm {
            users: users
                .into_iter()
                .map(|u| UserOption {
                    selected: u.id.as_str() == user,
                    id: u.id.to_string(),
                    label: format!("{} ({})", u.display_name, u.email),
                })
                .collect(),
            ranges: ranges
                .into_iter()
                .map(|(days, href, active)| RangeLink { days, href, active })
                .collect(),
            reseller,
            subscription,
            operations: Operation::ALL
                .iter()
                .map(|op| OperationOption {
                    name: op.as_str(),
                    words: activity::operation_msg(op),
                    selected: operation == Some(op),
                })
                .collect(),
            from,
            to,
            customer,
            errors,
            filtered,
        }
    }
}

/// The events of the page, with their count and the links to the pages next to it.
pub struct Listing {
    log: ActivityPage,
    summary: Msg,
    csv_href: String,
    /// The newest events under the same filters.
    newest_href: String,
    /// Not on the newest page: a link to it.
    newest: Option<String>,
    newer: Option<String>,
    older: Option<String>,
}

/// The activity log page; without `listing` when the filters need correcting.
#[derive(Template)]
#[template(path = "activity/list.html")]
pub struct ListPage {
    layout: Layout,
    form: FilterForm,
    listing: Option<Listing>,
    /// When only the page link is wrong: the newest page of the same filters.
    first_href: Option<String>,
}

/// The line that counts the events.
fn summary(log: &ActivityPage, filtered: bool) -> Msg {
    if log.count.is_zero() {
        return Msg::new(if filtered {
            "activity-count-none"
        } else {
            "activity-count-none-yet"
        });
    }
    let shown = i64::try_from(log.rows.len()).unwrap_or(0);
    if shown == 0 {
        return match log.count {
            EventCount::Exact(count) => Msg::new("activity-count-past-end").arg("count", count),
            EventCount::MoreThan(bound) => {
                Msg::new("activity-count-more-past-end").arg("bound", bound)
            }
        };
    }
    let alone = log.newer.is_none() && log.older.is_none();
    match (log.count, log.first_position) {
        (EventCount::Exact(count), _) if alone => {
            Msg::new("activity-count-all").arg("count", count)
        }
        (EventCount::Exact(count), Some(first)) => Msg::new("activity-count-page")
            .arg("count", count)
            .arg("first", first)
            .arg("last", first + shown - 1),
        (EventCount::MoreThan(bound), Some(first)) => Msg::new("activity-count-more-page")
            .arg("bound", bound)
            .arg("first", first)
            .arg("last", first + shown - 1),
        (EventCount::Exact(_), None) => Msg::new("activity-count-more-deep")
            .arg("bound", activity::COUNT_BOUND)
            .arg("shown", shown),
        (EventCount::MoreThan(bound), None) => Msg::new("activity-count-more-deep")
            .arg("bound", bound)
            .arg("shown", shown),
    }
}

/// The page again with the form, each problem next to its filter, and no events (400).
fn filter_error_page(
    user: &CurrentUser,
    params: &ActivityParams,
    query: &ActivityQuery,
    users: Vec<LogUser>,
    errors: FilterErrors,
) -> Result<HttpResponse, AppError> {
    let lang = user.lang;
    let title = format!(
        "{} · {}",
        lang.t("activity-filter-errors-title"),
        lang.t("nav-activity")
    );
    let raw = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
    // Only the page link is wrong: the newest page of the same filters.
    let first_href = (!errors.in_filters()).then(|| href(paths::ACTIVITY, query, None, None));
    let page = ListPage {
        layout: Layout::for_user_titled(title, user, Section::Activity),
        form: FilterForm::new(
            Typed {
                from: raw(&params.from),
                to: raw(&params.to),
                customer: raw(&params.customer),
                user: raw(&params.user),
                reseller: raw(&params.reseller),
                subscription: raw(&params.subscription),
            },
            params
                .operation
                .as_deref()
                .and_then(|op| Operation::parse(op.trim()))
                .as_ref(),
            users,
            range_links(query, None),
            errors,
        ),
        listing: None,
        first_href,
    };
    render(StatusCode::BAD_REQUEST, &page)
}

/// `GET /activity`. Filters that cannot be read, a customer filter that finds no customer or
/// several, and a damaged page link give the page again (400) with the form, each problem next
/// to its filter, and no events.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ActivityParams>,
) -> Result<HttpResponse, AppError> {
    let (query, mut errors) = params.parse();
    if !errors.is_empty() {
        // The customer filter is looked up too, so that every problem shows at once.
        let customer = query.customer.clone();
        let (users, problem) = user
            .run(&state, move |conn, ctx| {
                let problem = activity::customer_problem(conn, ctx, customer.as_ref())?;
                Ok((activity::log_users(conn, ctx)?, problem))
            })
            .await?;
        if let Some(problem) = problem {
            customer_errors(&problem, &query, &mut errors);
        }
        return filter_error_page(&user, &params, &query, users, errors);
    }
    let q = query.clone();
    let (users, outcome) = user
        .run(&state, move |conn, ctx| {
            let outcome = activity::activity_page(conn, ctx, &q)?;
            Ok((activity::log_users(conn, ctx)?, outcome))
        })
        .await?;
    let log = match outcome {
        ActivityOutcome::Problem(problem) => {
            problem_errors(&problem, &query, &mut errors);
            return filter_error_page(&user, &params, &query, users, errors);
        }
        ActivityOutcome::Page(log) => log,
    };
    let found = log.customer.as_ref().map(|c| &c.tenant_id);
    let customer_field = match (&log.customer, &query.customer) {
        (Some(found), _) => found.company_name.clone(),
        (None, Some(CustomerQuery::Tenant(tenant))) => tenant.to_string(),
        (None, Some(CustomerQuery::Name(name))) => name.clone(),
        (None, None) => String::new(),
    };
    let raw = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
    let form = FilterForm::new(
        Typed {
            from: query.from.map(|d| d.to_string()).unwrap_or_default(),
            to: query.to.map(|d| d.to_string()).unwrap_or_default(),
            customer: customer_field,
            user: query
                .user
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            reseller: raw(&params.reseller),
            subscription: query
                .subscription
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        },
        query.operation.as_ref(),
        users,
        range_links(&query, found),
        FilterErrors::default(),
    );
    let newest_href = href(paths::ACTIVITY, &query, found, None);
    ok(&ListPage {
        layout: Layout::for_user("nav-activity", &user, Section::Activity),
        listing: Some(Listing {
            summary: summary(&log, form.filtered),
            csv_href: href(paths::ACTIVITY_CSV, &query, found, None),
            newest: (query.start.is_some() && (log.newer.is_some() || log.rows.is_empty()))
                .then(|| newest_href.clone()),
            newer: log
                .newer
                .as_ref()
                .map(|at| href(paths::ACTIVITY, &query, found, Some(("before", at)))),
            older: log
                .older
                .as_ref()
                .map(|at| href(paths::ACTIVITY, &query, found, Some(("after", at)))),
            newest_href,
            log,
        }),
        form,
        first_href: None,
    })
}
