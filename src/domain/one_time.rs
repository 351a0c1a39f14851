//! One-time links: the random token of a relationship invitation, a partnership request or a
//! set-password link.
//!
//! A token is 32 random bytes, hex-encoded; only its SHA-256 is stored, so a copy of the database
//! opens nothing. The raw token leaves the module that makes it once, in its return value, for the
//! person who sends the link; it is never logged.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// Length of a token as sent: 32 bytes in hex.
pub const TOKEN_LEN: usize = 64;

/// A new random token: 256 bits from the thread's CSPRNG, hex-encoded (URL-safe as it is).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token: lowercase hex SHA-256 of its text.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `raw` can be a token at all; anything else is not looked up.
pub fn plausible(raw: &str) -> bool {
    raw.len() == TOKEN_LEN && raw.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_plausible_and_hashes_to_something_else() {
        let token = generate();
        assert!(plausible(&token));
        assert_ne!(generate(), token);
        assert_eq!(hash(&token).len(), 64);
        assert_ne!(hash(&token), token);
        assert!(!plausible(&token[1..]));
        assert!(!plausible(&format!("{}g", &token[1..])));
    }
}
