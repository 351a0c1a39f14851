//! `GET /activity.csv`: the whole filtered log, streamed in chunks, in the reader's language.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};

use super::filters::{ActivityParams, problem_msg};
use crate::auth::extract::CurrentUser;
use crate::blocking::RunBlocking;
use crate::db::Db;
use crate::db::models::audit::ActivityCursor;
use crate::domain::Ctx;
use crate::domain::activity::{self, ActivityRow, ExportFilter, ExportStart};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::csv::CsvBuf;

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
    ctx: Ctx,
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
    let (filter, first) = match user
        .run(&state, move |conn, ctx| {
            activity::csv_start(conn, ctx, &query)
        })
        .await?
    {
        ExportStart::Started { filter, first } => (filter, first),
        ExportStart::Problem(problem) => {
            return Err(AppError::BadRequest(problem_msg(&problem)));
        }
    };
    let mut csv = CsvBuf::with_capacity(first.rows.len() * 256 + 256);
    csv_header(&mut csv, lang)?;
    csv_rows(&mut csv, &first.rows, lang)?;
    let mut bytes = UTF8_BOM.as_bytes().to_vec();
    bytes.extend_from_slice(&csv.into_bytes()?);
    let export = Export {
        db: state.db.clone(),
        ctx: user.ctx(&state),
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
        let (ctx, filter) = (export.ctx.clone(), export.filter.clone());
        let chunk = export
            .db
            .run(move |conn| activity::csv_chunk(conn, &ctx, &filter, Some(&cursor)))
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
