//! The access matrix: every route of the application, GET and POST, asked by an anonymous visitor
//! and by each role of DESIGN.md §3, about the own side's record (Adatum's, and its partners') and
//! about another organization's (Woodgrove's and Litware's), against the answer DESIGN.md demands:
//!
//! - anonymous: 303 to sign-in (`/login?next=<path>` for a GET, `/login` for a POST); the public
//!   routes (`/`, `/healthz`, `/readyz`, `/login`, `/logout`, `/static/{name}`) answer as they do
//!   for anyone, and `/metrics`, not served by default, is a 404 for everyone;
//! - a role (or organization kind) that may not use the route: 403;
//! - a role that may, on a record its organization may not see: 404, exactly as a missing record
//!   (rule 9);
//! - otherwise the success (200 for a page, 303 for a done POST), or the refusal a rule demands
//!   (409: a provider removing its own relationship while its subscriptions are active; 422: a
//!   support contact that cannot be chosen).
//!
//! The routes come from the application itself (`partnerdesk::web::all_routes()`): a route without
//! a row in [`TABLE`] fails the test, and so does a row for a route that is gone.
//!
//! One app (database) per principal, so that what one principal's POSTs change is never seen by
//! another's cells; within a principal, read-only cells run first and the destructive POSTs last,
//! in an order where none disturbs a later one (`POST /logout` last of all).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::ids::{MpnId, SubscriptionId, TenantId, UserId};
use partnerdesk::db::models::audit::Operation;
use partnerdesk::db::schema::{partnership_requests, relationship_invitations, subscriptions};
use partnerdesk::domain::support_contact::{self, AssignOutcome, AssignRequest};
use partnerdesk::domain::{Actor, Ctx, accounts, invitations, one_time, partnerships, users};

use crate::fixtures::{Event, UserBuilder, insert_event};
use crate::helpers::{PASSWORD, TestApp, attr, location};

const ADATUM: &str = "Adatum Corporation";
const WOODGROVE: &str = "Woodgrove Bank";

/// Principals whose cells run at the same time (each on its own app).
const CONCURRENT: usize = 4;

// ---------------------------------------------------------------------------------------------
// Principals.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Org {
    /// Indirect provider.
    Contoso,
    /// Indirect reseller of Contoso.
    Fabrikam,
    /// Direct-bill partner.
    Tailspin,
    /// Another indirect provider.
    Litware,
    /// The own side's customer.
    Adatum,
    /// Another customer.
    Woodgrove,
}

impl Org {
    fn is_partner(self) -> bool {
        matches!(
            self,
            Self::Contoso | Self::Fabrikam | Self::Tailspin | Self::Litware
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    GlobalAdmin,
    AdminAgent,
    HelpdeskAgent,
    SalesAgent,
    BillingAdmin,
    User,
}

use Org::{Adatum, Contoso, Fabrikam, Litware, Tailspin, Woodgrove};
use Role::{AdminAgent, BillingAdmin, GlobalAdmin, HelpdeskAgent, SalesAgent, User};

/// Partner roles of DESIGN.md §3, by what they may do.
const WORKSPACE: &[Role] = &[GlobalAdmin, AdminAgent, HelpdeskAgent, SalesAgent];
const ASSIGNERS: &[Role] = &[GlobalAdmin, AdminAgent, HelpdeskAgent];
const INVITERS: &[Role] = &[GlobalAdmin, AdminAgent, SalesAgent];
const REMOVERS: &[Role] = &[GlobalAdmin, AdminAgent, SalesAgent];
const ACTIVITY: &[Role] = &[GlobalAdmin, AdminAgent];
const IMPORTERS: &[Role] = &[GlobalAdmin, AdminAgent];
/// Customer roles of DESIGN.md §3.
const CUSTOMER_ADMINS: &[Role] = &[GlobalAdmin, BillingAdmin];
const CUSTOMER_GLOBAL_ADMIN: &[Role] = &[GlobalAdmin];

#[derive(Debug)]
struct Principal {
    label: &'static str,
    /// `None`: anonymous.
    email: Option<&'static str>,
    who: Option<(Org, Role)>,
}

const fn user(label: &'static str, email: &'static str, org: Org, role: Role) -> Principal {
    Principal {
        label,
        email: Some(email),
        who: Some((org, role)),
    }
}

static PRINCIPALS: &[Principal] = &[
    Principal {
        label: "anonymous",
        email: None,
        who: None,
    },
    user(
        "Contoso global admin",
        "globaladmin@contoso.example",
        Contoso,
        GlobalAdmin,
    ),
    user(
        "Contoso admin agent",
        "admin@contoso.example",
        Contoso,
        AdminAgent,
    ),
    user(
        "Contoso helpdesk agent",
        "helpdesk@contoso.example",
        Contoso,
        HelpdeskAgent,
    ),
    user(
        "Contoso sales agent",
        "sales@contoso.example",
        Contoso,
        SalesAgent,
    ),
    user(
        "Contoso billing admin",
        "billing@contoso.example",
        Contoso,
        BillingAdmin,
    ),
    user(
        "Fabrikam admin agent (reseller)",
        "admin@fabrikam.example",
        Fabrikam,
        AdminAgent,
    ),
    user(
        "Tailspin admin agent (direct-bill)",
        "admin@tailspin.example",
        Tailspin,
        AdminAgent,
    ),
    user(
        "Litware admin agent (other provider)",
        "admin@litware.example",
        Litware,
        AdminAgent,
    ),
    user(
        "Adatum global admin",
        "admin@adatum.example",
        Adatum,
        GlobalAdmin,
    ),
    user(
        "Adatum billing admin",
        "billing@adatum.example",
        Adatum,
        BillingAdmin,
    ),
    user("Adatum user", "user@adatum.example", Adatum, User),
    user(
        "Woodgrove global admin",
        "admin@woodgrove.example",
        Woodgrove,
        GlobalAdmin,
    ),
];

impl Principal {
    fn anonymous(&self) -> bool {
        self.who.is_none()
    }

    fn org(&self) -> Option<Org> {
        self.who.map(|(org, _)| org)
    }

    fn is(&self, org: Org) -> bool {
        self.org() == Some(org)
    }

    /// Partner staff with one of these roles.
    fn partner_with(&self, roles: &[Role]) -> bool {
        matches!(self.who, Some((org, role)) if org.is_partner() && roles.contains(&role))
    }

    /// A customer's user with one of these roles.
    fn customer_with(&self, roles: &[Role]) -> bool {
        matches!(self.who, Some((org, role)) if !org.is_partner() && roles.contains(&role))
    }

    /// An indirect provider's or direct-bill partner's Global admin or admin agent.
    fn importer(&self) -> bool {
        self.partner_with(IMPORTERS) && !self.is(Fabrikam)
    }

    fn provider_global_admin(&self) -> bool {
        matches!(self.who, Some((Contoso | Litware, GlobalAdmin)))
    }

    /// A Global admin of any organization (partner or customer): the users page.
    fn manages_users(&self) -> bool {
        matches!(self.who, Some((_, GlobalAdmin)))
    }

    /// Whether the path's user is the principal's customer's (not a partner's staff).
    fn customer_side(&self) -> bool {
        self.org().is_some_and(|org| !org.is_partner())
    }
}

// ---------------------------------------------------------------------------------------------
// Records.

/// Which record a cell asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rec {
    /// Adatum's side: Adatum's tenant, its subscription that the principal's organization deals
    /// with (Office 365 Business Standard sold by Contoso; Microsoft 365 E3 for Fabrikam, its
    /// reseller of record and support contact; Microsoft 365 Business Premium for Tailspin, its
    /// seller), Contoso's change, invitation and resellers Fabrikam (4200001) and Trey (4200002).
    Own,
    /// Another organization's: Woodgrove's tenant and its Microsoft 365 E5 sold by Litware,
    /// Litware's change and invitation, Litware's PartnerID (4100002), a static file that does
    /// not exist.
    Other,
}

/// The organizations that see the record's customer (rule 9: an active relationship), and with
/// the fixture's choice of subscription, the subscription too.
fn sees(p: &Principal, rec: Rec) -> bool {
    match rec {
        Rec::Own => p.is(Contoso) || p.is(Fabrikam) || p.is(Tailspin),
        Rec::Other => p.is(Litware),
    }
}

/// The organization that sold the record's subscription (rule 4: only its staff may assign).
fn sells(p: &Principal, rec: Rec) -> bool {
    match rec {
        Rec::Own => p.is(Contoso) || p.is(Tailspin),
        Rec::Other => p.is(Litware),
    }
}

/// The customer whose Global admin acts on its own relationships.
fn own_customer(p: &Principal, rec: Rec) -> bool {
    match rec {
        Rec::Own => p.is(Adatum),
        Rec::Other => p.is(Woodgrove),
    }
}

/// The record belongs to the principal's organization (changes, invitations, resellers).
fn made_by(p: &Principal, rec: Rec) -> bool {
    match rec {
        Rec::Own => p.is(Contoso),
        Rec::Other => p.is(Litware),
    }
}

/// The record's user is of the principal's organization. Own: Contoso's sales agent for partner
/// staff, Adatum's user for customers' users; other: Litware's admin agent, Woodgrove's Global
/// admin.
fn own_user(p: &Principal, rec: Rec) -> bool {
    match rec {
        Rec::Own => p.is(Contoso) || p.is(Adatum),
        Rec::Other => p.is(Litware) || p.is(Woodgrove),
    }
}

/// A change to the record's user: done, except that Woodgrove's Global admin, its other record,
/// is its last one (409).
fn user_change(p: &Principal, rec: Rec, refused_for_last: bool) -> Expect {
    gate(p, p.manages_users(), || {
        visible(own_user(p, rec), || {
            if p.is(Woodgrove) && refused_for_last {
                CONFLICT
            } else if p.is(Woodgrove) {
                // Itself: a change of one's own account goes home.
                Expect::SeeOther("/")
            } else {
                Expect::SeeOther("/settings/users")
            }
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Expected answers.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Exactly this status.
    Status(u16),
    /// 303 to a `Location` that starts with this.
    SeeOther(&'static str),
    /// 303 to sign-in: `/login?next=<path>` for a GET, `/login` for a POST.
    SignIn,
}

const PAGE: Expect = Expect::Status(200);
const UNAUTHORIZED: Expect = Expect::Status(401);
const FORBIDDEN: Expect = Expect::Status(403);
const NOT_FOUND: Expect = Expect::Status(404);
const CONFLICT: Expect = Expect::Status(409);
const UNPROCESSABLE: Expect = Expect::Status(422);

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Status(s) => write!(f, "{s}"),
            Self::SeeOther(to) => write!(f, "303 to {to}…"),
            Self::SignIn => write!(f, "303 to sign-in"),
        }
    }
}

/// The layering of every protected route: sign-in first, then the role (403), then `then`.
fn gate(p: &Principal, role_may: bool, then: impl FnOnce() -> Expect) -> Expect {
    if p.anonymous() {
        Expect::SignIn
    } else if !role_may {
        FORBIDDEN
    } else {
        then()
    }
}

/// `then` on a record the principal's organization sees, 404 on any other (rule 9).
fn visible(seen: bool, then: impl FnOnce() -> Expect) -> Expect {
    if seen { then() } else { NOT_FOUND }
}

/// What a POST sends besides `csrf_token`, and how the runner treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// A GET.
    None,
    /// Only the token.
    Token,
    /// `email`, `password`: own: the principal's own (anonymous: the Adatum user's), on a session
    /// of its own for anonymous; other: another organization's account with a wrong password.
    Login,
    /// Own: on a fresh session of the principal; other: the principal's session, last of all.
    Logout,
    /// `support_contact=4200001` and the subscription's current `version`.
    Assign,
    /// `delegated_admin=yes` (own) or nothing (other).
    Invitation,
    /// Own: `lang=pl`, back to `/customers`; other: a language partnerdesk does not speak.
    Language,
    /// Own: a new user's email, name and `billing_admin`; other: a malformed email.
    NewUser,
    /// `role=billing_admin`.
    Role,
    /// A new password, twice; own: on a fresh session of the principal (the link signs its user
    /// in).
    SetPassword,
    /// A multipart upload of the sample customers file, the token first.
    Upload,
    /// A bulk assignment's selection: `subscription` = the subscription the principal's
    /// organization deals with (own) or Woodgrove's E5 (other).
    Selection,
}

type Rule = fn(&Principal, Rec) -> Expect;

struct Row {
    method: &'static str,
    path: &'static str,
    /// Cells run by order, then route; read-only cells have 0.
    order: u8,
    body: Body,
    expect: Rule,
}

const fn get(path: &'static str, expect: Rule) -> Row {
    Row {
        method: "GET",
        path,
        order: 0,
        body: Body::None,
        expect,
    }
}

const fn post(path: &'static str, order: u8, body: Body, expect: Rule) -> Row {
    Row {
        method: "POST",
        path,
        order,
        body,
        expect,
    }
}

/// One row per route of `partnerdesk::web::all_routes()`.
static TABLE: &[Row] = &[
    // Public routes.
    get("/", |p, _| match p.who {
        None => Expect::SeeOther("/login"),
        // Roles that open no page get a page saying so (no redirect to a 403).
        Some((org, BillingAdmin)) if org.is_partner() => PAGE,
        Some((org, User)) if !org.is_partner() => PAGE,
        Some((org, _)) if org.is_partner() => Expect::SeeOther("/customers"),
        Some(_) => Expect::SeeOther("/admin/support"),
    }),
    get("/healthz", |_, _| PAGE),
    get("/readyz", |_, _| PAGE),
    // Not served unless configured (tests/api/metrics.rs): the 404 of an unknown address.
    get("/metrics", |_, _| NOT_FOUND),
    get("/login", |p, _| {
        if p.anonymous() {
            PAGE
        } else {
            Expect::SeeOther("/")
        }
    }),
    post("/login", 1, Body::Login, |_, rec| match rec {
        Rec::Own => Expect::SeeOther("/"),
        Rec::Other => UNAUTHORIZED,
    }),
    post("/logout", 10, Body::Logout, |_, _| {
        Expect::SeeOther("/login")
    }),
    // Anyone may switch the language, signed in or not.
    post("/language", 1, Body::Language, |_, rec| match rec {
        Rec::Own => Expect::SeeOther("/customers"),
        Rec::Other => Expect::Status(400),
    }),
    get("/static/{name}", |_, rec| match rec {
        Rec::Own => PAGE,
        Rec::Other => NOT_FOUND,
    }),
    // The Customers workspace.
    get("/customers", |p, _| {
        gate(p, p.partner_with(WORKSPACE), || PAGE)
    }),
    get("/customers/{tenant_id}", |p, rec| {
        gate(p, p.partner_with(WORKSPACE), || {
            visible(sees(p, rec), || PAGE)
        })
    }),
    get(
        "/customers/{tenant_id}/subscriptions/{subscription_id}",
        |p, rec| {
            gate(p, p.partner_with(WORKSPACE), || {
                visible(sees(p, rec), || PAGE)
            })
        },
    ),
    // Rule 4: the seller's Global admins, admin agents and helpdesk agents; a seller without
    // another eligible partner (Tailspin, Litware) gets the form back with 422.
    post(
        "/customers/{tenant_id}/subscriptions/{subscription_id}/support-contact",
        4,
        Body::Assign,
        |p, rec| {
            gate(p, p.partner_with(WORKSPACE), || {
                visible(sees(p, rec), || {
                    if !(sells(p, rec) && p.partner_with(ASSIGNERS)) {
                        FORBIDDEN
                    } else if p.is(Contoso) {
                        Expect::SeeOther("/customers/")
                    } else {
                        UNPROCESSABLE
                    }
                })
            })
        },
    ),
    // Own: Contoso's change on Adatum's Office 365; other: Litware's on Woodgrove's E5.
    get(
        "/customers/{tenant_id}/subscriptions/{subscription_id}/support-contact/changes/{change_id}",
        |p, rec| {
            gate(p, p.partner_with(WORKSPACE), || {
                visible(made_by(p, rec), || PAGE)
            })
        },
    ),
    // The customer's admin center.
    get("/admin/support", |p, _| {
        gate(p, p.customer_with(CUSTOMER_ADMINS), || PAGE)
    }),
    // Invitations (rule 8): any partner kind.
    get("/relationships/invitations", |p, _| {
        gate(p, p.partner_with(INVITERS), || PAGE)
    }),
    post("/relationships/invitations", 3, Body::Invitation, |p, _| {
        gate(p, p.partner_with(INVITERS), || {
            Expect::SeeOther("/relationships/invitations")
        })
    }),
    post(
        "/relationships/invitations/{id}/revoke",
        5,
        Body::Token,
        |p, rec| {
            gate(p, p.partner_with(INVITERS), || {
                visible(made_by(p, rec), || {
                    Expect::SeeOther("/relationships/invitations")
                })
            })
        },
    ),
    // A link works for whichever customer's Global admin opens it. Anonymous: neither fixture's
    // invitation names a customer, so the link offers sign-in and a new customer's sign-up.
    get("/invitations/{token}", |p, _| {
        if p.anonymous() {
            PAGE
        } else {
            gate(p, p.customer_with(CUSTOMER_GLOBAL_ADMIN), || PAGE)
        }
    }),
    // Onboarding through a link: for whoever holds it, signed in or not. Neither fixture's
    // invitation names a customer, so the first-admin form does not fit it (409), and a sign-up
    // with no fields is the form again (422); nothing changes.
    post(
        "/invitations/{token}/first-admin",
        1,
        Body::Token,
        |_, _| CONFLICT,
    ),
    post("/invitations/{token}/sign-up", 1, Body::Token, |_, _| {
        UNPROCESSABLE
    }),
    post("/invitations/{token}/accept", 7, Body::Token, |p, _| {
        gate(p, p.customer_with(CUSTOMER_GLOBAL_ADMIN), || {
            Expect::SeeOther("/admin/partners")
        })
    }),
    // Relationships.
    get("/admin/partners", |p, _| {
        gate(p, p.customer_with(CUSTOMER_ADMINS), || PAGE)
    }),
    // Own: Fabrikam's delegated admin on Adatum; other: Litware's on Woodgrove.
    get(
        "/admin/partners/{mpn_id}/delegated-admin/remove",
        |p, rec| {
            gate(p, p.customer_with(CUSTOMER_GLOBAL_ADMIN), || {
                visible(own_customer(p, rec), || PAGE)
            })
        },
    ),
    post(
        "/admin/partners/{mpn_id}/delegated-admin/remove",
        6,
        Body::Token,
        |p, rec| {
            gate(p, p.customer_with(CUSTOMER_GLOBAL_ADMIN), || {
                visible(own_customer(p, rec), || Expect::SeeOther("/admin/partners"))
            })
        },
    ),
    // A provider's or direct-bill partner's own relationship; resellers work through their
    // provider (rule 8).
    get("/customers/{tenant_id}/relationship/remove", |p, rec| {
        gate(p, p.partner_with(REMOVERS), || {
            visible(
                sees(p, rec),
                || if p.is(Fabrikam) { FORBIDDEN } else { PAGE },
            )
        })
    }),
    // Refused while the partner's subscriptions for the customer are active: every seller here
    // has one.
    post(
        "/customers/{tenant_id}/relationship/remove",
        2,
        Body::Token,
        |p, rec| {
            gate(p, p.partner_with(REMOVERS), || {
                visible(sees(p, rec), || {
                    if p.is(Fabrikam) { FORBIDDEN } else { CONFLICT }
                })
            })
        },
    ),
    // Own: Adatum and Contoso's reseller Fabrikam; other: Woodgrove and Litware's PartnerID. Only
    // a provider has resellers: for anyone else the reseller is not there (404).
    get(
        "/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove",
        |p, rec| {
            gate(p, p.partner_with(REMOVERS), || {
                visible(sees(p, rec), || {
                    if p.is(Fabrikam) {
                        FORBIDDEN
                    } else {
                        visible(made_by(p, rec) && rec == Rec::Own, || PAGE)
                    }
                })
            })
        },
    ),
    post(
        "/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove",
        8,
        Body::Token,
        |p, rec| {
            gate(p, p.partner_with(REMOVERS), || {
                visible(sees(p, rec), || {
                    if p.is(Fabrikam) {
                        FORBIDDEN
                    } else {
                        visible(made_by(p, rec) && rec == Rec::Own, || {
                            Expect::SeeOther("/customers/")
                        })
                    }
                })
            })
        },
    ),
    // Partnerships: an indirect provider's Global admin. Own: Trey (4200002); other: Litware's
    // PartnerID, no reseller of Contoso's.
    get("/resellers", |p, _| {
        gate(p, p.provider_global_admin(), || PAGE)
    }),
    get("/resellers/{mpn_id}/partnership/remove", |p, rec| {
        gate(p, p.provider_global_admin(), || {
            visible(p.is(Contoso) && rec == Rec::Own, || PAGE)
        })
    }),
    post(
        "/resellers/{mpn_id}/partnership/remove",
        9,
        Body::Token,
        |p, rec| {
            gate(p, p.provider_global_admin(), || {
                visible(p.is(Contoso) && rec == Rec::Own, || {
                    Expect::SeeOther("/resellers")
                })
            })
        },
    ),
    // The support profile (issue 14): Global admins and admin agents of any partner. Only the
    // token is sent: the empty email is refused with 422, nothing stored.
    get("/settings/support-profile", |p, _| {
        gate(p, p.partner_with(ACTIVITY), || PAGE)
    }),
    post("/settings/support-profile", 2, Body::Token, |p, _| {
        gate(p, p.partner_with(ACTIVITY), || UNPROCESSABLE)
    }),
    // Partnership requests (issue 14): an indirect provider's Global admin makes and revokes
    // them. Own: Contoso's request; other: Litware's.
    post("/resellers/requests", 3, Body::Token, |p, _| {
        gate(p, p.provider_global_admin(), || {
            Expect::SeeOther("/resellers")
        })
    }),
    post(
        "/resellers/requests/{request_id}/revoke",
        5,
        Body::Token,
        |p, rec| {
            gate(p, p.provider_global_admin(), || {
                visible(p.is(Contoso) && rec == Rec::Own, || {
                    Expect::SeeOther("/resellers")
                })
            })
        },
    ),
    // The link: a visitor may read it (to sign in or sign up); of those signed in, only an
    // indirect reseller's Global admin may accept, and there is none among the principals.
    get("/partnerships/{token}", |p, _| {
        if p.anonymous() { PAGE } else { FORBIDDEN }
    }),
    post("/partnerships/{token}/accept", 7, Body::Token, |p, _| {
        gate(p, false, || PAGE)
    }),
    // Only the token: a visitor's form is refused field by field (422); the signed-in are not
    // signing up (403).
    post("/partnerships/{token}/sign-up", 7, Body::Token, |p, _| {
        if p.anonymous() {
            UNPROCESSABLE
        } else {
            FORBIDDEN
        }
    }),
    // The activity log: Global admins and admin agents of any partner. Other: filtered by
    // Woodgrove's tenant (an empty log for anyone but Litware, never a refusal).
    get("/activity", |p, _| {
        gate(p, p.partner_with(ACTIVITY), || PAGE)
    }),
    get("/activity.csv", |p, _| {
        gate(p, p.partner_with(ACTIVITY), || PAGE)
    }),
    // The organization's users: Global admins of any organization.
    get("/settings/users", |p, _| {
        gate(p, p.manages_users(), || PAGE)
    }),
    post("/settings/users", 3, Body::NewUser, |p, rec| {
        gate(p, p.manages_users(), || match rec {
            Rec::Own => Expect::SeeOther("/settings/users"),
            Rec::Other => UNPROCESSABLE,
        })
    }),
    post("/settings/users/{user_id}/role", 4, Body::Role, |p, rec| {
        user_change(p, rec, true)
    }),
    post(
        "/settings/users/{user_id}/disable",
        5,
        Body::Token,
        |p, rec| user_change(p, rec, true),
    ),
    post(
        "/settings/users/{user_id}/enable",
        6,
        Body::Token,
        |p, rec| user_change(p, rec, false),
    ),
    // A link for oneself is not a change of one's account: back to the list.
    post(
        "/settings/users/{user_id}/password-link",
        7,
        Body::Token,
        |p, rec| {
            gate(p, p.manages_users(), || {
                visible(own_user(p, rec), || Expect::SeeOther("/settings/users"))
            })
        },
    ),
    // A set-password link works for whoever holds it, signed in or not. Own: a link for a sales
    // agent Contoso's Global admin added; other: a token no link has.
    get("/password/{token}", |_, rec| match rec {
        Rec::Own => PAGE,
        Rec::Other => NOT_FOUND,
    }),
    post(
        "/password/{token}",
        9,
        Body::SetPassword,
        |_, rec| match rec {
            Rec::Own => Expect::SeeOther("/customers"),
            Rec::Other => NOT_FOUND,
        },
    ),
    // Importing: an indirect provider's or direct-bill partner's Global admins and admin agents.
    // Own: Contoso's upload; other: Litware's.
    get("/settings/import", |p, _| gate(p, p.importer(), || PAGE)),
    post("/settings/import", 3, Body::Upload, |p, _| {
        gate(p, p.importer(), || Expect::SeeOther("/settings/import/"))
    }),
    get("/settings/import/{upload_id}", |p, rec| {
        gate(p, p.importer(), || visible(made_by(p, rec), || PAGE))
    }),
    post(
        "/settings/import/{upload_id}/confirm",
        5,
        Body::Token,
        |p, rec| {
            gate(p, p.importer(), || {
                visible(made_by(p, rec), || Expect::SeeOther("/settings/import"))
            })
        },
    ),
    // The subscription list across customers (issue 15) and its CSV: the Customers workspace.
    // Other: filtered by Woodgrove's name (an empty list for anyone but Litware, never a refusal).
    get("/subscriptions", |p, _| {
        gate(p, p.partner_with(WORKSPACE), || PAGE)
    }),
    get("/subscriptions.csv", |p, _| {
        gate(p, p.partner_with(WORKSPACE), || PAGE)
    }),
    // The typeahead's suggestions (issue 15): the customer workspace's roles; scoped, never a
    // refusal for another organization's text (it is simply not suggested).
    get("/suggest/resellers", |p, _| {
        gate(p, p.partner_with(WORKSPACE), || PAGE)
    }),
    get("/suggest/customers", |p, _| {
        gate(p, p.partner_with(WORKSPACE), || PAGE)
    }),
    // Bulk assignment (issue 15). The selection: visible (rule 9), then the seller's assigners
    // (rule 4). Own batch: Contoso's draft of Office 365 with Fabrikam chosen; other: Litware's
    // of E5. Only the token to the partner choice: 422 (type a partner), nothing changed.
    post("/subscriptions/batches", 3, Body::Selection, |p, rec| {
        gate(p, p.partner_with(WORKSPACE), || {
            visible(sees(p, rec), || {
                if sells(p, rec) && p.partner_with(ASSIGNERS) {
                    Expect::SeeOther("/subscriptions/batches/")
                } else {
                    FORBIDDEN
                }
            })
        })
    }),
    get("/subscriptions/batches/{batch_id}", |p, rec| {
        batch_cell(p, rec, PAGE)
    }),
    post(
        "/subscriptions/batches/{batch_id}/partner",
        4,
        Body::Token,
        |p, rec| batch_cell(p, rec, UNPROCESSABLE),
    ),
    post(
        "/subscriptions/batches/{batch_id}/confirm",
        5,
        Body::Token,
        |p, rec| batch_cell(p, rec, Expect::SeeOther("/subscriptions/batches/")),
    ),
    // Issue 15, a customer's default support contact for new subscriptions (H3): the seller's
    // workspace roles see it (resellers sell nothing: 403); only the token is sent, so a seller's
    // assigners get the form back (422), other roles 403.
    get("/customers/{tenant_id}/support-default", |p, rec| {
        gate(p, p.partner_with(WORKSPACE), || {
            visible(
                sees(p, rec),
                || if p.is(Fabrikam) { FORBIDDEN } else { PAGE },
            )
        })
    }),
    post(
        "/customers/{tenant_id}/support-default",
        4,
        Body::Token,
        |p, rec| {
            gate(p, p.partner_with(WORKSPACE), || {
                visible(sees(p, rec), || {
                    if p.is(Fabrikam) || !p.partner_with(ASSIGNERS) {
                        FORBIDDEN
                    } else {
                        UNPROCESSABLE
                    }
                })
            })
        },
    ),
];

/// A batch's routes: the workspace's roles, then the batch's organization (404 for another's),
/// then its assigners (rule 4), then `then`.
fn batch_cell(p: &Principal, rec: Rec, then: Expect) -> Expect {
    gate(p, p.partner_with(WORKSPACE), || {
        visible(made_by(p, rec), || {
            if p.partner_with(ASSIGNERS) {
                then
            } else {
                FORBIDDEN
            }
        })
    })
}

/// Fails unless the table has exactly one row for each route of the application, and each row's
/// body fits its method.
fn check_table(routes: &[(&'static str, &'static str)]) {
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, p)| !TABLE.iter().any(|r| r.method == *m && r.path == *p))
        .map(|(m, p)| format!("  {m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "these routes of partnerdesk::web::all_routes() have no row in the access matrix \
         (TABLE in tests/api/access.rs); add one giving the expected answer for anonymous and each \
         role, on the own and the other organization's record:\n{}",
        missing.join("\n")
    );
    let stale: Vec<String> = TABLE
        .iter()
        .filter(|r| !routes.contains(&(r.method, r.path)))
        .map(|r| format!("  {} {}", r.method, r.path))
        .collect();
    assert!(
        stale.is_empty(),
        "the access matrix has rows for routes that partnerdesk::web::all_routes() no longer \
         lists; remove them (or list the route again):\n{}",
        stale.join("\n")
    );
    let mut seen = HashSet::new();
    for row in TABLE {
        assert!(
            seen.insert((row.method, row.path)),
            "two rows for {} {} in the access matrix",
            row.method,
            row.path
        );
        assert_eq!(
            row.method == "GET",
            row.body == Body::None,
            "{} {}: a GET row has no body, a POST row has one",
            row.method,
            row.path
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The records, made in each principal's app before its cells run.

struct Fixture {
    adatum: String,
    woodgrove: String,
    /// Adatum's subscriptions: Office 365 (Contoso → Contoso), E3 (Contoso → Fabrikam, reseller
    /// of record Fabrikam), Business Premium (Tailspin → Tailspin).
    o365: String,
    e3: String,
    premium: String,
    /// Woodgrove's Microsoft 365 E5 (Litware → Litware).
    e5: String,
    /// Contoso's assignment on Office 365 (to Fabrikam, since taken back).
    contoso_change: String,
    /// An assignment on E5 recorded for Litware.
    litware_change: String,
    /// Pending invitations: Contoso's asks for delegated admin, Litware's does not.
    contoso_token: String,
    contoso_invitation: String,
    litware_token: String,
    litware_invitation: String,
    /// Pending partnership requests of Contoso and of Litware: (token, id).
    contoso_request: (String, String),
    litware_request: (String, String),
    /// Users: Contoso's sales agent, Adatum's user, Litware's admin agent, Woodgrove's Global
    /// admin.
    contoso_sales: String,
    adatum_user: String,
    litware_admin: String,
    woodgrove_admin: String,
    /// A set-password link for a sales agent Contoso's Global admin added.
    password_token: String,
    /// Uploads of the sample customers file, waiting for confirmation.
    contoso_upload: String,
    litware_upload: String,
    /// Draft batches: Contoso's of Office 365 with Fabrikam chosen, Litware's of E5 with Litware.
    contoso_batch: String,
    litware_batch: String,
}

fn actor_of(app: &TestApp, email: &str) -> Actor {
    let (id, _) = app.user_of(email);
    accounts::session_user(&mut app.conn(), &UserId::from(id))
        .expect("load user")
        .unwrap_or_else(|| panic!("{email} cannot sign in"))
        .actor
}

/// The context of `actor` under the default settings (rule 2 with delegated admin, 30 days).
fn ctx_of(actor: &Actor) -> Ctx {
    Ctx {
        actor: actor.clone(),
        rule: EligibilityRule::DelegatedAdmin,
        invitation_days: 30,
    }
}

fn invitation_id(app: &TestApp, token: &str) -> String {
    relationship_invitations::table
        .filter(relationship_invitations::token_hash.eq(partnerdesk::domain::one_time::hash(token)))
        .select(relationship_invitations::id)
        .first::<String>(&mut *app.conn())
        .expect("the invitation just made")
}

impl Fixture {
    fn set_up(app: &TestApp) -> Self {
        let adatum = app.tenant_of(ADATUM);
        let o365 = app.subscription_of(ADATUM, "Office 365 Business Standard");
        let contoso = actor_of(app, "admin@contoso.example");
        let litware = actor_of(app, "admin@litware.example");

        // Contoso assigns Office 365 to Fabrikam and takes it back: a change to review, and
        // Contoso the contact again for the assignment cells.
        let assign = |to: &str, version: i32| {
            let outcome = support_contact::assign(
                &mut app.conn(),
                &ctx_of(&contoso),
                &TenantId::parse(&adatum).expect("tenant id"),
                &SubscriptionId::parse(&o365).expect("subscription id"),
                &AssignRequest {
                    support_contact: MpnId::parse(to).expect("PartnerID"),
                    version,
                },
            )
            .expect("assign");
            match outcome {
                AssignOutcome::Assigned(event) => event,
                AssignOutcome::Refused { why, .. } => panic!("assignment refused: {why:?}"),
            }
        };
        let contoso_change = assign("4200001", 1).to_string();
        assign("4100001", 2);

        // Litware has no reseller to hand E5 to: its change is recorded directly.
        let e5 = app.subscription_of(WOODGROVE, "Microsoft 365 E5");
        let litware_id = app.partner_id_of(4_100_002);
        let woodgrove_id = app.customer_id_of(WOODGROVE);
        let litware_change = insert_event(
            &mut app.conn(),
            &Event {
                at: partnerdesk::db::now(),
                user: Some(litware.user_id.as_str()),
                actor_partner: Some(&litware_id),
                subject: Some(&litware_id),
                customer: Some(&woodgrove_id),
                subscription: Some(&e5),
                op: Operation::SupportContactAssigned.as_str(),
                old: Some(&litware_id),
                new: Some(&litware_id),
                ..Event::default()
            },
        );

        let contoso_token = invitations::create(
            &mut app.conn(),
            &ctx_of(&contoso),
            &invitations::InvitationRequest {
                delegated_admin: true,
                ..Default::default()
            },
        )
        .expect("Contoso invitation");
        let litware_token = invitations::create(
            &mut app.conn(),
            &ctx_of(&litware),
            &invitations::InvitationRequest::default(),
        )
        .expect("Litware invitation");
        let contoso_ga = actor_of(app, "globaladmin@contoso.example");
        UserBuilder::new("ga@litware.example", partnerdesk::domain::Role::GlobalAdmin)
            .of_partner(app, 4_100_002);
        let litware_ga = actor_of(app, "ga@litware.example");
        let request =
            |actor: &Actor| match partnerships::create(&mut app.conn(), &ctx_of(actor), "")
                .expect("request")
            {
                partnerships::CreateOutcome::Created(token) => {
                    let id = partnership_requests::table
                        .filter(partnership_requests::token_hash.eq(one_time::hash(&token)))
                        .select(partnership_requests::id)
                        .first::<String>(&mut *app.conn())
                        .expect("the request just made");
                    (token, id)
                }
                partnerships::CreateOutcome::Invalid { why, .. } => panic!("{why:?}"),
            };
        let (contoso_request, litware_request) = (request(&contoso_ga), request(&litware_ga));
        let added = users::add(
            &mut app.conn(),
            &ctx_of(&contoso_ga),
            &users::AddInput {
                email: "invited@contoso.example".to_owned(),
                display_name: "Invited Agent".to_owned(),
                role: "sales_agent".to_owned(),
            },
            7,
        )
        .expect("add a user");
        let password_token = match added {
            users::AddOutcome::Added(link) => link.token,
            users::AddOutcome::Invalid { errors, .. } => panic!("add refused: {errors:?}"),
        };
        let upload = |actor: &Actor| {
            partnerdesk::domain::import::uploads::store(
                &mut app.conn(),
                &ctx_of(actor),
                partnerdesk::domain::import::ImportKind::Customers,
                "customers.csv",
                &sample_customers(),
            )
            .expect("upload")
            .to_string()
        };
        let (contoso_upload, litware_upload) = (upload(&contoso), upload(&litware));
        let batch = |actor: &Actor, subscription: &str, partner: &str| {
            use partnerdesk::domain::support_contact::bulk;
            let request = bulk::BatchRequest {
                subscriptions: vec![SubscriptionId::parse(subscription).expect("subscription id")],
                partner: MpnId::parse(partner),
                back: None,
                matching: None,
            };
            match bulk::create_batch(&mut app.conn(), &ctx_of(actor), &request).expect("batch") {
                bulk::CreateOutcome::Created { batch, note: None } => batch.to_string(),
                other => panic!("batch not made: {other:?}"),
            }
        };
        let contoso_batch = batch(&contoso, &o365, "4200001");
        let litware_batch = batch(&litware, &e5, "4100002");
        Self {
            contoso_batch,
            litware_batch,
            contoso_sales: app.user_of("sales@contoso.example").0,
            adatum_user: app.user_of("user@adatum.example").0,
            litware_admin: app.user_of("admin@litware.example").0,
            woodgrove_admin: app.user_of("admin@woodgrove.example").0,
            password_token,
            contoso_upload,
            litware_upload,
            woodgrove: app.tenant_of(WOODGROVE),
            e3: app.subscription_of(ADATUM, "Microsoft 365 E3"),
            premium: app.subscription_of(ADATUM, "Microsoft 365 Business Premium"),
            contoso_invitation: invitation_id(app, &contoso_token),
            litware_invitation: invitation_id(app, &litware_token),
            adatum,
            o365,
            e5,
            contoso_change,
            litware_change: litware_change.to_string(),
            contoso_token,
            litware_token,
            contoso_request,
            litware_request,
        }
    }

    /// The route's path with the record's parameters (and, for lists, the other record's filter).
    fn path(&self, route: &str, p: &Principal, rec: Rec) -> String {
        let own = rec == Rec::Own;
        let pick = |mine: &str, theirs: &str| if own { mine } else { theirs }.to_owned();
        let tenant = pick(&self.adatum, &self.woodgrove);
        let subscription = if route.contains("{change_id}") {
            pick(&self.o365, &self.e5)
        } else if p.is(Fabrikam) {
            pick(&self.e3, &self.e5)
        } else if p.is(Tailspin) {
            pick(&self.premium, &self.e5)
        } else {
            pick(&self.o365, &self.e5)
        };
        let reseller = if route.starts_with("/resellers/") {
            pick("4200002", "4100002")
        } else {
            pick("4200001", "4100002")
        };
        let user = match (own, p.customer_side()) {
            (true, false) => &self.contoso_sales,
            (true, true) => &self.adatum_user,
            (false, false) => &self.litware_admin,
            (false, true) => &self.woodgrove_admin,
        };
        let token = if route.starts_with("/password/") {
            pick(&self.password_token, &"0f".repeat(32))
        } else if route.starts_with("/partnerships/") {
            pick(&self.contoso_request.0, &self.litware_request.0)
        } else {
            pick(&self.contoso_token, &self.litware_token)
        };
        let path = route
            .replace("{user_id}", user)
            .replace("{tenant_id}", &tenant)
            .replace("{subscription_id}", &subscription)
            .replace(
                "{change_id}",
                &pick(&self.contoso_change, &self.litware_change),
            )
            .replace(
                "{id}",
                &pick(&self.contoso_invitation, &self.litware_invitation),
            )
            .replace(
                "{request_id}",
                &pick(&self.contoso_request.1, &self.litware_request.1),
            )
            .replace("{token}", &token)
            .replace("{mpn_id}", &reseller)
            .replace(
                "{upload_id}",
                &pick(&self.contoso_upload, &self.litware_upload),
            )
            .replace("{name}", &pick("app.css", "no-such-file.css"))
            .replace(
                "{batch_id}",
                &pick(&self.contoso_batch, &self.litware_batch),
            );
        match (route, rec) {
            ("/customers", Rec::Other) => format!("{path}?q=Woodgrove"),
            ("/subscriptions" | "/subscriptions.csv", Rec::Other) => {
                format!("{path}?customer=Woodgrove")
            }
            ("/suggest/resellers", Rec::Other) => format!("{path}?q=4100002"),
            ("/suggest/resellers", Rec::Own) => format!("{path}?q=Fabrikam"),
            ("/suggest/customers", Rec::Other) => format!("{path}?q=Woodgrove"),
            ("/suggest/customers", Rec::Own) => format!("{path}?q=Adatum"),
            ("/activity" | "/activity.csv", Rec::Other) => {
                format!("{path}?customer={}", self.woodgrove)
            }
            _ => path,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running one principal's cells.

fn sample_customers() -> Vec<u8> {
    std::fs::read(format!(
        "{}/docs/samples/customers.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the sample customers file")
}

/// The first `csrf_token` field of a page, if any.
fn token_in(html: &str) -> Option<String> {
    attr(html, "input[name=csrf_token]", "value")
}

/// The session's CSRF token: from the sign-in page for anonymous, else from the Customers page or
/// its 403 page (whose sign-out form carries it).
async fn session_token(session: &TestApp, signed_in: bool) -> String {
    let page = if signed_in { "/customers" } else { "/login" };
    let (_, html) = session.get_html(page).await;
    token_in(&html).unwrap_or_else(|| panic!("no csrf_token on {page}"))
}

fn version_of(app: &TestApp, subscription: &str) -> i32 {
    subscriptions::table
        .find(subscription)
        .select(subscriptions::version)
        .first::<i32>(&mut *app.conn())
        .expect("subscription version")
}

/// The principal's answer for one cell: (status, Location).
async fn ask(
    app: &TestApp,
    p: &Principal,
    row: &Row,
    rec: Rec,
    path: &str,
    subscription: Option<&str>,
) -> (u16, String) {
    let own = rec == Rec::Own;
    let signed_in = !p.anonymous();
    let response = match row.body {
        Body::None => app.get(path).await,
        Body::Login if own && !signed_in => {
            // Signing in changes the session: on one of its own.
            let session = app.new_session();
            let token = session_token(&session, false).await;
            let form = [
                ("email", "user@adatum.example"),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ];
            session.post_form(path, &form).await
        }
        Body::Login => {
            let token = session_token(app, signed_in).await;
            let (email, password) = match (own, p.email) {
                (true, Some(email)) => (email, PASSWORD),
                _ => ("admin@woodgrove.example", "not-the-password"),
            };
            let form = [
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
            ];
            app.post_form(path, &form).await
        }
        Body::Logout if own => {
            let session = app.new_session();
            if let Some(email) = p.email {
                session.login(email).await;
            }
            let token = session_token(&session, signed_in).await;
            session.post_form(path, &[("csrf_token", &token)]).await
        }
        Body::Language => {
            let token = session_token(app, signed_in).await;
            let lang = if own { "pl" } else { "de" };
            let form = [
                ("lang", lang),
                ("next", "/customers"),
                ("csrf_token", &token),
            ];
            app.post_form(path, &form).await
        }
        Body::Logout | Body::Token => {
            let token = session_token(app, signed_in).await;
            app.post_form(path, &[("csrf_token", &token)]).await
        }
        Body::Assign => {
            let token = session_token(app, signed_in).await;
            let version = version_of(app, subscription.expect("a subscription")).to_string();
            let form = [
                ("support_contact", "4200001"),
                ("version", &version),
                ("csrf_token", &token),
            ];
            app.post_form(path, &form).await
        }
        Body::NewUser => {
            let token = session_token(app, signed_in).await;
            let email = if own {
                "added.user@example.com"
            } else {
                "not-an-email"
            };
            let form = [
                ("email", email),
                ("display_name", "Added User"),
                ("role", "billing_admin"),
                ("csrf_token", &token),
            ];
            app.post_form(path, &form).await
        }
        Body::Role => {
            let token = session_token(app, signed_in).await;
            let form = [("role", "billing_admin"), ("csrf_token", &token)];
            app.post_form(path, &form).await
        }
        Body::SetPassword if own => {
            // A used link signs its user in: on a session of its own (the principal's, fresh).
            let session = app.new_session();
            if let Some(email) = p.email {
                session.login(email).await;
            }
            let token = session_token(&session, signed_in).await;
            let form = [
                ("password", "a-new-password-42"),
                ("password_confirm", "a-new-password-42"),
                ("csrf_token", &token),
            ];
            session.post_form(path, &form).await
        }
        Body::SetPassword => {
            let token = session_token(app, signed_in).await;
            let form = [
                ("password", "a-new-password-42"),
                ("password_confirm", "a-new-password-42"),
                ("csrf_token", &token),
            ];
            app.post_form(path, &form).await
        }
        Body::Upload => {
            let token = session_token(app, signed_in).await;
            crate::import::upload(app, &token, "customers", &sample_customers()).await
        }
        Body::Selection => {
            let token = session_token(app, signed_in).await;
            let form = [
                ("subscription", subscription.expect("a subscription")),
                ("csrf_token", &token),
            ];
            app.post_form(path, &form).await
        }
        Body::Invitation => {
            let token = session_token(app, signed_in).await;
            let mut form = vec![("csrf_token", token.as_str())];
            if own {
                form.push(("delegated_admin", "yes"));
            }
            app.post_form(path, &form).await
        }
    };
    (response.status().as_u16(), location(&response))
}

fn answers(expected: Expect, method: &str, path: &str, status: u16, location: &str) -> bool {
    match expected {
        Expect::Status(s) => status == s,
        Expect::SeeOther(to) => status == 303 && location.starts_with(to),
        Expect::SignIn if method == "GET" => {
            let next: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
            status == 303 && location == format!("/login?next={next}")
        }
        Expect::SignIn => status == 303 && location == "/login",
    }
}

struct Outcome {
    cells: usize,
    failures: Vec<String>,
}

/// Every cell of one principal, on its own app: read-only ones first, then the POSTs that change
/// something, by the table's order.
async fn run_principal(
    p: &'static Principal,
    app: TestApp,
    fx: Fixture,
    routes: Vec<(&'static str, &'static str)>,
) -> Outcome {
    if let Some(email) = p.email {
        app.login(email).await;
    }
    let mut cells: Vec<(&Row, usize, Rec)> = routes
        .iter()
        .enumerate()
        .flat_map(|(i, (m, path))| {
            let row = TABLE
                .iter()
                .find(|r| r.method == *m && r.path == *path)
                .expect("checked before");
            [(row, i, Rec::Own), (row, i, Rec::Other)]
        })
        .collect();
    cells.sort_by_key(|(row, i, rec)| (row.order, *i, *rec == Rec::Other));
    let mut failures = Vec::new();
    for (row, _, rec) in &cells {
        let path = fx.path(row.path, p, *rec);
        let subscription = if row.body == Body::Selection {
            // Bulk assignment: the subscription the cell's path would name.
            fx.path(
                "/customers/{tenant_id}/subscriptions/{subscription_id}",
                p,
                *rec,
            )
            .rsplit('/')
            .next()
            .map(str::to_owned)
        } else {
            path.split('/')
                .skip_while(|s| *s != "subscriptions")
                .nth(1)
                .map(str::to_owned)
        };
        let expected = (row.expect)(p, *rec);
        let (status, location) = ask(&app, p, row, *rec, &path, subscription.as_deref()).await;
        if !answers(expected, row.method, &path, status, &location) {
            let got = if location.is_empty() {
                status.to_string()
            } else {
                format!("{status} to {location}")
            };
            failures.push(format!(
                "{} {} as {}, {:?} record: expected {expected}, got {got}\n      (asked {} {path})",
                row.method, row.path, p.label, rec, row.method
            ));
        }
    }
    Outcome {
        cells: cells.len(),
        failures,
    }
}

// ---------------------------------------------------------------------------------------------
// The test.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_anonymous_and_each_role_on_own_and_other_records_as_designed() {
    let started = Instant::now();
    let routes = partnerdesk::web::all_routes();
    check_table(&routes);

    // The apps are made one after another: on PostgreSQL, copies of the one demo template cannot
    // be made at the same moment.
    let mut jobs = VecDeque::new();
    for p in PRINCIPALS {
        let app = TestApp::spawn().await;
        let fx = Fixture::set_up(&app);
        jobs.push_back((p, app, fx));
    }
    let queue = Arc::new(Mutex::new(jobs));
    let workers: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let queue = Arc::clone(&queue);
            let routes = routes.clone();
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                loop {
                    let job = queue.lock().expect("queue").pop_front();
                    let Some((p, app, fx)) = job else { break };
                    outcomes.push(run_principal(p, app, fx, routes.clone()).await);
                }
                outcomes
            })
        })
        .collect();
    let mut cells = 0;
    let mut failures = Vec::new();
    for worker in workers {
        for outcome in worker.await.expect("a principal's cells panicked") {
            cells += outcome.cells;
            failures.extend(outcome.failures);
        }
    }

    let expected_cells = routes.len() * PRINCIPALS.len() * 2;
    println!(
        "access matrix: {} routes x {} principals x 2 records = {cells} cells",
        routes.len(),
        PRINCIPALS.len()
    );
    println!("access matrix: ran in {:.1?}", started.elapsed());
    assert_eq!(cells, expected_cells, "every cell of the matrix ran");
    assert!(
        failures.is_empty(),
        "{} of {cells} cells answer otherwise than DESIGN.md demands:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
