//! Events a partner sees besides those it acted in or that concern it: the causes of events it
//! sees (a customer's removal of a reseller's delegated admin, for the seller whose subscriptions
//! reverted because of it), and one event of the log by its id.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, PartnerId};
use crate::db::schema::audit_events;
use crate::db::sql::Sql;

use super::AuditEvent;
use super::log::EVENT_COLUMNS;

/// Lets `partner` see `event` in its log from now on (in the caller's transaction; once).
pub fn share_with(conn: &mut DbConn, event: &AuditEventId, partner: &PartnerId) -> QueryResult<()> {
    let mut sql =
        Sql::new("INSERT INTO audit_event_viewers (partner_id, event_id, occurred_at) SELECT ");
    sql.text(partner.as_str())
        .sql(", id, occurred_at FROM audit_events WHERE id = ")
        .text(event.as_str())
        .sql(" ON CONFLICT DO NOTHING");
    sql.execute(conn).map(|_| ())
}

/// The event with this id if `partner` sees it (it acted in it, it concerns it, or it was shared
/// with it): one primary-key lookup and one of the viewers' key. Anything else is `None`.
pub fn find_visible_to_partner(
    conn: &mut DbConn,
    partner: &PartnerId,
    event: &AuditEventId,
) -> QueryResult<Option<AuditEvent>> {
    find_visible_query(partner, event)
        .get_result(conn)
        .optional()
}

pub(super) fn find_visible_query(partner: &PartnerId, event: &AuditEventId) -> Sql {
    let mut sql = Sql::new("SELECT ");
    sql.sql(EVENT_COLUMNS)
        .sql(" FROM audit_events WHERE id = ")
        .text(event.as_str())
        .sql(" AND (actor_partner_id = ")
        .text(partner.as_str())
        .sql(" OR subject_partner_id = ")
        .text(partner.as_str())
        .sql(" OR EXISTS (SELECT 1 FROM audit_event_viewers v WHERE v.partner_id = ")
        .text(partner.as_str())
        .sql(" AND v.event_id = audit_events.id))");
    sql
}

/// The events with these ids, in one query: the causes of events already scoped to the reader
/// (a cause is shared with whoever sees the event it caused).
pub fn find_many(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<AuditEvent>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    audit_events::table
        .filter(audit_events::id.eq_any(ids))
        .select(AuditEvent::as_select())
        .load(conn)
}
