//! What every page shares: the layout (user, navigation, language switch) and the pager.

use super::paths;
use crate::auth::extract::CurrentUser;
use crate::domain::{Org, Permission};
use crate::i18n::{IntoArg, Lang};

/// Which section of the navigation is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Partner: the Customers workspace.
    Customers,
    /// Partner: relationship invitations.
    Invitations,
    /// Partner (indirect provider): its resellers.
    Resellers,
    /// Partner: the activity log.
    Activity,
    /// Customer: the support page.
    Support,
    /// Customer: partner relationships.
    Partners,
    /// The organization's settings: users, support profile, import.
    Settings,
    /// No section (sign-in, invitation acceptance).
    None,
    /// Partner: the subscription list across customers.
    Subscriptions,
}

/// What every page's frame shows: the user, their organization, the navigation, the language
/// switch and the token for the sign-out form; and the reader's language, in which every page
/// words itself (`layout.t(id)`, ids from `locales/`).
pub struct Layout {
    /// The page title, in words.
    pub title: String,
    /// The reader's language.
    pub lang: Lang,
    /// This page's path and query, where the language switch comes back to.
    pub here: String,
    /// The signed-in user, if any.
    pub user: Option<LayoutUser>,
    /// Token for every form on the page.
    pub csrf_token: String,
    /// Current navigation section.
    pub section: Section,
    /// A one-time message from the previous action.
    pub flash: Option<String>,
}

/// The signed-in user, as the header shows them.
pub struct LayoutUser {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Organization name.
    pub org_name: String,
    /// Role, in words.
    pub role: String,
    /// Partner staff (Customers workspace) rather than a customer user.
    pub is_partner: bool,
    /// The navigation links this user's role opens.
    pub nav: Vec<NavLink>,
}

/// One link of the main navigation.
pub struct NavLink {
    /// Where it goes.
    pub href: &'static str,
    /// Its words.
    pub label: String,
    /// The current section.
    pub current: bool,
}

/// The pages a permission puts in the navigation: (section, path, label).
fn nav_pages(permission: Permission) -> &'static [(Section, &'static str, &'static str)] {
    match permission {
        Permission::CustomerWorkspace => &[
            (Section::Customers, paths::CUSTOMERS, "nav-customers"),
            (
                Section::Subscriptions,
                paths::SUBSCRIPTIONS,
                "nav-subscriptions",
            ),
        ],
        Permission::Invitations => &[(Section::Invitations, paths::INVITATIONS, "nav-invitations")],
        Permission::ManagePartnerships => {
            &[(Section::Resellers, paths::RESELLERS, "nav-resellers")]
        }
        Permission::ActivityLog => &[(Section::Activity, paths::ACTIVITY, "nav-activity")],
        Permission::AdminCenter => &[
            (Section::Support, paths::ADMIN_SUPPORT, "nav-support"),
            (Section::Partners, paths::ADMIN_PARTNERS, "nav-partners"),
        ],
        // Done from the pages above.
        Permission::AssignSupportContacts
        | Permission::RemoveRelationships
        | Permission::ManagePartnerRelationships
        | Permission::AcceptPartnerships => &[],
        // One "Settings" link, to the first settings page the actor has.
        Permission::ManageUsers | Permission::EditSupportProfile | Permission::ImportData => {
            super::settings::nav_page(permission)
        }
    }
}

/// The navigation links an actor's permissions open, in the table's order; one per section (the
/// settings pages share one).
fn nav_links(actor: &crate::domain::Actor, section: Section, lang: Lang) -> Vec<NavLink> {
    let mut seen = Vec::new();
    actor
        .permissions()
        .flat_map(nav_pages)
        .filter(|(s, _, _)| {
            let first = !seen.contains(s);
            seen.push(*s);
            first
        })
        .map(|(s, href, label)| NavLink {
            href,
            label: lang.t(label),
            current: *s == section,
        })
        .collect()
}

impl Layout {
    /// The frame for a signed-in user.
    /// The frame for a signed-in user; `title` is a message id.
    pub fn for_user(title: &str, user: &CurrentUser, section: Section) -> Self {
        Self::for_user_titled(user.lang.t(title), user, section)
    }

    /// The frame for a signed-in user, with a title already in words.
    pub fn for_user_titled(title: String, user: &CurrentUser, section: Section) -> Self {
        let u = &user.user;
        let lang = user.lang;
        Self {
            title,
            lang,
            here: user.here.clone(),
            user: Some(LayoutUser {
                name: u.user.display_name.clone(),
                email: u.user.email.clone(),
                org_name: u.org_name.clone(),
                role: lang.t(u.actor.role.label_key()),
                is_partner: matches!(u.actor.org, Org::Partner { .. }),
                nav: nav_links(&u.actor, section, lang),
            }),
            csrf_token: user.csrf_token.clone(),
            section,
            flash: user.flash.as_ref().map(|m| lang.msg(m)),
        }
    }

    /// The frame for someone not signed in (sign-in, an invitation link); `title` is a message id.
    pub fn anonymous(title: &str, lang: Lang, csrf_token: String, here: String) -> Self {
        Self {
            title: lang.t(title),
            lang,
            here,
            user: None,
            csrf_token,
            section: Section::None,
            flash: None,
        }
    }

    /// The message `key` in the reader's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl IntoArg) -> String {
        self.lang.t1(key, name, value)
    }

    /// The message `key` with two arguments.
    pub fn t2(&self, key: &str, n1: &str, v1: impl IntoArg, n2: &str, v2: impl IntoArg) -> String {
        self.lang.t2(key, n1, v1, n2, v2)
    }

    /// The message `key` with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        key: &str,
        n1: &str,
        v1: impl IntoArg,
        n2: &str,
        v2: impl IntoArg,
        n3: &str,
        v3: impl IntoArg,
    ) -> String {
        self.lang.t3(key, n1, v1, n2, v2, n3, v3)
    }

    /// A [`crate::i18n::Msg`] in words.
    pub fn msg(&self, msg: &crate::i18n::Msg) -> String {
        self.lang.msg(msg)
    }

    /// A whole number in the locale's format.
    pub fn number(&self, n: impl IntoArg) -> String {
        self.lang.show(&n.into_arg())
    }

    /// A date (`NaiveDate`) in the locale's format.
    pub fn date(&self, d: impl IntoArg) -> String {
        self.lang.show(&d.into_arg())
    }

    /// A moment (`DateTime<Utc>`) in the locale's format.
    pub fn datetime(&self, at: impl IntoArg) -> String {
        self.lang.show(&at.into_arg())
    }

    /// The languages the switch offers: every one but the current.
    pub fn other_langs(&self) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| *l != self.lang).collect()
    }
}

/// A page number as typed in `?page=`: a whole number from 1 to a million.
pub fn page_number(raw: &str) -> Option<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
}

/// One link in a pager.
pub struct PageLink {
    /// Page number, or `None` for a gap ("…").
    pub number: Option<i64>,
    /// The link.
    pub href: String,
    /// The current page.
    pub current: bool,
}

/// Page links to show: first, last, and two either side of the current one, with gaps between.
pub fn pager(page: i64, pages: i64, href: impl Fn(i64) -> String) -> Vec<PageLink> {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in (1..=pages).filter(|n| *n == 1 || *n == pages || (n - page).abs() <= 2) {
        if n > last_shown + 1 {
            links.push(PageLink {
                number: None,
                href: String::new(),
                current: false,
            });
        }
        links.push(PageLink {
            number: Some(n),
            href: href(n),
            current: n == page,
        });
        last_shown = n;
    }
    links
}
