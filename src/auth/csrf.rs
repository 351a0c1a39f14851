//! CSRF protection: a random token per session, sent back in every POST form's `csrf_token` field
//! and compared in constant time; a present `Origin` header that is not this site is refused.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
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

/// The session's CSRF token, created on first use.
pub fn token(session: &Session) -> Result<String, AppError> {
    if let Ok(Some(token)) = session.get::<String>(keys::CSRF) {
        return Ok(token);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    session
        .insert(keys::CSRF, &token)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storing the CSRF token: {e}")))?;
    Ok(token)
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
            let expected = req.get_session().get::<String>(keys::CSRF).ok().flatten();
            let (Some(sent), Some(expected)) = (sent.csrf_token, expected) else {
                return Err(AppError::Csrf);
            };
            if !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
                return Err(AppError::Csrf);
            }
            serde_urlencoded::from_bytes::<T>(&body)
                .map(CsrfForm)
                .map_err(|e| {
                    AppError::BadRequest(Msg::new("form-malformed").arg("detail", e.to_string()))
                })
        })
    }
}
