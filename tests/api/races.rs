//! Rule 3 under concurrency: an assignment of a reseller racing a change that ends the reseller's
//! eligibility (delegated admin removed, relationship ended, partnership ended) never leaves it as
//! the designated support contact of a subscription it is no longer eligible for, on either
//! backend. Each round resets the state, fires the two requests at once from two clients, and
//! runs the invariant checker.

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::schema::{customer_relationships as rel, partnerships, subscriptions as sub};
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::invariant::ineligible_contacts;

const ADATUM: &str = "Adatum Corporation";
const O365: &str = "Office 365 Business Standard";
const CONTOSO: i32 = 4_100_001;
const FABRIKAM: i32 = 4_200_001;
/// Enough rounds to interleave the two transactions in every order many times; a round takes a
/// few tens of milliseconds.
const ROUNDS: usize = 42;

/// Who ends Fabrikam's eligibility, and where.
struct Removal {
    /// The user who confirms it.
    email: &'static str,
    /// A page of theirs that carries their CSRF token.
    token_page: &'static str,
    /// The confirmation form's address.
    path: fn(&TestApp) -> String,
}

/// What the rounds did.
#[derive(Debug, Default)]
struct Tally {
    /// The assignment committed first (and the removal then reverted it).
    assigned: usize,
    /// The assignment saw the removal and was refused.
    refused: usize,
    /// Rounds after which some designated support contact was ineligible.
    violations: usize,
}

/// Fabrikam eligible again for Adatum's Contoso subscriptions (active partnership, active
/// relationship with delegated admin), and Office 365 supported by its seller.
fn reset(app: &TestApp) {
    let adatum = app.customer_id_of(ADATUM);
    let contoso = app.partner_id_of(CONTOSO);
    let fabrikam = app.partner_id_of(FABRIKAM);
    let subscription = app.subscription_of(ADATUM, O365);
    let mut conn = app.conn();
    diesel::update(
        rel::table
            .filter(rel::customer_id.eq(&adatum))
            .filter(rel::partner_id.eq(&fabrikam)),
    )
    .set((rel::state.eq("active"), rel::delegated_admin.eq(true)))
    .execute(&mut *conn)
    .expect("reset relationship");
    diesel::update(
        partnerships::table
            .filter(partnerships::provider_id.eq(&contoso))
            .filter(partnerships::reseller_id.eq(&fabrikam)),
    )
    .set(partnerships::state.eq("active"))
    .execute(&mut *conn)
    .expect("reset partnership");
    diesel::update(sub::table.find(&subscription))
        .set(sub::support_contact_id.eq(&contoso))
        .execute(&mut *conn)
        .expect("reset subscription");
}

/// `ROUNDS` times: helpdesk@contoso assigns Fabrikam to Adatum's Office 365 while `removal`
/// ends Fabrikam's eligibility; then no designated support contact may be ineligible.
async fn race(removal: Removal) -> Tally {
    let app = TestApp::spawn().await;
    app.login("helpdesk@contoso.example").await;
    let assign_token = app.csrf("/customers").await;
    let remover = app.new_session();
    remover.login(removal.email).await;
    let remove_token = remover.csrf(removal.token_page).await;
    let removal_path = (removal.path)(&app);
    let path = app.subscription_path(ADATUM, O365);

    let mut tally = Tally::default();
    for round in 0..ROUNDS {
        reset(&app);
        assert!(
            ineligible_contacts(&mut app.conn(), EligibilityRule::DelegatedAdmin).is_empty(),
            "round {round} starts from a consistent state"
        );
        let version = app.support_contact(ADATUM, O365).1.to_string();
        let assign = app.submit_support_contact(&path, "4200001", &version, &assign_token);
        let form = [("csrf_token", remove_token.as_str())];
        // Vary the start so that both orders, and every overlap between, are tried: both at once
        // (either polled first), or the removal a request behind (a GET /healthz first).
        let head_start = round % 3 == 2;
        let remove = async {
            if head_start {
                remover.get("/healthz").await;
            }
            remover.post_form(&removal_path, &form).await
        };
        let (assigned, removed) = if round % 3 == 1 {
            let (r, a) = tokio::join!(remove, assign);
            (a, r)
        } else {
            tokio::join!(assign, remove)
        };
        assert_eq!(
            removed.status(),
            StatusCode::SEE_OTHER,
            "round {round}: the removal by {} failed",
            removal.email
        );
        match assigned.status() {
            StatusCode::SEE_OTHER => tally.assigned += 1,
            StatusCode::UNPROCESSABLE_ENTITY => tally.refused += 1,
            other => panic!("round {round}: the assignment answered {other}"),
        }
        if !ineligible_contacts(&mut app.conn(), EligibilityRule::DelegatedAdmin).is_empty() {
            tally.violations += 1;
        }
    }
    tally
}

fn assert_no_violation(what: &str, tally: &Tally) {
    eprintln!("{what}: {tally:?}");
    assert_eq!(
        tally.violations, 0,
        "{what}: an ineligible designated support contact after {} of {ROUNDS} rounds ({tally:?})",
        tally.violations
    );
}

#[tokio::test]
async fn an_assignment_racing_the_removal_of_delegated_admin_never_leaves_an_ineligible_contact() {
    let tally = race(Removal {
        email: "admin@adatum.example",
        token_page: "/admin/partners",
        path: |_| "/admin/partners/4200001/delegated-admin/remove".to_owned(),
    })
    .await;
    assert_no_violation("delegated admin removal", &tally);
}

#[tokio::test]
async fn an_assignment_racing_the_end_of_the_resellers_relationship_never_leaves_an_ineligible_contact()
 {
    let tally = race(Removal {
        email: "admin@contoso.example",
        token_page: "/customers",
        path: |app| {
            let tenant = app.tenant_of(ADATUM);
            format!("/customers/{tenant}/resellers/4200001/relationship/remove")
        },
    })
    .await;
    assert_no_violation("relationship removal", &tally);
}

#[tokio::test]
async fn an_assignment_racing_the_end_of_the_partnership_never_leaves_an_ineligible_contact() {
    let tally = race(Removal {
        email: "globaladmin@contoso.example",
        token_page: "/resellers",
        path: |_| "/resellers/4200001/partnership/remove".to_owned(),
    })
    .await;
    assert_no_violation("partnership removal", &tally);
}
