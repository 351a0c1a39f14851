//! Sign-in and sign-out.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::csrf::{self, CsrfForm};
use crate::auth::extract::CurrentUser;
use crate::auth::session::keys;
use crate::domain::accounts;
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::{Layout, Section, render, see_other};

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
}

/// `?next=` on the sign-in page.
#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Only local paths are followed after sign-in: never another site.
fn safe_next(next: Option<&str>) -> String {
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
        _ => "/".to_owned(),
    }
}

fn page(
    session: &Session,
    email: String,
    next: String,
    error: Option<String>,
) -> Result<LoginPage, AppError> {
    let layout = Layout {
        title: "Sign in".to_owned(),
        user: None,
        csrf_token: csrf::token(session)?,
        section: Section::None,
        flash: None,
    };
    Ok(LoginPage {
        layout,
        email,
        next,
        error,
    })
}

/// `GET /login`.
pub async fn show(
    user: Option<CurrentUser>,
    session: Session,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref());
    if user.is_some() {
        return Ok(see_other(&next));
    }
    render(StatusCode::OK, &page(&session, String::new(), next, None)?)
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`: a new session id on success; the same message for any failure.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(form.next.as_deref());
    let address = req.peer_addr().map(|a| a.ip());
    if let Some(wait) = state.login_throttle.attempt(&form.email, address) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let unit = if minutes == 1 { "minute" } else { "minutes" };
        let error = format!("Too many sign-in attempts. Wait {minutes} {unit} and try again.");
        let email = form.email.chars().take(320).collect();
        let mut response = render(
            StatusCode::TOO_MANY_REQUESTS,
            &page(&session, email, next, Some(error))?,
        )?;
        response.headers_mut().insert(
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::HeaderValue::from(wait.as_secs().max(1)),
        );
        return Ok(response);
    }
    let hasher = state.hasher.clone();
    let (email, password) = (form.email.clone(), form.password);
    let user = state
        .db
        .run(move |conn| accounts::sign_in(conn, &hasher, &email, &password))
        .await?;
    let Some(user) = user else {
        let error = "Email or password is incorrect.".to_owned();
        let email = form.email.chars().take(320).collect();
        return render(
            StatusCode::UNAUTHORIZED,
            &page(&session, email, next, Some(error))?,
        );
    };
    session.renew();
    session.remove(keys::CSRF);
    let store = |k: &str, v: serde_json::Value| {
        session
            .insert(k, v)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))
    };
    store(keys::USER_ID, user.id.as_str().into())?;
    store(keys::SIGNED_IN_AT, chrono::Utc::now().timestamp().into())?;
    Ok(see_other(&next))
}

/// `POST /logout`: ends the session (its server-side record is deleted).
pub async fn logout(session: Session, _form: CsrfForm<serde::de::IgnoredAny>) -> HttpResponse {
    session.purge();
    see_other("/login")
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
