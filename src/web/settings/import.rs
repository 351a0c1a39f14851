//! `GET /settings/import` and below: upload a CSV file of customers or subscriptions, see what
//! importing it would do, then confirm. The upload is a multipart form whose CSRF token is
//! checked before any of the file is read; the file is kept in the database between the preview
//! and the confirmation, so that either may reach any instance.

use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt as _;
use serde::de::IgnoredAny;

use crate::auth::csrf::{self, CsrfForm};
use crate::auth::extract::{CurrentUser, set_flash};
use crate::db::ids::ImportId;
use crate::db::models::import::Upload;
use crate::domain::import::{FileProblem, ImportKind, Report, uploads};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::settings::{Tab, tabs};
use crate::web::{Layout, Section, ok, paths, render, see_other};

/// The upload form.
#[derive(Template)]
#[template(path = "settings/import.html")]
pub struct ImportPage {
    layout: Layout,
    tabs: Vec<Tab>,
    /// Why the last upload was refused.
    error: Option<Msg>,
    /// The kind chosen.
    kind: Option<ImportKind>,
    kinds: &'static [ImportKind],
    max_bytes: u64,
}

/// What importing an upload would do (or, after a refused confirmation, why it cannot).
#[derive(Template)]
#[template(path = "settings/import_preview.html")]
pub struct PreviewPage {
    layout: Layout,
    tabs: Vec<Tab>,
    upload: Upload,
    report: Report,
    /// The confirmation was refused: the data changed since the preview.
    stale: bool,
}

fn import_page(state: &AppState, user: &CurrentUser) -> ImportPage {
    ImportPage {
        layout: Layout::for_user("import-title", user, Section::Settings),
        tabs: tabs(user.actor(), paths::IMPORT, user.lang),
        error: None,
        kind: None,
        kinds: ImportKind::ALL,
        max_bytes: state.settings.import_max_bytes,
    }
}

/// `GET /settings/import`: the upload form.
pub async fn show(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    uploads::check_allowed(&user.ctx(&state))?;
    ok(&import_page(&state, &user))
}

/// Longest value of the form's small fields (the token, the kind).
const SMALL_FIELD: usize = 256;

/// A small field's text, refused past [`SMALL_FIELD`] bytes.
async fn small_field(field: &mut actix_multipart::Field) -> Result<String, AppError> {
    let mut value = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        value.extend_from_slice(&chunk);
        if value.len() > SMALL_FIELD {
            return Err(unreadable());
        }
    }
    String::from_utf8(value).map_err(|_| unreadable())
}

fn unreadable() -> AppError {
    AppError::BadRequest(Msg::new("import-upload-unreadable"))
}

/// The upload form, as read.
struct Uploaded {
    kind: Option<ImportKind>,
    file: Option<(String, Vec<u8>)>,
    too_large: bool,
}

/// Reads the multipart form: `csrf_token` first (checked before anything else is read), then
/// `kind` and `file`, the file only up to the size limit.
async fn read_form(
    req: &HttpRequest,
    payload: web::Payload,
    max_bytes: u64,
) -> Result<Uploaded, AppError> {
    let mut form = actix_multipart::Multipart::new(req.headers(), payload);
    let mut checked = false;
    let mut read = Uploaded {
        kind: None,
        file: None,
        too_large: false,
    };
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|_| unreadable())?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == "csrf_token" {
            let token = small_field(&mut field).await?;
            csrf::verify(req, Some(&token))?;
            checked = true;
            continue;
        }
        if !checked {
            // The token comes first in the form: nothing is read before it is checked.
            return Err(AppError::Csrf);
        }
        match name.as_str() {
            "kind" => read.kind = ImportKind::parse(small_field(&mut field).await?.trim()),
            "file" => {
                let file_name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or_default()
                    .to_owned();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(|_| unreadable())?;
                    if (bytes.len() + chunk.len()) as u64 > max_bytes {
                        read.too_large = true;
                        return Ok(read);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if !file_name.is_empty() || !bytes.is_empty() {
                    read.file = Some((file_name, bytes));
                }
            }
            _ => {
                small_field(&mut field).await?;
            }
        }
    }
    if !checked {
        return Err(AppError::Csrf);
    }
    Ok(read)
}

/// `POST /settings/import` (multipart: `csrf_token`, `kind`, `file`): stores the file and shows
/// its preview (303), or the form again (422) saying what is missing or too large.
pub async fn upload(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    // As for every form: a body that is no multipart form, or (for a role that may not upload)
    // over the form limit, is refused unread (400); then the role (403), the token, the file.
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    if !multipart {
        return Err(unreadable());
    }
    if let Err(refused) = uploads::check_allowed(&user.ctx(&state)) {
        let length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if length.is_some_and(|n| n > state.settings.max_body_bytes) {
            return Err(AppError::BadRequest(Msg::new("form-too-large")));
        }
        return Err(refused);
    }
    let max_bytes = state.settings.import_max_bytes;
    let form = read_form(&req, payload, max_bytes).await?;
    let mut page = import_page(&state, &user);
    page.kind = form.kind;
    let error = match (&form.kind, &form.file) {
        _ if form.too_large => Some(FileProblem::TooLarge { max: max_bytes }.msg()),
        (None, _) => Some(Msg::new("import-upload-no-kind")),
        (_, None) => Some(Msg::new("import-upload-no-file")),
        (Some(_), Some((_, bytes))) if bytes.is_empty() => Some(FileProblem::Empty.msg()),
        _ => None,
    };
    if let Some(error) = error {
        page.error = Some(error);
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let (Some(kind), Some((name, bytes))) = (form.kind, form.file) else {
        return Err(unreadable());
    };
    let id = user
        .run(&state, move |conn, ctx| {
            uploads::store(conn, ctx, kind, &name, &bytes)
        })
        .await?;
    Ok(see_other(&paths::import_preview(&id)))
}

fn preview_page(user: &CurrentUser, upload: Upload, report: Report, stale: bool) -> PreviewPage {
    PreviewPage {
        layout: Layout::for_user("import-preview-title", user, Section::Settings),
        tabs: tabs(user.actor(), paths::IMPORT, user.lang),
        upload,
        report,
        stale,
    }
}

/// `GET /settings/import/{upload_id}`: what importing it would do now.
pub async fn preview(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<ImportId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let max_bytes = state.settings.import_max_bytes;
    let (upload, report) = user
        .run(&state, move |conn, ctx| {
            uploads::preview(conn, ctx, &id, max_bytes)
        })
        .await?;
    ok(&preview_page(&user, upload, report, false))
}

/// `POST /settings/import/{upload_id}/confirm`: imports it, checking every row again; 303 to
/// the form with the counts, or the preview again (409) with the rows now refused.
pub async fn confirm(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    path: web::Path<ImportId>,
    _form: CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let max_bytes = state.settings.import_max_bytes;
    let (upload, report) = user
        .run(&state, move |conn, ctx| {
            uploads::confirm(conn, ctx, &id, max_bytes)
        })
        .await?;
    if report.applied {
        set_flash(
            &session,
            &Msg::new("import-done")
                .arg("kind", Msg::new(report.kind.label_key()))
                .arg("new", report.new)
                .arg("changed", report.changed)
                .arg("unchanged", report.unchanged),
        )?;
        return Ok(see_other(paths::IMPORT));
    }
    render(
        StatusCode::CONFLICT,
        &preview_page(&user, upload, report, true),
    )
}
