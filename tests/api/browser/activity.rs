//! The activity log's causes in a real browser (issue 15): Adatum removes Fabrikam's delegated
//! admin privileges; Contoso's log shows the revert with its cause; the cause's link shows the
//! removal. In English and in Polish, each page checked with axe-core and at 375 px.

use super::harness::{Browser, Language, fail_on, skipped};
use crate::helpers::TestApp;

/// The words the test reads, in its language.
struct Words {
    language: Language,
    cause: &'static str,
    removal: &'static str,
}

const ENGLISH: Words = Words {
    language: Language::English,
    cause: "because Adatum Corporation removed Fabrikam Solutions' delegated admin privileges",
    removal: "Delegated admin privileges removed",
};

const POLISH: Words = Words {
    language: Language::Polish,
    cause: "ponieważ klient Adatum Corporation usunął delegowane uprawnienia administratora partnera Fabrikam Solutions",
    removal: "Usunięcie delegowanych uprawnień administratora",
};

#[tokio::test]
async fn browser_activity_cause_in_english() {
    if skipped("browser_activity_cause_in_english") {
        return;
    }
    cause_is_shown("browser_activity_cause_in_english", &ENGLISH).await;
}

#[tokio::test]
async fn browser_activity_cause_in_polish() {
    if skipped("browser_activity_cause_in_polish") {
        return;
    }
    cause_is_shown("browser_activity_cause_in_polish", &POLISH).await;
}

async fn cause_is_shown(test: &str, words: &Words) {
    let app = TestApp::spawn().await;
    let mut b = Browser::start(&app.address, test, words.language).await;

    // Adatum's Global admin removes Fabrikam's delegated admin privileges.
    b.sign_in("admin@adatum.example").await;
    b.goto("/admin/partners/4200001/delegated-admin/remove")
        .await;
    b.follow("main form[method=\"post\"] button[type=\"submit\"]")
        .await;
    b.sign_out().await;

    // Contoso's admin agent: the revert, with its cause.
    b.sign_in("admin@contoso.example").await;
    b.goto("/activity?operation=support_contact.reverted").await;
    let shown = b.text().await;
    assert!(
        shown.contains(words.cause),
        "the revert should say {:?}; the page reads:\n{shown}",
        words.cause
    );
    b.check_page("activity-revert-with-cause").await;

    // Its link shows the removal.
    b.follow(".activity-cause a").await;
    let path = b.path().await;
    assert!(path.starts_with("/activity?event="), "{path}");
    let shown = b.text().await;
    assert!(
        shown.contains(words.removal),
        "the cause's page should show {:?}:\n{shown}",
        words.removal
    );
    b.check_page("activity-cause").await;
    fail_on([b.close().await]);
}
