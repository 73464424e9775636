//! Likewise tried as an attacker would, over real HTTP against a running server, on SQLite and PostgreSQL:
//! traversal spellings against every static, media and page route (sent byte for byte, as no browser would
//! normalise them), API tokens on every form handler, parallel password guesses, oversized e-mails, odd
//! spellings of cached addresses, private pages, hostile SVG, uploads beside items not created yet, two
//! creators of one slug and racing workflow moves.

mod support;

use reqwest::StatusCode;
use std::time::Duration;
use support::TestStore;
use support::site::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn case_file(partner: &str, title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"A case written through the API.\"\npartner = \"{partner}\"\nthemes = [\"chatbots\"]\npublished = 2020-01-02\n+++\n\n## Challenge\n\nText of {title}.\n"
    )
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

/// A GET sent byte for byte: the request line carries `target` exactly as written.
async fn raw_get(base: &str, target: &str) -> (u16, Vec<u8>) {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::time::timeout(
        Duration::from_secs(10),
        tokio::net::TcpStream::connect(addr),
    )
    .await
    .expect("connect in time")
    .expect("connect");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer))
        .await
        .expect("an answer in time")
        .ok();
    let status = std::str::from_utf8(&answer[..answer.len().min(12)])
        .ok()
        .and_then(|l| l.get(9..12))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

/// Ways of naming a file outside the site folder: encoded separators, dot segments in every encoding,
/// backslashes, double encoding, absolute paths, NUL, overlong UTF-8 and its look-alikes. `{db}` is the
/// SQLite file of the running store, written as an absolute path.
const TRAVERSALS: &[&str] = &[
    "%2Fetc%2Fpasswd",
    "%2fetc%2fpasswd",
    "%2F%2Fetc%2Fpasswd",
    "..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "..%2f..%2f..%2fCargo.toml",
    "..%2F..%2FCargo.toml",
    "..%2F..%2Fserver%2FCargo.toml",
    "%2e%2e%2f%2e%2e%2fCargo.toml",
    "%2E%2E%2F%2E%2E%2FCargo.toml",
    "%2e%2e/%2e%2e/Cargo.toml",
    ".%2e%2F.%2e%2FCargo.toml",
    "%2e.%2F%2e.%2FCargo.toml",
    "..%5c..%5cCargo.toml",
    "%2e%2e%5c%2e%2e%5cCargo.toml",
    "..\\..\\Cargo.toml",
    "%252e%252e%252fCargo.toml",
    "%252Fetc%252Fpasswd",
    "..%252f..%252fCargo.toml",
    "..%255c..%255cCargo.toml",
    "%2Fetc%2Fpasswd%00.png",
    "%00",
    "..%00%2F..%00%2FCargo.toml",
    "%c0%ae%c0%ae%c0%afCargo.toml",
    "%c0%af..%c0%af..%c0%afCargo.toml",
    "%e0%80%ae%e0%80%ae%2fCargo.toml",
    "..%c1%9c..%c1%9cCargo.toml",
    "%c0%2e%c0%2e%c0%2fCargo.toml",
    "%ef%bc%8e%ef%bc%8e%e2%88%95Cargo.toml",
    "..%u2215..%u2215Cargo.toml",
    "....%2F%2F....%2F%2FCargo.toml",
    "..;%2F..;%2FCargo.toml",
    "../../../../../../etc/passwd",
    "../../Cargo.toml",
    "%2F..%2F..%2FCargo.toml",
    "%2Fproc%2Fself%2Fenviron",
    "..%2F..%2F..%2F..%2F..%2F..%2Fproc%2Fself%2Fenviron",
    "%2Fproc%2Fself%2Fcmdline",
    "C:%5CWindows%5Cwin.ini",
    "file:%2F%2F%2Fetc%2Fpasswd",
    "{db}",
    "..%2F..%2F..%2F..%2F..%2F..%2F..%2F..{db}",
    "{db}-wal",
];

/// Bytes of files outside the site: a password file, the workspace's manifests, an SQLite database, a
/// process environment.
const MARKERS: &[&str] = &[
    "root:x:",
    "[workspace]",
    "[package]",
    "SQLite format 3",
    "PATH=",
    "HOME=",
];

async fn no_route_serves_a_file_outside_the_site(s: TestStore) {
    let db = s
        .url
        .strip_prefix("sqlite://")
        .map(|p| p.replace('/', "%2F"));
    let site = site_on(s).await;
    let routes = [
        "/pkg/",
        "/media/cases/city-chatbot/",
        "/media/cases/",
        "/media/",
        "/en/cases/",
        "/en/magazines/",
        "/en/themes/",
        "/api/v1/cases/",
        "/",
        "/en/",
        "/editor.js/",
        "/favicon.svg/",
    ];
    let mut tried = 0;
    for spelling in TRAVERSALS {
        let spelling = match (&db, spelling.contains("{db}")) {
            (Some(db), true) => spelling.replace("{db}", db),
            // On PostgreSQL there is no database file; its spelling names a file that is not there.
            (None, true) => spelling.replace("{db}", "%2Fvar%2Flib%2Fpostgresql"),
            (_, false) => spelling.to_string(),
        };
        for route in routes {
            let target = format!("{route}{spelling}");
            let (status, body) = raw_get(&site.base, &target).await;
            tried += 1;
            let text = String::from_utf8_lossy(&body);
            for marker in MARKERS {
                assert!(
                    !text.contains(marker),
                    "{target} ({status}) answered with a file outside the site ({marker})"
                );
            }
            assert!(
                status != 200 || !route.starts_with("/pkg/"),
                "{target}: only the hashed front-end files are served from /pkg/"
            );
        }
    }
    assert!(tried >= 40 * routes.len());
    // The named public files still are.
    for path in ["/favicon.svg", "/editor.js"] {
        let (status, _) = raw_get(&site.base, path).await;
        assert_eq!(status, 200, "{path}");
    }
}

/// Every form handler, called with an admin's API token instead of a session: refused, and nothing done.
async fn an_api_token_never_passes_a_form_handler(s: TestStore) {
    let site = site_on(s).await;
    let admin = site.sign_in("admin@example.org").await;
    let id = admin
        .cookie
        .as_ref()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_string();
    let viewer = site.state.auth.session_viewer(&id).await.unwrap().unwrap();
    let token = site
        .state
        .auth
        .create_token(&viewer, "forms")
        .await
        .unwrap();
    let before = site.state.auth.tokens(&viewer).await.unwrap().len();
    let forms: &[(&str, &[(&str, &str)])] = &[
        ("/en/sign-out", &[]),
        ("/en/account", &[("action", "create-token"), ("name", "x")]),
        (
            "/en/account",
            &[
                ("action", "password"),
                ("current", PASSWORD),
                ("new", "an entirely new long passphrase"),
            ],
        ),
        (
            "/en/admin",
            &[("action", "reset-link"), ("id", &viewer.account_id)],
        ),
        (
            "/en/admin",
            &[
                ("action", "create-account"),
                ("email", "made@example.org"),
                ("name", "Made"),
                ("roles", "admin"),
            ],
        ),
        (
            "/en/cases/city-chatbot/comments",
            &[("body", "A comment by token")],
        ),
        ("/en/comments/1/report", &[("reason", "spam")]),
        (
            "/en/moderation/settings",
            &[("mode", "post"), ("threshold", "1")],
        ),
        ("/en/moderation/partner/groningen", &[("mode", "post")]),
        ("/en/moderation/1/approve", &[]),
        ("/en/notifications/seen", &[]),
        (
            "/en/desk/new/cases",
            &[("slug", "by-token"), ("title", "x")],
        ),
        ("/en/desk/cases/city-chatbot", &[("title", "x")]),
        (
            "/en/desk/cases/city-chatbot/history",
            &[("action", "revert"), ("revision", "1")],
        ),
    ];
    for (path, fields) in forms {
        for (origin, csrf) in [(None, ""), (Some(site.base.as_str()), ""), (None, "x")] {
            let mut fields: Vec<(&str, &str)> = fields.to_vec();
            fields.push(("_csrf", csrf));
            let mut r = site
                .client
                .post(site.url(path))
                .bearer_auth(&token)
                .form(&fields);
            if let Some(o) = origin {
                r = r.header("origin", o);
            }
            let r = r.send().await.unwrap();
            assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "{path} with a token (origin {origin:?}, _csrf={csrf:?})"
            );
        }
    }
    assert_eq!(
        site.state.auth.tokens(&viewer).await.unwrap().len(),
        before,
        "no token was made"
    );
    assert!(
        site.state
            .store
            .accounts()
            .account_by_email("made@example.org")
            .await
            .unwrap()
            .is_none(),
        "no account was made"
    );
    // The session itself, with its own form token, still works; an empty form token does not.
    let mut empty = admin.clone();
    empty.csrf = Some(String::new());
    let r = site
        .post_form(
            &empty,
            "/en/account",
            &[("action", "create-token"), ("name", "x")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = site
        .post_form(
            &admin,
            "/en/account",
            &[("action", "create-token"), ("name", "y"), ("expires", "30")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Tokens may end on a date chosen at creation, and every token ends when the password is reset.
async fn tokens_expire_and_end_with_a_reset(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("editor-p@example.org").await;
    let id = b
        .cookie
        .as_ref()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_string();
    let viewer = site.state.auth.session_viewer(&id).await.unwrap().unwrap();
    let lasting = site
        .state
        .auth
        .create_token(&viewer, "lasting")
        .await
        .unwrap();
    let month = site
        .state
        .auth
        .create_token_for(&viewer, "month", Some(30))
        .await
        .unwrap();
    assert!(
        site.state
            .auth
            .create_token_for(&viewer, "long", Some(5000))
            .await
            .is_err()
    );
    let rows = site.state.auth.tokens(&viewer).await.unwrap();
    assert!(
        rows.iter()
            .any(|t| t.name == "month" && t.expires_at.is_some())
    );
    for t in [&lasting, &month] {
        assert!(site.state.auth.token_viewer(t).await.unwrap().is_some());
    }
    // An expired token no longer names anyone.
    set_token_expiry(&site, "month", "2000-01-01T00:00:00.000Z").await;
    assert!(
        site.state
            .auth
            .token_viewer(&month)
            .await
            .unwrap()
            .is_none()
    );
    let r = site
        .api(
            reqwest::Method::POST,
            "/api/v1/cases/expired-token?lang=en",
            Some(&month),
            case_file("groningen", "x").into_bytes(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A reset ends the rest.
    let link = site
        .state
        .auth
        .issue_reset_link(&viewer.account_id)
        .await
        .unwrap();
    site.state
        .auth
        .reset_password(&link, "another long and quiet evening")
        .await
        .unwrap();
    assert!(
        site.state
            .auth
            .token_viewer(&lasting)
            .await
            .unwrap()
            .is_none()
    );
}

async fn set_token_expiry(site: &Site, name: &str, at: &str) {
    let url = &site.store.url;
    let q = "UPDATE api_tokens SET expires_at = $1 WHERE name = $2";
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(q)
            .bind(at)
            .bind(name)
            .execute(&pool)
            .await
            .unwrap();
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(q)
            .bind(at)
            .bind(name)
            .execute(&pool)
            .await
            .unwrap();
    }
}

/// The keys of the rows the sign-in limiter holds.
async fn limiter_keys(site: &Site) -> Vec<String> {
    let url = &site.store.url;
    let q = "SELECT key FROM sign_in_failures";
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query_scalar(q).fetch_all(&pool).await.unwrap()
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query_scalar(q).fetch_all(&pool).await.unwrap()
    }
}

fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .local_address(address.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

/// 24 wrong passwords at once: exactly the limit is judged, the rest are told to wait; the account's
/// owner, from another address, gets in after the short delay; nothing of a made-up e-mail is stored.
async fn parallel_guesses_get_exactly_the_limit(s: TestStore) {
    let site = site_on(s).await;
    let guesses = (0..24).map(|i| {
        let client = site.client.clone();
        let url = site.url("/en/sign-in");
        let base = site.base.clone();
        async move {
            client
                .post(url)
                .header("origin", base)
                .form(&[
                    ("email", "Editor-P@Example.org "),
                    ("password", &format!("wrong guess number {i}")),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_join_all(guesses).await;
    let judged = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let waited = statuses
        .iter()
        .filter(|s| {
            matches!(
                **s,
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
            )
        })
        .count();
    assert_eq!(
        judged as i64,
        likewise::auth::ACCOUNT_FAILURES,
        "{statuses:?}"
    );
    assert_eq!(judged + waited, 24, "{statuses:?}");
    // The limiter keeps hashes of its keys, never an address or an e-mail.
    let keys = limiter_keys(&site).await;
    assert!(!keys.is_empty());
    assert!(
        keys.iter()
            .all(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit())),
        "{keys:?}"
    );
    // From the guessing address, the right password waits too.
    let r = site
        .post_form(
            &Browser::default(),
            "/en/sign-in",
            &[("email", "editor-p@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    // From another address, after the account's short delay, it gets in.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let other = client_from("127.0.0.2");
    let r = other
        .post(site.url("/en/sign-in"))
        .header("origin", &site.base)
        .form(&[("email", "editor-p@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    // A 200,000-character e-mail: a clear refusal, and no row for it.
    let before = limiter_keys(&site).await.len();
    let long = format!("{}@example.org", "a".repeat(200_000));
    let r = other
        .post(site.url("/en/sign-in"))
        .header("origin", &site.base)
        .form(&[("email", long.as_str()), ("password", "whatever whatever")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.len() < 200_000, "the e-mail is not echoed back whole");
    assert_eq!(limiter_keys(&site).await.len(), before);
}

async fn futures_join_all<
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
>(
    futures: impl Iterator<Item = F>,
) -> Vec<T> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Cached addresses have one spelling: others are no page or move to it; tracking parameters get the
/// canonical page from its one cache entry.
async fn odd_spellings_of_cached_addresses_are_no_page(s: TestStore) {
    let site = site_on(s).await;
    for target in [
        "/sitemap.xml?part=cases-01",
        "/sitemap.xml?part=cases-+1",
        "/sitemap.xml?part=cases-%31",
        "/sitemap.xml?part=cases-1&part=cases-2",
        "/sitemap.xml?part=nothing",
        "/en/magazines?page=02",
        "/en/magazines?page=+2",
        "/en/magazines?page=%32",
        "/en/magazines?page=0",
        "/en/magazines?page=1",
        "/en/cases/city%2Dchatbot",
        "/en/cases/%63ity-chatbot",
        "/%65n/",
        "/api/v1/cases/city%2dchatbot",
    ] {
        let (status, _) = raw_get(&site.base, target).await;
        assert_ne!(status, 200, "{target}");
    }
    let (status, head) = raw_get(&site.base, "/en/magazines?page=1").await;
    assert_eq!(status, 308);
    assert!(String::from_utf8_lossy(&head).contains("location: /en/magazines\r\n"));
    let plain = site
        .get(&Browser::default(), "/en/cases/city-chatbot")
        .await;
    let etag = plain.headers()["etag"].clone();
    let entries = site.state.cache.len();
    for q in [
        "?utm_source=mail",
        "?utm_source=mail&utm_medium=x",
        "?fbclid=1",
    ] {
        let r = site
            .get(&Browser::default(), &format!("/en/cases/city-chatbot{q}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["etag"], etag);
        assert_eq!(r.headers()["x-likewise-cache"], "hit", "{q}");
    }
    assert_eq!(site.state.cache.len(), entries, "no new cache entries");
}

/// Pages for one person, or with a secret, are `no-store` for everyone and never cached; a used reset
/// link says so instead of showing the form.
async fn private_pages_are_private(s: TestStore) {
    let site = site_on(s).await;
    let admin = site.sign_in("admin@example.org").await;
    let paths = [
        "/en/sign-in",
        "/en/reset/0123456789abcdef0123456789abcdef0123456789abcdef",
        "/en/account",
        "/en/desk",
        "/en/admin",
        "/en/moderation",
        "/en/notifications",
        "/en/translate",
    ];
    for who in [Browser::default(), admin.clone()] {
        for path in paths {
            for _ in 0..2 {
                let r = site.get(&who, path).await;
                let control = r.headers()["cache-control"].to_str().unwrap().to_string();
                assert!(control.contains("no-store"), "{path}: {control}");
                assert!(!control.contains("public"), "{path}: {control}");
                assert_ne!(r.headers()["x-likewise-cache"], "hit", "{path}");
            }
        }
    }
    let member = site
        .state
        .store
        .accounts()
        .account_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let link = site.state.auth.issue_reset_link(&member.id).await.unwrap();
    let path = format!("/en/reset/{link}");
    let r = site.get(&Browser::default(), &path).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("name=\"new\""));
    let r = site
        .post_form(
            &Browser::default(),
            &path,
            &[("new", "a brand new and long passphrase")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = site.get(&Browser::default(), &path).await;
    assert_eq!(r.status(), StatusCode::GONE);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-test=\"reset-expired\"") && !page.contains("name=\"new\""));
}

/// Every hostile SVG of the corpus is refused or stored without what made it hostile.
async fn hostile_svg_is_refused_or_defused(s: TestStore) {
    let site = site_on(s).await;
    let token = token_of(&site, "editor-p@example.org").await;
    let corpus = std::fs::read_to_string(support::fixture("svg-vectors.txt")).unwrap();
    let vectors: Vec<&str> = corpus
        .split("\n-----\n")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    assert!(vectors.len() >= 30, "{} vectors", vectors.len());
    let mut stored = 0;
    for (n, svg) in vectors.iter().enumerate() {
        let name = format!("v{n}.svg");
        let r = site
            .api(
                reqwest::Method::PUT,
                &format!("/api/v1/cases/city-chatbot/files/{name}"),
                Some(&token),
                svg.as_bytes().to_vec(),
            )
            .await;
        if !r.status().is_success() {
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "vector {n}");
            continue;
        }
        stored += 1;
        let served = site
            .get(
                &Browser::default(),
                &format!("/media/cases/city-chatbot/{name}"),
            )
            .await
            .text()
            .await
            .unwrap();
        let doc = roxmltree::Document::parse(&served).expect("a well-formed SVG");
        // Text is inert once escaped; what runs is elements and attributes.
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name().to_lowercase();
            assert!(
                ![
                    "script",
                    "foreignobject",
                    "iframe",
                    "embed",
                    "object",
                    "set",
                    "animate",
                    "handler",
                    "style"
                ]
                .contains(&name.as_str())
                    || name == "style"
                        && !node.text().unwrap_or("").to_lowercase().contains("url("),
                "vector {n}: <{name}> served:\n{served}"
            );
            for a in node.attributes() {
                let lower = a.value().to_lowercase();
                for bad in [
                    "javascript:",
                    "vbscript:",
                    "expression(",
                    "@import",
                    "data:text",
                ] {
                    assert!(
                        !lower.contains(bad),
                        "vector {n}: {}={}",
                        a.name(),
                        a.value()
                    );
                }
                assert!(
                    !a.name().to_lowercase().starts_with("on"),
                    "vector {n}: {}",
                    a.name()
                );
                let v: String = a.value().chars().filter(|c| !c.is_whitespace()).collect();
                if a.name() == "href" {
                    assert!(
                        v.starts_with('#') || v.starts_with("data:image/"),
                        "vector {n}: href {v}"
                    );
                }
                if let Some(i) = v.to_lowercase().find("url(") {
                    assert!(
                        v[i + 4..].trim_start_matches(['"', '\'']).starts_with('#'),
                        "vector {n}: {v}"
                    );
                }
            }
        }
    }
    eprintln!(
        "{stored} of {} hostile SVGs stored defused, the rest refused",
        vectors.len()
    );
}

async fn token_of(site: &Site, email: &str) -> String {
    let account = site
        .state
        .store
        .accounts()
        .account_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .0;
    let viewer = likewise::auth::viewer_of(account, String::new());
    site.state.auth.create_token(&viewer, "t").await.unwrap()
}

/// A file beside an item not created yet is its uploader's partner's: another partner's editor can
/// neither replace nor read it.
async fn uploads_before_the_item_belong_to_the_uploaders_partner(s: TestStore) {
    let site = site_on(s).await;
    let p = token_of(&site, "editor-p@example.org").await;
    let q = token_of(&site, "editor-q@example.org").await;
    let site = &site;
    let put = |token: &str, partner: &str| {
        let url = format!("/api/v1/cases/not-yet/files/pic.png?partner={partner}");
        let token = token.to_string();
        async move {
            site.api(reqwest::Method::PUT, &url, Some(&token), PNG.to_vec())
                .await
        }
    };
    assert_eq!(put(&p, "groningen").await.status(), StatusCode::CREATED);
    let r = put(&q, "aalborg").await;
    assert!(
        matches!(r.status(), StatusCode::CONFLICT | StatusCode::FORBIDDEN),
        "{}",
        r.status()
    );
    let bp = site.sign_in("editor-p@example.org").await;
    let bq = site.sign_in("editor-q@example.org").await;
    assert_eq!(
        site.get(&bp, "/media/cases/not-yet/pic.png").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        site.get(&bq, "/media/cases/not-yet/pic.png").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        site.get(&Browser::default(), "/media/cases/not-yet/pic.png")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let served = site
        .get(&bp, "/media/cases/not-yet/pic.png")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&served[..], PNG, "the file is P's, unchanged");
}

/// Two creators of one slug at once: one is created, the other told it exists.
async fn two_creators_of_one_slug_get_one_201_and_one_409(s: TestStore) {
    let site = site_on(s).await;
    let p = token_of(&site, "editor-p@example.org").await;
    let admin = token_of(&site, "admin@example.org").await;
    for round in 0..6 {
        let slug = format!("race-{round}");
        let send = |token: String, title: &'static str| {
            let client = site.client.clone();
            let url = site.url(&format!("/api/v1/cases/{slug}?lang=en"));
            let body = case_file("groningen", title);
            async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .body(body)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        let statuses = futures_join_all(
            [send(p.clone(), "By P"), send(admin.clone(), "By admin")].into_iter(),
        )
        .await;
        let mut sorted: Vec<u16> = statuses.iter().map(|s| s.as_u16()).collect();
        sorted.sort();
        assert_eq!(sorted, vec![201, 409], "round {round}");
    }
}

/// A send-back and a publish racing on an item in review: whichever loses is refused; no item ever goes
/// from draft to published.
async fn racing_transitions_cannot_skip_review(s: TestStore) {
    let site = site_on(s).await;
    let p = token_of(&site, "editor-p@example.org").await;
    let status = |slug: String, body: &'static str| {
        let client = site.client.clone();
        let url = site.url(&format!("/api/v1/cases/{slug}/status"));
        let token = p.clone();
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for round in 0..6 {
        let slug = format!("review-race-{round}");
        let r = site
            .api(
                reqwest::Method::POST,
                &format!("/api/v1/cases/{slug}?lang=en"),
                Some(&p),
                case_file("groningen", "x").into_bytes(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(
            status(slug.clone(), r#"{"status":"review"}"#).await,
            StatusCode::OK
        );
        let back = status(slug.clone(), r#"{"status":"draft","note":"not yet"}"#);
        let publish = status(slug.clone(), r#"{"status":"published"}"#);
        let (a, b) = tokio::join!(tokio::spawn(back), tokio::spawn(publish));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(a == StatusCode::OK || b == StatusCode::OK, "{a} {b}");
        let events = site
            .state
            .store
            .accounts()
            .workflow_events(likewise::domain::ItemKind::Case, &slug)
            .await
            .unwrap();
        assert!(
            !events
                .iter()
                .any(|e| e.from == "draft" && e.to == "published"),
            "round {round}: {events:?}"
        );
    }
}

/// Signing in rightly is no failure: a whole office behind one address signs in all day.
async fn right_passwords_from_one_address_never_add_up(s: TestStore) {
    let site = site_on(s).await;
    for round in 0..4 {
        for (email, _) in ROLES {
            let r = site
                .post_form(
                    &Browser::default(),
                    "/en/sign-in",
                    &[("email", email), ("password", PASSWORD)],
                )
                .await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "round {round}, {email}");
        }
    }
    assert!(limiter_keys(&site).await.is_empty());
}

on_both_stores!(
    right_passwords_from_one_address_never_add_up,
    no_route_serves_a_file_outside_the_site,
    an_api_token_never_passes_a_form_handler,
    tokens_expire_and_end_with_a_reset,
    parallel_guesses_get_exactly_the_limit,
    odd_spellings_of_cached_addresses_are_no_page,
    private_pages_are_private,
    hostile_svg_is_refused_or_defused,
    uploads_before_the_item_belong_to_the_uploaders_partner,
    two_creators_of_one_slug_get_one_201_and_one_409,
    racing_transitions_cannot_skip_review,
);

/// A content tree is checked like an upload: a hostile SVG beside a case is refused with its path and
/// reason, a harmless one stored as rebuilt, and everything else of the tree still imports.
#[tokio::test]
async fn an_svg_in_a_content_tree_is_checked_like_an_upload() {
    let s = support::sqlite().await;
    let tree = tempfile::tempdir().unwrap();
    copy_dir(&support::fixture("library"), tree.path());
    let folder = tree.path().join("cases/city-chatbot");
    std::fs::write(
        folder.join("evil.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
    )
    .unwrap();
    std::fs::write(
        folder.join("sly.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject></svg>"#,
    )
    .unwrap();
    let report = likewise::exchange::import::import_dir(&*s.store, tree.path(), &mut |_| {})
        .await
        .unwrap();
    let rejected: Vec<_> = report.rejected().collect();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].path, "cases/city-chatbot/evil.svg");
    assert!(rejected[0].reason.as_deref().unwrap().contains("script"));
    let sly = s
        .store
        .asset("cases/city-chatbot/sly.svg")
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8(sly.bytes).unwrap();
    assert!(
        text.contains("<rect") && !text.contains("foreignObject"),
        "{text}"
    );
    assert!(s.store.case("city-chatbot").await.unwrap().is_some());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
