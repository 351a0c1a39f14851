//! The route table: every route written once, from which actix is configured and
//! `all_routes()` is read.

use actix_web::{guard, web};

use super::batches;
use super::support_default;
use super::{
    activity, admin, assets, customers, home, invitations, language, login, metrics, partnerships,
    password, paths, relationships, settings, subscription_list, subscriptions, suggest,
};
use crate::error::AppError;

/// The methods a route answers. A GET route answers HEAD too (see [`get_or_head`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET, and HEAD with it.
    Get,
    /// POST.
    Post,
}

impl Method {
    /// Its name, as [`all_routes`] lists it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }

    fn route(self) -> actix_web::Route {
        match self {
            Self::Get => get_or_head(),
            Self::Post => web::post(),
        }
    }
}

/// One route of the table: a method on a path pattern, and the handler that answers it.
pub struct Route {
    /// The method.
    pub method: Method,
    /// The path pattern, from [`paths`].
    pub path: &'static str,
    /// Attaches the handler (`|r| r.to(handler)`): a function, so that the table is plain data.
    handler: fn(actix_web::Route) -> actix_web::Route,
}

const fn get(path: &'static str, handler: fn(actix_web::Route) -> actix_web::Route) -> Route {
    Route {
        method: Method::Get,
        path,
        handler,
    }
}

const fn post(path: &'static str, handler: fn(actix_web::Route) -> actix_web::Route) -> Route {
    Route {
        method: Method::Post,
        path,
        handler,
    }
}

/// Every route of the main address, and the only place one is added: [`routes`] registers this
/// table and [`all_routes`] lists it, so that a served route cannot escape the tests that
/// enumerate the list (the access matrix, hostile input, HEAD and 405 answers).
///
/// `GET /metrics` here is the main address's (404 unless `metrics_token` is set and carried);
/// its own listener (`metrics_bind`) is [`metrics::own_routes`], a server of its own.
pub static ROUTES: &[Route] = &[
    get(paths::HOME, |r| r.to(home::index)),
    get(paths::HEALTHZ, |r| r.to(home::healthz)),
    get(paths::READYZ, |r| r.to(home::readyz)),
    get(paths::LOGIN, |r| r.to(login::show)),
    post(paths::LOGIN, |r| r.to(login::submit)),
    post(paths::LOGOUT, |r| r.to(login::logout)),
    post(paths::LANGUAGE, |r| r.to(language::switch)),
    // The Customers workspace.
    get(paths::CUSTOMERS, |r| r.to(customers::list)),
    get(paths::pattern::CUSTOMER, |r| r.to(customers::show)),
    get(paths::pattern::SUBSCRIPTION, |r| r.to(subscriptions::show)),
    post(paths::pattern::SUPPORT_CONTACT, |r| {
        r.to(subscriptions::assign)
    }),
    get(paths::pattern::SUPPORT_CONTACT_CHANGE, |r| {
        r.to(subscriptions::review)
    }),
    // The customer's admin center.
    get(paths::ADMIN_SUPPORT, |r| r.to(admin::support)),
    get(paths::pattern::ASSET, |r| r.to(assets::file)),
    // Relationship invitations.
    get(paths::INVITATIONS, |r| r.to(invitations::list)),
    post(paths::INVITATIONS, |r| r.to(invitations::create)),
    post(paths::pattern::INVITATION_REVOKE, |r| {
        r.to(invitations::revoke)
    }),
    get(paths::pattern::INVITATION, |r| r.to(invitations::show)),
    post(paths::pattern::INVITATION_ACCEPT, |r| {
        r.to(invitations::accept)
    }),
    post(paths::pattern::INVITATION_FIRST_ADMIN, |r| {
        r.to(invitations::onboarding::first_admin)
    }),
    post(paths::pattern::INVITATION_SIGN_UP, |r| {
        r.to(invitations::onboarding::sign_up)
    }),
    // Relationships and partnerships.
    get(paths::ADMIN_PARTNERS, |r| r.to(relationships::partners)),
    get(paths::pattern::DELEGATED_ADMIN_REMOVAL, |r| {
        r.to(relationships::delegated_admin_preview)
    }),
    post(paths::pattern::DELEGATED_ADMIN_REMOVAL, |r| {
        r.to(relationships::delegated_admin_remove)
    }),
    get(paths::pattern::OWN_RELATIONSHIP_REMOVAL, |r| {
        r.to(relationships::own_relationship_preview)
    }),
    post(paths::pattern::OWN_RELATIONSHIP_REMOVAL, |r| {
        r.to(relationships::own_relationship_remove)
    }),
    get(paths::pattern::RESELLER_RELATIONSHIP_REMOVAL, |r| {
        r.to(relationships::reseller_relationship_preview)
    }),
    post(paths::pattern::RESELLER_RELATIONSHIP_REMOVAL, |r| {
        r.to(relationships::reseller_relationship_remove)
    }),
    get(paths::RESELLERS, |r| r.to(partnerships::resellers)),
    get(paths::pattern::PARTNERSHIP_REMOVAL, |r| {
        r.to(relationships::partnership_preview)
    }),
    post(paths::pattern::PARTNERSHIP_REMOVAL, |r| {
        r.to(relationships::partnership_remove)
    }),
    // Partnership requests (issue 14).
    post(paths::RESELLER_REQUESTS, |r| r.to(partnerships::create)),
    post(paths::pattern::RESELLER_REQUEST_REVOKE, |r| {
        r.to(partnerships::revoke)
    }),
    get(paths::pattern::PARTNERSHIP_REQUEST, |r| {
        r.to(partnerships::show)
    }),
    post(paths::pattern::PARTNERSHIP_ACCEPT, |r| {
        r.to(partnerships::accept)
    }),
    post(paths::pattern::PARTNERSHIP_SIGN_UP, |r| {
        r.to(partnerships::sign_up)
    }),
    // Settings.
    get(paths::SUPPORT_PROFILE, |r| {
        r.to(settings::support_profile::show)
    }),
    post(paths::SUPPORT_PROFILE, |r| {
        r.to(settings::support_profile::save)
    }),
    // The activity log.
    get(paths::ACTIVITY, |r| r.to(activity::list)),
    get(paths::ACTIVITY_CSV, |r| r.to(activity::export_csv)),
    get(paths::METRICS, |r| r.to(metrics::main_address)),
    // Settings: the organization's users; set-password links.
    get(paths::SETTINGS_USERS, |r| r.to(settings::users::list)),
    post(paths::SETTINGS_USERS, |r| r.to(settings::users::add)),
    post(paths::pattern::USER_ROLE, |r| r.to(settings::users::role)),
    post(paths::pattern::USER_DISABLE, |r| {
        r.to(settings::users::disable)
    }),
    post(paths::pattern::USER_ENABLE, |r| {
        r.to(settings::users::enable)
    }),
    post(paths::pattern::USER_PASSWORD_LINK, |r| {
        r.to(settings::users::password_link)
    }),
    get(paths::pattern::PASSWORD_LINK, |r| r.to(password::show)),
    post(paths::pattern::PASSWORD_LINK, |r| r.to(password::submit)),
    // Settings: importing customers and subscriptions.
    get(paths::IMPORT, |r| r.to(settings::import::show)),
    post(paths::IMPORT, |r| r.to(settings::import::upload)),
    get(paths::pattern::IMPORT_PREVIEW, |r| {
        r.to(settings::import::preview)
    }),
    post(paths::pattern::IMPORT_CONFIRM, |r| {
        r.to(settings::import::confirm)
    }),
    // The subscription list across customers and its CSV export.
    get(paths::SUBSCRIPTIONS, |r| r.to(subscription_list::list)),
    get(paths::SUBSCRIPTIONS_CSV, |r| {
        r.to(subscription_list::export_csv)
    }),
    // The typeahead's suggestions (issue 15).
    get(paths::SUGGEST_RESELLERS, |r| r.to(suggest::resellers)),
    get(paths::SUGGEST_CUSTOMERS, |r| r.to(suggest::customers)),
    // Bulk assignment (issue 15): batches.
    post(paths::BATCHES, |r| r.to(batches::create)),
    get(paths::pattern::BATCH, |r| r.to(batches::show)),
    post(paths::pattern::BATCH_PARTNER, |r| r.to(batches::choose)),
    post(paths::pattern::BATCH_CONFIRM, |r| r.to(batches::confirm)),
    // Issue 15: a customer's default support contact for new subscriptions (H3).
    get(paths::pattern::SUPPORT_DEFAULT, |r| {
        r.to(support_default::show)
    }),
    post(paths::pattern::SUPPORT_DEFAULT, |r| {
        r.to(support_default::save)
    }),
];

/// Every route of the application: (method, path pattern), from [`ROUTES`].
pub fn all_routes() -> Vec<(&'static str, &'static str)> {
    ROUTES
        .iter()
        .map(|route| (route.method.as_str(), route.path))
        .collect()
}

/// A route for GET that answers HEAD too: HEAD is GET without the body (RFC 9110 §9.3.2), which
/// actix-http leaves out of the answer by itself; and a 405 on the same path lists both in its
/// `Allow` header. Every GET route is registered with it (a test asks HEAD of each).
pub fn get_or_head() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Registers [`ROUTES`]: one resource per path, with a route per method, so that a known path
/// asked with another method answers 405 (with `Allow`), not 404. A path value that does not
/// read as its type (a tenant id that is no UUID, a PartnerID that is no number) is our 404 page,
/// as a missing record is.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()));
    let mut registered: Vec<&str> = Vec::new();
    for first in ROUTES {
        if registered.contains(&first.path) {
            continue;
        }
        registered.push(first.path);
        let resource = ROUTES
            .iter()
            .filter(|route| route.path == first.path)
            .fold(web::resource(first.path), |resource, route| {
                resource.route((route.handler)(route.method.route()))
            });
        cfg.service(resource);
    }
}
