//! The application's metrics, in the Prometheus text format (`GET /metrics`, see
//! docs/deployment.md). One registry per app instance, kept in its state: two apps in one process
//! (as the tests run them) count apart. Counters and histograms are atomics; a request costs two
//! lookups of its label set under a shared read lock, and no database work. The pool's figures and
//! the live session count are read when scraped.

use std::sync::Mutex;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

use crate::db::PoolStats;

/// What `GET /metrics` answers with.
pub const CONTENT_TYPE: &str = prometheus::TEXT_FORMAT;

/// The live session count's name: left out of a scrape when it cannot be counted.
const SESSIONS: &str = "partnerdesk_sessions";

/// Latency buckets, in seconds: pages take milliseconds, a sign-in's password hash tens of them.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Why rule 3 reverted a support contact to the subscription's seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevertCause {
    /// A customer's Global admin removed a partner's delegated admin privileges.
    DelegatedAdminRemoved,
    /// A partner ended its own relationship with a customer, or a reseller's.
    RelationshipRemoved,
    /// An indirect provider ended a partnership with a reseller.
    PartnershipEnded,
}

impl RevertCause {
    const ALL: [Self; 3] = [
        Self::DelegatedAdminRemoved,
        Self::RelationshipRemoved,
        Self::PartnershipEnded,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::DelegatedAdminRemoved => "delegated_admin_removed",
            Self::RelationshipRemoved => "relationship_removed",
            Self::PartnershipEnded => "partnership_ended",
        }
    }
}

/// The metrics of one app instance.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    sign_in_successes: IntCounter,
    sign_in_failures: IntCounter,
    throttled_sign_ins: IntCounter,
    support_contact_changes: IntCounter,
    support_contact_reverts: IntCounterVec,
    import_rows: IntCounter,
    pool_connections: IntGaugeVec,
    pool_max: IntGauge,
    pool_waiting: IntGauge,
    pool_waits: IntCounter,
    pool_wait_timeouts: IntCounter,
    sessions: IntGauge,
    /// One scrape at a time: the pool's counters are brought up to the pool's own.
    scrape: Mutex<()>,
}

fn register<C: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    collector: C,
) -> prometheus::Result<C> {
    registry.register(Box::new(collector.clone()))?;
    Ok(collector)
}

impl Metrics {
    /// Every metric, registered; the labelled ones that have a fixed set of labels start at zero.
    pub fn new() -> prometheus::Result<Self> {
        let r = Registry::new();
        let request_labels = &["method", "route", "status"];
        let requests = register(
            &r,
            IntCounterVec::new(
                Opts::new(
                    "partnerdesk_http_requests_total",
                    "HTTP requests answered, by method, route pattern and status.",
                ),
                request_labels,
            )?,
        )?;
        let latency = register(
            &r,
            HistogramVec::new(
                HistogramOpts::new(
                    "partnerdesk_http_request_duration_seconds",
                    "Time to the answer's head, by method, route pattern and status.",
                )
                .buckets(LATENCY_BUCKETS.to_vec()),
                request_labels,
            )?,
        )?;
        let sign_ins = register(
            &r,
            IntCounterVec::new(
                Opts::new(
                    "partnerdesk_sign_ins_total",
                    "Sign-in attempts checked, by outcome (success, failure).",
                ),
                &["outcome"],
            )?,
        )?;
        let throttled = register(
            &r,
            IntCounterVec::new(
                Opts::new(
                    "partnerdesk_throttled_requests_total",
                    "Requests refused by a rate limit (429), by limiter.",
                ),
                &["limiter"],
            )?,
        )?;
        let support_contact_reverts = register(
            &r,
            IntCounterVec::new(
                Opts::new(
                    "partnerdesk_support_contact_reverts_total",
                    "Support contacts reverted to the seller (rule 3), by cause.",
                ),
                &["cause"],
            )?,
        )?;
        for cause in RevertCause::ALL {
            support_contact_reverts.get_metric_with_label_values(&[cause.label()])?;
        }
        let pool_connections = register(
            &r,
            IntGaugeVec::new(
                Opts::new(
                    "partnerdesk_db_pool_connections",
                    "Open database connections, by state (in_use, idle).",
                ),
                &["state"],
            )?,
        )?;
        let counter = |name: &str, help: &str| register(&r, IntCounter::new(name, help)?);
        let gauge = |name: &str, help: &str| register(&r, IntGauge::new(name, help)?);
        Ok(Self {
            sign_in_successes: sign_ins.get_metric_with_label_values(&["success"])?,
            sign_in_failures: sign_ins.get_metric_with_label_values(&["failure"])?,
            throttled_sign_ins: throttled.get_metric_with_label_values(&["sign_in"])?,
            support_contact_changes: counter(
                "partnerdesk_support_contact_changes_total",
                "Support contacts assigned through the form (rule 3 reverts are counted apart).",
            )?,
            import_rows: counter(
                "partnerdesk_import_rows_total",
                "Rows taken in by the import (none until the import exists).",
            )?,
            pool_max: gauge(
                "partnerdesk_db_pool_max_connections",
                "Most database connections the pool opens (pool_size).",
            )?,
            pool_waiting: gauge(
                "partnerdesk_db_pool_waiting",
                "Requests waiting for a database connection now.",
            )?,
            pool_waits: counter(
                "partnerdesk_db_pool_waits_total",
                "Checkouts that found no idle database connection and waited for one.",
            )?,
            pool_wait_timeouts: counter(
                "partnerdesk_db_pool_wait_timeouts_total",
                "Checkouts that waited the whole connection timeout and got none.",
            )?,
            sessions: gauge(SESSIONS, "Live sessions (not expired), signed in or not.")?,
            requests,
            latency,
            support_contact_reverts,
            pool_connections,
            registry: r,
            scrape: Mutex::new(()),
        })
    }

    /// A request answered: `route` is its pattern (`/customers/{tenant_id}`), never its path.
    pub fn request(&self, method: &str, route: &str, status: &str, seconds: f64) {
        let labels = [method_label(method), route, status];
        if let Ok(counter) = self.requests.get_metric_with_label_values(&labels) {
            counter.inc();
        }
        if let Ok(histogram) = self.latency.get_metric_with_label_values(&labels) {
            histogram.observe(seconds);
        }
    }

    /// A sign-in whose password was checked.
    pub fn sign_in(&self, succeeded: bool) {
        if succeeded {
            self.sign_in_successes.inc();
        } else {
            self.sign_in_failures.inc();
        }
    }

    /// A sign-in refused by the throttle before its password was checked.
    pub fn sign_in_throttled(&self) {
        self.throttled_sign_ins.inc();
    }

    /// A support contact assigned through the form (committed).
    pub fn support_contact_changed(&self) {
        self.support_contact_changes.inc();
    }

    /// Support contacts reverted to their seller by rule 3 (committed).
    pub fn support_contacts_reverted(&self, cause: RevertCause, count: usize) {
        if let Ok(counter) = self
            .support_contact_reverts
            .get_metric_with_label_values(&[cause.label()])
        {
            counter.inc_by(u64::try_from(count).unwrap_or(u64::MAX));
        }
    }

    /// Rows taken in by the import (issue 14's import calls this once it exists).
    pub fn import_rows(&self, count: u64) {
        self.import_rows.inc_by(count);
    }

    /// The scrape: every metric in the Prometheus text format, with the pool as `pool` says and
    /// `sessions` live sessions (left out when `None`: they could not be counted).
    pub fn render(&self, pool: &PoolStats, sessions: Option<i64>) -> prometheus::Result<String> {
        let families = {
            let _one = self
                .scrape
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let set = |gauge: &IntGauge, value: u64| {
                gauge.set(i64::try_from(value).unwrap_or(i64::MAX));
            };
            let catch_up = |counter: &IntCounter, total: u64| {
                counter.inc_by(total.saturating_sub(counter.get()));
            };
            for (state, value) in [("in_use", pool.in_use()), ("idle", pool.idle)] {
                set(
                    &self
                        .pool_connections
                        .get_metric_with_label_values(&[state])?,
                    value.into(),
                );
            }
            set(&self.pool_max, pool.max_size.into());
            set(&self.pool_waiting, pool.waiting);
            catch_up(&self.pool_waits, pool.waits);
            catch_up(&self.pool_wait_timeouts, pool.wait_timeouts);
            if let Some(count) = sessions {
                self.sessions.set(count);
            }
            self.registry.gather()
        };
        let families: Vec<_> = families
            .into_iter()
            .filter(|family| sessions.is_some() || family.name() != SESSIONS)
            .collect();
        let mut body = Vec::new();
        TextEncoder::new().encode(&families, &mut body)?;
        String::from_utf8(body).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}

/// The method as a label: the standard ones by name, any other as `other`, so that a client
/// inventing methods cannot make new series.
pub fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> PoolStats {
        PoolStats {
            max_size: 4,
            connections: 3,
            idle: 1,
            waiting: 0,
            waits: 7,
            wait_timeouts: 2,
        }
    }

    #[test]
    fn a_scrape_holds_every_metric_and_two_registries_count_apart() -> prometheus::Result<()> {
        let (one, other) = (Metrics::new()?, Metrics::new()?);
        one.request("GET", "/customers/{tenant_id}", "200", 0.003);
        one.request("BREW", "[unmatched]", "404", 0.001);
        one.sign_in(false);
        one.support_contacts_reverted(RevertCause::PartnershipEnded, 3);
        let text = one.render(&pool(), Some(5))?;
        for line in [
            "partnerdesk_http_requests_total{method=\"GET\",route=\"/customers/{tenant_id}\",status=\"200\"} 1",
            "partnerdesk_http_requests_total{method=\"other\",route=\"[unmatched]\",status=\"404\"} 1",
            "partnerdesk_http_request_duration_seconds_bucket{method=\"GET\",route=\"/customers/{tenant_id}\",status=\"200\",le=\"0.005\"} 1",
            "partnerdesk_sign_ins_total{outcome=\"failure\"} 1",
            "partnerdesk_sign_ins_total{outcome=\"success\"} 0",
            "partnerdesk_throttled_requests_total{limiter=\"sign_in\"} 0",
            "partnerdesk_support_contact_changes_total 0",
            "partnerdesk_support_contact_reverts_total{cause=\"partnership_ended\"} 3",
            "partnerdesk_support_contact_reverts_total{cause=\"relationship_removed\"} 0",
            "partnerdesk_import_rows_total 0",
            "partnerdesk_db_pool_connections{state=\"in_use\"} 2",
            "partnerdesk_db_pool_connections{state=\"idle\"} 1",
            "partnerdesk_db_pool_max_connections 4",
            "partnerdesk_db_pool_waits_total 7",
            "partnerdesk_db_pool_wait_timeouts_total 2",
            "partnerdesk_sessions 5",
        ] {
            assert!(text.lines().any(|l| l == line), "no {line} in:\n{text}");
        }
        // Scraped again, the pool's totals are not added twice.
        let again = one.render(&pool(), None)?;
        assert!(
            again.contains("\npartnerdesk_db_pool_waits_total 7\n"),
            "{again}"
        );
        assert!(!again.contains(SESSIONS), "{again}");
        let other = other.render(&pool(), Some(0))?;
        assert!(
            !other.contains("route=\"/customers/{tenant_id}\""),
            "{other}"
        );
        assert!(other.contains("partnerdesk_sign_ins_total{outcome=\"failure\"} 0"));
        Ok(())
    }
}
