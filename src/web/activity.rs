//! The activity log and its CSV export.

use actix_web::http::{StatusCode, header};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::db::Db;
use crate::db::ids::TenantId;
use crate::db::models::audit::ActivityCursor;
use crate::db::models::customer::Customer;
use crate::domain::Actor;
use crate::domain::activity::{self, ActivityPage, ActivityQuery, ActivityRow};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::{Layout, PageLink, Section, ok, pager, render};

/// This module's routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[("GET", "/activity"), ("GET", "/activity.csv")];

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/activity").route(super::get_or_head().to(list)))
        .service(web::resource("/activity.csv").route(super::get_or_head().to(export_csv)));
}

/// `?from=&to=&customer=&operation=&page=`, as typed: parsed here so that bad values get a clear
/// message next to the filter that holds them.
#[derive(Clone, Deserialize)]
pub struct ActivityParams {
    from: Option<String>,
    to: Option<String>,
    customer: Option<String>,
    operation: Option<String>,
    page: Option<String>,
}

/// What is wrong with the filters, filter by filter.
#[derive(Debug, Default)]
pub struct FilterErrors {
    from: Option<Msg>,
    /// Also holds "the from date is after the to date".
    to: Option<Msg>,
    /// The dates are the wrong way round: both fields are marked, the message is `to`'s.
    reversed: bool,
    customer: Option<Msg>,
    operation: Option<Msg>,
    page: Option<Msg>,
}

impl FilterErrors {
    fn is_empty(&self) -> bool {
        !self.in_filters() && self.page.is_none()
    }

    /// A filter of the form (not the page number) is wrong.
    fn in_filters(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.customer.is_some()
            || self.operation.is_some()
    }

    /// The first message, in the order of the form (for the export, which has no form).
    fn first(self) -> Msg {
        [self.from, self.to, self.customer, self.operation, self.page]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| Msg::new("error-400-message"))
    }

    /// The `from` field is marked invalid.
    fn marks_from(&self) -> bool {
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

impl ActivityParams {
    /// The query, or every filter's problem.
    fn parse(&self) -> Result<ActivityQuery, Box<FilterErrors>> {
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
            let tenant = TenantId::parse(raw);
            if tenant.is_none() {
                errors.customer = Some(Msg::new("activity-customer-invalid"));
            }
            tenant
        });
        let operation = given(self.operation.as_ref()).and_then(|raw| {
            let op = activity::parse_operation(raw);
            if op.is_none() {
                let known = activity::OPERATIONS
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ");
                errors.operation = Some(Msg::new("activity-operation-invalid").arg("known", known));
            }
            op
        });
        let page = match given(self.page.as_ref()) {
            Some(raw) => crate::web::page_number(raw).unwrap_or_else(|| {
                errors.page = Some(Msg::new("page-number-invalid"));
                1
            }),
            None => 1,
        };
        if !errors.is_empty() {
            return Err(Box::new(errors));
        }
        Ok(ActivityQuery {
            from,
            to,
            customer,
            operation,
            page,
        })
    }
}

/// The filters of a query as query-string pairs (page excluded), in a stable order.
fn filter_pairs(query: &ActivityQuery) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(from) = query.from {
        pairs.push(("from", from.to_string()));
    }
    if let Some(to) = query.to {
        pairs.push(("to", to.to_string()));
    }
    if let Some(customer) = &query.customer {
        pairs.push(("customer", customer.to_string()));
    }
    if let Some(op) = query.operation {
        pairs.push(("operation", op.to_owned()));
    }
    pairs
}

/// A link to `path` with the query's filters and, past the first, a page.
fn href(path: &str, query: &ActivityQuery, page: Option<i64>) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in filter_pairs(query) {
        serializer.append_pair(key, &value);
    }
    if let Some(page) = page.filter(|p| *p > 1) {
        serializer.append_pair("page", &page.to_string());
    }
    let qs = serializer.finish();
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

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
    customers: Vec<Customer>,
    operations: Vec<OperationOption>,
    errors: FilterErrors,
    filtered: bool,
}

impl FilterForm {
    fn new(
        from: String,
        to: String,
        customer: String,
        operation: Option<&str>,
        customers: Vec<Customer>,
        errors: FilterErrors,
    ) -> Self {
        let filtered =
            !(from.is_empty() && to.is_empty() && customer.is_empty() && operation.is_none());
        FilterForm {
            operations: activity::OPERATIONS
                .iter()
                .map(|(name, _)| OperationOption {
                    name,
                    words: activity::operation_msg(name),
                    selected: operation == Some(*name),
                })
                .collect(),
            from,
            to,
            customer,
            customers,
            errors,
            filtered,
        }
    }
}

/// The events of the page, with their count and pages.
pub struct Listing {
    log: ActivityPage,
    summary: Msg,
    csv_href: String,
    first_href: String,
    pager: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
}

/// The activity log page; without `listing` when the filters need correcting.
#[derive(Template)]
#[template(path = "activity/list.html")]
pub struct ListPage {
    layout: Layout,
    form: FilterForm,
    listing: Option<Listing>,
    /// When only the page number is wrong: the first page of the same filters.
    first_href: Option<String>,
}

/// The line that counts the events.
fn summary(log: &ActivityPage, filtered: bool) -> Msg {
    let count = log.total;
    if count == 0 {
        return Msg::new(if filtered {
            "activity-count-none"
        } else {
            "activity-count-none-yet"
        });
    }
    if log.rows.is_empty() {
        return Msg::new("activity-count-past-end")
            .arg("count", count)
            .arg("page", log.page);
    }
    if log.pages == 1 {
        return Msg::new("activity-count-all").arg("count", count);
    }
    let first = (log.page - 1) * activity::PAGE_SIZE + 1;
    let last = first + i64::try_from(log.rows.len()).unwrap_or(1) - 1;
    Msg::new("activity-count-page")
        .arg("count", count)
        .arg("first", first)
        .arg("last", last)
}

/// `GET /activity`. Filters that cannot be read give the page again (400) with the form, each
/// problem next to its filter, and no events.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ActivityParams>,
) -> Result<HttpResponse, AppError> {
    let actor = user.actor().clone();
    let query = match params.parse() {
        Ok(query) => query,
        Err(errors) => {
            let customers = state
                .db
                .run(move |conn| activity::filter_customers(conn, &actor))
                .await?;
            let lang = user.lang;
            let title = format!(
                "{} · {}",
                lang.t("activity-filter-errors-title"),
                lang.t("nav-activity")
            );
            let raw = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
            let first_href = (!errors.in_filters())
                .then(|| {
                    let params = ActivityParams {
                        page: None,
                        ..params.0.clone()
                    };
                    params.parse().ok().map(|q| href("/activity", &q, None))
                })
                .flatten();
            let page = ListPage {
                layout: Layout::for_user_titled(title, &user, Section::Activity),
                form: FilterForm::new(
                    raw(&params.from),
                    raw(&params.to),
                    raw(&params.customer),
                    params
                        .operation
                        .as_deref()
                        .and_then(|op| activity::parse_operation(op.trim())),
                    customers,
                    *errors,
                ),
                listing: None,
                first_href,
            };
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    let q = query.clone();
    let log = state
        .db
        .run(move |conn| activity::activity_page(conn, &actor, &q))
        .await?;
    let page = log.page;
    let form = FilterForm::new(
        query.from.map(|d| d.to_string()).unwrap_or_default(),
        query.to.map(|d| d.to_string()).unwrap_or_default(),
        query
            .customer
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        query.operation,
        log.customers.clone(),
        FilterErrors::default(),
    );
    ok(&ListPage {
        layout: Layout::for_user("nav-activity", &user, Section::Activity),
        listing: Some(Listing {
            summary: summary(&log, form.filtered),
            csv_href: href("/activity.csv", &query, None),
            first_href: href("/activity", &query, None),
            pager: pager(page, log.pages, |n| href("/activity", &query, Some(n))),
            prev: (page > 1).then(|| href("/activity", &query, Some((page - 1).min(log.pages)))),
            next: (page < log.pages).then(|| href("/activity", &query, Some(page + 1))),
            log,
        }),
        form,
        first_href: None,
    })
}

/// The export's header row, in the reader's language.
fn csv_header(lang: Lang) -> String {
    let cells = [
        lang.t("activity-csv-when"),
        lang.t("activity-csv-user"),
        lang.t("activity-csv-organization"),
        lang.t("activity-csv-customer"),
        lang.t("activity-csv-tenant"),
        lang.t("activity-csv-subscription"),
        lang.t("activity-csv-product"),
        lang.t("activity-csv-operation"),
        lang.t("activity-csv-old"),
        lang.t("activity-csv-new"),
    ];
    activity::csv_line(cells.iter().map(String::as_str))
}

/// Events as CSV lines, in the reader's language; times in UTC as `YYYY-MM-DD HH:MM:SS`, which
/// spreadsheets read as a date and time and which sorts as text.
fn csv_rows(rows: &[ActivityRow], lang: Lang) -> String {
    let words = |m: &Option<Msg>| m.as_ref().map(|m| lang.msg(m)).unwrap_or_default();
    let mut csv = String::new();
    for row in rows {
        let (customer, tenant) = row.customer.as_ref().map_or_else(Default::default, |c| {
            (c.company_name.clone(), c.tenant_id.to_string())
        });
        let cells = [
            row.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            lang.msg(&row.who),
            row.organization.clone().unwrap_or_default(),
            customer,
            tenant,
            row.subscription_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            row.product.clone().unwrap_or_default(),
            lang.msg(&row.what),
            words(&row.old),
            words(&row.new),
        ];
        csv.push_str(&activity::csv_line(cells.iter().map(String::as_str)));
    }
    csv
}

/// The byte order mark: without it, Excel reads a CSV file in the computer's legacy code page and
/// garbles Polish letters (and any name outside ASCII).
const UTF8_BOM: &str = "\u{feff}";

/// The export in progress: what the next chunk needs.
struct Export {
    db: Db,
    actor: Actor,
    query: ActivityQuery,
    lang: Lang,
    /// The first chunk, read before the response started (so that a refusal is a proper 403).
    first: Option<Bytes>,
    /// Where the next chunk starts; `None` once the last one was read.
    next: Option<ActivityCursor>,
}

/// `GET /activity.csv`: every matching event, streamed in chunks of
/// [`activity::CSV_CHUNK`], each read in its own database call. Column headers, operations and
/// values are in the reader's language (the file is for people, in a spreadsheet); times, ids
/// and names are data and read the same in every language.
pub async fn export_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ActivityParams>,
) -> Result<HttpResponse, AppError> {
    let query = params
        .parse()
        .map_err(|errors| AppError::BadRequest(errors.first()))?;
    let lang = user.lang;
    let actor = user.actor().clone();
    let (a, q) = (actor.clone(), query.clone());
    let first = state
        .db
        .run(move |conn| activity::csv_chunk(conn, &a, &q, None))
        .await?;
    let mut csv = String::from(UTF8_BOM);
    csv.push_str(&csv_header(lang));
    csv.push_str(&csv_rows(&first.rows, lang));
    let export = Export {
        db: state.db.clone(),
        actor,
        query,
        lang,
        first: Some(Bytes::from(csv)),
        next: first.next,
    };
    let stream = futures_util::stream::try_unfold(export, |mut export| async move {
        if let Some(bytes) = export.first.take() {
            return Ok(Some((bytes, export)));
        }
        let Some(cursor) = export.next.take() else {
            return Ok(None);
        };
        let (actor, query) = (export.actor.clone(), export.query.clone());
        let chunk = export
            .db
            .run(move |conn| activity::csv_chunk(conn, &actor, &query, Some(&cursor)))
            .await
            .inspect_err(|e| tracing::error!(error = ?e, "activity export stopped"))?;
        export.next = chunk.next;
        let csv = csv_rows(&chunk.rows, export.lang);
        Ok::<_, AppError>(Some((Bytes::from(csv), export)))
    });
    let file = activity::csv_file_name(chrono::Utc::now().date_naive());
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(stream))
}
