//! The fixed cast of DESIGN.md §6: the six partners and the product catalogue.

use crate::db::models::partner::PartnerKind;
use crate::db::models::product::CommerceType;

pub(super) const CONTOSO_MPN: i32 = 4_100_001;

/// The demo partners, indexing `[PartnerId; ORG_COUNT]` with `org as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Org {
    Contoso,
    Fabrikam,
    Trey,
    Northwind,
    Litware,
    Tailspin,
}

pub(super) const ORG_COUNT: usize = 6;

/// Contoso's indirect resellers.
pub(super) const CONTOSO_RESELLERS: [Org; 3] = [Org::Fabrikam, Org::Trey, Org::Northwind];

pub(super) struct PartnerSeed {
    pub(super) org: Org,
    pub(super) kind: PartnerKind,
    pub(super) name: &'static str,
    pub(super) mpn_id: i32,
    pub(super) country: &'static str,
    pub(super) support_email: &'static str,
    pub(super) support_phone: &'static str,
    pub(super) support_website: &'static str,
    pub(super) support_hours: &'static str,
}

/// Contoso first: its insert is the transaction's first statement.
pub(super) static PARTNERS: [PartnerSeed; ORG_COUNT] = [
    PartnerSeed {
        org: Org::Contoso,
        kind: PartnerKind::IndirectProvider,
        name: "Contoso Distribution",
        mpn_id: CONTOSO_MPN,
        country: "US",
        support_email: "support@contoso.example",
        support_phone: "+1 425 555 0100",
        support_website: "https://support.contoso.example",
        support_hours: "Mon–Fri 07:00–19:00 (UTC−05:00)",
    },
    PartnerSeed {
        org: Org::Fabrikam,
        kind: PartnerKind::IndirectReseller,
        name: "Fabrikam Solutions",
        mpn_id: 4_200_001,
        country: "US",
        support_email: "support@fabrikam.example",
        support_phone: "+1 425 555 0142",
        support_website: "https://support.fabrikam.example",
        support_hours: "Mon–Fri 08:00–18:00 (UTC−08:00)",
    },
    PartnerSeed {
        org: Org::Trey,
        kind: PartnerKind::IndirectReseller,
        name: "Trey Research",
        mpn_id: 4_200_002,
        country: "US",
        support_email: "helpdesk@treyresearch.example",
        support_phone: "+1 312 555 0177",
        support_website: "https://www.treyresearch.example/support",
        support_hours: "Mon–Fri 09:00–17:00 (UTC−06:00)",
    },
    PartnerSeed {
        org: Org::Northwind,
        kind: PartnerKind::IndirectReseller,
        name: "Northwind IT",
        mpn_id: 4_200_003,
        country: "CA",
        support_email: "support@northwindit.example",
        support_phone: "+1 604 555 0163",
        support_website: "https://support.northwindit.example",
        support_hours: "24/7, every day",
    },
    PartnerSeed {
        org: Org::Litware,
        kind: PartnerKind::IndirectProvider,
        name: "Litware Distribution",
        mpn_id: 4_100_002,
        country: "GB",
        support_email: "support@litware.example",
        support_phone: "+44 20 7946 0958",
        support_website: "https://support.litware.example",
        support_hours: "Mon–Fri 08:30–17:30 (UTC+00:00)",
    },
    PartnerSeed {
        org: Org::Tailspin,
        kind: PartnerKind::DirectBill,
        name: "Tailspin Direct",
        mpn_id: 4_300_001,
        country: "US",
        support_email: "care@tailspin.example",
        support_phone: "+1 206 555 0199",
        support_website: "https://tailspin.example/support",
        support_hours: "Mon–Sat 06:00–22:00 (UTC−08:00)",
    },
];

pub(super) struct ProductSeed {
    pub(super) name: &'static str,
    pub(super) offer_id: &'static str,
    pub(super) commerce_type: CommerceType,
}

pub(super) const LEGACY: CommerceType = CommerceType::Legacy;
pub(super) const NEW_COMMERCE: CommerceType = CommerceType::NewCommerce;

pub(super) const O365_BUSINESS_STANDARD: usize = 0;
pub(super) const M365_E3: usize = 1;
pub(super) const M365_E5: usize = 2;
pub(super) const M365_BUSINESS_PREMIUM: usize = 3;
pub(super) const POWER_BI_PRO: usize = 5;

/// The catalogue; the constants above index it.
pub(super) static PRODUCTS: [ProductSeed; 11] = [
    ProductSeed {
        name: "Office 365 Business Standard",
        offer_id: "031C9E47-4802-4248-838E-778FB1D2CC05",
        commerce_type: LEGACY,
    },
    ProductSeed {
        name: "Microsoft 365 E3",
        offer_id: "CFQ7TTC0LFLX:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft 365 E5",
        offer_id: "CFQ7TTC0LFLZ:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft 365 Business Premium",
        offer_id: "CFQ7TTC0LCHC:0002",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft 365 Business Basic",
        offer_id: "CFQ7TTC0LH18:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Power BI Pro",
        offer_id: "CFQ7TTC0L3PB:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Exchange Online (Plan 1)",
        offer_id: "195416C1-3447-423A-B37B-EE59A99A19C4",
        commerce_type: LEGACY,
    },
    ProductSeed {
        name: "Microsoft Teams Essentials",
        offer_id: "CFQ7TTC0RQN3:0001",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Visio Plan 2",
        offer_id: "4AE4E6A6-5F7B-4C2B-9E0D-2B8E1C4F7A31",
        commerce_type: LEGACY,
    },
    ProductSeed {
        name: "Project Plan 3",
        offer_id: "CFQ7TTC0HDN1:0002",
        commerce_type: NEW_COMMERCE,
    },
    ProductSeed {
        name: "Microsoft Defender for Business",
        offer_id: "CFQ7TTC0LHVD:0001",
        commerce_type: NEW_COMMERCE,
    },
];

impl Org {
    /// This partner's row of [`PARTNERS`].
    pub(super) fn seed(self) -> &'static PartnerSeed {
        &PARTNERS[self as usize]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::db::ids::MpnId;

    #[test]
    fn partners_are_as_designed() {
        assert_eq!(PARTNERS[0].mpn_id, CONTOSO_MPN);
        assert_eq!(PARTNERS[0].org, Org::Contoso);
        for (i, p) in PARTNERS.iter().enumerate() {
            assert_eq!(p.org as usize, i, "Org::seed indexes PARTNERS");
        }
        let expected = [
            (
                Org::Contoso,
                "Contoso Distribution",
                PartnerKind::IndirectProvider,
                4_100_001,
            ),
            (
                Org::Fabrikam,
                "Fabrikam Solutions",
                PartnerKind::IndirectReseller,
                4_200_001,
            ),
            (
                Org::Trey,
                "Trey Research",
                PartnerKind::IndirectReseller,
                4_200_002,
            ),
            (
                Org::Northwind,
                "Northwind IT",
                PartnerKind::IndirectReseller,
                4_200_003,
            ),
            (
                Org::Litware,
                "Litware Distribution",
                PartnerKind::IndirectProvider,
                4_100_002,
            ),
            (
                Org::Tailspin,
                "Tailspin Direct",
                PartnerKind::DirectBill,
                4_300_001,
            ),
        ];
        for (org, name, kind, mpn) in expected {
            let seed = Some(org.seed()).map(|p| (p.name, p.kind, p.mpn_id));
            assert_eq!(seed, Some((name, kind, mpn)));
            assert!(MpnId::parse(&mpn.to_string()).is_some());
        }
        let orgs: HashSet<usize> = PARTNERS.iter().map(|p| p.org as usize).collect();
        assert_eq!(orgs.len(), ORG_COUNT);
        assert!(orgs.iter().all(|i| *i < ORG_COUNT));
        let fields: [fn(&PartnerSeed) -> &'static str; 4] = [
            |p: &PartnerSeed| p.support_email,
            |p: &PartnerSeed| p.support_phone,
            |p: &PartnerSeed| p.support_website,
            |p: &PartnerSeed| p.support_hours,
        ];
        for field in fields {
            let values: HashSet<&str> = PARTNERS.iter().map(field).collect();
            assert_eq!(values.len(), ORG_COUNT, "support profiles must differ");
        }
        assert_eq!(
            Some(Org::Fabrikam.seed()).map(|p| p.support_email),
            Some("support@fabrikam.example")
        );
    }

    #[test]
    fn products_are_distinct_and_valid() {
        let names: HashSet<&str> = PRODUCTS.iter().map(|p| p.name).collect();
        let offers: HashSet<&str> = PRODUCTS.iter().map(|p| p.offer_id).collect();
        assert_eq!(names.len(), PRODUCTS.len());
        assert_eq!(offers.len(), PRODUCTS.len());
        assert!(
            PRODUCTS
                .iter()
                .all(|p| p.commerce_type == LEGACY || p.commerce_type == NEW_COMMERCE)
        );
        assert_eq!(
            PRODUCTS[O365_BUSINESS_STANDARD].name,
            "Office 365 Business Standard"
        );
        assert_eq!(PRODUCTS[M365_E3].name, "Microsoft 365 E3");
        assert_eq!(PRODUCTS[M365_E5].name, "Microsoft 365 E5");
        assert_eq!(
            PRODUCTS[M365_BUSINESS_PREMIUM].name,
            "Microsoft 365 Business Premium"
        );
        assert_eq!(PRODUCTS[POWER_BI_PRO].name, "Power BI Pro");
    }
}
