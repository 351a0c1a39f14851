//! Hostile input: at least 10,000 generated values (empty, huge, control characters, unicode, HTML
//! and SQL metacharacters, odd numbers, wrong types, path traversal) sent to every path parameter,
//! query parameter and form field of every route of `all_routes()`, anonymously and as users of
//! several roles, with valid and broken CSRF tokens, odd content types and non-UTF-8 bodies.
//! No answer may be a 5xx, the app must still answer, and the database (all but the sessions) must
//! be unchanged: the generator never builds a request that could legitimately change it.
//!
//! The values come from proptest strategies driven by a seeded runner: the seed is printed, and
//! `HOSTILE_SEED=<seed>` repeats a run. `HOSTILE_LOG=error` shows the server's error log.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use futures_util::StreamExt;
use partnerdesk::db::DbConn;
use partnerdesk::db::ids::{AuditEventId, InvitationId, MpnId, SubscriptionId, TenantId};
use partnerdesk::db::schema::{
    audit_events, customer_relationships, customers, partner_customer_counts, partners,
    partnerships, products, relationship_invitations, subscriptions, users,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};

use crate::helpers::{PASSWORD, TestApp, csrf_token, form_version, location};

/// Hostile requests to send, at least.
const REQUESTS: usize = 10_240;
/// Requests in flight at once.
const CONCURRENCY: usize = 32;
/// Requests planned at a time (planned lazily: the huge values would not fit in memory at once).
const BATCH: usize = 512;
/// Longest URL the client can build (`http::Uri` stops at `u16::MAX - 1`).
const MAX_URL: usize = 65_000;
/// Longest path parameter sent, percent-encoded.
const MAX_SEGMENT: usize = 20_000;
/// Fresh anonymous sessions kept for valid sign-outs (a sign-out ends the session it is sent in).
const THROWAWAY_SESSIONS: usize = 64;

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const FABRIKAM: &str = "4200001";
/// Signed-in users: assignment form (helpdesk), partner Global admin, reseller, customer admin.
const USERS: &[&str] = &[
    "helpdesk@contoso.example",
    "globaladmin@contoso.example",
    "admin@fabrikam.example",
    "admin@adatum.example",
];

// ---------------------------------------------------------------------------------------------
// Generators.

const BLANKS: &[&str] = &[" ", "   ", "\t", "\u{a0}", "\u{3000}", "+", "%20"];
const CONTROL: &[&str] = &[
    "\0",
    "a\0b",
    "\0\0\0\0",
    "\r\n",
    "\r\nSet-Cookie: pwned=1",
    "\r\nLocation: https://evil.example",
    "line1\r\nline2",
    "\n",
    "\r",
    "\t",
    "\u{7}",
    "\u{8}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{85}",
    "\u{2028}\u{2029}",
];
/// NUL, which PostgreSQL refuses in text (a classic 500) and SQLite takes.
const NUL: &[&str] = &["\0", "a\0", "\0a", "x\0y\0z", "%00\0", "\0\u{1}\u{2}"];
const UNICODE: &[&str] = &[
    "zażółć gęślą jaźń",
    "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
    "\u{202e}fdp.exe",
    "\u{200f}\u{200e}abc\u{202c}",
    "e\u{301}\u{302}\u{303}\u{304}\u{305}",
    "a\u{300}",
    "😀",
    "👩\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "１２３４５６７",
    "４２０００００１",
    "٤٢٠٠٠٠١",
    "\u{feff}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10ffff}",
    "\u{200b}",
    "𝕬𝖉𝖆𝖙𝖚𝖒",
    "Ａｄａｔｕｍ",
    "İı",
    "ß",
    "ﬁ",
    "中文",
    "עברית",
    "العربية",
];
const HTML: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</textarea><b>",
    "<!--",
    "]]>",
    "&lt;&amp;&#0;&#x0;",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "${7*7}",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
];
const SQL: &[&str] = &[
    "' OR 1=1 --",
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    ";DROP TABLE subscriptions",
    "\" OR \"\"=\"",
    "1; SELECT pg_sleep(5)",
    "' UNION SELECT NULL, NULL --",
    "%",
    "%%",
    "_",
    "%_%",
    "\\",
    "\\%",
    "\\_",
    "'",
    "''",
    "\\'",
    "$1",
    "?",
    ":name",
    "/*",
    "*/",
    "' || '",
    "E'\\x00'",
];
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "+1",
    "00",
    "007",
    "1e9",
    "1E400",
    "0x10",
    "0b11",
    "0o7",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1.5",
    "-1.5",
    "1,000",
    "1_000",
    " 1 ",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "99999999999999999999999",
    "99999",
    "100000",
    "0100000",
    "1000001",
    "9999999",
    "10000000",
    "-4200001",
    "4200001.0",
    "4.2e6",
    "true",
    "null",
    "[]",
    "{}",
    "[1,2]",
    "{\"a\":1}",
];
const TRAVERSAL: &[&str] = &[
    "..",
    ".",
    "../",
    "../../etc/passwd",
    "..%2f..%2f",
    "%2e%2e",
    "%2e%2e%2f",
    "..\\..\\",
    "%00",
    "%",
    "%zz",
    "%25",
    "//",
    "/",
    "a/b",
    "?x=1",
    "#frag",
    ";",
    "~",
    "app.css/../app.css",
    "app.css%00",
    "APP.CSS",
];
/// A valid-looking start for a value with junk after it.
const ID_LIKE: &[&str] = &[
    "6f9619ff-8b86-d011-b42d-00c04fc964ff",
    "4200001",
    "2026-01-31",
    "app.css",
    "1",
];
/// What the huge values are made of.
const LONG_UNITS: &[&str] = &["a", "A1", "%", "'", "<", "\0", "ż", "😀", "../", " ", "0"];
/// Sizes of the huge values in bytes: around the 64 KiB body limit and beyond.
const LONG_SIZES: &[usize] = &[10 * 1024, 64 * 1024 - 200, 64 * 1024 + 1, 100 * 1024];
/// Appended raw to a query string.
const RAW_QUERY: &[&str] = &[
    "&",
    "&&",
    "=",
    "==",
    "&=&",
    "%",
    "%zz",
    "%FF%FE",
    "%C0%AF",
    "%ED%A0%80",
    "+",
    ";",
    "page",
    "page=",
    "q[]=1&q[]=2",
    "%00",
    "?",
    "a=1=2",
];
/// Bytes that are not UTF-8 (or are its corners), inserted into bodies.
const BAD_BYTES: &[&[u8]] = &[
    b"\xff",
    b"\xfe\xff",
    b"\xc3\x28",
    b"\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x00",
    b"%FF",
    b"%",
];
const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("text/plain"),
    Some("application/json"),
    Some("multipart/form-data; boundary=x"),
    Some("application/x-www-form-urlencoded; charset=utf-16"),
    Some("application/octet-stream"),
];

fn pick(items: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(items).prop_map(str::to_owned).boxed()
}

/// Strategies with weights; one is drawn, then only it generates (proptest's `Union` would build
/// a value of every arm each time).
type Weighted = Vec<(usize, BoxedStrategy<String>)>;

/// A short hostile value of one kind.
fn small_value() -> Weighted {
    vec![
        (3, pick(CONTROL)),
        (2, pick(NUL)),
        (
            2,
            prop::collection::vec(prop::char::range('\0', '\u{1f}'), 1..12)
                .prop_map(|chars| chars.into_iter().collect())
                .boxed(),
        ),
        (3, pick(UNICODE)),
        (1, "\\PC{1,24}".boxed()),
        (1, any::<String>().boxed()),
        (3, pick(HTML)),
        (3, pick(SQL)),
        (3, pick(NUMBERS)),
        (2, any::<i64>().prop_map(|n| n.to_string()).boxed()),
        (1, any::<f64>().prop_map(|n| n.to_string()).boxed()),
        (2, pick(TRAVERSAL)),
    ]
}

/// 10 KB to 100 KB of one unit.
fn long_value() -> BoxedStrategy<String> {
    (
        prop::sample::select(LONG_SIZES),
        prop::sample::select(LONG_UNITS),
    )
        .prop_map(|(bytes, unit)| unit.repeat(bytes / unit.len() + 1))
        .boxed()
}

/// Any hostile value, by kind: empty, blank, one kind, a mix of kinds, a valid start with junk
/// after it, or huge.
#[derive(Clone, Copy)]
enum Kind {
    Empty,
    Blank,
    Small,
    Mix,
    ValidThenJunk,
    Long,
}

const KINDS: &[(usize, Kind)] = &[
    (3, Kind::Empty),
    (1, Kind::Blank),
    (20, Kind::Small),
    (4, Kind::Mix),
    (2, Kind::ValidThenJunk),
    (1, Kind::Long),
];

/// Deterministic draws from proptest strategies.
struct Draw {
    runner: TestRunner,
    small: Weighted,
    long: BoxedStrategy<String>,
}

impl Draw {
    fn new(seed: u64) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
        Self {
            runner: TestRunner::new_with_rng(Config::default(), rng),
            small: small_value(),
            long: long_value(),
        }
    }

    fn sample<S: Strategy>(&mut self, strategy: &S) -> S::Value {
        strategy
            .new_tree(&mut self.runner)
            .expect("generate a value")
            .current()
    }

    fn below(&mut self, n: usize) -> usize {
        self.sample(&(0..n.max(1)))
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn one<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, drawn by weight.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut roll = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        unreachable!("a roll below the total weight")
    }

    fn small(&mut self) -> String {
        let weights: Vec<usize> = self.small.iter().map(|(w, _)| *w).collect();
        let i = self.weighted(&weights);
        let strategy = self.small[i].1.clone();
        self.sample(&strategy)
    }

    fn hostile(&mut self) -> String {
        let weights: Vec<usize> = KINDS.iter().map(|(w, _)| *w).collect();
        match KINDS[self.weighted(&weights)].1 {
            Kind::Empty => String::new(),
            Kind::Blank => (*self.one(BLANKS)).to_owned(),
            Kind::Small => self.small(),
            Kind::Mix => (0..2 + self.below(3)).map(|_| self.small()).collect(),
            Kind::ValidThenJunk => (*self.one(ID_LIKE)).to_owned() + &self.small(),
            Kind::Long => {
                let long = self.long.clone();
                self.sample(&long)
            }
        }
    }

    fn uuid(&mut self) -> String {
        uuid::Uuid::from_u128(self.sample(&any::<u128>())).to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// The app as the generator sees it.

/// A client with its session.
struct Session {
    label: &'static str,
    client: reqwest::Client,
    csrf: String,
    /// May create invitations: a valid form to `POST /relationships/invitations` would create one.
    creates_invitations: bool,
    signed_in: bool,
}

/// Existing records, for valid path and query values and for the safety checks.
struct World {
    address: String,
    sessions: Vec<Session>,
    /// A client without cookies, for the throwaway sessions.
    bare: reqwest::Client,
    /// (cookie, CSRF token) of fresh anonymous sessions, each used once.
    throwaway: Vec<(String, String)>,
    tenants: Vec<String>,
    /// (tenant, subscription), Adatum's first.
    subscriptions: Vec<(String, String)>,
    adatum_subscriptions: usize,
    /// (tenant, subscription, audit event).
    changes: Vec<(String, String, String)>,
    mpns: Vec<String>,
    invitation_ids: Vec<String>,
    token: String,
    versions: HashSet<i32>,
    max_version: i32,
    subscription_ids: HashSet<String>,
    change_ids: HashSet<String>,
    body_limit: usize,
}

impl World {
    /// Whether a path value names an existing record (then a POST to it could act on it).
    fn refers(&self, param: &str, value: &str) -> bool {
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
                "token" => v.to_ascii_lowercase().contains(&self.token),
                // Static files: nothing to act on.
                "name" => false,
                // A parameter this test does not know: assume the worst.
                _ => true,
            })
    }

    /// Why a form sent by `sender` to `route` could change the database, if it could.
    fn unsafe_form(&self, route: &str, sender: Sender, body: &[u8]) -> Option<&'static str> {
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
            if valid
                && route == "/relationships/invitations"
                && self.sessions[i].creates_invitations
            {
                return Some("a valid form creates an invitation");
            }
        }
        None
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
enum Sender {
    Session(usize),
    /// A throwaway anonymous session (index into `World::throwaway`).
    Throwaway(usize),
}

/// One request, ready to send.
struct Planned {
    route: &'static str,
    method: Method,
    path_and_query: String,
    sender: Sender,
    content_type: Option<&'static str>,
    body: Option<Vec<u8>>,
}

impl Planned {
    fn oversize(&self, limit: usize) -> bool {
        self.body.as_ref().is_some_and(|b| b.len() > limit)
    }

    fn describe(&self, world: &World) -> String {
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

fn shorten(s: &str, max: usize) -> String {
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
fn encode_segment(value: &str) -> String {
    encode(value, |b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Encodes only what a URL cannot carry, leaving `/`, `%`, `.` and `\` as typed: traversal as is.
fn encode_loosely(value: &str) -> String {
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
fn query_fields(route: &str) -> &'static [&'static str] {
    match route {
        "/customers" => &["q", "reseller", "page"],
        "/activity" | "/activity.csv" => {
            &["from", "to", "customer", "operation", "after", "before"]
        }
        "/login" => &["next"],
        _ => &["page", "q", "next"],
    }
}

/// Known form fields of a POST route (besides `csrf_token`).
fn form_fields(route: &str) -> &'static [&'static str] {
    match route {
        "/login" => &["email", "password", "next"],
        "/relationships/invitations" => &["delegated_admin"],
        r if r.ends_with("/support-contact") => &["support_contact", "version"],
        _ => &["confirm"],
    }
}

/// Which parts of a request are hostile; the others are valid.
#[derive(Clone, Copy)]
enum Focus {
    Everything,
    /// The path parameter with this index.
    Path(usize),
    /// The query parameter or form field with this index.
    Field(usize),
}

/// Records a request's path is about: (tenant, subscription, change).
type Context = (String, String, Option<String>);

/// Plans requests from the seeded draw.
struct Planner<'w> {
    world: &'w World,
    draw: Draw,
    next_throwaway: usize,
}

impl Planner<'_> {
    /// A realistic value for a field, so that the other fields' hostile values get looked at.
    fn plausible(&mut self, field: &str) -> String {
        let w = self.world;
        let d = &mut self.draw;
        match field {
            "q" => d
                .one(&["Adatum", "adatum.example", "a", "Corp"])
                .to_string(),
            "reseller" | "support_contact" => d.one(&w.mpns).clone(),
            "page" => d.one(&["1", "2", "3", "1000000"]).to_string(),
            "after" | "before" => {
                let day = d
                    .one(&["2026-01-01", "1970-01-01", "9999-12-31"])
                    .to_string();
                let occurred_at = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .unwrap_or_default()
                    .and_time(chrono::NaiveTime::MIN);
                partnerdesk::domain::activity::PageCursor::token(
                    &partnerdesk::db::models::audit::ActivityCursor {
                        occurred_at,
                        id: partnerdesk::db::ids::AuditEventId::generate(),
                    },
                )
            }
            "from" => d
                .one(&["2026-01-01", "1970-01-01", "2024-02-29"])
                .to_string(),
            "to" => d.one(&["2026-12-31", "9999-12-31"]).to_string(),
            "customer" => d.one(&w.tenants).clone(),
            "operation" => {
                let ops = partnerdesk::domain::activity::OPERATIONS;
                ops[d.below(ops.len())].0.to_owned()
            }
            "next" => d.one(&["/customers", "/activity?page=2", "/"]).to_string(),
            "email" => d.one(USERS).to_string(),
            "password" => "wrong-password".to_owned(),
            "version" => (d.below(usize::try_from(w.max_version).unwrap_or(1)) + 1).to_string(),
            "delegated_admin" => "yes".to_owned(),
            _ => "1".to_owned(),
        }
    }

    /// Field pairs: the fields in focus hostile or plausible with junk after it, sometimes
    /// missing, repeated, as an array or a nested key; the others plausible. Unknown hostile keys
    /// besides.
    fn pairs(&mut self, fields: &[&str], focus: Focus) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for (i, field) in fields.iter().enumerate() {
            let hostile = match focus {
                Focus::Everything => true,
                Focus::Field(f) => f == i,
                Focus::Path(_) => false,
            };
            if !hostile {
                pairs.push(((*field).to_owned(), self.plausible(field)));
                continue;
            }
            if self.draw.percent(10) {
                continue;
            }
            // A realistic value, one with junk after it (past a first check such as "starts with
            // a slash"), or a hostile one.
            let value = match self.draw.below(100) {
                0..15 => self.plausible(field),
                15..40 => self.plausible(field) + &self.draw.small(),
                _ => self.draw.hostile(),
            };
            let key = match self.draw.below(100) {
                0..80 => (*field).to_owned(),
                80..86 => format!("{field}[]"),
                86..89 => format!("{field}[0][x]"),
                89..92 => field.to_uppercase(),
                _ => {
                    let first = self.draw.hostile();
                    pairs.push(((*field).to_owned(), first));
                    (*field).to_owned()
                }
            };
            pairs.push((key, value));
        }
        if self.draw.percent(15) {
            let (key, value) = (self.draw.small(), self.draw.hostile());
            pairs.push((key, value));
        }
        pairs
    }

    /// An existing record's value for a path parameter, if this test knows one.
    fn existing(&mut self, param: &str, context: &Context) -> Option<String> {
        let w = self.world;
        match param {
            "tenant_id" => Some(context.0.clone()),
            "subscription_id" => Some(context.1.clone()),
            "change_id" => context.2.clone(),
            "mpn_id" => Some(self.draw.one(&w.mpns).clone()),
            "id" => {
                (!w.invitation_ids.is_empty()).then(|| self.draw.one(&w.invitation_ids).clone())
            }
            "token" => Some(w.token.clone()),
            "name" => Some(self.draw.one(&["app.css", "favicon.svg"]).to_string()),
            _ => None,
        }
    }

    /// A value for a path parameter: hostile, an existing record's (in several spellings), or
    /// well-formed but unknown.
    fn path_value(&mut self, param: &str, context: &Context) -> String {
        let roll = self.draw.below(100);
        if roll < 55 {
            return self.draw.hostile();
        }
        let w = self.world;
        let existing = self.existing(param, context);
        if let Some(value) = existing.filter(|_| roll < 85) {
            return match self.draw.below(10) {
                0 => value.to_uppercase(),
                1 => format!("{{{value}}}"),
                2 => format!(" {value}\t"),
                3 => value.replace('-', ""),
                _ => value,
            };
        }
        match param {
            "mpn_id" => loop {
                let n = self.draw.sample(&(100_000i32..10_000_000)).to_string();
                if !w.mpns.contains(&n) {
                    break n;
                }
            },
            "token" => {
                let (a, b) = (self.draw.uuid(), self.draw.uuid());
                format!("{a}{b}").replace('-', "")
            }
            "name" => self
                .draw
                .one(&["app.js", "index.html", "APP.CSS", "app.css.map", ".env"])
                .to_string(),
            _ => self.draw.uuid(),
        }
    }

    /// The path with its parameters filled in; `None` if a request with another method than GET
    /// could act on an existing record and no parameter could be made to name none.
    fn path(&mut self, route: &str, acting: bool, focus: Focus) -> Option<String> {
        let w = self.world;
        let context = if !w.changes.is_empty() && self.draw.percent(30) {
            let (t, s, c) = self.draw.one(&w.changes).clone();
            (t, s, Some(c))
        } else {
            let i = if self.draw.percent(50) {
                self.draw.below(w.adatum_subscriptions)
            } else {
                self.draw.below(w.subscriptions.len())
            };
            let (t, s) = w.subscriptions[i].clone();
            let change = (!w.changes.is_empty()).then(|| self.draw.one(&w.changes).2.clone());
            (t, s, change)
        };
        let mut segments = Vec::new();
        let mut rest = route;
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').expect("closing brace") + start;
            let param = &rest[start + 1..end];
            let value = match focus {
                Focus::Path(p) if p != segments.len() => self.existing(param, &context),
                Focus::Field(_) => self.existing(param, &context),
                _ => None,
            }
            .unwrap_or_else(|| self.path_value(param, &context));
            segments.push((rest[..start].to_owned(), param.to_owned(), value));
            rest = &rest[end + 1..];
        }
        // A POST naming only existing records could act on them (end a relationship, revoke an
        // invitation): one parameter is then made hostile. The assignment form is made harmless
        // through its fields instead.
        if acting
            && !route.ends_with("/support-contact")
            && !segments.is_empty()
            && segments.iter().all(|(_, p, v)| w.refers(p, v))
        {
            let last = segments.len() - 1;
            let param = segments[last].1.clone();
            segments[last].2 = (0..100)
                .map(|_| self.draw.hostile())
                .find(|value| !w.refers(&param, value))?;
        }
        let loose = self.draw.percent(10);
        let mut path = String::new();
        for (literal, _, value) in &segments {
            path.push_str(literal);
            let mut encoded = if loose {
                encode_loosely(value)
            } else {
                encode_segment(value)
            };
            // At most three parameters: the path stays within the longest URL.
            encoded.truncate(MAX_SEGMENT);
            path.push_str(&encoded);
        }
        path.push_str(rest);
        Some(path)
    }

    fn query(&mut self, route: &str, focus: Focus) -> String {
        let pairs = self.pairs(query_fields(route), focus);
        let mut query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        if self.draw.percent(10) {
            if !query.is_empty() {
                query.push('&');
            }
            let raw = *self.draw.one(RAW_QUERY);
            query.push_str(raw);
        }
        query
    }

    fn plan(&mut self, route: &'static str, method: &str) -> Planned {
        let w = self.world;
        let post = method == "POST";
        // Sometimes the wrong method: a GET route posted to, a form route read, PUT, DELETE…
        let method = if self.draw.percent(3) {
            self.draw
                .one(&[
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::DELETE,
                    Method::PATCH,
                ])
                .clone()
        } else if post {
            Method::POST
        } else {
            Method::GET
        };
        // Any method but GET may reach a handler that acts (a GET route's path posted to is the
        // path of its confirmation form).
        // Half the requests have every parameter and field hostile; the other half only one, the
        // others valid, so that it gets past the others' checks.
        let params = route.matches('{').count();
        let fields = if method == Method::GET {
            query_fields(route).len()
        } else {
            form_fields(route).len()
        };
        let focus = match self.draw.below(2 * (params + fields)) {
            i if i < params => Focus::Path(i),
            i if i < params + fields => Focus::Field(i - params),
            _ => Focus::Everything,
        };
        let (method, path) = match self.path(route, method != Method::GET, focus) {
            Some(path) => (method, path),
            None => (
                Method::GET,
                self.path(route, false, focus).expect("a GET path"),
            ),
        };
        let query = if method == Method::GET || self.draw.percent(5) {
            self.query(route, focus)
        } else {
            String::new()
        };
        let mut path_and_query = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        // The longest URL an HTTP client can send (`http::Uri`): a huge query is cut to fit, which
        // may leave half a percent escape at the end (hostile too). The path always fits.
        path_and_query.truncate(MAX_URL - w.address.len());
        let me = self.draw.below(w.sessions.len());
        let mut sender = Sender::Session(me);
        if method != Method::POST {
            return Planned {
                route,
                method,
                path_and_query,
                sender,
                content_type: None,
                body: None,
            };
        }

        // The form: known fields, a CSRF token in one of several states, one of several encodings.
        let mut pairs = self.pairs(form_fields(route), focus);
        let own = w.sessions[me].csrf.clone();
        let csrf: Vec<String> = match self.draw.below(100) {
            0..70 => vec![own.clone()],
            70..78 => vec![],
            78..85 => vec![self.draw.small()],
            85..89 => vec![w.sessions[(me + 1) % w.sessions.len()].csrf.clone()],
            89..93 => vec![own.clone(), self.draw.small()],
            93..97 => vec![match self.draw.below(3) {
                0 => own.to_uppercase(),
                1 => format!("{own} "),
                _ => own[..own.len().saturating_sub(1)].to_owned(),
            }],
            _ => vec![String::new()],
        };
        let mut csrf = csrf;
        if csrf.contains(&own) {
            if route == "/logout" {
                // A valid sign-out ends its session: send it in a throwaway one.
                if self.next_throwaway < w.throwaway.len() {
                    sender = Sender::Throwaway(self.next_throwaway);
                    let fresh = w.throwaway[self.next_throwaway].1.clone();
                    self.next_throwaway += 1;
                    csrf = csrf
                        .into_iter()
                        .map(|t| if t == own { fresh.clone() } else { t })
                        .collect();
                } else {
                    csrf = vec![self.draw.small()];
                }
            } else if route == "/relationships/invitations" && w.sessions[me].creates_invitations {
                csrf = vec![self.draw.small()];
            }
        }
        for token in csrf {
            let at = self.draw.below(pairs.len() + 1);
            pairs.insert(at, ("csrf_token".to_owned(), token));
        }
        // Never a valid assignment or a right password.
        let stale = (w.max_version + 1000).to_string();
        let mpn = pairs
            .iter()
            .any(|(k, v)| k == "support_contact" && MpnId::parse(v).is_some());
        for (key, value) in &mut pairs {
            if key == "version" && mpn {
                if value
                    .trim()
                    .parse::<i32>()
                    .is_ok_and(|v| w.versions.contains(&v))
                {
                    value.clone_from(&stale);
                }
            } else if key == "password" && value.contains(PASSWORD) {
                *value = value.replace(PASSWORD, "not-the-password");
            }
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish()
            .into_bytes();
        let form = "application/x-www-form-urlencoded";
        let (content_type, mut body) = match self.draw.below(100) {
            0..80 => (Some(form), encoded.clone()),
            80..86 => (*self.draw.one(CONTENT_TYPES), encoded.clone()),
            86..92 => {
                let mut body = encoded.clone();
                for _ in 0..=self.draw.below(4) {
                    let at = self.draw.below(body.len() + 1);
                    let bad = *self.draw.one(BAD_BYTES);
                    body.splice(at..at, bad.iter().copied());
                }
                (Some(form), body)
            }
            92..94 => {
                let bytes = self
                    .draw
                    .sample(&prop::collection::vec(any::<u8>(), 0..2048));
                (Some(form), bytes)
            }
            94..96 => {
                let json: serde_json::Map<String, serde_json::Value> = pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                let body = serde_json::to_vec(&json).expect("json");
                (Some("application/json"), body)
            }
            _ => {
                // Over the body limit, just or far.
                let mut body = encoded.clone();
                let pad = w.body_limit + 1 + self.draw.below(64 * 1024);
                body.extend_from_slice(b"&pad=");
                body.resize(body.len() + pad, b'a');
                (Some(form), body)
            }
        };
        if w.unsafe_form(route, sender, &body).is_some() {
            body = encoded;
        }
        if let Some(why) = w.unsafe_form(route, sender, &body) {
            panic!(
                "the generator built a request that could change the database ({why}): {}",
                String::from_utf8_lossy(&body)
            );
        }
        Planned {
            route,
            method,
            path_and_query,
            sender,
            content_type,
            body: Some(body),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sending.

enum Outcome {
    Answered(StatusCode, String),
    Failed(String),
}

/// Sends a request; one that got no answer at all is sent once more (`true`), so that a connection
/// closed by a busy machine is not taken for the app's failure: an input that breaks the app fails
/// twice.
async fn send(world: &World, planned: &Planned) -> (Outcome, bool) {
    let first = send_once(world, planned).await;
    match first {
        Outcome::Failed(_) => (send_once(world, planned).await, true),
        answered => (answered, false),
    }
}

async fn send_once(world: &World, planned: &Planned) -> Outcome {
    let url = format!("{}{}", world.address, planned.path_and_query);
    let mut request = match planned.sender {
        Sender::Session(i) => world.sessions[i]
            .client
            .request(planned.method.clone(), &url),
        Sender::Throwaway(i) => world
            .bare
            .request(planned.method.clone(), &url)
            .header(COOKIE, &world.throwaway[i].0),
    };
    request = request.timeout(Duration::from_secs(60));
    if let Some(ct) = planned.content_type {
        request = request.header(CONTENT_TYPE, ct);
    }
    if let Some(body) = &planned.body {
        request = request.body(body.clone());
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Failed(format!("no answer: {}", error_chain(&e.without_url())));
        }
    };
    let status = response.status();
    match response.bytes().await {
        Ok(body) => Outcome::Answered(status, String::from_utf8_lossy(&body).into_owned()),
        Err(e) => Outcome::Failed(format!(
            "answer {status} cut off: {}",
            error_chain(&e.without_url())
        )),
    }
}

/// Sends a batch, `CONCURRENCY` requests at a time.
async fn send_all(world: Arc<World>, batch: Vec<Planned>) -> Vec<(Planned, Outcome, bool)> {
    let world = &world;
    futures_util::stream::iter(batch)
        .map(|planned| async move {
            let (outcome, retried) = send(world, &planned).await;
            (planned, outcome, retried)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await
}

/// An error with its causes.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The database, table by table.

type Dump = BTreeMap<&'static str, Vec<String>>;
type Ts = NaiveDateTime;
type Txt = Option<String>;

macro_rules! rows {
    ($conn:expr, $table:ident, $row:ty) => {
        $table::table
            .order($table::id.asc())
            .load::<$row>($conn)
            .unwrap_or_else(|e| panic!("dumping {}: {e}", stringify!($table)))
            .iter()
            .map(|row| format!("{row:?}"))
            .collect::<Vec<String>>()
    };
}

/// Every row of every table but the sessions.
fn dump(app: &TestApp) -> Dump {
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let mut dump = Dump::new();
    dump.insert(
        "audit_events",
        rows!(
            conn,
            audit_events,
            (String, Ts, Txt, Txt, Txt, Txt, Txt, Txt, String, Txt, Txt)
        ),
    );
    dump.insert(
        "customer_relationships",
        rows!(
            conn,
            customer_relationships,
            (String, String, String, String, bool, String, Ts, Ts, String)
        ),
    );
    dump.insert(
        "customers",
        rows!(
            conn,
            customers,
            (String, String, String, String, String, Ts, String)
        ),
    );
    dump.insert(
        "partner_customer_counts",
        partner_customer_counts::table
            .order(partner_customer_counts::partner_id.asc())
            .load::<(String, i64)>(conn)
            .expect("dumping partner_customer_counts")
            .iter()
            .map(|row| format!("{row:?}"))
            .collect(),
    );
    if let DbConn::Sqlite(sqlite) = conn {
        // SQLite's trigram index of customers.search: its keys here, its index not (FTS5's own
        // tables, written only by the triggers that follow customers).
        #[derive(QueryableByName)]
        struct Key {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
            #[diesel(sql_type = diesel::sql_types::Text)]
            customer_id: String,
        }
        dump.insert(
            "customers_fts_keys",
            diesel::sql_query("SELECT id, customer_id FROM customers_fts_keys ORDER BY id")
                .load::<Key>(sqlite)
                .expect("dumping customers_fts_keys")
                .iter()
                .map(|row| format!("{} {}", row.id, row.customer_id))
                .collect(),
        );
    }
    dump.insert(
        "partners",
        rows!(
            conn,
            partners,
            (
                String, String, String, i32, String, String, String, String, String, String, Ts
            )
        ),
    );
    dump.insert(
        "partnerships",
        rows!(conn, partnerships, (String, String, String, String, Ts, Ts)),
    );
    dump.insert(
        "products",
        rows!(conn, products, (String, String, String, String)),
    );
    dump.insert(
        "relationship_invitations",
        rows!(
            conn,
            relationship_invitations,
            (
                String,
                String,
                String,
                bool,
                String,
                Ts,
                Ts,
                Option<Ts>,
                Txt,
                Option<Ts>
            )
        ),
    );
    dump.insert(
        "subscriptions",
        rows!(
            conn,
            subscriptions,
            (
                String, String, String, i32, String, Txt, Txt, Txt, i32, Ts, Ts
            )
        ),
    );
    dump.insert(
        "users",
        rows!(
            conn,
            users,
            (String, String, String, String, Txt, Txt, String, bool, Ts)
        ),
    );
    dump
}

/// The tables the database has, so that a new one cannot escape the comparison.
fn table_names(app: &TestApp) -> BTreeSet<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .expect("table names")
        .into_iter()
        .map(|n| n.name)
        .filter(|name| !crate::helpers::is_fts5_index_table(name))
        .collect()
}

/// What changed between two dumps, table by table.
fn differences(before: &Dump, after: &Dump) -> Vec<String> {
    let mut out = Vec::new();
    for (table, rows) in before {
        let after_rows = &after[table];
        if rows == after_rows {
            continue;
        }
        let (old, new): (HashSet<&String>, HashSet<&String>) =
            (rows.iter().collect(), after_rows.iter().collect());
        for row in old.difference(&new) {
            out.push(format!("{table}: - {row}"));
        }
        for row in new.difference(&old) {
            out.push(format!("{table}: + {row}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Setting up.

/// A client like the harness's (cookies, no redirects) that drops idle connections well before
/// the server's 5 s keep-alive does, so that no request is sent on a connection being closed.
fn client(cookies: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(cookies)
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

async fn html(client: &reqwest::Client, url: &str) -> (StatusCode, String, String) {
    let r = client.get(url).send().await.expect("GET");
    let (status, location) = (r.status(), location(&r));
    (status, location, r.text().await.expect("body"))
}

/// A session of `email` (anonymous if `None`), signed in through the form.
async fn session(address: &str, label: &'static str, email: Option<&str>) -> Session {
    let client = client(true);
    let (_, _, page) = html(&client, &format!("{address}/login")).await;
    if let Some(email) = email {
        let r = client
            .post(format!("{address}/login"))
            .form(&[
                ("email", email),
                ("password", PASSWORD),
                ("csrf_token", &csrf_token(&page)),
            ])
            .send()
            .await
            .expect("POST /login");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
    }
    // The token of the signed-in session, from its home page (the sign-in page if anonymous).
    let (_, home, _) = html(&client, &format!("{address}/")).await;
    let (_, _, page) = html(&client, &format!("{address}{home}")).await;
    let (status, _, _) = html(&client, &format!("{address}/relationships/invitations")).await;
    Session {
        label,
        csrf: csrf_token(&page),
        client,
        creates_invitations: status == StatusCode::OK,
        signed_in: email.is_some(),
    }
}

/// A fresh anonymous session: (cookie, CSRF token).
async fn throwaway_session(bare: &reqwest::Client, address: &str) -> (String, String) {
    let r = bare
        .get(format!("{address}/login"))
        .send()
        .await
        .expect("GET /login");
    let cookie = r
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let html = r.text().await.expect("body");
    (cookie, csrf_token(&html))
}

/// Makes one real assignment (so that a review page exists) and one invitation (so that an
/// invitation link exists), signs everyone in, and reads what exists.
async fn world(app: &TestApp) -> World {
    let helpdesk = app.new_session();
    helpdesk.login("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let (_, page) = helpdesk.get_html(&path).await;
    let r = helpdesk
        .submit_support_contact(&path, FABRIKAM, &form_version(&page), &csrf_token(&page))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "set-up assignment");

    let partner = app.new_session();
    partner.login("globaladmin@contoso.example").await;
    let list = "/relationships/invitations";
    let csrf = partner.csrf(list).await;
    let r = partner.post_form(list, &[("csrf_token", &csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "set-up invitation");
    let (_, page) = partner.get_html(list).await;
    let marker = format!("{}/invitations/", app.address);
    let at = page.find(&marker).expect("the new invitation link") + marker.len();
    let token = page[at..at + 64].to_owned();

    let mut sessions = vec![session(&app.address, "anonymous", None).await];
    for email in USERS {
        sessions.push(session(&app.address, email, Some(email)).await);
    }
    let bare = client(false);
    let throwaway = futures_util::stream::iter(0..THROWAWAY_SESSIONS)
        .map(|_| throwaway_session(&bare, &app.address))
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;

    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let tenants: Vec<String> = customers::table
        .select(customers::tenant_id)
        .order(customers::tenant_id)
        .load(conn)
        .expect("tenants");
    let mut subs: Vec<(String, String, String, i32)> = subscriptions::table
        .inner_join(customers::table)
        .select((
            customers::tenant_id,
            subscriptions::id,
            customers::company_name,
            subscriptions::version,
        ))
        .order(subscriptions::id)
        .load(conn)
        .expect("subscriptions");
    subs.sort_by_key(|(_, _, company, _)| company != ADATUM);
    let adatum_subscriptions = subs.iter().filter(|s| s.2 == ADATUM).count();
    let changes: Vec<(String, String, String)> = audit_events::table
        .inner_join(
            subscriptions::table.on(audit_events::subscription_id.eq(subscriptions::id.nullable())),
        )
        .inner_join(customers::table.on(subscriptions::customer_id.eq(customers::id)))
        .select((customers::tenant_id, subscriptions::id, audit_events::id))
        .order(audit_events::id)
        .load(conn)
        .expect("changes");
    let mpns: Vec<String> = partners::table
        .select(partners::mpn_id)
        .order(partners::mpn_id)
        .load::<i32>(conn)
        .expect("partners")
        .into_iter()
        .map(|m| m.to_string())
        .collect();
    let invitation_ids: Vec<String> = relationship_invitations::table
        .select(relationship_invitations::id)
        .order(relationship_invitations::id)
        .load(conn)
        .expect("invitations");
    let versions: HashSet<i32> = subs.iter().map(|s| s.3).collect();
    assert!(
        !changes.is_empty(),
        "the set-up assignment left no audit event"
    );
    World {
        address: app.address.clone(),
        sessions,
        bare,
        throwaway,
        tenants,
        adatum_subscriptions,
        max_version: versions.iter().copied().max().unwrap_or(1),
        versions,
        subscription_ids: subs.iter().map(|s| s.1.clone()).collect(),
        change_ids: changes.iter().map(|c| c.2.clone()).collect(),
        subscriptions: subs.into_iter().map(|(t, s, _, _)| (t, s)).collect(),
        changes,
        mpns,
        invitation_ids,
        token,
        body_limit: partnerdesk::config::Settings::default().max_body_bytes,
    }
}

// ---------------------------------------------------------------------------------------------
// The test.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_to_every_route_gets_no_5xx_and_changes_nothing() {
    if std::env::var_os("HOSTILE_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_env("HOSTILE_LOG"))
            .with_test_writer()
            .try_init();
    }
    let seed = std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            u64::try_from(nanos % u128::from(u64::MAX)).unwrap_or(0)
        });
    println!("hostile: seed {seed} (HOSTILE_SEED={seed} repeats this run)");

    let app = TestApp::spawn().await;
    let world = world(&app).await;
    let routes = partnerdesk::web::all_routes();
    assert!(!routes.is_empty());
    let expected_tables: BTreeSet<String> = dump(&app)
        .keys()
        .map(|t| (*t).to_owned())
        // Not compared: what hostile requests write by design, their sessions and the sign-in
        // throttle's counts of their failed sign-ins.
        .chain([
            "sessions".to_owned(),
            "login_failures".to_owned(),
            "__diesel_schema_migrations".to_owned(),
        ])
        .collect();
    assert_eq!(
        table_names(&app),
        expected_tables,
        "a table is missing from this test's dump(): add it there"
    );
    let before = dump(&app);

    let world = Arc::new(world);
    let mut planner = Planner {
        world: &world,
        draw: Draw::new(seed),
        next_throwaway: 0,
    };
    let mut plan = |from: usize| -> Vec<Planned> {
        (from..from + BATCH)
            .map(|i| {
                let (method, route) = routes[i % routes.len()];
                planner.plan(route, method)
            })
            .collect()
    };
    let started = Instant::now();
    let mut sent = 0usize;
    // (status or error, method, route) → (how many, the first examples).
    let mut failures: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut fail = |kind: String, example: String| {
        let entry = failures.entry(kind).or_default();
        entry.0 += 1;
        if entry.1.len() < 2 {
            entry.1.push(example);
        }
    };
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut oversize = (0usize, 0usize);
    let mut retries = 0usize;
    let mut batch = plan(0);
    while !batch.is_empty() {
        // This batch is sent by the runtime's workers while the next one is planned here.
        let sending = tokio::spawn(send_all(world.clone(), batch));
        let planned_so_far = sent + 2 * BATCH;
        batch = if planned_so_far <= REQUESTS.next_multiple_of(BATCH) {
            plan(sent + BATCH)
        } else {
            Vec::new()
        };
        for (planned, outcome, retried) in sending.await.expect("sending a batch") {
            sent += 1;
            retries += usize::from(retried);
            let too_big = planned.oversize(world.body_limit);
            oversize.0 += usize::from(too_big);
            match outcome {
                Outcome::Answered(status, body) => {
                    *statuses.entry(status.as_u16()).or_default() += 1;
                    let anonymous = match planned.sender {
                        Sender::Session(i) => !world.sessions[i].signed_in,
                        Sender::Throwaway(_) => true,
                    };
                    // A body over the limit is refused (or never read: not signed in, no route).
                    let refused = matches!(status.as_u16(), 400 | 413)
                        || matches!(status.as_u16(), 404 | 405)
                        || (anonymous && status == StatusCode::SEE_OTHER);
                    oversize.1 += usize::from(too_big && matches!(status.as_u16(), 400 | 413));
                    if status.is_server_error() || (too_big && !refused) {
                        let what = if too_big {
                            " to a body over the limit"
                        } else {
                            ""
                        };
                        fail(
                            format!("{status}{what} from {} {}", planned.method, planned.route),
                            format!(
                                "{} → {}",
                                planned.describe(&world),
                                shorten(&crate::helpers::text(&body), 200)
                            ),
                        );
                    }
                }
                Outcome::Failed(why) => fail(
                    format!("no answer from {} {}", planned.method, planned.route),
                    format!("{} → {why}", planned.describe(&world)),
                ),
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "hostile: {sent} requests over {} routes in {elapsed:.1?}; {} bodies over the limit ({} refused with 400/413); {retries} sent again after no answer; statuses {statuses:?}",
        routes.len(),
        oversize.0,
        oversize.1
    );

    // Everything that went wrong, reported at once.
    let mut problems = Vec::new();
    let failed: usize = failures.values().map(|(n, _)| n).sum();
    if failed > 0 {
        let kinds: Vec<String> = failures
            .iter()
            .map(|(kind, (n, examples))| {
                format!("{kind}: {n} time(s), e.g.\n    {}", examples.join("\n    "))
            })
            .collect();
        problems.push(format!(
            "{failed} of {sent} hostile requests failed:\n  {}",
            kinds.join("\n  ")
        ));
    }
    if oversize.1 == 0 {
        problems.push("no body over the limit was refused with 400 or 413".to_owned());
    }
    let health = app.get("/healthz").await.status();
    if health != StatusCode::OK {
        problems.push(format!("/healthz answers {health} after the run"));
    }
    for session in world.sessions.iter().filter(|s| s.signed_in) {
        let r = session
            .client
            .get(format!("{}/", world.address))
            .send()
            .await
            .expect("GET /");
        if location(&r) == "/login" {
            problems.push(format!(
                "{} was signed out by a hostile request",
                session.label
            ));
        }
    }
    let after = dump(&app);
    let changed = differences(&before, &after);
    if !changed.is_empty() {
        let rows: Vec<String> = changed.iter().take(20).map(|c| shorten(c, 500)).collect();
        problems.push(format!(
            "hostile requests changed the database:\n  {}",
            rows.join("\n  ")
        ));
    }
    assert!(
        problems.is_empty(),
        "seed {seed} (HOSTILE_SEED={seed} repeats it):\n{}",
        problems.join("\n")
    );
}
