//! The catalogue's own tests: both languages define the same messages, every id used exists,
//! formats and plurals.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};

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
    let count = |lang: Lang, n: i64| lang.t_with("subscriptions-count", &[("count", n.into_arg())]);
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
    // The catalogue's own calls are its tests' (and its doc comments').
    let catalogue = root.join("src/i18n");
    for file in files.into_iter().filter(|f| !f.starts_with(&catalogue)) {
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
    // The stored words' names: their ids sit in `text_enum!` declarations, not in calls.
    for (enum_name, key) in crate::db::words::label_keys() {
        used.push((key.to_owned(), format!("src/db ({enum_name})")));
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
