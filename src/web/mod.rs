//! HTTP handlers, one file per resource. A handler extracts (typed user, path, CSRF-checked form),
//! makes one `db.run(|conn| domain::…)` call, and renders a page or redirects.

pub mod activity;
pub mod admin;
pub mod assets;
pub mod csv;
pub mod customers;
pub mod error;
pub mod home;
pub mod invitations;
pub mod language;
pub mod login;
pub mod metrics;
pub mod paths;
pub mod relationships;
pub mod subscriptions;

use actix_web::http::header;
use actix_web::{HttpResponse, guard, web};
use askama::Template;

use crate::auth::extract::CurrentUser;
use crate::domain::{Org, Permission};
use crate::error::AppError;
use crate::i18n::{IntoArg, Lang};

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
    get(paths::RESELLERS, |r| r.to(relationships::resellers)),
    get(paths::pattern::PARTNERSHIP_REMOVAL, |r| {
        r.to(relationships::partnership_preview)
    }),
    post(paths::pattern::PARTNERSHIP_REMOVAL, |r| {
        r.to(relationships::partnership_remove)
    }),
    // The activity log.
    get(paths::ACTIVITY, |r| r.to(activity::list)),
    get(paths::ACTIVITY_CSV, |r| r.to(activity::export_csv)),
    get(paths::METRICS, |r| r.to(metrics::main_address)),
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

/// Which section of the navigation is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Partner: the Customers workspace.
    Customers,
    /// Partner: relationship invitations.
    Invitations,
    /// Partner (indirect provider): its resellers.
    Resellers,
    /// Partner: the activity log.
    Activity,
    /// Customer: the support page.
    Support,
    /// Customer: partner relationships.
    Partners,
    /// No section (sign-in, invitation acceptance).
    None,
}

/// What every page's frame shows: the user, their organization, the navigation, the language
/// switch and the token for the sign-out form; and the reader's language, in which every page
/// words itself (`layout.t(id)`, ids from `locales/`).
pub struct Layout {
    /// The page title, in words.
    pub title: String,
    /// The reader's language.
    pub lang: Lang,
    /// This page's path and query, where the language switch comes back to.
    pub here: String,
    /// The signed-in user, if any.
    pub user: Option<LayoutUser>,
    /// Token for every form on the page.
    pub csrf_token: String,
    /// Current navigation section.
    pub section: Section,
    /// A one-time message from the previous action.
    pub flash: Option<String>,
}

/// The signed-in user, as the header shows them.
pub struct LayoutUser {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Organization name.
    pub org_name: String,
    /// Role, in words.
    pub role: String,
    /// Partner staff (Customers workspace) rather than a customer user.
    pub is_partner: bool,
    /// The navigation links this user's role opens.
    pub nav: Vec<NavLink>,
}

/// One link of the main navigation.
pub struct NavLink {
    /// Where it goes.
    pub href: &'static str,
    /// Its words.
    pub label: String,
    /// The current section.
    pub current: bool,
}

/// The pages a permission puts in the navigation: (section, path, label).
fn nav_pages(permission: Permission) -> &'static [(Section, &'static str, &'static str)] {
    match permission {
        Permission::CustomerWorkspace => &[(Section::Customers, paths::CUSTOMERS, "nav-customers")],
        Permission::Invitations => &[(Section::Invitations, paths::INVITATIONS, "nav-invitations")],
        Permission::ManagePartnerships => {
            &[(Section::Resellers, paths::RESELLERS, "nav-resellers")]
        }
        Permission::ActivityLog => &[(Section::Activity, paths::ACTIVITY, "nav-activity")],
        Permission::AdminCenter => &[
            (Section::Support, paths::ADMIN_SUPPORT, "nav-support"),
            (Section::Partners, paths::ADMIN_PARTNERS, "nav-partners"),
        ],
        // Done from the pages above.
        Permission::AssignSupportContacts
        | Permission::RemoveRelationships
        | Permission::ManagePartnerRelationships => &[],
    }
}

/// The navigation links an actor's permissions open, in the table's order.
fn nav_links(actor: &crate::domain::Actor, section: Section, lang: Lang) -> Vec<NavLink> {
    actor
        .permissions()
        .flat_map(nav_pages)
        .map(|(s, href, label)| NavLink {
            href,
            label: lang.t(label),
            current: *s == section,
        })
        .collect()
}

impl Layout {
    /// The frame for a signed-in user.
    /// The frame for a signed-in user; `title` is a message id.
    pub fn for_user(title: &str, user: &CurrentUser, section: Section) -> Self {
        Self::for_user_titled(user.lang.t(title), user, section)
    }

    /// The frame for a signed-in user, with a title already in words.
    pub fn for_user_titled(title: String, user: &CurrentUser, section: Section) -> Self {
        let u = &user.user;
        let lang = user.lang;
        Self {
            title,
            lang,
            here: user.here.clone(),
            user: Some(LayoutUser {
                name: u.user.display_name.clone(),
                email: u.user.email.clone(),
                org_name: u.org_name.clone(),
                role: lang.t(u.actor.role.label_key()),
                is_partner: matches!(u.actor.org, Org::Partner { .. }),
                nav: nav_links(&u.actor, section, lang),
            }),
            csrf_token: user.csrf_token.clone(),
            section,
            flash: user.flash.as_ref().map(|m| lang.msg(m)),
        }
    }

    /// The frame for someone not signed in (sign-in, an invitation link); `title` is a message id.
    pub fn anonymous(title: &str, lang: Lang, csrf_token: String, here: String) -> Self {
        Self {
            title: lang.t(title),
            lang,
            here,
            user: None,
            csrf_token,
            section: Section::None,
            flash: None,
        }
    }

    /// The message `key` in the reader's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl IntoArg) -> String {
        self.lang.t1(key, name, value)
    }

    /// The message `key` with two arguments.
    pub fn t2(&self, key: &str, n1: &str, v1: impl IntoArg, n2: &str, v2: impl IntoArg) -> String {
        self.lang.t2(key, n1, v1, n2, v2)
    }

    /// The message `key` with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        key: &str,
        n1: &str,
        v1: impl IntoArg,
        n2: &str,
        v2: impl IntoArg,
        n3: &str,
        v3: impl IntoArg,
    ) -> String {
        self.lang.t3(key, n1, v1, n2, v2, n3, v3)
    }

    /// A [`crate::i18n::Msg`] in words.
    pub fn msg(&self, msg: &crate::i18n::Msg) -> String {
        self.lang.msg(msg)
    }

    /// A whole number in the locale's format.
    pub fn number(&self, n: impl IntoArg) -> String {
        self.lang.show(&n.into_arg())
    }

    /// A date (`NaiveDate`) in the locale's format.
    pub fn date(&self, d: impl IntoArg) -> String {
        self.lang.show(&d.into_arg())
    }

    /// A moment (`DateTime<Utc>`) in the locale's format.
    pub fn datetime(&self, at: impl IntoArg) -> String {
        self.lang.show(&at.into_arg())
    }

    /// The languages the switch offers: every one but the current.
    pub fn other_langs(&self) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| *l != self.lang).collect()
    }
}

/// A page number as typed in `?page=`: a whole number from 1 to a million.
pub fn page_number(raw: &str) -> Option<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
}

/// One link in a pager.
pub struct PageLink {
    /// Page number, or `None` for a gap ("…").
    pub number: Option<i64>,
    /// The link.
    pub href: String,
    /// The current page.
    pub current: bool,
}

/// Page links to show: first, last, and two either side of the current one, with gaps between.
pub fn pager(page: i64, pages: i64, href: impl Fn(i64) -> String) -> Vec<PageLink> {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in (1..=pages).filter(|n| *n == 1 || *n == pages || (n - page).abs() <= 2) {
        if n > last_shown + 1 {
            links.push(PageLink {
                number: None,
                href: String::new(),
                current: false,
            });
        }
        links.push(PageLink {
            number: Some(n),
            href: href(n),
            current: n == page,
        });
        last_shown = n;
    }
    links
}

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
