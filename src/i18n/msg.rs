//! Messages before they are put into words: an id and its arguments.

use chrono::{DateTime, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use super::Lang;

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
    pub(super) fn to_fluent(&self, lang: Lang) -> FluentValue<'static> {
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
