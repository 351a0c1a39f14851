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
    self, ActivityOutcome, ActivityPage, ActivityQuery, CustomerQuery, EventCount,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, ok, paths, render};
use filters::{customer_errors, href};

/// An operation choice of the filter.
pub struct OperationOption {
    /// Stored name (the value sent).
    pub name: &'static str,
    /// Its words.
    pub words: Msg,
    /// The one chosen.
    pub selected: bool,
}

/// The filter form: the values as typed, the choices, and what is wrong with them.
pub struct FilterForm {
    from: String,
    to: String,
    customer: String,
    operations: Vec<OperationOption>,
    errors: FilterErrors,
    filtered: bool,
}

impl FilterForm {
    fn new(
        from: String,
        to: String,
        customer: String,
        operation: Option<&Operation>,
        errors: FilterErrors,
    ) -> Self {
        let filtered =
            !(from.is_empty() && to.is_empty() && customer.is_empty() && operation.is_none());
        FilterForm {
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
            raw(&params.from),
            raw(&params.to),
            raw(&params.customer),
            params
                .operation
                .as_deref()
                .and_then(|op| Operation::parse(op.trim()))
                .as_ref(),
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
        let problem = user
            .run(&state, move |conn, ctx| {
                activity::customer_problem(conn, ctx, customer.as_ref())
            })
            .await?;
        if let Some(problem) = problem {
            customer_errors(&problem, &query, &mut errors);
        }
        return filter_error_page(&user, &params, &query, errors);
    }
    let q = query.clone();
    let outcome = user
        .run(&state, move |conn, ctx| {
            activity::activity_page(conn, ctx, &q)
        })
        .await?;
    let log = match outcome {
        ActivityOutcome::Customer(problem) => {
            customer_errors(&problem, &query, &mut errors);
            return filter_error_page(&user, &params, &query, errors);
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
    let form = FilterForm::new(
        query.from.map(|d| d.to_string()).unwrap_or_default(),
        query.to.map(|d| d.to_string()).unwrap_or_default(),
        customer_field,
        query.operation.as_ref(),
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
