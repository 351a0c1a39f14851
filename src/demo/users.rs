//! The demo users of DESIGN.md §6, written once: the loader inserts them, `serve --demo` prints
//! them as the sign-ins, and the README lists them.

use super::cast::Org;
use super::plan::Named;
use crate::domain::Role;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "demo-password-1";

/// The organization a demo user belongs to.
#[derive(Debug, Clone, Copy)]
pub(super) enum Home {
    Partner(Org),
    Customer(Named),
}

impl Home {
    /// The organization's name.
    fn name(self) -> &'static str {
        match self {
            Self::Partner(org) => org.seed().name,
            Self::Customer(named) => named.company_name(),
        }
    }
}

pub(super) struct UserSeed {
    pub(super) email: &'static str,
    pub(super) display_name: &'static str,
    pub(super) role: Role,
    pub(super) home: Home,
}

/// A demo sign-in: every one has the password [`DEMO_PASSWORD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    /// The sign-in email.
    pub email: &'static str,
    /// The user's display name.
    pub display_name: &'static str,
    /// The user's role.
    pub role: Role,
    /// The name of the user's organization (a partner or a customer).
    pub organization: &'static str,
}

/// The demo sign-ins, in the order `serve --demo` prints them.
pub fn demo_users() -> impl ExactSizeIterator<Item = DemoUser> {
    USERS.iter().map(|seed| DemoUser {
        email: seed.email,
        display_name: seed.display_name,
        role: seed.role,
        organization: seed.home.name(),
    })
}

/// The demo users, the one list of them: the loader inserts them, [`demo_users`] lists them.
pub(super) static USERS: [UserSeed; 13] = [
    UserSeed {
        email: "globaladmin@contoso.example",
        display_name: "Dana Whitfield",
        role: Role::GlobalAdmin,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "admin@contoso.example",
        display_name: "Marcus Oyelaran",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "helpdesk@contoso.example",
        display_name: "Priya Raman",
        role: Role::HelpdeskAgent,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "sales@contoso.example",
        display_name: "Tomás Herrera",
        role: Role::SalesAgent,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "billing@contoso.example",
        display_name: "Grace Liu",
        role: Role::BillingAdmin,
        home: Home::Partner(Org::Contoso),
    },
    UserSeed {
        email: "admin@fabrikam.example",
        display_name: "Jonas Becker",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Fabrikam),
    },
    UserSeed {
        email: "admin@treyresearch.example",
        display_name: "Olivia Brennan",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Trey),
    },
    UserSeed {
        email: "admin@litware.example",
        display_name: "Katarzyna Nowak",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Litware),
    },
    UserSeed {
        email: "admin@tailspin.example",
        display_name: "Samir Haddad",
        role: Role::AdminAgent,
        home: Home::Partner(Org::Tailspin),
    },
    UserSeed {
        email: "admin@adatum.example",
        display_name: "Elena Petrova",
        role: Role::GlobalAdmin,
        home: Home::Customer(Named::Adatum),
    },
    UserSeed {
        email: "billing@adatum.example",
        display_name: "Robert Kim",
        role: Role::BillingAdmin,
        home: Home::Customer(Named::Adatum),
    },
    UserSeed {
        email: "user@adatum.example",
        display_name: "Ava Thompson",
        role: Role::User,
        home: Home::Customer(Named::Adatum),
    },
    UserSeed {
        email: "admin@woodgrove.example",
        display_name: "Henrik Larsen",
        role: Role::GlobalAdmin,
        home: Home::Customer(Named::Woodgrove),
    },
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::db::models::user;
    use crate::demo::plan::customer_plan;
    use crate::domain::Side;

    #[test]
    fn demo_users_match_the_seeds_and_the_plan() {
        assert_eq!(demo_users().len(), USERS.len());
        let plan = customer_plan();
        for (listed, seed) in demo_users().zip(&USERS) {
            let email = listed.email;
            assert_eq!(email, seed.email);
            assert_eq!(user::normalize_email(email), email);
            let key = seed.role.label_key();
            assert_ne!(crate::i18n::Lang::En.t(key), key, "{email}: role words");
            let (home, side) = match seed.home {
                Home::Partner(o) => (o.seed().name.to_owned(), Side::Partner),
                Home::Customer(named) => (plan[named.index()].company_name.clone(), Side::Customer),
            };
            assert_eq!(home, listed.organization, "{email}");
            assert_eq!(
                Role::parse_for(seed.role.as_str(), side),
                Some(seed.role),
                "{email}"
            );
        }
        let emails: HashSet<&str> = demo_users().map(|u| u.email).collect();
        assert_eq!(emails.len(), USERS.len());
    }
}
