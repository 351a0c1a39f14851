//! The CSV export's reading: the whole filtered log in chunks, each one range of its indexes.

use chrono::NaiveDate;

use super::CSV_CHUNK;
use super::filter::{ActivityQuery, narrow};
use super::people::FilterProblem;
use super::words::{ActivityRow, in_words};
use crate::db::DbConn;
use crate::db::models::audit::{self, ActivityCursor, ActivityFilter};
use crate::domain::Ctx;
use crate::error::AppError;

/// One chunk of the CSV export.
#[derive(Debug, Clone)]
pub struct CsvChunk {
    /// The chunk's events, newest first.
    pub rows: Vec<ActivityRow>,
    /// Where the next chunk starts; `None` when this was the last.
    pub next: Option<ActivityCursor>,
}

/// What the export reads, its customer looked up once for every chunk.
#[derive(Debug, Clone)]
pub struct ExportFilter {
    /// `None`: the customer filter names a tenant in none of the organization's events.
    filter: Option<ActivityFilter>,
}

/// How an export starts.
#[derive(Debug, Clone)]
pub enum ExportStart {
    /// The export's filter, with its first chunk.
    Started {
        /// What every chunk reads.
        filter: ExportFilter,
        /// The first chunk.
        first: CsvChunk,
    },
    /// A filter matches nothing it can use, or several.
    Problem(FilterProblem),
}

/// The filter of an export of the actor's organization's log, with its first chunk; or why its
/// customer filter could not be applied.
pub fn csv_start(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &ActivityQuery,
) -> Result<ExportStart, AppError> {
    let partner = ctx.actor.activity_partner()?;
    let filter = match narrow(conn, partner, query)? {
        Err(problem) => return Ok(ExportStart::Problem(problem)),
        Ok(narrowed) => ExportFilter {
            filter: narrowed.map(|(filter, _)| filter),
        },
    };
    let first = csv_chunk(conn, ctx, &filter, None)?;
    Ok(ExportStart::Started { filter, first })
}

/// The next [`CSV_CHUNK`] events of the export of the actor's organization's log, newest first,
/// after `after` (`None`: the first chunk). The export is read in chunks so that neither the
/// server nor the database holds the whole log at once; each is one range of the log's indexes.
pub fn csv_chunk(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ExportFilter,
    after: Option<&ActivityCursor>,
) -> Result<CsvChunk, AppError> {
    let partner_id = ctx.actor.activity_partner()?;
    let Some(filter) = &filter.filter else {
        return Ok(CsvChunk {
            rows: Vec::new(),
            next: None,
        });
    };
    let events = audit::chunk_visible_to_partner(conn, partner_id, filter, after, CSV_CHUNK)?;
    let next = (i64::try_from(events.len()).unwrap_or(0) == CSV_CHUNK)
        .then(|| events.last().map(ActivityCursor::of))
        .flatten();
    let rows = in_words(conn, events, partner_id)?;
    Ok(CsvChunk { rows, next })
}

/// The name of the export file for a day: `activity-YYYYMMDD.csv`.
pub fn csv_file_name(day: NaiveDate) -> String {
    format!("activity-{}.csv", day.format("%Y%m%d"))
}
