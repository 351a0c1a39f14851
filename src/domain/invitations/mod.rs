//! Relationship invitations: the partner's list, creating and revoking them, and a customer
//! admin's acceptance (rule 8).
//!
//! The token is a [`crate::domain::one_time`] token: only its hash is stored, and the raw token
//! leaves this module once, in [`create`]'s return value, for the partner to copy.

mod customer_side;
mod partner_side;

pub use customer_side::{
    Accepted, InvitationOffer, Lookup, RelationshipChange, Unusable, accept, offer,
};
pub use partner_side::{InvitationRow, RevokeOutcome, create, list, revoke};
