//! The large demo's resellers of Contoso: names, PartnerIDs, tenant ids and support profiles.

use chrono::NaiveDateTime;

use super::{YEAR, seconds};
use crate::db::ids::{PartnerId, PartnershipId, TenantId};
use crate::db::models::partner::PartnershipState;
use crate::demo::names::{CompanyName, NameBook};
use crate::demo::rng::Rng;
use crate::demo::words::{self, list};

/// Generated resellers of Contoso: with Fabrikam, Trey Research and Northwind IT, 300.
pub(in crate::demo) const GENERATED_RESELLERS: usize = 297;

/// A generated reseller of Contoso.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::demo) struct ResellerPlan {
    pub(in crate::demo) id: PartnerId,
    pub(in crate::demo) name: CompanyName,
    pub(in crate::demo) mpn_id: i32,
    pub(in crate::demo) tenant_id: TenantId,
    pub(in crate::demo) support_email: String,
    pub(in crate::demo) support_phone: String,
    pub(in crate::demo) support_website: String,
    pub(in crate::demo) support_hours: &'static str,
    pub(in crate::demo) partnership_id: PartnershipId,
    /// Mostly active; a few pending (not eligible, rule 2a).
    pub(in crate::demo) partnership_state: PartnershipState,
    pub(in crate::demo) created_at: NaiveDateTime,
}

/// PartnerIDs the cast uses, and the range around them that generated ones keep out of.
const CAST_MPN_RANGE: std::ops::RangeInclusive<usize> = 4_100_000..=4_399_999;

/// Contoso's generated resellers, with unique names, PartnerIDs and tenant ids.
pub(in crate::demo) fn resellers(rng: &mut Rng, now: NaiveDateTime) -> Vec<ResellerPlan> {
    let mut names = NameBook::new(&[
        "Contoso Distribution",
        "Fabrikam Solutions",
        "Trey Research",
        "Northwind IT",
        "Litware Distribution",
        "Tailspin Direct",
    ]);
    let hours = list(words::SUPPORT_HOURS);
    let mut mpn_ids = std::collections::HashSet::new();
    (0..GENERATED_RESELLERS)
        .map(|_| {
            let name = names.reseller(rng);
            let mpn = loop {
                let candidate = rng.between(100_000, 9_999_999);
                if !CAST_MPN_RANGE.contains(&candidate) && mpn_ids.insert(candidate) {
                    break candidate;
                }
            };
            let label = name.label.clone();
            ResellerPlan {
                id: rng.uuid().into(),
                mpn_id: i32::try_from(mpn).unwrap_or(9_999_999),
                tenant_id: rng.uuid().into(),
                support_email: format!("support@{label}.example"),
                support_phone: phone(rng, name.country),
                support_website: format!("https://support.{label}.example"),
                support_hours: rng.pick(&hours).unwrap_or("24/7, every day"),
                partnership_id: rng.uuid().into(),
                partnership_state: if rng.chance(3) {
                    PartnershipState::Pending
                } else {
                    PartnershipState::Active
                },
                created_at: now - seconds(2 * YEAR + rng.below(5 * YEAR as usize) as i64),
                name,
            }
        })
        .collect()
}

/// A support phone number in a range kept for fiction or drama where the country has one.
fn phone(rng: &mut Rng, country: &str) -> String {
    let n = rng.below(100);
    let m = rng.below(10_000);
    match country {
        "PL" => format!("+48 22 {:03} {:02} {:02}", 100 + rng.below(900), n, m % 100),
        "US" | "CA" => format!("+1 {} 555 01{n:02}", 201 + rng.below(780)),
        "GB" => format!("+44 20 7946 0{:03}", m % 1000),
        "IE" => format!("+353 1 555 {m:04}"),
        "DE" => format!("+49 30 555 {m:04}"),
        "FR" => format!("+33 1 55 55 {n:02} {:02}", m % 100),
        "NL" => format!("+31 20 555 {m:04}"),
        "SE" => format!("+46 8 555 {m:04}"),
        "ES" => format!("+34 91 555 {m:04}"),
        _ => format!("+61 2 5550 {m:04}"),
    }
}
