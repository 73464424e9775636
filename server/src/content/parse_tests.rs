use super::*;

const SOURCE: &str = "+++\ntitle = \"T\"\nsummary = \"S.\"\npartner = \"p\"\nthemes = [\"t\"]\npublished = 2019-01-02\n+++\nBody\n";

fn problem(raw: &str) -> Problem {
    parse_case("a-case", "en", raw).unwrap_err()
}

#[test]
fn accepts_a_minimal_source_file() {
    let doc = parse_case("a-case", "en", SOURCE).unwrap();
    let meta = doc.meta.unwrap();
    assert_eq!(
        (meta.partner.as_str(), meta.published.as_str()),
        ("p", "2019-01-02")
    );
    assert_eq!(doc.text.body, "Body\n");
    assert_eq!(doc.raw, SOURCE);
}

#[test]
fn accepts_a_translation_with_yaml_front_matter() {
    let doc = parse_case(
        "a-case",
        "nl",
        "---\ntitle: T\nsummary: S.\ntranslated_from: en\ntags: [a, b]\n---\nTekst\n",
    )
    .unwrap();
    assert!(doc.meta.is_none());
    assert_eq!(doc.text.translated_from, Some(Lang::En));
    assert_eq!(doc.text.tags, vec!["a", "b"]);
}

#[test]
fn rejects_unterminated_front_matter() {
    let p = problem("+++\ntitle = \"T\"\n");
    assert!(p.message.contains("never closed"), "{}", p.message);
    assert_eq!(p.line, Some(1));
}

#[test]
fn rejects_malformed_front_matter() {
    let p = problem("+++\ntitle = \"T\nsummary = \"S\"\n+++\n");
    assert!(
        p.message.starts_with("malformed TOML front matter"),
        "{}",
        p.message
    );
    assert_eq!(p.line, Some(2));
    let p = problem("---\ntitle: [unclosed\n---\n");
    assert!(
        p.message.starts_with("malformed YAML front matter"),
        "{}",
        p.message
    );
}

#[test]
fn rejects_a_missing_required_key() {
    let p = problem(&SOURCE.replace("summary = \"S.\"\n", ""));
    assert_eq!(p.message, "missing required key `summary`");
    let p = problem(&SOURCE.replace("partner = \"p\"\n", ""));
    assert_eq!(p.message, "missing required key `partner`");
    let p = problem(&SOURCE.replace("themes = [\"t\"]", "themes = []"));
    assert!(p.message.contains("at least one theme"), "{}", p.message);
    assert_eq!(p.line, Some(5));
}

#[test]
fn rejects_an_unknown_key_with_its_line() {
    let p = problem(&SOURCE.replace("+++\nBody", "colour = \"red\"\n+++\nBody"));
    assert!(p.message.contains("unknown key `colour`"), "{}", p.message);
    assert_eq!(p.line, Some(7));
}

#[test]
fn rejects_a_bad_date() {
    let p = problem(&SOURCE.replace("published = 2019-01-02", "published = \"2019-02-30\""));
    assert_eq!(
        p.message,
        "`published` is not a valid date: `2019-02-30` (expected YYYY-MM-DD)"
    );
    assert_eq!(p.line, Some(6));
    let p = problem(&SOURCE.replace(
        "published = 2019-01-02",
        "published = 2019-01-02\nupdated = 2018-01-01",
    ));
    assert!(p.message.contains("before `published`"), "{}", p.message);
}

#[test]
fn rejects_an_unsupported_language_code() {
    let p = parse_case("a-case", "es", SOURCE).unwrap_err();
    assert_eq!(
        p.message,
        "unsupported language code `es` (expected one of nl, en, de, da, fr)"
    );
    let p = parse_case(
        "a-case",
        "nl",
        "+++\ntitle = \"T\"\nsummary = \"S\"\ntranslated_from = \"xx\"\n+++\n",
    )
    .unwrap_err();
    assert!(
        p.message.contains("unsupported language code `xx`"),
        "{}",
        p.message
    );
}

#[test]
fn a_translation_may_repeat_the_metadata_of_its_source() {
    // As Hugo and Zola translations do; import compares the values with the source's.
    let doc = parse_case(
        "a-case",
        "nl",
        "+++\ntitle = \"T\"\nsummary = \"S\"\ntranslated_from = \"en\"\npartner = \"p\"\npublished = 2019-01-02\nimage = { src = \"a.png\", alt = \"Een foto\" }\n+++\n",
    )
    .unwrap();
    assert!(doc.meta.is_none());
    assert_eq!(doc.item_keys["partner"], "p");
    assert_eq!(doc.item_keys["published"], "2019-01-02");
    assert_eq!(
        doc.text.image_alt.as_deref(),
        Some("Een foto"),
        "a repeated image's alt text is the translation's own"
    );
}

#[test]
fn a_translation_words_its_contact_and_lists_its_own_links() {
    let doc = parse_case(
        "a-case",
        "nl",
        "---\ntitle: T\nsummary: S\ntranslated_from: en\ncontact:\n  name: ' Team Sensorenregister '\n  role: Projectleiding\n\
         links:\n  - title: Projectpagina\n    url: https://example.org/nl\n---\n",
    )
    .unwrap();
    let own = &doc.text.translated;
    assert_eq!(own.contact_name.as_deref(), Some("Team Sensorenregister"));
    assert_eq!(own.contact_role.as_deref(), Some("Projectleiding"));
    assert_eq!(own.links[0].url, "https://example.org/nl");
    // The facts in them stay as written, for import to compare with the source's.
    assert!(doc.item_keys.contains_key("contact"));
    // A translation's links are checked as a source's are, and so is an e-mail address it gives.
    let p = parse_case(
        "a-case",
        "nl",
        "+++\ntitle = \"T\"\nsummary = \"S\"\ntranslated_from = \"en\"\n\n[[links]]\ntitle = \"x\"\nurl = \"javascript:alert(1)\"\n+++\n",
    )
    .unwrap_err();
    assert!(
        p.message.contains("`links.url` is not an http(s) URL"),
        "{}",
        p.message
    );
    assert_eq!(p.line, Some(6));
    let p = parse_case(
        "a-case",
        "nl",
        "+++\ntitle = \"T\"\nsummary = \"S\"\ntranslated_from = \"en\"\n[contact]\nname = \"N\"\nemail = \"nobody\"\n+++\n",
    )
    .unwrap_err();
    assert_eq!(
        p.message,
        "`contact.email` is not an e-mail address: `nobody`"
    );
    assert_eq!(p.line, Some(7));
}

#[test]
fn a_source_contact_has_a_name_an_address_and_perhaps_a_role() {
    let with = |contact: &str| SOURCE.replace("+++\nBody", &format!("{contact}\n+++\nBody"));
    let doc = parse_case(
        "a-case",
        "en",
        &with("contact = { name = \"Lab\", email = \"lab@example.org\", role = \"Project lead\" }"),
    )
    .unwrap();
    let contact = doc.meta.unwrap().contact.unwrap();
    assert_eq!(contact.role.as_deref(), Some("Project lead"));
    assert!(
        doc.text.translated.contact_name.is_none(),
        "a source's are in its metadata"
    );
    let p = problem(&with("contact = { name = \"Lab\" }"));
    assert_eq!(p.message, "`contact.email` is missing");
    assert_eq!(p.line, Some(7));
    let p = problem(&with("[contact]\nemail = \"lab@example.org\""));
    assert!(
        p.message.starts_with("`contact.name` is missing"),
        "{}",
        p.message
    );
    assert_eq!(p.line, Some(7));
}

#[test]
fn a_source_keeps_its_metadata_as_written() {
    let doc = parse_case("a-case", "en", SOURCE).unwrap();
    assert_eq!(doc.item_keys["themes"], serde_json::json!(["t"]));
    assert!(!doc.item_keys.contains_key("title"));
}

#[test]
fn rejects_a_translation_from_its_own_language() {
    let p = parse_case(
        "a-case",
        "en",
        "+++\ntitle = \"T\"\nsummary = \"S\"\ntranslated_from = \"en\"\n+++\n",
    )
    .unwrap_err();
    assert!(p.message.contains("own language"), "{}", p.message);
}

#[test]
fn rejects_bad_values_with_clear_messages() {
    let cases = [
        (
            "stage = \"done\"",
            "`stage` must be one of idea, pilot, in-use, stopped, not `done`",
        ),
        (
            "started = 1850",
            "`started` must be a year between 1990 and 2100, not 1850",
        ),
        ("cost_eur = -5", "`cost_eur` must not be negative"),
        (
            "contact = { name = \"A\", email = \"nobody\" }",
            "`contact.email` is not an e-mail address: `nobody`",
        ),
        (
            "links = [{ title = \"x\", url = \"javascript:alert(1)\" }]",
            "`links.url` is not an http(s) URL",
        ),
        (
            "image = { src = \"../secret.png\", alt = \"x\" }",
            "must be a plain file name",
        ),
        (
            "image = { src = \"a.png\", alt = \"\" }",
            "`image.alt` is empty",
        ),
        ("title = 5", "invalid type"),
    ];
    for (line, expected) in cases {
        let raw = SOURCE.replace("+++\nBody", &format!("{line}\n+++\nBody"));
        let raw = if line.starts_with("title") {
            raw.replace("title = \"T\"\n", "")
        } else {
            raw
        };
        let p = problem(&raw);
        assert!(p.message.contains(expected), "{line}: {}", p.message);
        assert!(p.line.is_some(), "{line}: no line");
    }
}

#[test]
fn rejects_a_bad_slug() {
    let p = parse_case("Bad Slug", "en", SOURCE).unwrap_err();
    assert!(p.message.contains("not a valid slug"), "{}", p.message);
}

#[test]
fn magazines_need_number_cases_and_cover_alt() {
    let ok = "+++\ntitle = \"M\"\nsummary = \"S\"\nnumber = 1\npublished = 2019-10-03\ncases = [\"a\", \"b\"]\n+++\nEditorial\n";
    let doc = parse_magazine("m", "en", ok).unwrap();
    assert_eq!(doc.meta.unwrap().cases, vec!["a", "b"]);
    let p = parse_magazine("m", "en", &ok.replace("number = 1\n", "")).unwrap_err();
    assert_eq!(p.message, "missing required key `number`");
    let p = parse_magazine(
        "m",
        "en",
        &ok.replace(
            "cases = [\"a\", \"b\"]",
            "cases = [\"a\", \"b\"]\ncover = \"c.svg\"",
        ),
    )
    .unwrap_err();
    assert!(p.message.contains("needs `cover_alt`"), "{}", p.message);
    let p = parse_magazine(
        "m",
        "en",
        &ok.replace("number = 1", "number = 1\npartner = \"x\""),
    )
    .unwrap_err();
    assert!(
        p.message.contains("unknown key `partner` for a magazine"),
        "{}",
        p.message
    );
}

#[test]
fn partners_are_validated_entry_by_entry() {
    let raw = "[[partners]]\nslug = \"a\"\nname = \"A\"\ncountry = \"NL\"\nkind = \"municipality\"\nwebsite = \"https://a.example\"\nlanguages = [\"nl\"]\n\n\
               [[partners]]\nslug = \"b\"\nname = \"B\"\ncountry = \"Netherlands\"\nkind = \"municipality\"\nwebsite = \"https://b.example\"\nlanguages = [\"nl\"]\n\n\
               [[partners]]\nslug = \"c\"\nname = \"C\"\ncountry = \"DE\"\nkind = \"city\"\nwebsite = \"https://c.example\"\nlanguages = [\"de\"]\n";
    let entries = parse_partners(raw).unwrap();
    assert!(entries[0].1.is_ok());
    let b = entries[1].1.clone().unwrap_err();
    assert!(b.message.contains("ISO 3166-1"), "{}", b.message);
    assert_eq!(b.line, Some(9));
    assert!(
        entries[2]
            .1
            .clone()
            .unwrap_err()
            .message
            .contains("`kind` must be one of")
    );
}

#[test]
fn themes_need_a_name_in_every_language() {
    let raw = "[[themes]]\nslug = \"t\"\nnames = { en = \"T\", nl = \"T\" }\n";
    let entries = parse_themes(raw).unwrap();
    assert!(
        entries[0]
            .1
            .clone()
            .unwrap_err()
            .message
            .contains("lacks the `de` name")
    );
    let p = parse_themes("[[themes]\n").unwrap_err();
    assert!(p.message.starts_with("malformed TOML"), "{}", p.message);
}

#[test]
fn a_case_may_not_take_the_name_of_a_magazines_own_pages() {
    for reserved in RESERVED_CASE_SLUGS {
        let p = parse_case(reserved, "en", SOURCE).unwrap_err();
        assert!(p.message.contains("reserved"), "{}", p.message);
    }
    assert!(parse_case("print-shop", "en", SOURCE).is_ok());
}
