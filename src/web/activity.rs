//! The activity log and its CSV export.

use actix_web::http::{StatusCode, header};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::blocking::RunBlocking;
use crate::db::Db;
use crate::db::ids::TenantId;
use crate::db::models::audit::{ActivityCursor, Operation, Toward};
use crate::domain::Actor;
use crate::domain::activity::{
    self, ActivityOutcome, ActivityPage, ActivityQuery, ActivityRow, CustomerProblem,
    CustomerQuery, EventCount, ExportFilter, PageCursor,
};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::csv::CsvBuf;
use crate::web::{Layout, Section, ok, paths, render};

/// The longest customer filter taken (a company name is rarely half as long).
const CUSTOMER_MAX_CHARS: usize = 100;

/// `?from=&to=&customer=&operation=&after=&before=`, as typed: parsed here so that bad values get a
/// clear message next to the filter that holds them. `after` and `before` are the opaque cursors
/// of the Older and Newer links.
#[derive(Clone, Deserialize)]
pub struct ActivityParams {
    from: Option<String>,
    to: Option<String>,
    customer: Option<String>,
    operation: Option<String>,
    after: Option<String>,
    before: Option<String>,
}

/// A customer the filter offers when what was typed matches several.
pub struct CustomerChoice {
    /// The log filtered to it.
    href: String,
    /// Its company name.
    company_name: String,
    /// Its Microsoft ID, which tells apart customers of the same name.
    tenant_id: TenantId,
}

/// What is wrong with the filters, filter by filter.
#[derive(Default)]
pub struct FilterErrors {
    from: Option<Msg>,
    /// Also holds "the from date is after the to date".
    to: Option<Msg>,
    /// The dates are the wrong way round: both fields are marked, the message is `to`'s.
    reversed: bool,
    customer: Option<Msg>,
    /// The customers that what was typed matches, to choose from.
    customer_choices: Vec<CustomerChoice>,
    operation: Option<Msg>,
    /// The page link (its cursor) is damaged.
    page: Option<Msg>,
}

impl FilterErrors {
    fn is_empty(&self) -> bool {
        !self.in_filters() && self.page.is_none()
    }

    /// A filter of the form (not the page link) is wrong.
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
    fn parse(&self) -> (ActivityQuery, FilterErrors) {
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
fn href(
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

/// The field's message for a customer filter that cannot be applied, and the customers to
/// choose from (linked to the log filtered to each, with the other filters kept).
fn customer_errors(problem: &CustomerProblem, query: &ActivityQuery, errors: &mut FilterErrors) {
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
fn customer_problem_msg(problem: &CustomerProblem) -> Msg {
    let mut errors = FilterErrors::default();
    customer_errors(problem, &ActivityQuery::default(), &mut errors);
    errors.first()
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
    let actor = user.actor().clone();
    let (query, mut errors) = params.parse();
    if !errors.is_empty() {
        // The customer filter is looked up too, so that every problem shows at once.
        let customer = query.customer.clone();
        let problem = state
            .db
            .run(move |conn| activity::customer_problem(conn, &actor, customer.as_ref()))
            .await?;
        if let Some(problem) = problem {
            customer_errors(&problem, &query, &mut errors);
        }
        return filter_error_page(&user, &params, &query, errors);
    }
    let q = query.clone();
    let outcome = state
        .db
        .run(move |conn| activity::activity_page(conn, &actor, &q))
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

/// The export's header row, in the reader's language.
fn csv_header(csv: &mut CsvBuf, lang: Lang) -> Result<(), AppError> {
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
    csv.line(cells.iter().map(String::as_str))
}

/// The words of the messages of a chunk of the export, each worded once: most events of a chunk
/// share their operation, their user and the partners they name.
struct Words<'a> {
    lang: Lang,
    known: Vec<(&'a Msg, String)>,
    /// The words of the last message worded past [`Words::KEPT`].
    spare: String,
}

impl<'a> Words<'a> {
    /// Distinct messages kept per chunk; past it (say, a value unique to each event) they are
    /// worded each time.
    const KEPT: usize = 64;

    fn of(&mut self, msg: &'a Msg) -> &str {
        if let Some(at) = self.known.iter().position(|(m, _)| *m == msg) {
            return &self.known[at].1;
        }
        let words = self.lang.msg(msg);
        if self.known.len() < Self::KEPT {
            self.known.push((msg, words));
            self.known.last().map_or("", |(_, w)| w.as_str())
        } else {
            self.spare = words;
            &self.spare
        }
    }
}

/// Events as CSV lines, in the reader's language; times in UTC as `YYYY-MM-DD HH:MM:SS`, which
/// spreadsheets read as a date and time and which sorts as text.
fn csv_rows(csv: &mut CsvBuf, rows: &[ActivityRow], lang: Lang) -> Result<(), AppError> {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    let mut words = Words {
        lang,
        known: Vec::new(),
        spare: String::new(),
    };
    let mut when = String::with_capacity(19);
    for row in rows {
        let at = row.occurred_at;
        when.clear();
        let _ = write!(
            when,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        );
        let (customer, tenant) = row.customer.as_ref().map_or(("", ""), |c| {
            (c.company_name.as_str(), c.tenant_id.as_str())
        });
        csv.cell(&when)?;
        csv.cell(words.of(&row.who))?;
        for cell in [
            row.organization.as_deref().unwrap_or_default(),
            customer,
            tenant,
            row.subscription_id.as_ref().map_or("", |s| s.as_str()),
            row.product.as_deref().unwrap_or_default(),
        ] {
            csv.cell(cell)?;
        }
        for msg in [Some(&row.what), row.old.as_ref(), row.new.as_ref()] {
            csv.cell(msg.map_or("", |msg| words.of(msg)))?;
        }
        csv.end_line()?;
    }
    Ok(())
}

/// One chunk of the export, as bytes.
fn csv_chunk_bytes(rows: &[ActivityRow], lang: Lang) -> Result<Bytes, AppError> {
    let mut csv = CsvBuf::with_capacity(rows.len() * 256);
    csv_rows(&mut csv, rows, lang)?;
    Ok(Bytes::from(csv.into_bytes()?))
}

/// The byte order mark: without it, Excel reads a CSV file in the computer's legacy code page and
/// garbles Polish letters (and any name outside ASCII).
const UTF8_BOM: &str = "\u{feff}";

/// The export in progress: what the next chunk needs.
struct Export {
    db: Db,
    actor: Actor,
    filter: ExportFilter,
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
    let (query, errors) = params.parse();
    if !errors.is_empty() {
        return Err(AppError::BadRequest(errors.first()));
    }
    let lang = user.lang;
    let actor = user.actor().clone();
    let a = actor.clone();
    let (filter, first) = state
        .db
        .run(move |conn| activity::csv_start(conn, &a, &query))
        .await?
        .map_err(|problem| AppError::BadRequest(customer_problem_msg(&problem)))?;
    let mut csv = CsvBuf::with_capacity(first.rows.len() * 256 + 256);
    csv_header(&mut csv, lang)?;
    csv_rows(&mut csv, &first.rows, lang)?;
    let mut bytes = UTF8_BOM.as_bytes().to_vec();
    bytes.extend_from_slice(&csv.into_bytes()?);
    let export = Export {
        db: state.db.clone(),
        actor,
        filter,
        lang,
        first: Some(Bytes::from(bytes)),
        next: first.next,
    };
    let stream = futures_util::stream::try_unfold(export, |mut export| async move {
        if let Some(bytes) = export.first.take() {
            return Ok(Some((bytes, export)));
        }
        let Some(cursor) = export.next.take() else {
            return Ok(None);
        };
        let (actor, filter) = (export.actor.clone(), export.filter.clone());
        let chunk = export
            .db
            .run(move |conn| activity::csv_chunk(conn, &actor, &filter, Some(&cursor)))
            .await
            .inspect_err(|e| tracing::error!(error = ?e, "activity export stopped"))?;
        export.next = chunk.next;
        let bytes = csv_chunk_bytes(&chunk.rows, export.lang)?;
        Ok::<_, AppError>(Some((bytes, export)))
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
