//! `partnerdesk import customers|subscriptions FILE --org PARTNERID [--dry-run]`: the file
//! streamed from disk into [`crate::domain::import::run`], and its report in words.

use std::path::Path;

use crate::db::DbConn;
use crate::domain::import::{self, ImportKind, Mode};
use crate::i18n::{Lang, Msg};

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
) -> anyhow::Result<ImportOutput> {
    let kind = ImportKind::parse(kind)
        .ok_or_else(|| anyhow::anyhow!("{kind:?}: the kind is customers or subscriptions"))?;
    let importer = import::importer_for_partner_id(conn, org).map_err(anyhow::Error::msg)?;
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
