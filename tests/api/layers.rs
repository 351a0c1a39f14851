//! The layers hold (STYLE.md §1): the domain knows neither actix-web, askama nor diesel; the
//! database layer knows neither actix-web nor askama; the web layer does not touch diesel. Read
//! from the source tree, so that a `use` added anywhere under a layer fails here, not in review.
//!
//! Code only: comments, doc comments and string literals are skipped, since a comment saying
//! "knows neither actix-web nor askama" is the rule, not a breach. What counts is an identifier
//! that is a framework's crate (`diesel`, `actix_web`, `askama`, …): a path such as `diesel::` or
//! `actix_web::web::block`, a `use`, an attribute such as `#[derive(diesel::…)]`. A local variable
//! named after a crate (`diesel_error`) counts too: stricter than needed, and it is one rename.

use std::path::{Path, PathBuf};

/// Each layer (a folder under `src/`) and the crates it must not name.
const RULES: &[(&str, &[&str])] = &[
    ("domain", &["actix", "askama", "diesel"]),
    ("db", &["actix", "askama"]),
    ("web", &["diesel"]),
];

/// Whether identifier `ident` names crate family `krate`: `actix` covers `actix`, `actix_web`,
/// `actix_session`; `diesel` covers `diesel` and `diesel_migrations`.
fn names(ident: &str, krate: &str) -> bool {
    ident == krate
        || ident
            .strip_prefix(krate)
            .is_some_and(|rest| rest.starts_with('_'))
}

/// The identifiers in Rust source with their line numbers, comments and literals left out.
fn identifiers(source: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            // Block comments nest in Rust.
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' || (matches!(c, 'r' | 'b') && starts_raw_or_byte_string(&chars, i)) {
            // A string: plain, byte (b"…") or raw (r"…", r#"…"#, br#"…"#).
            let mut j = i;
            if chars[j] == 'b' {
                j += 1;
            }
            let raw = chars[j] == 'r';
            if raw {
                j += 1;
            }
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1; // the opening quote
            loop {
                if j >= chars.len() {
                    break;
                }
                match chars[j] {
                    '\\' if !raw => {
                        // An escape; `\` at a line's end continues the string on the next.
                        if at(j + 1) == '\n' {
                            line += 1;
                        }
                        j += 2;
                    }
                    '"' if (1..=hashes).all(|h| at(j + h) == '#') => {
                        j += 1 + hashes;
                        break;
                    }
                    '\n' => {
                        line += 1;
                        j += 1;
                    }
                    _ => j += 1,
                }
            }
            i = j;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'), or a lifetime ('a), which is skipped too.
            if at(i + 1) == '\\' {
                // Past the quote, the backslash and the escaped character ('\'' too).
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            found.push((line, chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            // A number with its suffix (1u8, 0x_ff): no identifier.
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Whether `r"`, `r#"`, `b"`, `br"` or `br#"` begins at `i` (and not an identifier such as `bar`).
fn starts_raw_or_byte_string(chars: &[char], i: usize) -> bool {
    let before_is_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    if before_is_ident {
        return false;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) == Some(&'r') {
        j += 1;
        while chars.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && chars.get(j) == Some(&'"')
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Where `source` names one of `forbidden`: (line, identifier).
fn breaches(source: &str, forbidden: &[&str]) -> Vec<(usize, String)> {
    identifiers(source)
        .into_iter()
        .filter(|(_, ident)| forbidden.iter().any(|krate| names(ident, krate)))
        .collect()
}

#[test]
fn no_layer_names_a_framework_it_must_not_know() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (layer, forbidden) in RULES {
        let files = rust_files(&src.join(layer));
        assert!(!files.is_empty(), "no source under src/{layer}");
        for file in files {
            let source = std::fs::read_to_string(&file).expect("read source");
            let lines: Vec<&str> = source.lines().collect();
            for (line, ident) in breaches(&source, forbidden) {
                problems.push(format!(
                    "{}:{line}: `{ident}` in the {layer} layer: {}",
                    file.strip_prefix(&src).unwrap_or(&file).display(),
                    lines.get(line - 1).map_or("", |l| l.trim())
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layer boundaries crossed (STYLE.md §1):\n{}",
        problems.join("\n")
    );
}

/// The scanner itself: code is caught, comments and literals are not.
#[test]
fn the_layer_scan_reads_code_and_skips_comments_and_literals() {
    let source = r####"
//! Knows neither actix-web nor askama; no diesel either.
use crate::db::DbConn; // diesel::Connection is not named here
/* a block comment on diesel::result /* nested: askama */ still a comment: actix_web */
fn f(conn: &mut DbConn) -> &'static str {
    let _c = ['"', '\'', '\\'];
    let _s = "use diesel::prelude::*; \" actix_web \
              askama";
    let _r = r#"askama::Template "quoted" diesel"#;
    let _b = b"diesel";
    let _n = 1_000u32;
    let _label: Vec<&'a str> = Vec::new();
    conn.transaction(|c| diesel::sql_query("x"))
}
#[derive(askama::Template)]
struct Page;
fn g() { actix_web::web::block(|| ()); let diesel_error = 1; }
"####;
    let found = breaches(source, &["actix", "askama", "diesel"]);
    let found: Vec<(usize, &str)> = found.iter().map(|(l, i)| (*l, i.as_str())).collect();
    assert_eq!(
        found,
        [
            (13, "diesel"),
            (15, "askama"),
            (17, "actix_web"),
            (17, "diesel_error"),
        ]
    );
    assert!(names("diesel_migrations", "diesel") && names("actix", "actix"));
    assert!(!names("dieselish", "diesel") && !names("transactional", "actix"));
}
