//! Tests of the error pages: one rendering, in the reader's language, replaceable per scope.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use actix_web::middleware::ErrorHandlers;
use actix_web::{App, test};

use super::*;

/// A stand-in for the JSON API's renderer: what a `/v1` scope would register.
fn json_error(_req: &HttpRequest, page: &ErrorPage) -> HttpResponse {
    HttpResponse::build(page.status)
        .content_type("application/json")
        .body(format!(
            r#"{{"code":"{}","description":"{}"}}"#,
            page.title.key,
            page.message.english()
        ))
}

fn failing(error: fn() -> AppError) -> actix_web::Route {
    web::get().to(move || async move { Err::<HttpResponse, _>(error()) })
}

fn answering(status: StatusCode, content_type: &'static str) -> actix_web::Route {
    web::get().to(move || async move {
        HttpResponse::build(status)
            .content_type(content_type)
            .body("the handler's own body")
    })
}

async fn call<S, R, B>(app: &S, req: R) -> (StatusCode, header::HeaderMap, String)
where
    S: actix_web::dev::Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req).await;
    let (status, headers) = (res.status(), res.headers().clone());
    let body = test::read_body(res).await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn content_type(headers: &header::HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[actix_web::test]
async fn errors_are_rendered_once_by_the_renderer_of_the_scope_they_were_routed_to() {
    let app = test::init_service(
        App::new()
            .service(
                web::scope("/v1")
                    .app_data(ErrorRenderer {
                        media_type: "application/json",
                        render: json_error,
                    })
                    .route("/missing", failing(|| AppError::NotFound))
                    .route(
                        "/invalid",
                        answering(StatusCode::UNPROCESSABLE_ENTITY, "application/json"),
                    ),
            )
            .route("/missing", failing(|| AppError::NotFound))
            .route(
                "/forbidden",
                failing(|| AppError::Forbidden(Msg::new("forbidden-activity"))),
            )
            .route(
                "/signin",
                failing(|| AppError::Unauthenticated {
                    next: Some("/customers?q=a b".to_owned()),
                }),
            )
            .route(
                "/down",
                failing(|| AppError::Unavailable("no connection".to_owned())),
            )
            .route(
                "/form",
                answering(StatusCode::UNPROCESSABLE_ENTITY, "text/html; charset=utf-8"),
            )
            .route(
                "/plain",
                answering(StatusCode::BAD_REQUEST, "text/plain; charset=utf-8"),
            )
            .wrap(ErrorHandlers::new().default_handler(render_error)),
    )
    .await;
    let get = test::TestRequest::get;

    // The app's HTML page, in the reader's language.
    let (status, headers, body) = call(&app, get().uri("/missing").to_request()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type(&headers).starts_with("text/html"));
    assert!(body.contains("Page not found"), "{body}");
    let (_, _, body) = call(
        &app,
        get()
            .uri("/missing")
            .insert_header((header::ACCEPT_LANGUAGE, "pl"))
            .to_request(),
    )
    .await;
    assert!(body.contains("Nie znaleziono strony"), "{body}");
    let (status, _, body) = call(&app, get().uri("/forbidden").to_request()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.contains(&Lang::En.msg(&Msg::new("forbidden-activity"))),
        "{body}"
    );

    // Inside /v1, the scope's own renderer, and its own answers pass.
    let (status, headers, body) = call(&app, get().uri("/v1/missing").to_request()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(content_type(&headers), "application/json");
    assert!(body.starts_with(r#"{"code":"error-404-title""#), "{body}");
    let (status, _, body) = call(&app, get().uri("/v1/invalid").to_request()).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "the handler's own body")
    );
    let (status, headers, _) = call(&app, get().uri("/v1/nowhere").to_request()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(content_type(&headers), "application/json");

    // A page of the app's format passes; anything else gets the page for its status.
    let (status, _, body) = call(&app, get().uri("/form").to_request()).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "the handler's own body")
    );
    let (status, headers, body) = call(&app, get().uri("/plain").to_request()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(content_type(&headers).starts_with("text/html"));
    assert!(
        body.contains("Bad request") && !body.contains("own body"),
        "{body}"
    );

    // Status and headers come from the error itself.
    let (status, headers, body) = call(&app, get().uri("/signin").to_request()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/login?next=%2Fcustomers%3Fq%3Da+b"
    );
    assert_eq!(body, "");
    let (status, headers, body) = call(&app, get().uri("/down").to_request()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        headers.get(header::RETRY_AFTER).unwrap(),
        &RETRY_AFTER_SECONDS.to_string()
    );
    assert!(!body.contains("no connection"), "{body}");
}

/// Everything written to the log while `f` runs on this thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn an_internal_error_is_logged_once_with_its_causes_and_the_page_shows_none() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = test::init_service(
        App::new()
            .route(
                "/internal",
                failing(|| {
                    AppError::Internal(
                        anyhow::anyhow!("disk on fire").context("loading the widget"),
                    )
                }),
            )
            .wrap(ErrorHandlers::new().default_handler(render_error)),
    )
    .await;
    let (status, _, body) =
        call(&app, test::TestRequest::get().uri("/internal").to_request()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.contains("Something went wrong"), "{body}");
    assert!(!body.contains("disk") && !body.contains("widget"), "{body}");
    let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert_eq!(log.matches("internal error").count(), 1, "{log}");
    assert!(
        log.contains("loading the widget") && log.contains("disk on fire"),
        "{log}"
    );
}
