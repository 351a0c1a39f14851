//! The activity log and its CSV export.

use actix_web::web;

/// This module's routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[];

/// Registers this module's routes.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
