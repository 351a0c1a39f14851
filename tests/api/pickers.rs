//! Pickers that scale (issue 15, item 4) and the density items of the customer, subscription,
//! review and Support pages (part of item 6): black-box, through the real app.

use partnerdesk::db::models::partner::PartnershipState;
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::cast::{CONTOSO, FABRIKAM};
use crate::fixtures::{PartnerBuilder, Rel, add_many_customers};
use crate::helpers::{TestApp, attr, attrs, count, location, radio, text, texts};

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const E3: &str = "Microsoft 365 E3";

/// Generated resellers of Contoso (with Fabrikam, Trey Research and Northwind IT: 300).
const GENERATED: i32 = 297;
/// Of them, the first few are eligible for Adatum (relationship with delegated admin).
const ELIGIBLE: i32 = 5;

fn generated_mpn(i: i32) -> i32 {
    5_000_000 + i
}

/// Contoso with 300 resellers: the 297 generated ones named "Picker Reseller NNN".
fn with_300_resellers(app: &TestApp) {
    for i in 0..GENERATED {
        let mut reseller = PartnerBuilder::reseller(&format!("Picker Reseller {i:03}"))
            .mpn(generated_mpn(i))
            .partnership(CONTOSO, PartnershipState::Active);
        if i < ELIGIBLE {
            reseller = reseller.relationship(ADATUM, Rel::DelegatedAdmin);
        }
        reseller.build(app);
    }
}

/// The eligible choices (the radio group's first list), in page order.
fn eligible(html: &str) -> Vec<String> {
    attrs(html, "#assign-choices input[name=support_contact]", "value")
}

/// The ineligible ones listed inside "Why can't I choose …?".
fn ineligible(html: &str) -> Vec<String> {
    attrs(
        html,
        "details.unavailable input[name=support_contact]",
        "value",
    )
}

#[tokio::test]
async fn the_picker_lists_eligible_partners_first_and_bounds_the_others_at_300_resellers() {
    let app = TestApp::spawn().await;
    with_300_resellers(&app);
    app.login("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);

    // Eligible: the seller first, then Fabrikam and the five generated ones, by name.
    let mut expected = vec![CONTOSO.to_string(), FABRIKAM.to_string()];
    expected.extend((0..ELIGIBLE).map(|i| generated_mpn(i).to_string()));
    assert_eq!(eligible(&page), expected);
    assert!(
        eligible(&page)
            .iter()
            .all(|mpn| !radio(&page, mpn).expect("radio").disabled)
    );

    // Ineligible: collapsed, disabled, at most ten, with a reason each, and the rest counted.
    assert_eq!(count(&page, "details.unavailable:not([open])"), 1);
    let summary = texts(&page, "details.unavailable summary").join(" ");
    assert!(summary.starts_with("Why can't I choose"), "{summary}");
    assert!(
        summary.contains("294"),
        "297 - 5 + Trey + Northwind: {summary}"
    );
    let listed = ineligible(&page);
    assert_eq!(listed.len(), 10, "{listed:?}");
    assert!(
        listed
            .iter()
            .all(|mpn| radio(&page, mpn).expect("radio").disabled)
    );
    assert_eq!(count(&page, "details.unavailable .why"), 10);
    assert!(
        text(&page).contains("284 more: search by name or PartnerID to find one."),
        "{}",
        text(&page)
    );

    // The page stays small: it was 190 KB with every reseller's reason and fix.
    assert!(page.len() < 40_000, "{} bytes", page.len());

    // ?find= narrows both lists, says so, and links back to all.
    let (_, found) = app
        .get_html(&format!("{path}?find=picker+reseller+2"))
        .await;
    assert_eq!(
        eligible(&found),
        [CONTOSO.to_string()],
        "only the current contact stays"
    );
    assert_eq!(ineligible(&found).len(), 10);
    assert!(
        ineligible(&found)
            .iter()
            .all(|mpn| mpn.starts_with("50002"))
    );
    assert_eq!(count(&found, "details.unavailable[open]"), 1);
    assert!(
        text(&found).contains("“picker reseller 2”")
            || text(&found).contains("“picker reseller 2”"),
        "{}",
        text(&found)
    );
    assert_eq!(
        attr(&found, ".picker-found a", "href").as_deref(),
        Some(format!("{path}#support-contact").as_str())
    );

    // By PartnerID: Trey Research, with its reason and fix.
    let (_, trey) = app.get_html(&format!("{path}?find=4200002")).await;
    assert_eq!(ineligible(&trey), ["4200002"]);
    let why = texts(&trey, "#why-4200002").join(" ");
    assert!(why.contains("no delegated admin privileges"), "{why}");
    assert!(why.contains("To fix:"), "{why}");

    // A generated reseller by name, and an eligible one by part of its name.
    let (_, one) = app.get_html(&format!("{path}?find=Reseller+123")).await;
    assert_eq!(ineligible(&one), [generated_mpn(123).to_string()]);
    assert!(
        texts(&one, &format!("#why-{}", generated_mpn(123)))
            .join(" ")
            .contains("no relationship with this customer")
    );
    let (_, two) = app.get_html(&format!("{path}?find=RESELLER+003")).await;
    assert_eq!(
        eligible(&two),
        [CONTOSO.to_string(), generated_mpn(3).to_string()]
    );

    // The submit is still checked by the server: an ineligible one is refused (422).
    let r = app
        .submit_support_contact(
            &path,
            &generated_mpn(200).to_string(),
            &crate::helpers::form_version(&page),
            &crate::helpers::csrf_token(&page),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Bad search text: 400, with the usual message.
    for bad in ["%01x", &"x".repeat(101)] {
        let r = app.get(&format!("{path}?find={bad}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

async fn suggestions(app: &TestApp, path: &str) -> (StatusCode, Vec<(String, String)>) {
    let r = app.get(path).await;
    let status = r.status();
    if status != StatusCode::OK {
        return (status, Vec::new());
    }
    let body = r.text().await.expect("body");
    let json: Value = serde_json::from_str(&body).expect("JSON");
    let pairs = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| {
            (
                s["label"].as_str().expect("label").to_owned(),
                s["value"].as_str().expect("value").to_owned(),
            )
        })
        .collect();
    (status, pairs)
}

#[tokio::test]
async fn suggestions_are_scoped_bounded_and_refused_to_others() {
    let app = TestApp::spawn().await;
    with_300_resellers(&app);
    add_many_customers(&app, CONTOSO, "Suggest Co", 30);
    let contoso = app.signed_in("helpdesk@contoso.example").await;

    let (_, fabrikam) = suggestions(&contoso, "/suggest/resellers?q=fabr").await;
    assert_eq!(
        fabrikam,
        [(
            "Fabrikam Solutions (4200001)".to_owned(),
            "4200001".to_owned()
        )]
    );
    let (_, by_id) = suggestions(&contoso, "/suggest/resellers?q=4200002").await;
    assert_eq!(by_id.len(), 1);
    assert_eq!(by_id[0].1, "4200002");
    let (_, many) = suggestions(&contoso, "/suggest/resellers?q=picker").await;
    assert_eq!(many.len(), 10, "at most ten");
    // Another provider is no reseller of Contoso's.
    let (_, none) = suggestions(&contoso, "/suggest/resellers?q=Litware").await;
    assert!(none.is_empty(), "{none:?}");

    let tenant = app.tenant_of(ADATUM);
    let (_, adatum) = suggestions(&contoso, "/suggest/customers?q=adatum").await;
    assert_eq!(adatum.len(), 1);
    assert!(adatum[0].0.starts_with(ADATUM), "{adatum:?}");
    assert_eq!(adatum[0].1, tenant);
    let (_, by_tenant) =
        suggestions(&contoso, &format!("/suggest/customers?q={}", &tenant[..13])).await;
    assert_eq!(
        by_tenant.first().map(|s| s.1.as_str()),
        Some(tenant.as_str())
    );
    let (_, many) = suggestions(&contoso, "/suggest/customers?q=Suggest+Co").await;
    assert_eq!(many.len(), 10);
    // Woodgrove is Litware's customer: never suggested to Contoso, suggested to Litware.
    let (_, woodgrove) = suggestions(&contoso, "/suggest/customers?q=Woodgrove").await;
    assert!(woodgrove.is_empty(), "{woodgrove:?}");
    let litware = app.signed_in("admin@litware.example").await;
    let (_, woodgrove) = suggestions(&litware, "/suggest/customers?q=Woodgrove").await;
    assert_eq!(woodgrove.len(), 1);
    let (_, adatum) = suggestions(&litware, "/suggest/customers?q=Adatum").await;
    assert!(adatum.is_empty());

    // A reseller: the customers it works with, and no resellers of its own.
    let fabrikam = app.signed_in("admin@fabrikam.example").await;
    let (_, adatum) = suggestions(&fabrikam, "/suggest/customers?q=Adatum").await;
    assert_eq!(adatum.len(), 1);
    let (_, none) = suggestions(&fabrikam, "/suggest/resellers?q=a").await;
    assert!(none.is_empty());

    // Billing admins and customer users: 403; signed out: to sign-in.
    for email in [
        "billing@contoso.example",
        "user@adatum.example",
        "admin@adatum.example",
    ] {
        let session = app.signed_in(email).await;
        for kind in ["resellers", "customers"] {
            let (status, _) = suggestions(&session, &format!("/suggest/{kind}?q=a")).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} {kind}");
        }
    }
    let anonymous = app.new_session();
    let r = anonymous.get("/suggest/customers?q=a").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));

    // Bad input: 400; nothing typed: nothing suggested.
    for bad in ["%07", "a%0Ab", &"x".repeat(101)] {
        for kind in ["resellers", "customers"] {
            let (status, _) = suggestions(&contoso, &format!("/suggest/{kind}?q={bad}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{kind} {bad}");
        }
    }
    let (status, empty) = suggestions(&contoso, "/suggest/customers?q=").await;
    assert_eq!((status, empty.len()), (StatusCode::OK, 0));
}

#[tokio::test]
async fn the_customer_page_puts_the_contact_beside_the_product_with_a_change_link_and_a_mark() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of(ADATUM);
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let (_, page) = helpdesk.get_html(&format!("/customers/{tenant}")).await;
    let headers = texts(&page, "#subscriptions-caption ~ thead th");
    // First the bulk assignment's checkbox column (named for screen readers only).
    assert_eq!(headers[0], "Select subscriptions", "{headers:?}");
    assert_eq!(
        headers[1..6],
        [
            "Product",
            "Designated support contact",
            "Seller",
            "Reseller of record",
            "Status"
        ],
        "{headers:?}"
    );
    let e3 = app.subscription_of(ADATUM, E3);
    let o365 = app.subscription_of(ADATUM, O365);
    let row = |html: &str, id: &str| texts(html, &format!("tr#subscription-{id}")).join(" ");
    // E3 is supported by Fabrikam, sold by Contoso: marked, and Contoso's helpdesk may change it.
    assert!(
        row(&page, &e3).contains("(not the seller)"),
        "{}",
        row(&page, &e3)
    );
    assert!(
        !row(&page, &o365).contains("not the seller"),
        "{}",
        row(&page, &o365)
    );
    let change = attrs(&page, "a.inline-change", "href");
    assert!(
        change.contains(&format!(
            "{}#support-contact",
            app.subscription_path(ADATUM, E3)
        )),
        "{change:?}"
    );
    // Tailspin's subscription and the direct one: no Change link for Contoso.
    assert_eq!(change.len(), 2, "{change:?}");
    // A sales agent may not assign: no Change links.
    let sales = app.signed_in("sales@contoso.example").await;
    let (_, page) = sales.get_html(&format!("/customers/{tenant}")).await;
    assert_eq!(count(&page, "a.inline-change"), 0);

    // After a change, Close returns to the row, marked (in words, not only by colour).
    let path = app.subscription_path(ADATUM, O365);
    let (_, form) = helpdesk.get_html(&path).await;
    let (_, review) = helpdesk.assign_and_review(&path, &form, "4200001").await;
    let close = attrs(&review, "a.button.primary", "href");
    let expected = format!("/customers/{tenant}?changed={o365}#subscription-{o365}");
    assert_eq!(close, std::slice::from_ref(&expected));
    let (_, page) = helpdesk
        .get_html(expected.split('#').next().unwrap_or_default())
        .await;
    assert_eq!(count(&page, &format!("tr.changed#subscription-{o365}")), 1);
    assert!(row(&page, &o365).contains("just changed"));
    // A changed= that is not a subscription id is ignored.
    let (status, page) = helpdesk
        .get_html(&format!("/customers/{tenant}?changed=%3Cscript%3E"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&page, "tr.changed"), 0);

    // The review offers Contoso's other subscription of Adatum (E3), with its contact.
    let others = texts(&review, ".change-another li").join(" | ");
    assert!(
        others.contains(E3) && others.contains("now Fabrikam Solutions"),
        "{others}"
    );
    assert!(
        !others.contains(O365) && !others.contains("Business Premium"),
        "{others}"
    );
}

#[tokio::test]
async fn the_breadcrumb_goes_back_to_the_same_list_page_and_drops_anything_else() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of(ADATUM);
    let session = app.signed_in("helpdesk@contoso.example").await;
    let (_, list) = session
        .get_html("/customers?q=adatum&reseller=4200001")
        .await;
    let link = attr(&list, "tbody th a", "href").expect("a row link");
    assert_eq!(
        link,
        format!("/customers/{tenant}?q=adatum&reseller=4200001")
    );

    let (_, customer) = session.get_html(&link).await;
    let crumb = attr(&customer, ".breadcrumb a", "href").expect("breadcrumb");
    assert_eq!(crumb, "/customers?q=adatum&reseller=4200001");
    let sub = app.subscription_path(ADATUM, O365);
    let sub_link = format!("{sub}?q=adatum&reseller=4200001");
    assert!(attrs(&customer, "tbody a", "href").contains(&sub_link));
    let (_, subscription) = session.get_html(&sub_link).await;
    assert_eq!(
        attrs(&subscription, ".breadcrumb a", "href"),
        [
            "/customers?q=adatum&reseller=4200001".to_owned(),
            format!("/customers/{tenant}?q=adatum&reseller=4200001")
        ]
    );

    // Hostile values: only the list's own valid parameters come back, always under /customers.
    for (query, kept) in [
        ("next=https://evil.example&q=a", "/customers?q=a"),
        ("after=zz&before=00&size=7", "/customers"),
        ("q=a%0Ax&reseller=%01", "/customers"),
        (
            "reseller=//evil.example",
            "/customers?reseller=%2F%2Fevil.example",
        ),
        ("size=50&page=3", "/customers?size=50"),
    ] {
        let (status, page) = session
            .get_html(&format!("/customers/{tenant}?{query}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let crumb = attr(&page, ".breadcrumb a", "href").expect("breadcrumb");
        assert_eq!(crumb, kept, "{query}");
    }
}

#[tokio::test]
async fn the_support_page_has_one_block_per_partner_with_its_products() {
    let app = TestApp::spawn().await;
    // Fabrikam supports two of Adatum's subscriptions once O365 is assigned to it too.
    let helpdesk = app.signed_in("helpdesk@contoso.example").await;
    let path = app.subscription_path(ADATUM, O365);
    let (_, form) = helpdesk.get_html(&path).await;
    helpdesk.assign_and_review(&path, &form, "4200001").await;

    let (_, status, page) = app
        .get_html_as("admin@adatum.example", "/admin/support")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        texts(&page, "li.contact-block > h2"),
        ["Fabrikam Solutions", "Tailspin Direct", "Microsoft"]
    );
    let fabrikam = texts(&page, "li.contact-block").remove(0);
    assert!(fabrikam.contains("support@fabrikam.example"), "{fabrikam}");
    assert_eq!(
        texts(&page, "li.contact-block:first-child .product"),
        [E3, O365]
    );
    assert!(fabrikam.contains("2 subscriptions"), "{fabrikam}");
    let microsoft = texts(&page, "li.contact-block").remove(2);
    assert!(
        microsoft.contains("Power BI Pro") && !microsoft.contains('@'),
        "{microsoft}"
    );
}

#[tokio::test]
async fn tenant_ids_are_shown_whole_with_a_copy_button_for_scripts() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant_of(ADATUM);
    let session = app.signed_in("helpdesk@contoso.example").await;
    for page in [
        "/customers?q=adatum".to_owned(),
        format!("/customers/{tenant}"),
    ] {
        let (_, html) = session.get_html(&page).await;
        assert_eq!(
            texts(&html, &format!("code#tenant-{tenant}")),
            std::slice::from_ref(&tenant),
            "{page}"
        );
        assert_eq!(
            attrs(
                &html,
                "button[data-copy-button][hidden]",
                "data-copy-button"
            ),
            [format!("tenant-{tenant}")],
            "{page}"
        );
    }
}
