//! `GET /metrics`: the app's metrics in the Prometheus text format, served where the settings say
//! and nowhere else (docs/deployment.md):
//!
//! - `metrics_bind` set: on that address only, by a listener that serves nothing else; with
//!   `metrics_token` set too, only to a request that carries it.
//! - else `metrics_token` set: on the main address, only to a request that carries the token.
//! - neither: not served.
//!
//! On the main address a request without the token (or when it is not served there) gets the
//! same 404 page as an address that does not exist; the token goes as `Authorization: Bearer …`
//! and is compared in constant time.

use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::{Secret, Settings};
use crate::error::AppError;
use crate::startup::AppState;

/// The shortest `metrics_token` accepted.
const MIN_TOKEN_CHARS: usize = 32;

/// Refuses metrics settings that cannot work, or a token too easy to guess.
pub fn check_settings(settings: &Settings) -> Result<(), String> {
    if let Some(token) = &settings.metrics_token {
        let token = token.expose();
        if token.len() < MIN_TOKEN_CHARS || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(format!(
                "metrics_token must be at least {MIN_TOKEN_CHARS} visible ASCII characters, \
                 without spaces (e.g. `openssl rand -hex 32`)"
            ));
        }
    }
    if let Some(bind) = &settings.metrics_bind {
        if bind.trim().is_empty() {
            return Err("metrics_bind must be an address such as 127.0.0.1:9184".to_owned());
        }
        if bind.trim() == settings.bind.trim() {
            return Err("metrics_bind must be another address than bind".to_owned());
        }
    }
    Ok(())
}

/// Whether the request carries `Authorization: Bearer <token>`. Both sides are hashed first, so
/// that the comparison takes as long whatever the length of what was sent.
fn carries(req: &HttpRequest, token: &Secret) -> bool {
    let Some(given) = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, given)| given.trim())
    else {
        return false;
    };
    let digest = |s: &str| Sha256::digest(s.as_bytes());
    digest(given).ct_eq(&digest(token.expose())).into()
}

/// The scrape: the live sessions counted (one query), the pool read, every metric rendered.
async fn scrape(state: &AppState) -> Result<HttpResponse, AppError> {
    let sessions = match crate::auth::session::live_count(&state.db).await {
        Ok(count) => Some(count),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the live sessions could not be counted");
            None
        }
    };
    let body = state
        .metrics
        .render(&state.db.pool_stats(), sessions)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering the metrics: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type(crate::metrics::CONTENT_TYPE)
        .body(body))
}

/// `GET /metrics` on the main address: only with `metrics_token` set and carried, and no
/// `metrics_bind`; otherwise the 404 of an unknown address.
pub async fn main_address(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let settings = &state.settings;
    match (&settings.metrics_bind, &settings.metrics_token) {
        (None, Some(token)) if carries(&req, token) => scrape(&state).await,
        _ => Err(AppError::NotFound),
    }
}

/// `GET /metrics` on the `metrics_bind` listener: to anyone who can reach it, or with
/// `metrics_token` set only with the token.
pub async fn own_address(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(token) = &state.settings.metrics_token
        && !carries(&req, token)
    {
        return not_found().await;
    }
    scrape(&state).await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "metrics: scrape failed");
        HttpResponse::InternalServerError()
            .content_type("text/plain; charset=utf-8")
            .body("the metrics could not be rendered\n")
    })
}

/// Anything else on the `metrics_bind` listener.
pub async fn not_found() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/plain; charset=utf-8")
        .body("not found\n")
}

/// The routes of the `metrics_bind` listener, a server of its own: `GET /metrics` and a plain 404
/// for anything else. (The main address's `GET /metrics` is in [`super::ROUTES`].)
pub fn own_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(super::paths::METRICS).route(super::get_or_head().to(own_address)))
        .default_service(web::to(not_found));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_or_spaced_token_and_the_main_address_are_refused() {
        let with = |token: Option<&str>, bind: Option<&str>| {
            check_settings(&Settings {
                metrics_token: token.map(|t| Secret::new(t.to_owned())),
                metrics_bind: bind.map(str::to_owned),
                ..Settings::default()
            })
        };
        assert!(with(None, None).is_ok());
        assert!(with(Some(&"a".repeat(32)), Some("127.0.0.1:9184")).is_ok());
        for bad in [
            "",
            "short",
            &format!("{} {}", "a".repeat(20), "b".repeat(20)),
        ] {
            let err = with(Some(bad), None).err().unwrap_or_default();
            assert!(
                err.contains("metrics_token must be at least 32"),
                "{bad:?}: {err}"
            );
            assert!(
                bad.is_empty() || !err.contains(bad),
                "echoes the token: {err}"
            );
        }
        assert!(with(None, Some(" ")).is_err());
        assert!(with(None, Some(&Settings::default().bind)).is_err());
    }
}
