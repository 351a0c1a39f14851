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

mod checks;
mod page;
mod setup;
mod start;

pub use setup::{in_ci, skipped};

use setup::needs;

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use fantoccini::Client;
use fantoccini::error::CmdError;
use tokio::sync::{Semaphore, SemaphorePermit};

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

/// A WebDriver error in a few lines: Chrome's messages end with a long native stack trace.
fn describe(e: &CmdError) -> String {
    let text = match e {
        CmdError::Standard(w) => format!("{}: {}", w.error(), w.message),
        e => e.to_string(),
    };
    text.lines().take(3).collect::<Vec<_>>().join(" | ")
}

impl Browser {
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
