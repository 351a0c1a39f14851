//! HTTP handlers, one file per resource. A handler extracts (typed user, path, CSRF-checked form
//! parsed into the domain's typed request), makes one `user.run(&state, |conn, ctx| domain::…)`
//! call, matches the one outcome it answers, and renders a page or redirects.

pub mod activity;
pub mod admin;
pub mod assets;
pub mod csv;
pub mod customers;
pub mod error;
mod filters;
pub mod home;
pub mod invitations;
pub mod language;
mod layout;
mod list_state;
pub mod login;
pub mod metrics;
pub mod partnerships;
pub mod password;
pub mod paths;
pub mod relationships;
mod routes;
pub mod settings;
pub mod subscription_list;
pub mod subscriptions;
pub mod suggest;
// Bulk assignment (issue 15).
pub mod batches;
pub mod support_default;

pub use layout::{Layout, LayoutUser, NavLink, PageLink, Section, page_number, pager};
pub use routes::{Method, ROUTES, Route, all_routes, get_or_head, routes};

use actix_web::HttpResponse;
use actix_web::http::header;
use askama::Template;

use crate::error::AppError;

/// Renders a template as an HTML response with a status.
pub fn render(
    status: actix_web::http::StatusCode,
    page: &impl Template,
) -> Result<HttpResponse, AppError> {
    let html = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// Renders a template as a 200 HTML response.
pub fn ok(page: &impl Template) -> Result<HttpResponse, AppError> {
    render(actix_web::http::StatusCode::OK, page)
}

/// A 303 See Other (Post/Redirect/Get).
pub fn see_other(location: &str) -> HttpResponse {
    // A location that cannot be a header value (control or non-ASCII characters) goes home
    // rather than failing the response.
    let location = header::HeaderValue::from_str(location)
        .unwrap_or(header::HeaderValue::from_static(paths::HOME));
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
