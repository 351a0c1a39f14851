//! One error type for the whole app, rendered as one HTML error page.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

/// Everything that can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such record, or one the user may not see (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// The user is signed in but their role or organization may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Not signed in; `next` is where to come back after signing in.
    #[error("sign-in required")]
    Unauthenticated {
        /// Path (and query) to return to.
        next: Option<String>,
    },
    /// Missing or wrong CSRF token, or a foreign Origin.
    #[error("request forgery check failed")]
    Csrf,
    /// The request cannot be understood (malformed form, id or number); the message says why.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The database is unreachable or the pool is exhausted.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; logged with its cause chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(anyhow::Error::new(e).context("rendering a template"))
    }
}

/// The error page.
#[derive(Template, Clone)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// HTTP status code.
    pub status: u16,
    /// Short title, e.g. "Page not found".
    pub title: String,
    /// What happened and what to do next.
    pub message: String,
    /// Reference to quote to support, for internal errors.
    pub reference: Option<String>,
    /// For a signed-in user: the CSRF token of the page's sign-out form, so that no error page is
    /// a dead end.
    pub sign_out_token: Option<String>,
}

impl ErrorPage {
    /// The page for a status code with the default words for it.
    pub fn for_status(status: StatusCode) -> Self {
        let (title, message) = match status.as_u16() {
            400 => (
                "Bad request",
                "The request could not be understood. Check the address or the form and try again.",
            ),
            403 => (
                "Access denied",
                "Your role does not give access to this page. Ask your organization's Global admin if you need it.",
            ),
            404 => (
                "Page not found",
                "There is no such page, or it belongs to another organization. Check the address, or start again from the home page.",
            ),
            405 => (
                "Method not allowed",
                "This page cannot be used that way. Start again from the home page.",
            ),
            408 => (
                "Request timeout",
                "The request took too long to arrive. Try again.",
            ),
            409 => (
                "Conflict",
                "Someone else changed this meanwhile. Reload the page and try again.",
            ),
            413 => (
                "Request too large",
                "The form sent more data than partnerdesk accepts. Shorten the input and try again.",
            ),
            415 => (
                "Unsupported form",
                "The form was sent in a format partnerdesk does not accept.",
            ),
            422 => ("Check the form", "Some fields need attention."),
            429 => ("Too many attempts", "Wait a moment and try again."),
            503 => (
                "Service unavailable",
                "partnerdesk cannot reach its database right now. Try again in a minute.",
            ),
            _ if status.is_server_error() => (
                "Something went wrong",
                "partnerdesk could not complete the request. Try again; if it keeps happening, contact your administrator.",
            ),
            _ => ("Request failed", "The request could not be completed."),
        };
        Self {
            status: status.as_u16(),
            title: title.to_owned(),
            message: message.to_owned(),
            reference: None,
            sign_out_token: None,
        }
    }

    /// Renders the page as a response with its status.
    pub fn into_response(self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.render() {
            Ok(html) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(html),
            Err(e) => {
                tracing::error!(error = %e, "rendering the error page failed");
                HttpResponse::build(status)
                    .content_type("text/plain; charset=utf-8")
                    .body(self.message)
            }
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden(_) | Self::Csrf => StatusCode::FORBIDDEN,
            Self::Unauthenticated { .. } => StatusCode::SEE_OTHER,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Unauthenticated { next } = self {
            let location = match next {
                Some(next) => format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                ),
                None => "/login".to_owned(),
            };
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
        }
        let mut page = ErrorPage::for_status(self.status_code());
        match self {
            Self::Forbidden(why) => page.message = why.clone(),
            Self::BadRequest(why) => page.message = why.clone(),
            Self::Csrf => {
                page.title = "Form expired".to_owned();
                page.message = "This form was opened in another session or from another site, or it is too old. Go back, reload the page and submit again.".to_owned();
            }
            Self::Unavailable(cause) => tracing::error!(%cause, "database unavailable"),
            Self::Internal(cause) => {
                let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
                tracing::error!(reference = %reference, error = ?cause, "internal error");
                page.reference = Some(reference);
            }
            Self::NotFound | Self::Unauthenticated { .. } => {}
        }
        let mut response = page.clone().into_response();
        response.extensions_mut().insert(page);
        response
    }
}

/// Every error page passes here on its way out, with the request at hand: actix's own errors
/// (unknown route, 405, malformed query or form, body too large) arrive as plain text and get the
/// HTML page; our own error pages (which carry their `ErrorPage`) gain the sign-out form when a user
/// is signed in. Other HTML responses with an error status (a form shown again with 422, the
/// sign-in page with 401) pass as they are.
pub fn render_framework_error<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let ours = res.response().extensions().get::<ErrorPage>().cloned();
    let mut page = match (ours, is_html) {
        (Some(page), _) => page,
        (None, true) => return Ok(ErrorHandlerResponse::Response(res.map_into_left_body())),
        (None, false) => ErrorPage::for_status(res.status()),
    };
    let (req, _) = res.into_parts();
    let session = actix_session::SessionExt::get_session(&req);
    if session
        .get::<String>(crate::auth::session::keys::USER_ID)
        .ok()
        .flatten()
        .is_some()
    {
        page.sign_out_token = crate::auth::csrf::token(&session).ok();
    }
    let page: HttpResponse<BoxBody> = page.into_response();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, page).map_into_right_body(),
    ))
}
