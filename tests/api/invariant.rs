//! Rule 3's invariant, checked straight from the tables: every subscription's designated support
//! contact is its seller, or a reseller with an active partnership with the seller and an active
//! relationship with the customer (with delegated admin, unless the rule drops it).

use std::collections::HashSet;

use diesel::prelude::*;
use partnerdesk::config::EligibilityRule;
use partnerdesk::db::DbConn;
use partnerdesk::db::schema::{customer_relationships as rel, partnerships, subscriptions as sub};

/// The subscriptions (ids) whose designated support contact is not eligible.
pub fn ineligible_contacts(conn: &mut DbConn, rule: EligibilityRule) -> Vec<String> {
    let active_partnerships: HashSet<(String, String)> = partnerships::table
        .filter(partnerships::state.eq("active"))
        .select((partnerships::provider_id, partnerships::reseller_id))
        .load(conn)
        .expect("partnerships")
        .into_iter()
        .collect();
    let relationships: Vec<(String, String, bool)> = rel::table
        .filter(rel::state.eq("active"))
        .select((rel::customer_id, rel::partner_id, rel::delegated_admin))
        .load(conn)
        .expect("relationships");
    let qualifying: HashSet<(String, String)> = relationships
        .into_iter()
        .filter(|(_, _, dap)| *dap || rule == EligibilityRule::Relationship)
        .map(|(c, p, _)| (c, p))
        .collect();
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sub::table
        .select((
            sub::id,
            sub::customer_id,
            sub::seller_id,
            sub::support_contact_id,
        ))
        .load(conn)
        .expect("subscriptions");
    rows.into_iter()
        .filter(|(_, customer, seller, contact)| match (seller, contact) {
            (None, None) => false,
            (Some(s), Some(c)) if s == c => false,
            (Some(s), Some(c)) => {
                !(active_partnerships.contains(&(s.clone(), c.clone()))
                    && qualifying.contains(&(customer.clone(), c.clone())))
            }
            _ => true,
        })
        .map(|(id, ..)| id)
        .collect()
}

/// Rule 3 for the customers' defaults (issue 15): the defaults (customer id, seller id) whose
/// partner is not eligible for that customer and seller. A default never names the seller itself
/// (choosing the seller clears it), so it must name a reseller eligible under rule 2.
pub fn ineligible_defaults(conn: &mut DbConn, rule: EligibilityRule) -> Vec<(String, String)> {
    use partnerdesk::db::schema::customer_support_defaults as def;
    let active_partnerships: HashSet<(String, String)> = partnerships::table
        .filter(partnerships::state.eq("active"))
        .select((partnerships::provider_id, partnerships::reseller_id))
        .load(conn)
        .expect("partnerships")
        .into_iter()
        .collect();
    let qualifying: HashSet<(String, String)> = rel::table
        .filter(rel::state.eq("active"))
        .select((rel::customer_id, rel::partner_id, rel::delegated_admin))
        .load::<(String, String, bool)>(conn)
        .expect("relationships")
        .into_iter()
        .filter(|(_, _, dap)| *dap || rule == EligibilityRule::Relationship)
        .map(|(c, p, _)| (c, p))
        .collect();
    def::table
        .select((def::customer_id, def::seller_id, def::partner_id))
        .load::<(String, String, String)>(conn)
        .expect("customer support defaults")
        .into_iter()
        .filter(|(customer, seller, partner)| {
            !(active_partnerships.contains(&(seller.clone(), partner.clone()))
                && qualifying.contains(&(customer.clone(), partner.clone())))
        })
        .map(|(c, s, _)| (c, s))
        .collect()
}
