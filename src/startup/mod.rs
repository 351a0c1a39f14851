//! Building and running the HTTP server.

mod request_log;

pub use request_log::{REQUEST_ID_HEADER, RedactedRootSpan, UNMATCHED_ROUTE, request_id};

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy};
use actix_web::cookie::{Key, SameSite, time::Duration};
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::auth::csrf::AnonymousCsrf;
use crate::auth::password::PasswordHasher;
use crate::auth::session::DbSessionStore;
use crate::auth::throttle::LoginThrottle;
use crate::config::{Settings, session_key_bytes};
use crate::db::{Db, DbSetupError};
use crate::error::AppError;
use crate::metrics::Metrics;
use request_log::log_request;
use request_log::log_session_user;

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
    /// This instance's metrics (`GET /metrics`).
    pub metrics: Metrics,
    /// Served over HTTPS: cookies are Secure and answers carry `Strict-Transport-Security`
    /// (`settings.cookie_secure`, resolved once: unset means yes).
    pub secure: bool,
}

/// A bound, ready-to-run server, with the `metrics_bind` listener when there is one.
pub struct Application {
    address: std::net::SocketAddr,
    server: Server,
    metrics: Option<(u16, Server)>,
    db: Db,
    purge_every: std::time::Duration,
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

/// The database as every command finds it: the pool open (its first connection made, so a wrong
/// URL or a server that is down fails here with the real reason) and every pending migration
/// applied.
pub fn open_database(settings: &Settings) -> Result<Db, DbSetupError> {
    let db = Db::connect(&settings.database_url, &settings.pool_options())?;
    db.migrate()?;
    Ok(db)
}

/// [`open_database`] for a command that runs and exits: its pool makes connections only when
/// asked (see [`Settings::command_pool_options`]).
pub fn open_database_for_command(settings: &Settings) -> Result<Db, DbSetupError> {
    let db = Db::connect(&settings.database_url, &settings.command_pool_options())?;
    db.migrate()?;
    Ok(db)
}

impl Application {
    /// The one way to a server, for `serve` and the test harness alike: opens the database
    /// ([`open_database`]), binds `settings.bind` (port 0: any free port, see [`Self::port`]) and
    /// `metrics_bind`, and builds the server. Nothing is answered until [`Self::run_until_stopped`]
    /// (connections wait in the listener's backlog meanwhile).
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = open_database(&settings)?;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let key_hex = settings
            .session_key
            .as_ref()
            .context("a session key is required (PARTNERDESK_SESSION_KEY)")?;
        // The decoded key is wiped when dropped, as the setting is.
        let key_bytes = secrecy::zeroize::Zeroizing::new(
            session_key_bytes(key_hex.expose()).map_err(anyhow::Error::msg)?,
        );
        let key =
            Key::try_from(key_bytes.as_slice()).map_err(|e| anyhow::anyhow!("session key: {e}"))?;
        let hasher = Arc::new(PasswordHasher::new(settings.argon2)?);
        let address = listener.local_addr()?;
        let shutdown_timeout = settings.shutdown_timeout_secs;
        let blocking_threads = usize::try_from(settings.pool_size).unwrap_or(1).max(1);
        let secure = settings.cookie_secure.unwrap_or(true);
        let (purge_db, purge_every) = (
            db.clone(),
            std::time::Duration::from_secs(settings.purge_interval_secs),
        );
        let settings = Arc::new(settings);
        let state = web::Data::new(AppState {
            db: db.clone(),
            hasher,
            login_throttle: LoginThrottle::new(&settings.login_throttle, db.clone()),
            anonymous_csrf: AnonymousCsrf::new(key.clone(), secure),
            settings: settings.clone(),
            metrics: Metrics::new().context("setting up the metrics")?,
            secure,
        });
        let metrics = match &settings.metrics_bind {
            Some(address) => {
                let listener = TcpListener::bind(address)
                    .with_context(|| format!("binding metrics_bind {address}"))?;
                let port = listener.local_addr()?.port();
                Some((
                    port,
                    metrics_server(state.clone(), listener, &settings, secure)?,
                ))
            }
            None => None,
        };
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
                .wrap(ErrorHandlers::new().default_handler(crate::web::error::render_error))
                .wrap(actix_web::middleware::from_fn(log_session_user))
                .wrap(session)
                .wrap(actix_web::middleware::from_fn(static_files_without_session))
                .wrap(actix_web::middleware::from_fn(
                    crate::web::error::session_store_failure,
                ))
                .wrap(headers)
                .wrap(actix_web::middleware::from_fn(log_request))
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
        Ok(Self {
            address,
            server,
            metrics,
            db: purge_db,
            purge_every,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> std::net::SocketAddr {
        self.address
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The app's database pool (a clone: the same pool).
    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// The port of the `metrics_bind` listener, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// Serves until the process is stopped, purging expired sessions and drained sign-in
    /// counters meanwhile ([`crate::housekeeping`]); the purge stops with the server.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let purging = crate::housekeeping::run(self.db, self.purge_every, stopped);
        let servers = serve(self.server, self.metrics.map(|(_, server)| server));
        let serving = async move {
            let result = servers.await;
            // Stopped (SIGTERM, or the server failed): a purge under way finishes, no other starts.
            let _ = stop.send(true);
            result
        };
        futures_util::future::join(serving, purging).await.0
    }
}

/// Runs the server and the `metrics_bind` listener, if any, until they stop. Both stop on the same
/// signal; should the main one stop first by other means, the metrics listener is stopped with it.
async fn serve(server: Server, metrics: Option<Server>) -> std::io::Result<()> {
    use futures_util::future::{Either, join, select};
    let Some(metrics) = metrics else {
        return server.await;
    };
    let metrics_handle = metrics.handle();
    match select(server, metrics).await {
        Either::Left((served, metrics)) => {
            // The stop is carried out by the metrics server's own future: both are awaited
            // together (awaiting the stop alone would wait for ever).
            let ((), stopped) = join(metrics_handle.stop(true), metrics).await;
            stopped?;
            served
        }
        Either::Right((metrics_served, server)) => {
            let served = server.await;
            metrics_served.and(served)
        }
    }
}

/// The `metrics_bind` listener: `GET /metrics` and nothing else, on one worker, with the headers
/// of every answer. It shares the app's state, so it reads the same metrics.
fn metrics_server(
    state: web::Data<AppState>,
    listener: TcpListener,
    settings: &Settings,
    secure: bool,
) -> anyhow::Result<Server> {
    let server = HttpServer::new(move || {
        let headers = security_headers(secure)
            .into_iter()
            .fold(DefaultHeaders::new(), |headers, pair| headers.add(pair));
        App::new()
            .app_data(state.clone())
            .configure(crate::web::metrics::own_routes)
            .wrap(headers)
    })
    .workers(1)
    // The scrape's one query (the live sessions) runs on a blocking thread.
    .worker_max_blocking_threads(1)
    .shutdown_timeout(settings.shutdown_timeout_secs)
    .listen(listener)?
    .run();
    Ok(server)
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
