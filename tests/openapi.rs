//! The OpenAPI document the server serves at /api/v1/openapi.json: it is OpenAPI 3.1, it names every route
//! the API has and every error code, and real answers of the running server validate against the schemas it
//! documents for them (status, content type and body).

mod support;

use likewise::http::ApiError;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::site::{Site, site_on};

/// Every route of `api::router()` (server/src/http/api.rs), with its methods.
const ROUTES: &[(&str, &[&str])] = &[
    ("/api/v1/search", &["get"]),
    ("/api/v1/cases/{slug}", &["get", "post", "put"]),
    ("/api/v1/cases/{slug}/adoptions", &["get", "post"]),
    ("/api/v1/cases/{slug}/adoptions/{id}", &["delete"]),
    ("/api/v1/{kind}/{slug}/status", &["post"]),
    ("/api/v1/{kind}/{slug}/comments", &["get", "post"]),
    ("/api/v1/{kind}/{slug}/files/{name}", &["put"]),
    ("/api/v1/magazines", &["get"]),
    ("/api/v1/magazines/{slug}", &["get", "post", "put"]),
    ("/api/v1/partners", &["get"]),
    ("/api/v1/themes", &["get"]),
    ("/api/v1/catalog", &["get"]),
    ("/api/v1/openapi.json", &["get"]),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

struct Api {
    site: Site,
    doc: Value,
    admin: String,
}

async fn api() -> Api {
    let site = site_on(support::sqlite().await).await;
    let b = site.sign_in("admin@example.org").await;
    let viewer = site
        .state
        .auth
        .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
        .await
        .unwrap()
        .unwrap();
    let admin = site
        .state
        .auth
        .create_token(&viewer, "openapi")
        .await
        .unwrap();
    let r = site
        .api(Method::GET, "/api/v1/openapi.json", None, vec![])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: Value = r.json().await.unwrap();
    Api { site, doc, admin }
}

/// Follows a local `$ref` of the document.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("a local reference");
            resolve(
                doc,
                doc.pointer(pointer)
                    .unwrap_or_else(|| panic!("{r} resolves")),
            )
        }
        None => v,
    }
}

/// A validator for a schema of the document's components.
fn validator(doc: &Value, name: &str) -> jsonschema::Validator {
    let schema = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

/// The schema with every object closed: no properties but those it names.
fn strict(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("properties").is_some_and(Value::is_object)
                && !m.contains_key("additionalProperties")
            {
                m.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (k, x) in m.iter_mut() {
                if k == "properties" {
                    // Property names, whatever they are, map to schemas.
                    if let Value::Object(props) = x {
                        props.values_mut().for_each(strict);
                    }
                } else {
                    strict(x);
                }
            }
        }
        Value::Array(xs) => xs.iter_mut().for_each(strict),
        _ => {}
    }
}

/// Every `$ref` in a value, with where it is.
fn refs(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    out.push((at.to_string(), x.as_str().unwrap_or_default().to_string()));
                } else {
                    refs(x, &format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                refs(x, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

impl Api {
    /// The documented response of an operation for a status.
    fn response(&self, path: &str, method: &str, status: StatusCode) -> &Value {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is documented");
        let r = &op["responses"][status.as_str()];
        assert!(
            r.is_object(),
            "{method} {path}: status {status} is documented (documented: {:?})",
            op["responses"]
                .as_object()
                .map(|m| m.keys().collect::<Vec<_>>())
        );
        resolve(&self.doc, r)
    }

    /// Sends a request and checks its answer against the document: the status is documented for the
    /// operation, the content type is one it documents, and the body validates against its schema.
    async fn check(
        &self,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: &[u8],
        want: StatusCode,
    ) -> Value {
        let r = self
            .site
            .api(method.clone(), path, token, body.to_vec())
            .await;
        let status = r.status();
        let content_type = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = r.text().await.unwrap();
        assert_eq!(status, want, "{method} {path}: {text}");
        let documented = self.response(template, &method.as_str().to_lowercase(), status);
        let media = content_type.split(';').next().unwrap().trim();
        let content = &documented["content"][media];
        assert!(
            content.is_object(),
            "{method} {path}: {media} is documented for {status}"
        );
        let body: Value = serde_json::from_str(&text).unwrap();
        let mut schema = resolve(&self.doc, &content["schema"]).clone();
        schema["components"] = self.doc["components"].clone();
        // Checked strictly: a field the server sends that the document does not name is a failure too.
        strict(&mut schema);
        let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} ({status}) does not match its schema: {errors:#?}\n{body:#}"
        );
        body
    }
}

#[tokio::test]
async fn the_document_describes_every_route_and_error_and_real_answers_match_it() {
    let api = api().await;
    let doc = &api.doc;

    // OpenAPI 3.1, with a bearer token scheme for the writes.
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Likewise API");
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );

    // Every route and method, and no other.
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(move |m| (p.clone(), m.to_string()))
        })
        .collect();
    let mut expected: Vec<(String, String)> = ROUTES
        .iter()
        .flat_map(|(p, ms)| ms.iter().map(move |m| (p.to_string(), m.to_string())))
        .collect();
    documented.sort();
    expected.sort();
    assert_eq!(documented, expected);

    // Writes name the token; reads do not need one.
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let secured = op.get("security").is_some();
            assert_eq!(secured, method != "get", "{method} {path}: security");
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()));
        }
    }

    // Every error code, and no other.
    let codes: Vec<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for (_, code) in ApiError::CODES {
        assert!(codes.contains(code), "{code} is in the document");
    }
    assert_eq!(codes.len(), ApiError::CODES.len());
    for code in [
        "unauthorized",
        "forbidden",
        "conflict",
        "cross_site",
        "too_large",
        "rate_limited",
        "invalid",
        "method_not_allowed",
        "bad_request",
        "not_found",
        "unavailable",
        "search_unavailable",
    ] {
        assert!(codes.contains(&code), "{code}");
    }

    // Every reference resolves.
    let mut all = Vec::new();
    refs(doc, "", &mut all);
    assert!(all.len() > 50);
    for (at, r) in &all {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: {r} is local"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {r} resolves");
    }

    // The schemas say no to what is wrong: a validator that passed everything would prove nothing.
    assert!(!validator(doc, "Case").is_valid(&json!({ "slug": 1 })));
    assert!(
        !validator(doc, "ErrorBody")
            .is_valid(&json!({ "error": { "code": "oops", "message": "" } }))
    );
    assert!(validator(doc, "ErrorBody").is_valid(
        &json!({ "error": { "code": "cross_site", "message": "", "field": "x", "line": 3 } })
    ));

    // A partner that works in Catalan (any ISO 639-1 code, not only the interface's five).
    let partner = json!({
        "slug": "barcelona", "name": "Barcelona", "country": "ES", "kind": "municipality",
        "website": "https://example.org", "languages": ["ca", "es", "en"],
    });
    assert!(validator(doc, "Partner").is_valid(&partner));

    // Languages in answers are any ISO 639-1 code a partner works in, not only the interface's five.
    let language = &doc["components"]["schemas"]["LanguageCode"];
    assert_eq!(language["pattern"], "^[a-z]{2}$");
    assert!(language.get("enum").is_none());

    // Every documented operation is a route of the router: none answers 405 or "no such API endpoint".
    for (template, methods) in ROUTES {
        let path = template
            .replace("{kind}", "cases")
            .replace("{slug}", "city-chatbot")
            .replace("{name}", "photo.png");
        for m in *methods {
            let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap();
            let r = api.site.api(method, &path, None, vec![]).await;
            let status = r.status();
            let text = r.text().await.unwrap();
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{m} {path}");
            assert!(!text.contains("no such API endpoint"), "{m} {path}: {text}");
            assert!(
                api.doc["paths"][template][m]["responses"][status.as_str()].is_object(),
                "{m} {path}: {status} is documented"
            );
        }
    }
}

#[tokio::test]
async fn real_answers_validate_against_their_documented_schemas() {
    let api = api().await;
    let admin = Some(api.admin.as_str());
    let ok = StatusCode::OK;

    // Reads.
    let case = api
        .check(
            Method::GET,
            "/api/v1/cases/{slug}",
            "/api/v1/cases/city-chatbot",
            None,
            b"",
            ok,
        )
        .await;
    assert_eq!(case["slug"], "city-chatbot");
    let search = api
        .check(
            Method::GET,
            "/api/v1/search",
            "/api/v1/search?q=chatbot&lang=nl&theme=chatbots&limit=5",
            None,
            b"",
            ok,
        )
        .await;
    assert!(search["total"].as_u64().unwrap() > 0);
    api.check(
        Method::GET,
        "/api/v1/search",
        "/api/v1/search?q=chatbot",
        None,
        b"",
        ok,
    )
    .await;
    api.check(
        Method::GET,
        "/api/v1/magazines",
        "/api/v1/magazines",
        None,
        b"",
        ok,
    )
    .await;
    api.check(
        Method::GET,
        "/api/v1/magazines/{slug}",
        "/api/v1/magazines/first-issue",
        None,
        b"",
        ok,
    )
    .await;
    let partners = api
        .check(
            Method::GET,
            "/api/v1/partners",
            "/api/v1/partners",
            None,
            b"",
            ok,
        )
        .await;
    assert!(!partners["partners"].as_array().unwrap().is_empty());
    api.check(
        Method::GET,
        "/api/v1/themes",
        "/api/v1/themes",
        None,
        b"",
        ok,
    )
    .await;
    api.check(
        Method::GET,
        "/api/v1/{kind}/{slug}/comments",
        "/api/v1/cases/city-chatbot/comments",
        None,
        b"",
        ok,
    )
    .await;

    // Refusals of reads.
    let e = api
        .check(
            Method::GET,
            "/api/v1/cases/{slug}",
            "/api/v1/cases/no-such-case",
            None,
            b"",
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(e["error"]["code"], "not_found");
    let e = api
        .check(
            Method::GET,
            "/api/v1/search",
            "/api/v1/search?limit=ten",
            None,
            b"",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(e["error"]["field"], "limit");

    // Writes: no token, a bad file, a workflow move, a comment.
    let file = "/api/v1/cases/{slug}";
    let e = api
        .check(
            Method::PUT,
            file,
            "/api/v1/cases/city-chatbot?lang=en",
            None,
            b"+++\n+++\n",
            StatusCode::UNAUTHORIZED,
        )
        .await;
    assert_eq!(e["error"]["code"], "unauthorized");
    let e = api
        .check(
            Method::PUT,
            file,
            "/api/v1/cases/city-chatbot?lang=en",
            admin,
            b"no front matter at all",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(e["error"]["code"], "invalid");
    let e = api
        .check(
            Method::PUT,
            file,
            "/api/v1/cases/city-chatbot",
            admin,
            b"x",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(e["error"]["field"], "lang");
    let e = api
        .check(
            Method::PUT,
            file,
            "/api/v1/cases/city-chatbot?lang=en",
            Some("lw_not_a_token"),
            b"x",
            StatusCode::UNAUTHORIZED,
        )
        .await;
    assert_eq!(e["error"]["code"], "unauthorized");
    let moved = api
        .check(
            Method::POST,
            "/api/v1/{kind}/{slug}/status",
            "/api/v1/cases/city-chatbot/status",
            admin,
            br#"{"status": "unpublished"}"#,
            ok,
        )
        .await;
    assert_eq!(moved["status"], "unpublished");
    api.check(
        Method::POST,
        "/api/v1/{kind}/{slug}/status",
        "/api/v1/cases/city-chatbot/status",
        admin,
        br#"{"status": "review"}"#,
        StatusCode::CONFLICT,
    )
    .await;
    api.check(
        Method::POST,
        "/api/v1/{kind}/{slug}/status",
        "/api/v1/cases/city-chatbot/status",
        admin,
        br#"{"status": "published"}"#,
        ok,
    )
    .await;
    api.check(
        Method::POST,
        "/api/v1/{kind}/{slug}/status",
        "/api/v1/cases/city-chatbot/status",
        admin,
        br#"{"state": "published"}"#,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let posted = api
        .check(
            Method::POST,
            "/api/v1/{kind}/{slug}/comments",
            "/api/v1/cases/city-chatbot/comments",
            admin,
            json!({ "body": "We tried this in our town too." })
                .to_string()
                .as_bytes(),
            StatusCode::CREATED,
        )
        .await;
    assert!(posted["id"].as_i64().is_some());
    api.check(
        Method::PUT,
        "/api/v1/{kind}/{slug}/files/{name}",
        "/api/v1/cases/city-chatbot/files/photo.png",
        admin,
        b"not an image",
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}
