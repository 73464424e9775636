//! Translating and commenting, on SQLite and PostgreSQL: translation states in the store and through
//! import/export; over real HTTP the reader's notice, the API status, the translator's desk, "mark as
//! current"; comments with pre-moderation, reports, hiding and restoring (every action logged), spam
//! limits, replies with notifications, edits and deletion; and the authorisation matrix of every translate,
//! comment, report and moderation operation.

mod support;

use likewise::domain::Lang;
use likewise::exchange::{export, import};
use likewise::store::TranslationState;
use reqwest::{Method, StatusCode};
use support::site::*;
use support::{TestStore, fixture, read_tree};

const SLUG: &str = "city-chatbot";

fn nl_source(words: &str) -> String {
    format!(
        "+++\ntitle = \"Een chatbot voor de stad\"\nsummary = \"De gemeente beantwoordt vragen met een chatbot.\"\n\
         partner = \"groningen\"\nthemes = [\"chatbots\"]\npublished = 2018-04-10\n+++\n\n## Uitdaging\n\n{words}\n\n## Aanpak\n\nEen chatbot.\n"
    )
}

async fn state_of(s: &TestStore, lang: Lang) -> TranslationState {
    s.store
        .case(SLUG)
        .await
        .unwrap()
        .unwrap()
        .translation_state(lang)
}

async fn import_fixture(s: &TestStore) {
    let report = import::import_dir(&*s.store, &fixture("library"), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
}

/// Writes one file through the import of a one-file tree, as the editor and the API do.
async fn import_file(s: &TestStore, rel: &str, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let report = import::import_dir(&*s.store, dir.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0, "{rel} imports");
}

fn en_translation(extra: &str) -> String {
    format!(
        "+++\ntitle = \"A chatbot for the city\"\nsummary = \"The municipality answers questions.\"\ntranslated_from = \"nl\"\n{extra}+++\n\n## Challenge\n\nQuestions.\n"
    )
}

async fn a_source_edit_outdates_exactly_the_translations_made_before_it(s: TestStore) {
    import_fixture(&s).await;
    assert_eq!(
        state_of(&s, Lang::En).await,
        TranslationState::Current,
        "imported without the key: current"
    );
    assert_eq!(state_of(&s, Lang::De).await, TranslationState::Missing);
    import_file(
        &s,
        "cases/city-chatbot/nl.md",
        &nl_source("Veel vragen kwamen terug."),
    )
    .await;
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Outdated);
    // A translation written after the change follows the new source; the older one stays outdated.
    import_file(
        &s,
        "cases/city-chatbot/de.md",
        "+++\ntitle = \"Ein Chatbot\"\nsummary = \"Die Gemeinde antwortet.\"\ntranslated_from = \"nl\"\n+++\n\nText.\n",
    )
    .await;
    assert_eq!(state_of(&s, Lang::De).await, TranslationState::Current);
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Outdated);
    assert_eq!(
        state_of(&s, Lang::Nl).await,
        TranslationState::Current,
        "a source is current"
    );
    // A file naming the current source state is current; naming another, outdated.
    let source = s
        .store
        .source_file(likewise::domain::ItemKind::Case, SLUG)
        .await
        .unwrap()
        .unwrap();
    let now = &source.hash[..12];
    import_file(
        &s,
        "cases/city-chatbot/en.md",
        &en_translation(&format!("source_hash = \"{now}\"\n")),
    )
    .await;
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Current);
    import_file(
        &s,
        "cases/city-chatbot/en.md",
        &en_translation("source_hash = \"000000000000\"\n"),
    )
    .await;
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Outdated);
    // An unchanged source written again changes nothing.
    import_file(
        &s,
        "cases/city-chatbot/nl.md",
        &nl_source("Veel vragen kwamen terug."),
    )
    .await;
    assert_eq!(state_of(&s, Lang::De).await, TranslationState::Current);
}

async fn mark_as_current_clears_the_flag_with_a_revision(s: TestStore) {
    import_fixture(&s).await;
    import_file(&s, "cases/city-chatbot/nl.md", &nl_source("Nieuwe tekst.")).await;
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Outdated);
    let auth = likewise::auth::Auth::new(s.store.clone());
    let (account, _) = auth
        .create_account(
            "t@example.org",
            "T",
            Some(PASSWORD),
            &[app::account::Grant::Translator],
        )
        .await
        .unwrap();
    let viewer = likewise::auth::viewer_of(account, String::new());
    let editorial = likewise::editorial::Editorial::new(s.store.clone());
    let source = s
        .store
        .source_file(likewise::domain::ItemKind::Case, SLUG)
        .await
        .unwrap()
        .unwrap();
    let before = s
        .store
        .revisions("cases/city-chatbot/en.md")
        .await
        .unwrap()
        .len();
    let old = s
        .store
        .accounts()
        .item_files(likewise::domain::ItemKind::Case, SLUG)
        .await
        .unwrap();
    let old_en = old.iter().find(|f| f.lang == Lang::En).unwrap().raw.clone();
    editorial
        .mark_current(
            &viewer,
            likewise::domain::ItemKind::Case,
            SLUG,
            Lang::En,
            &source.hash[..12],
        )
        .await
        .unwrap();
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Current);
    let history = s
        .store
        .accounts()
        .history("cases/city-chatbot/en.md")
        .await
        .unwrap();
    assert_eq!(history.len(), before + 1, "a revision like any other");
    assert_eq!(
        history.last().unwrap().author.as_deref(),
        Some("t@example.org")
    );
    let new_en = history.last().unwrap().content.clone().unwrap();
    assert_eq!(
        new_en.replace(&format!("source_hash = \"{}\"\n", &source.hash[..12]), ""),
        old_en,
        "the words stay; only the key is added"
    );
}

async fn export_and_import_keep_every_translation_state_byte_for_byte(s: TestStore) {
    import_fixture(&s).await;
    import_file(&s, "cases/city-chatbot/nl.md", &nl_source("Nieuwe tekst.")).await;
    assert_eq!(state_of(&s, Lang::En).await, TranslationState::Outdated);
    let first = tempfile::tempdir().unwrap();
    export::export_dir(&*s.store, first.path(), &mut |_| {})
        .await
        .unwrap();
    let written = std::fs::read_to_string(first.path().join("cases/city-chatbot/en.md")).unwrap();
    assert!(
        written.contains("source_hash = \""),
        "the outdated translation says so: {written}"
    );
    let da = std::fs::read_to_string(first.path().join("cases/data-dashboard/da.md")).unwrap();
    assert!(
        !da.contains("source_hash"),
        "a current translation's file is as it was"
    );
    // Into a fresh store of the same kind, and out again.
    let fresh = if s.url.starts_with("sqlite") {
        support::sqlite().await
    } else {
        support::postgres().await.unwrap()
    };
    let report = import::import_dir(&*fresh.store, first.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 0);
    assert_eq!(state_of(&fresh, Lang::En).await, TranslationState::Outdated);
    let data = fresh.store.case("data-dashboard").await.unwrap().unwrap();
    assert_eq!(data.translation_state(Lang::Da), TranslationState::Current);
    let second = tempfile::tempdir().unwrap();
    export::export_dir(&*fresh.store, second.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        read_tree(first.path()),
        read_tree(second.path()),
        "byte-stable round trip"
    );
}

async fn a_wrong_source_hash_is_refused_with_its_line(s: TestStore) {
    import_fixture(&s).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases/city-chatbot/en.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, en_translation("source_hash = \"not-hex\"\n")).unwrap();
    let report = import::import_dir(&*s.store, dir.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.count(import::Status::Rejected), 1);
    let text = format!("{report:?}");
    assert!(text.contains("source_hash"), "{text}");
    // A source may not carry one.
    std::fs::write(
        dir.path().join("cases/city-chatbot/en.md"),
        en_translation(""),
    )
    .unwrap();
    let bad_source =
        nl_source("x").replace("partner =", "source_hash = \"0123456789ab\"\npartner =");
    std::fs::write(dir.path().join("cases/city-chatbot/nl.md"), bad_source).unwrap();
    let report = import::import_dir(&*s.store, dir.path(), &mut |_| {})
        .await
        .unwrap();
    assert!(report.count(import::Status::Rejected) >= 1);
    assert_eq!(
        state_of(&s, Lang::En).await,
        TranslationState::Current,
        "nothing stored is lost"
    );
}

// ---- over HTTP ----

async fn token_of(site: &Site, email: &str) -> String {
    let b = site.sign_in(email).await;
    let viewer = site
        .state
        .auth
        .session_viewer(b.cookie.as_ref().unwrap().split('=').nth(1).unwrap())
        .await
        .unwrap()
        .unwrap();
    site.state.auth.create_token(&viewer, "test").await.unwrap()
}

async fn text(r: reqwest::Response) -> String {
    r.text().await.unwrap()
}

/// Where a redirect sends the browser.
fn location(r: &reqwest::Response) -> &str {
    r.headers()["location"].to_str().unwrap()
}

/// The comment id a redirect after a comment form names (`…#comment-12`).
fn comment_id(r: &reqwest::Response) -> i64 {
    let at = location(r);
    at.rsplit("#comment-").next().unwrap().parse().unwrap()
}

async fn json(r: reqwest::Response) -> serde_json::Value {
    r.json().await.unwrap()
}

/// Waits (bounded) until the page cache has followed the change log.
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
}

async fn a_source_change_reaches_readers_the_api_and_the_desk_until_the_translator_updates(
    s: TestStore,
) {
    let site = site_on(s).await;
    let visitor = Browser::default();
    assert!(
        !text(site.get(&visitor, "/en/cases/city-chatbot").await)
            .await
            .contains("outdated-notice")
    );
    let editor = token_of(&site, "editor-p@example.org").await;
    let r = site
        .api(
            Method::PUT,
            "/api/v1/cases/city-chatbot?lang=nl",
            Some(&editor),
            nl_source("Nieuw.").into_bytes(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", text(r).await);
    settle().await;
    let page = text(site.get(&visitor, "/en/cases/city-chatbot").await).await;
    assert!(
        page.contains("data-test=\"outdated-notice\""),
        "readers of the outdated translation are told"
    );
    assert!(
        page.contains("href=\"/nl/cases/city-chatbot\""),
        "with a link to the source"
    );
    assert!(
        !text(site.get(&visitor, "/nl/cases/city-chatbot").await)
            .await
            .contains("outdated-notice")
    );
    let api = json(site.get(&visitor, "/api/v1/cases/city-chatbot").await).await;
    assert_eq!(api["translations"]["en"]["status"], "outdated");
    assert_eq!(api["translations"]["nl"]["status"], "current");
    assert_eq!(api["translations"]["de"]["status"], "missing");
    assert!(
        api["translations"]["en"]["source_revision"]
            .as_i64()
            .is_some()
    );
    // The translator's desk lists it, filterable.
    let translator = site.sign_in("translator@example.org").await;
    let desk = text(site.get(&translator, "/en/translate?language=en").await).await;
    assert!(
        desk.contains("data-slug=\"city-chatbot\" data-lang=\"en\" data-state=\"outdated\""),
        "{desk}"
    );
    let desk = text(
        site.get(&translator, "/en/translate?language=de&partner=groningen")
            .await,
    )
    .await;
    assert!(desk.contains("data-slug=\"city-chatbot\" data-lang=\"de\" data-state=\"missing\""));
    assert!(
        !desk.contains("data-slug=\"borger-bot\""),
        "filtered by partner"
    );
    // The editor shows the source's changes and the side-by-side sections.
    let editor_page = text(
        site.get(&translator, "/en/desk/cases/city-chatbot?in=en")
            .await,
    )
    .await;
    assert!(editor_page.contains("data-test=\"source-changes\""));
    assert!(editor_page.contains("<ins>Nieuw.</ins>") || editor_page.contains("Nieuw."));
    assert!(editor_page.contains("data-test=\"section-pair\""));
    let at = editor_page.find("name=\"source_hash\" value=\"").unwrap() + 26;
    let source_hash = editor_page[at..at + 12].to_string();
    let r = site
        .post_multipart(
            &translator,
            "/en/desk/cases/city-chatbot?in=en",
            &[
                ("action", "mark-current"),
                ("text_lang", "en"),
                ("translated_from", "nl"),
                ("source_hash", &source_hash),
                ("title", "A chatbot for the city"),
                ("summary", "Typed but not saved."),
                ("body", "Words typed before clicking mark as current."),
            ],
            None,
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "mark as current never drops typed words"
    );
    assert!(
        text(r).await.contains("Words typed before clicking"),
        "they stay in the form"
    );
    let r = site
        .post_multipart(
            &translator,
            "/en/desk/cases/city-chatbot?in=en",
            &[
                ("action", "save"),
                ("text_lang", "en"),
                ("translated_from", "nl"),
                ("source_hash", &source_hash),
                ("title", "A chatbot for the city"),
                (
                    "summary",
                    "The municipality answers questions with a chatbot.",
                ),
                (
                    "body",
                    "## Challenge\n\nNew words about the harbourmaster chatbot.",
                ),
            ],
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", text(r).await);
    settle().await;
    let page = text(site.get(&visitor, "/en/cases/city-chatbot").await).await;
    assert!(!page.contains("outdated-notice"), "the notice is gone");
    assert!(
        page.contains("harbourmaster"),
        "published by its translator"
    );
    let hits = json(site.get(&visitor, "/api/v1/search?q=harbourmaster").await).await;
    assert_eq!(hits["total"], 1, "indexed like any text");
    let api = json(site.get(&visitor, "/api/v1/cases/city-chatbot").await).await;
    assert_eq!(api["translations"]["en"]["status"], "current");
}

/// Turns the site to post-moderation (comments appear at once) and signs in its moderator.
async fn post_moderation(site: &Site) -> Browser {
    let moderator = site.sign_in("moderator@example.org").await;
    let r = site
        .post_form(
            &moderator,
            "/en/moderation/settings",
            &[("mode", "post"), ("threshold", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    moderator
}

fn body(words: &str) -> String {
    format!("{words} — a question about the chatbot for the authors.")
}

async fn a_waiting_comment_is_seen_by_its_author_alone_until_approved(s: TestStore) {
    let site = site_on(s).await;
    let newcomer = site.sign_in("newcomer@example.org").await;
    let member = site.sign_in("member@example.org").await;
    let moderator = site.sign_in("moderator@example.org").await;
    let r = site
        .post_form(
            &newcomer,
            "/en/cases/city-chatbot/comments",
            &[("body", &body("Zanzibarquestion"))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).contains("comment=waiting"));
    let id = comment_id(&r);
    settle().await;
    let visitor = Browser::default();
    for (who, b) in [("visitor", &visitor), ("another member", &member)] {
        let page = text(site.get(b, "/en/cases/city-chatbot").await).await;
        assert!(
            !page.contains("Zanzibarquestion"),
            "{who} does not see a waiting comment"
        );
    }
    let own = text(site.get(&newcomer, "/en/cases/city-chatbot").await).await;
    assert!(
        own.contains("Zanzibarquestion") && own.contains("data-test=\"comment-waiting\""),
        "its author sees it, marked"
    );
    let api = json(
        site.get(&visitor, "/api/v1/cases/city-chatbot/comments")
            .await,
    )
    .await;
    assert_eq!(api["count"], 0);
    let feed = text(
        site.get(&visitor, "/en/cases/city-chatbot/comments.atom")
            .await,
    )
    .await;
    assert!(!feed.contains("Zanzibarquestion"));
    let hits = json(
        site.get(&visitor, "/api/v1/search?q=Zanzibarquestion")
            .await,
    )
    .await;
    assert_eq!(
        hits["total"], 0,
        "comments are never searchable, waiting or not"
    );
    let queue = text(site.get(&moderator, "/en/moderation").await).await;
    assert!(queue.contains(&format!("data-comment=\"{id}\"")));
    let r = site
        .post_form(&moderator, &format!("/en/moderation/{id}/approve"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    settle().await;
    let page = text(site.get(&visitor, "/en/cases/city-chatbot").await).await;
    assert!(
        page.contains("Zanzibarquestion"),
        "approved: everyone sees it"
    );
    // A signed-in reader with no comment of their own gets the list rendered once for every member: links
    // to the reply and report forms, no form and so no token of anyone's; the link opens that one form.
    let members_page = text(site.get(&member, "/en/cases/city-chatbot").await).await;
    assert!(members_page.contains("Zanzibarquestion"));
    assert!(members_page.contains(&format!("href=\"?reply={id}#reply-{id}\"")));
    assert!(!members_page.contains("data-test=\"reply-submit\""));
    let reply_page = text(
        site.get(&member, &format!("/en/cases/city-chatbot?reply={id}"))
            .await,
    )
    .await;
    assert_eq!(reply_page.matches("data-test=\"reply-submit\"").count(), 1);
    assert!(reply_page.contains(&format!("id=\"reply-{id}\"")));
    let again = text(site.get(&member, "/en/cases/city-chatbot").await).await;
    assert_eq!(
        again.matches("Zanzibarquestion").count(),
        members_page.matches("Zanzibarquestion").count()
    );
    let api = json(
        site.get(&visitor, "/api/v1/cases/city-chatbot/comments")
            .await,
    )
    .await;
    assert_eq!(api["count"], 1);
    assert!(
        text(
            site.get(&visitor, "/en/cases/city-chatbot/comments.atom")
                .await
        )
        .await
        .contains("Zanzibarquestion")
    );
    let cards = text(site.get(&visitor, "/en/partners/groningen").await).await;
    assert!(
        cards.contains("data-test=\"comment-count\""),
        "the card counts it"
    );
    let log = site
        .store
        .store
        .comments()
        .moderation_log(&[id])
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].actor.as_str(), log[0].action.as_str()),
        ("moderator@example.org", "approve")
    );
    // One approved comment (N = 1): the next one appears at once.
    let r = site
        .post_form(
            &newcomer,
            "/en/cases/city-chatbot/comments",
            &[("body", &body("Second thought"))],
        )
        .await;
    assert!(location(&r).contains("comment=posted"));
    // With N = 3 (the newcomer has two approved) new words of an approved comment wait again.
    site.post_form(
        &moderator,
        "/en/moderation/settings",
        &[("mode", "pre"), ("threshold", "3")],
    )
    .await;
    let r = site
        .post_form(
            &newcomer,
            &format!("/en/comments/{id}/edit"),
            &[("body", "Zanzibarquestion, now with other words")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let state = site
        .store
        .store
        .comments()
        .comment(id)
        .await
        .unwrap()
        .unwrap()
        .state;
    assert_eq!(
        state,
        likewise::store::comments::CommentState::Waiting,
        "an edit is looked at again"
    );
}

async fn reports_hiding_and_restoring_are_logged_with_who_and_why(s: TestStore) {
    let site = site_on(s).await;
    let moderator = site.sign_in("moderator@example.org").await;
    let r = site
        .post_form(
            &moderator,
            "/en/moderation/settings",
            &[("mode", "post"), ("threshold", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let author = site.sign_in("newcomer@example.org").await;
    let reporter = site.sign_in("member@example.org").await;
    let r = site
        .post_form(
            &author,
            "/en/cases/city-chatbot/comments",
            &[("body", &body("Buy cheap things"))],
        )
        .await;
    assert!(location(&r).contains("comment=posted"), "post-moderation");
    let id = comment_id(&r);
    let r = site
        .post_form(
            &reporter,
            &format!("/en/comments/{id}/report"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a report needs a reason"
    );
    let r = site
        .post_form(
            &reporter,
            &format!("/en/comments/{id}/report"),
            &[("reason", "Advertising")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let queue = text(site.get(&moderator, "/en/moderation?tab=reported").await).await;
    assert!(queue.contains("Advertising") && queue.contains(&format!("data-comment=\"{id}\"")));
    let r = site
        .post_form(
            &moderator,
            &format!("/en/moderation/{id}/hide"),
            &[("reason", "")],
        )
        .await;
    assert!(location(&r).contains("error="), "hiding needs a reason");
    let r = site
        .post_form(
            &moderator,
            &format!("/en/moderation/{id}/hide"),
            &[("reason", "Advertising is not allowed")],
        )
        .await;
    assert!(location(&r).contains("done=1"));
    settle().await;
    let visitor = text(
        site.get(&Browser::default(), "/en/cases/city-chatbot")
            .await,
    )
    .await;
    assert!(!visitor.contains("Buy cheap things"), "hidden from readers");
    let own = text(site.get(&author, "/en/cases/city-chatbot").await).await;
    assert!(
        own.contains("data-test=\"comment-hidden\"") && own.contains("Advertising is not allowed"),
        "the author sees why"
    );
    let r = site
        .post_form(&moderator, &format!("/en/moderation/{id}/restore"), &[])
        .await;
    assert!(location(&r).contains("done=1"));
    settle().await;
    assert!(
        text(
            site.get(&Browser::default(), "/en/cases/city-chatbot")
                .await
        )
        .await
        .contains("Buy cheap things")
    );
    let r = site
        .post_form(
            &moderator,
            &format!("/en/moderation/{id}/answer"),
            &[("body", "Thank you, we looked at it.")],
        )
        .await;
    assert!(location(&r).contains("done=1"));
    let r = site
        .post_form(
            &reporter,
            &format!("/en/comments/{id}/report"),
            &[("reason", "Still advertising")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = site
        .post_form(&moderator, &format!("/en/moderation/{id}/dismiss"), &[])
        .await;
    assert!(location(&r).contains("done=1"));
    let log = site
        .store
        .store
        .comments()
        .moderation_log(&[id])
        .await
        .unwrap();
    let actions: Vec<(&str, &str, Option<&str>)> = log
        .iter()
        .map(|l| (l.actor.as_str(), l.action.as_str(), l.reason.as_deref()))
        .collect();
    assert_eq!(
        actions[0],
        (
            "moderator@example.org",
            "hide",
            Some("Advertising is not allowed")
        )
    );
    assert_eq!(actions[1].1, "restore");
    assert_eq!(actions[2].1, "answer");
    assert_eq!(actions[3].1, "dismiss");
    settle().await;
    let page = text(
        site.get(&Browser::default(), "/en/cases/city-chatbot")
            .await,
    )
    .await;
    assert!(
        page.contains("data-test=\"moderator-badge\""),
        "the answer is marked as the moderator's"
    );
}

async fn spam_limits_refuse_with_a_translated_message_and_keep_the_text(s: TestStore) {
    let site = site_on(s).await;
    post_moderation(&site).await;
    let member = site.sign_in("member@example.org").await;
    let long = "woord ".repeat(900);
    let r = site
        .post_form(
            &member,
            "/nl/cases/city-chatbot/comments",
            &[("body", &long)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(r).await;
    let nl = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(support::repo_root().join("app/locales/nl.json")).unwrap(),
    )
    .unwrap();
    let message = nl["cm_err_too_long"]
        .as_str()
        .unwrap()
        .replace("%n", "4000");
    assert!(
        page.contains(&message),
        "the message in the reader's language"
    );
    assert!(
        page.contains("woord woord woord"),
        "the text is kept in the form"
    );
    let links = "See https://a.example https://b.example https://c.example https://d.example";
    let r = site
        .post_form(
            &member,
            "/en/cases/city-chatbot/comments",
            &[("body", links)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(r).await.contains("d.example"));
    let r = site
        .post_form(
            &member,
            "/en/cases/city-chatbot/comments",
            &[("body", "A first thought")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = site
        .post_form(
            &member,
            "/en/cases/city-chatbot/comments",
            &[("body", "a  FIRST thought!")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the same words twice"
    );
    for n in 2..=5 {
        let r = site
            .post_form(
                &member,
                "/en/cases/city-chatbot/comments",
                &[("body", &format!("Thought number {n}"))],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "comment {n}");
    }
    let r = site
        .post_form(
            &member,
            "/en/cases/city-chatbot/comments",
            &[("body", "One too many")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(text(r).await.contains("One too many"));
    // Through the API: the same limits, as JSON errors.
    let token = token_of(&site, "member@example.org").await;
    let r = site
        .api(
            Method::POST,
            "/api/v1/cases/city-chatbot/comments",
            Some(&token),
            br#"{"body":"Over the limit"}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json(r).await["error"]["code"], "rate_limited");
    // A client's mistakes are named by field, before any limit.
    for (sent, field, says) in [
        (
            r#"{"body":"A reply","parent":"12"}"#,
            "parent",
            "whole number",
        ),
        (r#"{"body":42}"#, "body", "string"),
        (r#"{"text":"Hello"}"#, "body", "unknown field `text`"),
        (r#"{"parent":12}"#, "body", "missing"),
        (r#"["Hello"]"#, "body", "JSON object"),
        ("body=Hello", "body", "must be JSON"),
    ] {
        let r = site
            .api(
                Method::POST,
                "/api/v1/cases/city-chatbot/comments",
                Some(&token),
                sent.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{sent}");
        let error = json(r).await["error"].clone();
        assert_eq!(error["field"], field, "{sent}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains(says),
            "{sent}: {error}"
        );
    }
    // Reports have a limit of their own; one's own comment is not reported, nor one comment twice.
    let other = site.sign_in("newcomer@example.org").await;
    let moderator_token = token_of(&site, "moderator@example.org").await;
    let mut ids = Vec::new();
    for n in 0..11 {
        let r = site
            .api(
                Method::POST,
                "/api/v1/cases/city-chatbot/comments",
                Some(&moderator_token),
                format!(r#"{{"body":"A moderator's note {n}"}}"#).into_bytes(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        ids.push(json(r).await["id"].as_i64().unwrap());
    }
    let own = site
        .post_form(
            &member,
            &format!("/en/comments/{}/report", ids[0]),
            &[("reason", "x")],
        )
        .await;
    assert_eq!(
        own.status(),
        StatusCode::SEE_OTHER,
        "the member reports another's comment"
    );
    let again = site
        .post_form(
            &member,
            &format!("/en/comments/{}/report", ids[0]),
            &[("reason", "again")],
        )
        .await;
    assert_eq!(
        again.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "one open report a comment"
    );
    let mine = {
        let all = site
            .store
            .store
            .comments()
            .item_comments(likewise::domain::ItemKind::Case, SLUG)
            .await
            .unwrap();
        all.iter()
            .find(|c| c.body == "Thought number 2")
            .unwrap()
            .id
    };
    let r = site
        .post_form(
            &member,
            &format!("/en/comments/{mine}/report"),
            &[("reason", "mine")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "not one's own comment");
    for id in &ids[..10] {
        let r = site
            .post_form(
                &other,
                &format!("/en/comments/{id}/report"),
                &[("reason", "off topic")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let r = site
        .post_form(
            &other,
            &format!("/en/comments/{}/report", ids[10]),
            &[("reason", "eleventh")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn replies_notify_edits_are_kept_and_deletion_leaves_a_marker(s: TestStore) {
    let site = site_on(s).await;
    let moderator = post_moderation(&site).await;
    let asker = site.sign_in("member@example.org").await;
    let answerer = site.sign_in("newcomer@example.org").await;
    let editor = site.sign_in("editor-p@example.org").await;
    let r = site
        .post_form(
            &asker,
            "/en/cases/city-chatbot/comments",
            &[("body", "How long did it take?")],
        )
        .await;
    let question = comment_id(&r);
    let r = site
        .post_form(
            &answerer,
            "/en/cases/city-chatbot/comments",
            &[("body", "About a year."), ("parent", &question.to_string())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reply = comment_id(&r);
    let r = site
        .post_form(
            &asker,
            "/en/cases/city-chatbot/comments",
            &[("body", "Deeper"), ("parent", &reply.to_string())],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "one level of replies"
    );
    let own = text(site.get(&asker, "/en/notifications").await).await;
    assert!(
        own.contains("About a year."),
        "the author of the comment answered hears of it"
    );
    let header = text(site.get(&asker, "/en/").await).await;
    assert!(
        header.contains("data-unseen=\"1\""),
        "an unread count in the header"
    );
    let editors = text(site.get(&editor, "/en/notifications").await).await;
    assert!(
        editors.contains("About a year.") && editors.contains("How long did it take?"),
        "the partner's editors too"
    );
    // A reply hidden by a moderator is gone from the notifications too, and back when restored.
    let r = site
        .post_form(
            &moderator,
            &format!("/en/moderation/{reply}/hide"),
            &[("reason", "checking")],
        )
        .await;
    assert!(location(&r).contains("done=1"));
    assert!(
        !text(site.get(&asker, "/en/notifications").await)
            .await
            .contains("About a year.")
    );
    site.post_form(&moderator, &format!("/en/moderation/{reply}/restore"), &[])
        .await;
    assert!(
        text(site.get(&asker, "/en/notifications").await)
            .await
            .contains("About a year.")
    );
    site.post_form(&asker, "/en/notifications/seen", &[]).await;
    assert!(
        text(site.get(&asker, "/en/").await)
            .await
            .contains("data-unseen=\"0\"")
    );
    // Edit within the window; the earlier words are kept.
    let r = site
        .post_form(
            &asker,
            &format!("/en/comments/{question}/edit"),
            &[("body", "How long did it take to build?")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edits = site
        .store
        .store
        .comments()
        .comment_edits(question)
        .await
        .unwrap();
    assert_eq!(edits[0].0, "How long did it take?");
    // An edit may not take the words of another comment of one's own; keeping its own words is no repeat.
    site.post_form(
        &asker,
        "/en/cases/city-chatbot/comments",
        &[("body", "Who maintains it now?")],
    )
    .await;
    let r = site
        .post_form(
            &asker,
            &format!("/en/comments/{question}/edit"),
            &[("body", "who maintains it now")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a repeat");
    assert!(
        text(r).await.contains("who maintains it now"),
        "the text is kept"
    );
    let r = site
        .post_form(
            &asker,
            &format!("/en/comments/{question}/edit"),
            &[("body", "How long did it take to build?")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "its own words again");
    let r = site
        .post_form(
            &answerer,
            &format!("/en/comments/{question}/edit"),
            &[("body", "Not mine")],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "only its author edits a comment"
    );
    // Deleting a comment with a reply leaves a marker; without replies it is gone.
    let r = site
        .post_form(&asker, &format!("/en/comments/{question}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    settle().await;
    let page = text(
        site.get(&Browser::default(), "/en/cases/city-chatbot")
            .await,
    )
    .await;
    assert!(page.contains("data-test=\"comment-deleted\"") && !page.contains("to build?"));
    assert!(page.contains("About a year."));
    let api = json(
        site.get(&Browser::default(), "/api/v1/cases/city-chatbot/comments")
            .await,
    )
    .await;
    assert_eq!(api["comments"][0]["deleted"], true);
    assert!(
        api["comments"][0]["replies"][0]["html"]
            .as_str()
            .unwrap()
            .contains("About a year.")
    );
    let r = site
        .post_form(&answerer, &format!("/en/comments/{reply}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    settle().await;
    let page = text(
        site.get(&Browser::default(), "/en/cases/city-chatbot")
            .await,
    )
    .await;
    assert!(
        !page.contains("comment-deleted"),
        "a deleted comment without replies leaves nothing"
    );
    // Edits close after 15 minutes.
    let r = site
        .post_form(
            &answerer,
            "/en/cases/city-chatbot/comments",
            &[("body", "A later note")],
        )
        .await;
    let late = comment_id(&r);
    age_comment(&site, late).await;
    let r = site
        .post_form(
            &answerer,
            &format!("/en/comments/{late}/edit"),
            &[("body", "Changed")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn age_comment(site: &Site, id: i64) {
    let url = &site.store.url;
    let sql = "UPDATE comments SET created_ms = created_ms - 3600000 WHERE id = $1";
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sql).bind(id).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql).bind(id).execute(&pool).await.unwrap();
    }
}

/// Every translate, comment, report and moderation operation for every role: allowed exactly where
/// docs/design.md#roles says (pages redirect a visitor to sign in; the API answers 401).
async fn the_authorisation_matrix_covers_translating_commenting_and_moderating(s: TestStore) {
    let site = site_on(s).await;
    let moderator = site.sign_in("moderator@example.org").await;
    site.post_form(
        &moderator,
        "/en/moderation/settings",
        &[("mode", "pre"), ("threshold", "1")],
    )
    .await;
    // The member has one approved comment; the newcomer none.
    let member = site.sign_in("member@example.org").await;
    let r = site
        .post_form(
            &member,
            "/en/cases/city-chatbot/comments",
            &[("body", "An approved one")],
        )
        .await;
    let first = comment_id(&r);
    site.post_form(&moderator, &format!("/en/moderation/{first}/approve"), &[])
        .await;
    // A comment of the moderator's, for everyone else to report (nobody reports their own).
    let r = site
        .post_form(
            &moderator,
            "/en/cases/city-chatbot/comments",
            &[("body", "A note from the moderator")],
        )
        .await;
    let theirs = comment_id(&r);
    import_en_outdated(&site).await;
    // (who, may translate city-chatbot (groningen), may moderate, a new comment waits)
    let roles: &[(&str, bool, bool, bool)] = &[
        ("member@example.org", false, false, false),
        ("newcomer@example.org", false, false, true),
        ("editor-p@example.org", true, false, false),
        ("editor-q@example.org", false, false, true),
        ("translator@example.org", true, false, true),
        ("moderator@example.org", false, true, false),
        ("admin@example.org", true, true, false),
    ];
    let visitor = Browser::default();
    for page in ["/en/translate", "/en/moderation", "/en/notifications"] {
        let r = site.get(&visitor, page).await;
        assert!(
            text(r).await.contains("sign-in"),
            "a visitor is asked to sign in at {page}"
        );
    }
    let r = site
        .post_form(
            &visitor,
            "/en/cases/city-chatbot/comments",
            &[("body", "Anonymous")],
        )
        .await;
    assert!(
        location(&r).contains("/en/sign-in"),
        "visitors do not comment"
    );
    let r = site
        .post_form(
            &visitor,
            &format!("/en/comments/{first}/report"),
            &[("reason", "x")],
        )
        .await;
    assert!(location(&r).contains("/en/sign-in"));
    let r = site
        .api(
            Method::POST,
            "/api/v1/cases/city-chatbot/comments",
            None,
            br#"{"body":"x"}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    for (who, translate, moderate, waits) in roles {
        let b = site.sign_in(who).await;
        let desk = site.get(&b, "/en/translate").await.status();
        let expect_desk = *translate || who.starts_with("editor");
        assert_eq!(
            desk == StatusCode::OK,
            expect_desk,
            "{who}: translator's desk"
        );
        let queue = site.get(&b, "/en/moderation").await.status();
        assert_eq!(
            queue == StatusCode::OK,
            *moderate,
            "{who}: moderation queue"
        );
        let source_hash = {
            let f = site
                .store
                .store
                .source_file(likewise::domain::ItemKind::Case, SLUG)
                .await
                .unwrap()
                .unwrap();
            f.hash[..12].to_string()
        };
        let stored = stored_words(&site).await;
        let mut fields = vec![
            ("action", "mark-current"),
            ("text_lang", "en"),
            ("translated_from", "nl"),
            ("source_hash", source_hash.as_str()),
        ];
        fields.extend(stored.iter().map(|(k, v)| (*k, v.as_str())));
        let r = site
            .post_multipart(&b, "/en/desk/cases/city-chatbot?in=en", &fields, None)
            .await;
        assert_eq!(
            r.status() == StatusCode::SEE_OTHER,
            *translate,
            "{who}: mark as current ({})",
            r.status()
        );
        if *translate {
            import_en_outdated(&site).await;
        }
        let r = site
            .post_form(
                &b,
                "/en/cases/city-chatbot/comments",
                &[("body", &format!("A word from {who}"))],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{who}: every member comments"
        );
        let id = comment_id(&r);
        let state = site
            .store
            .store
            .comments()
            .comment(id)
            .await
            .unwrap()
            .unwrap()
            .state;
        assert_eq!(
            state == likewise::store::comments::CommentState::Waiting,
            *waits,
            "{who}: waits"
        );
        let target = if *who == "moderator@example.org" {
            first
        } else {
            theirs
        };
        let r = site
            .post_form(
                &b,
                &format!("/en/comments/{target}/report"),
                &[("reason", &format!("from {who}"))],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{who}: every member reports"
        );
        for action in ["approve", "hide", "restore", "dismiss"] {
            let r = site
                .post_form(
                    &b,
                    &format!("/en/moderation/{id}/{action}"),
                    &[("reason", "r")],
                )
                .await;
            assert_eq!(
                r.status() == StatusCode::SEE_OTHER,
                *moderate,
                "{who}: {action}"
            );
        }
        let r = site
            .post_form(
                &b,
                &format!("/en/moderation/{first}/answer"),
                &[("body", &format!("Answer by {who}"))],
            )
            .await;
        assert_eq!(
            r.status() == StatusCode::SEE_OTHER,
            *moderate,
            "{who}: answer"
        );
        let r = site
            .post_form(
                &b,
                "/en/moderation/settings",
                &[("mode", "pre"), ("threshold", "1")],
            )
            .await;
        assert_eq!(
            r.status() == StatusCode::SEE_OTHER,
            *moderate,
            "{who}: site setting"
        );
        let r = site
            .post_form(&b, "/en/moderation/partner/groningen", &[("mode", "site")])
            .await;
        let partner_setting = *moderate || *who == "editor-p@example.org";
        assert_eq!(
            r.status() == StatusCode::SEE_OTHER,
            partner_setting,
            "{who}: groningen's own setting"
        );
        let token = token_of(&site, who).await;
        let r = site
            .api(
                Method::POST,
                "/api/v1/cases/city-chatbot/comments",
                Some(&token),
                format!(r#"{{"body":"Through the API, {who}"}}"#).into_bytes(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{who}: API comment");
        assert_eq!(
            json(r).await["state"],
            if *waits { "waiting" } else { "approved" }
        );
        let translation = en_translation("").replace("Questions.", &format!("Words of {who}."));
        let r = site
            .api(
                Method::PUT,
                "/api/v1/cases/city-chatbot?lang=en",
                Some(&token),
                translation.into_bytes(),
            )
            .await;
        assert_eq!(
            r.status() == StatusCode::OK,
            *translate,
            "{who}: API translation ({})",
            r.status()
        );
    }
}

/// The words of the stored English translation, as the editor's form posts them.
async fn stored_words(site: &Site) -> Vec<(&'static str, String)> {
    let files = site
        .store
        .store
        .accounts()
        .item_files(likewise::domain::ItemKind::Case, SLUG)
        .await
        .unwrap();
    let raw = &files.iter().find(|f| f.lang == Lang::En).unwrap().raw;
    let f =
        likewise::editorial::form::decompose(likewise::domain::ItemKind::Case, SLUG, Lang::En, raw)
            .unwrap();
    vec![
        ("title", f.title),
        ("summary", f.summary),
        ("tags", f.tags),
        ("image_alt", f.image_alt),
        ("body", f.body),
    ]
}

async fn a_partner_choice_overrides_the_site_setting(s: TestStore) {
    let site = site_on(s).await;
    let editor = site.sign_in("editor-p@example.org").await;
    let desk = text(site.get(&editor, "/en/desk").await).await;
    assert!(
        desk.contains("data-test=\"partner-mode-groningen\""),
        "the editor chooses on the desk"
    );
    assert!(
        !desk.contains("data-test=\"partner-mode-aalborg\""),
        "only for their own partner"
    );
    let r = site
        .post_form(
            &editor,
            "/en/moderation/partner/groningen",
            &[("mode", "post"), ("back", "desk")],
        )
        .await;
    assert_eq!(r.headers()["location"], "/en/desk?done=moderation");
    let newcomer = site.sign_in("newcomer@example.org").await;
    // Before any comment of theirs is approved: aalborg follows the site (pre), groningen lets them in.
    let r = site
        .post_form(
            &newcomer,
            "/en/cases/borger-bot/comments",
            &[("body", "Aalborg makes me wait")],
        )
        .await;
    assert!(
        location(&r).contains("comment=waiting"),
        "aalborg follows the site"
    );
    let r = site
        .post_form(
            &newcomer,
            "/en/cases/city-chatbot/comments",
            &[("body", "Groningen lets me in")],
        )
        .await;
    assert!(
        location(&r).contains("comment=posted"),
        "groningen: post-moderation"
    );
    let r = site
        .post_form(
            &editor,
            "/en/moderation/partner/aalborg",
            &[("mode", "post"), ("back", "desk")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "not another partner's");
}

/// Makes the English translation of the chatbot outdated again (a new state of the source).
async fn import_en_outdated(site: &Site) {
    let n = site
        .store
        .store
        .revisions("cases/city-chatbot/nl.md")
        .await
        .unwrap()
        .len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases/city-chatbot/nl.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, nl_source(&format!("Versie {n}."))).unwrap();
    import::import_dir(&*site.store.store, dir.path(), &mut |_| {})
        .await
        .unwrap();
}

/// Magazines are discussed like cases: their page, API, feed and cards, and nothing of a case's.
async fn a_magazine_is_discussed_on_its_page_api_feed_and_cards(s: TestStore) {
    let site = site_on(s).await;
    post_moderation(&site).await;
    let member = site.sign_in("member@example.org").await;
    let r = site
        .post_form(
            &member,
            "/en/magazines/first-issue/comments",
            &[(
                "body",
                "Quillwort issue — will there be a second one on forms?",
            )],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).contains("comment=posted"), "{}", location(&r));
    settle().await;
    let visitor = Browser::default();
    let page = text(site.get(&visitor, "/en/magazines/first-issue").await).await;
    assert!(page.contains("Quillwort issue"), "on the magazine's page");
    let api = json(
        site.get(&visitor, "/api/v1/magazines/first-issue/comments")
            .await,
    )
    .await;
    assert_eq!(api["count"], 1);
    let feed = text(
        site.get(&visitor, "/en/magazines/first-issue/comments.atom")
            .await,
    )
    .await;
    assert!(feed.contains("Quillwort issue"));
    for list in ["/en/magazines", "/en/"] {
        let cards = text(site.get(&visitor, list).await).await;
        let card = cards
            .split("data-test=\"magazine-card\"")
            .nth(1)
            .expect("a magazine card");
        assert!(
            card.split("</article>")
                .next()
                .unwrap()
                .contains("data-test=\"comment-count\""),
            "the magazine's card on {list} counts it"
        );
    }
    let case = text(site.get(&visitor, "/en/cases/city-chatbot").await).await;
    assert!(!case.contains("Quillwort issue"), "not a case's comment");
    let api = json(
        site.get(&visitor, "/api/v1/cases/city-chatbot/comments")
            .await,
    )
    .await;
    assert_eq!(api["count"], 0);
}

/// The pace and repeat limits hold when a member's posts arrive at the same moment (a double click, a
/// script): each is checked in the write that stores the comment.
async fn posts_sent_at_once_keep_the_pace_and_repeat_limits(s: TestStore) {
    let site = std::sync::Arc::new(site_on(s).await);
    post_moderation(&site).await;
    let member = site.sign_in("member@example.org").await;
    let send = |words: String| {
        let (site, member) = (site.clone(), member.clone());
        tokio::spawn(async move {
            site.post_form(
                &member,
                "/en/cases/city-chatbot/comments",
                &[("body", &words)],
            )
            .await
            .status()
        })
    };
    let same: Vec<_> = (0..4)
        .map(|_| send("Sent twice by a double click".to_string()))
        .collect();
    let mut statuses = Vec::new();
    for task in same {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "the same words once: {statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    let many: Vec<_> = (0..8)
        .map(|n| send(format!("Thought {n} of many sent at once")))
        .collect();
    let mut stored = 0;
    for task in many {
        let status = task.await.unwrap();
        match status {
            StatusCode::SEE_OTHER => stored += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        stored, 4,
        "five in ten minutes, the double click's one included"
    );
    let all = site
        .store
        .store
        .comments()
        .item_comments(likewise::domain::ItemKind::Case, SLUG)
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    // Reports too: one open report a comment, however many clicks.
    let reporter = site.sign_in("newcomer@example.org").await;
    let id = all[0].id;
    let reports: Vec<_> = (0..4)
        .map(|_| {
            let (site, reporter) = (site.clone(), reporter.clone());
            tokio::spawn(async move {
                site.post_form(
                    &reporter,
                    &format!("/en/comments/{id}/report"),
                    &[("reason", "off topic")],
                )
                .await
                .status()
            })
        })
        .collect();
    let mut accepted = 0;
    for task in reports {
        if task.await.unwrap() == StatusCode::SEE_OTHER {
            accepted += 1;
        }
    }
    assert_eq!(accepted, 1);
    let open = site
        .store
        .store
        .comments()
        .open_reports(&[id])
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
}

/// Case pages for signed-in readers are made from case views kept in memory (catalog `case_views`): whoever
/// changes a case reads the change at once, a member too, with no wait for the change-log follower.
async fn a_kept_case_view_gives_way_to_a_change_at_once(s: TestStore) {
    let site = site_on(s).await;
    let member = site.sign_in("member@example.org").await;
    let page = text(site.get(&member, "/nl/cases/city-chatbot").await).await;
    assert!(!page.contains("Ijsvogelwoord"));
    assert_eq!(
        text(site.get(&member, "/nl/cases/city-chatbot").await).await,
        page,
        "kept: the same page"
    );
    let editor = token_of(&site, "editor-p@example.org").await;
    // With a token the API's answer is made per request (never the shared cache), from the kept document.
    let document = async || {
        let r = site
            .api(
                Method::GET,
                "/api/v1/cases/city-chatbot",
                Some(&editor),
                vec![],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        text(r).await
    };
    assert!(!document().await.contains("Ijsvogelwoord"));
    let r = site
        .api(
            Method::PUT,
            "/api/v1/cases/city-chatbot?lang=nl",
            Some(&editor),
            nl_source("Ijsvogelwoord.").into_bytes(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", text(r).await);
    let page = text(site.get(&member, "/nl/cases/city-chatbot").await).await;
    assert!(page.contains("Ijsvogelwoord"), "the change, at once");
    assert!(document().await.contains("Ijsvogelwoord"), "in the API too");
    let admin = token_of(&site, "admin@example.org").await;
    let r = site
        .api(
            Method::POST,
            "/api/v1/cases/city-chatbot/status",
            Some(&admin),
            br#"{"status":"unpublished"}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", text(r).await);
    assert_eq!(
        site.get(&member, "/nl/cases/city-chatbot").await.status(),
        StatusCode::NOT_FOUND,
        "an unpublished case is gone at once"
    );
}

/// The moderation queue is kept per person (http/personal.rs) and must never show a state older than the
/// store's: a comment written by anything (this site, or straight into the store as another instance or
/// a script would), a moderator's action, another moderator's own page, a moderator's role taken away.
async fn the_kept_moderation_queue_follows_every_write_at_once(s: TestStore) {
    let site = site_on(s).await;
    let newcomer = site.sign_in("newcomer@example.org").await;
    let moderator = site.sign_in("moderator@example.org").await;
    let queue = |b: &Browser| {
        let b = b.clone();
        let site = &site;
        async move {
            let r = site.get(&b, "/en/moderation").await;
            let how = r.headers()["x-likewise-cache"]
                .to_str()
                .unwrap()
                .to_string();
            (r.status(), how, text(r).await)
        }
    };
    let (status, _, first) = queue(&moderator).await;
    assert_eq!(status, StatusCode::OK);
    let (_, how, again) = queue(&moderator).await;
    assert_eq!((how.as_str(), &again), ("kept", &first), "unchanged: kept");
    let r = site
        .post_form(
            &newcomer,
            "/en/cases/city-chatbot/comments",
            &[("body", &body("Quokkaquestion"))],
        )
        .await;
    let sent = comment_id(&r);
    let (_, how, page) = queue(&moderator).await;
    assert_ne!(how, "kept");
    assert!(
        page.contains(&format!("data-comment=\"{sent}\"")),
        "a comment sent through the site is in the queue at once"
    );
    assert_eq!(queue(&moderator).await.1, "kept");
    // Written as another process would, straight into the database: no change is logged, nothing in
    // this process hears of it; only the database's own count of writes tells.
    let url = &site.store.url;
    support::sql_exec(
        url,
        "INSERT INTO comments (item_kind, item_slug, parent_id, author, body, html, state, deleted, \
         by_moderator, fingerprint, created_at, created_ms) SELECT 'case', 'city-chatbot', NULL, id, \
         'Wombatquestion', '<p>Wombatquestion</p>', 'waiting', 0, 0, 'wombat', '2026-12-07T10:00:00.000Z', \
         1796637600000 FROM accounts WHERE email = 'newcomer@example.org'",
    )
    .await;
    let (_, how, page) = queue(&moderator).await;
    assert_ne!(how, "kept");
    assert!(
        page.contains("Wombatquestion"),
        "a comment written by another process is in the queue at once"
    );
    support::sql_exec(
        url,
        "UPDATE accounts SET name = 'Renamed Newcomer' WHERE email = 'newcomer@example.org'",
    )
    .await;
    assert!(
        queue(&moderator).await.2.contains("Renamed Newcomer"),
        "an author renamed elsewhere"
    );
    assert_eq!(queue(&moderator).await.1, "kept");
    support::sql_exec(
        url,
        "UPDATE settings SET value = 'pre' WHERE key = 'moderation'",
    )
    .await;
    support::sql_exec(
        url,
        "INSERT INTO partner_settings (partner, moderation) VALUES ('aalborg', 'post')",
    )
    .await;
    assert_ne!(
        queue(&moderator).await.1,
        "kept",
        "settings changed elsewhere"
    );
    let r = site
        .post_form(&moderator, &format!("/en/moderation/{sent}/approve"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, _, page) = queue(&moderator).await;
    assert!(
        !page.contains(&format!("data-comment=\"{sent}\"")),
        "an approved comment leaves the queue at once"
    );
    // Another moderator's page carries their own form token, never this one's.
    let admin = site.sign_in("admin@example.org").await;
    let (_, _, theirs) = queue(&admin).await;
    let token = moderator.csrf.clone().expect("a form token");
    assert!(page.contains(&token));
    assert!(!theirs.contains(&token));
    // The role taken away: the page says no, however recently it was kept.
    let id = site
        .store
        .store
        .accounts()
        .account_by_email("moderator@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    site.store
        .store
        .accounts()
        .set_grants(&id, &[])
        .await
        .unwrap();
    let (status, _, page) = queue(&moderator).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!page.contains("Wombatquestion"));
}

on_both_stores!(
    a_source_edit_outdates_exactly_the_translations_made_before_it,
    mark_as_current_clears_the_flag_with_a_revision,
    export_and_import_keep_every_translation_state_byte_for_byte,
    a_wrong_source_hash_is_refused_with_its_line,
    a_source_change_reaches_readers_the_api_and_the_desk_until_the_translator_updates,
    a_waiting_comment_is_seen_by_its_author_alone_until_approved,
    reports_hiding_and_restoring_are_logged_with_who_and_why,
    spam_limits_refuse_with_a_translated_message_and_keep_the_text,
    replies_notify_edits_are_kept_and_deletion_leaves_a_marker,
    the_authorisation_matrix_covers_translating_commenting_and_moderating,
    a_partner_choice_overrides_the_site_setting,
    a_magazine_is_discussed_on_its_page_api_feed_and_cards,
    posts_sent_at_once_keep_the_pace_and_repeat_limits,
    the_kept_moderation_queue_follows_every_write_at_once,
    a_kept_case_view_gives_way_to_a_change_at_once,
);
