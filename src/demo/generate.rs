//! The standard demo's 200 generated customers of Contoso, enough to page through, with
//! relationships to Contoso's three resellers and a few subscriptions each.

use std::collections::HashSet;

use super::cast::{CONTOSO_RESELLERS, Org, PRODUCTS};
use super::names::slug;
use super::plan::{ACTIVE, CustomerPlan, SUSPENDED, SubscriptionSeed, rel};
use super::rng::Rng;
use super::words::{self, STANDARD_WORDS, list};
use crate::db::models::relationship::RelationshipOrigin;

/// How many customers of Contoso the standard demo generates.
pub(super) const STANDARD_CUSTOMERS: usize = 200;

/// The standard demo's seed: the same names, relationships and subscriptions on every machine.
const STANDARD_SEED: u64 = 0x5EED_0FC0_4705_0A11;

/// Well-known fictitious company names, used as they are, before any generated one.
const CLASSIC_NAMES: &[&str] = &[
    "Alpine Ski House",
    "Blue Yonder Airlines",
    "Coho Winery",
    "Fourth Coffee",
    "Lucerne Publishing",
    "Margie's Travel",
    "Wingtip Toys",
    "Wide World Importers",
    "Relecloud",
    "Humongous Insurance",
    "Lamna Healthcare Company",
    "Munson's Pickles and Preserves Farm",
    "Nod Publishers",
    "Southridge Video",
    "Bellows College",
    "Best For You Organics Company",
    "City Power & Light",
    "Consolidated Messenger",
    "Graphic Design Institute",
    "VanArsdel",
    "Adventure Works Cycles",
    "First Up Consultants",
    "Proseware",
    "School of Fine Art",
];

/// `count` distinct (company name, domain) pairs: the classic names first, then root × trade
/// combinations in a shuffled order. Names and domains are unique, and never those of Adatum or
/// Woodgrove.
fn company_names(rng: &mut Rng, count: usize) -> Vec<(String, String)> {
    let roots = &list(words::ROOTS)[..STANDARD_WORDS];
    let trades = &list(words::TRADES)[..STANDARD_WORDS];
    let mut combos: Vec<(usize, usize)> = (0..roots.len())
        .flat_map(|r| (0..trades.len()).map(move |t| (r, t)))
        .collect();
    rng.shuffle(&mut combos);
    let candidates = CLASSIC_NAMES.iter().map(|name| (*name).to_owned()).chain(
        combos
            .into_iter()
            .map(|(r, t)| format!("{} {}", roots[r], trades[t])),
    );

    let mut seen: HashSet<String> = ["adatum", "woodgrove"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut names = Vec::with_capacity(count);
    for name in candidates {
        if names.len() == count {
            break;
        }
        let slug = slug(&name);
        if !slug.is_empty() && seen.insert(slug.clone()) {
            names.push((name, format!("{slug}.onmicrosoft.com")));
        }
    }
    names
}

pub(super) fn standard_customers() -> Vec<CustomerPlan> {
    let mut rng = Rng::seeded(STANDARD_SEED);
    let countries = list(words::COUNTRIES);
    let names = company_names(&mut rng, STANDARD_CUSTOMERS);
    let mut plan = Vec::with_capacity(names.len());
    for (i, (company_name, domain)) in names.into_iter().enumerate() {
        let country = rng.pick(&countries).unwrap_or("US");

        let contoso_origin = if rng.chance(80) {
            RelationshipOrigin::NewCustomer
        } else {
            RelationshipOrigin::Invitation
        };
        let mut relationships = vec![rel(Org::Contoso, rng.chance(90), contoso_origin)];
        if i % 3 == 0 {
            relationships.push(rel(
                Org::Fabrikam,
                rng.chance(80),
                RelationshipOrigin::Invitation,
            ));
        }
        if i % 5 == 1 || i % 7 == 3 {
            relationships.push(rel(
                Org::Trey,
                rng.chance(50),
                RelationshipOrigin::Invitation,
            ));
        }
        if i % 17 == 5 {
            relationships.push(rel(
                Org::Northwind,
                rng.chance(75),
                RelationshipOrigin::Invitation,
            ));
        }
        let resellers: Vec<Org> = relationships
            .iter()
            .filter(|r| CONTOSO_RESELLERS.contains(&r.partner))
            .map(|r| r.partner)
            .collect();
        // Eligible designated support contacts besides Contoso: resellers with delegated admin.
        let eligible: Vec<Org> = relationships
            .iter()
            .filter(|r| CONTOSO_RESELLERS.contains(&r.partner) && r.delegated_admin)
            .map(|r| r.partner)
            .collect();

        let mut products: Vec<usize> = (0..PRODUCTS.len()).collect();
        rng.shuffle(&mut products);
        products.truncate(2 + rng.below(4));
        products.sort_unstable();

        let subscriptions = products
            .into_iter()
            .map(|product| {
                let seats = if rng.chance(25) {
                    1 + rng.below(300)
                } else {
                    1 + rng.below(60)
                };
                let quantity = i32::try_from(seats).unwrap_or(1);
                let status = if rng.chance(12) { SUSPENDED } else { ACTIVE };
                let support = match rng.pick(&eligible) {
                    Some(reseller) if rng.chance(45) => reseller,
                    _ => Org::Contoso,
                };
                let reseller_of_record = if support != Org::Contoso && rng.chance(70) {
                    Some(support)
                } else if rng.chance(30) {
                    rng.pick(&resellers)
                } else {
                    None
                };
                SubscriptionSeed {
                    product,
                    quantity,
                    status,
                    seller: Some(Org::Contoso),
                    reseller_of_record,
                    support_contact: Some(support),
                }
            })
            .collect();

        plan.push(CustomerPlan {
            company_name,
            domain,
            country,
            relationships,
            subscriptions,
        });
    }
    plan
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn generator_gives_200_distinct_names_and_domains() {
        let generated = standard_customers();
        assert_eq!(generated.len(), STANDARD_CUSTOMERS);
        let names: HashSet<&str> = generated.iter().map(|c| c.company_name.as_str()).collect();
        let domains: HashSet<&str> = generated.iter().map(|c| c.domain.as_str()).collect();
        assert_eq!(names.len(), STANDARD_CUSTOMERS);
        assert_eq!(domains.len(), STANDARD_CUSTOMERS);
        for c in &generated {
            let label = c
                .domain
                .strip_suffix(".onmicrosoft.com")
                .unwrap_or_default();
            assert!(
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{}",
                c.domain
            );
            assert!(!c.company_name.contains("Adatum") && !c.company_name.contains("Woodgrove"));
        }
    }

    #[test]
    fn generator_is_deterministic() {
        assert_eq!(standard_customers(), standard_customers());
    }

    #[test]
    fn generated_customers_follow_the_rules() {
        let generated = standard_customers();
        let mut suspended = 0;
        let mut reseller_supported = 0;
        let mut with_reseller_of_record = 0;
        let mut with_fabrikam = 0;
        let mut with_trey = 0;
        let mut with_northwind = 0;
        for c in &generated {
            let orgs: Vec<Org> = c.relationships.iter().map(|r| r.partner).collect();
            assert_eq!(orgs.first(), Some(&Org::Contoso), "{}", c.company_name);
            let distinct: HashSet<usize> = orgs.iter().map(|o| *o as usize).collect();
            assert_eq!(distinct.len(), orgs.len(), "{}", c.company_name);
            with_fabrikam += usize::from(orgs.contains(&Org::Fabrikam));
            with_trey += usize::from(orgs.contains(&Org::Trey));
            with_northwind += usize::from(orgs.contains(&Org::Northwind));

            assert!(
                (2..=5).contains(&c.subscriptions.len()),
                "{}",
                c.company_name
            );
            let products: HashSet<usize> = c.subscriptions.iter().map(|s| s.product).collect();
            assert_eq!(products.len(), c.subscriptions.len(), "{}", c.company_name);
            for s in &c.subscriptions {
                assert!(s.product < PRODUCTS.len());
                assert!((1..=300).contains(&s.quantity));
                assert!(s.status == ACTIVE || s.status == SUSPENDED);
                suspended += usize::from(s.status == SUSPENDED);
                assert_eq!(s.seller, Some(Org::Contoso));
                let support = s.support_contact.unwrap_or(Org::Litware);
                if support != Org::Contoso {
                    reseller_supported += 1;
                    assert!(
                        c.relationships
                            .iter()
                            .any(|r| r.partner == support && r.delegated_admin),
                        "{}: support contact not eligible",
                        c.company_name
                    );
                }
                if let Some(ror) = s.reseller_of_record {
                    with_reseller_of_record += 1;
                    assert!(CONTOSO_RESELLERS.contains(&ror));
                    assert!(
                        orgs.contains(&ror),
                        "{}: reseller of record without relationship",
                        c.company_name
                    );
                }
            }
        }
        assert!(suspended > 0 && reseller_supported > 0 && with_reseller_of_record > 0);
        assert!(with_fabrikam >= 60 && with_trey >= 40 && (5..=20).contains(&with_northwind));
    }
}
