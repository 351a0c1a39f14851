//! Black-box tests: the real app on a random port, a fresh database per test, real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod activity;
mod activity_causes;
mod backends;
mod browser;
mod cli;
mod customer_list;
mod db;
mod demo;
mod demo_rows;
mod docs;
mod fixtures;
mod helpers;
mod hostile;
mod i18n;
mod import;
mod instances;
mod invariant;
mod invitations;
mod layers;
mod logs;
mod metrics;
mod onboarding;
mod ops;
mod outage;
mod partnerships;
mod pickers;
mod property;
mod races;
mod relationships;
mod rules;
mod scenario;
mod security;
mod security_proxy;
mod sessions;
mod subscription_list;
mod support_profile;
mod users;
mod walk;
mod web;
// Bulk assignment (issue 15).
mod batch_races;
mod batches;
