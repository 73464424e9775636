//! One address per cached response. Many spellings reach one page (`?page=02`, `cases-%31`, `/en/cases/a%2Db`,
//! a newsletter's `utm_source`); if each were a cache entry of its own, a loop of made-up spellings would push
//! out every page people read. Here a cacheable request is turned into its one canonical address, or told
//! where that is (a permanent redirect), or refused (404).

/// What becomes of a request to a cacheable address.
#[derive(Debug, PartialEq, Eq)]
pub enum Address {
    /// Serve (and keep) it under this path and query, the request rewritten to them.
    Canonical(String),
    /// Another spelling of a page with a plainer address: send the reader there.
    Moved(String),
    /// A spelling no page has.
    Unknown,
    /// A page made for its query each time, never kept: the statistics page with filters (their values
    /// are too many to keep each; the unfiltered page is kept).
    Uncached,
}

/// The statistics page and its CSV files: `/{lang}/stats`, `/{lang}/stats/{chart}.csv`.
fn stats_path(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    matches!(segments.as_slice(), [_, "stats"] | [_, "stats", _])
}

/// Characters a path never needs to escape: an escaped one is another spelling of the plain one.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Whether a path is written the one way: escapes only where needed. (An escape of a byte that needs one,
/// in either case of hex, is left alone: no slug or file name holds such a byte, so no page has that address
/// and nothing of it is kept.)
fn plain_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| b.is_ascii_hexdigit();
            let (Some(&h), Some(&l)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                return false;
            };
            if !hex(h) || !hex(l) {
                return false;
            }
            let decoded = u8::from_str_radix(&path[i + 1..i + 3], 16).unwrap_or(0);
            if unreserved(decoded) || decoded == b'/' || decoded < 0x20 {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// Which query parameter chooses what a path shows, if any: `page` on the paginated lists, `part` on the
/// sitemap, `format` on the DCAT-AP catalogue.
fn parameter_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [_, "magazines"] | [_, "themes", _] | [_, "partners", _] => Some("page"),
        ["sitemap.xml"] => Some("part"),
        ["api", "v1", "catalog"] => Some("format"),
        _ => None,
    }
}

/// A positive number as the pager writes it: no sign, no leading zero, at most six digits.
fn plain_number(v: &str) -> bool {
    !v.is_empty() && v.len() <= 6 && !v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit())
}

/// The canonical address of a request to a cacheable path.
pub fn canonical(path: &str, query: Option<&str>) -> Address {
    if !plain_path(path) {
        return Address::Unknown;
    }
    let Some(query) = query else {
        return Address::Canonical(path.to_string());
    };
    if stats_path(path) {
        return if app::stats::StatsParams::from_query(query)
            .to_query()
            .is_empty()
        {
            Address::Canonical(path.to_string())
        } else {
            Address::Uncached
        };
    }
    let wanted = parameter_of(path);
    let mut value: Option<&str> = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, v) = pair.split_once('=').unwrap_or((pair, ""));
        // Anything else (tracking parameters, made-up ones) does not change the page: dropped.
        if Some(key) != wanted {
            continue;
        }
        if value.replace(v).is_some() {
            return Address::Unknown;
        }
    }
    let Some(value) = value else {
        return if query.is_empty() {
            Address::Moved(path.to_string())
        } else {
            Address::Canonical(path.to_string())
        };
    };
    match wanted {
        Some("page") if value == "1" => Address::Moved(path.to_string()),
        Some("page") if plain_number(value) => Address::Canonical(format!("{path}?page={value}")),
        Some("part") if sitemap_part(value) => Address::Canonical(format!("{path}?part={value}")),
        // Whatever the value: the catalogue answers one it does not know with a 400, which is never kept.
        Some("format") => Address::Canonical(format!("{path}?format={value}")),
        _ => Address::Unknown,
    }
}

/// `pages`, `magazines-N` or `cases-N`, N written plainly.
fn sitemap_part(v: &str) -> bool {
    v == "pages"
        || ["magazines-", "cases-"]
            .iter()
            .any(|p| v.strip_prefix(p).is_some_and(plain_number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Address::*;

    #[test]
    fn the_plain_spelling_is_kept_and_the_query_that_chooses_nothing_is_dropped() {
        assert_eq!(canonical("/en/", None), Canonical("/en/".into()));
        assert_eq!(
            canonical("/en/themes/chatbots", Some("page=2")),
            Canonical("/en/themes/chatbots?page=2".into())
        );
        assert_eq!(
            canonical("/en/themes/chatbots", Some("page=2&utm_source=mail")),
            Canonical("/en/themes/chatbots?page=2".into())
        );
        assert_eq!(
            canonical("/en/cases/x", Some("utm_source=mail&fbclid=1")),
            Canonical("/en/cases/x".into())
        );
        assert_eq!(
            canonical("/sitemap.xml", Some("part=cases-3")),
            Canonical("/sitemap.xml?part=cases-3".into())
        );
        assert_eq!(
            canonical("/en/cases/caf%C3%A9", None),
            Canonical("/en/cases/caf%C3%A9".into())
        );
    }

    #[test]
    fn the_catalogue_keeps_the_format_it_is_asked_in() {
        assert_eq!(
            canonical("/api/v1/catalog", Some("format=ttl&utm_source=x")),
            Canonical("/api/v1/catalog?format=ttl".into())
        );
        assert_eq!(
            canonical("/api/v1/catalog", Some("utm_source=x")),
            Canonical("/api/v1/catalog".into())
        );
        assert_eq!(
            canonical("/api/v1/catalog", Some("format=ttl&format=jsonld")),
            Unknown
        );
    }

    #[test]
    fn page_one_and_an_empty_query_move_to_the_address_without_them() {
        assert_eq!(
            canonical("/en/magazines", Some("page=1")),
            Moved("/en/magazines".into())
        );
        assert_eq!(
            canonical("/en/magazines", Some("")),
            Moved("/en/magazines".into())
        );
    }

    #[test]
    fn other_spellings_of_numbers_and_paths_are_no_page() {
        for (path, query) in [
            ("/en/magazines", Some("page=02")),
            ("/en/magazines", Some("page=+2")),
            ("/en/magazines", Some("page=%32")),
            ("/en/magazines", Some("page=2&page=3")),
            ("/en/magazines", Some("page=0")),
            ("/en/magazines", Some("page=")),
            ("/sitemap.xml", Some("part=cases-01")),
            ("/sitemap.xml", Some("part=cases-+1")),
            ("/sitemap.xml", Some("part=cases-%31")),
            ("/sitemap.xml", Some("part=z")),
            ("/en/cases/a%2Db", None),
            ("/en/cases/%61", None),
            ("/en/cases/a%2fb", None),
            ("/en/cases/a%2Fb", None),
            ("/en/cases/%2e%2e", None),
            ("/en/cases/a%", None),
            ("/en/cases/a%00", None),
        ] {
            assert_eq!(canonical(path, query), Unknown, "{path}?{query:?}");
        }
    }
}
