//! Bulk assignment (issue 15, item 2) in a real browser, in English and Polish: Contoso's
//! helpdesk agent filters the subscription list down to seven subscriptions of four customers,
//! ticks them all, assigns Fabrikam as their support contact, reads the preview (five change, one
//! is supported already, one is refused: its customer gave Fabrikam no delegated admin, with the
//! fix), confirms, and reads the review (what changed, what was refused and why, what each
//! customer now sees); the list then shows the new contacts. The choice, the preview and the
//! review are checked with axe-core and at 375 px.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::harness::{Browser, Language, fail_on, skipped};
use crate::fixtures::{CustomerBuilder, Rel, Sub, cast};
use crate::helpers::TestApp;

const O365: &str = "Office 365 Business Standard";
const E3: &str = "Microsoft 365 E3";
const E5: &str = "Microsoft 365 E5";
const POWER_BI: &str = "Power BI Pro";
/// What the customer filter types: it matches the four customers below and no other.
const FILTER: &str = "Bulk Customer";
/// Customers where Fabrikam has delegated admin privileges.
const ELIGIBLE: [&str; 3] = [
    "Bulk Customer Alpha",
    "Bulk Customer Bravo",
    "Bulk Customer Charlie",
];
/// A customer where Fabrikam has a relationship without delegated admin.
const NO_DAP: &str = "Bulk Customer Without Delegated Admin";
const FABRIKAM: &str = "Fabrikam Solutions";
const CONTOSO: &str = "Contoso Distribution";

/// The words the test reads, per language (locales/*/batches.ftl, customers.ftl).
struct Words {
    language: Language,
    /// What the partner field gets: a name in one language, the PartnerID in the other.
    partner_typed: &'static str,
    assign_selected: &'static str,
    choose_title: &'static str,
    selected: &'static str,
    will_change: &'static str,
    already: &'static str,
    cannot: &'static str,
    not_available: &'static str,
    to_fix: &'static str,
    confirm: &'static str,
    review_heading: &'static str,
    done: &'static str,
    changed: &'static str,
    refused: &'static str,
    reason: &'static str,
    now_sees: fn(&str) -> String,
}

const ENGLISH: Words = Words {
    language: Language::English,
    partner_typed: "Fabrikam",
    assign_selected: "Assign support contact to selected",
    choose_title: "Assign a support contact to many subscriptions",
    selected: "7 subscriptions selected.",
    will_change: "5 will change",
    already: "1 already supported",
    cannot: "1 cannot change",
    not_available: "Not available: no delegated admin privileges.",
    to_fix: "To fix: Bulk Customer Without Delegated Admin's Global admin grants Fabrikam Solutions \
             delegated admin privileges",
    confirm: "Confirm: change 5 subscriptions",
    review_heading: "Support contacts changed",
    done: "5 subscriptions changed.",
    changed: "5 changed",
    refused: "1 refused",
    reason: "no delegated admin privileges",
    now_sees: |customer| format!("What {customer} now sees"),
};

const POLISH: Words = Words {
    language: Language::Polish,
    partner_typed: "4200001",
    assign_selected: "Przypisz kontakt pomocy technicznej zaznaczonym",
    choose_title: "Przypisz kontakt pomocy technicznej wielu subskrypcjom",
    selected: "Zaznaczono 7 subskrypcji.",
    will_change: "5 zmieni się",
    already: "1 już wspierana",
    cannot: "1 nie może się zmienić",
    not_available: "Nie można wybrać: brak delegowanych uprawnień administratora.",
    to_fix: "Jak to naprawić: Administrator globalny klienta Bulk Customer Without Delegated Admin \
             przyznaje firmie Fabrikam Solutions delegowane uprawnienia administratora",
    confirm: "Potwierdź: zmień 5 subskrypcji",
    review_heading: "Zmieniono kontakty pomocy technicznej",
    done: "Zmieniono 5 subskrypcji.",
    changed: "5 zmienionych",
    refused: "1 odrzucona",
    reason: "brak delegowanych uprawnień administratora",
    now_sees: |customer| format!("Co widzi teraz klient {customer}"),
};

#[tokio::test]
async fn browser_bulk_assignment_in_english() {
    const TEST: &str = "browser_bulk_assignment_in_english";
    if skipped(TEST) {
        return;
    }
    bulk_assignment(TEST, &ENGLISH).await;
}

#[tokio::test]
async fn browser_bulk_assignment_in_polish() {
    const TEST: &str = "browser_bulk_assignment_in_polish";
    if skipped(TEST) {
        return;
    }
    bulk_assignment(TEST, &POLISH).await;
}

/// Seven subscriptions of four customers, all sold by Contoso: five Fabrikam may support, one
/// Fabrikam supports already, one of a customer where Fabrikam has no delegated admin.
fn seven_subscriptions(app: &TestApp) {
    let subscriptions = [
        vec![
            Sub::sold_by(O365, cast::CONTOSO),
            Sub::sold_by(E3, cast::CONTOSO),
        ],
        vec![
            Sub::sold_by(O365, cast::CONTOSO),
            Sub::sold_by(E3, cast::CONTOSO).supported_by(cast::FABRIKAM),
        ],
        vec![
            Sub::sold_by(E5, cast::CONTOSO),
            Sub::sold_by(POWER_BI, cast::CONTOSO),
        ],
    ];
    for (name, subs) in ELIGIBLE.iter().zip(subscriptions) {
        let mut customer = CustomerBuilder::new(name)
            .relationship(cast::CONTOSO, Rel::Active)
            .relationship(cast::FABRIKAM, Rel::DelegatedAdmin);
        for sub in subs {
            customer = customer.subscription(sub);
        }
        customer.build(app);
    }
    CustomerBuilder::new(NO_DAP)
        .relationship(cast::CONTOSO, Rel::Active)
        .relationship(cast::FABRIKAM, Rel::Active)
        .subscription(Sub::sold_by(O365, cast::CONTOSO))
        .build(app);
}

/// The texts of the elements matching a CSS selector, in order (`innerText`).
async fn texts(b: &Browser, css: &str) -> Vec<String> {
    let found = b
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText);",
            vec![json!(css)],
        )
        .await;
    match found {
        Value::Array(all) => all
            .into_iter()
            .map(|t| t.as_str().unwrap_or_default().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// The one text among `all` that mentions `name`; fails the test, showing all, unless one does.
fn the_one<'a>(all: &'a [String], name: &str, what: &str) -> &'a str {
    let found: Vec<&String> = all.iter().filter(|t| t.contains(name)).collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("{what}: expected one mentioning {name:?}, found {found:?} in {all:?}"),
    }
}

/// Closes a typeahead's suggestions (Escape) if they open within 2 s of typing, so that they
/// cover nothing the test clicks next.
async fn dismiss_suggestions(b: &Browser, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(2);
    let open =
        "return document.querySelector(arguments[0]).getAttribute('aria-expanded') === 'true';";
    while b.execute(open, vec![json!(css)]).await != json!(true) {
        if Instant::now() > deadline {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let field = b.find(css).await;
    b.type_into(&field, "\u{e00c}").await;
}

/// Clicks every checkbox matching `css` (`expected` of them, or at least two if 0) and checks
/// that they are all ticked.
async fn tick_all(b: &Browser, css: &str, expected: usize) {
    let count = texts(b, css).await.len();
    if expected == 0 {
        assert!(count > 1, "checkboxes to tick ({css}): {count}");
    } else {
        assert_eq!(count, expected, "checkboxes ({css})");
    }
    for i in 0..count {
        let tick = b
            .find_by_script(
                "a checkbox to tick",
                "return document.querySelectorAll(arguments[0])[arguments[1]] || null;",
                vec![json!(css), json!(i)],
            )
            .await;
        b.click(&tick).await;
    }
    let ticked = b
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).every(c => c.checked);",
            vec![json!(css)],
        )
        .await;
    assert_eq!(ticked, json!(true), "every checkbox ticked ({css})");
}

fn assert_has(text: &str, words: &str, page: &str) {
    assert!(
        text.contains(words),
        "{page} should read {words:?}; it reads:\n{text}"
    );
}

async fn bulk_assignment(test: &str, words: &Words) {
    let app = TestApp::spawn().await;
    seven_subscriptions(&app);
    let mut b = Browser::start(&app.address, test, words.language).await;
    b.sign_in("helpdesk@contoso.example").await;

    // → the subscription list, filtered down to the four customers' seven subscriptions.
    b.goto("/subscriptions").await;
    b.fill("#customer", FILTER).await;
    dismiss_suggestions(&b, "#customer").await;
    b.follow("form[role=\"search\"] button[type=\"submit\"]")
        .await;
    let rows = texts(&b, "main tbody tr").await;
    assert_eq!(rows.len(), 7, "the filtered list: {rows:?}");
    for row in &rows {
        assert!(row.contains(FILTER), "{row}");
    }

    // → ticks them all (a click each) and submits the selection.
    let boxes = "form#selection tbody input[type=\"checkbox\"][name=\"subscription\"]";
    tick_all(&b, boxes, 7).await;
    let submit = "form#selection button[type=\"submit\"]";
    assert_eq!(b.written(submit).await, words.assign_selected);
    b.follow(submit).await;

    // → the choice of partner.
    let batch = b.path().await;
    assert!(batch.starts_with("/subscriptions/batches/"), "{batch}");
    assert_eq!(b.written("main h1").await, words.choose_title);
    assert_has(
        &b.written("main p.lead").await,
        words.selected,
        "the choice",
    );
    b.check_page("batch-choose").await;
    b.fill("#batch-partner", words.partner_typed).await;
    dismiss_suggestions(&b, "#batch-partner").await;
    b.follow("form[action$=\"/partner\"] button.primary").await;

    // → the preview: the counts, the refused row with its reason and fix.
    assert_eq!(b.path().await, batch, "the preview is the batch's page");
    assert!(b.written("main h1").await.contains(FABRIKAM));
    let counts = b.written("main ul.counts").await;
    for count in [words.will_change, words.already, words.cannot] {
        assert_has(&counts, count, "the preview's counts");
    }
    let cannot = texts(&b, "[aria-labelledby=\"cannot-caption\"] tbody tr").await;
    assert_eq!(cannot.len(), 1, "one refused row: {cannot:?}");
    let refused = the_one(&cannot, NO_DAP, "the rows that cannot change");
    assert_has(refused, words.not_available, "the refused row");
    assert_has(refused, words.to_fix, "the refused row");
    assert_has(refused, CONTOSO, "the refused row's contact now");
    let change = texts(&b, "[aria-labelledby=\"change-caption\"] tbody tr").await;
    assert_eq!(change.len(), 5, "the rows that change: {change:?}");
    assert!(change.iter().all(|r| !r.contains(NO_DAP)), "{change:?}");
    let already = texts(&b, "[aria-labelledby=\"already-caption\"] tbody tr").await;
    assert_has(
        the_one(&already, ELIGIBLE[1], "the rows supported already"),
        E3,
        "the row supported already",
    );
    let confirm = "form[action$=\"/confirm\"] button[type=\"submit\"]";
    assert_eq!(b.written(confirm).await, words.confirm);
    b.check_page("batch-preview").await;
    b.follow(confirm).await;

    // → the review: what changed, what was refused and why, what each customer now sees.
    assert_eq!(b.path().await, batch, "the review is the batch's page");
    assert_eq!(b.written("main h1").await, words.review_heading);
    let page = b.text().await;
    assert_has(&page, words.done, "the review");
    let counts = b.written("main ul.counts").await;
    for count in [words.changed, words.already, words.refused] {
        assert_has(&counts, count, "the review's counts");
    }
    let changed = texts(&b, "[aria-labelledby=\"changed-caption\"] tbody tr").await;
    assert_eq!(changed.len(), 5, "the changed rows: {changed:?}");
    for row in &changed {
        assert_has(row, FABRIKAM, "a changed row");
        assert!(!row.contains(NO_DAP), "{row}");
    }
    let refused_rows = texts(&b, "[aria-labelledby=\"refused-caption\"] tbody tr").await;
    let refused = the_one(&refused_rows, NO_DAP, "the refused rows");
    assert_has(refused, words.reason, "the refused row of the review");
    let sees = texts(&b, "main section[aria-labelledby^=\"sees-\"]").await;
    assert_eq!(sees.len(), 3, "a section per changed customer: {sees:?}");
    for customer in ELIGIBLE {
        let section = the_one(&sees, &(words.now_sees)(customer), "what the customers see");
        assert_has(section, FABRIKAM, "what a customer now sees");
    }
    assert!(sees.iter().all(|s| !s.contains(NO_DAP)), "{sees:?}");
    b.check_page("batch-review").await;

    // → Close: back to the filtered list, which shows the new contacts.
    b.follow("main .receipt a.button.primary").await;
    let url = b.current_url().await;
    assert!(
        url.contains("/subscriptions?"),
        "Close goes back to the list: {url}"
    );
    let rows = texts(&b, "main tbody tr").await;
    assert_eq!(rows.len(), 7, "{rows:?}");
    for row in &rows {
        let contact = if row.contains(NO_DAP) {
            CONTOSO
        } else {
            FABRIKAM
        };
        assert_has(row, contact, "a row of the list after the confirmation");
    }
    fail_on([b.close().await]);
}

/// For `every_page_passes_axe`: from the open customer page, every selectable subscription into
/// a batch, Fabrikam (by PartnerID) chosen, confirmed; the choice, the preview and the review
/// checked.
pub async fn check_batch_pages(b: &mut Browser) {
    tick_all(b, "input[name=\"subscription\"][form=\"batch-select\"]", 0).await;
    b.follow("#batch-select button[type=\"submit\"]").await;
    assert!(b.path().await.starts_with("/subscriptions/batches/"));
    b.check_page("batch-choose").await;
    b.fill("#batch-partner", "4200001").await;
    dismiss_suggestions(b, "#batch-partner").await;
    b.follow("form[action$=\"/partner\"] button.primary").await;
    assert!(
        b.try_find("main ul.counts").await.is_some(),
        "no preview:\n{}",
        b.text().await
    );
    b.check_page("batch-preview").await;
    b.follow("form[action$=\"/confirm\"] button[type=\"submit\"]")
        .await;
    assert!(
        b.try_find("main .receipt").await.is_some(),
        "no review:\n{}",
        b.text().await
    );
    b.check_page("batch-review").await;
}
