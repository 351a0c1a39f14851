//! Generators: the hostile values, drawn by proptest strategies from a seeded runner.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

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
pub(super) const RAW_QUERY: &[&str] = &[
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
pub(super) const BAD_BYTES: &[&[u8]] = &[
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
pub(super) const CONTENT_TYPES: &[Option<&str>] = &[
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
pub(super) struct Draw {
    pub(super) runner: TestRunner,
    pub(super) small: Weighted,
    pub(super) long: BoxedStrategy<String>,
}

impl Draw {
    pub(super) fn new(seed: u64) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
        Self {
            runner: TestRunner::new_with_rng(Config::default(), rng),
            small: small_value(),
            long: long_value(),
        }
    }

    pub(super) fn sample<S: Strategy>(&mut self, strategy: &S) -> S::Value {
        strategy
            .new_tree(&mut self.runner)
            .expect("generate a value")
            .current()
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        self.sample(&(0..n.max(1)))
    }

    pub(super) fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    pub(super) fn one<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, drawn by weight.
    pub(super) fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut roll = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        unreachable!("a roll below the total weight")
    }

    pub(super) fn small(&mut self) -> String {
        let weights: Vec<usize> = self.small.iter().map(|(w, _)| *w).collect();
        let i = self.weighted(&weights);
        let strategy = self.small[i].1.clone();
        self.sample(&strategy)
    }

    pub(super) fn hostile(&mut self) -> String {
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

    pub(super) fn uuid(&mut self) -> String {
        uuid::Uuid::from_u128(self.sample(&any::<u128>())).to_string()
    }
}
