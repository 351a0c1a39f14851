//! The customer's admin center.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::extract::CurrentUser;
use crate::domain::support_page::{self, SupportContacts};
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::{Layout, Section, filters, ok, paths};

/// The support page.
#[derive(Template)]
#[template(path = "admin/support.html")]
pub struct SupportPage {
    layout: Layout,
    support: SupportContacts,
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
