//! Sign-in and sign-out.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::{self, CsrfForm};
use crate::auth::extract::CurrentUser;
use crate::auth::session::keys;
use crate::blocking::RunBlocking;
use crate::domain::accounts;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::startup::AppState;
use crate::web::{Layout, paths, render, see_other};

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<Msg>,
}

/// `?next=` on the sign-in page.
#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// The sign-in page's address, coming back to `next` afterwards.
pub fn sign_in_path(next: Option<&str>) -> String {
    match next {
        Some(next) => format!(
            "{}?next={}",
            paths::LOGIN,
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        ),
        None => paths::LOGIN.to_owned(),
    }
}

/// Only local paths are followed after sign-in (or the language switch): never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && n.len() < 2048
                // A Location header holds visible ASCII only; our own links are percent-encoded.
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n.to_owned()
        }
        _ => paths::HOME.to_owned(),
    }
}

/// The sign-in page as a response. Its forms are protected by the anonymous CSRF cookie, so that
/// showing it writes no session record.
fn page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    lang: Lang,
    email: String,
    next: String,
    error: Option<Msg>,
) -> Result<HttpResponse, AppError> {
    let here = sign_in_path((next != paths::HOME).then_some(next.as_str()));
    let (token, cookie) = state.anonymous_csrf.token(req);
    let layout = Layout::anonymous("sign-in", lang, token, here);
    let mut response = render(
        status,
        &LoginPage {
            layout,
            email,
            next,
            error,
        },
    )?;
    if let Some(cookie) = cookie {
        response
            .add_cookie(&cookie)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("CSRF cookie: {e}")))?;
    }
    Ok(response)
}

/// `GET /login`.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Option<CurrentUser>,
    lang: Lang,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref());
    if user.is_some() {
        return Ok(see_other(&next));
    }
    page(
        &req,
        &state,
        StatusCode::OK,
        lang,
        String::new(),
        next,
        None,
    )
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// The sign-in page again, saying how long to wait, with `Retry-After`.
fn throttled(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    email: &str,
    next: String,
    wait: std::time::Duration,
) -> Result<HttpResponse, AppError> {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    let error =
        Msg::new("sign-in-throttled").arg("minutes", i64::try_from(minutes).unwrap_or(i64::MAX));
    let email = email.chars().take(320).collect();
    let mut response = page(
        req,
        state,
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        email,
        next,
        Some(error),
    )?;
    response.headers_mut().insert(
        actix_web::http::header::RETRY_AFTER,
        actix_web::http::header::HeaderValue::from(wait.as_secs().max(1)),
    );
    Ok(response)
}

/// `POST /login`: a new session id on success; the same message for any failure.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    lang: Lang,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(form.next.as_deref());
    let address = crate::auth::client::ClientInfo::of(&req).address;
    let attempt = match state.login_throttle.attempt(&form.email, address).await? {
        Ok(attempt) => attempt,
        Err(wait) => {
            state.metrics.sign_in_throttled();
            return throttled(&req, &state, lang, &form.email, next, wait);
        }
    };
    let hasher = state.hasher.clone();
    let (email, password) = (form.email.clone(), form.password);
    let user = state
        .db
        .run(move |conn| accounts::sign_in(conn, &hasher, &email, &password))
        .await?;
    state.metrics.sign_in(user.is_some());
    let Some(user) = user else {
        let error = Msg::new("sign-in-failed");
        let email = form.email.chars().take(320).collect();
        return page(
            &req,
            &state,
            StatusCode::UNAUTHORIZED,
            lang,
            email,
            next,
            Some(error),
        );
    };
    state.login_throttle.succeeded(attempt).await;
    start_session(&session, &user.id)?;
    Ok(see_other(&next))
}

/// Signs `user` in on this session: a new session id (`renew`), the user, the time, and a new
/// CSRF token. Used by the sign-in form and by a sign-up that signs its new user in.
pub fn start_session(session: &Session, user: &crate::db::ids::UserId) -> Result<(), AppError> {
    session.renew();
    // The language chosen before signing in stays: `renew` keeps the session's data.
    let store = |k: &str, v: serde_json::Value| {
        session
            .insert(k, v)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))
    };
    store(keys::USER_ID, user.as_str().into())?;
    store(keys::SIGNED_IN_AT, chrono::Utc::now().timestamp().into())?;
    // A new token with the new session: the anonymous one stays with the signed-out visitor.
    store(keys::CSRF, csrf::new_token().into())
}

/// `POST /logout`: ends the session (its server-side record is deleted). The language chosen
/// with the switch carries over to the sign-in page, in a new session that holds nothing else.
pub async fn logout(
    session: Session,
    _form: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let chosen = session.get::<Lang>(crate::i18n::SESSION_KEY).ok().flatten();
    match chosen {
        Some(lang) => {
            // A new record under a new key; the old record is deleted, so a replayed cookie is
            // anonymous all the same.
            session.clear();
            session.renew();
            session
                .insert(crate::i18n::SESSION_KEY, lang)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
        }
        None => session.purge(),
    }
    Ok(see_other(paths::LOGIN))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/customers?page=2")), "/customers?page=2");
        for bad in [
            "/customers\u{e}",
            "/customers\r\nSet-Cookie: x=1",
            "/zażółć",
            "/a b",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "customers",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
