//! Error answers. [`AppError`] answers with its status alone (and `Location` or `Retry-After`
//! where it needs one); the words come once, from [`render_error`], the error handler every answer
//! of the app passes: it finds the app's own error in the response, as Lemmy's does, and has it
//! rendered with the request at hand, in the reader's language. actix's own errors (unknown
//! route, 405, a malformed query or form, a body too large) get the same page there.
//!
//! Which format an error answer takes is chosen in one place, [`ErrorRenderer`]: the HTML page
//! here; a scope that answers in another (the JSON API under `/v1`) registers its own renderer.

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::{ErrorHandlerResponse, Next};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;

use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::web::{Layout, Section, paths};

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

    /// The status and what the client needs to act on it: where to sign in, when to come back.
    /// No body: [`render_error`] writes it, knowing the request.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::Unauthenticated { next } => {
                response.insert_header((
                    header::LOCATION,
                    super::login::sign_in_path(next.as_deref()),
                ));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS));
            }
            _ => {}
        }
        response.finish()
    }
}

/// What an error answer says, in message ids: its status, a title and a message. Made from the
/// app's own error ([`ErrorPage::for_error`]), from a bare status ([`ErrorPage::for_status`]), or
/// by a handler that has words of its own (a health check's 503); the renderer puts it into the
/// reader's language and its format.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    /// HTTP status code.
    pub status: StatusCode,
    /// Short title, e.g. "Page not found".
    pub title: Msg,
    /// What happened and what to do next.
    pub message: Msg,
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
            status,
            title: Msg::new(&format!("{key}-title")),
            message: Msg::new(&format!("{key}-message")),
        }
    }

    /// The page for one of the app's errors: its status's words, or the error's own message.
    pub fn for_error(error: &AppError) -> Self {
        let mut page = Self::for_status(error.status_code());
        match error {
            AppError::Forbidden(why) | AppError::BadRequest(why) => page.message = why.clone(),
            AppError::Csrf => {
                page.title = Msg::new("error-csrf-title");
                page.message = Msg::new("error-csrf-message");
            }
            AppError::NotFound
            | AppError::Unauthenticated { .. }
            | AppError::Unavailable(_)
            | AppError::Internal(_) => {}
        }
        page
    }

    /// The page as a handler's answer: its status now, its words from [`render_error`].
    pub fn respond(self) -> HttpResponse {
        HttpResponse::from_error(self)
    }
}

impl std::fmt::Display for ErrorPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status, self.message.english())
    }
}

/// A handler's own error page: the status (and `Retry-After` on a 503) until [`render_error`]
/// renders it.
impl ResponseError for ErrorPage {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        response.finish()
    }
}

/// How error answers are written, for the part of the site a request was routed to. The app's
/// is [`ErrorRenderer::HTML`]; a scope that answers in another format (issue 16's JSON API under
/// `/v1`, with its `{code, description}`) registers its own with
/// `web::scope("/v1").app_data(ErrorRenderer { .. })`, which [`render_error`] finds first for
/// every request routed into that scope.
#[derive(Debug, Clone, Copy)]
pub struct ErrorRenderer {
    /// The media type of this format's own answers: an answer with an error status that carries
    /// no error and is already of this type (a form shown again with 422, the sign-in page with
    /// 401) passes as it is.
    pub media_type: &'static str,
    /// The answer for an error page, for this request.
    pub render: fn(&HttpRequest, &ErrorPage) -> HttpResponse,
}

impl ErrorRenderer {
    /// The HTML error page (`templates/error.html`).
    pub const HTML: Self = Self {
        media_type: "text/html",
        render: html_page,
    };

    /// Whether an answer with these headers is already one of this format's own.
    fn is_own(&self, headers: &header::HeaderMap) -> bool {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(self.media_type))
    }
}

/// Every answer with an error status passes here on its way out, with the request at hand (the
/// error handler of [`actix_web::middleware::ErrorHandlers`]). The app's own error or a handler's
/// [`ErrorPage`] is found in the response and rendered; any other answer that is not already of
/// the renderer's format (actix's own errors: plain text or no body) gets the page for its
/// status; the others (a form shown again with 422) pass as they are. What the answer says about
/// the request stays with the page: the methods a 405's resource allows (RFC 9110 §15.5.6), when
/// to come back. A HEAD request gets the head alone: actix-http leaves the body out.
pub fn render_error<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let renderer = res
        .request()
        .app_data::<ErrorRenderer>()
        .copied()
        .unwrap_or(ErrorRenderer::HTML);
    let page = match own_error(&res) {
        Some(page) => page,
        None if renderer.is_own(res.headers()) => {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
        None => ErrorPage::for_status(res.status()),
    };
    let kept: Vec<_> = [header::ALLOW, header::RETRY_AFTER]
        .into_iter()
        .filter_map(|name| Some((name.clone(), res.headers().get(&name)?.clone())))
        .collect();
    let (req, _) = res.into_parts();
    let mut response: HttpResponse<BoxBody> = (renderer.render)(&req, &page);
    for (name, value) in kept {
        response.headers_mut().insert(name, value);
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

/// The page for the app's own error in the answer, if it carries one: an [`AppError`] (logged
/// here, once, in the request's span, so the line carries the request id the page shows) or a
/// handler's [`ErrorPage`].
fn own_error<B>(res: &ServiceResponse<B>) -> Option<ErrorPage> {
    let error = res.response().error()?;
    if let Some(error) = error.as_error::<AppError>() {
        match error {
            // The outage itself is logged once, at ERROR, where it begins (`db::reach`).
            AppError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            // The whole cause chain, for the log only: the page says nothing of it.
            AppError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            _ => {}
        }
        return Some(ErrorPage::for_error(error));
    }
    error.as_error::<ErrorPage>().cloned()
}

/// The error page in HTML, in the reader's language (their choice in the session, else
/// `Accept-Language`), with the request id for reference and, for a signed-in user, the
/// sign-out form, so that no error page is a dead end.
fn html_page(req: &HttpRequest, page: &ErrorPage) -> HttpResponse {
    let session = req.get_session();
    let signed_in = session
        .get::<String>(crate::auth::session::keys::USER_ID)
        .ok()
        .flatten()
        .is_some();
    HtmlErrorPage::new(
        page,
        crate::i18n::request_lang(req),
        crate::startup::request_id(req),
        if signed_in {
            crate::auth::csrf::token(&session).ok()
        } else {
            None
        },
    )
    .to_response()
}

/// `templates/error.html`: an [`ErrorPage`] in the reader's language, in the frame of every page
/// (`base.html`), which here shows no user and no language switch: the page needs neither a
/// signed-in user's details nor the database.
#[derive(Template)]
#[template(path = "error.html")]
struct HtmlErrorPage {
    /// The frame: the title in words and the reader's language; no user, no form of its own.
    layout: Layout,
    status: u16,
    message: Msg,
    /// Reference to quote to support: the request's id, as in its `X-Request-Id` header and on
    /// its log line.
    reference: Option<String>,
    /// For a signed-in user: the CSRF token of the page's sign-out form.
    sign_out_token: Option<String>,
}

impl HtmlErrorPage {
    fn new(
        page: &ErrorPage,
        lang: Lang,
        reference: Option<String>,
        sign_out_token: Option<String>,
    ) -> Self {
        Self {
            layout: Layout {
                title: lang.msg(&page.title),
                lang,
                here: String::new(),
                user: None,
                // The frame's own forms (the language switch) are left out of this page.
                csrf_token: String::new(),
                section: Section::None,
                flash: None,
            },
            status: page.status.as_u16(),
            message: page.message.clone(),
            reference,
            sign_out_token,
        }
    }

    /// The page as a response with its status; a 503 says when to try again.
    fn to_response(&self) -> HttpResponse {
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
                    .body(self.layout.msg(&self.message))
            }
        }
    }
}

/// Answers a failure of the session store with the error page. actix-session loads the session
/// before the handler runs and saves it after, and answers a store failure with an empty 500 of
/// its own, outside every handler and outside [`render_error`]; wrapped just outside the session
/// middleware, this puts the error page in its place: 503 with `Retry-After` when the database is
/// unreachable (which is how the store fails when the database goes away), else 500, logged;
/// either shows the request id for reference. The language comes from `Accept-Language`: the
/// session is what failed.
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
    let page = if unreachable {
        tracing::warn!(cause = %error, "session store: database unavailable");
        ErrorPage::for_status(StatusCode::SERVICE_UNAVAILABLE)
    } else {
        tracing::error!(error = ?error, "session store failed");
        ErrorPage::for_status(StatusCode::INTERNAL_SERVER_ERROR)
    };
    let secure = state.is_none_or(|s| s.secure);
    Err(StoreFailure {
        page: HtmlErrorPage::new(&page, lang, reference, None),
        headers: crate::startup::security_headers(secure),
        cause: error.to_string(),
    }
    .into())
}

/// A session store failure as the error page, with the security headers; see
/// [`session_store_failure`].
struct StoreFailure {
    page: HtmlErrorPage,
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

    /// Rendered here, once: no error handler runs outside the session middleware.
    fn error_response(&self) -> HttpResponse {
        let mut response = self.page.to_response();
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

#[cfg(test)]
mod tests;
