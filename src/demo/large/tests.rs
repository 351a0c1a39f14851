//! The large demo's generator, without a database: deterministic, unique, eligible, and a history
//! that ends where the subscriptions are.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use super::resellers::{GENERATED_RESELLERS, ResellerPlan};
use super::*;
use crate::db::models::audit::Operation;
use crate::db::models::partner::PartnershipState;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 24)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("a date")
}

/// Ids for the cast's rows, owned here so that [`Links`] can borrow them.
struct Fixture {
    resellers: Vec<ResellerPlan>,
    products: Vec<ProductId>,
    /// Contoso, Fabrikam, Trey, Northwind.
    partners: [PartnerId; 4],
    /// Contoso's Global admin, admin agent, helpdesk agent, sales agent.
    users: [UserId; 4],
}

impl Fixture {
    fn new(rng: &mut Rng) -> Self {
        Self {
            resellers: resellers(rng, now()),
            products: (0..PRODUCTS.len())
                .map(|i| format!("product-{i}").into())
                .collect(),
            partners: ["contoso", "fabrikam", "trey", "northwind"].map(|p| p.to_owned().into()),
            users: ["u-global", "u-admin", "u-helpdesk", "u-sales"].map(|u| u.to_owned().into()),
        }
    }

    fn links(&self) -> Links<'_> {
        let [contoso, fabrikam, trey, northwind] = &self.partners;
        let [global, admin, helpdesk, sales] = &self.users;
        let mut resellers = vec![(fabrikam, true), (trey, true), (northwind, true)];
        resellers.extend(
            self.resellers
                .iter()
                .map(|r| (&r.id, r.partnership_state == PartnershipState::Active)),
        );
        Links {
            now: now(),
            contoso,
            resellers,
            products: self.products.iter().collect(),
            assigners: [global, admin, helpdesk],
            removers: [global, admin, sales],
        }
    }
}

/// `count` customers from the large demo's seed, as owned copies (the fixture is dropped).
fn generate(count: usize, check: impl Fn(&Links<'_>, &[GeneratedCustomer<'_>])) {
    let mut rng = Rng::seeded(LARGE_SEED);
    let fixture = Fixture::new(&mut rng);
    let links = fixture.links();
    let mut customers = Customers::new(rng, &links);
    let generated: Vec<GeneratedCustomer<'_>> =
        (0..count).map(|_| customers.next_customer()).collect();
    check(&links, &generated);
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let draw = || {
        let mut rng = Rng::seeded(LARGE_SEED);
        let fixture = Fixture::new(&mut rng);
        let links = fixture.links();
        let mut customers = Customers::new(rng, &links);
        let generated: Vec<String> = (0..200)
            .map(|_| format!("{:?}", customers.next_customer()))
            .collect();
        (fixture.resellers, generated)
    };
    assert_eq!(draw(), draw());
}

#[test]
fn resellers_are_distinct_with_partner_ids_clear_of_the_cast() {
    let mut rng = Rng::seeded(LARGE_SEED);
    let resellers = resellers(&mut rng, now());
    assert_eq!(resellers.len(), GENERATED_RESELLERS);
    let distinct =
        |f: fn(&ResellerPlan) -> String| resellers.iter().map(f).collect::<HashSet<String>>().len();
    assert_eq!(distinct(|r| r.name.name.clone()), resellers.len());
    assert_eq!(distinct(|r| r.mpn_id.to_string()), resellers.len());
    assert_eq!(distinct(|r| r.tenant_id.to_string()), resellers.len());
    assert_eq!(distinct(|r| r.id.to_string()), resellers.len());
    for r in &resellers {
        assert!((100_000..=9_999_999).contains(&r.mpn_id), "{r:?}");
        assert!(!(4_100_000..=4_399_999).contains(&r.mpn_id), "{r:?}");
        assert!(r.support_email.starts_with("support@") && r.support_phone.starts_with('+'));
        assert!(r.created_at < now());
    }
    let pending = resellers
        .iter()
        .filter(|r| r.partnership_state == PartnershipState::Pending)
        .count();
    assert!((1..30).contains(&pending), "{pending} pending partnerships");
}

#[test]
fn customers_are_distinct() {
    generate(3_000, |_, generated| {
        let mut seen = HashSet::new();
        for c in generated {
            for key in [
                format!("name {}", c.customer.name.name),
                format!("domain {}", c.customer.domain),
                format!("tenant {}", c.customer.tenant_id),
                format!("id {}", c.customer.id),
            ] {
                assert!(seen.insert(key.clone()), "{key} twice");
            }
            for id in c.relationships.iter().map(|r| &r.id) {
                assert!(seen.insert(format!("id {id}")), "relationship {id} twice");
            }
            for id in c.subscriptions.iter().map(|s| &s.id) {
                assert!(seen.insert(format!("id {id}")), "subscription {id} twice");
            }
            for id in c.events.iter().map(|e| &e.id) {
                assert!(seen.insert(format!("id {id}")), "event {id} twice");
            }
            let partners: HashSet<&PartnerId> = c.relationships.iter().map(|r| r.partner).collect();
            assert_eq!(partners.len(), c.relationships.len(), "{:?}", c.customer);
            let products: HashSet<&ProductId> = c.subscriptions.iter().map(|s| s.product).collect();
            assert_eq!(products.len(), c.subscriptions.len(), "{:?}", c.customer);
        }
    });
}

/// Rule 2 with delegated admin, from the rows alone.
#[test]
fn support_contacts_and_resellers_of_record_are_eligible() {
    generate(3_000, |links, generated| {
        let active_partnership: HashMap<&PartnerId, bool> =
            links.resellers.iter().copied().collect();
        for c in generated {
            let relationship = |partner: &PartnerId| {
                c.relationships
                    .iter()
                    .find(|r| r.partner == partner && r.state == RelationshipState::Active)
            };
            assert_eq!(c.relationships[0].partner, links.contoso);
            for s in &c.subscriptions {
                if s.support_contact != links.contoso {
                    let eligible = active_partnership.get(s.support_contact) == Some(&true)
                        && relationship(s.support_contact).is_some_and(|r| r.delegated_admin);
                    assert!(eligible, "{:?}: {s:?}", c.customer.name);
                }
                if let Some(ror) = s.reseller_of_record {
                    assert!(relationship(ror).is_some(), "{:?}: {s:?}", c.customer.name);
                }
            }
        }
    });
}

#[test]
fn each_history_ends_where_its_subscriptions_are() {
    generate(3_000, |links, generated| {
        let year_ago = links.now - TimeDelta::seconds(YEAR);
        for c in generated {
            let name = &c.customer.name.name;
            for e in &c.events {
                assert!(
                    e.occurred_at > year_ago && e.occurred_at < links.now,
                    "{name}"
                );
            }
            for (i, s) in c.subscriptions.iter().enumerate() {
                let mut changes: Vec<&EventRow<'_>> = c
                    .events
                    .iter()
                    .filter(|e| e.subscription == Some(i))
                    .collect();
                changes.sort_by_key(|e| e.occurred_at);
                assert_eq!(s.version as usize, 1 + changes.len(), "{name}");
                let mut contact = links.contoso.as_str();
                for e in &changes {
                    assert_eq!(e.old, contact, "{name}: a change from where it was");
                    assert_ne!(e.new, e.old, "{name}");
                    contact = e.new;
                }
                assert_eq!(contact, s.support_contact.as_str(), "{name}");
                let last = changes.last().map_or(s.created_at, |e| e.occurred_at);
                assert_eq!(s.updated_at, last, "{name}");
                assert!(s.created_at < year_ago, "{name}");
            }
            // Every removed relationship has its event, at its time, and its reverts with it.
            for r in c
                .relationships
                .iter()
                .filter(|r| r.state == RelationshipState::Removed)
            {
                let removal = c.events.iter().find(|e| {
                    e.operation == Operation::RelationshipRemoved && e.subject == r.partner
                });
                assert_eq!(removal.map(|e| e.occurred_at), Some(r.updated_at), "{name}");
                assert!(!r.delegated_admin);
            }
            for e in &c.events {
                if e.operation == Operation::SupportContactReverted {
                    assert_eq!((e.new, e.subject), (links.contoso.as_str(), links.contoso));
                    let removed = c.relationships.iter().find(|r| r.partner.as_str() == e.old);
                    assert_eq!(
                        removed.map(|r| r.state),
                        Some(RelationshipState::Removed),
                        "{name}"
                    );
                    assert_eq!(removed.map(|r| r.updated_at), Some(e.occurred_at));
                }
                if e.operation == Operation::SupportContactAssigned {
                    let Actor::Contoso { user } = e.actor else {
                        panic!("{name}: an assignment by the customer");
                    };
                    assert!(links.assigners.contains(&user));
                    let gainer = if e.new == links.contoso.as_str() {
                        e.old
                    } else {
                        e.new
                    };
                    assert_eq!(e.subject.as_str(), gainer);
                }
            }
        }
    });
}

#[test]
fn sizes_are_about_as_asked() {
    generate(3_000, |links, generated| {
        let n = generated.len() as f64;
        let sum = |f: fn(&GeneratedCustomer<'_>) -> usize| {
            generated.iter().map(f).sum::<usize>() as f64 / n
        };
        let subscriptions = sum(|c| c.subscriptions.len());
        let events = sum(|c| c.events.len());
        let relationships = sum(|c| c.relationships.len());
        assert!((7.5..8.5).contains(&subscriptions), "{subscriptions}");
        assert!((9.0..11.0).contains(&events), "{events} events a customer");
        assert!((2.3..2.9).contains(&relationships), "{relationships}");

        let subs = || generated.iter().flat_map(|c| &c.subscriptions);
        let rels = || generated.iter().flat_map(|c| &c.relationships);
        let reseller_supported = subs()
            .filter(|s| s.support_contact != links.contoso)
            .count();
        let suspended = subs().filter(|s| s.status == SUSPENDED).count();
        let of_record = subs().filter(|s| s.reseller_of_record.is_some()).count();
        let removed = rels()
            .filter(|r| r.state == RelationshipState::Removed)
            .count();
        let without_dap = rels()
            .filter(|r| r.state == RelationshipState::Active && !r.delegated_admin)
            .count();
        let polish = generated
            .iter()
            .filter(|c| c.customer.name.country == "PL")
            .count();
        let total = subs().count();
        assert!(reseller_supported * 8 > total && reseller_supported * 3 < total);
        assert!(suspended * 20 > total && suspended * 6 < total);
        assert!(of_record * 8 > total);
        assert!(removed > 50 && without_dap > 500 && polish > 500);
        let resellers: HashSet<&PartnerId> = rels().map(|r| r.partner).collect();
        assert!(
            resellers.len() > 250,
            "{} resellers in use",
            resellers.len()
        );
    });
}
