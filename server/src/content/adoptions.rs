//! Adoptions in the content format: `cases/<slug>/adoptions.toml` (docs/content-format.md#adoptions), and
//! the same checks for the JSON the write API takes, so a file and a request are refused for the same
//! reasons, naming the same keys.

use super::frontmatter;
use super::parse::{Problem, check_slug, is_http_url};
use crate::domain::{Adoption, AdoptionStage, Lang, Organisation};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The file of a case's adoptions, beside its Markdown files.
pub const FILE_NAME: &str = "adoptions.toml";
/// The longest note, per language, in characters: a line or two, not a second case study.
pub const MAX_NOTE_CHARS: usize = 600;
/// The longest organisation name.
pub const MAX_NAME_CHARS: usize = 200;
/// The most adoptions one case may list.
pub const MAX_ADOPTIONS: usize = 500;
/// Years an adoption may carry (as a case's `started`).
pub const YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

/// A refusal: the key it is about (`stage`, `organisation.country`, `adoptions[2].year`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub key: String,
    pub message: String,
}

impl Refusal {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Refusal {
        Refusal {
            key: key.into(),
            message: message.into(),
        }
    }
}

fn refuse(key: impl Into<String>, message: impl Into<String>) -> Refusal {
    Refusal::new(key, message)
}

fn text<'a>(map: &'a Map<String, Value>, key: &str, at: &str) -> Result<Option<&'a str>, Refusal> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(refuse(
            format!("{at}{key}"),
            format!("`{at}{key}` must be text, not {}", kind_of(other)),
        )),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

fn unknown_keys(map: &Map<String, Value>, allowed: &[&str], at: &str) -> Result<(), Refusal> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(refuse(
            format!("{at}{k}"),
            format!(
                "unknown key `{at}{k}` (expected {})",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// The organisation: `partner`, or `name` + `country` (+ `website`), read from `map` whose keys are
/// written `{at}key` in messages.
fn organisation(map: &Map<String, Value>, at: &str) -> Result<Organisation, Refusal> {
    let partner = text(map, "partner", at)?;
    let name = text(map, "name", at)?;
    match (partner, name) {
        (Some(_), Some(_)) => Err(refuse(
            format!("{at}name"),
            format!(
                "give `{at}partner` (a partner of the library) or `{at}name` and `{at}country`, not both"
            ),
        )),
        (Some(p), None) => {
            for key in ["country", "website"] {
                if map.contains_key(key) {
                    return Err(refuse(
                        format!("{at}{key}"),
                        format!("`{at}{key}` is the library's own for a partner: leave it out"),
                    ));
                }
            }
            let p = p.trim();
            check_slug("partner", p).map_err(|m| refuse(format!("{at}partner"), m))?;
            Ok(Organisation::Partner(p.to_string()))
        }
        (None, Some(n)) => {
            let n = n.trim();
            if n.is_empty() {
                return Err(refuse(format!("{at}name"), format!("`{at}name` is empty")));
            }
            if n.chars().count() > MAX_NAME_CHARS || n.chars().any(char::is_control) {
                return Err(refuse(
                    format!("{at}name"),
                    format!("`{at}name` must be one line of at most {MAX_NAME_CHARS} characters"),
                ));
            }
            let country = text(map, "country", at)?.ok_or_else(|| {
                refuse(
                    format!("{at}country"),
                    format!(
                        "`{at}country` is required with `{at}name`: an ISO 3166-1 code such as NL"
                    ),
                )
            })?;
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(refuse(
                    format!("{at}country"),
                    format!(
                        "`{at}country` must be an ISO 3166-1 alpha-2 code such as NL, not `{country}`"
                    ),
                ));
            }
            let website = match text(map, "website", at)? {
                Some(w) if is_http_url(w.trim()) => Some(w.trim().to_string()),
                Some(w) => {
                    return Err(refuse(
                        format!("{at}website"),
                        format!("`{at}website` is not an http(s) URL: `{w}`"),
                    ));
                }
                None => None,
            };
            Ok(Organisation::Named {
                name: n.to_string(),
                country: country.to_string(),
                website,
            })
        }
        (None, None) => Err(refuse(
            format!("{at}partner"),
            format!(
                "say who took the case up: `{at}partner` (a partner's slug) or `{at}name` and `{at}country`"
            ),
        )),
    }
}

/// The rest of an adoption, read from `map` (keys written `{at}key`), with the organisation already read.
fn adoption(
    map: &Map<String, Value>,
    at: &str,
    organisation: Organisation,
) -> Result<Adoption, Refusal> {
    let stage_text = text(map, "stage", at)?.ok_or_else(|| {
        refuse(
            format!("{at}stage"),
            format!("`{at}stage` is required: considering, piloting, adopted, adapted or stopped"),
        )
    })?;
    let stage = AdoptionStage::parse(stage_text.trim()).ok_or_else(|| {
        refuse(
            format!("{at}stage"),
            format!(
                "`{at}stage` must be considering, piloting, adopted, adapted or stopped, not `{stage_text}`"
            ),
        )
    })?;
    let year = match map.get("year") {
        Some(Value::Number(n)) => n.as_i64().filter(|y| YEARS.contains(y)).ok_or_else(|| {
            refuse(
                format!("{at}year"),
                format!("`{at}year` must be a year from 1990 to 2100, not {n}"),
            )
        })?,
        None | Some(Value::Null) => {
            return Err(refuse(
                format!("{at}year"),
                format!("`{at}year` is required: the year the organisation reached this stage"),
            ));
        }
        Some(other) => {
            return Err(refuse(
                format!("{at}year"),
                format!(
                    "`{at}year` must be a whole number such as 2024, not {}",
                    kind_of(other)
                ),
            ));
        }
    };
    let mut note = BTreeMap::new();
    match map.get("note") {
        None | Some(Value::Null) => {}
        Some(Value::Object(langs)) => {
            for (code, value) in langs {
                let key = format!("{at}note.{code}");
                let lang: Lang = code.parse().map_err(|_| {
                    refuse(
                        key.clone(),
                        format!("`{key}`: `{code}` is not one of nl, en, de, da, fr"),
                    )
                })?;
                let Value::String(words) = value else {
                    return Err(refuse(key.clone(), format!("`{key}` must be text")));
                };
                let words = words.trim();
                if words.chars().count() > MAX_NOTE_CHARS {
                    return Err(refuse(
                        key.clone(),
                        format!(
                            "`{key}` is longer than {MAX_NOTE_CHARS} characters: a line or two is enough"
                        ),
                    ));
                }
                if words.chars().any(|c| c.is_control() && c != '\n') {
                    return Err(refuse(
                        key.clone(),
                        format!("`{key}` holds control characters"),
                    ));
                }
                if !words.is_empty() {
                    note.insert(lang, words.to_string());
                }
            }
        }
        Some(other) => {
            return Err(refuse(
                format!("{at}note"),
                format!(
                    "`{at}note` must be a table of languages, such as {{ en = \"…\" }}, not {}",
                    kind_of(other)
                ),
            ));
        }
    }
    let case = match text(map, "case", at)? {
        Some(c) => {
            let c = c.trim();
            check_slug("case", c).map_err(|m| refuse(format!("{at}case"), m))?;
            Some(c.to_string())
        }
        None => None,
    };
    Ok(Adoption {
        organisation,
        stage,
        year: year as i32,
        note,
        case,
    })
}

/// An adoption as the write API takes it: `{"organisation": {"partner": …} | {"name", "country",
/// "website"?}, "stage", "year", "note"?: {lang: text}, "case"?}`.
pub fn from_json(value: &Value) -> Result<Adoption, Refusal> {
    let Value::Object(map) = value else {
        return Err(refuse("", "the body must be a JSON object"));
    };
    unknown_keys(map, &["organisation", "stage", "year", "note", "case"], "")?;
    let org = match map.get("organisation") {
        Some(Value::Object(org)) => {
            unknown_keys(
                org,
                &["partner", "name", "country", "website"],
                "organisation.",
            )?;
            organisation(org, "organisation.")?
        }
        Some(other) => {
            return Err(refuse(
                "organisation",
                format!(
                    "`organisation` must be an object: {{\"partner\": \"…\"}} or {{\"name\": \"…\", \"country\": \"NL\"}}, not {}",
                    kind_of(other)
                ),
            ));
        }
        None => {
            return Err(refuse(
                "organisation",
                "`organisation` is required: {\"partner\": \"…\"} or {\"name\": \"…\", \"country\": \"NL\"}",
            ));
        }
    };
    adoption(map, "", org)
}

/// The adoptions of `adoptions.toml`. The file is one unit: any refusal refuses it whole, naming the entry's
/// key and line.
pub fn parse_file(raw: &str) -> Result<Vec<Adoption>, Problem> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        adoptions: Vec<toml::Spanned<toml::Table>>,
    }
    let file: File = toml::from_str(raw).map_err(|e| {
        let line = e.span().map(|s| frontmatter::line_of_offset(raw, s.start));
        Problem::new(
            line,
            format!("malformed TOML: {}", e.message().replace("field", "table")),
        )
    })?;
    if file.adoptions.len() > MAX_ADOPTIONS {
        return Err(Problem::new(
            None,
            format!("more than {MAX_ADOPTIONS} adoptions in one file"),
        ));
    }
    let mut out: Vec<Adoption> = Vec::with_capacity(file.adoptions.len());
    for (i, entry) in file.adoptions.into_iter().enumerate() {
        let line = frontmatter::line_of_offset(raw, entry.span().start);
        let at = format!("adoptions[{}].", i + 1);
        let problem = |r: Refusal| Problem {
            line: Some(line),
            key: Some(r.key),
            message: r.message,
        };
        let map = match serde_json::to_value(entry.into_inner()) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(problem(refuse(
                    at.trim_end_matches('.'),
                    "not a table of keys",
                )));
            }
        };
        unknown_keys(
            &map,
            &[
                "partner", "name", "country", "website", "stage", "year", "note", "case",
            ],
            &at,
        )
        .map_err(problem)?;
        let a = organisation(&map, &at)
            .and_then(|org| adoption(&map, &at, org))
            .map_err(problem)?;
        if let Some(first) = out.iter().position(|b| b.id() == a.id()) {
            return Err(problem(refuse(
                at.trim_end_matches('.'),
                format!(
                    "the organisation `{}` is listed twice (entries {} and {}): one adoption per organisation",
                    a.id(),
                    first + 1,
                    i + 1
                ),
            )));
        }
        out.push(a);
    }
    Ok(out)
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `adoptions.toml` as the site writes it: one `[[adoptions]]` table per adoption, in the order given.
/// `parse_file` reads it back to the same list.
pub fn write_file(adoptions: &[Adoption]) -> String {
    let mut out =
        String::from("# Organisations that took up this case: docs/content-format.md#adoptions\n");
    for a in adoptions {
        out.push_str("\n[[adoptions]]\n");
        match &a.organisation {
            Organisation::Partner(p) => out.push_str(&format!("partner = {}\n", quoted(p))),
            Organisation::Named {
                name,
                country,
                website,
            } => {
                out.push_str(&format!("name = {}\n", quoted(name)));
                out.push_str(&format!("country = {}\n", quoted(country)));
                if let Some(w) = website {
                    out.push_str(&format!("website = {}\n", quoted(w)));
                }
            }
        }
        out.push_str(&format!("stage = {}\n", quoted(a.stage.code())));
        out.push_str(&format!("year = {}\n", a.year));
        if let Some(c) = &a.case {
            out.push_str(&format!("case = {}\n", quoted(c)));
        }
        for (lang, words) in &a.note {
            out.push_str(&format!("note.{lang} = {}\n", quoted(words)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Vec<Adoption> {
        vec![
            Adoption {
                organisation: Organisation::Partner("drenthe".into()),
                stage: AdoptionStage::Adapted,
                year: 2021,
                note: BTreeMap::from([
                    (
                        Lang::En,
                        "Took the \"dashboard\" idea\nfor villages.".into(),
                    ),
                    (Lang::Nl, "Voor dorpen.".into()),
                ]),
                case: Some("drenthe-regional-dashboard".into()),
            },
            Adoption {
                organisation: Organisation::Named {
                    name: "Gemeente Emmen".into(),
                    country: "NL".into(),
                    website: Some("https://gemeente.emmen.nl".into()),
                },
                stage: AdoptionStage::Piloting,
                year: 2024,
                note: BTreeMap::new(),
                case: None,
            },
        ]
    }

    #[test]
    fn a_written_file_reads_back_to_the_same_adoptions() {
        let file = write_file(&sample());
        assert_eq!(parse_file(&file).unwrap(), sample());
        assert_eq!(write_file(&parse_file(&file).unwrap()), file);
    }

    #[test]
    fn ids_are_partner_slugs_or_name_and_country() {
        let s = sample();
        assert_eq!(s[0].id(), "drenthe");
        assert_eq!(s[1].id(), "gemeente-emmen-nl");
        let odd = Adoption {
            organisation: Organisation::Named {
                name: "Ålborg Kommune · Økonomi".into(),
                country: "DK".into(),
                website: None,
            },
            ..s[1].clone()
        };
        assert_eq!(odd.id(), "alborg-kommune-okonomi-dk");
        let greek = |name: &str| Adoption {
            organisation: Organisation::Named {
                name: name.into(),
                country: "GR".into(),
                website: None,
            },
            ..s[1].clone()
        };
        let (athens, patras) = (greek("Δήμος Αθηναίων").id(), greek("Δήμος Πατρέων").id());
        assert_ne!(athens, patras, "names the slug cannot spell stay apart");
        assert!(
            athens.starts_with("organisation-") && athens.ends_with("-gr"),
            "{athens}"
        );
    }

    #[test]
    fn json_refusals_name_the_field() {
        let cases = [
            (json!({"stage": "adopted", "year": 2024}), "organisation"),
            (
                json!({"organisation": {"name": "X"}, "stage": "adopted", "year": 2024}),
                "organisation.country",
            ),
            (
                json!({"organisation": {"name": "X", "country": "nl"}, "stage": "adopted", "year": 2024}),
                "organisation.country",
            ),
            (
                json!({"organisation": {"partner": "groningen", "country": "NL"}, "stage": "adopted", "year": 2024}),
                "organisation.country",
            ),
            (
                json!({"organisation": {"partner": "Not A Slug"}, "stage": "adopted", "year": 2024}),
                "organisation.partner",
            ),
            (
                json!({"organisation": {"name": "X", "country": "NL", "website": "javascript:alert(1)"}, "stage": "adopted", "year": 2024}),
                "organisation.website",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "loved", "year": 2024}),
                "stage",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": 1066}),
                "year",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": "2024"}),
                "year",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted"}),
                "year",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": 2024, "note": {"xx": "hi"}}),
                "note.xx",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": 2024, "note": "hi"}),
                "note",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": 2024, "note": {"en": "x".repeat(601)}}),
                "note.en",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": 2024, "case": "../etc"}),
                "case",
            ),
            (
                json!({"organisation": {"partner": "groningen"}, "stage": "adopted", "year": 2024, "colour": "red"}),
                "colour",
            ),
        ];
        for (body, field) in cases {
            let r = from_json(&body).expect_err(&body.to_string());
            assert_eq!(r.key, field, "{body}: {}", r.message);
        }
    }

    #[test]
    fn file_refusals_name_the_entry_and_line() {
        let raw = "[[adoptions]]\npartner = \"drenthe\"\nstage = \"adopted\"\nyear = 2020\n\n[[adoptions]]\nname = \"Emmen\"\ncountry = \"NL\"\nstage = \"sometimes\"\nyear = 2020\n";
        let p = parse_file(raw).unwrap_err();
        assert_eq!(p.key.as_deref(), Some("adoptions[2].stage"));
        assert_eq!(p.line, Some(6));
        let twice = "[[adoptions]]\npartner = \"drenthe\"\nstage = \"adopted\"\nyear = 2020\n[[adoptions]]\npartner = \"drenthe\"\nstage = \"stopped\"\nyear = 2022\n";
        assert!(parse_file(twice).unwrap_err().message.contains("twice"));
        assert!(parse_file("adoptions = 3").is_err());
        assert_eq!(parse_file("").unwrap(), vec![]);
    }
}
