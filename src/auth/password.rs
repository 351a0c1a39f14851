//! argon2id password hashing with configurable cost and rehash-on-sign-in.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::Argon2Settings;

/// Hashes and verifies passwords with the configured argon2id parameters.
pub struct PasswordHasher {
    argon2: Argon2<'static>,
    params: Params,
    /// Verified when the email is unknown, so that the answer takes as long as for a wrong password.
    dummy_hash: String,
}

/// The outcome of checking a password.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    /// Right password; `needs_rehash` when the stored hash used other parameters.
    Valid {
        /// The stored hash should be replaced by one with the current parameters.
        needs_rehash: bool,
    },
    /// Wrong password, unknown account or unreadable hash.
    Invalid,
}

impl PasswordHasher {
    /// A hasher with these parameters.
    pub fn new(settings: Argon2Settings) -> anyhow::Result<Self> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let mut hasher = Self {
            argon2,
            params,
            dummy_hash: String::new(),
        };
        hasher.dummy_hash = hasher.hash("partnerdesk dummy password")?;
        Ok(hasher)
    }

    /// A new salted PHC hash of `password`.
    pub fn hash(&self, password: &str) -> anyhow::Result<String> {
        let hash: PasswordHash = self
            .argon2
            .hash_password(password.as_bytes())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
        Ok(hash.to_string())
    }

    /// Checks `password` against `stored`; with `None` (unknown account) it checks a dummy hash
    /// so that the time taken does not tell whether the account exists.
    pub fn verify(&self, stored: Option<&str>, password: &str) -> Verification {
        let (hash, real) = match stored {
            Some(stored) => (stored, true),
            None => (self.dummy_hash.as_str(), false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return Verification::Invalid;
        };
        let matches = self
            .argon2
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        if !(matches && real) {
            return Verification::Invalid;
        }
        let current = Params::try_from(&parsed).ok();
        let needs_rehash = parsed.algorithm.as_str() != Algorithm::Argon2id.as_str()
            || current.is_none_or(|p| {
                p.m_cost() != self.params.m_cost()
                    || p.t_cost() != self.params.t_cost()
                    || p.p_cost() != self.params.p_cost()
            });
        Verification::Valid { needs_rehash }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap(memory_kib: u32) -> PasswordHasher {
        PasswordHasher::new(Argon2Settings {
            memory_kib,
            iterations: 1,
            parallelism: 1,
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn verifies_and_detects_parameter_changes() {
        let old = cheap(64);
        let hash = old.hash("correct horse battery").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert_eq!(
            old.verify(Some(&hash), "correct horse battery"),
            Verification::Valid {
                needs_rehash: false
            }
        );
        assert_eq!(old.verify(Some(&hash), "wrong"), Verification::Invalid);
        assert_eq!(
            old.verify(None, "partnerdesk dummy password"),
            Verification::Invalid
        );
        assert_eq!(old.verify(Some("garbage"), "x"), Verification::Invalid);
        let new = cheap(128);
        assert_eq!(
            new.verify(Some(&hash), "correct horse battery"),
            Verification::Valid { needs_rehash: true }
        );
    }
}
