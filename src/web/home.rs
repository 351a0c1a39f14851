//! `GET /` and `GET /healthz`.

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::startup::AppState;
use askama::Template;

use crate::web::{Layout, Section, ok, see_other};

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
        return Ok(see_other("/login"));
    };
    let layout = Layout::for_user("home-title", &user, Section::None);
    match layout.user.as_ref().and_then(|u| u.nav.first()) {
        Some(first) => Ok(see_other(first.href)),
        None => ok(&NoPagesHome { layout }),
    }
}

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db
        .run(|conn| conn.batch_execute("SELECT 1").map_err(AppError::from))
        .await
        .map(|()| {
            HttpResponse::Ok()
                .content_type("text/plain; charset=utf-8")
                .body("ok")
        })
        .map_err(|e| AppError::Unavailable(e.to_string()))
}
