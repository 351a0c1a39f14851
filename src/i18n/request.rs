//! The reader's language, from the request.

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::{Lang, SESSION_KEY};

/// The reader's language: the switch's choice kept in the session, else the browser's
/// `Accept-Language`, else English.
pub fn request_lang(req: &HttpRequest) -> Lang {
    let chosen = req.get_session().get::<Lang>(SESSION_KEY).ok().flatten();
    chosen.unwrap_or_else(|| {
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::En, Lang::negotiate)
    })
}

impl FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(request_lang(req)))
    }
}
