//! Real-browser tests: headless Chromium, driven over WebDriver, on the real app.
//!
//! - the product scenario of DESIGN.md, clicked through as a person would, in English and in
//!   Polish ([`scenario`] takes the language and the words to expect);
//! - every page of the app, as the roles that see it, checked with axe-core (no serious or
//!   critical violation) and at a 375 px wide viewport (no sideways scrolling);
//! - the customers list's search-as-you-type (static/app.js).
//!
//! Every visited page is saved as a PNG under `target/browser-screenshots/<test>/`.
//! They need Chromium and chromedriver (on `PATH`, or named by `CHROMIUM` and `CHROMEDRIVER`) and
//! axe-core (`npm ci --prefix tests/browser`, which the harness runs itself when the browser is
//! there and axe-core is not). Without them they skip, saying loudly what is missing and how to
//! install it, except under `CI=true`, where they fail. `SKIP_BROWSER_TESTS=1` skips them.

pub mod harness;
// The subscription list across customers (issue 15).
mod subscription_list;

// Issue 15: the activity log's causes (helper "activity").
mod activity;
mod pickers;
// Issue 15 (H3): the customer's default support contact.
mod defaults;
// Issue 15 (H6): the bulk assignment.
mod batches;

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{TestApp, csrf_token, form_version};
use harness::{Browser, Findings, Language, Slot, fail_on, reserve, skipped};

const ADATUM: &str = "Adatum Corporation";
const OFFICE: &str = "Office 365 Business Standard";
/// Fabrikam Solutions' PartnerID.
const FABRIKAM: &str = "4200001";

/// The words the scenario expects to read, in the language it runs in. Names (companies,
/// products, people) are data and read the same in every language.
pub struct ScenarioWords {
    pub language: Language,
    /// The sign-in page's heading.
    pub sign_in: &'static str,
    /// The main navigation's link to `/customers`.
    pub customers: &'static str,
    /// The subscription page's section.
    pub designated_support_contact: &'static str,
    /// The support contact form's button.
    pub submit: &'static str,
    /// The review page's heading.
    pub contact_changed: &'static str,
    /// The review page's receipt lines.
    pub before: &'static str,
    pub after: &'static str,
    /// The review page's link back to the customer.
    pub close: &'static str,
    /// The header's sign-out button.
    pub sign_out: &'static str,
    /// The customer admin's support page heading.
    pub support: &'static str,
}

pub const ENGLISH: ScenarioWords = ScenarioWords {
    language: Language::English,
    sign_in: "Sign in",
    customers: "Customers",
    designated_support_contact: "Designated support contact",
    submit: "Submit",
    contact_changed: "Designated support contact changed",
    before: "Before",
    after: "After",
    close: "Close",
    sign_out: "Sign out",
    support: "Support",
};

/// locales/pl/*.ftl.
pub const POLISH: ScenarioWords = ScenarioWords {
    language: Language::Polish,
    sign_in: "Zaloguj się",
    customers: "Klienci",
    designated_support_contact: "Wyznaczony kontakt pomocy technicznej",
    submit: "Prześlij",
    contact_changed: "Wyznaczony kontakt pomocy technicznej został zmieniony",
    before: "Przed",
    after: "Po",
    close: "Zamknij",
    sign_out: "Wyloguj się",
    support: "Pomoc techniczna",
};

#[tokio::test]
async fn scenario_in_english() {
    if skipped("scenario_in_english") {
        return;
    }
    scenario("scenario_in_english", &ENGLISH).await;
}

/// The scenario in a browser that asks for Polish; the customer admin's browser asks for English,
/// and the admin switches to Polish with the header's language switch.
#[tokio::test]
async fn scenario_in_polish() {
    if skipped("scenario_in_polish") {
        return;
    }
    scenario("scenario_in_polish", &POLISH).await;
}

/// The page's visible text holds these words (in any letter case: CSS may capitalize them).
fn assert_reads(text: &str, words: &str, page: &str) {
    assert!(
        text.to_lowercase().contains(&words.to_lowercase()),
        "{page} should read {words:?}; it reads:\n{text}"
    );
}

/// DESIGN.md's scenario: the helpdesk agent of Contoso makes Fabrikam the designated support
/// contact of Adatum's Office 365 Business Standard, and Adatum's admin sees it.
///
/// The helpdesk agent's browser asks for `words.language`. In English, Adatum's admin then signs in
/// in the same browser; in another language, in a browser that asks for English, and switches to
/// `words.language` with the header's language switch: the app remembers the choice in the
/// session, over the browser's `Accept-Language`.
pub async fn scenario(test: &str, words: &ScenarioWords) {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of(ADATUM);
    let customer_path = format!("/customers/{tenant}");
    let subscription_path = app.subscription_path(ADATUM, OFFICE);
    let mut b = Browser::start(&app.address, test, words.language).await;
    let lang = words.language.code();

    // helpdesk@contoso.example signs in.
    b.goto("/login").await;
    assert_eq!(b.html_lang().await, lang, "the sign-in page's language");
    assert_reads(&b.text().await, words.sign_in, "the sign-in page");
    b.check_page("login").await;
    b.sign_in("helpdesk@contoso.example").await;

    // → Customers (the main navigation).
    let customers = b.find("nav a[href=\"/customers\"]").await;
    b.click_and_wait(&customers).await;
    assert_eq!(b.path().await, "/customers");
    assert_eq!(
        b.written("nav a[href=\"/customers\"]").await,
        words.customers,
        "the navigation's Customers link"
    );
    b.check_page("customers").await;

    // → searches "Adatum" with the search form.
    b.fill("form[action=\"/customers\"] input[name=\"q\"]", "Adatum")
        .await;
    b.follow("form[action=\"/customers\"] button[type=\"submit\"]")
        .await;
    let searched = b.path().await;
    assert!(searched.starts_with("/customers?q=Adatum"), "{searched}");
    assert_reads(&b.text().await, ADATUM, "the search result");
    b.check_page("customers-search").await;

    // → opens Adatum Corporation.
    // (The row link carries the list's place, for the breadcrumb.)
    b.follow(&format!("main a[href^=\"{customer_path}?\"]"))
        .await;
    assert!(b.path().await.starts_with(&customer_path));
    assert_reads(&b.text().await, OFFICE, "Adatum's page");
    b.check_page("customer").await;

    // → Office 365 Business Standard.
    b.follow(&format!("a[href^=\"{subscription_path}?\"]"))
        .await;
    assert!(b.path().await.starts_with(&subscription_path));
    assert_reads(
        &b.text().await,
        words.designated_support_contact,
        "the subscription page",
    );
    b.check_page("subscription").await;

    // → chooses Fabrikam Solutions → Submit.
    let fabrikam = b
        .find(&format!(
            "input[type=\"radio\"][name=\"support_contact\"][value=\"{FABRIKAM}\"]"
        ))
        .await;
    b.click(&fabrikam).await;
    assert!(
        fabrikam
            .is_selected()
            .await
            .expect("reading the radio button"),
        "Fabrikam's radio button is not chosen"
    );
    let submit = "form[action$=\"/support-contact\"] button[type=\"submit\"]";
    assert_eq!(b.written(submit).await, words.submit, "the form's button");
    b.follow(submit).await;

    // → the review page: before Contoso Distribution, after Fabrikam Solutions.
    let review = b.path().await;
    assert!(
        review.starts_with(&format!("{subscription_path}/support-contact/changes/")),
        "after Submit: {review}; the page reads:\n{}",
        b.text().await
    );
    assert_reads(&b.text().await, words.contact_changed, "the review page");
    let lines = b.definitions().await;
    let line = |label: &str| lines.get(label).cloned().unwrap_or_default();
    assert!(
        line(words.before).contains("Contoso Distribution"),
        "{lines:?}"
    );
    assert!(
        line(words.after).contains("Fabrikam Solutions"),
        "{lines:?}"
    );
    b.check_page("review").await;

    // → Close returns to the customer, which now shows Fabrikam for the product.
    let close = b
        .find_by_script(
            "the Close link",
            "return Array.from(document.querySelectorAll('main a[href^=\"' + arguments[0] + '?changed=\"]'))
                .find(a => a.textContent.trim() === arguments[1]) || null;",
            vec![json!(customer_path), json!(words.close)],
        )
        .await;
    b.click_and_wait(&close).await;
    assert!(
        b.path()
            .await
            .starts_with(&format!("{customer_path}?changed=")),
        "Close returns to the customer, its row marked"
    );
    let row = b
        .execute(
            "const link = document.querySelector('main a[href=\"' + arguments[0] + '\"]');
             return link ? link.closest('tr').innerText : '';",
            vec![json!(subscription_path)],
        )
        .await;
    assert!(
        row.as_str()
            .unwrap_or_default()
            .contains("Fabrikam Solutions"),
        "the customer's row for {OFFICE}: {row}"
    );
    b.check_page("customer-after-change").await;

    // → signs out with the header's button.
    assert_eq!(
        b.written("form[action=\"/logout\"] button[type=\"submit\"]")
            .await,
        words.sign_out,
        "the header's sign-out button"
    );
    b.sign_out().await;
    b.screenshot("signed-out").await;

    // admin@adatum.example signs in and lands on the support page, in English first if the
    // scenario runs in another language.
    let mut findings = Vec::new();
    if words.language != Language::English {
        findings.push(b.close().await);
        b = Browser::start(&app.address, test, Language::English).await;
    }
    b.sign_in("admin@adatum.example").await;
    if b.path().await != "/admin/support" {
        b.goto("/admin/support").await;
    }
    assert_eq!(b.path().await, "/admin/support");
    if words.language != Language::English {
        assert_eq!(
            b.html_lang().await,
            "en",
            "the support page, before the switch"
        );
        assert_reads(&b.text().await, ENGLISH.support, "the support page");
        b.check_page("support-before-switch").await;
        // → the header's language switch; the page comes back in the new language.
        b.switch_language(words.language).await;
        assert_eq!(
            b.path().await,
            "/admin/support",
            "after the language switch"
        );
    }
    assert_eq!(b.html_lang().await, lang, "the support page's language");
    assert_reads(&b.text().await, words.support, "the support page");
    let card = b
        .execute(
            "const card = Array.from(document.querySelectorAll('main li.support-card'))
                 .find(li => Array.from(li.querySelectorAll('.product'))
                     .some(p => p.textContent.trim() === arguments[0]));
             if (!card) return null;
             const mail = card.querySelector('a[href^=\"mailto:\"]');
             return { text: card.innerText, mailto: mail ? mail.getAttribute('href') : null };",
            vec![json!(OFFICE)],
        )
        .await;
    let card_text = card["text"].as_str().unwrap_or_default();
    assert!(
        card_text.contains("Fabrikam Solutions"),
        "the support card for {OFFICE}: {card}"
    );
    assert_eq!(
        card["mailto"],
        json!("mailto:support@fabrikam.example"),
        "the support card's mail link: {card}"
    );
    b.check_page("support").await;
    findings.push(b.close().await);
    fail_on(findings);
}

/// The customers list's search-as-you-type (static/app.js), on `/customers`: typing into the
/// search form, without submitting it, refreshes the results in place a moment later and keeps
/// the address bar in step, without loading another page.
async fn live_search(b: &mut Browser) {
    const REGION: &str = "[data-live-region]";
    /// A customer of Contoso's that "adat" does not match.
    const OTHER: &str = "Alpine Ski House";
    assert_eq!(b.path().await, "/customers");
    let before = b.written(REGION).await;
    assert!(
        before.contains(ADATUM) && before.contains(OTHER),
        "/customers should list {ADATUM} and {OTHER}; the results read:\n{before}"
    );
    b.execute("window.__marker = 1;", vec![]).await;
    let field = b.find("form[data-live-search] input[name=\"q\"]").await;
    b.type_into(&field, "adat").await;
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let results = b.written(REGION).await;
        if results.contains(ADATUM) && !results.contains(OTHER) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "3 s after typing \"adat\" into the search field, the results still read:\n{results}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let url = b.current_url().await;
    assert!(
        url.contains("q=adat"),
        "the address bar after the live search: {url}"
    );
    let marker = b.execute("return window.__marker === 1;", vec![]).await;
    assert_eq!(
        marker,
        json!(true),
        "the live search loaded another page instead of refreshing the results in place"
    );
    b.check_page("customers-live-search").await;
}

/// Every page of the app (DESIGN.md §4, `web::all_routes()`), as the roles that see it, in the
/// states worth seeing (empty, with an error, read-only, after a change): no serious or critical
/// axe violation, no sideways scrolling at 375 px, and a screenshot of each. Two browsers on one
/// app, side by side, each signing in and out as its roles in turn; the test fails on what both
/// found.
#[tokio::test]
async fn every_page_passes_axe() {
    const TEST: &str = "every_page_passes_axe";
    if skipped(TEST) {
        return;
    }
    let app = TestApp::spawn().await;
    let (staff, others) = (
        format!("{TEST}/partner-staff"),
        format!("{TEST}/admins-and-customers"),
    );
    let [staff_slot, others_slot] = reserve().await;
    let (staff, others) = tokio::join!(
        pages_of_partner_staff(&app, &staff, staff_slot),
        pages_of_admins_and_customers(&app, &others, others_slot),
    );
    fail_on([staff, others]);
}

/// Signed out; a helpdesk agent (the customers list and its search-as-you-type, the form, its
/// review, the form again with an error, a 403); a sales agent (read-only, a new invitation's
/// one-time link).
async fn pages_of_partner_staff(app: &TestApp, test: &str, slot: Slot) -> Findings {
    let customer_path = format!("/customers/{}", app.tenant_of(ADATUM));
    let subscription_path = app.subscription_path(ADATUM, OFFICE);
    let mut b = Browser::start_in(slot, &app.address, test, Language::English).await;
    b.check_the_checks().await;

    b.goto("/login").await;
    b.check_page("login").await;
    b.try_sign_in("helpdesk@contoso.example", "not-the-password")
        .await;
    assert!(b.path().await.starts_with("/login"));
    assert!(
        b.try_find("[role=\"alert\"]").await.is_some(),
        "no error shown"
    );
    b.check_page("login-wrong-password").await;
    b.goto("/no-such-page").await;
    b.check_page("not-found-signed-out").await;

    b.sign_in("helpdesk@contoso.example").await;
    b.goto("/customers").await;
    b.check_page("customers").await;
    keyboard_focus_is_visible(&b).await;
    b.goto("/customers").await;
    live_search(&mut b).await;
    b.goto("/customers?q=no-such-customer-anywhere").await;
    b.check_page("customers-no-match").await;
    // The subscription list across customers (issue 15), plain and filtered.
    b.goto("/subscriptions").await;
    b.check_page("subscriptions").await;
    b.goto("/subscriptions?contact=4200001&not_seller=1&sort=updated&dir=desc")
        .await;
    b.check_page("subscriptions-filtered").await;
    b.goto(&customer_path).await;
    b.check_page("customer").await;
    // Issue 15 (H3): the default's page, editable for a helpdesk agent.
    b.goto(&format!("{customer_path}/support-default")).await;
    b.check_page("support-default").await;
    b.goto(&subscription_path).await;
    assert!(
        b.try_find("input[name=\"support_contact\"]")
            .await
            .is_some()
    );
    b.check_page("subscription-editable").await;
    let radio = format!("input[name=\"support_contact\"][value=\"{FABRIKAM}\"]");
    let submit = "form[action$=\"/support-contact\"] button[type=\"submit\"]";
    let fabrikam = b.find(&radio).await;
    b.click(&fabrikam).await;
    b.follow(submit).await;
    assert!(b.path().await.contains("/support-contact/changes/"));
    b.check_page("review").await;
    // The form again, while someone else changes the contact back: the stale-version warning.
    b.goto(&subscription_path).await;
    let admin = app.signed_in("admin@contoso.example").await;
    let (_, page) = admin.get_html(&subscription_path).await;
    let r = admin
        .submit_support_contact(
            &subscription_path,
            "4100001",
            &form_version(&page),
            &csrf_token(&page),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    // Fabrikam is the contact this page shows (Submit stays disabled for it): choose Contoso.
    let contoso = b
        .find("input[name=\"support_contact\"][value=\"4100001\"]")
        .await;
    b.click(&contoso).await;
    b.follow(submit).await;
    assert!(
        b.try_find("[role=\"alert\"]").await.is_some(),
        "no warning about the change meanwhile:\n{}",
        b.text().await
    );
    b.check_page("subscription-changed-meanwhile").await;
    b.goto("/activity").await;
    assert_reads(
        &b.text().await,
        "403",
        "the activity log, for a helpdesk agent",
    );
    b.check_page("forbidden").await;
    // Issue 15 (H6): the bulk assignment's choice, preview and review, from Adatum's page.
    b.goto(&customer_path).await;
    batches::check_batch_pages(&mut b).await;
    b.sign_out().await;

    b.sign_in("sales@contoso.example").await;
    b.goto(&subscription_path).await;
    assert!(
        b.try_find("input[name=\"support_contact\"]")
            .await
            .is_none()
    );
    b.check_page("subscription-read-only").await;
    b.goto("/relationships/invitations").await;
    b.check_page("invitations").await;
    let ask_for_dap = b
        .find("form[action=\"/relationships/invitations\"] input[name=\"delegated_admin\"]")
        .await;
    b.click(&ask_for_dap).await;
    create_invitation(&b).await;
    b.check_page("invitations-new-link").await;
    b.close().await
}

/// The provider's Global admin (resellers, the removal previews, the activity log, a 404);
/// another customer's Global admin with an invitation link; the customer's Global admin (the
/// admin center); a role that opens no pages.
async fn pages_of_admins_and_customers(app: &TestApp, test: &str, slot: Slot) -> Findings {
    let customer_path = format!("/customers/{}", app.tenant_of(ADATUM));
    let mut b = Browser::start_in(slot, &app.address, test, Language::English).await;

    b.sign_in("globaladmin@contoso.example").await;
    b.goto(&customer_path).await;
    b.check_page("customer-with-removal-links").await;
    b.goto("/resellers").await;
    b.check_page("resellers").await;
    b.goto(&format!("/resellers/{FABRIKAM}/partnership/remove"))
        .await;
    b.check_page("partnership-remove").await;
    b.goto(&format!("{customer_path}/relationship/remove"))
        .await;
    b.check_page("relationship-remove-own-refused").await;
    b.goto(&format!(
        "{customer_path}/resellers/{FABRIKAM}/relationship/remove"
    ))
    .await;
    b.check_page("relationship-remove-reseller").await;
    b.goto("/activity").await;
    b.check_page("activity").await;
    b.goto("/customers/00000000-0000-4000-8000-000000000000")
        .await;
    assert_reads(&b.text().await, "404", "a customer that does not exist");
    b.check_page("not-found").await;
    // An invitation without delegated admin, for Woodgrove to open.
    b.goto("/relationships/invitations").await;
    let link = create_invitation(&b).await;
    // The log now holds at least that invitation: its table, in words.
    b.goto("/activity").await;
    assert!(
        b.try_find("table time[datetime]").await.is_some(),
        "no events table:\n{}",
        b.text().await
    );
    b.check_page("activity-with-events").await;
    // The settings pages (issue 14).
    for (path, name) in [
        ("/settings/users", "settings-users"),
        ("/settings/support-profile", "settings-support-profile"),
        ("/settings/import", "settings-import"),
    ] {
        b.goto(path).await;
        assert!(
            b.try_find("nav.settings-tabs").await.is_some(),
            "no settings tabs on {path}:\n{}",
            b.text().await
        );
        b.check_page(name).await;
    }
    b.sign_out().await;

    // The one-time links' pages, opened signed out: a set-password link, a partnership link's
    // sign-up, an invitation's customer sign-up.
    for (path, name) in signed_out_links(app).await {
        b.goto(&path).await;
        assert!(
            b.try_find("input[name=\"password\"]").await.is_some(),
            "no password field on {name}:\n{}",
            b.text().await
        );
        b.check_page(name).await;
    }

    b.sign_in("admin@woodgrove.example").await;
    b.goto(&link).await;
    assert!(
        b.try_find("form[action$=\"/accept\"] button[type=\"submit\"]")
            .await
            .is_some(),
        "no Accept button:\n{}",
        b.text().await
    );
    b.check_page("invitation-accept").await;
    b.goto("/invitations/not-a-real-invitation-token").await;
    b.check_page("invitation-invalid").await;
    b.sign_out().await;

    b.sign_in("admin@adatum.example").await;
    b.goto("/admin/support").await;
    b.check_page("support").await;
    b.goto("/admin/partners").await;
    b.check_page("partners").await;
    b.goto(&format!(
        "/admin/partners/{FABRIKAM}/delegated-admin/remove"
    ))
    .await;
    b.check_page("delegated-admin-remove").await;
    b.sign_out().await;

    b.sign_in("billing@contoso.example").await;
    b.goto("/").await;
    b.check_page("home-no-pages").await;
    b.close().await
}

/// Links made through the pages by Contoso's Global admin (over HTTP, not the browser): a new
/// user's set-password link, a partnership link, an invitation naming no customer.
async fn signed_out_links(app: &TestApp) -> [(String, &'static str); 3] {
    let admin = app.signed_in("globaladmin@contoso.example").await;
    let shown = |html: &str| {
        let url = crate::helpers::attr(html, "#new-link", "value").expect("a link shown once");
        // The path of `http://host:port/path`.
        let after_scheme = url.find("://").map_or(0, |at| at + 3);
        let path = url[after_scheme..]
            .find('/')
            .map_or(0, |at| after_scheme + at);
        url[path..].to_owned()
    };
    let token = admin.csrf("/settings/users").await;
    let form = [
        ("email", "new.agent@contoso.example"),
        ("display_name", "New Agent"),
        ("role", "helpdesk_agent"),
        ("csrf_token", token.as_str()),
    ];
    admin.post_form("/settings/users", &form).await;
    let (_, page) = admin.get_html("/settings/users").await;
    let password = shown(&page);
    let token = admin.csrf("/resellers").await;
    let form = [("note", "Wingtip"), ("csrf_token", token.as_str())];
    admin.post_form("/resellers/requests", &form).await;
    let (_, page) = admin.get_html("/resellers").await;
    let partnership = shown(&page);
    let token = admin.csrf("/relationships/invitations").await;
    let form = [("csrf_token", token.as_str())];
    admin.post_form("/relationships/invitations", &form).await;
    let (_, page) = admin.get_html("/relationships/invitations").await;
    let invitation = shown(&page);
    [
        (password, "password-link"),
        (partnership, "partnership-sign-up"),
        (invitation, "invitation-sign-up"),
    ]
}

/// A keyboard user's first Tab lands on the skip link, which shows itself, and every focused
/// control wears a visible outline (WCAG 2.4.7): checked on the first stops of the open page
/// (the skip link, the brand, the header's controls).
async fn keyboard_focus_is_visible(b: &Browser) {
    for stop in 0..4 {
        b.press_tab().await;
        let focused = b
            .execute(
                "const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
                 return { tag: e.tagName, cls: e.className, outline: s.outlineStyle,
                          width: parseFloat(s.outlineWidth), left: r.left, top: r.top };",
                vec![],
            )
            .await;
        let tag = focused["tag"].as_str().unwrap_or_default();
        assert_ne!(tag, "BODY", "Tab {stop} focused nothing: {focused}");
        assert!(
            focused["outline"] != "none" && focused["width"].as_f64().unwrap_or(0.0) >= 2.0,
            "Tab {stop}: no visible focus outline on {focused}"
        );
        if stop == 0 {
            assert!(
                focused["cls"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("skip-link")
                    && focused["left"].as_f64().unwrap_or(-1.0) >= 0.0,
                "the first Tab must show the skip link: {focused}"
            );
        }
    }
}

/// Submits the invitation form of the open Invitations page; returns the one-time link shown.
async fn create_invitation(b: &Browser) -> String {
    b.follow("form[action=\"/relationships/invitations\"] button[type=\"submit\"]")
        .await;
    let link = b
        .execute(
            "const field = Array.from(document.querySelectorAll('input[readonly]'))
                 .find(i => i.value.includes('/invitations/'));
             return field ? field.value : null;",
            vec![],
        )
        .await;
    match link.as_str() {
        Some(link) => link.to_owned(),
        None => panic!("no invitation link shown:\n{}", b.text().await),
    }
}
