//! `POST /language`: the language switch. The choice is kept in the session and outranks the
//! browser's `Accept-Language` until the session ends.

use actix_session::Session;
use actix_web::HttpResponse;
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::{Lang, Msg, SESSION_KEY};
use crate::web::login::safe_next;
use crate::web::see_other;

/// The switch's form: the language, and the page to come back to.
#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// Remembers the language and goes back to the page the switch was on.
pub async fn switch(
    session: Session,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::from_code(&form.lang)
        .filter(|l| l.code() == form.lang)
        .ok_or_else(|| AppError::BadRequest(Msg::new("language-unknown")))?;
    session
        .insert(SESSION_KEY, lang)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
    Ok(see_other(&safe_next(form.next.as_deref())))
}
