//! The customer's admin center.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::extract::CurrentUser;
use crate::domain::support_page::{self, SupportContacts};
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::{Layout, Section, ok, paths};

/// The support page.
#[derive(Template)]
#[template(path = "admin/support.html")]
pub struct SupportPage {
    layout: Layout,
    support: SupportContacts,
}

/// A phone number as a `tel:` link's target: the digits and a leading `+`, without the spaces
/// and punctuation people write for reading (RFC 3966 allows none of the spaces).
pub fn tel_target(phone: impl AsRef<str>) -> String {
    let phone = phone.as_ref().trim();
    let mut target: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.starts_with('+') {
        target.insert(0, '+');
    }
    target
}

/// `GET /admin/support`: whom to call for each subscription.
pub async fn support(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let support = user.run(&state, support_page::support_contacts).await?;
    ok(&SupportPage {
        layout: Layout::for_user("nav-support", &user, Section::Support),
        support,
    })
}

#[cfg(test)]
mod tests {
    use super::tel_target;

    #[test]
    fn tel_links_keep_only_the_plus_and_the_digits() {
        assert_eq!(tel_target("+1 425 555 0142"), "+14255550142");
        assert_eq!(tel_target(" +44 (20) 7946-0958 "), "+442079460958");
        assert_eq!(tel_target("0800 123 456"), "0800123456");
        assert_eq!(tel_target(""), "");
    }
}
