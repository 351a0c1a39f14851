//! Settings: defaults < optional TOML file (`partnerdesk.toml`, or the file `PARTNERDESK_CONFIG`
//! names) < environment (`PARTNERDESK_*`, plus the conventional `DATABASE_URL`).

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
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

/// How log lines are written to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines: `… INFO request{request_id=… route=/customers/{tenant_id}}: …`.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
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
    /// Seconds between two deletions of expired sessions and drained sign-in counters (each
    /// instance deletes them, once at start and then this often).
    pub purge_interval_secs: u64,
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
    /// Seconds a stopping server (SIGTERM) lets requests in flight finish before it closes their
    /// connections; it stops accepting new ones at once.
    pub shutdown_timeout_secs: u64,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Days a relationship invitation stays valid.
    pub invitation_days: u32,
    /// Days a set-password link (a new user's, or a forgotten password's) stays valid.
    pub password_link_days: u32,
    /// Largest CSV file an import accepts, in bytes (the page's upload and the command line).
    pub import_max_bytes: u64,
    /// Sign-in attempts allowed.
    pub login_throttle: ThrottleSettings,
    /// Reverse proxies whose forwarding headers are believed. Empty: none.
    pub trusted_proxies: TrustedProxies,
    /// Which forwarding headers the trusted proxies set.
    pub proxy_header: ProxyHeader,
    /// Log lines as text or as JSON.
    pub log_format: LogFormat,
    /// A second listener, serving only `GET /metrics` (e.g. `127.0.0.1:9184`). `None`: none.
    pub metrics_bind: Option<String>,
    /// The bearer token `GET /metrics` requires. Without `metrics_bind` it opens `/metrics` on the
    /// main address; with neither set, `/metrics` is not served (404).
    #[serde(skip_serializing)]
    pub metrics_token: Option<Secret>,
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
            purge_interval_secs: 300,
            eligibility: EligibilityRule::default(),
            argon2: Argon2Settings::default(),
            pool_size: 10,
            connection_timeout_secs: 5,
            statement_timeout_secs: 10,
            shutdown_timeout_secs: 30,
            max_body_bytes: 64 * 1024,
            invitation_days: 30,
            password_link_days: 7,
            import_max_bytes: 256 * 1024 * 1024,
            login_throttle: ThrottleSettings::default(),
            trusted_proxies: TrustedProxies::default(),
            proxy_header: ProxyHeader::default(),
            log_format: LogFormat::default(),
            metrics_bind: None,
            metrics_token: None,
        }
    }
}

/// The reverse proxies whose forwarding headers (the client's address, the host and scheme it
/// asked for) are believed: IP addresses and CIDR ranges. Written as a list, or as one string
/// separated by commas or spaces (`"127.0.0.1, 10.0.0.0/8"`), which is the handy form in an
/// environment variable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Whether `address` is one of the trusted proxies.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|range| range.contains(&address))
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn parse_entry(entry: &str) -> Result<IpNet, String> {
        if let Ok(address) = entry.parse::<IpAddr>() {
            return Ok(IpNet::from(address.to_canonical()));
        }
        entry.parse::<IpNet>().map_err(|_| {
            format!(
                "trusted_proxies: `{entry}` is neither an IP address nor a CIDR range \
                 (such as 10.0.0.1, 10.0.0.0/8 or fd00::/8)"
            )
        })
    }

    fn from_entries<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        entries
            .into_iter()
            .flat_map(|e| e.split(|c: char| c == ',' || c.is_whitespace()))
            .filter(|e| !e.is_empty())
            .map(Self::parse_entry)
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// Addresses and ranges separated by commas or spaces.
    fn from_str(s: &str) -> Result<Self, String> {
        Self::from_entries([s])
    }
}

impl Serialize for TrustedProxies {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(ToString::to_string))
    }
}

impl<'de> Deserialize<'de> for TrustedProxies {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            List(Vec<String>),
            One(String),
        }
        let entries = match Written::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "trusted_proxies must be a list of IP addresses and CIDR ranges",
            )
        })? {
            Written::List(list) => list,
            Written::One(one) => vec![one],
        };
        Self::from_entries(entries.iter().map(String::as_str)).map_err(serde::de::Error::custom)
    }
}

/// The forwarding headers a trusted proxy sets. Only one kind is read: a proxy passes the other
/// kind on from the client unchanged, so reading both would let a client forge its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ProxyHeader {
    /// `X-Forwarded-For`, `X-Forwarded-Host`, `X-Forwarded-Proto`: what nginx, HAProxy, Caddy,
    /// Traefik and most load balancers send.
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=…;host=…;proto=…`.
    Forwarded,
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
        if self.purge_interval_secs == 0 {
            return invalid("purge_interval_secs must be at least 1");
        }
        if self.argon2.memory_kib < 8 * self.argon2.parallelism.max(1)
            || self.argon2.iterations == 0
        {
            return invalid("argon2 parameters are too small");
        }
        if !(1..=365).contains(&self.invitation_days) {
            return invalid("invitation_days must be from 1 to 365");
        }
        if !(1..=90).contains(&self.password_link_days) {
            return invalid("password_link_days must be from 1 to 90");
        }
        if self.max_body_bytes < 1024 {
            return invalid("max_body_bytes must be at least 1024");
        }
        if self.import_max_bytes < 1024 {
            return invalid("import_max_bytes must be at least 1024");
        }
        if let Some(key) = &self.session_key {
            session_key_bytes(key.expose()).map_err(ConfigError::Invalid)?;
        }
        crate::web::metrics::check_settings(self).map_err(ConfigError::Invalid)
    }

    /// The database pool options.
    pub fn pool_options(&self) -> PoolOptions {
        PoolOptions {
            max_size: self.pool_size,
            connection_timeout: Duration::from_secs(self.connection_timeout_secs),
            statement_timeout: Duration::from_secs(self.statement_timeout_secs),
            min_idle: 1,
        }
    }

    /// The pool of a command that runs and exits (`migrate`, `org add`, `import`, …): no
    /// connection made in the background, so that none is half-made when the process exits.
    pub fn command_pool_options(&self) -> PoolOptions {
        PoolOptions {
            min_idle: 0,
            ..self.pool_options()
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

/// A secret setting (the session key, the metrics token): a [`SecretString`], so it is wiped from
/// memory when dropped and read only where it is exposed on purpose; `Debug` shows `[redacted]`,
/// so it cannot reach a log line.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: String) -> Self {
        Self(SecretString::from(value))
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests;
