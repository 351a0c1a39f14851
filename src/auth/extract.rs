//! Typed extractors for who is signed in. The domain checks permissions again; these only name
//! what a handler needs and turn "nobody" into a redirect to sign-in.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest, web};

use crate::auth::csrf;
use crate::auth::session::keys;
use crate::blocking::RunBlocking;
use crate::db::DbConn;
use crate::db::ids::UserId;
use crate::domain::accounts::{self, SessionUser};
use crate::domain::{Actor, Ctx, Org};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;

/// The signed-in user, with the session's CSRF token for the page's forms.
pub struct CurrentUser {
    /// The user, their organization and role.
    pub user: SessionUser,
    /// For the hidden `csrf_token` field of every form on the page.
    pub csrf_token: String,
    /// A one-time message left by the previous request, shown once.
    pub flash: Option<Msg>,
    /// The reader's language.
    pub lang: Lang,
    /// Where this page can be found again with a GET, for the language switch to come back to.
    pub here: String,
}

/// Leaves a one-time message for the next page the user sees, worded when it is shown.
pub fn set_flash(session: &Session, message: &Msg) -> Result<(), AppError> {
    session
        .insert(keys::FLASH, message)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storing a message: {e}")))
}

impl CurrentUser {
    /// The actor for domain calls.
    pub fn actor(&self) -> &Actor {
        &self.user.actor
    }

    /// Whether the user works for a partner.
    pub fn is_partner(&self) -> bool {
        matches!(self.user.actor.org, Org::Partner { .. })
    }

    /// This user's context for domain calls under the deployment's settings.
    pub fn ctx(&self, state: &AppState) -> Ctx {
        Ctx::new(self.actor().clone(), &state.settings)
    }

    /// A handler's one database call: `f` runs on a blocking thread with a pooled connection and
    /// this user's [`Ctx`] (see [`RunBlocking::run`]).
    pub fn run<T, F>(
        &self,
        state: &AppState,
        f: F,
    ) -> impl Future<Output = Result<T, AppError>> + Send
    where
        F: FnOnce(&mut DbConn, &Ctx) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let ctx = self.ctx(state);
        state.db.run(move |conn| f(conn, &ctx))
    }
}

/// The request's path and query.
pub fn here(req: &HttpRequest) -> String {
    match req.uri().query() {
        Some(q) => format!("{}?{q}", req.path()),
        None => req.path().to_owned(),
    }
}

/// Where the page being answered can be opened again with a GET: this request's own address for
/// a GET; for a form shown again with its error after a POST, the page the form was on (the
/// same-site `Referer`), else home. A POST-only address would answer 405.
fn page_address(req: &HttpRequest) -> String {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return here(req);
    }
    req.headers()
        .get(actix_web::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| url::Url::parse(v).ok())
        .filter(|url| {
            let host = match (url.host_str(), url.port()) {
                (Some(host), Some(port)) => format!("{host}:{port}"),
                (Some(host), None) => host.to_owned(),
                (None, _) => return false,
            };
            host.eq_ignore_ascii_case(&crate::auth::client::ClientInfo::of(req).host)
        })
        .map(|url| match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
        .unwrap_or_else(|| "/".to_owned())
}

fn unauthenticated(req: &HttpRequest) -> AppError {
    // Only GETs come back after sign-in (and HEADs, which answer as GETs): replaying a POST
    // would be surprising.
    let next = matches!(*req.method(), Method::GET | Method::HEAD).then(|| here(req));
    AppError::Unauthenticated { next }
}

/// The user id in the session, if it is within its absolute lifetime; otherwise the session is
/// purged.
fn session_user_id(session: &Session, lifetime_hours: u32) -> Option<UserId> {
    let id = session.get::<String>(keys::USER_ID).ok().flatten()?;
    let at = session.get::<i64>(keys::SIGNED_IN_AT).ok().flatten()?;
    let age = chrono::Utc::now().timestamp() - at;
    if !(0..i64::from(lifetime_hours) * 3600).contains(&age) {
        session.purge();
        return None;
    }
    Some(UserId::from(id))
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))?
                .clone();
            let session = req.get_session();
            let Some(id) = session_user_id(&session, state.settings.session_lifetime_hours) else {
                return Err(unauthenticated(&req));
            };
            let Some(user) = state
                .db
                .run(move |conn| accounts::session_user(conn, &id))
                .await?
            else {
                // Deleted or disabled since sign-in: the session ends now.
                session.purge();
                return Err(unauthenticated(&req));
            };
            let csrf_token = csrf::token(&session)?;
            // Only a request that has a message to show changes the session for it: a request
            // that changes nothing must write nothing.
            let flash = if session.contains_key(keys::FLASH) {
                session.remove_as::<Msg>(keys::FLASH).and_then(Result::ok)
            } else {
                None
            };
            Ok(CurrentUser {
                user,
                csrf_token,
                flash,
                lang: crate::i18n::request_lang(&req),
                here: page_address(&req),
            })
        })
    }
}
