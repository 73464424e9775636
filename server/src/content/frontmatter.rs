//! Splits a Markdown file into its front matter (TOML between `+++` or YAML between `---`) and body, and
//! turns either syntax into one JSON value so the rest of validation is written once.

use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

/// A file split at its front matter fences.
#[derive(Debug)]
pub struct Split<'a> {
    pub syntax: Syntax,
    pub front: &'a str,
    /// The line (1-based) of the first front matter line, for error messages.
    pub front_line: usize,
    pub body: &'a str,
}

/// What is wrong with the front matter, and the line where it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
}

impl FrontMatterError {
    fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }
}

pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let (fence, syntax) = match first.trim_end() {
        "+++" => ("+++", Syntax::Toml),
        "---" => ("---", Syntax::Yaml),
        _ => {
            return Err(FrontMatterError::at(
                1,
                "the file must start with front matter: a `+++` line (TOML) or a `---` line (YAML)",
            ));
        }
    };
    let after_open = &text[first.len()..];
    let after_open = after_open
        .strip_prefix("\r\n")
        .or_else(|| after_open.strip_prefix('\n'))
        .unwrap_or(after_open);
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == fence {
            let front = &after_open[..offset];
            let body = after_open[offset + line.len()..].trim_start_matches(['\n', '\r']);
            return Ok(Split {
                syntax,
                front,
                front_line: 2,
                body,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::at(
        1,
        format!("front matter opened with `{fence}` on line 1 is never closed"),
    ))
}

/// The file with its top-level key `key` set to the string `value`: the key's line replaced where it is
/// set, else a line added at the end of the front matter. Every other byte stays as written, so a partner's
/// file keeps its layout when the site records something in it (a translation's `source_hash`).
pub fn set_string_key(text: &str, key: &str, value: &str) -> Result<String, FrontMatterError> {
    let split = split(text)?;
    let start = split.front.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + split.front.len();
    let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let newline = if split.front.contains("\r\n")
        || text[end..].starts_with("+++\r")
        || text[end..].starts_with("---\r")
    {
        "\r\n"
    } else {
        "\n"
    };
    let line = match split.syntax {
        Syntax::Toml => format!("{key} = {quoted}"),
        Syntax::Yaml => format!("{key}: {quoted}"),
    };
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    out.push_str(&text[..start]);
    // A TOML key after the first table header (`[image]`) belongs to that table: the top-level line goes
    // before it.
    let mut found = false;
    let mut in_table = false;
    let put_line = |out: &mut String| {
        out.push_str(&line);
        out.push_str(newline);
    };
    for l in split.front.split_inclusive('\n') {
        if split.syntax == Syntax::Toml && !in_table && l.trim_start().starts_with('[') {
            in_table = true;
            if !found {
                found = true;
                put_line(&mut out);
            }
        }
        let sets_key = !in_table
            && l.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches([' ', '\t']);
                rest.starts_with('=') || rest.starts_with(':')
            });
        if sets_key && !found {
            found = true;
            out.push_str(&line);
            out.push_str(if l.ends_with("\r\n") {
                "\r\n"
            } else if l.ends_with('\n') {
                "\n"
            } else {
                ""
            });
        } else if !sets_key {
            // (A second top-level line of the key would be refused by the parser: only one is kept.)
            out.push_str(l);
        }
    }
    if !found {
        if !split.front.is_empty() && !split.front.ends_with('\n') {
            out.push_str(newline);
        }
        put_line(&mut out);
    }
    out.push_str(&text[end..]);
    Ok(out)
}

/// Parses front matter into a JSON object; TOML dates become `YYYY-MM-DD` strings.
pub fn parse(split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    let value = match split.syntax {
        Syntax::Toml => {
            let table: toml::Table = toml::from_str(split.front).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| split.front_line + line_of_offset(split.front, s.start) - 1);
                FrontMatterError {
                    line,
                    message: format!("malformed TOML front matter: {}", e.message()),
                }
            })?;
            toml_to_json(toml::Value::Table(table))
        }
        Syntax::Yaml => {
            if split.front.trim().is_empty() {
                Value::Object(Map::new())
            } else {
                let yaml: serde_yaml::Value =
                    serde_yaml::from_str(split.front).map_err(|e| FrontMatterError {
                        line: e.location().map(|l| split.front_line + l.line() - 1),
                        message: format!("malformed YAML front matter: {e}"),
                    })?;
                serde_json::to_value(yaml).map_err(|e| FrontMatterError {
                    line: Some(split.front_line),
                    message: format!("malformed YAML front matter: {e}"),
                })?
            }
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(FrontMatterError::at(
            split.front_line,
            "front matter must be a set of `key = value` pairs",
        )),
    }
}

/// The 1-based line of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where a top-level key is set (`key = …`, `key: …`, a TOML table `[key]` or `[[key]]`), so an error
/// about it can point there. `table.key` is a key one level down (`contact.email`): the line that sets it, in an
/// inline table, a TOML table, a dotted key or an indented YAML mapping; else the line of `table`.
pub fn line_of_key(split: &Split<'_>, key: &str) -> Option<usize> {
    let lines: Vec<&str> = split.front.lines().collect();
    let found = match key.split_once('.') {
        None => lines
            .iter()
            .position(|line| sets(line, key) || heads(line, key)),
        Some((table, sub)) => line_of_subkey(&lines, table, sub),
    };
    found.map(|i| split.front_line + i)
}

/// Whether `line` sets `key`: `key = …` or `key: …`.
fn sets(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.starts_with('=') || rest.starts_with(':')
    })
}

/// Whether `line` opens the TOML table `key` (`[key]`, `[[key]]`).
fn heads(line: &str, key: &str) -> bool {
    let line = line.trim();
    line.strip_prefix("[[")
        .and_then(|l| l.strip_suffix("]]"))
        .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
        .is_some_and(|name| name.trim() == key)
}

/// Whether an inline table or flow mapping on `line` sets `key` (`{ name = "A", email = "a@b" }`).
fn sets_inline(line: &str, key: &str) -> bool {
    line.match_indices(key).any(|(at, _)| {
        let before = line[..at].trim_end();
        (before.ends_with('{') || before.ends_with(',')) && sets(&line[at..], key)
    })
}

/// The index of the line that sets `table.sub`, or of the line of `table`.
fn line_of_subkey(lines: &[&str], table: &str, sub: &str) -> Option<usize> {
    let own_line = |from: usize, within: &dyn Fn(&str) -> bool| {
        lines[from + 1..]
            .iter()
            .take_while(|l| within(l))
            .position(|l| sets(l.trim_start(), sub))
            .map(|i| from + 1 + i)
    };
    for (i, line) in lines.iter().enumerate() {
        // A TOML dotted key: `contact.email = "…"`.
        if line
            .strip_prefix(table)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| sets(rest, sub))
        {
            return Some(i);
        }
        if sets(line, table) {
            if sets_inline(line, sub) {
                return Some(i);
            }
            // A YAML mapping: the indented lines below.
            let indented = |l: &str| l.trim().is_empty() || l.starts_with([' ', '\t', '#']);
            return own_line(i, &indented).or(Some(i));
        }
        if heads(line, table) {
            // A TOML table: its lines up to the next table.
            let in_table = |l: &str| !l.trim_start().starts_with('[');
            return own_line(i, &in_table).or(Some(i));
        }
    }
    None
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_a_key_keeps_every_other_byte() {
        let toml = "+++\ntitle = \"A\"  # kept\ntranslated_from = \"nl\"\n+++\n\nBody\n";
        let set = set_string_key(toml, "source_hash", "0123456789ab").unwrap();
        assert_eq!(
            set,
            "+++\ntitle = \"A\"  # kept\ntranslated_from = \"nl\"\nsource_hash = \"0123456789ab\"\n+++\n\nBody\n"
        );
        let again = set_string_key(&set, "source_hash", "ba9876543210").unwrap();
        assert_eq!(again, set.replace("0123456789ab", "ba9876543210"));
        let yaml = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        assert_eq!(
            set_string_key(yaml, "source_hash", "000000000001").unwrap(),
            "---\r\ntitle: A\r\nsource_hash: \"000000000001\"\r\n---\r\nBody\r\n"
        );
        // Before a table, not in it.
        let table = "+++\ntitle = \"A\"\ntranslated_from = \"nl\"\n[image]\nsrc = \"a.png\"\nalt = \"x\"\n+++\n";
        assert_eq!(
            set_string_key(table, "source_hash", "0123456789ab").unwrap(),
            "+++\ntitle = \"A\"\ntranslated_from = \"nl\"\nsource_hash = \"0123456789ab\"\n[image]\nsrc = \"a.png\"\nalt = \"x\"\n+++\n"
        );
        // A key that only starts with the name is another key.
        let other = "+++\nsource_hashes = 1\n+++\n";
        assert!(
            set_string_key(other, "source_hash", "x")
                .unwrap()
                .contains("source_hashes = 1\nsource_hash = \"x\"\n")
        );
    }

    #[test]
    fn splits_toml_front_matter_from_the_body() {
        let s = split("+++\ntitle = \"A\"\n+++\n\n## Body\n").unwrap();
        assert_eq!(s.syntax, Syntax::Toml);
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "## Body\n");
        assert_eq!(parse(&s).unwrap()["title"], "A");
    }

    #[test]
    fn splits_yaml_front_matter_and_keeps_dates_as_text() {
        let s = split("---\ntitle: B\npublished: 2019-10-03\n---\nBody").unwrap();
        assert_eq!(s.syntax, Syntax::Yaml);
        let map = parse(&s).unwrap();
        assert_eq!(map["title"], "B");
        assert_eq!(map["published"], "2019-10-03");
    }

    #[test]
    fn toml_dates_become_plain_dates() {
        let s = split("+++\npublished = 2018-05-14\n+++\n").unwrap();
        assert_eq!(parse(&s).unwrap()["published"], "2018-05-14");
    }

    #[test]
    fn handles_windows_line_endings() {
        let s = split("+++\r\ntitle = \"A\"\r\n+++\r\nBody").unwrap();
        assert_eq!(parse(&s).unwrap()["title"], "A");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn errors_on_a_file_without_front_matter() {
        let e = split("# Just markdown\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("must start with front matter"));
    }

    #[test]
    fn errors_on_unterminated_front_matter() {
        let e = split("+++\ntitle = \"A\"\n\nBody without a closing fence\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn errors_on_malformed_toml_with_its_line() {
        let s = split("+++\ntitle = \"A\"\nsummary = = \"x\"\n+++\n").unwrap();
        let e = parse(&s).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("malformed TOML"));
    }

    #[test]
    fn errors_on_malformed_yaml_with_its_line() {
        let s = split("---\ntitle: A\nthemes: [a, b\n---\n").unwrap();
        let e = parse(&s).unwrap_err();
        assert!(e.message.contains("malformed YAML"), "{}", e.message);
        assert!(e.line.is_some());
    }

    #[test]
    fn finds_the_line_of_a_key() {
        let s = split("+++\ntitle = \"A\"\npublished = 2018-13-01\n+++\n").unwrap();
        assert_eq!(line_of_key(&s, "published"), Some(3));
        assert_eq!(line_of_key(&s, "missing"), None);
        let s = split("+++\ntitle = \"A\"\n\n[[links]]\ntitle = \"x\"\n+++\n").unwrap();
        assert_eq!(line_of_key(&s, "links"), Some(4));
    }

    #[test]
    fn finds_the_line_of_a_key_in_a_table() {
        let at = |text: &str| {
            let s = split(text).unwrap();
            line_of_key(&s, "contact.email")
        };
        // An inline table, a TOML table, dotted keys, a YAML mapping, a YAML flow mapping.
        assert_eq!(
            at("+++\ntitle = \"A\"\ncontact = { name = \"N\", email = \"a@b.c\" }\n+++\n"),
            Some(3)
        );
        assert_eq!(
            at(
                "+++\ntitle = \"A\"\n[contact]\nname = \"N\"\nemail = \"a@b.c\"\n[image]\nsrc = \"a.png\"\n+++\n"
            ),
            Some(5)
        );
        assert_eq!(
            at("+++\ncontact.name = \"N\"\ncontact.email = \"a@b.c\"\n+++\n"),
            Some(3)
        );
        assert_eq!(
            at(
                "---\ncontact:\n  name: N\n\n  # the team's address\n  email: a@b.c\nemail: x\n---\n"
            ),
            Some(6)
        );
        assert_eq!(at("---\ncontact: {name: N, email: a@b.c}\n---\n"), Some(2));
        // Without the key, the table's line; without the table, none.
        assert_eq!(at("---\ncontact:\n  name: N\nemail: x\n---\n"), Some(2));
        assert_eq!(at("---\nemail: a@b.c\n---\n"), None);
    }
}
