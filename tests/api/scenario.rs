//! The product's scenario, end to end, as DESIGN.md tells it.

use reqwest::StatusCode;

use crate::helpers::{TestApp, has_link, radio, text, texts};

#[tokio::test]
async fn helpdesk_assigns_fabrikam_and_the_customer_sees_it() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;

    // Customers → Adatum Corporation.
    let (status, list) = app.get_html("/customers?q=adatum").await;
    assert_eq!(status, StatusCode::OK);
    let tenant = app.tenant_of("Adatum Corporation");
    assert!(
        // The row link carries the list's place (`?q=adatum`) for the breadcrumb.
        has_link(&list, &format!("/customers/{tenant}?q=adatum")),
        "Adatum not in the list"
    );

    let (status, customer) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&customer).contains("Office 365 Business Standard"));

    // → Office 365 Business Standard: the form offers Fabrikam.
    let path = app.subscription_path("Adatum Corporation", "Office 365 Business Standard");
    assert!(has_link(&customer, &path), "subscription link missing");
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains("Designated support contact"));
    assert!(
        radio(&page, "4200001").is_some_and(|r| !r.disabled),
        "Fabrikam not offered"
    );

    // → chooses Fabrikam Solutions → Submit → review: before, after, what the customer sees,
    // Close.
    let (_, review) = app.assign_and_review(&path, &page, "4200001").await;
    let words = text(&review);
    assert!(words.contains("Before Contoso Distribution"), "{words}");
    assert!(words.contains("After Fabrikam Solutions"), "{words}");
    assert!(words.contains("support@fabrikam.example"), "{words}");
    assert!(
        crate::helpers::texts(&review, &format!("a[href^='/customers/{tenant}?changed=']"))
            .contains(&"Close".to_owned()),
        "Close must return to the customer"
    );

    // → Close returns to the customer.
    let (status, _) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);

    // The customer's admin sees Fabrikam beside Office 365 Business Standard.
    let (_, status, support) = app
        .get_html_as("admin@adatum.example", "/admin/support")
        .await;
    assert_eq!(status, StatusCode::OK);
    let card = texts(&support, "li.support-card")
        .into_iter()
        .find(|card| card.contains("Office 365 Business Standard"))
        .expect("a card for Office 365 Business Standard");
    assert!(card.contains("Fabrikam Solutions"), "{card}");
    assert!(card.contains("support@fabrikam.example"), "{card}");
    assert!(card.contains("+1"), "phone missing: {card}");
}
