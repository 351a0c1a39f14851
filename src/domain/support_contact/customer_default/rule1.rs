//! Rule 1 with defaults: the contact of subscriptions about to open, looked up in bulk.

use std::collections::{BTreeMap, HashMap};

use crate::config::EligibilityRule;
use crate::db::DbConn;
use crate::db::ids::{CustomerId, PartnerId};
use crate::db::models::support_default;
use crate::domain::support_contact::eligibility::ineligibility;
use crate::error::AppError;

/// The customers' defaults that new subscriptions take (rule 1): for each (customer, seller) of
/// `new` whose customer has a default for that seller and whose partner is eligible now (rule
/// 2), that partner, keyed by (customer id, seller id); the others open supported by their
/// seller. Per seller, one query for the defaults, and, when there are any, one each for the
/// partnerships and the relationships they depend on, read under shared locks (partnerships
/// first, as every locker does) so that a concurrent change ending that eligibility either
/// waits for this transaction (and then reverts what it opened, rule 3) or is seen here.
pub fn contacts_for_new(
    conn: &mut DbConn,
    rule: EligibilityRule,
    new: &[(&CustomerId, &PartnerId)],
) -> Result<HashMap<(String, String), PartnerId>, AppError> {
    let mut by_seller: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (customer, seller) in new {
        by_seller
            .entry(seller.as_str())
            .or_default()
            .push(customer.as_str());
    }
    let mut out = HashMap::new();
    for (seller, mut customers) in by_seller {
        customers.sort_unstable();
        customers.dedup();
        let seller = PartnerId::from(seller.to_owned());
        let defaults = support_default::for_customers_of_seller(conn, &customers, &seller)?;
        if defaults.is_empty() {
            continue;
        }
        let mut partners: Vec<&str> = defaults.iter().map(|d| d.partner_id.as_str()).collect();
        partners.sort_unstable();
        partners.dedup();
        let mut with_default: Vec<&str> = defaults.iter().map(|d| d.customer_id.as_str()).collect();
        with_default.sort_unstable();
        with_default.dedup();
        let partnerships = support_default::partnerships_for_share(conn, &seller, &partners)?;
        let relationships =
            support_default::relationships_for_share(conn, &with_default, &partners)?;
        for d in &defaults {
            let Some(partnership) = partnerships.iter().find(|p| p.reseller_id == d.partner_id)
            else {
                continue;
            };
            let relationship = relationships
                .iter()
                .find(|r| r.customer_id == d.customer_id && r.partner_id == d.partner_id);
            if ineligibility(partnership, relationship, rule).is_none() {
                out.insert(
                    (d.customer_id.to_string(), seller.to_string()),
                    d.partner_id.clone(),
                );
            }
        }
    }
    Ok(out)
}
