//! The product's words, in English and Polish: Fluent messages under `locales/<lang>/*.ftl`,
//! compiled into the binary, and the locale's formats for numbers and dates.
//!
//! Code never holds user-facing words: the domain says *what* happened as a [`Msg`] (a message id
//! and its arguments), and the page turns it into words in the reader's [`Lang`], chosen by the
//! language switch (kept in the session) or else by the browser's `Accept-Language`.

mod format;
mod msg;
mod request;

pub use msg::{Arg, IntoArg, Msg};
pub use request::request_lang;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::{Deserialize, Serialize};

use format::{format_en, format_pl};

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
}

#[cfg(test)]
mod tests;
