//! The subscription list across customers (issue 15) in a real browser, in English and Polish:
//! Contoso's admin opens it from the navigation, filters by support contact and by "not the
//! seller", sorts by last change both ways and pages forward and back; every page is checked
//! with axe-core and at 375 px.

use serde_json::Value;

use super::harness::{Browser, Language, skipped};
use crate::helpers::TestApp;

/// Fabrikam Solutions.
const FABRIKAM: &str = "4200001";

struct Words {
    language: Language,
    title: &'static str,
    filter: &'static str,
    not_seller: &'static str,
}

const ENGLISH: Words = Words {
    language: Language::English,
    title: "Subscriptions",
    filter: "Filter",
    not_seller: "not the seller",
};

const POLISH: Words = Words {
    language: Language::Polish,
    title: "Subskrypcje",
    filter: "Filtruj",
    not_seller: "nie sprzedawca",
};

#[tokio::test]
async fn browser_subscription_list_in_english() {
    const TEST: &str = "browser_subscription_list_in_english";
    if skipped(TEST) {
        return;
    }
    walk_through(TEST, &ENGLISH).await;
}

#[tokio::test]
async fn browser_subscription_list_in_polish() {
    const TEST: &str = "browser_subscription_list_in_polish";
    if skipped(TEST) {
        return;
    }
    walk_through(TEST, &POLISH).await;
}

/// The text of each row of the list, in order.
async fn rows(b: &Browser) -> Vec<String> {
    let found = b
        .execute(
            "return Array.from(document.querySelectorAll('main tbody tr')).map(r => r.innerText);",
            vec![],
        )
        .await;
    match found {
        Value::Array(rows) => rows
            .into_iter()
            .map(|r| r.as_str().unwrap_or_default().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

async fn walk_through(test: &str, words: &Words) {
    let app = TestApp::spawn().await;
    let mut b = Browser::start(&app.address, test, words.language).await;
    b.goto("/login").await;
    b.sign_in("globaladmin@contoso.example").await;

    // → Subscriptions, from the navigation.
    b.follow("nav a[href=\"/subscriptions\"]").await;
    assert_eq!(b.path().await, "/subscriptions");
    assert_eq!(b.written("main h1").await, words.title);
    let first = rows(&b).await;
    assert_eq!(first.len(), 25, "a first page of 25");
    b.check_page("subscriptions").await;

    // → pages forward and back.
    b.follow("a[rel=\"next\"]").await;
    let second = rows(&b).await;
    assert!(!second.is_empty());
    assert!(
        second.iter().all(|r| !first.contains(r)),
        "the next page repeats rows"
    );
    b.follow("a[rel=\"prev\"]").await;
    assert_eq!(rows(&b).await, first, "back to the first page");

    // → filters by support contact (Fabrikam's PartnerID) and "not the seller".
    b.fill("input[name=\"contact\"]", FABRIKAM).await;
    let not_seller = b.find("input[name=\"not_seller\"]").await;
    b.click(&not_seller).await;
    let submit = "form[role=\"search\"] button[type=\"submit\"]";
    assert_eq!(b.written(submit).await, words.filter);
    b.follow(submit).await;
    let url = b.current_url().await;
    assert!(url.contains(&format!("contact={FABRIKAM}")), "{url}");
    assert!(url.contains("not_seller=1"), "{url}");
    let filtered = rows(&b).await;
    assert!(
        !filtered.is_empty(),
        "Fabrikam supports some of Contoso's subscriptions"
    );
    for row in &filtered {
        assert!(row.contains("Fabrikam Solutions"), "{row}");
        assert!(row.to_lowercase().contains(words.not_seller), "{row}");
    }
    b.check_page("subscriptions-filtered").await;

    // → sorts by last change, then the other way: the same rows reversed, the filter kept.
    b.follow("thead a[href*=\"sort=updated\"]").await;
    let up = rows(&b).await;
    assert!(
        b.current_url()
            .await
            .contains(&format!("contact={FABRIKAM}"))
    );
    let sorted = b
        .find("thead th[aria-sort=\"ascending\"] a[href*=\"sort=updated\"]")
        .await;
    b.click_and_wait(&sorted).await;
    let down = rows(&b).await;
    assert!(
        b.try_find("thead th[aria-sort=\"descending\"]")
            .await
            .is_some()
    );
    assert!(b.current_url().await.contains("dir=desc"));
    assert_ne!(down, up, "descending reads another way");
    for row in up.iter().chain(&down) {
        assert!(
            row.contains("Fabrikam Solutions"),
            "the filter is kept: {row}"
        );
    }
    b.check_page("subscriptions-sorted").await;
    super::harness::fail_on([b.close().await]);
}
