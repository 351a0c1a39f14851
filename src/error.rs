//! One error type for the whole app, rendered as one HTML error page.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::{ErrorHandlerResponse, Next};
use actix_web::{HttpResponse, ResponseError, web};
use askama::Template;

use crate::i18n::{Lang, Msg};

/// Everything that can go wrong while answering a request.
#[derive(thiserror::Error)]
pub enum AppError {
    /// No such record, or one the user may not see (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// The user is signed in but their role or organization may not do this.
    #[error("forbidden: {}", .0.english())]
    Forbidden(Msg),
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
    #[error("bad request: {}", .0.english())]
    BadRequest(Msg),
    /// The database is unreachable or the pool is exhausted.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; logged with its cause chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// By hand, so that no log line holds what `next` may carry (an invitation link's token, a query).
impl std::fmt::Debug for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound => f.write_str("NotFound"),
            Self::Forbidden(why) => f.debug_tuple("Forbidden").field(why).finish(),
            Self::Unauthenticated { next } => f
                .debug_struct("Unauthenticated")
                .field("next", &next.as_ref().map(|_| "[redacted]"))
                .finish(),
            Self::Csrf => f.write_str("Csrf"),
            Self::BadRequest(why) => f.debug_tuple("BadRequest").field(why).finish(),
            Self::Unavailable(cause) => f.debug_tuple("Unavailable").field(cause).finish(),
            Self::Internal(cause) => f.debug_tuple("Internal").field(cause).finish(),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<crate::db::Unavailable> for AppError {
    fn from(e: crate::db::Unavailable) -> Self {
        Self::Unavailable(e.to_string())
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

/// The error page. It holds what to say, not the words: [`render_framework_error`] puts it
/// into the reader's language, with the request at hand.
#[derive(Template, Clone)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// HTTP status code.
    pub status: u16,
    /// Short title, e.g. "Page not found".
    pub title: Msg,
    /// What happened and what to do next.
    pub message: Msg,
    /// Reference to quote to support: the request's id, as in its `X-Request-Id` header and on
    /// its log line.
    pub reference: Option<String>,
    /// For a signed-in user: the CSRF token of the page's sign-out form, so that no error page is
    /// a dead end.
    pub sign_out_token: Option<String>,
    /// The reader's language.
    pub lang: Lang,
}

impl ErrorPage {
    /// The page for a status code with the default words for it.
    pub fn for_status(status: StatusCode) -> Self {
        let key = match status.as_u16() {
            code @ (400 | 403 | 404 | 405 | 408 | 409 | 413 | 415 | 422 | 429 | 503) => {
                format!("error-{code}")
            }
            _ if status.is_server_error() => "error-500".to_owned(),
            _ => "error-other".to_owned(),
        };
        Self {
            status: status.as_u16(),
            title: Msg::new(&format!("{key}-title")),
            message: Msg::new(&format!("{key}-message")),
            reference: None,
            sign_out_token: None,
            lang: Lang::En,
        }
    }

    /// The message in words, for the template.
    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Renders the page as a response with its status; a 503 says when to try again.
    pub fn into_response(self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = HttpResponse::build(status);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        match self.render() {
            Ok(html) => response.content_type("text/html; charset=utf-8").body(html),
            Err(e) => {
                tracing::error!(error = %e, "rendering the error page failed");
                response
                    .content_type("text/plain; charset=utf-8")
                    .body(self.lang.msg(&self.message))
            }
        }
    }

    /// The page as a handler's answer: [`render_framework_error`] words it for the reader.
    pub fn respond(self) -> HttpResponse {
        let mut response = self.clone().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Seconds a 503 asks the client to wait (`Retry-After`). The database is retried all along, at
/// most half the pool's connection timeout (5 s by default) apart.
pub const RETRY_AFTER_SECONDS: u32 = 5;

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
            let location = crate::web::login::sign_in_path(next.as_deref());
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
        }
        let mut page = ErrorPage::for_status(self.status_code());
        match self {
            Self::Forbidden(why) => page.message = why.clone(),
            Self::BadRequest(why) => page.message = why.clone(),
            Self::Csrf => {
                page.title = Msg::new("error-csrf-title");
                page.message = Msg::new("error-csrf-message");
            }
            // The outage itself is logged once, at ERROR, where it begins (`db::reach`).
            Self::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            // In the request's span: the line carries the request id the page shows.
            Self::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            Self::NotFound | Self::Unauthenticated { .. } => {}
        }
        page.respond()
    }
}

/// Answers a failure of the session store with the error page. actix-session loads the session
/// before the handler runs and saves it after, and answers a store failure with an empty 500 of
/// its own, outside every handler and outside [`render_framework_error`]; wrapped just outside
/// the session middleware, this puts the error page in its place: 503 with `Retry-After` when the
/// database is unreachable (which is how the store fails when the database goes away), else 500,
/// logged; either shows the request id for reference. The language comes from `Accept-Language`:
/// the session is what failed.
///
/// The answer stays an error on its way out (no middleware outside may hold on to the request
/// while it is routed, so there is none to build a response on): it carries the security headers
/// itself, and the request log adds `X-Request-Id` as it passes.
pub async fn session_store_failure<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::negotiate);
    let state = req
        .app_data::<web::Data<crate::startup::AppState>>()
        .cloned();
    let reference = crate::startup::request_id(&req);
    let error = match next.call(req).await {
        Ok(res) => return Ok(res),
        Err(error) => error,
    };
    let unreachable = state.as_ref().is_some_and(|s| s.db.is_unreachable());
    let mut page = if unreachable {
        tracing::warn!(cause = %error, "session store: database unavailable");
        ErrorPage::for_status(StatusCode::SERVICE_UNAVAILABLE)
    } else {
        tracing::error!(error = ?error, "session store failed");
        ErrorPage::for_status(StatusCode::INTERNAL_SERVER_ERROR)
    };
    page.lang = lang;
    page.reference = reference;
    let secure = state.is_none_or(|s| s.secure);
    Err(StoreFailure {
        page,
        headers: crate::startup::security_headers(secure),
        cause: error.to_string(),
    }
    .into())
}

/// A session store failure as the error page, with the security headers; see
/// [`session_store_failure`].
struct StoreFailure {
    page: ErrorPage,
    headers: Vec<(&'static str, &'static str)>,
    cause: String,
}

impl std::fmt::Debug for StoreFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "session store failure ({}): {}",
            self.page.status, self.cause
        )
    }
}

impl std::fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "session store failure: {}", self.cause)
    }
}

impl ResponseError for StoreFailure {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.page.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = self.page.clone().into_response();
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                header::HeaderName::try_from(*name),
                header::HeaderValue::try_from(*value),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// Every error page passes here on its way out, with the request at hand: actix's own errors
/// (unknown route, 405, malformed query or form, body too large) arrive as plain text and get the
/// HTML page; our own error pages (which carry their `ErrorPage`) gain the sign-out form when a user
/// is signed in, and every error page is worded in the reader's language. Other HTML responses with an error status (a form shown again with 422, the
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
    // What the answer says about the request stays with the page: the methods a 405's resource
    // allows (RFC 9110 §15.5.6), when to come back.
    let kept: Vec<_> = [header::ALLOW, header::RETRY_AFTER]
        .into_iter()
        .filter_map(|name| Some((name.clone(), res.headers().get(&name)?.clone())))
        .collect();
    let (req, _) = res.into_parts();
    page.lang = crate::i18n::request_lang(&req);
    page.reference = crate::startup::request_id(&req);
    let session = actix_session::SessionExt::get_session(&req);
    if session
        .get::<String>(crate::auth::session::keys::USER_ID)
        .ok()
        .flatten()
        .is_some()
    {
        page.sign_out_token = crate::auth::csrf::token(&session).ok();
    }
    let mut page: HttpResponse<BoxBody> = page.into_response();
    for (name, value) in kept {
        page.headers_mut().insert(name, value);
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, page).map_into_right_body(),
    ))
}
