//! The planner: which requests to send, each harmless by construction.

use partnerdesk::db::ids::MpnId;
use proptest::prelude::*;
use reqwest::Method;

use super::model::{
    Context, Focus, Planned, Sender, World, encode_loosely, encode_segment, form_fields,
    query_fields,
};
use super::values::{BAD_BYTES, CONTENT_TYPES, Draw, RAW_QUERY};
use super::{MAX_SEGMENT, MAX_URL, USERS};
use crate::helpers::PASSWORD;

/// Plans requests from the seeded draw.
pub(super) struct Planner<'w> {
    pub(super) world: &'w World,
    pub(super) draw: Draw,
    pub(super) next_throwaway: usize,
}

impl Planner<'_> {
    /// A realistic value for a field, so that the other fields' hostile values get looked at.
    pub(super) fn plausible(&mut self, field: &str) -> String {
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
                let ops = partnerdesk::db::models::audit::Operation::ALL;
                ops[d.below(ops.len())].to_string()
            }
            "next" => d.one(&["/customers", "/activity?page=2", "/"]).to_string(),
            "email" => d.one(USERS).to_string(),
            "password" => "wrong-password".to_owned(),
            "version" => (d.below(usize::try_from(w.max_version).unwrap_or(1)) + 1).to_string(),
            "delegated_admin" => "yes".to_owned(),
            "tenant_id" => d.one(&w.tenants).clone(),
            "note" => d.one(&["it@adatum.example", "Ola", ""]).to_string(),
            "company_name" => d.one(&["Hostile Co", "Ądatum"]).to_string(),
            "domain" => d
                .one(&["hostile.example", "adatum.onmicrosoft.com"])
                .to_string(),
            "country" => d.one(&["PL", "us"]).to_string(),
            "admin_name" => d.one(&["Ada Admin", "Zażółć"]).to_string(),
            "password_again" => "wrong-password".to_owned(),
            "role" => d
                .one(&["billing_admin", "global_admin", "user", "admin_agent"])
                .to_string(),
            "display_name" => d.one(&["A Name", ""]).to_string(),
            _ => "1".to_owned(),
        }
    }

    /// Field pairs: the fields in focus hostile or plausible with junk after it, sometimes
    /// missing, repeated, as an array or a nested key; the others plausible. Unknown hostile keys
    /// besides.
    pub(super) fn pairs(&mut self, fields: &[&str], focus: Focus) -> Vec<(String, String)> {
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
    pub(super) fn existing(&mut self, param: &str, context: &Context) -> Option<String> {
        let w = self.world;
        match param {
            "tenant_id" => Some(context.0.clone()),
            "subscription_id" => Some(context.1.clone()),
            "change_id" => context.2.clone(),
            "mpn_id" => Some(self.draw.one(&w.mpns).clone()),
            "id" => {
                (!w.invitation_ids.is_empty()).then(|| self.draw.one(&w.invitation_ids).clone())
            }
            "token" => Some(if self.draw.percent(50) {
                w.token.clone()
            } else {
                w.request_token.clone()
            }),
            "request_id" => Some(self.draw.one(&w.request_ids).clone()),
            "user_id" => Some(self.draw.one(&w.user_ids).clone()),
            "name" => Some(self.draw.one(&["app.css", "favicon.svg"]).to_string()),
            _ => None,
        }
    }

    /// A value for a path parameter: hostile, an existing record's (in several spellings), or
    /// well-formed but unknown.
    pub(super) fn path_value(&mut self, param: &str, context: &Context) -> String {
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
    pub(super) fn path(&mut self, route: &str, acting: bool, focus: Focus) -> Option<String> {
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

    pub(super) fn query(&mut self, route: &str, focus: Focus) -> String {
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

    pub(super) fn plan(&mut self, route: &'static str, method: &str) -> Planned {
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
            } else if w.acts(me, route) {
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
