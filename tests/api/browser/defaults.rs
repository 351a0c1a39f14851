//! The customer's default support contact for new subscriptions in a real browser (issue 15,
//! item 3), in English and Polish: Contoso sets Adatum's default to Fabrikam (who has delegated
//! admin), sees the preview of applying it to the existing subscriptions, imports a new
//! subscription for Adatum on the import page and finds it supported by Fabrikam. Each page is
//! checked with axe-core and at 375 px.

use diesel::prelude::*;
use partnerdesk::db::schema::subscriptions;

use super::harness::{Browser, Language, fail_on, skipped};
use crate::helpers::TestApp;

const FABRIKAM: &str = "4200001";

struct Words {
    language: Language,
    saved: &'static str,
    apply: &'static str,
}

const ENGLISH: Words = Words {
    language: Language::English,
    saved: "Saved: new subscriptions of Adatum Corporation are now supported by Fabrikam Solutions.",
    apply: "Also apply to this subscription",
};

const POLISH: Words = Words {
    language: Language::Polish,
    saved: "Zapisano: nowe subskrypcje klienta Adatum Corporation będą teraz obsługiwane przez firmę Fabrikam Solutions.",
    apply: "Zastosuj także do tej subskrypcji",
};

async fn default_then_import(test: &str, words: &Words, subscription: &str) {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of("Adatum Corporation");
    let mut b = Browser::start(&app.address, test, words.language).await;
    b.sign_in("globaladmin@contoso.example").await;
    b.goto(&format!("/customers/{tenant}")).await;
    b.follow(".support-default a").await;
    assert!(
        b.path().await.ends_with("/support-default"),
        "{}",
        b.path().await
    );
    b.check_page("support-default").await;
    let fabrikam = b
        .find(&format!("input[name=\"partner\"][value=\"{FABRIKAM}\"]"))
        .await;
    b.click(&fabrikam).await;
    b.follow("form[action$=\"/support-default\"] button[type=\"submit\"]")
        .await;
    let page = b.text().await;
    assert!(page.contains(words.saved), "{page}");
    assert!(page.contains(words.apply), "{page}");
    assert!(page.contains("Office 365 Business Standard"), "{page}");
    b.check_page("support-default-saved").await;

    // A new subscription for Adatum through the import page takes the default.
    let file = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temp file");
    std::fs::write(
        file.path(),
        format!(
            "Subscription ID,Customer tenant ID,Offer name,Offer ID,Quantity,Status,Commerce type,Reseller PartnerID\n\
             {subscription},{tenant},Visio Plan 2,VISIO-BROWSER,3,Active,Legacy,\n"
        ),
    )
    .expect("write");
    b.goto("/settings/import").await;
    let kind = b.find("#kind-subscriptions").await;
    b.click(&kind).await;
    let field = b.find("#import-file").await;
    b.type_into(&field, file.path().to_str().expect("path"))
        .await;
    b.follow("form[action=\"/settings/import\"] button[type=\"submit\"]")
        .await;
    b.follow("form[action$=\"/confirm\"] button[type=\"submit\"]")
        .await;
    let contact: Option<String> = subscriptions::table
        .find(subscription)
        .select(subscriptions::support_contact_id)
        .first(&mut *app.conn())
        .expect("the imported subscription");
    assert_eq!(contact, Some(app.partner_id_of(4_200_001)));
    b.goto(&format!("/customers/{tenant}")).await;
    let page = b.text().await;
    assert!(page.contains("Visio Plan 2"), "{page}");
    fail_on([b.close().await]);
}

#[tokio::test]
async fn browser_default_support_contact_in_english() {
    let test = "browser_default_support_contact_in_english";
    if skipped(test) {
        return;
    }
    default_then_import(test, &ENGLISH, "7b1e0000-0000-4000-8000-0000000000e1").await;
}

#[tokio::test]
async fn browser_default_support_contact_in_polish() {
    let test = "browser_default_support_contact_in_polish";
    if skipped(test) {
        return;
    }
    default_then_import(test, &POLISH, "7b1e0000-0000-4000-8000-0000000000e2").await;
}
