//! Driving a page: going to it, reading it, filling and clicking, signing in.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::elements::{Element, ElementRef};
use fantoccini::error::CmdError;
use serde_json::Value;

use crate::helpers::PASSWORD;

use super::{Browser, ELEMENT_KEY, Language, describe};

/// The receipt lines of a page (`<dt>` label → `<dd>` text), as written (`textContent`: CSS may
/// capitalize what is shown).
pub(super) const DEFINITIONS: &str = r#"
const words = el => el.textContent.trim().replace(/\s+/g, ' ');
const out = {};
for (const dt of document.querySelectorAll('dt')) {
  const dd = dt.nextElementSibling;
  if (dd && dd.tagName === 'DD') out[words(dt)] = words(dd);
}
return out;
"#;

impl Browser {
    /// The value of a WebDriver command that must succeed; fails the test with what it was doing.
    pub(super) fn ok<T>(&self, result: Result<T, CmdError>, doing: &str) -> T {
        result.unwrap_or_else(|e| panic!("[{}] WebDriver, {doing}: {}", self.test, describe(&e)))
    }

    pub(super) async fn set_window_size(&self, width: u32, height: u32) {
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
}
