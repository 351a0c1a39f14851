//! The typeahead's suggestions (`GET /suggest/resellers?q=`, `GET /suggest/customers?q=`): JSON
//! `[{"label", "value"}]` for static/app.js.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::extract::CurrentUser;
use crate::domain::suggest::{self, MAX_SUGGEST_LEN, Suggestion};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;

/// `?q=`, as typed.
#[derive(Deserialize)]
pub struct SuggestParams {
    q: Option<String>,
}

impl SuggestParams {
    /// The text, or why it is refused (control characters, overlong).
    fn text(&self) -> Result<String, AppError> {
        let text = self.q.as_deref().map(str::trim).unwrap_or_default();
        if text.chars().any(char::is_control) {
            return Err(AppError::BadRequest(Msg::new("search-control-characters")));
        }
        if text.chars().count() > MAX_SUGGEST_LEN {
            return Err(AppError::BadRequest(
                Msg::new("search-too-long").arg("max", MAX_SUGGEST_LEN),
            ));
        }
        Ok(text.to_owned())
    }
}

fn json(found: &[Suggestion]) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(found)
}

/// `GET /suggest/resellers?q=`.
pub async fn resellers(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<SuggestParams>,
) -> Result<HttpResponse, AppError> {
    let text = params.text()?;
    let found = user
        .run(&state, move |conn, ctx| {
            suggest::reseller_suggestions(conn, ctx, &text)
        })
        .await?;
    Ok(json(&found))
}

/// `GET /suggest/customers?q=`.
pub async fn customers(
    state: web::Data<AppState>,
    user: CurrentUser,
    params: web::Query<SuggestParams>,
) -> Result<HttpResponse, AppError> {
    let text = params.text()?;
    let found = user
        .run(&state, move |conn, ctx| {
            suggest::customer_suggestions(conn, ctx, &text)
        })
        .await?;
    Ok(json(&found))
}
