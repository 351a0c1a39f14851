//! The organization's settings: its users, its support profile, importing its data. Each page is
//! a module here and a row of [`PAGES`], from which the main navigation's one "Settings" link and
//! the tabs every settings page shows are drawn.

pub mod import;
pub mod support_profile;

use super::layout::Section;
use super::paths;
use crate::domain::{Actor, Permission};
use crate::i18n::Lang;

pub mod users;

/// A settings page: the permission that opens it, its link, and its tab's label.
pub struct Page {
    permission: Permission,
    /// The main navigation's entry (one per section: the first page an actor has wins).
    link: [(Section, &'static str, &'static str); 1],
    tab: &'static str,
}

/// A settings page at `path`, opened by `permission`, its tab labelled by message `tab`.
const fn page(permission: Permission, path: &'static str, tab: &'static str) -> Page {
    Page {
        permission,
        link: [(Section::Settings, path, "nav-settings")],
        tab,
    }
}

/// The settings pages, in the tabs' order.
static PAGES: &[Page] = &[
    page(Permission::ManageUsers, paths::SETTINGS_USERS, "users-tab"),
    page(
        Permission::EditSupportProfile,
        paths::SUPPORT_PROFILE,
        "settings-tab-support-profile",
    ),
    page(Permission::ImportData, paths::IMPORT, "import-tab"),
];

/// The main navigation's entry for a permission's settings page (none if it opens none).
pub(super) fn nav_page(permission: Permission) -> &'static [(Section, &'static str, &'static str)] {
    PAGES
        .iter()
        .find(|p| p.permission == permission)
        .map_or(&[], |p| &p.link)
}

/// One tab of the settings pages.
pub struct Tab {
    /// Where it goes.
    pub href: &'static str,
    /// Its words.
    pub label: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// The tabs an actor has, `current` (a page's path) marked.
pub fn tabs(actor: &Actor, current: &str, lang: Lang) -> Vec<Tab> {
    PAGES
        .iter()
        .filter(|p| actor.permissions().any(|granted| granted == p.permission))
        .map(|p| Tab {
            href: p.link[0].1,
            label: lang.t(p.tab),
            current: p.link[0].1 == current,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_links_to_its_path_under_settings() {
        let p = super::page(
            crate::domain::Permission::ManageUsers,
            "/settings/x",
            "nav-settings",
        );
        assert_eq!(p.link[0].1, "/settings/x");
        assert_eq!(p.tab, "nav-settings");
    }
}
