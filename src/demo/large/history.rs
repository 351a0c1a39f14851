//! A generated customer's year of history, as the audit events the app itself writes for it:
//! the customer accepts its resellers' invitations; Contoso's staff assign support contacts; now
//! and then Contoso ends a reseller's relationship, and the subscriptions that reseller supported
//! revert to Contoso in the same instant (rule 3). The history ends where the subscriptions are:
//! each one's last assignment names its current support contact, and its version counts its
//! changes.

use chrono::{NaiveDateTime, TimeDelta};

use super::{Links, SubscriptionRow, Tie, YEAR, time_between};
use crate::db::ids::{AuditEventId, PartnerId, UserId};
use crate::db::models::audit::Operation;
use crate::demo::rng::Rng;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::demo) enum Actor<'a> {
    /// A Contoso user.
    Contoso { user: &'a UserId },
    /// The customer itself, with no user of its own in the demo (shown as "System").
    Customer,
}

/// An audit event of a generated customer (its customer is the one it comes with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::demo) struct EventRow<'a> {
    pub(in crate::demo) id: AuditEventId,
    pub(in crate::demo) occurred_at: NaiveDateTime,
    pub(in crate::demo) actor: Actor<'a>,
    /// The partner the event concerns besides the actor.
    pub(in crate::demo) subject: &'a PartnerId,
    /// An index into the customer's subscriptions.
    pub(in crate::demo) subscription: Option<usize>,
    pub(in crate::demo) operation: Operation,
    pub(in crate::demo) old: &'a str,
    pub(in crate::demo) new: &'a str,
}

/// About this many events for a customer with an eligible reseller; fewer for the others, whose
/// support contacts cannot move. Overall, about 10 a customer.
const EVENTS_WITH_ELIGIBLE_RESELLER: (usize, usize) = (10, 15);

/// The customer's history; sets each subscription's version and last update to match it.
pub(super) fn write<'a>(
    rng: &mut Rng,
    links: &Links<'a>,
    ties: &[Tie<'a>],
    subscriptions: &mut [SubscriptionRow<'a>],
) -> Vec<EventRow<'a>> {
    let contoso = links.contoso;
    let mut story = Story {
        links,
        events: Vec::with_capacity(EVENTS_WITH_ELIGIBLE_RESELLER.1 + 4),
        contact: vec![contoso; subscriptions.len()],
        changes: vec![0; subscriptions.len()],
        last_change: vec![None; subscriptions.len()],
    };
    for tie in ties {
        let granted = if tie.delegated_admin {
            "active+delegated_admin"
        } else {
            "active"
        };
        let accepted = Operation::RelationshipAccepted;
        story.events.push(EventRow {
            old: "none",
            new: granted,
            ..event(rng, tie.created_at, Actor::Customer, accepted, tie.reseller)
        });
    }

    let mut removals: Vec<&Tie<'a>> = ties.iter().filter(|t| t.removed_at.is_some()).collect();
    removals.sort_by_key(|t| t.removed_at);
    for tie in removals {
        let Some(removed_at) = tie.removed_at else {
            continue;
        };
        if tie.delegated_admin && tie.partnership_active {
            // Before the end, the reseller supported some of the subscriptions.
            for s in 0..subscriptions.len() {
                let since = story.last_change[s]
                    .unwrap_or(tie.created_at)
                    .max(tie.created_at);
                let until = removed_at - TimeDelta::seconds(1);
                if story.contact[s] == contoso && since < until && rng.chance(35) {
                    let at = time_between(rng, since, until);
                    story.assign(rng, s, at, tie.reseller);
                }
            }
        }
        let remover = Actor::Contoso {
            user: rng.pick(&links.removers).unwrap_or(links.removers[0]),
        };
        let removed = Operation::RelationshipRemoved;
        story.events.push(EventRow {
            old: "active",
            new: "removed",
            ..event(rng, removed_at, remover, removed, tie.reseller)
        });
        for s in 0..subscriptions.len() {
            if story.contact[s] == tie.reseller {
                // Rule 3: in the same transaction, by the same actor; it concerns the seller.
                let reverted = Operation::SupportContactReverted;
                story.events.push(EventRow {
                    subscription: Some(s),
                    old: tie.reseller.as_str(),
                    new: contoso.as_str(),
                    ..event(rng, removed_at, remover, reverted, contoso)
                });
                story.changed(s, removed_at, contoso);
            }
        }
    }

    // Then assignments among the partners eligible now, ending at each current contact.
    let mut choices = vec![contoso];
    choices.extend(ties.iter().filter(|t| t.eligible_now()).map(|t| t.reseller));
    let mut extra = vec![0; subscriptions.len()];
    if choices.len() > 1 && !subscriptions.is_empty() {
        let (low, high) = EVENTS_WITH_ELIGIBLE_RESELLER;
        let target = rng.between(low, high);
        let needed = subscriptions
            .iter()
            .filter(|s| s.support_contact != contoso)
            .count();
        for _ in 0..target.saturating_sub(story.events.len() + needed) {
            extra[rng.below(subscriptions.len())] += 1;
        }
    }
    let newest_tie = ties.iter().map(|t| t.created_at).max();
    let latest = links.now - TimeDelta::seconds(3600);
    for (s, sub) in subscriptions.iter().enumerate() {
        let mut path = Vec::with_capacity(extra[s] + 1);
        let mut at = story.contact[s];
        for _ in 0..extra[s] {
            let others: Vec<&'a PartnerId> = choices.iter().copied().filter(|c| *c != at).collect();
            at = rng.pick(&others).unwrap_or(at);
            path.push(at);
        }
        if at != sub.support_contact {
            path.push(sub.support_contact);
        }
        let since = [story.last_change[s], newest_tie]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(links.now - TimeDelta::seconds(YEAR));
        let mut times: Vec<NaiveDateTime> = path
            .iter()
            .map(|_| time_between(rng, since, latest))
            .collect();
        times.sort_unstable();
        for i in 1..times.len() {
            // Strictly one after the other: the log orders them by time.
            times[i] = times[i].max(times[i - 1] + TimeDelta::seconds(1));
        }
        for (to, time) in path.into_iter().zip(times) {
            story.assign(rng, s, time, to);
        }
    }

    for (s, sub) in subscriptions.iter_mut().enumerate() {
        sub.version = 1 + story.changes[s];
        sub.updated_at = story.last_change[s].unwrap_or(sub.created_at);
    }
    story.events
}

/// An event with a fresh id, concerning `subject`; the caller fills in the rest.
fn event<'a>(
    rng: &mut Rng,
    occurred_at: NaiveDateTime,
    actor: Actor<'a>,
    operation: Operation,
    subject: &'a PartnerId,
) -> EventRow<'a> {
    EventRow {
        id: rng.ordered_uuid().into(),
        occurred_at,
        actor,
        subject,
        subscription: None,
        operation,
        old: "",
        new: "",
    }
}

/// The history so far.
struct Story<'l, 'a> {
    links: &'l Links<'a>,
    events: Vec<EventRow<'a>>,
    /// Each subscription's support contact at this point of the story.
    contact: Vec<&'a PartnerId>,
    changes: Vec<i32>,
    last_change: Vec<Option<NaiveDateTime>>,
}

impl<'a> Story<'_, 'a> {
    fn changed(&mut self, s: usize, at: NaiveDateTime, to: &'a PartnerId) {
        self.contact[s] = to;
        self.changes[s] += 1;
        self.last_change[s] = Some(at);
    }

    /// A Contoso user assigns the subscription's support contact, as `support_contact::assign`
    /// records it: the partner concerned is the one that gains it, or loses it to Contoso.
    fn assign(&mut self, rng: &mut Rng, s: usize, at: NaiveDateTime, to: &'a PartnerId) {
        let [global_admin, admin, helpdesk] = self.links.assigners;
        let user = match rng.below(100) {
            0..=14 => global_admin,
            15..=44 => admin,
            _ => helpdesk,
        };
        let from = self.contact[s];
        let concerned = if to == self.links.contoso { from } else { to };
        let assigned = Operation::SupportContactAssigned;
        self.events.push(EventRow {
            subscription: Some(s),
            old: from.as_str(),
            new: to.as_str(),
            ..event(rng, at, Actor::Contoso { user }, assigned, concerned)
        });
        self.changed(s, at, to);
    }
}
