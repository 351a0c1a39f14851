//! A real, headless Chromium driven over WebDriver (with fantoccini), on the app of a
//! [`TestApp`]: sign-in through the form, clicks, screenshots, the axe-core accessibility check
//! and the 375 px overflow check.
//!
//! Each [`Browser`] runs its own chromedriver (a free port, a throw-away profile, `HOME` and
//! `TMPDIR`), so tests in parallel never share a browser; at most [`MAX_BROWSERS`] are alive in
//! the test process at once, and a test that runs several side by side reserves them all at once
//! ([`reserve`]). What the checks find is collected, printed as it is found, and failed on
//! at the end of the test by [`fail_on`], so that one run lists every problem of every
//! page rather than the first.
//!
//! [`TestApp`]: crate::helpers::TestApp

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use fantoccini::elements::{Element, ElementRef};
use fantoccini::error::CmdError;
use fantoccini::wd::{TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::helpers::PASSWORD;

/// Browsers alive at once in the test process: the suite runs its tests in parallel, and each
/// Chromium wants a core.
pub const MAX_BROWSERS: usize = 2;

static BROWSERS: Semaphore = Semaphore::const_new(MAX_BROWSERS);

/// Skips the browser tests on purpose, in CI too (without it they skip only outside CI, and only
/// when something they need is missing). Not `PARTNERDESK_…`: the app's configuration reads
/// every `PARTNERDESK_*` variable and refuses the ones it does not know.
pub const SKIP_VAR: &str = "SKIP_BROWSER_TESTS";

/// The key under which WebDriver returns element references in JSON (from a script).
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A place for one browser among the [`MAX_BROWSERS`] of the test process; free again when the
/// browser that took it is closed.
pub struct Slot {
    _permit: SemaphorePermit<'static>,
}

/// Waits until `N` places are free together, and takes them: a test that held some while waiting
/// for more could wait forever on another test doing the same. Fails first, without waiting, if
/// Chromium, chromedriver or axe-core is missing (a test asks [`skipped`] before it gets here).
pub async fn reserve<const N: usize>() -> [Slot; N] {
    needs();
    assert!(
        (1..=MAX_BROWSERS).contains(&N),
        "a test can run 1 to {MAX_BROWSERS} browsers at once, not {N}"
    );
    let mut permit = BROWSERS
        .acquire_many(u32::try_from(N).expect("a small number"))
        .await
        .expect("the browser semaphore is never closed");
    std::array::from_fn(|_| Slot {
        _permit: permit.split(1).expect("as many permits as places"),
    })
}

/// Default window size (outer, CSS px).
pub const WIDTH: u32 = 1280;
pub const HEIGHT: u32 = 900;
/// The narrow viewport of the overflow check.
pub const NARROW: u32 = 375;

/// The language the browser asks for, as a real user's browser does: its UI language and its
/// `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Polish,
}

impl Language {
    /// The code the app's language switch posts (`<button name="lang" value="…">`).
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Polish => "pl",
        }
    }

    fn lang_flag(self) -> &'static str {
        match self {
            Language::English => "--lang=en-US",
            Language::Polish => "--lang=pl",
        }
    }

    fn accept_languages(self) -> &'static str {
        match self {
            Language::English => "en-US,en",
            Language::Polish => "pl-PL,pl",
        }
    }
}

/// Whether this run is CI's (`CI=true`, as `.ci/run` and most CI services set it): there a
/// missing browser or axe-core fails the browser tests instead of skipping them.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// True, after saying so, when this test is not to run: switched off by [`SKIP_VAR`]`=1`, or,
/// outside CI, when Chromium, chromedriver or axe-core is missing (said loudly, with how to get
/// them). Under CI a missing one fails the test here. Finds the tools, and installs axe-core if
/// the browser is there and it is not, once per test process.
pub fn skipped(test: &str) -> bool {
    if std::env::var(SKIP_VAR).is_ok_and(|v| v == "1") {
        loud(&format!(
            "{test}: SKIPPED: the browser tests are switched off by {SKIP_VAR}=1"
        ));
        return true;
    }
    let Err(missing) = prerequisites() else {
        return false;
    };
    if in_ci() {
        panic!(
            "CI=true, so the browser tests must run, but {}.\n{}",
            missing.join("; "),
            how_to_run()
        );
    }
    static SAID: OnceLock<()> = OnceLock::new();
    SAID.get_or_init(|| {
        let rule = "=".repeat(78);
        let what: String = missing.iter().map(|m| format!("\n  - {m}")).collect();
        loud(&format!(
            "{rule}\nBROWSER TESTS SKIPPED (tests/api/browser.rs): they need Chromium, chromedriver \
             and axe-core; on this machine:{what}\n{}\nUnder CI=true these tests fail instead of \
             skipping.\n{rule}",
            how_to_run()
        ));
    });
    loud(&format!(
        "{test}: SKIPPED: no browser to run it in (see BROWSER TESTS SKIPPED above)"
    ));
    true
}

/// The commands that make the browser tests run (Debian or Ubuntu).
fn how_to_run() -> String {
    format!(
        "To run them:\n\
         \x20   sudo apt-get install -y --no-install-recommends chromium chromium-driver npm\n\
         \x20   npm ci --prefix tests/browser --no-audit --no-fund   # axe-core (the tests also run \
         this themselves when Chromium is there)\n\
         \x20   cargo test --test api browser\n\
         Chromium and chromedriver are looked for on PATH; the CHROMIUM and CHROMEDRIVER \
         environment variables name other binaries. {SKIP_VAR}=1 skips these tests on purpose."
    )
}

/// A line on the terminal even when the test passes: the test harness captures what a test
/// prints with `println!`/`eprintln!` and shows it only for a failure, so this writes to standard
/// error itself.
fn loud(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
    let _ = err.flush();
}

/// What the browser tests need, found (and axe-core installed) once per test process: parallel
/// tests wait for the first one's look.
struct Needs {
    tools: Tools,
    axe: String,
}

fn prerequisites() -> &'static Result<Needs, Vec<String>> {
    static NEEDS: OnceLock<Result<Needs, Vec<String>>> = OnceLock::new();
    NEEDS.get_or_init(|| {
        let chromium = find_tool("CHROMIUM", &["chromium", "chromium-browser"]);
        let chromedriver = find_tool("CHROMEDRIVER", &["chromedriver"]);
        match (chromium, chromedriver) {
            (Ok(chromium), Ok(chromedriver)) => Ok(Needs {
                tools: Tools {
                    chromium,
                    chromedriver,
                },
                axe: axe_core().map_err(|e| vec![e])?,
            }),
            (chromium, chromedriver) => {
                let mut missing: Vec<String> = [chromium.err(), chromedriver.err()]
                    .into_iter()
                    .flatten()
                    .collect();
                if !axe_path().is_file() {
                    missing.push(format!(
                        "axe-core is not installed either ({} is missing)",
                        axe_path().display()
                    ));
                }
                Err(missing)
            }
        }
    })
}

/// The prerequisites, for a test that has asked [`skipped`].
fn needs() -> &'static Needs {
    match prerequisites() {
        Ok(needs) => needs,
        Err(missing) => panic!(
            "the browser tests cannot run: {}; a browser test must ask `skipped` first",
            missing.join("; ")
        ),
    }
}

/// Chromium and chromedriver: `$CHROMIUM` / `$CHROMEDRIVER` if set, else the first found on
/// `PATH`.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

fn find_tool(var: &str, names: &[&str]) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("{var}={} does not exist", path.display()))
        };
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            format!(
                "{} is not installed (no {} on PATH, and ${var} is not set)",
                names[0],
                names.join(" or ")
            )
        })
}

fn tools() -> &'static Tools {
    &needs().tools
}

/// `tests/browser`, where axe-core is pinned (`package-lock.json`) and installed.
fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn axe_path() -> PathBuf {
    browser_dir().join("node_modules/axe-core/axe.min.js")
}

/// axe-core's script, from `tests/browser/node_modules`; when it is not there, installed first
/// with the pinned `npm ci --prefix tests/browser --no-audit --no-fund`, by one test process at a
/// time (a lock file in `tests/browser`: two `cargo test` runs may start together).
fn axe_core() -> Result<String, String> {
    let path = axe_path();
    if let Ok(axe) = std::fs::read_to_string(&path) {
        return Ok(axe);
    }
    let _lock = NpmLock::take()?;
    // Another process may have installed it while this one waited for the lock.
    if let Ok(axe) = std::fs::read_to_string(&path) {
        return Ok(axe);
    }
    loud(&format!(
        "browser tests: axe-core is not installed ({} is missing): running `npm ci --prefix \
         tests/browser --no-audit --no-fund` (pinned by tests/browser/package-lock.json)",
        path.display()
    ));
    let started = Instant::now();
    let output = Command::new("npm")
        .args(["ci", "--prefix", "tests/browser", "--no-audit", "--no-fund"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "axe-core is not installed, and npm, which would install it, is not on PATH \
                 (Debian: `sudo apt-get install npm`)"
                    .to_owned()
            } else {
                format!("axe-core is not installed, and `npm` cannot be started: {e}")
            }
        })?;
    if !output.status.success() {
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let tail: Vec<&str> = said.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "axe-core is not installed, and `npm ci --prefix tests/browser --no-audit --no-fund` \
             failed ({}):\n{}",
            output.status,
            tail.join("\n")
        ));
    }
    loud(&format!(
        "browser tests: axe-core installed in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "`npm ci --prefix tests/browser` succeeded, yet {} cannot be read ({e})",
            path.display()
        )
    })
}

/// `tests/browser/.npm-ci.lock`, held while `npm ci` runs: created only if absent, removed when
/// dropped; one left behind by a process that died is taken over after ten minutes.
struct NpmLock(PathBuf);

impl NpmLock {
    const STALE: Duration = Duration::from_secs(600);

    fn take() -> Result<NpmLock, String> {
        use std::io::Write;
        let path = browser_dir().join(".npm-ci.lock");
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(NpmLock(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|age| age > Self::STALE) {
                        let _ = std::fs::remove_file(&path);
                    } else {
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
                Err(e) => return Err(format!("creating {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for NpmLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// axe-core's script (the prerequisites are found).
fn axe_source() -> &'static str {
    &needs().axe
}

/// Where a test's screenshots go; emptied the first time the test asks in this process, then
/// numbered on across the test's browser sessions.
fn next_screenshot(test: &str) -> (PathBuf, u32) {
    static COUNTERS: Mutex<Option<HashMap<String, u32>>> = Mutex::new(None);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/browser-screenshots")
        .join(test);
    let mut counters = COUNTERS.lock().unwrap_or_else(|e| e.into_inner());
    let counters = counters.get_or_insert_with(HashMap::new);
    let n = counters.entry(test.to_owned()).or_insert_with(|| {
        let _ = std::fs::remove_dir_all(&dir);
        0
    });
    *n += 1;
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    (dir, *n)
}

/// A free TCP port on the loopback interface (free now; chromedriver binds it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// One axe finding, as the page script reduces it.
#[derive(Debug)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<(String, String)>,
}

impl Violation {
    fn from_json(v: &Value) -> Violation {
        let s = |key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        let nodes = v
            .get("nodes")
            .and_then(Value::as_array)
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|n| {
                        let target = n.get("target").and_then(Value::as_str).unwrap_or("");
                        let summary = n.get("summary").and_then(Value::as_str).unwrap_or("");
                        (target.to_owned(), summary.to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default();
        Violation {
            id: s("id"),
            impact: s("impact"),
            help: s("help"),
            nodes,
        }
    }

    fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// Runs axe on the page and reduces each violation to id, impact, help and, per node, its CSS
/// target and the first lines of axe's explanation (for contrast: the colours and the ratio).
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] }).then(r => done({
  violations: r.violations.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' '),
      summary: (n.failureSummary || '').split('\n').map(l => l.trim()).filter(l => l)
        .slice(1, 3).join(' ').slice(0, 300),
    })),
  })),
})).catch(e => done({ error: String(e && e.stack || e) }));
"#;

/// What sticks out to the right of a narrow viewport: each element past the right edge that no
/// scroll container holds (a table in `.table-wrap` scrolls instead of widening the page, but an
/// absolutely positioned child escapes it unless something positioned sits in between), and whose
/// parent is not such an element itself (the causes, not their ancestors).
const MEASURE_OVERFLOW: &str = r#"
const width = window.innerWidth;
const scrollWidth = document.documentElement.scrollWidth;
const culprits = [];
if (scrollWidth > width) {
  const heldByScroller = el => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    let positioned = position !== 'absolute';
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const isPositioned = style.position !== 'static';
      if (style.overflowX !== 'visible' && (positioned || isPositioned)) return true;
      if (isPositioned) positioned = true;
    }
    return false;
  };
  const sticksOut = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 0.5 && !heldByScroller(el);
  };
  const describe = el => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    for (const c of Array.from(el.classList).slice(0, 3)) d += '.' + c;
    const position = getComputedStyle(el).position;
    if (position !== 'static') d += ' (position: ' + position + ')';
    const text = (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    const r = el.getBoundingClientRect();
    return d + (text ? ' "' + text + '"' : '') + ': right edge at ' + Math.round(r.right)
      + ' px, ' + Math.round(r.width) + ' px wide';
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (!sticksOut(el)) continue;
    const parent = el.parentElement;
    if (parent !== document.body && sticksOut(parent)) continue;
    culprits.push(describe(el));
    if (culprits.length >= 8) break;
  }
}
return { width, scrollWidth, culprits };
"#;

/// The receipt lines of a page (`<dt>` label → `<dd>` text), as written (`textContent`: CSS may
/// capitalize what is shown).
const DEFINITIONS: &str = r#"
const words = el => el.textContent.trim().replace(/\s+/g, ' ');
const out = {};
for (const dt of document.querySelectorAll('dt')) {
  const dd = dt.nextElementSibling;
  if (dd && dd.tagName === 'DD') out[words(dt)] = words(dd);
}
return out;
"#;

/// Chrome's full-page screenshot (beyond the viewport), a DevTools command chromedriver passes on
/// (`POST /session/{id}/goog/cdp/execute`); plain WebDriver only captures the viewport.
#[derive(Debug)]
struct FullPageScreenshot;

impl WebDriverCompatibleCommand for FullPageScreenshot {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (reqwest::Method, Option<String>) {
        // `reqwest::Method` is the `http` crate's, the type fantoccini wants.
        let body = json!({
            "cmd": "Page.captureScreenshot",
            "params": { "format": "png", "captureBeyondViewport": true, "optimizeForSpeed": true },
        });
        (reqwest::Method::POST, Some(body.to_string()))
    }
}

/// A WebDriver error in a few lines: Chrome's messages end with a long native stack trace.
fn describe(e: &CmdError) -> String {
    let text = match e {
        CmdError::Standard(w) => format!("{}: {}", w.error(), w.message),
        e => e.to_string(),
    };
    text.lines().take(3).collect::<Vec<_>>().join(" | ")
}

/// Waits until the chromedriver writing to `log` listens (it says so once it has bound its port);
/// false if it exits or stays silent for 15 s.
async fn chromedriver_ready(child: &mut Child, log: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        let said = std::fs::read_to_string(log).unwrap_or_default();
        if said.contains("started successfully") {
            return true;
        }
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

/// A headless Chromium on one app, for one test.
pub struct Browser {
    client: Client,
    /// chromedriver's address, `http://127.0.0.1:<port>`, and the session's id: for closing the
    /// browser from `Drop`, where nothing async can run.
    server: String,
    session_id: String,
    chromedriver: Child,
    /// The app: `http://127.0.0.1:<port>`.
    base: String,
    test: String,
    failures: Vec<String>,
    /// Per-page axe figures, printed at the end.
    figures: Vec<String>,
    started: Instant,
    finished: bool,
    /// chromedriver's `HOME`, `TMPDIR` and output, and Chromium's profile.
    _dir: tempfile::TempDir,
    _slot: Slot,
}

impl Browser {
    /// Starts Chromium (through its own chromedriver) on the app at `base`
    /// (`http://127.0.0.1:<port>`), asking for pages in `language`. Waits while
    /// [`MAX_BROWSERS`] others are alive.
    pub async fn start(base: &str, test: &str, language: Language) -> Browser {
        let [slot] = reserve().await;
        Browser::start_in(slot, base, test, language).await
    }

    /// Like [`Self::start`], in a place the test has [`reserve`]d.
    pub async fn start_in(slot: Slot, base: &str, test: &str, language: Language) -> Browser {
        let tools = tools();
        let started = Instant::now();
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "tmp", "profile"] {
            std::fs::create_dir(dir.path().join(sub)).expect("temp dir");
        }
        let log = dir.path().join("chromedriver.log");

        let mut attempt = 0;
        let (chromedriver, server) = loop {
            attempt += 1;
            let port = free_port();
            let out = std::fs::File::create(&log).expect("chromedriver log");
            let mut child = Command::new(&tools.chromedriver)
                .arg(format!("--port={port}"))
                .env("HOME", dir.path().join("home"))
                .env("TMPDIR", dir.path().join("tmp"))
                .stdin(Stdio::null())
                .stdout(out.try_clone().expect("log"))
                .stderr(out)
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", tools.chromedriver.display()));
            let server = format!("http://127.0.0.1:{port}");
            if chromedriver_ready(&mut child, &log).await {
                break (child, server);
            }
            let _ = child.kill();
            let _ = child.wait();
            // Most likely another process took the port meanwhile: try another one.
            assert!(
                attempt < 3,
                "chromedriver ({}) did not become ready on {server}; its output:\n{}",
                tools.chromedriver.display(),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };

        let profile = dir.path().join("profile");
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={WIDTH},{HEIGHT}"),
                    language.lang_flag(),
                ],
                "prefs": { "intl": { "accept_languages": language.accept_languages() } },
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("the capabilities are an object")
        };
        let connected = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&server)
            .await;
        let client = match connected {
            Ok(client) => client,
            Err(e) => {
                let mut chromedriver = chromedriver;
                let _ = chromedriver.kill();
                let _ = chromedriver.wait();
                panic!(
                    "Chromium ({}) did not start: {e}\nchromedriver's output:\n{}",
                    tools.chromium.display(),
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        let session_id = client
            .session_id()
            .await
            .expect("the session's id")
            .expect("a session");
        let browser = Browser {
            client,
            server,
            session_id,
            chromedriver,
            base: base.trim_end_matches('/').to_owned(),
            test: test.to_owned(),
            failures: Vec::new(),
            figures: Vec::new(),
            started,
            finished: false,
            _dir: dir,
            _slot: slot,
        };
        let timeouts = TimeoutConfiguration::new(
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(30)),
            None,
        );
        let set = browser.client.update_timeouts(timeouts).await;
        browser.ok(set, "setting the timeouts");
        browser.set_window_size(WIDTH, HEIGHT).await;
        browser
    }

    /// The value of a WebDriver command that must succeed; fails the test with what it was doing.
    fn ok<T>(&self, result: Result<T, CmdError>, doing: &str) -> T {
        result.unwrap_or_else(|e| panic!("[{}] WebDriver, {doing}: {}", self.test, describe(&e)))
    }

    async fn set_window_size(&self, width: u32, height: u32) {
        let resized = self.client.set_window_size(width, height).await;
        self.ok(resized, &format!("resizing the window to {width}×{height}"));
    }

    /// The absolute URL of a path of the app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Opens a path of the app (or an absolute URL).
    pub async fn goto(&self, path_or_url: &str) {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        let went = self.client.goto(&url).await;
        self.ok(went, &format!("opening {url}"));
    }

    /// The current path and query.
    pub async fn path(&self) -> String {
        let url = self.current_url().await;
        url.strip_prefix(&self.base).unwrap_or(&url).to_owned()
    }

    /// The address bar's URL.
    pub async fn current_url(&self) -> String {
        let url = self.client.current_url().await;
        self.ok(url, "reading the current URL").into()
    }

    /// What a person reads on the page (`document.body.innerText`).
    pub async fn text(&self) -> String {
        self.execute(
            "return document.body ? document.body.innerText : '';",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Runs a script (the body of a function; `arguments` holds `args`) and returns its result.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        let result = self.client.execute(script, args).await;
        let first_line = script.trim().lines().next().unwrap_or_default();
        self.ok(result, &format!("running the script `{first_line}…`"))
    }

    /// Presses Tab, as a keyboard user moving to the next control.
    pub async fn press_tab(&self) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let tab = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            });
        let result = self.client.perform_actions(tab).await;
        self.ok(result, "pressing Tab");
    }

    /// An element, as a script argument (fantoccini serializes it as WebDriver's reference).
    pub fn arg(element: &Element) -> Value {
        serde_json::to_value(element).expect("an element reference")
    }

    /// The text of the first element matching a CSS selector, as written (`textContent`, spaces
    /// collapsed: CSS may capitalize what is shown); fails the test if none matches.
    pub async fn written(&self, css: &str) -> String {
        let element = self.find(css).await;
        let text = self
            .execute(
                "return arguments[0].textContent.trim().replace(/\\s+/g, ' ');",
                vec![Browser::arg(&element)],
            )
            .await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// The page's language, as it declares it (`<html lang>`).
    pub async fn html_lang(&self) -> String {
        let lang = self
            .execute("return document.documentElement.lang;", vec![])
            .await;
        lang.as_str().unwrap_or_default().to_owned()
    }

    /// The page's `<dt>` → `<dd>` texts.
    pub async fn definitions(&self) -> HashMap<String, String> {
        let value = self.execute(DEFINITIONS, vec![]).await;
        value
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching a CSS selector; fails the test, saying where, if none does.
    pub async fn find(&self, css: &str) -> Element {
        match self.try_find(css).await {
            Some(element) => element,
            None => {
                let path = self.path().await;
                let text = self.text().await;
                panic!("no element matches `{css}` on {path}; the page reads:\n{text}")
            }
        }
    }

    /// The first element matching a CSS selector, or `None`.
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => Some(element),
            Err(e) if e.is_no_such_element() => None,
            Err(e) => panic!("[{}] WebDriver, finding {css}: {}", self.test, describe(&e)),
        }
    }

    /// The element a script returns; fails the test with `what` if it returns none.
    pub async fn find_by_script(&self, what: &str, script: &str, args: Vec<Value>) -> Element {
        let value = self.execute(script, args).await;
        let id = value.get(ELEMENT_KEY).and_then(Value::as_str);
        match id {
            Some(id) => {
                Element::from_element_id(self.client.clone(), ElementRef::from(id.to_owned()))
            }
            None => {
                let path = self.path().await;
                let text = self.text().await;
                panic!("{what}: not found on {path}; the page reads:\n{text}")
            }
        }
    }

    /// Types into a field, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        let cleared = field.clear().await;
        self.ok(cleared, &format!("clearing {css}"));
        self.type_into(&field, text).await;
    }

    /// Types text into a field, key by key, as a person would (each key fires `input`).
    pub async fn type_into(&self, field: &Element, text: &str) {
        let typed = field.send_keys(text).await;
        self.ok(typed, &format!("typing {text:?}"));
    }

    /// Clicks an element that does not navigate (a radio button, a checkbox).
    pub async fn click(&self, element: &Element) {
        let clicked = element.click().await;
        self.ok(clicked, "clicking");
    }

    /// Clicks an element that navigates (a link, a submit button) and waits until the next page
    /// has loaded.
    pub async fn click_and_wait(&self, element: &Element) {
        self.execute("window.__partnerdeskOldPage = true;", vec![])
            .await;
        self.click(element).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // Between two documents a script may find none to run in: that is "not yet".
            let loaded = self
                .client
                .execute(
                    "return !window.__partnerdeskOldPage && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if loaded.is_ok_and(|v| v.as_bool() == Some(true)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no new page loaded within 20 s of the click (still on {})",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Finds and clicks an element that navigates.
    pub async fn follow(&self, css: &str) {
        let element = self.find(css).await;
        self.click_and_wait(&element).await;
    }

    /// Signs in through the sign-in form with the demo password; fails unless it succeeds.
    pub async fn sign_in(&self, email: &str) {
        self.try_sign_in(email, PASSWORD).await;
        let path = self.path().await;
        if path.starts_with("/login") {
            panic!(
                "sign-in of {email} failed; the page reads:\n{}",
                self.text().await
            );
        }
    }

    /// Opens `/login`, fills in the form and submits it with its button.
    pub async fn try_sign_in(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.fill("form[action=\"/login\"] input[name=\"email\"]", email)
            .await;
        self.fill("form[action=\"/login\"] input[name=\"password\"]", password)
            .await;
        self.follow("form[action=\"/login\"] button[type=\"submit\"]")
            .await;
    }

    /// Signs out with the header's sign-out button; fails unless it lands on the sign-in page.
    pub async fn sign_out(&self) {
        self.follow("form[action=\"/logout\"] button[type=\"submit\"]")
            .await;
        let path = self.path().await;
        assert!(path.starts_with("/login"), "after signing out: {path}");
    }

    /// Switches the app's language with the header's language switch (a POST form to
    /// `/language`, one button per other language); fails if the page has no such button.
    pub async fn switch_language(&self, language: Language) {
        self.follow(&format!(
            "form[action=\"/language\"] button[name=\"lang\"][value=\"{}\"]",
            language.code()
        ))
        .await;
    }

    /// Records a problem; the test fails with every recorded problem by [`fail_on`].
    pub fn fail(&mut self, problem: String) {
        eprintln!("[{}] PROBLEM: {problem}", self.test);
        self.failures.push(problem);
    }

    /// Saves a PNG of the whole page as
    /// `target/browser-screenshots/<test>/<NN>-<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let (dir, n) = next_screenshot(&self.test);
        self.save_screenshot(&dir.join(format!("{n:02}-{name}.png")))
            .await
    }

    async fn save_screenshot(&self, path: &Path) -> PathBuf {
        let png = self.screenshot_png().await;
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path.to_owned()
    }

    /// A PNG of the whole page (beyond the viewport, through Chrome's DevTools command), or, if
    /// that is unavailable, of the viewport (plain WebDriver).
    async fn screenshot_png(&self) -> Vec<u8> {
        let full = self.client.issue_cmd(FullPageScreenshot).await;
        let data = full
            .ok()
            .and_then(|v| v.get("data").and_then(Value::as_str).map(str::to_owned));
        match data {
            Some(data) => base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap_or_else(|e| panic!("[{}] the full-page screenshot: {e}", self.test)),
            None => {
                let png = self.client.screenshot().await;
                self.ok(png, "taking a screenshot")
            }
        }
    }

    /// Runs axe-core on the page. Serious and critical violations are recorded as failures (rule,
    /// impact, help, and each node's selector); moderate and minor ones are only printed.
    pub async fn assert_accessible(&mut self, page: &str) {
        for problem in self.axe(page).await {
            self.fail(problem);
        }
    }

    /// The serious and critical axe violations of the page, described.
    async fn axe(&mut self, page: &str) -> Vec<String> {
        // Each page is a new document: axe is injected into every one. WebDriver scripts are not
        // subject to the page's Content-Security-Policy (`script-src 'self'`), page scripts are.
        let loaded = self
            .execute("return typeof window.axe === 'object';", vec![])
            .await;
        if loaded.as_bool() != Some(true) {
            self.execute(&format!("{}\nreturn true;", axe_source()), vec![])
                .await;
        }
        let result = self.client.execute_async(RUN_AXE, vec![]).await;
        let result = self.ok(result, &format!("running axe on {page}"));
        if let Some(error) = result.get("error") {
            panic!("axe failed on {page}: {error}");
        }
        let violations: Vec<Violation> = result
            .get("violations")
            .and_then(Value::as_array)
            .map(|v| v.iter().map(Violation::from_json).collect())
            .unwrap_or_default();
        let (serious, other): (Vec<&Violation>, Vec<&Violation>) =
            violations.iter().partition(|v| v.is_serious());
        let list = |vs: &[&Violation]| {
            vs.iter()
                .map(|v| format!("{} ({}, {} node(s))", v.id, v.impact, v.nodes.len()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let figure = format!(
            "{page}: {} serious/critical [{}]; {} moderate/minor [{}]",
            serious.len(),
            list(&serious),
            other.len(),
            list(&other)
        );
        println!("[{}] axe {figure}", self.test);
        self.figures.push(figure);
        serious
            .iter()
            .map(|v| {
                let nodes: Vec<String> = v
                    .nodes
                    .iter()
                    .map(|(target, summary)| {
                        if summary.is_empty() {
                            format!("      {target}")
                        } else {
                            format!("      {target}  — {summary}")
                        }
                    })
                    .collect();
                format!(
                    "axe on {page}: {} ({}): {}\n{}",
                    v.id,
                    v.impact,
                    v.help,
                    nodes.join("\n")
                )
            })
            .collect()
    }

    /// The overflow at 375 px, described, if any; saves `<dir>/<n>-<page>-375.png`. At a 375 px
    /// wide viewport the page must not scroll sideways (`scrollWidth <= innerWidth`).
    async fn narrow(&self, page: &str, dir: &Path, n: u32) -> Option<String> {
        self.set_window_size(NARROW, HEIGHT).await;
        let measured = self.execute(MEASURE_OVERFLOW, vec![]).await;
        let width = measured.get("width").and_then(Value::as_u64).unwrap_or(0);
        let scroll_width = measured
            .get("scrollWidth")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        assert!(
            width.abs_diff(u64::from(NARROW)) <= 2,
            "could not make the viewport {NARROW} px wide: window.innerWidth is {width}"
        );
        self.save_screenshot(&dir.join(format!("{n:02}-{page}-{NARROW}.png")))
            .await;
        self.set_window_size(WIDTH, HEIGHT).await;
        (scroll_width > width).then(|| {
            let culprits: Vec<String> = measured
                .get("culprits")
                .and_then(Value::as_array)
                .map(|c| {
                    c.iter()
                        .filter_map(Value::as_str)
                        .map(|s| format!("      {s}"))
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "overflow at {width} px on {page}: the page is {scroll_width} px wide; sticking out:\n{}",
                culprits.join("\n")
            )
        })
    }

    /// Proves the checks can fail, on the sign-in page: the page's Content-Security-Policy stops a
    /// script the page adds (so axe gets in only as a WebDriver script), and a page given an image
    /// without a text alternative and a 900 px wide block fails both the axe and the 375 px check.
    pub async fn check_the_checks(&mut self) {
        self.goto("/login").await;
        let inline_ran = self
            .execute(
                "const s = document.createElement('script');
                 s.textContent = 'window.__partnerdeskInline = true;';
                 document.head.appendChild(s);
                 return window.__partnerdeskInline === true;",
                vec![],
            )
            .await;
        assert_eq!(
            inline_ran,
            json!(false),
            "an inline script ran: is the Content-Security-Policy gone?"
        );
        self.execute(
            "const main = document.querySelector('main');
             const img = document.createElement('img');
             img.src = '/static/favicon.svg';
             img.id = 'no-alt';
             main.appendChild(img);
             const wide = document.createElement('div');
             wide.id = 'too-wide';
             wide.style.width = '900px';
             wide.textContent = 'wide';
             main.appendChild(wide);",
            vec![],
        )
        .await;
        let axe = self.axe("broken-on-purpose").await;
        self.figures.pop();
        assert!(
            axe.iter()
                .any(|p| p.contains("image-alt (critical)") && p.contains("#no-alt")),
            "axe did not report the image without alt text: {axe:?}"
        );
        let (dir, n) = next_screenshot(&self.test);
        let narrow = self.narrow("broken-on-purpose", &dir, n).await;
        assert!(
            narrow
                .as_deref()
                .is_some_and(|p| p.contains("div#too-wide")),
            "the 375 px check did not report the 900 px block: {narrow:?}"
        );
        println!(
            "[{}] the checks work: the CSP stopped an inline script; axe caught image-alt on \
             #no-alt; the 375 px check caught div#too-wide",
            self.test
        );
    }

    /// What every visited page gets: a screenshot, the axe check and the 375 px check.
    pub async fn check_page(&mut self, page: &str) {
        let start = Instant::now();
        let (dir, n) = next_screenshot(&self.test);
        self.save_screenshot(&dir.join(format!("{n:02}-{page}.png")))
            .await;
        self.assert_accessible(page).await;
        if let Some(problem) = self.narrow(page, &dir, n).await {
            self.fail(problem);
        }
        println!(
            "[{}] checked {page} ({}) in {} ms",
            self.test,
            self.path().await,
            start.elapsed().as_millis()
        );
    }

    /// Closes the browser and hands back what the checks found, for [`fail_on`] (which fails the
    /// test on the findings of all its browsers at once).
    pub async fn close(mut self) -> Findings {
        self.finished = true;
        if let Err(e) = self.client.clone().close().await {
            eprintln!("[{}] closing the browser: {}", self.test, describe(&e));
        }
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        println!(
            "[{}] browser session took {:.1} s; axe per page:\n  {}",
            self.test,
            self.started.elapsed().as_secs_f64(),
            self.figures.join("\n  ")
        );
        Findings {
            test: self.test.clone(),
            problems: std::mem::take(&mut self.failures),
        }
    }
}

/// What a browser's checks found.
pub struct Findings {
    test: String,
    problems: Vec<String>,
}

/// Fails the test if any of these browsers found a problem, listing every one.
pub fn fail_on(findings: impl IntoIterator<Item = Findings>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    let mut problems = Vec::new();
    let mut folders = Vec::new();
    for f in findings {
        if !f.problems.is_empty() {
            folders.push(root.join(&f.test).display().to_string());
            problems.extend(f.problems);
        }
    }
    if !problems.is_empty() {
        panic!(
            "{} problem(s) found in the browser (screenshots in {}):\n- {}",
            problems.len(),
            folders.join(", "),
            problems.join("\n- ")
        );
    }
}

impl Browser {
    /// Ends the session without an async runtime (for `Drop`, when the test failed: fantoccini
    /// would end it from a task of the test's runtime, which is going away): one HTTP/1.1 `DELETE`
    /// over a plain socket to the local chromedriver, which closes Chromium.
    fn quit_blocking(&self) {
        use std::io::{Read, Write};
        let Some(authority) = self.server.strip_prefix("http://") else {
            return;
        };
        let Ok(mut stream) = std::net::TcpStream::connect(authority) else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let request = format!(
            "DELETE /session/{} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n",
            self.session_id
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return;
        }
        // chromedriver answers once the browser is closed, and keeps the connection open despite
        // `Connection: close`: the answer's head is the end of the wait.
        let mut answer = Vec::new();
        let mut chunk = [0u8; 1024];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // The test ended early (it failed): close the browser, and keep what was found so far.
        self.quit_blocking();
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        if !self.failures.is_empty() {
            eprintln!(
                "[{}] problems found before the test ended:\n- {}",
                self.test,
                self.failures.join("\n- ")
            );
        }
        if !std::thread::panicking() {
            panic!("[{}] a Browser must end with `close()`", self.test);
        }
    }
}
