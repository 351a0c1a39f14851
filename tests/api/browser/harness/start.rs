//! Starting a browser: its own chromedriver, profile and window, on a reserved place.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use fantoccini::wd::TimeoutConfiguration;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::setup::{free_port, tools};
use super::{Browser, HEIGHT, Language, Slot, WIDTH, reserve};

/// Waits until the chromedriver writing to `log` listens (it says so once it has bound its port);
/// false if it exits or stays silent for 15 s.
pub(super) async fn chromedriver_ready(child: &mut Child, log: &Path) -> bool {
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
}
