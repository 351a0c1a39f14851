//! Events into words: operations, values and "who" as [`Msg`]s, with the names they refer to
//! loaded in one query per kind.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::db::ids::{AuditEventId, BatchId, PartnerId, SubscriptionId, TenantId};
use crate::db::models::audit::{self, AuditEvent, LogCustomer, Operation};
use crate::db::models::customer;
use crate::db::models::partner;
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Msg;

pub use super::causes::EventCause;
use super::causes::cause_of;

/// An operation, to be put into words; one this version does not know is shown by its stored
/// name.
pub fn operation_msg(op: &Operation) -> Msg {
    op.label_key().map_or_else(
        || Msg::new("activity-op-unknown").arg("name", op.as_str()),
        Msg::new,
    )
}

/// A customer an event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCustomer {
    /// Its tenant id (the link to its page).
    pub tenant_id: TenantId,
    /// Its company name.
    pub company_name: String,
}

impl From<LogCustomer> for EventCustomer {
    fn from(c: LogCustomer) -> Self {
        EventCustomer {
            tenant_id: c.tenant_id,
            company_name: c.company_name,
        }
    }
}

/// One event, ready to be put into words: names are data, the rest is [`Msg`]s that the page
/// words in the reader's language.
#[derive(Debug, Clone)]
pub struct ActivityRow {
    /// The event.
    pub id: AuditEventId,
    /// When it happened (UTC).
    pub occurred_at: NaiveDateTime,
    /// Who acted: the user's display name, "System" when no user acted (the command line), or
    /// "Unknown user" when the user is gone.
    pub who: Msg,
    /// The acting organization's name.
    pub organization: Option<String>,
    /// The customer the event is about.
    pub customer: Option<EventCustomer>,
    /// The subscription the event is about.
    pub subscription_id: Option<SubscriptionId>,
    /// That subscription's product name.
    pub product: Option<String>,
    /// The operation.
    pub operation: Operation,
    /// The operation, in words.
    pub what: Msg,
    /// The value before.
    pub old: Option<Msg>,
    /// The value after.
    pub new: Option<Msg>,
    /// The event that caused this one, and why in words (a rule 3 revert's removal).
    pub cause: Option<EventCause>,
    /// The bulk assignment this event is part of.
    pub batch_id: Option<BatchId>,
}

/// Whether an operation's old and new values are partner ids (`None`: Microsoft).
fn values_are_partners(op: &Operation) -> bool {
    matches!(
        op,
        Operation::SupportContactAssigned
            | Operation::SupportContactReverted
            | Operation::SupportDefaultSet
            | Operation::SupportDefaultCleared
    )
}

/// A stored old or new value, to be put into words. The words depend on the operation (in Polish
/// the adjective agrees with what changed: a relationship, an invitation, privileges); a value
/// this version does not know is shown as stored.
fn value_msg(op: &Operation, raw: Option<&str>, partners: &HashMap<String, String>) -> Option<Msg> {
    if values_are_partners(op) {
        return Some(match raw {
            None => Msg::new("activity-value-microsoft"),
            Some(id) => {
                Msg::new("activity-name").arg("name", partners.get(id).map_or(id, String::as_str))
            }
        });
    }
    let raw = raw?;
    let id = match (op, raw) {
        (Operation::UserCreated | Operation::UserRoleChanged, _) => {
            return Some(user_created_msg(raw));
        }
        (Operation::ImportCompleted, _) => return Some(import_msg(raw)),
        (Operation::InvitationCreated, "delegated_admin") => {
            "activity-value-invitation-delegated-admin"
        }
        (Operation::InvitationCreated, "reseller") => "activity-value-invitation-reseller",
        (Operation::InvitationRevoked, "pending") => "activity-value-invitation-pending",
        (Operation::InvitationRevoked, "revoked") => "activity-value-invitation-revoked",
        (Operation::RelationshipAccepted | Operation::RelationshipRemoved, value) => match value {
            "none" => "activity-value-relationship-none",
            "active" => "activity-value-relationship-active",
            "active+delegated_admin" => "activity-value-relationship-active-delegated-admin",
            "removed" => "activity-value-relationship-removed",
            _ => return Some(Msg::new("activity-value-other").arg("value", raw)),
        },
        (Operation::DelegatedAdminRemoved, "granted") => "activity-value-delegated-admin-granted",
        (Operation::DelegatedAdminRemoved, "removed") => "activity-value-delegated-admin-removed",
        (Operation::PartnershipRemoved, "active") => "activity-value-partnership-active",
        (Operation::PartnershipRemoved, "removed") => "activity-value-partnership-ended",
        (Operation::SupportProfileChanged, _) => {
            return Some(crate::domain::support_profile::changes_in_words(raw));
        }
        (Operation::PartnershipRequested, note) => {
            return Some(Msg::new("activity-value-partnership-request-for").arg("note", note));
        }
        (Operation::PartnershipRequestRevoked, "pending") => "activity-value-request-pending",
        (Operation::PartnershipRequestRevoked, "revoked") => "activity-value-request-revoked",
        (Operation::PartnershipAccepted, value) => match value {
            "none" => "activity-value-partnership-none",
            "pending" => "activity-value-partnership-pending",
            "active" => "activity-value-partnership-active",
            "removed" => "activity-value-partnership-ended",
            _ => return Some(Msg::new("activity-value-other").arg("value", raw)),
        },
        _ => return Some(Msg::new("activity-value-other").arg("value", raw)),
    };
    Some(Msg::new(id))
}

/// An import's counts (`kind:new:changed:unchanged`), in words.
fn import_msg(raw: &str) -> Msg {
    match crate::domain::import::read_audit_value(raw) {
        Some((kind, new, changed, unchanged)) => Msg::new("activity-value-import")
            .arg("kind", Msg::new(kind.label_key()))
            .arg("new", new)
            .arg("changed", changed)
            .arg("unchanged", unchanged),
        None => Msg::new("activity-value-other").arg("value", raw),
    }
}

/// `email (role)`, stored as the command line wrote it, with the role in words.
fn user_created_msg(raw: &str) -> Msg {
    let role = raw
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .and_then(|(email, role)| Role::parse(role).map(|role| (email, role)));
    match role {
        Some((email, role)) => Msg::new("activity-value-user")
            .arg("email", email)
            .arg("role", Msg::new(role.label_key())),
        None => Msg::new("activity-value-other").arg("value", raw),
    }
}

/// Sorted, deduplicated ids.
fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Puts events into words, loading the users, partners, customers and products they name in four
/// queries whatever the number of events. A batch is named only on the events of `viewer`'s own
/// bulk assignments: the batch page is the assigning organization's (anyone else's link would be a
/// 404).
pub(super) fn in_words(
    conn: &mut DbConn,
    events: Vec<AuditEvent>,
    viewer: &PartnerId,
) -> Result<Vec<ActivityRow>, AppError> {
    let user_ids = distinct(
        events
            .iter()
            .filter_map(|e| e.actor_user_id.as_ref().map(|u| u.as_str())),
    );
    let cause_ids = distinct(
        events
            .iter()
            .filter_map(|e| e.cause_id.as_ref().map(|c| c.as_str())),
    );
    let causes: HashMap<String, AuditEvent> = audit::find_events(conn, &cause_ids)?
        .into_iter()
        .map(|c| (c.id.to_string(), c))
        .collect();
    let users: HashMap<String, String> = audit::user_names(conn, &user_ids)?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();

    let partner_ids = distinct(
        events
            .iter()
            .flat_map(|e| {
                let values = values_are_partners(&e.operation)
                    .then_some([e.old_value.as_deref(), e.new_value.as_deref()]);
                [e.actor_partner_id.as_ref().map(|p| p.as_str())]
                    .into_iter()
                    .chain(values.into_iter().flatten())
                    .flatten()
            })
            .chain(causes.values().flat_map(|c| {
                [c.actor_partner_id.as_ref(), c.subject_partner_id.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|p| p.as_str())
            })),
    );
    let partners: HashMap<String, String> = partner::find_many(conn, &partner_ids)?
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect();

    let customer_ids = distinct(events.iter().chain(causes.values()).flat_map(|e| {
        [e.customer_id.as_ref(), e.actor_customer_id.as_ref()]
            .into_iter()
            .flatten()
            .map(|c| c.as_str())
    }));
    let customers: HashMap<String, EventCustomer> = customer::find_many(conn, &customer_ids)?
        .into_iter()
        .map(|c| {
            (
                c.id.to_string(),
                EventCustomer {
                    tenant_id: c.tenant_id,
                    company_name: c.company_name,
                },
            )
        })
        .collect();

    let subscription_ids = distinct(
        events
            .iter()
            .filter_map(|e| e.subscription_id.as_ref().map(|s| s.as_str())),
    );
    let products: HashMap<String, String> = audit::subscription_products(conn, &subscription_ids)?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();

    Ok(events
        .into_iter()
        .map(|e| {
            let who = match &e.actor_user_id {
                None => Msg::new("activity-who-system"),
                Some(u) => users.get(u.as_str()).map_or_else(
                    || Msg::new("activity-who-unknown"),
                    |name| Msg::new("activity-name").arg("name", name.as_str()),
                ),
            };
            let organization = match (&e.actor_partner_id, &e.actor_customer_id) {
                (Some(p), _) => partners.get(p.as_str()).cloned(),
                (None, Some(c)) => customers.get(c.as_str()).map(|c| c.company_name.clone()),
                (None, None) => None,
            };
            let customer = e
                .customer_id
                .as_ref()
                .and_then(|c| customers.get(c.as_str()).cloned());
            let product = e
                .subscription_id
                .as_ref()
                .and_then(|s| products.get(s.as_str()).cloned());
            let cause = e
                .cause_id
                .as_ref()
                .and_then(|c| causes.get(c.as_str()))
                .map(|c| cause_of(c, &partners, &customers));
            ActivityRow {
                cause,
                batch_id: e
                    .batch_id
                    .filter(|_| e.actor_partner_id.as_ref() == Some(viewer)),
                old: value_msg(&e.operation, e.old_value.as_deref(), &partners),
                new: value_msg(&e.operation, e.new_value.as_deref(), &partners),
                what: operation_msg(&e.operation),
                id: e.id,
                occurred_at: e.occurred_at,
                who,
                organization,
                customer,
                subscription_id: e.subscription_id,
                product,
                operation: e.operation,
            }
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn operations_and_values_read_as_words_in_both_languages() {
        let en = |m: &Msg| Lang::En.msg(m);
        let pl = |m: &Msg| Lang::Pl.msg(m);
        assert_eq!(
            en(&operation_msg(&Operation::PartnershipRemoved)),
            "Partnership ended"
        );
        assert_eq!(
            pl(&operation_msg(&Operation::PartnershipRemoved)),
            "Zakończenie partnerstwa"
        );
        assert_eq!(
            en(&operation_msg(&Operation::from_stored(
                "something.new".to_owned()
            ))),
            "something.new"
        );
        assert_eq!(
            Operation::parse("support_contact.assigned"),
            Some(Operation::SupportContactAssigned)
        );
        assert_eq!(Operation::parse("support_contact"), None);
        let partners = HashMap::from([("p1".to_owned(), "Fabrikam Solutions".to_owned())]);
        let words = |lang: Lang, op: &Operation, raw: Option<&str>| {
            value_msg(op, raw, &partners)
                .map(|m| lang.msg(&m))
                .unwrap_or_default()
        };
        for lang in Lang::ALL {
            assert_eq!(
                words(lang, &Operation::SupportContactAssigned, Some("p1")),
                "Fabrikam Solutions"
            );
            assert_eq!(
                words(lang, &Operation::SupportContactReverted, None),
                "Microsoft"
            );
            assert_eq!(words(lang, &Operation::RelationshipRemoved, None), "");
            assert_eq!(
                words(lang, &Operation::RelationshipRemoved, Some("paused")),
                "paused",
                "a value this version does not know"
            );
        }
        for (op, raw, english, polish) in [
            (
                Operation::RelationshipAccepted,
                "active+delegated_admin",
                "active, with delegated admin privileges",
                "aktywna, z delegowanymi uprawnieniami administratora",
            ),
            (
                Operation::RelationshipAccepted,
                "none",
                "no relationship",
                "brak relacji",
            ),
            (
                Operation::InvitationCreated,
                "delegated_admin",
                "reseller relationship with delegated admin privileges",
                "relacja odsprzedawcy z delegowanymi uprawnieniami administratora",
            ),
            (
                Operation::DelegatedAdminRemoved,
                "removed",
                "removed",
                "usunięte",
            ),
            (
                Operation::UserCreated,
                "a@b.example (admin_agent)",
                "a@b.example (Admin agent)",
                "a@b.example (Agent administracyjny)",
            ),
            (
                Operation::UserCreated,
                "a@b.example (wizard)",
                "a@b.example (wizard)",
                "a@b.example (wizard)",
            ),
            (
                Operation::ImportCompleted,
                "customers:3:1:0",
                "Customers: 3 new, 1 changed, 0 unchanged",
                "Klienci: nowe 3, zmienione 1, bez zmian 0",
            ),
        ] {
            assert_eq!(words(Lang::En, &op, Some(raw)), english, "{op} {raw}");
            assert_eq!(words(Lang::Pl, &op, Some(raw)), polish, "{op} {raw}");
        }
    }

    /// The ids of [`Operation`] are held in its declaration, which the scan of `src/i18n.rs`
    /// does not read: each must exist in both languages (a missing Polish one falls back to
    /// English).
    #[test]
    fn every_operation_has_words_in_both_languages() {
        for op in Operation::ALL {
            let (name, id) = (op.as_str(), op.label_key().unwrap());
            let (en, pl) = (Lang::En.t(id), Lang::Pl.t(id));
            assert_ne!(en, id, "{name}: no English words");
            assert_ne!(pl, en, "{name}: no Polish words");
        }
    }
}
