//! Relationships: the customer's partners and delegated admin removal, and the partner-side
//! removals, each with its impact preview and confirmation (rule 3).

use actix_web::web;

/// This module's routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[];

/// Registers this module's routes.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
