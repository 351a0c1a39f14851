//! What the browser tests need: Chromium, chromedriver and axe-core, found or installed, or the
//! loud skip (outside CI) when they are missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::SKIP_VAR;

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
pub(super) fn how_to_run() -> String {
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
pub(super) fn loud(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
    let _ = err.flush();
}

/// What the browser tests need, found (and axe-core installed) once per test process: parallel
/// tests wait for the first one's look.
pub(super) struct Needs {
    tools: Tools,
    axe: String,
}

pub(super) fn prerequisites() -> &'static Result<Needs, Vec<String>> {
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
pub(super) fn needs() -> &'static Needs {
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
pub(super) struct Tools {
    pub(super) chromium: PathBuf,
    pub(super) chromedriver: PathBuf,
}

pub(super) fn find_tool(var: &str, names: &[&str]) -> Result<PathBuf, String> {
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

pub(super) fn tools() -> &'static Tools {
    &needs().tools
}

/// `tests/browser`, where axe-core is pinned (`package-lock.json`) and installed.
pub(super) fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

pub(super) fn axe_path() -> PathBuf {
    browser_dir().join("node_modules/axe-core/axe.min.js")
}

/// axe-core's script, from `tests/browser/node_modules`; when it is not there, installed first
/// with the pinned `npm ci --prefix tests/browser --no-audit --no-fund`, by one test process at a
/// time (a lock file in `tests/browser`: two `cargo test` runs may start together).
pub(super) fn axe_core() -> Result<String, String> {
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
pub(super) struct NpmLock(PathBuf);

impl NpmLock {
    const STALE: Duration = Duration::from_secs(600);

    pub(super) fn take() -> Result<NpmLock, String> {
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
pub(super) fn axe_source() -> &'static str {
    &needs().axe
}

/// A free TCP port on the loopback interface (free now; chromedriver binds it a moment later).
pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}
