//! The product's words, in English and Polish: Fluent messages under `locales/<lang>/*.ftl`,
//! compiled into the binary, and the locale's formats for numbers and dates.
//!
//! Code never holds user-facing words: the domain says *what* happened as a [`Msg`] (a message id
//! and its arguments), and the page turns it into words in the reader's [`Lang`], chosen by the
//! language switch (kept in the session) or else by the browser's `Accept-Language`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use fluent_templates::fluent_bundle::{FluentValue, types::FluentNumber};
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::{Deserialize, Serialize};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            // Unicode isolation marks around arguments would end up in the HTML and in copied
            // text; our arguments are names and numbers inside sentences of the same direction.
            bundle.set_use_isolating(false);
            let polish = bundle.locales.first().is_some_and(|l| l.language.as_str() == "pl");
            bundle.set_formatter(Some(if polish { format_pl } else { format_en }));
        },
    };
}

static EN: LanguageIdentifier = langid!("en");
static PL: LanguageIdentifier = langid!("pl");

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English (the default).
    #[default]
    #[serde(rename = "en")]
    En,
    /// Polish.
    #[serde(rename = "pl")]
    Pl,
}

/// Session key of the language the user chose with the switch.
pub const SESSION_KEY: &str = "lang";

impl Lang {
    /// Every language, in the order the switch offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Pl];

    /// The BCP 47 code, for `<html lang>` and the switch.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }

    /// The language's own name for itself, as the switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Pl => "Polski",
        }
    }

    /// The language for a code such as `pl` or `pl-PL`; `None` for one we do not speak.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The best language for an `Accept-Language` header: the highest `q` we speak, earlier
    /// entries first among equals; English when none matches.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for entry in accept_language.split(',') {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_code) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Pl => &PL,
        }
    }

    /// The message `key` in this language.
    pub fn t(self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The message `key` with its arguments.
    pub fn t_with(self, key: &str, args: &[(&str, Arg)]) -> String {
        let args = self.fluent_args(args.iter().map(|(name, value)| (*name, value)));
        self.lookup(key, Some(&args))
    }

    /// Arguments as Fluent takes them, dates and nested messages already in this language.
    fn fluent_args<'a>(
        self,
        args: impl Iterator<Item = (&'a str, &'a Arg)>,
    ) -> HashMap<Cow<'static, str>, FluentValue<'static>> {
        args.map(|(name, value)| (Cow::Owned(name.to_owned()), value.to_fluent(self)))
            .collect()
    }

    /// The message `key` with one argument (for templates).
    pub fn t1(self, key: &str, name: &str, value: impl IntoArg) -> String {
        self.t_with(key, &[(name, value.into_arg())])
    }

    /// The message `key` with two arguments (for templates).
    pub fn t2(self, key: &str, n1: &str, v1: impl IntoArg, n2: &str, v2: impl IntoArg) -> String {
        self.t_with(key, &[(n1, v1.into_arg()), (n2, v2.into_arg())])
    }

    /// The message `key` with three arguments (for templates).
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        self,
        key: &str,
        n1: &str,
        v1: impl IntoArg,
        n2: &str,
        v2: impl IntoArg,
        n3: &str,
        v3: impl IntoArg,
    ) -> String {
        self.t_with(
            key,
            &[
                (n1, v1.into_arg()),
                (n2, v2.into_arg()),
                (n3, v3.into_arg()),
            ],
        )
    }

    /// A [`Msg`] in words.
    pub fn msg(self, msg: &Msg) -> String {
        if msg.args.is_empty() {
            self.t(&msg.key)
        } else {
            let args =
                self.fluent_args(msg.args.iter().map(|(name, value)| (name.as_str(), value)));
            self.lookup(&msg.key, Some(&args))
        }
    }

    fn lookup(
        self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'static>>>,
    ) -> String {
        match LOCALES.lookup_single_language(self.id(), key, args) {
            Ok(words) => words,
            Err(e) => {
                // A missing message is a bug the tests catch (every key used is checked against
                // both languages); a reader still gets the English words, or the key.
                tracing::error!(key, lang = self.code(), error = %e, "message lookup failed");
                LOCALES
                    .try_lookup_complete(&EN, key, args)
                    .unwrap_or_else(|| key.to_owned())
            }
        }
    }

    /// An argument as the locale writes it.
    pub fn show(self, arg: &Arg) -> String {
        match arg {
            Arg::Text(s) => s.clone(),
            Arg::Number(n) => self.number(*n),
            Arg::Date(d) => self.date(*d),
            Arg::DateTime(at) => self.datetime(*at),
            Arg::Msg(m) => self.msg(m),
        }
    }

    /// A whole number with the locale's digit grouping: `12,345` / `12 345`.
    pub fn number(self, n: i64) -> String {
        match self {
            Lang::En => group(n, ",", 1),
            // Polish groups with a no-break space, and only from five digits on (CLDR).
            Lang::Pl => group(n, "\u{a0}", 2),
        }
    }

    /// A date in the locale's medium format: `Nov 24, 2026` / `24 lis 2026`.
    pub fn date(self, d: NaiveDate) -> String {
        let month = (d.month0() as usize).min(11);
        match self {
            Lang::En => format!("{} {}, {}", EN_MONTHS[month], d.day(), d.year()),
            Lang::Pl => format!("{} {} {}", d.day(), PL_MONTHS[month], d.year()),
        }
    }

    /// A moment in the locale's medium date and short time, in UTC: `Nov 24, 2026, 2:05 PM UTC` /
    /// `24 lis 2026, 14:05 UTC`.
    pub fn datetime(self, at: DateTime<Utc>) -> String {
        let date = self.date(at.date_naive());
        match self {
            Lang::En => {
                let (pm, hour) = at.hour12();
                let half = if pm { "PM" } else { "AM" };
                format!("{date}, {hour}:{:02}\u{a0}{half} UTC", at.minute())
            }
            Lang::Pl => format!("{date}, {}:{:02} UTC", at.hour(), at.minute()),
        }
    }
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const PL_MONTHS: [&str; 12] = [
    "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
];

/// `n` with `separator` between groups of three digits, when it has at least
/// `3 + min_grouping` digits.
fn group(n: i64, separator: &str, min_grouping: usize) -> String {
    let digits = n.unsigned_abs().to_string();
    let sign = if n < 0 { "-" } else { "" };
    if digits.len() < 3 + min_grouping {
        return format!("{sign}{digits}");
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Fluent's own number formatting knows no grouping; whole numbers get the locale's.
fn format_number(value: &FluentValue, lang: Lang) -> Option<String> {
    match value {
        FluentValue::Number(FluentNumber { value, .. })
            if value.fract() == 0.0 && value.abs() < 9.0e15 =>
        {
            #[allow(clippy::cast_possible_truncation)]
            Some(lang.number(*value as i64))
        }
        _ => None,
    }
}

fn format_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_number(value, Lang::En)
}

fn format_pl<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_number(value, Lang::Pl)
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    /// Words, a name, an id: shown as given.
    Text(String),
    /// A count or amount: selects plural forms and gets the locale's grouping.
    Number(i64),
    /// A date, in the locale's format.
    Date(NaiveDate),
    /// A moment, in the locale's format.
    DateTime(DateTime<Utc>),
    /// Another message, worded in the same language (a sentence inside a sentence).
    Msg(Box<Msg>),
}

impl Arg {
    fn to_fluent(&self, lang: Lang) -> FluentValue<'static> {
        match self {
            Arg::Text(s) => FluentValue::from(s.clone()),
            #[allow(clippy::cast_precision_loss)]
            Arg::Number(n) => FluentValue::from(*n as f64),
            Arg::Date(d) => FluentValue::from(lang.date(*d)),
            Arg::DateTime(at) => FluentValue::from(lang.datetime(*at)),
            Arg::Msg(m) => FluentValue::from(lang.msg(m)),
        }
    }
}

/// What can be a message argument: text, numbers, dates, and references to them (templates
/// pass their values by reference, sometimes twice over).
pub trait IntoArg {
    /// The argument.
    fn into_arg(self) -> Arg;
}

impl<T: IntoArg + Clone> IntoArg for &T {
    fn into_arg(self) -> Arg {
        self.clone().into_arg()
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_owned())
    }
}

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Number(i64::try_from(self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(i64, i32, u16, u32, u64, usize);

impl IntoArg for Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg(Box::new(self))
    }
}

impl IntoArg for NaiveDate {
    fn into_arg(self) -> Arg {
        Arg::Date(self)
    }
}

impl IntoArg for chrono::NaiveDateTime {
    /// Stored timestamps are UTC.
    fn into_arg(self) -> Arg {
        Arg::DateTime(self.and_utc())
    }
}

impl IntoArg for DateTime<Utc> {
    fn into_arg(self) -> Arg {
        Arg::DateTime(self)
    }
}

/// Something to tell the user, before it is put into words: a message id of `locales/*/*.ftl`
/// and its arguments. The domain and the errors speak in these; pages render them in the
/// reader's language. Serializable, so that a one-time message survives the redirect in the
/// session and is worded for whoever reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    /// The Fluent message id.
    pub key: String,
    /// Named arguments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

impl Msg {
    /// A message without arguments.
    pub fn new(key: &str) -> Msg {
        Msg {
            key: key.to_owned(),
            args: Vec::new(),
        }
    }

    /// Adds a named argument.
    #[must_use]
    pub fn arg(mut self, name: &str, value: impl IntoArg) -> Msg {
        self.args.push((name.to_owned(), value.into_arg()));
        self
    }

    /// The words in English, for logs.
    pub fn english(&self) -> String {
        Lang::En.msg(self)
    }
}

/// The reader's language: the switch's choice kept in the session, else the browser's
/// `Accept-Language`, else English.
pub fn request_lang(req: &HttpRequest) -> Lang {
    let chosen = req.get_session().get::<Lang>(SESSION_KEY).ok().flatten();
    chosen.unwrap_or_else(|| {
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::En, Lang::negotiate)
    })
}

impl FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(request_lang(req)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_language_we_speak() {
        assert_eq!(Lang::negotiate("pl-PL,pl;q=0.9,en;q=0.8"), Lang::Pl);
        assert_eq!(Lang::negotiate("en-US,en;q=0.9,pl;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("de-DE,de;q=0.9,pl;q=0.5"), Lang::Pl);
        assert_eq!(Lang::negotiate("de, fr"), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0.2, pl;q=0.7"), Lang::Pl);
        assert_eq!(Lang::negotiate("pl;q=0, en"), Lang::En);
        assert_eq!(Lang::negotiate("PL"), Lang::Pl);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate(";;,,q=;pl;q=abc"), Lang::En);
    }

    #[test]
    fn numbers_are_grouped_the_locale_way() {
        assert_eq!(Lang::En.number(717), "717");
        assert_eq!(Lang::En.number(1234), "1,234");
        assert_eq!(Lang::En.number(-1_234_567), "-1,234,567");
        assert_eq!(Lang::Pl.number(1234), "1234");
        assert_eq!(Lang::Pl.number(12345), "12\u{a0}345");
        assert_eq!(Lang::Pl.number(1_234_567), "1\u{a0}234\u{a0}567");
    }

    #[test]
    fn dates_follow_the_locale() {
        let at = DateTime::parse_from_rfc3339("2026-11-04T14:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(Lang::En.date(at.date_naive()), "Nov 4, 2026");
        assert_eq!(Lang::Pl.date(at.date_naive()), "4 lis 2026");
        assert_eq!(Lang::En.datetime(at), "Nov 4, 2026, 2:05\u{a0}PM UTC");
        assert_eq!(Lang::Pl.datetime(at), "4 lis 2026, 14:05 UTC");
    }

    #[test]
    fn polish_plurals_take_the_right_form() {
        let count =
            |lang: Lang, n: i64| lang.t_with("subscriptions-count", &[("count", n.into_arg())]);
        assert_eq!(count(Lang::En, 1), "1 subscription");
        assert_eq!(count(Lang::En, 1234), "1,234 subscriptions");
        for (n, words) in [
            (1, "1 subskrypcja"),
            (2, "2 subskrypcje"),
            (4, "4 subskrypcje"),
            (5, "5 subskrypcji"),
            (12, "12 subskrypcji"),
            (14, "14 subskrypcji"),
            (22, "22 subskrypcje"),
            (112, "112 subskrypcji"),
            (1234, "1234 subskrypcje"),
            (12345, "12\u{a0}345 subskrypcji"),
        ] {
            assert_eq!(count(Lang::Pl, n), words, "{n}");
        }
    }

    /// The message ids of a locale's `.ftl` files.
    fn ids_of(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut ids = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    assert!(ids.insert(id.to_owned()), "{id} defined twice in {lang}");
                }
            }
        }
        ids
    }

    #[test]
    fn both_languages_define_the_same_messages() {
        let (en, pl) = (ids_of("en"), ids_of("pl"));
        let only_en: Vec<_> = en.difference(&pl).collect();
        let only_pl: Vec<_> = pl.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_pl.is_empty(),
            "only in English: {only_en:?}; only in Polish: {only_pl:?}"
        );
    }

    /// Every message id written in a template or in the code, as the first string argument of
    /// the calls that take one.
    fn ids_used() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("src"), root.join("templates")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let calls = [
            "t(",
            "t1(",
            "t2(",
            "t3(",
            "Msg::new(",
            "for_user(",
            "anonymous(",
        ];
        let mut used = Vec::new();
        // This file's own calls are its tests'.
        for file in files.into_iter().filter(|f| !f.ends_with("src/i18n.rs")) {
            let text = std::fs::read_to_string(&file).unwrap();
            for call in calls {
                for (at, _) in text.match_indices(call) {
                    let before = text[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let Some(rest) = text[at + call.len()..].trim_start().strip_prefix('"') else {
                        continue; // an id held in a variable: checked by family below
                    };
                    let id = &rest[..rest.find('"').unwrap()];
                    if id.contains('{') {
                        continue; // format!() ids are checked by family below
                    }
                    used.push((id.to_owned(), file.display().to_string()));
                }
            }
        }
        for code in [400, 403, 404, 405, 408, 409, 413, 415, 422, 429, 503, 500] {
            for part in ["title", "message"] {
                used.push((format!("error-{code}-{part}"), "src/error.rs".to_owned()));
            }
        }
        for part in ["title", "message"] {
            used.push((format!("error-other-{part}"), "src/error.rs".to_owned()));
        }
        use crate::domain::Role;
        for role in [
            Role::GlobalAdmin,
            Role::AdminAgent,
            Role::HelpdeskAgent,
            Role::SalesAgent,
            Role::BillingAdmin,
            Role::User,
        ] {
            used.push((role.label_key().to_owned(), "src/domain/mod.rs".to_owned()));
        }
        use crate::db::models::partner::PartnerKind;
        for kind in [
            PartnerKind::DirectBill,
            PartnerKind::IndirectProvider,
            PartnerKind::IndirectReseller,
        ] {
            used.push((
                kind.label_key().to_owned(),
                "src/db/models/partner.rs".to_owned(),
            ));
        }
        for key in [
            "commerce-new",
            "commerce-legacy",
            "subscription-status-active",
            "subscription-status-suspended",
            "subscription-status-expired",
            "subscription-status-deleted",
        ] {
            used.push((key.to_owned(), "src/db/models".to_owned()));
        }
        used
    }

    #[test]
    fn every_message_used_exists_in_both_languages() {
        let (en, pl) = (ids_of("en"), ids_of("pl"));
        let used = ids_used();
        assert!(used.len() > 50, "the scan found only {} uses", used.len());
        let missing: Vec<String> = used
            .iter()
            .filter(|(id, _)| !en.contains(id) || !pl.contains(id))
            .map(|(id, file)| format!("{id} ({file})"))
            .collect();
        assert!(missing.is_empty(), "messages missing: {missing:#?}");
    }
}
