//! Who may do what: DESIGN.md §3 as data. What each kind of organization may do at all, what each
//! role may do of it, and the message that refuses each permission. [`crate::domain::Actor`]
//! checks through [`allows`]; the navigation lists the pages of the permissions an actor has.

use crate::db::models::partner::PartnerKind;
use crate::i18n::Msg;

use super::Role;

/// Something a role may do (DESIGN.md §3, "may").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Partner: the Customers workspace: customers and their subscriptions (read).
    CustomerWorkspace,
    /// Partner: assign designated support contacts (rule 4; being the seller is checked apart).
    AssignSupportContacts,
    /// Partner: make, list and revoke relationship invitations (rule 8).
    Invitations,
    /// Partner: remove customer relationships (rule 8).
    RemoveRelationships,
    /// Indirect provider: its resellers, and ending partnerships with them.
    ManagePartnerships,
    /// Partner: the activity log and its export.
    ActivityLog,
    /// Customer: the admin center: the support page and the partner relationships (read).
    AdminCenter,
    /// Customer: accept relationship invitations and remove delegated admin privileges.
    ManagePartnerRelationships,
    /// Partner or customer: the organization's users (add, change role, disable).
    ManageUsers,
    /// Partner: edit the support profile customers see.
    EditSupportProfile,
    /// Partner that sells (indirect provider, direct-bill partner): import customers and
    /// subscriptions.
    ImportData,
    /// Indirect reseller: accept a provider's partnership request.
    AcceptPartnerships,
}

impl Permission {
    /// Every permission, in the order of the navigation.
    pub const ALL: [Self; 12] = [
        Self::CustomerWorkspace,
        Self::AssignSupportContacts,
        Self::Invitations,
        Self::RemoveRelationships,
        Self::ManagePartnerships,
        Self::ActivityLog,
        Self::AdminCenter,
        Self::ManagePartnerRelationships,
        Self::ManageUsers,
        Self::EditSupportProfile,
        Self::ImportData,
        Self::AcceptPartnerships,
    ];

    /// Why an actor of this side (partner staff or a customer's user) without this permission is
    /// refused (403), as a message id.
    pub fn refusal(self, side: Side) -> Msg {
        match (self, side) {
            (Self::CustomerWorkspace, Side::Partner) => {
                Msg::new("forbidden-billing-admin-workspace")
            }
            (Self::CustomerWorkspace, Side::Customer) => Msg::new("forbidden-customer-workspace"),
            // Only ever asked as a question: the subscription page says why it is read-only.
            (Self::AssignSupportContacts, _) => Msg::new("error-403-message"),
            (Self::Invitations, _) => Msg::new("forbidden-invitations"),
            (Self::RemoveRelationships, _) => Msg::new("forbidden-remove-relationships"),
            (Self::ManagePartnerships, _) => Msg::new("forbidden-end-partnership"),
            (Self::ActivityLog, _) => Msg::new("forbidden-activity"),
            (Self::AdminCenter, Side::Customer) => Msg::new("forbidden-customer-admin-pages"),
            (Self::AdminCenter, Side::Partner) => Msg::new("forbidden-partner-admin-center"),
            (Self::ManagePartnerRelationships, Side::Customer) => {
                Msg::new("forbidden-customer-global-admin")
            }
            (Self::ManagePartnerRelationships, Side::Partner) => {
                Msg::new("forbidden-partner-not-customer")
            }
            (Self::ManageUsers, _) => Msg::new("forbidden-manage-users"),
            (Self::EditSupportProfile, _) => Msg::new("forbidden-support-profile"),
            (Self::ImportData, _) => Msg::new("forbidden-import"),
            (Self::AcceptPartnerships, _) => Msg::new("forbidden-accept-partnership"),
        }
    }
}

/// Which side of the channel an organization is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A partner organization (any kind).
    Partner,
    /// A customer.
    Customer,
}

/// The kind of organization a user acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// A partner of this kind.
    Partner(PartnerKind),
    /// A customer.
    Customer,
}

impl OrgKind {
    /// The side it is on.
    pub fn side(self) -> Side {
        match self {
            Self::Partner(_) => Side::Partner,
            Self::Customer => Side::Customer,
        }
    }
}

use Permission::{
    AcceptPartnerships, ActivityLog, AdminCenter, AssignSupportContacts, CustomerWorkspace,
    EditSupportProfile, ImportData, Invitations, ManagePartnerRelationships, ManagePartnerships,
    ManageUsers, RemoveRelationships,
};

/// What a direct-bill partner may do at all: sell, and bring its customers in.
const DIRECT_BILL: &[Permission] = &[
    CustomerWorkspace,
    AssignSupportContacts,
    Invitations,
    RemoveRelationships,
    ActivityLog,
    ManageUsers,
    EditSupportProfile,
    ImportData,
];

/// An indirect reseller: what any partner may do, and accept its providers' partnership
/// requests. It sells through a provider, so it imports nothing of its own.
const RESELLER: &[Permission] = &[
    CustomerWorkspace,
    AssignSupportContacts,
    Invitations,
    RemoveRelationships,
    ActivityLog,
    ManageUsers,
    EditSupportProfile,
    AcceptPartnerships,
];

/// An indirect provider: what a direct-bill partner may do, and its resellers.
const PROVIDER: &[Permission] = &[
    CustomerWorkspace,
    AssignSupportContacts,
    Invitations,
    RemoveRelationships,
    ManagePartnerships,
    ActivityLog,
    ManageUsers,
    EditSupportProfile,
    ImportData,
];

/// What each kind of organization may do at all: its Global admins may do all of it.
fn organization_may(kind: OrgKind) -> &'static [Permission] {
    match kind {
        OrgKind::Partner(PartnerKind::IndirectProvider) => PROVIDER,
        OrgKind::Partner(PartnerKind::IndirectReseller) => RESELLER,
        OrgKind::Partner(PartnerKind::DirectBill) => DIRECT_BILL,
        OrgKind::Customer => &[AdminCenter, ManagePartnerRelationships, ManageUsers],
    }
}

/// What a role grants of what its organization may do.
#[derive(Debug, Clone, Copy)]
enum Grant {
    /// Everything its organization may do.
    Everything,
    /// These, where its organization may do them.
    Only(&'static [Permission]),
}

/// DESIGN.md §3, row by row: (side, role, what it may do).
const ROLES: &[(Side, Role, Grant)] = &[
    (Side::Partner, Role::GlobalAdmin, Grant::Everything),
    (
        Side::Partner,
        Role::AdminAgent,
        Grant::Only(&[
            CustomerWorkspace,
            AssignSupportContacts,
            Invitations,
            RemoveRelationships,
            ActivityLog,
            EditSupportProfile,
            ImportData,
        ]),
    ),
    (
        Side::Partner,
        Role::HelpdeskAgent,
        Grant::Only(&[CustomerWorkspace, AssignSupportContacts]),
    ),
    (
        Side::Partner,
        Role::SalesAgent,
        Grant::Only(&[CustomerWorkspace, Invitations, RemoveRelationships]),
    ),
    (Side::Partner, Role::BillingAdmin, Grant::Only(&[])),
    (Side::Customer, Role::GlobalAdmin, Grant::Everything),
    (
        Side::Customer,
        Role::BillingAdmin,
        Grant::Only(&[AdminCenter]),
    ),
    (Side::Customer, Role::User, Grant::Only(&[])),
];

/// Whether a user of this role, in an organization of this kind, has the permission. A role the
/// table does not list for the side (a partner "user") has none.
pub fn allows(kind: OrgKind, role: Role, permission: Permission) -> bool {
    let granted = ROLES
        .iter()
        .find(|(side, r, _)| *side == kind.side() && *r == role)
        .is_some_and(|(_, _, grant)| match grant {
            Grant::Everything => true,
            Grant::Only(these) => these.contains(&permission),
        });
    granted && organization_may(kind).contains(&permission)
}

/// Every permission of a role in an organization of this kind, in [`Permission::ALL`]'s order.
pub fn granted(kind: OrgKind, role: Role) -> impl Iterator<Item = Permission> {
    Permission::ALL
        .into_iter()
        .filter(move |p| allows(kind, role, *p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [OrgKind; 4] = [
        OrgKind::Partner(PartnerKind::DirectBill),
        OrgKind::Partner(PartnerKind::IndirectProvider),
        OrgKind::Partner(PartnerKind::IndirectReseller),
        OrgKind::Customer,
    ];

    #[test]
    fn every_role_of_each_side_has_one_row() {
        for side in [Side::Partner, Side::Customer] {
            for role in [
                Role::GlobalAdmin,
                Role::AdminAgent,
                Role::HelpdeskAgent,
                Role::SalesAgent,
                Role::BillingAdmin,
                Role::User,
            ] {
                let rows = ROLES
                    .iter()
                    .filter(|(s, r, _)| *s == side && *r == role)
                    .count();
                let expected = usize::from(Role::parse_for(role.as_str(), side).is_some());
                assert_eq!(rows, expected, "{side:?} {role:?}");
            }
        }
    }

    #[test]
    fn permissions_stay_on_their_side() {
        for kind in KINDS {
            for role in [Role::GlobalAdmin, Role::BillingAdmin] {
                for p in granted(kind, role) {
                    let customer_side = matches!(p, AdminCenter | ManagePartnerRelationships);
                    let both_sides = matches!(p, ManageUsers);
                    assert!(
                        both_sides || customer_side == (kind == OrgKind::Customer),
                        "{kind:?} {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_design_rows_read_as_written() {
        let provider = OrgKind::Partner(PartnerKind::IndirectProvider);
        let reseller = OrgKind::Partner(PartnerKind::IndirectReseller);
        let of = |kind, role| granted(kind, role).collect::<Vec<_>>();
        assert_eq!(of(provider, Role::GlobalAdmin), PROVIDER);
        assert_eq!(of(reseller, Role::GlobalAdmin), RESELLER);
        let direct = OrgKind::Partner(PartnerKind::DirectBill);
        assert_eq!(of(direct, Role::GlobalAdmin), DIRECT_BILL);
        assert!(allows(provider, Role::AdminAgent, ImportData));
        assert!(allows(provider, Role::AdminAgent, EditSupportProfile));
        assert!(!allows(provider, Role::AdminAgent, ManageUsers));
        assert!(!allows(reseller, Role::GlobalAdmin, ImportData));
        assert!(!allows(reseller, Role::AdminAgent, AcceptPartnerships));
        assert!(!allows(provider, Role::GlobalAdmin, AcceptPartnerships));
        assert_eq!(
            of(provider, Role::HelpdeskAgent),
            [CustomerWorkspace, AssignSupportContacts]
        );
        assert!(of(provider, Role::BillingAdmin).is_empty());
        assert!(!allows(provider, Role::AdminAgent, ManagePartnerships));
        assert_eq!(
            of(OrgKind::Customer, Role::GlobalAdmin),
            [AdminCenter, ManagePartnerRelationships, ManageUsers]
        );
        assert_eq!(of(OrgKind::Customer, Role::BillingAdmin), [AdminCenter]);
        assert!(of(OrgKind::Customer, Role::User).is_empty());
    }
}
