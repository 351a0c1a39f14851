//! The app as the generator sees it: sessions, routes, their fields and what a request may carry.

use std::collections::HashSet;

use partnerdesk::db::ids::{
    AuditEventId, InvitationId, MpnId, PartnershipRequestId, SubscriptionId, TenantId, UserId,
};
use reqwest::Method;

use crate::helpers::PASSWORD;

/// A client with its session.
pub(super) struct Session {
    pub(super) label: &'static str,
    pub(super) client: reqwest::Client,
    pub(super) csrf: String,
    /// May create invitations: a valid form to `POST /relationships/invitations` would create one.
    pub(super) creates_invitations: bool,
    /// May make partnership requests (`POST /resellers/requests`) and edit the support profile
    /// (`POST /settings/support-profile`): a valid form there could change the database.
    pub(super) makes_requests: bool,
    pub(super) edits_profile: bool,
    pub(super) signed_in: bool,
}

/// Existing records, for valid path and query values and for the safety checks.
pub(super) struct World {
    pub(super) address: String,
    pub(super) sessions: Vec<Session>,
    /// A client without cookies, for the throwaway sessions.
    pub(super) bare: reqwest::Client,
    /// (cookie, CSRF token) of fresh anonymous sessions, each used once.
    pub(super) throwaway: Vec<(String, String)>,
    pub(super) tenants: Vec<String>,
    /// (tenant, subscription), Adatum's first.
    pub(super) subscriptions: Vec<(String, String)>,
    pub(super) adatum_subscriptions: usize,
    /// (tenant, subscription, audit event).
    pub(super) changes: Vec<(String, String, String)>,
    pub(super) mpns: Vec<String>,
    pub(super) invitation_ids: Vec<String>,
    /// Every user's id (the users page's actions take one).
    pub(super) user_ids: Vec<String>,
    pub(super) token: String,
    /// A pending partnership request's token and id.
    pub(super) request_token: String,
    pub(super) request_ids: Vec<String>,
    pub(super) versions: HashSet<i32>,
    pub(super) max_version: i32,
    pub(super) subscription_ids: HashSet<String>,
    pub(super) change_ids: HashSet<String>,
    pub(super) body_limit: usize,
}

impl World {
    /// Whether a path value names an existing record (then a POST to it could act on it).
    pub(super) fn refers(&self, param: &str, value: &str) -> bool {
        // No id is a kilobyte long, however decoded: huge values are only parsed as they are.
        let decoded = (value.len() < 1024 && value.contains('%')).then(|| percent_decode(value));
        std::iter::once(value)
            .chain(decoded.as_deref())
            .any(|v| match param {
                "tenant_id" => {
                    TenantId::parse(v).is_some_and(|t| self.tenants.contains(&t.to_string()))
                }
                "subscription_id" => SubscriptionId::parse(v)
                    .is_some_and(|s| self.subscription_ids.contains(s.as_str())),
                "change_id" => {
                    AuditEventId::parse(v).is_some_and(|c| self.change_ids.contains(c.as_str()))
                }
                "mpn_id" => MpnId::parse(v).is_some_and(|m| self.mpns.contains(&m.to_string())),
                "id" => InvitationId::parse(v)
                    .is_some_and(|i| self.invitation_ids.iter().any(|x| x == i.as_str())),
                "request_id" => PartnershipRequestId::parse(v)
                    .is_some_and(|i| self.request_ids.iter().any(|x| x == i.as_str())),
                "token" => {
                    let v = v.to_ascii_lowercase();
                    v.contains(&self.token) || v.contains(&self.request_token)
                }
                "user_id" => {
                    UserId::parse(v).is_some_and(|u| self.user_ids.iter().any(|x| x == u.as_str()))
                }
                // Static files: nothing to act on.
                "name" => false,
                // A parameter this test does not know: assume the worst.
                _ => true,
            })
    }

    /// Why a form sent by `sender` to `route` could change the database, if it could.
    pub(super) fn unsafe_form(
        &self,
        route: &str,
        sender: Sender,
        body: &[u8],
    ) -> Option<&'static str> {
        if body.len() > self.body_limit {
            // Refused unread (which the test checks).
            return None;
        }
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
        let values = |key: &'static str| values_of(&pairs, key);
        let mpn = values("support_contact").any(|v| MpnId::parse(v).is_some());
        let current = values("version").any(|v| {
            v.trim()
                .parse::<i32>()
                .is_ok_and(|v| self.versions.contains(&v))
        });
        if mpn && current {
            return Some("a PartnerID with a current version: a valid assignment");
        }
        if values("password").any(|v| v.contains(PASSWORD)) {
            return Some("the demo password: a successful sign-in");
        }
        if let Sender::Session(i) = sender {
            let own = &self.sessions[i].csrf;
            let valid = values("csrf_token").any(|v| v == own);
            if valid && route == "/logout" {
                return Some("a valid sign-out would end a session the test still uses");
            }
            if valid && self.acts(i, route) {
                return Some("a valid form may add an invitation, a request, a user or a profile");
            }
        }
        None
    }
}

impl World {
    /// Whether a form with session `i`'s valid token to `route` may act whatever its fields.
    pub(super) fn acts(&self, i: usize, route: &str) -> bool {
        let s = &self.sessions[i];
        (route == "/relationships/invitations" && s.creates_invitations)
            || (route == "/resellers/requests" && s.makes_requests)
            || (route == "/settings/support-profile" && s.edits_profile)
            || (route == "/settings/users" && s.signed_in)
    }
}

/// The values of every pair named `key`.
fn values_of<'a>(pairs: &'a [(String, String)], key: &'a str) -> impl Iterator<Item = &'a str> {
    pairs
        .iter()
        .filter(move |(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Who sends a request.
#[derive(Clone, Copy, Debug)]
pub(super) enum Sender {
    Session(usize),
    /// A throwaway anonymous session (index into `World::throwaway`).
    Throwaway(usize),
}

/// One request, ready to send.
pub(super) struct Planned {
    pub(super) route: &'static str,
    pub(super) method: Method,
    pub(super) path_and_query: String,
    pub(super) sender: Sender,
    pub(super) content_type: Option<&'static str>,
    pub(super) body: Option<Vec<u8>>,
}

impl Planned {
    pub(super) fn oversize(&self, limit: usize) -> bool {
        self.body.as_ref().is_some_and(|b| b.len() > limit)
    }

    pub(super) fn describe(&self, world: &World) -> String {
        let who = match self.sender {
            Sender::Session(i) => world.sessions[i].label,
            Sender::Throwaway(_) => "throwaway anonymous session",
        };
        let mut out = format!(
            "{who}: {} {}",
            self.method,
            shorten(&self.path_and_query, 300)
        );
        if let Some(ct) = self.content_type {
            out.push_str(&format!(" [Content-Type: {ct}]"));
        }
        if let Some(body) = &self.body {
            out.push_str(&format!(
                " body ({} bytes): {:?}",
                body.len(),
                shorten(&String::from_utf8_lossy(body), 300)
            ));
        }
        out
    }
}

pub(super) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let head: String = s.chars().take(max).collect();
    format!("{head}…({} bytes)", s.len())
}

/// Percent-encodes every byte for which `keep` says no.
fn encode(value: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(value.len() * 3);
    for &b in value.as_bytes() {
        if keep(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
    String::from_utf8(out).expect("ASCII")
}

/// Percent-encodes every byte but the unreserved ones: the value arrives as one path segment.
pub(super) fn encode_segment(value: &str) -> String {
    encode(value, |b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Encodes only what a URL cannot carry, leaving `/`, `%`, `.` and `\` as typed: traversal as is.
pub(super) fn encode_loosely(value: &str) -> String {
    encode(value, |b| {
        b.is_ascii_graphic() && !b"#?\"<>`{}|^".contains(&b)
    })
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Known query parameters of a GET route; a route this test does not know gets common ones.
pub(super) fn query_fields(route: &str) -> &'static [&'static str] {
    match route {
        "/customers" => &["q", "reseller", "page"],
        "/activity" | "/activity.csv" => {
            &["from", "to", "customer", "operation", "after", "before"]
        }
        "/subscriptions" | "/subscriptions.csv" => &[
            "contact",
            "reseller",
            "product",
            "customer",
            "status",
            "not_seller",
            "q",
            "sort",
            "dir",
            "size",
            "after",
            "before",
        ],
        "/login" => &["next"],
        "/relationships/invitations" => &["customer"],
        "/suggest/resellers" | "/suggest/customers" => &["q"],
        "/customers/{tenant_id}/subscriptions/{subscription_id}" => {
            &["find", "q", "reseller", "after", "before", "size"]
        }
        "/customers/{tenant_id}" => &["changed", "q", "reseller", "after", "before", "size"],
        _ => &["page", "q", "next"],
    }
}

/// Known form fields of a POST route (besides `csrf_token`).
pub(super) fn form_fields(route: &str) -> &'static [&'static str] {
    match route {
        "/login" => &["email", "password", "next"],
        "/relationships/invitations" => &["delegated_admin", "tenant_id", "note"],
        r if r.ends_with("/first-admin") => &["email", "admin_name", "password", "password_again"],
        "/resellers/requests" => &["note"],
        "/settings/support-profile" => &[
            "email",
            "phone",
            "website",
            "hours",
            "old_email",
            "old_phone",
            "old_website",
            "old_hours",
        ],
        "/partnerships/{token}/sign-up" => &[
            "name",
            "partner_id",
            "tenant_id",
            "country",
            "email",
            "display_name",
            "password",
            "password_again",
        ],
        r if r.ends_with("/sign-up") => &[
            "company_name",
            "domain",
            "tenant_id",
            "country",
            "email",
            "admin_name",
            "password",
            "password_again",
        ],
        "/settings/users" => &["email", "display_name", "role"],
        "/settings/users/{user_id}/role" => &["role"],
        "/password/{token}" => &["password", "password_confirm"],
        "/settings/import" => &["kind"],
        r if r.ends_with("/support-contact") => &["support_contact", "version"],
        // Issue 15 (H3): the customer's default support contact.
        r if r.ends_with("/support-default") => &["partner", "current"],
        _ => &["confirm"],
    }
}

/// Which parts of a request are hostile; the others are valid.
#[derive(Clone, Copy)]
pub(super) enum Focus {
    Everything,
    /// The path parameter with this index.
    Path(usize),
    /// The query parameter or form field with this index.
    Field(usize),
}

/// Records a request's path is about: (tenant, subscription, change).
pub(super) type Context = (String, String, Option<String>);
