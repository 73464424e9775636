//! Import and export of content trees, on SQLite and PostgreSQL, and through the `likewise` binary.

mod support;

use likewise::exchange::import::Status;
use likewise::exchange::{export, import};
use std::path::Path;
use support::{TestStore, fixture, read_tree};

async fn import(s: &TestStore, dir: &Path) -> import::Report {
    import::import_dir(&*s.store, dir, &mut |_| {})
        .await
        .unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

async fn imports_every_file_of_a_valid_tree(s: TestStore) {
    let report = import(&s, &fixture("library")).await;
    assert_eq!(
        report.count(Status::Rejected),
        0,
        "{:#?}",
        report.rejected().collect::<Vec<_>>()
    );
    // 3 partners + 4 themes + 8 case files + 1 case image + 2 magazine files + 1 cover
    assert_eq!(report.count(Status::Added), 19, "{}", report.summary());
    assert_eq!(s.store.cases(&Default::default()).await.unwrap().len(), 6);
    let chatbot = s.store.case("city-chatbot").await.unwrap().unwrap();
    assert_eq!(chatbot.languages().len(), 2);
    assert!(
        s.store
            .asset("cases/city-chatbot/bot.svg")
            .await
            .unwrap()
            .is_some()
    );
}

async fn importing_twice_changes_nothing(s: TestStore) {
    import(&s, &fixture("library")).await;
    let again = import(&s, &fixture("library")).await;
    assert_eq!(
        again.count(Status::Unchanged),
        again.lines.len(),
        "{}",
        again.summary()
    );
    assert_eq!(
        s.store
            .revisions("cases/city-chatbot/nl.md")
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn export_then_import_gives_the_same_state(s: TestStore) {
    import(&s, &fixture("library")).await;
    let first = tempfile::tempdir().unwrap();
    export::export_dir(&*s.store, first.path(), &mut |_| {})
        .await
        .unwrap();
    // Markdown and images come back byte for byte.
    let original = read_tree(&fixture("library"));
    let exported = read_tree(first.path());
    for (rel, bytes) in &original {
        if !rel.ends_with(".toml") {
            assert_eq!(exported.get(rel), Some(bytes), "{rel} differs after export");
        }
    }
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        exported.keys().collect::<Vec<_>>()
    );
    // The export imports into an empty store to the same state, and exports identically again.
    let fresh = support::sqlite().await;
    let report = import(&fresh, first.path()).await;
    assert_eq!(report.count(Status::Rejected), 0, "{:#?}", report.lines);
    assert_eq!(
        fresh.store.partners().await.unwrap(),
        s.store.partners().await.unwrap()
    );
    assert_eq!(
        fresh.store.themes().await.unwrap(),
        s.store.themes().await.unwrap()
    );
    assert_eq!(
        fresh.store.cases(&Default::default()).await.unwrap(),
        s.store.cases(&Default::default()).await.unwrap()
    );
    assert_eq!(
        fresh.store.magazines().await.unwrap(),
        s.store.magazines().await.unwrap()
    );
    let second = tempfile::tempdir().unwrap();
    export::export_dir(&*fresh.store, second.path(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(read_tree(first.path()), read_tree(second.path()));
    // And importing the export over the original store changes nothing.
    let over = import(&s, first.path()).await;
    assert_eq!(
        over.count(Status::Unchanged),
        over.lines.len(),
        "{:#?}",
        over.lines
    );
}

async fn rejected_files_never_block_valid_ones_nor_lose_stored_data(s: TestStore) {
    import(&s, &fixture("library")).await;
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("library"), dir.path());
    let root = dir.path();
    // Break a stored case: the stored version must survive.
    std::fs::write(
        root.join("cases/easy-forms/en.md"),
        "+++\ntitle = \"Broken\"\n",
    )
    .unwrap();
    // Change a valid case: it must be updated.
    let sensor = root.join("cases/sensor-bins/en.md");
    let text = std::fs::read_to_string(&sensor)
        .unwrap()
        .replace("Fewer trips.", "Fewer trips, less fuel.");
    std::fs::write(&sensor, text).unwrap();
    // New files: one good, several bad.
    std::fs::create_dir_all(root.join("cases/new-case")).unwrap();
    std::fs::write(
        root.join("cases/new-case/en.md"),
        "+++\ntitle = \"New\"\nsummary = \"New case.\"\npartner = \"angus\"\nthemes = [\"chatbots\"]\npublished = 2020-01-01\n+++\nBody\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("cases/bad-partner")).unwrap();
    std::fs::write(
        root.join("cases/bad-partner/en.md"),
        "+++\ntitle = \"X\"\nsummary = \"X.\"\npartner = \"atlantis\"\nthemes = [\"chatbots\"]\npublished = 2020-01-01\n+++\n",
    )
    .unwrap();
    std::fs::write(
        root.join("cases/new-case/es.md"),
        "+++\ntitle = \"X\"\nsummary = \"X\"\ntranslated_from = \"en\"\n+++\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("cases/orphan")).unwrap();
    std::fs::write(
        root.join("cases/orphan/nl.md"),
        "+++\ntitle = \"X\"\nsummary = \"X\"\ntranslated_from = \"en\"\n+++\n",
    )
    .unwrap();
    std::fs::write(
        root.join("cases/new-case/huge.png"),
        vec![0u8; 1024 * 1024 + 1],
    )
    .unwrap();

    let report = import(&s, root).await;
    let reason = |path: &str| {
        report
            .lines
            .iter()
            .find(|l| l.path == path)
            .unwrap_or_else(|| panic!("no line for {path}: {:#?}", report.lines))
            .clone()
    };
    assert_eq!(reason("cases/easy-forms/en.md").status, Status::Rejected);
    assert!(
        reason("cases/easy-forms/en.md")
            .reason
            .unwrap()
            .contains("never closed")
    );
    assert_eq!(reason("cases/sensor-bins/en.md").status, Status::Updated);
    assert_eq!(reason("cases/new-case/en.md").status, Status::Added);
    let bad = reason("cases/bad-partner/en.md");
    assert_eq!((bad.status, bad.line), (Status::Rejected, Some(4)));
    assert!(bad.reason.unwrap().contains("unknown partner `atlantis`"));
    assert!(
        reason("cases/new-case/es.md")
            .reason
            .unwrap()
            .contains("unsupported language code `es`")
    );
    assert!(
        reason("cases/orphan/nl.md")
            .reason
            .unwrap()
            .contains("missing source")
    );
    assert!(
        reason("cases/new-case/huge.png")
            .reason
            .unwrap()
            .contains("1 MiB")
    );
    assert_eq!(
        report.count(Status::Rejected),
        5,
        "{:#?}",
        report.rejected().collect::<Vec<_>>()
    );
    // What was stored before is still there.
    let kept = s.store.case("easy-forms").await.unwrap().unwrap();
    assert_eq!(kept.texts[0].text.title, "Forms everyone can fill in");
    assert!(s.store.case("bad-partner").await.unwrap().is_none());
}

fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

async fn translations_may_repeat_their_sources_metadata(s: TestStore) {
    import(&s, &fixture("library")).await;
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            // Against a stored source, in YAML, as a Hugo site writes it: equal values, its own alt text.
            (
                "cases/city-chatbot/de.md",
                "---\ntitle: Ein Chatbot für die Stadt\nsummary: Die Gemeinde beantwortet Fragen mit einem Chatbot.\n\
                 translated_from: nl\npartner: groningen\nthemes: [chatbots]\npublished: 2018-04-10\nstage: in-use\n\
                 started: 2017\nimage:\n  src: bot.svg\n  alt: Ein Telefon mit einem Chat.\n\
                 links:\n  - title: Projektseite\n    url: https://example.org/chatbot\n---\n## Herausforderung\n",
            ),
            // Against a source in the same tree.
            (
                "cases/new-case/en.md",
                "+++\ntitle = \"New\"\nsummary = \"New.\"\npartner = \"angus\"\nthemes = [\"chatbots\", \"iot-sensors\"]\npublished = 2020-01-01\n+++\nBody\n",
            ),
            (
                "cases/new-case/fr.md",
                "+++\ntitle = \"Nouveau\"\nsummary = \"Nouveau.\"\ntranslated_from = \"en\"\npartner = \"angus\"\nthemes = [\"iot-sensors\", \"chatbots\"]\npublished = 2020-01-01\n+++\nCorps\n",
            ),
        ],
    );
    let report = import(&s, dir.path()).await;
    assert_eq!(report.count(Status::Rejected), 0, "{:#?}", report.lines);
    assert_eq!(report.count(Status::Added), 3, "{}", report.summary());
    let case = s.store.case("city-chatbot").await.unwrap().unwrap();
    let de = case.text(app::lang::Lang::De).unwrap();
    assert_eq!(
        de.text.image_alt.as_deref(),
        Some("Ein Telefon mit einem Chat.")
    );
    assert_eq!(
        s.store
            .case("new-case")
            .await
            .unwrap()
            .unwrap()
            .languages()
            .len(),
        2
    );
}

async fn a_conflicting_repeated_key_is_refused_with_both_values(s: TestStore) {
    import(&s, &fixture("library")).await;
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "cases/city-chatbot/de.md",
                "+++\ntitle = \"Chatbot\"\nsummary = \"S.\"\ntranslated_from = \"nl\"\npartner = \"aalborg\"\n+++\n",
            ),
            (
                "cases/city-chatbot/fr.md",
                "+++\ntitle = \"Chatbot\"\nsummary = \"S.\"\ntranslated_from = \"nl\"\ncost_eur = 1\n+++\n",
            ),
        ],
    );
    let report = import(&s, dir.path()).await;
    let line = |path: &str| {
        report
            .lines
            .iter()
            .find(|l| l.path == path)
            .unwrap()
            .clone()
    };
    let de = line("cases/city-chatbot/de.md");
    assert_eq!(de.status, Status::Rejected);
    assert_eq!(
        de.reason.as_deref(),
        Some(
            "key `partner` is `aalborg` here but `groningen` in the source cases/city-chatbot/nl.md; a translation may repeat the source's metadata only with the same values"
        )
    );
    assert_eq!(de.line, Some(5));
    let fr = line("cases/city-chatbot/fr.md");
    assert!(
        fr.reason
            .as_deref()
            .unwrap()
            .contains("key `cost_eur` is `1` here but `40000`"),
        "{fr:?}"
    );
    assert_eq!(
        s.store
            .case("city-chatbot")
            .await
            .unwrap()
            .unwrap()
            .languages()
            .len(),
        2,
        "nothing stored was lost"
    );
}

async fn a_partner_working_in_any_language_is_imported_with_its_cases(s: TestStore) {
    import(&s, &fixture("library")).await;
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "partners.toml",
                "[[partners]]\nslug = \"tampere\"\nname = \"Tampereen kaupunki\"\ncountry = \"FI\"\nkind = \"municipality\"\n\
                 website = \"https://www.tampere.fi\"\nlanguages = [\"fi\", \"sv\", \"en\"]\n\n\
                 [[partners]]\nslug = \"nowhere\"\nname = \"Nowhere\"\ncountry = \"NL\"\nkind = \"municipality\"\n\
                 website = \"https://nowhere.example\"\nlanguages = [\"xx\"]\n",
            ),
            (
                "cases/tampere-chatbot/en.md",
                "+++\ntitle = \"A chatbot in Tampere\"\nsummary = \"S.\"\npartner = \"tampere\"\nthemes = [\"chatbots\"]\npublished = 2021-03-01\n+++\nBody\n",
            ),
        ],
    );
    let report = import(&s, dir.path()).await;
    let status = |path: &str| {
        report
            .lines
            .iter()
            .find(|l| l.path == path)
            .unwrap()
            .clone()
    };
    assert_eq!(status("partners.toml#tampere").status, Status::Added);
    assert_eq!(status("cases/tampere-chatbot/en.md").status, Status::Added);
    let refused = status("partners.toml#nowhere");
    assert_eq!(refused.status, Status::Rejected);
    assert!(
        refused
            .reason
            .unwrap()
            .contains("`xx` is not an ISO 639-1 language code")
    );
    let partners = s.store.partners().await.unwrap();
    let tampere = partners.iter().find(|p| p.slug == "tampere").unwrap();
    assert_eq!(tampere.languages, ["fi", "sv", "en"]);
}

/// A picture wider than the copies' widths: stored with its smaller copies, shown with a srcset naming them,
/// and exported alone (the copies are made again on import).
async fn a_picture_gets_smaller_copies_that_export_leaves_out(s: TestStore) {
    use app::library::Library;
    let tree = tempfile::tempdir().unwrap();
    copy_tree(&fixture("library"), tree.path());
    let picture = image::RgbImage::from_fn(1200, 600, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let case = tree.path().join("cases/city-chatbot");
    std::fs::write(case.join("photo.png"), png.into_inner()).unwrap();
    let source = std::fs::read_to_string(case.join("nl.md")).unwrap();
    std::fs::write(
        case.join("nl.md"),
        source.replace("src = \"bot.svg\"", "src = \"photo.png\""),
    )
    .unwrap();
    // A partner's own file may not take a copy's name.
    std::fs::write(case.join("mine.w480.png"), b"x").unwrap();
    let report = import(&s, tree.path()).await;
    assert!(
        report.rejected().all(|l| l.path.ends_with("mine.w480.png")),
        "{:#?}",
        report.rejected().collect::<Vec<_>>()
    );
    for (name, width) in [("photo.w480.png", 480), ("photo.w960.png", 960)] {
        let copy = s
            .store
            .asset(&format!("cases/city-chatbot/{name}"))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{name} is stored"));
        let copy = image::load_from_memory(&copy.bytes).unwrap();
        assert_eq!((copy.width(), copy.height()), (width, width / 2));
    }
    let catalog = likewise::catalog::Catalog::new(s.store.clone(), s.index.clone());
    let view = catalog
        .case(app::lang::Lang::En, "city-chatbot")
        .await
        .unwrap()
        .unwrap();
    let image = view.card.image.unwrap();
    assert_eq!(image.url, "/media/cases/city-chatbot/photo.png");
    assert_eq!(
        image.srcset.as_deref(),
        Some(
            "/media/cases/city-chatbot/photo.w480.png 480w, /media/cases/city-chatbot/photo.w960.png 960w"
        )
    );
    let out = tempfile::tempdir().unwrap();
    export::export_dir(&*s.store, out.path(), &mut |_| {})
        .await
        .unwrap();
    let exported = read_tree(out.path());
    assert!(exported.contains_key("cases/city-chatbot/photo.png"));
    assert!(
        !exported
            .keys()
            .any(|k| k.contains(".w480.") || k.contains(".w960.")),
        "{:?}",
        exported.keys().collect::<Vec<_>>()
    );
}

on_both_stores!(
    a_picture_gets_smaller_copies_that_export_leaves_out,
    translations_may_repeat_their_sources_metadata,
    a_conflicting_repeated_key_is_refused_with_both_values,
    a_partner_working_in_any_language_is_imported_with_its_cases,
    imports_every_file_of_a_valid_tree,
    importing_twice_changes_nothing,
    export_then_import_gives_the_same_state,
    rejected_files_never_block_valid_ones_nor_lose_stored_data,
);

fn likewise(data: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_likewise"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LIKEWISE_DATA", data);
    cmd
}

#[test]
fn cli_import_prints_each_file_and_exits_1_on_rejections() {
    let data = tempfile::tempdir().unwrap();
    let out = likewise(data.path())
        .arg("import")
        .arg(fixture("library"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("added     cases/city-chatbot/nl.md"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("19 added, 0 updated, 0 unchanged, 0 rejected"),
        "{stdout}"
    );

    let again = likewise(data.path())
        .arg("import")
        .arg(fixture("library"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&again.stdout)
            .contains("0 added, 0 updated, 19 unchanged, 0 rejected")
    );

    let broken = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(broken.path().join("cases/x")).unwrap();
    std::fs::write(broken.path().join("cases/x/en.md"), "no front matter").unwrap();
    let out = likewise(data.path())
        .arg("import")
        .arg(broken.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("rejected  cases/x/en.md:1: the file must start with front matter"),
        "{stdout}"
    );
}

#[test]
fn cli_export_writes_a_tree_and_a_summary() {
    let data = tempfile::tempdir().unwrap();
    assert!(
        likewise(data.path())
            .arg("import")
            .arg(fixture("library"))
            .output()
            .unwrap()
            .status
            .success()
    );
    let out_dir = tempfile::tempdir().unwrap();
    let out = likewise(data.path())
        .arg("export")
        .arg(out_dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("(3 partners, 4 themes, 6 cases, 1 magazines)"),
        "{stdout}"
    );
    assert!(out_dir.path().join("cases/city-chatbot/en.md").is_file());
}

#[test]
fn a_bad_setting_stops_with_one_line_naming_it() {
    let data = tempfile::tempdir().unwrap();
    let out = likewise(data.path())
        .env("LIKEWISE_ADDR", "not-an-address")
        .arg("serve")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("LIKEWISE_ADDR: `not-an-address` is not an address"),
        "{stderr}"
    );
}

/// A one-case tree with the given source front matter lines, on a store holding the fixture library.
async fn import_one(extra_files: &[(&str, &[u8])]) -> import::Report {
    let s = support::sqlite().await;
    import(&s, &fixture("library")).await;
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in extra_files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    import(&s, dir.path()).await
}

fn case_file(partner: &str, theme: &str) -> Vec<u8> {
    case_file_with(partner, theme, "")
}

fn case_file_with(partner: &str, theme: &str, extra: &str) -> Vec<u8> {
    format!("+++\ntitle = \"X\"\nsummary = \"X.\"\npartner = \"{partner}\"\nthemes = [\"{theme}\"]\npublished = 2020-01-01\n{extra}+++\n").into_bytes()
}

#[tokio::test]
async fn rejects_an_unknown_partner() {
    let r = import_one(&[("cases/x/en.md", &case_file("atlantis", "chatbots"))]).await;
    assert_eq!(
        r.lines[0].reason.as_deref(),
        Some("unknown partner `atlantis`")
    );
    assert_eq!(r.lines[0].line, Some(4));
}

#[tokio::test]
async fn rejects_an_unknown_theme() {
    let r = import_one(&[("cases/x/en.md", &case_file("angus", "knitting"))]).await;
    assert_eq!(
        r.lines[0].reason.as_deref(),
        Some("unknown theme `knitting`")
    );
    assert_eq!(r.lines[0].line, Some(5));
}

#[tokio::test]
async fn rejects_a_translation_whose_source_is_missing() {
    let r = import_one(&[(
        "cases/x/de.md",
        b"+++\ntitle = \"X\"\nsummary = \"X\"\ntranslated_from = \"en\"\n+++\n",
    )])
    .await;
    assert!(
        r.lines[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("translation of a missing source"),
        "{:?}",
        r.lines
    );
    // A translation of a stored case imports without its source in the tree.
    let r = import_one(&[(
        "cases/sensor-bins/de.md",
        b"+++\ntitle = \"Sensoren\"\nsummary = \"S\"\ntranslated_from = \"en\"\n+++\n",
    )])
    .await;
    assert_eq!(r.lines[0].status, Status::Added, "{:?}", r.lines);
}

#[tokio::test]
async fn rejects_a_translation_from_the_wrong_language() {
    let r = import_one(&[(
        "cases/sensor-bins/de.md",
        b"+++\ntitle = \"X\"\nsummary = \"X\"\ntranslated_from = \"nl\"\n+++\n",
    )])
    .await;
    assert!(
        r.lines[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("the source of `sensor-bins` is in `en`"),
        "{:?}",
        r.lines
    );
}

#[tokio::test]
async fn rejects_a_file_over_1_mib() {
    let mut big = case_file("angus", "chatbots");
    big.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    let r = import_one(&[("cases/x/en.md", &big)]).await;
    assert!(
        r.lines[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("over the 1 MiB limit"),
        "{:?}",
        r.lines
    );
}

#[tokio::test]
async fn rejects_two_sources_and_a_missing_image() {
    let r = import_one(&[
        ("cases/x/en.md", &case_file("angus", "chatbots")),
        ("cases/x/nl.md", &case_file("angus", "chatbots")),
        (
            "cases/y/en.md",
            &case_file_with(
                "angus",
                "chatbots",
                "image = { src = \"gone.svg\", alt = \"A\" }\n",
            ),
        ),
    ])
    .await;
    let reasons: Vec<String> = r
        .lines
        .iter()
        .map(|l| format!("{}: {}", l.path, l.reason.clone().unwrap_or_default()))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|l| l.starts_with("cases/x/en.md: two source files (en.md, nl.md)")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|l| l.starts_with("cases/y/en.md: image `gone.svg` is missing")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn rejects_a_magazine_with_an_unknown_case_or_a_missing_cover() {
    let magazine = |cases: &str, cover: &str| {
        format!(
            "+++\ntitle = \"M\"\nnumber = 9\npublished = 2020-01-01\nsummary = \"S.\"\ncases = [{cases}]\n\
             cover = \"{cover}\"\ncover_alt = \"A.\"\n+++\nEditorial.\n"
        )
        .into_bytes()
    };
    let r = import_one(&[
        (
            "magazines/lost/en.md",
            &magazine("\"city-chatbot\", \"atlantis\"", "cover.svg"),
        ),
        (
            "magazines/lost/cover.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (
            "magazines/bare/en.md",
            &magazine("\"city-chatbot\"", "gone.svg"),
        ),
    ])
    .await;
    let reasons: Vec<String> = r
        .lines
        .iter()
        .map(|l| format!("{}: {}", l.path, l.reason.clone().unwrap_or_default()))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|l| l == "magazines/lost/en.md: unknown case `atlantis`"),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|l| l.starts_with("magazines/bare/en.md: cover `gone.svg` is missing")),
        "{reasons:?}"
    );
    assert_eq!(r.count(import::Status::Rejected), 2, "{reasons:?}");
}
