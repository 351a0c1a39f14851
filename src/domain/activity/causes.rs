//! Why an event happened, from the event that caused it (a rule 3 revert's removal), in words.

use std::collections::HashMap;

use crate::db::ids::AuditEventId;
use crate::db::models::audit::{AuditEvent, Operation};
use crate::i18n::Msg;

use super::words::{EventCustomer, operation_msg};

/// The cause of an event: the event that caused it, and why, in words ("because Adatum
/// Corporation removed Fabrikam Solutions' delegated admin privileges").
#[derive(Debug, Clone)]
pub struct EventCause {
    /// The causing event (the link shows it in the log).
    pub id: AuditEventId,
    /// Why, in words.
    pub why: Msg,
}

/// `s` when a name ends in "s" (English writes "Fabrikam Solutions' privileges"), else `other`.
fn ends(name: &str) -> &'static str {
    if name.ends_with('s') || name.ends_with('S') {
        "s"
    } else {
        "other"
    }
}

/// The cause's words, its names from those already loaded for the page.
pub(super) fn cause_of(
    cause: &AuditEvent,
    partners: &HashMap<String, String>,
    customers: &HashMap<String, EventCustomer>,
) -> EventCause {
    let partner = |id: Option<&str>| -> String {
        id.map(|id| partners.get(id).cloned().unwrap_or_else(|| id.to_owned()))
            .unwrap_or_default()
    };
    let customer = || -> String {
        cause
            .customer_id
            .as_ref()
            .or(cause.actor_customer_id.as_ref())
            .map(|c| {
                customers
                    .get(c.as_str())
                    .map_or_else(|| c.to_string(), |c| c.company_name.clone())
            })
            .unwrap_or_default()
    };
    let actor = cause.actor_partner_id.as_ref().map(|p| p.as_str());
    let subject = cause.subject_partner_id.as_ref().map(|p| p.as_str());
    let why = match &cause.operation {
        Operation::DelegatedAdminRemoved => Msg::new("activity-cause-delegated-admin-removed")
            .arg("customer", customer())
            .arg("ends", ends(&partner(subject)))
            .arg("partner", partner(subject)),
        Operation::RelationshipRemoved if actor.is_some() && actor == subject => {
            Msg::new("activity-cause-relationship-ended-own")
                .arg("partner", partner(subject))
                .arg("customer", customer())
        }
        Operation::RelationshipRemoved => Msg::new("activity-cause-relationship-removed")
            .arg("actor", partner(actor))
            .arg("ends", ends(&partner(subject)))
            .arg("partner", partner(subject))
            .arg("customer", customer()),
        Operation::PartnershipRemoved => Msg::new("activity-cause-partnership-removed")
            .arg("actor", partner(actor))
            .arg("partner", partner(subject)),
        other => Msg::new("activity-cause-other").arg("what", operation_msg(other)),
    };
    EventCause {
        id: cause.id.clone(),
        why,
    }
}
