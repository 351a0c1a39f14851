//! The pickers in a real browser (issue 15, item 4), in English and Polish: the support contact
//! form's search narrows the list as you type, an ineligible reseller's reason is inside "Why
//! can't I choose …?", Submit waits for a change of choice, and the customer list's reseller
//! filter suggests a reseller whose choice filters the list. Each page is checked with axe-core
//! and at 375 px.

use std::time::{Duration, Instant};

use partnerdesk::db::models::partner::PartnershipState;
use serde_json::{Value, json};

use super::harness::{Browser, Language, fail_on, skipped};
use crate::fixtures::cast::CONTOSO;
use crate::fixtures::{PartnerBuilder, Rel};
use crate::helpers::TestApp;

const ADATUM: &str = "Adatum Corporation";
const OFFICE: &str = "Office 365 Business Standard";

/// The words the test reads, per language.
struct Words {
    language: Language,
    why_not: &'static str,
    no_delegated_admin: &'static str,
}

const ENGLISH: Words = Words {
    language: Language::English,
    why_not: "Why can't I choose",
    no_delegated_admin: "no delegated admin privileges",
};

const POLISH: Words = Words {
    language: Language::Polish,
    why_not: "Dlaczego nie mogę wybrać",
    no_delegated_admin: "brak delegowanych uprawnień administratora",
};

#[tokio::test]
async fn browser_pickers_in_english() {
    if skipped("browser_pickers_in_english") {
        return;
    }
    pickers("browser_pickers_in_english", &ENGLISH).await;
}

#[tokio::test]
async fn browser_pickers_in_polish() {
    if skipped("browser_pickers_in_polish") {
        return;
    }
    pickers("browser_pickers_in_polish", &POLISH).await;
}

/// Waits up to 3 s for a script to answer `true`.
async fn until(b: &Browser, what: &str, script: &str, args: Vec<Value>) {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        if b.execute(script, args.clone()).await == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "3 s, and still not: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn pickers(test: &str, words: &Words) {
    let app = TestApp::spawn().await;
    // Twelve more resellers of Contoso, three of them eligible for Adatum.
    for i in 0..12 {
        let mut reseller = PartnerBuilder::reseller(&format!("Picker Reseller {i:02}"))
            .mpn(5_100_000 + i)
            .partnership(CONTOSO, PartnershipState::Active);
        if i < 3 {
            reseller = reseller.relationship(ADATUM, Rel::DelegatedAdmin);
        }
        reseller.build(&app);
    }
    let subscription_path = app.subscription_path(ADATUM, OFFICE);
    let mut b = Browser::start(&app.address, test, words.language).await;
    b.sign_in("helpdesk@contoso.example").await;
    b.goto(&subscription_path).await;

    // Submit is disabled while the choice is the current contact (Contoso).
    let submit_disabled = "return document.querySelector('[data-picker-submit]').disabled;";
    assert_eq!(b.execute(submit_disabled, vec![]).await, json!(true));
    let fabrikam = b
        .find("input[name=\"support_contact\"][value=\"4200001\"]")
        .await;
    b.click(&fabrikam).await;
    assert_eq!(b.execute(submit_disabled, vec![]).await, json!(false));
    let contoso = b
        .find("input[name=\"support_contact\"][value=\"4100001\"]")
        .await;
    b.click(&contoso).await;
    assert_eq!(b.execute(submit_disabled, vec![]).await, json!(true));
    b.check_page("picker").await;

    // Typing narrows the eligible list to the matching ones (and the checked current contact).
    let find = b.find("#picker-find").await;
    b.type_into(&find, "picker reseller").await;
    until(
        &b,
        "the list narrowed to the three Picker Resellers and Contoso",
        "const v = Array.from(document.querySelectorAll('#assign-choices li'))
             .filter(li => !li.hidden).map(li => li.querySelector('input').value);
         return v.length === 4 && v.includes('4100001') && !v.includes('4200001');",
        vec![],
    )
    .await;
    b.check_page("picker-narrowed").await;

    // Trey Research: inside "Why can't I choose …?", with its reason.
    // Beyond the ten listed: found by the search, which reloads the page (`?find=`).
    b.fill("#picker-find", "trey").await;
    b.follow("form[data-picker-search] button[type=\"submit\"]")
        .await;
    assert!(b.path().await.contains("find=trey"), "{}", b.path().await);
    until(
        &b,
        "Trey's reason shown inside the opened details",
        "const d = document.querySelector('details.unavailable');
         const why = document.getElementById('why-4200002');
         return !!(d && d.open && why && d.contains(why) && why.offsetParent !== null
             && d.querySelector('summary').textContent.includes(arguments[0])
             && why.textContent.includes(arguments[1]));",
        vec![json!(words.why_not), json!(words.no_delegated_admin)],
    )
    .await;
    b.check_page("picker-why-not").await;

    // The customer list's reseller filter: type, a suggestion, choose it, the list is filtered.
    b.goto("/customers").await;
    let field = b.find("input[data-suggest=\"resellers\"]").await;
    b.type_into(&field, "Fabr").await;
    until(
        &b,
        "a suggestion for Fabrikam Solutions",
        "const o = document.querySelector('[role=listbox] [role=option]');
         const i = document.querySelector('input[data-suggest]');
         return !!(o && o.textContent.includes('Fabrikam Solutions')
             && i.getAttribute('aria-expanded') === 'true');",
        vec![],
    )
    .await;
    b.check_page("customers-typeahead").await;
    let option = b.find("[role=listbox] [role=option]").await;
    b.click(&option).await;
    until(
        &b,
        "the list filtered by Fabrikam's PartnerID",
        "const i = document.querySelector('input[data-suggest]');
         return i.value === '4200001' && location.search.includes('reseller=4200001')
             && document.querySelector('[data-live-region]').innerText.includes(arguments[0]);",
        vec![json!(ADATUM)],
    )
    .await;
    b.check_page("customers-filtered-by-reseller").await;
    fail_on([b.close().await]);
}
