//! The support profile page: what customers see of the partner, edited by its Global admins and
//! admin agents, with the customer's support card previewed as the review page shows it.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Tab, tabs};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, set_flash};
use crate::db::models::partner::{Partner, SupportProfile};
use crate::db::models::subscription::SubscriptionStatus;
use crate::domain::support_profile::{
    self, MAX_HOURS_CHARS, ProfileError, ProfileInput, SaveOutcome,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::startup::AppState;
use crate::web::{Layout, Section, filters, ok, paths, render, see_other};

/// The example subscription of the preview card (the card shows a product and its licences).
pub struct PreviewProduct {
    /// Its name.
    pub name: String,
}

/// The example subscription's licences and status.
pub struct PreviewSubscription {
    /// Licences.
    pub quantity: i32,
    /// Status.
    pub status: SubscriptionStatus,
}

/// The support profile page.
#[derive(Template)]
#[template(path = "settings/support_profile.html")]
pub struct ProfilePage {
    layout: Layout,
    tabs: Vec<Tab>,
    /// The partner as stored: the preview card shows what customers see now.
    contact: Option<Partner>,
    /// The form's values (as typed, when it comes back).
    form: SupportProfile,
    /// The values the form was opened with (hidden fields: the optimistic check).
    old: SupportProfile,
    errors: Vec<ProfileError>,
    /// Someone changed the profile meanwhile: the form shows their values.
    stale: bool,
    product: PreviewProduct,
    subscription: PreviewSubscription,
    max_hours: usize,
}

impl ProfilePage {
    fn new(user: &CurrentUser, partner: Partner) -> Self {
        let stored = partner.support_profile();
        Self {
            layout: Layout::for_user("support-profile-title", user, Section::Settings),
            tabs: tabs(user.actor(), paths::SUPPORT_PROFILE, user.lang),
            form: stored.clone(),
            old: stored,
            errors: Vec::new(),
            stale: false,
            product: PreviewProduct {
                name: user.lang.t("support-profile-preview-product"),
            },
            subscription: PreviewSubscription {
                quantity: 10,
                status: SubscriptionStatus::Active,
            },
            max_hours: MAX_HOURS_CHARS,
            contact: Some(partner),
        }
    }

    /// The worded error of a field, if any.
    fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.layout.msg(&e.msg))
    }
}

/// `GET /settings/support-profile`.
pub async fn show(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let partner = user.run(&state, support_profile::show).await?;
    ok(&ProfilePage::new(&user, partner))
}

/// The form, as sent (every field optional: a missing one is a 422 with its message).
#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    old_email: String,
    #[serde(default)]
    old_phone: String,
    #[serde(default)]
    old_website: String,
    #[serde(default)]
    old_hours: String,
}

/// `POST /settings/support-profile`: 303 back with a message; 422 with per-field messages; 409
/// when someone changed the profile since the form was opened (their values shown).
pub async fn save(
    state: web::Data<AppState>,
    user: CurrentUser,
    session: Session,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let input = ProfileInput {
        new: SupportProfile {
            email: form.email,
            phone: form.phone,
            website: form.website,
            hours: form.hours,
        },
        old: SupportProfile {
            email: form.old_email,
            phone: form.old_phone,
            website: form.old_website,
            hours: form.old_hours,
        },
    };
    let typed = input.new.clone();
    let old = input.old.clone();
    let outcome = user
        .run(&state, move |conn, ctx| {
            support_profile::save(conn, ctx, &input)
        })
        .await?;
    match outcome {
        SaveOutcome::Saved => {
            set_flash(&session, &Msg::new("support-profile-saved"))?;
            Ok(see_other(paths::SUPPORT_PROFILE))
        }
        SaveOutcome::Unchanged => {
            set_flash(&session, &Msg::new("support-profile-unchanged"))?;
            Ok(see_other(paths::SUPPORT_PROFILE))
        }
        SaveOutcome::Invalid { errors, partner } => {
            let mut page = ProfilePage::new(&user, *partner);
            page.form = bounded(typed);
            page.old = bounded(old);
            page.errors = errors;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        SaveOutcome::Stale { partner } => {
            let mut page = ProfilePage::new(&user, *partner);
            page.stale = true;
            render(StatusCode::CONFLICT, &page)
        }
    }
}

/// Values as typed, cut to a length a form can show again.
fn bounded(p: SupportProfile) -> SupportProfile {
    let cut = |s: String| s.chars().take(4096).collect();
    SupportProfile {
        email: cut(p.email),
        phone: cut(p.phone),
        website: cut(p.website),
        hours: cut(p.hours),
    }
}
