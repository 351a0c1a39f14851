//! Rule 3 for customers' defaults under concurrency (issue 15): setting a reseller as a
//! customer's default support contact for new subscriptions, racing a change that ends the
//! reseller's eligibility, never leaves a default naming an ineligible partner, on either
//! backend. Each round brings a reseller of its own, fires both requests at once, and checks.

use partnerdesk::config::EligibilityRule;
use partnerdesk::db::models::partner::PartnershipState;
use partnerdesk::domain::Role;
use reqwest::StatusCode;

use crate::fixtures::{BuiltCustomer, CustomerBuilder, PartnerBuilder, Rel, cast};
use crate::helpers::TestApp;
use crate::invariant::ineligible_defaults;

/// The Global admin of the customer the rounds race over.
const CUSTOMER_ADMIN: &str = "admin@racing-default.example";
const ROUNDS: usize = 30;
const CONTOSO: &str = "4100001";

/// Who ends the reseller's eligibility, and where.
struct Removal {
    email: &'static str,
    token_page: &'static str,
    path: fn(&BuiltCustomer, i32) -> String,
}

/// `(set, refused)`: how many rounds the default was set first (then cleared by the removal),
/// and how many saw the removal and were refused.
async fn race(removal: Removal) -> (usize, usize) {
    let app = TestApp::spawn().await;
    let customer = CustomerBuilder::new("Racing Default Customer")
        .relationship(cast::CONTOSO, Rel::DelegatedAdmin)
        .user(CUSTOMER_ADMIN, Role::GlobalAdmin)
        .build(&app);
    app.login("helpdesk@contoso.example").await;
    let token = app.csrf("/customers").await;
    let remover = app.signed_in(removal.email).await;
    let remove_token = remover.csrf(removal.token_page).await;
    let path = format!("/customers/{}/support-default", customer.tenant);
    let (mut set, mut refused) = (0, 0);
    for n in 0..ROUNDS {
        let reseller = PartnerBuilder::reseller(&format!("Racing Default Reseller {n}"))
            .partnership(cast::CONTOSO, PartnershipState::Active)
            .relationship(&customer.name, Rel::DelegatedAdmin)
            .build(&app);
        let mpn = reseller.mpn_text();
        // Every round starts from the seller: the last default was cleared or never set.
        let form = [
            ("csrf_token", token.as_str()),
            ("partner", mpn.as_str()),
            ("current", CONTOSO),
        ];
        let assign = app.post_form(&path, &form);
        let removal_path = (removal.path)(&customer, reseller.mpn);
        let remove_form = [("csrf_token", remove_token.as_str())];
        let remove = async {
            if n % 3 == 2 {
                remover.get("/healthz").await;
            }
            remover.post_form(&removal_path, &remove_form).await
        };
        let (assigned, removed) = if n % 3 == 1 {
            let (r, a) = tokio::join!(remove, assign);
            (a, r)
        } else {
            tokio::join!(assign, remove)
        };
        assert_eq!(
            removed.status(),
            StatusCode::SEE_OTHER,
            "round {n}: the removal"
        );
        match assigned.status() {
            StatusCode::SEE_OTHER => set += 1,
            StatusCode::UNPROCESSABLE_ENTITY => refused += 1,
            other => panic!("round {n}: setting the default answered {other}"),
        }
        let bad = ineligible_defaults(&mut app.conn(), EligibilityRule::DelegatedAdmin);
        assert!(
            bad.is_empty(),
            "round {n}: a default names an ineligible partner: {bad:?}"
        );
    }
    (set, refused)
}

#[tokio::test]
async fn setting_a_default_racing_the_removal_of_delegated_admin_never_leaves_an_ineligible_default()
 {
    let tally = race(Removal {
        email: CUSTOMER_ADMIN,
        token_page: "/admin/partners",
        path: |_, mpn| format!("/admin/partners/{mpn}/delegated-admin/remove"),
    })
    .await;
    eprintln!("delegated admin removal: (set, refused) = {tally:?}");
}

#[tokio::test]
async fn setting_a_default_racing_the_end_of_the_relationship_never_leaves_an_ineligible_default() {
    let tally = race(Removal {
        email: "admin@contoso.example",
        token_page: "/customers",
        path: |customer, mpn| {
            format!(
                "/customers/{}/resellers/{mpn}/relationship/remove",
                customer.tenant
            )
        },
    })
    .await;
    eprintln!("relationship removal: (set, refused) = {tally:?}");
}
