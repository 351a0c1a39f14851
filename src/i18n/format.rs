//! The locale's formats for numbers and dates.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use fluent_templates::fluent_bundle::{FluentValue, types::FluentNumber};

use super::Lang;

impl Lang {
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

pub(super) fn format_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_number(value, Lang::En)
}

pub(super) fn format_pl<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_number(value, Lang::Pl)
}
