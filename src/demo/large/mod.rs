//! The large demo (`--customers N`): [`resellers::GENERATED_RESELLERS`] resellers of Contoso
//! (300 with the cast's three) and N generated customers of Contoso, each with relationships to
//! Contoso and to 0-3 resellers, about 8 subscriptions and about 10 audit events ([`history`]).
//! Customers come one at a time, so that the loader holds only a chunk of them in memory.

mod history;
mod resellers;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use chrono::{NaiveDateTime, TimeDelta};

pub(super) use history::{Actor, EventRow};
pub(super) use resellers::resellers;

use super::cast::PRODUCTS;
use super::names::{CompanyName, NameBook};
use super::plan::{ACTIVE, SUSPENDED};
use super::rng::Rng;
use crate::db::ids::{
    CustomerId, PartnerId, ProductId, RelationshipId, SubscriptionId, TenantId, UserId,
};
use crate::db::models::relationship::{RelationshipOrigin, RelationshipState};
use crate::db::models::subscription::SubscriptionStatus;

/// The most customers `--customers` takes.
pub const MAX_GENERATED_CUSTOMERS: usize = 1_000_000;

/// The large demo's seed: the same resellers, customers and history on every machine.
pub(super) const LARGE_SEED: u64 = 0x0C05_0D15_7B1C_0012;

pub(super) const YEAR: i64 = 365 * 24 * 3600;

/// What generated customers link to: rows of the cast, by id.
pub(super) struct Links<'a> {
    /// The instant the data is generated at: every date lies before it.
    pub(super) now: NaiveDateTime,
    pub(super) contoso: &'a PartnerId,
    /// Contoso's resellers (the cast's three first), and whether the partnership is active.
    pub(super) resellers: Vec<(&'a PartnerId, bool)>,
    /// The ids of [`PRODUCTS`], in its order.
    pub(super) products: Vec<&'a ProductId>,
    /// Contoso's users who assign support contacts: Global admin, admin agent, helpdesk agent.
    pub(super) assigners: [&'a UserId; 3],
    /// Contoso's users who remove relationships: Global admin, admin agent, sales agent.
    pub(super) removers: [&'a UserId; 3],
}

/// A time in `(from, to]` (`from` plus one second when `to` is not later).
pub(super) fn time_between(rng: &mut Rng, from: NaiveDateTime, to: NaiveDateTime) -> NaiveDateTime {
    let span = (to - from).num_seconds().max(1) as usize;
    from + TimeDelta::seconds(1 + rng.below(span) as i64)
}

fn seconds(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

/// A generated customer's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CustomerRow {
    pub(super) id: CustomerId,
    pub(super) tenant_id: TenantId,
    pub(super) name: CompanyName,
    /// `<label>.onmicrosoft.com`.
    pub(super) domain: String,
    pub(super) created_at: NaiveDateTime,
}

/// A relationship of a generated customer (its customer is the one it comes with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RelationshipRow<'a> {
    pub(super) id: RelationshipId,
    pub(super) partner: &'a PartnerId,
    pub(super) state: RelationshipState,
    pub(super) delegated_admin: bool,
    pub(super) origin: RelationshipOrigin,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

/// A subscription of a generated customer, sold by Contoso.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SubscriptionRow<'a> {
    pub(super) id: SubscriptionId,
    pub(super) product: &'a ProductId,
    pub(super) quantity: i32,
    pub(super) status: SubscriptionStatus,
    pub(super) reseller_of_record: Option<&'a PartnerId>,
    /// Contoso, or a reseller eligible under rule 2 with delegated admin.
    pub(super) support_contact: &'a PartnerId,
    /// One more than the support contact changes in the customer's history.
    pub(super) version: i32,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

/// A customer's relationship with a reseller, with what its history needs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tie<'a> {
    pub(super) reseller: &'a PartnerId,
    pub(super) partnership_active: bool,
    pub(super) created_at: NaiveDateTime,
    /// Delegated admin granted when the customer accepted the invitation.
    pub(super) delegated_admin: bool,
    /// When Contoso ended the relationship, if it did.
    pub(super) removed_at: Option<NaiveDateTime>,
}

impl Tie<'_> {
    /// Eligible as designated support contact now (rule 2, with delegated admin).
    pub(super) fn eligible_now(&self) -> bool {
        self.partnership_active && self.delegated_admin && self.removed_at.is_none()
    }
}

/// A generated customer with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GeneratedCustomer<'a> {
    pub(super) customer: CustomerRow,
    pub(super) relationships: Vec<RelationshipRow<'a>>,
    pub(super) subscriptions: Vec<SubscriptionRow<'a>>,
    pub(super) events: Vec<EventRow<'a>>,
}

/// Generates customers of Contoso, one at a time.
pub(super) struct Customers<'a> {
    rng: Rng,
    links: &'a Links<'a>,
    names: NameBook,
}

impl<'a> Customers<'a> {
    /// Customers drawn from `rng`, linked to `links`.
    pub(super) fn new(rng: Rng, links: &'a Links<'a>) -> Self {
        Self {
            rng,
            links,
            names: NameBook::new(&["adatum", "woodgrove"]),
        }
    }

    /// The next customer.
    pub(super) fn next_customer(&mut self) -> GeneratedCustomer<'a> {
        let links = self.links;
        let now = links.now;
        let window_start = now - seconds(YEAR);
        let name = self.names.customer(&mut self.rng);
        let rng = &mut self.rng;
        let customer = CustomerRow {
            id: rng.ordered_uuid().into(),
            tenant_id: rng.uuid().into(),
            domain: format!("{}.onmicrosoft.com", name.label),
            name,
            created_at: window_start - seconds(rng.below(2 * YEAR as usize) as i64),
        };

        let resellers = match rng.below(100) {
            0..=9 => 0,
            10..=49 => 1,
            50..=89 => 2,
            _ => 3,
        };
        let mut ties: Vec<Tie<'a>> = Vec::with_capacity(resellers);
        let mut attempts = 0;
        while ties.len() < resellers && attempts < 4 * resellers {
            attempts += 1;
            let drawn = rng.skewed_below(links.resellers.len());
            let Some(&(reseller, partnership_active)) = links.resellers.get(drawn) else {
                break;
            };
            if ties.iter().any(|t| t.reseller == reseller) {
                continue;
            }
            let created_at = window_start + seconds(rng.below(YEAR as usize / 2) as i64);
            let delegated_admin = rng.chance(70);
            let removed_at = rng.chance(6).then(|| {
                let latest = created_at + (now - created_at) / 2;
                time_between(rng, created_at + seconds(3600), latest)
            });
            ties.push(Tie {
                reseller,
                partnership_active,
                created_at,
                delegated_admin,
                removed_at,
            });
        }

        let mut subscriptions = subscriptions(rng, links, &customer, &ties);
        let events = history::write(rng, links, &ties, &mut subscriptions);

        let mut relationships = vec![RelationshipRow {
            id: rng.ordered_uuid().into(),
            partner: links.contoso,
            state: RelationshipState::Active,
            delegated_admin: rng.chance(90),
            origin: if rng.chance(85) {
                RelationshipOrigin::NewCustomer
            } else {
                RelationshipOrigin::Invitation
            },
            created_at: customer.created_at,
            updated_at: customer.created_at,
        }];
        relationships.extend(ties.iter().map(|t| RelationshipRow {
            id: rng.ordered_uuid().into(),
            partner: t.reseller,
            state: if t.removed_at.is_some() {
                RelationshipState::Removed
            } else {
                RelationshipState::Active
            },
            // Removing a relationship withdraws delegated admin with it.
            delegated_admin: t.delegated_admin && t.removed_at.is_none(),
            origin: RelationshipOrigin::Invitation,
            created_at: t.created_at,
            updated_at: t.removed_at.unwrap_or(t.created_at),
        }));
        GeneratedCustomer {
            customer,
            relationships,
            subscriptions,
            events,
        }
    }
}

/// 5 to 11 subscriptions (8 on average) of distinct products, sold by Contoso before the year
/// of history; their support contacts are the end of that history.
fn subscriptions<'a>(
    rng: &mut Rng,
    links: &Links<'a>,
    customer: &CustomerRow,
    ties: &[Tie<'a>],
) -> Vec<SubscriptionRow<'a>> {
    let eligible: Vec<&'a PartnerId> = ties
        .iter()
        .filter(|t| t.eligible_now())
        .map(|t| t.reseller)
        .collect();
    let of_record: Vec<&'a PartnerId> = ties
        .iter()
        .filter(|t| t.partnership_active && t.removed_at.is_none())
        .map(|t| t.reseller)
        .collect();
    let mut products: Vec<usize> = (0..PRODUCTS.len()).collect();
    rng.shuffle(&mut products);
    products.truncate(rng.between(5, 11));
    products.sort_unstable();
    let history_starts = links.now - seconds(YEAR);
    products
        .into_iter()
        .filter_map(|product| {
            let product = links.products.get(product).copied()?;
            let seats = if rng.chance(25) {
                1 + rng.below(300)
            } else {
                1 + rng.below(60)
            };
            let support_contact = match rng.pick(&eligible) {
                Some(reseller) if rng.chance(40) => reseller,
                _ => links.contoso,
            };
            let reseller_of_record = if support_contact != links.contoso && rng.chance(70) {
                Some(support_contact)
            } else if rng.chance(30) {
                rng.pick(&of_record)
            } else {
                None
            };
            let created_at = time_between(rng, customer.created_at, history_starts);
            Some(SubscriptionRow {
                id: rng.ordered_uuid().into(),
                product,
                quantity: i32::try_from(seats).unwrap_or(1),
                status: if rng.chance(10) { SUSPENDED } else { ACTIVE },
                reseller_of_record,
                support_contact,
                version: 1,
                created_at,
                updated_at: created_at,
            })
        })
        .collect()
}
