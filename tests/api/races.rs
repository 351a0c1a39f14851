//! Rule 3 under concurrency: an assignment of a reseller racing a change that ends the reseller's
//! eligibility (delegated admin removed, relationship ended, partnership ended) never leaves it as
//! the designated support contact of a subscription it is no longer eligible for, on either
//! backend. Each round brings a reseller and a subscription of its own (no round inherits what
//! another changed), fires the two requests at once from two clients, and runs the invariant
//! checker.

use std::collections::HashSet;

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::models::partner::PartnershipState;
use partnerdesk::db::schema::subscriptions;
use partnerdesk::domain::Role;
use reqwest::StatusCode;

use crate::fixtures::{
    BuiltCustomer, BuiltPartner, CustomerBuilder, PartnerBuilder, Rel, Sub, add_subscription, cast,
};
use crate::helpers::TestApp;
use crate::invariant::ineligible_contacts;

const O365: &str = "Office 365 Business Standard";
/// The Global admin of the customer the rounds race over.
const CUSTOMER_ADMIN: &str = "admin@racing.example";
/// Enough rounds to interleave the two transactions in every order many times; a round takes a
/// few tens of milliseconds.
const ROUNDS: usize = 42;

/// What one round races over: a reseller of Contoso (active partnership) with delegated admin
/// privileges for the customer, and the customer's Office 365 that Contoso sold and supports.
struct Round {
    customer: BuiltCustomer,
    reseller: BuiltPartner,
    subscription: String,
}

impl Round {
    fn build(app: &TestApp, customer: &BuiltCustomer, n: usize) -> Self {
        let reseller = PartnerBuilder::reseller(&format!("Racing Reseller {n}"))
            .partnership(cast::CONTOSO, PartnershipState::Active)
            .relationship(&customer.name, Rel::DelegatedAdmin)
            .build(app);
        let subscription = add_subscription(app, &customer.name, Sub::sold_by(O365, cast::CONTOSO));
        Self {
            customer: customer.clone(),
            reseller,
            subscription,
        }
    }

    fn subscription_path(&self) -> String {
        format!(
            "/customers/{}/subscriptions/{}",
            self.customer.tenant, self.subscription
        )
    }
}

/// Who ends the reseller's eligibility, and where.
struct Removal {
    /// The user who confirms it.
    email: &'static str,
    /// A page of theirs that carries their CSRF token.
    token_page: &'static str,
    /// The confirmation form's address.
    path: fn(&Round) -> String,
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

/// `ROUNDS` times: helpdesk@contoso assigns the round's reseller to the round's subscription
/// while `removal` ends the reseller's eligibility; then no designated support contact may be
/// ineligible.
async fn race(removal: Removal) -> Tally {
    let app = TestApp::spawn().await;
    let customer = CustomerBuilder::new("Racing Customer")
        .relationship(cast::CONTOSO, Rel::DelegatedAdmin)
        .user(CUSTOMER_ADMIN, Role::GlobalAdmin)
        .build(&app);
    app.login("helpdesk@contoso.example").await;
    let assign_token = app.csrf("/customers").await;
    let remover = app.signed_in(removal.email).await;
    let remove_token = remover.csrf(removal.token_page).await;

    let mut tally = Tally::default();
    // Subscriptions left with an ineligible contact by earlier rounds (counted there): they stay
    // so, since no round resets another's rows.
    let mut counted: HashSet<String> = HashSet::new();
    let ineligible = |app: &TestApp| -> HashSet<String> {
        ineligible_contacts(&mut app.conn(), EligibilityRule::DelegatedAdmin)
            .into_iter()
            .collect()
    };
    for n in 0..ROUNDS {
        let round = Round::build(&app, &customer, n);
        assert!(
            ineligible(&app).is_subset(&counted),
            "round {n} starts from a consistent state"
        );
        let removal_path = (removal.path)(&round);
        let path = round.subscription_path();
        let version: i32 = subscriptions::table
            .find(&round.subscription)
            .select(subscriptions::version)
            .first(&mut *app.conn())
            .expect("version");
        let (version, mpn) = (version.to_string(), round.reseller.mpn_text());
        let assign = app.submit_support_contact(&path, &mpn, &version, &assign_token);
        let form = [("csrf_token", remove_token.as_str())];
        // Vary the start so that both orders, and every overlap between, are tried: both at once
        // (either polled first), or the removal a request behind (a GET /healthz first).
        let head_start = n % 3 == 2;
        let remove = async {
            if head_start {
                remover.get("/healthz").await;
            }
            remover.post_form(&removal_path, &form).await
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
            "round {n}: the removal by {} failed",
            removal.email
        );
        match assigned.status() {
            StatusCode::SEE_OTHER => tally.assigned += 1,
            StatusCode::UNPROCESSABLE_ENTITY => tally.refused += 1,
            other => panic!("round {n}: the assignment answered {other}"),
        }
        let after = ineligible(&app);
        if !after.is_subset(&counted) {
            tally.violations += 1;
            counted.extend(after);
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
        email: CUSTOMER_ADMIN,
        token_page: "/admin/partners",
        path: |round| {
            let mpn = round.reseller.mpn;
            format!("/admin/partners/{mpn}/delegated-admin/remove")
        },
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
        path: |round| {
            let (tenant, mpn) = (&round.customer.tenant, round.reseller.mpn);
            format!("/customers/{tenant}/resellers/{mpn}/relationship/remove")
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
        path: |round| format!("/resellers/{}/partnership/remove", round.reseller.mpn),
    })
    .await;
    assert_no_violation("partnership removal", &tally);
}
