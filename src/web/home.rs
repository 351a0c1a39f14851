//! `GET /`, `GET /healthz` and `GET /readyz`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::auth::extract::CurrentUser;
use crate::blocking::RunBlocking;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::error::ErrorPage;
use askama::Template;

use crate::web::{Layout, Section, ok, paths, see_other};

/// The home of a user whose role opens no page: says so, instead of a dead end.
#[derive(Template)]
#[template(path = "home.html")]
pub struct NoPagesHome {
    layout: Layout,
}

/// Sends a signed-in user to their home (the first page their role opens), anyone else to
/// sign-in. A role with no pages (a partner's billing admin, a customer's user) gets a page that
/// says so and whom to ask.
pub async fn index(user: Option<CurrentUser>) -> Result<HttpResponse, AppError> {
    let Some(user) = user else {
        return Ok(see_other(paths::LOGIN));
    };
    let layout = Layout::for_user("home-title", &user, Section::None);
    match layout.user.as_ref().and_then(|u| u.nav.first()) {
        Some(first) => Ok(see_other(first.href)),
        None => ok(&NoPagesHome { layout }),
    }
}

/// `GET /healthz`: the process is alive and its database answers (DESIGN.md §4): 200 "ok", else
/// 503 with the error page saying the database is unreachable, and `Retry-After`. Kept at 503
/// rather than a liveness that never fails, as the contract says; restart no instance over it:
/// the same process serves again as soon as the database is back.
///
/// Both answers carry `X-Partnerdesk-Version: 0.1.0 (abc1234)`, the version and git revision of
/// the binary, so a rolling upgrade can be watched; the body stays "ok" for the probes that read it.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let mut response = match state
        .db
        .run(|conn| crate::db::ping(conn).map_err(AppError::from))
        .await
    {
        Ok(()) => plain("ok"),
        Err(e) => unreachable(&e),
    };
    if let Ok(version) = actix_web::http::header::HeaderValue::from_str(crate::version::DESCRIBED) {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-partnerdesk-version"),
            version,
        );
    }
    response
}

/// `GET /readyz`: ready to take traffic: the database answers and every migration of its backend
/// is applied. 200 "ready", else 503 with the error page saying which, and `Retry-After`.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pending = state
        .db
        .run(|conn| {
            crate::db::pending_migration_count(conn)
                .map_err(|e| AppError::Internal(anyhow::Error::new(e)))
        })
        .await;
    match pending {
        Ok(0) => plain("ready"),
        Ok(count) => {
            tracing::warn!(count, "not ready: migrations pending");
            let mut page = ErrorPage::for_status(StatusCode::SERVICE_UNAVAILABLE);
            page.message = Msg::new("health-migrations-pending").arg("count", count);
            page.respond()
        }
        Err(e) => unreachable(&e),
    }
}

fn plain(body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(body)
}

/// The 503 page of a health check whose database did not answer.
fn unreachable(cause: &AppError) -> HttpResponse {
    tracing::warn!(%cause, "health check: database unreachable");
    let mut page = ErrorPage::for_status(StatusCode::SERVICE_UNAVAILABLE);
    page.message = Msg::new("health-database-unreachable");
    page.respond()
}
