//! English and Polish: the language comes from the switch (kept in the session), else from
//! `Accept-Language`; every page, error page and message speaks it, and no words of the other
//! language leak in.

use reqwest::StatusCode;

use crate::helpers::{TestApp, attr, csrf_token, form_version, has, location, text};

fn lang_attribute(html: &str) -> String {
    attr(html, "html", "lang").expect("<html lang>")
}

/// Uses the language switch of the page `from`.
async fn switch(app: &TestApp, from: &str, lang: &str, next: &str) -> reqwest::Response {
    let token = app.csrf(from).await;
    app.post_form(
        "/language",
        &[("lang", lang), ("next", next), ("csrf_token", &token)],
    )
    .await
}

#[tokio::test]
async fn accept_language_chooses_polish_and_english_is_the_default() {
    let app = TestApp::spawn().await;

    let (status, html) = app.get_html_in("/login", "pl-PL,pl;q=0.9,en;q=0.8").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lang_attribute(&html), "pl");
    assert!(text(&html).contains("Zaloguj się"), "{}", text(&html));
    assert!(text(&html).contains("Hasło"));

    let (_, html) = app.get_html("/login").await;
    assert_eq!(lang_attribute(&html), "en");
    assert!(text(&html).contains("Sign in"));

    let (_, html) = app.get_html_in("/login", "de-DE,de;q=0.9").await;
    assert_eq!(lang_attribute(&html), "en", "a language we do not speak");

    let (_, html) = app.get_html_in("/login", "de;q=1, pl;q=0.5").await;
    assert_eq!(lang_attribute(&html), "pl", "the best one we speak");
}

#[tokio::test]
async fn the_switch_is_remembered_across_sign_in_and_sign_out() {
    let app = TestApp::spawn().await;

    // Anonymous, on the sign-in page: switch to Polish.
    let r = switch(&app, "/login", "pl", "/login").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
    let (_, html) = app.get_html_in("/login", "en-US,en").await;
    assert_eq!(
        lang_attribute(&html),
        "pl",
        "the switch outranks Accept-Language"
    );

    // Signing in keeps it.
    app.login("helpdesk@contoso.example").await;
    let (status, html) = app.get_html_in("/customers", "en-US,en").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lang_attribute(&html), "pl");
    assert!(text(&html).contains("Klienci"));
    assert!(text(&html).contains("Wyloguj się"));

    // Signing out keeps it, and the old session is gone all the same.
    let token = csrf_token(&html);
    let r = app
        .post_form("/logout", &[("csrf_token", token.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html_in("/login", "en-US,en").await;
    assert_eq!(lang_attribute(&html), "pl");
    assert_eq!(
        app.get("/customers").await.status(),
        StatusCode::SEE_OTHER,
        "signed out"
    );

    // Back to English, even for a Polish browser.
    let r = switch(&app, "/login", "en", "/login?next=%2Fcustomers").await;
    assert_eq!(location(&r), "/login?next=%2Fcustomers");
    let (_, html) = app.get_html_in("/login", "pl").await;
    assert_eq!(lang_attribute(&html), "en");
}

#[tokio::test]
async fn the_switch_refuses_unknown_languages_foreign_destinations_and_forged_posts() {
    let app = TestApp::spawn().await;

    let r = switch(&app, "/login", "de", "/login").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = r.text().await.unwrap();
    assert!(
        text(&body).contains("English (en) and Polish (pl)"),
        "{body}"
    );
    let (_, html) = app.get_html("/login").await;
    assert_eq!(lang_attribute(&html), "en", "nothing changed");

    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let r = switch(&app, "/login", "pl", next).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/", "{next}");
    }

    let r = app
        .post_form("/language", &[("lang", "en"), ("next", "/login")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let (_, html) = app.get_html("/login").await;
    assert_eq!(
        lang_attribute(&html),
        "pl",
        "the forged post changed nothing"
    );
}

#[tokio::test]
async fn error_pages_speak_the_readers_language() {
    let app = TestApp::spawn().await;

    let (status, html) = app.get_html_in("/no-such-page", "pl").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(lang_attribute(&html), "pl");
    assert!(text(&html).contains("Nie znaleziono strony"), "{html}");
    assert!(text(&html).contains("Błąd 404"));

    app.login("billing@contoso.example").await;
    let (status, html) = app.get_html_in("/customers", "pl").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        text(&html).contains("Administratorzy rozliczeń nie mają dostępu"),
        "{}",
        text(&html)
    );
    assert!(
        text(&html).contains("Wyloguj się"),
        "sign-out on the error page"
    );

    let (status, html) = app.get_html_in("/customers", "en").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text(&html).contains("Billing admins have no access"));
}

#[tokio::test]
async fn dates_numbers_and_one_time_messages_follow_the_language() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let r = switch(&app, "/customers", "pl", "/customers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let path = app.subscription_path("Adatum Corporation", "Office 365 Business Standard");
    let (_, page) = app.get_html(&path).await;
    let (_, review) = app.assign_and_review(&path, &page, "4200001").await;
    let words = text(&review);
    let months = [
        "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
    ];
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        months
            .iter()
            .any(|m| words.contains(&format!(" {m} {year}"))),
        "no Polish date in: {words}"
    );
    assert!(words.contains("Zamknij"), "{words}");

    // A one-time message is worded when it is shown: a revoked invitation, read in Polish.
    let admin = app.signed_in("admin@contoso.example").await;
    let r = switch(
        &admin,
        "/relationships/invitations",
        "pl",
        "/relationships/invitations",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = admin.get_html("/relationships/invitations").await;
    let r = admin
        .post_form(
            "/relationships/invitations",
            &[("csrf_token", csrf_token(&list).as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "invitation created");
    let (_, list) = admin.get_html("/relationships/invitations").await;
    let revoke = attr(&list, "form[action$='/revoke']", "action").expect("a revoke form");
    let r = admin
        .post_form(&revoke, &[("csrf_token", csrf_token(&list).as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = admin.get_html(&location(&r)).await;
    assert!(
        text(&list).contains("Zaproszenie odwołane"),
        "{}",
        text(&list)
    );
}

/// Literal runs of words of a language's messages (text outside `{ … }`), long enough to be
/// unmistakable: three words or more.
fn phrases(lang: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in source.lines() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let value = match line.split_once(" = ") {
                Some((id, value)) if !id.starts_with(' ') => value,
                _ => line,
            };
            let mut depth = 0;
            let mut literal = String::new();
            for c in value.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        literal.push('\n');
                    }
                    '}' => depth -= 1,
                    c if depth == 0 => literal.push(c),
                    _ => {}
                }
            }
            for run in literal.split('\n') {
                let run = run.trim().trim_matches(|c: char| !c.is_alphanumeric());
                if run.split_whitespace().count() >= 3 && run.len() >= 15 {
                    out.push(run.to_owned());
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn pages_in_one_language_hold_no_words_of_the_other() {
    let app = TestApp::spawn().await;
    let adatum = app.tenant_of("Adatum Corporation");
    let subscription = app.subscription_path("Adatum Corporation", "Microsoft 365 E3");
    let pages: Vec<(Option<&str>, Vec<String>)> = vec![
        (None, vec!["/login".into(), "/no-such-page".into()]),
        (
            Some("helpdesk@contoso.example"),
            vec![
                "/customers".into(),
                "/customers?q=zzzz-no-such-customer".into(),
                format!("/customers/{adatum}"),
                subscription.clone(),
            ],
        ),
        (Some("sales@contoso.example"), vec![subscription.clone()]),
        (
            Some("admin@contoso.example"),
            vec![
                "/relationships/invitations".into(),
                "/resellers".into(),
                "/activity".into(),
                "/settings/support-profile".into(),
            ],
        ),
        (
            Some("admin@adatum.example"),
            vec!["/admin/support".into(), "/admin/partners".into()],
        ),
        (
            Some("billing@contoso.example"),
            vec!["/".into(), "/customers".into()],
        ),
    ];
    let english = phrases("en");
    let polish = phrases("pl");
    assert!(english.len() > 50 && polish.len() > 50);
    // Phrases both languages share (names, addresses) say nothing.
    let english: Vec<&String> = english.iter().filter(|p| !polish.contains(p)).collect();
    let polish: Vec<&String> = polish.iter().filter(|p| !english.contains(p)).collect();

    let mut leaks = Vec::new();
    for (who, paths) in &pages {
        let session = app.new_session();
        if let Some(email) = who {
            session.login(email).await;
        }
        for path in paths {
            for (accept, foreign) in [("pl", &english), ("en", &polish)] {
                let (_, html) = session.get_html_in(path, accept).await;
                let words = text(&html);
                for phrase in foreign.iter().filter(|p| words.contains(p.as_str())) {
                    leaks.push(format!("{path} ({accept}, {who:?}): {phrase:?}"));
                }
                // Words still written in a template, not in a message file, are caught by
                // English's commonest small words, which Polish never uses.
                if accept == "pl" {
                    let lower = format!(" {} ", words.to_lowercase());
                    for word in [" the ", " your ", " with ", " this ", " will ", " is "] {
                        if let Some(at) = lower.find(word) {
                            let from = lower[..at]
                                .char_indices()
                                .rev()
                                .nth(40)
                                .map_or(0, |(i, _)| i);
                            let context: String = lower[from..].chars().take(90).collect();
                            leaks.push(format!("{path} (pl, {who:?}): {word:?} in …{context}…"));
                        }
                    }
                }
            }
        }
    }
    assert!(leaks.is_empty(), "words of the other language: {leaks:#?}");
}

/// The `next` of the page's language switch.
fn switch_next(html: &str) -> String {
    assert!(has(html, "form[action='/language']"), "a language switch");
    attr(html, "form[action='/language'] input[name=next]", "value").expect("a next field")
}

#[tokio::test]
async fn the_switch_on_a_form_shown_again_returns_to_the_page_not_the_post() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let path = app.subscription_path("Adatum Corporation", "Office 365 Business Standard");
    let (_, page) = app.get_html(&path).await;
    assert_eq!(switch_next(&page), path);

    // A refused submit (Northwind: no relationship) shows the form again at the POST's address.
    let refused_from = |referer: String| {
        let (app, path, page) = (&app, &path, &page);
        async move {
            let r = app
                .client
                .post(app.url(&format!("{path}/support-contact")))
                .header("referer", referer)
                .form(&[
                    ("support_contact", "4200003"),
                    ("version", form_version(page).as_str()),
                    ("csrf_token", csrf_token(page).as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            r.text().await.unwrap()
        }
    };
    let html = refused_from(app.url(&path)).await;
    assert_eq!(switch_next(&html), path, "back to the form's page");

    // From another site's page, home.
    let html = refused_from("https://evil.example/customers".to_owned()).await;
    assert_eq!(switch_next(&html), "/");

    let r = switch(&app, &path, "pl", &path).await;
    assert_eq!(location(&r), path);
}
