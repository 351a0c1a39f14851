//! CSRF protection: a random token per session, sent back in every POST form's `csrf_token` field
//! and compared in constant time; a present `Origin` header that is not this site is refused.
//!
//! Visitors who are not signed in (the sign-in page and its language switch) have no session
//! record, and viewing a page must not write one: their forms carry the secret of a signed cookie
//! instead (a signed double-submit cookie), so an anonymous page view costs no database write.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use rand::RngCore;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::auth::session::keys;
use crate::error::AppError;
use crate::i18n::Msg;

/// A new random token: 256 bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The session's CSRF token, created on first use.
pub fn token(session: &Session) -> Result<String, AppError> {
    if let Ok(Some(token)) = session.get::<String>(keys::CSRF) {
        return Ok(token);
    }
    let token = new_token();
    session
        .insert(keys::CSRF, &token)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storing the CSRF token: {e}")))?;
    Ok(token)
}

/// The CSRF secret of visitors without a session record, kept in a cookie signed with the app's
/// key: a forged or foreign cookie does not verify, and with `Secure` the `__Host-` prefix keeps
/// sibling sites from planting one.
#[derive(Clone)]
pub struct AnonymousCsrf {
    key: Key,
    secure: bool,
}

impl AnonymousCsrf {
    /// Signs with `key`; `secure` as for the session cookie.
    pub fn new(key: Key, secure: bool) -> Self {
        Self { key, secure }
    }

    fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-partnerdesk-csrf"
        } else {
            "partnerdesk-csrf"
        }
    }

    /// The visitor's secret, when their cookie carries one signed by us.
    pub fn secret(&self, req: &HttpRequest) -> Option<String> {
        let cookie = req.cookie(self.cookie_name())?;
        let mut jar = CookieJar::new();
        jar.add_original(cookie);
        jar.signed(&self.key)
            .get(self.cookie_name())
            .map(|c| c.value().to_owned())
    }

    /// The token for this visitor's forms, and the cookie to set when they have none yet.
    pub fn token(&self, req: &HttpRequest) -> (String, Option<Cookie<'static>>) {
        if let Some(secret) = self.secret(req) {
            return (secret, None);
        }
        let secret = new_token();
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key).add(
            Cookie::build(self.cookie_name(), secret.clone())
                .path("/")
                .http_only(true)
                .secure(self.secure)
                .same_site(SameSite::Lax)
                .finish(),
        );
        let cookie = jar.get(self.cookie_name()).cloned();
        (secret, cookie)
    }
}

/// Whether the request's `Origin`, when present, is this site.
fn origin_allowed(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Ok(url) = url::Url::parse(origin) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let origin_host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    origin_host.eq_ignore_ascii_case(&crate::auth::client::ClientInfo::of(req).host)
}

/// Checks a request's CSRF token as sent (`None`: not sent) and its `Origin`: for a form that is
/// not URL-encoded (the import page's multipart upload), which reads its token field itself,
/// before anything else of the body.
pub fn verify(req: &HttpRequest, sent: Option<&str>) -> Result<(), AppError> {
    if !origin_allowed(req) {
        return Err(AppError::Csrf);
    }
    let session = req.get_session();
    let from_session = session.get::<String>(keys::CSRF).ok().flatten();
    // A signed-in session answers only to its own token; the cookie's secret stands in only for
    // visitors who are not signed in.
    let from_cookie = if session.contains_key(keys::USER_ID) {
        None
    } else {
        req.app_data::<web::Data<crate::startup::AppState>>()
            .and_then(|state| state.anonymous_csrf.secret(req))
    };
    let Some(sent) = sent else {
        return Err(AppError::Csrf);
    };
    let matches = [from_session, from_cookie]
        .into_iter()
        .flatten()
        .any(|expected| bool::from(sent.as_bytes().ct_eq(expected.as_bytes())));
    if matches { Ok(()) } else { Err(AppError::Csrf) }
}

#[derive(Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

/// A URL-encoded form whose `csrf_token` matched the session's; `T` must tolerate the extra
/// `csrf_token` field (no `deny_unknown_fields`).
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            if !origin_allowed(&req) {
                return Err(AppError::Csrf);
            }
            let body = body.await.map_err(|e| {
                let status = e.as_response_error().status_code();
                if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::BadRequest(Msg::new("form-too-large"))
                } else {
                    AppError::BadRequest(Msg::new("form-unreadable"))
                }
            })?;
            let sent: TokenField =
                serde_urlencoded::from_bytes(&body).map_err(|_| AppError::Csrf)?;
            // NUL is never meaningful in a form, and PostgreSQL refuses it in text: say so here
            // rather than fail deeper.
            if url::form_urlencoded::parse(&body).any(|(k, v)| k.contains('\0') || v.contains('\0'))
            {
                return Err(AppError::BadRequest(Msg::new("form-nul")));
            }
            verify(&req, sent.csrf_token.as_deref())?;
            serde_urlencoded::from_bytes::<T>(&body)
                .map(CsrfForm)
                .map_err(|e| {
                    AppError::BadRequest(Msg::new("form-malformed").arg("detail", e.to_string()))
                })
        })
    }
}
