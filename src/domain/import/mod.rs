//! Importing customers and subscriptions from CSV files in the shape of Partner Center's exports
//! (docs/import.md). A file is read twice, streaming: once to learn its encoding and size
//! ([`decode`]), once to read its rows ([`parse`]) a chunk of [`CHUNK_ROWS`] at a time, each
//! chunk looked up in a few batched queries and written in bulk ([`customers`],
//! [`subscriptions`]), all inside one write transaction. A file with any refused row, and a
//! preview (dry run), roll that transaction back: nothing is written unless the whole file is.

mod customers;
pub mod decode;
pub mod headers;
mod parse;
mod subscriptions;
pub mod uploads;

use std::io::Read;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, PartnerId, UserId};
use crate::db::models::audit::{self, NewAuditEvent, Operation};
use crate::error::AppError;
use crate::i18n::Msg;

pub use crate::db::models::import::ImportKind;

/// Rows looked up and written together.
pub const CHUNK_ROWS: usize = 5_000;
/// Chunks between two refreshes of the planner's statistics (PostgreSQL), the first included.
pub const STATISTICS_EVERY: usize = 20;
/// Refused rows a report lists (all are counted).
pub const MAX_LISTED_REFUSALS: usize = 1_000;

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Larger than `import_max_bytes`.
    TooLarge {
        /// The limit, in bytes.
        max: u64,
    },
    /// No rows (nothing, a BOM or white space).
    Empty,
    /// Not text in an accepted encoding.
    Binary,
    /// Columns partnerdesk does not read.
    UnknownColumns(Vec<String>),
    /// Required columns missing.
    MissingColumns(Vec<String>),
    /// A header but no rows.
    NoRows,
}

impl FileProblem {
    /// What to tell the user.
    pub fn msg(&self) -> Msg {
        match self {
            Self::TooLarge { max } => Msg::new("import-file-too-large").arg("max", *max),
            Self::Empty => Msg::new("import-file-empty"),
            Self::Binary => Msg::new("import-file-binary"),
            Self::UnknownColumns(c) => {
                Msg::new("import-file-unknown-columns").arg("columns", c.join(", "))
            }
            Self::MissingColumns(c) => {
                Msg::new("import-file-missing-columns").arg("columns", c.join(", "))
            }
            Self::NoRows => Msg::new("import-file-no-rows"),
        }
    }
}

/// A refused row: its line in the file (the header is line 1) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedRow {
    /// Line number.
    pub line: u64,
    /// Why.
    pub why: Msg,
}

/// What an import did, or would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Which kind of file.
    pub kind: ImportKind,
    /// Rows read (without the header).
    pub rows: u64,
    /// Rows that add a customer or subscription.
    pub new: u64,
    /// Rows that change one (including the relationships created, below).
    pub changed: u64,
    /// Of the changed customers: those already in partnerdesk whose only change is the
    /// importer's relationship, created (or made active again).
    pub relationships_created: u64,
    /// Rows that change nothing.
    pub unchanged: u64,
    /// Refused rows, counted.
    pub refused_count: u64,
    /// The first [`MAX_LISTED_REFUSALS`] refused rows.
    pub refused: Vec<RefusedRow>,
    /// Why the whole file is refused, if it is.
    pub problem: Option<FileProblem>,
    /// Whether it was written.
    pub applied: bool,
}

impl Report {
    fn new(kind: ImportKind) -> Self {
        Self {
            kind,
            rows: 0,
            new: 0,
            changed: 0,
            relationships_created: 0,
            unchanged: 0,
            refused_count: 0,
            refused: Vec::new(),
            problem: None,
            applied: false,
        }
    }

    /// Whether the file is refused (a problem with it or any refused row).
    pub fn is_refused(&self) -> bool {
        self.problem.is_some() || self.refused_count > 0
    }

    fn refuse(&mut self, line: u64, why: Msg) {
        self.refused_count += 1;
        if self.refused.len() < MAX_LISTED_REFUSALS {
            self.refused.push(RefusedRow { line, why });
        }
    }

    /// The audit event's value: `kind:new:changed:unchanged`.
    fn audit_value(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.kind, self.new, self.changed, self.unchanged
        )
    }
}

/// Who imports: the partner (an indirect provider or direct-bill partner) and the user, if any
/// (`None`: the command line).
#[derive(Debug, Clone)]
pub struct Importer {
    /// The partner that becomes the seller of new subscriptions.
    pub partner: PartnerId,
    /// Who acted.
    pub user: Option<UserId>,
    /// Rule 2's variant, for the customers' defaults new subscriptions take (rule 1).
    pub rule: crate::config::EligibilityRule,
}

/// Whether to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Check and count, write nothing (`--dry-run`, the page's preview).
    DryRun,
    /// Write the whole file, or nothing if any row is refused.
    Apply,
}

/// A file to import, readable more than once (its encoding is learnt by a first pass).
pub trait Source {
    /// Reads it from the start.
    fn open(&self) -> std::io::Result<Box<dyn Read + '_>>;
}

impl Source for [u8] {
    fn open(&self) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(self))
    }
}

impl Source for std::path::Path {
    fn open(&self) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(std::io::BufReader::with_capacity(
            256 * 1024,
            std::fs::File::open(self)?,
        )))
    }
}

/// Why the transaction ends without a commit.
enum Stop {
    Rollback(Report),
    Failed(AppError),
}

impl From<crate::db::QueryError> for Stop {
    fn from(e: crate::db::QueryError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

/// Imports a file of `kind` for `importer`: checks every row, and with [`Mode::Apply`] writes
/// them all with one audit event (`import.completed`) in one transaction, unless any is
/// refused. The caller has checked the importer's permission.
pub fn run(
    conn: &mut DbConn,
    importer: &Importer,
    kind: ImportKind,
    source: &(impl Source + ?Sized),
    max_bytes: u64,
    mode: Mode,
) -> Result<Report, AppError> {
    run_after(conn, importer, kind, source, max_bytes, mode, |_| Ok(()))
}

/// [`run`], with `first` run at the start of its transaction (rolled back with it).
fn run_after(
    conn: &mut DbConn,
    importer: &Importer,
    kind: ImportKind,
    source: &(impl Source + ?Sized),
    max_bytes: u64,
    mode: Mode,
    first: impl FnOnce(&mut DbConn) -> Result<(), AppError>,
) -> Result<Report, AppError> {
    let mut report = Report::new(kind);
    let encoding = match decode::sniff(open(source)?, max_bytes) {
        Ok(encoding) => encoding,
        Err(decode::Sniffed::Problem(problem)) => {
            report.problem = Some(problem);
            return Ok(report);
        }
        Err(decode::Sniffed::Io(e)) => return Err(read_failed(e)),
    };
    let reader = decode::Utf8Reader::new(open(source)?, encoding);
    let outcome = crate::db::write_transaction(conn, |conn| -> Result<Report, Stop> {
        first(conn)?;
        let mut rows = match parse::Rows::open(reader, kind) {
            Ok(rows) => rows,
            Err(parse::Opened::Problem(problem)) => {
                report.problem = Some(problem);
                return Err(Stop::Rollback(report));
            }
            Err(parse::Opened::Io(e)) => return Err(Stop::Failed(read_failed(e))),
        };
        match kind {
            ImportKind::Customers => customers::import(conn, importer, &mut rows, &mut report)?,
            ImportKind::Subscriptions => {
                subscriptions::import(conn, importer, &mut rows, &mut report)?
            }
        }
        if report.rows == 0 && report.problem.is_none() {
            report.problem = Some(FileProblem::NoRows);
        }
        if mode == Mode::DryRun || report.is_refused() {
            return Err(Stop::Rollback(report));
        }
        record(conn, importer, &report)?;
        report.applied = true;
        Ok(report)
    });
    match outcome {
        Ok(report) | Err(Stop::Rollback(report)) => Ok(report),
        Err(Stop::Failed(e)) => Err(e),
    }
}

fn open(source: &(impl Source + ?Sized)) -> Result<Box<dyn Read + '_>, AppError> {
    source.open().map_err(read_failed)
}

fn read_failed(e: std::io::Error) -> AppError {
    AppError::Internal(anyhow::Error::new(e).context("reading the import file"))
}

/// The import's one audit event, with its counts.
fn record(conn: &mut DbConn, importer: &Importer, report: &Report) -> Result<(), AppError> {
    let value = report.audit_value();
    audit::insert(
        conn,
        &NewAuditEvent {
            id: &AuditEventId::generate(),
            occurred_at: crate::db::now(),
            actor_user_id: importer.user.as_ref(),
            actor_partner_id: Some(&importer.partner),
            actor_customer_id: None,
            subject_partner_id: None,
            customer_id: None,
            subscription_id: None,
            operation: Operation::ImportCompleted,
            old_value: None,
            new_value: Some(&value),
            cause_id: None,
            batch_id: None,
        },
    )?;
    Ok(())
}

/// Reads an `import.completed` value back: (kind, new, changed, unchanged).
pub fn read_audit_value(raw: &str) -> Option<(ImportKind, u64, u64, u64)> {
    let mut parts = raw.split(':');
    let kind = ImportKind::parse(parts.next()?)?;
    let mut n = || parts.next()?.parse::<u64>().ok();
    let (new, changed, unchanged) = (n()?, n()?, n()?);
    Some((kind, new, changed, unchanged))
}

/// The importer for the command line's `--org PARTNERID`: a partner whose kind may import
/// (an indirect provider or a direct-bill partner), acting as no user.
pub fn importer_for_partner_id(
    conn: &mut DbConn,
    raw: &str,
    rule: crate::config::EligibilityRule,
) -> Result<Importer, String> {
    let mpn = crate::db::ids::MpnId::parse(raw)
        .ok_or_else(|| format!("--org {raw:?}: a PartnerID is a number of 6 or 7 digits"))?;
    let partner = crate::db::models::partner::find_by_mpn(conn, mpn)
        .map_err(|e| format!("looking up PartnerID {mpn}: {e}"))?
        .ok_or_else(|| format!("no partner has PartnerID {mpn}"))?;
    let kind = crate::domain::OrgKind::Partner(partner.kind);
    if !crate::domain::permissions::allows(
        kind,
        crate::domain::Role::GlobalAdmin,
        crate::domain::Permission::ImportData,
    ) {
        return Err(format!(
            "{} ({}) is an indirect reseller: only indirect providers and direct-bill partners import",
            partner.name, mpn
        ));
    }
    Ok(Importer {
        partner: partner.id,
        user: None,
        rule,
    })
}
