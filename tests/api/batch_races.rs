//! Rule 3 under concurrency for bulk assignment: a batch's confirmation racing a change that ends
//! the chosen reseller's eligibility (delegated admin removed, relationship ended, partnership
//! ended) never leaves the reseller as the designated support contact of a subscription it is no
//! longer eligible for, on either backend. Each round brings a reseller and two subscriptions of
//! its own, previews a batch of both with the reseller, fires the confirmation and the removal at
//! once from two clients, and runs the invariant checker.

use std::collections::HashSet;

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::models::partner::PartnershipState;
use partnerdesk::db::schema::audit_events;
use partnerdesk::domain::Role;
use reqwest::StatusCode;

use crate::batches::post_selection;
use crate::fixtures::{CustomerBuilder, PartnerBuilder, Rel, Sub, add_subscription, cast};
use crate::helpers::{TestApp, csrf_token, location};
use crate::invariant::ineligible_contacts;

const CUSTOMER_ADMIN: &str = "admin@batchracing.example";
const ROUNDS: usize = 30;

/// Who ends the reseller's eligibility, and where.
struct Removal {
    email: &'static str,
    token_page: &'static str,
    path: fn(tenant: &str, mpn: i32) -> String,
}

#[derive(Debug, Default)]
struct Tally {
    /// The confirmation committed first (the removal then reverted what it assigned).
    assigned: usize,
    /// The confirmation saw the removal and refused the rows.
    refused: usize,
    violations: usize,
}

async fn race(removal: Removal) -> Tally {
    let app = TestApp::spawn().await;
    let customer = CustomerBuilder::new("Batch Racing Customer")
        .relationship(cast::CONTOSO, Rel::DelegatedAdmin)
        .user(CUSTOMER_ADMIN, Role::GlobalAdmin)
        .build(&app);
    app.login("helpdesk@contoso.example").await;
    let remover = app.signed_in(removal.email).await;
    let remove_token = remover.csrf(removal.token_page).await;
    let ineligible = |app: &TestApp| -> HashSet<String> {
        ineligible_contacts(&mut app.conn(), EligibilityRule::DelegatedAdmin)
            .into_iter()
            .collect()
    };
    let mut counted: HashSet<String> = HashSet::new();
    let mut tally = Tally::default();
    for n in 0..ROUNDS {
        let reseller = PartnerBuilder::reseller(&format!("Batch Racing Reseller {n}"))
            .partnership(cast::CONTOSO, PartnershipState::Active)
            .relationship(&customer.name, Rel::DelegatedAdmin)
            .build(&app);
        let subs: Vec<String> = ["Office 365 Business Standard", "Microsoft 365 E3"]
            .iter()
            .map(|product| {
                add_subscription(&app, &customer.name, Sub::sold_by(product, cast::CONTOSO))
            })
            .collect();
        let ids: Vec<&str> = subs.iter().map(String::as_str).collect();
        let mpn = reseller.mpn_text();
        let r = post_selection(&app, &ids, &[("partner", &mpn)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let batch = location(&r);
        let (_, html) = app.get_html(&batch).await;
        let token = csrf_token(&html);
        let confirm_path = format!("{batch}/confirm");
        let confirm_form = [("csrf_token", token.as_str())];
        let removal_path = (removal.path)(&customer.tenant, reseller.mpn);
        let remove_form = [("csrf_token", remove_token.as_str())];
        let confirm = app.post_form(&confirm_path, &confirm_form);
        let head_start = n % 3 == 2;
        let remove = async {
            if head_start {
                remover.get("/healthz").await;
            }
            remover.post_form(&removal_path, &remove_form).await
        };
        let (confirmed, removed) = if n % 3 == 1 {
            let (r, c) = tokio::join!(remove, confirm);
            (c, r)
        } else {
            tokio::join!(confirm, remove)
        };
        assert_eq!(
            removed.status(),
            StatusCode::SEE_OTHER,
            "round {n}: removal"
        );
        assert_eq!(
            confirmed.status(),
            StatusCode::SEE_OTHER,
            "round {n}: confirmation"
        );
        let id = batch.rsplit('/').next().unwrap_or_default().to_owned();
        let events: i64 = audit_events::table
            .filter(audit_events::batch_id.eq(id))
            .count()
            .get_result(&mut *app.conn())
            .expect("count");
        if events > 0 {
            tally.assigned += 1;
        } else {
            tally.refused += 1;
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
async fn a_batch_confirmation_racing_the_removal_of_delegated_admin_never_leaves_an_ineligible_contact()
 {
    let tally = race(Removal {
        email: CUSTOMER_ADMIN,
        token_page: "/admin/partners",
        path: |_, mpn| format!("/admin/partners/{mpn}/delegated-admin/remove"),
    })
    .await;
    assert_no_violation("delegated admin removal", &tally);
}

#[tokio::test]
async fn a_batch_confirmation_racing_the_end_of_the_resellers_relationship_never_leaves_an_ineligible_contact()
 {
    let tally = race(Removal {
        email: "admin@contoso.example",
        token_page: "/customers",
        path: |tenant, mpn| format!("/customers/{tenant}/resellers/{mpn}/relationship/remove"),
    })
    .await;
    assert_no_violation("relationship removal", &tally);
}

#[tokio::test]
async fn a_batch_confirmation_racing_the_end_of_the_partnership_never_leaves_an_ineligible_contact()
{
    let tally = race(Removal {
        email: "globaladmin@contoso.example",
        token_page: "/resellers",
        path: |_, mpn| format!("/resellers/{mpn}/partnership/remove"),
    })
    .await;
    assert_no_violation("partnership removal", &tally);
}
