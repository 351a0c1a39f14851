//! What this binary is: the package's version and the git revision it was built from (build.rs;
//! "unknown" when built outside a git checkout).

/// The package version, `0.1.0`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The short git revision the binary was built from, or "unknown".
pub const REVISION: &str = env!("GIT_REVISION");

/// `0.1.0 (abc1234)`: what `partnerdesk --version` prints after the name, and the
/// `X-Partnerdesk-Version` header of `/healthz`.
pub const DESCRIBED: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("GIT_REVISION"), ")");
