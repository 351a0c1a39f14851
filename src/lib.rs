//! partnerdesk: a partner portal for the cloud-reseller channel.

pub mod auth;
pub mod blocking;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod housekeeping;
pub mod i18n;
pub mod metrics;
pub mod ops;
pub mod startup;
pub mod version;
pub mod web;
