//! `GET /` and `GET /healthz`.

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::see_other;

/// Sends a signed-in user to their home, anyone else to sign-in.
pub async fn index(user: Option<CurrentUser>) -> HttpResponse {
    match user {
        Some(user) if user.is_partner() => see_other("/customers"),
        Some(_) => see_other("/admin/support"),
        None => see_other("/login"),
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
