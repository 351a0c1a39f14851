//! The audit log: one row per state change, written in the change's own transaction.

mod log;
mod log_customers;
mod log_narrow;
mod plans;
mod viewers;

pub use log::{
    ActivityCursor, ActivityFilter, BoundedCounts, PageStart, Toward, chunk_visible_to_partner,
    count_visible_to_partner, page_visible_to_partner,
};
pub use log_customers::{LogCustomer, customer_in_log_of_partner, customers_named_for_partner};
pub use plans::{FilterPlanSubjects, activity_filter_plans, activity_query_plans};
pub use viewers::{find_many as find_events, find_visible_to_partner, share_with};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, BatchId, CustomerId, PartnerId, SubscriptionId, UserId};
use crate::db::schema::audit_events;
use crate::db::words::text_enum;

text_enum! {
    /// What an audit event records (`audit_events.operation`), with what `old_value` and
    /// `new_value` hold; in the order the activity log's filter offers them.
    pub enum Operation {
        /// A partner assigned a subscription's designated support contact. Old, new: partner ids.
        SupportContactAssigned = "support_contact.assigned"
            => "activity-op-support-contact-assigned",
        /// Rule 3: a contact that stopped being eligible was reverted to the seller. Old, new:
        /// partner ids. Subject: the seller.
        SupportContactReverted = "support_contact.reverted"
            => "activity-op-support-contact-reverted",
        /// A partner created a relationship invitation. New: `delegated_admin` or `reseller`.
        InvitationCreated = "invitation.created" => "activity-op-invitation-created",
        /// A partner revoked a pending invitation. Old: `pending`, new: `revoked`.
        InvitationRevoked = "invitation.revoked" => "activity-op-invitation-revoked",
        /// A customer accepted an invitation: the relationship is active. Subject: the partner.
        /// Old: the relationship before (`none`, `removed`, `active`), new: `active` or
        /// `active+delegated_admin`.
        RelationshipAccepted = "relationship.accepted" => "activity-op-relationship-accepted",
        /// A customer removed a partner's delegated admin privileges. Subject: the partner. Old:
        /// `granted`, new: `removed`.
        DelegatedAdminRemoved = "relationship.delegated_admin_removed"
            => "activity-op-delegated-admin-removed",
        /// A relationship was removed (by the partner, or by its provider). Subject: the partner
        /// whose relationship ended. Old: `active`, new: `removed`.
        RelationshipRemoved = "relationship.removed" => "activity-op-relationship-removed",
        /// A provider ended a partnership with a reseller. Subject: the reseller. Old: `active`,
        /// new: `removed`.
        PartnershipRemoved = "partnership.removed" => "activity-op-partnership-removed",
        /// A user was created (command line, or a Global admin on the users page). New:
        /// `email (role)`.
        UserCreated = "user.created" => "activity-op-user-created",
        /// A partner organization was added (command line, or a reseller signing up). New:
        /// its name. Subject: the new partner, when another made it.
        OrganizationCreated = "organization.created" => "activity-op-organization-created",
        /// A Global admin changed a user's role. Old, new: `email (role)`.
        UserRoleChanged = "user.role_changed" => "activity-op-user-role-changed",
        /// A Global admin disabled a user (their sessions end). New: the user's email.
        UserDisabled = "user.disabled" => "activity-op-user-disabled",
        /// A Global admin enabled a disabled user again. New: the user's email.
        UserEnabled = "user.enabled" => "activity-op-user-enabled",
        /// A Global admin made a set-password link for a user (older unused ones stop working).
        /// New: the user's email.
        UserPasswordLinkCreated = "user.password_link_created"
            => "activity-op-user-password-link-created",
        /// A user set their password through a set-password link (the actor is that user).
        /// New: the user's email.
        UserPasswordSet = "user.password_set" => "activity-op-user-password-set",
        /// A partner imported a CSV file of customers or subscriptions. New: `kind:new:changed:unchanged`
        /// (`customers:3:1:0`).
        ImportCompleted = "import.completed" => "activity-op-import-completed",
        /// A partner changed its support profile. Old, new: a JSON object of the changed fields
        /// (`email`, `phone`, `website`, `hours`) before and after.
        SupportProfileChanged = "partner.support_profile_changed"
            => "activity-op-support-profile-changed",
        /// An indirect provider made a partnership request. New: whom it is for (the note), if
        /// said.
        PartnershipRequested = "partnership.requested" => "activity-op-partnership-requested",
        /// A provider revoked a pending partnership request. Old: `pending`, new: `revoked`.
        PartnershipRequestRevoked = "partnership.request_revoked"
            => "activity-op-partnership-request-revoked",
        /// A reseller accepted a provider's request (or signed up through it): the partnership
        /// is active. Subject: the provider. Old: the partnership before (`none`, `pending`,
        /// `removed`, `active`), new: `active`.
        PartnershipAccepted = "partnership.accepted" => "activity-op-partnership-accepted",
        /// A seller set the designated support contact that a customer's new subscriptions of
        /// that seller take (rule 1). Subject: the partner named. Old, new: partner ids (old
        /// `None`: no default, the seller).
        SupportDefaultSet = "support_contact.default_set" => "activity-op-support-default-set",
        /// A customer's default support contact was cleared: by its seller, or by rule 3 when the
        /// partner it names stopped being eligible (then `cause_id` names that change). Subject:
        /// the partner it named. Old: its partner id; new: `None`.
        SupportDefaultCleared = "support_contact.default_cleared"
            => "activity-op-support-default-cleared",
    }
    /// An operation this version does not know (written by a newer one), by its stored name:
    /// the log shows it rather than failing.
    unknown Unknown
}

/// An audit event as stored.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub occurred_at: NaiveDateTime,
    pub actor_user_id: Option<UserId>,
    pub actor_partner_id: Option<PartnerId>,
    pub actor_customer_id: Option<CustomerId>,
    /// The partner the event concerns besides the actor; it sees the event in its activity log.
    pub subject_partner_id: Option<PartnerId>,
    pub customer_id: Option<CustomerId>,
    pub subscription_id: Option<SubscriptionId>,
    pub operation: Operation,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// The event that caused this one (a rule 3 revert: the removal that ended eligibility).
    pub cause_id: Option<AuditEventId>,
    /// The bulk assignment this event is part of.
    pub batch_id: Option<BatchId>,
}

/// An audit event to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
pub struct NewAuditEvent<'a> {
    pub id: &'a AuditEventId,
    pub occurred_at: NaiveDateTime,
    pub actor_user_id: Option<&'a UserId>,
    pub actor_partner_id: Option<&'a PartnerId>,
    pub actor_customer_id: Option<&'a CustomerId>,
    pub subject_partner_id: Option<&'a PartnerId>,
    pub customer_id: Option<&'a CustomerId>,
    pub subscription_id: Option<&'a SubscriptionId>,
    pub operation: Operation,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub cause_id: Option<&'a AuditEventId>,
    pub batch_id: Option<&'a BatchId>,
}

/// Inserts an audit event.
pub fn insert(conn: &mut DbConn, row: &NewAuditEvent<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Inserts audit events in multi-row statements under the bound-parameter limit; returns how many.
pub fn insert_many(conn: &mut DbConn, rows: &[NewAuditEvent<'_>]) -> QueryResult<usize> {
    let mut inserted = 0;
    for chunk in rows.chunks(crate::db::rows_per_insert(13)) {
        inserted += crate::db::insert_rows!(conn, audit_events::table, chunk)?;
    }
    Ok(inserted)
}

/// The newest event of an operation on a subscription.
pub fn latest_for_subscription(
    conn: &mut DbConn,
    subscription: &SubscriptionId,
    operation: Operation,
) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .filter(audit_events::subscription_id.eq(subscription.as_str()))
        .filter(audit_events::operation.eq(operation))
        .order((audit_events::occurred_at.desc(), audit_events::id.desc()))
        .select(AuditEvent::as_select())
        .first(conn)
        .optional()
}

/// One event on a subscription.
pub fn find_for_subscription(
    conn: &mut DbConn,
    id: &AuditEventId,
    subscription: &SubscriptionId,
) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .filter(audit_events::id.eq(id.as_str()))
        .filter(audit_events::subscription_id.eq(subscription.as_str()))
        .select(AuditEvent::as_select())
        .first(conn)
        .optional()
}

/// (id, display name) of the users with these ids, in one query (for events already scoped).
pub fn user_names(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<(UserId, String)>> {
    use crate::db::schema::users;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(conn)
}

/// (subscription id, product name) of the subscriptions with these ids, in one query (for events
/// already scoped).
pub fn subscription_products(
    conn: &mut DbConn,
    ids: &[&str],
) -> QueryResult<Vec<(SubscriptionId, String)>> {
    use crate::db::schema::{products, subscriptions};
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::id.eq_any(ids))
        .select((subscriptions::id, products::name))
        .load(conn)
}
