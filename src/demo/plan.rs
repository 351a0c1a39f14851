//! What the loader creates for each customer: its relationships and subscriptions. The named
//! customers of DESIGN.md §6 (Adatum Corporation, Woodgrove Bank) are written out here; the
//! standard demo adds [`generate::standard_customers`].

use super::cast::{
    M365_BUSINESS_PREMIUM, M365_E3, M365_E5, O365_BUSINESS_STANDARD, Org, POWER_BI_PRO,
};
use super::generate;
use crate::db::models::relationship::RelationshipOrigin;
use crate::db::models::subscription::SubscriptionStatus;

/// The customers of DESIGN.md §6's table, first in every plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Named {
    Adatum,
    Woodgrove,
}

impl Named {
    pub(super) fn company_name(self) -> &'static str {
        match self {
            Self::Adatum => "Adatum Corporation",
            Self::Woodgrove => "Woodgrove Bank",
        }
    }

    /// Its index in [`customer_plan`] and [`named_customers`].
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

pub(super) const ACTIVE: SubscriptionStatus = SubscriptionStatus::Active;
pub(super) const SUSPENDED: SubscriptionStatus = SubscriptionStatus::Suspended;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CustomerPlan {
    pub(super) company_name: String,
    pub(super) domain: String,
    pub(super) country: &'static str,
    pub(super) relationships: Vec<RelationshipSeed>,
    pub(super) subscriptions: Vec<SubscriptionSeed>,
}

/// An active relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RelationshipSeed {
    pub(super) partner: Org,
    pub(super) delegated_admin: bool,
    pub(super) origin: RelationshipOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SubscriptionSeed {
    /// An index into [`super::cast::PRODUCTS`].
    pub(super) product: usize,
    pub(super) quantity: i32,
    pub(super) status: SubscriptionStatus,
    pub(super) seller: Option<Org>,
    pub(super) reseller_of_record: Option<Org>,
    pub(super) support_contact: Option<Org>,
}

pub(super) fn rel(
    partner: Org,
    delegated_admin: bool,
    origin: RelationshipOrigin,
) -> RelationshipSeed {
    RelationshipSeed {
        partner,
        delegated_admin,
        origin,
    }
}

pub(super) fn sold(
    product: usize,
    quantity: i32,
    seller: Org,
    support: Org,
    reseller_of_record: Option<Org>,
) -> SubscriptionSeed {
    SubscriptionSeed {
        product,
        quantity,
        status: ACTIVE,
        seller: Some(seller),
        reseller_of_record,
        support_contact: Some(support),
    }
}

/// The standard demo's customers: Adatum Corporation, Woodgrove Bank, then the 200 generated ones.
pub(super) fn customer_plan() -> Vec<CustomerPlan> {
    let mut plan = named_customers();
    plan.extend(generate::standard_customers());
    plan
}

/// Adatum Corporation and Woodgrove Bank, in the order of [`Named`].
pub(super) fn named_customers() -> Vec<CustomerPlan> {
    let adatum = CustomerPlan {
        company_name: Named::Adatum.company_name().to_owned(),
        domain: "adatum.onmicrosoft.com".to_owned(),
        country: "US",
        relationships: vec![
            rel(Org::Contoso, true, RelationshipOrigin::NewCustomer),
            rel(Org::Fabrikam, true, RelationshipOrigin::Invitation),
            rel(Org::Trey, false, RelationshipOrigin::Invitation),
            rel(Org::Tailspin, true, RelationshipOrigin::Invitation),
        ],
        subscriptions: vec![
            sold(O365_BUSINESS_STANDARD, 25, Org::Contoso, Org::Contoso, None),
            sold(
                M365_E3,
                40,
                Org::Contoso,
                Org::Fabrikam,
                Some(Org::Fabrikam),
            ),
            sold(
                M365_BUSINESS_PREMIUM,
                12,
                Org::Tailspin,
                Org::Tailspin,
                None,
            ),
            // Bought directly from Microsoft: no seller, Microsoft support.
            SubscriptionSeed {
                product: POWER_BI_PRO,
                quantity: 10,
                status: ACTIVE,
                seller: None,
                reseller_of_record: None,
                support_contact: None,
            },
        ],
    };
    let woodgrove = CustomerPlan {
        company_name: Named::Woodgrove.company_name().to_owned(),
        domain: "woodgrove.onmicrosoft.com".to_owned(),
        country: "US",
        relationships: vec![rel(Org::Litware, true, RelationshipOrigin::NewCustomer)],
        subscriptions: vec![sold(M365_E5, 250, Org::Litware, Org::Litware, None)],
    };
    vec![adatum, woodgrove]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::cast::PRODUCTS;
    use crate::demo::generate::STANDARD_CUSTOMERS;

    #[test]
    fn the_whole_plan_has_distinct_names_and_domains() {
        let plan = customer_plan();
        assert_eq!(plan.len(), STANDARD_CUSTOMERS + 2);
        let names: HashSet<&str> = plan.iter().map(|c| c.company_name.as_str()).collect();
        let domains: HashSet<&str> = plan.iter().map(|c| c.domain.as_str()).collect();
        assert_eq!(names.len(), plan.len());
        assert_eq!(domains.len(), plan.len());
    }

    #[test]
    fn adatum_and_woodgrove_are_as_designed() {
        let plan = customer_plan();
        let adatum = &plan[Named::Adatum.index()];
        assert_eq!(
            (adatum.company_name.as_str(), adatum.domain.as_str()),
            ("Adatum Corporation", "adatum.onmicrosoft.com")
        );
        assert_eq!(
            adatum.relationships,
            vec![
                rel(Org::Contoso, true, RelationshipOrigin::NewCustomer),
                rel(Org::Fabrikam, true, RelationshipOrigin::Invitation),
                rel(Org::Trey, false, RelationshipOrigin::Invitation),
                rel(Org::Tailspin, true, RelationshipOrigin::Invitation),
            ]
        );
        let by_name = |name: &str| {
            adatum
                .subscriptions
                .iter()
                .find(|s| PRODUCTS[s.product].name == name)
                .copied()
        };
        let o365 = by_name("Office 365 Business Standard");
        assert_eq!(
            o365.map(|s| (s.seller, s.support_contact)),
            Some((Some(Org::Contoso), Some(Org::Contoso)))
        );
        let e3 = by_name("Microsoft 365 E3");
        assert_eq!(
            e3.map(|s| (s.seller, s.support_contact, s.reseller_of_record)),
            Some((Some(Org::Contoso), Some(Org::Fabrikam), Some(Org::Fabrikam)))
        );
        let premium = by_name("Microsoft 365 Business Premium");
        assert_eq!(
            premium.map(|s| (s.seller, s.support_contact)),
            Some((Some(Org::Tailspin), Some(Org::Tailspin)))
        );
        let power_bi = by_name("Power BI Pro");
        assert_eq!(
            power_bi.map(|s| (s.seller, s.support_contact)),
            Some((None, None))
        );

        let woodgrove = &plan[Named::Woodgrove.index()];
        assert_eq!(woodgrove.company_name, "Woodgrove Bank");
        assert_eq!(woodgrove.domain, "woodgrove.onmicrosoft.com");
        assert_eq!(woodgrove.relationships.len(), 1);
        assert_eq!(woodgrove.relationships[0].partner, Org::Litware);
        assert_eq!(woodgrove.subscriptions.len(), 1);
        assert_eq!(
            PRODUCTS[woodgrove.subscriptions[0].product].name,
            "Microsoft 365 E5"
        );
        assert_eq!(
            woodgrove.subscriptions[0].support_contact,
            Some(Org::Litware)
        );
    }
}
