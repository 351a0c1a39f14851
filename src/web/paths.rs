//! Every path the app serves, written once: the patterns the route table ([`super::ROUTES`])
//! registers, and the builders that handlers (redirects) and templates (links, form actions) use
//! instead of writing a path again. Templates call them as `paths::customer(c.tenant_id)`: each
//! module with a page struct brings `paths` into scope.
//!
//! Every value put into a path is percent-encoded as a path segment. The ids (UUIDs, PartnerIDs)
//! are validated where they are made and need none, but a segment built from other text (an
//! invitation token from the address bar, a file name) can then never add a segment, a query or
//! a fragment to the link.

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::db::ids::BatchId;
use crate::db::ids::{
    AuditEventId, ImportId, InvitationId, MpnId, PartnershipRequestId, SubscriptionId, TenantId,
    UserId,
};

/// Everything but RFC 3986's unreserved characters is encoded in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `GET /`: home (a signed-in user's first page, else sign-in).
pub const HOME: &str = "/";
/// `GET /healthz`.
pub const HEALTHZ: &str = "/healthz";
/// `GET /readyz`.
pub const READYZ: &str = "/readyz";
/// `GET /metrics` (on the main address with a token, or on its own listener).
pub const METRICS: &str = "/metrics";
/// Sign-in page and form.
pub const LOGIN: &str = "/login";
/// Sign-out form.
pub const LOGOUT: &str = "/logout";
/// The language switch's form.
pub const LANGUAGE: &str = "/language";
/// The customer list.
pub const CUSTOMERS: &str = "/customers";
/// The customer's support page.
pub const ADMIN_SUPPORT: &str = "/admin/support";
/// The customer's partner relationships.
pub const ADMIN_PARTNERS: &str = "/admin/partners";
/// The partner's relationship invitations.
pub const INVITATIONS: &str = "/relationships/invitations";
/// The provider's resellers.
pub const RESELLERS: &str = "/resellers";
/// The activity log.
pub const ACTIVITY: &str = "/activity";
/// The activity log's CSV export.
pub const ACTIVITY_CSV: &str = "/activity.csv";
/// The partner's support profile (a settings page).
pub const SUPPORT_PROFILE: &str = "/settings/support-profile";
/// The provider's partnership requests (the form on the Resellers page posts here).
pub const RESELLER_REQUESTS: &str = "/resellers/requests";
/// The organization's users (settings), and the add-user form's target.
pub const SETTINGS_USERS: &str = "/settings/users";
/// The import page (settings): its upload form, and where the upload is sent.
pub const IMPORT: &str = "/settings/import";
/// The typeahead's reseller suggestions (`?q=`).
pub const SUGGEST_RESELLERS: &str = "/suggest/resellers";
/// The typeahead's customer suggestions (`?q=`).
pub const SUGGEST_CUSTOMERS: &str = "/suggest/customers";
/// Bulk assignment: a selection of subscriptions is posted here and becomes a draft batch.
pub const BATCHES: &str = "/subscriptions/batches";

/// The patterns of the paths with parameters, as registered; links are made by the builders below.
pub mod pattern {
    /// A customer's account page.
    pub const CUSTOMER: &str = "/customers/{tenant_id}";
    /// A subscription's page.
    pub const SUBSCRIPTION: &str = "/customers/{tenant_id}/subscriptions/{subscription_id}";
    /// The designated support contact form's target.
    pub const SUPPORT_CONTACT: &str =
        "/customers/{tenant_id}/subscriptions/{subscription_id}/support-contact";
    /// The review of a support contact change.
    pub const SUPPORT_CONTACT_CHANGE: &str = "/customers/{tenant_id}/subscriptions/{subscription_id}/support-contact/changes/{change_id}";
    /// A static file.
    pub const ASSET: &str = "/static/{name}";
    /// Revoking a relationship invitation.
    pub const INVITATION_REVOKE: &str = "/relationships/invitations/{id}/revoke";
    /// An invitation's link.
    pub const INVITATION: &str = "/invitations/{token}";
    /// Accepting an invitation.
    pub const INVITATION_ACCEPT: &str = "/invitations/{token}/accept";
    /// Creating the named customer's first Global admin from an invitation (not signed in).
    pub const INVITATION_FIRST_ADMIN: &str = "/invitations/{token}/first-admin";
    /// A new customer signing up through an invitation (not signed in).
    pub const INVITATION_SIGN_UP: &str = "/invitations/{token}/sign-up";
    /// Removing a partner's delegated admin privileges (customer side).
    pub const DELEGATED_ADMIN_REMOVAL: &str = "/admin/partners/{mpn_id}/delegated-admin/remove";
    /// Removing the partner's own relationship with a customer.
    pub const OWN_RELATIONSHIP_REMOVAL: &str = "/customers/{tenant_id}/relationship/remove";
    /// Ending a reseller's relationship with a customer.
    pub const RESELLER_RELATIONSHIP_REMOVAL: &str =
        "/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove";
    /// Ending a partnership with a reseller.
    pub const PARTNERSHIP_REMOVAL: &str = "/resellers/{mpn_id}/partnership/remove";
    /// Revoking a partnership request.
    pub const RESELLER_REQUEST_REVOKE: &str = "/resellers/requests/{request_id}/revoke";
    /// A partnership request's link.
    pub const PARTNERSHIP_REQUEST: &str = "/partnerships/{token}";
    /// Accepting a partnership request (a reseller's Global admin).
    pub const PARTNERSHIP_ACCEPT: &str = "/partnerships/{token}/accept";
    /// Signing a new reseller up through a partnership request.
    pub const PARTNERSHIP_SIGN_UP: &str = "/partnerships/{token}/sign-up";
    /// Changing a user's role.
    pub const USER_ROLE: &str = "/settings/users/{user_id}/role";
    /// Disabling a user.
    pub const USER_DISABLE: &str = "/settings/users/{user_id}/disable";
    /// Enabling a user again.
    pub const USER_ENABLE: &str = "/settings/users/{user_id}/enable";
    /// A new set-password link for a user.
    pub const USER_PASSWORD_LINK: &str = "/settings/users/{user_id}/password-link";
    /// A set-password link, and its form's target.
    pub const PASSWORD_LINK: &str = "/password/{token}";
    /// An uploaded import file's preview.
    pub const IMPORT_PREVIEW: &str = "/settings/import/{upload_id}";
    /// Confirming an uploaded import file.
    pub const IMPORT_CONFIRM: &str = "/settings/import/{upload_id}/confirm";
    /// A batch (bulk assignment): the partner choice, the preview or the review.
    pub const BATCH: &str = "/subscriptions/batches/{batch_id}";
    /// Choosing a batch's partner.
    pub const BATCH_PARTNER: &str = "/subscriptions/batches/{batch_id}/partner";
    /// Confirming a batch.
    pub const BATCH_CONFIRM: &str = "/subscriptions/batches/{batch_id}/confirm";
    // Issue 15, the customer's default support contact (H3).
    /// A customer's default support contact for new subscriptions, and its form's target.
    pub const SUPPORT_DEFAULT: &str = "/customers/{tenant_id}/support-default";
}

/// The pattern with its `{…}` parameters replaced, in order, by the values, each encoded as a
/// path segment. (Each builder passes as many values as its pattern has parameters: a test
/// matches every builder's path against its pattern.)
fn fill(pattern: &str, values: &[&dyn Display]) -> String {
    let mut path = String::with_capacity(pattern.len() + 48 * values.len());
    let mut values = values.iter();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map_or(rest.len(), |at| open + at + 1);
        if let Some(value) = values.next() {
            path.extend(utf8_percent_encode(&value.to_string(), SEGMENT));
        }
        rest = &rest[close..];
    }
    path.push_str(rest);
    path
}

/// `/customers/{tenant_id}`.
pub fn customer(tenant: &TenantId) -> String {
    fill(pattern::CUSTOMER, &[tenant])
}

/// `/customers/{tenant_id}/subscriptions/{subscription_id}`.
pub fn subscription(tenant: &TenantId, subscription: &SubscriptionId) -> String {
    fill(pattern::SUBSCRIPTION, &[tenant, subscription])
}

/// `…/subscriptions/{subscription_id}/support-contact`.
pub fn support_contact(tenant: &TenantId, subscription: &SubscriptionId) -> String {
    fill(pattern::SUPPORT_CONTACT, &[tenant, subscription])
}

/// `…/support-contact/changes/{change_id}`.
pub fn support_contact_change(
    tenant: &TenantId,
    subscription: &SubscriptionId,
    change: &AuditEventId,
) -> String {
    fill(
        pattern::SUPPORT_CONTACT_CHANGE,
        &[tenant, subscription, change],
    )
}

/// `/static/{name}`.
pub fn asset(name: &str) -> String {
    fill(pattern::ASSET, &[&name])
}

/// `/settings/import/{upload_id}`.
pub fn import_preview(id: &ImportId) -> String {
    fill(pattern::IMPORT_PREVIEW, &[id])
}

/// `/settings/import/{upload_id}/confirm`.
pub fn import_confirm(id: &ImportId) -> String {
    fill(pattern::IMPORT_CONFIRM, &[id])
}

/// `/relationships/invitations/{id}/revoke`.
pub fn invitation_revoke(id: &InvitationId) -> String {
    fill(pattern::INVITATION_REVOKE, &[id])
}

/// `/invitations/{token}`: the link a partner sends.
pub fn invitation(token: &str) -> String {
    fill(pattern::INVITATION, &[&token])
}

/// `/invitations/{token}/accept`.
pub fn invitation_accept(token: &str) -> String {
    fill(pattern::INVITATION_ACCEPT, &[&token])
}

/// The invitation form with a customer's tenant id filled in.
pub fn invitations_for(tenant: &TenantId) -> String {
    format!("{INVITATIONS}?customer={tenant}")
}

/// `/invitations/{token}/first-admin`.
pub fn invitation_first_admin(token: &str) -> String {
    fill(pattern::INVITATION_FIRST_ADMIN, &[&token])
}

/// `/invitations/{token}/sign-up`.
pub fn invitation_sign_up(token: &str) -> String {
    fill(pattern::INVITATION_SIGN_UP, &[&token])
}

/// `/admin/partners/{mpn_id}/delegated-admin/remove`.
pub fn delegated_admin_removal(partner: &MpnId) -> String {
    fill(pattern::DELEGATED_ADMIN_REMOVAL, &[partner])
}

/// `/customers/{tenant_id}/relationship/remove`.
pub fn own_relationship_removal(tenant: &TenantId) -> String {
    fill(pattern::OWN_RELATIONSHIP_REMOVAL, &[tenant])
}

/// `/customers/{tenant_id}/resellers/{mpn_id}/relationship/remove`.
pub fn reseller_relationship_removal(tenant: &TenantId, reseller: &MpnId) -> String {
    fill(pattern::RESELLER_RELATIONSHIP_REMOVAL, &[tenant, reseller])
}

/// `/resellers/{mpn_id}/partnership/remove`.
pub fn partnership_removal(reseller: &MpnId) -> String {
    fill(pattern::PARTNERSHIP_REMOVAL, &[reseller])
}

/// `/resellers/requests/{request_id}/revoke`.
pub fn reseller_request_revoke(id: &PartnershipRequestId) -> String {
    fill(pattern::RESELLER_REQUEST_REVOKE, &[id])
}

/// `/partnerships/{token}`: the link a provider sends.
pub fn partnership_request(token: &str) -> String {
    fill(pattern::PARTNERSHIP_REQUEST, &[&token])
}

/// `/partnerships/{token}/accept`.
pub fn partnership_accept(token: &str) -> String {
    fill(pattern::PARTNERSHIP_ACCEPT, &[&token])
}

/// `/partnerships/{token}/sign-up`.
pub fn partnership_sign_up(token: &str) -> String {
    fill(pattern::PARTNERSHIP_SIGN_UP, &[&token])
}

/// `/settings/users/{user_id}/role`.
pub fn user_role(user: &UserId) -> String {
    fill(pattern::USER_ROLE, &[user])
}

/// `/settings/users/{user_id}/disable`.
pub fn user_disable(user: &UserId) -> String {
    fill(pattern::USER_DISABLE, &[user])
}

/// `/settings/users/{user_id}/enable`.
pub fn user_enable(user: &UserId) -> String {
    fill(pattern::USER_ENABLE, &[user])
}

/// `/settings/users/{user_id}/password-link`.
pub fn user_password_link(user: &UserId) -> String {
    fill(pattern::USER_PASSWORD_LINK, &[user])
}

/// `/password/{token}`: the set-password link an admin sends.
pub fn password_link(token: &str) -> String {
    fill(pattern::PASSWORD_LINK, &[&token])
}

// Issue 15, the activity log (helper "activity"): its links to one event and to a batch.

/// `/activity?event={id}`: the log showing just that event (a cause's link); it works however far
/// back in the log the event is.
pub fn activity_event(event: &crate::db::ids::AuditEventId) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("event", event.as_str())
        .finish();
    format!("{ACTIVITY}?{query}")
}

// The subscription list across customers (issue 15).
/// Every subscription the organization sees, across customers.
pub const SUBSCRIPTIONS: &str = "/subscriptions";
/// The subscription list's CSV export.
pub const SUBSCRIPTIONS_CSV: &str = "/subscriptions.csv";

/// `/subscriptions?{query}` (an encoded query string; the bare list when empty).
pub fn subscriptions_with(query: &str) -> String {
    if query.is_empty() {
        SUBSCRIPTIONS.to_owned()
    } else {
        format!("{SUBSCRIPTIONS}?{query}")
    }
}

/// `/subscriptions?contact={mpn}`: the subscriptions a partner supports.
pub fn subscriptions_supported_by(mpn: MpnId) -> String {
    format!("{SUBSCRIPTIONS}?contact={mpn}")
}

/// `/subscriptions/batches/{batch_id}`.
pub fn batch(id: &BatchId) -> String {
    fill(pattern::BATCH, &[id])
}

/// `/subscriptions/batches/{batch_id}/partner`.
pub fn batch_partner(id: &BatchId) -> String {
    fill(pattern::BATCH_PARTNER, &[id])
}

/// `/subscriptions/batches/{batch_id}/confirm`.
pub fn batch_confirm(id: &BatchId) -> String {
    fill(pattern::BATCH_CONFIRM, &[id])
}

// Issue 15, the customer's default support contact (H3).

/// `/customers/{tenant_id}/support-default`.
pub fn support_default(tenant: &TenantId) -> String {
    fill(pattern::SUPPORT_DEFAULT, &[tenant])
}

/// `/customers/{tenant_id}/support-default?saved=1`: the page after a default was set.
pub fn support_default_saved(tenant: &TenantId) -> String {
    format!("{}?saved=1", support_default(tenant))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
