//! Publishing over real HTTP against a running server, on SQLite and PostgreSQL: the authorisation
//! matrix (every role × every write of pages and API), sessions (fixation, time-outs, sign-out, cookie
//! flags), the sign-in rate limit, uploads, the workflow and what readers see of it, history and revert,
//! form tokens and the Origin check, security headers, and a published edit reaching cached pages and
//! search within a second.

mod support;

use reqwest::StatusCode;
use std::time::Duration;
use support::TestStore;
use support::site::*;

fn case_file(partner: &str, title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"A case written through the API.\"\npartner = \"{partner}\"\nthemes = [\"chatbots\"]\npublished = 2020-01-02\n+++\n\n## Challenge\n\nText of {title}.\n"
    )
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

/// Every write, for every role: allowed exactly where docs/design.md#roles says; 401 (API) or a redirect to
/// sign-in (pages) without an account; 403 otherwise.
async fn the_authorisation_matrix_holds_for_every_role_and_write(s: TestStore) {
    let site = site_on(s).await;
    let mut tokens = std::collections::HashMap::new();
    let mut browsers = std::collections::HashMap::new();
    for (email, _) in ROLES {
        let b = site.sign_in(email).await;
        let viewer = site
            .state
            .auth
            .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
            .await
            .unwrap()
            .unwrap();
        tokens.insert(
            *email,
            site.state
                .auth
                .create_token(&viewer, "matrix")
                .await
                .unwrap(),
        );
        browsers.insert(*email, b);
    }
    // (role, may write groningen's cases, may write aalborg's, may translate, may administer)
    let expect: &[(&str, bool, bool, bool, bool)] = &[
        ("visitor", false, false, false, false),
        ("member@example.org", false, false, false, false),
        ("editor-p@example.org", true, false, true, false),
        ("editor-q@example.org", false, true, false, false),
        ("translator@example.org", false, false, true, false),
        ("moderator@example.org", false, false, false, false),
        ("admin@example.org", true, true, true, true),
    ];
    let denied_api = |who: &str| {
        if who == "visitor" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::FORBIDDEN
        }
    };
    for (n, (who, p, q, translate, admin)) in expect.iter().enumerate() {
        let token = tokens.get(who).map(|t| t.as_str());
        let browser = browsers.get(who).cloned().unwrap_or_default();
        // API: create a case of groningen (P) and of aalborg (Q).
        for (partner, allowed) in [("groningen", *p), ("aalborg", *q)] {
            let slug = format!("matrix-{n}-{partner}");
            let r = site
                .api(
                    reqwest::Method::POST,
                    &format!("/api/v1/cases/{slug}?lang=en"),
                    token,
                    case_file(partner, &slug).into_bytes(),
                )
                .await;
            let want = if allowed {
                StatusCode::CREATED
            } else {
                denied_api(who)
            };
            assert_eq!(
                r.status(),
                want,
                "{who}: POST a case of {partner}: {}",
                r.text().await.unwrap()
            );
        }
        // API: move an existing case of groningen to review and back (city-chatbot is groningen's).
        let r = site
            .api(
                reqwest::Method::POST,
                "/api/v1/cases/city-chatbot/status",
                token,
                br#"{"status":"unpublished"}"#.to_vec(),
            )
            .await;
        let want = if *p { StatusCode::OK } else { denied_api(who) };
        assert_eq!(r.status(), want, "{who}: unpublish a case of groningen");
        if *p {
            let r = site
                .api(
                    reqwest::Method::POST,
                    "/api/v1/cases/city-chatbot/status",
                    token,
                    br#"{"status":"published"}"#.to_vec(),
                )
                .await;
            assert_eq!(r.status(), StatusCode::OK);
        }
        // API: an image beside a case of aalborg (borger-bot).
        let r = site
            .api(
                reqwest::Method::PUT,
                "/api/v1/cases/borger-bot/files/m.png",
                token,
                PNG.to_vec(),
            )
            .await;
        let want = if *q {
            StatusCode::CREATED
        } else {
            denied_api(who)
        };
        assert_eq!(r.status(), want, "{who}: upload to a case of aalborg");
        // API: a German translation of a case of groningen.
        let de = "+++\ntitle = \"Ein Chatbot für die Stadt\"\nsummary = \"Die Gemeinde antwortet mit einem Chatbot.\"\ntranslated_from = \"nl\"\n+++\n\nText.\n";
        let r = site
            .api(
                reqwest::Method::PUT,
                "/api/v1/cases/city-chatbot?lang=de",
                token,
                de.as_bytes().to_vec(),
            )
            .await;
        let want = if *translate {
            StatusCode::CREATED
        } else {
            denied_api(who)
        };
        assert!(
            r.status() == want || (*translate && r.status() == StatusCode::OK),
            "{who}: translate: {}",
            r.status()
        );
        // API: a magazine of the library's own (admins only).
        let mag = "+++\ntitle = \"Issue\"\nsummary = \"S.\"\nnumber = 9\npublished = 2020-02-02\ncases = [\"city-chatbot\"]\n+++\n\nEditorial.\n";
        let r = site
            .api(
                reqwest::Method::PUT,
                &format!("/api/v1/magazines/matrix-mag-{n}?lang=en"),
                token,
                mag.as_bytes().to_vec(),
            )
            .await;
        let allowed_mag = *admin || *p || *q;
        let want = if allowed_mag {
            StatusCode::CREATED
        } else {
            denied_api(who)
        };
        assert_eq!(
            r.status(),
            want,
            "{who}: create a magazine: {}",
            r.text().await.unwrap()
        );

        // Pages: the editor's form for a new case of groningen.
        let slug = format!("form-{n}");
        let r = site
            .post_multipart(
                &browser,
                "/en/desk/new/cases",
                &[
                    ("action", "save"),
                    ("slug", &slug),
                    ("title", "By form"),
                    ("summary", "S."),
                    ("partner", "groningen"),
                    ("themes", "chatbots"),
                    ("published", "2020-03-03"),
                    ("body", "Body."),
                ],
                None,
            )
            .await;
        match (who, p) {
            (&"visitor", _) => assert_eq!(
                r.status(),
                StatusCode::SEE_OTHER,
                "visitor is sent to sign in"
            ),
            (_, true) => assert_eq!(r.status(), StatusCode::SEE_OTHER, "{who}: saved by form"),
            _ => assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "{who}: form save refused"
            ),
        }
        if *who == "visitor" {
            assert!(
                r.headers()["location"]
                    .to_str()
                    .unwrap()
                    .starts_with("/en/sign-in")
            );
        }
        // Pages: editing a case of aalborg (borger-bot) by form.
        let r = site
            .post_multipart(
                &browser,
                "/en/desk/cases/borger-bot?in=en",
                &[("action", "preview"), ("text_lang", "en"), ("title", "x")],
                None,
            )
            .await;
        match (*who, *q) {
            ("visitor", _) => assert_eq!(r.status(), StatusCode::SEE_OTHER),
            // The editor answers (a preview of an incomplete form is a 422 with the errors beside the fields).
            // Translators may open any case's editor for its translations.
            _ if *q || *who == "translator@example.org" => {
                assert!(
                    matches!(
                        r.status(),
                        StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY
                    ),
                    "{who}: {}",
                    r.status()
                )
            }
            _ => assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "{who}: open the editor of aalborg's case"
            ),
        }
        // Pages: the admin screen's create-account form.
        let r = site
            .post_form(
                &browser,
                "/en/admin",
                &[
                    ("action", "create-account"),
                    ("email", &format!("new{n}@example.org")),
                    ("name", "New"),
                    ("roles", ""),
                ],
            )
            .await;
        let want = if *who == "visitor" {
            StatusCode::SEE_OTHER
        } else if *admin {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status(), want, "{who}: create an account");
        // Pages: every member may manage their own tokens.
        let r = site
            .post_form(
                &browser,
                "/en/account",
                &[("action", "create-token"), ("name", "mine")],
            )
            .await;
        let want = if *who == "visitor" {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::OK
        };
        assert_eq!(r.status(), want, "{who}: create a token");
    }
}

/// A new id at sign-in (a planted one is worthless), sign-out ends the session, time-outs end it, and the
/// cookie carries its flags.
async fn sessions_rotate_time_out_and_end_at_sign_out(s: TestStore) {
    let site = site_on(s).await;
    let planted = "__Host-likewise-session=0123456789abcdef0123456789abcdef".to_string();
    let r = site
        .post_form(
            &Browser {
                cookie: Some(planted.clone()),
                csrf: None,
            },
            "/en/sign-in",
            &[("email", "member@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set = cookie_of(&r).unwrap();
    for flag in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(set.contains(flag), "{flag} in {set}");
    }
    let cookie = set.split(';').next().unwrap().to_string();
    assert_ne!(cookie, planted, "the session id changes at sign-in");
    let id = cookie.split('=').nth(1).unwrap().to_string();
    assert_eq!(id.len(), 32, "128 random bits in hex");
    let b = Browser {
        cookie: Some(cookie.clone()),
        csrf: None,
    };
    assert_eq!(site.get(&b, "/en/account").await.status(), StatusCode::OK);
    // Signed-in people never get a cached page.
    let r = site.get(&b, "/en/").await;
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    // Idle: a session unused for longer than the idle time-out is gone.
    let key = likewise::auth::secret::digest(&id);
    let idle = likewise::auth::IDLE_TIMEOUT.as_millis() as i64 + 1000;
    support::sql_exec(
        &site.store.url,
        &format!("UPDATE sessions SET seen_at = seen_at - {idle} WHERE id_hash = '{key}'"),
    )
    .await;
    let r = site.get(&b, "/en/account").await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "an idle session has ended"
    );
    assert!(
        cookie_of(&r).is_some_and(|c| c.contains("Max-Age=0")),
        "and its cookie is cleared"
    );
    // Absolute: however busy, a session ends after the absolute time-out.
    let b = site.sign_in("member@example.org").await;
    let id = b
        .cookie
        .as_ref()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_string();
    let key = likewise::auth::secret::digest(&id);
    let old = likewise::auth::ABSOLUTE_TIMEOUT.as_millis() as i64 + 1000;
    support::sql_exec(
        &site.store.url,
        &format!("UPDATE sessions SET created_at = created_at - {old} WHERE id_hash = '{key}'"),
    )
    .await;
    assert_eq!(
        site.get(&b, "/en/account").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Sign-out ends the session on the server, not only in the browser.
    let b = site.sign_in("member@example.org").await;
    assert_eq!(site.get(&b, "/en/account").await.status(), StatusCode::OK);
    let r = site.post_form(&b, "/en/sign-out", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(cookie_of(&r).unwrap().contains("Max-Age=0"));
    assert_eq!(
        site.get(&b, "/en/account").await.status(),
        StatusCode::UNAUTHORIZED,
        "the old cookie is worthless"
    );
}

/// Five wrong passwords lock the account for a while, with a clear, translated message; the right password
/// does not get through meanwhile.
async fn sign_in_is_rate_limited_per_account(s: TestStore) {
    let site = site_on(s).await;
    for _ in 0..likewise::auth::ACCOUNT_FAILURES {
        let r = site
            .post_form(
                &Browser::default(),
                "/en/sign-in",
                &[
                    ("email", "editor-p@example.org"),
                    ("password", "wrong wrong wrong"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("The email address or the password is wrong.")
        );
    }
    let r = site
        .post_form(
            &Browser::default(),
            "/nl/sign-in",
            &[("email", "editor-p@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-test=\"sign-in-error\""), "{page}");
    assert!(
        !page.contains("Too many failed attempts"),
        "the message is in Dutch"
    );
    // Another account from the same address still signs in (the address limit is higher).
    site.sign_in("editor-q@example.org").await;
}

async fn uploads_are_checked_by_content_size_and_script(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("editor-q@example.org").await;
    let viewer = site
        .state
        .auth
        .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
        .await
        .unwrap()
        .unwrap();
    let token = site.state.auth.create_token(&viewer, "up").await.unwrap();
    let put = |name: &str, bytes: Vec<u8>| {
        let path = format!("/api/v1/cases/borger-bot/files/{name}");
        let token = token.clone();
        let site = &site;
        async move {
            site.api(reqwest::Method::PUT, &path, Some(&token), bytes)
                .await
        }
    };
    assert_eq!(
        put("ok.png", PNG.to_vec()).await.status(),
        StatusCode::CREATED
    );
    // A wide picture is stored with its smaller copies; a small one's copy addresses serve the picture itself.
    let wide = image::RgbImage::from_fn(1000, 400, |x, _| image::Rgb([(x % 256) as u8, 40, 40]));
    let mut png = std::io::Cursor::new(Vec::new());
    wide.write_to(&mut png, image::ImageFormat::Png).unwrap();
    assert_eq!(
        put("wide.png", png.into_inner()).await.status(),
        StatusCode::CREATED
    );
    let copy = site.get(&b, "/media/cases/borger-bot/wide.w480.png").await;
    assert_eq!(copy.status(), StatusCode::OK);
    let copy = image::load_from_memory(&copy.bytes().await.unwrap()).unwrap();
    assert_eq!((copy.width(), copy.height()), (480, 192));
    let small = site.get(&b, "/media/cases/borger-bot/ok.w960.png").await;
    assert_eq!(small.status(), StatusCode::OK);
    assert_eq!(small.bytes().await.unwrap().as_ref(), PNG);
    let r = put("mine.w480.png", PNG.to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("smaller copies"));
    let r = put("photo.jpg", PNG.to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("PNG image but its name"));
    let r = put(
        "page.png",
        b"<html><script>alert(1)</script></html>".to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = put(
        "x.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("contains a script"));
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 10, 0);
    assert_eq!(
        put("big.png", big).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // Through the editor form, the refusal is shown beside the image field and the text is kept.
    let r = site
        .post_multipart(
            &b,
            "/en/desk/cases/borger-bot?in=en",
            &[
                ("action", "save"),
                ("text_lang", "en"),
                ("title", "Kept title"),
            ],
            Some(("evil.svg", br#"<svg onload="alert(1)"/>"#.to_vec())),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-test=\"error-image\""), "{page}");
    assert!(
        page.contains("value=\"Kept title\""),
        "nothing typed is lost"
    );
}

/// Draft → review → published → unpublished: readers, the API and search see a case only while it is
/// published; sending back needs a note; a published edit reaches the cached page and search within 1 s.
async fn the_workflow_decides_what_readers_see(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("editor-p@example.org").await;
    let reader = Browser::default();
    let save = site
        .post_multipart(
            &b,
            "/en/desk/new/cases",
            &[
                ("action", "save"),
                ("slug", "harbour-sensors"),
                ("title", "Harbour sensors"),
                ("summary", "Sensors in the harbour."),
                ("partner", "groningen"),
                ("themes", "iot-sensors"),
                ("published", "2021-05-05"),
                ("body", "## Challenge\n\nZilverreiger counts."),
                ("image_alt", "A sensor on a quay."),
            ],
            Some(("harbour.png", PNG.to_vec())),
        )
        .await;
    assert_eq!(
        save.status(),
        StatusCode::SEE_OTHER,
        "{}",
        save.text().await.unwrap()
    );
    let invisible = async |site: &Site| {
        assert_eq!(
            site.get(&reader, "/en/cases/harbour-sensors")
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            site.get(&reader, "/api/v1/cases/harbour-sensors")
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        let hits: serde_json::Value = site
            .get(&reader, "/api/v1/search?q=zilverreiger")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(hits["total"], 0, "{hits}");
        assert_eq!(
            site.get(&reader, "/media/cases/harbour-sensors/harbour.png")
                .await
                .status(),
            StatusCode::NOT_FOUND,
            "an unpublished case's files are not public"
        );
    };
    invisible(&site).await;
    let own = site
        .get(&b, "/media/cases/harbour-sensors/harbour.png")
        .await;
    assert_eq!(own.status(), StatusCode::OK, "its editors see its image");
    assert_eq!(own.headers()["cache-control"], "private, no-store");
    let translator = site.sign_in("translator@example.org").await;
    assert_eq!(
        site.get(&translator, "/media/cases/harbour-sensors/harbour.png")
            .await
            .status(),
        StatusCode::OK,
        "and its translators, who may open it on the desk"
    );
    let other = site.sign_in("editor-q@example.org").await;
    assert_eq!(
        site.get(&other, "/media/cases/harbour-sensors/harbour.png")
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "another partner's editor does not"
    );
    let desk = site.get(&b, "/en/desk").await.text().await.unwrap();
    assert!(desk.contains("Harbour sensors"), "the draft is on the desk");
    // Saving a draft is nothing readers or the index need to know: no change record, no emptied caches.
    let before = site.store.store.last_change().await.unwrap();
    let mut draft_edit = vec![
        ("action", "save"),
        ("text_lang", "en"),
        ("title", "Harbour sensors"),
        ("summary", "Sensors in the harbour."),
        ("partner", "groningen"),
        ("themes", "iot-sensors"),
        ("published", "2021-05-05"),
        ("image", "harbour.png"),
        ("image_alt", "A sensor on a quay."),
        ("body", "## Challenge\n\nZilverreiger counts, drafted."),
    ];
    let r = site
        .post_multipart(
            &b,
            "/en/desk/cases/harbour-sensors?in=en",
            &draft_edit,
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        site.store.store.last_change().await.unwrap(),
        before,
        "a draft's save logs no change"
    );
    draft_edit[9] = ("body", "## Challenge\n\nZilverreiger counts.");
    site.post_multipart(
        &b,
        "/en/desk/cases/harbour-sensors?in=en",
        &draft_edit,
        None,
    )
    .await;
    // To review, then back with no note: refused; with a note: back to draft.
    let editor = "/en/desk/cases/harbour-sensors?in=en";
    let form = |action: &'static str, note: &'static str| {
        vec![
            ("action", action),
            ("text_lang", "en"),
            ("title", "Harbour sensors"),
            ("summary", "Sensors in the harbour."),
            ("partner", "groningen"),
            ("themes", "iot-sensors"),
            ("published", "2021-05-05"),
            ("image", "harbour.png"),
            ("image_alt", "A sensor on a quay."),
            ("body", "## Challenge\n\nZilverreiger counts."),
            ("note", note),
        ]
    };
    assert_eq!(
        site.post_multipart(&b, editor, &form("move:review", ""), None)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    invisible(&site).await;
    let r = site
        .post_multipart(&b, editor, &form("move:draft", ""), None)
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "sending back needs a note"
    );
    assert!(r.text().await.unwrap().contains("data-test=\"error-note\""));
    assert_eq!(
        site.post_multipart(&b, editor, &form("move:draft", "Add the results"), None)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        site.post_multipart(&b, editor, &form("move:review", ""), None)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Another partner's editor cannot publish it.
    let q = site.sign_in("editor-q@example.org").await;
    assert_eq!(
        site.post_multipart(&q, editor, &form("move:published", ""), None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.post_multipart(&b, editor, &form("move:published", ""), None)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Published: the page, the API and (within a second) search.
    let page = site.get(&reader, "/en/cases/harbour-sensors").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("/media/cases/harbour-sensors/harbour.png")
    );
    wait_for_search(&site, "zilverreiger", 1).await;
    for _ in 0..2 {
        let image = site
            .get(&reader, "/media/cases/harbour-sensors/harbour.png")
            .await;
        assert_eq!(image.status(), StatusCode::OK, "published: its image too");
        assert_eq!(image.headers()["cache-control"], "public, no-cache");
    }
    // Warm the reader's cache, then a published edit reaches the cached page and search within a second.
    let warm = std::time::Instant::now();
    while site
        .get(&reader, "/en/cases/harbour-sensors")
        .await
        .headers()["x-likewise-cache"]
        != "hit"
    {
        assert!(
            warm.elapsed() < Duration::from_secs(3),
            "the page is kept in the cache"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut edit = form("save", "Counts of herons");
    edit[9] = ("body", "## Challenge\n\nKwikstaart counts now.");
    let started = std::time::Instant::now();
    assert_eq!(
        site.post_multipart(&b, editor, &edit, None).await.status(),
        StatusCode::SEE_OTHER
    );
    loop {
        let text = site
            .get(&reader, "/en/cases/harbour-sensors")
            .await
            .text()
            .await
            .unwrap();
        if text.contains("Kwikstaart") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the cached page shows the edit within a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    wait_for_search(&site, "kwikstaart", 1).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "search has it within a second: {:?}",
        started.elapsed()
    );
    // Unpublished: gone for readers again.
    assert_eq!(
        site.post_multipart(&b, editor, &form("move:unpublished", ""), None)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // The cached page goes within a poll of the change log (250 ms); a loaded machine may take longer.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while site
        .get(&reader, "/en/cases/harbour-sensors")
        .await
        .status()
        != StatusCode::NOT_FOUND
    {
        assert!(std::time::Instant::now() < deadline, "withdrawn within 5 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_for_search(&site, "zilverreiger", 0).await;
    invisible(&site).await;
    // The workflow moves are in the history, with who and why.
    let history = site
        .get(&b, "/en/desk/cases/harbour-sensors/history?in=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(history.contains("Add the results"), "{history}");
    assert!(history.contains("editor-p@example.org"));
}

async fn wait_for_search(site: &Site, q: &str, total: i64) {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let hits: serde_json::Value = site
            .get(&Browser::default(), &format!("/api/v1/search?q={q}"))
            .await
            .json()
            .await
            .unwrap();
        if hits["total"] == total {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "search for {q}: {hits}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The admin screen edits partners in place: a valid entry is stored, a refused one is named by line and the
/// text stays in the form.
async fn admins_edit_partners_in_place(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("admin@example.org").await;
    let toml = "[[partners]]\nslug = \"leeuwarden\"\nname = \"Gemeente Leeuwarden\"\ncountry = \"NL\"\nkind = \"municipality\"\nwebsite = \"https://www.leeuwarden.nl\"\nlanguages = [\"nl\"]\n";
    let r = site
        .post_form(
            &b,
            "/en/admin",
            &[("action", "partners"), ("partners_toml", toml)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    assert!(
        site.store
            .store
            .partners()
            .await
            .unwrap()
            .iter()
            .any(|p| p.slug == "leeuwarden")
    );
    let bad = "[[partners]]\nslug = \"x\"\n";
    let r = site
        .post_form(
            &b,
            "/en/admin",
            &[("action", "partners"), ("partners_toml", bad)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("data-test=\"error-partners_toml\""), "{page}");
    let e = site.sign_in("editor-p@example.org").await;
    let r = site
        .post_form(
            &e,
            "/en/admin",
            &[("action", "partners"), ("partners_toml", toml)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// What someone typed comes back in the form as text: a `</textarea>` or a quote cannot end its field.
async fn the_editor_shows_typed_markup_as_text(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("editor-p@example.org").await;
    let evil = "</textarea><script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let r = site
        .post_multipart(
            &b,
            "/en/desk/new/cases",
            &[
                ("action", "preview"),
                ("slug", "typed-markup"),
                ("title", evil),
                ("summary", evil),
                ("partner", "groningen"),
                ("themes", "chatbots"),
                ("published", "2020-01-01"),
                ("body", evil),
                ("links", evil),
            ],
            None,
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(!page.contains("<img src=x onerror"), "{page}");
    assert!(
        page.contains("&lt;/textarea&gt;&lt;script&gt;"),
        "the text is kept, escaped"
    );
}

/// Every save is a revision with its author and note; the diff shows what changed; a revert saves the old
/// text again as a new revision.
async fn history_keeps_every_save_and_reverts_forward(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("editor-p@example.org").await;
    let viewer = site
        .state
        .auth
        .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
        .await
        .unwrap()
        .unwrap();
    let token = site.state.auth.create_token(&viewer, "h").await.unwrap();
    for (title, note) in [("First title", "first"), ("Second title", "second")] {
        let r = site
            .api(
                reqwest::Method::PUT,
                &format!("/api/v1/cases/history-case?lang=en&note={note}"),
                Some(&token),
                case_file("groningen", title).into_bytes(),
            )
            .await;
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }
    let page = site
        .get(&b, "/en/desk/cases/history-case/history?in=en&from=1&to=2")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<del>First</del>") || page.contains("<del>First title"),
        "a word-level diff: {page}"
    );
    assert!(page.contains("second") && page.contains("editor-p@example.org"));
    let r = site
        .post_form(
            &b,
            "/en/desk/cases/history-case/history?in=en",
            &[("action", "revert"), ("revision", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let history = site
        .store
        .store
        .accounts()
        .history("cases/history-case/en.md")
        .await
        .unwrap();
    assert_eq!(history.len(), 3, "a revert is a new revision");
    assert_eq!(history[2].note.as_deref(), Some("Reverted to revision 1"));
    assert_eq!(history[2].content, history[0].content);
    // Another partner's editor may not see this history.
    let q = site.sign_in("editor-q@example.org").await;
    assert_eq!(
        site.get(&q, "/en/desk/cases/history-case/history?in=en")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

/// Writes from another site are refused (Origin), form posts need the session's token, tokens can be
/// revoked, and every response carries the security headers.
async fn forged_writes_are_refused_and_headers_are_set(s: TestStore) {
    let site = site_on(s).await;
    let b = site.sign_in("admin@example.org").await;
    let r = site
        .client
        .post(site.url("/en/account"))
        .header("origin", "https://evil.example")
        .header("cookie", b.cookie.clone().unwrap())
        .form(&[
            ("action", "create-token"),
            ("name", "x"),
            ("_csrf", b.csrf.as_deref().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "another site's form");
    let no_token = Browser {
        cookie: b.cookie.clone(),
        csrf: None,
    };
    assert_eq!(
        site.post_form(
            &no_token,
            "/en/account",
            &[("action", "create-token"), ("name", "x")]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let wrong = Browser {
        cookie: b.cookie.clone(),
        csrf: Some("0".repeat(32)),
    };
    assert_eq!(
        site.post_form(
            &wrong,
            "/en/account",
            &[("action", "create-token"), ("name", "x")]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    // A token is shown once, works, and stops working when revoked.
    let page = site
        .post_form(
            &b,
            "/en/account",
            &[("action", "create-token"), ("name", "ci")],
        )
        .await
        .text()
        .await
        .unwrap();
    let at = page.find("data-test=\"new-token\">").unwrap() + 22;
    let token = page[at..].split('<').next().unwrap().to_string();
    assert!(token.starts_with("lw_"));
    let r = site
        .api(
            reqwest::Method::PUT,
            "/api/v1/cases/token-case?lang=en",
            Some(&token),
            case_file("angus", "T").into_bytes(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let tokens = site
        .store
        .store
        .accounts()
        .tokens(
            &site
                .store
                .store
                .accounts()
                .account_by_email("admin@example.org")
                .await
                .unwrap()
                .unwrap()
                .0
                .id,
        )
        .await
        .unwrap();
    let ci = tokens.iter().find(|t| t.name == "ci").unwrap();
    assert!(ci.last_used_at.is_some(), "its use is recorded");
    let id = ci.id.clone();
    assert_eq!(
        site.post_form(
            &b,
            "/en/account",
            &[("action", "revoke-token"), ("id", &id)]
        )
        .await
        .status(),
        StatusCode::OK
    );
    let r = site
        .api(
            reqwest::Method::PUT,
            "/api/v1/cases/token-case?lang=en",
            Some(&token),
            case_file("angus", "T2").into_bytes(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    // Bad files get a 422 naming the key and line; nothing stored is lost.
    let admin = site
        .state
        .auth
        .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
        .await
        .unwrap()
        .unwrap();
    let t = site.state.auth.create_token(&admin, "bad").await.unwrap();
    let r = site
        .api(
            reqwest::Method::PUT,
            "/api/v1/cases/city-chatbot?lang=nl",
            Some(&t),
            b"+++\ntitle = \"x\"\npartner = \"groningen\"\n+++\n".to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("summary"),
        "{body}"
    );
    assert_eq!(
        site.get(&Browser::default(), "/en/cases/city-chatbot")
            .await
            .status(),
        StatusCode::OK
    );
    // Headers on pages, API answers and cached pages alike.
    for path in ["/en/", "/en/", "/api/v1/themes", "/en/sign-in"] {
        let r = site.get(&Browser::default(), path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline")
                || !csp
                    .split(';')
                    .find(|d| d.contains("script-src"))
                    .unwrap()
                    .contains("unsafe-inline")
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    }
}

on_both_stores!(
    admins_edit_partners_in_place,
    the_editor_shows_typed_markup_as_text,
    the_authorisation_matrix_holds_for_every_role_and_write,
    sessions_rotate_time_out_and_end_at_sign_out,
    sign_in_is_rate_limited_per_account,
    uploads_are_checked_by_content_size_and_script,
    the_workflow_decides_what_readers_see,
    history_keeps_every_save_and_reverts_forward,
    forged_writes_are_refused_and_headers_are_set,
);
