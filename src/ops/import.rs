//! `partnerdesk import customers|subscriptions FILE --org PARTNERID [--dry-run]`: the file
//! streamed from disk into [`crate::domain::import::run`], and its report in words.

use std::path::Path;

use crate::db::DbConn;
use crate::domain::import::{self, ImportKind, Mode};
use crate::i18n::{Lang, Msg};

/// `partnerdesk import`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// `customers` or `subscriptions`.
    pub kind: String,
    /// The CSV file (UTF-8 or Windows-1250, comma or semicolon separated).
    pub file: std::path::PathBuf,
    /// The importing partner's PartnerID (an indirect provider or direct-bill partner).
    #[arg(long)]
    pub org: String,
    /// Check and count only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The command: opens the database, imports, prints each refused row and the counts; fails
/// (exit status 1) when the file is refused.
pub fn command(settings: &crate::config::Settings, args: &ImportArgs) -> anyhow::Result<()> {
    let db = crate::startup::open_database_for_command(settings)?;
    let mut conn = db.get()?;
    let max = settings.import_max_bytes;
    let outcome = import_file(
        &mut conn,
        &args.kind,
        &args.file,
        &args.org,
        max,
        args.dry_run,
        settings.eligibility,
    )?;
    for line in &outcome.lines {
        println!("{line}");
    }
    match outcome.refused {
        Some(why) => anyhow::bail!("{why}"),
        None => Ok(()),
    }
}

/// What to print, and why the command fails (`None`: it did not).
#[derive(Debug)]
pub struct ImportOutput {
    /// Each refused row, then the counts.
    pub lines: Vec<String>,
    /// The failure's message: the file or some rows refused.
    pub refused: Option<String>,
}

/// Imports (or with `dry_run`, checks) `file` of `kind` for the partner with PartnerID `org`.
pub fn import_file(
    conn: &mut DbConn,
    kind: &str,
    file: &Path,
    org: &str,
    max_bytes: u64,
    dry_run: bool,
    rule: crate::config::EligibilityRule,
) -> anyhow::Result<ImportOutput> {
    let kind = ImportKind::parse(kind)
        .ok_or_else(|| anyhow::anyhow!("{kind:?}: the kind is customers or subscriptions"))?;
    let importer = import::importer_for_partner_id(conn, org, rule).map_err(anyhow::Error::msg)?;
    if !file.is_file() {
        anyhow::bail!("{}: no such file", file.display());
    }
    let mode = if dry_run { Mode::DryRun } else { Mode::Apply };
    let report = import::run(conn, &importer, kind, file, max_bytes, mode)?;
    let en = |m: &Msg| Lang::En.msg(m);
    let mut lines = Vec::new();
    if let Some(problem) = &report.problem {
        return Ok(ImportOutput {
            lines,
            refused: Some(format!(
                "{}: nothing imported: {}",
                file.display(),
                en(&problem.msg())
            )),
        });
    }
    for row in &report.refused {
        lines.push(format!("line {}: {}", row.line, en(&row.why)));
    }
    let listed = report.refused.len() as u64;
    if report.refused_count > listed {
        lines.push(format!(
            "… and {} more refused rows",
            report.refused_count - listed
        ));
    }
    let counts = format!(
        "{} rows: {} new, {} changed ({} relationships created), {} unchanged, {} refused",
        report.rows,
        report.new,
        report.changed,
        report.relationships_created,
        report.unchanged,
        report.refused_count
    );
    let refused = report
        .is_refused()
        .then(|| format!("{counts}; nothing imported"));
    if refused.is_none() {
        lines.push(if report.applied {
            format!("{counts}; imported")
        } else {
            format!("{counts}; dry run, nothing written")
        });
    }
    Ok(ImportOutput { lines, refused })
}
