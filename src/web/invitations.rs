//! Relationship invitations: the partner's list, creating and revoking them, and a customer
//! admin's acceptance.

use actix_web::web;

/// This module's routes: (method, path).
pub const ROUTES: &[(&str, &str)] = &[];

/// Registers this module's routes.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
