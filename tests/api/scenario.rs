//! The product's scenario, end to end, as DESIGN.md tells it.

use reqwest::StatusCode;

use crate::helpers::{TestApp, csrf_token, form_version, location, text};

#[tokio::test]
async fn helpdesk_assigns_fabrikam_and_the_customer_sees_it() {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;

    // Customers → Adatum Corporation.
    let (status, list) = app.get_html("/customers?q=adatum").await;
    assert_eq!(status, StatusCode::OK);
    let tenant = app.tenant_of("Adatum Corporation");
    assert!(
        list.contains(&format!("/customers/{tenant}")),
        "Adatum not in the list"
    );

    let (status, customer) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&customer).contains("Office 365 Business Standard"));

    // → Office 365 Business Standard: the form offers Fabrikam.
    let path = app.subscription_path("Adatum Corporation", "Office 365 Business Standard");
    assert!(customer.contains(&path), "subscription link missing");
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page).contains("Designated support contact"));
    assert!(page.contains("value=\"4200001\""), "Fabrikam not offered");

    // → chooses Fabrikam Solutions → Submit.
    let r = app
        .post_form(
            &format!("{path}/support-contact"),
            &[
                ("support_contact", "4200001"),
                ("version", &form_version(&page)),
                ("csrf_token", &csrf_token(&page)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let review_path = location(&r);
    assert!(
        review_path.starts_with(&format!("{path}/support-contact/changes/")),
        "{review_path}"
    );

    // → review: before, after, what the customer sees, Close.
    let (status, review) = app.get_html(&review_path).await;
    assert_eq!(status, StatusCode::OK);
    let words = text(&review);
    assert!(words.contains("Before Contoso Distribution"), "{words}");
    assert!(words.contains("After Fabrikam Solutions"), "{words}");
    assert!(words.contains("support@fabrikam.example"), "{words}");
    assert!(review.contains(&format!("href=\"/customers/{tenant}\"")) && words.contains("Close"));

    // → Close returns to the customer.
    let (status, _) = app.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(status, StatusCode::OK);

    // The customer's admin sees Fabrikam beside Office 365 Business Standard.
    let customer_admin = app.new_session();
    customer_admin.login("admin@adatum.example").await;
    let (status, support) = customer_admin.get_html("/admin/support").await;
    assert_eq!(status, StatusCode::OK);
    let card = support
        .split("<li class=\"support-card\">")
        .find(|card| card.contains("Office 365 Business Standard"))
        .expect("a card for Office 365 Business Standard");
    let card = text(card);
    assert!(card.contains("Fabrikam Solutions"), "{card}");
    assert!(card.contains("support@fabrikam.example"), "{card}");
    assert!(card.contains("+1"), "phone missing: {card}");
}
