//! Relationship invitations: the partner's list, creating and revoking them, a customer
//! admin's acceptance (rule 8), and a customer getting into partnerdesk through one
//! ([`onboarding`]: its first Global admin, or signing up).
//!
//! The token is a [`crate::domain::one_time`] token: only its hash is stored, and the raw token
//! leaves this module once, in [`create`]'s return value, for the partner to copy.

mod customer_side;
pub mod onboarding;
mod partner_side;

pub use customer_side::{
    Accepted, InvitationOffer, Lookup, RelationshipChange, Unusable, accept, offer,
};
pub use partner_side::{
    InvitationRequest, InvitationRow, MAX_NOTE_CHARS, RevokeOutcome, create, list, revoke,
};

use crate::i18n::Msg;

/// What is wrong with a form's fields: (field name, why), in the form's order.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(&'static str, Msg)>);

impl FieldErrors {
    /// Adds why `field` does not read.
    pub fn push(&mut self, field: &'static str, why: Msg) {
        self.0.push((field, why));
    }

    /// Whether every field read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Why `field` does not read, if it does not (the first reason).
    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
    }

    /// Every field error, in the form's order.
    pub fn all(&self) -> impl Iterator<Item = &(&'static str, Msg)> {
        self.0.iter()
    }

    /// Both lists, this one's first.
    pub fn extend(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }
}
