//! Configuration (docs/design.md#configuration): read once from the environment at start-up. A bad value
//! stops start-up with one line that names the variable and what is wrong.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Data folder: the SQLite file, the embedded search index, uploads. `LIKEWISE_DATA`, default `./data`.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`. `DATABASE_URL`, default `sqlite://$LIKEWISE_DATA/likewise.db`.
    pub database_url: String,
    /// A Meilisearch server to search with; unset means the embedded index. `MEILISEARCH_URL`.
    pub meilisearch_url: Option<String>,
    /// The Meilisearch key. `MEILISEARCH_API_KEY`.
    pub meilisearch_api_key: Option<String>,
    /// Where to listen. `LIKEWISE_ADDR`, default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// Content imported on the first start of an empty store. `LIKEWISE_CONTENT`, default `./content`.
    pub content_dir: PathBuf,
    /// The site's public address, for feeds and the sitemap. `LIKEWISE_PUBLIC_URL`, default `http://$LIKEWISE_ADDR`.
    pub public_url: String,
    /// The built front end (`cargo leptos build` output). `LIKEWISE_SITE_ROOT`, default `target/site`.
    pub site_root: PathBuf,
    /// The page cache's size in bytes; 0 turns it off. `LIKEWISE_PAGE_CACHE_MB`, default 64.
    pub page_cache_bytes: usize,
    /// Behind a load balancer or proxy, the reader's address is the last one it adds to `X-Forwarded-For`;
    /// sign-in limits per address count that one. `LIKEWISE_TRUST_FORWARDED_FOR` (`true`), default off.
    pub trust_forwarded_for: bool,
    /// Logs (access log included) as one JSON object per line. `LIKEWISE_LOG_FORMAT=json`; default `text`.
    pub log_json: bool,
    /// Where `/metrics` (Prometheus text) is served, on a listener of its own that the public one never
    /// reaches. `LIKEWISE_METRICS_ADDR`; unset: no metrics listener.
    pub metrics_addr: Option<SocketAddr>,
    /// The licence of the library's content, as a URL, named in the DCAT-AP catalogue and its distributions
    /// (docs/linked-data.md). `LIKEWISE_CONTENT_LICENSE`, default CC BY 4.0.
    pub content_license: String,
}

/// The licence of the content unless `LIKEWISE_CONTENT_LICENSE` names another.
pub const DEFAULT_CONTENT_LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn bad(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|k| std::env::var(k).ok())
    }

    /// Reads configuration through `get`, so tests need not touch the process environment.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("LIKEWISE_DATA").unwrap_or_else(|| "./data".into()));
        let database_url = match var("DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://") =>
            {
                url
            }
            Some(url) => {
                return Err(bad(
                    "DATABASE_URL",
                    format!("`{url}` is neither a sqlite:// nor a postgres:// URL"),
                ));
            }
            None => format!("sqlite://{}", data_dir.join("likewise.db").display()),
        };
        let meilisearch_url = match var("MEILISEARCH_URL") {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => Some(url),
            Some(url) => {
                return Err(bad(
                    "MEILISEARCH_URL",
                    format!("`{url}` is not an http(s) URL"),
                ));
            }
            None => None,
        };
        let addr_text = var("LIKEWISE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.parse().map_err(|_| {
            bad(
                "LIKEWISE_ADDR",
                format!("`{addr_text}` is not an address such as 127.0.0.1:3000"),
            )
        })?;
        let public_url = match var("LIKEWISE_PUBLIC_URL") {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => {
                return Err(bad(
                    "LIKEWISE_PUBLIC_URL",
                    format!("`{url}` is not an http(s) URL"),
                ));
            }
            None => format!("http://{addr}"),
        };
        let cache_text = var("LIKEWISE_PAGE_CACHE_MB").unwrap_or_else(|| "64".into());
        let page_cache_bytes = cache_text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|mb| *mb <= 64 * 1024)
            .ok_or_else(|| {
                bad(
                    "LIKEWISE_PAGE_CACHE_MB",
                    format!("`{cache_text}` is not a size in megabytes such as 64 (0 turns the cache off)"),
                )
            })?
            * 1024
            * 1024;
        let trust_forwarded_for = match var("LIKEWISE_TRUST_FORWARDED_FOR").as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(other) => {
                return Err(bad(
                    "LIKEWISE_TRUST_FORWARDED_FOR",
                    format!("`{other}` is neither true nor false"),
                ));
            }
        };
        let log_json = match var("LIKEWISE_LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(bad(
                    "LIKEWISE_LOG_FORMAT",
                    format!("`{other}` is neither text nor json"),
                ));
            }
        };
        let metrics_addr = match var("LIKEWISE_METRICS_ADDR") {
            None => None,
            Some(text) => {
                let metrics: SocketAddr = text.parse().map_err(|_| {
                    bad(
                        "LIKEWISE_METRICS_ADDR",
                        format!("`{text}` is not an address such as 127.0.0.1:9100"),
                    )
                })?;
                if metrics == addr {
                    return Err(bad(
                        "LIKEWISE_METRICS_ADDR",
                        format!(
                            "`{text}` is the public address (LIKEWISE_ADDR); metrics need a listener of their own"
                        ),
                    ));
                }
                Some(metrics)
            }
        };
        let content_license = match var("LIKEWISE_CONTENT_LICENSE") {
            None => DEFAULT_CONTENT_LICENSE.to_string(),
            // Written into the catalogue as an IRI: a host after the scheme, nothing an IRI may not hold.
            Some(url)
                if url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"))
                    .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
                    && !url.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c)
                    }) =>
            {
                url
            }
            Some(url) => {
                return Err(bad(
                    "LIKEWISE_CONTENT_LICENSE",
                    format!("`{url}` is not an http(s) URL such as {DEFAULT_CONTENT_LICENSE}"),
                ));
            }
        };
        Ok(Config {
            content_license,
            log_json,
            metrics_addr,
            trust_forwarded_for,
            page_cache_bytes,
            data_dir,
            database_url,
            meilisearch_url,
            meilisearch_api_key: var("MEILISEARCH_API_KEY"),
            addr,
            content_dir: PathBuf::from(
                var("LIKEWISE_CONTENT").unwrap_or_else(|| "./content".into()),
            ),
            public_url,
            site_root: PathBuf::from(
                var("LIKEWISE_SITE_ROOT")
                    .or_else(|| var("LEPTOS_SITE_ROOT"))
                    .unwrap_or_else(|| "target/site".into()),
            ),
        })
    }

    /// Makes sure the data folder exists when the embedded database lives in it.
    pub fn prepare_data_dir(&self) -> Result<(), ConfigError> {
        if self.database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(&self.data_dir).map_err(|e| {
                bad(
                    "LIKEWISE_DATA",
                    format!("cannot create `{}`: {e}", self.data_dir.display()),
                )
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_the_embedded_setup() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://./data/likewise.db");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.meilisearch_url, None);
        assert_eq!(c.content_license, DEFAULT_CONTENT_LICENSE);
    }

    #[test]
    fn the_content_licence_is_an_http_url() {
        let c = config(&[(
            "LIKEWISE_CONTENT_LICENSE",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        )])
        .unwrap();
        assert_eq!(
            c.content_license,
            "https://creativecommons.org/publicdomain/zero/1.0/"
        );
        for bad in [
            "CC-BY-4.0",
            "ftp://x.example/l",
            "https://",
            "https://x.example/a b",
            "https://x/<l>",
        ] {
            let e = config(&[("LIKEWISE_CONTENT_LICENSE", bad)]).unwrap_err();
            assert_eq!(e.var, "LIKEWISE_CONTENT_LICENSE", "{bad}");
            assert!(
                e.to_string().starts_with("LIKEWISE_CONTENT_LICENSE: "),
                "{e}"
            );
        }
    }

    #[test]
    fn the_database_follows_the_data_folder() {
        let c = config(&[("LIKEWISE_DATA", "/srv/likewise")]).unwrap();
        assert_eq!(c.database_url, "sqlite:///srv/likewise/likewise.db");
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        assert_eq!(
            config(&[("LIKEWISE_LOG_FORMAT", "yaml")]).unwrap_err().var,
            "LIKEWISE_LOG_FORMAT"
        );
        assert_eq!(
            config(&[
                ("LIKEWISE_ADDR", "127.0.0.1:3000"),
                ("LIKEWISE_METRICS_ADDR", "127.0.0.1:3000")
            ])
            .unwrap_err()
            .var,
            "LIKEWISE_METRICS_ADDR"
        );
        let c = config(&[
            ("LIKEWISE_LOG_FORMAT", "json"),
            ("LIKEWISE_METRICS_ADDR", "127.0.0.1:9100"),
        ])
        .unwrap();
        assert!(c.log_json && c.metrics_addr == Some("127.0.0.1:9100".parse().unwrap()));
        let e = config(&[("LIKEWISE_ADDR", "localhost")]).unwrap_err();
        assert_eq!(e.var, "LIKEWISE_ADDR");
        assert!(e.to_string().starts_with("LIKEWISE_ADDR: `localhost`"));
        assert_eq!(
            config(&[("DATABASE_URL", "mysql://x")]).unwrap_err().var,
            "DATABASE_URL"
        );
        assert_eq!(
            config(&[("MEILISEARCH_URL", "ftp://x")]).unwrap_err().var,
            "MEILISEARCH_URL"
        );
        assert_eq!(
            config(&[("LIKEWISE_PAGE_CACHE_MB", "lots")])
                .unwrap_err()
                .var,
            "LIKEWISE_PAGE_CACHE_MB"
        );
    }

    #[test]
    fn the_page_cache_size_is_set_in_megabytes() {
        assert_eq!(config(&[]).unwrap().page_cache_bytes, 64 << 20);
        assert_eq!(
            config(&[("LIKEWISE_PAGE_CACHE_MB", "0")])
                .unwrap()
                .page_cache_bytes,
            0
        );
        assert_eq!(
            config(&[("LIKEWISE_PAGE_CACHE_MB", "8")])
                .unwrap()
                .page_cache_bytes,
            8 << 20
        );
    }
}
