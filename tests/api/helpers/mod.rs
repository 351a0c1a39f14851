//! The test harness: the real application on a random port over a fresh database (a temp SQLite
//! file, or with `TEST_DATABASE_URL=postgres://…` a fresh PostgreSQL database), loaded with the
//! demo data, and a cookie-keeping HTTP client that does not follow redirects.
//!
//! - [`database`]: a database per test;
//! - [`app`]: the app, its client, and lookups of rows by their words;
//! - [`html`]: pages read with CSS selectors;
//! - [`flows`]: sequences many tests go through (sign in and open a page, assign and review,
//!   accept an invitation);
//! - [`served`]: the real binary as a process.
//!
//! Rows a test needs besides the demo's are built in `crate::fixtures`.

// Shared by every test module; not each uses every helper.
#![allow(dead_code)]

pub mod app;
pub mod database;
pub mod flows;
pub mod html;
pub mod served;

pub use app::*;
pub use database::*;
pub use flows::*;
pub use html::*;
pub use served::*;

use partnerdesk::config::Argon2Settings;

/// Every demo user's password, and every built user's.
pub const PASSWORD: &str = "demo-password-1";

/// Cheap hashing: tests measure behaviour, not cost.
pub const TEST_ARGON2: Argon2Settings = Argon2Settings {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};
