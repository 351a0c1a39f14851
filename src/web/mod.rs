//! HTTP handlers, one file per resource. A handler extracts (typed user, path, CSRF-checked form),
//! makes one `db.run(|conn| domain::…)` call, and renders a page or redirects.

pub mod activity;
pub mod admin;
pub mod assets;
pub mod customers;
pub mod error;
pub mod home;
pub mod invitations;
pub mod language;
pub mod login;
pub mod metrics;
pub mod relationships;
pub mod subscriptions;

use actix_web::http::header;
use actix_web::{HttpResponse, Route, guard, web};
use askama::Template;

use crate::auth::extract::CurrentUser;
use crate::domain::Org;
use crate::error::AppError;
use crate::i18n::{IntoArg, Lang};

/// Every route of this module: (method, path). With each resource module's own `ROUTES`, the list
/// that the access tests enumerate ([`all_routes`]), so that a new route cannot go unchecked.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/language"),
    ("GET", "/customers"),
    ("GET", "/customers/{tenant_id}"),
    (
        "GET",
        "/customers/{tenant_id}/subscriptions/{subscription_id}",
    ),
    (
        "POST",
        "/customers/{tenant_id}/subscriptions/{subscription_id}/support-contact",
    ),
    (
        "GET",
        "/customers/{tenant_id}/subscriptions/{subscription_id}/support-contact/changes/{change_id}",
    ),
    ("GET", "/admin/support"),
    ("GET", "/static/{name}"),
];

/// Every route of the application: (method, path).
pub fn all_routes() -> Vec<(&'static str, &'static str)> {
    [
        ROUTES,
        invitations::ROUTES,
        relationships::ROUTES,
        activity::ROUTES,
        metrics::ROUTES,
    ]
    .concat()
}

/// A route for GET that answers HEAD too: HEAD is GET without the body (RFC 9110 §9.3.2), which
/// actix-http leaves out of the answer by itself; and a 405 on the same path lists both in its
/// `Allow` header. Every GET route is registered with it (a test asks HEAD of each).
pub fn get_or_head() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Registers every route. Each path is one resource with a route per method, so that a known path
/// asked with another method answers 405, not 404.
pub fn routes(cfg: &mut web::ServiceConfig) {
    invitations::configure(cfg);
    relationships::configure(cfg);
    activity::configure(cfg);
    let sub = "/customers/{tenant_id}/subscriptions/{subscription_id}";
    cfg.service(web::resource("/").route(get_or_head().to(home::index)))
        .service(web::resource("/healthz").route(get_or_head().to(home::healthz)))
        .service(web::resource("/readyz").route(get_or_head().to(home::readyz)))
        .service(web::resource("/metrics").route(get_or_head().to(metrics::main_address)))
        .service(
            web::resource("/login")
                .route(get_or_head().to(login::show))
                .route(web::post().to(login::submit)),
        )
        .service(web::resource("/logout").route(web::post().to(login::logout)))
        .service(web::resource("/language").route(web::post().to(language::switch)))
        .service(web::resource("/customers").route(get_or_head().to(customers::list)))
        .service(web::resource("/customers/{tenant_id}").route(get_or_head().to(customers::show)))
        .service(web::resource(sub).route(get_or_head().to(subscriptions::show)))
        .service(
            web::resource(format!("{sub}/support-contact"))
                .route(web::post().to(subscriptions::assign)),
        )
        .service(
            web::resource(format!("{sub}/support-contact/changes/{{change_id}}"))
                .route(get_or_head().to(subscriptions::review)),
        )
        .service(web::resource("/admin/support").route(get_or_head().to(admin::support)))
        .service(web::resource("/static/{name}").route(get_or_head().to(assets::file)));
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

/// The navigation links an actor's role opens, in order.
fn nav_links(actor: &crate::domain::Actor, section: Section, lang: Lang) -> Vec<NavLink> {
    let links = [
        (
            Section::Customers,
            "/customers",
            "nav-customers",
            actor.customer_workspace().is_ok(),
        ),
        (
            Section::Invitations,
            "/relationships/invitations",
            "nav-invitations",
            actor.invitations_partner().is_ok(),
        ),
        (
            Section::Resellers,
            "/resellers",
            "nav-resellers",
            actor.partnership_manager().is_ok(),
        ),
        (
            Section::Activity,
            "/activity",
            "nav-activity",
            actor.activity_partner().is_ok(),
        ),
        (
            Section::Support,
            "/admin/support",
            "nav-support",
            actor.customer_admin().is_ok(),
        ),
        (
            Section::Partners,
            "/admin/partners",
            "nav-partners",
            actor.customer_admin().is_ok(),
        ),
    ];
    links
        .into_iter()
        .filter(|(_, _, _, allowed)| *allowed)
        .map(|(s, href, label, _)| NavLink {
            href,
            label: lang.t(label),
            current: s == section,
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
    let location =
        header::HeaderValue::from_str(location).unwrap_or(header::HeaderValue::from_static("/"));
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
