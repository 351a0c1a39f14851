//! The activity log and its CSV export.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::db::Db;
use crate::db::ids::TenantId;
use crate::db::models::audit::ActivityCursor;
use crate::domain::Actor;
use crate::domain::activity::{self, ActivityPage, ActivityQuery};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, PageLink, Section, ok, pager};

/// This module's routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[("GET", "/activity"), ("GET", "/activity.csv")];

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/activity").route(web::get().to(list)))
        .service(web::resource("/activity.csv").route(web::get().to(export_csv)));
}

/// `?from=&to=&customer=&operation=&page=`, as typed: parsed here so that bad values get a clear
/// message.
#[derive(Deserialize)]
pub struct ActivityParams {
    from: Option<String>,
    to: Option<String>,
    customer: Option<String>,
    operation: Option<String>,
    page: Option<String>,
}

/// A present, non-blank parameter, trimmed.
fn given(raw: Option<&String>) -> Option<&str> {
    raw.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A `YYYY-MM-DD` date, or a 400 naming the field.
fn parse_date(raw: Option<&String>, field: &str) -> Result<Option<NaiveDate>, AppError> {
    let Some(raw) = given(raw) else {
        return Ok(None);
    };
    let date = (raw.len() == 10)
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| AppError::BadRequest(Msg::new(&format!("activity-{field}-date-invalid"))))?;
    Ok(Some(date))
}

impl ActivityParams {
    fn parse(&self) -> Result<ActivityQuery, AppError> {
        let from = parse_date(self.from.as_ref(), "from")?;
        let to = parse_date(self.to.as_ref(), "to")?;
        if let Some((from, to)) = from.zip(to).filter(|(from, to)| from > to) {
            return Err(AppError::BadRequest(
                Msg::new("activity-dates-reversed")
                    .arg("from", from)
                    .arg("to", to),
            ));
        }
        let customer = match given(self.customer.as_ref()) {
            Some(raw) => Some(
                TenantId::parse(raw)
                    .ok_or_else(|| AppError::BadRequest(Msg::new("activity-customer-invalid")))?,
            ),
            None => None,
        };
        let operation = match given(self.operation.as_ref()) {
            Some(raw) => Some(activity::parse_operation(raw).ok_or_else(|| {
                let known = activity::OPERATIONS
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ");
                AppError::BadRequest(Msg::new("activity-operation-invalid").arg("known", known))
            })?),
            None => None,
        };
        let page = match given(self.page.as_ref()) {
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=1_000_000).contains(p))
                .ok_or_else(|| AppError::BadRequest(Msg::new("page-number-invalid")))?,
            None => 1,
        };
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
    /// Words.
    pub words: &'static str,
    /// The one chosen.
    pub selected: bool,
}

/// The activity log page.
#[derive(Template)]
#[template(path = "activity/list.html")]
pub struct ListPage {
    layout: Layout,
    log: ActivityPage,
    from: String,
    to: String,
    customer: String,
    operations: Vec<OperationOption>,
    filtered: bool,
    csv_href: String,
    first_href: String,
    pager: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    first_row: i64,
    last_row: i64,
}

/// `GET /activity`.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ActivityParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.parse()?;
    let actor = user.actor().clone();
    let q = query.clone();
    let log = state
        .db
        .run(move |conn| activity::activity_page(conn, &actor, &q))
        .await?;
    let page = log.page;
    let first_row = if log.rows.is_empty() {
        0
    } else {
        (page - 1) * activity::PAGE_SIZE + 1
    };
    let last_row = first_row + i64::try_from(log.rows.len()).unwrap_or(0) - 1;
    ok(&ListPage {
        layout: Layout::for_user("nav-activity", &user, Section::Activity),
        from: query.from.map(|d| d.to_string()).unwrap_or_default(),
        to: query.to.map(|d| d.to_string()).unwrap_or_default(),
        customer: query
            .customer
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        operations: activity::OPERATIONS
            .iter()
            .map(|(name, words)| OperationOption {
                name,
                words,
                selected: query.operation == Some(*name),
            })
            .collect(),
        filtered: query.is_filtered(),
        csv_href: href("/activity.csv", &query, None),
        first_href: href("/activity", &query, None),
        pager: pager(page, log.pages, |n| href("/activity", &query, Some(n))),
        prev: (page > 1).then(|| href("/activity", &query, Some((page - 1).min(log.pages)))),
        next: (page < log.pages).then(|| href("/activity", &query, Some(page + 1))),
        first_row,
        last_row: last_row.max(0),
        log,
    })
}

/// The export in progress: what the next chunk needs.
struct Export {
    db: Db,
    actor: Actor,
    query: ActivityQuery,
    /// The first chunk, read before the response started (so that a refusal is a proper 403).
    first: Option<Bytes>,
    /// Where the next chunk starts; `None` once the last one was read.
    next: Option<ActivityCursor>,
}

/// `GET /activity.csv`: every matching event, streamed in chunks of
/// [`activity::CSV_CHUNK`], each read in its own database call.
pub async fn export_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<ActivityParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.parse()?;
    let actor = user.actor().clone();
    let (a, q) = (actor.clone(), query.clone());
    let first = state
        .db
        .run(move |conn| activity::csv_chunk(conn, &a, &q, None))
        .await?;
    let export = Export {
        db: state.db.clone(),
        actor,
        query,
        first: Some(Bytes::from(first.csv)),
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
        Ok::<_, AppError>(Some((Bytes::from(chunk.csv), export)))
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
