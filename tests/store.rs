//! The store suite: the same tests on SQLite and on a real PostgreSQL.

mod support;

use app::lang::Lang;
use app::model::{PartnerKind, Stage};
use likewise::domain::*;
use likewise::store::{
    Asset, CaseFilter, ChangeKind, ItemKind, NewText, Outcome, StoreError, Window,
};
use support::TestStore;

fn partner(slug: &str) -> Partner {
    Partner {
        slug: slug.into(),
        name: format!("Partner {slug}"),
        country: "NL".into(),
        kind: PartnerKind::Municipality,
        website: "https://example.org".into(),
        languages: vec!["nl".into(), "en".into(), "fy".into()],
        region: None,
        lead: false,
        descriptions: Default::default(),
    }
}

fn theme(slug: &str) -> Theme {
    Theme {
        slug: slug.into(),
        names: Lang::ALL
            .iter()
            .map(|l| (*l, format!("{slug} {l}")))
            .collect(),
        descriptions: Default::default(),
    }
}

fn text(lang: Lang, title: &str, from: Option<Lang>) -> NewText {
    NewText {
        text: Text {
            lang,
            title: title.into(),
            summary: format!("Summary of {title}."),
            translated_from: from,
            source_hash: None,
            updated: None,
            tags: vec![],
            image_alt: None,
            translated: Default::default(),
            body: format!("## {title}\n\nBody."),
        },
        raw: format!("raw {title} {lang}"),
        html: format!("<h2>{title}</h2>"),
        renderer: 1,
    }
}

fn meta(partner: &str, themes: &[&str], published: &str) -> CaseMeta {
    CaseMeta {
        partner: partner.into(),
        themes: themes.iter().map(|t| t.to_string()).collect(),
        published: published.into(),
        stage: Some(Stage::Pilot),
        started: Some(2018),
        cost_eur: Some(1000),
        contact: None,
        links: vec![],
        image: None,
    }
}

async fn seed(s: &TestStore) {
    for p in ["alpha", "beta"] {
        s.store.put_partner(&partner(p)).await.unwrap();
    }
    for t in ["chatbots", "iot"] {
        s.store.put_theme(&theme(t)).await.unwrap();
    }
}

async fn writes_report_added_unchanged_and_updated(s: TestStore) {
    let p = partner("alpha");
    assert_eq!(s.store.put_partner(&p).await.unwrap(), Outcome::Added);
    assert_eq!(s.store.put_partner(&p).await.unwrap(), Outcome::Unchanged);
    let changed = Partner {
        name: "Renamed".into(),
        ..p
    };
    assert_eq!(
        s.store.put_partner(&changed).await.unwrap(),
        Outcome::Updated
    );
    assert_eq!(s.store.partners().await.unwrap(), vec![changed]);
}

async fn every_change_is_a_new_revision(s: TestStore) {
    seed(&s).await;
    let m = meta("alpha", &["chatbots"], "2019-01-01");
    s.store
        .put_case_source("c", &m, &text(Lang::Nl, "One", None))
        .await
        .unwrap();
    s.store
        .put_case_source("c", &m, &text(Lang::Nl, "One", None))
        .await
        .unwrap();
    s.store
        .put_case_source("c", &m, &text(Lang::Nl, "Two", None))
        .await
        .unwrap();
    let revisions = s.store.revisions("cases/c/nl.md").await.unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_ne!(revisions[0].hash, revisions[1].hash);
    assert_eq!(s.store.revisions("partners/alpha").await.unwrap().len(), 1);
}

async fn a_case_keeps_its_source_and_translations(s: TestStore) {
    seed(&s).await;
    let m = meta("alpha", &["chatbots", "iot"], "2019-01-01");
    assert_eq!(
        s.store
            .put_case_source("c", &m, &text(Lang::Nl, "Bron", None))
            .await
            .unwrap(),
        Outcome::Added
    );
    assert_eq!(
        s.store
            .put_translation(
                ItemKind::Case,
                "c",
                &text(Lang::En, "Source", Some(Lang::Nl))
            )
            .await
            .unwrap(),
        Outcome::Added
    );
    assert_eq!(
        s.store
            .put_translation(
                ItemKind::Case,
                "c",
                &text(Lang::De, "Quelle", Some(Lang::Nl))
            )
            .await
            .unwrap(),
        Outcome::Added
    );
    let case = s.store.case("c").await.unwrap().unwrap();
    assert_eq!(case.source_lang, Lang::Nl);
    assert_eq!(case.meta, m);
    assert_eq!(case.texts[0].text.lang, Lang::Nl, "the source comes first");
    assert_eq!(case.languages(), vec![Lang::En, Lang::Nl, Lang::De]);
    assert_eq!(case.text_or_source(Lang::Fr).text.title, "Bron");
    assert_eq!(case.text_or_source(Lang::En).text.title, "Source");
    assert!(s.store.case("missing").await.unwrap().is_none());
}

async fn a_translation_needs_its_source(s: TestStore) {
    seed(&s).await;
    let err = s
        .store
        .put_translation(
            ItemKind::Case,
            "nowhere",
            &text(Lang::En, "x", Some(Lang::Nl)),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let m = meta("alpha", &["chatbots"], "2019-01-01");
    s.store
        .put_case_source("c", &m, &text(Lang::Nl, "Bron", None))
        .await
        .unwrap();
    let err = s
        .store
        .put_translation(ItemKind::Case, "c", &text(Lang::Nl, "x", Some(Lang::En)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(
        s.store.case("c").await.unwrap().unwrap().texts.len(),
        1,
        "nothing stored was lost"
    );
}

async fn cases_filter_by_partner_and_theme_newest_first(s: TestStore) {
    seed(&s).await;
    s.store
        .put_case_source(
            "old",
            &meta("alpha", &["chatbots"], "2017-01-01"),
            &text(Lang::En, "Old", None),
        )
        .await
        .unwrap();
    s.store
        .put_case_source(
            "new",
            &meta("alpha", &["iot"], "2019-01-01"),
            &text(Lang::En, "New", None),
        )
        .await
        .unwrap();
    s.store
        .put_case_source(
            "mid",
            &meta("beta", &["chatbots", "iot"], "2018-01-01"),
            &text(Lang::En, "Mid", None),
        )
        .await
        .unwrap();
    s.store
        .put_translation(
            ItemKind::Case,
            "mid",
            &text(Lang::Da, "Midt", Some(Lang::En)),
        )
        .await
        .unwrap();
    let slugs =
        |v: Vec<likewise::store::CaseListing>| v.into_iter().map(|c| c.slug).collect::<Vec<_>>();
    assert_eq!(
        slugs(s.store.cases(&CaseFilter::default()).await.unwrap()),
        ["new", "mid", "old"]
    );
    assert_eq!(
        slugs(
            s.store
                .cases(&CaseFilter {
                    partner: Some("alpha".into()),
                    ..Default::default()
                })
                .await
                .unwrap()
        ),
        ["new", "old"]
    );
    assert_eq!(
        slugs(
            s.store
                .cases(&CaseFilter {
                    theme: Some("chatbots".into()),
                    ..Default::default()
                })
                .await
                .unwrap()
        ),
        ["mid", "old"]
    );
    let mut read = s.store.read().await.unwrap();
    let (limited, total) = read
        .cases(
            &CaseFilter::default(),
            Window {
                offset: 0,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 3, "the total counts the whole list, not the window");
    assert_eq!(
        limited.iter().map(|c| c.texts.len()).collect::<Vec<_>>(),
        [1, 2],
        "texts come with each case"
    );
    let (second, _) = read
        .cases(
            &CaseFilter::default(),
            Window {
                offset: 2,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        second.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(),
        ["old"]
    );
    let (_, alpha) = read
        .cases(
            &CaseFilter {
                partner: Some("alpha".into()),
                ..Default::default()
            },
            Window::first(1),
        )
        .await
        .unwrap();
    assert_eq!(alpha, 2);
    let picked = read
        .cases_by_slugs(&["old".into(), "nope".into(), "mid".into()])
        .await
        .unwrap();
    assert_eq!(
        picked
            .iter()
            .map(|c| (c.slug.as_str(), c.texts.len()))
            .collect::<Vec<_>>(),
        [("old", 1), ("mid", 2)],
        "picked cases keep the order asked for, skip unknown slugs and bring their texts"
    );
    assert!(read.cases_by_slugs(&[]).await.unwrap().is_empty());
    let counts = read.case_counts().await.unwrap();
    assert_eq!(counts.partners["alpha"], 2);
    assert_eq!(counts.partners["beta"], 1);
    assert_eq!(counts.themes["chatbots"], 2);
    assert_eq!(counts.themes["iot"], 2);
    assert_eq!(counts.all, 3);
    drop(read);
    // A case moving to another partner and theme moves its counts.
    s.store
        .put_case_source(
            "old",
            &meta("beta", &["iot"], "2017-01-01"),
            &text(Lang::En, "Old, moved", None),
        )
        .await
        .unwrap();
    let counts = s.store.read().await.unwrap().case_counts().await.unwrap();
    assert_eq!((counts.partners["alpha"], counts.partners["beta"]), (1, 2));
    assert_eq!((counts.themes["chatbots"], counts.themes["iot"]), (1, 3));
    assert_eq!(counts.all, 3);
}

async fn every_change_writes_the_change_log(s: TestStore) {
    let before = s.store.last_change().await.unwrap();
    seed(&s).await;
    let m = meta("alpha", &["chatbots"], "2019-01-01");
    s.store
        .put_case_source("c", &m, &text(Lang::Nl, "Bron", None))
        .await
        .unwrap();
    s.store
        .put_case_source("c", &m, &text(Lang::Nl, "Bron", None))
        .await
        .unwrap();
    s.store
        .put_translation(
            ItemKind::Case,
            "c",
            &text(Lang::En, "Source", Some(Lang::Nl)),
        )
        .await
        .unwrap();
    let changes = s.store.changes_since(before, 100).await.unwrap();
    let kinds: Vec<(ChangeKind, &str)> =
        changes.iter().map(|c| (c.kind, c.slug.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::Partner, "alpha"),
            (ChangeKind::Partner, "beta"),
            (ChangeKind::Theme, "chatbots"),
            (ChangeKind::Theme, "iot"),
            (ChangeKind::Case, "c"),
            (ChangeKind::Case, "c"),
        ],
        "one record per change, none for a write that changed nothing"
    );
    assert_eq!(
        s.store.last_change().await.unwrap(),
        changes.last().unwrap().id
    );
    assert!(changes.windows(2).all(|w| w[0].id < w[1].id));
}

async fn stored_html_is_kept_and_rerendered_on_request(s: TestStore) {
    seed(&s).await;
    let m = meta("alpha", &["chatbots"], "2019-01-01");
    let mut old = text(Lang::Nl, "Bron", None);
    old.renderer = 0;
    s.store.put_case_source("c", &m, &old).await.unwrap();
    let case = s.store.case("c").await.unwrap().unwrap();
    assert_eq!(case.texts[0].html, "<h2>Bron</h2>");
    let stale = s.store.stale_texts(1, 10).await.unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0].slug.as_str(), stale[0].lang), ("c", Lang::Nl));
    s.store
        .put_html(ItemKind::Case, "c", Lang::Nl, "<p>new</p>", 1)
        .await
        .unwrap();
    assert!(s.store.stale_texts(1, 10).await.unwrap().is_empty());
    assert_eq!(
        s.store.case("c").await.unwrap().unwrap().texts[0].html,
        "<p>new</p>"
    );
}

async fn a_case_must_name_a_stored_partner(s: TestStore) {
    seed(&s).await;
    let result = s
        .store
        .put_case_source(
            "c",
            &meta("nobody", &["chatbots"], "2019-01-01"),
            &text(Lang::En, "X", None),
        )
        .await;
    assert!(
        result.is_err(),
        "the database refuses a case whose partner does not exist"
    );
    assert!(s.store.case("c").await.unwrap().is_none());
}

async fn magazines_come_newest_number_first(s: TestStore) {
    seed(&s).await;
    for (slug, number) in [("one", 1), ("two", 2)] {
        let m = MagazineMeta {
            number,
            published: "2019-10-03".into(),
            cases: vec!["x".into()],
            cover: None,
        };
        s.store
            .put_magazine_source(slug, &m, &text(Lang::En, slug, None))
            .await
            .unwrap();
    }
    s.store
        .put_translation(
            ItemKind::Magazine,
            "one",
            &text(Lang::Nl, "een", Some(Lang::En)),
        )
        .await
        .unwrap();
    let list = s.store.magazines().await.unwrap();
    assert_eq!(
        list.iter().map(|m| m.slug.as_str()).collect::<Vec<_>>(),
        ["two", "one"]
    );
    assert_eq!(list[1].languages(), vec![Lang::En, Lang::Nl]);
}

async fn assets_keep_their_bytes_and_type(s: TestStore) {
    let asset = Asset {
        path: "cases/c/a.svg".into(),
        content_type: "image/svg+xml".into(),
        bytes: b"<svg/>".to_vec(),
    };
    assert_eq!(s.store.put_asset(&asset).await.unwrap(), Outcome::Added);
    assert_eq!(s.store.put_asset(&asset).await.unwrap(), Outcome::Unchanged);
    assert_eq!(s.store.asset("cases/c/a.svg").await.unwrap(), Some(asset));
    assert_eq!(
        s.store.asset_paths().await.unwrap(),
        vec!["cases/c/a.svg".to_string()]
    );
    assert!(s.store.asset("cases/c/b.svg").await.unwrap().is_none());
    s.store.health().await.unwrap();
}

async fn only_published_cases_reach_readers_and_counts(s: TestStore) {
    seed(&s).await;
    for (slug, partner, themes) in [
        ("one", "alpha", &["chatbots"][..]),
        ("two", "alpha", &["chatbots", "iot"][..]),
    ] {
        s.store
            .put_case_source(
                slug,
                &meta(partner, themes, "2020-01-01"),
                &text(Lang::En, slug, None),
            )
            .await
            .unwrap();
    }
    let store = &s.store;
    assert_eq!(
        store.status(ItemKind::Case, "two").await.unwrap(),
        Some(Status::Published)
    );
    let before = store.last_change().await.unwrap();
    assert_eq!(
        store
            .set_status(ItemKind::Case, "two", Status::Draft)
            .await
            .unwrap(),
        Outcome::Updated
    );
    assert_eq!(
        store
            .set_status(ItemKind::Case, "two", Status::Draft)
            .await
            .unwrap(),
        Outcome::Unchanged
    );
    let changes = store.changes_since(before, 10).await.unwrap();
    assert_eq!(changes.len(), 1, "one change record per status change");
    assert_eq!(
        (changes[0].kind, changes[0].slug.as_str()),
        (ChangeKind::Case, "two")
    );
    assert!(
        store.case("two").await.unwrap().is_none(),
        "a draft is not read"
    );
    assert_eq!(store.cases(&CaseFilter::default()).await.unwrap().len(), 1);
    let counts = store.read().await.unwrap().case_counts().await.unwrap();
    assert_eq!(
        (counts.all, counts.partners["alpha"], counts.themes["iot"]),
        (1, 1, 0)
    );
    let mut read = store.read().await.unwrap();
    assert_eq!(read.case_records("", 10).await.unwrap().len(), 1);
    drop(read);
    store
        .set_status(ItemKind::Case, "two", Status::Published)
        .await
        .unwrap();
    assert!(store.case("two").await.unwrap().is_some());
    let counts = store.read().await.unwrap().case_counts().await.unwrap();
    assert_eq!((counts.all, counts.themes["iot"]), (2, 1));
    assert!(matches!(
        store
            .set_status(ItemKind::Case, "none", Status::Draft)
            .await,
        Err(StoreError::Conflict(_))
    ));
}

async fn a_deleted_case_is_gone_but_its_history_stays(s: TestStore) {
    seed(&s).await;
    s.store
        .put_case_source(
            "gone",
            &meta("beta", &["iot"], "2020-01-01"),
            &text(Lang::En, "Gone", None),
        )
        .await
        .unwrap();
    s.store
        .put_translation(
            ItemKind::Case,
            "gone",
            &text(Lang::Nl, "Weg", Some(Lang::En)),
        )
        .await
        .unwrap();
    let before = s.store.last_change().await.unwrap();
    assert!(s.store.delete(ItemKind::Case, "gone").await.unwrap());
    assert!(!s.store.delete(ItemKind::Case, "gone").await.unwrap());
    assert!(s.store.case("gone").await.unwrap().is_none());
    assert_eq!(s.store.status(ItemKind::Case, "gone").await.unwrap(), None);
    let counts = s.store.read().await.unwrap().case_counts().await.unwrap();
    assert_eq!(
        (counts.all, counts.partners["beta"], counts.themes["iot"]),
        (0, 0, 0)
    );
    assert_eq!(s.store.changes_waiting(before).await.unwrap(), 1);
    assert_eq!(
        s.store.revisions("cases/gone/en.md").await.unwrap().len(),
        1
    );
    // The slug can be used again.
    s.store
        .put_case_source(
            "gone",
            &meta("beta", &["iot"], "2021-01-01"),
            &text(Lang::En, "Back", None),
        )
        .await
        .unwrap();
    assert_eq!(s.store.case("gone").await.unwrap().unwrap().texts.len(), 1);
}

async fn a_lease_has_one_holder_until_it_expires(s: TestStore) {
    let store = &s.store;
    assert!(store.take_lease("indexer", "a", 60_000).await.unwrap());
    assert!(
        !store.take_lease("indexer", "b", 60_000).await.unwrap(),
        "held by a"
    );
    assert!(
        store.take_lease("indexer", "a", 1).await.unwrap(),
        "a renews"
    );
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert!(
        store.take_lease("indexer", "b", 60_000).await.unwrap(),
        "expired: b takes over"
    );
    assert!(
        !store.take_lease("indexer", "a", 60_000).await.unwrap(),
        "a has lost it"
    );
    assert!(
        store.take_lease("other", "a", 60_000).await.unwrap(),
        "leases are per name"
    );
}

async fn the_moderation_queue_pages_by_keyset(s: TestStore) {
    use likewise::store::comments::{CommentState, Cursor, NewComment, Queue};
    let author = s
        .store
        .accounts()
        .create_account("queue@example.org", "Queue", "x", &[])
        .await
        .unwrap();
    for i in 0..120 {
        let state = if i % 10 == 9 {
            CommentState::Approved
        } else {
            CommentState::Waiting
        };
        s.store
            .comments()
            .add_comment(&NewComment {
                kind: ItemKind::Case,
                slug: "queued".into(),
                parent: None,
                author: author.id.clone(),
                body: format!("comment {i}"),
                html: format!("<p>comment {i}</p>"),
                state,
                by_moderator: false,
                fingerprint: format!("f{i}"),
                now_ms: i,
                limits: None,
            })
            .await
            .unwrap();
    }
    let c = s.store.comments();
    let first = c.queue(Queue::Waiting, Cursor::First, 50).await.unwrap();
    assert_eq!((first.records.len(), first.before), (50, 0));
    let last_id = first.records.last().unwrap().id;
    let second = c
        .queue(Queue::Waiting, Cursor::After(last_id), 50)
        .await
        .unwrap();
    assert_eq!((second.records.len(), second.before), (50, 50));
    assert!(second.records.iter().all(|r| r.id > last_id));
    assert!(
        second
            .records
            .iter()
            .all(|r| r.state == CommentState::Waiting),
        "approved ones are not in the waiting list"
    );
    let third = c
        .queue(
            Queue::Waiting,
            Cursor::After(second.records.last().unwrap().id),
            50,
        )
        .await
        .unwrap();
    assert_eq!((third.records.len(), third.before), (8, 100));
    let back = c
        .queue(Queue::Waiting, Cursor::Before(second.records[0].id), 50)
        .await
        .unwrap();
    let ids = |w: &likewise::store::comments::QueueWindow| {
        w.records.iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&back),
        ids(&first),
        "going back gives the window before, oldest first"
    );
    assert_eq!(c.queue_counts().await.unwrap(), (108, 0, 0));
}

on_both_stores!(
    the_moderation_queue_pages_by_keyset,
    a_lease_has_one_holder_until_it_expires,
    only_published_cases_reach_readers_and_counts,
    a_deleted_case_is_gone_but_its_history_stays,
    writes_report_added_unchanged_and_updated,
    every_change_is_a_new_revision,
    a_case_keeps_its_source_and_translations,
    a_translation_needs_its_source,
    cases_filter_by_partner_and_theme_newest_first,
    a_case_must_name_a_stored_partner,
    magazines_come_newest_number_first,
    assets_keep_their_bytes_and_type,
    every_change_writes_the_change_log,
    stored_html_is_kept_and_rerendered_on_request,
);
