//! The activity log's filters as conditions on the range of one branch, and the branch of the
//! events shared with a partner (a revert's cause, seen by the seller whose subscription reverted).

use crate::db::sql::Sql;

use super::log::{ActivityFilter, Branch};

/// The shared branch's source on PostgreSQL: the viewers' index gives the order.
pub(super) const SHARED_FROM_PG: &str =
    " FROM audit_event_viewers v JOIN audit_events e ON e.id = v.event_id";

/// The same on SQLite, told its index (see `branch_from`).
pub(super) const SHARED_FROM_SQLITE: &str = " FROM audit_event_viewers v INDEXED BY audit_event_viewers_partner_idx \
     JOIN audit_events e ON e.id = v.event_id";

/// The filters that did not choose the branch's index, as conditions on the entries it reads
/// (those that did are already in its `WHERE`).
pub(super) fn narrow_branch(
    sql: &mut Sql,
    partner: &str,
    filter: &ActivityFilter,
    branch: Branch<'_>,
) {
    if let Some(op) = &filter.operation {
        sql.sql(" AND operation = ").text(op.as_str());
    }
    if let (Some(customer), false) = (&filter.customer, matches!(branch, Branch::Customer(_))) {
        sql.sql(" AND customer_id = ").text(customer.as_str());
    }
    if let (Some(user), false) = (&filter.user, matches!(branch, Branch::User(_))) {
        sql.sql(" AND actor_user_id = ").text(user.as_str());
    }
    let by_pair = matches!(branch, Branch::ActedOn(_) | Branch::ActedBy(_));
    if let (Some(other), false) = (&filter.reseller, by_pair) {
        sql.sql(" AND ((actor_partner_id = ")
            .text(partner)
            .sql(" AND subject_partner_id = ")
            .text(other.as_str())
            .sql(") OR (actor_partner_id = ")
            .text(other.as_str())
            .sql(" AND subject_partner_id = ")
            .text(partner)
            .sql("))");
    }
    if let (Some(subscription), false) = (
        &filter.subscription,
        matches!(branch, Branch::Subscription(_)),
    ) {
        sql.sql(" AND subscription_id = ")
            .text(subscription.as_str());
    }
}
