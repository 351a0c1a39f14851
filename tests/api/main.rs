//! Black-box tests: the real app on a random port, a fresh database per test, real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod scenario;
mod backends;
