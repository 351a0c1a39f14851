//! The checks of every page: axe-core, the 375 px overflow, screenshots.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use base64::Engine;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use super::setup::axe_source;
use super::{Browser, HEIGHT, NARROW, WIDTH};

/// Where a test's screenshots go; emptied the first time the test asks in this process, then
/// numbered on across the test's browser sessions.
pub(super) fn next_screenshot(test: &str) -> (PathBuf, u32) {
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

/// One axe finding, as the page script reduces it.
#[derive(Debug)]
pub(super) struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<(String, String)>,
}

impl Violation {
    pub(super) fn from_json(v: &Value) -> Violation {
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

    pub(super) fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// Runs axe on the page and reduces each violation to id, impact, help and, per node, its CSS
/// target and the first lines of axe's explanation (for contrast: the colours and the ratio).
pub(super) const RUN_AXE: &str = r#"
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
pub(super) const MEASURE_OVERFLOW: &str = r#"
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

/// Chrome's full-page screenshot (beyond the viewport), a DevTools command chromedriver passes on
/// (`POST /session/{id}/goog/cdp/execute`); plain WebDriver only captures the viewport.
#[derive(Debug)]
pub(super) struct FullPageScreenshot;

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

impl Browser {
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

    pub(super) async fn save_screenshot(&self, path: &Path) -> PathBuf {
        let png = self.screenshot_png().await;
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path.to_owned()
    }

    /// A PNG of the whole page (beyond the viewport, through Chrome's DevTools command), or, if
    /// that is unavailable, of the viewport (plain WebDriver).
    pub(super) async fn screenshot_png(&self) -> Vec<u8> {
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
    pub(super) async fn axe(&mut self, page: &str) -> Vec<String> {
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
    pub(super) async fn narrow(&self, page: &str, dir: &Path, n: u32) -> Option<String> {
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
}
