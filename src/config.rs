//! Settings: defaults < optional TOML file (`partnerdesk.toml`, or the file `PARTNERDESK_CONFIG`
//! names) < environment (`PARTNERDESK_*`, plus the conventional `DATABASE_URL`).

use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::db::PoolOptions;

/// Which resellers may be designated support contacts (DESIGN.md rule 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityRule {
    /// Partner Center's documented rule: an active partnership, an active customer relationship and
    /// delegated admin privileges on it.
    #[default]
    DelegatedAdmin,
    /// As above without delegated admin, which is retired in the real channel.
    Relationship,
}

/// argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argon2Settings {
    /// Memory in KiB (OWASP: 19456).
    pub memory_kib: u32,
    /// Passes (OWASP: 2).
    pub iterations: u32,
    /// Lanes (OWASP: 1).
    pub parallelism: u32,
}

impl Default for Argon2Settings {
    fn default() -> Self {
        Self {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// All settings of a running partnerdesk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub database_url: String,
    /// Address to listen on.
    pub bind: String,
    /// Session cookie key: at least 64 bytes, hex-encoded. Required unless serving the demo.
    #[serde(skip_serializing)]
    pub session_key: Option<Secret>,
    /// Mark cookies Secure (HTTPS only). `None`: yes, except for `serve --demo`.
    pub cookie_secure: Option<bool>,
    /// Sessions end after this long without a request.
    pub session_idle_minutes: u32,
    /// Sessions end this long after sign-in, whatever the activity.
    pub session_lifetime_hours: u32,
    /// Rule 2's variant.
    pub eligibility: EligibilityRule,
    /// Password hashing cost.
    pub argon2: Argon2Settings,
    /// Most database connections.
    pub pool_size: u32,
    /// Seconds a request waits for a database connection.
    pub connection_timeout_secs: u64,
    /// Seconds a single statement may run.
    pub statement_timeout_secs: u64,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Days a relationship invitation stays valid.
    pub invitation_days: u32,
    /// Sign-in attempts allowed.
    pub login_throttle: ThrottleSettings,
}

/// Sign-in attempts allowed per account and per client address: a burst, then so many a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleSettings {
    /// Attempts in a row for one account.
    pub account_burst: u32,
    /// Attempts regained per minute for one account.
    pub account_per_minute: u32,
    /// Attempts in a row from one address.
    pub address_burst: u32,
    /// Attempts regained per minute from one address.
    pub address_per_minute: u32,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self {
            account_burst: 5,
            account_per_minute: 2,
            address_burst: 50,
            address_per_minute: 30,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://partnerdesk.db".to_owned(),
            bind: "127.0.0.1:8080".to_owned(),
            session_key: None,
            cookie_secure: None,
            session_idle_minutes: 30,
            session_lifetime_hours: 12,
            eligibility: EligibilityRule::default(),
            argon2: Argon2Settings::default(),
            pool_size: 10,
            connection_timeout_secs: 5,
            statement_timeout_secs: 10,
            max_body_bytes: 64 * 1024,
            invitation_days: 30,
            login_throttle: ThrottleSettings::default(),
        }
    }
}

/// A configuration that cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading or parsing the sources failed.
    #[error("configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    /// A value is out of range.
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// Reads defaults, then the config file if present, then the environment.
    pub fn load() -> Result<Self, ConfigError> {
        let file =
            std::env::var("PARTNERDESK_CONFIG").unwrap_or_else(|_| "partnerdesk.toml".to_owned());
        let settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .merge(
                Env::prefixed("PARTNERDESK_")
                    .ignore(&["CONFIG"])
                    .split("__"),
            )
            .extract()
            .map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks ranges that types cannot express.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: &str| Err(ConfigError::Invalid(m.to_owned()));
        if self.pool_size == 0 {
            return invalid("pool_size must be at least 1");
        }
        if self.session_idle_minutes == 0 || self.session_lifetime_hours == 0 {
            return invalid("session_idle_minutes and session_lifetime_hours must be at least 1");
        }
        if self.argon2.memory_kib < 8 * self.argon2.parallelism.max(1)
            || self.argon2.iterations == 0
        {
            return invalid("argon2 parameters are too small");
        }
        if !(1..=365).contains(&self.invitation_days) {
            return invalid("invitation_days must be from 1 to 365");
        }
        if self.max_body_bytes < 1024 {
            return invalid("max_body_bytes must be at least 1024");
        }
        if let Some(key) = &self.session_key {
            session_key_bytes(key.expose()).map_err(ConfigError::Invalid)?;
        }
        Ok(())
    }

    /// The database pool options.
    pub fn pool_options(&self) -> PoolOptions {
        PoolOptions {
            max_size: self.pool_size,
            connection_timeout: Duration::from_secs(self.connection_timeout_secs),
            statement_timeout: Duration::from_secs(self.statement_timeout_secs),
        }
    }
}

/// Decodes a hex session key of at least 64 bytes. The key itself never appears in the message.
pub fn session_key_bytes(hex_key: &str) -> Result<Vec<u8>, String> {
    let bytes =
        hex::decode(hex_key.trim()).map_err(|_| "session_key must be hex-encoded".to_owned())?;
    if bytes.len() < 64 {
        return Err(format!(
            "session_key must be at least 64 bytes (128 hex digits); it has {}",
            bytes.len()
        ));
    }
    Ok(bytes)
}

/// A secret setting: never shown by `Debug`, so it cannot reach a log line.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_owasp_argon2_and_a_valid_configuration() {
        let defaults = Settings::default();
        assert_eq!(
            defaults.argon2,
            Argon2Settings {
                memory_kib: 19_456,
                iterations: 2,
                parallelism: 1
            }
        );
        assert!(defaults.validate().is_ok());
        assert_eq!(
            defaults.cookie_secure, None,
            "Secure unless configured (or --demo)"
        );
    }

    #[test]
    fn a_short_or_malformed_session_key_is_refused_without_echoing_it() {
        let short = "ab".repeat(63);
        let err = session_key_bytes(&short).err().unwrap_or_default();
        assert!(
            err.contains("at least 64 bytes") && !err.contains(&short),
            "{err}"
        );
        assert!(session_key_bytes("not hex").is_err());
        assert!(session_key_bytes(&"ab".repeat(64)).is_ok());
        let settings = Settings {
            session_key: Some(Secret::new(short)),
            ..Settings::default()
        };
        assert!(settings.validate().is_err());
        assert_eq!(
            format!("{:?}", Secret::new("hunter2".to_owned())),
            "[redacted]"
        );
    }
}
