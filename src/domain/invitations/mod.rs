//! Relationship invitations: the partner's list, creating and revoking them, and a customer
//! admin's acceptance (rule 8).
//!
//! The token is 32 random bytes, hex-encoded; only its SHA-256 is stored. The raw token leaves
//! this module once, in [`create`]'s return value, for the partner to copy; it is never logged.

mod customer_side;
mod partner_side;

pub use customer_side::{
    Accepted, InvitationOffer, Lookup, RelationshipChange, Unusable, accept, offer,
};
pub use partner_side::{InvitationRow, RevokeOutcome, create, list, revoke};

use rand::RngCore;

use sha2::{Digest, Sha256};

/// Length of a token as sent: 32 bytes in hex.
pub const TOKEN_LEN: usize = 64;

/// A new random token: 256 bits from the thread's CSPRNG, hex-encoded (URL-safe as it is).
fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token: lowercase hex SHA-256 of its text.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `raw` can be a token at all; anything else is not looked up.
fn plausible_token(raw: &str) -> bool {
    raw.len() == TOKEN_LEN && raw.bytes().all(|b| b.is_ascii_hexdigit())
}
