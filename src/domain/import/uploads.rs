//! The import page's uploads: a file is stored in the database (so that its confirmation may
//! reach another instance), previewed, then confirmed by the same organization, which checks it
//! all again against the data as it is then.

use super::{ImportKind, Importer, Mode, Report, run, run_after};
use crate::db::DbConn;
use crate::db::ids::ImportId;
use crate::db::models::import::{self, NewUpload, Upload};
use crate::domain::{Ctx, Permission};
use crate::error::AppError;

/// Hours an upload waits for its confirmation before the periodic purge deletes it.
pub const UPLOAD_HOURS: i64 = 24;

/// The partner this actor imports for, and who they are; 403 for anyone else.
fn importer(ctx: &Ctx) -> Result<Importer, AppError> {
    let partner = ctx.actor.partner_allowed(Permission::ImportData)?;
    Ok(Importer {
        partner: partner.clone(),
        user: Some(ctx.actor.user_id.clone()),
        rule: ctx.rule,
    })
}

/// Checks that the actor may import (the page, and the upload before its file is read).
pub fn check_allowed(ctx: &Ctx) -> Result<(), AppError> {
    importer(ctx).map(|_| ())
}

/// Stores an uploaded file of `kind` for the actor's organization; returns its id.
pub fn store(
    conn: &mut DbConn,
    ctx: &Ctx,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportId, AppError> {
    let who = importer(ctx)?;
    let id = ImportId::generate();
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    crate::db::write_transaction(conn, |conn| {
        import::insert_upload(
            conn,
            &NewUpload {
                id: &id,
                partner_id: &who.partner,
                kind,
                file_name: &name,
                byte_count: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                created_by: &ctx.actor.user_id,
                created_at: crate::db::now(),
            },
            bytes,
        )
    })?;
    Ok(id)
}

/// The actor's organization's upload; 404 for another's or a missing one.
fn find(conn: &mut DbConn, who: &Importer, id: &ImportId) -> Result<Upload, AppError> {
    import::find_upload(conn, &who.partner, id)?.ok_or(AppError::NotFound)
}

/// What importing the upload would do now, writing nothing.
pub fn preview(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &ImportId,
    max_bytes: u64,
) -> Result<(Upload, Report), AppError> {
    let who = importer(ctx)?;
    let upload = find(conn, &who, id)?;
    let bytes = import::upload_bytes(conn, id)?;
    let report = run(conn, &who, upload.kind, &bytes[..], max_bytes, Mode::DryRun)?;
    Ok((upload, report))
}

/// Imports the upload, checking every row again; the upload is used up when the import is
/// written (a second confirmation finds nothing: 404). A file that is now refused writes
/// nothing and stays, with the new reasons in the report.
pub fn confirm(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: &ImportId,
    max_bytes: u64,
) -> Result<(Upload, Report), AppError> {
    let who = importer(ctx)?;
    let upload = find(conn, &who, id)?;
    let bytes = import::upload_bytes(conn, id)?;
    let report = run_after(
        conn,
        &who,
        upload.kind,
        &bytes[..],
        max_bytes,
        Mode::Apply,
        |conn| match import::delete_upload(conn, id)? {
            0 => Err(AppError::NotFound),
            _ => Ok(()),
        },
    )?;
    Ok((upload, report))
}

/// Deletes uploads older than [`UPLOAD_HOURS`]; returns how many.
pub fn purge_old(conn: &mut DbConn) -> Result<usize, AppError> {
    let cutoff = crate::db::now() - chrono::TimeDelta::hours(UPLOAD_HOURS);
    Ok(import::purge_uploads_before(conn, cutoff)?)
}
