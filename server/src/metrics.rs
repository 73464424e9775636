//! What an operator's Prometheus reads: requests by route and status, their latency, and what the page
//! cache does, kept in this process with atomics (no lock on the hot path once a series exists). Gauges
//! that are cheap to read when asked (cache size, pool, change-log lag) are not kept here: `/metrics` reads
//! them from their owners when scraped.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds: a cached page takes well under a millisecond, a
/// rendered one a few, a PDF or a slow store hundreds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 30.0,
];

/// The labels of one request series. `route` is the router's pattern (`/{lang}/cases/{slug}`), never the
/// address itself, so made-up addresses cannot grow the set without bound.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    route: String,
    method: String,
    status: u16,
}

#[derive(Default)]
struct Latency {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    /// Microseconds.
    sum_us: AtomicU64,
}

/// How a response was served by the page cache.
#[derive(Debug, Clone, Copy)]
pub enum CacheUse {
    Hit,
    Miss,
    Bypass,
}

#[derive(Default)]
pub struct Metrics {
    requests: RwLock<BTreeMap<Key, AtomicU64>>,
    latency: RwLock<BTreeMap<String, Latency>>,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
    cache_bypasses: AtomicU64,
    cache_hit_bytes: AtomicU64,
}

impl Metrics {
    pub fn record(&self, route: &str, method: &str, status: u16, took: Duration) {
        let key = Key {
            route: route.to_string(),
            method: method.to_string(),
            status,
        };
        let counted = self
            .requests
            .read()
            .expect("metrics lock")
            .get(&key)
            .map(|c| c.fetch_add(1, Ordering::Relaxed))
            .is_some();
        if !counted {
            self.requests
                .write()
                .expect("metrics lock")
                .entry(key)
                .or_default()
                .fetch_add(1, Ordering::Relaxed);
        }
        let observe = |l: &Latency| {
            let seconds = took.as_secs_f64();
            for (bound, bucket) in BUCKETS.iter().zip(&l.buckets) {
                if seconds <= *bound {
                    bucket.fetch_add(1, Ordering::Relaxed);
                }
            }
            l.count.fetch_add(1, Ordering::Relaxed);
            l.sum_us
                .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
        };
        if let Some(l) = self.latency.read().expect("metrics lock").get(route) {
            observe(l);
            return;
        }
        let mut latency = self.latency.write().expect("metrics lock");
        observe(latency.entry(route.to_string()).or_default());
    }

    pub fn cache(&self, used: CacheUse, bytes: u64) {
        match used {
            CacheUse::Hit => {
                self.cache_hits.fetch_add(1, Ordering::Relaxed);
                self.cache_hit_bytes.fetch_add(bytes, Ordering::Relaxed);
            }
            CacheUse::Miss => {
                self.cache_misses.fetch_add(1, Ordering::Relaxed);
            }
            CacheUse::Bypass => {
                self.cache_bypasses.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The kept series in Prometheus' text format; `gauges` (name, help, value) are appended as they are.
    pub fn render(&self, gauges: &[Gauge]) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP likewise_http_requests_total Requests answered, by route pattern, method and status.\n\
             # TYPE likewise_http_requests_total counter\n",
        );
        for (k, n) in self.requests.read().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "likewise_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}",
                escape(&k.route),
                escape(&k.method),
                k.status,
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP likewise_http_request_duration_seconds Time from request to response head, by route pattern.\n\
             # TYPE likewise_http_request_duration_seconds histogram\n",
        );
        for (route, l) in self.latency.read().expect("metrics lock").iter() {
            let route = escape(route);
            for (bound, bucket) in BUCKETS.iter().zip(&l.buckets) {
                let _ = writeln!(
                    out,
                    "likewise_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                    bucket.load(Ordering::Relaxed)
                );
            }
            let count = l.count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "likewise_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}\n\
                 likewise_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 likewise_http_request_duration_seconds_count{{route=\"{route}\"}} {count}",
                l.sum_us.load(Ordering::Relaxed) as f64 / 1e6
            );
        }
        let counters = [
            (
                "likewise_page_cache_hits_total",
                "Responses served from the page cache (waiters on another request's render included).",
                &self.cache_hits,
            ),
            (
                "likewise_page_cache_misses_total",
                "Responses rendered and stored in the page cache.",
                &self.cache_misses,
            ),
            (
                "likewise_page_cache_bypasses_total",
                "Responses made for one request (signed in, private, not cacheable).",
                &self.cache_bypasses,
            ),
            (
                "likewise_page_cache_hit_bytes_total",
                "Body bytes sent from the page cache.",
                &self.cache_hit_bytes,
            ),
        ];
        for (name, help, value) in counters {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        let mut last = "";
        for g in gauges {
            // One HELP and TYPE per name, however many label sets follow.
            if g.name != last {
                let _ = writeln!(
                    out,
                    "# HELP {} {}\n# TYPE {} {}",
                    g.name, g.help, g.name, g.kind
                );
                last = g.name;
            }
            let _ = writeln!(out, "{}{} {}", g.name, g.labels, g.value);
        }
        out
    }
}

/// A value read when scraped.
pub struct Gauge {
    pub name: &'static str,
    pub help: &'static str,
    /// `gauge` or `counter`.
    pub kind: &'static str,
    /// `{reason="…"}` or empty.
    pub labels: String,
    pub value: f64,
}

impl Gauge {
    pub fn new(name: &'static str, help: &'static str, value: f64) -> Gauge {
        Gauge {
            name,
            help,
            kind: "gauge",
            labels: String::new(),
            value,
        }
    }
}

/// A label value as the text format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_latency_come_out_in_the_text_format() {
        let m = Metrics::default();
        m.record(
            "/{lang}/cases/{slug}",
            "GET",
            200,
            Duration::from_micros(800),
        );
        m.record(
            "/{lang}/cases/{slug}",
            "GET",
            200,
            Duration::from_millis(20),
        );
        m.record("/{lang}/cases/{slug}", "GET", 404, Duration::from_millis(3));
        m.cache(CacheUse::Hit, 1000);
        let text = m.render(&[Gauge::new("likewise_x", "An x.", 2.0)]);
        assert!(text.contains(
            "likewise_http_requests_total{route=\"/{lang}/cases/{slug}\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains("status=\"404\"} 1"));
        assert!(text.contains(
            "likewise_http_request_duration_seconds_bucket{route=\"/{lang}/cases/{slug}\",le=\"0.001\"} 1"
        ));
        assert!(text.contains(
            "likewise_http_request_duration_seconds_bucket{route=\"/{lang}/cases/{slug}\",le=\"0.025\"} 3"
        ));
        assert!(text.contains("_count{route=\"/{lang}/cases/{slug}\"} 3"));
        assert!(text.contains("likewise_page_cache_hits_total 1"));
        assert!(text.contains("likewise_page_cache_hit_bytes_total 1000"));
        assert!(text.contains("# TYPE likewise_x gauge\nlikewise_x 2"));
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}
