//! A running server on a test store, with one account per role and a browser that signs in: shared by the
//! HTTP suites of publishing and of translating and commenting.
#![allow(dead_code)]

use super::{TestStore, fixture, repo_root};
use likewise::config::Config;
use likewise::exchange::import;
use likewise::http::{AppState, router};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use std::time::Duration;

pub const PASSWORD: &str = "a long and quiet harbour evening";

pub struct Site {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub store: TestStore,
}

/// A signed-in browser: its session cookie and form token.
#[derive(Clone, Default)]
pub struct Browser {
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

pub fn cookie_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-likewise-session="))
        .map(str::to_string)
}

impl Site {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, b: &Browser, path: &str) -> reqwest::Response {
        let mut r = self.client.get(self.url(path));
        if let Some(c) = &b.cookie {
            r = r.header("cookie", c);
        }
        r.send().await.unwrap()
    }

    /// A form post as a browser on this site sends it.
    pub async fn post_form(
        &self,
        b: &Browser,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut fields: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(t) = &b.csrf {
            fields.push(("_csrf".into(), t.clone()));
        }
        let mut r = self
            .client
            .post(self.url(path))
            .header("origin", &self.base)
            .form(&fields);
        if let Some(c) = &b.cookie {
            r = r.header("cookie", c);
        }
        r.send().await.unwrap()
    }

    pub async fn post_multipart(
        &self,
        b: &Browser,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some(t) = &b.csrf {
            form = form.text("_csrf", t.clone());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "upload",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        }
        let mut r = self
            .client
            .post(self.url(path))
            .header("origin", &self.base)
            .multipart(form);
        if let Some(c) = &b.cookie {
            r = r.header("cookie", c);
        }
        r.send().await.unwrap()
    }

    pub async fn sign_in(&self, email: &str) -> Browser {
        let r = self
            .post_form(
                &Browser::default(),
                "/en/sign-in",
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
        let set = cookie_of(&r).expect("a session cookie");
        let cookie = set.split(';').next().unwrap().to_string();
        let mut b = Browser {
            cookie: Some(cookie),
            csrf: None,
        };
        let page = self.get(&b, "/en/account").await.text().await.unwrap();
        let at = page
            .find("name=\"_csrf\" value=\"")
            .expect("a form token on the account page")
            + 20;
        b.csrf = Some(page[at..at + 32].to_string());
        b
    }

    /// A call of the JSON API with a token (or none).
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Vec<u8>,
    ) -> reqwest::Response {
        let mut r = self.client.request(method, self.url(path)).body(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().await.unwrap()
    }
}

pub async fn site_on(s: TestStore) -> Site {
    let report = import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config::from_vars(|k| match k {
        "LIKEWISE_ADDR" => Some(addr.to_string()),
        "LIKEWISE_SITE_ROOT" => Some(repo_root().join("public").display().to_string()),
        _ => None,
    })
    .unwrap();
    let state = AppState::new(config, s.store.clone(), s.index.clone());
    state.follow_changes().await;
    let app = router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(45))
        .build()
        .unwrap();
    let site = Site {
        base: format!("http://{addr}"),
        client,
        state,
        store: s,
    };
    for (email, roles) in ROLES {
        let grants = likewise::cli::grants_of(
            &roles
                .iter()
                .map(|r| r.split(':').next().unwrap().to_string())
                .collect::<Vec<_>>(),
            roles.iter().find_map(|r| r.strip_prefix("editor:")),
        )
        .unwrap();
        site.state
            .auth
            .create_account(email, email, Some(PASSWORD), &grants)
            .await
            .unwrap();
    }
    site
}

/// The roles of docs/design.md#roles, one account each (the visitor has none).
pub const ROLES: &[(&str, &[&str])] = &[
    ("member@example.org", &["member"]),
    ("newcomer@example.org", &["member"]),
    ("editor-p@example.org", &["editor:groningen"]),
    ("editor-q@example.org", &["editor:aalborg"]),
    ("translator@example.org", &["translator"]),
    ("moderator@example.org", &["moderator"]),
    ("admin@example.org", &["admin"]),
];
