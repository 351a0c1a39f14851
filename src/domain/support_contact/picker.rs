//! The designated support contact form's list, bounded: every eligible partner (the seller first),
//! and of the ineligible resellers those matching the search, at most [`INELIGIBLE_SHOWN`], so
//! that a provider with 300 resellers gets a page of the same size as one with three.

use super::Candidate;
use crate::db::ids::MpnId;
use crate::db::models::customer::fold_case;

/// Most ineligible resellers the form lists (with their reason and fix); the others are counted
/// and found by searching.
pub const INELIGIBLE_SHOWN: usize = 10;

/// Longest search text accepted by the form's search box (`?find=`).
pub const MAX_FIND_LEN: usize = 100;

/// What the form lists for a search.
#[derive(Debug, Clone)]
pub struct Picker {
    /// The search text (trimmed; empty: none).
    pub find: String,
    /// The eligible partners matching the search (the seller first, then resellers by name).
    pub eligible: Vec<Candidate>,
    /// Eligible partners the search left out.
    pub eligible_hidden: usize,
    /// The ineligible resellers listed (matching the search, at most [`INELIGIBLE_SHOWN`]).
    pub ineligible: Vec<Candidate>,
    /// Ineligible resellers matching the search but not listed.
    pub ineligible_more: usize,
    /// Ineligible resellers the search left out.
    pub ineligible_hidden: usize,
}

impl Picker {
    /// The list for `candidates` (as [`super::candidates`] orders them) and the search text.
    /// The current contact and `keep` (the partner chosen in a refused submit) are always listed,
    /// so that the checked radio button is on the page.
    pub fn new(
        candidates: &[Candidate],
        find: &str,
        current: Option<MpnId>,
        keep: Option<MpnId>,
    ) -> Self {
        let find = find.trim().to_owned();
        let needle = fold_case(&find);
        let matches = |c: &Candidate| {
            needle.is_empty()
                || fold_case(&c.partner.name).contains(&needle)
                || c.partner.mpn_id.to_string().contains(&needle)
        };
        let pinned = |c: &Candidate| {
            let mpn = Some(c.partner.mpn_id);
            mpn == current || mpn == keep
        };
        let mut picker = Self {
            find,
            eligible: Vec::new(),
            eligible_hidden: 0,
            ineligible: Vec::new(),
            ineligible_more: 0,
            ineligible_hidden: 0,
        };
        for c in candidates {
            let shown = matches(c) || pinned(c);
            match (c.is_eligible(), shown) {
                (true, true) => picker.eligible.push(c.clone()),
                (true, false) => picker.eligible_hidden += 1,
                (false, false) => picker.ineligible_hidden += 1,
                (false, true) if picker.ineligible.len() < INELIGIBLE_SHOWN || pinned(c) => {
                    picker.ineligible.push(c.clone());
                }
                (false, true) => picker.ineligible_more += 1,
            }
        }
        picker
    }

    /// A search narrows the list.
    pub fn searching(&self) -> bool {
        !self.find.is_empty()
    }

    /// Ineligible resellers of the seller in all.
    pub fn ineligible_total(&self) -> usize {
        self.ineligible.len() + self.ineligible_more + self.ineligible_hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ids::{PartnerId, TenantId};
    use crate::db::models::partner::{Partner, PartnerKind};
    use crate::domain::support_contact::Ineligibility;

    fn candidate(name: &str, mpn: i32, eligible: bool) -> Candidate {
        Candidate {
            partner: Partner {
                id: PartnerId::generate(),
                kind: PartnerKind::IndirectReseller,
                name: name.to_owned(),
                mpn_id: MpnId::from(mpn),
                tenant_id: TenantId::generate(),
                country: "PL".to_owned(),
                support_email: String::new(),
                support_phone: String::new(),
                support_website: String::new(),
                support_hours: String::new(),
                created_at: chrono::NaiveDateTime::default(),
            },
            ineligible: (!eligible).then_some(Ineligibility::NoRelationship),
            fix: None,
            is_seller: false,
        }
    }

    fn names(list: &[Candidate]) -> Vec<&str> {
        list.iter().map(|c| c.partner.name.as_str()).collect()
    }

    #[test]
    fn eligible_ones_all_ineligible_ones_bounded_and_counted() {
        let mut all = vec![candidate("Seller", 4_100_001, true)];
        all.extend((0..30).map(|i| candidate(&format!("Reseller {i:02}"), 500_000 + i, i < 3)));
        let picker = Picker::new(&all, "", None, None);
        assert_eq!(picker.eligible.len(), 4);
        assert_eq!(picker.ineligible.len(), INELIGIBLE_SHOWN);
        assert_eq!(picker.ineligible_more, 27 - INELIGIBLE_SHOWN);
        assert_eq!(picker.ineligible_total(), 27);

        let found = Picker::new(&all, " RESELLER 0", None, None);
        assert_eq!(
            names(&found.eligible),
            ["Reseller 00", "Reseller 01", "Reseller 02"]
        );
        assert_eq!(found.eligible_hidden, 1, "the seller");
        assert_eq!(found.ineligible.len(), 7, "03..=09");
        assert_eq!(found.ineligible_more, 0);
        assert_eq!(found.ineligible_hidden, 20);

        let by_id = Picker::new(&all, "500029", None, None);
        assert_eq!(names(&by_id.ineligible), ["Reseller 29"]);
        assert!(by_id.eligible.is_empty());
    }

    #[test]
    fn the_current_contact_and_the_sent_choice_stay_listed() {
        let all = vec![
            candidate("Seller", 4_100_001, true),
            candidate("Alpha", 500_001, true),
            candidate("Beta", 500_002, false),
        ];
        let picker = Picker::new(
            &all,
            "nothing like it",
            Some(MpnId::from(500_001)),
            Some(MpnId::from(500_002)),
        );
        assert_eq!(names(&picker.eligible), ["Alpha"]);
        assert_eq!(names(&picker.ineligible), ["Beta"]);
    }
}
