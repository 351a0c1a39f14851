//! Building and running the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy};
use actix_web::cookie::{Key, SameSite, time::Duration};
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::{RootSpanBuilder, TracingLogger};

use crate::auth::csrf::AnonymousCsrf;
use crate::auth::password::PasswordHasher;
use crate::auth::session::DbSessionStore;
use crate::auth::throttle::LoginThrottle;
use crate::config::{Settings, session_key_bytes};
use crate::db::Db;
use crate::error::{AppError, render_framework_error};

/// What every handler can reach.
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// Password hashing with the configured cost.
    pub hasher: Arc<PasswordHasher>,
    /// The settings the app was started with.
    pub settings: Arc<Settings>,
    /// Sign-in attempt limits.
    pub login_throttle: LoginThrottle,
    /// CSRF protection for visitors who are not signed in.
    pub anonymous_csrf: AnonymousCsrf,
}

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
}

/// The Content-Security-Policy: everything from this site only, nothing inline, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The headers every answer carries, the same on pages, errors and files: (name, value).
/// `Strict-Transport-Security` only when cookies are Secure (served over HTTPS).
pub fn security_headers(secure: bool) -> Vec<(&'static str, &'static str)> {
    let mut headers = vec![
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        // Every page is someone's: tenant data, a one-time link, a form with its token. Responses
        // that may be kept (the static assets) say so themselves, and DefaultHeaders keeps theirs.
        ("Cache-Control", "no-store"),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    if secure {
        headers.push((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ));
    }
    headers
}

impl Application {
    /// Connects to the database, applies pending migrations and binds the listener.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = Db::connect(&settings.database_url, &settings.pool_options())?;
        db.migrate()?;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        Self::build_with(settings, db, listener)
    }

    /// Builds on an open pool and listener (tests bind port 0).
    pub fn build_with(settings: Settings, db: Db, listener: TcpListener) -> anyhow::Result<Self> {
        let key_hex = settings
            .session_key
            .as_ref()
            .context("a session key is required (PARTNERDESK_SESSION_KEY)")?;
        let key_bytes = session_key_bytes(key_hex.expose()).map_err(anyhow::Error::msg)?;
        let key =
            Key::try_from(key_bytes.as_slice()).map_err(|e| anyhow::anyhow!("session key: {e}"))?;
        let hasher = Arc::new(PasswordHasher::new(settings.argon2)?);
        let port = listener.local_addr()?.port();
        let shutdown_timeout = settings.shutdown_timeout_secs;
        let blocking_threads = usize::try_from(settings.pool_size).unwrap_or(1).max(1);
        let secure = settings.cookie_secure.unwrap_or(true);
        let settings = Arc::new(settings);
        let state = web::Data::new(AppState {
            db: db.clone(),
            hasher,
            login_throttle: LoginThrottle::new(&settings.login_throttle),
            anonymous_csrf: AnonymousCsrf::new(key.clone(), secure),
            settings: settings.clone(),
        });
        let server = HttpServer::new(move || {
            let idle = chrono::TimeDelta::minutes(i64::from(settings.session_idle_minutes));
            let store = DbSessionStore::new(db.clone(), idle);
            let session = SessionMiddleware::builder(store, key.clone())
                .cookie_name(
                    if secure {
                        "__Host-partnerdesk"
                    } else {
                        "partnerdesk"
                    }
                    .to_owned(),
                )
                .cookie_secure(secure)
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_path("/".to_owned())
                .cookie_content_security(CookieContentSecurity::Private)
                // The idle limit is the server-side record's (the store extends it as requests
                // come); the cookie lasts the browser session and is sent only when it changes.
                .session_lifecycle(
                    BrowserSession::default()
                        .state_ttl(Duration::minutes(i64::from(settings.session_idle_minutes)))
                        .state_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
                )
                .build();
            let headers = security_headers(secure)
                .into_iter()
                .fold(DefaultHeaders::new(), |headers, pair| headers.add(pair));
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(settings.max_body_bytes))
                .configure(crate::web::routes)
                .default_service(web::to(|| async {
                    Err::<actix_web::HttpResponse, _>(AppError::NotFound)
                }))
                .wrap(ErrorHandlers::new().default_handler(render_framework_error))
                .wrap(session)
                .wrap(actix_web::middleware::from_fn(static_files_without_session))
                .wrap(actix_web::middleware::from_fn(
                    crate::error::session_store_failure,
                ))
                .wrap(headers)
                .wrap(TracingLogger::<RedactedRootSpan>::new())
        })
        // SIGTERM: stop accepting at once, let the requests in flight finish for up to
        // `shutdown_timeout_secs`, then close what is left (SIGINT and SIGQUIT do not wait).
        .shutdown_timeout(shutdown_timeout)
        // Each worker's blocking threads run the database work (and password hashing): more of
        // them than connections in the pool would only wait for one, each holding a stack and,
        // under glibc, a malloc arena of its own (actix's default is 512 per worker).
        .worker_max_blocking_threads(blocking_threads)
        .listen(listener)?
        .run();
        Ok(Self { port, server })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process is stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Static files need no session: their requests reach the session middleware without the cookie,
/// so it loads nothing from the store (three asset requests per page would otherwise each read,
/// and now and then write, the session row).
async fn static_files_without_session(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if req.path().starts_with("/static/") {
        req.headers_mut().remove(actix_web::http::header::COOKIE);
    }
    next.call(req).await
}

/// Request spans without secrets: invitation tokens are cut from the path, and the query string
/// (where `next=` may carry one) is left out.
pub struct RedactedRootSpan;

/// The request path as logged: `/invitations/{token}…` keeps only its shape.
pub fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/invitations/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, tail)) => format!("/invitations/[token]/{tail}"),
            None => "/invitations/[token]".to_owned(),
        },
        None => path.to_owned(),
    }
}

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %loggable_path(request.path()),
            request_id = %uuid::Uuid::new_v4(),
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.record("status", status);
        // One line per request. Only a server error is an error: a redirect to sign in, a 404 or
        // a refused form is the app working. The error itself is never printed here (its Debug
        // form may hold a path with a token); an internal error logs its own cause, with a
        // reference, where it is rendered.
        span.in_scope(|| {
            if status >= 500 {
                tracing::error!(status, "request failed");
            } else {
                tracing::info!(status, "request handled");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn invitation_tokens_never_reach_the_logs() {
        assert_eq!(loggable_path("/invitations/abc123"), "/invitations/[token]");
        assert_eq!(
            loggable_path("/invitations/abc123/accept"),
            "/invitations/[token]/accept"
        );
        assert_eq!(loggable_path("/customers/x"), "/customers/x");
    }
}
